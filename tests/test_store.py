"""The store on SQLite and PostgreSQL, through one parametrized ``store`` fixture
(``store_url`` and the PostgreSQL server: ``conftest.py``)."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from factories import baghdad_world, count, day, make_document, make_incident, make_mention, \
    make_run
from sitrep.errors import StoreError
from sitrep.records import Count, GeoPrecision, Place, Story
from sitrep.store import Batch, HistoryEntry, Store
from sitrep.store import schema

ROOT = Path(__file__).resolve().parent.parent

def pytest_generate_tests(metafunc):
    if "store_url" in metafunc.fixturenames:
        metafunc.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store(store_url):
    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture
def world():
    return baghdad_world()


def full_batch(world, **changes) -> Batch:
    batch = Batch(run=world["run"], documents=world["documents"], mentions=world["mentions"],
                  incidents=world["incidents"], stories=world["stories"])
    return replace(batch, **changes)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: the database's whole content."""
    out = {}
    with store._engine.connect() as conn:
        for table in schema.TABLES:
            keys = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*keys)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


# ----------------------------------------------------------------------------- opening


def test_store_open_applies_named_migrations_once(tmp_path):
    path = tmp_path / "nested" / "sitrep.db"
    with Store.open(path) as store:
        assert store.migrations() == ["m0001_initial_tables", "m0002_full_text_search",
                                      "m0003_date_interval_lengths",
                                      "m0004_streaming"]
    with Store.open(f"sqlite:///{path}") as store:
        assert store.counts()["_sitrep_migrations"] == 4


def test_store_open_sqlite_uses_wal_foreign_keys_and_normal_sync(tmp_path):
    with Store.open(tmp_path / "x.db") as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1   # NORMAL


def test_store_open_rejects_an_unknown_url():
    with pytest.raises(StoreError, match="S402"):
        Store.open("nosuchdb://somewhere/x")


def test_store_open_in_memory_keeps_one_database(world):
    with Store.open(":memory:") as store:
        store.save_batch(full_batch(world))
        assert store.counts()["documents"] == 3


# ----------------------------------------------------------------------------- round trips


def test_store_round_trips_every_record(store, world):
    store.save_batch(full_batch(world))
    assert store.documents() == world["documents"]
    assert store.mentions() == world["mentions"]
    assert all(m.claims for m in store.mentions())
    assert store.incidents() == sorted(world["incidents"], key=lambda i: i.date.start)
    assert sorted(store.claims(), key=lambda c: c.id) == sorted(world["claims"], key=lambda c: c.id)
    assert store.stories() == world["stories"]
    assert store.runs() == [world["run"]]


def test_store_reads_by_id_in_the_order_asked(store, world):
    store.save_batch(full_batch(world))
    assert [d.id for d in store.documents(["d3", "nope", "d1"])] == ["d3", "d1"]
    ids = [c.id for c in world["claims"]][::-1]
    assert [c.id for c in store.claims(ids)] == ids
    assert store.incident("inc-mosul") == world["incidents"][1]
    assert store.incident("nope") is None
    fp = world["documents"][1].fingerprint
    assert store.document_by_fingerprint(fp) == world["documents"][1]
    assert store.document_by_fingerprint("0" * 40) is None


def test_store_resolves_any_id_a_document_arrived_with(store, world):
    store.save_batch(full_batch(world))
    assert store.document_ids() == {"d1", "d1-copy", "d2", "d3"}
    assert store.resolve_document_id("d1-copy") == "d1"
    assert [d.id for d in store.documents(["d1-copy", "d1"])] == ["d1"]
    assert [m.id for m in store.mentions(["d1-copy"])] == ["d1#0"]


def test_store_upserts_a_document_whose_aliases_grew(store, world):
    store.save_batch(full_batch(world))
    d1 = world["documents"][0]
    grown = replace(d1, aliases=(*d1.aliases, "d1-third"), urls=(*d1.urls, "https://x.test/3"))
    store.save_batch(Batch(run=make_run("run-2"), documents=[grown]))
    assert store.documents(["d1-third"]) == [grown]
    assert store.counts()["documents"] == 3


def test_store_refuses_a_known_text_under_a_new_id(store, world):
    store.save_batch(full_batch(world))
    before = dump(store)
    copy = replace(world["documents"][1], id="d2-again")
    with pytest.raises(StoreError, match="alias of 'd2'"):
        store.save_batch(Batch(run=make_run("run-2"), documents=[copy]))
    assert dump(store) == before


def test_store_alias_never_takes_over_another_documents_own_id(store, world):
    store.save_batch(full_batch(world))
    d3 = world["documents"][2]
    confused = replace(world["documents"][0], aliases=("d1-copy", "d3"))
    store.save_batch(Batch(run=make_run("run-2"), documents=[confused]))
    assert store.resolve_document_id("d3") == "d3"
    assert store.documents(["d3"]) == [d3]


def test_store_replaces_a_mentions_claims_when_it_is_saved_again(store, world):
    store.save_batch(full_batch(world))
    m1 = world["mentions"][0]
    fewer = replace(m1, claims=m1.claims[:1])
    store.save_batch(Batch(run=make_run("run-2"), mentions=[fewer]))
    assert store.mentions(["d1"]) == [fewer]
    assert store.counts()["claims"] == len(world["claims"]) - 1


# ----------------------------------------------------------------------------- transactions


def test_store_saving_the_same_batch_twice_changes_nothing(store, world):
    batch = full_batch(world, history=[HistoryEntry("inc-mosul", dt.date(2020, 12, 19),
                                                    {"killed": {"best": 1}})],
                       removed_incidents={"inc-old": "inc-mosul"})
    store.save_batch(batch)
    first = dump(store)
    store.save_batch(batch)
    assert dump(store) == first
    assert store.counts()["documents"] == 3


def test_store_failure_midway_leaves_nothing_of_the_batch(store, world, monkeypatch):
    store.save_batch(Batch(run=make_run("run-0"), documents=world["documents"][2:]))
    before = dump(store)

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure after documents and mentions")

    monkeypatch.setattr(Store, "_save_incidents", boom)
    with pytest.raises(RuntimeError, match="injected"):
        store.save_batch(full_batch(world))
    assert dump(store) == before
    assert store.search("rockets").documents == []


def test_store_database_errors_roll_back_and_raise_store_error(store, world):
    orphan = make_mention(make_document("not-saved"))
    with pytest.raises(StoreError, match="nothing of it was written"):
        store.save_batch(Batch(run=make_run(), documents=world["documents"], mentions=[orphan]))
    assert store.counts()["documents"] == 0
    assert store.counts()["runs"] == 0


def test_store_sqlite_file_takes_concurrent_writers_and_readers(tmp_path, world):
    import threading

    path = tmp_path / "shared.db"
    Store.open(path).close()
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            with Store.open(path) as store:
                for j in range(5):
                    doc = make_document(f"w{k}-{j}", f"Text {k} {j}.")
                    store.save_batch(Batch(run=make_run(f"run-{k}-{j}"), documents=[doc]))
                    store.counts()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(path) as store:
        assert store.counts()["documents"] == 20 and store.counts()["runs"] == 20


# ----------------------------------------------------------------------------- incidents


def test_store_redirects_merged_incidents_and_follows_chains(store, world):
    store.save_batch(full_batch(world))
    green, mosul = world["incidents"]
    merged = replace(green, id="inc-merged", mention_ids=green.mention_ids + mosul.mention_ids)
    store.save_batch(Batch(run=make_run("run-2"), incidents=[merged],
                           removed_incidents={"inc-green-zone": "inc-merged",
                                              "inc-mosul": "inc-merged"}))
    assert store.incident("inc-mosul") == merged
    assert store.counts()["incidents"] == 1
    final = replace(merged, id="inc-final")
    store.save_batch(Batch(run=make_run("run-3"), incidents=[final],
                           removed_incidents={"inc-merged": "inc-final"},
                           redirect_reasons={"inc-merged": "split"}))
    assert store.incident("inc-green-zone") == final
    assert store.redirects() == {"inc-green-zone": "inc-final", "inc-merged": "inc-final",
                                 "inc-mosul": "inc-final"}
    store.save_batch(Batch(run=make_run("run-4"), removed_incidents={"inc-final": None}))
    assert store.incident("inc-mosul") is None


def test_store_incident_that_lives_again_is_no_longer_redirected(store, world):
    store.save_batch(full_batch(world, removed_incidents={"inc-x": "inc-mosul"}))
    revived = replace(world["incidents"][1], id="inc-x")
    store.save_batch(Batch(run=make_run("run-2"), incidents=[revived]))
    assert store.incident("inc-x") == revived
    assert "inc-x" not in store.redirects()


def test_store_windows_find_overlapping_intervals(store, world):
    week = make_mention(make_document("d9", "Shelling went on all week near Mosul."),
                        date=day("2020-12-14", end="2020-12-20"))
    store.save_batch(full_batch(world, documents=[*world["documents"], make_document(
        "d9", "Shelling went on all week near Mosul.")], mentions=[*world["mentions"], week]))
    ids = {m.id for m in store.mentions_in_window(dt.date(2020, 12, 15), dt.date(2020, 12, 15))}
    assert ids == {"d9#0"}
    ids = {m.id for m in store.mentions_in_window(dt.date(2020, 12, 20), dt.date(2020, 12, 21))}
    assert ids == {"d1#0", "d2#0", "d9#0"}
    found = store.incidents_in_window(dt.date(2020, 12, 19), dt.date(2020, 12, 19))
    assert [i.id for i in found] == ["inc-mosul"]
    assert store.incidents_in_window(dt.date(2021, 1, 1), dt.date(2021, 2, 1)) == []


def _intervals_batch(n: int = 240, seed: int = 7) -> Batch:
    """Mentions and incidents of every length around the window queries' short/long limit
    (62 days): mostly days and weeks, some months, a few years; a few undated."""
    import random

    rng = random.Random(seed)
    lengths = [1, 1, 1, 2, 3, 7, 8, 30, 31, 61, 62, 63, 64, 90, 365, 366, 1500]
    base = dt.date(2019, 6, 1)
    docs, mentions, incidents = [], [], []
    for k in range(n):
        doc = make_document(f"w{k:04d}", f"Report number {k} of shelling.")
        start = base + dt.timedelta(days=rng.randrange(0, 900))
        days = lengths[k % len(lengths)]
        date = day(start, end=start + dt.timedelta(days=days - 1))
        found = [make_mention(doc, i, date=date) for i in range(1 + k % 2)]
        docs.append(doc)
        mentions += found
        incidents.append(make_incident(f"inc-w{k:04d}", found, date=None if k % 23 == 0
                                       else date))
    return Batch(run=make_run(), documents=docs, mentions=mentions, incidents=incidents)


def _window_queries():
    """Windows around the stored dates, the linker's (a few days) and wider ones, at the
    edges of the short limit, and one given backwards."""
    base = dt.date(2019, 6, 1)
    out = [(base + dt.timedelta(days=d), base + dt.timedelta(days=d + w))
           for d in range(-400, 1400, 37) for w in (0, 2, 61, 62, 200)]
    out += [(dt.date(2021, 1, 10), dt.date(2021, 1, 1)),
            (dt.date(1, 1, 1), dt.date(1, 3, 1)), (dt.date(9999, 11, 1), dt.date(9999, 12, 31))]
    return out


def test_store_windows_match_a_brute_force_filter_on_short_and_long_intervals(store):
    batch = _intervals_batch()
    store.save_batch(batch)
    assert any(m.date.end - m.date.start > dt.timedelta(days=100) for m in batch.mentions)
    for start, end in _window_queries():
        expected = sorted((m for m in batch.mentions
                           if m.date.start <= end and m.date.end >= start),
                          key=lambda m: (m.document_id, m.index, m.id))
        assert store.mentions_in_window(start, end) == expected, (start, end)
        expected_incidents = sorted((i for i in batch.incidents if i.date is not None
                                     and i.date.start <= end and i.date.end >= start),
                                    key=lambda i: (i.date.start, i.id))
        assert [i.id for i in store.incidents_in_window(start, end)] == \
            [i.id for i in expected_incidents], (start, end)


def test_store_keeps_interval_lengths_when_records_are_saved_again(store):
    batch = _intervals_batch(40)
    store.save_batch(batch)
    moved = [replace(m, date=day("2020-02-01", end="2021-02-01")) for m in batch.mentions]
    store.save_batch(replace(batch, mentions=moved, incidents=[]))
    got = store.mentions_in_window(dt.date(2020, 12, 1), dt.date(2020, 12, 1))
    assert {m.id for m in got} == {m.id for m in moved}
    with store._engine.connect() as conn:
        days = set(conn.execute(select(schema.mentions.c.date_days)).scalars())
    assert days == {367}


def test_store_window_queries_use_the_date_indexes_on_sqlite(tmp_path):
    from sqlalchemy import event

    with Store.open(tmp_path / "plans.db") as store:
        store.save_batch(_intervals_batch(600))       # >= 500 records: statistics refreshed
        seen: list[tuple[str, tuple]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            if "date_start" in statement:
                seen.append((statement, parameters))

        event.listen(store._engine, "before_cursor_execute", record)
        try:
            store.mentions_in_window(dt.date(2020, 3, 1), dt.date(2020, 3, 3))
            store.incidents_in_window(dt.date(2020, 3, 1), dt.date(2020, 3, 3))
        finally:
            event.remove(store._engine, "before_cursor_execute", record)
        assert len(seen) == 2
        with store._engine.connect() as conn:
            for statement, parameters in seen:
                plan = " | ".join(r[-1] for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters))
                table = "mentions" if "FROM mentions" in statement else "incidents"
                assert f"SEARCH {table} USING INDEX ix_{table}_dates (date_start>? AND " \
                    "date_start<?)" in plan, plan
                assert f"SEARCH {table} USING INDEX ix_{table}_date_days (date_days>?)" \
                    in plan, plan
                assert f"SCAN {table}" not in plan, plan


def test_store_migration_adds_interval_lengths_to_an_older_store(store_url):
    """A store made before m0003 (m0001 and m0002 only, then without the column m0001
    declares today) with rows in it gets the column, filled, and its index on opening."""
    from sqlalchemy import inspect

    from sitrep.store import migrations

    url = store_url if "://" in store_url else f"sqlite:///{store_url}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        assert migrations.apply_migrations(engine, migrations.MIGRATIONS[:2]) == [
            "m0001_initial_tables", "m0002_full_text_search"]
        old = Store(engine)
        batch = _intervals_batch(120)
        old.save_batch(batch)
        with engine.begin() as conn:
            for table in ("mentions", "incidents"):
                conn.exec_driver_sql(f"DROP INDEX ix_{table}_date_days")
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN date_days")
            assert "date_days" not in {c["name"] for c in inspect(conn).get_columns("mentions")}
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert "m0003_date_interval_lengths" in store.migrations()
        with store._engine.connect() as conn:
            for table, records in (("mentions", batch.mentions), ("incidents", batch.incidents)):
                inspector = inspect(conn)
                assert "date_days" in {c["name"] for c in inspector.get_columns(table)}
                assert f"ix_{table}_date_days" in {i["name"] for i in inspector.get_indexes(table)}
                t = getattr(schema, table)
                stored = dict(conn.execute(select(t.c.id, t.c.date_days)).all())
                assert stored == {r.id: (r.date.end - r.date.start).days + 1 if r.date else None
                                  for r in records}
        for start, end in _window_queries()[::5]:
            expected = {m.id for m in batch.mentions if m.date.start <= end and m.date.end >= start}
            assert {m.id for m in store.mentions_in_window(start, end)} == expected
            expected = {i.id for i in batch.incidents
                        if i.date and i.date.start <= end and i.date.end >= start}
            assert {i.id for i in store.incidents_in_window(start, end)} == expected
    with Store.open(store_url) as store:                 # applied once
        assert store.migrations().count("m0003_date_interval_lengths") == 1


def test_store_pages_hold_every_record_in_the_order_of_the_whole_lists(store, world, tmp_path):
    """``iter_incidents`` / ``iter_stories`` / ``iter_documents`` read a store of any size in
    bounded memory; a page at a time they give what the whole lists give, in that order, and
    the paged JSON export is the same file as the whole one."""
    from sitrep.present import export

    same_day = [make_incident(f"inc-mosul-{k}", world["mentions"][:2]) for k in (2, 1)]
    undated = [make_incident(f"inc-undated-{k}", world["mentions"][2:], date=None, place=None)
               for k in (2, 1)]
    store.save_batch(full_batch(world, incidents=[*world["incidents"], *same_day, *undated]))
    incidents = store.incidents()
    assert [i.id for page in store.iter_incidents(page_size=2) for i in page] == \
        [i.id for i in incidents] and len(incidents) == 6
    assert [s.id for page in store.iter_stories(page_size=1) for s in page] == \
        [s.id for s in store.stories()]
    assert list(store.iter_documents(page_size=2)) == store.documents()
    whole, paged = tmp_path / "whole.json", tmp_path / "paged.json"
    docs = export.documents_by_any_id(store.documents())
    claims = {c.id: c for c in store.claims()}
    export.write_json(whole, incidents, store.stories(), store.claims(), store.documents())
    export.write_json_pages(paged, [(incidents[:4], claims, docs), (incidents[4:], claims, docs)],
                            [(store.stories(), docs)])
    assert paged.read_text() == whole.read_text()
    export.write_json(whole, [], [], [], [])
    export.write_json_pages(paged, [])
    assert paged.read_text() == whole.read_text() and json.loads(paged.read_text())["incidents"] == []


def test_store_query_incidents_filters_on_indexed_columns(store, world):
    undated = make_incident("inc-undated", world["mentions"][2:], date=None, place=None,
                            perpetrators=(), targets=(), summary="An undated clash.")
    store.save_batch(full_batch(world, incidents=[*world["incidents"], undated]))

    def ids(**filters):
        total, found = store.query_incidents(**filters)
        assert total == len(found)
        return [i.id for i in found]

    assert ids() == ["inc-mosul", "inc-green-zone", "inc-undated"]
    assert ids(order="-date") == ["inc-green-zone", "inc-mosul", "inc-undated"]
    assert ids(start=dt.date(2020, 12, 20)) == ["inc-green-zone"]
    assert ids(end=dt.date(2020, 12, 19)) == ["inc-mosul"]
    assert ids(event_type="Battles", start=dt.date(2020, 1, 1)) == ["inc-mosul"]
    assert ids(event_type=["Violence against civilians", "Explosions/Remote violence"]) == [
        "inc-green-zone"]
    assert ids(country="iq") == ["inc-mosul", "inc-green-zone"]
    assert ids(place="nineveh") == ["inc-mosul"]
    assert ids(place="bagh") == ["inc-green-zone"]
    assert ids(actor="military forces") == ["inc-mosul"]
    assert ids(actor="100%") == []
    assert ids(text="soldier wounded") == ["inc-green-zone"]
    assert ids(text="clash") == ["inc-mosul", "inc-undated"]
    assert ids(text="?!") == []
    total, page = store.query_incidents(limit=1, offset=1)
    assert total == 3 and [i.id for i in page] == ["inc-green-zone"]
    with pytest.raises(StoreError, match="unknown incident order"):
        store.query_incidents(order="sideways")


def test_store_search_finds_documents_and_incidents_by_word_stem(store, world):
    store.save_batch(full_batch(world))
    found = store.search("rocket embassy")
    assert [i.id for i in found.incidents] == ["inc-green-zone"]
    assert [d.id for d in found.documents] == ["d1"]
    assert [d.id for d in store.search('"Green-Zone" (').documents] in (["d1", "d2"],
                                                                           ["d2", "d1"])
    assert store.search("").incidents == []
    assert len(store.search("green", limit=1).documents) == 1


def test_store_search_forgets_removed_incidents_and_changed_text(store, world):
    store.save_batch(full_batch(world))
    store.save_batch(Batch(run=make_run("run-2"), removed_incidents={"inc-mosul": None}))
    assert store.search("militants").incidents == []
    d3 = replace(world["documents"][2], text="Nothing about clashes any more.")
    store.save_batch(Batch(run=make_run("run-3"), documents=[d3]))
    assert store.search("saturday").documents == []
    assert [d.id for d in store.search("nothing").documents] == ["d3"]


# ----------------------------------------------------------------------------- stories, history


def test_store_upserts_stories_and_deletes_the_removed_ones(store, world):
    store.save_batch(full_batch(world))
    store.save_batch(Batch(run=make_run("run-2")))
    assert store.stories() == world["stories"]
    grown = Story("s1", ("d1", "d2", "d3"))
    store.save_batch(Batch(run=make_run("run-3"), stories=[grown], removed_stories={"s2": "s1"}))
    assert store.stories() == [grown]
    assert store.stories_of(["d3"]) == [grown]


def test_store_replace_stories_makes_the_given_stories_the_whole_set(store, world):
    store.save_batch(full_batch(world))
    regrouped = [Story("s9", ("d1", "d2", "d3"))]
    store.save_batch(Batch(run=make_run("run-2"), stories=regrouped, replace_stories=True))
    assert store.stories() == regrouped
    assert store.stories_of(["d1", "d3"]) == regrouped
    store.save_batch(Batch(run=make_run("run-3"), stories=[], replace_stories=True))
    assert store.stories() == [] and store.counts()["story_documents"] == 0


def test_store_history_records_figures_as_of_each_report(store, world):
    store.save_batch(full_batch(world))
    mosul = world["incidents"][1]
    later = replace(mosul, killed=count(4, low=2), last_reported=dt.date(2020, 12, 23))
    store.save_batch(Batch(run=make_run("run-2"), incidents=[later]))
    history = store.incident_history("inc-mosul")
    assert [h.as_of for h in history] == [dt.date(2020, 12, 20), dt.date(2020, 12, 23)]
    assert [h.figures["killed"]["best"] for h in history] == [2, 4]


def test_store_history_given_by_the_linker_is_the_incidents_whole_history(store, world):
    store.save_batch(full_batch(world))
    given = [{"incident_id": "inc-green-zone", "as_of": dt.date(2020, 12, 21),
              "figures": {"munitions": {"low": 5, "best": 5, "high": None, "reported": True},
                          "sources": 1, "independent_sources": 1}},
             {"incident_id": "inc-green-zone", "as_of": "2020-12-22",
              "figures": {"munitions": {"low": 5, "best": 8, "high": 8, "reported": True},
                          "sources": 2, "independent_sources": 2}}]
    store.save_batch(Batch(run=make_run("run-2"), incidents=world["incidents"][:1],
                           history=given))
    history = store.incident_history("inc-green-zone")
    assert [(h.as_of.isoformat(), h.figures["munitions"]["best"]) for h in history] == [
        ("2020-12-21", 5), ("2020-12-22", 8)]
    store.save_batch(Batch(run=make_run("run-3"), removed_incidents={"inc-green-zone": None}))
    assert store.incident_history("inc-green-zone") == []


def test_store_runs_keep_problems_config_and_time_zone(store):
    from sitrep.records import InputProblem

    run = make_run("run-tz", started=dt.datetime(2021, 3, 1, 9, 30,
                                                 tzinfo=dt.timezone(dt.timedelta(hours=3))),
                   finished=dt.datetime(2021, 3, 1, 9, 31,
                                        tzinfo=dt.timezone(dt.timedelta(hours=3))),
                   problems=(InputProblem("a.json", "not JSON", line=3, code="S102"),),
                   config={"link": {"window_days": 3}})
    store.save_batch(Batch(run=run))
    assert store.runs() == [run]


# ----------------------------------------------------------------------------- linker, pipeline


def test_store_serves_the_linkers_state_and_its_optional_look_ups(store, world):
    from sitrep.link import LinkState

    store.save_batch(full_batch(world))
    assert isinstance(store, LinkState)
    assert [i.id for i in store.incidents_of(["d1-copy", "d3"])] == ["inc-green-zone",
                                                                     "inc-mosul"]
    assert store.incidents_of(["nope"]) == []
    assert [s.id for s in store.stories_of(["d2", "d3"])] == ["s1", "s2"]
    assert [d.id for d in store.documents_published(dt.date(2020, 12, 20),
                                                    dt.date(2020, 12, 20))] == ["d3"]
    assert [d.id for d in store.documents_published(dt.date(2020, 12, 1),
                                                    dt.date(2020, 12, 31))] == ["d3", "d1", "d2"]


def test_store_finds_a_cleaned_document_by_the_fingerprint_it_arrived_with(store):
    raw = make_document("raw", "Five rockets hit Baghdad.\nShare this article")
    cleaned = replace(raw, text="Five rockets hit Baghdad.",
                      metadata={"sitrep_fingerprint": raw.fingerprint})
    store.save_batch(Batch(run=make_run(), documents=[cleaned]))
    assert store.document_by_fingerprint(raw.fingerprint) == cleaned
    assert store.document_by_fingerprint(cleaned.fingerprint) is None


def test_the_record_codec_rebuilds_exactly_what_it_wrote(world):
    import json

    from sitrep.records import from_dict, to_dict

    records = [*world["documents"], *world["mentions"], *world["incidents"], *world["claims"],
               *world["stories"], world["run"]]
    for record in records:
        data = json.loads(json.dumps(to_dict(record)))     # plain JSON, as stored
        assert from_dict(type(record), data) == record


# ----------------------------------------------------------------------------- speed


def _many_incidents(n: int):
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
    places = [Place(f"Town {k}", "IQ" if k % 3 else "SY", f"Region {k % 7}", 30 + k % 50 / 10,
                    40 + k % 70 / 10, precision=GeoPrecision.CITY) for k in range(40)]
    base = dt.date(2015, 1, 1)
    out = []
    for k in range(n):
        start = base + dt.timedelta(days=k % 2500)
        out.append(make_incident(
            f"inc-{k:06d}", [make_mention(make_document(f"p{k}"))],
            event_type=types[k % 3], date=day(start, end=start + dt.timedelta(days=k % 3)),
            place=places[k % 40], killed=Count.exact(k % 11),
            perpetrators=(f"Group {k % 13}",), summary=f"Attack number {k} near town {k % 40}"))
    return out


def test_store_query_incidents_filters_thousands_of_incidents_exactly(store):
    # Speed is measured in benchmarks/bench_api.py; here, that every filter is exact.
    incidents = _many_incidents(5000)
    store.save_batch(Batch(run=make_run(), incidents=incidents))
    start, end = dt.date(2016, 1, 1), dt.date(2016, 3, 1)
    expected = {
        "window": sum(1 for i in incidents if i.date.start <= end and i.date.end >= start),
        "battles": sum(1 for i in incidents if i.event_type == "Battles"),
        "syria": sum(1 for i in incidents if i.place.country == "SY"),
        "group 3": sum(1 for i in incidents if i.perpetrators == ("Group 3",)),
    }
    assert store.query_incidents(start=start, end=end)[0] == expected["window"]
    assert store.query_incidents(event_type="Battles")[0] == expected["battles"]
    assert store.query_incidents(country="SY")[0] == expected["syria"]
    assert store.query_incidents(actor="group 3")[0] == expected["group 3"]
    total, page = store.query_incidents(order="-killed", limit=5)
    assert total == 5000 and [i.killed.best for i in page] == [10] * 5
    total, page = store.query_incidents(country="IQ", event_type="Battles", offset=200, limit=10)
    assert len(page) == 10 and all(i.place.country == "IQ" and i.event_type == "Battles" for i in page)


# ----------------------------------------------------------------------------- layering


def test_only_the_store_imports_sqlalchemy():
    offenders = []
    for path in (ROOT / "src" / "sitrep").rglob("*.py"):
        if "store" in path.relative_to(ROOT / "src" / "sitrep").parts[:1]:
            continue
        if re.search(r"^\s*(from|import)\s+sqlalchemy", path.read_text(), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_a_figure_too_large_for_an_integer_column_is_stored_as_read(store):
    """A text's '99999999999999999999 people' (found by the fuzz suite) lost the whole batch
    with SQLite's OverflowError; the record keeps it, the sort column leaves it out."""
    doc = make_document("d1", text="Gunmen killed 99999999999999999999 people in Kabul on Sunday.")
    mention = make_mention(doc, killed=count(99999999999999999999))
    store.save_batch(Batch(run=make_run(), documents=[doc], mentions=[mention],
                           incidents=[make_incident("i1", [mention])]))
    (incident,) = store.incidents()
    assert incident.killed.best == 99999999999999999999
    assert store.query_incidents(order="-killed")[0] == 1
