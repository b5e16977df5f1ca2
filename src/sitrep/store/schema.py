"""The tables, as SQLAlchemy Core objects; dialect-neutral (SQLite and PostgreSQL).

Every record with nested parts keeps its full ``to_dict`` form in a JSON column
(``record``), and the fields the pipeline and the web app filter on are copied into plain,
indexed columns beside it (for incidents, in a narrow table of their own). Reads rebuild
records from the JSON, so a field added to a record needs no migration; a column added
here does (``migrations.py``).

Every row carries the ``run_id`` of the run that last wrote it (``runs`` table).

This module only declares; ``migrations.py`` creates. Changing a table here means adding a
named migration that brings existing databases to the same shape.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator

metadata = MetaData()

# JSON everywhere; JSONB on PostgreSQL (same Python values, comparable and indexable there).
Json = JSON().with_variant(postgresql.JSONB(), "postgresql")

ID = String(200)       # document ids come from file names and manifests: keep room
RUN_ID = String(100)


class IsoDateTime(TypeDecorator):
    """A datetime kept as ISO 8601 text, so a time zone survives on every backend
    (SQLite's DATETIME drops it) and values sort as text within one zone."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.isoformat()

    def process_result_value(self, value, dialect):
        return None if value is None else dt.datetime.fromisoformat(value)


migrations_table = Table(
    "_sitrep_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", IsoDateTime, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", ID, primary_key=True),
    # the text's identity as it arrived (``base.document_fingerprint``)
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("url", Text),
    Column("source", Text),
    Column("language", String(16)),
    Column("path", Text),
    Column("line", Integer),
    Column("aliases", Json, nullable=False),
    Column("urls", Json, nullable=False),
    Column("metadata", Json, nullable=False),
    Column("removed", Json, nullable=False),
    Column("run_id", RUN_ID),
    # the country the document's own places point to, for the country prior (m0004)
    Column("place_country", String(8)),
    # no mention of it can be linked: the linker compares its text with those around (m0004)
    Column("text_only", Boolean),
    # its outlet (``clean.source_key``) and what the cleaner learns its outlet's boilerplate
    # from (``clean.LineProfile``), for the documents of that outlet after it (m0004)
    Column("source_key", Text),
    Column("line_profile", Json),
    Index("ix_documents_published", "published"),
    Index("ix_documents_place_country", "place_country"),
    Index("ix_documents_text_only", "text_only", "published"),
    Index("ix_documents_source_key", "source_key", "published"),
)

# Every id a text arrived with -> the id it is stored under (a document maps to itself too).
document_aliases = Table(
    "document_aliases", metadata,
    Column("alias", ID, primary_key=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("run_id", RUN_ID),
    Index("ix_document_aliases_document_id", "document_id"),
)

# The LSH buckets of each document's text (``link.copies.lsh_buckets``), so that a new text
# finds its stored near copies by index (m0004).
document_buckets = Table(
    "document_buckets", metadata,
    Column("bucket", BigInteger, primary_key=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("published", Date),
)

mentions = Table(
    "mentions", metadata,
    Column("id", ID, primary_key=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("record", Json, nullable=False),          # to_dict(mention), its claims by id
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_days", Integer),                    # days in [date_start, date_end] (m0003)
    Column("lat", Float),
    Column("lon", Float),
    # the rest of what blocking reads of the place (``Store.mention_places_in_window``, m0004);
    # ``place_precision`` is null when the mention has no place
    Column("place_country", String(8)),
    Column("place_precision", String(20)),
    Column("event_type", String(100)),
    Column("modality", String(20)),
    Column("run_id", RUN_ID),
    Index("ix_mentions_document_id", "document_id", "idx"),
    Index("ix_mentions_dates", "date_start", "date_end"),
    Index("ix_mentions_date_end", "date_end"),
    # the window queries reach the rare long intervals through this (``base._SHORT_DAYS``)
    Index("ix_mentions_date_days", "date_days", "date_start", "date_end"),
)

claims = Table(
    "claims", metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("mention_id", ID, ForeignKey("mentions.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),        # position within the mention's claims
    Column("field", String(50), nullable=False),
    Column("value", Json),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("value_start", Integer),
    Column("value_end", Integer),
    Column("said_by", Text),
    Column("extractor", String(200), nullable=False, default=""),
    Column("run_id", RUN_ID),
    Index("ix_claims_mention_id", "mention_id", "ordinal"),
    Index("ix_claims_document_id", "document_id"),
)

# Incidents are split hot/cold: ``incidents`` holds only the narrow columns the web app
# filters and sorts on, so a scan (a substring filter, a count) reads a few MB even at 100k
# incidents; the full record lives in ``incident_records``.
incidents = Table(
    "incidents", metadata,
    Column("id", ID, primary_key=True),
    # the row's key in the SQLite FTS table (``base.fts_rowid(id)``): full-text filters
    # join on this integer, which is much cheaper than matching text ids
    Column("search_key", BigInteger, nullable=False, unique=True),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_days", Integer),                    # days in [date_start, date_end] (m0003)
    Column("country", String(8)),                    # ISO 3166-1 alpha-2
    Column("admin1", Text),
    Column("location", Text),                        # place name
    Column("lat", Float),
    Column("lon", Float),
    Column("event_type", String(100)),
    Column("sub_event_type", String(100)),
    Column("killed_best", Integer),
    Column("wounded_best", Integer),
    Column("actors", Text),                          # perpetrators, claimants, targets; " | "
    Column("summary", Text),
    Column("run_id", RUN_ID),
    # query_incidents orders by date and filters by these; the composite ones serve
    # "filter by X, oldest/newest first" without a sort.
    Index("ix_incidents_dates", "date_start", "date_end"),
    Index("ix_incidents_date_end", "date_end"),
    Index("ix_incidents_date_days", "date_days", "date_start", "date_end"),
    Index("ix_incidents_event_type", "event_type", "date_start"),
    Index("ix_incidents_country", "country", "date_start"),
    Index("ix_incidents_country_type", "country", "event_type", "date_start"),
    Index("ix_incidents_killed", "killed_best", "date_start"),
    Index("ix_incidents_latlon", "lat", "lon"),
)

incident_records = Table(
    "incident_records", metadata,
    Column("id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("record", Json, nullable=False),          # to_dict(incident)
    Column("run_id", RUN_ID),
)

incident_mentions = Table(
    "incident_mentions", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("mention_id", ID, primary_key=True),
    Column("run_id", RUN_ID),
    Index("ix_incident_mentions_mention_id", "mention_id"),
)

# A merged or split incident's old id -> the id that took its mentions (None: removed outright).
incident_redirects = Table(
    "incident_redirects", metadata,
    Column("old_id", ID, primary_key=True),
    Column("new_id", ID),
    Column("reason", String(50), nullable=False, default="merged"),
    Column("run_id", RUN_ID),
    Index("ix_incident_redirects_new_id", "new_id"),
)

# The figures of an incident as they stood on each report date.
incident_history = Table(
    "incident_history", metadata,
    Column("incident_id", ID, primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("figures", Json, nullable=False),
    Column("run_id", RUN_ID),
)

stories = Table(
    "stories", metadata,
    Column("id", ID, primary_key=True),
    Column("document_ids", Json, nullable=False),
    Column("copies", Json, nullable=False),
    Column("run_id", RUN_ID),
)

# Which story each document is in, for the linker's ``stories_of(document_ids)``.
story_documents = Table(
    "story_documents", metadata,
    Column("story_id", ID, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ID, primary_key=True),
    Column("run_id", RUN_ID),
    Index("ix_story_documents_document_id", "document_id"),
)

runs = Table(
    "runs", metadata,
    Column("run_id", RUN_ID, primary_key=True),
    Column("started", IsoDateTime, nullable=False),
    Column("finished", IsoDateTime),
    Column("counts", Json, nullable=False),
    Column("problems", Json, nullable=False),
    Column("config", Json, nullable=False),
)

# Tables in an order that respects foreign keys (parents first); ``counts()`` reports these.
TABLES = (documents, document_aliases, document_buckets, mentions, claims, incidents, incident_records,
          incident_mentions, incident_redirects, incident_history, stories, story_documents,
          runs)
