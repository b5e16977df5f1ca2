"""``/api/incidents``: the filtered, paged list; one incident with its evidence; and the
overview (timeline bars and map markers) the web page draws for the same filters."""
from __future__ import annotations

import calendar
import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from ... import viewmodel as vm
from ... import export
from ..dependencies import FiltersDep, StoreDep
from ..models import FacetValue, Facets, IncidentDetail, IncidentPage, Overview, Problem

router = APIRouter(prefix="/api", tags=["incidents"])

# Deepest page start accepted: any larger number is no page of a real store, and past 2**63
# the database cannot even bind it.
MAX_OFFSET = 1_000_000_000
# A download holds at most this many incidents (the newest first); the rest are counted in a
# response header.
EXPORT_LIMIT = 100_000
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


@router.get("/facets", response_model=Facets, summary="Counts of the incidents by field")
def facets(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=100, description="values per facet")] = 10,
) -> Facets:
    """The most frequent event types, countries, regions (admin1), months and perpetrators
    among the incidents matching the filters, with their counts; each value carries the
    query parameters that add it to the filters."""
    args = filters.query_args()
    total, _ = store.query_incidents(**args, limit=0)
    found = store.facets(limit=limit, **args)

    def month_filters(value: str) -> dict[str, str]:
        year, month = map(int, value.split("-"))
        last = calendar.monthrange(year, month)[1]
        return {"start": f"{value}-01", "end": dt.date(year, month, last).isoformat()}

    def facet(name: str) -> list[FacetValue]:
        out = []
        for value, count in found[name]:
            if name == "admin1":
                code, _, region = value.partition("|")
                label, chosen = f"{region} ({code})", {"country": code, "admin1": region}
            elif name == "country":
                label, chosen = export.country_name(value) or value, {"country": value}
            elif name == "month":
                label, chosen = value, month_filters(value)
            else:
                label, chosen = value, {name: value}
            out.append(FacetValue(value=value, label=label, count=count, filters=chosen))
        return out

    return Facets(total=total, **{name: facet(name) for name in store.FACETS})


_DOWNLOADS = {"csv": ("text/csv; charset=utf-8", "csv"),
              "geojson": ("application/geo+json", "geojson"),
              "json": ("application/json", "json")}


@router.get("/export.{format}", summary="Download the incidents matching the filters",
            response_class=Response,
            responses={200: {"content": {t: {} for t, _ in _DOWNLOADS.values()},
                             "description": "the file"}})
def download(format: Literal["csv", "geojson", "json"], store: StoreDep,
             filters: FiltersDep) -> Response:
    """The incidents matching the filters (at most 100,000, newest first) as a file, in the
    shape ``sitrep export`` writes: ``csv`` has ACLED's export columns, ``geojson`` one
    feature per incident (no geometry when unlocated), ``json`` the incidents with their
    claim ledger, sources and stories."""
    total, incidents = store.query_incidents(**filters.query_args(), limit=EXPORT_LIMIT,
                                             order="-date")
    document_ids = {d for i in incidents for d in i.sources}
    documents = store.documents(document_ids)
    claims = store.claims(c for i in incidents for c in vm.incident_claim_ids(i))
    buffer = io.StringIO()
    if format == "csv":
        updates = store.incident_updates()
        export.write_acled_csv(incidents, documents, buffer, claims=claims,
                               updated={i.id: updates[i.id] for i in incidents
                                        if i.id in updates})
    elif format == "geojson":
        export.write_geojson(incidents, buffer)
    else:
        export.write_json(buffer, incidents, store.stories_of(document_ids), claims, documents)
    media_type, suffix = _DOWNLOADS[format]
    return Response(buffer.getvalue(), media_type=media_type, headers={
        "content-disposition": f'attachment; filename="sitrep-incidents.{suffix}"',
        "x-total-count": str(total), "x-exported-count": str(len(incidents))})
