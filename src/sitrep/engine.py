"""Where the per-document stages run: in this process, in local worker processes, or on Ray.

The stage functions are plain functions over records, so an engine only maps one over a
list of documents. ``open_engine`` gives an engine that lives for a whole run (worker
processes, and the spaCy model each loads, start once); ``Engine.read`` ships jobs to the
workers in batches and gives the results back in input order, whatever the engine, which
keeps runs reproducible. A failure on one document comes back as an ``InputProblem``, never
raised; a worker that dies (killed, out of memory) costs only its batch, which is tried once
more and then reported as a problem for each of its documents. Nothing waits forever: a
Ray batch that gives no answer within ``RAY_BATCH_TIMEOUT`` seconds is cancelled and
reported.

``extract_documents`` reads each document with the country prior of the documents before
it (``sitrep.extract.places.CountryPrior``): see its docstring.
"""
from __future__ import annotations

import logging
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .records import Document, InputProblem, Mention

ENGINES = ("local", "processes", "ray")
BATCH_SIZE = 16              # documents shipped to a worker at a time
RAY_BATCH_TIMEOUT = 900.0    # seconds; far above any batch (a few seconds), never a hang

Prior = Mapping[str, float]
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction result, or the problem that stopped it. ``country``: where
    the document's own places point (``document_country`` of its reading without a prior)."""

    document_id: str
    mentions: tuple[Mention, ...] = ()
    problem: InputProblem | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One document to read: with ``prior`` (None: without one); and, when ``guess`` is given
    and that reading leaves a place to a prior (``needs_prior``), once more with ``guess``."""

    document: Document
    prior: Prior | None = None
    guess: Prior | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What a worker gives back for a ``Job``."""

    extracted: Extracted
    guessed: Extracted | None = None


def extract_one(document: Document, country_prior: Prior | None = None,
                parsed: tuple | None = None) -> Extracted:
    """``extract_document`` with its problem caught; ``parsed``: ``(prepared, parses)``
    made for it already (``read_batch``)."""
    from .extract import extract_document

    try:
        prepared, docs = parsed if parsed is not None else (None, None)
        mentions = tuple(extract_document(document, country_prior=country_prior,
                                          prepared=prepared, parsed=docs))
    except Exception as exc:  # one bad document must not stop the batch
        where = document.path or document.id
        return Extracted(document.id, problem=InputProblem(
            where, f"extraction failed for document {document.id}: {type(exc).__name__}: {exc}",
            line=document.line, code="S600"))
    return Extracted(document.id, mentions, country=document_country(mentions))


def needs_prior(mentions: Sequence[Mention], shares: Prior) -> bool:
    """A reading a prior of ``shares`` may change: a mention placed nowhere, or outside the
    prior's countries."""
    return any(m.place is None or m.place.country not in shares for m in mentions)


def read_job(job: Job, parsed: tuple | None = None) -> Reading:
    extracted = extract_one(job.document, job.prior, parsed)
    guessed = None
    if job.guess and extracted.problem is None and needs_prior(extracted.mentions, job.guess):
        guessed = extract_one(job.document, job.guess, parsed)
    return Reading(extracted, guessed)


def read_batch(jobs: Sequence[Job]) -> list[Reading]:
    """The jobs' readings; the paragraphs of all their documents go through spaCy together
    (``extract.document.prepare``), a fifth faster than a document at a time."""
    parses = _parse_together([job.document for job in jobs])
    return [read_job(job, parsed) for job, parsed in zip(jobs, parses)]


def _parse_together(documents: Sequence[Document]) -> list[tuple | None]:
    """``(prepare(document), its parses)`` for each document, the texts of all of them
    parsed in one ``nlp.pipe``; None for every document when that fails (each is then
    prepared and parsed, or reported, on its own)."""
    from .extract.document import prepare
    from .parse import load_nlp

    try:
        prepared = [prepare(d) for d in documents]
        texts = [t for p in prepared if p is not None for t in p[1]]
        parsed = iter(load_nlp().pipe(texts, batch_size=256))
        return [(p, [next(parsed) for _ in p[1]] if p is not None else None) for p in prepared]
    except Exception:  # noqa: BLE001 - one bad text: let each document fail alone
        return [None] * len(documents)


def _failed(jobs: Sequence[Job], why: str) -> list[Reading]:
    return [Reading(Extracted(job.document.id, problem=InputProblem(
        job.document.path or job.document.id,
        f"extraction failed for document {job.document.id}: {why}",
        line=job.document.line, code="S600"))) for job in jobs]


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ----------------------------------------------------------------------------- engines


class LocalEngine:
    """Every job in this process, one after the other."""

    name = "local"
    # What a worker runs on a batch of jobs (a module-level function: workers import it).
    task: Callable[[Sequence[Job]], list[Reading]] = staticmethod(read_batch)

    batch_size = BATCH_SIZE

    def read(self, jobs: Sequence[Job], on_progress: Progress | None = None) -> list[Reading]:
        out = []
        for batch in _batches(jobs, self.batch_size):
            out.extend(self.task(batch))
            if on_progress:
                on_progress(len(batch))
        return out

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the driver decides when to stop (after the
    # chunk in hand), the workers finish what they were given.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A driver killed outright (kill -9) cannot stop its workers: on Linux, ask the kernel
    # to end this worker when its parent (the fork server, which ends with the driver) ends.
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


class ProcessEngine(LocalEngine):
    """Jobs in ``workers`` local processes, in batches of ``batch_size``. The pool starts
    at the first call with work for two batches or more (a handful of documents costs less
    in this process than starting workers that each load the model)."""

    name = "processes"

    def __init__(self, workers: int, batch_size: int = BATCH_SIZE):
        self.workers = workers
        self.batch_size = batch_size
        self._pool = None

    def read(self, jobs: Sequence[Job], on_progress: Progress | None = None) -> list[Reading]:
        from concurrent.futures.process import BrokenProcessPool

        if self.workers < 2 or (self._pool is None and len(jobs) < 2 * self.batch_size):
            return super().read(jobs, on_progress)
        batches = list(_batches(jobs, self.batch_size))
        futures = self._submit(batches)
        out: list[Reading] = []
        for i, batch in enumerate(batches):
            try:
                readings = futures[i].result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory) and took the pool and every batch in
                # it along: this one is tried again alone, in a new pool, so that a batch that
                # kills its worker is told from the ones that only shared the pool with it
                self.close(wait=False)
                try:
                    readings = self._submit([batch])[0].result()
                except BrokenProcessPool:
                    self.close(wait=False)
                    readings = _failed(batch, "its worker process died reading it, twice")
                futures[i + 1:] = self._submit(batches[i + 1:])
            except Exception as exc:  # noqa: BLE001 - e.g. a record that cannot be pickled
                readings = _failed(batch, f"{type(exc).__name__}: {exc}")
            out.extend(readings)
            if on_progress:
                on_progress(len(batch))
        return out

    def _submit(self, batches: Sequence[Sequence[Job]]) -> list:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # forkserver, not fork: the driver has threads (the progress display, the
            # executor's own), and a fork copies their locks in whatever state they are
            context = mp.get_context("forkserver")
            context.set_forkserver_preload(["sitrep.engine", "sitrep.extract"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_start_worker)
        return [self._pool.submit(self.task, batch) for batch in batches]

    def close(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


class RayEngine(LocalEngine):
    """Jobs as Ray tasks, a batch each, on the cluster ``RAY_ADDRESS`` names or else on a
    local instance of ``workers`` CPUs (or on the instance the caller started). A task whose
    worker dies is retried by Ray (``max_retries``); one that still fails, or gives no answer
    within ``timeout`` seconds, is a problem for each of its documents."""

    name = "ray"

    def __init__(self, workers: int, batch_size: int = BATCH_SIZE,
                 timeout: float = RAY_BATCH_TIMEOUT, max_retries: int = 2):
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            from .errors import ConfigError
            raise ConfigError("the Ray engine needs the 'ray' extra: pip install 'sitrep[ray]'") from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            quiet = {"include_dashboard": False, "log_to_driver": False,
                     "logging_level": logging.ERROR}
            if os.environ.get("RAY_ADDRESS"):
                ray.init(**quiet)
            else:
                ray.init(num_cpus=workers, **quiet)
            self._started = True
        self.batch_size = batch_size
        self.timeout = timeout
        self.max_retries = max_retries
        self._remote = None

    def read(self, jobs: Sequence[Job], on_progress: Progress | None = None) -> list[Reading]:
        ray = self._ray
        batches = list(_batches(jobs, self.batch_size))
        if self._remote is None:       # shipped to the cluster once, at the first call
            self._remote = ray.remote(max_retries=self.max_retries)(self.task)
        refs = [self._remote.remote(list(batch)) for batch in batches]
        out: list[Reading] = []
        for batch, ref in zip(batches, refs):    # in submission order: input order
            try:
                out.extend(ray.get(ref, timeout=self.timeout))
            except ray.exceptions.GetTimeoutError:
                ray.cancel(ref, force=True)
                out.extend(_failed(batch, f"no answer from Ray within {self.timeout:.0f} s"))
            except ray.exceptions.RayError as exc:
                out.extend(_failed(batch, f"its Ray task failed ({type(exc).__name__})"))
            if on_progress:
                on_progress(len(batch))
        return out

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def open_engine(engine: str = "local", workers: int | None = None) -> LocalEngine:
    """The engine named ``engine`` (one of ``ENGINES``); close it (or use ``with``) at the end."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    workers = workers or os.cpu_count() or 1
    if engine == "processes":
        return ProcessEngine(workers)
    if engine == "ray":
        return RayEngine(workers)
    return LocalEngine()


# ----------------------------------------------------------------------------- the prior


def document_country(mentions: Sequence[Mention]) -> str | None:
    """The most common country of a document's mention places (None without any)."""
    countries = Counter(m.place.country for m in mentions if m.place is not None and m.place.country)
    return min(countries, key=lambda cc: (-countries[cc], cc)) if countries else None


def extract_documents(documents: Sequence[Document], engine: LocalEngine, prior,
                      on_progress: Progress | None = None) -> list[Extracted]:
    """Every document extracted, in input order, each read with the country prior of the
    documents before it: ``prior`` (a ``CountryPrior``) holds the countries of what came
    earlier (the store's, then this list's, each added in turn). One document alone cannot
    tell "Panama City" (Florida) from the capital of Panama, or see that "Metro" is no town;
    after 5,000 American local news stories it can. A document is read with the prior when
    its own reading leaves a place to one (``needs_prior``); its country, added to the prior
    for the next ones, comes from the reading without.

    Since the prior of a document depends only on what came before it, a corpus read in
    one list or in many, interrupted or not, gives the same readings. The workers read
    each document with the prior as it stands when the list starts as well (``Job.guess``),
    which is the prior of most of its documents; the others are read again."""
    guess = prior.shares() or None
    readings = engine.read([Job(d, guess=guess) for d in documents], on_progress)
    out: list[Extracted] = []
    again: dict[int, dict[str, float]] = {}
    for i, reading in enumerate(readings):
        plain = reading.extracted
        shares = prior.shares()
        if plain.problem is None:
            prior.add(plain.country)
            if shares and needs_prior(plain.mentions, shares):
                if shares == guess and reading.guessed is not None:
                    plain = _with_country(reading.guessed, plain.country)
                else:
                    again[i] = shares
        out.append(plain)
    if again:
        rereads = engine.read([Job(documents[i], prior=shares) for i, shares in again.items()])
        for i, reading in zip(again, rereads):
            out[i] = _with_country(reading.extracted, out[i].country)
    return out


def _with_country(extracted: Extracted, country: str | None) -> Extracted:
    return Extracted(extracted.document_id, extracted.mentions, extracted.problem, country)


def extract_all(documents: Sequence[Document], *, engine: str = "local", workers: int | None = None,
                on_progress: Progress | None = None,
                country_prior: Prior | None = None) -> list[Extracted]:
    """``extract_one`` over every document, in input order, all with ``country_prior``."""
    with open_engine(engine, workers) as running:
        readings = running.read([Job(d, prior=country_prior) for d in documents], on_progress)
    return [r.extracted for r in readings]


def extract_corpus(documents: Sequence[Document], *, engine: str = "local", workers: int | None = None,
                   on_progress: Progress | None = None) -> list[Extracted]:
    """``extract_documents`` over a corpus on its own (no stored documents before it)."""
    from .extract.places import CountryPrior

    with open_engine(engine, workers) as running:
        return extract_documents(documents, running, CountryPrior(), on_progress)
