/* sitrep web page: filters, facets, downloads, the incident list, the map, the timeline
 * and an incident's detail, all read from the JSON API of the same server. The filters and
 * the page are in the address (a new history entry each time they change: Back returns to
 * the previous ones); the selected incident is its fragment.
 *
 * Article text (titles, summaries, quotes, document bodies) is only ever set with
 * textContent or text nodes; highlighted spans are <mark> elements built by offset.
 */
(function () {
  "use strict";

  var charts = window.SitrepCharts;
  var PAGE = 50;
  var FIELDS = ["q", "start", "end", "event_type", "country", "place", "actor", "order",
                "admin1", "perpetrator"];
  var LABELS = {q: "search", start: "from", end: "to", event_type: "type", country: "country",
                place: "place", actor: "actor", order: "order", admin1: "region",
                perpetrator: "perpetrator"};
  var DEFAULT_ORDER = "-date";          // the list's; the map and the timeline ignore it
  var state = {filters: {}, offset: 0, total: 0, selected: null};
  var $ = function (id) { return document.getElementById(id); };

  /* ------------------------------------------------------------------ helpers */

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else node.setAttribute(key, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function link(text, url) {
    if (!url || !/^https?:\/\//i.test(url)) return h("span", {}, [text]);
    return h("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, [text]);
  }

  function swatch(colour) {
    var s = h("i", {"class": "dot"});
    s.style.background = colour;
    return s;
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value === null || value === undefined || value === "") return;
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          throw new Error(typeof body.detail === "string" ? body.detail : "HTTP " + r.status);
        });
      }
      return r.json();
    });
  }

  function showError(where, error) {
    charts.clear(where);
    where.appendChild(h("p", {"class": "error"}, ["Could not load: " + error.message]));
  }

  /* ------------------------------------------------------------------ filters */

  var form = $("filters");

  function readForm() {
    var f = {};
    FIELDS.forEach(function (name) {
      var value = (form.elements[name].value || "").trim();
      if (value && !(name === "order" && value === DEFAULT_ORDER)) f[name] = value;
    });
    return f;
  }

  function writeForm(f) {
    FIELDS.forEach(function (name) {
      form.elements[name].value = f[name] || (name === "order" ? DEFAULT_ORDER : "");
    });
  }

  function fromLocation() {
    var params = new URLSearchParams(window.location.search);
    var f = {};
    FIELDS.forEach(function (name) {
      if (params.get(name)) f[name] = params.get(name);
    });
    var hash = window.location.hash.match(/^#incident=(.+)$/);
    return {filters: f, offset: Math.max(0, parseInt(params.get("offset") || "0", 10) || 0),
            selected: hash ? decodeURIComponent(hash[1]) : null};
  }

  /* push: a new history entry (the filters or the page changed); else the current entry
     is updated (an incident was selected). */
  function toLocation(push) {
    var params = Object.assign({}, state.filters);
    if (state.offset) params.offset = state.offset;
    var hash = state.selected ? "#incident=" + encodeURIComponent(state.selected) : "";
    var url = window.location.pathname + query(params) + hash;
    if (push && url !== window.location.pathname + window.location.search + window.location.hash) {
      history.pushState(null, "", url);
    } else {
      history.replaceState(null, "", url);
    }
  }

  function setFilters(filters) {
    state.filters = filters;
    state.offset = 0;
    writeForm(filters);
    toLocation(true);
    reload();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    setFilters(Object.assign(readForm(), pick(state.filters, ["admin1", "perpetrator"])));
  });
  $("clear").addEventListener("click", function () { setFilters({}); });
  $("prev").addEventListener("click", function () { goToPage(Math.max(0, state.offset - PAGE)); });
  $("next").addEventListener("click", function () {
    if (state.offset + PAGE < state.total) goToPage(state.offset + PAGE);
  });

  function goToPage(offset) {
    state.offset = offset;
    toLocation(true);
    loadList();
  }

  function pick(object, keys) {
    var out = {};
    keys.forEach(function (k) { if (object[k]) out[k] = object[k]; });
    return out;
  }

  window.addEventListener("popstate", function () {
    var back = fromLocation();
    state.filters = back.filters;
    state.offset = back.offset;
    writeForm(state.filters);
    reload().then(function () { if (back.selected) select(back.selected, {scroll: false}); });
  });

  /* ------------------------------------------------------------------ chips, downloads */

  function showActive() {
    var box = $("active-filters");
    charts.clear(box);
    Object.keys(state.filters).forEach(function (name) {
      if (name === "order") return;
      var chip = h("button", {type: "button", title: "Remove this filter",
                              "data-filter": name},
                   [LABELS[name] + ": " + state.filters[name] + " ×"]);
      chip.addEventListener("click", function () {
        var rest = Object.assign({}, state.filters);
        delete rest[name];
        if (name === "country") delete rest.admin1;
        setFilters(rest);
      });
      box.appendChild(chip);
    });
    var filters = Object.assign({}, state.filters);
    delete filters.order;
    ["csv", "geojson", "json"].forEach(function (format) {
      $("download-" + format).setAttribute("href", "/api/export." + format + query(filters));
    });
  }

  /* ------------------------------------------------------------------ facets */

  var FACETS = [["event_type", "Type"], ["country", "Country"], ["admin1", "Region"],
                ["month", "Month"], ["perpetrator", "Perpetrator"]];

  function loadFacets() {
    var filters = Object.assign({}, state.filters);
    delete filters.order;
    var box = $("facets");
    return getJSON("/api/facets" + query(filters)).then(function (data) {
      charts.clear(box);
      FACETS.forEach(function (pair) {
        var values = data[pair[0]];
        if (!values.length) return;
        box.appendChild(h("div", {"class": "facet", "data-facet": pair[0]}, [
          h("h3", {}, [pair[1]]),
          h("ul", {}, values.map(function (v) {
            var next = Object.assign({}, state.filters, v.filters);
            var a = h("a", {href: query(next) || "?", title: v.label, "data-value": v.value},
                      [v.label]);
            a.addEventListener("click", function (e) { e.preventDefault(); setFilters(next); });
            return h("li", {}, [a, h("span", {"class": "count"}, [String(v.count)])]);
          }))
        ]));
      });
    }).catch(function (e) { showError(box, e); });
  }

  /* ------------------------------------------------------------------ list */

  var list = $("incident-list");

  function listItem(item) {
    var where = item.place ? item.place.label : "place unknown";
    var when = item.date ? item.date.label : "date unknown";
    var figures = [];
    if (item.killed.reported) figures.push(item.killed.text + " killed");
    if (item.wounded.reported) figures.push(item.wounded.text + " wounded");
    if (item.munitions.reported) figures.push(item.munitions.text + " munitions");
    if (item.conflict_fields.length) figures.push("disputed: " + item.conflict_fields.join(", "));
    var li = h("li", {"class": "incident" + (item.id === state.selected ? " selected" : ""),
                      "data-id": item.id, tabindex: 0}, [
      swatch(item.colour),
      h("span", {"class": "line1"}, [item.sub_event_type || item.event_type]),
      h("span", {"class": "line2"}, [when + " · " + where]),
      h("span", {"class": "line3"}, [item.summary || ""]),
      figures.length ? h("span", {"class": "line2"}, [figures.join(" · ")]) : null
    ]);
    li.addEventListener("click", function () { select(item.id); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter") select(item.id); });
    return li;
  }

  function loadList() {
    var params = Object.assign({limit: PAGE, offset: state.offset, order: DEFAULT_ORDER},
                               state.filters);
    return getJSON("/api/incidents" + query(params)).then(function (page) {
      state.total = page.total;
      charts.clear(list);
      page.items.forEach(function (item) { list.appendChild(listItem(item)); });
      var first = page.total ? page.offset + 1 : 0;
      var last = page.offset + page.items.length;
      $("result-count").textContent = page.total + " incident" + (page.total === 1 ? "" : "s") +
        (Object.keys(state.filters).length ? " match the filters" : "");
      $("page-info").textContent = page.total ? first + "–" + last + " of " + page.total : "";
      $("prev").disabled = page.offset === 0;
      $("next").disabled = last >= page.total;
      if (!page.total) list.appendChild(h("li", {"class": "empty"}, ["No incident matches."]));
      else if (!page.items.length) {
        // a page past the end (an old link, a store that shrank): say so, offer the last page
        $("page-info").textContent = "past the last of " + page.total;
        var back = h("button", {type: "button"}, ["Go to the last page"]);
        back.addEventListener("click", function () {
          goToPage(Math.floor((state.total - 1) / PAGE) * PAGE);
        });
        list.appendChild(h("li", {"class": "empty"}, [
          "This page is past the end: the filters match " + page.total + " incident" +
          (page.total === 1 ? "" : "s") + ". ", back]));
      }
    }).catch(function (e) { showError(list, e); });
  }

  /* ------------------------------------------------------------------ overview */

  var map = charts.createMap($("map"), {onPick: select});
  var lastOverview = null;

  function drawTimeline() {
    if (!lastOverview) return;
    charts.drawTimeline($("timeline"), $("legend"), lastOverview.timeline, {
      onPick: function (ids, day, type, bucket) {
        var end = new Date(charts.parseDay(day) + (bucket === "week" ? 6 : 0) * 86400000);
        setFilters(Object.assign({}, state.filters, {start: day, end: charts.isoDay(end.getTime())}));
        if (ids.length === 1) select(ids[0]);
      }
    });
  }

  function loadOverview() {
    var filters = Object.assign({}, state.filters);
    delete filters.order;
    return getJSON("/api/overview" + query(filters)).then(function (data) {
      lastOverview = data;
      map.setMarkers(data.markers);
      map.select(state.selected);
      drawTimeline();
      $("timeline-title").textContent = "Incidents per " + data.timeline.bucket + ", by type";
      var unlocated = data.shown - data.located;
      var note = data.located + " located incident" + (data.located === 1 ? "" : "s") + " on the map";
      if (unlocated) note += "; " + unlocated + " without coordinates";
      if (data.shown < data.total) note += " (the " + data.shown + " most recent of " + data.total + " drawn)";
      $("map-note").textContent = note + ".";
    }).catch(function (e) { $("map-note").textContent = "Could not load the map: " + e.message; });
  }

  function reload() {
    showActive();
    return Promise.all([loadList(), loadOverview(), loadFacets()]);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { drawTimeline(); map.redraw(); }, 150);
  });

  /* ------------------------------------------------------------------ detail */

  var detail = $("detail");

  /* A figure; when claims give it, a link to them (the claims list of the card). */
  function figure(label, f, field, claims) {
    var own = claims.filter(function (c) { return c.field === field; });
    var value = f.reported
      ? h("dd", {}, [h("span", {"class": "value"}, [f.text]),
                     f.note === "at least" || f.note === "range"
                       ? h("span", {"class": "note"}, [" " + f.note]) : null])
      : h("dd", {}, [h("span", {"class": "value nr", title: "No report gives a figure"},
                       ["not reported"])]);
    var body = [h("dt", {}, [label]), value];
    if (own.length) {
      var a = h("a", {"class": "figure-link", href: "#claims-" + field, "data-field": field,
                      title: own.length + " claim" + (own.length === 1 ? "" : "s") + " behind it"},
                body);
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var target = $("claims-" + field);
        target.classList.add("flash");
        target.scrollIntoView({behavior: "smooth", block: "center"});
        setTimeout(function () { target.classList.remove("flash"); }, 1600);
      });
      body = [a];
    }
    return h("div", {"class": "figure" + (f.reported ? "" : " not-reported")}, body);
  }

  /* Every claim behind a figure, by field; each opens its source's text at its sentence. */
  function claimsSection(d, openers) {
    var fields = [];
    d.claims.forEach(function (c) { if (fields.indexOf(c.field) < 0) fields.push(c.field); });
    if (!fields.length) return null;
    return h("section", {"class": "claims-list"}, [h("h4", {}, ["Claims behind the figures"])]
      .concat(fields.map(function (field) {
        var own = d.claims.filter(function (c) { return c.field === field; });
        return h("div", {id: "claims-" + field, "data-field": field}, [
          h("h5", {}, [own[0].label]),
          h("ul", {}, own.map(function (c) {
            var a = h("a", {href: "#claim-" + c.claim_id, "class": "claim-link",
                            "data-claim": c.claim_id}, [c.value_text]);
            a.addEventListener("click", function (e) {
              e.preventDefault();
              var open = openers[c.document_id];
              if (open) open(c.claim_id);
            });
            return h("li", {"data-claim": c.claim_id}, [a, " ", h("q", {}, [c.quote]),
              c.said_by ? h("span", {"class": "said-by"}, [" — " + c.said_by]) : null,
              h("span", {"class": "muted"}, [" (" + (c.outlet || c.title) + ")"])]);
          }))
        ]);
      })));
  }

  function names(label, values) {
    if (!values || !values.length) return null;
    return h("div", {}, [h("dt", {}, [label]), h("dd", {}, [values.join(", ")])]);
  }

  function conflictsSection(conflicts) {
    if (!conflicts.length) return null;
    return h("section", {"class": "conflicts"}, [h("h4", {}, ["Conflicting figures"])].concat(
      conflicts.map(function (c) {
        return h("div", {"class": "conflict", "data-field": c.field}, [
          h("h5", {}, [c.label]),
          h("div", {"class": "sides"}, c.claims.map(function (e) {
            return h("figure", {"class": "side", "data-claim": e.claim_id}, [
              h("div", {"class": "claim-value"}, [e.value_text]),
              h("blockquote", {}, [e.quote]),
              h("figcaption", {}, [
                e.said_by ? h("span", {"class": "said-by"}, [e.said_by])
                          : h("span", {"class": "said-by unknown"}, ["speaker not named"]),
                h("span", {"class": "via"}, ["in ", link(e.title, e.url),
                  e.outlet ? " (" + e.outlet + (e.published ? ", " + e.published : "") + ")" : ""])
              ])
            ]);
          }))
        ]);
      })));
  }

  /* The document's text with <mark> around claim spans: cut at every span boundary, each
     piece a text node (inside a <mark> when a claim covers it). Same rule as
     viewmodel.segments on the server. */
  function highlighted(content, spans) {
    var box = h("div", {"class": "doc-text"});
    var cuts = {0: true};
    cuts[content.length] = true;
    spans.forEach(function (s) {
      cuts[Math.min(Math.max(s.start, 0), content.length)] = true;
      cuts[Math.min(Math.max(s.end, 0), content.length)] = true;
    });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      if (a === b) continue;
      var covering = spans.filter(function (s) { return s.end > s.start && s.start <= a && s.end >= b; });
      var text = document.createTextNode(content.slice(a, b));
      if (!covering.length) { box.appendChild(text); continue; }
      var fields = covering.map(function (s) { return s.field; })
        .filter(function (f, j, all) { return all.indexOf(f) === j; });
      var mark = h("mark", {"data-claims": covering.map(function (s) { return s.claim_id; }).join(" "),
                            "data-fields": fields.join(" "), title: fields.join(", ")});
      // the first piece of a claim's sentence is where a link to the claim lands
      covering.forEach(function (s) {
        if (s.start === a && !box.querySelector("[id='claim-" + s.claim_id + "']")) {
          mark.setAttribute("id", "claim-" + s.claim_id);
        }
      });
      mark.appendChild(text);
      box.appendChild(mark);
    }
    return box;
  }

  function sourceItem(incidentId, s, open, openers) {
    var body = h("div", {}, []);
    var details = h("details", {}, [h("summary", {}, ["Text with the claims marked"]), body]);
    var loading = null;
    function load() {
      if (loading) return loading;
      body.appendChild(h("p", {"class": "muted"}, ["Loading…"]));
      loading = getJSON(s.api_url + query({incident: incidentId})).then(function (doc) {
        charts.clear(body);
        body.appendChild(highlighted(doc.content, doc.spans));
      }).catch(function (e) { showError(body, e); loading = null; });
      return loading;
    }
    /* open the text and bring one claim's sentence into view */
    openers[s.document_id] = function (claimId) {
      details.open = true;
      load().then(function () {
        var mark = body.querySelector("[id='claim-" + claimId + "']");
        if (!mark) return;
        Array.prototype.forEach.call(body.querySelectorAll("mark.flash"), function (m) {
          m.classList.remove("flash");
        });
        mark.classList.add("flash");
        mark.scrollIntoView({behavior: "smooth", block: "center"});
      });
    };
    details.addEventListener("toggle", function () { if (details.open) load(); });
    if (open) { details.open = true; load(); }
    var spans = s.spans.length;
    return h("li", {"class": "source", "data-document": s.document_id}, [
      link(s.title, s.url),
      h("span", {"class": "meta"}, [[s.outlet, s.published].filter(Boolean).join(" · ") +
        " · " + spans + " claim" + (spans === 1 ? "" : "s")]),
      details
    ]);
  }

  function renderDetail(d) {
    charts.clear(detail);
    var openers = {};                 // document id -> open its text at a claim
    var reporting = d.source_count + " source" + (d.source_count === 1 ? "" : "s");
    if (d.independent_sources && d.independent_sources !== d.source_count) {
      reporting += " (" + d.independent_sources + " independent)";
    }
    if (d.first_reported) reporting += " · first reported " + d.first_reported;
    if (d.last_reported && d.last_reported !== d.first_reported) reporting += " · last reported " + d.last_reported;
    var card = h("article", {"class": "card", id: "detail-card", "data-id": d.id}, [
      h("header", {}, [h("h3", {}, [swatch(d.colour), " " + (d.sub_event_type || d.event_type)]),
                       h("span", {"class": "type"}, [d.event_type])]),
      d.requested_id !== d.id
        ? h("p", {"class": "muted"}, ["(" + d.requested_id + " was merged into this incident)"]) : null,
      h("p", {"class": "when-where"}, [
        d.date ? h("span", {"class": "date"}, [d.date.label + " ", h("span", {"class": "precision"}, ["(" + d.date.precision + ")"])])
               : h("span", {"class": "date"}, ["date unknown"]),
        " · ",
        d.place ? h("span", {"class": "place"}, [d.place.label + " ", h("span", {"class": "precision"}, ["(" + d.place.precision + (d.place.lat === null ? ", not located" : "") + ")"])])
                : h("span", {"class": "place"}, ["place unknown"])
      ]),
      d.summary ? h("p", {"class": "summary"}, [d.summary]) : null,
      h("dl", {"class": "figures"}, [figure("Killed", d.killed, "killed", d.claims),
                                     figure("Wounded", d.wounded, "wounded", d.claims),
                                     figure("Munitions", d.munitions, "munitions", d.claims)]),
      h("dl", {"class": "actors"}, [
        d.weapon ? h("div", {}, [h("dt", {}, ["Weapon"]), h("dd", {}, [d.weapon])]) : null,
        names("Perpetrators", d.perpetrators), names("Claimed by", d.claimants),
        names("Targets", d.targets)
      ]),
      h("p", {"class": "reporting"}, [reporting,
        d.conflict_fields.length ? " · " : null,
        d.conflict_fields.length ? h("span", {"class": "disputed"}, ["disputed: " + d.conflict_fields.join(", ")]) : null]),
      conflictsSection(d.conflicts),
      claimsSection(d, openers),
      h("section", {"class": "sources"}, [
        h("h4", {}, ["Sources"]),
        h("ol", {}, d.sources.map(function (s, i) { return sourceItem(d.id, s, i === 0, openers); }))
      ]),
      h("p", {"class": "detail-links"}, [
        h("a", {href: d.page_url}, ["Page for this incident"]), " · ",
        h("a", {href: d.api_url}, ["JSON"])
      ])
    ]);
    detail.appendChild(card);
  }

  function select(id, options) {
    state.selected = id;
    toLocation(false);
    map.select(id);
    Array.prototype.forEach.call(list.children, function (li) {
      li.classList.toggle("selected", li.getAttribute("data-id") === id);
    });
    return getJSON("/api/incidents/" + encodeURIComponent(id)).then(function (d) {
      renderDetail(d);
      if (!options || options.scroll !== false) {
        $("detail-panel").scrollIntoView({behavior: "smooth", block: "start"});
      }
    }).catch(function (e) { showError(detail, e); });
  }

  /* ------------------------------------------------------------------ start */

  var initial = fromLocation();
  state.filters = initial.filters;
  state.offset = initial.offset;
  writeForm(state.filters);
  reload().then(function () { if (initial.selected) select(initial.selected); });
})();
