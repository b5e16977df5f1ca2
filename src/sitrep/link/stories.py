"""Stories: the documents reporting one event, grouped online.

Two documents are in one story when

* they are copies or rewrites of one wire story (``copies``), or
* their MAIN mentions (``background`` False) would link as one incident: the pair score
  reaches ``story_threshold + story_decay_per_day * days between publications``, and they
  were published at most ``story_max_days`` apart (time decay: an article months later is a
  new story, whatever its similarity).

Background mentions never join stories: an article about the 20 December attack that recalls
the 17 November one is not in the 17 November story.

A story is a connected component of that relation. The relation is pairwise and only grows
as documents arrive, so each new document joins the stories it is related to (merging them)
or opens one, and the result does not depend on the order of arrival. A story is named
after its earliest document (published date, then id), so its id only changes when an
earlier document joins it; the old id is then reported as merged into the new one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from ..records import Mention, Story
from .config import DEFAULT_CONFIG, LinkConfig
from .incidents import PairScore


def story_id(root_document_id: str) -> str:
    return "s" + hashlib.sha1(root_document_id.encode("utf-8")).hexdigest()[:15]


def document_key(doc_id: str, published: Mapping[str, dt.date | None]) -> tuple:
    return (published.get(doc_id) or dt.date.max, doc_id)


def main_mention_edge(pair: PairScore, mentions: Mapping[str, Mention], config: LinkConfig = DEFAULT_CONFIG) -> bool:
    """Whether a scored mention pair relates the two documents' stories."""
    a, b = mentions.get(pair.a), mentions.get(pair.b)
    if a is None or b is None or a.background or b.background or a.document_id == b.document_id:
        return False
    days = 0
    if a.published is not None and b.published is not None:
        days = abs((a.published - b.published).days)
    if days > config.story_max_days:
        return False
    return pair.score >= config.story_threshold + config.story_decay_per_day * days


def build_story(members: Iterable[str], copy_groups: Sequence[tuple[str, ...]],
                published: Mapping[str, dt.date | None]) -> Story:
    ordered = tuple(sorted(set(members), key=lambda d: document_key(d, published)))
    inside = set(ordered)
    copies = tuple(sorted(tuple(sorted(g, key=lambda d: document_key(d, published)))
                          for g in copy_groups if len(g) > 1 and set(g) <= inside))
    return Story(id=story_id(ordered[0]), document_ids=ordered, copies=copies)
