/* sitrep report: draws the map and the timeline of the self-contained report and filters
 * its cards. Reads the view model from <script id="sitrep-data" type="application/json">.
 * No network, no innerHTML: card text is already escaped HTML rendered by the server. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sitrep-data").textContent);
  var charts = window.SitrepCharts;
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards .card"));

  function showCard(id) {
    var card = document.getElementById("incident-" + id);
    if (!card) return;
    if (card.hidden) { setFilter(""); }
    cards.forEach(function (c) { c.classList.remove("flash"); });
    card.classList.add("flash");
    card.scrollIntoView({behavior: "smooth", block: "center"});
    map.select(id);
  }

  var map = charts.createMap(document.getElementById("map"), {onPick: showCard});
  map.setMarkers(data.overview.markers);
  var note = document.getElementById("map-note");
  var unlocated = data.overview.shown - data.overview.located;
  note.textContent = data.overview.located + " located incident" +
    (data.overview.located === 1 ? "" : "s") + " shown" +
    (unlocated ? "; " + unlocated + " without coordinates" : "") + ". Click a marker for its card.";

  function drawTimeline() {
    charts.drawTimeline(document.getElementById("timeline"), document.getElementById("legend"),
      data.overview.timeline, {onPick: function (ids) { filterIds(ids); }});
  }
  drawTimeline();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { drawTimeline(); map.redraw(); }, 150);
  });

  /* filtering the cards: by words typed, or by the ids of a clicked timeline bar */
  var input = document.getElementById("filter");
  var counter = document.getElementById("filter-count");
  var texts = cards.map(function (c) { return c.textContent.toLowerCase(); });

  function apply(test) {
    var shown = 0;
    cards.forEach(function (c, i) {
      var ok = test(c, i);
      c.hidden = !ok;
      if (ok) shown++;
    });
    counter.textContent = shown === cards.length ? "" : shown + " of " + cards.length + " shown";
  }

  function setFilter(text) {
    input.value = text;
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    apply(function (c, i) {
      return words.every(function (w) { return texts[i].indexOf(w) >= 0; });
    });
  }

  function filterIds(ids) {
    var wanted = {};
    ids.forEach(function (id) { wanted[id] = true; });
    input.value = "";
    apply(function (c) { return wanted[c.getAttribute("data-id")] === true; });
    counter.textContent += " (from the timeline; clear the filter box to see all)";
    document.getElementById("cards").scrollIntoView({behavior: "smooth", block: "start"});
  }

  input.addEventListener("input", function () { setFilter(input.value); });
})();
