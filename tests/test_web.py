"""The web app (``sitrep.present.web``): the JSON API, its OpenAPI document and the pages,
through FastAPI's TestClient over a hand-made store."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from browser_support import build_store, build_world, free_port
from factories import make_document, make_incident, make_mention, make_run
from sitrep.present.report import write_report
from sitrep.present.web.app import create_app
from sitrep.present.web.dependencies import get_store
from sitrep.store import Batch, Store

ALL_IDS = ["inc-mosul", "inc-green-zone", "inc-aleppo", "inc-kabul", "inc-protest", "inc-yemen"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(create_app(str(store_path))) as test_client:
        yield test_client


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# ----------------------------------------------------------------------------- incidents


def test_incidents_list_every_incident_in_date_order_with_the_total(client):
    response = client.get("/api/incidents")
    assert ids(response) == ALL_IDS
    body = response.json()
    assert body["total"] == 6 and body["limit"] == 50 and body["offset"] == 0


def test_incidents_page_with_limit_and_offset(client):
    page = client.get("/api/incidents", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 6
    assert [i["id"] for i in page["items"]] == ["inc-aleppo", "inc-kabul"]


@pytest.mark.parametrize("params, expected", [
    ({"start": "2020-12-21", "end": "2020-12-21"}, ["inc-aleppo"]),
    ({"start": "2020-12-22"}, ["inc-kabul", "inc-protest"]),
    ({"event_type": "Battles"}, ["inc-mosul"]),
    ({"event_type": ["Battles", "Protests"]}, ["inc-mosul", "inc-protest"]),
    ({"country": "iq"}, ["inc-mosul", "inc-green-zone"]),
    ({"place": "baghdad"}, ["inc-green-zone"]),
    ({"actor": "Military Forces"}, ["inc-mosul"]),
    ({"q": "rockets"}, ["inc-green-zone"]),
    ({"q": "car bomb", "country": "AF"}, ["inc-kabul"]),
    ({"q": "nothingmatchesthis"}, []),
    ({"country": "", "q": "  "}, ALL_IDS),
])
def test_incidents_filter(client, params, expected):
    assert ids(client.get("/api/incidents", params=params)) == expected


def test_incidents_order_newest_first(client):
    got = ids(client.get("/api/incidents", params={"order": "-date"}))
    assert got[:2] == ["inc-kabul", "inc-protest"] and got[-1] == "inc-yemen"


@pytest.mark.parametrize("params", [
    {"start": "2020-12-22", "end": "2020-12-01"}, {"limit": 0}, {"limit": 501},
    {"offset": -1}, {"start": "yesterday"}, {"order": "random"}, {"country": "Narnia"},
])
def test_incidents_refuse_bad_parameters(client, params):
    assert client.get("/api/incidents", params=params).status_code == 422


def test_incident_items_have_the_public_fields(client):
    item = client.get("/api/incidents", params={"place": "baghdad"}).json()["items"][0]
    assert {"id", "event_type", "sub_event_type", "summary", "date", "place", "killed",
            "wounded", "munitions", "weapon", "perpetrators", "claimants", "targets",
            "source_count", "independent_sources", "first_reported", "last_reported",
            "conflict_fields", "colour", "api_url", "page_url"} == set(item)
    assert item["munitions"] == {"text": "5–8", "low": 5, "best": 5, "high": 8,
                                 "reported": True, "note": "range"}
    assert item["killed"]["reported"] is False and item["killed"]["note"] == "not reported"
    assert item["date"]["precision"] == "day" and item["place"]["site"] == "US embassy"
    assert "claims" not in item and "mention_ids" not in item


def test_incident_detail_shows_conflicting_claims_and_who_said_them(client):
    detail = client.get("/api/incidents/inc-green-zone").json()
    (conflict,) = detail["conflicts"]
    assert conflict["field"] == "munitions"
    sides = {c["value_text"]: c for c in conflict["claims"]}
    assert sides["5"]["said_by"] == "a security source (AFP)"
    assert sides["8"]["said_by"] == "the military"
    assert sides["5"]["outlet"] == "AFP" and sides["5"]["url"] == "https://example.org/d-afp"
    assert sides["8"]["quote"].startswith("The military said eight rockets")


def test_incident_detail_sources_carry_the_spans_of_its_claims(client):
    detail = client.get("/api/incidents/inc-green-zone").json()
    assert [s["document_id"] for s in detail["sources"]] == ["d-afp", "d-mil"]
    quotes = {c["claim_id"]: c["quote"] for c in detail["claims"]}
    for source in detail["sources"]:
        document = client.get(source["api_url"]).json()
        for span in source["spans"]:
            assert document["content"][span["start"]:span["end"]] == quotes[span["claim_id"]]


def test_merged_incident_id_resolves_to_the_incident_that_took_it_over(client):
    detail = client.get("/api/incidents/inc-green-old").json()
    assert detail["id"] == "inc-green-zone" and detail["requested_id"] == "inc-green-old"


def test_unknown_incident_is_404(client):
    response = client.get("/api/incidents/no-such-incident")
    assert response.status_code == 404
    assert "no-such-incident" in response.json()["detail"]


# ----------------------------------------------------------------------------- documents


def test_document_has_its_text_title_and_claim_spans(client):
    doc = client.get("/api/documents/d-afp").json()
    assert doc["title"] == "Rockets target US embassy in Baghdad"
    assert doc["content"] == f"{doc['title']}\n\n{doc['text']}"
    assert doc["body_offset"] == len(doc["title"]) + 2
    assert [s["field"] for s in doc["spans"]] == ["munitions", "wounded"]
    first = doc["spans"][0]
    assert doc["content"][first["start"]:first["end"]].startswith("Five rockets struck")
    assert first["said_by"] == "a security source (AFP)"


def test_document_alias_resolves(client):
    assert client.get("/api/documents/d-afp-copy").json()["id"] == "d-afp"


def test_document_spans_can_be_limited_to_one_incident(client):
    everything = client.get("/api/documents/d-afp").json()["spans"]
    mosul_only = client.get("/api/documents/d-afp", params={"incident": "inc-mosul"}).json()
    assert len(everything) == 2 and mosul_only["spans"] == []


def test_unknown_document_is_404(client):
    assert client.get("/api/documents/nope").status_code == 404


# ----------------------------------------------------------------------------- search


def test_search_finds_incidents_and_documents(client):
    found = client.get("/api/search", params={"q": "rocket"}).json()
    assert found["query"] == "rocket"
    assert [i["id"] for i in found["incidents"]] == ["inc-green-zone"]
    assert {d["id"] for d in found["documents"]} == {"d-afp", "d-mil"}
    assert all("ocket" in d["snippet"] for d in found["documents"])


def test_search_needs_words(client):
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "\"*)("}).json()["incidents"] == []


# ----------------------------------------------------------------------------- overview


def test_overview_draws_one_marker_per_located_incident_and_every_dated_one(client):
    data = client.get("/api/overview").json()
    assert data["total"] == data["shown"] == 6 and data["located"] == 5
    assert sorted(m["id"] for m in data["markers"]) == sorted(
        set(ALL_IDS) - {"inc-protest"})
    bars = sorted(i for bar in data["timeline"]["bars"] for i in bar["ids"])
    assert bars == sorted(set(ALL_IDS) - {"inc-yemen"})
    assert data["timeline"]["undated"] == ["inc-yemen"]


def test_overview_follows_the_filters(client):
    data = client.get("/api/overview", params={"country": "IQ"}).json()
    assert sorted(m["id"] for m in data["markers"]) == ["inc-green-zone", "inc-mosul"]


# ----------------------------------------------------------------------------- contract


def test_openapi_documents_every_api_route_with_a_response_model(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/overview",
                 "/api/documents/{document_id}", "/api/search"):
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, path
    names = set(spec["components"]["schemas"])
    assert {"IncidentCard", "IncidentDetail", "IncidentPage", "DocumentDetail", "Overview"} <= names
    assert set(paths) >= {"/", "/incidents/{incident_id}"}
    assert all(set(ops) <= {"get"} for ops in paths.values()), "the API is read-only"


def test_api_is_read_only(client):
    for method in ("post", "put", "patch", "delete"):
        response = client.request(method, "/api/incidents")
        assert response.status_code == 405


def test_no_page_loads_anything_from_another_site(client):
    for path in ("/docs", "/incidents/inc-green-zone"):
        page = client.get(path)
        for url in re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', page.text):
            assert url.startswith(("/static/", "/docs/static/")), (path, url)
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'<script[^>]* src="([^"]+)"', page.text) + \
        re.findall(r'<link[^>]* href="([^"]+)"', page.text)
    assert len(assets) == 4                  # the two scripts, the stylesheet, the icon
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
    assert "http" not in client.get("/static/app.js").text.replace("https?:", "")


def test_store_is_an_overridable_dependency(client, tmp_path):
    doc = make_document("only", text="Shots were fired in Basra on Sunday.", source="AFP")
    other = Store.open(tmp_path / "other.db")
    other.save_batch(Batch(run=make_run(), documents=[doc], mentions=[make_mention(doc)],
                           incidents=[make_incident("inc-only", [make_mention(doc)])]))
    client.app.dependency_overrides[get_store] = lambda: other
    try:
        assert ids(client.get("/api/incidents")) == ["inc-only"]
    finally:
        client.app.dependency_overrides.clear()
        other.close()
    assert ids(client.get("/api/incidents")) == ALL_IDS


# ----------------------------------------------------------------------------- pages


def test_index_page_has_the_map_the_timeline_the_filters_and_the_credits(client):
    html = client.get("/").text
    assert 'id="map"' in html and 'id="timeline"' in html and 'id="filters"' in html
    assert html.count('<path d="M') == 177
    assert "CC BY 4.0" in html and "Natural Earth" in html and "ISC" in html


def test_incident_page_marks_claims_in_the_escaped_source_text(client):
    html = client.get("/incidents/inc-green-zone").text
    assert "<mark data-claims=" in html
    assert "Conflicting figures" in html and "the military" in html
    hostile = client.get("/incidents/inc-aleppo").text
    assert "<script>window.__pwned" not in hostile and "<img src=x" not in hostile
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in hostile


def test_incident_page_of_a_merged_id_says_so(client):
    html = client.get("/incidents/inc-green-old").text
    assert "was merged into this one" in html


def test_unknown_incident_page_is_404(client):
    assert client.get("/incidents/nope").status_code == 404


def test_report_page_and_api_show_the_same_incidents(client, store_path, tmp_path):
    """One view model, three renderings: the report, the page and its JSON twin."""
    with Store.open(store_path) as store:
        report = write_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    in_report = re.findall(r'<article class="card" id="incident-([^"]+)"', report)
    in_api = ids(client.get("/api/incidents", params={"limit": 500}))
    pages = [i for i in in_api if client.get(f"/incidents/{i}").status_code == 200]
    assert in_report == in_api == pages == [i.id for i in sorted(
        build_world()["incidents"], key=lambda i: (i.date.start.isoformat() if i.date
                                                   else "9999", i.id))]


def test_the_api_sends_the_view_models_shapes_each_declared_once():
    from pydantic import BaseModel

    from sitrep.present import viewmodel as vm
    from sitrep.present.web import models

    for name in ("IncidentCard", "IncidentDetail", "DocumentDetail", "Overview"):
        assert getattr(models, name) is getattr(vm, name)
    own = {name: cls for name, cls in vars(models).items()
           if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == models.__name__}
    assert set(own) == {"IncidentPage", "DocumentHit", "SearchResponse", "Problem", "Facets",
                        "FacetValue"}
    view_shapes = {frozenset(cls.model_fields) for cls in vars(vm).values()
                   if isinstance(cls, type) and issubclass(cls, vm.ViewModel)}
    assert not any(frozenset(cls.model_fields) in view_shapes for cls in own.values())


# ----------------------------------------------------------------------------- serve


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sitrep_serve_answers_with_one_or_several_processes(store_path, workers):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db",
                               str(store_path), "--port", str(port), "--workers", workers],
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/incidents",
                                            timeout=5) as response:
                    assert [i["id"] for i in json.load(response)["items"]] == ALL_IDS
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"with {workers} process" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- the desk


def test_facets_count_the_matching_incidents_by_field_and_say_how_to_filter(client):
    facets = client.get("/api/facets").json()
    assert facets["total"] == 6
    assert facets["event_type"][0] == {"value": "Explosions/Remote violence", "count": 3,
                                       "label": "Explosions/Remote violence",
                                       "filters": {"event_type": "Explosions/Remote violence"}}
    assert {(v["label"], v["count"]) for v in facets["country"]} == {
        ("Iraq", 2), ("Afghanistan", 1), ("Syria", 1), ("Yemen", 1)}
    assert {"value": "IQ|Nineveh", "label": "Nineveh (IQ)", "count": 1,
            "filters": {"country": "IQ", "admin1": "Nineveh"}} in facets["admin1"]
    assert facets["month"] == [{"value": "2020-12", "label": "2020-12", "count": 5,
                                "filters": {"start": "2020-12-01", "end": "2020-12-31"}}]
    assert {v["value"] for v in facets["perpetrator"]} == {"Military Forces of Iraq",
                                                          "Unidentified Armed Group"}
    # a facet's filters select exactly its count
    for value in facets["admin1"] + facets["perpetrator"] + facets["month"]:
        assert client.get("/api/incidents", params=value["filters"]).json()["total"] == \
            value["count"]
    narrowed = client.get("/api/facets", params={"country": "Iraq"}).json()
    assert narrowed["total"] == 2 and [v["value"] for v in narrowed["country"]] == ["IQ"]


@pytest.mark.parametrize("country", ["IQ", "iq", "IRQ", "Iraq", "  iraq "])
def test_the_country_filter_takes_names_and_iso_codes(client, country):
    assert ids(client.get("/api/incidents", params={"country": country})) == \
        ["inc-mosul", "inc-green-zone"]


def test_an_unknown_country_is_refused_with_a_message(client):
    response = client.get("/api/incidents", params={"country": "Atlantis"})
    assert response.status_code == 422 and "Atlantis" in response.json()["detail"]


@pytest.mark.parametrize("q, incidents, documents", [
    ("rockets", ["inc-green-zone"], ["d-afp", "d-mil"]),
    ("rockets OR bomb", ["inc-green-zone", "inc-kabul"], ["d-afp", "d-kabul", "d-mil"]),
    ('"car bomb"', ["inc-kabul"], ["d-kabul"]),
    ('"bomb car"', [], []),
    ("kabul -bomb", [], []),
    ("gunmen OR protesters -aleppo", ["inc-protest"], ["d-protest"]),
])
def test_search_syntax_means_the_same_for_incidents_and_documents(client, q, incidents,
                                                                   documents):
    listed = ids(client.get("/api/incidents", params={"q": q}))
    found = client.get("/api/search", params={"q": q}).json()
    assert sorted(listed) == sorted(i["id"] for i in found["incidents"]) == sorted(incidents)
    assert sorted(d["id"] for d in found["documents"]) == documents


@pytest.mark.parametrize("q", ["country:IQ", "-rockets", "OR rockets", "rockets OR",
                               "rockets OR -bomb"])
def test_search_syntax_it_does_not_read_is_refused_with_a_message(client, q):
    for path in ("/api/incidents", "/api/search"):
        response = client.get(path, params={"q": q})
        assert response.status_code == 422
        assert "OR" in response.json()["detail"] or ":" in response.json()["detail"] \
            or "leave out" in response.json()["detail"]


@pytest.mark.parametrize("fmt, media", [("csv", "text/csv"), ("geojson", "application/geo+json"),
                                        ("json", "application/json")])
def test_the_current_filter_downloads_as_csv_geojson_and_json(client, fmt, media):
    response = client.get(f"/api/export.{fmt}", params={"country": "Iraq"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert f'filename="sitrep-incidents.{fmt}"' in response.headers["content-disposition"]
    assert response.headers["x-total-count"] == "2"
    if fmt == "csv":
        rows = list(__import__("csv").DictReader(response.text.splitlines()))
        assert sorted(r["tags"].rsplit("sitrep: ", 1)[1] for r in rows) == \
            ["inc-green-zone", "inc-mosul"]
        assert {r["country"] for r in rows} == {"Iraq"}
    elif fmt == "geojson":
        assert sorted(f["id"] for f in response.json()["features"]) == \
            ["inc-green-zone", "inc-mosul"]
    else:
        assert sorted(i["id"] for i in response.json()["incidents"]) == \
            ["inc-green-zone", "inc-mosul"]


def test_docs_is_swagger_ui_from_the_package(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs/static/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "<script>" not in page.text
    script = client.get("/docs/static/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 500_000


def test_the_incident_page_links_every_figure_to_its_claims_and_each_claim_to_its_sentence(
        client):
    html = client.get("/incidents/inc-green-zone").text
    for field in ("munitions", "wounded"):
        assert f'href="#claims-inc-green-zone-{field}"' in html
        assert f'id="claims-inc-green-zone-{field}"' in html
    assert 'href="#claims-inc-green-zone-killed"' not in html       # no claim gives it
    links = set(re.findall(r'href="#claim-([0-9a-f]+)"', html))
    anchors = set(re.findall(r'id="claim-([0-9a-f]+)"', html))
    assert links and links <= anchors
