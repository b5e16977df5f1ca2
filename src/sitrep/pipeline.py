"""The stages chained: ingest -> clean -> extract -> link/reconcile -> store.

``run`` is what ``sitrep run`` calls. Each stage is a plain function from its own module;
this module only moves records between them, keeps the run's accounting, and hands the
store one batch to save in one transaction. Presenting is left to the caller.
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
from .ingest import read_inputs
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


@dataclass(slots=True)
class RunResult:
    info: RunInfo
    documents: list[Document] = field(default_factory=list)   # new documents of this run
    mentions: list[Mention] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.info.problems)


def read(paths: Iterable[str | Path]) -> tuple[list[Document], list[InputProblem]]:
    documents, problems = [], []
    for item in read_inputs(paths):
        (problems if isinstance(item, InputProblem) else documents).append(item)
    return documents, problems


def readable(document: Document, config: ExtractConfig = DEFAULT_EXTRACT) -> bool:
    """Worth extracting: in a language the extractors read, with words to read. A headline
    alone counts ("4 shot in southeast Atlanta" over a page that is all sign-in prompts or
    video links after cleaning): it is a report of the event."""
    has_words = bool(document.text.strip() or document.title.strip())
    return has_words and (document.language is None or document.language in config.languages)


def run_config(options: RunOptions) -> dict:
    """The run's full resolved configuration, as ``RunInfo.config`` records it: the engine,
    every extract and link setting, and the versions of the extractors and the model."""
    from . import __version__
    from .extract.config import extractor_versions

    return {"sitrep": __version__, "engine": options.engine, "workers": options.workers,
            "extract": to_dict(options.extract), "link": to_dict(options.link),
            "extractors": extractor_versions()}


def split_known(documents: Sequence[Document], store) -> tuple[list[Document], list[Document]]:
    """New documents, and stored ones whose aliases or urls this batch extends.

    The identity of a text is ``Document.arrival_fingerprint``: its text before cleaning.
    """
    new, updated = [], []
    for document in documents:
        fingerprint = document.fingerprint
        stored = store.document_by_fingerprint(fingerprint)
        if stored is None:
            new.append(document.with_arrival_fingerprint())
            continue
        aliases = tuple(dict.fromkeys((*stored.aliases, *(a for a in (document.id, *document.aliases) if a != stored.id))))
        urls = tuple(dict.fromkeys((*stored.urls, *(u for u in (document.url, *document.urls) if u))))
        if aliases != stored.aliases or urls != stored.urls:
            updated.append(dataclasses.replace(stored, aliases=aliases, urls=urls))
    return new, updated


def run(paths: Iterable[str | Path], store, options: RunOptions = RunOptions()) -> RunResult:
    """Ingest ``paths`` into ``store``: every stage, one transaction at the end."""
    from .link import link_batch
    from .store import Batch

    started = dt.datetime.now(dt.timezone.utc)
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    documents, problems = read(paths)
    new, updated = split_known(documents, store)
    cleaned = clean_documents(new) if options.extract.clean else new
    to_read = [d for d in cleaned if readable(d, options.extract)]
    skipped = len(cleaned) - len(to_read)
    if options.on_total:
        options.on_total(len(to_read))
    extracted = extract_corpus(to_read, engine=options.engine, workers=options.workers,
                            on_progress=options.on_progress)
    mentions: list[Mention] = []
    for result in extracted:
        if result.problem:
            problems.append(result.problem)
        mentions.extend(result.mentions)
    asserted = [m for m in mentions if m.modality == Modality.ASSERTED and m.date is not None]
    linked = link_batch(to_read, asserted, store, config=options.link)
    info = RunInfo(
        run_id=run_id,
        started=started,
        finished=dt.datetime.now(dt.timezone.utc),
        documents_read=len(documents),
        documents_new=len(new),
        documents_duplicate=len(documents) - len(new),
        documents_skipped=skipped,
        mentions=len(mentions),
        incidents=len(linked.incidents),
        problems=tuple(problems),
        config=run_config(options),
    )
    store.save_batch(Batch(run=info, documents=[*cleaned, *updated], mentions=mentions,
                           incidents=linked.incidents, removed_incidents=linked.removed,
                           stories=linked.stories, removed_stories=linked.removed_stories,
                           history=linked.history))
    return RunResult(info=info, documents=cleaned, mentions=mentions)
