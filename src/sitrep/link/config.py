"""Every threshold of the link stage, in one place, with the reason for its default.

The defaults were set on the Baghdad example and on reasoning about news text; they are meant
to be tuned on gva-dev once extraction exists (see ``benchmarks/bench_link.py`` and
``docs/reconciliation-rules.md``). Nothing in ``sitrep.link`` hard-codes a number that is
not here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LinkConfig:
    # ------------------------------------------------------------------ copies and rewrites
    # Word shingles of 5 tokens: long enough that two independent articles on one event
    # rarely share many (common 5-grams are boilerplate), short enough that a reprint with a
    # few edited words keeps most of them.
    shingle_size: int = 5
    num_perm: int = 128
    # LSH recall threshold. Candidates are verified with the exact Jaccard, so the LSH is set
    # lower than the verification threshold to miss few true near-copies.
    lsh_threshold: float = 0.5
    # A near copy: exact shingle Jaccard >= 0.6 (a reprint with its own header, byline and
    # "read also" links still shares well over half its shingles), or containment >= 0.8
    # (a truncated reprint: most of the shorter text appears in the longer one).
    copy_jaccard: float = 0.6
    copy_containment: float = 0.8
    # Sentence alignment for rewrites: a sentence of the shorter text is "aligned" when some
    # sentence of the other shares >= half of its content words (overlap coefficient, light
    # stemming). On Baghdad the three rewrites of the AFP story align 61-78% of sentences
    # (000/004 machine-translated differently: 70%); the other pairs, same topic and same
    # background paragraphs, align 4-19%.
    sentence_overlap: float = 0.5
    min_sentence_tokens: int = 5
    # A rewrite needs at least this many aligned sentences (two one-line briefs that both say
    # "a man was shot in X" are not one wire story).
    min_aligned_sentences: int = 3
    # rewrite score = weights . (sentence alignment, entity overlap, number/date overlap,
    # quoted words overlap). Alignment dominates because it survives paraphrase and
    # translation best; names and numbers confirm it; quotes are often re-translated.
    rewrite_weights: tuple[float, float, float, float] = (0.55, 0.20, 0.15, 0.10)
    # Baghdad rewrites score 0.68-0.76, the same-topic non-rewrites 0.17-0.25: 0.5 sits in
    # the middle of that gap.
    rewrite_threshold: float = 0.5
    # Rewrites of one wire story come out within days of each other. Beyond this gap two
    # similar texts are treated as independent reports (a later article re-using the old
    # background paragraphs is not a reprint).
    rewrite_max_days: int = 7
    # Near copies: a reprint weeks later is still the same text, but months later it is a new
    # publication (and comparing texts that far apart would make the cost of one document
    # grow with the number of articles that ever recalled the same event). The text part of
    # the incident score is also 0 beyond this gap.
    copy_max_days: int = 30

    # ------------------------------------------------------------------ incidents
    # Mentions merge when the average pairwise score between two clusters reaches this.
    # Worked examples (weights below; "neutral" figures = one side gives none):
    #   same day, same spot, same sub-type, agreeing figures ............ 0.89
    #   same day, same city, same sub-type, neutral figures ............. 0.76
    #   a day inside a reported week, same city and type, agreeing ...... 0.76
    #   country-level place, same day and type, agreeing figures ........ 0.70
    #   same day and city, tolls 3 vs 60 (weakened, not forbidden) ...... 0.69
    #   consecutive days, same city and type, agreeing figures .......... 0.65
    #   a day inside "in January", same city and type, neutral .......... 0.62
    #   consecutive days, same city and type, neutral figures ........... 0.57  (kept apart)
    #   same day and city, different sub-types, neutral figures ......... 0.56  (kept apart)
    # To be tuned on gva-dev.
    merge_threshold: float = 0.6
    # score weights: date, place, type, figures, text (rewrite score of the two documents),
    # actors. Sum to 1. Date and place carry most of the evidence; the sub-type separates
    # two attacks in one city on one day; figures often disagree between reports of one
    # event, so they weigh less; the text similarity of the documents is near 0.2 for any
    # two reports of one topic, so only rewrites (0.7+) add much; actor names vary too much.
    weights: tuple[float, float, float, float, float, float] = (0.25, 0.25, 0.20, 0.15, 0.10, 0.05)
    # Dates must overlap with this slack: night events straddle midnight and time zones
    # ("late Saturday" vs "early Sunday"). One day is also the scorer's slack.
    date_slack_days: int = 1
    # Mentions with longer intervals ("in 2003", "last year") are too vague to link. 62 days
    # keeps month-precision mentions ("last September") linkable.
    max_link_interval_days: int = 62
    # ... and by default they make no incident: ACLED codes no event known less precisely
    # than a month (time_precision 3), and such a mention is nearly always a passing
    # reference to an event reported better elsewhere (a duplicate on the timeline). True
    # makes each its own incident.
    keep_vague_mentions: bool = False
    # Two point-precision places of one incident are within a neighbourhood of each other;
    # 20 km also absorbs geocoding a site to a nearby suburb.
    max_km_point: float = 20.0
    # A city-precision place is compatible with points within a large city's radius.
    max_km_city: float = 40.0
    # A region-precision place without admin1 names: compatible within this distance.
    max_km_region: float = 250.0
    # Places this close count as the same spot (score 1 for two points).
    near_km: float = 2.0
    # Blocking grid, in degrees (~55 km at the equator): a point's neighbours are in its cell
    # and the 8 around it, which covers max_km_city.
    cell_degrees: float = 0.5
    # The incremental re-clustering expands the neighbourhood of the new mentions through
    # every pair that scores above the threshold. Past this size it stops expanding (and the
    # result may depend on batch order for that neighbourhood); real components are far
    # smaller.
    max_component_mentions: int = 2000

    # ------------------------------------------------------------------ stories
    # Two documents are in one story when they are copies/rewrites, or when their MAIN
    # mentions (not background ones) would link: pair score >= story threshold, which grows
    # with the gap between publication dates (time decay) ...
    story_threshold: float = 0.6
    story_decay_per_day: float = 0.01
    # ... and never past this gap: a document published months later is a new story even
    # about the same event (an anniversary, a trial).
    story_max_days: int = 30

    # ------------------------------------------------------------------ reconciliation
    # Death and injury tolls rise: a higher figure reported on a later day replaces the
    # earlier lower ones instead of conflicting with them.
    tolls_rise: bool = True


DEFAULT_CONFIG = LinkConfig()
