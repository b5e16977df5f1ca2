"""Anchored dates: an incident that followed another starts no earlier than that one.

"Iranian missiles were fired at Erbil airport in January 2020, days after the death of
Soleimani in a US drone strike in Baghdad": the article dates the missiles only to the month,
and the strike not at all. Other reports date the strike to 3 January; once the strike's
incident has that date, the missiles' incident can start no earlier. Extraction records the
order as ``Mention.after`` (ids of mentions of the same document); ``link_batch`` ends with
this pass, over the incidents of the batch and those whose anchor the batch re-dated.

Only the start moves, and only inside the incident's own interval: the text says "after", not
how long after, and an anchor dated after the whole interval is a contradiction that is left
alone. The interval is always recomputed from the incident's own reports and the current
dates of its anchors, so the result does not depend on the order documents arrive in.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from ..records import DateInterval, Incident, Mention
from ..reconcile import precision_for, reconcile_date

# Marks the merge reason this pass writes, so a recomputation replaces it.
REASON_PREFIX = "date starts after "


class _Lookup:
    """Mentions and current incidents, from the batch first, then the state."""

    def __init__(self, result, mentions: Sequence[Mention], state):
        self.state = state
        self.mentions = {m.id: m for m in mentions}
        self.loaded_docs = {m.document_id for m in mentions}
        self.removed = set(result.removed)
        self.current = {i.id: i for i in result.incidents}     # the batch's, then the state's
        self.incident_of = {mid: i.id for i in result.incidents for mid in i.mention_ids}

    def load_documents(self, document_ids: Iterable[str]) -> None:
        wanted = sorted(set(document_ids) - self.loaded_docs)
        if not wanted or not hasattr(self.state, "mentions"):
            return
        self.loaded_docs.update(wanted)
        for m in self.state.mentions(wanted):
            self.mentions.setdefault(m.id, m)
        if hasattr(self.state, "incidents_of"):
            for incident in self.state.incidents_of(wanted):
                if incident.id in self.current or incident.id in self.removed:
                    continue
                self.current[incident.id] = incident
                for mid in incident.mention_ids:
                    self.incident_of.setdefault(mid, incident.id)

    def incident(self, mention_id: str) -> Incident | None:
        self.load_documents([document_of(mention_id)])
        iid = self.incident_of.get(mention_id)
        return self.current.get(iid) if iid else None


def document_of(mention_id: str) -> str:
    return mention_id.rsplit("#", 1)[0]


def anchored_date(incident: Incident, members: Sequence[Mention], lookup: _Lookup
                  ) -> tuple[DateInterval | None, str | None]:
    """The incident's date from its reports, its start raised to its latest anchor's start."""
    base, _ = reconcile_date(members)
    if base is None or base.start is None or base.end is None:
        return base, None
    start, reason = base.start, None
    for member in members:
        for anchor_id in member.after:
            anchor = lookup.incident(anchor_id)
            if anchor is None or anchor.id == incident.id or anchor.date is None or anchor.date.start is None:
                continue
            if start < anchor.date.start <= base.end:
                start = anchor.date.start
                reason = f"{REASON_PREFIX}{anchor.id} ({member.id} follows {anchor_id})"
    if start == base.start:
        return base, None
    days = (base.end - start).days + 1
    return DateInterval(start, base.end, precision_for(days), text=base.text), reason


def apply_anchors(result, mentions: Sequence[Mention], state):
    """``result`` (a ``LinkResult``) with the dates of anchored incidents brought up to date:
    incidents of the batch, and stored incidents whose anchors the batch changed."""
    lookup = _Lookup(result, mentions, state)
    lookup.load_documents(document_of(mid) for i in result.incidents for mid in i.mention_ids)
    # dependents: the incidents of mentions that point at a mention of a changed incident
    pointed = {mid for i in result.incidents for mid in i.mention_ids}
    affected = {i.id for i in result.incidents}
    for m in list(lookup.mentions.values()):
        if m.after and pointed.intersection(m.after):
            iid = lookup.incident_of.get(m.id)
            if iid:
                affected.add(iid)
    updated: dict[str, Incident] = {}
    for iid in sorted(affected):
        incident = lookup.current.get(iid)
        if incident is None:
            continue
        lookup.load_documents(incident.sources)
        members = [lookup.mentions[mid] for mid in incident.mention_ids if mid in lookup.mentions]
        if len(members) != len(incident.mention_ids) or not any(m.after for m in members):
            continue
        date, reason = anchored_date(incident, members, lookup)
        reasons = tuple(r for r in incident.merge_reasons if not r.startswith(REASON_PREFIX))
        if reason:
            reasons += (reason,)
        if date != incident.date or reasons != incident.merge_reasons:
            updated[iid] = dataclasses.replace(incident, date=date, merge_reasons=reasons)
    if not updated:
        return result
    incidents = [updated.pop(i.id, i) for i in result.incidents]
    incidents += [updated[iid] for iid in sorted(updated)]
    return dataclasses.replace(result, incidents=incidents)
