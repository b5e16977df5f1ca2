"""Growth curves: a whole ``sitrep run`` over generated corpora of 1k, 10k and 100k documents.

    .venv/bin/python benchmarks/bench_growth.py [--shared ../shared] [--sizes 1000 10000 100000]
                                               [--engine processes] [--work DIR] [--adds 7]

Each corpus is drawn from gva-dev with replacement (seeded). The k-th draw of a document is
shifted by k whole years (its publication date and every year its text names) and ends with
a line naming the copy, so that every draw is a new text reporting new incidents, not a
duplicate of another. Each size runs the installed ``sitrep`` command into a fresh SQLite
store, as a user would (``--quiet``), and prints:

- documents per second of the whole run (ingest to store, outputs written);
- peak resident memory: of the largest process, and of all the run's processes together
  (sampled from /proc every half second);
- the store's size on disk;
- the time to add one more document to the finished store: the median of ``--adds`` new
  draws, each a ``pipeline.run`` of one document in this process (model loaded, store open).

The corpora and stores go to a temporary folder (``--work`` keeps them). The 100k run takes
one to two hours on two cores.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def shifted(record: dict, years: int) -> dict:
    """``record`` (a gva-dev line) as its ``years``-th copy: every date moved by whole years."""
    if years == 0:
        return record

    def move(text: str) -> str:
        return YEAR.sub(lambda m: str(int(m.group(1)) + years), text or "")

    out = dict(record, id=f"{record['id']}-{years}", title=move(record.get("title", "")),
               text=move(record.get("text", "")) + f"\n\n(Archive copy {years}.)")
    if record.get("published"):
        day = dt.date.fromisoformat(record["published"][:10])
        try:
            day = day.replace(year=day.year + years)
        except ValueError:           # 29 February in a year that has none
            day = day.replace(year=day.year + years, day=28)
        out["published"] = day.isoformat()
    return out


class Drawer:
    """Draws gva-dev records with replacement; the k-th draw of one is shifted by k years."""

    def __init__(self, source: Path, seed: int = 5):
        self.records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()
                        if line.strip()]
        self.rng = random.Random(seed)
        self.drawn: Counter = Counter()

    def draw(self) -> dict:
        record = self.rng.choice(self.records)
        years = self.drawn[record["id"]]
        self.drawn[record["id"]] += 1
        return shifted(record, years)

    def write(self, path: Path, n: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            for _ in range(n):
                out.write(json.dumps(self.draw()) + "\n")
        return path


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (worker processes, the fork server and its children)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """Peak RSS of one process tree: the largest process, and the tree's sum."""

    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.largest = self.total = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sizes = [_rss_mb(p) for p in _tree(self.pid)]
            if sizes:
                self.largest = max(self.largest, max(sizes))
                self.total = max(self.total, sum(sizes))
            self.done.wait(self.every)


def whole_run(corpus: Path, db: Path, out: Path, engine: str) -> dict:
    sitrep = Path(sys.executable).parent / "sitrep"
    started = time.perf_counter()
    process = subprocess.Popen([str(sitrep), "run", str(corpus), "--db", str(db), "--out", str(out),
                                "--quiet", "--engine", engine],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"sitrep run failed ({process.returncode}):\n{stdout[-2000:]}\n{stderr[-2000:]}")
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {"seconds": seconds, "largest_mb": sampler.largest, "total_mb": sampler.total,
            "store_mb": size / 2**20}


def add_one(db: Path, drawer: Drawer, folder: Path, adds: int) -> float:
    """Median seconds to run the pipeline over one new document into the store at ``db``."""
    from sitrep.parse import load_nlp
    from sitrep.pipeline import run
    from sitrep.store import Store

    load_nlp()
    times = []
    with Store.open(db) as store:
        for k in range(adds):
            path = drawer.write(folder / f"one-{k}.jsonl", 1)
            started = time.perf_counter()
            run([path], store)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--engine", default="processes")
    ap.add_argument("--work", help="keep the corpora and stores in this folder")
    ap.add_argument("--adds", type=int, default=7)
    args = ap.parse_args()
    source = Path(args.shared) / "corpus" / "gva-dev" / "docs.jsonl"
    if not source.exists():
        print(f"bench_growth needs {source}; skipped")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        print(f"whole sitrep run (--engine {args.engine}) over gva-dev drawn with replacement, "
              "each copy shifted by whole years")
        print(f"{'documents':>10}{'docs/s':>9}{'seconds':>9}{'peak MB':>9}{'all MB':>9}"
              f"{'store MB':>10}{'add one ms':>12}", flush=True)
        for size in args.sizes:
            folder = work / f"growth-{size}"
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("sitrep.db*"):
                old.unlink()
            drawer = Drawer(source)
            corpus = drawer.write(folder / "docs.jsonl", size)
            found = whole_run(corpus, folder / "sitrep.db", folder / "out", args.engine)
            add = add_one(folder / "sitrep.db", drawer, folder, args.adds)
            print(f"{size:>10}{size / found['seconds']:>9.1f}{found['seconds']:>9.0f}"
                  f"{found['largest_mb']:>9.0f}{found['total_mb']:>9.0f}{found['store_mb']:>10.0f}"
                  f"{add * 1000:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
