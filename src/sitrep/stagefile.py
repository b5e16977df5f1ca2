"""The file between the extract and link stages (``sitrep extract -o mentions.jsonl``, then
``sitrep link mentions.jsonl``): JSON lines, written and read here only.

    {"format": "sitrep.extraction.v1", "config": {...}}          the first line: how it was made
    {"document": {...}, "read": true, "mentions": [{...}, ...]}  a document, cleaned, and its mentions
                                                                 ("country": where its places
                                                                 point; "source", "line_profile":
                                                                 what the cleaner learned)
    {"problem": {...}}                                           an input that could not be read

Records are ``records.to_dict`` data. ``read`` is false for a document stored but not
extracted (another language, no words). A line that is not one of these is an error naming
the file and line.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import MalformedRecord
from .pipeline import Extraction
from .records import Document, InputProblem, Mention, from_dict, to_dict

FORMAT = "sitrep.extraction.v1"


def write_extraction(extraction: Extraction, target: str | Path | IO[str]) -> None:
    """``extraction`` as JSON lines into the file ``target`` (or an open text file)."""
    if hasattr(target, "write"):
        _write(extraction, target)
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        _write(extraction, fh)


def _write(extraction: Extraction, fh: IO[str]) -> None:
    def line(value: dict) -> None:
        fh.write(json.dumps(value, ensure_ascii=False) + "\n")

    line({"format": FORMAT, "config": extraction.config})
    read = set(extraction.read)
    by_document: dict[str, list[Mention]] = {}
    for mention in extraction.mentions:
        by_document.setdefault(mention.document_id, []).append(mention)
    for document in extraction.documents:
        found = {"document": to_dict(document), "read": document.id in read,
                 "mentions": [to_dict(m) for m in by_document.get(document.id, ())]}
        if document.id in extraction.countries:
            found["country"] = extraction.countries[document.id]
        if document.id in extraction.profiles:
            found["source"], found["line_profile"] = extraction.profiles[document.id]
        line(found)
    for problem in extraction.problems:
        line({"problem": to_dict(problem)})


def read_extraction(path: str | Path) -> Extraction:
    """The ``Extraction`` a ``write_extraction`` file holds."""
    documents, read, mentions, problems = [], [], [], []
    countries: dict[str, str] = {}
    profiles: dict[str, tuple[str | None, dict]] = {}
    config: dict | None = None
    for number, record in _lines(Path(path)):
        if config is None:
            if record.get("format") != FORMAT:
                raise MalformedRecord(f"not a file of `sitrep extract` (its first line should name "
                                      f"the format {FORMAT})", path=str(path), line=number)
            config = dict(record.get("config") or {})
            continue
        try:
            if "document" in record:
                document = from_dict(Document, record["document"])
                documents.append(document)
                if record.get("read"):
                    read.append(document.id)
                if record.get("country"):
                    countries[document.id] = str(record["country"])
                if record.get("line_profile"):
                    profiles[document.id] = (record.get("source"), dict(record["line_profile"]))
                mentions.extend(from_dict(Mention, m) for m in record.get("mentions", ()))
            elif "problem" in record:
                problems.append(from_dict(InputProblem, record["problem"]))
            else:
                raise KeyError("document")
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedRecord(f"not a document or problem line of `sitrep extract` "
                                  f"({type(exc).__name__}: {exc})", path=str(path), line=number) from exc
    if config is None:
        raise MalformedRecord("empty: no line of `sitrep extract`", path=str(path))
    return Extraction(documents, read, mentions, problems, config, countries, profiles)


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
                raise MalformedRecord(f"not JSON: {why}", path=str(path), line=number) from exc
            if not isinstance(record, dict):
                raise MalformedRecord("not a JSON object", path=str(path), line=number)
            yield number, record
