"""News feeds: RSS 0.9x/1.0/2.0 and Atom (``.rss``, ``.atom``, and ``.xml`` files whose
root element says they are a feed; also their ``.gz``), parsed with feedparser.

What it does: one ``Document`` per item, its text from the item's full content
(``content:encoded``, Atom ``<content>``) or else its summary/description, with HTML
stripped; title, link, and the date from ``pubDate``/``published`` or else
``updated``. The feed's own title is the ``source``. Ids are stable per item: the file stem
and a hash of the item's guid, else of its link, else the item's position.

What it does not do: fetch the linked articles. A feed usually carries only a summary; an
item with no text at all is ``NoArticleText`` (S104) for that item, and the other items
are still read.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from ..errors import EmptyInput, MalformedRecord, UnreadableInput
from ..records import Document, InputProblem
from .common import MAX_COLLECTION_BYTES, binary_kind, file_stem, one_line, parse_date
from .common import read_limited, stable_id
from .html import html_to_text

_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b", re.I)
_PROLOGUE = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)
_ITEM_FIELDS = ("title", "title_detail", "link", "links", "id", "guidislink", "published",
                "published_parsed", "updated", "updated_parsed", "summary",
                "summary_detail", "content")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file open an RSS, RDF or Atom document."""
    head = head.lstrip(b"\xef\xbb\xbf")
    rest = head[_PROLOGUE.match(head).end():]
    return bool(_FEED_ROOT.match(rest))


def read_feed(path: Path) -> Iterator[Document | InputProblem]:
    """Every item of an RSS or Atom feed; a problem for each item without text."""
    where, stem = str(path), file_stem(path)
    data = read_limited(path, MAX_COLLECTION_BYTES, "feed files")
    if not data.strip():
        raise EmptyInput("empty file", path=where)
    kind = binary_kind(data)    # not decoded here: a feed declares its own encoding
    if kind:
        raise UnreadableInput(f"not a feed: looks like {kind}", path=where)
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise MalformedRecord(f"not a readable RSS/Atom feed ({reason})", path=where)
    if not parsed.entries:
        raise EmptyInput("feed has no items", path=where)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _BENIGN):
        # feedparser recovers what it can from broken XML; say so, keep what it found.
        yield InputProblem(where, f"feed is not well-formed ({parsed.bozo_exception}); "
                           f"{len(parsed.entries)} items recovered", None, "S102")
    source = one_line(parsed.feed.get("title")) or None
    feed_language = parsed.feed.get("language")
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(entry, index, where, stem, source, feed_language)


def _entry_document(entry: Any, index: int, where: str, stem: str, source: str | None,
                    feed_language: str | None) -> Document | InputProblem:
    title = one_line(html_to_text(entry.get("title", "")))
    body = _best_content(entry)
    text = html_to_text(body) if body else ""
    link = _link(entry)
    guid = entry.get("id") or None
    label = f"item {index}" + (f" ({title[:60]})" if title else "")
    if not text:
        return InputProblem(where, f"{label}: no content or summary text", None, "S104")
    published = parse_date(entry.get("published")) or _struct_date(
        entry.get("published_parsed")) or parse_date(entry.get("updated")) or _struct_date(
        entry.get("updated_parsed"))
    metadata = {key: value for key, value in entry.items()
                if key not in _ITEM_FIELDS and not key.endswith(("_detail", "_parsed"))}
    if guid and guid != link:
        metadata["guid"] = guid
    language = (entry.get("content") or [{}])[0].get("language") or feed_language
    return Document(id=stable_id(stem, guid or link, index), text=text, title=title,
                    published=published, url=link, source=source, language=language,
                    path=where, metadata=_plain(metadata))


def _best_content(entry: Any) -> str:
    """The longest of the item's full content blocks, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    if contents:
        best = max(contents, key=len)
        summary = entry.get("summary") or ""
        return best if len(best) >= len(summary) else summary
    return entry.get("summary") or ""


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    # feedparser copies a guid into "link" when there is no <link>; only a url is a link.
    if isinstance(link, str) and link.startswith(("http://", "https://")):
        return link
    return None


def _struct_date(value: time.struct_time | None):
    if not value:
        return None
    import datetime as dt

    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None


def _plain(value: Any) -> Any:
    """feedparser's dict subclasses and struct_times as plain JSON-able data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not isinstance(value, time.struct_time):
        return [_plain(v) for v in value]
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return value


# A feed that declares one encoding and uses another, or is served with a non-XML type, is
# read correctly by feedparser; that is not worth a problem.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
