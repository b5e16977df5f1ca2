"""Extract: one cleaned English document in, the incidents it reports out (as ``Mention``s).

Components, each its own module over a sentence (a spaCy ``Span``) or the document:
    events  - event triggers, ACLED type / sub-type, modality, weapon
    counts  - killed / wounded / munitions as low / best / high
    dates   - date expressions resolved against the publication date
    places  - place names geocoded offline, with document context
    actors  - perpetrator, claimant, target, and who said each statement
``sitrep.extract.document`` groups their findings into mentions and claims.
"""
from __future__ import annotations

from .document import extract_document

__all__ = ["extract_document"]
