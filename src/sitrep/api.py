"""The API's functions, re-exported by ``sitrep`` (see its docstring): ``extract`` one text,
``run`` the stages into a store, ``open_store``. Kept apart from ``sitrep/__init__.py`` so
that ``sitrep.extract`` can be both this function and the ``sitrep.extract`` package (which,
called, is this function)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .records import Document, Mention

if TYPE_CHECKING:
    from .extract.config import ExtractConfig
    from .pipeline import Extraction, RunOptions, RunResult
    from .store import Store


def extract(text: str, *, title: str = "", published: dt.date | None = None,
            url: str | None = None, language: str | None = None, id: str = "text",
            config: ExtractConfig | None = None) -> list[Mention]:
    """The incidents one text reports, as ``Mention``s with their claims; no store needed.

    The text is read as a run reads a document: cleaned (unless ``config.clean`` is False),
    then extracted. ``published`` anchors relative dates ("on Sunday"); each claim's
    ``quote`` is its sentence, verbatim. Empty when ``language`` is one the extractors do
    not read."""
    from .clean import clean_documents
    from .extract import extract_document
    from .extract.config import DEFAULT_EXTRACT
    from .pipeline import readable

    config = config or DEFAULT_EXTRACT
    document = Document(id=id, text=text, title=title, published=published, url=url,
                        language=language)
    if config.clean:
        document = clean_documents([document])[0]
    return extract_document(document) if readable(document, config) else []


def open_store(db: str | Path = "sitrep.db", *, create: bool = True) -> Store:
    """The store at ``db``: a SQLite file path or a database URL
    (``postgresql+psycopg://user@host/sitrep``). ``create=False`` opens only a store that
    exists (``StoreNotFound`` otherwise). Use it as a context manager, or ``close()`` it."""
    from .store import Store

    return Store.open(db, create=create)


def run(paths: Iterable[str | Path], db: str | Path | Store = "sitrep.db",
        options: RunOptions | None = None) -> RunResult:
    """Ingest ``paths`` (files and folders) into the store ``db``: read, clean, extract,
    link, reconcile and save. Running the same inputs again changes nothing.

    The options are checked, and the inputs looked for, before the store is opened: a
    mistake there creates nothing. Problems with single inputs do not stop the run; they
    are in ``result.info.problems``. ``db`` may be an open ``Store``, which stays open."""
    from .pipeline import RunOptions
    from .pipeline import run as run_pipeline
    from .store import Store

    options = options or RunOptions()
    paths = _existing(paths)
    check_options(options)
    if isinstance(db, Store):
        return run_pipeline(paths, db, options)
    with open_store(db) as store:
        return run_pipeline(paths, store, options)


def extract_files(paths: Iterable[str | Path], options: RunOptions | None = None,
                  out: str | Path | None = None) -> Extraction:
    """The extract stage alone (``sitrep extract``): ``paths`` read, cleaned and extracted,
    nothing stored. With ``out``, also written there for ``link_extraction``."""
    from .pipeline import RunOptions, extract_paths
    from .stagefile import write_extraction

    options = options or RunOptions()
    paths = _existing(paths)
    check_options(options)
    extraction = extract_paths(paths, options)
    if out is not None:
        write_extraction(extraction, out)
    return extraction


def link_extraction(extraction: Extraction | str | Path, db: str | Path | Store = "sitrep.db",
                    options: RunOptions | None = None) -> RunResult:
    """The link stage alone (``sitrep link``): an ``Extraction`` (or the file
    ``extract_files`` wrote) linked into the store ``db`` with ``options.link``. After
    ``extract_files`` on an empty store, the incidents are the ones ``run`` makes."""
    from .pipeline import RunOptions
    from .pipeline import link_extraction as link_pipeline
    from .stagefile import read_extraction
    from .store import Store

    options = options or RunOptions()
    if isinstance(extraction, (str, Path)):
        extraction = read_extraction(_existing([extraction])[0])
    if isinstance(db, Store):
        return link_pipeline(extraction, db, options)
    with open_store(db) as store:
        return link_pipeline(extraction, store, options)


def _existing(paths: Iterable[str | Path]) -> list[Path]:
    paths = [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    return paths


def check_options(options: RunOptions) -> None:
    """``ConfigError`` for an engine that does not exist or is not installed."""
    from importlib.util import find_spec

    from .engine import ENGINES

    if options.engine not in ENGINES:
        raise ConfigError(f"unknown engine {options.engine!r}; choose one of {', '.join(ENGINES)}")
    if options.engine == "ray" and find_spec("ray") is None:
        raise ConfigError("the Ray engine needs the 'ray' extra: pip install 'sitrep[ray]'")
