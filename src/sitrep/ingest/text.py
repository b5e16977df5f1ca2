"""Plain text and Markdown articles (``.txt``, ``.md``, and their ``.gz``): one file, one
document.

What it does: decode the file (see ``common`` for the encoding policy), read a YAML-style
front-matter block in Markdown (``title:``, ``date:``, ``url:`` ...), and take the first
line as the title when it is clearly a headline. What it does not do: clean the text. Junk
lines ("[ad_1]", share buttons, a headline repeated under itself) stay in ``text`` for the
cleaner, so that nothing is lost before it can be audited; Markdown markup is not rendered.

A first line is a headline only when it reads like one *and* is set apart like one:

* reads like one: a few words to a couple of dozen, starts with a capital or a digit, does
  not end like a sentence or run on (a full stop, comma, colon, dash...), mostly letters,
  and is not recognisably junk (a shortcode in brackets, a url or image path, a byline, a
  caption label, a date line);
* set apart: followed by a blank line, or underlined (``====``), or marked as a heading
  (``# ``), or repeated on the next line, or written in Title Case / capitals.

A normal sentence on the first line therefore stays in the text.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from ..data import read_table, vocabulary
from ..errors import EmptyInput
from ..records import Document, InputProblem
from .common import MAX_DOCUMENT_BYTES, decode_text, file_stem, normalize_newlines
from .common import read_limited
from .fields import map_fields

MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200

# A line that ends like a sentence, or runs on into the next line (a dash, a colon: the
# "BAGHDAD (AP) -" of a dateline), is not a headline. An ellipsis counts as well.
_SENTENCE_END = re.compile(r"[.,;:\u2026\u2013\u2014-]$")
_OPENERS = "\"'\u2018\u201c\u00ab"
_CLOSERS = "\"'\u2019\u201d)]\u00bb"
_TRAILING_SEPARATOR = re.compile(r"\s*\|+$")     # "Headline |" left from a page <title>
# Beside the calendar's words (``data/en/calendar.tsv``), what else a date line holds.
_DATE_LINE_WORDS = frozenset({"am", "pm", "st", "nd", "rd", "th", "of"})
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of",
                "on", "or", "over", "the", "to", "up", "with", "vs", "after", "amid", "near"}
FRONT_MATTER_ROLES = ("title", "url", "published", "id", "source", "language")
_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def read_text(path: Path, *, detect_title: bool = True) -> list[Document | InputProblem]:
    """The document in a text or Markdown file, preceded by a warning problem if some bytes
    were not UTF-8. Raises an ``IngestError`` for an unreadable, empty or oversized file."""
    data = read_limited(path, MAX_DOCUMENT_BYTES)
    text, warning = decode_text(data, str(path))
    text = normalize_newlines(text)
    fields: dict[str, str] = {}
    if path.name.lower().removesuffix(".gz").endswith((".md", ".markdown")):
        fields, text = split_front_matter(text)
    if not text.strip():
        raise EmptyInput("empty file" if not data.strip() else "no text in file",
                         path=str(path))
    found, rest = map_fields(fields, FRONT_MATTER_ROLES)
    title = found.get("title", "")
    if detect_title and not title:
        title, text = split_title(text)
    doc = Document(id=found.get("id") or file_stem(path), text=text.strip("\n").rstrip(),
                   title=title, published=found.get("published"), url=found.get("url"),
                   source=found.get("source"), language=found.get("language"),
                   path=str(path), metadata=rest)
    return [warning, doc] if warning else [doc]


def split_title(text: str) -> tuple[str, str]:
    """(title, rest) when the first non-blank line is a headline; else ("", text)."""
    lines = text.lstrip("\n").split("\n")
    if len(lines) < 2:
        return "", text
    first = lines[0].strip()
    heading = _MD_HEADING.match(first)
    rest_from = 1
    if heading:
        candidate, set_apart = heading.group(1), True
    else:
        candidate = first
        following = lines[1].strip()
        underlined = bool(_UNDERLINE.match(following)) and len(following) >= 3
        if underlined:
            rest_from = 2
        next_text = next((line.strip() for line in lines[1:] if line.strip()), "")
        set_apart = (not following or underlined or next_text == first
                     or _heading_case(candidate))
    candidate = _TRAILING_SEPARATOR.sub("", candidate).strip()
    if not set_apart or not looks_like_headline(candidate):
        return "", text
    rest = "\n".join(lines[rest_from:]).strip("\n")
    if not rest.strip():                    # a file that is only a headline is its text
        return "", text
    return candidate, rest


def looks_like_headline(line: str) -> bool:
    """Whether one line reads like a headline rather than a sentence or page junk."""
    words = line.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
        return False
    # A headline starts with a word, or a quotation: not with ". (Photo...", "\u00d7 ...".
    if not (line[0].isalnum() or line[0] in _OPENERS):
        return False
    first_alnum = next((c for c in line if c.isalnum()), "")
    if not first_alnum or not (first_alnum.isupper() or first_alnum.isdigit()):
        return False
    if _SENTENCE_END.search(line.rstrip(_CLOSERS)):
        return False
    if sum(c.isalpha() for c in line) < 0.6 * len(line.replace(" ", "")):
        return False
    calendar = vocabulary.calendar_words()
    if all(t.isdigit() or t.lower() in calendar or t.lower() in _DATE_LINE_WORDS
           for t in _TOKEN.findall(line)):
        return False                        # a date line: "Monday, December 21, 2020 10:32 AM"
    return not _not_title().search(line)


@functools.cache
def _not_title() -> re.Pattern[str]:
    """What marks a line as no title: a url, a byline, a caption, page chrome
    (``data/en/not_titles.tsv``)."""
    rows = read_table("en/not_titles.tsv", ("pattern", "note"), key=("pattern",))
    return re.compile("|".join(f"(?:{row['pattern']})" for _, row in rows), re.IGNORECASE)


def _heading_case(line: str) -> bool:
    """Title Case or capitals: most of the significant words start with a capital."""
    words = [w.strip(_CLOSERS + "\"'\u2018\u201c(") for w in line.split()]
    significant = [w for w in words if w and w.lower() not in _SMALL_WORDS and w[0].isalpha()]
    if len(significant) < MIN_TITLE_WORDS:
        return False
    return sum(w[0].isupper() for w in significant) >= 0.8 * len(significant)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` pairs of a leading ``---`` block, and the text after it.

    Only flat scalar pairs are read (the shape static-site and scraper exports use); a
    block that is not closed within 60 lines is not front matter and is left alone.
    """
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---\n"):
        return {}, text
    lines = stripped.split("\n")
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FRONT_MATTER_KEY.match(line)
        if match and match.group(2).strip():
            fields[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    return fields, "\n".join(lines[end + 1:])
