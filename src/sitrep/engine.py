"""Where the per-document stages run: in this process, in local worker processes, or on Ray.

The stage functions are plain functions over records, so an engine only has to map one over
a list of documents. Results come back in input order whatever the engine, which keeps runs
reproducible. A failure on one document is returned as an ``InputProblem``, never raised.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from .records import Document, InputProblem, Mention

ENGINES = ("local", "processes", "ray")


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction result, or the problem that stopped it."""

    document_id: str
    mentions: tuple[Mention, ...] = ()
    problem: InputProblem | None = None


def extract_one(document: Document, country_prior: Mapping[str, float] | None = None) -> Extracted:
    from .extract import extract_document

    try:
        return Extracted(document.id, tuple(extract_document(document, country_prior=country_prior)))
    except Exception as exc:  # one bad document must not stop the batch
        where = document.path or document.id
        return Extracted(document.id, problem=InputProblem(
            where, f"extraction failed for document {document.id}: {type(exc).__name__}: {exc}",
            line=document.line, code="S600"))


def _extract_chunk(documents: Sequence[Document], country_prior: Mapping[str, float] | None = None
                   ) -> list[Extracted]:
    return [extract_one(d, country_prior) for d in documents]


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def extract_all(documents: Sequence[Document], *, engine: str = "local", workers: int | None = None,
                on_progress: Callable[[int], None] | None = None, chunk_size: int = 16,
                country_prior: Mapping[str, float] | None = None) -> list[Extracted]:
    """``extract_one`` over every document, in input order."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    workers = workers or os.cpu_count() or 1
    if engine == "local" or (engine == "processes" and (workers == 1 or len(documents) < 2 * chunk_size)):
        results = []
        for document in documents:
            results.append(extract_one(document, country_prior))
            if on_progress:
                on_progress(1)
        return results
    chunks = list(_chunks(list(documents), chunk_size))
    results: list[Extracted] = []
    if engine == "processes":
        import multiprocessing as mp

        with mp.get_context("fork").Pool(workers) as pool:
            for chunk_result in pool.imap(partial(_extract_chunk, country_prior=country_prior), chunks):
                results.extend(chunk_result)
                if on_progress:
                    on_progress(len(chunk_result))
        return results
    return _extract_on_ray(chunks, workers, on_progress, country_prior)


def _extract_on_ray(chunks: list, workers: int, on_progress, country_prior=None) -> list[Extracted]:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        from .errors import ConfigError
        raise ConfigError("the Ray engine needs the 'ray' extra: pip install 'sitrep[ray]'") from exc
    if not ray.is_initialized():
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 ignore_reinit_error=True)
    remote = ray.remote(_extract_chunk)
    pending = [remote.remote(chunk, country_prior) for chunk in chunks]
    results: list[Extracted] = []
    for ref in pending:  # in submission order, so results keep input order
        chunk_result = ray.get(ref)
        results.extend(chunk_result)
        if on_progress:
            on_progress(len(chunk_result))
    return results


def document_country(mentions: Sequence[Mention]) -> str | None:
    """The most common country of a document's mention places (None without any)."""
    countries = Counter(m.place.country for m in mentions if m.place is not None and m.place.country)
    return min(countries, key=lambda cc: (-countries[cc], cc)) if countries else None


def extract_corpus(documents: Sequence[Document], *, engine: str = "local", workers: int | None = None,
                   on_progress: Callable[[int], None] | None = None) -> list[Extracted]:
    """``extract_all``, then a second reading, with the batch's countries as a prior, of the
    documents that place something outside those countries or leave a mention without a
    place. One document alone cannot tell "Panama City" (Florida) from the capital of Panama,
    or see that "Metro" is no town; a batch of 5,000 American local news stories can. Below
    ``CountryPrior.min_documents`` documents there is no prior and no second reading."""
    from .extract.places import CountryPrior

    results = extract_all(documents, engine=engine, workers=workers, on_progress=on_progress)
    prior = CountryPrior()
    for result in results:
        if result.problem is None:
            prior.add(document_country(result.mentions))
    shares = prior.shares()
    if not shares:
        return results
    again = [d for d, r in zip(documents, results) if r.problem is None and any(
        m.place is None or m.place.country not in shares for m in r.mentions)]
    if not again:
        return results
    reread = {r.document_id: r for r in extract_all(again, engine=engine, workers=workers,
                                                    country_prior=shares)}
    return [reread.get(r.document_id, r) for r in results]
