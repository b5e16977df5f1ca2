/* sitrep charts: the incident timeline and the map markers, hand-written, no library.
 *
 * Shared by the self-contained HTML report (inlined) and the web page (/static/charts.js).
 * Data comes from the view model (sitrep.present.viewmodel.overview): every string from the
 * articles is set with textContent, never parsed as HTML.
 *
 *   SitrepCharts.drawTimeline(svg, legend, overview.timeline, {onPick: fn(ids, day, type)})
 *   var map = SitrepCharts.createMap(svg, {onPick: fn(id)}); map.setMarkers(overview.markers)
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var DAY_MS = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var WORLD = [-180, 84, 180, -60];       // west, north, east, south shown by "World"

  function svgEl(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function title(node, text) {
    var t = document.createElementNS(SVGNS, "title");
    t.textContent = text;
    node.appendChild(t);
  }

  function parseDay(iso) {             // "2020-12-20" -> UTC milliseconds
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function dayLabel(ms, withYear) {
    var d = new Date(ms);
    var text = d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    return withYear ? text + " " + d.getUTCFullYear() : text;
  }

  /* ------------------------------------------------------------------ timeline */

  function drawTimeline(svg, legend, timeline, options) {
    options = options || {};
    clear(svg);
    if (legend) clear(legend);
    var width = Math.max(svg.clientWidth || svg.getBoundingClientRect().width || 600, 240);
    var height = Math.max(svg.clientHeight || 200, 120);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!timeline || !timeline.start) {
      var empty = svgEl("text", {x: width / 2, y: height / 2, "text-anchor": "middle"}, svg);
      empty.textContent = "No dated incidents";
      return;
    }
    var step = (timeline.bucket === "week" ? 7 : 1) * DAY_MS;
    var first = parseDay(timeline.start), last = parseDay(timeline.end);
    var count = Math.round((last - first) / step) + 1;
    if (count < 9) {                     // a few days: pad so bars keep a sensible width
      var pad = Math.floor((9 - count) / 2);
      first -= pad * step;
      count = 9;
    }
    var margin = {left: 34, right: 8, top: 8, bottom: 24};
    var plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom;
    var slot = plotW / count, barW = Math.max(slot * 0.8, 2.5);   // sparse years stay visible

    var totals = {}, maxTotal = 1;
    timeline.bars.forEach(function (bar) {
      totals[bar.day] = (totals[bar.day] || 0) + bar.ids.length;
      maxTotal = Math.max(maxTotal, totals[bar.day]);
    });
    var y = function (n) { return margin.top + plotH - (n / maxTotal) * plotH; };

    var grid = svgEl("g", {"class": "grid"}, svg);
    var axis = svgEl("g", {"class": "axis"}, svg);
    var ticks = maxTotal <= 4 ? maxTotal : 4;
    for (var i = 0; i <= ticks; i++) {
      var value = Math.round((maxTotal * i) / ticks);
      var ty = y(value);
      svgEl("line", {x1: margin.left, x2: width - margin.right, y1: ty, y2: ty}, grid);
      var label = svgEl("text", {x: margin.left - 6, y: ty + 4, "text-anchor": "end"}, axis);
      label.textContent = String(value);
    }
    svgEl("line", {x1: margin.left, x2: width - margin.right, y1: margin.top + plotH,
                   y2: margin.top + plotH}, axis);
    var every = Math.max(1, Math.ceil(count / Math.max(2, Math.floor(plotW / 70))));
    var lastYear = null;
    for (var k = 0; k < count; k += every) {
      var ms = first + k * step, year = new Date(ms).getUTCFullYear();
      var tick = svgEl("text", {x: margin.left + k * slot + slot / 2, y: height - 6,
                                "text-anchor": "middle"}, axis);
      tick.textContent = dayLabel(ms, year !== lastYear);
      lastYear = year;
    }

    var bars = svgEl("g", {"class": "bars"}, svg);
    var stacked = {};
    timeline.bars.forEach(function (bar) {
      var index = Math.round((parseDay(bar.day) - first) / step);
      var below = stacked[bar.day] || 0;
      var n = bar.ids.length;
      var colour = colourOf(timeline, bar.type);
      var rect = svgEl("rect", {
        "class": "bar", x: margin.left + index * slot + (slot - barW) / 2, y: y(below + n),
        width: barW, height: Math.max(y(below) - y(below + n), 1), fill: colour,
        "data-day": bar.day, "data-type": bar.type, "data-ids": bar.ids.join(" "),
        "data-count": n
      }, bars);
      var when = timeline.bucket === "week" ? "week of " + bar.day : bar.day;
      title(rect, when + " · " + bar.type + ": " + n + " incident" + (n === 1 ? "" : "s"));
      rect.addEventListener("click", function () {
        if (options.onPick) options.onPick(bar.ids, bar.day, bar.type, timeline.bucket);
      });
      stacked[bar.day] = below + n;
    });

    if (legend) {
      timeline.types.forEach(function (t) {
        var item = document.createElement("span");
        var sw = document.createElement("i");
        sw.style.background = t.colour;
        item.appendChild(sw);
        item.appendChild(document.createTextNode(t.name));
        legend.appendChild(item);
      });
      if (timeline.undated && timeline.undated.length) {
        var note = document.createElement("span");
        note.textContent = timeline.undated.length + " undated (not drawn)";
        legend.appendChild(note);
      }
      if (timeline.outside && timeline.outside.length) {
        var far = document.createElement("span");
        far.textContent = timeline.outside.length + " dated far outside this span (not drawn)";
        far.title = "Dates far from all the others, often misread; their cards keep them.";
        legend.appendChild(far);
      }
    }
  }

  function colourOf(timeline, type) {
    for (var i = 0; i < timeline.types.length; i++) {
      if (timeline.types[i].name === type) return timeline.types[i].colour;
    }
    return "#7f7f7f";
  }

  /* ------------------------------------------------------------------ map */

  function project(lon, lat) {         // equirectangular, as viewmodel.project
    return [lon + 180, 90 - lat];
  }

  function createMap(svg, options) {
    options = options || {};
    var layer = svg.querySelector("g.markers") || svgEl("g", {"class": "markers"}, svg);
    var markers = [], box = null, selected = null;

    function aspect() {
      var w = svg.clientWidth || 600, h = svg.clientHeight || 300;
      return w / h;
    }

    function setBox(x, y, w, h) {
      // keep the element's aspect ratio, so zoom steps and marker sizes stay predictable
      var a = aspect();
      if (w / h > a) { var nh = w / a; y -= (nh - h) / 2; h = nh; }
      else { var nw = h * a; x -= (nw - w) / 2; w = nw; }
      box = [x, y, w, h];
      svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(3); }).join(" "));
      drawMarkers();
    }

    function world() {
      var a = project(WORLD[0], WORLD[1]), b = project(WORLD[2], WORLD[3]);
      setBox(a[0], a[1], b[0] - a[0], b[1] - a[1]);
    }

    function extent(values) {
      // all of them, or with many markers the 2nd to 98th percentile: a few misplaced
      // points should not zoom the map out to the whole world
      var sorted = values.slice().sort(function (a, b) { return a - b; });
      var cut = sorted.length >= 20 ? Math.floor(sorted.length * 0.02) : 0;
      return [sorted[cut], sorted[sorted.length - 1 - cut]];
    }

    function fit() {
      if (!markers.length) { world(); return; }
      var ex = extent(markers.map(function (m) { return project(m.lon, m.lat)[0]; }));
      var ey = extent(markers.map(function (m) { return project(m.lon, m.lat)[1]; }));
      var x0 = ex[0], x1 = ex[1], y0 = ey[0], y1 = ey[1];
      var w = Math.max(x1 - x0, 8), h = Math.max(y1 - y0, 5);   // at least a region's size
      var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      w *= 1.35; h *= 1.35;                                      // room around the markers
      setBox(cx - w / 2, cy - h / 2, w, h);
    }

    function zoom(factor) {
      if (!box) world();
      var cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
      var w = Math.min(Math.max(box[2] * factor, 2), 400), h = w * box[3] / box[2];
      setBox(cx - w / 2, cy - h / 2, w, h);
    }

    function drawMarkers() {
      clear(layer);
      if (!box) return;
      // about 5 px on a 550 px wide map, smaller when thousands of markers share it
      var r = (box[2] / 110) * Math.max(0.45, Math.min(1, Math.sqrt(40 / markers.length)));
      var seen = {};
      markers.forEach(function (m) {
        var p = project(m.lon, m.lat);
        var key = m.lat.toFixed(3) + "," + m.lon.toFixed(3);
        var k = seen[key] = (seen[key] || 0) + 1;
        if (k > 1 && k <= 12) {                  // same spot: spread a few so each is clickable
          var angle = k * 2.4, dist = r * 1.7 * Math.sqrt(k - 1);
          p = [p[0] + dist * Math.cos(angle), p[1] + dist * Math.sin(angle)];
        }
        var c = svgEl("circle", {"class": "marker" + (m.id === selected ? " selected" : ""),
                                 cx: p[0].toFixed(4), cy: p[1].toFixed(4), r: r.toFixed(4),
                                 fill: m.colour, "data-id": m.id, tabindex: 0}, layer);
        title(c, m.label);
        var pick = function () { if (options.onPick) options.onPick(m.id); };
        c.addEventListener("click", pick);
        c.addEventListener("keydown", function (e) { if (e.key === "Enter") pick(); });
      });
    }

    /* Dragging the map (mouse, pen or finger) pans it; arrow keys on the focused map too.
       A drag that moves more than a few pixels is no click on the marker it ends on. */
    var drag = null;
    function pan(dx, dy) {                 // in screen pixels
      if (!box) world();
      var scale = box[2] / (svg.clientWidth || 600);
      box[0] -= dx * scale;
      box[1] -= dy * scale;
      svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(3); }).join(" "));
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      drag = {x: e.clientX, y: e.clientY, moved: false, id: e.pointerId};
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag || e.pointerId !== drag.id) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) { svg.setPointerCapture(e.pointerId); svg.classList.add("panning"); }
      drag.moved = true;
      pan(dx, dy);
      drag.x = e.clientX;
      drag.y = e.clientY;
    });
    function endDrag(e) {
      if (!drag || e.pointerId !== drag.id) return;
      if (drag.moved) {
        svg.classList.remove("panning");
        dragEnded = Date.now();
      }
      drag = null;
    }
    var dragEnded = 0;
    svg.addEventListener("click", function (c) {          // the click that ends a drag
      if (Date.now() - dragEnded < 300) c.stopPropagation();
    }, true);
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    if (!svg.hasAttribute("tabindex")) svg.setAttribute("tabindex", "0");
    svg.addEventListener("keydown", function (e) {
      var step = 40, moves = {ArrowLeft: [step, 0], ArrowRight: [-step, 0],
                              ArrowUp: [0, step], ArrowDown: [0, -step]};
      if (!moves[e.key] || e.target !== svg) return;
      e.preventDefault();
      pan(moves[e.key][0], moves[e.key][1]);
    });

    function tools(container) {
      if (!container) return;
      Array.prototype.forEach.call(container.querySelectorAll("button[data-zoom]"), function (b) {
        b.addEventListener("click", function () {
          var what = b.getAttribute("data-zoom");
          if (what === "in") zoom(1 / 1.6);
          else if (what === "out") zoom(1.6);
          else if (what === "fit") fit();
          else world();
        });
      });
    }

    tools(svg.parentNode && svg.parentNode.querySelector(".map-tools"));
    return {
      setMarkers: function (list) { markers = list || []; fit(); },
      select: function (id) { selected = id; drawMarkers(); },
      fit: fit, world: world, pan: pan, view: function () { return box && box.slice(); },
      redraw: function () { if (box) setBox.apply(null, box); }
    };
  }

  window.SitrepCharts = {drawTimeline: drawTimeline, createMap: createMap, isoDay: isoDay,
                         parseDay: parseDay, clear: clear};
})();
