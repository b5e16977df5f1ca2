"""Field names news datasets use for the parts of an article, and the mapping of one record
(a JSON object, a manifest line, Markdown front matter) onto ``Document`` fields.

Names are matched case-insensitively (``pubDate`` = ``pubdate``); for each part the first
alias present with a usable value wins. Every field not used this way is kept in
``Document.metadata`` unchanged, including an alias that lost to an earlier one (a
``description`` beside the ``text``) and a date that could not be parsed.
"""
from __future__ import annotations

from typing import Any

from .common import one_line, parse_date

# In order of preference. "description"/"summary" come last among the text fields: they
# hold a teaser when a full text field is there too, but are all some datasets have.
TEXT_FIELDS = ("text", "maintext", "content", "body", "article", "full_text", "fulltext",
               "article_text", "article_body", "articlebody", "story", "description",
               "summary")
TITLE_FIELDS = ("title", "headline", "heading", "title_page", "title_rss")
URL_FIELDS = ("url", "link", "uri", "canonical_url", "source_url", "article_url", "href")
DATE_FIELDS = ("published", "date", "date_publish", "dct", "pubdate", "publish_date",
               "published_at", "publishedat", "pub_date", "date_published",
               "datepublished", "publication_date", "seendate", "datetime", "timestamp",
               "created_at", "time", "updated", "date_modify")
ID_FIELDS = ("id", "doc_id", "docid", "document_id", "article_id", "_id", "uuid", "guid")
SOURCE_FIELDS = ("source", "source_name", "sitename", "site_name", "outlet", "publisher",
                 "publication", "newspaper", "media", "source_domain", "domain")
LANGUAGE_FIELDS = ("language", "lang", "lang_code", "language_code", "locale")

ROLES = {"text": TEXT_FIELDS, "title": TITLE_FIELDS, "url": URL_FIELDS,
         "published": DATE_FIELDS, "id": ID_FIELDS, "source": SOURCE_FIELDS,
         "language": LANGUAGE_FIELDS}


def map_fields(record: dict[str, Any], roles: tuple[str, ...] = tuple(ROLES)
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values by role, the remaining fields) for one record.

    Values are converted: text joined if it is a list of paragraphs, title/source/id made
    one-line strings, url a string, published a ``date``. A value that cannot be used for
    its role (an unparseable date, a url that is not a string) is not taken and stays in
    the remaining fields.
    """
    by_lower: dict[str, str] = {}
    for key in record:
        by_lower.setdefault(str(key).lower(), key)
    found: dict[str, Any] = {}
    used: set[str] = set()
    for role in roles:
        for alias in ROLES[role]:
            key = by_lower.get(alias)
            if key is None or key in used:
                continue
            value = _convert(role, record[key])
            if value is None:
                continue
            found[role] = value
            used.add(key)
            break
    rest = {k: v for k, v in record.items() if k not in used}
    return found, rest


def _convert(role: str, value: Any) -> Any:
    if value is None:
        return None
    if role == "text":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n\n".join(v.strip() for v in value)
        return value if isinstance(value, str) and value.strip() else None
    if role == "published":
        return parse_date(value)
    if role == "source" and isinstance(value, dict):   # NewsAPI: {"id": ..., "name": ...}
        value = value.get("name") or value.get("title") or value.get("domain")
    if role == "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    if role == "url":
        return value.strip() or None
    return one_line(value) or None
