"""Exports: the scorer's JSON shape, documents JSON lines, ACLED CSV, GeoJSON, Parquet."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from factories import baghdad_world, day, make_incident
from sitrep.present import export
from sitrep.records import DatePrecision, GeoPrecision, Place

SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"


@pytest.fixture
def world():
    w = baghdad_world()
    nowhere = make_incident("inc-nowhere", w["mentions"][2:], place=None,
                            date=day("2020-12-01", DatePrecision.MONTH, end="2020-12-31"),
                            summary="Clashes somewhere in December.")
    w["incidents"] = [*w["incidents"], nowhere]
    return w


def _json(world) -> dict:
    return export.incidents_json(world["incidents"], world["stories"], world["claims"],
                                 world["documents"])


# ----------------------------------------------------------------------------- JSON


def test_export_json_has_the_shape_the_scorer_reads(world):
    data = _json(world)
    assert data["format"] == "sitrep.incidents.v1"
    green = data["incidents"][0]
    assert green["id"] == "inc-green-zone"
    assert green["date"] == {"start": "2020-12-20", "end": "2020-12-20", "precision": "day"}
    assert green["location"] == {"name": "Baghdad", "admin1": "Baghdad", "country": "IQ",
                                 "lat": 33.3406, "lon": 44.4009, "precision": "city",
                                 "geonameid": 98182, "site": "US embassy"}
    assert green["munitions"] == {"low": 5, "best": 5, "high": None, "reported": True}
    assert green["killed"] == {"low": None, "best": 0, "high": None, "reported": False}
    assert green["sources"] == ["d1", "d1-copy", "d2"]     # aliases of a source included
    assert green["outlets"] == ["AFP", "Reuters"]
    assert {"perpetrators", "claimants", "targets", "weapon", "independent_sources",
            "first_reported", "last_reported", "summary", "conflicts"} <= set(green)
    assert green["conflicts"][0]["field"] == "munitions"
    assert data["stories"] == [["d1", "d1-copy", "d2"], ["d3"]]
    # no place: the same keys, all null (the scorer reads any incident's location name)
    assert set(data["incidents"][2]["location"].values()) == {None}
    json.dumps(data)                                        # plain JSON all the way down


def test_export_json_claim_ledger_quotes_the_documents(world):
    data = _json(world)
    docs = {d.id: d for d in world["documents"]}
    ledger = data["incidents"][0]["claims"]
    assert [c["field"] for c in ledger] == ["munitions", "wounded", "munitions"]
    for claim in ledger:
        assert set(claim) >= {"field", "value", "document_id", "start", "end", "quote",
                              "said_by"}
        assert docs[claim["document_id"]].content[claim["start"]:claim["end"]] == claim["quote"]
    assert ledger[0]["said_by"] == "a security source"


def test_export_write_json_takes_a_path_or_an_open_file(world, tmp_path):
    path = tmp_path / "out" / "incidents.json"
    export.write_json(path, world["incidents"], world["stories"], world["claims"],
                      world["documents"])
    buffer = io.StringIO()
    export.write_json(buffer, incidents=world["incidents"], stories=world["stories"],
                      claims=world["claims"], documents=world["documents"])
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(buffer.getvalue()) == \
        _json(world)


@pytest.mark.skipif(not SCORER.exists(), reason=f"no scorer at {SCORER}")
def test_export_json_scores_perfectly_against_a_gold_of_the_same_incidents(world, tmp_path):
    spec = importlib.util.spec_from_file_location("sitrep_eval_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = {
        "violent_event_types": ["Battles", "Explosions/Remote violence"],
        "incidents": [
            {"id": "g1", "date": "2020-12-20",
             "sub_event_type": "Shelling/artillery/missile attack",
             "location": {"name": "Baghdad", "admin1": "Baghdad", "country": "IQ",
                          "lat": 33.34, "lon": 44.40, "precision": "city"},
             "killed": {"low": 0, "best": 0, "high": 0}, "wounded": {"low": 1, "high": 1},
             "munitions": {"low": 5, "best": 5, "high": 8},
             "sources": ["d1", "d1-copy", "d2"]},
            {"id": "g2", "date": {"start": "2020-12-19", "end": "2020-12-19"},
             "location": {"name": "Mosul", "country": "IQ", "lat": 36.34, "lon": 43.13},
             "killed": 2, "sources": ["d3"]},
        ],
        "stories": [["d1", "d1-copy", "d2"], ["d3"]],
    }
    path = tmp_path / "incidents.json"
    export.write_json(path, world["incidents"][:2], world["stories"], world["claims"],
                      world["documents"])
    result = score.score(gold, json.loads(path.read_text()))
    assert result["incidents"]["matched"] == 2
    assert result["incidents"]["precision"] == 1.0 and result["incidents"]["recall"] == 1.0
    assert all(v == 1.0 for v in result["fields"].values() if v is not None)
    assert result["sources"] == {"precision": 1.0, "recall": 1.0}
    assert result["stories"]["f1"] == 1.0


def test_export_documents_jsonl_one_line_per_document(world, tmp_path):
    path = tmp_path / "documents.jsonl"
    export.write_documents_jsonl(world["documents"], path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["d1", "d2", "d3"]
    assert set(rows[0]) == {"id", "title", "text", "published", "url", "language", "source",
                            "aliases", "urls"}
    assert rows[0]["aliases"] == ["d1-copy"] and rows[0]["published"] == "2020-12-21"
    assert rows[0]["text"] == world["documents"][0].text


# ----------------------------------------------------------------------------- ACLED CSV


def _csv_rows(world, **kwargs) -> tuple[list[str], list[dict]]:
    buffer = io.StringIO()
    export.write_acled_csv(world["incidents"], world["documents"], buffer, **kwargs)
    reader = csv.DictReader(io.StringIO(buffer.getvalue()))
    return reader.fieldnames, list(reader)


# ACLED's export header, in its order (ACLED Codebook; shared/reference/event-data-conventions.md)
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp"]


def test_export_acled_csv_has_exactly_the_acled_columns(world):
    header, rows = _csv_rows(world)
    assert header == ACLED_HEADER
    assert len(rows) == 3


def test_export_acled_csv_reads_into_pandas_with_acled_dtypes(world):
    import pandas as pd

    located = [i for i in world["incidents"] if i.place is not None]
    saved = dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    buffer = io.StringIO()
    export.write_acled_csv(located, world["documents"], buffer, claims=world["claims"],
                           updated={i.id: saved for i in located})
    frame = pd.read_csv(io.StringIO(buffer.getvalue()), parse_dates=["event_date"])
    assert list(frame.columns) == ACLED_HEADER
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    for name in ("year", "time_precision", "inter1", "inter2", "interaction", "iso",
                 "geo_precision", "fatalities", "timestamp"):
        assert dtypes[name] == "int64", name
    assert dtypes["latitude"] == dtypes["longitude"] == "float64"
    assert dtypes["event_date"].startswith("datetime64")
    for name in ("event_id_cnty", "event_type", "actor1", "region", "country", "notes"):
        assert dtypes[name] in ("object", "str", "string"), name
    assert frame["timestamp"].tolist() == [int(saved.timestamp())] * 2
    assert frame["iso"].tolist() == [368, 368] and set(frame["region"]) == {"Middle East"}


def test_export_acled_ids_are_stable_and_derived_from_incident_ids(world):
    _, rows = _csv_rows(world)
    _, again = _csv_rows({**world, "incidents": world["incidents"][::-1]})
    assert [r["event_id_cnty"] for r in rows] == [r["event_id_cnty"] for r in again][::-1]
    assert rows[0]["event_id_cnty"].startswith("IRQ") and len(rows[0]["event_id_cnty"]) == 18
    assert rows[2]["event_id_cnty"].startswith("XXX")
    assert len({r["event_id_cnty"] for r in rows}) == 3


def test_export_acled_row_codes_an_incident_as_acled_does(world):
    _, rows = _csv_rows(world, claims=world["claims"])
    green, mosul, nowhere = rows
    assert green["event_date"] == "2020-12-20" and green["year"] == "2020"
    assert green["time_precision"] == "1" and nowhere["time_precision"] == "3"
    assert green["disorder_type"] == "Political violence"
    assert green["country"] == "Iraq" and green["location"] == "Baghdad"
    assert (green["latitude"], green["longitude"]) == ("33.3406", "44.4009")
    assert green["geo_precision"] == "1" and nowhere["geo_precision"] == ""
    assert green["source"] == "AFP; Reuters"
    assert green["fatalities"] == "0" and mosul["fatalities"] == "2"
    assert mosul["actor1"] == "Military Forces of Iraq" and mosul["actor2"] == "militants"
    # ACLED's actor types: state forces (1) against an unidentified armed group (3); no
    # actor is known on either side of the rocket attack (0)
    assert (mosul["inter1"], mosul["inter2"], mosul["interaction"]) == ("1", "3", "13")
    assert (green["inter1"], green["inter2"], green["interaction"]) == ("0", "0", "0")
    assert green["iso"] == "368" and green["region"] == "Middle East"
    assert green["admin2"] == green["admin3"] == "" and nowhere["iso"] == ""
    assert "Reports disagree on munitions: ≥5 (a security source, AFP); 8 (the Iraqi " \
           "military, Reuters)." in green["notes"]
    assert green["notes"].count("US embassy") == 1      # the summary names the site already
    assert "munitions: ≥5" in green["tags"] and "sitrep: inc-green-zone" in green["tags"]


@pytest.mark.parametrize("name, country, code", [
    ("Military Forces of Iraq", "IQ", 1), ("Military Forces of Iraq", "SY", 8),
    ("United States", "IQ", 8), ("Iraqi army", "IQ", 1), ("Taliban", "AF", 2),
    ("Kataib Hezbollah", "IQ", 3), ("Unidentified Armed Group", "NG", 3),
    ("Iran-backed militias", "IQ", 3), ("peaceful protesters", "IQ", 6), ("rioters", "IN", 5),
    ("civilians", "SY", 7), ("villagers", "ML", 7), ("UN peacekeepers", "ML", 8),
    ("US embassy", "IQ", 0), ("groups", "IQ", 0),
])
def test_export_acled_actor_types(name, country, code):
    assert export.actor_type(name, country) == code


@pytest.mark.parametrize("one, two, code", [(1, 7, 17), (7, 1, 17), (3, 0, 30), (0, 6, 60),
                                            (0, 0, 0), (2, 2, 22)])
def test_export_acled_interaction_codes(one, two, code):
    assert export.interaction(one, two) == code


@pytest.mark.parametrize("sentences, notes", [
    (["Gunmen killed two people .", "Site: a market"],
     "Gunmen killed two people. Site: a market."),
    (["They fired rockets..", " , Police said  ,"], "They fired rockets. Police said."),
    (["Was it an attack?", "", "   "], "Was it an attack?"),
])
def test_export_acled_notes_have_no_stray_punctuation(sentences, notes):
    assert export.clean_notes(sentences) == notes


def test_export_acled_victims_of_violence_against_civilians_are_civilians(world):
    attack = replace(world["incidents"][1], event_type="Violence against civilians",
                     sub_event_type="Attack", targets=("the market",))
    (row,) = export.acled_rows([attack], world["documents"])
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Iraq)", 7, 17)
    assert row["civilian_targeting"] == "Civilian targeting"


def test_export_acled_precision_codes():
    week = day("2020-12-14", DatePrecision.WEEK, end="2020-12-20")
    assert export.time_precision(week) == 2
    assert export.time_precision(day("2020-12-14", DatePrecision.YEAR, end="2020-12-31")) == 3
    assert export.time_precision(None) is None
    region = make_incident("r", baghdad_world()["mentions"][:1],
                           place=Place("Nineveh", "IQ", precision=GeoPrecision.REGION))
    assert export.geo_precision(region) == 3
    assert export.geo_precision(replace(region, place=replace(region.place, site="Mosul dam"))) == 2


# ----------------------------------------------------------------------------- GeoJSON


def test_export_geojson_is_a_feature_collection_of_every_incident(world, tmp_path):
    path = tmp_path / "incidents.geojson"
    export.write_geojson(world["incidents"], path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == ["inc-green-zone", "inc-mosul", "inc-nowhere"]
    *located, nowhere = data["features"]
    for feature in located:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    # no coordinates: a feature all the same, with a null geometry (RFC 7946 3.2)
    assert nowhere["type"] == "Feature" and nowhere["geometry"] is None
    assert nowhere["properties"]["location"] is None
    assert nowhere["properties"]["summary"] == "Clashes somewhere in December."
    assert data["features"][0]["geometry"]["coordinates"] == [44.4009, 33.3406]
    props = data["features"][0]["properties"]
    assert props["date_start"] == "2020-12-20" and props["munitions"] == 5
    assert props["event_type"] == "Explosions/Remote violence"


# ----------------------------------------------------------------------------- Parquet


def test_export_parquet_reads_back_typed_with_one_row_per_incident(world, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "incidents.parquet"
    export.write_parquet(world["incidents"], path, claims=world["claims"])
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("killed_best").type == pa.int32()
    assert table.schema.field("perpetrators").type == pa.list_(pa.string())
    assert table.schema.equals(export.incident_schema())
    rows = table.to_pylist()
    assert rows[0]["date_start"] == dt.date(2020, 12, 20)
    assert rows[0]["munitions_best"] == 5 and rows[0]["munitions_high"] is None
    assert rows[2]["lat"] is None and rows[2]["location"] is None
    claims = pq.read_table(tmp_path / "incidents.claims.parquet")
    assert claims.schema.equals(export.claim_schema())
    assert claims.column("incident_id").to_pylist() == ["inc-green-zone"] * 3 + [
        "inc-mosul", "inc-nowhere"]
    assert claims.column("value_best").to_pylist()[:3] == [5, 1, 8]


def test_export_parquet_of_no_incidents_keeps_the_schema(tmp_path):
    import pyarrow.parquet as pq

    export.write_parquet([], tmp_path / "empty.parquet")
    table = pq.read_table(tmp_path / "empty.parquet")
    assert table.num_rows == 0 and table.schema.equals(export.incident_schema())
