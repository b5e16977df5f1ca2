"""The stages chained: ingest -> clean -> extract -> link/reconcile -> store.

``run`` is what ``sitrep run`` calls. Each stage is a plain function from its own module;
this module only moves records between them, keeps the run's accounting, and hands the
store one batch to save in one transaction. Presenting is left to the caller.

The run's two halves also run apart, as ``sitrep extract`` and ``sitrep link`` do:
``extract_paths`` (read, clean, extract; no store) gives an ``Extraction``, which
``sitrep.stagefile`` writes and reads, and ``link_extraction`` links and stores it. On an
empty store the two give what ``run`` gives.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_documents
from .engine import extract_corpus
from .extract.config import DEFAULT_EXTRACT, ExtractConfig
from .ingest import ReadOptions, read_inputs
from .link.config import DEFAULT_CONFIG, LinkConfig
from .records import Document, InputProblem, Mention, Modality, RunInfo, to_dict


@dataclass(frozen=True, slots=True)
class RunOptions:
    engine: str = "local"            # local | processes | ray
    workers: int | None = None
    extract: ExtractConfig = DEFAULT_EXTRACT
    link: LinkConfig = DEFAULT_CONFIG
    on_progress: Callable[[int], None] | None = None   # called with documents done
    on_total: Callable[[int], None] | None = None      # called once with documents to extract
    reading: ReadOptions = ReadOptions()               # links and limits per input file
    on_wait: Callable[[str], None] | None = None       # told when another run holds the store


@dataclass(slots=True)
class RunResult:
    info: RunInfo
    documents: list[Document] = field(default_factory=list)   # new documents of this run
    mentions: list[Mention] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.info.problems)


def read(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()
         ) -> tuple[list[Document], list[InputProblem]]:
    documents, problems = [], []
    for item in read_inputs(paths, options):
        (problems if isinstance(item, InputProblem) else documents).append(item)
    return documents, problems


def readable(document: Document, config: ExtractConfig = DEFAULT_EXTRACT) -> bool:
    """Worth extracting: in a language the extractors read, with words to read. A headline
    alone counts ("4 shot in southeast Atlanta" over a page that is all sign-in prompts or
    video links after cleaning): it is a report of the event."""
    has_words = bool(document.text.strip() or document.title.strip())
    return has_words and (document.language is None or document.language in config.languages)


def extract_config(options: RunOptions) -> dict:
    """How the documents were read, as a run records it in ``RunInfo.config`` (beside
    ``link``, every link setting): the engine, every extract setting, and the versions of
    the extractors and the language model."""
    from . import __version__
    from .extract.config import extractor_versions

    return {"sitrep": __version__, "engine": options.engine, "workers": options.workers,
            "extract": to_dict(options.extract), "extractors": extractor_versions()}


def arrived(documents: Iterable[Document]) -> list[Document]:
    """Documents as read, each keeping the fingerprint of its text as it arrived (whatever an
    input said it was) before cleaning changes the text."""
    return [d.with_arrival_fingerprint() for d in documents]


def split_known(documents: Sequence[Document], store) -> tuple[list[Document], list[Document]]:
    """New documents, and stored ones whose aliases or urls this batch extends.

    The identity of a text is ``Document.arrival_fingerprint``: its text before cleaning,
    which ``arrived`` keeps in each document as it is read.
    """
    new, updated = [], []
    for document in documents:
        stored = store.document_by_fingerprint(document.arrival_fingerprint)
        if stored is None:
            new.append(document)
            continue
        aliases = tuple(dict.fromkeys((*stored.aliases, *(a for a in (document.id, *document.aliases) if a != stored.id))))
        urls = tuple(dict.fromkeys((*stored.urls, *(u for u in (document.url, *document.urls) if u))))
        if aliases != stored.aliases or urls != stored.urls:
            updated.append(dataclasses.replace(stored, aliases=aliases, urls=urls))
    return new, updated


# ----------------------------------------------------------------------------- stages


@dataclass(slots=True)
class Extraction:
    """What the extract stage hands the link stage (``sitrep extract`` writes it to a file,
    ``sitrep link`` reads it back): the cleaned documents, which of them were read, their
    mentions, the problems met, and how the extraction was made (``extract_config``)."""

    documents: list[Document]        # cleaned, each with its arrival fingerprint
    read: list[str]                  # ids of the documents extracted (the rest: skipped)
    mentions: list[Mention]
    problems: list[InputProblem]
    config: dict


def extract_documents(documents: Sequence[Document], options: RunOptions = RunOptions(),
                      problems: Sequence[InputProblem] = ()) -> Extraction:
    """Clean ``documents`` and extract the readable ones (no store needed)."""
    cleaned = clean_documents(documents) if options.extract.clean else list(documents)
    to_read = [d for d in cleaned if readable(d, options.extract)]
    if options.on_total:
        options.on_total(len(to_read))
    extracted = extract_corpus(to_read, engine=options.engine, workers=options.workers,
                               on_progress=options.on_progress)
    mentions: list[Mention] = []
    found = list(problems)
    for result in extracted:
        if result.problem:
            found.append(result.problem)
        mentions.extend(result.mentions)
    return Extraction(cleaned, [d.id for d in to_read], mentions, found, extract_config(options))


def extract_paths(paths: Iterable[str | Path], options: RunOptions = RunOptions()) -> Extraction:
    """The extract stage alone: ``paths`` read, cleaned and extracted, nothing stored."""
    documents, problems = read(paths, options.reading)
    return extract_documents(arrived(documents), options, problems)


def link_extraction(extraction: Extraction, store, options: RunOptions = RunOptions()) -> RunResult:
    """The link stage alone: an ``Extraction`` linked into ``store`` and saved, as ``run``
    would have. Documents the store holds already (by text) add only their ids and urls.
    The run records how the extraction was made (its ``config``) and ``options.link``; it
    holds the store's writer lock (``Store.writing``) from its first read to its save."""
    started = dt.datetime.now(dt.timezone.utc)
    with store.writing(on_wait=options.on_wait):
        new, updated = split_known(extraction.documents, store)
        kept = {d.id for d in new}
        fresh = Extraction(new, [i for i in extraction.read if i in kept],
                           [m for m in extraction.mentions if m.document_id in kept],
                           extraction.problems, extraction.config)
        return _link_and_save(fresh, updated, store, options, started=started,
                              documents_read=len(extraction.documents))


def run(paths: Iterable[str | Path], store, options: RunOptions = RunOptions()) -> RunResult:
    """Ingest ``paths`` into ``store``: every stage, one transaction at the end, under the
    store's writer lock from the first read of the store to the save (a second run on the
    same store waits: ``Store.writing``)."""
    started = dt.datetime.now(dt.timezone.utc)
    documents, problems = read(paths, options.reading)
    with store.writing(on_wait=options.on_wait):
        new, updated = split_known(arrived(documents), store)
        return _link_and_save(extract_documents(new, options, problems), updated, store,
                              options, started=started, documents_read=len(documents))


def _link_and_save(extraction: Extraction, updated: list[Document], store, options: RunOptions, *,
                   started: dt.datetime, documents_read: int) -> RunResult:
    """Link the new documents of ``extraction`` and save them, with ``updated`` (stored
    documents with more ids), in one transaction."""
    from .link import link_batch
    from .store import Batch

    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    read_ids = set(extraction.read)
    to_read = [d for d in extraction.documents if d.id in read_ids]
    mentions = extraction.mentions
    asserted = [m for m in mentions if m.modality == Modality.ASSERTED and m.date is not None]
    linked = link_batch(to_read, asserted, store, config=options.link)
    info = RunInfo(
        run_id=run_id,
        started=started,
        finished=dt.datetime.now(dt.timezone.utc),
        documents_read=documents_read,
        documents_new=len(extraction.documents),
        documents_duplicate=documents_read - len(extraction.documents),
        documents_skipped=len(extraction.documents) - len(to_read),
        mentions=len(mentions),
        incidents=len(linked.incidents),
        problems=tuple(extraction.problems),
        config={**extraction.config, "link": to_dict(options.link)},
    )
    store.save_batch(Batch(run=info, documents=[*extraction.documents, *updated], mentions=mentions,
                           incidents=linked.incidents, removed_incidents=linked.removed,
                           stories=linked.stories, removed_stories=linked.removed_stories,
                           history=linked.history))
    return RunResult(info=info, documents=extraction.documents, mentions=mentions)
