"""JSON API latency: p50/p95 of filtered incident queries over a store of thousands.

    python benchmarks/bench_api.py [--shared ../shared] [--db STORE] [--synthetic 10000]
                                   [--requests 300] [--json] [--concurrency 20]

The store: ``--db`` if given; else gva-dev (``SHARED/corpus/gva-dev``) run through the
pipeline once and cached in ``build/bench-api-gva.db``; if the pipeline fails (or with
``--synthetic N``), N synthetic incidents (default 10,000: four years, 24 countries, every
event type, one document each) saved through the store API into ``build/``.

Requests go through FastAPI's TestClient, so a figure includes routing, validation, the
store query, the view model and JSON serialisation, but no network. A bounded, seeded mix:
date ranges, event type, country, place, actor, full-text ``q``, deep pages, combinations,
one incident's detail, a document, and ``/api/search``. Target: p95 under 100 ms.

``--concurrency N``: the same mix against a real server on loopback instead (``sitrep
serve`` in a child process, as a user starts it), from N concurrent clients (asyncio and
httpx in this process), each sending its next request as soon as the last one is answered;
bounded by ``--requests``. It prints requests/s, p50/p95/p99, errors, and what the machine
was doing meanwhile: the CPU the server, this client and every other process used.
Target: p95 at most 200 ms and no errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
TARGET_P95_MS = 100.0
TARGET_CONCURRENT_P95_MS = 200.0

COUNTRIES = {  # code: (lat, lon, places)
    "IQ": (33.3, 44.4, ["Baghdad", "Mosul", "Basra", "Kirkuk", "Erbil"]),
    "SY": (36.2, 37.1, ["Aleppo", "Idlib", "Homs", "Deir ez-Zor"]),
    "AF": (34.5, 69.2, ["Kabul", "Kandahar", "Herat", "Jalalabad"]),
    "YE": (15.4, 44.2, ["Sanaa", "Aden", "Taiz", "Marib"]),
    "SO": (2.0, 45.3, ["Mogadishu", "Kismayo", "Baidoa"]),
    "NG": (11.8, 13.2, ["Maiduguri", "Kano", "Zaria"]),
    "ML": (12.6, -8.0, ["Bamako", "Gao", "Mopti"]),
    "BF": (12.4, -1.5, ["Ouagadougou", "Djibo", "Dori"]),
    "UA": (48.0, 37.8, ["Donetsk", "Kharkiv", "Kherson"]),
    "MX": (20.7, -103.3, ["Guadalajara", "Culiacan", "Tijuana"]),
    "CO": (4.7, -74.1, ["Bogota", "Cali", "Cucuta"]),
    "US": (41.9, -87.6, ["Chicago", "Houston", "Memphis", "Baltimore"]),
    "PK": (34.0, 71.5, ["Peshawar", "Quetta", "Karachi"]),
    "IN": (34.1, 74.8, ["Srinagar", "Imphal", "Raipur"]),
    "PH": (7.2, 124.2, ["Cotabato", "Marawi", "Jolo"]),
    "CD": (-1.7, 29.2, ["Goma", "Beni", "Bunia"]),
    "SD": (15.6, 32.5, ["Khartoum", "El Fasher", "Nyala"]),
    "ET": (13.5, 39.5, ["Mekele", "Gondar", "Dessie"]),
    "LY": (32.9, 13.2, ["Tripoli", "Benghazi", "Sirte"]),
    "MZ": (-12.9, 40.5, ["Pemba", "Palma", "Mocimboa da Praia"]),
    "CM": (4.2, 9.2, ["Buea", "Bamenda", "Kousseri"]),
    "LB": (33.9, 35.5, ["Beirut", "Tyre", "Nabatieh"]),
    "IL": (31.5, 34.5, ["Gaza", "Sderot", "Ashkelon"]),
    "MM": (21.9, 96.1, ["Mandalay", "Sittwe", "Myitkyina"]),
}
TYPES = {
    "Battles": ["Armed clash", "Government regains territory"],
    "Explosions/Remote violence": ["Shelling/artillery/missile attack", "Air/drone strike",
                                   "Remote explosive/landmine/IED", "Suicide bomb"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Looting/property destruction", "Arrests"],
}
ACTORS = ["Islamic State", "Al-Shabaab", "Taliban", "Military Forces", "Police Forces",
          "Unidentified Armed Group", "Wagner Group", "Boko Haram", "Houthis", "militia",
          "gunmen", "civilians", "protesters", "soldiers", "journalists"]
WORDS = ["rockets", "mortar", "gunfire", "ambush", "checkpoint", "convoy", "market", "village",
         "embassy", "airport", "drone", "roadside", "bomb", "clash", "raid", "curfew",
         "hostages", "pipeline", "barracks", "mosque", "school", "hospital", "bridge"]


# ----------------------------------------------------------------------------- stores


def synthetic_store(path: Path, n: int, seed: int = 7):
    """``n`` incidents (one document and mention each, a killed claim each) in ``path``."""
    from sitrep.records import (Claim, Count, DateInterval, Document, GeoPrecision, Incident,
                                Mention, Place, RunInfo)
    from sitrep.store import Batch, Store

    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.open(path)
    rng = random.Random(seed)
    first = dt.date(2020, 1, 1)
    chunk = 2000
    for base in range(0, n, chunk):
        documents, mentions, incidents = [], [], []
        for k in range(base, min(n, base + chunk)):
            country = rng.choice(list(COUNTRIES))
            lat, lon, places = COUNTRIES[country]
            place_name = rng.choice(places)
            etype = rng.choice(list(TYPES))
            sub = rng.choice(TYPES[etype])
            day = first + dt.timedelta(days=rng.randrange(4 * 365))
            killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 12])
            perp, target = rng.choice(ACTORS), rng.choice(ACTORS)
            words = " ".join(rng.sample(WORDS, 3))
            sentence = (f"{perp} attacked {target} in {place_name} on {day:%A}, killing "
                        f"{killed} people ({words}).")
            doc = Document(id=f"doc{k:06d}", title=f"{sub} in {place_name}", text=sentence,
                           published=day + dt.timedelta(days=1), source="Synthetic Wire",
                           url=f"https://example.org/doc{k:06d}", language="en")
            start = doc.content.index(sentence)
            value = {"low": killed, "best": killed, "high": killed, "reported": True, "text": ""}
            claim = Claim(id=Claim.make_id(doc.id, "killed", start, start + len(sentence),
                                           value),
                          document_id=doc.id, mention_id=f"{doc.id}#0", field="killed",
                          value=value, start=start, end=start + len(sentence), quote=sentence,
                          said_by="police", extractor="bench.synthetic.v1")
            place = Place(name=place_name, country=country, admin1=place_name,
                          lat=lat + rng.uniform(-1, 1), lon=lon + rng.uniform(-1, 1),
                          precision=GeoPrecision.CITY)
            date = DateInterval(day, day)
            count = Count.exact(killed)
            mention = Mention(id=f"{doc.id}#0", document_id=doc.id, index=0, event_type=etype,
                              sub_event_type=sub, date=date, place=place, killed=count,
                              perpetrators=(perp,), targets=(target,), summary=sentence,
                              claims=(claim,), published=doc.published)
            documents.append(doc)
            mentions.append(mention)
            incidents.append(Incident(
                id=f"i{k:06d}", event_type=etype, sub_event_type=sub, date=date, place=place,
                killed=count, perpetrators=(perp,), targets=(target,),
                mention_ids=(mention.id,), sources=(doc.id,), independent_sources=1,
                claim_ids=(claim.id,), first_reported=doc.published,
                last_reported=doc.published, summary=sentence))
        run = RunInfo(run_id=f"bench-{base}", started=dt.datetime.now(dt.timezone.utc))
        store.save_batch(Batch(run=run, documents=documents, mentions=mentions,
                               incidents=incidents))
    return store


def corpus_store(shared: Path):
    """gva-dev through the pipeline, cached; None when the pipeline cannot build it."""
    corpus = shared / "corpus" / "gva-dev" / "docs.jsonl"
    if not corpus.exists():
        return None, f"no corpus at {corpus}"
    from sitrep.store import Store

    cached = BUILD / "bench-api-gva.db"
    stamp = BUILD / "bench-api-gva.stamp"
    key = f"{corpus.stat().st_size}:{corpus.stat().st_mtime_ns}"
    if cached.exists() and stamp.exists() and stamp.read_text() == key:
        store = Store.open(cached)
        if store.counts().get("incidents", 0):
            return store, "gva-dev (cached pipeline run)"
        store.close()
    BUILD.mkdir(exist_ok=True)
    for leftover in (cached, Path(f"{cached}-wal"), Path(f"{cached}-shm"), stamp):
        leftover.unlink(missing_ok=True)
    try:
        from sitrep.pipeline import RunOptions, run

        store = Store.open(cached)
        started = time.perf_counter()
        run([corpus], store, RunOptions(engine="processes"))
        took = time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - any failure means: use the synthetic store
        return None, f"the pipeline failed on gva-dev ({type(exc).__name__}: {exc})"
    if not store.counts().get("incidents", 0):
        store.close()
        return None, "the pipeline found no incidents in gva-dev"
    stamp.write_text(key)
    return store, f"gva-dev (pipeline run, {took:.0f} s)"


# ----------------------------------------------------------------------------- requests


def request_mix(store, n: int, seed: int = 11) -> list[tuple[str, str, dict]]:
    """``n`` (kind, path, params) requests, seeded, drawn from what the store holds."""
    total, sample = store.query_incidents(limit=400, order="-date")
    _, older = store.query_incidents(limit=400)
    sample = sample + older
    rng = random.Random(seed)
    dated = [i for i in sample if i.date and i.date.start]
    countries = sorted({i.place.country for i in sample if i.place and i.place.country})
    places = sorted({i.place.name for i in sample if i.place})
    actors = sorted({a for i in sample for a in (*i.perpetrators, *i.targets)})
    types = sorted({i.event_type for i in sample})
    words = sorted({w.strip(".,()").lower() for i in sample for w in i.summary.split()
                    if len(w) > 4 and w.isalpha()})
    docs = [d for i in sample for d in i.sources]
    days = [i.date.start for i in dated] or [dt.date(2020, 1, 1)]

    def window(span: int) -> dict:
        start = rng.choice(days)
        return {"start": start.isoformat(), "end": (start + dt.timedelta(days=span)).isoformat()}

    kinds = [
        ("date range", lambda: ("/api/incidents", window(rng.choice([7, 30, 90])))),
        ("event type", lambda: ("/api/incidents", {"event_type": rng.choice(types)})),
        ("country", lambda: ("/api/incidents", {"country": rng.choice(countries)}
                             if countries else {})),
        ("place", lambda: ("/api/incidents", {"place": rng.choice(places)} if places else {})),
        ("actor", lambda: ("/api/incidents", {"actor": rng.choice(actors)} if actors else {})),
        ("text q", lambda: ("/api/incidents", {"q": rng.choice(words)} if words else {})),
        ("paging", lambda: ("/api/incidents", {"offset": rng.randrange(max(1, total - 50)),
                                               "limit": 50})),
        ("combined", lambda: ("/api/incidents", {**window(365), "event_type": rng.choice(types),
                                                 **({"country": rng.choice(countries)}
                                                    if countries else {})})),
        ("newest first", lambda: ("/api/incidents", {"order": "-date",
                                                     "offset": rng.randrange(200)})),
        ("detail", lambda: (f"/api/incidents/{rng.choice(sample).id}", {})),
        ("document", lambda: (f"/api/documents/{rng.choice(docs)}", {})),
        ("search", lambda: ("/api/search", {"q": rng.choice(words) if words else "attack"})),
    ]
    out = []
    for k in range(n):
        name, make = kinds[k % len(kinds)]
        path, params = make()
        out.append((name, path, params))
    rng.shuffle(out)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(client, requests: list[tuple[str, str, dict]]) -> dict[str, list[tuple[float, float]]]:
    """(round trip, time in the app) in ms per request kind; the app's own time comes from
    the ``Server-Timing`` header, so it leaves out the test client's thread hops."""
    timings: dict[str, list[tuple[float, float]]] = {}
    for name, path, params in requests:
        started = time.perf_counter()
        response = client.get(path, params=params)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} {params} -> {response.status_code}: {response.text[:200]}")
        in_app = float(response.headers.get("server-timing", "app;dur=nan").split("dur=")[1])
        timings.setdefault(name, []).append((elapsed, in_app))
    return timings


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1)}


# ----------------------------------------------------------------------------- under load


def _cpu_ticks(pid: int | None = None) -> int:
    """CPU clock ticks used so far: by a process and its children alive or ended (user +
    system), or by the whole machine (every state but idle and iowait) when ``pid`` is None."""
    if pid is None:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return sum(int(v) for i, v in enumerate(fields) if i not in (3, 4))
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue                       # ended meanwhile
    tree, grew = {pid}, True
    while grew:
        children = {p for p, stat in stats.items() if int(stat[1]) in tree} - tree
        tree |= children
        grew = bool(children)
    # utime, stime, and the times of waited-for children (cutime, cstime)
    return sum(sum(int(v) for v in stats[p][11:15]) for p in tree if p in stats)


def _serve(db: str, port: int):
    """``sitrep serve`` in a child process, once it answers."""
    import subprocess
    import urllib.request

    server = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db", db,
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/incidents?limit=1",
                                        timeout=5):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("the server did not start")
            time.sleep(0.2)


async def _load(base: str, requests: list[tuple[str, str, dict]], concurrency: int
                ) -> tuple[list[tuple[str, float]], list[str], float]:
    """Send ``requests`` from ``concurrency`` clients; (kind, ms) per answer, errors, seconds."""
    import asyncio

    import httpx

    queue = list(reversed(requests))
    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def worker() -> None:
            while queue:
                name, path, params = queue.pop()
                started = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    status, response = type(exc).__name__, None
                timings.append((name, (time.perf_counter() - started) * 1000))
                if status != 200:
                    errors.append(f"{path} {params} -> {status}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings, errors, time.perf_counter() - started


def concurrent_run(db: str, requests: list[tuple[str, str, dict]], concurrency: int) -> dict:
    """The request mix against ``sitrep serve`` from ``concurrency`` clients at once."""
    import asyncio

    from sitrep.present.web.app import create_app  # noqa: F401 - fail here, not in the child

    port = _free_port()
    server = _serve(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(_load(base, requests[:concurrency * 2], concurrency))    # warm up
        ticks = os.sysconf("SC_CLK_TCK")

        def own() -> float:        # this process alone (its tree holds the server)
            return (os.times().user + os.times().system) * ticks

        before = (_cpu_ticks(), _cpu_ticks(server.pid), own())
        load_before = os.getloadavg()[0]
        timings, errors, seconds = asyncio.run(_load(base, requests, concurrency))
        after = (_cpu_ticks(), _cpu_ticks(server.pid), own())
    finally:
        server.terminate()
        server.wait(timeout=30)
    used = [(b - a) / ticks / seconds for a, b in zip(before, after)]   # cores, on average
    values = [ms for _, ms in timings]
    by_kind: dict[str, list[float]] = {}
    for name, ms in timings:
        by_kind.setdefault(name, []).append(ms)
    return {
        "concurrency": concurrency, "requests": len(timings), "errors": len(errors),
        "error_examples": errors[:5], "seconds": round(seconds, 1),
        "requests_per_s": round(len(timings) / seconds, 1),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1), "max_ms": round(max(values), 1),
        "by_kind": {k: summary(v) for k, v in sorted(by_kind.items())},
        "cpu_cores": {"machine": round(used[0], 2), "server": round(used[1], 2),
                      "client": round(used[2], 2),
                      "other processes": round(max(0.0, used[0] - used[1] - used[2]), 2)},
        "load_average_before": round(load_before, 1), "cpus": os.cpu_count(),
        "target_p95_ms": TARGET_CONCURRENT_P95_MS,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def print_concurrent(result: dict, origin: str, counts: dict) -> None:
    print(f"store: {origin}: {counts.get('incidents', 0)} incidents, "
          f"{counts.get('documents', 0)} documents")
    print(f"{result['concurrency']} concurrent clients, {result['requests']} requests in "
          f"{result['seconds']} s: {result['requests_per_s']} requests/s, "
          f"{result['errors']} errors {result['error_examples'] or ''}")
    print(f"{'query':<14} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, row in result["by_kind"].items():
        n = round(result["requests"] / len(result["by_kind"]))
        print(f"{kind:<14} {n:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f}")
    verdict = "meets" if result["p95_ms"] <= TARGET_CONCURRENT_P95_MS and not \
        result["errors"] else "MISSES"
    print(f"all: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 "
          f"{result['p99_ms']} ms, max {result['max_ms']} ms ({verdict} the p95 <= "
          f"{TARGET_CONCURRENT_P95_MS:.0f} ms, no errors target)")
    cpu = result["cpu_cores"]
    print(f"meanwhile, of {result['cpus']} cores: server {cpu['server']}, client "
          f"{cpu['client']}, other processes {cpu['other processes']} (machine "
          f"{cpu['machine']}); load average before {result['load_average_before']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--db", help="an existing store to query instead of building one")
    parser.add_argument("--synthetic", type=int, default=0,
                        help="skip the corpus; build this many synthetic incidents")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--concurrency", type=int, default=0,
                        help="clients at once against a real server on loopback")
    args = parser.parse_args()

    import warnings

    warnings.filterwarnings("ignore", message=".*httpx.*")   # TestClient over httpx
    from fastapi.testclient import TestClient

    from sitrep.present.web.app import create_app
    from sitrep.store import Store

    if args.db:
        store, origin = Store.open(args.db), args.db
    else:
        store, origin = (None, "synthetic requested") if args.synthetic else \
            corpus_store(Path(args.shared))
        if store is None:
            n = args.synthetic or 10_000
            print(f"store: {origin}; building {n} synthetic incidents instead", flush=True)
            BUILD.mkdir(exist_ok=True)
            started = time.perf_counter()
            store = synthetic_store(BUILD / "bench-api-synthetic.db", n)
            origin = f"synthetic, {n} incidents (built in {time.perf_counter() - started:.0f} s)"
    counts = store.counts()
    requests = request_mix(store, args.requests)
    if args.concurrency:
        url = store.url
        store.close()
        result = concurrent_run(url, requests, args.concurrency)
        if args.json:
            print(json.dumps({"store": origin, **counts, **result}, indent=2))
        else:
            print_concurrent(result, origin, counts)
        return 0 if result["p95_ms"] <= TARGET_CONCURRENT_P95_MS and not result["errors"] \
            else 1
    with TestClient(create_app(store)) as client:
        measure(client, requests[:20])                              # warm caches and pools
        timings = measure(client, requests)
        overview = measure(client, [("overview", "/api/overview", {})] * 5)["overview"]
    store.close()

    trips = [t for ts in timings.values() for t, _ in ts]
    in_app = [a for ts in timings.values() for _, a in ts]
    result = {
        "store": origin, "incidents": counts.get("incidents", 0),
        "documents": counts.get("documents", 0), "requests": len(trips),
        **summary(trips), "max_ms": round(max(trips), 1),
        "in_app": summary(in_app),
        "by_kind": {k: {"n": len(v), **summary([t for t, _ in v]),
                        "in_app": summary([a for _, a in v])}
                    for k, v in sorted(timings.items())},
        "overview_5000_p50_ms": round(statistics.median(t for t, _ in overview), 1),
        "target_p95_ms": TARGET_P95_MS,
        "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"store: {result['store']}: {result['incidents']} incidents, "
              f"{result['documents']} documents; load average {result['load_average']} on "
              f"{result['cpus']} CPUs")
        print(f"{'query':<14} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}   {'in app p50':>10} "
              f"{'p95':>6}")
        for kind, row in result["by_kind"].items():
            print(f"{kind:<14} {row['n']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f}   "
                  f"{row['in_app']['p50_ms']:>10.1f} {row['in_app']['p95_ms']:>6.1f}")
        verdict = "meets" if result["p95_ms"] < TARGET_P95_MS else "MISSES"
        print(f"{'all':<14} {result['requests']:>4} {result['p50_ms']:>8.1f} "
              f"{result['p95_ms']:>8.1f}   {result['in_app']['p50_ms']:>10.1f} "
              f"{result['in_app']['p95_ms']:>6.1f}   ({verdict} the p95 < "
              f"{TARGET_P95_MS:.0f} ms target)")
        print(f"overview (map + timeline, up to 5000 incidents): p50 "
              f"{result['overview_5000_p50_ms']:.0f} ms")
    return 0 if result["p95_ms"] < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
