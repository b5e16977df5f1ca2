"""An in-memory ``LinkState``: for tests, benchmarks and small runs.

Mentions, incidents and documents are indexed by day (and, for the optional ``cells``
argument, by place key), so a window query costs what it returns, not the size of the
store. It also offers the optional look-ups ``link_batch`` uses when a state has them
(``stories_of``, ``incidents_of``, ``documents_published``, ``documents_in_buckets``,
``mentions(document_ids)``).

    state = MemoryState()
    result = link_batch(documents, mentions, state)
    state.apply(result, documents, mentions)
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from ..records import Document, Incident, Mention, Story
from .config import DEFAULT_CONFIG, LinkConfig
from .incidents import place_keys

_LONG_DAYS = 62


class _WindowIndex:
    """Ids by day covered (and place key); long intervals kept apart and scanned."""

    def __init__(self, config: LinkConfig):
        self.config = config
        self.days: dict[dt.date, set[str]] = defaultdict(set)
        self.cells: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
        self.long: dict[str, tuple[dt.date, dt.date, tuple[str, ...]]] = {}
        self.where: dict[str, tuple[dt.date, dt.date, tuple[str, ...]]] = {}

    def add(self, key: str, start: dt.date | None, end: dt.date | None, place) -> None:
        self.remove(key)
        if start is None or end is None:
            return
        keys = place_keys(place, self.config)
        self.where[key] = (start, end, keys)
        if (end - start).days + 1 > _LONG_DAYS:
            self.long[key] = (start, end, keys)
            return
        day = start
        while day <= end:
            self.days[day].add(key)
            for k in keys:
                self.cells[(day, k)].add(key)
            day += dt.timedelta(days=1)

    def remove(self, key: str) -> None:
        found = self.where.pop(key, None)
        if found is None:
            return
        start, end, keys = found
        if self.long.pop(key, None) is not None:
            return
        day = start
        while day <= end:
            self.days[day].discard(key)
            for k in keys:
                self.cells[(day, k)].discard(key)
            day += dt.timedelta(days=1)

    def query(self, start: dt.date, end: dt.date, cells: Collection[str] | None = None) -> set[str]:
        found: set[str] = set()
        day = start
        while day <= end:
            if cells is None:
                found.update(self.days.get(day, ()))
            else:
                for k in cells:
                    found.update(self.cells.get((day, k), ()))
            day += dt.timedelta(days=1)
        for key, (s, e, keys) in self.long.items():
            if s <= end and start <= e and (cells is None or any(k in cells for k in keys)):
                found.add(key)
        return found


class MemoryState:
    def __init__(self, config: LinkConfig | None = None):
        self.config = config or DEFAULT_CONFIG
        self._mentions: dict[str, Mention] = {}
        self._mentions_of_doc: dict[str, set[str]] = defaultdict(set)
        self._mention_index = _WindowIndex(self.config)
        self._incidents: dict[str, Incident] = {}
        self._incident_index = _WindowIndex(self.config)
        self._incidents_of_doc: dict[str, set[str]] = defaultdict(set)
        self._documents: dict[str, Document] = {}
        self._documents_by_day: dict[dt.date, set[str]] = defaultdict(set)
        self._text_only: set[str] = set()
        self._in_bucket: dict[int, set[str]] = defaultdict(set)
        self._stories: dict[str, Story] = {}
        self._story_of_doc: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        self.history: dict[str, list[dict]] = {}
        self.copies: list[tuple[str, ...]] = []

    # ------------------------------------------------------------------ writing

    def add_documents(self, documents: Iterable[Document]) -> None:
        for d in documents:
            self._documents[d.id] = d
            if d.published is not None:
                self._documents_by_day[d.published].add(d.id)

    def add_mentions(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self._mentions[m.id] = m
            self._mentions_of_doc[m.document_id].add(m.id)
            d = m.date
            self._mention_index.add(m.id, d.start if d else None, d.end if d else None, m.place)

    def put_incident(self, incident: Incident) -> None:
        old = self._incidents.get(incident.id)
        if old is not None:
            for doc in old.sources:
                self._incidents_of_doc[doc].discard(old.id)
        self._incidents[incident.id] = incident
        d = incident.date
        self._incident_index.add(incident.id, d.start if d else None, d.end if d else None, incident.place)
        for doc in incident.sources:
            self._incidents_of_doc[doc].add(incident.id)

    def remove_incident(self, incident_id: str) -> None:
        old = self._incidents.pop(incident_id, None)
        if old is None:
            return
        self._incident_index.remove(incident_id)
        for doc in old.sources:
            self._incidents_of_doc[doc].discard(incident_id)

    def put_story(self, story: Story) -> None:
        for doc in story.document_ids:
            previous = self._story_of_doc.get(doc)
            if previous is not None and previous != story.id:
                self._drop_story(previous)
        old = self._stories.get(story.id)
        if old is not None:
            for doc in old.document_ids:
                if self._story_of_doc.get(doc) == story.id:
                    del self._story_of_doc[doc]
        self._stories[story.id] = story
        for doc in story.document_ids:
            self._story_of_doc[doc] = story.id

    def _drop_story(self, story_id: str) -> None:
        old = self._stories.pop(story_id, None)
        if old is not None:
            for doc in old.document_ids:
                if self._story_of_doc.get(doc) == story_id:
                    del self._story_of_doc[doc]

    def apply(self, result, documents: Sequence[Document] = (), mentions: Sequence[Mention] = ()) -> None:
        """Save one batch as the store does: documents, mentions, then the link result."""
        self.add_documents(documents)
        self.add_mentions(mentions)
        self._text_only.update(result.text_only)
        for doc_id, buckets in result.buckets.items():
            for bucket in buckets:
                self._in_bucket[bucket].add(doc_id)
        for old, new in result.removed.items():
            self.remove_incident(old)
            self.redirects[old] = new
            self.history.pop(old, None)
        for incident in result.incidents:
            self.put_incident(incident)
            self.redirects.pop(incident.id, None)
        by_incident: dict[str, list[dict]] = defaultdict(list)
        for entry in result.history:
            by_incident[entry["incident_id"]].append(entry)
        self.history.update(by_incident)
        for old in getattr(result, "removed_stories", {}):
            self._drop_story(old)
        for story in result.stories:
            self.put_story(story)

    # ------------------------------------------------------------------ LinkState

    def mentions_in_window(self, start: dt.date, end: dt.date, cells: Collection[str] | None = None) -> list[Mention]:
        ids = self._mention_index.query(start, end, cells)
        return [self._mentions[i] for i in sorted(ids)]

    def incidents_in_window(self, start: dt.date, end: dt.date, cells: Collection[str] | None = None) -> list[Incident]:
        ids = self._incident_index.query(start, end, cells)
        return [self._incidents[i] for i in sorted(ids)]

    def documents(self, ids: Sequence[str] | None = None) -> list[Document]:
        if ids is None:
            return list(self._documents.values())
        return [self._documents[i] for i in ids if i in self._documents]

    def stories(self) -> list[Story]:
        return list(self._stories.values())

    # ------------------------------------------------------------------ optional look-ups

    def stories_of(self, document_ids: Iterable[str]) -> list[Story]:
        ids = {self._story_of_doc[d] for d in document_ids if d in self._story_of_doc}
        return [self._stories[i] for i in sorted(ids)]

    def incidents_of(self, document_ids: Iterable[str]) -> list[Incident]:
        ids = set()
        for d in document_ids:
            ids.update(self._incidents_of_doc.get(d, ()))
        return [self._incidents[i] for i in sorted(ids)]

    def documents_published(self, start: dt.date, end: dt.date, text_only: bool = False) -> list[Document]:
        out = []
        day = start
        while day <= end:
            out.extend(self._documents[i] for i in sorted(self._documents_by_day.get(day, ()))
                       if not text_only or i in self._text_only)
            day += dt.timedelta(days=1)
        return out

    def documents_in_buckets(self, buckets: Iterable[int]) -> list[tuple[int, str, dt.date | None]]:
        return sorted((b, d, self._documents[d].published) for b in set(buckets)
                      for d in self._in_bucket.get(b, ()))

    # ------------------------------------------------------------------ reading

    def incidents(self) -> list[Incident]:
        return sorted(self._incidents.values(), key=lambda i: i.id)

    def incident(self, incident_id: str) -> Incident | None:
        seen = set()
        while incident_id in self.redirects and incident_id not in seen:
            seen.add(incident_id)
            incident_id = self.redirects[incident_id]
        return self._incidents.get(incident_id)

    def mentions(self, document_ids: Iterable[str] | None = None) -> list[Mention]:
        if document_ids is None:
            return list(self._mentions.values())
        ids = sorted({i for d in set(document_ids) for i in self._mentions_of_doc.get(d, ())})
        return [self._mentions[i] for i in ids]
