"""``/api/documents/{id}``: a stored document with the character spans of its claims."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from ... import viewmodel as vm
from ..dependencies import StoreDep
from ..models import DocumentDetail, Problem

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/documents/{document_id:path}", response_model=DocumentDetail,
            responses={404: {"model": Problem, "description": "no document has this id"}},
            summary="A document with its claim spans")
def get_document(
    document_id: str,
    store: StoreDep,
    incident: Annotated[str | None, Query(description="only the claims this incident cites "
                                                      "(merged ids resolve)")] = None,
) -> DocumentDetail:
    """The document (any id it arrived with resolves) with the spans of the claims read from
    it; ``content[start:end]`` of a span is the claim's sentence."""
    doc = vm.load_document(store, document_id, incident_id=incident)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
    return doc
