"""Typed records that flow between the stages.

ingest -> clean -> parse -> extract -> link -> reconcile -> store -> present

Every stage takes and returns these records and nothing else; dicts appear only at the
edges (JSON, the database, the web API). Records are frozen so a stage can never change
what an earlier stage produced; use ``dataclasses.replace`` to derive a new one.

Character spans (``start``, ``end``) always index ``Document.content``: the cleaned title,
a blank line, then the cleaned body (see ``Document.content``). That single convention lets
every claim be checked with ``document.content[start:end] == quote``.

``to_dict`` / ``from_dict`` turn any record into plain JSON-able data and back: the one
codec, for the store, the exports, the stage files (``sitrep extract``) and Ray workers.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import math
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# ----------------------------------------------------------------------------- vocabulary


class Modality(StrEnum):
    """How the text presents an event. Only ASSERTED mentions become incidents."""

    ASSERTED = "asserted"        # "rockets hit the embassy"
    NEGATED = "negated"          # "no attack took place"
    DENIED = "denied"            # "the army denied that guerrillas attacked"
    HYPOTHETICAL = "hypothetical"  # "if the rocket fire did not stop ..."
    FUTURE = "future"            # "would recall its diplomats", "will attack"
    THREAT = "threat"            # "ready to respond", "threatened to strike"
    GENERIC = "generic"          # aggregates and habits: "dozens of rockets since 2019"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"         # relative expression without a publication date to anchor it


class GeoPrecision(StrEnum):
    POINT = "point"      # a site or neighbourhood resolved to coordinates of its own
    CITY = "city"        # a populated place
    REGION = "region"    # a first-level administrative region
    COUNTRY = "country"


#: ACLED's violent sub-event types and the event type each belongs to: political violence (the
#: scored vocabulary) and riots.
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Excessive force against protesters": "Protests",
}

#: Sub-event types that two reports (or two sentences of one) easily give differently for one
#: event: a volley of rockets told as an air strike, a suicide car bomb as a car bomb or an
#: IED, a riot as mob violence. Extraction groups sentences by it, linking merges reports by it.
SUB_EVENT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"Shelling/artillery/missile attack", "Air/drone strike"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Violent demonstration", "Mob violence"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
)


#: Sub-event types an extractor falls back to when it knows only the event type: the least
#: specific, which a report giving the means refines.
GENERIC_SUB_EVENT_TYPES = frozenset({"", "Other", "Armed clash", "Attack"})


def sub_types_related(a: str, b: str) -> bool:
    """The same sub-event type, or two of one family (``SUB_EVENT_FAMILIES``)."""
    return a == b or any(a in family and b in family for family in SUB_EVENT_FAMILIES)


# ----------------------------------------------------------------------------- documents

FINGERPRINT_KEY = "sitrep_fingerprint"   # metadata key of Document.arrival_fingerprint


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``text`` is the body; after cleaning it is the cleaned body."""

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None        # outlet / site name, or the host of the url
    language: str | None = None      # ISO 639-1, from the input or identified
    path: str | None = None          # the file it was read from
    line: int | None = None          # line number within that file (JSON lines, manifests)
    aliases: tuple[str, ...] = ()    # other ids the same text arrived with
    urls: tuple[str, ...] = ()       # every url the same text arrived with
    metadata: dict[str, Any] = field(default_factory=dict)  # the original record's extra fields
    removed: tuple[str, ...] = ()    # lines the cleaner removed, for audit

    @property
    def content(self) -> str:
        """Title and body as one string; all character spans index this string."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    @property
    def body_offset(self) -> int:
        """Where ``text`` starts inside ``content``."""
        return len(self.title) + 2 if self.title else 0

    @property
    def fingerprint(self) -> str:
        """Identity of the text, used to store one text once whatever ids it came with."""
        normalized = " ".join(f"{self.title}\n{self.text}".split()).lower()
        return hashlib.sha1(normalized.encode("utf-8")).hexdigest()

    @property
    def arrival_fingerprint(self) -> str:
        """The fingerprint of the text as it arrived, kept in ``metadata`` before cleaning
        changed the text (so a later cleaner cannot make an old text look new), else now."""
        return str(self.metadata.get(FINGERPRINT_KEY) or self.fingerprint)

    def with_arrival_fingerprint(self) -> "Document":
        return dataclasses.replace(self, metadata={**self.metadata, FINGERPRINT_KEY: self.fingerprint})


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Something wrong with one input; the rest of the batch goes on."""

    path: str
    message: str
    line: int | None = None
    code: str = "S000"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"[{self.code}] {where}: {self.message}"


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class DateInterval:
    """A closed interval of days with the precision the text supports."""

    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision = DatePrecision.DAY
    text: str = ""                   # the expression it came from ("on Sunday")

    def overlaps(self, other: "DateInterval", slack_days: int = 0) -> bool:
        if None in (self.start, self.end, other.start, other.end):
            return False
        slack = dt.timedelta(days=slack_days)
        return self.start <= other.end + slack and other.start <= self.end + slack

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place. ``site`` keeps a named spot that the gazetteer does not know
    (an airport, a base, an embassy, a street) while coordinates are the town it is in."""

    name: str
    country: str | None = None       # ISO 3166-1 alpha-2
    admin1: str | None = None        # first-level region name
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: GeoPrecision = GeoPrecision.CITY
    site: str | None = None
    text: str = ""                   # the words in the document

    def km_to(self, other: "Place | None") -> float | None:
        """Great-circle distance in km; None when either place has no coordinates."""
        if other is None or None in (self.lat, self.lon, other.lat, other.lon):
            return None
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dp, dl = p2 - p1, math.radians(other.lon - self.lon)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True, slots=True)
class Count:
    """A figure as low / best / high. ``reported`` is False when the text gives no figure and
    ``best`` is the coded default (0 for casualties, as ACLED codes it); high None is open."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    reported: bool = True
    text: str = ""                   # the words the figure came from ("at least five")

    @classmethod
    def exact(cls, n: int, text: str = "") -> "Count":
        return cls(low=n, best=n, high=n, text=text)

    @classmethod
    def not_reported(cls) -> "Count":
        return cls(low=None, best=0, high=None, reported=False)

    @classmethod
    def unknown(cls) -> "Count":
        return cls(low=None, best=None, high=None, reported=False)


# ----------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class Claim:
    """One value as one document states it, with the evidence.

    ``start``/``end`` delimit the sentence in ``Document.content`` and ``quote`` is that
    sentence verbatim; ``value_start``/``value_end`` delimit the words of the value itself.
    ``said_by`` is who made the statement ("the army", "a security source told AFP").
    """

    id: str
    document_id: str
    mention_id: str
    field: str                       # killed, wounded, munitions, date, location, event_type,
                                     # sub_event_type, weapon, perpetrator, claimant, target
    value: Any                       # JSON-able: a number dict for counts, a string, a dict
    start: int
    end: int
    quote: str
    value_start: int | None = None
    value_end: int | None = None
    said_by: str | None = None
    extractor: str = ""              # name with version, e.g. "sitrep.extract.counts.v1"

    @staticmethod
    def make_id(document_id: str, field_name: str, start: int, end: int, value: Any) -> str:
        raw = f"{document_id}|{field_name}|{start}|{end}|{value!r}"
        return "c" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:15]


@dataclass(frozen=True, slots=True)
class Mention:
    """One incident as one document reports it (possibly over several sentences)."""

    id: str                          # f"{document_id}#{index}"
    document_id: str
    index: int
    event_type: str                  # ACLED event_type
    sub_event_type: str              # ACLED sub_event_type
    modality: Modality = Modality.ASSERTED
    date: DateInterval | None = None
    place: Place | None = None
    killed: Count = field(default_factory=Count.not_reported)
    wounded: Count = field(default_factory=Count.not_reported)
    munitions: Count = field(default_factory=Count.unknown)
    weapon: str | None = None
    perpetrators: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    background: bool = False         # mentioned in passing, not the article's main event
    sentences: tuple[tuple[int, int], ...] = ()  # spans in Document.content
    summary: str = ""
    claims: tuple[Claim, ...] = ()
    published: dt.date | None = None  # the reporting document's publication date
    # Mentions of the same document this incident followed ("days after the strike that
    # killed X"): once that one is dated, this one starts no earlier (``sitrep.link.anchors``).
    after: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- linked


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """Claims for one field that disagree, side by side."""

    field: str
    claim_ids: tuple[str, ...]
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Incident:
    """Every report of one incident, reconciled. Holds claim ids, derived values only."""

    id: str
    event_type: str
    sub_event_type: str
    date: DateInterval | None
    place: Place | None
    killed: Count = field(default_factory=Count.not_reported)
    wounded: Count = field(default_factory=Count.not_reported)
    munitions: Count = field(default_factory=Count.unknown)
    weapon: str | None = None
    perpetrators: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()    # document ids
    independent_sources: int = 0     # reprints of one wire story count once
    claim_ids: tuple[str, ...] = ()
    conflicts: tuple[FieldConflict, ...] = ()
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    summary: str = ""
    merge_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Documents reporting the same event; ``copies`` groups near-identical reprints."""

    id: str
    document_ids: tuple[str, ...]
    copies: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What one run did, kept in the ``runs`` table and printed by the CLI."""

    run_id: str
    started: dt.datetime
    finished: dt.datetime | None = None
    documents_read: int = 0
    documents_new: int = 0
    documents_duplicate: int = 0
    documents_skipped: int = 0       # not English, empty after cleaning
    mentions: int = 0
    incidents: int = 0
    problems: tuple[InputProblem, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- codec
#
# The one codec of the records, for the store, the exports, the stage files and the
# workers. Each class's field names and each type's converter are worked out once and
# cached: saving or reading 100k incidents would otherwise spend most of its time in
# ``dataclasses.fields`` and ``typing.get_type_hints``.

_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def to_dict(record: Any) -> Any:
    """Plain JSON-able data for a record (recursively); dates become ISO strings."""
    cls = type(record)
    if cls in _PLAIN:
        return record
    try:
        names = _FIELDS[cls]
    except KeyError:
        names = _FIELDS[cls] = (tuple(f.name for f in dataclasses.fields(cls))
                                if dataclasses.is_dataclass(cls) else None)
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, StrEnum):
        return record.value
    if isinstance(record, (dt.date, dt.datetime)):
        return record.isoformat()
    if isinstance(record, (list, tuple)):
        return [to_dict(v) for v in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a record of type ``cls`` from ``to_dict`` output (None stays None)."""
    return None if data is None else _converter(cls)(data)


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON data into a value of type ``tp``, built once per type; the
    identity where nothing needs converting (str, int, Any, dict, list ...)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(options[0]) if len(options) == 1 else _identity
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _converter(args[0])
            if inner is _identity:
                return tuple
            return lambda value: tuple(None if v is None else inner(v) for v in value)
        parts = [_converter(a) for a in args]
        return lambda value: tuple(None if v is None else f(v) for f, v in zip(parts, value))
    if origin in (dict, list) or tp is Any:
        return _identity
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, globalns=globals())
        fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]
        plain = tuple(name for name, conv in fields if conv is _identity)
        converted = tuple((name, conv) for name, conv in fields if conv is not _identity)

        def build(value: dict) -> Any:
            kwargs = {name: value[name] for name in plain if name in value}
            for name, conv in converted:
                if name in value:
                    v = value[name]
                    kwargs[name] = None if v is None else conv(v)
            return tp(**kwargs)

        return build
    if tp is dt.datetime:
        return lambda v: v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)
    if tp is dt.date:
        return lambda v: v if isinstance(v, dt.date) else dt.date.fromisoformat(v[:10])
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp
    return _identity
