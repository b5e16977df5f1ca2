"""Named migrations, applied in order, each in its own transaction, recorded in a table.

A migration is a plain function ``(connection) -> None`` appended to ``MIGRATIONS``; its
function name is its name in ``_sitrep_migrations``. Never rename or edit one that has
shipped: change the schema with a new function at the end (and mirror the change in
``schema.py``). ``apply_migrations`` is safe to call on every open: applied names are
skipped, and concurrent openers serialise on a lock (SQLite ``BEGIN IMMEDIATE``,
a PostgreSQL advisory lock).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Table,
    bindparam,
    insert,
    inspect,
    select,
    text,
    update,
)

from . import schema

Migration = Callable[[Connection], None]

# Full-text search columns; ``base.py`` builds its queries from the same lists.
DOCUMENT_FTS_COLUMNS = ("title", "text")
INCIDENT_FTS_COLUMNS = ("summary", "location", "actors")
_PG_LOCK_KEY = 7_451_203  # any constant, shared by every sitrep process


def pg_tsvector_expression(columns: tuple[str, ...]) -> str:
    """The text search vector PostgreSQL keeps in a generated ``search_vector`` column.
    Text is capped (a tsvector may not exceed 1 MB) far above any news article."""
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('english'::regconfig, left({joined}, 500000))"


def m0001_initial_tables(conn: Connection) -> None:
    """Every table and index declared in ``schema.py`` as of this migration."""
    schema.metadata.create_all(conn, tables=list(schema.TABLES), checkfirst=True)


def m0002_full_text_search(conn: Connection) -> None:
    """SQLite: FTS5 tables (porter stemming) beside documents and incidents, filled from the
    rows already there; ``Store.save_batch`` keeps them in sync. Their rowid is a hash of the
    record id (``base.fts_rowid``) so a row is replaced without scanning. PostgreSQL: a
    generated ``search_vector`` column (computed once per write, not per query) with a GIN
    index. Elsewhere: nothing (the store falls back to ILIKE)."""
    name = conn.dialect.name
    if name == "sqlite":
        if not _sqlite_has_fts5(conn):
            return
        from .base import fts_rowid  # late: base imports this module

        for table, columns in (("documents", DOCUMENT_FTS_COLUMNS),
                               ("incidents", INCIDENT_FTS_COLUMNS)):
            cols = ", ".join(columns)
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_fts USING fts5("
                f"id UNINDEXED, {cols}, tokenize = 'porter unicode61 remove_diacritics 2')")
            rows = conn.exec_driver_sql(f"SELECT id, {cols} FROM {table}").all()
            if rows:
                marks = ", ".join("?" for _ in range(len(columns) + 2))
                conn.exec_driver_sql(
                    f"INSERT INTO {table}_fts(rowid, id, {cols}) VALUES ({marks})",
                    [(fts_rowid(r[0]), *r) for r in rows])
    elif name == "postgresql":
        for table, columns in (("documents", DOCUMENT_FTS_COLUMNS),
                               ("incidents", INCIDENT_FTS_COLUMNS)):
            conn.exec_driver_sql(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
                f"GENERATED ALWAYS AS ({pg_tsvector_expression(columns)}) STORED")
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{table}_search_vector "
                                 f"ON {table} USING gin (search_vector)")


def m0003_date_interval_lengths(conn: Connection) -> None:
    """``date_days`` (days in [date_start, date_end]) on mentions and incidents, filled from
    the dates already stored, with an index: the window queries find intervals up to a few
    weeks long by a range scan on ``date_start`` and the rare longer ones through it.
    Stores created by m0001 since the column was declared already have both."""
    for table in (schema.mentions, schema.incidents):
        have = {c["name"] for c in inspect(conn).get_columns(table.name)}
        if "date_days" not in have:
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN date_days INTEGER")
        _fill_date_days(conn, table)
        for index in table.indexes:
            if index.name == f"ix_{table.name}_date_days":
                index.create(conn, checkfirst=True)


def m0004_streaming(conn: Connection) -> None:
    """What a run a chunk at a time keeps between chunks, on documents: ``place_country``
    (where its own places point; ``Store.place_countries`` counts them for the country
    prior), ``text_only`` (no mention of it can be linked), ``source_key`` and
    ``line_profile`` (what the cleaner learns its outlet's boilerplate from), with their
    indexes; the ``document_buckets`` table (the LSH buckets of each text); and on mentions
    their place's country and precision (filled for the mentions stored). Documents
    stored before have none of these: they count in no prior, teach the cleaner nothing, and
    are found as copies only through mentions."""
    have = {c["name"] for c in inspect(conn).get_columns("documents")}
    json_type = "JSONB" if conn.dialect.name == "postgresql" else "JSON"
    for column, kind in (("place_country", "VARCHAR(8)"), ("text_only", "BOOLEAN"),
                         ("source_key", "TEXT"), ("line_profile", json_type)):
        if column not in have:
            conn.exec_driver_sql(f"ALTER TABLE documents ADD COLUMN {column} {kind}")
    for index in schema.documents.indexes:
        if index.name in ("ix_documents_place_country", "ix_documents_text_only",
                          "ix_documents_source_key"):
            index.create(conn, checkfirst=True)
    schema.document_buckets.create(conn, checkfirst=True)
    # on mentions, the place's country and precision beside its coordinates, filled from the
    # records already there: linking lists a window's places without reading every record
    have = {c["name"] for c in inspect(conn).get_columns("mentions")}
    for column in ("place_country", "place_precision"):
        if column not in have:
            conn.exec_driver_sql(f"ALTER TABLE mentions ADD COLUMN {column} VARCHAR(20)")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "UPDATE mentions SET place_country = json_extract(record, '$.place.country'), "
            "place_precision = json_extract(record, '$.place.precision') "
            "WHERE place_precision IS NULL AND json_type(record, '$.place') = 'object'")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "UPDATE mentions SET place_country = record->'place'->>'country', "
            "place_precision = record->'place'->>'precision' "
            "WHERE place_precision IS NULL AND jsonb_typeof(record->'place') = 'object'")


def _fill_date_days(conn: Connection, table: Table) -> None:
    """Set ``date_days`` wherever both dates are known and it is not set yet."""
    name = conn.dialect.name
    where = "date_days IS NULL AND date_start IS NOT NULL AND date_end IS NOT NULL"
    if name == "sqlite":     # dates are ISO text there
        conn.exec_driver_sql(
            f"UPDATE {table.name} SET date_days = CAST(round(julianday(date_end) - "
            f"julianday(date_start)) AS INTEGER) + 1 WHERE {where}")
    elif name == "postgresql":
        conn.exec_driver_sql(
            f"UPDATE {table.name} SET date_days = date_end - date_start + 1 WHERE {where}")
    else:
        t = table
        rows = conn.execute(select(t.c.id, t.c.date_start, t.c.date_end).where(
            t.c.date_days.is_(None), t.c.date_start.is_not(None), t.c.date_end.is_not(None))).all()
        if rows:
            conn.execute(update(t).where(t.c.id == bindparam("b_id"))
                         .values(date_days=bindparam("b_days", type_=Integer)),
                         [{"b_id": r.id, "b_days": date_days(r.date_start, r.date_end)}
                          for r in rows])


def date_days(start: dt.date | None, end: dt.date | None) -> int | None:
    """The ``date_days`` column's value: days in [start, end], both counted."""
    if start is None or end is None:
        return None
    return (end - start).days + 1


MIGRATIONS: list[Migration] = [
    m0001_initial_tables,
    m0002_full_text_search,
    m0003_date_interval_lengths,
    m0004_streaming,
]


def _sqlite_has_fts5(conn: Connection) -> bool:
    try:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE temp._sitrep_fts_probe USING fts5(x)")
        conn.exec_driver_sql("DROP TABLE temp._sitrep_fts_probe")
        return True
    except Exception:  # noqa: BLE001 - any failure means "no FTS5 in this SQLite build"
        return False


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def applied_migrations(conn: Connection) -> list[str]:
    rows = conn.execute(select(schema.migrations_table.c.name)
                        .order_by(schema.migrations_table.c.applied_at,
                                  schema.migrations_table.c.name))
    return [r[0] for r in rows]


def apply_migrations(engine: Engine, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the migrations not yet recorded, in order; return the names applied now.

    ``engine`` should be the store's write engine (SQLite ``BEGIN IMMEDIATE``)."""
    migrations = MIGRATIONS if migrations is None else migrations
    with engine.begin() as conn:
        _lock(conn)
        schema.migrations_table.create(conn, checkfirst=True)
    done: list[str] = []
    for migration in migrations:
        with engine.begin() as conn:
            _lock(conn)
            if migration.__name__ in set(applied_migrations(conn)):
                continue
            migration(conn)
            conn.execute(insert(schema.migrations_table).values(
                name=migration.__name__, applied_at=dt.datetime.now(dt.timezone.utc)))
            done.append(migration.__name__)
    return done
