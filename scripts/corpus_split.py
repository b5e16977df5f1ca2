"""A fixed fifth of each corpus set aside: scored, never read, never trained on.

    from corpus_split import parts, restrict_gold, restrict_export

A document's part is decided by its id alone (a SHA-256 of the corpus name and the smallest
document id of the gold story group it belongs to), so the split never changes as code or data
change. Documents the gold links (one story, or one incident's sources) land in the same part:
no gold incident straddles the two parts, and each part can be scored on its own.

The tuned part is what development reads (devloop, error analysis, ``make train``); the aside
part is only ever scored (``make eval`` prints both), so a gap between the two is overfitting.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

TUNED, ASIDE = "tuned", "aside"
ASIDE_EVERY = 5                 # one fifth aside


def _groups(gold: dict) -> dict[str, str]:
    """Each document id to the smallest id of the gold group it belongs to (union-find over
    the gold's stories and its incidents' sources)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(ids) -> None:
        ids = list(ids)
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)

    for story in gold.get("stories", []):
        union(story)
    for incident in [*gold.get("incidents", []), *gold.get("optional", [])]:
        union(incident.get("sources", []))
    return {doc: find(doc) for doc in list(parent)}


def part_of(corpus: str, doc_id: str, groups: dict[str, str]) -> str:
    key = f"{corpus}:{groups.get(doc_id, doc_id)}".encode()
    return ASIDE if int(hashlib.sha256(key).hexdigest(), 16) % ASIDE_EVERY == 0 else TUNED


def parts(corpus_dir: Path, doc_ids) -> dict[str, str]:
    """Every document id of ``doc_ids`` to its part."""
    gold = json.loads((corpus_dir / "gold.json").read_text())
    groups = _groups(gold)
    return {doc: part_of(corpus_dir.name, doc, groups) for doc in doc_ids}


def corpus_doc_ids(corpus_dir: Path) -> list[str]:
    """The document ids of a corpus folder (manifest.jsonl or docs.jsonl)."""
    source = corpus_dir / "manifest.jsonl"
    if not source.exists():
        source = corpus_dir / "docs.jsonl"
    with source.open(encoding="utf-8") as fh:
        return [json.loads(line)["id"] for line in fh if line.strip()]


def split(corpus_dir: Path) -> dict[str, str]:
    return parts(corpus_dir, corpus_doc_ids(corpus_dir))


def restrict_gold(gold: dict, keep: set[str]) -> dict:
    """The gold file's incidents, optional incidents and stories of the documents ``keep``."""
    def inside(incident) -> bool:
        return bool(incident.get("sources")) and all(s in keep for s in incident["sources"])
    stories = [[d for d in s if d in keep] for s in gold.get("stories", [])]
    return dict(gold, incidents=[i for i in gold["incidents"] if inside(i)],
                optional=[i for i in gold.get("optional", []) if inside(i)],
                stories=[s for s in stories if s])


def restrict_export(export: dict, keep: set[str]) -> dict:
    """An incident export limited to the documents ``keep``: incidents with a source there
    (other sources dropped), stories of those documents."""
    incidents = []
    for incident in export.get("incidents", []):
        sources = [s for s in incident.get("sources", []) if s in keep]
        if sources:
            incidents.append(dict(incident, sources=sources))
    stories = [[d for d in s if d in keep] for s in export.get("stories", [])]
    return dict(export, incidents=incidents, stories=[s for s in stories if s])
