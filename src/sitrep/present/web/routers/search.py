"""``/api/search``: full-text search over incidents and documents (SQLite FTS5 in the store)."""
from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query

from ... import viewmodel as vm
from ....store.search import SYNTAX
from ..dependencies import StoreDep, valid_search
from ..models import DocumentHit, SearchResponse

router = APIRouter(prefix="/api", tags=["search"])

SNIPPET_CHARS = 90  # either side of the first word found


def snippet(content: str, query: str) -> str:
    """A short extract of ``content`` around the first query word it contains."""
    flat = " ".join(content.split())
    lower = flat.lower()
    hits = [lower.find(w) for w in re.findall(r"\w+", query.lower())]
    hits = [h for h in hits if h >= 0]
    at = min(hits) if hits else 0
    start, end = max(0, at - SNIPPET_CHARS), min(len(flat), at + SNIPPET_CHARS)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


@router.get("/search", response_model=SearchResponse, summary="Search incidents and documents")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description=SYNTAX)],
    limit: Annotated[int, Query(ge=1, le=100, description="results of each kind")] = 20,
) -> SearchResponse:
    """Incidents (summary, place, actors) and documents (title, text) matching ``q``, best
    match first. The syntax is the same for both (and for ``q`` of ``/api/incidents``):
    words match as prefixes and all must match; "an exact phrase"; rockets OR mortars;
    -word leaves out. A column filter (name:value) or a query of exclusions only is 422."""
    valid_search(q)
    found = store.search(q, limit=limit)
    return SearchResponse(
        query=q,
        incidents=[vm.incident_card(i) for i in found.incidents],
        documents=[DocumentHit(id=d.id, title=d.title or d.id, outlet=vm.outlet_of(d),
                               published=d.published, url=vm.url_of(d),
                               snippet=snippet(d.content, q),
                               api_url=vm.document_api_url(d.id))
                   for d in found.documents])
