"""A fast tuning loop: extract a corpus once, then re-link and score it in seconds.

    python scripts/devloop.py extract gva-dev [--subset 400]   # cache mentions in out/dev/
    python scripts/devloop.py link gva-dev                      # link the cache in memory, score it
    python scripts/devloop.py both baghdad

``extract`` writes out/dev/NAME.jsonl, the file ``sitrep extract`` writes (cleaned documents
and their mentions; ``sitrep link`` stores it); ``link`` reads it, links everything in one
batch into a ``MemoryState`` with the settings given (``--set``, as ``sitrep link --set``), writes out/dev/NAME/incidents.json
and prints the scorer's lines (``--json`` keeps the scorer's whole result in
out/dev/NAME/score.json for analysis; ``--no-link`` merges nothing, the linking-off
baseline, into out/dev/NAME-nolink/; ``--oracle`` clusters by the gold instead, the ceiling
of any linking of this extraction, into out/dev/NAME-oracle/). ``--subset N`` keeps N gold incidents of the corpus
(seeded shuffle) and only their documents, with a matching gold file, for quicker rounds.
This is a developer's tool: the product path is ``sitrep run`` (``make eval``).
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED = ROOT.parent / "shared"
OUT = ROOT / "out" / "dev"


def corpus_source(name: str) -> Path:
    corpus = SHARED / "corpus" / name
    return corpus if (corpus / "manifest.jsonl").exists() else corpus / "docs.jsonl"


def subset(name: str, size: int, seed: int = 1) -> tuple[Path, Path]:
    """A docs.jsonl and gold.json with ``size`` gold incidents and their documents."""
    corpus = SHARED / "corpus" / name
    gold = json.loads((corpus / "gold.json").read_text())
    incidents = list(gold["incidents"])
    random.Random(seed).shuffle(incidents)
    kept = incidents[:size]
    doc_ids = {s for i in kept for s in i["sources"]}
    out = OUT / f"{name}-{size}"
    out.mkdir(parents=True, exist_ok=True)
    with (corpus / "docs.jsonl").open() as src, (out / "docs.jsonl").open("w") as dst:
        for line in src:
            if json.loads(line)["id"] in doc_ids:
                dst.write(line)
    stories = [[d for d in s if d in doc_ids] for s in gold.get("stories", [])]
    sub_gold = dict(gold, incidents=kept, stories=[s for s in stories if s])
    (out / "gold.json").write_text(json.dumps(sub_gold))
    return out / "docs.jsonl", out / "gold.json"


def part(name: str, which: str) -> tuple[Path, Path]:
    """A docs.jsonl and gold.json of one part of the corpus (``corpus_split``): development
    reads only the tuned part; the aside part is for ``make eval`` to score."""
    from corpus_split import corpus_doc_ids, restrict_gold, split

    corpus = SHARED / "corpus" / name
    keep = {doc for doc, p in split(corpus).items() if p == which}
    out = OUT / f"{name}-{which}"
    out.mkdir(parents=True, exist_ok=True)
    source = corpus / "docs.jsonl"
    if not source.exists():
        raise SystemExit(f"--part needs a docs.jsonl corpus; {name} is a manifest folder")
    with source.open() as src, (out / "docs.jsonl").open("w") as dst:
        for line in src:
            if json.loads(line)["id"] in keep:
                dst.write(line)
    gold = json.loads((corpus / "gold.json").read_text())
    (out / "gold.json").write_text(json.dumps(restrict_gold(gold, keep)))
    return out / "docs.jsonl", out / "gold.json"


def paths_for(args) -> tuple[str, Path, Path]:
    if args.part:
        source, gold = part(args.corpus, args.part)
        return f"{args.corpus}-{args.part}", source, gold
    if args.subset:
        source, gold = subset(args.corpus, args.subset)
        return f"{args.corpus}-{args.subset}", source, gold
    return args.corpus, corpus_source(args.corpus), SHARED / "corpus" / args.corpus / "gold.json"


def extract(args) -> None:
    import sitrep

    label, source, _ = paths_for(args)
    label = args.label or label
    started = time.perf_counter()
    extraction = sitrep.extract_files([source], sitrep.RunOptions(engine=args.engine),
                                      out=OUT / f"{label}.jsonl")
    for problem in extraction.problems:
        print(f"  {problem}")
    print(f"extracted {len(extraction.read)} documents, {len(extraction.mentions)} mentions in "
          f"{time.perf_counter() - started:.1f} s ({len(extraction.problems)} problems)")


def _scorer():
    """The shared scorer as a module (used as it is, for its matching rules)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def oracle_clustering(gold_path: Path):
    """A ``cluster_mentions`` that groups mentions by the gold incident they report: the one
    of their document's gold incidents their own date and place fit by the scorer's rules.
    Mentions that fit none stay alone, as with linking off. What this scores is the most any
    linking of this extraction can match (with the stage's reconciliation)."""
    from sitrep.link.incidents import Cluster, canonical_key

    score = _scorer()
    gold = [score.prepare(g) for g in json.loads(gold_path.read_text())["incidents"]]
    by_doc: dict[str, list] = collections.defaultdict(list)
    for g in gold:
        for doc_id in g["sources"]:
            by_doc[doc_id].append(g)

    def fits(mention) -> str | None:
        if mention.place is None or mention.date is None:
            return None
        p = mention.place
        predicted = {"_date": (mention.date.start, mention.date.end),
                     "_place": score.place({"name": p.name, "admin1": p.admin1, "country": p.country,
                                            "lat": p.lat, "lon": p.lon, "precision": p.precision.value})}
        found = [g["id"] for g in by_doc.get(mention.document_id, ()) if score.compatible(g, predicted)]
        return found[0] if len(found) == 1 else None

    def cluster(mentions, pairs, config):
        groups: dict[str, list[str]] = {}
        for m in sorted(mentions, key=canonical_key):
            groups.setdefault(fits(m) or m.id, []).append(m.id)
        return [Cluster(ids, []) for ids in groups.values()]
    return cluster


def link(args) -> None:
    import dataclasses

    from sitrep.link import link_batch
    from sitrep.link.config import DEFAULT_CONFIG
    from sitrep.link.incidents import cluster_mentions
    from sitrep.link.memory import MemoryState
    from sitrep.present.export import write_documents_jsonl, write_json
    from sitrep.records import Modality
    from sitrep.stagefile import read_extraction

    label, _, gold = paths_for(args)
    label = args.label or label
    extraction = read_extraction(OUT / f"{label}.jsonl")
    read = set(extraction.read)
    readable = [d for d in extraction.documents if d.id in read]
    started = time.perf_counter()
    asserted = [m for m in extraction.mentions if m.modality == Modality.ASSERTED and m.date is not None]
    state = MemoryState()
    # --no-link: no two mentions merge (every linkable mention its own incident), the
    # baseline issue #4 compares recall against
    overrides = {}
    if args.no_link:
        overrides["merge_threshold"] = 2.0
    cluster = cluster_mentions
    if args.oracle:
        overrides["merge_threshold"] = 0.0      # every pair in one neighbourhood, for the oracle
        cluster = oracle_clustering(gold)
    config = dataclasses.replace(DEFAULT_CONFIG.with_settings(args.set), **overrides)
    result = link_batch(readable, asserted, state, config=config, cluster=cluster)
    state.apply(result, readable, extraction.mentions)
    seconds = time.perf_counter() - started
    variant = "-nolink" if args.no_link else "-oracle" if args.oracle else ""
    out = OUT / (args.out or f"{label}{variant}")
    out.mkdir(parents=True, exist_ok=True)
    claims = [c for m in extraction.mentions for c in m.claims]
    write_json(out / "incidents.json", state.incidents(), state.stories(), claims, extraction.documents)
    write_documents_jsonl(extraction.documents, out / "documents.jsonl")
    print(f"linked {len(asserted)} mentions into {len(state.incidents())} incidents in {seconds:.1f} s")
    score = [sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(out / "incidents.json")]
    lines = subprocess.run(score, text=True, capture_output=True).stdout.splitlines()
    for line in lines:
        if line.startswith("missed "):
            line = f"missed     {line.count(',') + 1} gold incidents (--json: {out.relative_to(ROOT)}/score.json)"
        if not line.startswith("false+ "):
            print(line)
    if args.json:
        result = subprocess.run([*score, "--json"], text=True, capture_output=True).stdout
        (out / "score.json").write_text(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("extract", "link", "both"))
    parser.add_argument("corpus")
    parser.add_argument("--subset", type=int, default=0)
    parser.add_argument("--part", choices=("tuned",),
                        help="only the tuned part of the corpus (the aside part is never read here)")
    parser.add_argument("--engine", default="processes")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-link", action="store_true", help="merge no mentions: the linking-off baseline")
    parser.add_argument("--oracle", action="store_true",
                        help="cluster mentions by the gold incident they fit: the ceiling of linking")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a LinkConfig field for this run (repeatable)")
    parser.add_argument("--out", help="write the linked result to out/dev/OUT/ (a variant's name)")
    parser.add_argument("--label", help="write / link out/dev/LABEL.jsonl instead (a variant of the cache)")
    args = parser.parse_args()
    if args.step in ("extract", "both"):
        extract(args)
    if args.step in ("link", "both"):
        link(args)


if __name__ == "__main__":
    main()
