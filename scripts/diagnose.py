"""Why gold incidents were missed: what the extraction made of their own documents.

    python scripts/diagnose.py LABEL GOLD.json [--show 20] [--reason no_mention]

Reads a devloop cache (out/dev/LABEL.pkl, from the tuned part only) and the linked export
(out/dev/LABEL/incidents.json), and sorts every missed gold incident into the first reason
that holds, by the scorer's own matching rules (``compatible``):

  no_mention      its documents gave no asserted, dated mention of a violent type
  place           a mention of its documents fits its dates but not its place
  date            ... fits its place but not its dates
  both            mentions exist, but none fits date or place
  type            a mention fits, but of a type the scorer does not score (or not asserted)
  linking         a mention fits, but the incident it went into does not
This is a developer's tool; the product path is ``sitrep run``.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "out" / "dev"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mention_export(m) -> dict:
    p = m.place
    return {"date": {"start": m.date.start.isoformat(), "end": m.date.end.isoformat()} if m.date and m.date.start else None,
            "location": {"name": p.name, "admin1": p.admin1, "country": p.country, "lat": p.lat, "lon": p.lon,
                         "precision": p.precision.value} if p else {},
            "event_type": m.event_type, "sub_event_type": m.sub_event_type, "sources": [m.document_id]}


def describe(m) -> str:
    p = m.place
    where = f"{p.name} ({p.admin1 or '-'}, {p.country}, {p.precision.value})" if p else "-"
    when = f"{m.date.start}..{m.date.end} {m.date.precision.value}" if m.date and m.date.start else "-"
    return (f"{m.id} {m.modality.value} {m.sub_event_type} | {when} | {where} | k={m.killed.best} "
            f"w={m.wounded.best} bg={m.background} | {m.summary[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label")
    parser.add_argument("gold")
    parser.add_argument("--show", type=int, default=0, help="print this many misses of each reason")
    parser.add_argument("--reason", help="only this reason")
    parser.add_argument("--text", action="store_true", help="print the documents' text too")
    args = parser.parse_args()
    score = _scorer()
    gold_doc = json.loads(Path(args.gold).read_text())
    with (OUT / f"{args.label}.pkl").open("rb") as fh:
        cached = pickle.load(fh)
    export = json.loads((OUT / args.label / "incidents.json").read_text())
    result = score.score(gold_doc, export)
    missed = set(result["missed"])
    violent = set(gold_doc.get("violent_event_types", []))
    by_doc = collections.defaultdict(list)
    for m in cached["mentions"]:
        by_doc[m.document_id].append(m)
    docs = {d.id: d for d in cached["documents"]}
    reasons = collections.Counter()
    shown = collections.Counter()
    for g in gold_doc["incidents"]:
        if g["id"] not in missed:
            continue
        gp = score.prepare(g)
        mentions = [m for s in g["sources"] for m in by_doc.get(s, ())]
        scored = [m for m in mentions if m.date and m.date.start and str(m.modality.value) == "asserted"
                  and (not violent or m.event_type in violent)]
        preps = [(m, score.prepare(mention_export(m))) for m in mentions if m.date and m.date.start]
        fits = [m for m, p in preps if score.compatible(gp, p)]
        if not scored and not fits:
            reason = "no_mention"
        elif fits and not any(m in scored for m in fits):
            reason = "type"
        elif fits:
            reason = "linking"
        else:
            date_ok = any(score.dates_overlap(gp["_date"], p["_date"]) for m, p in preps if m in scored)
            place_ok = any(score.same_place(gp["_place"], p["_place"], score.MATCH_KM) for m, p in preps if m in scored)
            reason = "place" if date_ok else "date" if place_ok else "both"
        reasons[reason] += 1
        if args.show and shown[reason] < args.show and (not args.reason or args.reason == reason):
            shown[reason] += 1
            loc = g["location"]
            print(f"== [{reason}] {g['id']} {g['date']} {g['sub_event_type']} | {loc['name']} ({loc.get('admin1')}, "
                  f"{loc['country']}, {loc['precision']}) k={g.get('killed')} w={g.get('wounded')} | {g['summary'][:100]}")
            for s in g["sources"][:3]:
                print(f"   doc {s} published {docs[s].published if s in docs else '?'}")
                for m in by_doc.get(s, ()):
                    print("     ", describe(m))
                if args.text and s in docs:
                    print(docs[s].content[:3000])
    print(dict(reasons.most_common()), "of", len(missed), "missed")


if __name__ == "__main__":
    sys.exit(main())
