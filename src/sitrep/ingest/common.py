"""Helpers shared by the ingest readers: size limits, opening (plain or gzip), decoding,
dates, ids and the conversion of ingest errors into ``InputProblem`` records.

Readers signal a bad input by raising one of the ``IngestError`` classes from
``sitrep.errors``; ``read_inputs`` turns each into a one-line ``InputProblem`` and goes on.
A reader that yields several documents may also *yield* a problem (a malformed line) and
carry on with the next record.

Encoding policy (one place, so every text format behaves the same):

* UTF-8, with or without a byte-order mark, is read as is; a UTF-16 file with a BOM is
  decoded as UTF-16.
* A NUL byte or a known binary signature (PDF, ZIP, PNG, ...) in the first 8 KB means a
  binary file: ``UnreadableInput`` (S101).
* Text that is not valid UTF-8 is decoded with U+FFFD replacements when the invalid byte
  sequences are rare (at most ``MAX_INVALID_SHARE`` of the characters, e.g. a few
  Windows-1252 quotes); the document is kept and a ``MalformedRecord`` (S102) problem
  says how many sequences were replaced. More than that is ``UnreadableInput`` (S101):
  a file that is mostly not UTF-8 is not guessed at.
* Characters no store keeps: a lone surrogate (``"\\ud800"`` in JSON; not UTF-8 at all)
  and NUL (PostgreSQL refuses it in text) are replaced with U+FFFD in every field of a
  document (``replace_unstorable``), with an S102 problem saying how many.

Limits per input file (``ReadOptions``): a JSON lines file, a manifest or a WARC is
streamed, so only its records and decompressed bytes are counted, and reading stops at
``max_records`` / ``max_bytes`` with an S105 problem (a 1 MB gzip can hold a billion empty
records). JSON deeper than ``MAX_JSON_DEPTH`` is refused per record: no article nests that
deep, and later stages walk metadata recursively.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import json
import gzip
import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from ..errors import IngestError, InputTooLarge, MalformedRecord, UnreadableInput
from ..records import Document, InputProblem

MB = 1024 * 1024
GB = 1024 * MB

# A single-document file (text, Markdown, HTML page) or one record/line over this size is
# refused: no news article is 20 MB, such a file is a dump, a log or a mistake, and reading
# it would hold it (and trafilatura's tree of it) in memory. JSON lines and WARC files are
# streamed record by record, so only each record is held to this limit, not the file.
MAX_DOCUMENT_BYTES = 20 * MB
# Whole-file formats that hold many documents (a .json array, an RSS/Atom feed) are parsed
# in one piece; they may be larger than one article but are still loaded into memory.
MAX_COLLECTION_BYTES = 200 * MB

MAX_INVALID_SHARE = 0.01         # see the encoding policy in the module docstring
MAX_JSON_DEPTH = 64              # nesting of one JSON record (arrays and objects)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")   # NUL, and surrogates (only lone ones
# reach a str: json.loads joins a valid pair into one character)
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How far ``read_inputs`` goes: links, and the limits per input file.

    ``follow_links``: read files and folders that symbolic links inside a named folder
    point to outside it (off: such a link is a problem line, not read). A manifest's listed
    paths must lie inside its folder whatever this says.
    ``max_records``: lines of a JSON lines file or manifest, records of a WARC.
    ``max_bytes``: decompressed bytes of a streamed file (JSON lines, manifest, WARC).
    ``max_problems``: problems listed per file; the rest are counted in one line.
    """

    follow_links: bool = False
    max_records: int = 1_000_000
    max_bytes: int = 4 * GB
    max_problems: int = 50

_SNIFF_BYTES = 8192
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}


def problem_from(error: IngestError, path: str | Path | None = None) -> InputProblem:
    """The one-line record for an ingest error (the path defaults to the error's own)."""
    where = str(path) if path is not None else (error.path or "")
    return InputProblem(path=error.path or where, message=error.message, line=error.line,
                        code=error.code)


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{n} bytes"


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly when the name ends in ``.gz``."""
    try:
        return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror or exc}", path=str(path)) from exc


def read_limited(path: Path, limit: int, what: str = "single-document files") -> bytes:
    """All of a file's (decompressed) bytes, refusing more than ``limit``.

    The on-disk size is checked first so a 50 MB file is never read; for ``.gz`` the
    decompressed size is what counts (a small archive can hold a huge file).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if size > limit:
        raise InputTooLarge(
            f"file is {size_text(size)}; {what} are limited to {size_text(limit)} "
            "(split it, or convert it to JSON lines, which are streamed)", path=str(path))
    with open_binary(path) as handle:
        try:
            data = handle.read(limit + 1)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise UnreadableInput(f"truncated or corrupt gzip file ({exc})",
                                  path=str(path)) from exc
        except OSError as exc:
            raise UnreadableInput(f"cannot read: {exc.strerror or exc}",
                                  path=str(path)) from exc
    if len(data) > limit:
        raise InputTooLarge(
            f"file decompresses to more than {size_text(limit)}; {what} are limited to "
            f"{size_text(limit)}", path=str(path))
    return data


def binary_kind(data: bytes) -> str | None:
    """What binary thing ``data`` is, or None if it may be text."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):   # UTF-16 BOM: text, NULs expected
        return None
    for signature, kind in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data (name it .gz)"
    if b"\x00" in head:
        return "binary data"
    return None


def decode_text(data: bytes, path: str, line: int | None = None) -> tuple[str, InputProblem | None]:
    """Text of ``data`` under the encoding policy above, and a warning problem if bytes were
    replaced. Raises ``UnreadableInput`` for binary data or text that is mostly not UTF-8."""
    kind = binary_kind(data) if line is None else None
    if kind:
        raise UnreadableInput(f"not a text file: looks like {kind}", path=path, line=line)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"invalid UTF-16 text ({exc.reason})", path=path,
                                  line=line) from exc
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad > max(1, MAX_INVALID_SHARE * len(text)):
        raise UnreadableInput(
            f"not UTF-8 text ({bad} invalid byte sequences in {len(text)} characters); "
            "re-encode it as UTF-8", path=path, line=line)
    warning = InputProblem(
        path=path, line=line, code="S102",
        message=f"{bad} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} replaced "
                "with U+FFFD; document kept")
    return text, warning


def parse_json(text: str, path: str, line: int | None = None) -> Any:
    """``json.loads`` for one record, raising ``MalformedRecord`` (with the line) for invalid
    JSON and for nesting past ``MAX_JSON_DEPTH`` (where Python's own parser would raise a
    RecursionError, or a later stage would)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"invalid JSON: {exc.msg} (column {exc.colno})", path=path,
                              line=exc.lineno if line is None else line) from exc
    except RecursionError as exc:
        raise MalformedRecord(f"JSON nested more than {MAX_JSON_DEPTH} levels deep",
                              path=path, line=line) from exc
    if _depth_over(value, MAX_JSON_DEPTH):
        raise MalformedRecord(f"JSON nested more than {MAX_JSON_DEPTH} levels deep",
                              path=path, line=line)
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and dicts deeper than ``limit`` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item \
            if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limit:
                    return True
                stack.append((child, depth + 1))
    return False


def replace_unstorable(value: Any) -> tuple[Any, int]:
    """``value`` (a string, or lists and dicts of them) with NUL and lone surrogates
    replaced by U+FFFD, and how many were replaced. Values with none come back as they were."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value) is None:
            return value, 0
        return _UNSTORABLE.subn(REPLACEMENT, value)
    if isinstance(value, (list, tuple)):
        cleaned = [replace_unstorable(v) for v in value]
        count = sum(n for _, n in cleaned)
        return (type(value)(v for v, _ in cleaned) if count else value), count
    if isinstance(value, dict):
        count, out = 0, {}
        for key, item in value.items():
            new_key, n = replace_unstorable(key)
            new_item, m = replace_unstorable(item)
            out[new_key] = new_item
            count += n + m
        return (out if count else value), count
    return value, 0


_DOCUMENT_TEXT_FIELDS = ("id", "text", "title", "url", "source", "language", "path",
                         "aliases", "urls", "metadata")


def storable_document(doc: Document) -> tuple[Document, int]:
    """``doc`` with ``replace_unstorable`` applied to every text field; the count replaced."""
    changes, total = {}, 0
    for name in _DOCUMENT_TEXT_FIELDS:
        value, n = replace_unstorable(getattr(doc, name))
        if n:
            changes[name], total = value, total + n
    return (dataclasses.replace(doc, **changes) if changes else doc), total


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(value: Any) -> str:
    """A title or name as a single line (titles sit on the first line of ``content``)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


# ----------------------------------------------------------------------------- ids, urls


def file_stem(path: Path) -> str:
    """The file name without its format extensions: ``a.txt.gz`` -> ``a``."""
    name = path.name
    lower = name.lower()
    if lower.endswith(".gz"):
        name, lower = name[:-3], lower[:-3]
    if lower.endswith(".warc"):
        return name[:-5] or name
    return Path(name).stem or name


def stable_id(stem: str, key: str | None, index: int) -> str:
    """Id for one of several documents from one file: from its guid/url when it has one
    (stable when items are reordered or added), else the file stem and the item number."""
    if key:
        return f"{stem}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"
    return f"{stem}-{index}"


# Archive services wrap the original URL; the outlet is the wrapped URL's host.
_WRAPPED_URL = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]*/(.+)$"
                          r"|^https?://archive\.(?:ph|today|is|li)/[^/]+/(.+)$", re.I)


def host_of(url: str | None) -> str | None:
    """The site a url points to: lower-case host without ``www.`` or port; the original
    site for web.archive.org / archive.today links."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    match = _WRAPPED_URL.match(url)
    if match:
        inner = match.group(1) or match.group(2)
        url = inner if "://" in inner else "http://" + inner
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


# ----------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[T\s]?\d{4,6}Z?)?\s*$")   # GDELT
_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y",
            "%Y/%m/%d", "%d.%m.%Y", "%A, %B %d, %Y", "%A, %d %B %Y", "%a, %d %b %Y")
_EARLIEST = dt.date(1800, 1, 1)
# Languages dateparser tries for month and day names. Without a list it loads all of its
# ~200 locales on the first failure (seconds); these cover most conflict reporting.
DATEPARSER_LANGUAGES = ["en", "fr", "es", "pt", "de", "it", "ar", "ru", "uk", "tr"]


def parse_date(value: Any) -> dt.date | None:
    """A publication date from the values news datasets use, or None.

    Cheap paths first (ISO 8601, RFC 2822, a few fixed formats, epoch seconds); dateparser
    only for the rest, with relative expressions ("yesterday") switched off because they
    would be resolved against today, and with day, month and year all required so a bare
    "March 2016" is not turned into an invented day. A datetime keeps the date as written,
    not converted to UTC: the local day is the one the article's "on Sunday" refers to.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    return _parse_date_text(value.strip()[:100])


def _plausible(day: dt.date) -> dt.date | None:
    latest = dt.date.today() + dt.timedelta(days=2)
    return day if _EARLIEST <= day <= latest else None


def _from_timestamp(seconds: float) -> dt.date | None:
    if seconds > 1e11:                      # milliseconds
        seconds /= 1000
    if seconds <= 0:
        return None
    try:
        return _plausible(dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date())
    except (OverflowError, OSError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> dt.date | None:
    if not text:
        return None
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            try:
                return _plausible(dt.date(*map(int, match.groups()[:3])))
            except ValueError:
                return None
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(float(text))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return _plausible(parsed.date())
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _FORMATS:
        try:
            return _plausible(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return _dateparser(text)


def _dateparser(text: str) -> dt.date | None:
    if len(re.findall(r"\d+", text)) < 2:   # a day and a year need two numbers
        return None
    import dateparser                       # slow import; most inputs never get here

    parsed = dateparser.parse(text, languages=DATEPARSER_LANGUAGES, settings={
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    })
    return _plausible(parsed.date()) if parsed else None


# ----------------------------------------------------------------------------- streams


def iter_lines(handle: IO[bytes], path: str, options: ReadOptions = ReadOptions()
               ) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of a binary stream; ``None`` for a line over
    ``MAX_DOCUMENT_BYTES`` (skipped without holding it). A truncated gzip raises
    ``UnreadableInput``, and a line past ``options.max_records`` or ``options.max_bytes``
    raises ``InputTooLarge``, after the complete lines before it have been given."""
    number = read = 0
    while True:
        try:
            raw = handle.readline(MAX_DOCUMENT_BYTES + 1)
            read += len(raw)
            overlong = len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n")
            while raw and len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n") \
                    and read <= options.max_bytes:
                raw = handle.readline(MAX_DOCUMENT_BYTES + 1)   # drain the overlong line
                read += len(raw)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise UnreadableInput(f"truncated or corrupt gzip file after line {number} "
                                  f"({exc})", path=path, line=number + 1) from exc
        except OSError as exc:
            raise UnreadableInput(f"cannot read after line {number}: {exc}", path=path,
                                  line=number + 1) from exc
        if not raw and not overlong:
            return
        if number >= options.max_records or read > options.max_bytes:
            what = (f"{number:,} lines" if number >= options.max_records
                    else f"{size_text(options.max_bytes)}")
            raise InputTooLarge(f"reading stopped after {what}, the limit for one input "
                                "file (--max-records / --max-bytes raise it); the rest of "
                                "the file is not read", path=path, line=number + 1)
        number += 1
        yield number, None if overlong else raw
