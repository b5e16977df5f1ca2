"""The view model and the self-contained HTML report (``sitrep.present.viewmodel``,
``sitrep.present.report``), over a hand-made store: no NLP runs here."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser_support import HOSTILE, build_store, build_world
from factories import count, make_document
from sitrep.cli import app as cli
from sitrep.present import viewmodel as vm
from sitrep.present.report import write_report
from sitrep.records import Count, DateInterval
from sitrep.store import Store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("report") / "report.db")


@pytest.fixture
def store(store_path):
    with Store.open(store_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def report_html(store_path, tmp_path_factory) -> str:
    with Store.open(store_path) as opened:
        path = write_report(opened, tmp_path_factory.mktemp("out") / "report.html")
    return path.read_text(encoding="utf-8")


def data_island(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="sitrep-data">(.*?)</script>', html,
                      re.S)
    assert found, "the report carries its data in a JSON island"
    return json.loads(found.group(1))


# ----------------------------------------------------------------------------- view model


def test_figure_marks_counts_no_report_gives():
    assert vm.figure(Count.not_reported()).reported is False
    assert vm.figure(Count.not_reported()).note == "not reported"
    assert vm.figure(count(5, 5, 8)).text == "5–8"
    assert vm.figure(count(5, 5, 8)).note == "range"
    assert vm.figure(Count(low=5, best=5, high=None)).text == "≥5"
    assert vm.figure(Count(low=5, best=5, high=None)).note == "at least"
    assert vm.figure(count(2)).text == "2"


def test_card_shows_date_and_place_with_their_precision():
    green = build_world()["incidents"][0]
    card = vm.incident_card(green)
    assert card.date.label == "2020-12-20" and card.date.precision == "day"
    assert card.place.label == "US embassy, Baghdad, IQ" and card.place.site == "US embassy"
    assert card.place.precision == "city"
    assert card.munitions.text == "5–8"
    assert card.conflict_fields == ("munitions",)
    assert card.source_count == 2 and card.independent_sources == 2


def test_detail_puts_conflicting_claims_side_by_side_with_speakers_and_outlets():
    world = build_world()
    green = world["incidents"][0]
    detail = vm.incident_detail(green, world["claims"], world["documents"])
    (conflict,) = detail.conflicts
    assert conflict.field == "munitions"
    sides = {e.value_text: e for e in conflict.claims}
    assert set(sides) == {"5", "8"}
    assert sides["5"].said_by == "a security source (AFP)"
    assert sides["5"].outlet == "AFP" and sides["5"].title == "Rockets target US embassy in Baghdad"
    assert sides["8"].said_by == "the military" and sides["8"].outlet == "Reuters"
    assert [s.document_id for s in detail.sources] == ["d-afp", "d-mil"]
    assert len(detail.sources[0].spans) == 2


def test_every_span_of_a_detail_indexes_its_quote():
    world = build_world()
    docs = {d.id: d for d in world["documents"]}
    for incident in world["incidents"]:
        detail = vm.incident_detail(incident, world["claims"], world["documents"])
        for evidence in detail.claims:
            assert docs[evidence.document_id].content[evidence.start:evidence.end] == evidence.quote


def test_segments_split_overlapping_spans_and_keep_every_character():
    text = "Five rockets hit. One soldier was wounded."
    spans = [vm.Span(claim_id=claim, field=field, start=start, end=end)
             for claim, field, start, end in (("c1", "munitions", 0, 17), ("c2", "wounded", 18, 42),
                                              ("c3", "weapon", 5, 12), ("c4", "bad", 40, 999))]
    segs = vm.segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [s.claim_ids for s in segs if s.text == "rockets"] == [("c1", "c3")]
    assert segs[-1].claim_ids == ("c2", "c4")


def test_highlight_html_escapes_text_and_marks_by_offset():
    doc = make_document("x", text=f"Rockets hit. {HOSTILE} End.")
    start = doc.content.index("Rockets hit.")
    span = vm.Span(claim_id="c1", field="munitions", start=start, end=start + 12)
    html = str(vm.highlight_html(doc.content, [span]))
    assert '<mark data-claims="c1" data-fields="munitions" title="Munitions">Rockets hit.</mark>' \
        in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_claim_values_read_as_words():
    assert vm.claim_value_text("munitions", {"low": 5, "best": 5, "high": 8,
                                             "reported": True}) == "5–8"
    assert vm.claim_value_text("date", {"start": "2020-12-20", "end": "2020-12-20"}) == \
        "2020-12-20"
    assert vm.claim_value_text("location", {"name": "Baghdad", "country": "IQ",
                                            "site": "US embassy"}) == "US embassy, Baghdad, IQ"
    assert vm.claim_value_text("perpetrator", "Islamic State") == "Islamic State"
    assert vm.claim_value_text("perpetrator", {"name": "masked men", "text": "two masked men",
                                               "stance": "asserted"}) == "masked men"
    assert vm.claim_value_text("event_type", {"event_type": "Battles",
                                              "sub_event_type": "Armed clash",
                                              "modality": "asserted"}) == "Armed clash (Battles)"
    assert vm.claim_value_text("killed", {"low": 1, "best": 1, "high": 1, "reported": True,
                                          "category": "children"}) == "1 (children)"


def test_claims_read_from_one_sentence_are_shown_with_it_once():
    world = build_world()
    detail = vm.incident_detail(world["incidents"][0], world["claims"], world["documents"])
    afp = [e for e in detail.claims if e.document_id == "d-afp"]
    doubled = afp + [afp[0].model_copy(update={"claim_id": "other", "field": "weapon",
                                               "label": "Weapon", "value_text": "rockets"}),
                     afp[0].model_copy(update={"claim_id": "again", "value_text": "6"})]
    grouped = vm.by_sentence(doubled)
    assert [g.quote[:12] for g in grouped] == ["Five rockets", "One Iraqi so"]
    assert grouped[0].values == (("Munitions", "5, 6"), ("Weapon", "rockets"))
    assert grouped[0].said_by == ("a security source (AFP)",)


def test_only_web_addresses_become_links():
    assert vm.safe_url("https://example.org/a") == "https://example.org/a"
    assert vm.safe_url("javascript:alert(1)") is None
    assert vm.safe_url(" JavaScript:alert(1)") is None
    assert vm.safe_url("data:text/html,x") is None
    assert vm.url_of(make_document("x", url="javascript:alert(1)")) is None


def test_timeline_counts_each_dated_incident_once_per_day_and_type():
    cards = vm.incident_cards(build_world()["incidents"])
    series = vm.timeline_series(cards)
    assert series.bucket == "day"
    assert series.start == dt.date(2020, 12, 19) and series.end == dt.date(2020, 12, 22)
    ids = [i for bar in series.bars for i in bar.ids]
    assert sorted(ids) == sorted(c.id for c in cards if c.date)
    assert series.undated == ("inc-yemen",)
    day22 = {bar.type: bar.ids for bar in series.bars if bar.day == dt.date(2020, 12, 22)}
    assert day22 == {"Explosions/Remote violence": ("inc-kabul",), "Protests": ("inc-protest",)}


def test_long_timelines_group_by_week():
    green, mosul, *_ = build_world()["incidents"]
    later = dt.date(2023, 1, 4)
    far = vm.incident_cards([green, replace(mosul, date=DateInterval(later, later))])
    assert vm.timeline_series(far).bucket == "week"
    assert vm.timeline_series(far).start == dt.date(2020, 12, 14)   # the Monday of 2020-12-20


def test_timeline_leaves_out_dates_far_from_all_the_others():
    green = build_world()["incidents"][0]
    days = [dt.date(2016, 1, 1) + dt.timedelta(days=7 * k) for k in range(60)]
    incidents = [replace(green, id=f"i{k}", date=DateInterval(d, d)) for k, d in enumerate(days)]
    misread = dt.date(1802, 1, 1)                  # "1802 Beacon St." read as a year
    incidents.append(replace(green, id="i-1802", date=DateInterval(misread, misread)))
    series = vm.timeline_series(vm.incident_cards(incidents))
    assert series.outside == ("i-1802",)
    assert series.start == dt.date(2016, 1, 1) and series.bucket == "day"
    assert sum(len(b.ids) for b in series.bars) == 60


def test_map_has_one_marker_per_located_incident():
    cards = vm.incident_cards(build_world()["incidents"])
    markers = vm.map_markers(cards)
    assert sorted(m.id for m in markers) == sorted(
        c.id for c in cards if c.place and c.place.lat is not None)
    assert "inc-protest" not in {m.id for m in markers}


def test_world_map_draws_every_country_and_cuts_the_antimeridian():
    shapes = vm.world_map()
    assert len(shapes) == 177
    by_name = {s.name: s for s in shapes}
    assert by_name["Iraq"].iso == "IQ" and by_name["France"].iso == "FR"
    # Fiji and Russia cross 180°: each is drawn twice, 360° apart, and the map's edge clips
    # them, instead of one ring whose edges streak across the whole map
    assert by_name["Fiji"].path.count("M") > by_name["Iraq"].path.count("M")
    for shape in shapes:
        if shape.name == "Antarctica":       # rings round the pole: the edge closes them
            continue
        for sub in re.findall(r"M[^M]+", shape.path):
            moves = [float(v) for v in sub.split("l", 1)[1].rstrip("z").split()]
            assert max(abs(dx) for dx in moves[0::2]) < 90, shape.name


def test_script_json_cannot_close_its_element():
    text = str(vm.script_json({"summary": "</script><script>alert(1)</script>&\u2028"}))
    assert "</" not in text and "<script" not in text
    assert json.loads(text)["summary"] == "</script><script>alert(1)</script>&\u2028"


# ----------------------------------------------------------------------------- report


def test_report_has_a_card_per_incident_in_date_order(report_html):
    ids = re.findall(r'<article class="card" id="incident-([^"]+)"', report_html)
    assert ids == ["inc-mosul", "inc-green-zone", "inc-aleppo", "inc-kabul", "inc-protest",
                   "inc-yemen"]


def test_report_is_self_contained(report_html):
    assert "Content-Security-Policy" in report_html and "default-src 'none'" in report_html
    assert not re.search(r"<script[^>]*\bsrc=", report_html)
    assert not re.search(r"<link[^>]*rel=\"stylesheet\"", report_html)
    assert not re.search(r"(src|href)=\"(?!https?://|#|data:)[^\"]*\.(js|css|json)\"",
                         report_html)
    assert "@import" not in report_html and "url(http" not in report_html
    # the only web addresses are links to sources and to the credits in the footer
    for url in re.findall(r"(?:src|href)=\"(https?://[^\"]+)\"", report_html):
        assert not url.endswith((".js", ".css", ".json", ".png", ".svg", ".woff2"))


def test_report_escapes_article_text(report_html):
    assert "<script>window.__pwned" not in report_html
    assert "<img src=x" not in report_html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in report_html
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in report_html


def test_report_shows_conflicting_figures_with_who_said_them(report_html):
    card = report_html.split('id="incident-inc-green-zone"', 1)[1].split("</article>", 1)[0]
    assert "Conflicting figures" in card
    assert re.search(r'class="claim-value">5<', card) and re.search(r'class="claim-value">8<', card)
    assert "a security source (AFP)" in card and "the military" in card
    assert 'href="https://example.org/d-afp"' in card


def test_report_marks_figures_no_report_gives(report_html):
    card = report_html.split('id="incident-inc-green-zone"', 1)[1].split("</article>", 1)[0]
    killed = card.split("<dt>Killed</dt>", 1)[1].split("</div>", 1)[0]
    assert "not reported" in killed


def test_report_data_draws_every_located_and_dated_incident(report_html):
    data = data_island(report_html)
    assert sorted(data["incidents"]) == sorted(i.id for i in build_world()["incidents"])
    assert sorted(m["id"] for m in data["overview"]["markers"]) == [
        "inc-aleppo", "inc-green-zone", "inc-kabul", "inc-mosul", "inc-yemen"]
    bars = [i for bar in data["overview"]["timeline"]["bars"] for i in bar["ids"]]
    assert sorted(bars) == ["inc-aleppo", "inc-green-zone", "inc-kabul", "inc-mosul",
                            "inc-protest"]


def test_report_footer_credits_sources_and_licences(report_html):
    footer = report_html.split('<footer class="site-footer">', 1)[1]
    for credit in ("GeoNames", "CC BY 4.0", "Natural Earth", "public domain", "world-atlas",
                   "ISC", "7 news documents"):
        assert credit in footer


def test_report_of_an_empty_store_says_so(tmp_path):
    with Store.open(tmp_path / "empty.db") as empty:
        html = write_report(empty, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No incidents in this store." in html


def test_report_command_writes_the_file(store_path, tmp_path):
    target = tmp_path / "cli" / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(store_path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert 'id="incident-inc-green-zone"' in target.read_text(encoding="utf-8")


def test_map_data_ships_with_its_licence():
    static = Path(vm.STATIC)
    assert (static / "countries-110m.json").stat().st_size > 50_000
    assert "Michael Bostock" in (static / "world-atlas-LICENSE.txt").read_text()
    assert "public domain" in (static / "MAP-DATA-NOTICE.md").read_text()


# ----------------------------------------------------------------------------- real example


@pytest.mark.slow
def test_report_and_api_agree_on_the_bundled_example(baghdad_dir, tmp_path):
    """End to end on examples/baghdad: the pipeline's store, rendered three ways."""
    from fastapi.testclient import TestClient

    from sitrep.pipeline import run
    from sitrep.present.web.app import create_app

    with Store.open(tmp_path / "baghdad.db") as store:
        run([baghdad_dir], store)
        incidents = store.incidents()
        html = write_report(store, tmp_path / "baghdad.html").read_text(encoding="utf-8")
        documents = {d.id: d for d in store.documents()}
        details = vm.load_details(store, incidents)
        with TestClient(create_app(store)) as client:
            api = [i["id"] for i in client.get("/api/incidents",
                                               params={"limit": 500}).json()["items"]]
    assert incidents, "the example yields incidents"
    cards = re.findall(r'<article class="card" id="incident-([^"]+)"', html)
    assert cards == api == [c.id for c in vm.incident_cards(incidents)]
    data = data_island(html)
    located = {i.id for i in incidents if i.place and i.place.lat is not None}
    assert {m["id"] for m in data["overview"]["markers"]} == located
    for detail in details.values():
        for e in detail.claims:
            assert documents[e.document_id].content[e.start:e.end] == e.quote
