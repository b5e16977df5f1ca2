"""Details that keep two incidents of one town and one day apart (issue #4): ages, streets or
blocks, times of day and named sites given by the two reports. One kind in conflict, or an
age and a site only, is not enough (reports of one event differ in one detail); a street or a
time with any other kind is.
"""
from __future__ import annotations

from sitrep.link.incidents import details_conflicts, details_penalty, mention_details, score_pair
from sitrep.records import GeoPrecision, Place

from test_link_rules import CHICAGO, D, doc, groups, link, mention


def site(name: str) -> Place:
    return Place("Chicago", "US", "Illinois", 41.85, -87.65, precision=GeoPrecision.CITY, site=name)

DAY = D(2017, 1, 22)
PUB = D(2017, 1, 23)


def test_details_are_ages_streets_and_times_of_day():
    m = mention("a", DAY, CHICAGO, wounded=1,
                sentence="A 16-year-old boy was shot at 9:09 a.m. in the 5400 block of South Wood Street, "
                         "and Tenisha Mallet, 21, was wounded near 4235 Oak Shadows Drive about 10 p.m.")
    ages, streets, times = mention_details(m)
    assert ages == {16, 21}
    assert streets == {"wood", "oak"}
    assert times == {9 * 60 + 9, 22 * 60}


def test_a_street_and_a_time_in_conflict_keep_two_reports_apart():
    a = mention("a", DAY, CHICAGO, wounded=1, sentence="Police said a man was shot at 9 a.m. in the 100 block of Elm Street.")
    b = mention("b", DAY, CHICAGO, wounded=1, sentence="Police said a man was shot at 11:30 p.m. in the 300 block of Oak Avenue.")
    conflicts = details_conflicts(a, b)
    assert conflicts == ["streets elm vs oak", "times 9:00 vs 23:30"]
    assert details_penalty(conflicts) == 0.3
    pair = score_pair(a, b)
    assert pair.score < 0.59
    assert "different details (streets elm vs oak; times 9:00 vs 23:30) -0.30" in pair.reasons
    assert groups(link([doc("a", PUB), doc("b", PUB)], [a, b])) == [["a"], ["b"]]


def test_one_detail_in_conflict_does_not_split_a_report():
    # a time an hour and a half off, a street named by one report only: one event
    a = mention("a", DAY, CHICAGO, wounded=1, sentence="Police said a man was shot at 9 a.m. in the 100 block of Elm Street.")
    b = mention("b", DAY, CHICAGO, wounded=1, sentence="Police said a man was shot about 10:30 a.m. on the South Side.")
    assert details_conflicts(a, b) == []
    c = mention("c", DAY, CHICAGO, wounded=1, sentence="Police said a man was shot at 11 p.m. on the South Side.")
    assert details_conflicts(a, c) == ["times 9:00 vs 23:00"]
    assert details_penalty(details_conflicts(a, c)) == 0.0
    assert groups(link([doc("a", PUB), doc("c", PUB)], [a, c])) == [["a", "c"]]


def test_an_age_and_a_site_alone_are_weak():
    # the hospital named as the site, the suspect's age beside the victim's: still one event
    a = mention("a", DAY, site("Christ Medical Center"), wounded=1,
                sentence="Police said a 17-year-old boy was taken to the hospital after the shooting.")
    b = mention("b", DAY, site("Englewood"), wounded=1,
                sentence="Police arrested a 24-year-old man after the shooting in Englewood.")
    conflicts = details_conflicts(a, b)
    assert conflicts == ["ages 17 vs 24", "sites Christ Medical Center vs Englewood"]
    assert details_penalty(conflicts) == 0.0
    assert groups(link([doc("a", PUB), doc("b", PUB)], [a, b])) == [["a", "b"]]
    # ... but with a street in conflict too, two shootings
    c = mention("c", DAY, site("Englewood"), wounded=1,
                sentence="Police arrested a 24-year-old man after the shooting in the 700 block of Halsted Street.")
    d = mention("d", DAY, site("Christ Medical Center"), wounded=1,
                sentence="Police said a 17-year-old boy was shot in the 6500 block of Wood Street.")
    assert details_penalty(details_conflicts(c, d)) == 0.3
    assert groups(link([doc("c", PUB), doc("d", PUB)], [c, d])) == [["c"], ["d"]]
