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

Reading stays inside what the user named: a symbolic link in a folder that leads out of
that folder, and a manifest line whose path leaves the manifest's folder (``..``, an
absolute path, or a link), are problem lines, not read (``ReadOptions.follow_links`` allows
the links, never the paths). Characters no store keeps (NUL, lone surrogates) are replaced
in every document, with a problem line; each file lists at most
``ReadOptions.max_problems`` problems and counts the rest in one line.

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

Memory: to merge duplicates while keeping a stable order, ``read_inputs`` holds documents
until the walk ends (a few tens of MB for ten thousand articles). ``iter_inputs`` is the
same walk without the merging: each document is yielded as soon as it is read, so memory
holds one file's reader, not the corpus; ``sitrep.pipeline`` merges copies against the
store as they arrive.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from ..records import Document, InputProblem
from .common import ReadOptions, open_binary, problem_from, replace_unstorable
from .common import storable_document
from .feeds import looks_like_feed, read_feed
from .html import read_html
from .jsonlines import read_json, read_jsonl
from .language import identify_language, normalize_language
from .manifest import MANIFEST_NAME, ManifestEntry, apply_entry, read_manifest
from .text import read_text
from .warc import read_warc

__all__ = ["ReadOptions", "iter_inputs", "read_inputs", "read_file", "format_of", "MANIFEST_NAME"]

Item = Document | InputProblem

# File name endings (after any ".gz") and the reader they go to. ".xml" is only read when
# its root element is a feed: XML files are also sitemaps, configs, office documents.
SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "xml",
}


def read_inputs(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()
                ) -> Iterator[Document | InputProblem]:
    """Every document found under ``paths``, in a stable order; problems interleaved."""
    merged = _Merger()
    for item in _walk(_path_list(paths), options):
        merged.add(item)
    for item in merged.items:
        yield _finish(item) if isinstance(item, Document) else item


def iter_inputs(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()
                ) -> Iterator[Document | InputProblem]:
    """``read_inputs`` read lazily: the same documents in the same order, each yielded as it
    is read, but copies of one text are not merged (each comes as a document of its own) and
    an id is not checked against the ids before it."""
    for item in _walk(_path_list(paths), options):
        yield _finish(item) if isinstance(item, Document) else item


def _path_list(paths: Iterable[str | Path]) -> Iterable[str | Path]:
    # one path, not an iterable of its characters
    return [paths] if isinstance(paths, (str, Path)) else paths


def format_of(path: Path) -> str | None:
    """The reader format for a file name, or None when the name does not say."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIX_FORMATS.get(os.path.splitext(name)[1])


def read_file(path: str | Path, *, detect_title: bool = True,
              options: ReadOptions = ReadOptions()) -> Iterator[Item]:
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
        "jsonl": lambda: read_jsonl(path, options),
        "json": lambda: read_json(path),
        "warc": lambda: read_warc(path, options),
        "feed": lambda: read_feed(path),
    }
    yield from _guarded(path, readers[fmt], options.max_problems)


def _guarded(path: Path, produce: Callable[[], object], max_problems: int) -> Iterator[Item]:
    """The reader's items, the file's own problems past ``max_problems`` counted in one line;
    an error the reader raises (even halfway) becomes the last problem."""
    where, listed, hidden = str(path), 0, 0
    last: InputProblem | None = None
    try:
        for item in produce():  # type: ignore[attr-defined]
            if isinstance(item, InputProblem) and item.path == where:
                listed += 1
                if listed > max_problems:
                    hidden += 1
                    continue
            yield item
    except IngestError as exc:
        last = problem_from(exc, path)
    except MemoryError:
        last = InputProblem(where, "out of memory while reading", None, "S105")
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
        last = InputProblem(where, f"could not be read ({type(exc).__name__}: {exc})",
                            None, "S101")
    if hidden:
        yield InputProblem(where, f"{hidden} more problems in this file not listed", None,
                           "S102")
    if last is not None:
        yield last


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


class _Walk:
    """One walk over the named inputs: the options, and the files and folders already read
    (a symlink loop, or a path named twice, is read once)."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.seen: set[Path] = set()


def _walk(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """The items of every named path, made storable (``_storable``)."""
    walk = _Walk(options)
    for raw in paths:
        path = Path(raw)
        unusable = _unusable(path)
        if unusable:
            items = iter([InputProblem(str(path), unusable, None, "S101")])
        elif path.is_dir():
            items = _walk_folder(path, walk, path.resolve())
        elif path.is_file() and path.name.lower() == MANIFEST_NAME:
            items = _read_listed(path, walk)
        elif path.is_file():
            items = _read_once(path, walk)
        elif path.exists():
            items = iter([InputProblem(str(path), "not a regular file or folder", None, "S101")])
        else:
            items = iter([InputProblem(str(path), "no such file or folder", None, "S101")])
        for item in items:
            yield from _storable(item)


# A problem's message is cut to this length: it is one line of a report, and some quote the
# input (a WARC header, a listed path) at any length.
MAX_MESSAGE_CHARS = 300


def _storable(item: Item) -> Iterator[Item]:
    """``item`` with NUL and lone surrogates replaced (``replace_unstorable``); a document
    that had any comes after a problem line saying how many."""
    if isinstance(item, InputProblem):
        path, _ = replace_unstorable(item.path)     # a file name that is not UTF-8
        message, _ = replace_unstorable(" ".join(item.message.split()))
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[:MAX_MESSAGE_CHARS - 1] + "…"
        yield dataclasses.replace(item, path=path, message=message)
        return
    document, replaced = storable_document(item)
    if replaced:
        yield InputProblem(document.path or "", f"{replaced} NUL or unpaired surrogate "
                           f"character{'s' if replaced > 1 else ''} replaced with U+FFFD; "
                           "document kept", document.line, "S102")
    yield document


def _unusable(path: Path) -> str | None:
    """Why the file system refuses ``path`` (a name too long, a NUL in it, no permission),
    or None: it exists or simply does not."""
    try:
        path.stat()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return f"cannot be used as a path ({getattr(exc, 'strerror', None) or exc})"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk_folder(folder: Path, walk: _Walk, boundary: Path) -> Iterator[Item]:
    """The folder's files, recursively; ``boundary`` is the resolved folder the user named
    (or a manifest's folder), which a link may not lead out of."""
    real = folder.resolve()
    if real in walk.seen:                 # a symlink loop, or a folder named twice
        return
    walk.seen.add(real)
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        yield from _read_listed(manifest, walk)
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
        is_dir = entry.is_dir()
        if not is_dir and not (entry.is_file() and format_of(entry) is not None):
            continue
        if entry.is_symlink() and not walk.options.follow_links \
                and not _inside(entry.resolve(), boundary):
            yield InputProblem(str(entry), f"a link to {entry.resolve()}, outside "
                               f"{boundary}; not read (--follow-links reads it)", None, "S101")
        elif is_dir:
            yield from _walk_folder(entry, walk, boundary)
        else:
            yield from _read_once(entry, walk)


def _read_once(path: Path, walk: _Walk, detect_title: bool = True) -> Iterator[Item]:
    real = path.resolve()
    if real in walk.seen:
        return
    walk.seen.add(real)
    yield from read_file(path, detect_title=detect_title, options=walk.options)


def _read_listed(manifest: Path, walk: _Walk) -> Iterator[Item]:
    """Exactly the files a manifest lists, with its values applied."""
    walk.seen.add(manifest.parent.resolve())
    walk.seen.add(manifest.resolve())
    entries = _guarded(manifest, lambda: read_manifest(manifest, walk.options),
                       walk.options.max_problems)
    for entry in entries:
        if isinstance(entry, InputProblem):
            yield entry
            continue
        yield from _read_entry(manifest, entry, walk)


def _outside_manifest(manifest: Path, entry: ManifestEntry, follow_links: bool) -> str | None:
    """Why ``entry``'s path may not be read (it leaves the manifest's folder), or None."""
    folder = Path(os.path.abspath(manifest.parent))
    listed = entry.listed if len(entry.listed) <= 120 else entry.listed[:117] + "..."
    if not _inside(Path(os.path.abspath(folder / entry.listed)), folder):
        return f"listed path {listed} is outside the manifest's folder; not read"
    unusable = _unusable(entry.path)
    if unusable:
        return f"listed path {listed} {unusable}; not read"
    try:
        real = entry.path.resolve()
    except (OSError, ValueError) as exc:     # a NUL, an unencodable character, a loop
        return f"listed path {listed} cannot be used ({exc}); not read"
    if not follow_links and not _inside(real, folder.resolve()):
        return (f"listed path {listed} is a link to {real}, outside the manifest's "
                "folder; not read (--follow-links reads it)")
    return None


def _read_entry(manifest: Path, entry: ManifestEntry, walk: _Walk) -> Iterator[Item]:
    target = entry.path
    refused = _outside_manifest(manifest, entry, walk.options.follow_links)
    if refused:
        yield InputProblem(str(manifest), refused, entry.line, "S101")
        return
    if target.is_dir():
        items = list(_walk_folder(target, walk, manifest.parent.resolve()))
    elif target.is_file():
        # A title from the manifest replaces the text reader's guess, which then must not
        # take the first line away from the text.
        items = list(_read_once(target, walk, detect_title="title" not in entry.values))
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
