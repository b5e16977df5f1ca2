"""The eval gate's slices and floors (tests/quality_gate.json), and how they are measured.

    python scripts/quality_gate.py            # measure the slices, print the figures
    python scripts/quality_gate.py --pin      # choose the slices (first time) and pin floors

A slice is a fixed set of documents of one corpus's tuned part (``corpus_split``; never the
aside fifth): for gva-dev and muc4-dev a seeded sample small enough for CI, for baghdad the
whole corpus. ``measure`` runs ``sitrep run`` on each slice into a fresh store and scores it
with the shared scorer against the gold restricted to the slice. Floors are the measured
figures less ``MARGIN`` (or exactly them, for baghdad, where every field is 1.000).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
GATE = ROOT / "tests" / "quality_gate.json"
SIZES = {"gva-dev": 150, "muc4-dev": 150}
MARGIN = 0.03
FIGURES = ("recall", "grounded_recall", "date", "location", "sub_event_type", "killed", "wounded",
           "stories")


def choose_slices(shared: Path) -> dict:
    from corpus_split import TUNED, split

    slices = {}
    for corpus in sorted(p for p in (shared / "corpus").iterdir() if (p / "gold.json").exists()):
        parts = split(corpus)
        tuned = sorted(d for d, p in parts.items() if p == TUNED)
        size = SIZES.get(corpus.name)
        ids = tuned if size is None else sorted(random.Random(f"gate:{corpus.name}").sample(tuned, size))
        slices[corpus.name] = {"documents": ids, "floors": {}}
    return slices


def _slice_input(corpus: Path, ids: set[str], work: Path) -> Path:
    """The slice as sitrep reads it: a folder with its manifest, or a JSON-lines file."""
    if (corpus / "manifest.jsonl").exists():
        folder = work / corpus.name
        folder.mkdir(parents=True, exist_ok=True)
        lines = []
        for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line)["id"] in ids:
                entry = json.loads(line)
                target = folder / entry["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(corpus / entry["path"], target)
                lines.append(line)
        (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder
    path = work / f"{corpus.name}.jsonl"
    with (corpus / "docs.jsonl").open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and json.loads(line)["id"] in ids:
                dst.write(line)
    return path


def measure(gate: dict, shared: Path, work: Path) -> dict[str, dict[str, float]]:
    from corpus_split import restrict_gold

    figures = {}
    sitrep = Path(sys.executable).parent / "sitrep"
    for name, spec in sorted(gate["slices"].items()):
        corpus = shared / "corpus" / name
        ids = set(spec["documents"])
        source = _slice_input(corpus, ids, work / "input")
        out = work / name
        run = subprocess.run([str(sitrep), "run", str(source), "--db", str(out / "sitrep.db"),
                              "--out", str(out), "--quiet"], text=True, capture_output=True)
        if run.returncode not in (0, 1):
            raise RuntimeError(f"sitrep run failed on the {name} slice: {run.stderr[-2000:]}")
        gold = restrict_gold(json.loads((corpus / "gold.json").read_text()), ids)
        (out / "gold.json").write_text(json.dumps(gold))
        scored = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out / "gold.json"),
                                 str(out / "incidents.json"), "--json"], text=True, capture_output=True,
                                check=True)
        result = json.loads(scored.stdout)
        got = {"recall": result["incidents"]["recall"],
               "grounded_recall": result["incidents"]["grounded_recall"],
               "stories": (result.get("stories") or {}).get("f1")}
        for field in ("date", "location", "sub_event_type", "killed", "wounded"):
            got[field] = result["fields"].get(field)
        figures[name] = {k: v for k, v in got.items() if v is not None}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--pin", action="store_true", help="write the measured figures less the margin as floors")
    parser.add_argument("--work", default=str(ROOT / "out" / "gate"))
    args = parser.parse_args()
    shared = Path(args.shared).resolve()
    gate = json.loads(GATE.read_text()) if GATE.exists() else {"slices": choose_slices(shared)}
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    figures = measure(gate, shared, work)
    for name, got in figures.items():
        print(name, {k: round(v, 3) for k, v in got.items()})
        if args.pin:
            margin = 0.0 if all(v == 1.0 for v in got.values()) else MARGIN
            gate["slices"][name]["floors"] = {k: round(max(0.0, v - margin), 3) for k, v in got.items()}
    if args.pin:
        gate["about"] = ("The eval gate of tests/test_quality_gate.py: frozen slices (document ids of the "
                         "tuned part) and the floors their scores must reach; written by "
                         "scripts/quality_gate.py --pin.")
        GATE.write_text(json.dumps(gate, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"pinned floors in {GATE}")


if __name__ == "__main__":
    main()
