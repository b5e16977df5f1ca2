"""Saved web pages (``.html``, ``.htm``, ``.xhtml`` and their ``.gz``): one page, one
document, through trafilatura.

What it does: hand the page's bytes to trafilatura (it detects the charset), which drops
navigation, footers, comments and other boilerplate and returns the main text with the
page's metadata: title, publication date, canonical url, site name (-> ``source``), and
author, description, categories and tags (-> ``metadata``). ``html_to_text`` turns small
HTML fragments (feed summaries) into plain text without boilerplate removal.

What it does not do: fetch anything, run scripts, or judge whether the text is news. A
page from which trafilatura gets no main text is ``NoArticleText`` (S104).
"""
from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path
from typing import Any

from ..errors import EmptyInput, NoArticleText, UnreadableInput
from ..records import Document
from .common import MAX_DOCUMENT_BYTES, binary_kind, file_stem, normalize_newlines, one_line
from .common import parse_date, read_limited

# Fewer words than this in every line of the extracted text: no article on the page.
MIN_PARAGRAPH_WORDS = 10
_METADATA_FIELDS = ("author", "description", "categories", "tags", "image", "pagetype",
                    "hostname")
_config = None


def _trafilatura_config():
    """trafilatura's defaults, except its extraction timeout: that uses SIGALRM, which only
    works in the main thread, and a stage may run in a worker thread or a Ray task."""
    global _config
    if _config is None:
        from trafilatura.settings import DEFAULT_CONFIG

        config = deepcopy(DEFAULT_CONFIG)
        config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"
        _config = config
    return _config


def read_html(path: Path) -> Document:
    """The article in a saved page. Raises an ``IngestError`` if there is none."""
    data = read_limited(path, MAX_DOCUMENT_BYTES)
    return html_document(data, path=str(path), default_id=file_stem(path))


def html_document(data: bytes, *, path: str, default_id: str, url: str | None = None,
                  line: int | None = None) -> Document:
    """A ``Document`` from the bytes of one HTML page (also used for WARC records)."""
    if not data.strip():
        raise EmptyInput("empty HTML page", path=path, line=line)
    kind = binary_kind(data)
    if kind:
        raise UnreadableInput(f"not an HTML page: looks like {kind}", path=path, line=line)
    import trafilatura    # heavy import, deferred until a page is actually read

    try:
        result = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False,
            # Dates from the page's markup and url only: "extensive" search takes the first
            # date-like string in the text, which in a news article is often the event's.
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_trafilatura_config())
    except Exception as exc:  # noqa: BLE001 - a parser failure on one page is one problem
        raise UnreadableInput(f"HTML could not be parsed ({type(exc).__name__}: {exc})",
                              path=path, line=line) from exc
    if result is None:
        raise NoArticleText("no article text found in the page", path=path, line=line)
    values: dict[str, Any] = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = normalize_newlines(values.get("text") or "").strip()
    if not text:
        raise NoArticleText("no article text found in the page", path=path, line=line)
    if not any(len(paragraph.split()) >= MIN_PARAGRAPH_WORDS for paragraph in text.split("\n")):
        # What trafilatura falls back to on a page without an article: menu items, a
        # footer line. An article, however short, has at least one real sentence.
        raise NoArticleText(f"no article text found in the page (only {len(text.split())} "
                            "words of menus or captions)", path=path, line=line)
    metadata = {key: values[key] for key in _METADATA_FIELDS if values.get(key)}
    return Document(
        id=default_id,
        text=text,
        title=one_line(values.get("title")),
        published=parse_date(values.get("date")),
        url=values.get("url") or url,
        source=one_line(values.get("sitename")) or None,
        language=values.get("language") or _declared_language(data),
        path=path,
        line=line,
        metadata=metadata,
    )


_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)",
                        re.I)


def _declared_language(data: bytes) -> str | None:
    """The page's own ``<html lang>``, the input's language label where it gives one."""
    match = _HTML_LANG.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# ----------------------------------------------------------------------------- fragments

_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "pre", "table", "tr", "section", "article", "figure", "hr")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# Characters XML cannot hold, which lxml refuses to put in a tree it edits.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, block elements on lines of their own,
    scripts and styles removed. Text that is not HTML comes back whitespace-tidied."""
    if "<" not in fragment:
        return _tidy(fragment)
    from lxml import etree, html as lxml_html

    fragment = _NOT_XML.sub(" ", fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        # A paragraph break before and after each block; inline tags just vanish.
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        else:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in normalize_newlines(text).split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
