"""The HTML pages: ``/`` (map, timeline, filtered list, incident detail; it reads the JSON
API) and ``/incidents/{id}`` (one incident rendered on the server, its sources' text with the
claims marked). Both render the templates the report uses, through the same view model."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ... import viewmodel as vm
from ...report import environment
from ..dependencies import StoreDep

router = APIRouter(tags=["pages"])


def _counts(store) -> dict[str, int]:
    counts = store.counts()
    return {"documents": counts.get("documents", 0), "incidents": counts.get("incidents", 0)}


@router.get("/", response_class=HTMLResponse, summary="The web page")
def index(store: StoreDep) -> HTMLResponse:
    html = environment().get_template("index.html").render(
        title="sitrep", event_types=list(vm.EVENT_TYPES), shapes=vm.world_map(),
        counts=_counts(store), generated=None)
    return HTMLResponse(html)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse,
            summary="One incident as a page (its JSON twin: /api/incidents/{id})")
def incident_page(incident_id: str, store: StoreDep) -> HTMLResponse:
    detail = vm.load_incident_detail(store, incident_id)
    if detail is None:
        html = environment().get_template("missing.html").render(
            title="sitrep: not found", what=f"No incident has the id {incident_id!r}.",
            counts=_counts(store), generated=None)
        return HTMLResponse(html, status_code=404)
    documents = {d.id: d for d in store.documents([s.document_id for s in detail.sources])}
    texts = {s.document_id: vm.highlight_html(documents[s.document_id].content, s.spans)
             for s in detail.sources if s.document_id in documents}
    html = environment().get_template("incident.html").render(
        title=f"sitrep: {detail.sub_event_type or detail.event_type}",
        detail=detail, texts=texts, counts=_counts(store), generated=None)
    return HTMLResponse(html)


# Swagger UI sets style attributes on the elements it draws: its page alone may use them.
DOCS_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
               "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'")


@router.get("/docs", response_class=HTMLResponse, summary="The API's interactive documentation")
def docs() -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, served from the package (works offline)."""
    html = environment().get_template("docs.html").render(title="sitrep API")
    return HTMLResponse(html, headers={"content-security-policy": DOCS_POLICY})
