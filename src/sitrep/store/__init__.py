"""The store: every record sitrep keeps, behind one door.

Only this package imports SQLAlchemy. SQLite (WAL mode) is the default; a PostgreSQL URL
works the same way. Contract used by ``sitrep.pipeline`` and the presenters:

    store = Store.open("sitrep.db")            # or "sqlite:///x.db", "postgresql+psycopg://..."
    store.document_by_fingerprint(fp) -> Document | None
    store.documents(ids=None) -> list[Document]
    store.mentions(document_ids=None) -> list[Mention]        # with their claims
    store.mentions_in_window(start, end) -> list[Mention]     # date intervals overlapping
    store.incidents() -> list[Incident]
    store.incident(incident_id) -> Incident | None            # old (merged) ids resolve
    store.claims(claim_ids=None) -> list[Claim]
    store.stories() -> list[Story]
    store.runs() -> list[RunInfo]
    store.save_batch(batch: Batch)                            # one transaction
    store.close()
"""
from .base import Batch, Store

__all__ = ["Batch", "Store"]
