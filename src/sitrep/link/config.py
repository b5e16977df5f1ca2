"""Every threshold of the link stage, in one place, with the reason for its default.

The defaults were set on the Baghdad example and on reasoning about news text; they are meant
to be tuned on gva-dev once extraction exists (see ``benchmarks/bench_link.py`` and
``docs/reconciliation-rules.md``). Nothing in ``sitrep.link`` hard-codes a number that is
not here.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
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
    # Worked examples (weights below; "neutral" figures = one side gives none; documents
    # with no text in common, no actors):
    #   same day, same spot, same sub-type, agreeing figures ............ 0.88
    #   same day, same city, same sub-type, neutral figures ............. 0.74
    #   a day inside a reported week, same city and type, agreeing ...... 0.74
    #   consecutive days, same city and type, agreeing figures .......... 0.69
    #   country-level place, same day and type, agreeing figures ........ 0.68
    #   same day and city, tolls 3 vs 60 (weakened, not forbidden) ...... 0.67
    #   same day and city, a generic and a specific sub-type, neutral ... 0.64
    #   consecutive days, same city and type, neutral figures ........... 0.61
    #   a day inside "in May", same city and type, neutral .............. 0.61
    #   consecutive days, same city and type, tolls 3 vs 5 .............. 0.57  (kept apart)
    #   same day and city, different sub-types, neutral figures ......... 0.54  (kept apart)
    # On gva-dev the threshold trades duplicates against shootings merged away: 0.55 gives
    # 3.8% duplicates but recall 0.742, 0.62 recall 0.752 but 6.3% duplicates; 0.6 kept both
    # targets (<= 5% duplicates, recall 0.749). With the details rule below (issue #4): 0.6
    # gives recall 0.757 but 119/2369 = 5.02% duplicates, 0.59 recall 0.755 and 113/2363 =
    # 4.8%, 0.58 fewer matched again.
    merge_threshold: float = 0.59
    # A generic sub-type ("Attack": means unknown; "Armed clash"; "Other") against another
    # sub-type: consistent but weak evidence, half, as "no figure in common" is; 1 when the
    # two name the same perpetrator, target or victim (the generic report is that event told
    # without its means). "Attack" may face another political-violence event type when a
    # named actor or an agreeing figure corroborates it: on gva-dev, police shootouts typed
    # Battles/Armed clash by one report and Attack by another made 25 of 182 duplicates; on
    # Baghdad, "an American attack" killing Soleimani "In January" is the 3 January strike.
    generic_type_score: float = 0.5
    # score weights: date, place, type, figures, text (rewrite score of the two documents),
    # actors. Sum to 1. Date and place carry most of the evidence; the sub-type separates
    # two attacks in one city on one day; figures often disagree between reports of one
    # event, so they weigh less; the text similarity of the documents is near 0.2 for any
    # two reports of one topic, so only rewrites (0.7+) add much; actor names vary too much.
    weights: tuple[float, float, float, float, float, float] = (0.25, 0.25, 0.20, 0.15, 0.10, 0.05)
    # Details that tell two incidents of one town and day apart (``details_conflicts``): the
    # victims' ages, the street or block, the time of day, the named site. Reports of one
    # event may differ in one of them (a hospital named as the site, a suspect's age beside
    # the victim's); they rarely differ in two. On gva-dev, among candidate pairs scoring
    # >= 0.6 whose mentions the gold assigns to one gold incident each (2,412 pairs, 349 of
    # two shootings): a street alone in conflict, 24 pairs of two shootings and 13 of one; a
    # time alone 16 and 25; an age alone 41 and 104; a site alone 13 and 113; an age and a
    # site 8 and 6; any other two kinds or more 70 and 4. So ages and sites weigh
    # ``detail_weak_weight`` (0.5), streets and times 1, and a pair whose conflicts weigh
    # ``details_conflict_weight`` (1.5) or more loses ``details_conflict_penalty`` (0.3: the
    # same-city, same-day, neutral-figures pair, 0.74, falls to 0.44); a lighter conflict
    # costs nothing. Measured on gva-dev (threshold 0.6): penalising one conflict by 0.05
    # cost 23 more duplicates (recall 0.758, 145 duplicates), by 0 gave 122 duplicates; the
    # weighting of ages and sites 119 (weight 1 for them: 147); penalty 0.2 recall 0.755 /
    # 118 duplicates, 0.3 0.757 / 119, 0.5 0.758 / 122.
    details_conflict_penalty: float = 0.3
    detail_weak_weight: float = 0.5
    details_conflict_weight: float = 1.5
    # Ages compared only when each mention gives at most this many (a list of victims and
    # suspects says little); times of day further apart than this are different (a report's
    # "about 6 a.m." and another's "6:40 a.m." are one time); sites matching below this
    # rapidfuzz token-set ratio are different.
    detail_max_ages: int = 2
    detail_max_minutes: int = 120
    detail_site_ratio: int = 70
    # Dates must overlap with this slack: night events straddle midnight and time zones
    # ("late Saturday" vs "early Sunday"). One day is also the scorer's slack.
    date_slack_days: int = 1
    # Intervals that only touch through the slack (consecutive days) keep this share of the
    # date score when the two reports' figures do not conflict: the gap is then most often a
    # dating slip (a report taking its own date, or the night's, for the event's). On gva-dev
    # a day apart in one town with agreeing or no figures was one shooting 177 times and two
    # 61 times; conflicting figures, 28 against 31: those keep ``gap_day_factor``.
    # (0.5 rather than 0.25: 35 fewer duplicates for 10 fewer matched incidents.)
    slip_day_factor: float = 0.5
    gap_day_factor: float = 0.25
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
    # A mention without a place is compatible with every place, so it would join whichever
    # incident of its day scores best: it links only when the texts corroborate -- the two
    # documents rewrite each other (text score >= this) or the mentions' sentences share
    # this many proper names. On gva-dev such a mention and a report of another shooting
    # made 5,600 candidate pairs, 1,075 above the merge threshold, against 76 true pairs
    # above it; the rule keeps 35 of the former and 52 of the latter.
    placeless_min_text: float = 0.3
    placeless_min_names: int = 2
    # A city-precision place is compatible with points within a large city's radius.
    max_km_city: float = 40.0
    # A region-precision place without admin1 names: compatible within this distance.
    max_km_region: float = 250.0
    # A region inside a first-level one (a county, a district) is compatible with places within
    # this distance of its centroid, not with its whole province or state, and scores by
    # distance as a town does (0.75 at its centroid, falling to 0.4). On gva-dev, reports
    # placed in a county and in a town of the same state were one shooting 91 times, 89 of
    # them within 50 km, and two shootings 120 times, 103 of them over 50 km apart; 75 km
    # (a large county's reach) matched 4 more shootings than 100 km, with no more duplicates.
    max_km_subregion: float = 75.0
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
    # Two documents are in one story when they are copies/rewrites, or when a MAIN mention
    # (not a background one) of each is in one incident -- stories follow the incidents, so
    # they never chain through a series of similar reports the incidents keep apart (on
    # gva-dev, pairwise "would link" edges chained up to 44 documents of 33 shootings into
    # one story: B-cubed precision 0.80) -- and they were published at most this many days
    # apart (time decay): a document published months later is a new story even about the
    # same event (an anniversary, a trial).
    story_max_days: int = 30

    # ------------------------------------------------------------------ reconciliation
    # Death and injury tolls rise: a higher figure reported on a later day replaces the
    # earlier lower ones instead of conflicting with them.
    tolls_rise: bool = True

    def with_settings(self, settings: Iterable[str]) -> "LinkConfig":
        """This configuration with ``KEY=VALUE`` settings (``sitrep run --set
        merge_threshold=0.6``), each value read as the type of the field's default ("0.6",
        "true", "0.25,0.25,0.2,...")."""
        from ..errors import ConfigError

        changes = {}
        for setting in settings:
            key, _, text = setting.partition("=")
            key = key.strip()
            if key not in LinkConfig.__dataclass_fields__:
                raise ConfigError(f"--set {setting}: LinkConfig has no setting {key!r}")
            default = getattr(self, key)
            try:
                if isinstance(default, bool):
                    if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                        raise ValueError(text)
                    changes[key] = text.lower() in ("true", "1", "yes")
                elif isinstance(default, tuple):
                    changes[key] = tuple(type(default[0])(x) for x in text.split(","))
                    if len(changes[key]) != len(default):
                        raise ValueError(f"{len(default)} values expected")
                else:
                    changes[key] = type(default)(text)
            except ValueError as exc:
                raise ConfigError(f"--set {setting}: {key} takes a {type(default).__name__} like "
                                  f"{default!r}") from exc
        return dataclasses.replace(self, **changes)


DEFAULT_CONFIG = LinkConfig()
