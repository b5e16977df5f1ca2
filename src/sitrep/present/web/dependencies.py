"""Shared dependencies: the store (overridable in tests through ``app.dependency_overrides``)
and the incident filters every listing route reads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from ...errors import SearchSyntaxError
from ...store import Store
from ...store.search import SYNTAX
from ...store.search import parse as parse_search
from ..export import country_code


def get_store(request: Request) -> Store:
    """The store ``create_app`` opened. Override it to serve another store."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    start: dt.date | None = None
    end: dt.date | None = None
    event_type: tuple[str, ...] = ()
    country: str | None = None
    place: str | None = None
    actor: str | None = None
    q: str | None = None
    admin1: str | None = None
    perpetrator: str | None = None

    def query_args(self) -> dict:
        """Keyword arguments for ``Store.query_incidents`` (and ``Store.facets``)."""
        return {"start": self.start, "end": self.end,
                "event_type": list(self.event_type) or None, "country": self.country,
                "place": self.place, "actor": self.actor, "text": self.q,
                "admin1": self.admin1, "perpetrator": self.perpetrator}


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def incident_filters(
    start: Annotated[dt.date | None, Query(description="incidents on or after this day "
                                                      "(their date interval overlaps)")] = None,
    end: Annotated[dt.date | None, Query(description="incidents on or before this day")] = None,
    event_type: Annotated[list[str] | None, Query(description="ACLED event type; repeat "
                                                           "for several")] = None,
    country: Annotated[str | None, Query(description="a country: its ISO 3166-1 code (IQ, "
                                                     "IRQ) or its name (Iraq)",
                                         max_length=100)] = None,
    place: Annotated[str | None, Query(description="words in the place or region name",
                                       max_length=200)] = None,
    actor: Annotated[str | None, Query(description="words in a perpetrator, claimant or "
                                                   "target", max_length=200)] = None,
    q: Annotated[str | None, Query(description="full-text search of summaries, places and "
                                               f"actors: {SYNTAX}", max_length=500)] = None,
    admin1: Annotated[str | None, Query(description="the first-level region, by name "
                                                    "(exact, any case)", max_length=200)] = None,
    perpetrator: Annotated[str | None, Query(description="one perpetrator, by name (exact)",
                                             max_length=200)] = None,
) -> IncidentFilters:
    if start and end and start > end:
        raise HTTPException(status_code=422, detail=f"start {start} is after end {end}")
    country = _blank(country)
    code = country_code(country) if country else None
    if country and code is None:
        raise HTTPException(status_code=422, detail=f"no country is called {country!r}: "
                            "give its ISO code (IQ, IRQ) or its English name")
    return IncidentFilters(start=start, end=end,
                           event_type=tuple(t for t in (event_type or []) if t.strip()),
                           country=code, place=_blank(place), actor=_blank(actor),
                           q=valid_search(q), admin1=_blank(admin1),
                           perpetrator=_blank(perpetrator))


def valid_search(q: str | None) -> str | None:
    """``q`` when the search syntax reads it (None when blank); else 422 with the reason."""
    q = _blank(q)
    try:
        parse_search(q or "")
    except SearchSyntaxError as exc:
        raise HTTPException(status_code=422, detail=exc.message) from exc
    return q


FiltersDep = Annotated[IncidentFilters, Depends(incident_filters)]
