"""Stories: the documents reporting one event, grouped online.

Two documents are in one story when

* they are copies or rewrites of one wire story (``copies``), or
* a MAIN mention (``background`` False) of each is in one incident, and they were published
  at most ``story_max_days`` apart (time decay: an article months later is a new story,
  whatever it reports -- an anniversary, a trial).

A document thus belongs to the story of the incident its main mention is in: stories follow
the incidents, so they do not chain through pairs of similar reports (two shootings in one
city on one day are two incidents, hence two stories), and a report whose main mention
joined an incident through the average linkage joins its story too.

Background mentions never join stories: an article about the 20 December attack that recalls
the 17 November one is not in the 17 November story.

A story is a connected component of that relation. Since incidents are re-clustered as
documents arrive (an incident can split), stories can split too: ``link_batch`` recomputes,
from scratch, the components of every document whose incidents or copy group changed
together with the other documents of their stored stories, so the stories are always the
components of the current incidents and copy groups, whatever the order of arrival. A story
is named after its earliest document (published date, then id); a story id that disappears
is reported as merged into the story holding most of its documents.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from ..records import Story
from .config import DEFAULT_CONFIG, LinkConfig
from .copies import UnionFind


def story_id(root_document_id: str) -> str:
    return "s" + hashlib.sha1(root_document_id.encode("utf-8")).hexdigest()[:15]


def document_key(doc_id: str, published: Mapping[str, dt.date | None]) -> tuple:
    return (published.get(doc_id) or dt.date.max, doc_id)


def story_components(documents: Iterable[str], copy_groups: Iterable[Sequence[str]],
                     incident_documents: Iterable[Iterable[str]], published: Mapping[str, dt.date | None],
                     config: LinkConfig = DEFAULT_CONFIG) -> list[tuple[str, ...]]:
    """The stories of ``documents``: the connected components of the copy groups and of the
    documents whose main mentions share an incident (``incident_documents``, one set per
    incident), published at most ``story_max_days`` apart. Documents outside
    ``documents`` are ignored."""
    docs = set(documents)
    uf = UnionFind()
    for d in sorted(docs):
        uf.add(d)
    for group in copy_groups:
        inside = [d for d in group if d in docs]
        for d in inside[1:]:
            uf.union(inside[0], d)
    limit = config.story_max_days
    for members in incident_documents:
        ordered = sorted({d for d in members if d in docs}, key=lambda d: document_key(d, published))
        # within one incident, documents published within the limit of each other are
        # connected; on a sorted line that is exactly "consecutive ones within the limit"
        for a, b in zip(ordered, ordered[1:]):
            pa, pb = published.get(a), published.get(b)
            if pa is None or pb is None or abs((pb - pa).days) <= limit:
                uf.union(a, b)
    return [tuple(g) for g in uf.groups()]


def build_story(members: Iterable[str], copy_groups: Sequence[tuple[str, ...]],
                published: Mapping[str, dt.date | None]) -> Story:
    ordered = tuple(sorted(set(members), key=lambda d: document_key(d, published)))
    inside = set(ordered)
    copies = tuple(sorted(tuple(sorted(g, key=lambda d: document_key(d, published)))
                          for g in copy_groups if len(g) > 1 and set(g) <= inside))
    return Story(id=story_id(ordered[0]), document_ids=ordered, copies=copies)
