"""Reconciliation of one incident's mentions into its fields (sitrep.reconcile)."""
from __future__ import annotations

import datetime as dt

from sitrep import reconcile as rec
from sitrep.records import (Claim, Count, DateInterval, DatePrecision, GeoPrecision, Mention, Place)

D = dt.date
EXPLOSIONS = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"


def figure(low, best=None, high="same"):
    best = low if best is None else best
    return {"low": low, "best": best, "high": best if high == "same" else high, "reported": True}


def claim(doc: str, field: str, value, sentence: str, value_text: str | None = None, said_by: str | None = None,
          offset: int = 0) -> Claim:
    """A claim on ``sentence`` placed at ``offset`` in its document."""
    value_start = value_end = None
    if value_text is not None:
        value_start = offset + sentence.index(value_text)
        value_end = value_start + len(value_text)
    return Claim(id=Claim.make_id(doc, field, offset, offset + len(sentence), value), document_id=doc,
                 mention_id=f"{doc}#0", field=field, value=value, start=offset, end=offset + len(sentence),
                 quote=sentence, value_start=value_start, value_end=value_end, said_by=said_by)


def mention(doc: str, claims=(), *, published=D(2020, 12, 21), date=None, place=None, sub=SHELLING,
            perpetrators=(), index=0, **counts) -> Mention:
    return Mention(id=f"{doc}#{index}", document_id=doc, index=index, event_type=EXPLOSIONS, sub_event_type=sub,
                   date=date or DateInterval(D(2020, 12, 20), D(2020, 12, 20), DatePrecision.DAY),
                   place=place, claims=tuple(claims), published=published, perpetrators=tuple(perpetrators),
                   **counts)


SECURITY = ("A security source told AFP that three missiles landed near the headquarters of the US "
            "diplomatic mission, while two other rockets hit separate residential neighborhoods.")
MILITARY = "The military said an outside the law group fired eight missiles."
NO_CASUALTIES = "Iraqi security forces issued a statement saying the attack caused property damage but no casualties."
SOLDIER = "The rockets hit a security checkpoint, wounding an Iraqi soldier."


def afp_rewrite(doc: str) -> Mention:
    return mention(doc, [
        claim(doc, "munitions", figure(3), SECURITY, "three", "a security source (AFP)", 100),
        claim(doc, "munitions", figure(2), SECURITY, "two", "a security source (AFP)", 100),
        claim(doc, "killed", figure(0), NO_CASUALTIES, "no casualties", "Iraqi security forces", 300),
        claim(doc, "wounded", figure(0), NO_CASUALTIES, "no casualties", "Iraqi security forces", 300),
    ])


def test_conflicting_munitions_keep_both_figures_and_who_said_them():
    m000, m001 = afp_rewrite("000"), afp_rewrite("001")
    m004 = mention("004", [
        *afp_rewrite("004").claims,
        claim("004", "munitions", figure(8), MILITARY, "eight", "The military", 900),
        claim("004", "munitions", figure(8), "The US embassy said eight rockets landed.", "eight",
              "the US embassy", 950),
        claim("004", "wounded", figure(1), SOLDIER, "an Iraqi soldier", "The military", 1000),
    ])
    groups = {"000": "000", "001": "000", "004": "000"}           # three rewrites of one AFP story
    inc = rec.reconcile("i1", [m000, m001, m004], groups)
    assert (inc.munitions.low, inc.munitions.best, inc.munitions.high) == (5, 5, 8)
    conflict = next(c for c in inc.conflicts if c.field == "munitions")
    assert [v["best"] for v in conflict.values] == [5, 8]
    security, military = conflict.values
    assert security["said_by"] == "a security source (AFP)" and security["parts"] == [3, 2]
    assert security["documents"] == ["000", "001", "004"]        # one statement, three reprints
    assert military["said_by"] == "The military; the US embassy"   # same figure, two voices: one entry
    assert military["documents"] == ["004"] and len(military["claim_ids"]) == 2
    assert set(security["claim_ids"]) | set(military["claim_ids"]) == set(conflict.claim_ids)
    assert all(cid in inc.claim_ids for cid in conflict.claim_ids)
    # wounded: security forces say none, the military one soldier: low 0, conservative best 0, high 1
    assert (inc.wounded.low, inc.wounded.best, inc.wounded.high) == (0, 0, 1)
    assert {v["said_by"] for v in next(c for c in inc.conflicts if c.field == "wounded").values} == {
        "Iraqi security forces", "The military"}
    assert (inc.killed.low, inc.killed.best, inc.killed.high, inc.killed.reported) == (0, 0, 0, True)
    assert inc.independent_sources == 1


def test_independent_sources_count_reprints_once():
    mentions = [mention(d, killed=Count.exact(2)) for d in ("a", "b", "c", "d")]
    assert rec.reconcile("i", mentions, {"a": "a", "b": "a", "c": "a"}).independent_sources == 2
    assert rec.reconcile("i", mentions).independent_sources == 4
    assert rec.independent_sources(["a", "b", "c", "d"], {"b": "a", "c": "a", "d": "a"}) == 1


def test_reprints_do_not_outvote_an_independent_source():
    # three reprints say "air strike", two independent outlets say "shelling": shelling wins 2-1
    mentions = [mention(d, sub="Air/drone strike") for d in ("a", "b", "c")] + \
               [mention(d, sub=SHELLING) for d in ("x", "y")]
    inc = rec.reconcile("i", mentions, {"a": "a", "b": "a", "c": "a"})
    assert inc.sub_event_type == SHELLING
    assert next(c for c in inc.conflicts if c.field == "sub_event_type")


def test_reported_zero_beats_not_reported():
    silent = mention("a")                                          # no figure: not reported
    zero = mention("b", [claim("b", "killed", figure(0), NO_CASUALTIES, "no casualties", "police")])
    inc = rec.reconcile("i", [silent, zero])
    assert (inc.killed.low, inc.killed.best, inc.killed.high, inc.killed.reported) == (0, 0, 0, True)
    assert inc.wounded == Count.not_reported()                    # no report: coded 0, flagged
    assert inc.munitions == Count.unknown()                       # nobody counted rockets
    none = rec.reconcile("i", [silent, mention("c")])
    assert none.killed.reported is False and none.killed.best == 0 and none.killed.low is None
    # a mention's own Count is used when it has no claims
    assert rec.reconcile("i", [silent, mention("d", killed=Count.exact(3))]).killed.best == 3


def test_open_high_for_at_least():
    at_least_five = mention("a", [claim("a", "killed", figure(5, 5, None), "At least five people were killed.",
                                        "At least five")])
    inc = rec.reconcile("i", [at_least_five])
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (5, 5, None)
    eight = mention("b", [claim("b", "killed", figure(8), "Eight people were killed.", "Eight")])
    inc = rec.reconcile("i", [at_least_five, eight])
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (5, 5, 8)   # "at least 5" is consistent with 8
    at_least_ten = mention("c", [claim("c", "killed", figure(10, 10, None), "At least ten died.", "At least ten")])
    inc = rec.reconcile("i", [at_least_five, eight, at_least_ten])
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (5, 5, None)


def test_floors_alone_do_not_disagree_the_highest_floor_is_best():
    one = mention("a", [claim("a", "munitions", figure(1, 1, None), "At least one missile hit the HQ.",
                              "At least one", "a security source")])
    two = mention("b", [claim("b", "munitions", figure(2, 2, None), "At least two were inside the zone.",
                              "At least two", "security services")])
    inc = rec.reconcile("i", [one, two])
    assert (inc.munitions.low, inc.munitions.best, inc.munitions.high) == (1, 2, None)


def test_parts_add_up_only_when_the_text_says_other():
    including = "Five people were killed, including two children."
    m = mention("a", [claim("a", "killed", figure(5), including, "Five", "police"),
                      claim("a", "killed", figure(2), including, "two", "police")])
    assert rec.reconcile("i", [m]).killed.best == 5
    parts = "Four projectiles fell in the Green Zone, while three others fell in neighborhoods of Baghdad."
    m = mention("b", [claim("b", "munitions", figure(4), parts, "Four", "the army"),
                      claim("b", "munitions", figure(3), parts, "three", "the army")])
    inc = rec.reconcile("i", [m])
    assert (inc.munitions.best, inc.munitions.text) == (7, "4+3=7 per the army")
    total = "The death toll rose to 31 after authorities found 17 more bodies."
    m = mention("c", [claim("c", "killed", figure(31), total, "31", "officials"),
                      claim("c", "killed", figure(17), total, "17", "officials")])
    assert rec.reconcile("i", [m]).killed.best == 31      # a total already holds its increments


def test_rising_toll_replaces_earlier_reports_same_day_conflict_is_conservative():
    first = mention("a", [claim("a", "killed", figure(3), "Three were killed.", "Three", "police")],
                    published=D(2021, 5, 1))
    later = mention("b", [claim("b", "killed", figure(7), "The toll rose to seven.", "seven", "hospital")],
                    published=D(2021, 5, 3))
    same_day = mention("c", [claim("c", "killed", figure(4), "Four died.", "Four", "residents")],
                       published=D(2021, 5, 3))
    inc = rec.reconcile("i", [first, later])
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (7, 7, 7) and not inc.conflicts
    inc = rec.reconcile("i", [first, later, same_day])
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (4, 4, 7)
    assert [v["best"] for v in inc.conflicts[0].values] == [4, 7]
    assert rec.reconcile("i", [first, later], tolls_rise=False).killed.best == 3
    # munitions do not "rise": two counts of rockets on different days are a conflict
    r1 = mention("a", [claim("a", "munitions", figure(3), "Three rockets.", "Three")], published=D(2021, 5, 1))
    r2 = mention("b", [claim("b", "munitions", figure(6), "Six rockets.", "Six")], published=D(2021, 5, 3))
    assert rec.reconcile("i", [r1, r2]).munitions.best == 3


def test_history_gives_figures_as_of_each_report():
    first = mention("a", [claim("a", "killed", figure(3), "Three were killed.", "Three")], published=D(2021, 5, 1))
    later = mention("b", [claim("b", "killed", figure(7), "Seven killed.", "Seven")], published=D(2021, 5, 3))
    hist = rec.history("i", [later, first])
    assert [(h["as_of"], h["figures"]["killed"]["best"], h["figures"]["sources"]) for h in hist] == [
        (D(2021, 5, 1), 3, 1), (D(2021, 5, 3), 7, 2)]
    assert all(h["incident_id"] == "i" for h in hist)


def test_date_is_the_intersection_else_the_most_precise():
    week = DateInterval(D(2021, 5, 1), D(2021, 5, 7), DatePrecision.WEEK, "last week")
    sunday = DateInterval(D(2021, 5, 2), D(2021, 5, 2), DatePrecision.DAY, "on Sunday")
    monday = DateInterval(D(2021, 5, 3), D(2021, 5, 3), DatePrecision.DAY, "early Monday")
    inc = rec.reconcile("i", [mention("a", date=week), mention("b", date=sunday)])
    assert (inc.date.start, inc.date.end, inc.date.precision) == (D(2021, 5, 2), D(2021, 5, 2), DatePrecision.DAY)
    inc = rec.reconcile("i", [mention("a", date=week), mention("b", date=sunday), mention("c", date=monday)])
    assert inc.date.start == D(2021, 5, 2)                        # no common day: the most precise, earliest
    assert next(c for c in inc.conflicts if c.field == "date")


def test_place_is_the_most_precise_and_actors_a_normalized_union():
    city = Place("Baghdad", "IQ", "Baghdad", 33.34, 44.40, precision=GeoPrecision.CITY)
    site = Place("Baghdad", "IQ", "Baghdad", 33.30, 44.39, precision=GeoPrecision.POINT, site="US embassy")
    country = Place("Iraq", "IQ", precision=GeoPrecision.COUNTRY)
    inc = rec.reconcile("i", [mention("a", place=country, perpetrators=["Kataib Hezbollah"]),
                              mention("b", place=site, perpetrators=["the Kataeb Hezbollah", "Iran"]),
                              mention("c", place=city, perpetrators=["KATAIB HEZBOLLAH", "Iran"])])
    assert inc.place == site
    assert inc.perpetrators == ("Kataib Hezbollah", "Iran")
    assert inc.sources == ("a", "b", "c") and inc.mention_ids == ("a#0", "b#0", "c#0")


def test_normalize_voice():
    assert rec.normalize_voice("A security source told AFP") == rec.normalize_voice("security sources")
    assert rec.normalize_voice("a security source (AFP)") == "security source"
    assert rec.normalize_voice(None) == ""
