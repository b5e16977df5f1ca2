"""Reconciliation: the mentions of one incident in, the incident's fields out.

Plain functions over mentions and their claims; the rules, with examples, are in
``docs/reconciliation-rules.md``. In short:

* **Figures** (killed, wounded, munitions) come from *positions*: what one voice (``said_by``,
  or the outlet itself) says in one independent source (a copy group: reprints and rewrites
  of one wire story count once). Parts of one statement add up ("three rockets landed near
  the embassy, while two other rockets hit ..." is 5). A reported figure beats "not
  reported"; a higher toll reported on a later day replaces earlier lower ones (tolls rise).
  Among the remaining positions: ``best`` is the most conservative (lowest) figure, as ACLED
  codes fatalities; ``low`` the lowest low; ``high`` the highest high, open when the largest
  figure is an "at least". Positions that disagree are kept as a ``FieldConflict`` naming
  the claims, the figures and who said them.
* **Date**: the intersection of the intervals when they have one, else the most precise.
* **Place**: the most precise, the best supported among equally precise ones.
* **Type**: the majority sub-event type over independent sources, the more specific on ties.
* **Actors**: the union, normalized (case, accents, articles, near-identical spellings).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from unidecode import unidecode

from .records import (GENERIC_SUB_EVENT_TYPES, Claim, Count, DateInterval, DatePrecision,
                      FieldConflict, Incident, Mention, Place)

COUNT_FIELDS = ("killed", "wounded", "munitions")
TOLL_FIELDS = frozenset({"killed", "wounded"})     # tolls rise as reports come in
GEO_RANK = {"point": 0, "city": 1, "region": 2, "country": 3}
# Words that make two figures of one sentence parts of a whole: "three ... while two OTHER".
_ADDITIVE = re.compile(r"\b(other|others|another|more|further|additional)\b", re.IGNORECASE)
# Words before a figure that make it a total ("the death toll rose to 31").
_TOTAL = re.compile(r"\b(toll|total|tally)\b", re.IGNORECASE)


# ----------------------------------------------------------------------------- helpers


def _reported(mention: Mention) -> dt.date | None:
    if mention.published is not None:
        return mention.published
    return mention.date.end if mention.date is not None else None


def _order(mention: Mention) -> tuple:
    return (_reported(mention) or dt.date.max, mention.document_id, mention.index, mention.id)


def normalize_voice(said_by: str | None) -> str:
    """"A security source told AFP" and "security sources" are one voice."""
    if not said_by:
        return ""
    text = unidecode(said_by).lower()
    text = re.sub(r"\([^)]*\)", " ", text)                # "(AFP)": the outlet, not the voice
    text = re.sub(r"\b(told|said|says|according to|to)\b.*$", " ", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    words = [w for w in text.split() if w not in {"a", "an", "the", "some", "several", "two", "three"}]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(words)


def group_of(doc_id: str, groups: Mapping[str, str] | None) -> str:
    return (groups or {}).get(doc_id, doc_id)


def independent_sources(doc_ids: Sequence[str], groups: Mapping[str, str] | None) -> int:
    """Distinct copy groups among the sources: reprints of one wire story count once."""
    return len({group_of(d, groups) for d in doc_ids})


# ----------------------------------------------------------------------------- figures


@dataclass(slots=True)
class Figure:
    low: int | None
    best: int
    high: int | None              # None: open ("at least")

    @property
    def key(self) -> tuple:
        return (self.low, self.best, self.high)


def figure_of(value) -> Figure | None:
    """A claim value (a number, or a Count as a dict) as a figure; None when not reported."""
    if isinstance(value, Count):
        if not value.reported or (value.best is None and value.low is None):
            return None
        best = value.best if value.best is not None else value.low
        low = value.low if value.low is not None else best
        return Figure(int(low), int(best), None if value.high is None else max(int(value.high), int(best)))
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        n = int(value)
        return Figure(n, n, n)
    if not isinstance(value, Mapping):
        return None
    if value.get("reported") is False:
        return None
    best = value.get("best", value.get("value"))
    low = value.get("low")
    if best is None:
        best = low
    if best is None:
        return None
    low = best if low is None else low
    high = value["high"] if "high" in value else best
    best = int(best)
    return Figure(int(low), best, None if high is None else max(int(high), best))


def _sum(figures: Sequence[Figure]) -> Figure:
    highs = [f.high for f in figures]
    return Figure(sum(f.low if f.low is not None else f.best for f in figures),
                  sum(f.best for f in figures),
                  None if any(h is None for h in highs) else sum(highs))


def _better(a: tuple[Figure, tuple], b: tuple[Figure, tuple]) -> bool:
    """Within one voice a higher figure is the update or the total; closed beats open; then
    the smaller claim ids, so that the choice does not depend on input order."""
    ka, kb = (a[0].best, a[0].high is not None), (b[0].best, b[0].high is not None)
    if ka != kb:
        return ka > kb
    return tuple(a[1]) < tuple(b[1])


@dataclass(slots=True)
class Position:
    """What one voice says about one field in one independent source."""

    field: str
    voice: str
    said_by: str | None
    group: str
    figure: Figure
    claim_ids: tuple[str, ...]
    documents: tuple[str, ...]
    published: dt.date | None
    parts: tuple[int, ...] = ()        # the figures summed, when the statement had parts

    def as_value(self) -> dict:
        out = {"low": self.figure.low, "best": self.figure.best, "high": self.figure.high,
               "said_by": self.said_by, "documents": list(self.documents),
               "claim_ids": list(self.claim_ids)}
        if self.parts:
            out["parts"] = list(self.parts)
        return out


def _sentence_figure(claims: Sequence[Claim]) -> tuple[Figure, tuple[str, ...], tuple[int, ...]]:
    """The figure one sentence gives: its parts summed when the text says "other", else the
    largest (e.g. "five people, including two children" is 5)."""
    figures = [(figure_of(c.value), c) for c in claims]
    figures = [(f, c) for f, c in figures if f is not None]
    if len(figures) > 1 and all(c.value_start is not None and c.value_end is not None for _, c in figures):
        spans = sorted(figures, key=lambda fc: fc[1].value_start)
        lead = spans[0][1]
        # "the toll rose to 31 after 17 more bodies were found": a stated total already holds
        # the increments told with it
        additive = not _TOTAL.search(lead.quote[:max(0, lead.value_start - lead.start)])
        for (_, first), (_, second) in zip(spans, spans[1:]):
            quote = first.quote
            lo = first.value_end - first.start
            hi = second.value_end - first.start + 15
            if not _ADDITIVE.search(quote[max(0, lo):max(0, hi)]):
                additive = False
                break
        if additive:
            total = _sum([f for f, _ in spans])
            return total, tuple(c.id for _, c in spans), tuple(f.best for f, _ in spans)
    best = None
    for f, c in figures:
        if best is None or _better((f, (c.id,)), best):
            best = (f, (c.id,))
    return best[0], best[1], ()


def positions(field_name: str, mentions: Sequence[Mention], groups: Mapping[str, str] | None = None) -> list[Position]:
    """Each voice's figure per independent source (copy group), reprints collapsed."""
    per_doc: list[Position] = []
    for mention in sorted(mentions, key=_order):
        claims = [c for c in mention.claims if c.field == field_name and figure_of(c.value) is not None]
        group = group_of(mention.document_id, groups)
        if not claims:
            figure = figure_of(getattr(mention, field_name))
            if figure is not None:
                per_doc.append(Position(field_name, "", None, group, figure, (), (mention.document_id,),
                                        _reported(mention)))
            continue
        by_sentence: dict[tuple, list[Claim]] = defaultdict(list)
        for claim in sorted(claims, key=lambda c: (c.start, c.value_start or 0, c.id)):
            # Casualty figures of one article are one account: "five were wounded" and "three
            # of the victims were taken to hospital" are a total and a part, not two voices.
            # Only a flat "no casualties" stands against a figure as a voice of its own.
            voice = normalize_voice(claim.said_by)
            if field_name in TOLL_FIELDS:
                figure = figure_of(claim.value)
                voice = voice if figure is not None and figure.best == 0 else ""
            by_sentence[(voice, claim.start, claim.end)].append(claim)
        by_voice: dict[str, tuple] = {}
        for (voice, _, _), sentence_claims in by_sentence.items():
            figure, ids, parts = _sentence_figure(sentence_claims)
            said_by = next((c.said_by for c in sentence_claims if c.said_by), None)
            candidate = (figure, ids, parts, said_by)
            if voice not in by_voice or _better((figure, ids), (by_voice[voice][0], by_voice[voice][1])):
                by_voice[voice] = candidate
        for voice, (figure, ids, parts, said_by) in by_voice.items():
            per_doc.append(Position(field_name, voice, said_by, group, figure, ids, (mention.document_id,),
                                    _reported(mention), parts))
    # reprints and rewrites of one wire story: one position per voice and copy group
    merged: dict[tuple[str, str], Position] = {}
    for p in per_doc:
        key = (p.group, p.voice)
        q = merged.get(key)
        if q is None:
            merged[key] = p
            continue
        keep = p if _better((p.figure, p.claim_ids), (q.figure, q.claim_ids)) else q
        merged[key] = Position(
            field_name, q.voice, q.said_by or p.said_by, q.group, keep.figure,
            tuple(dict.fromkeys(q.claim_ids + p.claim_ids)),
            tuple(dict.fromkeys(q.documents + p.documents)),
            min((d for d in (q.published, p.published) if d is not None), default=None),
            keep.parts)
    return sorted(merged.values(), key=lambda p: (p.published or dt.date.max, p.group, p.voice))


def current_positions(field_name: str, found: Sequence[Position], tolls_rise: bool = True) -> list[Position]:
    """Positions not superseded by a higher toll reported on a later day."""
    if not tolls_rise or field_name not in TOLL_FIELDS:
        return list(found)
    out = []
    for p in found:
        superseded = p.published is not None and any(
            q.published is not None and q.published > p.published and q.figure.best > p.figure.best
            for q in found)
        if not superseded:
            out.append(p)
    return out


def combine(found: Sequence[Position]) -> Count:
    """The conservative best and the range over positions (see the module docstring)."""
    if not found:
        return Count.unknown()
    # When every figure is only a floor ("at least one hit X", "at least two inside the
    # zone"), they do not disagree: the highest floor is what all of them allow.
    if all(p.figure.high is None for p in found):
        best = max(p.figure.best for p in found)
    else:
        best = min(p.figure.best for p in found)
    low = min(p.figure.low if p.figure.low is not None else p.figure.best for p in found)
    closed = [p.figure.high for p in found if p.figure.high is not None]
    open_lows = [p.figure.low if p.figure.low is not None else p.figure.best for p in found if p.figure.high is None]
    if closed and (not open_lows or max(open_lows) <= max(closed)):
        high = max(closed)
    else:
        high = None
    low = min(low, best)
    if high is not None:
        high = max(high, best)
    text = "; ".join(_describe(p) for p in found)
    return Count(low=low, best=best, high=high, reported=True, text=text[:300])


def _describe(p: Position) -> str:
    f = p.figure
    shown = "+".join(str(x) for x in p.parts) + f"={f.best}" if p.parts else (
        f"≥{f.best}" if f.high is None else (str(f.best) if f.high == f.best else f"{f.best} ({f.low}–{f.high})"))
    return f"{shown} per {p.said_by}" if p.said_by else shown


def reconcile_count(field_name: str, mentions: Sequence[Mention], groups: Mapping[str, str] | None = None,
                    tolls_rise: bool = True) -> tuple[Count, FieldConflict | None]:
    """One count field of an incident, and the conflict when independent voices disagree."""
    found = current_positions(field_name, positions(field_name, mentions, groups), tolls_rise)
    if not found:
        return (Count.unknown() if field_name == "munitions" else Count.not_reported()), None
    count = combine(found)
    conflict = None
    if len({p.figure.best for p in found}) > 1:
        # one entry per distinct figure ("8" and "at least 8" are one), naming every voice
        # and document that gives it
        entries: dict[int, Position] = {}
        voices: dict[int, list[str]] = defaultdict(list)
        for p in sorted(found, key=lambda p: (p.figure.high is None, p.published or dt.date.max, p.voice)):
            key = p.figure.best
            if p.said_by and normalize_voice(p.said_by) not in {normalize_voice(v) for v in voices[key]}:
                voices[key].append(p.said_by)
            if key in entries:
                q = entries[key]
                entries[key] = Position(q.field, q.voice, q.said_by, q.group, q.figure,
                                        tuple(dict.fromkeys(q.claim_ids + p.claim_ids)),
                                        tuple(dict.fromkeys(q.documents + p.documents)), q.published,
                                        q.parts or p.parts)
            else:
                entries[key] = p
        ordered = sorted(entries.items())
        claim_ids = tuple(dict.fromkeys(c for _, p in ordered for c in p.claim_ids))
        values = []
        for key, p in ordered:
            value = p.as_value()
            value["said_by"] = "; ".join(voices[key]) or None
            values.append(value)
        conflict = FieldConflict(field_name, claim_ids, tuple(values))
    return count, conflict


# ----------------------------------------------------------------------------- date


def precision_for(days: int) -> DatePrecision:
    if days <= 1:
        return DatePrecision.DAY
    if days <= 7:
        return DatePrecision.WEEK
    if days <= 31:
        return DatePrecision.MONTH
    return DatePrecision.YEAR


def reconcile_date(mentions: Sequence[Mention]) -> tuple[DateInterval | None, FieldConflict | None]:
    """The intersection of the intervals when they have one, else the most precise."""
    dated = [m for m in sorted(mentions, key=_order)
             if m.date is not None and m.date.start is not None and m.date.end is not None]
    if not dated:
        return None, None
    start = max(m.date.start for m in dated)
    end = min(m.date.end for m in dated)
    if start <= end:
        exact = [m for m in dated if m.date.start == start and m.date.end == end]
        text = exact[0].date.text if exact else f"intersection of {len(dated)} reports"
        days = (end - start).days + 1
        precision = exact[0].date.precision if exact else precision_for(days)
        return DateInterval(start, end, precision, text=text), None

    def support(m: Mention) -> int:
        return sum(1 for o in dated if o.date.overlaps(m.date))

    chosen = min(dated, key=lambda m: (m.date.days, -support(m), m.date.start, _order(m)))
    distinct = {}
    claim_ids = []
    for m in dated:
        distinct.setdefault((m.date.start, m.date.end), {"start": m.date.start.isoformat(),
                                                         "end": m.date.end.isoformat(),
                                                         "precision": str(m.date.precision),
                                                         "documents": []})["documents"].append(m.document_id)
        claim_ids.extend(c.id for c in m.claims if c.field == "date")
    conflict = FieldConflict("date", tuple(dict.fromkeys(claim_ids)), tuple(distinct.values()))
    return chosen.date, conflict


# ----------------------------------------------------------------------------- place


def _km(a: Place, b: Place) -> float | None:
    return a.km_to(b) if a is not None else None


def reconcile_place(mentions: Sequence[Mention], near_km: float = 20.0) -> Place | None:
    """The most precise place; among equally precise ones, the one most reports agree with."""
    placed = [m.place for m in sorted(mentions, key=_order) if m.place is not None]
    if not placed:
        return None
    top = min(GEO_RANK.get(str(p.precision), 1) for p in placed)
    finest = [p for p in placed if GEO_RANK.get(str(p.precision), 1) == top]

    def agrees(p: Place, q: Place) -> bool:
        d = _km(p, q)
        if d is not None:
            return d <= near_km
        return (p.name or "").lower() == (q.name or "").lower()

    def score(i: int) -> tuple:
        p = finest[i]
        return (-sum(1 for q in placed if agrees(p, q)), 0 if p.site else 1, i)

    return finest[min(range(len(finest)), key=score)]


# ----------------------------------------------------------------------------- types, actors


def _vote(values_by_group: Mapping[str, list[str]], order: Sequence[str], generic=frozenset()) -> str | None:
    """Majority over independent sources (each copy group votes once, for its own majority);
    ties go to the more specific value, then to the earliest reported."""
    first_seen = {v: i for i, v in reversed(list(enumerate(order)))}
    votes: Counter[str] = Counter()
    for values in values_by_group.values():
        if not values:
            continue
        counts = Counter(values)
        top = max(counts.values())
        choice = min((v for v in counts if counts[v] == top), key=lambda v: (v in generic, first_seen.get(v, 1 << 30)))
        votes[choice] += 1
    if not votes:
        return None
    top = max(votes.values())
    return min((v for v in votes if votes[v] == top), key=lambda v: (v in generic, first_seen.get(v, 1 << 30), v))


def reconcile_type(mentions: Sequence[Mention], groups: Mapping[str, str] | None = None
                   ) -> tuple[str, str, FieldConflict | None]:
    ordered = sorted(mentions, key=_order)
    by_group_event: dict[str, list[str]] = defaultdict(list)
    for m in ordered:
        by_group_event[group_of(m.document_id, groups)].append(m.event_type)
    event_type = _vote(by_group_event, [m.event_type for m in ordered]) or ordered[0].event_type
    same = [m for m in ordered if m.event_type == event_type]
    by_group: dict[str, list[str]] = defaultdict(list)
    for m in same:
        by_group[group_of(m.document_id, groups)].append(m.sub_event_type)
    sub = _vote(by_group, [m.sub_event_type for m in same], GENERIC_SUB_EVENT_TYPES) or same[0].sub_event_type
    conflict = None
    if len({m.sub_event_type for m in same}) > 1:
        values: dict[str, dict] = {}
        claim_ids = []
        for m in same:
            entry = values.setdefault(m.sub_event_type, {"sub_event_type": m.sub_event_type, "documents": [],
                                                         "claim_ids": []})
            entry["documents"].append(m.document_id)
            ids = [c.id for c in m.claims if c.field == "event_type"]
            entry["claim_ids"].extend(ids)
            claim_ids.extend(ids)
        conflict = FieldConflict("sub_event_type", tuple(dict.fromkeys(claim_ids)), tuple(values.values()))
    return event_type, sub, conflict


def norm_actor(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", unidecode(name).lower()).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def union_actors(lists: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Union in order of first report; spellings that normalize alike (or nearly, e.g.
    "Kataib Hezbollah" / "Kataeb Hezbollah") are one actor, kept as first written."""
    out: list[str] = []
    keys: list[str] = []
    for names in lists:
        for name in names:
            key = norm_actor(name)
            if not key:
                continue
            if any(key == k or fuzz.ratio(key, k) >= 90 for k in keys):
                continue
            keys.append(key)
            out.append(name.strip())
    return tuple(out)


def reconcile_weapon(mentions: Sequence[Mention], groups: Mapping[str, str] | None = None) -> str | None:
    ordered = sorted(mentions, key=_order)
    by_group: dict[str, list[str]] = defaultdict(list)
    for m in ordered:
        if m.weapon:
            by_group[group_of(m.document_id, groups)].append(m.weapon)
    return _vote(by_group, [m.weapon for m in ordered if m.weapon])


# ----------------------------------------------------------------------------- incident


def figures(mentions: Sequence[Mention], groups: Mapping[str, str] | None = None,
            tolls_rise: bool = True) -> dict[str, Count]:
    return {f: reconcile_count(f, mentions, groups, tolls_rise)[0] for f in COUNT_FIELDS}


def reconcile(incident_id: str, mentions: Sequence[Mention], groups: Mapping[str, str] | None = None,
              merge_reasons: Sequence[str] = (), tolls_rise: bool = True) -> Incident:
    """The incident that ``mentions`` (reports of one event) describe.

    ``groups`` maps a document id to its copy group (any stable key, e.g. the group's first
    document id); documents missing from it are their own group.
    """
    if not mentions:
        raise ValueError("an incident needs at least one mention")
    ordered = sorted(mentions, key=_order)
    conflicts: list[FieldConflict] = []
    counts = {}
    for name in COUNT_FIELDS:
        count, conflict = reconcile_count(name, ordered, groups, tolls_rise)
        counts[name] = count
        if conflict:
            conflicts.append(conflict)
    date, date_conflict = reconcile_date(ordered)
    if date_conflict:
        conflicts.append(date_conflict)
    event_type, sub_event_type, type_conflict = reconcile_type(ordered, groups)
    if type_conflict:
        conflicts.append(type_conflict)
    sources = tuple(dict.fromkeys(m.document_id for m in ordered))
    reported = [r for r in (_reported(m) for m in ordered) if r is not None]
    main = next((m for m in ordered if not m.background and m.summary), None) or \
        next((m for m in ordered if m.summary), ordered[0])
    return Incident(
        id=incident_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=date,
        place=reconcile_place(ordered),
        killed=counts["killed"],
        wounded=counts["wounded"],
        munitions=counts["munitions"],
        weapon=reconcile_weapon(ordered, groups),
        perpetrators=union_actors([m.perpetrators for m in ordered]),
        claimants=union_actors([m.claimants for m in ordered]),
        targets=union_actors([m.targets for m in ordered]),
        mention_ids=tuple(m.id for m in ordered),
        sources=sources,
        independent_sources=independent_sources(sources, groups),
        claim_ids=tuple(dict.fromkeys(c.id for m in ordered for c in m.claims)),
        conflicts=tuple(conflicts),
        first_reported=min(reported) if reported else None,
        last_reported=max(reported) if reported else None,
        summary=main.summary,
        merge_reasons=tuple(merge_reasons),
    )


def history(incident_id: str, mentions: Sequence[Mention], groups: Mapping[str, str] | None = None,
            tolls_rise: bool = True) -> list[dict]:
    """The incident's figures as of each report date: what a reader knew on that day."""
    ordered = sorted(mentions, key=_order)
    dates = sorted({d for d in (_reported(m) for m in ordered) if d is not None})
    out = []
    for as_of in dates:
        known = [m for m in ordered if (_reported(m) or dt.date.max) <= as_of]
        counts = figures(known, groups, tolls_rise)
        sources = list(dict.fromkeys(m.document_id for m in known))
        out.append({
            "incident_id": incident_id,
            "as_of": as_of,
            "figures": {
                **{name: {"low": c.low, "best": c.best, "high": c.high, "reported": c.reported}
                   for name, c in counts.items()},
                "sources": len(sources),
                "independent_sources": independent_sources(sources, groups),
            },
        })
    return out
