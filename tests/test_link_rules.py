"""Link rules added for the cross-document targets: generic "Attack" across event types,
reports without a place, districts and counties, consecutive days, and stories that follow
the incidents (including a story that splits when its incident splits).

Each test builds a few short mentions by hand and asserts the exact outcome.
"""
from __future__ import annotations

import datetime as dt
import random

from sitrep.link import link_batch
from sitrep.link.incidents import mention_names, score_pair, shared_names, type_relation
from sitrep.link.memory import MemoryState
from sitrep.records import Claim, Count, DateInterval, DatePrecision, Document, GeoPrecision, Mention, Place

D = dt.date
EXPLOSIONS, DRONE = "Explosions/Remote violence", "Air/drone strike"
VAC, ATTACK = "Violence against civilians", "Attack"
BATTLES, CLASH = "Battles", "Armed clash"

BAGHDAD = Place("Baghdad", "IQ", "Baghdad", 33.3406, 44.4009, 98182, GeoPrecision.CITY)
GASTONIA = Place("Gastonia", "US", "North Carolina", 35.262, -81.187, precision=GeoPrecision.CITY)
CHICAGO = Place("Chicago", "US", "Illinois", 41.85, -87.65, precision=GeoPrecision.CITY)
PINELLAS = Place("Pinellas County", "US", "Florida", 27.90, -82.74, precision=GeoPrecision.REGION)
CLEARWATER = Place("Clearwater", "US", "Florida", 27.966, -82.800, precision=GeoPrecision.CITY)
MIAMI_GARDENS = Place("Miami Gardens", "US", "Florida", 25.942, -80.245, precision=GeoPrecision.CITY)


def day(d: dt.date) -> DateInterval:
    return DateInterval(d, d, DatePrecision.DAY)


def month(year: int, m: int) -> DateInterval:
    return DateInterval(D(year, m, 1), D(year, m + 1, 1) - dt.timedelta(days=1), DatePrecision.MONTH)


def doc(doc_id: str, published: dt.date, text: str = "") -> Document:
    return Document(id=doc_id, text=text or f"Report {doc_id}.", published=published)


def mention(doc_id: str, when, place, *, event_type=VAC, sub=ATTACK, killed=None, wounded=None, sentence="",
            index=0, published=None, background=False) -> Mention:
    date = when if isinstance(when, DateInterval) else day(when)
    claims = ()
    if sentence:
        claims = (Claim(id=Claim.make_id(doc_id, "event_type", 0, len(sentence), sub), document_id=doc_id,
                        mention_id=f"{doc_id}#{index}", field="event_type",
                        value={"event_type": event_type, "sub_event_type": sub}, start=0, end=len(sentence),
                        quote=sentence),)
    return Mention(id=f"{doc_id}#{index}", document_id=doc_id, index=index, event_type=event_type,
                   sub_event_type=sub, date=date, place=place,
                   killed=Count.exact(killed) if killed is not None else Count.not_reported(),
                   wounded=Count.exact(wounded) if wounded is not None else Count.not_reported(),
                   published=published or date.end + dt.timedelta(days=1), background=background,
                   claims=claims, summary=sentence)


def link(documents, mentions, state=None):
    state = state or MemoryState()
    result = link_batch(documents, mentions, state)
    state.apply(result, documents, mentions)
    return state


def groups(state: MemoryState) -> list[list[str]]:
    return sorted(sorted(i.sources) for i in state.incidents())


def stories(state: MemoryState) -> list[list[str]]:
    return sorted(sorted(s.document_ids) for s in state.stories())


# ----------------------------------------------------------------------------- generic "Attack"


STRIKE = "A US drone strike in Baghdad on January 3 killed General Qassem Soleimani and Abu Mahdi al-Muhandis."
RECALL = ("In January, 48 hours after the assassination in an American attack of Iranian General Qassem "
          "Soleimani and his Iraqi lieutenant Abou Mehdi al-Mouhandis, deputies voted to expel US troops.")
OTHER = "In January, an attack on a wedding party in Baghdad shocked the capital, officials recalled."


def test_names_are_the_capitalized_words_of_the_sentences_but_not_their_first_or_place():
    m = mention("b", month(2020, 1), BAGHDAD, sentence=RECALL)
    names = mention_names(m)
    assert {"soleimani", "qassem", "mouhandis", "mehdi"} <= names
    assert "january" not in names and "in" not in names                 # month name, first word
    strike = mention("a", D(2020, 1, 3), BAGHDAD, event_type=EXPLOSIONS, sub=DRONE, sentence=STRIKE)
    assert "baghdad" not in mention_names(strike)                        # its own place
    assert {"soleimani", "mouhandis"} <= set(shared_names(m, strike))    # al-Muhandis ~ al-Mouhandis


def test_generic_attack_joins_a_drone_strike_that_names_the_same_victim():
    docs = [doc("a", D(2020, 1, 4)), doc("c", D(2020, 1, 5)), doc("b", D(2020, 12, 1))]
    strike = [mention("a", D(2020, 1, 3), BAGHDAD, event_type=EXPLOSIONS, sub=DRONE, killed=2, sentence=STRIKE),
              mention("c", D(2020, 1, 3), BAGHDAD, event_type=EXPLOSIONS, sub=DRONE, killed=2, sentence=STRIKE)]
    recall = mention("b", month(2020, 1), BAGHDAD, sentence=RECALL, background=True)
    relation = type_relation(recall, strike[0])
    assert relation.ok and relation.score == 1.0 and "same named" in relation.reason
    state = link(docs, strike + [recall])
    assert groups(state) == [["a", "b", "c"]]
    inc = state.incidents()[0]
    assert (inc.event_type, inc.sub_event_type) == (EXPLOSIONS, DRONE)
    assert inc.date.start == D(2020, 1, 3) and inc.date.end == D(2020, 1, 3)


def test_generic_attack_without_other_evidence_stays_apart_from_another_event_type():
    strike = mention("a", D(2020, 1, 3), BAGHDAD, event_type=EXPLOSIONS, sub=DRONE, killed=2, sentence=STRIKE)
    other = mention("b", month(2020, 1), BAGHDAD, sentence=OTHER)
    assert not type_relation(other, strike).ok
    assert score_pair(other, strike) is None
    state = link([doc("a", D(2020, 1, 4)), doc("b", D(2020, 2, 1))], [strike, other])
    assert groups(state) == [["a"], ["b"]]


def test_generic_attack_joins_a_shootout_when_the_figures_agree():
    clash = mention("a", D(2015, 8, 8), GASTONIA, event_type=BATTLES, sub=CLASH, killed=2, wounded=2)
    attack = mention("b", D(2015, 8, 8), GASTONIA, killed=2, wounded=2)
    relation = type_relation(attack, clash)
    assert relation.ok and relation.score == 0.5 and "figures agree" in relation.reason
    assert groups(link([doc("a", D(2015, 8, 9)), doc("b", D(2015, 8, 9))], [clash, attack])) == [["a", "b"]]
    # the same reports with conflicting tolls are two events of two types
    other = mention("b", D(2015, 8, 8), GASTONIA, killed=5)
    assert not type_relation(other, clash).ok
    assert groups(link([doc("a", D(2015, 8, 9)), doc("b", D(2015, 8, 9))], [clash, other])) == [["a"], ["b"]]


def test_generic_subtype_within_one_event_type_is_weak_not_different():
    a = mention("a", D(2021, 5, 1), CHICAGO, sub=ATTACK)
    b = mention("b", D(2021, 5, 1), CHICAGO, sub="Abduction/forced disappearance")
    c = mention("c", D(2021, 5, 1), CHICAGO, sub="Sexual violence")
    assert type_relation(a, b).score == 0.5 and "generic" in type_relation(a, b).reason
    assert type_relation(b, c).score == 0.0                        # two specific sub-types differ


# ----------------------------------------------------------------------------- places


def test_a_report_without_a_place_links_only_when_the_texts_corroborate():
    placed = mention("a", D(2016, 10, 30), CHICAGO, killed=2, wounded=4,
                     sentence="Police said Brian Davis and Webb were shot outside a party on Walker Mill Road.")
    bare = mention("b", D(2016, 10, 30), None, killed=2, wounded=4,
                   sentence="Two teenagers were killed and four hurt when gunfire erupted, police said.")
    named = mention("c", D(2016, 10, 30), None, killed=2, wounded=4,
                    sentence="Relatives of Brian Davis gathered where the Walker Mill Road shooting took place.")
    assert score_pair(placed, bare) is None                          # fits every shooting of the day
    pair = score_pair(placed, named)
    assert pair is not None and any("same names" in r for r in pair.reasons)
    docs = [doc(x, D(2016, 10, 31)) for x in "abc"]
    assert groups(link(docs, [placed, bare, named])) == [["a", "c"], ["b"]]


def test_a_county_is_not_its_whole_state():
    county = mention("a", D(2017, 2, 10), PINELLAS, wounded=1)
    far = mention("b", D(2017, 2, 10), MIAMI_GARDENS, wounded=1)       # same state, ~330 km away
    near = mention("c", D(2017, 2, 10), CLEARWATER, wounded=1)         # ~10 km from the centroid
    assert score_pair(county, far) is None
    pair = score_pair(county, near)
    assert pair is not None and any("km from Pinellas County" in r for r in pair.reasons)
    docs = [doc(x, D(2017, 2, 11)) for x in "abc"]
    assert groups(link(docs, [county, far, near])) == [["a", "c"], ["b"]]
    # a state-level place still contains every town of the state
    florida = Place("Florida", "US", "Florida", 28.5, -81.7, precision=GeoPrecision.REGION)
    assert score_pair(mention("d", D(2017, 2, 10), florida, wounded=1), far) is not None


# ----------------------------------------------------------------------------- dates


def test_consecutive_days_merge_unless_the_figures_conflict():
    a = mention("a", D(2016, 12, 19), CHICAGO, killed=1)
    b = mention("b", D(2016, 12, 20), CHICAGO, killed=1)                 # dated by its own publication
    c = mention("c", D(2016, 12, 20), CHICAGO, killed=3)
    slip, gap = score_pair(a, b), score_pair(a, c)
    assert "dates 1 day apart 0.50" in slip.reasons and "dates 1 day apart 0.25" in gap.reasons
    assert slip.score >= 0.6 > gap.score
    assert groups(link([doc("a", D(2016, 12, 20)), doc("b", D(2016, 12, 20))], [a, b])) == [["a", "b"]]
    assert groups(link([doc("a", D(2016, 12, 20)), doc("c", D(2016, 12, 21))], [a, c])) == [["a"], ["c"]]


# ----------------------------------------------------------------------------- stories


def test_stories_follow_incidents_and_do_not_chain():
    # b is close to both a and c, but a and c (three days apart) cannot be one incident:
    # two incidents, so two stories, although b would link with either
    a = mention("a", D(2021, 5, 1), CHICAGO, killed=1, wounded=2)
    b = mention("b", D(2021, 5, 2), CHICAGO, killed=1, wounded=2)
    c = mention("c", D(2021, 5, 4), CHICAGO, killed=1, wounded=2)
    docs = [doc("a", D(2021, 5, 2)), doc("b", D(2021, 5, 3)), doc("c", D(2021, 5, 5))]
    assert score_pair(a, b).score >= 0.6 and score_pair(b, c) is None
    d = mention("d", D(2021, 5, 3), CHICAGO, killed=1, wounded=2)
    docs.append(doc("d", D(2021, 5, 4)))
    assert score_pair(b, d).score >= 0.6 and score_pair(d, c).score >= 0.6 and score_pair(a, d) is None
    state = link(docs, [a, b, c, d])
    assert groups(state) == stories(state)                  # one story per incident here
    assert len(stories(state)) == 2


def test_a_background_report_does_not_join_the_story():
    a = mention("a", D(2021, 5, 1), CHICAGO, killed=1, wounded=2)
    b = mention("b", D(2021, 5, 1), CHICAGO, killed=1, wounded=2)
    later = mention("c", D(2021, 5, 1), CHICAGO, killed=1, wounded=2, background=True, published=D(2021, 5, 9))
    docs = [doc("a", D(2021, 5, 2)), doc("b", D(2021, 5, 2)), doc("c", D(2021, 5, 9))]
    state = link(docs, [a, b, later])
    assert groups(state) == [["a", "b", "c"]]
    assert stories(state) == [["a", "b"], ["c"]]


def _splitting_corpus():
    # x and y are one incident until z arrives: z is much closer to y, and z cannot be in
    # one incident with x (30 km apart, both points), so the incident -- and the story -- split
    spot = Place("Chicago", "US", "Illinois", 41.85, -87.65, precision=GeoPrecision.POINT, site="Gage Park")
    far = Place("Glenview", "US", "Illinois", 42.12, -87.65, precision=GeoPrecision.POINT, site="Glenview Mall")
    mid = Place("Chicago", "US", "Illinois", 41.85, -87.65, precision=GeoPrecision.CITY)
    x = mention("x", D(2021, 5, 1), far, killed=1)
    y = mention("y", D(2021, 5, 1), mid, killed=1)
    z = mention("z", D(2021, 5, 1), spot, killed=1, wounded=3)
    y = Mention(**{**{f: getattr(y, f) for f in y.__dataclass_fields__}, "wounded": Count.exact(3)})
    docs = {k: doc(k, D(2021, 5, 2)) for k in "xyz"}
    return docs, {"x": x, "y": y, "z": z}


def test_a_story_splits_when_its_incident_splits_whatever_the_order():
    docs, ms = _splitting_corpus()
    assert score_pair(ms["x"], ms["z"]) is None
    assert score_pair(ms["x"], ms["y"]).score >= 0.6
    first = link([docs["x"], docs["y"]], [ms["x"], ms["y"]])
    assert stories(first) == [["x", "y"]]
    state = link([docs["z"]], [ms["z"]], first)
    assert groups(state) == [["x"], ["y", "z"]]
    assert stories(state) == [["x"], ["y", "z"]]
    one = link(list(docs.values()), list(ms.values()))
    assert stories(one) == stories(state) and groups(one) == groups(state)
    for seed in range(4):
        order = list("xyz")
        random.Random(seed).shuffle(order)
        inc = MemoryState()
        for k in order:
            inc = link([docs[k]], [ms[k]], inc)
        assert stories(inc) == stories(one) and groups(inc) == groups(one)


class _Minimal:
    """A state with only the four ``LinkState`` methods (no optional look-ups)."""

    def __init__(self):
        self.s = MemoryState()

    def mentions_in_window(self, start, end):
        return self.s.mentions_in_window(start, end)

    def incidents_in_window(self, start, end):
        return self.s.incidents_in_window(start, end)

    def documents(self, ids=None):
        return self.s.documents(ids)

    def stories(self):
        return self.s.stories()


def test_stories_with_a_state_without_optional_look_ups():
    docs, ms = _splitting_corpus()
    state = _Minimal()
    for batch in ("xy", "z"):
        result = link_batch([docs[k] for k in batch], [ms[k] for k in batch], state)
        state.s.apply(result, [docs[k] for k in batch], [ms[k] for k in batch])
    assert groups(state.s) == [["x"], ["y", "z"]]
    assert stories(state.s) == [["x"], ["y", "z"]]
