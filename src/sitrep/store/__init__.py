"""The store: every record sitrep keeps, behind one door.

Only this package imports SQLAlchemy. SQLite (WAL mode) is the default; a PostgreSQL URL
works the same way. Contract used by ``sitrep.pipeline`` and the presenters:

    store = Store.open("sitrep.db")            # or "sqlite:///x.db", "postgresql+psycopg://..."
    store.document_by_fingerprint(fp) -> Document | None
    store.documents(ids=None) -> list[Document]               # aliases resolve
    store.document_ids() -> set[str]                          # own ids and aliases
    store.mentions(document_ids=None) -> list[Mention]        # with their claims
    store.mentions_in_window(start, end) -> list[Mention]     # date intervals overlapping
    store.incidents(ids=None) -> list[Incident]
    store.iter_incidents(), store.iter_stories() -> pages; store.iter_documents() -> documents
    store.incidents_in_window(start, end) -> list[Incident]
    store.incident(incident_id) -> Incident | None            # old (merged) ids resolve
    store.query_incidents(start=, end=, event_type=, country=, place=, actor=, text=,
                          limit=50, offset=0, order="date") -> (total, list[Incident])
    store.search(query, limit=20) -> SearchResults            # .incidents, .documents
    store.claims(claim_ids=None) -> list[Claim]
    store.stories() -> list[Story]
    store.runs() -> list[RunInfo]
    store.incident_history(incident_id) -> list[HistoryEntry]
    store.counts() -> dict[str, int]                          # rows per table
    store.save_batch(batch: Batch)                            # one transaction
    with store.writing(on_wait=print): ...                    # the writer lock (``lock.py``)
    store.close()

The linker's optional look-ups (``sitrep.link.LinkState``): ``stories_of(document_ids)``,
``incidents_of(document_ids)``, ``documents_published(start, end)``. Also:
``resolve_document_id``, ``resolve_incident_id``, ``redirects()``, ``migrations()``.

Tables: ``schema.py``; named migrations: ``migrations.py``; the writer lock: ``lock.py``;
the store itself: ``base.py``.
"""
from .base import Batch, HistoryEntry, SearchResults, Store

__all__ = ["Batch", "HistoryEntry", "SearchResults", "Store"]
