"""Link: mentions from many documents in, one record per incident and stories out.

    copies    - exact and near copies, rewrites of one wire story
    stories   - documents reporting the same event, grouped online
    incidents - mentions merged across documents (blocking by date window and place cell)
    anchors   - an incident that followed another ("days after the strike") starts no earlier
Reconciliation of the merged figures is ``sitrep.reconcile``.

``link_batch`` is incremental and order-independent: for the batch's new mentions it pulls
from the state the neighbourhood they can touch (the date windows and place cells of every
mention reachable through a pair that scores above the merge threshold, plus the other
mentions of the incidents found there), re-clusters that neighbourhood from scratch in a
canonical order, and diffs the result against the stored incidents. Since clusters never
span two neighbourhoods, linking a corpus in one batch or in several, in any order, gives
the same incidents with the same ids (an incident is named after its earliest-reported
mention) and the same stories.

Stories follow the incidents (``sitrep.link.stories``): the stories of every document whose
incidents or copy group the batch changed are recomputed with the other documents of their
stored stories, so a story splits when its incident does, as it would had the documents
arrived in another order.

Copies and rewrites are looked for among pairs of documents with compatible mentions, pairs
whose texts share an LSH bucket, and pairs published within days of each other of which one
is text-only (no mention of it can be linked). For the result not to depend on how a corpus
is cut into batches, each kind of pair must be found whichever document came first: the
state keeps every document's buckets (``LinkResult.buckets``) and which ones are text-only
(``LinkResult.text_only``).

State access: the four methods of ``LinkState``. When the state also has them, ``link_batch``
uses ``stories_of(document_ids)``, ``incidents_of(document_ids)``, ``mentions(document_ids)``,
``documents_published(start, end, text_only=False)`` and
``documents_in_buckets(buckets) -> [(bucket, document id, published)]``, and a ``cells``
keyword on the two window queries (place keys from ``sitrep.link.incidents.place_keys``) or
else ``mention_places_in_window(start, end) -> [(mention id, Place)]`` with
``mentions_by_id(ids)`` (only the mentions whose places match are read whole), to keep each
look-up small; without them it falls back to ``stories()`` and to filtering the
windows itself (and, lacking ``incidents_of`` or ``mentions(document_ids)``, keeps together
the documents of a stored story that the batch did not touch); without the last two, a copy
is found across batches only through mentions.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .. import reconcile as rec
from ..records import Document, Incident, Mention, Place, Story
from .anchors import apply_anchors
from .config import DEFAULT_CONFIG, LinkConfig
from .copies import Similarities, UnionFind
from .incidents import (Cluster, MentionIndex, PairScore, canonical_key, cluster_mentions, compatible, has_interval,
                        incident_id, is_asserted, linkable, place_keys, query_keys, score_pair)
from .stories import build_story, document_key, story_components

__all__ = ["LinkConfig", "LinkResult", "LinkState", "link_batch"]


@runtime_checkable
class LinkState(Protocol):
    """What linking reads from the store (``sitrep.store.Store`` satisfies it)."""

    def mentions_in_window(self, start: dt.date, end: dt.date) -> list[Mention]: ...
    def incidents_in_window(self, start: dt.date, end: dt.date) -> list[Incident]: ...
    def documents(self, ids: Sequence[str] | None = None) -> list[Document]: ...
    def stories(self) -> list[Story]: ...


@dataclass(frozen=True, slots=True)
class LinkResult:
    incidents: list[Incident]          # new or changed incidents (upsert)
    removed: dict[str, str]            # old incident id -> the id it now lives on (merges), for redirects
    stories: list[Story]               # new or changed stories
    copies: list[tuple[str, ...]]      # groups of document ids that are copies/rewrites of one wire story
    history: list[dict]                # {"incident_id", "as_of", "figures"}: the full history of each incident in ``incidents``
    removed_stories: dict[str, str] = field(default_factory=dict)  # old story id -> the story it joined
    buckets: dict[str, tuple[int, ...]] = field(default_factory=dict)  # batch document -> its LSH buckets, to keep
    text_only: tuple[str, ...] = ()    # batch documents no mention of which can be linked, to keep


# ----------------------------------------------------------------------------- state access


def _accepts(method, name: str) -> bool:
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def _subtract(window: tuple[dt.date, dt.date], covered: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Parts of ``window`` not inside any of ``covered`` (sorted, disjoint)."""
    start, end = window
    out = []
    for cs, ce in covered:
        if ce < start or cs > end:
            continue
        if cs > start:
            out.append((start, min(end, cs - dt.timedelta(days=1))))
        start = max(start, ce + dt.timedelta(days=1))
        if start > end:
            break
    if start <= end:
        out.append((start, end))
    return out


def _merge_windows(windows: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    out: list[list[dt.date]] = []
    for s, e in sorted(windows):
        if out and s <= out[-1][1] + dt.timedelta(days=1):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


class _View:
    """Cached, windowed reads from the state for one batch."""

    def __init__(self, state: LinkState, config: LinkConfig):
        self.state = state
        self.config = config
        # a store that lists a window's mention places cheaply is asked for the mentions
        # whose place keys match, by id: blocking without decoding every mention of the window
        self.listing = hasattr(state, "mention_places_in_window") and hasattr(state, "mentions_by_id")
        self.cells = self.listing or (_accepts(state.mentions_in_window, "cells")
                                      and _accepts(state.incidents_in_window, "cells"))
        self._places: dict[tuple[dt.date, dt.date], list[tuple[str, Place | None]]] = {}
        self.mentions: dict[str, Mention] = {}
        self.incidents: dict[str, Incident] = {}
        self.incident_of: dict[str, str] = {}
        self.documents: dict[str, Document] = {}
        self._covered: list[tuple[dt.date, dt.date]] = []
        self._covered_incidents: list[tuple[dt.date, dt.date]] = []
        self._resolved: set[str] = set()
        self._asked: set[tuple] = set()
        self._stories: dict[str, Story] | None = None
        self._story_of: dict[str, str] = {}
        self._story_by_id: dict[str, Story] = {}
        self._no_story: set[str] = set()

    # mentions and incidents -------------------------------------------------
    def _record(self, mentions: Iterable[Mention], incidents: Iterable[Incident]) -> list[Mention]:
        fresh = []
        for m in mentions:
            if m.id not in self.mentions:
                self.mentions[m.id] = m
                fresh.append(m)
        for inc in incidents:
            if inc.id not in self.incidents:
                self.incidents[inc.id] = inc
                for mid in inc.mention_ids:
                    self.incident_of.setdefault(mid, inc.id)
        return fresh

    def around(self, mentions: Sequence[Mention]) -> list[Mention]:
        """Fetch the mentions of the windows (and cells) around ``mentions``."""
        pad = dt.timedelta(days=self.config.date_slack_days)
        fresh: list[Mention] = []
        if self.cells:
            for m in mentions:
                keys = query_keys(m.place, self.config)
                ask = (m.date.start - pad, m.date.end + pad, keys)
                if ask not in self._asked:
                    self._asked.add(ask)
                    fresh += self._record(self._in_cells(ask[0], ask[1], keys), ())
            return fresh
        wanted = _merge_windows((m.date.start - pad, m.date.end + pad) for m in mentions)
        for window in wanted:
            for start, end in _subtract(window, self._covered):
                fresh += self._record(self.state.mentions_in_window(start, end), ())
            self._covered = _merge_windows(self._covered + [window])
        return fresh

    def _in_cells(self, start: dt.date, end: dt.date, keys: frozenset[str] | None) -> list[Mention]:
        """``mentions_in_window(start, end, cells=keys)``, through the state's listing of
        the window's places when it has one (each window listed once per batch)."""
        if not self.listing:
            return self.state.mentions_in_window(start, end, cells=keys)
        if (start, end) not in self._places:
            self._places[start, end] = self.state.mention_places_in_window(start, end)
        ids = [i for i, place in self._places[start, end]
               if keys is None or any(k in keys for k in place_keys(place, self.config))]
        known = [self.mentions[i] for i in ids if i in self.mentions]
        return known + self.state.mentions_by_id([i for i in ids if i not in self.mentions])

    def resolve_incidents(self, mentions: Sequence[Mention]) -> None:
        """Find the stored incident of each of ``mentions`` (``incident_of``): through the
        documents when the state can (a few incidents per document), else by window (an
        incident's date lies within the slack of each of its mentions' intervals)."""
        todo = [m for m in mentions if m.id not in self.incident_of and m.document_id not in self._resolved]
        if not todo:
            return
        finder = getattr(self.state, "incidents_of", None)
        if finder is not None:
            docs = sorted({m.document_id for m in todo})
            self._record((), finder(docs))
            self._resolved.update(docs)
            return
        pad = dt.timedelta(days=self.config.date_slack_days)
        for m in todo:
            window = (m.date.start - pad, m.date.end + pad)
            if self.cells:
                keys = query_keys(m.place, self.config)
                if (window, keys, "incidents") not in self._asked:
                    self._asked.add((window, keys, "incidents"))
                    self._record((), self.state.incidents_in_window(*window, cells=keys))
                continue
            for start, end in _subtract(window, self._covered_incidents):
                self._record((), self.state.incidents_in_window(start, end))
            self._covered_incidents = _merge_windows(self._covered_incidents + [window])

    def mentions_of(self, incident: Incident) -> list[Mention]:
        """The incident's mentions (fetching its window when not yet seen)."""
        missing = [i for i in incident.mention_ids if i not in self.mentions]
        if missing and incident.date is not None and incident.date.start is not None:
            pad = dt.timedelta(days=self.config.date_slack_days)
            start, end = incident.date.start - pad, incident.date.end + pad
            if self.cells:
                keys = query_keys(incident.place, self.config)
                self._record(self._in_cells(start, end, keys), ())
            else:
                for s, e in _subtract((start, end), self._covered):
                    self._record(self.state.mentions_in_window(s, e), ())
                self._covered = _merge_windows(self._covered + [(start, end)])
        return [self.mentions[i] for i in incident.mention_ids if i in self.mentions]

    # documents ---------------------------------------------------------------
    def load_documents(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.documents})
        if missing:
            for d in self.state.documents(missing):
                self.documents[d.id] = d

    def published_around(self, days: Iterable[dt.date], span: int, text_only: bool = False
                         ) -> list[Document]:
        """Stored documents published within ``span`` days of any of ``days`` (with
        ``text_only``, only those stored as text-only: ``LinkResult.text_only``), by date
        then id. Empty when the state cannot tell."""
        finder = getattr(self.state, "documents_published", None)
        if finder is None or (text_only and not _accepts(finder, "text_only")):
            return []
        pad = dt.timedelta(days=span)
        found: list[Document] = []
        for start, end in _merge_windows((day - pad, day + pad) for day in days):
            found += finder(start, end, text_only=True) if text_only else finder(start, end)
        for d in found:
            self.documents.setdefault(d.id, d)
        return found

    # stories -----------------------------------------------------------------
    def story_links(self, doc_ids: set[str], skip: set[str]) -> list[set[str]] | None:
        """For the stored incidents of ``doc_ids`` other than ``skip``: the documents among
        ``doc_ids`` with a main mention in each. None when the state cannot tell (it lacks
        ``incidents_of`` or ``mentions(document_ids)``)."""
        incidents_of = getattr(self.state, "incidents_of", None)
        mentions_of = getattr(self.state, "mentions", None)
        if incidents_of is None or mentions_of is None or not _accepts(mentions_of, "document_ids"):
            return None
        if not doc_ids:
            return []
        incidents = [i for i in incidents_of(sorted(doc_ids)) if i.id not in skip]
        if not incidents:
            return []
        known: dict[str, Mention] = {m.id: m for m in mentions_of(sorted(doc_ids))}
        known.update((i, m) for i, m in self.mentions.items() if m.document_id in doc_ids)
        out = []
        for inc in incidents:
            docs = {known[i].document_id for i in inc.mention_ids if i in known and not known[i].background}
            if len(docs) > 1:
                out.append(docs)
        return out

    def stories_of(self, doc_ids: Iterable[str]) -> dict[str, Story]:
        """The stored story of each of ``doc_ids`` that has one."""
        doc_ids = set(doc_ids)
        finder = getattr(self.state, "stories_of", None)
        if finder is not None:
            todo = sorted(d for d in doc_ids if d not in self._story_of and d not in self._no_story)
            if todo:
                for story in finder(todo):
                    self._cache_story(story)
                self._no_story.update(d for d in todo if d not in self._story_of)
        elif self._stories is None:
            self._stories = {}
            for story in self.state.stories():
                self._cache_story(story)
        return {d: self._story_by_id[self._story_of[d]] for d in doc_ids if d in self._story_of}

    def _cache_story(self, story: Story) -> None:
        self._story_by_id[story.id] = story
        for d in story.document_ids:
            self._story_of[d] = story.id

    def incidents_of(self, doc_ids: Iterable[str]) -> list[Incident] | None:
        finder = getattr(self.state, "incidents_of", None)
        if finder is None:
            return None
        found = finder(sorted(set(doc_ids)))
        self._record((), found)
        return [self.incidents[i.id] for i in found]


# ----------------------------------------------------------------------------- link_batch


def _text_score(sims: Similarities):
    def text(a: str, b: str) -> tuple[float, str]:
        pair = sims.pair(a, b)
        if pair is None:
            return 0.0, ""
        if pair.kind == "copy":
            return 1.0, "shared copy group (copy)"
        if pair.kind == "rewrite":
            return pair.score, f"shared copy group (rewrite {pair.rewrite:.2f})"
        return pair.score, (f"text {pair.rewrite:.2f}" if pair.rewrite >= 0.3 else "")
    return text


def _close(a: dt.date | None, b: dt.date | None, cfg: LinkConfig) -> bool:
    """Published close enough for their texts to be compared (see ``copy_max_days``)."""
    return a is None or b is None or abs((a - b).days) <= cfg.copy_max_days


def _stored_lsh_candidates(view: _View, sims: Similarities, batch_docs: dict[str, Document],
                           buckets: dict[str, tuple[int, ...]]) -> set[tuple[str, str]]:
    """Pairs of a batch document and a stored one that share an LSH bucket and were
    published close enough to be copies, when the state keeps buckets
    (``documents_in_buckets``): a copy is found whichever batch brought the first text."""
    finder = getattr(view.state, "documents_in_buckets", None)
    if finder is None:
        return set()
    holders: dict[int, list[str]] = defaultdict(list)
    for doc_id, found in buckets.items():
        for bucket in found:
            holders[bucket].append(doc_id)
    pairs: set[tuple[str, str]] = set()
    for bucket, other, published in finder(sorted(holders)):
        for doc_id in holders[bucket]:
            if other not in batch_docs and _close(batch_docs[doc_id].published, published, view.config):
                pairs.add((min(doc_id, other), max(doc_id, other)))
    view.load_documents(d for pair in pairs for d in pair)
    sims.add(view.documents[d] for pair in pairs for d in pair if d in view.documents)
    return pairs


def _window_candidates(view: _View, sims: Similarities, batch_docs: dict[str, Document],
                       text_only: set[str]) -> set[tuple[str, str]]:
    """Pairs of documents published within ``rewrite_max_days`` of each other, one of them
    text-only (no mention of it can be linked: its text is the only way into a story), that
    share names or figures (``Similarities.plausible``). Found whichever came first: a
    text-only document of the batch meets every document around it, batch or stored; every
    other one of the batch, the stored text-only ones around it."""
    span = view.config.rewrite_max_days
    dated = {d: doc for d, doc in batch_docs.items() if doc.published is not None}
    lone_days = sorted({doc.published for d, doc in dated.items() if d in text_only})
    other_days = sorted({doc.published for d, doc in dated.items() if d not in text_only})
    stored = {o.id: o for o in view.published_around(lone_days, span) if o.id not in batch_docs}
    stored_lone = {o.id: o for o in view.published_around(other_days, span, text_only=True)
                   if o.id not in batch_docs}
    pairs: set[tuple[str, str]] = set()
    for doc_id in sorted(dated):
        published = dated[doc_id].published
        if doc_id in text_only:
            pool = [*dated.values(), *stored.values()]
        else:
            pool = [*(dated[d] for d in text_only if d in dated), *stored_lone.values()]
        near = [o for o in pool if o.id != doc_id and abs((o.published - published).days) <= span]
        sims.add(near)
        for o in near:
            if sims.plausible(doc_id, o.id):
                pairs.add((min(doc_id, o.id), max(doc_id, o.id)))
    return pairs


def _pair_key(a: Mention, b: Mention) -> tuple[str, str]:
    return (a.id, b.id) if canonical_key(a) <= canonical_key(b) else (b.id, a.id)


def link_batch(documents: Sequence[Document], mentions: Sequence[Mention], state: LinkState, *,
               config: LinkConfig | None = None, cluster=cluster_mentions) -> LinkResult:
    """Link a batch of new documents and their asserted mentions into ``state``'s incidents
    and stories. Returns what to save; ``state`` is not modified. ``cluster`` groups each
    neighbourhood's mentions (``incidents.cluster_mentions``' signature): the dev loop's
    oracle passes its own."""
    cfg = config or DEFAULT_CONFIG
    view = _View(state, cfg)
    batch_docs = {d.id: d for d in documents}
    view.documents.update(batch_docs)
    sims = Similarities(cfg)
    sims.add(documents)
    text = _text_score(sims)

    # the batch's mentions: asserted and dated only (the pipeline filters; be defensive)
    batch: dict[str, Mention] = {}
    for m in mentions:
        if not is_asserted(m) or not has_interval(m):
            continue
        doc = batch_docs.get(m.document_id)
        if m.published is None and doc is not None and doc.published is not None:
            m = dataclasses.replace(m, published=doc.published)
        batch.setdefault(m.id, m)
    batch_mentions = sorted(batch.values(), key=canonical_key)
    view.mentions.update(batch)                      # the batch's version of a mention wins
    index = MentionIndex(cfg)
    for m in batch_mentions:
        index.add(m)
    new_linkable = [m for m in batch_mentions if linkable(m, cfg)]
    new_single = [m for m in batch_mentions if not linkable(m, cfg)] if cfg.keep_vague_mentions else []

    # ---- 1. the neighbourhood: every mention reachable through a pair above the threshold,
    #         and the other mentions of the incidents met on the way
    pairs: dict[tuple[str, str], PairScore | None] = {}
    component: set[str] = {m.id for m in new_linkable}
    frontier = list(new_linkable)
    while frontier:
        for m in view.around(frontier):
            index.add(m)
        # hard constraints first: only compatible pairs need the documents' texts
        candidates = {m.id: [c for c in index.candidates(m)
                             if (pairs.get(_pair_key(m, c)) is not None
                                 or (_pair_key(m, c) not in pairs and compatible(m, c, cfg)))]
                      for m in frontier}
        docs_needed = {m.document_id for m in frontier} | {
            c.document_id for m in frontier for c in candidates[m.id] if _close(m.published, c.published, cfg)}
        view.load_documents(docs_needed)
        sims.add(view.documents[d] for d in docs_needed if d in view.documents)
        view.resolve_incidents(frontier)
        nxt: list[Mention] = []
        for m in frontier:
            for c in candidates[m.id]:
                key = _pair_key(m, c)
                if key not in pairs:
                    pairs[key] = score_pair(m, c, cfg, text)
                found = pairs[key]
                if found is not None and found.score >= cfg.merge_threshold and c.id not in component:
                    component.add(c.id)
                    nxt.append(c)
            old = view.incident_of.get(m.id)
            if old is not None and old in view.incidents:
                for other in view.mentions_of(view.incidents[old]):
                    other = view.mentions[other.id]
                    if other.id not in component and linkable(other, cfg):
                        index.add(other)
                        component.add(other.id)
                        nxt.append(other)
        if len(component) > cfg.max_component_mentions:
            break
        frontier = sorted(nxt, key=canonical_key)

    comp_mentions = [view.mentions[i] for i in component]
    comp_pairs = [p for (a, b), p in pairs.items() if p is not None and a in component and b in component]
    clusters: list[Cluster] = cluster(comp_mentions, comp_pairs, cfg)

    # ---- 2. copies: pairs of documents with compatible mentions, near copies in the batch,
    #         and documents without mentions against those published around them
    batch_ids = set(batch_docs)
    doc_pairs: set[tuple[str, str]] = set()
    for (a, b), p in pairs.items():
        if p is None:
            continue
        da, db = view.mentions[a].document_id, view.mentions[b].document_id
        if da != db and (da in batch_ids or db in batch_ids):
            doc_pairs.add((min(da, db), max(da, db)))
    doc_pairs |= sims.lsh_candidates(sorted(batch_ids))
    buckets = {d: sims.buckets(d) for d in sorted(batch_ids)}
    doc_pairs |= _stored_lsh_candidates(view, sims, batch_docs, buckets)
    text_only = sorted(batch_ids - {m.document_id for m in new_linkable})
    doc_pairs |= _window_candidates(view, sims, batch_docs, set(text_only))
    copy_edges = sorted(p for p in doc_pairs if sims.is_copy(*p))

    involved = set(batch_ids) | {d for p in copy_edges for d in p}
    uf = UnionFind()
    for d in sorted(batch_ids):
        uf.add(d)
    old_groups: dict[str, tuple[str, ...]] = {}
    for story in {s.id: s for s in view.stories_of(involved).values()}.values():
        for group in story.copies:
            for d in group:
                old_groups[d] = tuple(sorted(group))
                uf.union(group[0], d)
    for a, b in copy_edges:
        uf.union(a, b)
    groups_now = {g[0]: g for g in uf.groups()}
    group_of_doc: dict[str, tuple[str, ...]] = {}
    for g in groups_now.values():
        for d in g:
            group_of_doc[d] = g
    changed_groups = sorted({g for g in groups_now.values()
                             if len(g) > 1 and (set(g) & batch_ids or any(old_groups.get(d) != g for d in g))})
    regrouped_docs = {d for g in changed_groups for d in g if d not in batch_ids and old_groups.get(d) != g}

    def group_keys(doc_ids: Iterable[str]) -> dict[str, str]:
        doc_ids = set(doc_ids)
        stored = view.stories_of(d for d in doc_ids if d not in group_of_doc)
        out = {}
        for d in doc_ids:
            if d in group_of_doc:
                out[d] = group_of_doc[d][0]
                continue
            story = stored.get(d)
            group = next((g for g in story.copies if d in g), None) if story else None
            out[d] = min(group) if group else d
        return out

    # ---- 3. incidents: reconcile the clusters, diff against the stored incidents
    upserts: dict[str, Incident] = {}
    members: dict[str, list[Mention]] = {}
    cluster_of: dict[str, str] = {}
    sources_needed = {m.document_id for m in comp_mentions} | {m.document_id for m in new_single}
    keys = group_keys(sources_needed)

    def emit(iid: str, ms: list[Mention], reasons: Sequence[str]) -> None:
        incident = rec.reconcile(iid, ms, keys, reasons, cfg.tolls_rise)
        members[iid] = ms
        if view.incidents.get(iid) != incident:
            upserts[iid] = incident

    for cl in clusters:
        iid = incident_id(cl.root)
        for mid in cl.mention_ids:
            cluster_of[mid] = iid
        emit(iid, [view.mentions[x] for x in cl.mention_ids], cl.reasons)
    lookup = getattr(state, "incident", None)
    for m in new_single:
        iid = incident_id(m.id)
        cluster_of[m.id] = iid
        if iid not in view.incidents and lookup is not None:
            stored = lookup(iid)                 # a vague mention's own incident, stored before
            if stored is not None and stored.id == iid:
                view.incidents[iid] = stored
        emit(iid, [m], ())
    new_ids = set(members)
    removed: dict[str, str] = {}
    touched_old = {view.incident_of[m] for m in list(component) + [m.id for m in new_single] if m in view.incident_of}
    for oid in sorted(touched_old - new_ids):
        old = view.incidents[oid]
        votes: dict[str, int] = defaultdict(int)
        for mid in old.mention_ids:
            if mid in cluster_of:
                votes[cluster_of[mid]] += 1
        if votes:
            first = {iid: i for i, iid in enumerate(cluster_of[mid] for mid in old.mention_ids if mid in cluster_of)}
            removed[oid] = max(votes, key=lambda iid: (votes[iid], -first[iid]))

    # incidents elsewhere whose sources now belong to a larger copy group
    if regrouped_docs:
        affected = view.incidents_of(regrouped_docs)
        if affected is None:
            affected = [i for i in view.incidents.values() if set(i.sources) & regrouped_docs]
        for old in sorted(affected, key=lambda i: i.id):
            if old.id in members or old.id in removed or old.id in touched_old:
                continue
            ms = view.mentions_of(old)
            if len(ms) != len(old.mention_ids):
                continue
            keys.update(group_keys(set(old.sources) - set(keys)))
            emit(old.id, ms, old.merge_reasons)

    history: list[dict] = []
    for iid in sorted(upserts):
        history.extend(rec.history(iid, members[iid], keys, cfg.tolls_rise))

    # ---- 4. stories: the components of copy groups and incidents (see ``stories``),
    #         recomputed for every document whose incidents or copy group changed, with the
    #         other documents of their stored stories
    changed_docs = set(batch_ids) | {d for g in changed_groups for d in g}
    for ms in members.values():
        changed_docs.update(m.document_id for m in ms)
    stored_stories = {s.id: s for s in view.stories_of(changed_docs).values()}
    scope = changed_docs | {d for s in stored_stories.values() for d in s.document_ids}
    incident_docs: list[set[str]] = [{m.document_id for m in ms if not m.background} for ms in members.values()]
    recomputed = set(members) | touched_old
    held = view.story_links(scope, recomputed)
    bound: list[tuple[str, ...]] = []
    if held is None:
        # the state cannot say which incidents the other documents' main mentions are in:
        # keep each stored story's documents that this batch did not touch together
        bound = [tuple(sorted(set(s.document_ids) - changed_docs)) for s in stored_stories.values()]
    else:
        incident_docs += held
    view.load_documents(scope)
    published = {d: (view.documents[d].published if d in view.documents else None) for d in scope}
    final_groups = [g for g in uf.groups() if len(g) > 1]
    for s in stored_stories.values():
        final_groups += [tuple(g) for g in s.copies if not set(g) & set(group_of_doc)]
    new_stories: list[Story] = []
    removed_stories: dict[str, str] = {}
    built = [build_story(c, final_groups, published)
             for c in story_components(scope, final_groups + bound, incident_docs, published, cfg)]
    built_ids = {s.id for s in built}
    story_of_doc = {d: s.id for s in built for d in s.document_ids}
    for story in built:
        if stored_stories.get(story.id) != story:
            new_stories.append(story)
    for old in stored_stories.values():
        if old.id not in built_ids:
            # merged into the story holding most of its documents (ties: the one met first)
            now = [story_of_doc[d] for d in old.document_ids if d in story_of_doc]
            if now:
                removed_stories[old.id] = max(now, key=lambda sid: (now.count(sid), -now.index(sid)))

    result = LinkResult(
        incidents=[upserts[i] for i in sorted(upserts)],
        removed=removed,
        stories=sorted(new_stories, key=lambda s: s.id),
        copies=[tuple(sorted(g, key=lambda d: document_key(d, published))) for g in changed_groups],
        history=history,
        removed_stories=removed_stories,
        buckets=buckets,
        text_only=tuple(text_only),
    )
    # "days after the strike": dates of incidents that followed another (``anchors``)
    return apply_anchors(result, batch_mentions, state)
