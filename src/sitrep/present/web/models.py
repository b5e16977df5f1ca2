"""What the JSON API sends: Pydantic models over the view model, layered.

``IncidentBase`` holds what identifies and measures an incident; ``IncidentPublic`` adds
what a list needs (actors, sourcing, links); ``IncidentDetail`` adds the evidence: claims,
conflicts side by side and sources with the character spans of each claim. Every route
declares one of these as its ``response_model``, so no internal record leaves the server.
The field names are the contract of the API; tests pin them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, computed_field

from .. import viewmodel as vm


class _Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ----------------------------------------------------------------------------- values


class FigureModel(_Model):
    """A count: ``text`` as shown ("5", "5–8", "≥5"); ``reported`` false when no source gives
    a figure (``best`` is then the coded default, 0 for casualties)."""

    text: str
    low: int | None = None
    best: int | None = None
    high: int | None = None
    reported: bool = True
    note: str = ""


class DateModel(_Model):
    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = Field(description="day, week, month, year or unknown")
    text: str = ""


class PlaceModel(_Model):
    label: str
    name: str
    site: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = Field(description="point, city, region or country")


class SpanModel(_Model):
    """A claim's place in its document: ``start``/``end`` of the sentence and
    ``value_start``/``value_end`` of the value's words, offsets into ``content``."""

    claim_id: str
    field: str
    start: int
    end: int
    value_start: int | None = None
    value_end: int | None = None
    said_by: str | None = None


class EvidenceModel(_Model):
    """One claim with its document: value, verbatim sentence, speaker, outlet and link."""

    claim_id: str
    field: str
    label: str
    value: Any = None
    value_text: str
    quote: str
    said_by: str | None = None
    document_id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    start: int
    end: int
    value_start: int | None = None
    value_end: int | None = None


class ConflictModel(_Model):
    field: str
    label: str
    claims: list[EvidenceModel]


class SourceModel(_Model):
    document_id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    spans: list[SpanModel]
    api_url: str = ""


# ----------------------------------------------------------------------------- incidents


class IncidentBase(_Model):
    id: str
    event_type: str
    sub_event_type: str
    summary: str
    date: DateModel | None = None
    place: PlaceModel | None = None
    killed: FigureModel
    wounded: FigureModel
    munitions: FigureModel


class IncidentPublic(IncidentBase):
    colour: str = Field(description="the event type's colour on the map and timeline")
    weapon: str | None = None
    perpetrators: list[str] = []
    claimants: list[str] = []
    targets: list[str] = []
    source_count: int = Field(description="documents reporting the incident")
    independent_sources: int = Field(description="reprints of one wire story count once")
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    conflict_fields: list[str] = Field([], description="fields whose claims disagree")

    @computed_field(description="this incident in the JSON API")
    @property
    def api_url(self) -> str:
        return f"/api/incidents/{quote(self.id, safe='')}"

    @computed_field(description="this incident's web page")
    @property
    def page_url(self) -> str:
        return f"/incidents/{quote(self.id, safe='')}"

    @classmethod
    def from_card(cls, card: vm.IncidentCard) -> "IncidentPublic":
        return cls.model_validate(card, from_attributes=True)


class IncidentDetail(IncidentPublic):
    requested_id: str = Field(description="the id asked for; an old (merged) id resolves to "
                                          "the incident that took it over")
    claims: list[EvidenceModel]
    conflicts: list[ConflictModel]
    sources: list[SourceModel]
    mention_ids: list[str] = []
    merge_reasons: list[str] = []

    @classmethod
    def from_view(cls, detail: vm.IncidentDetail) -> "IncidentDetail":
        data = {**vm.plain(detail.card), "requested_id": detail.requested_id,
                "claims": vm.plain(detail.claims), "conflicts": vm.plain(detail.conflicts),
                "sources": [{**vm.plain(s), "api_url": _document_url(s.document_id)}
                            for s in detail.sources],
                "mention_ids": list(detail.mention_ids),
                "merge_reasons": list(detail.merge_reasons)}
        return cls.model_validate(data)


class IncidentPage(_Model):
    """One page of incidents matching the filters; ``total`` counts all the matches."""

    total: int
    limit: int
    offset: int
    items: list[IncidentPublic]


# ----------------------------------------------------------------------------- overview


class TimelineType(_Model):
    name: str
    colour: str


class TimelineBar(_Model):
    day: dt.date = Field(description="the day (or the Monday of the week) of the bar")
    type: str
    ids: list[str]


class TimelineModel(_Model):
    bucket: str = Field(description="day, or week for spans longer than 550 days")
    start: dt.date | None = None
    end: dt.date | None = None
    types: list[TimelineType]
    bars: list[TimelineBar]
    undated: list[str]
    outside: list[str] = Field([], description="dated incidents far outside the span drawn "
                                               "(likely misread dates)")


class MarkerModel(_Model):
    id: str
    lat: float
    lon: float
    type: str
    colour: str
    precision: str
    label: str


class OverviewModel(_Model):
    """What the map and the timeline draw for the filters: ``shown`` of ``total`` matches
    (the ``limit`` most recent), ``located`` of them with coordinates."""

    total: int
    shown: int
    located: int
    timeline: TimelineModel
    markers: list[MarkerModel]


# ----------------------------------------------------------------------------- documents


class DocumentDetail(_Model):
    """A stored document. ``content`` is the title, a blank line, then the body: the string
    every span indexes (``content[start:end]`` is the claim's quote)."""

    id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    urls: list[str] = []
    aliases: list[str] = []
    language: str | None = None
    text: str = Field(description="the body alone")
    content: str
    body_offset: int
    spans: list[SpanModel]

    @classmethod
    def from_view(cls, doc: vm.DocumentView) -> "DocumentDetail":
        data = vm.plain(doc)
        data["text"] = doc.content[doc.body_offset:]
        return cls.model_validate(data)


class DocumentHit(_Model):
    id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    snippet: str
    api_url: str


class SearchResults(_Model):
    query: str
    incidents: list[IncidentPublic]
    documents: list[DocumentHit]


class Problem(_Model):
    detail: str


def _document_url(document_id: str) -> str:
    return f"/api/documents/{quote(document_id, safe='')}"
