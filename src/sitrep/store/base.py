"""``Store``: open a database, save a run's records in one transaction, read them back.

Writes go through ``save_batch`` only, so a run either lands whole or not at all. Upserts
key on record ids, which makes saving the same batch twice a no-op. Reads rebuild records
with ``records.from_dict``; mentions come back with their claims.

Backends: a plain path (or ``sqlite:///...``) is a SQLite file in WAL mode; a
``postgresql+psycopg://`` URL (``postgresql://`` is read the same way) is PostgreSQL, for
which install the ``postgres`` extra. Other SQLAlchemy URLs may work but are not tested.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    Text,
    and_,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy import make_url
from sqlalchemy import text as sql_text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from ..errors import StoreError, StoreNotFound, StoreUrlError
from ..records import (
    Claim,
    Document,
    GeoPrecision,
    Incident,
    InputProblem,
    Mention,
    Place,
    RunInfo,
    Story,
    from_dict,
    to_dict,
)
from . import schema
from .lock import Wait, WriterLock
from .search import SearchQuery, parse as parse_search
from .migrations import (
    DOCUMENT_FTS_COLUMNS,
    INCIDENT_FTS_COLUMNS,
    applied_migrations,
    apply_migrations,
    date_days,
)

_CHUNK = 500            # ids per IN (...) list; well under SQLite's and PostgreSQL's limits
_MAX_REDIRECTS = 50     # a longer chain of merges than this is a cycle
_ANALYZE_AFTER = 500    # records in one batch after which SQLite's statistics are refreshed
# The window queries (the linker's, several per new document) find the intervals up to this
# many days long by one range scan of the (date_start, date_end) index, from this many days
# before the window; longer ones, rare, come through the date_days index. Any value gives
# the same results; this one is the linker's ``max_link_interval_days``, so every mention it
# links (day, week and month precision) is on the range scan.
_SHORT_DAYS = 62
# Incidents rebuilt from their stored JSON, kept by that text: a read-mostly server (the web
# app) asks for the same incidents again and again, and rebuilding one costs ~0.1 ms. Keyed
# by the text itself, an entry can never be stale. A few MB.
_INCIDENT_CACHE = 4096


# ----------------------------------------------------------------------------- batch


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """An incident's figures as they stood on one report date (``as_of``).

    ``figures`` holds ``to_dict`` counts under ``killed``/``wounded``/``munitions`` and the
    number of ``sources`` / ``independent_sources``; any other JSON-able keys are kept."""

    incident_id: str
    as_of: dt.date
    figures: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Full-text hits, best first, each list up to the ``limit`` asked for."""

    incidents: list[Incident]
    documents: list[Document]


@dataclass(slots=True)
class Batch:
    """Everything one run (or one step of a streaming run) writes; saved in one transaction.

    - ``documents``: new documents, or stored ones whose ``aliases``/``urls`` grew; upserted
      by id. A document whose text (fingerprint) is stored under another id is refused: pass
      it as an alias of the stored one (``Store.document_by_fingerprint``).
    - ``place_countries``: document id -> the country its own places point to, kept for
      the country prior (``Store.place_countries``); documents not named keep theirs.
    - ``document_buckets``: document id -> the LSH buckets of its text (as
      ``LinkResult.buckets``), replacing those stored (``Store.documents_in_buckets``);
      ``text_only``: documents no mention of which can be linked (``LinkResult.text_only``;
      ``Store.documents_published(..., text_only=True)``).
    - ``line_profiles``: document id -> (its outlet, ``clean.LineProfile.to_dict()``), what
      the cleaner learns the outlet's boilerplate from (``Store.source_profiles``).
    - ``mentions``: upserted by id, each with its claims; a mention's stored claims are
      replaced by the ones it carries now.
    - ``incidents``: upserted by id, with their mention links.
    - ``removed_incidents``: old id -> the id that took it over (``None``: dropped). The old
      row and its history go; a redirect keeps ``Store.incident(old_id)`` working.
      ``redirect_reasons`` says why per old id ("merged" by default, "removed" for ``None``).
    - ``stories``: upserted by id (the linker returns new and changed stories only);
      ``removed_stories`` (old id -> the story it joined, as ``LinkResult.removed_stories``,
      or just ids) are deleted. ``replace_stories=True`` makes ``stories`` the complete set:
      every stored story not in it is deleted (a full regrouping).
    - ``history``: ``HistoryEntry``s or dicts with ``incident_id``, ``as_of`` (date or ISO
      text) and ``figures`` (as ``reconcile.history`` gives them). An incident with entries
      here gets exactly these as its history (they are its full history); every other
      incident saved gets one snapshot of its current figures (``Store.snapshot``), dated by
      its last report, added to what is stored.
    """

    run: RunInfo
    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    removed_incidents: dict[str, str | None] = field(default_factory=dict)
    stories: list[Story] | None = field(default_factory=list)
    removed_stories: Mapping[str, str | None] | Collection[str] = field(default_factory=dict)
    replace_stories: bool = False
    history: list[HistoryEntry | dict] = field(default_factory=list)
    redirect_reasons: dict[str, str] = field(default_factory=dict)
    place_countries: dict[str, str] = field(default_factory=dict)
    document_buckets: dict[str, Sequence[int]] = field(default_factory=dict)
    text_only: Collection[str] = ()
    line_profiles: dict[str, tuple[str | None, dict]] = field(default_factory=dict)


# ----------------------------------------------------------------------------- helpers


def fts_rowid(record_id: str) -> int:
    """A stable positive 63-bit rowid for a record id in the FTS5 tables."""
    return int.from_bytes(hashlib.sha1(record_id.encode("utf-8")).digest()[:8], "big") >> 1


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _last_by_key(rows: list[dict], keys: Sequence[str]) -> list[dict]:
    """One row per key, the last given winning: PostgreSQL refuses a multi-row upsert that
    touches a row twice, and "last wins" is what sequential upserts would do."""
    found: dict[tuple, dict] = {}
    for row in rows:
        found[tuple(row[k] for k in keys)] = row
    return list(found.values())


def _window_conditions(t: Table, start: dt.date, end: dt.date,
                       dialect: str) -> tuple[list, list]:
    """Two disjoint lists of WHERE terms on ``t`` whose union is exactly the rows with
    ``date_start <= end AND date_end >= start`` (an overlap with [start, end]):

    - intervals starting in [start - (_SHORT_DAYS - 1), end]: a range scan of the
      (date_start, date_end) index over a few weeks of rows, whatever the store's size;
    - intervals starting earlier that still reach ``start``: these are longer than
      ``_SHORT_DAYS`` days, so they are found among the (rare) long ones through the
      (date_days, date_start, date_end) index.

    SQLite's planner, without histograms, may take the date index for the second list too
    (half the store): there the date terms are kept off the indexes (unary ``+``)."""
    try:
        lo = start - dt.timedelta(days=_SHORT_DAYS - 1)
    except OverflowError:
        lo = dt.date.min
    short = [t.c.date_start >= lo, t.c.date_start <= end, t.c.date_end >= start]
    date_start, date_end = t.c.date_start, t.c.date_end
    if dialect == "sqlite":
        date_start, date_end = _no_index(date_start), _no_index(date_end)
    # (lo > end only for a window given backwards, more than _SHORT_DAYS days)
    long = [t.c.date_days > _SHORT_DAYS,
            date_start < lo if lo <= end else date_start <= end,
            date_end >= start]
    return short, long


def _no_index(column):
    """``+column``: the same value, but SQLite's planner will not use an index for it."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _url(target: str | Path, *, create: bool = True) -> str:
    if isinstance(target, Path) or "://" not in str(target):
        path = str(target)
        if path == ":memory:":
            return "sqlite://"
        resolved = Path(path).expanduser().resolve()
        if not create and not resolved.is_file():
            raise StoreNotFound(f"no sitrep store at {path!r}" + (
                " (a folder)" if resolved.is_dir() else "") + f"; `sitrep run PATH... --db "
                f"{path}` makes one")
        resolved.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{resolved}"
    url = str(target)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _shown(target: str | Path) -> str:
    """``target`` as an error message may show it: a URL's password hidden."""
    text = str(target)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text


def _one_line(exc: Exception) -> str:
    """A database error as one line: the driver's message, without SQLAlchemy's SQL and
    links ("file is not a database", "connection refused")."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _history_entry(entry: HistoryEntry | Mapping[str, Any]) -> HistoryEntry:
    if isinstance(entry, HistoryEntry):
        return entry
    as_of = entry["as_of"]
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of[:10])
    elif isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    return HistoryEntry(entry["incident_id"], as_of, dict(entry["figures"]))


def document_fingerprint(document: Document) -> str:
    """The identity a document is stored under and ``document_by_fingerprint`` answers."""
    return document.arrival_fingerprint


def history_figures(incident: Incident) -> dict[str, Any]:
    """The figures an automatic history entry keeps."""
    return {
        "killed": to_dict(incident.killed),
        "wounded": to_dict(incident.wounded),
        "munitions": to_dict(incident.munitions),
        "sources": len(incident.sources),
        "independent_sources": incident.independent_sources,
    }


# ----------------------------------------------------------------------------- store


class Store:
    """The one door to sitrep's database. Open with ``Store.open(path_or_url)``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Writers announce themselves so SQLite takes the write lock up front (BEGIN
        # IMMEDIATE): a deferred transaction that upgrades to writing can fail with "database
        # is locked" without waiting for a concurrent writer.
        self._write_engine = engine.execution_options(sitrep_write=True)
        self.dialect = engine.dialect.name
        self._fts = False
        self._writer = WriterLock(engine)

    # ------------------------------------------------------------------ open / close

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> "Store":
        """Open (creating and migrating as needed) the database at ``target``: a file path
        (SQLite), ``":memory:"``, or a SQLAlchemy URL such as ``postgresql+psycopg://...``.
        ``create=False`` (the read commands) opens only a store that exists, creating no file
        and no table: ``StoreNotFound`` otherwise. Every failure is a one-line ``StoreError``
        naming ``target``."""
        url = _url(target, create=create)
        shown = _shown(target)
        kwargs: dict[str, Any] = {}
        if url in ("sqlite://", "sqlite:///:memory:"):
            # one shared connection, or every connection would see its own empty database
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        try:
            engine = create_engine(url, **kwargs)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreUrlError(f"cannot open a store at {shown!r}: {_one_line(exc)}; use a file "
                                "path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB") from exc
        except ModuleNotFoundError as exc:
            raise StoreUrlError(f"the driver for {shown!r} is not installed ({exc.name}); for "
                                "PostgreSQL install sitrep[postgres]") from exc
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        store = cls(engine)
        try:
            if not create and not store._exists():
                raise StoreNotFound(f"no sitrep store at {shown!r}; `sitrep run PATH... --db "
                                    f"{shown}` makes one")
            apply_migrations(store._write_engine)
            store._fts = store._detect_fts()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open the store at {shown!r}: {_one_line(exc)}") from exc
        except StoreError:
            engine.dispose()
            raise
        return store

    def _exists(self) -> bool:
        """The database holds a sitrep store (its migrations table)."""
        with self._engine.connect() as conn:
            return inspect(conn).has_table(schema.migrations_table.name)

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def writing(self, on_wait: Wait | None = None) -> Iterator["Store"]:
        """Hold the store's writer lock (``sitrep.store.lock``) for the block: no other
        process writes until it ends. A run holds it from its first read of the store to its
        last write, so that it links against everything stored before it. Re-entrant;
        ``on_wait`` is told (once) when another process holds it and this one waits."""
        try:
            self._writer.acquire(on_wait)
        except (OSError, SQLAlchemyError) as exc:
            raise StoreError(f"cannot take the writer lock of {self!r}: {exc}") from exc
        try:
            yield self
        finally:
            self._writer.release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._engine.url.render_as_string(hide_password=True)!r})"

    @property
    def url(self) -> str:
        """The database URL, as ``Store.open`` takes it (a SQLite file as sqlite:///PATH)."""
        return self._engine.url.render_as_string(hide_password=False)

    def _detect_fts(self) -> bool:
        if self.dialect != "sqlite":
            return False
        with self._engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name IN ('documents_fts', 'incidents_fts')")}
        return names == {"documents_fts", "incidents_fts"}

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in the order they were applied."""
        with self._engine.connect() as conn:
            return applied_migrations(conn)

    # ------------------------------------------------------------------ writing

    def save_batch(self, batch: Batch) -> None:
        """Write ``batch`` in ONE transaction: on any error nothing of it is kept.
        Database errors are raised as ``StoreError``; others propagate unchanged."""
        run_id = batch.run.run_id
        try:
            with self.writing(), self._write_engine.begin() as conn:
                self._save_run(conn, batch.run)
                self._save_documents(conn, batch.documents, run_id)
                self._save_place_countries(conn, batch.place_countries)
                self._save_link_keys(conn, batch)
                self._save_mentions(conn, batch.mentions, run_id)
                self._remove_incidents(conn, batch.removed_incidents, batch.redirect_reasons,
                                       run_id)
                self._save_incidents(conn, batch.incidents, run_id)
                self._save_history(conn, batch, run_id)
                self._save_stories(conn, batch, run_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not save the batch of run {run_id!r}; nothing of it was "
                             f"written: {getattr(exc, 'orig', None) or exc}") from exc
        rows = len(batch.documents) + len(batch.mentions) + len(batch.incidents)
        if self.dialect == "sqlite" and rows >= _ANALYZE_AFTER:
            self._analyze()

    def _analyze(self) -> None:
        """Refresh SQLite's table statistics (sampled, a few ms even at 100k rows) so the
        planner picks the selective index for combined filters; PostgreSQL's autovacuum
        does this by itself."""
        with self._write_engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")

    def _dialect_insert(self):
        """The dialect's ``insert`` with ON CONFLICT support, or None for other backends."""
        if self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
            return insert
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
            return insert
        return None

    def _upsert(self, conn: Connection, table: Table, rows: list[dict]) -> None:
        """Insert ``rows``, updating the non-key columns they give of rows whose primary key
        exists (a column the rows leave out keeps its stored value)."""
        if not rows:
            return
        keys = [c.name for c in table.primary_key.columns]
        rows = _last_by_key(rows, keys)
        others = [c.name for c in table.columns if c.name not in keys and c.name in rows[0]]
        dialect_insert = self._dialect_insert()
        if dialect_insert is not None:
            stmt = dialect_insert(table)
            if others:
                stmt = stmt.on_conflict_do_update(
                    index_elements=keys, set_={c: stmt.excluded[c] for c in others})
            else:
                stmt = stmt.on_conflict_do_nothing(index_elements=keys)
            conn.execute(stmt, rows)
            return
        # any other backend: delete, then insert (same result inside the transaction)
        for row in rows:
            conn.execute(delete(table).where(and_(*(table.c[k] == row[k] for k in keys))))
        conn.execute(insert(table), rows)

    def _save_run(self, conn: Connection, run: RunInfo) -> None:
        self._upsert(conn, schema.runs, [{
            "run_id": run.run_id,
            "started": run.started,
            "finished": run.finished,
            "counts": {"documents_read": run.documents_read, "documents_new": run.documents_new,
                       "documents_duplicate": run.documents_duplicate,
                       "documents_skipped": run.documents_skipped,
                       "mentions": run.mentions, "incidents": run.incidents},
            "problems": to_dict(list(run.problems)),
            "config": to_dict(run.config),
        }])

    def _save_documents(self, conn: Connection, documents: list[Document], run_id: str) -> None:
        if not documents:
            return
        docs = list({d.id: d for d in documents}.values())
        by_fp: dict[str, str] = {}
        for doc in docs:
            other = by_fp.setdefault(document_fingerprint(doc), doc.id)
            if other != doc.id:
                raise StoreError(f"documents {other!r} and {doc.id!r} in one batch have the same "
                                 "text; keep one and list the other in its aliases",
                                 document_id=doc.id)
        t = schema.documents
        for chunk in _chunks(list(by_fp)):
            for fp, stored_id in conn.execute(select(t.c.fingerprint, t.c.id)
                                              .where(t.c.fingerprint.in_(chunk))):
                if stored_id != by_fp[fp]:
                    raise StoreError(
                        f"document {by_fp[fp]!r} has the same text as stored document "
                        f"{stored_id!r}; save it as an alias of {stored_id!r} "
                        "(Store.document_by_fingerprint finds it)", document_id=by_fp[fp])
        self._upsert(conn, t, [{
            "id": d.id, "fingerprint": document_fingerprint(d), "title": d.title, "text": d.text,
            "published": d.published, "url": d.url, "source": d.source,
            "language": d.language, "path": d.path, "line": d.line,
            "aliases": list(d.aliases), "urls": list(d.urls),
            "metadata": to_dict(d.metadata), "removed": list(d.removed), "run_id": run_id,
        } for d in docs])
        # a document's own id always maps to itself; an alias never takes over another
        # document's own id
        a = schema.document_aliases
        self._upsert(conn, a, [{"alias": d.id, "document_id": d.id, "run_id": run_id}
                               for d in docs])
        alias_rows = _last_by_key([{"alias": alias, "document_id": d.id, "run_id": run_id}
                                   for d in docs for alias in d.aliases if alias != d.id],
                                  ["alias"])
        if alias_rows:
            own = {d.id for d in docs}
            alias_rows = [r for r in alias_rows if r["alias"] not in own]
        if alias_rows:
            dialect_insert = self._dialect_insert()
            if dialect_insert is not None:
                stmt = dialect_insert(a)
                stmt = stmt.on_conflict_do_update(
                    index_elements=["alias"],
                    set_={"document_id": stmt.excluded.document_id,
                          "run_id": stmt.excluded.run_id},
                    where=a.c.document_id != a.c.alias)
                conn.execute(stmt, alias_rows)
            else:
                self._upsert(conn, a, alias_rows)
        if self._fts:
            self._fts_replace(conn, "documents", DOCUMENT_FTS_COLUMNS,
                              [(d.id, d.title, d.text) for d in docs])

    @staticmethod
    def _save_place_countries(conn: Connection, countries: Mapping[str, str]) -> None:
        t = schema.documents
        if countries:
            conn.execute(update(t).where(t.c.id == bindparam("b_id"))
                         .values(place_country=bindparam("b_country")),
                         [{"b_id": i, "b_country": c} for i, c in countries.items()])

    def _save_link_keys(self, conn: Connection, batch: Batch) -> None:
        """The documents' LSH buckets and text-only flags (``Batch.document_buckets``,
        ``Batch.text_only``)."""
        d = schema.documents
        if batch.text_only:
            conn.execute(update(d).where(d.c.id == bindparam("b_id")).values(text_only=True),
                         [{"b_id": i} for i in batch.text_only])
        if batch.line_profiles:
            conn.execute(update(d).where(d.c.id == bindparam("b_id"))
                         .values(source_key=bindparam("b_source"), line_profile=bindparam("b_profile")),
                         [{"b_id": i, "b_source": source, "b_profile": profile}
                          for i, (source, profile) in batch.line_profiles.items()])
        buckets = batch.document_buckets
        if not buckets:
            return
        documents = batch.documents
        t = schema.document_buckets
        published = {d.id: d.published for d in documents}
        for chunk in _chunks(list(buckets)):
            conn.execute(delete(t).where(t.c.document_id.in_(chunk)))
        rows = [{"bucket": b, "document_id": d, "published": published.get(d)}
                for d, found in buckets.items() for b in dict.fromkeys(found)]
        if rows:
            conn.execute(insert(t), rows)

    def _save_mentions(self, conn: Connection, mentions: list[Mention], run_id: str) -> None:
        if not mentions:
            return
        mentions = list({m.id: m for m in mentions}.values())
        rows, claim_rows = [], []
        for m in mentions:
            record = to_dict(m)
            # the claims by id, in order: two mentions of one sentence share a claim, whose
            # row (one per id) names only one of them
            record["claims"] = [c.id for c in m.claims]
            rows.append({
                "id": m.id, "document_id": m.document_id, "idx": m.index, "record": record,
                "date_start": m.date.start if m.date else None,
                "date_end": m.date.end if m.date else None,
                "date_days": date_days(m.date.start, m.date.end) if m.date else None,
                "lat": m.place.lat if m.place else None,
                "lon": m.place.lon if m.place else None,
                "place_country": m.place.country if m.place else None,
                "place_precision": str(m.place.precision) if m.place else None,
                "event_type": m.event_type, "modality": m.modality.value, "run_id": run_id,
            })
            for ordinal, c in enumerate(m.claims):
                claim_rows.append({
                    "id": c.id, "document_id": c.document_id, "mention_id": m.id,
                    "ordinal": ordinal, "field": c.field, "value": to_dict(c.value),
                    "start": c.start, "end": c.end, "quote": c.quote,
                    "value_start": c.value_start, "value_end": c.value_end,
                    "said_by": c.said_by, "extractor": c.extractor, "run_id": run_id,
                })
        self._upsert(conn, schema.mentions, rows)
        cl = schema.claims
        for chunk in _chunks([m.id for m in mentions]):
            conn.execute(delete(cl).where(cl.c.mention_id.in_(chunk)))
        self._upsert(conn, cl, claim_rows)

    def _remove_incidents(self, conn: Connection, removed: dict[str, str | None],
                          reasons: dict[str, str], run_id: str) -> None:
        removed = {old: new for old, new in removed.items() if old != new}
        if not removed:
            return
        t, links, r = schema.incidents, schema.incident_mentions, schema.incident_redirects
        rec = schema.incident_records
        olds = list(removed)
        h = schema.incident_history
        for chunk in _chunks(olds):
            conn.execute(delete(links).where(links.c.incident_id.in_(chunk)))
            conn.execute(delete(rec).where(rec.c.id.in_(chunk)))
            conn.execute(delete(h).where(h.c.incident_id.in_(chunk)))
            conn.execute(delete(t).where(t.c.id.in_(chunk)))
        if self._fts:
            self._fts_delete(conn, "incidents", olds)
        self._upsert(conn, r, [{
            "old_id": old, "new_id": new,
            "reason": reasons.get(old) or ("merged" if new is not None else "removed"),
            "run_id": run_id} for old, new in removed.items()])
        # earlier redirects to an id removed now follow it to its new home
        for old, new in removed.items():
            conn.execute(update(r).where(r.c.new_id == old).where(r.c.old_id != new)
                         .values(new_id=new))

    def _save_incidents(self, conn: Connection, incidents: list[Incident], run_id: str) -> None:
        if not incidents:
            return
        incidents = list({i.id: i for i in incidents}.values())
        rows = [self._incident_row(i, run_id) for i in incidents]
        self._upsert(conn, schema.incidents, rows)
        self._upsert(conn, schema.incident_records,
                     [{"id": i.id, "record": to_dict(i), "run_id": run_id} for i in incidents])
        links, r = schema.incident_mentions, schema.incident_redirects
        ids = [i.id for i in incidents]
        for chunk in _chunks(ids):
            conn.execute(delete(links).where(links.c.incident_id.in_(chunk)))
            # an id that lives again is no longer a redirect
            conn.execute(delete(r).where(r.c.old_id.in_(chunk)))
        self._upsert(conn, links, [{"incident_id": i.id, "mention_id": m, "run_id": run_id}
                                   for i in incidents for m in _unique(i.mention_ids)])
        if self._fts:
            self._fts_replace(conn, "incidents", INCIDENT_FTS_COLUMNS,
                              [(row["id"], row["summary"], row["location"], row["actors"])
                               for row in rows])

    @staticmethod
    def _incident_row(i: Incident, run_id: str) -> dict:
        place = i.place
        return {
            "id": i.id, "search_key": fts_rowid(i.id),
            "date_start": i.date.start if i.date else None,
            "date_end": i.date.end if i.date else None,
            "date_days": date_days(i.date.start, i.date.end) if i.date else None,
            "country": place.country.upper() if place and place.country else None,
            "admin1": place.admin1 if place else None,
            "location": place.name if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "event_type": i.event_type, "sub_event_type": i.sub_event_type,
            "killed_best": _indexable(i.killed.best), "wounded_best": _indexable(i.wounded.best),
            "actors": " | ".join(_unique([*i.perpetrators, *i.claimants, *i.targets])),
            "summary": i.summary, "run_id": run_id,
        }

    @staticmethod
    def snapshot(incident: Incident, run: RunInfo) -> HistoryEntry:
        """The automatic history entry for ``incident``: its figures as of its last report
        (else its first report, its end date, the run's start)."""
        as_of = (incident.last_reported or incident.first_reported
                 or (incident.date.end if incident.date else None) or run.started.date())
        return HistoryEntry(incident.id, as_of, history_figures(incident))

    def _save_history(self, conn: Connection, batch: Batch, run_id: str) -> None:
        given = [_history_entry(e) for e in batch.history]
        full = {e.incident_id for e in given}
        h = schema.incident_history
        for chunk in _chunks(sorted(full)):
            conn.execute(delete(h).where(h.c.incident_id.in_(chunk)))
        entries = given + [self.snapshot(i, batch.run) for i in batch.incidents
                           if i.id not in full]
        self._upsert(conn, h, [{
            "incident_id": e.incident_id, "as_of": e.as_of, "figures": to_dict(e.figures),
            "run_id": run_id} for e in entries])

    def _save_stories(self, conn: Connection, batch: Batch, run_id: str) -> None:
        s, sd = schema.stories, schema.story_documents
        stories = list({story.id: story for story in batch.stories or ()}.values())
        keep = {story.id for story in stories}
        if batch.replace_stories:
            stale = [i for i in conn.execute(select(s.c.id)).scalars() if i not in keep]
        else:
            stale = [i for i in batch.removed_stories if i not in keep]
        for chunk in _chunks([*stale, *(story.id for story in stories)]):
            conn.execute(delete(sd).where(sd.c.story_id.in_(chunk)))
        for chunk in _chunks(stale):
            conn.execute(delete(s).where(s.c.id.in_(chunk)))
        self._upsert(conn, s, [{
            "id": story.id, "document_ids": list(story.document_ids),
            "copies": [list(c) for c in story.copies], "run_id": run_id} for story in stories])
        self._upsert(conn, sd, [{"story_id": story.id, "document_id": d, "run_id": run_id}
                                for story in stories for d in _unique(story.document_ids)])

    def _fts_delete(self, conn: Connection, table: str, ids: Sequence[str]) -> None:
        rowids = [fts_rowid(i) for i in ids]
        for chunk in _chunks(rowids):
            marks = ", ".join("?" for _ in chunk)
            conn.exec_driver_sql(f"DELETE FROM {table}_fts WHERE rowid IN ({marks})", tuple(chunk))

    def _fts_replace(self, conn: Connection, table: str, columns: tuple[str, ...],
                     rows: list[tuple]) -> None:
        self._fts_delete(conn, table, [r[0] for r in rows])
        cols = ", ".join(columns)
        marks = ", ".join("?" for _ in range(len(columns) + 2))
        conn.exec_driver_sql(f"INSERT INTO {table}_fts(rowid, id, {cols}) VALUES ({marks})",
                             [(fts_rowid(r[0]), *r) for r in rows])

    # ------------------------------------------------------------------ documents

    @staticmethod
    def _document(row) -> Document:
        m = row._mapping
        return from_dict(Document, {
            "id": m["id"], "text": m["text"], "title": m["title"],
            "published": m["published"].isoformat() if m["published"] else None,
            "url": m["url"], "source": m["source"], "language": m["language"],
            "path": m["path"], "line": m["line"], "aliases": m["aliases"], "urls": m["urls"],
            "metadata": m["metadata"], "removed": m["removed"],
        })

    def document_by_fingerprint(self, fingerprint: str) -> Document | None:
        t = schema.documents
        with self._engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.fingerprint == fingerprint)).first()
        return self._document(row) if row else None

    def documents_in_buckets(self, buckets: Iterable[int]) -> list[tuple[int, str, dt.date | None]]:
        """``(bucket, document id, published)`` of the stored documents in any of
        ``buckets`` (``Batch.document_buckets``): the linker's near-copy candidates."""
        t = schema.document_buckets
        out: list[tuple[int, str, dt.date | None]] = []
        with self._engine.connect() as conn:
            for chunk in _chunks(sorted(set(buckets))):
                out += [tuple(r) for r in conn.execute(
                    select(t.c.bucket, t.c.document_id, t.c.published).where(t.c.bucket.in_(chunk)))]
        return sorted(out)

    def source_profiles(self, source_key: str, limit: int) -> list[tuple[dt.date | None, str, dict]]:
        """``(published, id, line profile)`` of the ``limit`` latest stored documents (by
        publication date, then id) of the outlet ``source_key`` (``Batch.line_profiles``)."""
        t = schema.documents
        stmt = (select(t.c.published, t.c.id, t.c.line_profile)
                .where(t.c.source_key == source_key, t.c.line_profile.is_not(None))
                .order_by(t.c.published.desc().nulls_last(), t.c.id.desc()).limit(limit))
        with self._engine.connect() as conn:
            return [tuple(row) for row in conn.execute(stmt)]

    def place_countries(self) -> dict[str, int]:
        """Country code -> the number of stored documents whose own places point to it
        (``Batch.place_countries``): the country prior of what comes next."""
        t = schema.documents
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.c.place_country, func.count())
                                .where(t.c.place_country.is_not(None))
                                .group_by(t.c.place_country))
            return {country: int(n) for country, n in rows}

    def resolve_document_id(self, document_id: str) -> str | None:
        """The id a document is stored under, given any id it arrived with."""
        a = schema.document_aliases
        with self._engine.connect() as conn:
            return conn.execute(select(a.c.document_id).where(a.c.alias == document_id)).scalar()

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        """All documents by id, or those ``ids`` name (any alias resolves), in that order,
        each once; unknown ids are skipped."""
        t, a = schema.documents, schema.document_aliases
        with self._engine.connect() as conn:
            if ids is None:
                return [self._document(r) for r in conn.execute(select(t).order_by(t.c.id))]
            wanted = _unique(ids)
            found: dict[str, Document] = {}
            for chunk in _chunks(wanted):
                stmt = select(a.c.alias, t).join(t, t.c.id == a.c.document_id) \
                    .where(a.c.alias.in_(chunk))
                for row in conn.execute(stmt):
                    found[row.alias] = self._document(row)
        out: dict[str, Document] = {}
        for i in wanted:
            if i in found:
                out.setdefault(found[i].id, found[i])
        return list(out.values())

    def iter_documents(self, page_size: int = 500) -> Iterator[Document]:
        """Every document by id, as ``documents()``, read a page at a time."""
        t = schema.documents
        after = None
        while True:
            stmt = select(t).order_by(t.c.id).limit(page_size)
            if after is not None:
                stmt = stmt.where(t.c.id > after)
            with self._engine.connect() as conn:
                page = [self._document(r) for r in conn.execute(stmt)]
            if not page:
                return
            yield from page
            after = page[-1].id

    def document_ids(self) -> set[str]:
        """Every id a stored document answers to: its own and its aliases."""
        a = schema.document_aliases
        with self._engine.connect() as conn:
            return {r[0] for r in conn.execute(select(a.c.alias))}

    def documents_published(self, start: dt.date, end: dt.date, text_only: bool = False
                            ) -> list[Document]:
        """Documents published in [start, end], by date then id (for the linker); with
        ``text_only``, only those saved as such (``Batch.text_only``)."""
        t = schema.documents
        where = [t.c.published >= start, t.c.published <= end]
        if text_only:
            where.append(t.c.text_only.is_(True))
        with self._engine.connect() as conn:
            rows = conn.execute(select(t).where(*where).order_by(t.c.published, t.c.id))
            return [self._document(r) for r in rows]

    # ------------------------------------------------------------------ mentions, claims

    @staticmethod
    def _claim_dict(row) -> dict:
        m = row._mapping
        return {"id": m["id"], "document_id": m["document_id"], "mention_id": m["mention_id"],
                "field": m["field"], "value": m["value"], "start": m["start"], "end": m["end"],
                "quote": m["quote"], "value_start": m["value_start"],
                "value_end": m["value_end"], "said_by": m["said_by"],
                "extractor": m["extractor"]}

    def _mentions_where(self, conn: Connection, *conditions, union: Sequence = ()
                        ) -> list[Mention]:
        """Mentions matching ``conditions`` or, with ``union``, any of its lists of
        conditions (which must be disjoint), ordered by document and index."""
        t, cl = schema.mentions, schema.claims
        if union:
            columns = (t.c.id, t.c.record, t.c.document_id, t.c.idx)
            u = union_all(*(select(*columns).where(*terms) for terms in union)).subquery()
            stmt = select(u.c.id, u.c.record).order_by(u.c.document_id, u.c.idx, u.c.id)
        else:
            stmt = select(t.c.id, t.c.record).where(*conditions) \
                .order_by(t.c.document_id, t.c.idx, t.c.id)
        rows = conn.execute(stmt).all()
        by_id: dict[str, dict] = {}
        for chunk in _chunks(_unique(i for r in rows for i in r.record.get("claims", ()))):
            for c in conn.execute(select(cl).where(cl.c.id.in_(chunk))):
                by_id[c.id] = self._claim_dict(c)
        # rows written before the record listed its claims: the claims naming the mention
        older: dict[str, list[dict]] = {}
        for chunk in _chunks([r.id for r in rows if "claims" not in r.record]):
            for c in conn.execute(select(cl).where(cl.c.mention_id.in_(chunk))
                                  .order_by(cl.c.mention_id, cl.c.ordinal)):
                older.setdefault(c.mention_id, []).append(self._claim_dict(c))
        return [from_dict(Mention, {**r.record, "claims": [
            dict(by_id[i], mention_id=r.id) for i in r.record["claims"] if i in by_id]
            if "claims" in r.record else older.get(r.id, [])}) for r in rows]

    def mentions(self, document_ids: Iterable[str] | None = None) -> list[Mention]:
        """Mentions (with their claims) of all documents or of ``document_ids`` (aliases
        resolve), ordered by document and index."""
        t = schema.mentions
        with self._engine.connect() as conn:
            if document_ids is None:
                return self._mentions_where(conn)
            a = schema.document_aliases
            resolved: list[str] = []
            for chunk in _chunks(_unique(document_ids)):
                resolved += conn.execute(select(a.c.document_id)
                                         .where(a.c.alias.in_(chunk))).scalars()
            out: list[Mention] = []
            for chunk in _chunks(sorted(set(resolved))):
                out += self._mentions_where(conn, t.c.document_id.in_(chunk))
        return sorted(out, key=lambda m: (m.document_id, m.index, m.id))

    def mentions_by_id(self, mention_ids: Iterable[str]) -> list[Mention]:
        """The mentions stored under ``mention_ids`` (with their claims), by document and
        index; unknown ids are skipped."""
        t = schema.mentions
        out: list[Mention] = []
        with self._engine.connect() as conn:
            for chunk in _chunks(_unique(mention_ids)):
                out += self._mentions_where(conn, t.c.id.in_(chunk))
        return sorted(out, key=lambda m: (m.document_id, m.index, m.id))

    def mention_places_in_window(self, start: dt.date, end: dt.date) -> list[tuple[str, Place | None]]:
        """``(mention id, place)`` of the dated mentions whose interval overlaps [start, end],
        by id: the places as blocking reads them (country, coordinates, precision), from
        columns, without reading the mentions' records (``mentions_by_id`` reads them)."""
        t = schema.mentions
        columns = (t.c.id, t.c.lat, t.c.lon, t.c.place_country, t.c.place_precision)
        u = union_all(*(select(*columns).where(*terms)
                        for terms in _window_conditions(t, start, end, self.dialect))).subquery()
        with self._engine.connect() as conn:
            rows = conn.execute(select(u).order_by(u.c.id)).all()
        return [(row.id, None if row.place_precision is None else Place(
            "", row.place_country, None, row.lat, row.lon, precision=GeoPrecision(row.place_precision)))
            for row in rows]

    def mentions_in_window(self, start: dt.date, end: dt.date) -> list[Mention]:
        """Dated mentions whose interval overlaps [start, end] (closed), ordered by
        document and index. Costs what the window holds (``_window_conditions``), not the
        size of the store."""
        with self._engine.connect() as conn:
            return self._mentions_where(
                conn, union=_window_conditions(schema.mentions, start, end, self.dialect))

    def claims(self, claim_ids: Iterable[str] | None = None) -> list[Claim]:
        """All claims, or those ``claim_ids`` name, in that order (unknown ids skipped)."""
        cl = schema.claims
        with self._engine.connect() as conn:
            if claim_ids is None:
                rows = conn.execute(select(cl).order_by(cl.c.document_id, cl.c.mention_id,
                                                        cl.c.ordinal)).all()
                return [from_dict(Claim, self._claim_dict(r)) for r in rows]
            wanted = _unique(claim_ids)
            found: dict[str, Claim] = {}
            for chunk in _chunks(wanted):
                for r in conn.execute(select(cl).where(cl.c.id.in_(chunk))):
                    found[r.id] = from_dict(Claim, self._claim_dict(r))
        return [found[i] for i in wanted if i in found]

    # ------------------------------------------------------------------ incidents

    @staticmethod
    def _ordered(stmt, order: str):
        t = schema.incidents
        if order == "date":
            return stmt.order_by(t.c.date_start.asc().nulls_last(), t.c.id)
        if order == "-date":
            return stmt.order_by(t.c.date_start.desc().nulls_last(), t.c.id)
        if order == "-killed":
            return stmt.order_by(t.c.killed_best.desc().nulls_last(),
                                 t.c.date_start.desc().nulls_last(), t.c.id)
        raise StoreError(f"unknown incident order {order!r}; use 'date', '-date' or '-killed'")

    def incidents(self, ids: Iterable[str] | None = None) -> list[Incident]:
        """All incidents in date order (undated last), or those ``ids`` name, in that order
        (merged ids resolve; each incident once)."""
        if ids is not None:
            out: dict[str, Incident] = {}
            for i in ids:
                inc = self.incident(i)
                if inc is not None:
                    out.setdefault(inc.id, inc)
            return list(out.values())
        t = schema.incidents
        with self._engine.connect() as conn:
            ordered = list(conn.execute(self._ordered(select(t.c.id), "date")).scalars())
            return self._incident_records(conn, ordered)

    def iter_incidents(self, page_size: int = 500) -> Iterator[list[Incident]]:
        """Every incident in the order of ``incidents()``, a page at a time (keyset paging:
        each page costs what it holds, whatever the store's size)."""
        t = schema.incidents
        last: tuple | None = None
        while True:        # dated ones by (date_start, id)
            stmt = select(t.c.id, t.c.date_start).where(t.c.date_start.is_not(None))
            if last is not None:
                stmt = stmt.where(or_(t.c.date_start > last[1],
                                      and_(t.c.date_start == last[1], t.c.id > last[0])))
            with self._engine.connect() as conn:
                rows = conn.execute(stmt.order_by(t.c.date_start, t.c.id).limit(page_size)).all()
                page = self._incident_records(conn, [r.id for r in rows])
            if not rows:
                break
            yield page
            last = tuple(rows[-1])
        after = None
        while True:        # then the undated ones by id
            stmt = select(t.c.id).where(t.c.date_start.is_(None))
            if after is not None:
                stmt = stmt.where(t.c.id > after)
            with self._engine.connect() as conn:
                ids = list(conn.execute(stmt.order_by(t.c.id).limit(page_size)).scalars())
                page = self._incident_records(conn, ids)
            if not ids:
                break
            yield page
            after = ids[-1]

    def resolve_incident_id(self, incident_id: str) -> str | None:
        """The live id for ``incident_id``, following merge/split redirects; None if gone."""
        t, r = schema.incidents, schema.incident_redirects
        with self._engine.connect() as conn:
            current: str | None = incident_id
            for _ in range(_MAX_REDIRECTS):
                if current is None:
                    return None
                if conn.execute(select(t.c.id).where(t.c.id == current)).first():
                    return current
                row = conn.execute(select(r.c.new_id).where(r.c.old_id == current)).first()
                if row is None:
                    return None
                current = row[0]
        return None

    def incident(self, incident_id: str) -> Incident | None:
        """The incident stored under ``incident_id`` or, for a merged/split id, the one that
        took it over."""
        live = self.resolve_incident_id(incident_id)
        if live is None:
            return None
        with self._engine.connect() as conn:
            found = self._incident_records(conn, [live])
        return found[0] if found else None

    def incidents_in_window(self, start: dt.date, end: dt.date) -> list[Incident]:
        """Dated incidents whose interval overlaps [start, end] (closed), in date order
        (then id). Costs what the window holds (``_window_conditions``)."""
        t = schema.incidents
        u = union_all(*(select(t.c.id, t.c.date_start).where(*terms)
                        for terms in _window_conditions(t, start, end, self.dialect))).subquery()
        stmt = select(u.c.id).order_by(u.c.date_start, u.c.id)
        with self._engine.connect() as conn:
            ordered = list(conn.execute(stmt).scalars())
            return self._incident_records(conn, ordered)

    def incidents_of(self, document_ids: Iterable[str]) -> list[Incident]:
        """Incidents with a mention in any of ``document_ids`` (aliases resolve), by id."""
        links, m, a = schema.incident_mentions, schema.mentions, schema.document_aliases
        ids: set[str] = set()
        with self._engine.connect() as conn:
            for chunk in _chunks(_unique(document_ids)):
                stmt = (select(links.c.incident_id)
                        .join(m, m.c.id == links.c.mention_id)
                        .join(a, a.c.document_id == m.c.document_id)
                        .where(a.c.alias.in_(chunk)))
                ids.update(conn.execute(stmt).scalars())
            return self._incident_records(conn, sorted(ids))

    def redirects(self) -> dict[str, str | None]:
        """Every retired incident id -> the id that took it over (None: dropped)."""
        r = schema.incident_redirects
        with self._engine.connect() as conn:
            return {row.old_id: row.new_id
                    for row in conn.execute(select(r.c.old_id, r.c.new_id).order_by(r.c.old_id))}

    def incident_history(self, incident_id: str) -> list[HistoryEntry]:
        """Figure snapshots of an incident (merged ids resolve), oldest report first."""
        live = self.resolve_incident_id(incident_id) or incident_id
        h = schema.incident_history
        with self._engine.connect() as conn:
            rows = conn.execute(select(h).where(h.c.incident_id == live).order_by(h.c.as_of))
            return [HistoryEntry(r.incident_id, r.as_of, r.figures) for r in rows]

    def query_incidents(self, start: dt.date | None = None, end: dt.date | None = None,
                        event_type: str | Sequence[str] | None = None,
                        country: str | None = None, place: str | None = None,
                        actor: str | None = None, text: str | None = None,
                        limit: int = 50, offset: int = 0,
                        order: str = "date", admin1: str | None = None,
                        perpetrator: str | None = None) -> tuple[int, list[Incident]]:
        """``(total matching, one page of incidents)`` for the web app's filters.

        ``start``/``end``: the incident's dates overlap [start, end] (either may be open);
        ``event_type``: one ACLED type or several; ``country``: ISO alpha-2; ``place``: words
        in the location or admin1 name (case-insensitive); ``admin1``: the region's name,
        exactly (any case); ``actor``: words in a perpetrator, claimant or target;
        ``perpetrator``: one perpetrator's name, exactly; ``text``: full-text words (summary,
        location, actors; prefix match). ``order``: "date" (oldest first), "-date",
        "-killed". Incidents without a date are left out when a date bound is given, else
        come last."""
        t = schema.incidents
        conditions = self._incident_conditions(start, end, event_type, country, place, actor,
                                               text, admin1, perpetrator)
        if conditions is None:
            return 0, []
        text_only = text is not None and len(conditions) == 1
        with self._engine.connect() as conn:
            if text_only and self._fts:
                # the FTS index counts its own matches far faster than a join would
                total = conn.execute(sql_text(
                    "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH :q"),
                    {"q": parse_search(text).fts5()}).scalar()
            else:
                total = conn.execute(select(func.count()).select_from(t)
                                     .where(*conditions)).scalar()
            # the page's ids from the narrow table first, then only their records: joining
            # the wide records before sorting would drag every match's JSON through the sort
            stmt = self._ordered(select(t.c.id).where(*conditions), order)
            ids = list(conn.execute(stmt.limit(max(0, limit)).offset(max(0, offset))).scalars())
            return int(total or 0), self._incident_records(conn, ids)

    def _incident_conditions(self, start=None, end=None, event_type=None, country=None,
                             place=None, actor=None, text=None, admin1=None,
                             perpetrator=None) -> list | None:
        """The WHERE terms of ``query_incidents``' filters on ``incidents`` (None: nothing
        can match, a text of no words)."""
        t = schema.incidents
        conditions = []
        if start is not None:
            conditions.append(t.c.date_end >= start)
        if end is not None:
            conditions.append(t.c.date_start <= end)
        if event_type:
            types = [event_type] if isinstance(event_type, str) else list(event_type)
            conditions.append(t.c.event_type.in_(types))
        if country:
            conditions.append(t.c.country == country.upper())
        if place:
            like = f"%{_escape_like(place)}%"
            conditions.append(or_(self._like(t.c.location, like), self._like(t.c.admin1, like)))
        if admin1:
            conditions.append(func.lower(t.c.admin1) == admin1.lower())
        if actor:
            conditions.append(self._like(t.c.actors, f"%{_escape_like(actor)}%"))
        if perpetrator:
            rec, name = schema.incident_records, self._perpetrator_names()
            conditions.append(t.c.id.in_(select(rec.c.id).select_from(rec).join(
                name, sql_text("true")).where(name.c.value == perpetrator)))
        if text is not None:
            condition = self._text_condition("incidents", INCIDENT_FTS_COLUMNS, text)
            if condition is None:
                return None
            conditions.append(condition)
        return conditions

    def _perpetrator_names(self):
        """A table-valued function: the names in ``incident_records.record.perpetrators``
        (one row each, column ``value``), joined laterally to ``incident_records``."""
        rec = schema.incident_records
        if self.dialect == "postgresql":
            return func.jsonb_array_elements_text(rec.c.record["perpetrators"]) \
                .table_valued("value").lateral()
        return func.json_each(rec.c.record, "$.perpetrators").table_valued("value")

    # The facets the web app shows beside the list: name -> what is counted.
    FACETS = ("event_type", "country", "admin1", "month", "perpetrator")

    def facets(self, limit: int = 10, **filters) -> dict[str, list[tuple[str, int]]]:
        """For each of ``FACETS``, the ``limit`` most frequent values among the incidents
        ``query_incidents(**filters)`` matches, with their counts, most frequent first (then
        by value). admin1 values are "CC|Region" (a region's name alone is not unique),
        months "YYYY-MM" (of the incident's start)."""
        conditions = self._incident_conditions(**filters)
        if conditions is None:
            return {name: [] for name in self.FACETS}
        t, rec = schema.incidents, schema.incident_records
        if self.dialect == "postgresql":
            month = func.to_char(t.c.date_start, "YYYY-MM")
        else:
            month = func.substr(t.c.date_start, 1, 7)
        region = t.c.country + "|" + t.c.admin1 if self.dialect != "postgresql" else \
            func.concat(t.c.country, "|", t.c.admin1)
        name = self._perpetrator_names()
        keys = {"event_type": (t.c.event_type, t), "country": (t.c.country, t),
                "admin1": (region, t), "month": (month, t),
                "perpetrator": (name.c.value, t.join(rec, rec.c.id == t.c.id).join(
                    name, sql_text("true")))}
        out: dict[str, list[tuple[str, int]]] = {}
        with self._engine.connect() as conn:
            for facet, (key, source) in keys.items():
                count = func.count(func.distinct(t.c.id)).label("n")
                stmt = (select(key.label("value"), count).select_from(source)
                        .where(*conditions, key.is_not(None))
                        .group_by(key).order_by(count.desc(), key).limit(limit))
                out[facet] = [(str(v), int(n)) for v, n in conn.execute(stmt) if v]
        return out

    def _like(self, column, pattern: str):
        # SQLite's LIKE ignores ASCII case already (and its lower() knows only ASCII), so
        # plain LIKE is the same match without a function call per row
        if self.dialect == "sqlite":
            return column.like(pattern, escape="\\")
        return column.ilike(pattern, escape="\\")

    @staticmethod
    def _incident_records(conn: Connection, ids: Sequence[str]) -> list[Incident]:
        """The incidents stored under ``ids`` (live ids only), in that order."""
        rec = schema.incident_records
        found: dict[str, Incident] = {}
        as_text = cast(rec.c.record, Text)        # the stored JSON, not yet decoded
        for chunk in _chunks(list(ids)):
            for row_id, record in conn.execute(select(rec.c.id, as_text)
                                               .where(rec.c.id.in_(chunk))):
                found[row_id] = _incident_from_json(record)
        return [found[i] for i in ids if i in found]

    # ------------------------------------------------------------------ search

    def _text_condition(self, table: str, columns: tuple[str, ...], query: str):
        """A WHERE clause matching ``query`` (``store.search`` syntax) in ``table`` (None:
        no words). Raises ``SearchSyntaxError`` for a query the syntax does not read."""
        parsed = parse_search(query)
        if parsed is None:
            return None
        t = getattr(schema, table)
        if self._fts:
            # ``+`` keeps SQLite from looking each match up through the search_key index
            # (100k lookups for a common word); the match list is built once and probed
            # while the other conditions or the date order drive the scan
            key = "+incidents.search_key" if table == "incidents" else "+documents.id"
            column = "rowid" if table == "incidents" else "id"
            return sql_text(f"{key} IN (SELECT {column} FROM {table}_fts "
                            f"WHERE {table}_fts MATCH :q_{table})").bindparams(
                **{f"q_{table}": parsed.fts5()})
        if self.dialect == "postgresql":
            return sql_text(f"{table}.search_vector @@ to_tsquery('english', :q_{table})") \
                .bindparams(**{f"q_{table}": parsed.tsquery()})
        return _like_condition(t, columns, parsed)

    def search(self, query: str, limit: int = 20) -> SearchResults:
        """Incidents (summary, location, actors) and documents (title, text) matching
        ``query`` (``store.search`` syntax: prefix words, phrases, OR, -exclusions), best
        first: FTS5 rank on SQLite, ``ts_rank`` on PostgreSQL, date / id order elsewhere.
        Raises ``SearchSyntaxError`` for a query the syntax does not read."""
        parsed = parse_search(query)
        if parsed is None or limit <= 0:
            return SearchResults([], [])
        ids = {"incidents": [], "documents": []}
        with self._engine.connect() as conn:
            for table, columns in (("incidents", INCIDENT_FTS_COLUMNS),
                                   ("documents", DOCUMENT_FTS_COLUMNS)):
                t = getattr(schema, table)
                if self._fts:
                    stmt = sql_text(f"SELECT id FROM {table}_fts WHERE {table}_fts MATCH :q "
                                    "ORDER BY rank, id LIMIT :n").bindparams(
                        q=parsed.fts5(), n=limit)
                elif self.dialect == "postgresql":
                    stmt = sql_text(
                        f"SELECT id FROM {table} WHERE search_vector @@ to_tsquery('english', :q) "
                        "ORDER BY ts_rank(search_vector, to_tsquery('english', :q)) DESC, id "
                        "LIMIT :n").bindparams(q=parsed.tsquery(), n=limit)
                else:
                    stmt = select(t.c.id).where(_like_condition(t, columns, parsed)) \
                        .order_by(t.c.id).limit(limit)
                ids[table] = [r[0] for r in conn.execute(stmt)]
            # The index holds live ids only, so one batched read replaces per-id redirects.
            incidents = self._incident_records(conn, ids["incidents"])
        return SearchResults(incidents=incidents, documents=self.documents(ids["documents"]))

    # ------------------------------------------------------------------ stories, runs

    def stories(self) -> list[Story]:
        s = schema.stories
        with self._engine.connect() as conn:
            rows = conn.execute(select(s).order_by(s.c.id)).all()
        return [self._story(r) for r in rows]

    def iter_stories(self, page_size: int = 500) -> Iterator[list[Story]]:
        """Every story by id, as ``stories()``, a page at a time."""
        s = schema.stories
        after = None
        while True:
            stmt = select(s).order_by(s.c.id).limit(page_size)
            if after is not None:
                stmt = stmt.where(s.c.id > after)
            with self._engine.connect() as conn:
                page = [self._story(r) for r in conn.execute(stmt)]
            if not page:
                return
            yield page
            after = page[-1].id

    def stories_of(self, document_ids: Iterable[str]) -> list[Story]:
        """The stories holding any of ``document_ids`` (as stored in stories), by id."""
        s, sd = schema.stories, schema.story_documents
        ids: set[str] = set()
        with self._engine.connect() as conn:
            for chunk in _chunks(_unique(document_ids)):
                ids.update(conn.execute(select(sd.c.story_id)
                                        .where(sd.c.document_id.in_(chunk))).scalars())
            out = []
            for chunk in _chunks(sorted(ids)):
                out += conn.execute(select(s).where(s.c.id.in_(chunk))).all()
        return sorted((self._story(r) for r in out), key=lambda story: story.id)

    @staticmethod
    def _story(row) -> Story:
        return from_dict(Story, {"id": row.id, "document_ids": row.document_ids,
                                 "copies": row.copies})

    def runs(self) -> list[RunInfo]:
        """Every run recorded, oldest first."""
        r = schema.runs
        with self._engine.connect() as conn:
            rows = conn.execute(select(r).order_by(r.c.started, r.c.run_id)).all()
        out = []
        for row in rows:
            run = RunInfo(run_id=row.run_id, started=row.started, finished=row.finished,
                          **{k: v for k, v in row.counts.items()
                             if k in RunInfo.__dataclass_fields__},
                          problems=tuple(from_dict(InputProblem, p) for p in row.problems),
                          config=row.config)
            out.append(run)
        return out

    def incident_updates(self) -> dict[str, dt.datetime]:
        """When each live incident was last saved: the end of the run that wrote it."""
        t, r = schema.incidents, schema.runs
        stmt = select(t.c.id, r.c.finished, r.c.started).join(r, r.c.run_id == t.c.run_id)
        with self._engine.connect() as conn:
            return {row.id: row.finished or row.started for row in conn.execute(stmt)}

    def counts(self) -> dict[str, int]:
        """Rows per table (the migrations table included)."""
        out: dict[str, int] = {}
        with self._engine.connect() as conn:
            for table in (*schema.TABLES, schema.migrations_table):
                rows = conn.execute(select(func.count()).select_from(table)).scalar()
                out[table.name] = int(rows or 0)
        return out


@lru_cache(maxsize=_INCIDENT_CACHE)
def _incident_from_json(record: str) -> Incident:
    """An incident from its stored JSON text (records are frozen: sharing one is safe)."""
    return from_dict(Incident, json.loads(record))


def _like_condition(t: Table, columns: Sequence[str], parsed: SearchQuery):
    """``parsed`` as substring matches on ``columns`` (backends without full-text search)."""
    def matches(term) -> Any:
        like = f"%{_escape_like(' '.join(term.words))}%"
        return or_(*(t.c[c].ilike(like, escape="\\") for c in columns))

    required = [or_(*(matches(term) for term in group)) for group in parsed.required]
    return and_(*required, *(~matches(term) for term in parsed.excluded))


def _indexable(number: int | None) -> int | None:
    """``number`` for an integer column: None when a 64-bit column cannot hold it (a figure
    of 20 digits read from a text; the record's JSON keeps it as written)."""
    return number if number is None or -2**63 <= number < 2**63 else None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys and NORMAL sync on every connection; transactions begun by us.

    Python's sqlite3 (legacy mode) neither begins a transaction before DDL nor before
    SELECT; turning its handling off and emitting BEGIN ourselves makes migrations and
    batches truly atomic (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        immediate = conn.get_execution_options().get("sitrep_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


__all__ = ["Batch", "HistoryEntry", "SearchResults", "Store", "fts_rowid", "history_figures"]
