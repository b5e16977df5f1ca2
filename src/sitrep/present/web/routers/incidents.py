"""``/api/incidents``: the filtered, paged list; one incident with its evidence; and the
overview (timeline bars and map markers) the web page draws for the same filters."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from ... import viewmodel as vm
from ..dependencies import FiltersDep, StoreDep
from ..models import IncidentDetail, IncidentPage, Overview, Problem

router = APIRouter(prefix="/api", tags=["incidents"])

# Deepest page start accepted: any larger number is no page of a real store, and past 2**63
# the database cannot even bind it.
MAX_OFFSET = 1_000_000_000
# The overview draws at most this many incidents (the most recent); the page says so when
# the filters match more. Rebuilding records dominates its time (about 0.1 ms each).
OVERVIEW_LIMIT = 5000


@router.get("/incidents", response_model=IncidentPage, summary="List incidents")
def list_incidents(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=500, description="page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="matches to skip")] = 0,
    order: Annotated[Literal["date", "-date", "-killed"],
                     Query(description="date: oldest first; -date: newest first; "
                                       "-killed: deadliest first")] = "date",
) -> IncidentPage:
    """Incidents matching every filter given, one page at a time; ``total`` counts them all."""
    total, incidents = store.query_incidents(**filters.query_args(), limit=limit,
                                             offset=offset, order=order)
    return IncidentPage(total=total, limit=limit, offset=offset,
                        items=[vm.incident_card(i) for i in incidents])


@router.get("/incidents/{incident_id}", response_model=IncidentDetail,
            responses={404: {"model": Problem, "description": "no incident has this id"}},
            summary="One incident with its claims, conflicts and sources")
def get_incident(incident_id: str, store: StoreDep) -> IncidentDetail:
    """The incident with its evidence. An id retired by a merge answers with the incident
    that took it over (``id`` is then the live id, ``requested_id`` the one asked for)."""
    detail = vm.load_incident_detail(store, incident_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
    return detail


@router.get("/overview", response_model=Overview,
            summary="Timeline bars and map markers for the filters")
def overview(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=20000, description="incidents drawn at most")]
    = OVERVIEW_LIMIT,
) -> Overview:
    """What the web page's map and timeline draw: incidents per day by type, and one marker
    per located incident, for the ``limit`` most recent matches."""
    total, incidents = store.query_incidents(**filters.query_args(), limit=limit, offset=0,
                                             order="-date")
    cards = [vm.incident_card(i) for i in incidents]
    return vm.overview(cards, total=total)
