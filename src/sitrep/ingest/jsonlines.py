"""Article records in JSON: ``.jsonl`` / ``.ndjson`` (one object a line, streamed) and
``.json`` (one object, a list of objects, or an object holding the list under a key such
as ``"articles"``), and their ``.gz``.

What it does: map each object's fields onto a ``Document`` by the names news datasets use
(see ``fields``), keep the other fields in ``metadata``, and report each bad line (invalid
JSON, not an object, no text) as its own problem while the other lines are read. What it
does not do: guess a schema from the values, or follow nested objects other than the
article list of a ``.json`` file.

A JSON lines file is read line by line, so it may be any size up to the limits of
``ReadOptions``; only one line is held to ``MAX_DOCUMENT_BYTES``. A ``.json`` file is
parsed whole and held to ``MAX_COLLECTION_BYTES``. A record nested deeper than
``MAX_JSON_DEPTH`` is a problem of its own line.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyInput, MalformedRecord, NoArticleText, UnreadableInput
from ..records import Document, InputProblem
from .common import MAX_COLLECTION_BYTES, MAX_DOCUMENT_BYTES, ReadOptions, binary_kind
from .common import decode_text, file_stem, iter_lines, normalize_newlines, open_binary
from .common import parse_json, problem_from, read_limited, size_text, stable_id
from .fields import map_fields

# Keys under which JSON exports keep their list of articles.
LIST_KEYS = ("articles", "documents", "docs", "items", "records", "entries", "results",
             "data", "posts", "stories", "news", "rows", "hits")


def record_document(record: dict[str, Any], *, path: str, line: int | None, stem: str,
                    index: int | None) -> Document:
    """A ``Document`` from one article object. Raises ``NoArticleText`` when no text field
    holds text. Without an id field the id is ``stem`` for a file's only record (``index``
    None), else ``stem`` with a hash of the record's url, else with ``index``."""
    found, rest = map_fields(record)
    if "text" not in found:
        raise NoArticleText("record has no article text (looked for "
                            "text/maintext/content/body/article/...)", path=path, line=line)
    default_id = stem if index is None else stable_id(stem, found.get("url"), index)
    return Document(
        id=found.get("id") or default_id,
        text=normalize_newlines(found["text"]).strip(),
        title=found.get("title", ""),
        published=found.get("published"),
        url=found.get("url"),
        source=found.get("source"),
        language=found.get("language"),
        path=path,
        line=line,
        metadata=rest,
    )


def read_jsonl(path: Path, options: ReadOptions = ReadOptions()
               ) -> Iterator[Document | InputProblem]:
    """Every article in a JSON lines file; a problem for each bad line."""
    where, stem = str(path), file_stem(path)
    problems = records = 0
    with open_binary(path) as handle:
        try:
            head = handle.peek(8192)[:8192]
        except (OSError, EOFError, zlib.error) as exc:   # gzip: not gzip, cut short, corrupt
            raise UnreadableInput(f"truncated or corrupt gzip file ({exc})",
                                  path=where) from exc
        kind = binary_kind(head)
        if kind:
            raise UnreadableInput(f"not a text file: looks like {kind}", path=where)
        for number, raw in iter_lines(handle, where, options):
            for item in _line_items(raw, number, where, stem):
                if isinstance(item, Document):
                    records += 1
                else:
                    problems += 1
                yield item
    if records == 0 and problems == 0:
        raise EmptyInput("no records in file (only blank lines)", path=where)


def _line_items(raw: bytes | None, number: int, where: str, stem: str
                ) -> list[Document | InputProblem]:
    """The document on one line (after a warning if bytes were replaced), a problem, or
    nothing for a blank line."""
    if raw is None:
        return [InputProblem(where, f"line is over {size_text(MAX_DOCUMENT_BYTES)}, the "
                             "limit for one record; skipped", number, "S105")]
    if not raw.strip():
        return []
    try:
        text, warning = decode_text(raw, where, line=number)
        record = parse_json(text, where, number)
    except (UnreadableInput, MalformedRecord) as exc:
        return [problem_from(exc)]
    if not isinstance(record, dict):
        return [InputProblem(where, f"expected a JSON object, got {type(record).__name__}",
                             number, "S102")]
    try:
        doc = record_document(record, path=where, line=number, stem=stem, index=number)
    except NoArticleText as exc:
        return [problem_from(exc)]
    return [warning, doc] if warning else [doc]


def read_json(path: Path) -> Iterator[Document | InputProblem]:
    """Every article in a ``.json`` file: one object, a list, or a list under a key."""
    where, stem = str(path), file_stem(path)
    data = read_limited(path, MAX_COLLECTION_BYTES, "JSON files (not JSON lines)")
    text, warning = decode_text(data, where)
    if not text.strip():
        raise EmptyInput("empty file", path=where)
    if warning:
        yield warning
    value = parse_json(text, where)
    items = _article_list(value)
    if items is None:
        if not isinstance(value, dict):
            raise MalformedRecord(f"expected a JSON object or a list of objects, got "
                                  f"{type(value).__name__}", path=where)
        yield record_document(value, path=where, line=None, stem=stem, index=None)
        return
    if not items:
        raise EmptyInput("no records in file", path=where)
    for index, record in enumerate(items, start=1):
        if not isinstance(record, dict):
            yield InputProblem(where, f"item {index}: expected a JSON object, got "
                               f"{type(record).__name__}", None, "S102")
            continue
        try:
            yield record_document(record, path=where, line=None, stem=stem, index=index)
        except NoArticleText as exc:
            yield InputProblem(where, f"item {index}: {exc.message}", None, exc.code)


def _article_list(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        lower = {str(k).lower(): k for k in value}
        for key in LIST_KEYS:
            if key in lower and isinstance(value[lower[key]], list):
                return value[lower[key]]
    return None
