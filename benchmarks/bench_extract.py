"""Extraction throughput and memory on gva-dev, next to spaCy's own full-pipeline throughput.

    python benchmarks/bench_extract.py [--shared ../shared] [--documents 600]

Prints documents/s and words/s on one core for (a) sitrep's extraction (selective parsing
plus the components) and (b) spaCy's en_core_web_sm, every component, over the full text of
the same documents, their ratio, and the peak resident memory of the process. One process,
one core: times are the process's CPU time, so other load on the machine changes them little;
divide a corpus's size by the per-core figure and the number of workers to estimate a run.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_documents(shared: Path, n: int):
    from sitrep.clean import clean_documents
    from sitrep.ingest import read_inputs
    from sitrep.records import Document

    docs = [d for d in read_inputs([shared / "corpus" / "gva-dev" / "docs.jsonl"]) if isinstance(d, Document)]
    random.Random(7).shuffle(docs)
    return clean_documents(docs[:n])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "corpus" / "gva-dev" / "docs.jsonl").exists():
        print(f"bench_extract needs {shared}/corpus/gva-dev/docs.jsonl")
        return 2
    from sitrep.engine import BATCH_SIZE, Job, read_batch
    from sitrep.parse import load_nlp

    docs = load_documents(shared, args.documents)
    words = sum(len(d.content.split()) for d in docs)
    nlp = load_nlp()
    read_batch([Job(docs[0])])  # warm caches: gazetteer, lexicons, the truecaser's model
    memory_before = peak_rss_mb()

    # as a worker of any engine extracts: batches of documents, their paragraphs parsed together
    started = time.process_time()
    mentions = sum(len(r.extracted.mentions) for i in range(0, len(docs), BATCH_SIZE)
                   for r in read_batch([Job(d) for d in docs[i:i + BATCH_SIZE]]))
    sitrep_seconds = time.process_time() - started

    started = time.process_time()
    for _ in nlp.pipe((d.content for d in docs), batch_size=32):
        pass
    spacy_seconds = time.process_time() - started

    figures = {
        "documents": len(docs),
        "words": words,
        "mentions": mentions,
        "sitrep_docs_per_s": len(docs) / sitrep_seconds,
        "sitrep_words_per_s": words / sitrep_seconds,
        "spacy_full_docs_per_s": len(docs) / spacy_seconds,
        "spacy_full_words_per_s": words / spacy_seconds,
        "sitrep_over_spacy": spacy_seconds / sitrep_seconds,
        "peak_rss_mb_after_load": memory_before,
        "peak_rss_mb": peak_rss_mb(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"extraction on {len(docs)} gva-dev documents ({words:,} words), one core:")
    print(f"  sitrep extract      {figures['sitrep_docs_per_s']:8.1f} docs/s  {figures['sitrep_words_per_s']:10,.0f} words/s"
          f"  ({mentions} mentions)")
    print(f"  spaCy full pipeline {figures['spacy_full_docs_per_s']:8.1f} docs/s  {figures['spacy_full_words_per_s']:10,.0f} words/s")
    print(f"  sitrep / spaCy      {figures['sitrep_over_spacy']:8.2f}x words per second per core")
    print(f"  peak memory         {figures['peak_rss_mb']:8.0f} MB  ({figures['peak_rss_mb_after_load']:.0f} MB after loading models)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
