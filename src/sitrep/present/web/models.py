"""What the JSON API sends: the view model's shapes as they are, and the API's envelopes.

Incidents, documents and the overview are ``present.viewmodel``'s Pydantic models, the same
objects the report and the web pages render: ``IncidentCard`` (a row of a list, with
``api_url`` and ``page_url``), ``IncidentDetail`` (the card with claims, conflicts side by
side and sources with the character spans of each claim), ``DocumentDetail`` and
``Overview``. This module adds only what exists because of HTTP: a page of results, search
hits and the error body. Every route declares one of these as its ``response_model``, so no
internal record leaves the server. The field names are the contract of the API; tests pin
them.
"""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from ..viewmodel import DocumentDetail, IncidentCard, IncidentDetail, Overview

__all__ = ["DocumentDetail", "DocumentHit", "FacetValue", "Facets", "IncidentCard",
           "IncidentDetail", "IncidentPage", "Overview", "Problem", "SearchResponse"]


class IncidentPage(BaseModel):
    """One page of incidents matching the filters; ``total`` counts all the matches."""

    total: int
    limit: int
    offset: int
    items: list[IncidentCard]


class FacetValue(BaseModel):
    """One value of a facet: ``filters`` are the query parameters that select it."""

    value: str
    label: str
    count: int
    filters: dict[str, str]


class Facets(BaseModel):
    """The most frequent values among the incidents matching the filters, by field."""

    total: int
    event_type: list[FacetValue]
    country: list[FacetValue]
    admin1: list[FacetValue]
    month: list[FacetValue]
    perpetrator: list[FacetValue]


class DocumentHit(BaseModel):
    id: str
    title: str
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    snippet: str
    api_url: str


class SearchResponse(BaseModel):
    """What ``/api/search`` finds (the store's ``SearchResults``, as the API sends them)."""

    query: str
    incidents: list[IncidentCard]
    documents: list[DocumentHit]


class Problem(BaseModel):
    detail: str
