"""Extract: one cleaned English document in, the incidents it reports out (as ``Mention``s).

Components, each its own module over a sentence (a spaCy ``Span``) or the document:
    events  - event triggers, ACLED type / sub-type, modality, weapon
    counts  - killed / wounded / munitions as low / best / high
    dates   - date expressions resolved against the publication date
    places  - place names geocoded offline, with document context
    actors  - perpetrator, claimant, target, and who said each statement
``sitrep.extract.document`` groups their findings into mentions and claims.

Called, this package is the API's ``sitrep.extract(text, ...)`` (``sitrep.api.extract``):
importing it makes it the ``extract`` attribute of ``sitrep``, where the function was.
"""
from __future__ import annotations

import sys
import types

from .document import extract_document

__all__ = ["extract_document"]


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, **options):
        from ..api import extract

        return extract(text, **options)


sys.modules[__name__].__class__ = _CallablePackage
