"""Run sitrep on the corpora under ../shared/corpus and print what the scorer says.

    python scripts/evaluate.py [--shared ../shared] [--corpus NAME] [--engine processes]
                               [--no-readme]

A corpus is a folder with manifest.jsonl (read as a folder) or docs.jsonl (read as one file)
and gold.json. Each corpus gets a fresh store under out/eval/NAME/ and is scored three times
by the shared scorer, run as it is (never copied here): whole, and each part of the fixed split
(``corpus_split``): the tuned part, which development reads, and the aside fifth, which it
never reads. A gap between the two parts is overfitting.

The scorer's figures go into the README's accuracy table (between its two markers, one row per
corpus and part, with the date and commit), which is written only here.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_split import ASIDE, TUNED, restrict_export, restrict_gold, split  # noqa: E402

README = ROOT / "README.md"
TABLE_START = "<!-- accuracy table: written by make eval (scripts/evaluate.py); do not edit -->"
TABLE_END = "<!-- end of accuracy table -->"
COLUMNS = ("corpus", "part", "gold", "recall", "grounded", "duplicates", "date", "location",
           "sub-type", "killed", "wounded", "stories", "measured")


def corpora(shared: Path, only: str | None) -> list[Path]:
    found = sorted(p for p in (shared / "corpus").iterdir()
                   if p.is_dir() and ((p / "manifest.jsonl").exists() or (p / "docs.jsonl").exists()))
    if only:
        found = [p for p in found if p.name == only]
        if not found:
            raise SystemExit(f"no corpus named {only!r} under {shared / 'corpus'}")
    return found


def score(shared: Path, gold: Path, incidents: Path, documents: Path | None = None) -> tuple[str, dict]:
    """The scorer's printed lines and its JSON result."""
    base = [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(incidents)]
    if documents is not None:
        base += ["--documents", str(documents)]
    printed = subprocess.run(base, text=True, capture_output=True)
    result = subprocess.run([*base, "--json"], text=True, capture_output=True)
    return printed.stdout + printed.stderr, json.loads(result.stdout) if result.returncode == 0 else {}


def evaluate(corpus: Path, shared: Path, engine: str) -> tuple[int, list[dict]]:
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
        return run.returncode, []
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "")
    gold_path = corpus / "gold.json"
    printed, whole = score(shared, gold_path, out / "incidents.json", out / "documents.jsonl")
    print(printed, end="")
    rows = [row(corpus.name, "whole", whole)]
    gold = json.loads(gold_path.read_text())
    export = json.loads((out / "incidents.json").read_text())
    parts = split(corpus)
    for part in (TUNED, ASIDE):
        keep = {doc for doc, p in parts.items() if p == part}
        part_gold = restrict_gold(gold, keep)
        if not part_gold["incidents"]:
            print(f"-- {corpus.name} {part} part: no gold incidents ({len(keep)} documents)")
            continue
        gold_file, export_file = out / f"gold-{part}.json", out / f"incidents-{part}.json"
        gold_file.write_text(json.dumps(part_gold))
        export_file.write_text(json.dumps(restrict_export(export, keep)))
        printed, result = score(shared, gold_file, export_file)
        print(f"-- {corpus.name} {part} part ({len(keep)} documents)")
        print("\n".join(line for line in printed.splitlines()
                        if not line.startswith(("missed", "false+"))))
        rows.append(row(corpus.name, part, result))
    return 0, rows


def row(corpus: str, part: str, result: dict) -> dict:
    incidents = result.get("incidents", {})
    fields = result.get("fields", {})
    matched = incidents.get("matched", 0)

    def figure(value) -> str:
        return "–" if value is None else f"{value:.3f}"
    duplicates = incidents.get("duplicates", 0)
    return {"corpus": corpus, "part": part, "gold": str(incidents.get("gold", "")),
            "recall": figure(incidents.get("recall")),
            "grounded": figure(incidents.get("grounded_recall")),
            "duplicates": f"{duplicates} ({100 * duplicates / matched:.1f}%)" if matched else str(duplicates),
            "date": figure(fields.get("date")), "location": figure(fields.get("location")),
            "sub-type": figure(fields.get("sub_event_type")), "killed": figure(fields.get("killed")),
            "wounded": figure(fields.get("wounded")),
            "stories": figure((result.get("stories") or {}).get("f1")), "measured": ""}


def update_readme(rows: list[dict]) -> None:
    """Rewrite the README's accuracy table: the rows of the corpora just run replace theirs,
    the others stay as they were."""
    text = README.read_text(encoding="utf-8")
    if TABLE_START not in text or TABLE_END not in text:
        print(f"README.md has no accuracy table markers; add {TABLE_START!r} and {TABLE_END!r}")
        return
    head, rest = text.split(TABLE_START, 1)
    old, tail = rest.split(TABLE_END, 1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip() or "?"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, text=True,
                           capture_output=True).stdout.strip()
    stamp = f"{dt.date.today().isoformat()} {commit}{'+' if dirty else ''}"
    previous = {}
    for line in old.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(COLUMNS) and cells[0] not in ("corpus", "---"):
            previous[(cells[0], cells[1])] = dict(zip(COLUMNS, cells))
    for r in rows:
        before = previous.get((r["corpus"], r["part"]))
        same = before is not None and all(before[c] == r[c] for c in COLUMNS if c != "measured")
        r["measured"] = before["measured"] if same else stamp   # unchanged figures keep their stamp
    run = {r["corpus"] for r in rows}
    kept = [r for key, r in previous.items() if key[0] not in run]
    order = {"whole": 0, TUNED: 1, ASIDE: 2}
    table = sorted(kept + rows, key=lambda r: (r["corpus"], order.get(r["part"], 3)))
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(r[c] for c in COLUMNS) + " |" for r in table]
    README.write_text(head + TABLE_START + "\n" + "\n".join(lines) + "\n" + TABLE_END + tail, encoding="utf-8")
    print(f"README.md accuracy table updated ({stamp})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpus")
    parser.add_argument("--engine", default="processes")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README's table")
    args = parser.parse_args()
    shared = Path(args.shared).resolve()
    if not (shared / "eval" / "score.py").exists():
        print(f"make eval needs the shared data beside the project: {shared}/eval/score.py was not found.")
        return 2
    status = 0
    rows: list[dict] = []
    for corpus in corpora(shared, args.corpus):
        code, corpus_rows = evaluate(corpus, shared, args.engine)
        status = code or status
        rows += corpus_rows
    if rows and not args.no_readme:
        update_readme(rows)
    return status


if __name__ == "__main__":
    sys.exit(main())
