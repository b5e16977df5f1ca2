"""Shared dependencies: the store (overridable in tests through ``app.dependency_overrides``)
and the incident filters every listing route reads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from ...store import Store


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

    def query_args(self) -> dict:
        """Keyword arguments for ``Store.query_incidents``."""
        return {"start": self.start, "end": self.end,
                "event_type": list(self.event_type) or None, "country": self.country,
                "place": self.place, "actor": self.actor, "text": self.q}


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def incident_filters(
    start: Annotated[dt.date | None, Query(description="incidents on or after this day "
                                                      "(their date interval overlaps)")] = None,
    end: Annotated[dt.date | None, Query(description="incidents on or before this day")] = None,
    event_type: Annotated[list[str] | None, Query(description="ACLED event type; repeat "
                                                           "for several")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code, e.g. IQ",
                                         max_length=2)] = None,
    place: Annotated[str | None, Query(description="words in the place or region name",
                                       max_length=200)] = None,
    actor: Annotated[str | None, Query(description="words in a perpetrator, claimant or "
                                                   "target", max_length=200)] = None,
    q: Annotated[str | None, Query(description="full-text words (summary, place, actors), "
                                               "prefix match", max_length=500)] = None,
) -> IncidentFilters:
    if start and end and start > end:
        raise HTTPException(status_code=422, detail=f"start {start} is after end {end}")
    country = _blank(country)
    return IncidentFilters(start=start, end=end,
                           event_type=tuple(t for t in (event_type or []) if t.strip()),
                           country=country.upper() if country else None, place=_blank(place),
                           actor=_blank(actor), q=_blank(q))


FiltersDep = Annotated[IncidentFilters, Depends(incident_filters)]
