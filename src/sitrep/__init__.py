"""sitrep: news articles in, a deduplicated, sourced timeline of violent incidents out.

The library the ``sitrep`` command is a thin layer over:

    import sitrep

    mentions = sitrep.extract(text, published=datetime.date(2020, 12, 20), title="...")
    result = sitrep.run(["examples/baghdad"], db="sitrep.db")          # every stage, stored
    with sitrep.open_store("sitrep.db") as store:
        incidents = store.incidents()

``extract`` reads one text and needs no store; ``run`` ingests files and folders into a
store; ``open_store`` opens one (a SQLite path or a database URL). ``extract_files`` and
``link_extraction`` are ``run``'s two halves, run apart (``sitrep extract``, ``sitrep link``). Settings are
``RunOptions`` (the engine, with an ``ExtractConfig`` and a ``LinkConfig``). The records
(``Document``, ``Mention``, ``Claim``, ``Incident`` ...) are frozen dataclasses;
``to_dict``/``from_dict`` turn them into JSON-able data and back. Every error raised on
purpose is a ``SitrepError`` with a stable ``code``.

The stages, each a module with a plain function core over the records:

    ingest -> clean -> parse -> extract -> link -> reconcile -> store -> present
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .api import check_options, extract, extract_files, link_extraction, open_store, run
from .errors import SitrepError
from .records import (Claim, Count, DateInterval, Document, Incident, InputProblem, Mention,
                      Modality, Place, RunInfo, Story, from_dict, to_dict)

if TYPE_CHECKING:
    from .extract.config import ExtractConfig
    from .link.config import LinkConfig
    from .pipeline import Extraction, RunOptions, RunResult
    from .store import Store

__version__ = "0.1.0"

__all__ = ["Claim", "Count", "DateInterval", "Document", "ExtractConfig", "Extraction", "Incident",
           "InputProblem", "LinkConfig", "Mention", "Modality", "Place", "RunInfo", "RunOptions",
           "RunResult", "SitrepError", "Store", "Story", "check_options", "extract",
           "extract_files", "from_dict", "link_extraction", "open_store", "run", "to_dict"]

# Names whose modules import the stages (spaCy, the linker, SQLAlchemy): loaded on first
# use, so that ``import sitrep`` stays quick.
_LAZY = {"ExtractConfig": "extract.config", "LinkConfig": "link.config", "Extraction": "pipeline",
         "RunOptions": "pipeline", "RunResult": "pipeline", "Store": "store"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
