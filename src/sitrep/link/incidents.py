"""Mentions merged across documents into incidents.

* **Compatibility** (hard constraints): same ``event_type`` -- except that an attack whose
  means are unknown ("Attack") may be another political-violence event a report names more
  precisely, when a named actor or victim, or an agreeing figure, corroborates it; date
  intervals overlap with ``date_slack_days``; places compatible (distance for points, towns
  and districts, containment for first-level regions and countries); different documents.
  A mention without a place is compatible only when the texts corroborate (a rewrite, or
  proper names in common). A pair failing one is never in one incident.
* **Score** of a compatible pair, a weighted sum in [0, 1] (``LinkConfig.weights``): date
  (exact day overlap 1, coarse intervals less, consecutive days less again -- and less still
  when the figures conflict), place (distance, precision), sub-event type (same /
  confusable / generic / different; a generic one naming the same actor as the other
  counts as the same), figures (agreeing tolls 1, wildly different ones low but not
  forbidding), the text similarity of the two documents (rewrites of one wire story), and
  the actors; less ``details_conflict_penalty`` when the two reports give different details
  of two kinds (ages, streets or blocks, times of day, named sites: ``details_conflicts``),
  which tell two shootings of one town and one day apart. Each part leaves a reason ("date
  overlap 1.00; 3.2 km; same sub_event_type; ...") kept in ``Incident.merge_reasons``.
* **Blocking**: candidates are looked up by day (the interval with slack) and by place key
  (a grid cell of ``cell_degrees``, or a country key for coarse places), so the work for one
  new mention does not grow with the store.
* **Clustering**: average linkage over the pair scores, where two clusters merge only if
  every cross pair is compatible (so no chaining through a vague mention, and never two
  mentions of one document) and the average score reaches ``merge_threshold``. Ties break on
  the canonical order of mentions (published date, document id, index), so the result is a
  function of the set of mentions only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from ..data import vocabulary
from ..records import (GENERIC_SUB_EVENT_TYPES, Count, DateInterval, GeoPrecision, Mention, Modality,
                       Place, sub_types_related)
from .config import DEFAULT_CONFIG, LinkConfig
from .copies import STOPWORDS

PRECISION_RANK = {GeoPrecision.POINT: 0, GeoPrecision.CITY: 1, GeoPrecision.REGION: 2,
                  GeoPrecision.COUNTRY: 3}

# ACLED's sub-type for violence against civilians by means the report does not give.
UNKNOWN_MEANS = "Attack"
# The political-violence event types: one event can be reported as any of them ("an attack"
# on a convoy that another report calls a roadside bomb, a shootout called an attack, a
# lynching by a mob called an attack on a man).
POLITICAL_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots",
                                "Protests"})


# ----------------------------------------------------------------------------- identity


def canonical_key(mention: Mention) -> tuple:
    """The order in which mentions were reported: published date, document id, index."""
    reported = mention.published
    if reported is None and mention.date is not None:
        reported = mention.date.end
    return (reported or dt.date.max, mention.document_id, mention.index, mention.id)


def incident_id(root_mention_id: str) -> str:
    """An incident is named after its earliest-reported mention."""
    return "i" + hashlib.sha1(root_mention_id.encode("utf-8")).hexdigest()[:15]


def is_asserted(mention: Mention) -> bool:
    return mention.modality == Modality.ASSERTED


def has_interval(mention: Mention) -> bool:
    d = mention.date
    return d is not None and d.start is not None and d.end is not None and d.start <= d.end


def linkable(mention: Mention, config: LinkConfig = DEFAULT_CONFIG) -> bool:
    """Asserted, dated, and precise enough to be merged with other reports."""
    return (is_asserted(mention) and has_interval(mention)
            and mention.date.days <= config.max_link_interval_days)


# ----------------------------------------------------------------------------- places


def km(a: Place, b: Place) -> float | None:
    return a.km_to(b) if a is not None else None


def norm_name(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", unidecode(text or "").lower()).strip()


def _fine(place: Place) -> bool:
    return PRECISION_RANK.get(place.precision, 1) <= 1 and place.lat is not None and place.lon is not None


def place_keys(place: Place | None, config: LinkConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """Index keys of a mention's place for blocking."""
    if place is None:
        return ("none",)
    country = (place.country or "").upper()
    if _fine(place):
        c = config.cell_degrees
        return (f"g:{math.floor(place.lat / c)}:{math.floor(place.lon / c)}", f"c:{country}")
    return (f"coarse:{country}", f"c:{country}")


def query_keys(place: Place | None, config: LinkConfig = DEFAULT_CONFIG) -> frozenset[str] | None:
    """Keys whose mentions may be compatible with ``place``; None means any place."""
    if place is None:
        return None
    country = (place.country or "").upper()
    if _fine(place):
        c = config.cell_degrees
        reach = max(config.max_km_point, config.max_km_city)
        dlat = math.ceil(reach / (111.0 * c))
        coslat = max(0.05, math.cos(math.radians(place.lat)))
        dlon = math.ceil(reach / (111.0 * coslat * c))
        gy, gx = math.floor(place.lat / c), math.floor(place.lon / c)
        keys = {f"g:{gy + i}:{gx + j}" for i in range(-dlat, dlat + 1) for j in range(-dlon, dlon + 1)}
        keys.update({f"coarse:{country}", "coarse:", "none"})
        return frozenset(keys)
    if not country:
        return None
    return frozenset({f"c:{country}", "coarse:", "none"})


def keys_match(place: Place | None, other: Place | None, config: LinkConfig = DEFAULT_CONFIG) -> bool:
    wanted = query_keys(place, config)
    return wanted is None or any(k in wanted for k in place_keys(other, config))


@dataclass(frozen=True, slots=True)
class Part:
    ok: bool
    score: float
    reason: str


_INCOMPATIBLE = Part(False, 0.0, "")


def _subregion(place: Place) -> bool:
    """A region inside a first-level one (a county, a district): named otherwise than its admin1."""
    return (place.precision == GeoPrecision.REGION and bool(norm_name(place.admin1))
            and norm_name(place.name) != norm_name(place.admin1))


def place_relation(a: Place | None, b: Place | None, config: LinkConfig = DEFAULT_CONFIG) -> Part:
    if a is None or b is None:
        return Part(True, 0.3, "place unknown")
    ca, cb = (a.country or "").upper(), (b.country or "").upper()
    if ca and cb and ca != cb:
        return Part(False, 0.0, f"different countries {ca}/{cb}")
    coarse = max(PRECISION_RANK.get(a.precision, 1), PRECISION_RANK.get(b.precision, 1))
    if coarse >= 3:
        # a country-level place is compatible with any place in that country, weakly
        return Part(True, 0.2, f"country-level place ({ca or cb or '?'})")
    distance = km(a, b)
    if coarse == 2 or not _fine(a) or not _fine(b):
        # a region, or a town without coordinates: containment by names, else distance
        ra, rb = norm_name(a.admin1), norm_name(b.admin1)
        same_name = coarse <= 1 and bool(norm_name(a.name)) and norm_name(a.name) == norm_name(b.name)
        if ra and rb and ra != rb:
            return Part(False, 0.0, f"different regions {a.admin1}/{b.admin1}")
        inner = next((x for x in (a, b) if _subregion(x)), None)
        if inner is not None and distance is not None:
            # a district or county is not the whole of its province or state: placed by its
            # centroid, it scores as a town does, by distance, within its own reach
            if distance > config.max_km_subregion:
                return Part(False, 0.0, f"{distance:.0f} km from {inner.name}")
            score = max(0.4, 0.75 * (1.0 - 0.7 * distance / config.max_km_subregion))
            return Part(True, score, f"{distance:.0f} km from {inner.name}")
        if same_name:
            return Part(True, 0.7, f"same place {a.name}")
        if ra and rb:
            return Part(True, 0.4, f"same region {a.admin1}")
        if distance is not None:
            if distance > config.max_km_region:
                return Part(False, 0.0, f"{distance:.0f} km")
            return Part(True, 0.35, f"{distance:.0f} km (region)")
        return Part(True, 0.3, "places not comparable")
    # two points or towns with coordinates
    both_points = a.precision == GeoPrecision.POINT and b.precision == GeoPrecision.POINT
    limit = config.max_km_point if both_points else config.max_km_city
    if distance > limit:
        return Part(False, 0.0, f"{distance:.1f} km")
    base = 1.0 if both_points else 0.75
    far = max(0.0, distance - config.near_km) / max(1e-9, limit - config.near_km)
    score = base * (1.0 - 0.7 * far)
    reason = f"{distance:.1f} km"
    if a.site and b.site and fuzz.token_set_ratio(norm_name(a.site), norm_name(b.site)) >= 85:
        score = min(1.0, score + 0.15)
        reason += f", same site {a.site}"
    return Part(True, score, reason)


# ----------------------------------------------------------------------------- dates


def date_strength(days: int) -> float:
    """How much two consistent intervals say, by the length of the longer one: the same day
    is strong evidence; a day inside "last week" or "in January" is consistent but weak.
    Coarse dates must not sink a pair that place, type and figures support: a background
    "in January" mention of a famous strike is that strike."""
    if days <= 1:
        return 1.0
    if days <= 7:
        return 0.7
    if days <= 31:
        return 0.5
    return 0.4


def date_relation(a: DateInterval | None, b: DateInterval | None, config: LinkConfig = DEFAULT_CONFIG,
                  figures_conflict: bool = True) -> Part:
    """Overlapping intervals score by ``date_strength``; intervals that only touch through the
    slack (consecutive days: a night event reported on either side of midnight, a report
    that took its own date for the event's) score ``slip_day_factor`` of that when the
    figures of the two reports do not conflict (``figures_conflict`` False), and only
    ``gap_day_factor`` when they do: two attacks in one city on consecutive days with
    different tolls are two attacks."""
    if a is None or b is None or None in (a.start, a.end, b.start, b.end):
        return _INCOMPATIBLE
    if not a.overlaps(b, config.date_slack_days):
        return _INCOMPATIBLE
    base = date_strength(max(a.days, b.days))
    if a.overlaps(b, 0):
        return Part(True, base, f"date overlap {base:.2f}")
    gap = max((b.start - a.end).days, (a.start - b.end).days)
    factor = config.gap_day_factor if figures_conflict else config.slip_day_factor
    score = base * factor ** gap
    return Part(True, score, f"dates {gap} day apart {score:.2f}")


# ----------------------------------------------------------------------------- types


def type_relation(a: Mention, b: Mention, config: LinkConfig = DEFAULT_CONFIG) -> Part:
    """Same sub-type 1; confusable sub-types 0.6; other sub-types of one event type 0, except
    that a generic sub-type against another one is consistent -- the generic report only
    does not say how -- but weak: ``generic_type_score``, or 1 when both name the same
    perpetrator, target or victim (the generic report is that event told without its means).

    Across event types only an attack whose means are unknown (``UNKNOWN_MEANS``) against a
    political-violence event, and only with other evidence: a named actor or victim in
    common, or a figure both give that agrees. "An American attack" that killed Soleimani is
    the drone strike; a report's "attack" on a police officer is another's shootout."""
    sa, sb = a.sub_event_type, b.sub_event_type
    if a.event_type != b.event_type:
        if not ((sa == UNKNOWN_MEANS or sb == UNKNOWN_MEANS)
                and a.event_type in POLITICAL_VIOLENCE and b.event_type in POLITICAL_VIOLENCE):
            return _DIFFERENT_TYPES
        generic, other = (sa, sb) if sa == UNKNOWN_MEANS else (sb, sa)
        same = shared_names(a, b)
        if same:
            return Part(True, 1.0, f"generic {generic} / {other}, same named {', '.join(same[:3])}")
        if figures_agree(a, b):
            return Part(True, config.generic_type_score, f"generic {generic} / {other}, figures agree")
        return _DIFFERENT_TYPES
    if sa == sb:
        return Part(True, 1.0, "same sub_event_type")
    if sub_types_related(sa, sb):
        return Part(True, 0.6, f"compatible sub_event_types ({sa} / {sb})")
    if sa in GENERIC_SUB_EVENT_TYPES or sb in GENERIC_SUB_EVENT_TYPES:
        generic, other = (sa, sb) if sa in GENERIC_SUB_EVENT_TYPES else (sb, sa)
        same = shared_names(a, b)
        if same:
            return Part(True, 1.0, f"generic {generic or '?'} / {other or '?'}, "
                                   f"same named {', '.join(same[:3])}")
        return Part(True, config.generic_type_score, f"generic {generic or '?'} / {other or '?'}")
    return Part(True, 0.0, f"different sub_event_types ({sa} / {sb})")


_DIFFERENT_TYPES = Part(False, 0.0, "different event_type")


# ----------------------------------------------------------------------------- figures


def _bounds(count: Count) -> tuple[float, float, float] | None:
    if not count.reported or (count.best is None and count.low is None):
        return None
    best = count.best if count.best is not None else count.low
    low = count.low if count.low is not None else best
    high = count.high if count.high is not None else math.inf
    return low, best, high


def _shared_figures(a: Mention, b: Mention) -> list[tuple[str, tuple, tuple, bool]]:
    """(field, bounds of a, bounds of b, ranges overlap) for each figure both report."""
    out = []
    for name in ("killed", "wounded", "munitions"):
        ba, bb = _bounds(getattr(a, name)), _bounds(getattr(b, name))
        if ba is not None and bb is not None:
            out.append((name, ba, bb, ba[0] <= bb[2] and bb[0] <= ba[2]))
    return out


def figures_relation(a: Mention, b: Mention) -> Part:
    scores, notes = [], []
    for name, ba, bb, overlap in _shared_figures(a, b):
        if overlap:
            s = 1.0
        else:
            lo, hi = sorted((ba[1], bb[1]))
            s = (lo + 1) / (hi + 1)
        scores.append(s)
        notes.append(f"{name} {ba[1]:g} vs {bb[1]:g}")
    if not scores:
        return Part(True, 0.5, "")
    s = sum(scores) / len(scores)
    return Part(True, s, "; ".join(notes))


def figures_conflict(a: Mention, b: Mention) -> bool:
    """Some figure (killed, wounded, munitions) both report, with ranges that do not overlap."""
    return any(not overlap for *_, overlap in _shared_figures(a, b))


def figures_agree(a: Mention, b: Mention) -> bool:
    """Some figure (killed, wounded, munitions) both report, and every such figure overlaps."""
    shared = _shared_figures(a, b)
    return bool(shared) and all(overlap for *_, overlap in shared)


# ----------------------------------------------------------------------------- actors


def norm_actor(name: str) -> str:
    text = norm_name(name)
    text = re.sub(r"^(the|a|an) ", "", text)
    return text


def actors_relation(a: Mention, b: Mention) -> Part:
    sa = {norm_actor(x) for x in (*a.perpetrators, *a.claimants, *a.targets) if norm_actor(x)}
    sb = {norm_actor(x) for x in (*b.perpetrators, *b.claimants, *b.targets) if norm_actor(x)}
    if not sa or not sb:
        return Part(True, 0.5, "")
    hits = sum(1 for x in sa if any(x == y or fuzz.token_set_ratio(x, y) >= 90 for y in sb))
    s = min(1.0, hits / min(len(sa), len(sb)))
    if not hits:
        return Part(True, 0.25, "different actors")      # names vary too much to be evidence against
    return Part(True, s, f"actors {s:.2f}")


_CAPITALIZED = re.compile(r"[A-Z][\w'’\-]*[A-Za-z0-9]")
_SENTENCE_BREAK = re.compile(r"[.!?:;]\W*$|^\W*$")


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Function words, and month and weekday names and abbreviations."""
    return frozenset(STOPWORDS | set(vocabulary.months()) | set(vocabulary.weekdays()))


def _name_key(word: str) -> str:
    word = unidecode(word).lower().replace("’", "'")
    word = word.removesuffix("'s")
    for prefix in ("al-", "el-"):
        word = word.removeprefix(prefix)
    return re.sub(r"[^a-z0-9]+", "", word)


def mention_names(mention: Mention) -> frozenset[str]:
    """The proper names in a mention's sentences (its claims' quotes and its summary): its
    capitalized words, except the first word of a sentence, words of title-case lines
    (headlines), function words, month and day names, and the words of its place -- the
    names of victims, perpetrators and targets ("Qassem Soleimani", "Hezbollah")."""
    place_words = set()
    if mention.place is not None:
        for text in (mention.place.name, mention.place.admin1, mention.place.site, mention.place.text):
            place_words.update(_name_key(w) for w in (text or "").split())
    names: set[str] = set()
    for text in {c.quote for c in mention.claims if c.quote} | {mention.summary}:
        long_words = re.findall(r"[^\W\d_]{4,}", text)
        if not long_words or all(w[:1].isupper() for w in long_words):
            continue                     # a headline in title case: every word capitalized
        for match in _CAPITALIZED.finditer(text):
            if _SENTENCE_BREAK.search(text[: match.start()]):
                continue                 # first word of a sentence
            key = _name_key(match.group(0))
            if len(key) >= 3 and key not in _not_names() and key not in place_words:
                names.add(key)
    return frozenset(names)


def shared_names(a: Mention, b: Mention) -> list[str]:
    """Proper names both mentions' sentences give (spellings within Levenshtein ratio 85 for
    longer names: "al-Muhandis" / "al-Mouhandis"), other than either one's place."""
    na, nb = mention_names(a), mention_names(b)
    out = []
    for x in sorted(na):
        if x in nb or (len(x) >= 6 and any(len(y) >= 6 and fuzz.ratio(x, y) >= 85 for y in nb)):
            out.append(x)
    return out


# ----------------------------------------------------------------------------- details

# Details a report gives that tell one shooting or bombing from another in the same town on
# the same day: the victims' ages ("a 16-year-old boy", "Jonah Hwang, 8,"), the street or
# block ("the 3500 block of Fannin", "4235 Oak Shadows Drive"), the time of day ("at 9:09
# a.m."), and the named site of the place. Two reports of one event may differ in one of
# them (a hospital for a site, a suspect's age for a victim's); they rarely differ in two.
_AGES = (re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b", re.I),
         re.compile(r"\baged? (\d{1,3})\b", re.I),
         re.compile(r"\b[A-Z][a-z]+,? \((\d{1,3})\)"),
         re.compile(r"\b[A-Z][a-z]+, (\d{1,2}),"))
_DIRECTION = r"(?:[NSEW]\.?|North|South|East|West)\s+"
_BLOCK = re.compile(r"\b\d{1,6}\s+block of\s+(?:" + _DIRECTION + r")?([A-Z0-9][\w']*)")
_NOT_STREETS = frozenset({"n", "s", "e", "w", "north", "south", "east", "west", "the", "of"})
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b\.?", re.I)


@lru_cache(maxsize=1)
def _address() -> re.Pattern[str]:
    """A house number, the street's name and its type ("4235 Oak Shadows Drive")."""
    return re.compile(r"\b\d{1,6}\s+(?:" + _DIRECTION + r")?((?:[A-Z0-9][\w']*\s+){1,2}?)(?:"
                      + vocabulary.street_types_pattern() + r")\b")


def _texts(mention: Mention) -> tuple[str, ...]:
    return tuple(sorted({c.quote for c in mention.claims if c.quote} | ({mention.summary} if mention.summary else set())))


@lru_cache(maxsize=65536)
def _details(texts: tuple[str, ...]) -> tuple[frozenset[int], frozenset[str], frozenset[int]]:
    ages: set[int] = set()
    streets: set[str] = set()
    clock: set[int] = set()
    for text in texts:
        for pattern in _AGES:
            ages.update(int(x) for x in pattern.findall(text))
        for name in _BLOCK.findall(text):
            streets.add(_name_key(name))
        for name in _address().findall(text):
            streets.add(_name_key(name.split()[0]))
        for hour, minute, half in _CLOCK.findall(text):
            if 1 <= int(hour) <= 12:
                clock.add((int(hour) % 12 + (12 if half.lower() == "p" else 0)) * 60 + int(minute or 0))
    return frozenset(ages), frozenset(streets - _NOT_STREETS - {""}), frozenset(clock)


def mention_details(mention: Mention) -> tuple[frozenset[int], frozenset[str], frozenset[int]]:
    """Ages, street names (of blocks and addresses) and times of day (minutes) in a mention's sentences."""
    return _details(_texts(mention))


def details_conflicts(a: Mention, b: Mention, config: LinkConfig = DEFAULT_CONFIG) -> list[str]:
    """The kinds of detail both mentions give and disagree on: ages (when each gives at most
    ``detail_max_ages``: a long list of victims and suspects says little), streets, times of
    day more than ``detail_max_minutes`` apart, named sites."""
    (aa, sa, ta), (ab, sb, tb) = mention_details(a), mention_details(b)
    out = []
    if aa and ab and len(aa) <= config.detail_max_ages and len(ab) <= config.detail_max_ages and not aa & ab:
        out.append(f"ages {'/'.join(map(str, sorted(aa)))} vs {'/'.join(map(str, sorted(ab)))}")
    if sa and sb and not sa & sb:
        out.append(f"streets {'/'.join(sorted(sa))} vs {'/'.join(sorted(sb))}")
    if ta and tb and min(abs(x - y) for x in ta for y in tb) > config.detail_max_minutes:
        out.append("times " + "/".join(f"{x // 60}:{x % 60:02d}" for x in sorted(ta)) + " vs "
                   + "/".join(f"{x // 60}:{x % 60:02d}" for x in sorted(tb)))
    site_a = a.place.site if a.place is not None else None
    site_b = b.place.site if b.place is not None else None
    if site_a and site_b and fuzz.token_set_ratio(norm_name(site_a), norm_name(site_b)) < config.detail_site_ratio:
        out.append(f"sites {site_a} vs {site_b}")
    return out


def details_penalty(conflicts: Sequence[str], config: LinkConfig = DEFAULT_CONFIG) -> float:
    """``details_conflict_penalty`` when the conflicts weigh ``details_conflict_weight`` or more
    (a street or a time counts 1; an age or a site, weaker evidence, ``detail_weak_weight``);
    a lighter conflict costs nothing (it is common within one event)."""
    weight = sum(config.detail_weak_weight if c.startswith(("ages", "sites")) else 1.0 for c in conflicts)
    return config.details_conflict_penalty if weight >= config.details_conflict_weight else 0.0


# ----------------------------------------------------------------------------- pairs


@dataclass(frozen=True, slots=True)
class PairScore:
    a: str                   # mention ids, canonical order
    b: str
    score: float
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.b} ~ {self.a} {self.score:.2f}: " + "; ".join(r for r in self.reasons if r)


TextScore = Callable[[str, str], tuple[float, str]]


def compatible(a: Mention, b: Mention, config: LinkConfig = DEFAULT_CONFIG) -> bool:
    """The hard constraints alone (cheap: no text)."""
    return (a.document_id != b.document_id and a.id != b.id and linkable(a, config) and linkable(b, config)
            and date_relation(a.date, b.date, config).ok and place_relation(a.place, b.place, config).ok
            and type_relation(a, b, config).ok)


def score_pair(a: Mention, b: Mention, config: LinkConfig = DEFAULT_CONFIG,
               text: TextScore | None = None) -> PairScore | None:
    """The score of two mentions, or None when they cannot be one incident."""
    if canonical_key(b) < canonical_key(a):
        a, b = b, a
    if a.document_id == b.document_id or a.id == b.id:
        return None
    if not (linkable(a, config) and linkable(b, config)):
        return None
    d = date_relation(a.date, b.date, config, figures_conflict(a, b))
    if not d.ok:
        return None
    p = place_relation(a.place, b.place, config)
    if not p.ok:
        return None
    t = type_relation(a, b, config)
    if not t.ok:
        return None
    f = figures_relation(a, b)
    act = actors_relation(a, b)
    txt_score, txt_reason = text(a.document_id, b.document_id) if text else (0.0, "")
    if a.place is None or b.place is None:
        # a report without a place fits every incident of its day in the country: only the
        # texts can tell which (a rewrite, or names in common)
        if txt_score < config.placeless_min_text:
            names = shared_names(a, b)
            if len(names) < config.placeless_min_names:
                return None
            p = Part(True, p.score, f"{p.reason}, same names {', '.join(names[:3])}")
    w = config.weights
    score = (w[0] * d.score + w[1] * p.score + w[2] * t.score + w[3] * f.score
             + w[4] * txt_score + w[5] * act.score)
    conflicts = details_conflicts(a, b, config)
    penalty = details_penalty(conflicts, config)
    score = max(0.0, score - penalty)
    score = round(score, 9)      # the same number whatever the order it was summed in
    detail_reason = f"different details ({'; '.join(conflicts)}) -{penalty:.2f}" if conflicts else ""
    return PairScore(a.id, b.id, score, tuple(r for r in (d.reason, p.reason, t.reason, f.reason,
                                                             txt_reason, act.reason, detail_reason) if r))


# ----------------------------------------------------------------------------- candidates


class MentionIndex:
    """Mentions by day and place key, for candidate lookup inside one batch's neighbourhood."""

    def __init__(self, config: LinkConfig = DEFAULT_CONFIG):
        self.config = config
        self.mentions: dict[str, Mention] = {}
        self._days: dict[dt.date, list[str]] = defaultdict(list)

    def add(self, mention: Mention) -> None:
        """Index ``mention``; the first version of an id wins (add the batch's first)."""
        if mention.id in self.mentions or not linkable(mention, self.config):
            return
        self.mentions[mention.id] = mention
        day = mention.date.start
        while day <= mention.date.end:
            self._days[day].append(mention.id)
            day += dt.timedelta(days=1)

    def candidates(self, mention: Mention) -> list[Mention]:
        if not linkable(mention, self.config):
            return []
        slack = dt.timedelta(days=self.config.date_slack_days)
        seen: set[str] = set()
        out = []
        wanted = query_keys(mention.place, self.config)
        day, last = mention.date.start - slack, mention.date.end + slack
        while day <= last:
            for mid in self._days.get(day, ()):
                if mid in seen or mid == mention.id:
                    continue
                seen.add(mid)
                other = self.mentions[mid]
                if other.document_id == mention.document_id:
                    continue
                if wanted is not None and not any(k in wanted for k in place_keys(other.place, self.config)):
                    continue
                out.append(other)
            day += dt.timedelta(days=1)
        return out


# ----------------------------------------------------------------------------- clustering


@dataclass(slots=True)
class Cluster:
    mention_ids: list[str]                      # canonical order, root first
    reasons: list[str] = field(default_factory=list)

    @property
    def root(self) -> str:
        return self.mention_ids[0]


def cluster_mentions(mentions: Sequence[Mention], pairs: Iterable[PairScore],
                     config: LinkConfig = DEFAULT_CONFIG) -> list[Cluster]:
    """Average-linkage clustering with complete-link compatibility (see module docstring).

    ``pairs`` are the compatible pairs among ``mentions`` (any pair missing is incompatible).
    The result depends only on the set of mentions and their pair scores.
    """
    ordered = sorted(mentions, key=canonical_key)
    index = {m.id: i for i, m in enumerate(ordered)}
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    reasons: dict[int, list[str]] = {i: [] for i in range(len(ordered))}
    # stats[(i, j)], i < j: [sum of scores, number of compatible pairs, best pair]
    stats: dict[tuple[int, int], list] = {}
    neighbours: dict[int, set[int]] = defaultdict(set)
    for pair in pairs:
        if pair.a not in index or pair.b not in index:
            continue
        i, j = sorted((index[pair.a], index[pair.b]))
        if (i, j) in stats:
            continue
        stats[(i, j)] = [pair.score, 1, pair]
        neighbours[i].add(j)
        neighbours[j].add(i)
    threshold = config.merge_threshold

    def linkage(i: int, j: int) -> float | None:
        st = stats.get((i, j) if i < j else (j, i))
        if st is None:
            return None
        size = len(members[i]) * len(members[j])
        if st[1] != size:
            return None            # some cross pair is incompatible (or of one document)
        return round(st[0] / size, 9)

    heap = []
    for (i, j) in stats:
        value = linkage(i, j)
        if value is not None and value >= threshold:
            heap.append((-value, i, j))
    heapq.heapify(heap)
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        value = linkage(i, j)
        if value is None or value != -neg:
            continue               # stale entry
        if value < threshold:
            break
        best = stats[(i, j)][2]
        # merge j into i (i is the canonically earlier cluster: the root stays first)
        members[i] = sorted(members[i] + members.pop(j))
        reasons[i] = reasons[i] + reasons.pop(j) + [best.describe()]
        del stats[(i, j)]
        neighbours[i].discard(j)
        for k in sorted(neighbours.pop(j, set())):
            if k == i:
                continue
            neighbours[k].discard(j)
            moved = stats.pop((min(j, k), max(j, k)))
            key = (min(i, k), max(i, k))
            if key in stats:
                st = stats[key]
                st[0] += moved[0]
                st[1] += moved[1]
                if (moved[2].score, moved[2].a, moved[2].b) > (st[2].score, st[2].a, st[2].b):
                    st[2] = moved[2]
            else:
                stats[key] = list(moved)
            neighbours[i].add(k)
            neighbours[k].add(i)
        for k in sorted(neighbours[i]):
            value = linkage(i, k)
            if value is not None and value >= threshold:
                heapq.heappush(heap, (-value, min(i, k), max(i, k)))
    out = []
    for i in sorted(members):
        out.append(Cluster([ordered[x].id for x in members[i]], reasons[i]))
    return out
