"""Folder manifests: a ``manifest.jsonl`` beside the documents, one line per file.

Each line is a JSON object with the file's ``path`` (relative to the manifest's folder)
and, where known, ``id``, ``published``, ``language``, ``url``, ``title``, ``source``
(the same field names as JSON records are accepted, see ``fields``); any other field goes
to ``metadata``. In a folder with a manifest exactly the listed files are read, in the
manifest's order, and the manifest's values take precedence over what the file says.

When a listed file holds several documents (a JSON lines file, a feed, a WARC), one id or
url cannot belong to all of them: the manifest's values then only fill what each document
lacks, and ids are the documents' own.

What it does not do: read the files (``read_inputs`` does, with the usual readers), or
check that a listed id is unique.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MalformedRecord, UnreadableInput
from ..records import Document, InputProblem
from .common import MAX_DOCUMENT_BYTES, ReadOptions, decode_text, iter_lines, open_binary
from .common import parse_json, size_text
from .fields import map_fields

MANIFEST_NAME = "manifest.jsonl"
PATH_FIELDS = ("path", "file", "filename", "file_name", "filepath", "file_path")
_ROLES = ("id", "title", "url", "published", "source", "language")


@dataclass(frozen=True)
class ManifestEntry:
    """One listed file: where it is, and what the manifest says about it."""

    line: int
    listed: str                      # the path as written in the manifest
    path: Path                       # resolved against the manifest's folder
    values: dict[str, Any] = field(default_factory=dict)    # Document field -> value
    metadata: dict[str, Any] = field(default_factory=dict)  # the line's other fields


def read_manifest(manifest: Path, options: ReadOptions = ReadOptions()
                  ) -> Iterator[ManifestEntry | InputProblem]:
    """The entries of a manifest, with a problem for each line that cannot be used."""
    where = str(manifest)
    with open_binary(manifest) as handle:
        for number, raw in iter_lines(handle, where, options):
            if raw is None:
                yield InputProblem(where, f"manifest line is over "
                                   f"{size_text(MAX_DOCUMENT_BYTES)}", number, "S105")
                continue
            if not raw.strip():
                continue
            try:
                text, _ = decode_text(raw, where, line=number)
                record = parse_json(text, where, number)
            except (UnreadableInput, MalformedRecord) as exc:
                yield InputProblem(where, f"manifest line: {exc.message}", number, exc.code)
                continue
            entry = _entry(record, manifest.parent, number)
            if entry is None:
                yield InputProblem(where, "manifest line names no file (expected a "
                                   f"\"path\" field, one of {', '.join(PATH_FIELDS)})",
                                   number, "S102")
            else:
                yield entry


def _entry(record: Any, folder: Path, number: int) -> ManifestEntry | None:
    if not isinstance(record, dict):
        return None
    lower = {str(k).lower(): k for k in record}
    key = next((lower[name] for name in PATH_FIELDS
                if name in lower and isinstance(record[lower[name]], str)
                and record[lower[name]].strip()), None)
    if key is None:
        return None
    listed = record[key].strip()
    values, rest = map_fields({k: v for k, v in record.items() if k != key}, _ROLES)
    return ManifestEntry(line=number, listed=listed, path=folder / listed, values=values,
                         metadata=rest)


def apply_entry(doc: Document, entry: ManifestEntry, *, only_document: bool) -> Document:
    """``doc`` with the manifest's values: taking precedence when the listed file holds
    just this document, filling gaps otherwise."""
    changes: dict[str, Any] = {}
    for name, value in entry.values.items():
        if name == "id" and not only_document:
            continue
        if only_document or getattr(doc, name) in (None, ""):
            changes[name] = value
    changes["metadata"] = {**doc.metadata, **entry.metadata}
    return dataclasses.replace(doc, **changes)
