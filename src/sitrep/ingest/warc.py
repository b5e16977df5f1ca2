"""Web archives (``.warc``, ``.warc.gz``), read record by record with warcio.

What it does: every ``response`` (or ``resource``) record whose payload is an HTML page
with HTTP status 200 goes through the HTML reader (trafilatura). ``WARC-Target-URI`` is the
url when the page names none of its own, and ``WARC-Date`` (the capture date) is the
publication date only when the page carries none; both are kept in ``metadata``. Ids are the
file stem and a hash of the target URI. Other records (requests, metadata, images, scripts,
redirects, errors) are passed over without a problem: a crawl is full of them.

What it does not do: replay, follow redirects or revisit records, or read ARC files. A
captured HTML page without article text is a ``NoArticleText`` (S104) problem naming the
record, since a crawl of news pages is meant to hold articles.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import EmptyInput, IngestError, InputTooLarge, UnreadableInput
from ..records import Document, InputProblem
from .common import MAX_DOCUMENT_BYTES, ReadOptions, file_stem, parse_date, problem_from
from .common import size_text, stable_id
from .html import html_document

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, options: ReadOptions = ReadOptions()
              ) -> Iterator[Document | InputProblem]:
    """Every article page captured in a WARC file; problems per bad record. Reading stops
    (``InputTooLarge``) past ``options.max_records`` records or ``options.max_bytes`` bytes
    of records' blocks."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where, stem = str(path), file_stem(path)
    pages = read = 0
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror or exc}", path=where) from exc
    with handle:
        records = ArchiveIterator(handle)
        index = 0
        while True:
            try:
                record, warning = _next_record(records, index + 1)
                index += 1
                if warning:
                    yield InputProblem(where, f"record {index}: {warning}", None, "S102")
                if record.rec_type is None:
                    raise EOFError("a record without WARC headers")
                if index > options.max_records:
                    raise InputTooLarge(f"reading stopped after {options.max_records:,} "
                                        "records, the limit for one input file "
                                        "(--max-records raises it)", path=where)
                item = _record_item(record, index, where, stem)
                read += _check_complete(record, options.max_bytes - read)
                if read > options.max_bytes:
                    raise InputTooLarge(f"reading stopped after "
                                        f"{size_text(options.max_bytes)} of records, the "
                                        "limit for one input file (--max-bytes raises it)",
                                        path=where)
            except StopIteration:
                break
            except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
                raise UnreadableInput(f"truncated or corrupt WARC at record {index} "
                                      f"({type(exc).__name__}: {exc})", path=where) from exc
            if item is not None:
                pages += 1
                yield item
    if index == 0:
        raise EmptyInput("no WARC records in file", path=where)
    if pages == 0:
        raise EmptyInput(f"no HTML pages among {index} WARC records", path=where)


def _next_record(records, index: int) -> tuple[object, str]:
    """The next record, and the warning warcio printed about it ("" if none).

    warcio writes its warnings ("Record not followed by newline...") to stderr over several
    lines; here they become one problem line. It also fails on some malformed headers with
    an AttributeError or TypeError (a response record without a target URI), which mean the
    same as its own errors: a corrupt file."""
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        try:
            record = next(records)
        except (AttributeError, TypeError) as exc:
            raise ValueError(f"a record header warcio cannot read: {exc}") from exc
    lines = [line.strip() for line in printed.getvalue().splitlines() if line.strip()]
    return record, "; ".join(lines[:2]).replace("WARNING: ", "")


def _check_complete(record, budget: int) -> int:
    """The bytes of the record's block, read to its end (at most ``budget`` + 1 of them).

    warcio hands over whatever bytes a cut-off file still has; a record whose block is
    shorter than its Content-Length means the file was truncated."""
    stream = record.raw_stream
    read = 0
    while read <= budget:
        chunk = stream.read(65536)
        if not chunk:
            break
        read += len(chunk)
    else:
        return read
    if getattr(stream, "limit", 0) > 0:
        raise EOFError(f"record cut short, {stream.limit} bytes missing")
    return read


def _record_item(record, index: int, where: str, stem: str) -> Document | InputProblem | None:
    """The document of one record, a problem, or None for a record that is not a page."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status != "200":
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.lower().split(";")[0].strip() not in _HTML_TYPES:
        return None
    label = f"record {index} ({uri})" if uri else f"record {index}"
    payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
    if len(payload) > MAX_DOCUMENT_BYTES:
        return InputProblem(where, f"{label}: page is over {size_text(MAX_DOCUMENT_BYTES)}; "
                            "skipped", None, "S105")
    warc_date = record.rec_headers.get_header("WARC-Date")
    try:
        doc = html_document(payload, path=where, default_id=stable_id(stem, uri, index),
                            url=uri)
    except IngestError as exc:
        problem = problem_from(exc)
        return InputProblem(where, f"{label}: {problem.message}", None, problem.code)
    metadata = dict(doc.metadata)
    if uri:
        metadata["warc_target_uri"] = uri
    if warc_date:
        metadata["warc_date"] = warc_date
    return dataclasses.replace(doc, url=doc.url or uri, published=doc.published or parse_date(warc_date),
                   metadata=metadata)
