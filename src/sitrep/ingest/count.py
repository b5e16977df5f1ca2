"""How many documents some inputs hold, estimated quickly: the total of a progress display.

Counted without parsing, at disk (or gunzip) speed: the lines of a JSON lines file or a
manifest, the ``response`` and ``resource`` records of a WARC file, the items and entries of
a feed, one for any other file. Folders are walked as ``read_inputs`` walks them (a folder
with a manifest counts what it lists). Never raises: a file that cannot be read counts one.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .common import open_binary
from .manifest import MANIFEST_NAME

_BLOCK = 1 << 20
_MARKS = {
    "lines": (b"\n",),
    "warc": (b"WARC-Type: response", b"WARC-Type: resource"),
    "feed": (b"<item", b"<entry"),
}


def count_documents(paths: Iterable[str | Path]) -> int:
    """About how many documents ``read_inputs(paths)`` yields (copies counted each time)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return sum(_count(path) for path in _files(paths))


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    from . import format_of

    def folder(path: Path) -> Iterator[Path]:
        if (path / MANIFEST_NAME).is_file():
            yield path / MANIFEST_NAME
            return
        try:
            entries = sorted(path.iterdir(), key=lambda p: p.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from folder(entry)
            elif entry.is_file() and format_of(entry) is not None:
                yield entry

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from folder(path)
        elif path.is_file():
            yield path


def _count(path: Path) -> int:
    from . import format_of

    name = path.name.lower()
    kind = {"jsonl": "lines", "warc": "warc", "feed": "feed", "xml": "feed"}.get(
        format_of(path) or "", "lines" if name == MANIFEST_NAME else None)
    if kind is None:
        return 1
    marks = _MARKS[kind]
    found, tail, last = 0, b"", b"\n"
    try:
        with open_binary(path) as handle:
            while block := handle.read(_BLOCK):
                window = tail + block
                found += sum(window.count(mark) for mark in marks)
                keep = max(len(mark) for mark in marks) - 1
                tail = window[-keep:] if keep else b""
                # a mark inside the kept tail is counted again with the next block
                found -= sum(tail.count(mark) for mark in marks)
                last = block[-1:]
            found += sum(tail.count(mark) for mark in marks)
    except Exception:  # noqa: BLE001 - an estimate: the reader reports the real problem
        return 1
    if kind == "lines" and last != b"\n":
        found += 1                      # a last line without its newline
    return max(found, 1)
