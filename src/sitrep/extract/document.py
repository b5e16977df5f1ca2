"""From one cleaned document to the incidents it reports, as ``Mention`` records.

The components (events, counts, dates, places, actors) each look at one sentence. This
module decides which sentences to parse, runs the components, and groups their findings:

* The title and lead describe the article's main incident.
* A sentence with a violent-event trigger that carries its own date or place, different from
  the incident in focus, starts another incident (a background one: "the first attack was on
  November 17").
* Sentences without a trigger, or whose date and place agree, continue the incident in
  focus and lend it what they say (counts, date, place, actors).
* Every value becomes a ``Claim`` holding the sentence span and who said it.

Only paragraphs with event or casualty vocabulary (and the lead, which carries the dateline)
are parsed: on news text that skips most of the spaCy work (see benchmarks/bench_extract.py).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import (Claim, Count, DateInterval, DatePrecision, Document, GeoPrecision,
                       Mention, Modality, Place, to_dict)
from . import actors as actors_mod
from . import counts as counts_mod
from . import dates as dates_mod
from . import events as events_mod
from . import places as places_mod

EXTRACTOR = "sitrep.extract.document.v1"

# How far apart two places must be to count as different incidents' places (km). Matches
# the scale of a city: a site across town is the same place, a town 50 km away is not.
DIFFERENT_PLACE_KM = 30.0
# Paragraphs always parsed: the title plus this many leading paragraphs (dateline, lead).
LEAD_PARAGRAPHS = 2
# Casualty words that make a paragraph worth parsing even without an event trigger.
CASUALTY_WORDS = re.compile(
    r"\b(?:kill|dead|death|die[ds]?|dying|wound|injur|hurt|casualt|hospitali[sz]|victim|"
    r"fatal|toll|body|bodies|critical condition|abduct|kidnap|hostage|missing)\w*",
    re.IGNORECASE,
)
# "a week after", "two days before": the event in the complement is shifted from the focus.
RELATIVE_SHIFT = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|a few|several)\s+"
    r"(?P<unit>day|days|week|weeks|month|months)\s+(?P<dir>after|before)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a few": 3, "several": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


# ----------------------------------------------------------------------------- chunks


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str
    index: int


def paragraphs(content: str) -> list[Paragraph]:
    """Non-empty lines of ``content`` with their offsets; a line is a paragraph in news text."""
    found = []
    for match in re.finditer(r"[^\n]+", content):
        text = match.group(0)
        if text.strip():
            found.append(Paragraph(match.start(), match.end(), text, len(found)))
    return found


def select_paragraphs(paras: Sequence[Paragraph], title_end: int) -> list[Paragraph]:
    """The paragraphs worth parsing: title, lead, and any with event or casualty words."""
    chosen = []
    body_seen = 0
    for para in paras:
        in_title = para.start < title_end
        lead = not in_title and body_seen < LEAD_PARAGRAPHS
        if not in_title:
            body_seen += 1
        if in_title or lead or events_mod.has_event_vocabulary(para.text) or CASUALTY_WORDS.search(para.text):
            chosen.append(para)
    return chosen


# ----------------------------------------------------------------------------- sentences


@dataclass(slots=True)
class SentenceFindings:
    """What the components found in one sentence, offsets in Document.content."""

    start: int
    end: int
    text: str
    paragraph: int
    events: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    attribution: object | None = None
    shift: tuple[int, str, int] | None = None  # (days, direction, offset in content)


def _shifted(finding, offset: int):
    """A component finding with its offsets moved from chunk to document coordinates."""
    return dataclasses.replace(finding, start=finding.start + offset, end=finding.end + offset)


def analyse_sentences(document: Document, nlp) -> tuple[list[SentenceFindings], places_mod.DocumentPlaces]:
    content = document.content
    title_end = len(document.title) if document.title else 0
    chosen = select_paragraphs(paragraphs(content), title_end)
    docs = list(nlp.pipe([p.text for p in chosen]))
    entities = []
    for para, doc in zip(chosen, docs):
        for ent in doc.ents:
            entities.append(places_mod.Entity(ent.start_char + para.start, ent.end_char + para.start,
                                              ent.label_, ent.text))
    geo = places_mod.geocode_document(content, entities, title_end=title_end)
    sentences: list[SentenceFindings] = []
    for para, doc in zip(chosen, docs):
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            off = para.start
            s = SentenceFindings(sent.start_char + off, sent.end_char + off, sent.text, para.index)
            s.events = [_shifted(e, off) for e in events_mod.find_events(sent)]
            s.counts = [_shifted(c, off) for c in counts_mod.find_counts(sent)]
            s.dates = [_shifted(d, off) for d in dates_mod.find_dates(sent, document.published)]
            s.places = geo.in_span(s.start, s.end)
            s.actors = [_shifted(a, off) for a in actors_mod.find_actors(sent)]
            attribution = actors_mod.find_attribution(sent)
            s.attribution = _shifted(attribution, off) if attribution else None
            shift = RELATIVE_SHIFT.search(sent.text)
            if shift:
                n = _NUMBER_WORDS.get(shift.group("n").lower())
                n = n if n is not None else int(shift.group("n"))
                days = n * _UNIT_DAYS[shift.group("unit").lower().rstrip("s")]
                s.shift = (days, shift.group("dir").lower(), s.start + shift.start())
            sentences.append(s)
    return sentences, geo


# ----------------------------------------------------------------------------- grouping


@dataclass(slots=True)
class Draft:
    """An incident being assembled from sentences of one document."""

    triggers: list = field(default_factory=list)
    sentences: list = field(default_factory=list)       # SentenceFindings
    counts: list = field(default_factory=list)          # (CountFinding, SentenceFindings)
    date: object | None = None                          # (DateFinding, SentenceFindings)
    place: object | None = None                         # (PlaceFinding, SentenceFindings)
    actors: list = field(default_factory=list)          # (ActorFinding, SentenceFindings)
    background: bool = False

    @property
    def interval(self) -> DateInterval | None:
        return self.date[0].interval if self.date else None

    @property
    def modality(self) -> Modality:
        asserted = [t for t in self.triggers if t.modality == Modality.ASSERTED]
        return Modality.ASSERTED if asserted else self.triggers[0].modality


def _km(a: Place | None, b: Place | None) -> float | None:
    if a is None or b is None or None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _places_differ(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    coarse = {GeoPrecision.COUNTRY, GeoPrecision.REGION}
    if a.precision in coarse or b.precision in coarse:
        # A country or region mention does not contradict a town inside it.
        return bool(a.country and b.country and a.country != b.country)
    distance = _km(a, b)
    return distance is not None and distance > DIFFERENT_PLACE_KM


def _dates_differ(a: DateInterval | None, b: DateInterval | None) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return False
    return not a.overlaps(b)


def _event_dates(sent: SentenceFindings) -> list:
    return [d for d in sent.dates if d.role == "point" and d.interval.start is not None]


def _nearest(items: Iterable, position: int):
    best, best_distance = None, None
    for item in items:
        distance = 0 if item.start <= position < item.end else min(abs(item.start - position),
                                                                    abs(item.end - position))
        if best_distance is None or distance < best_distance:
            best, best_distance = item, distance
    return best


def group_sentences(sentences: Sequence[SentenceFindings], published: dt.date | None,
                    default_place: Place | None) -> list[Draft]:
    """Group sentence findings into incidents of one document (see the module docstring)."""
    drafts: list[Draft] = []
    focus: Draft | None = None
    for sent in sentences:
        triggers = [t for t in sent.events]
        dates = _event_dates(sent)
        places = list(sent.places)
        # Which draft each trigger belongs to; a sentence may open more than one incident
        # ("missiles were fired at Erbil in January 2020, days after a US drone strike in Baghdad").
        assigned: dict[int, Draft] = {}
        for trigger in triggers:
            date = _nearest(dates, trigger.start)
            place = _nearest(places, trigger.start)
            interval = date.interval if date else None
            if sent.shift and focus is not None and focus.interval and focus.interval.start \
                    and trigger.start > sent.shift[2]:
                days, direction, _ = sent.shift
                delta = dt.timedelta(days=-days if direction == "after" else days)
                interval = DateInterval(focus.interval.start + delta, focus.interval.end + delta,
                                        focus.interval.precision, text="relative to the incident in focus")
                date = None
            target = None
            if focus is not None and not _dates_differ(focus.interval, interval) \
                    and not _places_differ(focus.place[0].place if focus.place else default_place,
                                           place.place if place else None):
                target = focus
            if target is None:
                for draft in drafts:   # an earlier incident the sentence returns to
                    if interval is not None and draft.interval is not None and not _dates_differ(draft.interval, interval) \
                            and not _places_differ(draft.place[0].place if draft.place else default_place,
                                                   place.place if place else None):
                        target = draft
                        break
            if target is None:
                target = Draft(background=bool(drafts))
                drafts.append(target)
            target.triggers.append(trigger)
            if target.date is None and (date is not None or interval is not None):
                if date is None:
                    date = dataclasses.replace(_RelativeDate, interval=interval, start=trigger.start,
                                               end=trigger.end, text="")
                target.date = (date, sent)
            if target.place is None and place is not None:
                target.place = (place, sent)
            assigned[id(trigger)] = target
            focus = target
        if not triggers and focus is None:
            continue
        owners = {id(d): d for d in assigned.values()} or ({id(focus): focus} if focus else {})
        for draft in owners.values():
            if sent not in draft.sentences:
                draft.sentences.append(sent)
        # Counts and actors go to the incident of the nearest trigger in the sentence, else focus.
        for finding in sent.counts:
            trigger = _nearest(triggers, finding.start)
            owner = assigned.get(id(trigger)) if trigger else focus
            if owner is not None:
                owner.counts.append((finding, sent))
        for finding in sent.actors:
            trigger = _nearest(triggers, finding.start)
            owner = assigned.get(id(trigger)) if trigger else focus
            if owner is not None:
                owner.actors.append((finding, sent))
        if not triggers and focus is not None:
            if focus.date is None and dates:
                focus.date = (dates[0], sent)
            if focus.place is None and places:
                focus.place = (places[0], sent)
    return drafts


_RelativeDate = dates_mod.DateFinding(start=0, end=0, text="",
                                      interval=DateInterval(None, None, DatePrecision.UNKNOWN),
                                      role="point", explicit=False)


# ----------------------------------------------------------------------------- mentions


def _merge_counts(findings: Sequence) -> Count | None:
    """One document's figure for a field: the range over its claims, best the highest best
    (within an article a higher figure is usually the update or the total)."""
    counts = [f.count for f in findings if f.count.best is not None or f.count.low is not None]
    if not counts:
        return None
    lows = [c.low for c in counts if c.low is not None]
    bests = [c.best if c.best is not None else c.low for c in counts]
    highs = [c.high for c in counts]
    high = None if any(h is None for h in highs) else max(highs)
    best = max(b for b in bests if b is not None)
    if high is not None and best > high:
        high = best
    return Count(low=min(lows) if lows else None, best=best, high=high, reported=True,
                 text="; ".join(c.text for c in counts if c.text))


def _choose_type(triggers: Sequence) -> tuple[str, str, str | None]:
    """The most confident asserted trigger sets the type; a weapon anywhere refines it."""
    ranked = sorted(triggers, key=lambda t: (t.modality != Modality.ASSERTED, -t.confidence, t.start))
    best = ranked[0]
    weapon = next((t.weapon for t in ranked if t.weapon), None)
    return best.event_type, best.sub_event_type, weapon


def _claim(document: Document, mention_id: str, field_name: str, value, sent: SentenceFindings,
           value_span: tuple[int, int] | None, extractor: str) -> Claim:
    said_by = None
    if sent.attribution is not None:
        said_by = sent.attribution.said_by
        if getattr(sent.attribution, "outlet", None):
            said_by = f"{said_by} ({sent.attribution.outlet})"
    return Claim(
        id=Claim.make_id(document.id, field_name, sent.start, sent.end, value),
        document_id=document.id,
        mention_id=mention_id,
        field=field_name,
        value=value,
        start=sent.start,
        end=sent.end,
        quote=document.content[sent.start:sent.end],
        value_start=value_span[0] if value_span else None,
        value_end=value_span[1] if value_span else None,
        said_by=said_by,
        extractor=extractor,
    )


def draft_to_mention(document: Document, index: int, draft: Draft, default_place: Place | None) -> Mention:
    mention_id = f"{document.id}#{index}"
    event_type, sub_event_type, weapon = _choose_type(draft.triggers)
    claims: list[Claim] = []
    lead_sent = draft.sentences[0] if draft.sentences else None
    for trigger in draft.triggers:
        sent = next((s for s in draft.sentences if s.start <= trigger.start < s.end), lead_sent)
        claims.append(_claim(document, mention_id, "event_type",
                             {"event_type": trigger.event_type, "sub_event_type": trigger.sub_event_type,
                              "modality": str(trigger.modality), "weapon": trigger.weapon},
                             sent, (trigger.start, trigger.end), "sitrep.extract.events.v1"))
    date = draft.interval
    if draft.date is not None:
        finding, sent = draft.date
        span = (finding.start, finding.end) if finding.end > finding.start else None
        claims.append(_claim(document, mention_id, "date", to_dict(finding.interval), sent, span,
                             "sitrep.extract.dates.v1"))
    elif document.published is not None:
        # No date in the text: the report's own date bounds it. A week's window, marked as
        # such, keeps the incident on the timeline without pretending to know the day.
        date = DateInterval(document.published - dt.timedelta(days=6), document.published,
                            DatePrecision.WEEK, text="publication date")
    place = None
    if draft.place is not None:
        finding, sent = draft.place
        place = finding.place
        claims.append(_claim(document, mention_id, "location", to_dict(place), sent,
                             (finding.start, finding.end), "sitrep.extract.places.v1"))
    elif default_place is not None:
        place = default_place
    by_field: dict[str, list] = {}
    for finding, sent in draft.counts:
        by_field.setdefault(finding.field, []).append(finding)
        claims.append(_claim(document, mention_id, finding.field,
                             {**to_dict(finding.count), "category": finding.category,
                              "weapon": finding.weapon},
                             sent, (finding.start, finding.end), "sitrep.extract.counts.v1"))
    killed = _merge_counts(by_field.get("killed", ())) or Count.not_reported()
    wounded = _merge_counts(by_field.get("wounded", ())) or Count.not_reported()
    munitions = _merge_counts(by_field.get("munitions", ())) or Count.unknown()
    perpetrators, claimants, targets = [], [], []
    for finding, sent in draft.actors:
        bucket = {"perpetrator": perpetrators, "claimant": claimants, "target": targets}.get(finding.role)
        if bucket is None:
            continue
        if finding.stance == "denied":
            continue
        if finding.name not in bucket:
            bucket.append(finding.name)
        claims.append(_claim(document, mention_id, finding.role,
                             {"name": finding.name, "text": finding.text, "stance": finding.stance},
                             sent, (finding.start, finding.end), "sitrep.extract.actors.v1"))
    seen_claims: dict[str, Claim] = {}
    for claim in claims:
        seen_claims.setdefault(claim.id, claim)
    summary = lead_sent.text.strip() if lead_sent else ""
    return Mention(
        id=mention_id,
        document_id=document.id,
        index=index,
        event_type=event_type,
        sub_event_type=sub_event_type,
        modality=draft.modality,
        date=date,
        place=place,
        killed=killed,
        wounded=wounded,
        munitions=munitions,
        weapon=weapon,
        perpetrators=tuple(perpetrators),
        claimants=tuple(claimants),
        targets=tuple(targets),
        background=draft.background,
        sentences=tuple((s.start, s.end) for s in draft.sentences),
        summary=summary[:300],
        claims=tuple(seen_claims.values()),
        published=document.published,
    )


def _past_dated(draft: Draft, published: dt.date | None) -> bool:
    """A future-tense trigger whose own date lies clearly in the past is a narrative or
    translation artefact ("a week after more than a dozen missiles will target ..."): the
    text dates it, so it happened."""
    interval = draft.interval
    return bool(published and interval and interval.end and interval.end < published - dt.timedelta(days=1))


def extract_document(document: Document, nlp=None) -> list[Mention]:
    """Every incident ``document`` reports, the main one first, with their claims."""
    if nlp is None:
        from ..parse import load_nlp
        nlp = load_nlp()
    sentences, geo = analyse_sentences(document, nlp)
    drafts = group_sentences(sentences, document.published, geo.default)
    mentions = []
    for draft in drafts:
        if not draft.triggers:
            continue
        if draft.modality == Modality.FUTURE and _past_dated(draft, document.published):
            draft.triggers = [dataclasses.replace(t, modality=Modality.ASSERTED) for t in draft.triggers]
        mentions.append(draft_to_mention(document, len(mentions), draft, geo.default))
    return mentions
