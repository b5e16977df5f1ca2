"""Ingest: files and folders in, ``Document`` records (and ``InputProblem``s) out.

One reader per format, each a plain function in its own module; ``read_inputs`` walks the
paths it is given and dispatches by file type:

=====================================  ==========================================
``.txt`` ``.md``                       ``text.read_text`` (one document a file)
``.html`` ``.htm`` ``.xhtml``          ``html.read_html`` (trafilatura)
``.jsonl`` ``.ndjson``                 ``jsonlines.read_jsonl`` (streamed)
``.json``                              ``jsonlines.read_json``
``.warc`` ``.warc.gz``                 ``warc.read_warc``
``.rss`` ``.atom``, feed ``.xml``      ``feeds.read_feed``
``manifest.jsonl`` in a folder         ``manifest`` (exactly the listed files)
any of the above + ``.gz``             the same reader, decompressed on the fly
=====================================  ==========================================

Folders are walked recursively in name order; hidden files and files of other types in a
folder are passed over (a folder of articles often holds images or notes too), while a file
named explicitly is read whatever its name, its type sniffed from its first bytes.

Then, over the whole call: the same text arriving twice (same ``Document.fingerprint``) is
yielded once, at its first position, with every id and url it came with in ``aliases`` /
``urls``; an id already taken by a different text gets a ``~2``-style suffix (the original
is kept in ``metadata["original_id"]``); ``source`` falls back to the url's host; and the
language is the input's (normalised to ISO 639-1) or else identified from the text.

Never raises for a bad input: each one is a one-line ``InputProblem`` (codes S101-S105, see
``sitrep.errors``) at the place it was met, and the rest of the batch goes on.

What this stage does not do: clean text (boilerplate lines, repeated headlines: ``clean``),
decide relevance, or drop non-English documents (they are yielded with their language; the
pipeline counts them as skipped).

Memory: to merge duplicates while keeping a stable order, documents are held until the walk
ends (a few tens of MB for ten thousand articles). Callers ingesting far larger batches
should call ``read_inputs`` on slices of their inputs.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from ..records import Document, InputProblem
from .common import open_binary, problem_from
from .feeds import looks_like_feed, read_feed
from .html import read_html
from .jsonlines import read_json, read_jsonl
from .language import identify_language, normalize_language
from .manifest import MANIFEST_NAME, ManifestEntry, apply_entry, read_manifest
from .text import read_text
from .warc import read_warc

__all__ = ["read_inputs", "read_file", "format_of", "MANIFEST_NAME"]

Item = Document | InputProblem

# File name endings (after any ".gz") and the reader they go to. ".xml" is only read when
# its root element is a feed: XML files are also sitemaps, configs, office documents.
SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "xml",
}


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document | InputProblem]:
    """Every document found under ``paths``, in a stable order; problems interleaved."""
    if isinstance(paths, (str, Path)):     # one path, not an iterable of its characters
        paths = [paths]
    merged = _Merger()
    for item in _walk(paths):
        merged.add(item)
    for item in merged.items:
        yield _finish(item) if isinstance(item, Document) else item


def format_of(path: Path) -> str | None:
    """The reader format for a file name, or None when the name does not say."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIX_FORMATS.get(os.path.splitext(name)[1])


def read_file(path: str | Path, *, detect_title: bool = True) -> Iterator[Item]:
    """The documents of one file, with its problems; never raises for a bad file.

    No cross-file work happens here (no duplicate merging, no language identification).
    """
    path = Path(path)
    fmt = format_of(path)
    if fmt in (None, "xml"):
        fmt = _sniff(path, fmt)
    if fmt is None or fmt.startswith("!"):
        reason = fmt[1:] if fmt else "not a format sitrep reads"
        yield InputProblem(str(path), reason, None, "S101")
        return
    readers: dict[str, Callable[[], object]] = {
        "text": lambda: read_text(path, detect_title=detect_title),
        "html": lambda: [read_html(path)],
        "jsonl": lambda: read_jsonl(path),
        "json": lambda: read_json(path),
        "warc": lambda: read_warc(path),
        "feed": lambda: read_feed(path),
    }
    yield from _guarded(path, readers[fmt])


def _guarded(path: Path, produce: Callable[[], object]) -> Iterator[Item]:
    """The reader's items; an error it raises (even halfway) becomes the last problem."""
    try:
        yield from produce()  # type: ignore[misc]
    except IngestError as exc:
        yield problem_from(exc, path)
    except MemoryError:
        yield InputProblem(str(path), "out of memory while reading", None, "S105")
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
        yield InputProblem(str(path), f"could not be read ({type(exc).__name__}: {exc})",
                           None, "S101")


def _sniff(path: Path, fmt: str | None) -> str | None:
    """Format from the first bytes, for ``.xml`` and for explicitly named files whose
    name says nothing. A leading ``!`` marks the reason a file cannot be read."""
    try:
        with open_binary(path) as handle:
            head = handle.read(4096)
    except Exception as exc:  # noqa: BLE001 - unreadable: the reader reports it properly
        return "!" + f"cannot read: {exc}"
    if looks_like_feed(head):
        return "feed"
    if fmt == "xml":
        return "!XML file is not an RSS or Atom feed"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first_line = head.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    return "text"   # read_text reports binary or non-UTF-8 content


# ----------------------------------------------------------------------------- walking


def _walk(paths: Iterable[str | Path]) -> Iterator[Item]:
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk_folder(path, seen)
        elif path.is_file() and path.name.lower() == MANIFEST_NAME:
            yield from _read_listed(path, seen)
        elif path.is_file():
            yield from _read_once(path, seen)
        elif path.exists():
            yield InputProblem(str(path), "not a regular file or folder", None, "S101")
        else:
            yield InputProblem(str(path), "no such file or folder", None, "S101")


def _walk_folder(folder: Path, seen: set[Path]) -> Iterator[Item]:
    real = folder.resolve()
    if real in seen:                     # a symlink loop, or a folder named twice
        return
    seen.add(real)
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        yield from _read_listed(manifest, seen)
        return
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputProblem(str(folder), f"cannot list folder: {exc.strerror or exc}", None,
                           "S101")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk_folder(entry, seen)
        elif entry.is_file() and format_of(entry) is not None:
            yield from _read_once(entry, seen)


def _read_once(path: Path, seen: set[Path], detect_title: bool = True) -> Iterator[Item]:
    real = path.resolve()
    if real in seen:
        return
    seen.add(real)
    yield from read_file(path, detect_title=detect_title)


def _read_listed(manifest: Path, seen: set[Path]) -> Iterator[Item]:
    """Exactly the files a manifest lists, with its values applied."""
    seen.add(manifest.parent.resolve())
    seen.add(manifest.resolve())
    for entry in _guarded(manifest, lambda: read_manifest(manifest)):
        if isinstance(entry, InputProblem):
            yield entry
            continue
        yield from _read_entry(manifest, entry, seen)


def _read_entry(manifest: Path, entry: ManifestEntry, seen: set[Path]) -> Iterator[Item]:
    target = entry.path
    if target.is_dir():
        items = list(_walk_folder(target, seen))
    elif target.is_file():
        # A title from the manifest replaces the text reader's guess, which then must not
        # take the first line away from the text.
        items = list(_read_once(target, seen, detect_title="title" not in entry.values))
    else:
        yield InputProblem(str(manifest), f"listed file {entry.listed} does not exist",
                           entry.line, "S101")
        return
    documents = sum(isinstance(item, Document) for item in items)
    for item in items:
        if isinstance(item, Document):
            yield apply_entry(item, entry, only_document=documents == 1)
        else:
            yield item


# ----------------------------------------------------------------------------- merging


class _Merger:
    """Items in arrival order, one slot per distinct text."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self._slot_of: dict[str, int] = {}      # fingerprint -> index in items
        self._ids: set[str] = set()

    def add(self, item: Item) -> None:
        if isinstance(item, InputProblem):
            self.items.append(item)
            return
        fingerprint = item.fingerprint
        slot = self._slot_of.get(fingerprint)
        if slot is not None:
            self.items[slot] = _merge(self.items[slot], item)  # type: ignore[arg-type]
            self._ids.update((item.id, *item.aliases))
            return
        if item.id in self._ids:
            item = dataclasses.replace(item, id=self._free_id(item.id),
                                       metadata={**item.metadata, "original_id": item.id})
        self._ids.add(item.id)
        self._ids.update(item.aliases)
        self._slot_of[fingerprint] = len(self.items)
        self.items.append(item)

    def _free_id(self, taken: str) -> str:
        n = 2
        while f"{taken}~{n}" in self._ids:
            n += 1
        return f"{taken}~{n}"


def _merge(first: Document, later: Document) -> Document:
    """``first`` keeping its id and values, with ``later``'s ids and urls added and the
    values ``first`` lacks filled in from ``later``."""
    aliases = tuple(a for a in dict.fromkeys((*first.aliases, later.id, *later.aliases))
                    if a != first.id)
    urls = tuple(dict.fromkeys(u for u in (first.url, *first.urls, later.url, *later.urls)
                               if u))
    fill = {name: getattr(later, name) for name in ("published", "url", "source", "language")
            if getattr(first, name) in (None, "") and getattr(later, name) not in (None, "")}
    return dataclasses.replace(first, aliases=aliases, urls=urls, **fill)


def _finish(doc: Document) -> Document:
    """Per-document values that need the whole call first: urls, source, language."""
    from .common import host_of

    urls = tuple(dict.fromkeys(u for u in (doc.url, *doc.urls) if u))
    source = doc.source or host_of(doc.url) or next(filter(None, map(host_of, urls)), None)
    language = normalize_language(doc.language) or identify_language(doc.content)
    return dataclasses.replace(doc, urls=urls, source=source, language=language)
