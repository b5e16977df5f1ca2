"""Run sitrep on the corpora under ../shared/corpus and print what the scorer says.

    python scripts/evaluate.py [--shared ../shared] [--corpus NAME] [--engine processes]

A corpus is a folder with manifest.jsonl (read as a folder) or docs.jsonl (read as one file)
and gold.json. Each corpus gets a fresh store under out/eval/NAME/. The scorer is run as it
is, from ../shared/eval/score.py; it is never copied here.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpora(shared: Path, only: str | None) -> list[Path]:
    found = sorted(p for p in (shared / "corpus").iterdir()
                   if p.is_dir() and ((p / "manifest.jsonl").exists() or (p / "docs.jsonl").exists()))
    if only:
        found = [p for p in found if p.name == only]
        if not found:
            raise SystemExit(f"no corpus named {only!r} under {shared / 'corpus'}")
    return found


def evaluate(corpus: Path, shared: Path, engine: str) -> int:
    out = ROOT / "out" / "eval" / corpus.name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    source = corpus if (corpus / "manifest.jsonl").exists() else corpus / "docs.jsonl"
    sitrep = Path(sys.executable).parent / "sitrep"
    started = time.perf_counter()
    run = subprocess.run([str(sitrep), "run", str(source), "--db", str(out / "sitrep.db"), "--out", str(out),
                          "--quiet", "--engine", engine], text=True, capture_output=True)
    seconds = time.perf_counter() - started
    print(f"== {corpus.name}: sitrep run finished in {seconds:.1f} s (exit {run.returncode})")
    if run.returncode not in (0, 1):
        print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
        return run.returncode
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "")
    gold = corpus / "gold.json"
    score = [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(out / "incidents.json"),
             "--documents", str(out / "documents.jsonl")]
    scored = subprocess.run(score, text=True, capture_output=True)
    print(scored.stdout, scored.stderr, sep="", end="")
    return scored.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpus")
    parser.add_argument("--engine", default="processes")
    args = parser.parse_args()
    shared = Path(args.shared).resolve()
    if not (shared / "eval" / "score.py").exists():
        print(f"make eval needs the shared data beside the project: {shared}/eval/score.py was not found.")
        return 2
    status = 0
    for corpus in corpora(shared, args.corpus):
        status = evaluate(corpus, shared, args.engine) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
