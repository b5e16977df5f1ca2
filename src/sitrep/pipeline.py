"""The stages chained: ingest -> clean -> extract -> link/reconcile -> store, a chunk at a time.

``run`` is what ``sitrep run`` calls. Documents stream from the inputs
(``ingest.iter_inputs``); every ``chunk_size`` of them are cleaned, extracted, linked
against the store and saved in one transaction before the next chunk is read. Memory holds
a chunk and the linker's window, never the corpus; a crash (kill -9, power loss) loses at
most the chunk in hand, and the same command again skips what is stored (by text) and goes
on. Each stage is a plain function from its own module; this module moves records between
them and keeps the run's accounting. Presenting is left to the caller.

The result depends neither on the chunk size nor on whether the run was interrupted:

- copies of a text, and ids already taken by another text, are settled in arrival order
  against the store and the chunk in hand (``admit``): together, every document before;
- linking is incremental and order-independent (``sitrep.link``);
- a document is cleaned with what the documents of its outlet before it teach about the
  outlet's boilerplate (``clean.clean_in_order``), and read with the country prior of the
  documents before it (``engine.extract_documents``): the store keeps what both learn from.

The run's two halves also run apart, as ``sitrep extract`` and ``sitrep link`` do:
``extract_paths`` (read, clean, extract; no store) gives an ``Extraction``, which
``sitrep.stagefile`` writes and reads, and ``link_extraction`` links and stores it. On an
empty store the two give what ``run`` gives.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import engine as engines
from .clean import LineProfile, SourceContext, clean_in_order, source_key
from .extract.config import DEFAULT_EXTRACT, ExtractConfig
from .ingest import ReadOptions, iter_inputs, read_inputs
from .link.config import DEFAULT_CONFIG, LinkConfig
from .records import Document, InputProblem, Mention, Modality, RunInfo, to_dict

# Documents per chunk: enough to keep the workers busy between two commits (a chunk takes
# tens of seconds on two cores), few enough that a crash costs little and memory stays small.
DEFAULT_CHUNK_SIZE = 256


@dataclass(slots=True)
class RunProgress:
    """Documents that have been through each stage so far (copies and skipped documents pass
    every stage at once). ``RunOptions.on_progress`` gets this object as it changes."""

    read: int = 0
    extracted: int = 0
    linked: int = 0
    stored: int = 0


@dataclass(frozen=True, slots=True)
class RunOptions:
    engine: str = "local"            # local | processes | ray
    workers: int | None = None
    extract: ExtractConfig = DEFAULT_EXTRACT
    link: LinkConfig = DEFAULT_CONFIG
    chunk_size: int = DEFAULT_CHUNK_SIZE
    on_progress: Callable[[RunProgress], None] | None = None
    stop: Callable[[], bool] | None = None   # asked after each chunk is stored: True ends the run
    reading: ReadOptions = ReadOptions()               # links and limits per input file
    on_wait: Callable[[str], None] | None = None       # told when another run holds the store


@dataclass(slots=True)
class RunResult:
    info: RunInfo
    interrupted: bool = False        # ``RunOptions.stop`` ended the run before its inputs did

    @property
    def failed(self) -> bool:
        return bool(self.info.problems)


def read(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()
         ) -> tuple[list[Document], list[InputProblem]]:
    """Every document under ``paths`` at once, copies merged (``ingest.read_inputs``)."""
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
            "chunk_size": options.chunk_size, "extract": to_dict(options.extract),
            "extractors": extractor_versions()}


def arrived(documents: Iterable[Document]) -> list[Document]:
    """Documents as read, each keeping the fingerprint of its text as it arrived (whatever an
    input said it was) before cleaning changes the text."""
    return [d.with_arrival_fingerprint() for d in documents]


# ----------------------------------------------------------------------------- admission


@dataclass(slots=True)
class Admitted:
    """Documents as the store takes them."""

    new: list[Document] = field(default_factory=list)       # texts not stored before
    updated: list[Document] = field(default_factory=list)   # stored ones with more ids or urls
    copies: int = 0                                          # texts stored or met before
    refused: list[InputProblem] = field(default_factory=list)


def _with_ids_of(kept: Document, copy: Document) -> Document:
    """``kept`` with the ids and urls ``copy`` of its text arrived with."""
    aliases = tuple(a for a in dict.fromkeys((*kept.aliases, copy.id, *copy.aliases)) if a != kept.id)
    urls = tuple(dict.fromkeys(u for u in (*kept.urls, kept.url, copy.url, *copy.urls) if u))
    if aliases == kept.aliases and urls == kept.urls:
        return kept
    return dataclasses.replace(kept, aliases=aliases, urls=urls)


def admit(documents: Sequence[Document], store=None, *, rename: bool = True) -> Admitted:
    """Settle each document, in arrival order, against the store (None: nothing stored) and
    the ones before it in ``documents``: a text met before adds its ids and urls to the
    first copy (whose values stand: it may be extracted already); a new text whose id
    another text holds gets the next free ``id~2``-style id (the original kept in
    ``metadata["original_id"]``), or with ``rename=False`` (its mentions are made already)
    is refused with a problem.

    The identity of a text is ``Document.arrival_fingerprint`` (``arrived``)."""
    new: dict[str, Document] = {}          # fingerprint -> first copy, in arrival order
    updated: dict[str, Document] = {}      # fingerprint -> stored document, grown
    taken: set[str] = set()                # ids this call gives (own ids and aliases)
    admitted = Admitted()
    for document in documents:
        fingerprint = document.arrival_fingerprint
        known = new.get(fingerprint) or updated.get(fingerprint)
        stored = None if known is not None or store is None else store.document_by_fingerprint(fingerprint)
        if known is not None or stored is not None:
            admitted.copies += 1
            grown = _with_ids_of(known or stored, document)
            if fingerprint in new:
                new[fingerprint] = grown
            elif grown is not stored:
                updated[fingerprint] = grown
            taken.update((grown.id, *grown.aliases))
            continue
        free = _free_id(document.id, taken, store)
        if free != document.id and not rename:
            admitted.refused.append(InputProblem(
                document.path or document.id, f"document {document.id} has another text than "
                f"the stored document of that id; extract it again to store it as {free}",
                document.line, "S103"))
            continue
        if free != document.id:
            document = dataclasses.replace(document, id=free,
                                           metadata={**document.metadata, "original_id": document.id})
        taken.update((document.id, *document.aliases))
        new[fingerprint] = document
    admitted.new, admitted.updated = list(new.values()), list(updated.values())
    return admitted


def _free_id(document_id: str, taken: set[str], store) -> str:
    def used(i: str) -> bool:
        return i in taken or (store is not None and store.resolve_document_id(i) is not None)

    if not used(document_id):
        return document_id
    n = 2
    while used(f"{document_id}~{n}"):
        n += 1
    return f"{document_id}~{n}"


# ----------------------------------------------------------------------------- stages


@dataclass(slots=True)
class Extraction:
    """What the extract stage hands the link stage (``sitrep extract`` writes it to a file,
    ``sitrep link`` reads it back): the cleaned documents, which of them were read, their
    mentions, the problems met, how the extraction was made (``extract_config``), and what
    the store keeps for the documents after them: the country each read document's own
    places point to (the country prior) and each document's ``clean.LineProfile``."""

    documents: list[Document]        # cleaned, each with its arrival fingerprint
    read: list[str]                  # ids of the documents extracted (the rest: skipped)
    mentions: list[Mention]
    problems: list[InputProblem]
    config: dict
    countries: dict[str, str] = field(default_factory=dict)
    # document id -> (its outlet, what the cleaner learns the outlet's boilerplate from)
    profiles: dict[str, tuple[str | None, dict]] = field(default_factory=dict)


def extract_documents(documents: Sequence[Document], engine, prior, sources: SourceContext,
                      options: RunOptions = RunOptions(),
                      on_extracted: Callable[[int], None] | None = None) -> Extraction:
    """Clean ``documents`` and extract the readable ones with ``engine`` (``open_engine``),
    each cleaned and read with what came before it: its outlet's documents (``sources``)
    and the country prior (``prior``, a ``CountryPrior``); both learn from these documents
    in turn. No store needed."""
    profiles: dict[str, tuple[str | None, dict]] = {}
    if options.extract.clean:
        cleaned, found = clean_in_order(documents, sources)
        profiles = {d.id: (source_key(d), p.to_dict()) for d, p in zip(cleaned, found)}
    else:
        cleaned = list(documents)
    to_read = [d for d in cleaned if readable(d, options.extract)]
    extracted = engines.extract_documents(to_read, engine, prior, on_extracted)
    mentions: list[Mention] = []
    problems: list[InputProblem] = []
    for result in extracted:
        if result.problem:
            problems.append(result.problem)
        mentions.extend(result.mentions)
    return Extraction(cleaned, [d.id for d in to_read], mentions, problems, extract_config(options),
                      {r.document_id: r.country for r in extracted if r.country}, profiles)


def _chunks(items: Iterable[Document | InputProblem], size: int, problems: list[InputProblem]
            ) -> Iterator[list[Document]]:
    """Lists of ``size`` documents; problems go to ``problems`` as they are met."""
    chunk: list[Document] = []
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_paths(paths: Iterable[str | Path], options: RunOptions = RunOptions()) -> Extraction:
    """The extract stage alone: ``paths`` read, cleaned and extracted, nothing stored (the
    documents and prior as ``run`` would have them on an empty store)."""
    from .extract.places import CountryPrior

    documents, problems = [], []
    for item in iter_inputs(paths, options.reading):
        (problems if isinstance(item, InputProblem) else documents).append(item)
    admitted = admit(arrived(documents))
    whole = Extraction([], [], [], problems, extract_config(options))
    progress = RunProgress()
    prior, sources = CountryPrior(), SourceContext()
    with engines.open_engine(options.engine, options.workers) as engine:
        for start in range(0, len(admitted.new), max(1, options.chunk_size)):
            chunk = admitted.new[start:start + max(1, options.chunk_size)]
            progress.read += len(chunk)
            part = extract_documents(chunk, engine, prior, sources, options,
                                     _counter(progress, "extracted", options))
            progress.extracted = progress.read
            _tell(progress, options)
            whole.documents += part.documents
            whole.read += part.read
            whole.mentions += part.mentions
            whole.problems += part.problems
            whole.countries.update(part.countries)
            whole.profiles.update(part.profiles)
    return whole


def link_extraction(extraction: Extraction, store, options: RunOptions = RunOptions()) -> RunResult:
    """The link stage alone: an ``Extraction`` linked into ``store`` and saved, as ``run``
    would have. Documents the store holds already (by text) add only their ids and urls; a
    document whose id the store gives another text is refused (a problem).
    The run records how the extraction was made (its ``config``) and ``options.link``; it
    holds the store's writer lock (``Store.writing``) from its first read to its save."""
    started = dt.datetime.now(dt.timezone.utc)
    with store.writing(on_wait=options.on_wait):
        admitted = admit(extraction.documents, store, rename=False)
        kept = {d.id for d in admitted.new}
        fresh = Extraction(admitted.new, [i for i in extraction.read if i in kept],
                           [m for m in extraction.mentions if m.document_id in kept],
                           [*extraction.problems, *admitted.refused], extraction.config,
                           {d: c for d, c in extraction.countries.items() if d in kept},
                           {d: p for d, p in extraction.profiles.items() if d in kept})
        info = _run_info(started, fresh.config, options)
        info = _link_and_save(fresh, admitted, store, options, info,
                              documents_read=len(extraction.documents))
    return RunResult(info=dataclasses.replace(info, finished=dt.datetime.now(dt.timezone.utc)))


def run(paths: Iterable[str | Path], store, options: RunOptions = RunOptions()) -> RunResult:
    """Ingest ``paths`` into ``store``: every stage, one transaction per chunk (see the
    module docstring), under the store's writer lock from the first read of the store to
    the last save (a second run on the same store waits: ``Store.writing``), so that each
    chunk is linked against everything stored before it. ``options.stop`` may end the run
    between two chunks; the documents after them are left for the next run of the same
    command."""
    with store.writing(on_wait=options.on_wait):
        return _run(paths, store, options)


def _run(paths: Iterable[str | Path], store, options: RunOptions) -> RunResult:
    from .extract.places import CountryPrior
    from .store import Batch

    started = dt.datetime.now(dt.timezone.utc)
    info = _run_info(started, extract_config(options), options)
    problems: list[InputProblem] = []
    progress = RunProgress()
    prior = CountryPrior()
    prior.counts.update(store.place_countries())
    interrupted = False
    with engines.open_engine(options.engine, options.workers) as engine:
        for chunk in _chunks(iter_inputs(paths, options.reading), max(1, options.chunk_size), problems):
            progress.read += len(chunk)
            _tell(progress, options)
            admitted = admit(arrived(chunk), store)
            extraction = extract_documents(admitted.new, engine, prior, SourceContext(_stored_profiles(store)),
                                           options, _counter(progress, "extracted", options))
            progress.extracted = progress.read
            _tell(progress, options)
            problems += extraction.problems
            extraction.problems = problems
            info = _link_and_save(extraction, admitted, store, options, info,
                                  documents_read=len(chunk), progress=progress)
            if options.stop is not None and options.stop():
                interrupted = True
                break
    info = dataclasses.replace(info, problems=tuple(problems),
                               finished=dt.datetime.now(dt.timezone.utc))
    store.save_batch(Batch(run=info))
    return RunResult(info=info, interrupted=interrupted)


def _stored_profiles(store):
    """The store's documents of an outlet, as ``SourceContext`` reads them."""
    def earlier(source: str, limit: int) -> list[tuple]:
        return [(published, i, LineProfile.from_dict(profile))
                for published, i, profile in store.source_profiles(source, limit)]
    return earlier


def _run_info(started: dt.datetime, config: dict, options: RunOptions) -> RunInfo:
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    return RunInfo(run_id=run_id, started=started, config={**config, "link": to_dict(options.link)})


def _tell(progress: RunProgress, options: RunOptions) -> None:
    if options.on_progress:
        options.on_progress(progress)


def _counter(progress: RunProgress, stage: str, options: RunOptions) -> Callable[[int], None]:
    def advance(n: int) -> None:
        setattr(progress, stage, getattr(progress, stage) + n)
        _tell(progress, options)
    return advance


def _link_and_save(extraction: Extraction, admitted: Admitted, store, options: RunOptions,
                   info: RunInfo, *, documents_read: int, progress: RunProgress | None = None) -> RunInfo:
    """Link the new documents of ``extraction`` and save them, with the stored documents
    ``admitted`` grew, in one transaction; the run's record (``info``) so far, with them."""
    from .link import link_batch
    from .store import Batch

    read_ids = set(extraction.read)
    to_read = [d for d in extraction.documents if d.id in read_ids]
    mentions = extraction.mentions
    asserted = [m for m in mentions if m.modality == Modality.ASSERTED and m.date is not None]
    linked = link_batch(to_read, asserted, store, config=options.link)
    if progress is not None:
        progress.linked = progress.read
        _tell(progress, options)
    info = dataclasses.replace(
        info, documents_read=info.documents_read + documents_read,
        documents_new=info.documents_new + len(extraction.documents),
        documents_duplicate=info.documents_duplicate + admitted.copies,
        documents_skipped=info.documents_skipped + len(extraction.documents) - len(to_read),
        mentions=info.mentions + len(mentions), incidents=info.incidents + len(linked.incidents),
        problems=tuple(extraction.problems))
    store.save_batch(Batch(
        run=info, documents=[*extraction.documents, *admitted.updated], mentions=mentions,
        incidents=linked.incidents, removed_incidents=linked.removed, stories=linked.stories,
        removed_stories=linked.removed_stories, history=linked.history,
        document_buckets=linked.buckets, text_only=linked.text_only,
        place_countries=extraction.countries, line_profiles=extraction.profiles))
    if progress is not None:
        progress.stored = progress.read
        _tell(progress, options)
    return info
