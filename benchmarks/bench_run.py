"""Time of a whole ``sitrep run`` over gva-dev (5,263 articles) into a fresh SQLite store.

    .venv/bin/python benchmarks/bench_run.py [--shared ../shared] [--engine processes] [--limit N]

Runs the installed ``sitrep`` command as a user would (ingest, clean, extract, link,
reconcile, store, write incidents.json), in a temporary folder, and prints the wall time,
documents per second, the incidents stored and the peak memory of the run's processes.
``--limit N`` runs on the first N documents only (for a quick look).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--engine", default="processes")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    source = Path(args.shared) / "corpus" / "gva-dev" / "docs.jsonl"
    if not source.exists():
        print(f"bench_run needs {source}; skipped")
        return 0
    sitrep = Path(sys.executable).parent / "sitrep"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.limit:
            lines = source.read_text(encoding="utf-8").splitlines()[:args.limit]
            source = tmp / "docs.jsonl"
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        documents = sum(1 for _ in source.open(encoding="utf-8"))
        started = time.perf_counter()
        run = subprocess.run([str(sitrep), "run", str(source), "--db", str(tmp / "sitrep.db"),
                              "--out", str(tmp / "out"), "--quiet", "--engine", args.engine],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode not in (0, 1):
            print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
            return run.returncode
        incidents = len(json.loads((tmp / "out" / "incidents.json").read_text())["incidents"])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"whole run ({args.engine}): {documents} documents in {seconds:.1f} s "
          f"({documents / seconds:.1f} docs/s), {incidents} incidents stored, "
          f"peak memory of one process {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
