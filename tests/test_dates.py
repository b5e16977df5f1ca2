"""Date expressions: finding them in a sentence and resolving them against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.dates import DateFinding, anchor_offset, find_dates, resolve_date, shift
from sitrep.records import DateInterval, DatePrecision

D = dt.date
DAY, WEEK, MONTH, YEAR, UNKNOWN = (DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH,
                                   DatePrecision.YEAR, DatePrecision.UNKNOWN)

WED = D(2020, 11, 18)   # a Wednesday; Monday of that week is 2020-11-16


def findings(nlp, text: str, published: dt.date | None) -> list[DateFinding]:
    doc = nlp(text)
    out = [f for sent in doc.sents for f in find_dates(sent, published)]
    for f in out:                              # offsets index the document text
        assert doc.text[f.start:f.end] == f.text
        assert f.interval.text == f.text
    return out


def only(nlp, text: str, published: dt.date | None) -> DateFinding:
    found = findings(nlp, text, published)
    assert len(found) == 1, [(f.text, f.interval) for f in found]
    return found[0]


def check(f: DateFinding, start, end, precision, text=None, role="point", explicit=None):
    assert (f.interval.start, f.interval.end, f.interval.precision) == (start, end, precision), f
    if text is not None:
        assert f.text == text
    assert f.role == role, f
    if explicit is not None:
        assert f.explicit is explicit, f


# ----------------------------------------------------------------------------- weekdays

def test_weekday_in_next_days_paper_is_the_day_before(nlp):
    f = only(nlp, "Gunmen attacked the checkpoint on Sunday.", D(2020, 11, 16))  # a Monday
    check(f, D(2020, 11, 15), D(2020, 11, 15), DAY, text="on Sunday", explicit=True)


def test_weekday_in_same_days_paper_is_that_day(nlp):
    f = only(nlp, "Gunmen attacked the checkpoint on Sunday.", D(2020, 11, 15))  # a Sunday
    check(f, D(2020, 11, 15), D(2020, 11, 15), DAY, text="on Sunday")


def test_weekday_with_part_of_day(nlp):
    text = "Seven rockets targeted the United States embassy in Baghdad on Tuesday evening."
    check(only(nlp, text, WED), D(2020, 11, 17), D(2020, 11, 17), DAY, text="on Tuesday evening")
    check(only(nlp, "The man was shot early Saturday near his home.", WED),
          D(2020, 11, 14), D(2020, 11, 14), DAY, text="early Saturday")
    check(only(nlp, "Two people were wounded late Friday night.", WED),
          D(2020, 11, 13), D(2020, 11, 13), DAY, text="late Friday night")
    check(only(nlp, "A spokesman confirmed Sunday night's attack.", WED),
          D(2020, 11, 15), D(2020, 11, 15), DAY, text="Sunday night")


def test_last_monday(nlp):
    check(only(nlp, "The base was shelled last Monday.", WED),
          D(2020, 11, 16), D(2020, 11, 16), DAY, text="last Monday")
    # in Monday's paper "last Monday" is a week before
    check(only(nlp, "The base was shelled last Monday.", D(2020, 11, 16)),
          D(2020, 11, 9), D(2020, 11, 9), DAY)


def test_future_tense_weekday_is_the_next_one(nlp):
    check(only(nlp, "He will appear in court Monday.", WED), D(2020, 11, 23), D(2020, 11, 23), DAY)
    check(only(nlp, "He is expected to be charged Friday.", WED),
          D(2020, 11, 20), D(2020, 11, 20), DAY, role="process")
    check(only(nlp, "Vigil to be held Sunday", WED), D(2020, 11, 22), D(2020, 11, 22), DAY)


def test_clock_time_does_not_count(nlp):
    f = only(nlp, "Shots were fired into the home at 11:40 p.m. Wednesday.", D(2016, 7, 28))
    check(f, D(2016, 7, 27), D(2016, 7, 27), DAY, text="Wednesday")


# ----------------------------------------------------------------------------- deictic

@pytest.mark.parametrize("text, expected, phrase", [
    ("The attack happened today.", WED, "today"),
    ("Protesters will gather tonight.", WED, "tonight"),
    ("A bomb exploded this morning in the market.", WED, "this morning"),
    ("A bomb exploded yesterday in the market.", D(2020, 11, 17), "yesterday"),
    ("A bomb exploded last night in the market.", D(2020, 11, 17), "last night"),
    ("A bomb exploded the day before yesterday.", D(2020, 11, 16), "the day before yesterday"),
    ("A bomb exploded 2 days ago in the market.", D(2020, 11, 16), "2 days ago"),
    ("A bomb exploded two days ago in the market.", D(2020, 11, 16), "two days ago"),
    ("A bomb exploded a week ago today.", D(2020, 11, 11), "a week ago today"),
])
def test_deictic_days(nlp, text, expected, phrase):
    check(only(nlp, text, WED), expected, expected, DAY, text=phrase, explicit=False)


def test_a_week_ago_is_a_week_wide(nlp):
    check(only(nlp, "A bomb exploded a week ago in the market.", WED),
          D(2020, 11, 8), D(2020, 11, 14), WEEK, text="a week ago", explicit=False)


# ----------------------------------------------------------------------------- month + day

def test_month_day_most_recent_past(nlp):
    check(only(nlp, "The attack on November 17 killed two.", WED),
          D(2020, 11, 17), D(2020, 11, 17), DAY, text="on November 17", explicit=True)


def test_month_day_crossing_the_year(nlp):
    check(only(nlp, "The attack on December 28 killed two.", D(2021, 1, 5)),
          D(2020, 12, 28), D(2020, 12, 28), DAY, text="on December 28")


def test_month_day_just_after_the_publication_date_is_this_year_s(nlp):
    # the publication date runs behind an update: "UPDATE Nov. 17: ... the Nov. 16 death"
    check(only(nlp, "The attack on November 17 killed two.", D(2020, 11, 15)),
          D(2020, 11, 17), D(2020, 11, 17), DAY)
    check(only(nlp, "The attack on November 17 killed two.", D(2020, 11, 10)),
          D(2019, 11, 17), D(2019, 11, 17), DAY)


@pytest.mark.parametrize("text, phrase", [
    ("Police said the man was shot Nov. 17 outside his home.", "Nov. 17"),
    ("The man was killed on 17 November in the north.", "on 17 November"),
    ("The man was killed November 17th in the north.", "November 17th"),
    ("The man was killed on the 17th, police said.", "on the 17th"),
    ("The man was killed on the 17th of November.", "on the 17th of November"),
])
def test_month_day_forms(nlp, text, phrase):
    f = [f for f in findings(nlp, text, WED) if f.text == phrase]
    assert len(f) == 1
    check(f[0], D(2020, 11, 17), D(2020, 11, 17), DAY, explicit=True)


def test_future_month_day(nlp):
    check(only(nlp, "The trial will begin on November 17.", D(2020, 11, 20)),
          D(2021, 11, 17), D(2021, 11, 17), DAY)


def test_weekday_picks_the_year(nlp):
    # 5 November fell on a Saturday in 2016, not in 2017
    check(only(nlp, "The shooting happened Saturday, Nov. 5, at a party.", D(2017, 1, 10)),
          D(2016, 11, 5), D(2016, 11, 5), DAY, text="Saturday, Nov. 5")


@pytest.mark.parametrize("text, expected", [
    ("The man was killed on November 17, 2019 in the north.", D(2019, 11, 17)),
    ("The man was killed on 17 November 2019 in the north.", D(2019, 11, 17)),
    ("The man was killed on Monday, March 17, 2014.", D(2014, 3, 17)),
    ("The man was killed on 2019-11-17 in the north.", D(2019, 11, 17)),
    ("The man was killed on 11/17/2019 in the north.", D(2019, 11, 17)),
    ("The man was killed on 17/11/2019 in the north.", D(2019, 11, 17)),
    ("The man was killed on 17.11.2019 in the north.", D(2019, 11, 17)),
])
def test_dates_with_year(nlp, text, expected):
    check(only(nlp, text, WED), expected, expected, DAY, explicit=True)


def test_ambiguous_numeric_date_follows_the_document(nlp):
    us = findings(nlp, "On November 3 a car bomb exploded. A second one went off on 5/6/2019.", WED)
    assert us[-1].interval.start == D(2019, 5, 6)
    uk = findings(nlp, "On 3 November a car bomb exploded. A second one went off on 5/6/2019.", WED)
    assert uk[-1].interval.start == D(2019, 6, 5)


# ----------------------------------------------------------------------------- months

def test_in_january(nlp):
    check(only(nlp, "In January, a similar attack killed two soldiers.", WED),
          D(2020, 1, 1), D(2020, 1, 31), MONTH, text="In January", explicit=True)


def test_last_september(nlp):
    check(only(nlp, "Last September, gunmen attacked the base.", WED),
          D(2020, 9, 1), D(2020, 9, 30), MONTH, text="Last September", explicit=True)
    # in a September paper, last September is a year back
    check(only(nlp, "Last September, gunmen attacked the base.", D(2020, 9, 10)),
          D(2019, 9, 1), D(2019, 9, 30), MONTH)


def test_current_month_is_clipped_to_publication(nlp):
    check(only(nlp, "In November, gunmen attacked the base.", WED),
          D(2020, 11, 1), WED, MONTH)


def test_month_with_year(nlp):
    check(only(nlp, "Gunmen attacked the base in January 2020.", WED),
          D(2020, 1, 1), D(2020, 1, 31), MONTH, text="in January 2020")
    found = findings(nlp, "Missiles hit the airport in January 2020, days after the raid.", WED)
    assert [f.text for f in found] == ["in January 2020", "days after"]
    check(found[0], D(2020, 1, 1), D(2020, 1, 31), MONTH)
    check(only(nlp, "Since the fall of 2019, the embassy has been targeted.", WED),
          D(2019, 9, 1), D(2019, 11, 30), MONTH, text="Since the fall of 2019", role="since")


@pytest.mark.parametrize("text, start, end, phrase", [
    ("Earlier this month, two rockets fell.", D(2020, 11, 1), WED, "Earlier this month"),
    ("Two rockets fell this month.", D(2020, 11, 1), WED, "this month"),
    ("Two rockets fell last month.", D(2020, 10, 1), D(2020, 10, 31), "last month"),
    ("Two rockets will be tested next month.", D(2020, 12, 1), D(2020, 12, 31), "next month"),
])
def test_relative_months(nlp, text, start, end, phrase):
    check(only(nlp, text, WED), start, end, MONTH, text=phrase, explicit=False)


def test_mid_month(nlp):
    check(only(nlp, "In mid-October, the factions declared a truce.", WED),
          D(2020, 10, 11), D(2020, 10, 20), MONTH, text="In mid-October")


# ----------------------------------------------------------------------------- weeks, years

@pytest.mark.parametrize("text, start, end, phrase", [
    ("Another rocket was fired last week.", D(2020, 11, 9), D(2020, 11, 15), "last week"),
    ("Another rocket was fired earlier this week.", D(2020, 11, 16), WED, "earlier this week"),
    ("Another rocket was fired this week.", D(2020, 11, 16), WED, "this week"),
    ("Three people were shot over the weekend.", D(2020, 11, 14), D(2020, 11, 15),
     "over the weekend"),
])
def test_weeks(nlp, text, start, end, phrase):
    check(only(nlp, text, WED), start, end, WEEK, text=phrase, explicit=False)


@pytest.mark.parametrize("text, start, end, phrase", [
    ("There were 90 rocket attacks last year.", D(2019, 1, 1), D(2019, 12, 31), "last year"),
    ("There were 90 rocket attacks this year.", D(2020, 1, 1), WED, "this year"),
    ("The group attacked the city in 2019.", D(2019, 1, 1), D(2019, 12, 31), "in 2019"),
    ("US troops invaded Iraq in 2003.", D(2003, 1, 1), D(2003, 12, 31), "in 2003"),
])
def test_years(nlp, text, start, end, phrase):
    check(only(nlp, text, WED), start, end, YEAR, text=phrase)


def test_decade_and_portion(nlp):
    check(only(nlp, "The militia was founded in the late 1990s.", WED),
          D(1997, 1, 1), D(1999, 12, 31), YEAR, role="reference")
    check(only(nlp, "Protests spread in late 2019.", WED),
          D(2019, 9, 1), D(2019, 12, 31), MONTH, text="in late 2019")


# ----------------------------------------------------------------------------- seasons

def test_seasons(nlp):
    check(only(nlp, "Dozens of rockets have hit the zone since fall 2019.", WED),
          D(2019, 9, 1), D(2019, 11, 30), MONTH, text="since fall 2019", role="since",
          explicit=True)
    check(only(nlp, "The camp was attacked last summer.", WED),
          D(2020, 6, 1), D(2020, 8, 31), MONTH, text="last summer")
    check(only(nlp, "The camp was attacked in the winter of 2019.", WED),
          D(2018, 12, 1), D(2019, 2, 28), MONTH)


def test_season_words_that_are_not_seasons(nlp):
    assert findings(nlp, "The fall of Mosul shocked the army.", WED) == []
    assert findings(nlp, "The summer heat made the siege worse.", WED) == []


# ----------------------------------------------------------------------------- holidays

def test_holidays(nlp):
    check(only(nlp, "The attack happened on Christmas Eve.", D(2021, 1, 5)),
          D(2020, 12, 24), D(2020, 12, 24), DAY, text="on Christmas Eve", explicit=True)
    check(only(nlp, "Four people were shot on Thanksgiving Day.", D(2016, 11, 30)),
          D(2016, 11, 24), D(2016, 11, 24), DAY)
    f = only(nlp, "The bombing came during Ramadan 2020.", WED)
    assert f.interval.start <= D(2020, 4, 24) and f.interval.end >= D(2020, 5, 23)


# ----------------------------------------------------------------------------- anaphoric

def test_a_week_after_is_relative_to_another_event(nlp):
    found = findings(nlp, "The camp was attacked a week after the election.", WED)
    assert len(found) == 1
    f = found[0]
    check(f, None, None, UNKNOWN, text="a week after", explicit=False)
    assert anchor_offset(f.text) == (7, 7)


@pytest.mark.parametrize("text, offset", [
    ("two days later", (2, 2)), ("the same day", (0, 0)), ("the next day", (1, 1)),
    ("the day before", (-1, -1)), ("three weeks earlier", (-21, -21)), ("days later", (1, 6)),
    ("hours later", (0, 1)), ("that night", (0, 0)), ("recently", None),
])
def test_anchor_offsets(text, offset):
    assert anchor_offset(text) == offset


def test_anaphoric_expressions_are_unresolved(nlp):
    found = findings(nlp, "Two days later, police arrested a man; he had been seen the same day.", WED)
    assert [f.text for f in found] == ["Two days later", "the same day"]
    for f in found:
        check(f, None, None, UNKNOWN, explicit=False)


def test_offset_from_a_date_in_the_same_phrase_resolves(nlp):
    check(only(nlp, "The attack came two days after Christmas.", D(2021, 1, 5)),
          D(2020, 12, 27), D(2020, 12, 27), DAY, text="two days after Christmas", explicit=False)
    check(only(nlp, "There was an attack a week before November 17.", WED),
          D(2020, 11, 10), D(2020, 11, 10), DAY)


def test_shift():
    iv = DateInterval(D(2020, 11, 17), D(2020, 11, 17), DAY, "on Tuesday")
    assert shift(iv, 2) == DateInterval(D(2020, 11, 19), D(2020, 11, 19), DAY, "on Tuesday")
    assert shift(iv, (1, 6)) == DateInterval(D(2020, 11, 18), D(2020, 11, 23), WEEK, "on Tuesday")
    unknown = DateInterval(None, None, UNKNOWN)
    assert shift(unknown, 3) == unknown


# ----------------------------------------------------------------------------- roles

def test_roles(nlp):
    assert only(nlp, "Rockets have hit the zone since 2003.", WED).role == "since"
    f = only(nlp, "Attacks have increased in the past three years.", WED)
    check(f, D(2017, 11, 18), WED, YEAR, role="duration", explicit=False)
    assert only(nlp, "It was the 30th homicide this year.", WED).role == "reference"
    assert only(nlp, "It was the deadliest attack of 2019.", WED).role == "reference"
    assert only(nlp, "Attacks have killed 200 people so far this year.", WED).role == "reference"
    found = findings(nlp, "Police said Tuesday that the man was shot Nov. 17 outside his home.", WED)
    assert [(f.text, f.role) for f in found] == [("Tuesday", "reference"), ("Nov. 17", "point")]
    found = findings(nlp, "Fighting raged from March 3 to March 5.", WED)
    assert [f.role for f in found] == ["since", "until"]
    f = only(nlp, "Updated: Sep 27, 2016 - 9:36 AM", WED)
    check(f, D(2016, 9, 27), D(2016, 9, 27), DAY, role="reference")


def test_legal_process_days_are_not_the_events(nlp):
    # the day of an arrest or a charge is not the day of the shooting it follows
    found = findings(nlp, "A man was arrested Wednesday in the fatal shooting of his neighbor.", WED)
    assert [(f.text, f.role) for f in found] == [("Wednesday", "process")]
    found = findings(nlp, "A 16-year-old was charged with murder Thursday in a shooting on Tuesday.", WED)
    assert [(f.text, f.role) for f in found] == [("Thursday", "process"), ("on Tuesday", "point")]
    found = findings(nlp, "The suspect was named on Tuesday in the killing of three people.", WED)
    assert [(f.text, f.role) for f in found] == [("on Tuesday", "process")]
    # the verb of the violence itself still dates it
    assert only(nlp, "A man was shot Wednesday outside his home.", WED).role == "point"
    assert only(nlp, "Police said on Tuesday that nobody was hurt.", WED).role == "reference"


def test_anniversary_is_reference(nlp):
    f = only(nlp, "Hundreds marched on the anniversary of the March 2 attack.", WED)
    assert f.role == "reference" and f.interval.start == D(2020, 3, 2)


# ----------------------------------------------------------------------------- not dates

@pytest.mark.parametrize("text", [
    "The 35-year-old was sentenced to five years in prison.",
    "He had abused them for three years.",
    "The shooting happened at 2 a.m. near the bar.",
    "Rebels may attack again, and protesters march through the city.",
    "Police found 1300 rounds in the 2400 block of Main Street.",
    "Antonio Mason, 35, died at the scene.",
])
def test_not_dates(nlp, text):
    assert findings(nlp, text, WED) == []


# ----------------------------------------------------------------------------- no publication date

def test_without_publication_date(nlp):
    check(only(nlp, "The man was killed on November 17, 2019.", None),
          D(2019, 11, 17), D(2019, 11, 17), DAY)
    check(only(nlp, "The group attacked the city in 2019.", None),
          D(2019, 1, 1), D(2019, 12, 31), YEAR)
    check(only(nlp, "Gunmen attacked the base in January 2020.", None),
          D(2020, 1, 1), D(2020, 1, 31), MONTH)
    for text in ("Gunmen attacked the checkpoint on Sunday.", "In January, gunmen attacked.",
                 "There were 90 rocket attacks last year.", "The man was killed on November 17.",
                 "A bomb exploded yesterday in the market."):
        f = only(nlp, text, None)
        check(f, None, None, UNKNOWN)


# ----------------------------------------------------------------------------- resolve_date

@pytest.mark.parametrize("expression, published, past, start, end, precision", [
    ("Sunday", D(2020, 11, 16), True, D(2020, 11, 15), D(2020, 11, 15), DAY),
    ("on Sunday", D(2020, 11, 15), True, D(2020, 11, 15), D(2020, 11, 15), DAY),
    ("Monday", WED, False, D(2020, 11, 23), D(2020, 11, 23), DAY),
    ("last Monday", WED, True, D(2020, 11, 16), D(2020, 11, 16), DAY),
    ("next Monday", WED, True, D(2020, 11, 23), D(2020, 11, 23), DAY),
    ("November 17", WED, True, D(2020, 11, 17), D(2020, 11, 17), DAY),
    ("November 17", WED, False, D(2021, 11, 17), D(2021, 11, 17), DAY),
    ("December 28", D(2021, 1, 5), True, D(2020, 12, 28), D(2020, 12, 28), DAY),
    ("November 17, 2019", None, True, D(2019, 11, 17), D(2019, 11, 17), DAY),
    ("in January", WED, True, D(2020, 1, 1), D(2020, 1, 31), MONTH),
    ("last September", WED, True, D(2020, 9, 1), D(2020, 9, 30), MONTH),
    ("earlier this month", WED, True, D(2020, 11, 1), WED, MONTH),
    ("last week", WED, True, D(2020, 11, 9), D(2020, 11, 15), WEEK),
    ("last year", WED, True, D(2019, 1, 1), D(2019, 12, 31), YEAR),
    ("this year", WED, True, D(2020, 1, 1), WED, YEAR),
    ("2 days ago", WED, True, D(2020, 11, 16), D(2020, 11, 16), DAY),
    ("fall 2019", None, True, D(2019, 9, 1), D(2019, 11, 30), MONTH),
    ("late 2019", None, True, D(2019, 9, 1), D(2019, 12, 31), MONTH),
    ("the same day", WED, True, None, None, UNKNOWN),
    ("yesterday", None, True, None, None, UNKNOWN),
])
def test_resolve_date(expression, published, past, start, end, precision):
    iv = resolve_date(expression, published, past=past)
    assert iv is not None
    assert (iv.start, iv.end, iv.precision) == (start, end, precision)
    assert iv.text == expression


def test_resolve_date_rejects_non_dates():
    assert resolve_date("the embassy", WED) is None
    assert resolve_date("", WED) is None


@pytest.mark.parametrize("text", [
    "Police were dispatched to 1802 Beacon Street.",
    "Several hundred people were gathered at the playground at 1903 Desire St.",
    "Police arrested Mauricio Martinez (04/05/88) for aggravated assault.",
    "SILK, BRYANT SCOTT Date of Birth: 01/6/1992 Negligent Homicide",
])
def test_house_numbers_and_birth_dates_are_not_event_dates(nlp, text):
    assert find_dates(nlp(text)[:], dt.date(2015, 3, 22)) == []


def test_a_dateline_s_date_in_parentheses_is_a_date(nlp):
    # unlike a person's numeric birth date in parentheses, "(Nov. 18, 2015)" dates the story
    found = find_dates(nlp("JAY COUNTY, Ind. (Nov. 18, 2015)— A boy was shot.")[:],
                       dt.date(2015, 11, 20))
    assert [(f.text, f.interval.start, f.interval.end) for f in found] == [
        ("Nov. 18, 2015", dt.date(2015, 11, 18), dt.date(2015, 11, 18))]


def test_the_toll_from_a_day_s_attack_dates_the_attack(nlp):
    found = find_dates(nlp("The death toll from Friday's car bombing has risen to 41.")[:],
                       dt.date(2024, 2, 5))
    assert [(f.text, f.interval.start, f.role) for f in found] == [
        ("from Friday", dt.date(2024, 2, 2), "point")]


def test_last_week_said_at_the_weekend_may_be_the_week_just_ending(nlp):
    sunday = dt.date(2024, 3, 17)
    [found] = find_dates(nlp("Last week, rockets hit the air base.")[:], sunday)
    assert (found.interval.start, found.interval.end) == (dt.date(2024, 3, 4), dt.date(2024, 3, 16))
    [found] = find_dates(nlp("Last week, rockets hit the air base.")[:], dt.date(2024, 3, 19))
    assert (found.interval.start, found.interval.end) == (dt.date(2024, 3, 11), dt.date(2024, 3, 17))


def test_the_day_a_toll_rose_is_a_later_step_not_the_event_s(nlp):
    [found] = find_dates(nlp("The death toll rose to seven on Thursday, officials said.")[:],
                         dt.date(2024, 3, 15))
    assert found.role == "process"


def test_a_timeline_s_month_day_and_colon_is_that_day(nlp):
    found = findings(nlp, "March 3: Gunmen killed four farmers in the village.", WED)
    assert [(f.interval.start, f.interval.end) for f in found] == [(D(2020, 3, 3), D(2020, 3, 3))]

