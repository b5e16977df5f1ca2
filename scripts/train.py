"""Fit the rankers that choose each field of an incident, on the visible gold (``make train``).

    python scripts/train.py [--shared ../shared] [--corpus NAME]... [--reuse] [--out FILE]

For every corpus under ../shared/corpus, the tuned part only (``corpus_split``: the aside fifth
is never read), this reads and cleans the documents and extracts them with every ranker on its
hand-set prior (``sitrep.extract.rank.use_priors``), recording each choice the extractors make:
the field, the candidates the generators proposed and their features. The data therefore does
not depend on the weights file this writes, and the same code and data give the same file.

A candidate is labelled right by distant supervision, when its value agrees with the gold:

  geo               a gazetteer sense of a name: within 25 km of a place of one of its
                    document's gold incidents (the same name, or the same country for a
                    country-level gold place, where the gold gives no coordinates);
  place, date,      a mention's value: as the scorer judges the field, against the gold
  sub_event_type,   incident of its document the mention fits (by the scorer's matching;
  killed, wounded,  else the only gold incident of the document, else one whose dates it
  munitions, shot   overlaps).

Each field's weights are a conditional logistic regression over its choices (the softmax of
``weights · features`` over one choice's candidates; numpy, full-batch gradient descent from
zero, L2-regularised, features scaled by their spread), written to
src/sitrep/data/weights/rankers.json. A feature that never tells two candidates of one choice
apart keeps its hand-set prior: no data speaks for it.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import math
import multiprocessing as mp
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = ROOT / "out" / "train"
WEIGHTS = ROOT / "src" / "sitrep" / "data" / "weights" / "rankers.json"
L2 = 1.0                  # on features scaled to unit spread
ITERATIONS = 3000
STEP = 0.5
MATCH_KM, EXACT_KM = 50.0, 25.0


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- extraction

_records: list = []


def _record(field: str, context, candidates, best) -> None:
    _records.append((field, context, [(_plain(c.value), dict(c.vector())) for c in candidates]))


def _plain(value):
    """A candidate's value as plain data the labeller compares with the gold."""
    from sitrep.extract.geo.gazetteer import Candidate as GeoCandidate
    from sitrep.records import DateInterval, Place

    if isinstance(value, GeoCandidate):
        return {"kind": value.kind_name, "name": value.name, "admin1": value.admin1,
                "country": value.country, "lat": value.lat, "lon": value.lon}
    if isinstance(value, Place):
        return {"kind": value.precision.value, "name": value.name, "admin1": value.admin1,
                "country": value.country, "lat": value.lat, "lon": value.lon}
    if isinstance(value, DateInterval):
        return (value.start, value.end)
    return value


def _extract(document):
    from sitrep.extract import rank
    from sitrep.extract.document import extract_document

    _records.clear()
    rank.use_priors(True)
    rank.record_with(_record)
    try:
        mentions = extract_document(document)
    finally:
        rank.record_with(None)
    return document.id, mentions, list(_records)


def extract_corpus(corpus: Path) -> dict:
    from corpus_split import TUNED, split

    from sitrep.clean import clean_documents
    from sitrep.pipeline import read, readable

    parts = split(corpus)
    source = corpus if (corpus / "manifest.jsonl").exists() else corpus / "docs.jsonl"
    documents, _ = read([source])
    documents = [d for d in clean_documents(documents) if readable(d) and parts.get(d.id) == TUNED]
    documents.sort(key=lambda d: d.id)
    with mp.get_context("fork").Pool(2) as pool:
        results = pool.map(_extract, documents, chunksize=8)
    return {doc_id: (mentions, records) for doc_id, mentions, records in results}


# ----------------------------------------------------------------------------- labels


def _gold_place(score, g: dict) -> dict:
    return score.place(g.get("location"))


def _place_right(score, value: dict, gold_place: dict, limit: float) -> bool:
    """Does a candidate place (plain dict) agree with a gold place, as the scorer judges?"""
    if value is None:
        return False
    predicted = score.place({**value, "precision": value.get("kind")})
    if gold_place["precision"] == "country" and gold_place["country"]:
        d = score.km(gold_place, predicted)
        return value.get("kind") == "country" and value.get("country") == gold_place["country"] \
            if d is None else d <= 600.0 and value.get("country") == gold_place["country"]
    return score.same_place(gold_place, predicted, limit)


def _mention_plain(m) -> dict:
    p = m.place
    return {"_date": (m.date.start, m.date.end) if m.date and m.date.start else None,
            "_place": None if p is None else _SCORE.place(
                {"name": p.name, "admin1": p.admin1, "country": p.country, "lat": p.lat,
                 "lon": p.lon, "precision": p.precision.value})}


def _gold_of(mention, golds: list[dict], use_place: bool) -> dict | None:
    """The gold incident of its document a mention reports."""
    if not golds:
        return None
    mp_ = _mention_plain(mention)
    if use_place and mp_["_date"] and mp_["_place"]:
        fits = [g for g in golds if _SCORE.compatible(g, mp_)]
        if fits:
            return fits[0]
    if len(golds) == 1:
        return golds[0]
    if mp_["_date"]:
        dated = [g for g in golds if _SCORE.dates_overlap(g["_date"], mp_["_date"])]
        if len(dated) == 1:
            return dated[0]
    return None


def _value_right(field: str, value, gold: dict) -> bool | None:
    score = _SCORE
    if field == "place":
        return _place_right(score, value, gold["_place"], EXACT_KM)
    if field == "date":
        if value is None or value[0] is None:
            return False
        return gold["_date"][0] <= value[0] and value[1] <= gold["_date"][1]
    if field == "sub_event_type":
        return gold.get("sub_event_type") and value[1] == gold["sub_event_type"]
    if field in ("killed", "wounded", "munitions", "shot"):
        key = "wounded" if field == "shot" else field
        rng = score.count_range(gold.get(key))
        return None if rng is None else score.within(rng, value)
    return None


def label(corpus: str, extracted: dict, gold_doc: dict) -> list[tuple[str, list[dict], list[bool]]]:
    """(field, candidate features, right?) for every choice a gold value can label."""
    score = _SCORE
    by_doc: dict[str, list[dict]] = collections.defaultdict(list)
    for g in gold_doc["incidents"]:
        prepared = score.prepare(g)
        for doc in g["sources"]:
            by_doc[doc].append(prepared)
    groups = []
    for doc_id in sorted(extracted):
        mentions, records = extracted[doc_id]
        golds = by_doc.get(doc_id, [])
        if not golds:
            continue
        index = {(m.document_id, m.index): m for m in mentions}
        for field, context, candidates in records:
            if len(candidates) < 2:
                continue
            if field == "geo":
                right = [any(_place_right(score, v, g["_place"], EXACT_KM) for g in golds)
                         for v, _ in candidates]
            else:
                mention = index.get(tuple(context) if isinstance(context, (list, tuple)) else None)
                if mention is None:
                    continue
                gold = _gold_of(mention, golds, use_place=field != "place")
                if gold is None:
                    continue
                right = [_value_right(field, v, gold) for v, _ in candidates]
                if any(r is None for r in right):
                    continue
            right = [bool(r) for r in right]
            if any(right) and not all(right):
                groups.append((field, [f for _, f in candidates], right))
    return groups


# ----------------------------------------------------------------------------- fitting


def fit(groups: list[tuple[list[dict], list[bool]]], prior: dict[str, float]) -> dict:
    """Conditional logistic regression over the groups; returns weights by feature name."""
    names = sorted({k for feats, _ in groups for f in feats for k in f})
    col = {k: i for i, k in enumerate(names)}
    mats, positives = [], []
    for feats, right in groups:
        x = np.zeros((len(feats), len(names)))
        for i, f in enumerate(feats):
            for k, v in f.items():
                x[i, col[k]] = v
        mats.append(x)
        positives.append(np.array(right, dtype=bool))
    # a feature speaks only where it tells two candidates of one choice apart
    varies = np.zeros(len(names), dtype=bool)
    spread = np.zeros(len(names))
    for x in mats:
        centred = x - x.mean(axis=0)
        varies |= np.abs(centred).max(axis=0) > 1e-12
        spread += (centred ** 2).sum(axis=0)
    count = sum(len(x) for x in mats)
    scale = np.sqrt(spread / max(count, 1))
    scale[scale < 1e-9] = 1.0
    mats = [x / scale for x in mats]
    w = np.zeros(len(names))
    n = len(mats)
    for _ in range(ITERATIONS):
        grad = L2 * w
        for x, pos in zip(mats, positives):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = np.where(pos, p, 0.0)
            q /= q.sum()
            grad += (p - q) @ x / n
        w -= STEP * grad
    weights = {}
    for k, i in col.items():
        if varies[i]:
            weights[k] = round(float(w[i] / scale[i]), 4)
    for k, v in prior.items():
        if k not in col or not varies[col[k]]:
            weights[k] = v           # no data speaks: the hand-set weight stands
    loss = 0.0
    hits = 0
    for x, pos in zip(mats, positives):
        s = x @ w
        loss += float(np.log(np.exp(s - s.max()).sum()) + s.max() - np.log(np.exp(s[pos] - s.max()).sum()) - s.max())
        hits += bool(pos[int(np.argmax(s))])
    return {"weights": dict(sorted(weights.items())),
            "fit": {"choices": n, "loss": round(loss / max(n, 1), 4), "top1": round(hits / max(n, 1), 4),
                    "hand_set": sorted(k for k in prior if k not in col or not varies[col[k]])}}


def priors() -> dict[str, dict[str, float]]:
    from sitrep.extract.document import COUNT_PRIOR, PLACE_PRIOR, TYPE_PRIOR
    from sitrep.extract.places import GEO_PRIOR

    return {"geo": GEO_PRIOR, "place": PLACE_PRIOR, "sub_event_type": TYPE_PRIOR,
            "killed": COUNT_PRIOR, "wounded": COUNT_PRIOR, "shot": COUNT_PRIOR, "munitions": COUNT_PRIOR}


def main() -> None:
    global SHARED, _SCORE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpus", action="append", help="only these corpora (repeatable)")
    parser.add_argument("--reuse", action="store_true", help="refit from out/train/*.pkl")
    parser.add_argument("--out", default=str(WEIGHTS))
    args = parser.parse_args()
    SHARED = Path(args.shared).resolve()
    _SCORE = _scorer()
    corpora = sorted(p for p in (SHARED / "corpus").iterdir() if (p / "gold.json").exists())
    if args.corpus:
        corpora = [p for p in corpora if p.name in args.corpus]
    OUT.mkdir(parents=True, exist_ok=True)
    by_field: dict[str, list] = collections.defaultdict(list)
    trained_on = {}
    for corpus in corpora:
        cache = OUT / f"{corpus.name}.pkl"
        if args.reuse and cache.exists():
            extracted = pickle.loads(cache.read_bytes())
        else:
            extracted = extract_corpus(corpus)
            cache.write_bytes(pickle.dumps(extracted))
        from corpus_split import TUNED, restrict_gold, split

        parts = split(corpus)
        gold = restrict_gold(json.loads((corpus / "gold.json").read_text()),
                             {d for d, p in parts.items() if p == TUNED})
        groups = label(corpus.name, extracted, gold)
        counts = collections.Counter(f for f, _, _ in groups)
        trained_on[corpus.name] = {"documents": len(extracted), "choices": dict(sorted(counts.items()))}
        print(f"{corpus.name}: {len(extracted)} documents, choices {dict(sorted(counts.items()))}")
        for field, feats, right in groups:
            by_field[field].append((feats, right))
    prior = priors()
    fields = {}
    for field in sorted(set(by_field) | set(prior)):
        groups = by_field.get(field, [])
        if not groups:
            fields[field] = {"weights": dict(sorted(prior.get(field, {}).items())),
                             "fit": {"choices": 0, "hand_set": sorted(prior.get(field, {}))}}
        else:
            fields[field] = fit(groups, prior.get(field, {}))
        print(f"  {field}: {fields[field]['fit']}")
    out = {"about": "Weights of sitrep's field rankers (sitrep.extract.rank), fitted by `make train` "
                    "(scripts/train.py) on the tuned part of each corpus under ../shared/corpus; "
                    "do not edit by hand.",
           "trained_on": trained_on, "fields": fields}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


SHARED = ROOT.parent / "shared"
_SCORE = None

if __name__ == "__main__":
    main()
