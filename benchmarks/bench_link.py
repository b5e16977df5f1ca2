"""Time to link one new document as the store grows (10k, 100k, 1M incidents).

    .venv/bin/python benchmarks/bench_link.py [--sizes 10000 100000 1000000] [--runs 40]

Stores: ``sitrep.link.memory.MemoryState`` (day-indexed windows) and the real SQLite
``sitrep.store.Store`` (mode ``sqlite``: built once per size in a temporary directory).

Ways a store grows:

* ``span``  - constant density (~100 incidents a day, 2 reports each on average): the store
  grows by covering more days, as a news archive does. Window queries return the same
  number of mentions at any size.
* ``sqlite`` - as ``span``, in a SQLite ``Store`` (window queries on indexed date columns).
* ``dense`` - one year at any size (density x100 from 1k to 100k). Flat only with the
  ``cells`` keyword (place-cell blocking in the store's index); ``dense/window`` shows the
  same store queried by date window only (the contract ``sitrep.store`` implements today),
  where the window's mentions grow with the density.

Each measurement is cold: the text-feature cache is cleared, so the new document's
neighbours' texts are processed as in a fresh ``sitrep run``. Times are CPU time of the
``link_batch`` call (single-threaded), so that other load on the machine does not blur them;
into SQLite, ``add med`` is the wall-clock time to link the document and save what linking
gives in one transaction: what adding one document to the store costs after extraction.
The in-memory modes stop at ``--memory-max`` incidents; SQLite goes to a million (building
that store takes about half an hour).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time

from sitrep import reconcile as rec
from sitrep.link import link_batch
from sitrep.link import copies as copies_mod
from sitrep.link.incidents import incident_id
from sitrep.link.memory import MemoryState
from sitrep.link.stories import build_story
from sitrep.records import Count, DateInterval, DatePrecision, Document, GeoPrecision, Mention, Place

COUNTRIES = {  # rough boxes: (lat0, lat1, lon0, lon1)
    "IQ": (30.0, 37.0, 39.0, 48.0), "SY": (32.5, 37.0, 36.0, 42.0), "AF": (30.0, 38.0, 61.0, 71.0),
    "NG": (5.0, 13.0, 3.0, 14.0), "US": (26.0, 48.0, -122.0, -72.0), "MX": (16.0, 31.0, -115.0, -90.0),
    "CD": (-10.0, 4.0, 13.0, 30.0), "ML": (12.0, 20.0, -10.0, 3.0), "SO": (-1.0, 11.0, 41.0, 50.0),
    "YE": (13.0, 18.0, 43.0, 52.0),
}
TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Battles", "Armed clash"), ("Violence against civilians", "Attack")]
WORDS = ("attack convoy market checkpoint police army militants rockets explosion residents officials "
         "hospital governor district village road witnesses statement forces gunmen bomb killed wounded "
         "security source spokesman ministry province capital border clashes fighters soldiers").split()


def random_place(rng: random.Random) -> Place:
    country = rng.choice(sorted(COUNTRIES))
    lat0, lat1, lon0, lon1 = COUNTRIES[country]
    lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
    return Place(f"place {lat:.2f},{lon:.2f}", country, None, round(lat, 4), round(lon, 4),
                 precision=rng.choice([GeoPrecision.POINT, GeoPrecision.CITY]))


def article(rng: random.Random, place: Place, when: dt.date, killed: int) -> str:
    body = " ".join(rng.choices(WORDS, k=120))
    return (f"On {when:%B} {when.day}, {killed} people were killed near {place.name}, officials said. "
            + ". ".join(body[i:i + 90].capitalize() for i in range(0, len(body), 90)) + ".")


def make_event(rng: random.Random, n: int, start: dt.date, days: int):
    when = start + dt.timedelta(days=rng.randrange(days))
    place = random_place(rng)
    et, sub = rng.choice(TYPES)
    killed = rng.randrange(0, 8)
    docs, mentions = [], []
    for r in range(rng.choice([1, 1, 2, 2, 3])):
        doc_id = f"e{n}r{r}"
        published = when + dt.timedelta(days=rng.randrange(1, 3))
        docs.append(Document(id=doc_id, text=article(rng, place, when, killed), published=published))
        mentions.append(Mention(id=f"{doc_id}#0", document_id=doc_id, index=0, event_type=et, sub_event_type=sub,
                                date=DateInterval(when, when, DatePrecision.DAY), place=place,
                                killed=Count.exact(killed), published=published, summary=f"event {n}"))
    return docs, mentions


def build_store(size: int, days: int, seed: int = 1) -> tuple[MemoryState, random.Random]:
    """``size`` incidents (each 1-3 reports) over ``days`` days, stored as linking would."""
    rng = random.Random(seed)
    state = MemoryState()
    start = dt.date(2020, 1, 1)
    for n in range(size):
        docs, mentions = make_event(rng, n, start, days)
        state.add_documents(docs)
        state.add_mentions(mentions)
        state.put_incident(rec.reconcile(incident_id(mentions[0].id), mentions))
        state.put_story(build_story([d.id for d in docs], [], {d.id: d.published for d in docs}))
    return state, rng


def build_sqlite(size: int, days: int, directory: str, seed: int = 1):
    """The same synthetic store as ``build_store``, saved in a SQLite ``Store``."""
    from sitrep.records import RunInfo
    from sitrep.store import Batch, Store

    rng = random.Random(seed)
    store = Store.open(f"{directory}/bench-{size}.db")
    start = dt.date(2020, 1, 1)
    chunk = 5000
    for first in range(0, size, chunk):
        docs, mentions, incidents, stories = [], [], [], []
        for n in range(first, min(size, first + chunk)):
            d, m = make_event(rng, n, start, days)
            docs += d
            mentions += m
            incidents.append(rec.reconcile(incident_id(m[0].id), m))
            stories.append(build_story([x.id for x in d], [], {x.id: x.published for x in d}))
        run = RunInfo(run_id=f"build-{first}", started=dt.datetime.now(dt.timezone.utc))
        store.save_batch(Batch(run=run, documents=docs, mentions=mentions, incidents=incidents,
                               stories=stories))
    return store, rng


class WindowOnly:
    """The same store seen through the date-window-only contract (no ``cells`` keyword)."""

    def __init__(self, state: MemoryState):
        self.s = state

    def mentions_in_window(self, start, end):
        return self.s.mentions_in_window(start, end)

    def incidents_in_window(self, start, end):
        return self.s.incidents_in_window(start, end)

    def documents(self, ids=None):
        return self.s.documents(ids)

    def stories(self):
        return self.s.stories()

    def stories_of(self, ids):
        return self.s.stories_of(ids)

    def incidents_of(self, ids):
        return self.s.incidents_of(ids)


def measure(state, rng: random.Random, runs: int, days: int, size: int) -> dict[str, float]:
    """Link ``runs`` new documents one at a time: medians (and the CPU p90) in seconds. Into a
    ``Store``, each is also saved (``add``: link and save, wall-clock), as a run would."""
    from sitrep.records import RunInfo
    from sitrep.store import Batch, Store

    cpu, walls, adds = [], [], []
    start = dt.date(2020, 1, 1)
    base = state.s if isinstance(state, WindowOnly) else state
    for k in range(runs):
        # every other document reports a stored incident (the first report's), the others a new one
        target = base.incident(incident_id(f"e{rng.randrange(size)}r0#0")) if k % 2 == 0 else None
        docs, mentions = make_event(rng, 10_000_000 + k, start, days)
        docs, mentions = docs[:1], mentions[:1]
        if target is not None:
            m = mentions[0]
            mentions = [Mention(id=m.id, document_id=m.document_id, index=0, event_type=target.event_type,
                                sub_event_type=target.sub_event_type, date=target.date, place=target.place,
                                killed=target.killed, published=target.date.end + dt.timedelta(days=1))]
            docs = [Document(id=docs[0].id, text=docs[0].text, published=mentions[0].published)]
        copies_mod._CACHE.clear()
        t, w = time.process_time(), time.perf_counter()
        result = link_batch(docs, mentions, state)
        cpu.append(time.process_time() - t)
        walls.append(time.perf_counter() - w)
        if isinstance(state, Store):
            state.save_batch(Batch(
                run=RunInfo(run_id=f"bench-add-{k}", started=dt.datetime.now(dt.timezone.utc)),
                documents=docs, mentions=mentions, incidents=result.incidents,
                removed_incidents=result.removed, stories=result.stories,
                removed_stories=result.removed_stories, history=result.history,
                document_buckets=result.buckets, text_only=result.text_only))
            adds.append(time.perf_counter() - w)
    cpu.sort()
    return {"cpu": statistics.median(cpu), "p90": cpu[int(len(cpu) * 0.9)],
            "wall": statistics.median(walls), "add": statistics.median(adds) if adds else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--modes", nargs="+", default=["sqlite", "span", "dense", "dense/window"])
    ap.add_argument("--memory-max", type=int, default=100_000,
                    help="largest store the in-memory modes build (a million takes gigabytes)")
    args = ap.parse_args()
    print("time to link one new document (link_batch), CPU median / p90 and wall-clock median, ms;")
    print("into SQLite also link and save it (add med, wall-clock)")
    print(f"{'mode':<14}{'incidents':>10}{'days':>6}{'build s':>9}{'cpu med':>9}{'cpu p90':>9}{'wall med':>10}"
          f"{'add med':>9}")
    cache: dict[tuple, tuple] = {}
    with tempfile.TemporaryDirectory() as directory:
        for mode in args.modes:
            for size in args.sizes:
                if mode != "sqlite" and size > args.memory_max:
                    continue
                days = max(10, size // 100) if mode in ("span", "sqlite") else 365
                t = time.perf_counter()
                if mode == "sqlite":
                    state, rng = build_sqlite(size, days, directory)
                else:
                    if (size, days) not in cache:
                        cache[(size, days)] = build_store(size, days)
                    state, rng = cache[(size, days)]
                build = time.perf_counter() - t
                view = WindowOnly(state) if mode == "dense/window" else state
                found = measure(view, random.Random(size), args.runs, days, size)
                print(f"{mode:<14}{size:>10}{days:>6}{build:>9.1f}{found['cpu'] * 1000:>9.1f}"
                      f"{found['p90'] * 1000:>9.1f}{found['wall'] * 1000:>10.1f}{found['add'] * 1000:>9.1f}",
                      flush=True)
                if mode == "sqlite":
                    state.close()


if __name__ == "__main__":
    main()
