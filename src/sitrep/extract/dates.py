"""Date expressions in a sentence, resolved against the publication date.

``find_dates(sent, published)`` finds the date expressions of one sentence (a spaCy ``Span``)
and resolves each to a ``DateInterval``; ``resolve_date(expression, published)`` does the
same for one expression given as a string (pure, no spaCy).

How it works
------------
Candidates come from a small grammar of English date expressions (regular
expressions built once from the words of data/en/date_words.tsv, calendar.tsv and numbers.tsv)
run over the sentence text, checked against the sentence's tokens and
spaCy's DATE/TIME entities: ambiguous words ("May", "March", "fall", a bare "2016",
"Christmas") count only with a preposition in front ("in May"), a modifier ("last May"), a
year, or a spaCy DATE entity over them. Overlapping candidates are merged (the longest
wins), so "Monday, March 17, 2014" is one finding, not three. Durations and ages ("for three
years", "35-year-old", "five years in prison") and clock times alone ("at 2 a.m.") are not
date expressions and are never returned.

Direction: an expression without a year ("Sunday", "November 17", "in January") is taken
as the most recent one on or before the publication date P, unless the verb it belongs to
is future ("will", "is expected/scheduled/set to", "to be held" as a headline), in which
case it is the next one on or after P. An event reported in the past tense cannot be after
P, so past intervals are clipped to end at P.

Resolution rules (P = publication date):
  weekdays        "Sunday" -> the last Sunday on or before P (P itself if P is a Sunday);
                  future tense -> next on or after P. "last Sunday"/"this past Sunday" ->
                  strictly before P; "next Sunday" -> strictly after P; "this Sunday" reads
                  like a bare "Sunday" (the tense decides). "Tuesday evening",
                  "early Saturday", "late Friday night", "Tuesday's attack" -> that day.
  today etc.      "today", "tonight", "this morning/afternoon/evening" -> P; "yesterday",
                  "last night" -> P-1; "the day before yesterday" -> P-2; "overnight" ->
                  [P-1, P]; "tomorrow" -> P+1.
  ... ago         "two days ago" -> P-2 (day); "a week ago" -> [P-10, P-4] (week precision;
                  "a week ago today" -> P-7, day); "N months ago" -> P-N months +-15 days
                  (month); "N years ago" -> P-N years +-182 days (year); "hours ago" -> P.
  month + day     "November 17", "Nov. 17th", "17 November", "the 17th of November" -> the
                  most recent one on or before P + 3 days (next on or after P if future);
                  a weekday in
                  front ("Saturday, Nov. 5") picks the year whose date falls on that weekday.
                  "on the 17th" -> the most recent 17th. "March 5-7" -> that range.
  with a year     "November 17, 2019", "17 November 2019", ISO "2019-11-17" -> that day.
                  Numeric d/m/y: "17/11/2019" and "11/17/2019" are read the only way that
                  is valid; when both are ("5/6/2019") the document decides: month-first if
                  it writes dates month-first ("November 17") or has an unambiguous m/d/y,
                  day-first if it writes "17 November" or an unambiguous d/m/y; with no clue
                  month-first (the wire-service convention). Dotted "17.11.2019" is day-first.
  months          "in January", "January" -> the most recent January (this one if P is in
                  January, clipped to P); "last September" -> the most recent September
                  before P's month; "this September" -> September of P's year; "next
                  September" -> the next one after P's month; "January 2020" -> that month.
  periods         "this week" = Monday of P's week .. P; "earlier this week" likewise;
                  "later this week" = P .. Sunday; "last week" = Monday..Sunday of the week
                  before (ISO weeks; said on a Saturday or Sunday, up to the day before P:
                  the week just ending is meant as often); "next week". "this/last/next
                  month", "earlier this month" = [1st, P]; "this year" = [Jan 1, P]; "last
                  year"; "next year".
                  Weekends: "over the weekend"/"this weekend" = the last Saturday-Sunday
                  starting on or before P (clipped), "last weekend"/"this past weekend" = the
                  last one ending before P; precision week.
  years           "in 2019", "2019's", "the 2016 election" -> that year (precision year);
                  "the 1990s" -> the decade (precision year); "2003-2011" -> that range.
  seasons         northern-hemisphere meteorological seasons, precision month: spring =
                  Mar-May, summer = Jun-Aug, fall/autumn = Sep-Nov, winter Y = Dec Y-1 ..
                  Feb Y. "last summer" = the most recent one that ended before P; "summer"
                  alone = the most recent one started on or before P.
  portions        "early/mid/late X", "the beginning/middle/end of X", "the first/second
                  half of X" take the first/middle/last third (or half) of X: months of a
                  year or a season ("late 2019" = Sep-Dec 2019, precision month), days of a
                  month ("mid-October" = Oct 11-20, precision month). Weekdays are not cut.
  holidays        named days from data/en/dates_holidays.tsv ("Christmas Eve", "New Year's
                  Day", "Thanksgiving", "Eid al-Adha", "Ramadan") -> the most recent
                  occurrence on or before P (or with their year).
  durations       "the past three years", "in recent weeks", "over the last 24 hours" ->
                  role "duration", interval [P - span, P], explicit False.
  anaphoric       "the same day", "the next day", "two days later", "a week after", "hours
                  later", "that night", "recently", "earlier" -> interval (None, None,
                  UNKNOWN), explicit False, role "point": they are relative to another
                  event, which the integrator anchors. ``anchor_offset(text)`` gives their
                  offset in days as (low, high) ("two days later" -> (2, 2), "the day before"
                  -> (-1, -1), "a week after" -> (7, 7), "days later" -> (1, 6)) and
                  ``shift(interval, days)`` moves an interval. When the anchor is itself a
                  date in the same phrase ("two days after Christmas", "a week before
                  November 17") the finding is resolved here.
Without a publication date, expressions that carry their own year resolve; all others give
(None, None, UNKNOWN).

Roles: "since" after since/from/starting/after/between and "until" after until/till/by/
through/before (or "to"/"and" closing a from/between range); "duration" for spans
anchored at P; "reference" for dates of publication stamps ("Updated: Sep 27, 2016"),
birth/founding dates, anniversaries, statement dates ("police said Tuesday"), and
year/month/period expressions in aggregate or ordinal contexts ("the 30th homicide this
year", "the deadliest attack of 2019", "so far this year"); "process" for the day of a step of
the legal process that follows the violence ("was arrested Wednesday", "charged Friday with
murder": verbs in data/en/date_verbs.tsv), which never dates the event; "point" otherwise.

explicit: True when the expression names a calendar element itself - a month, a day of
the month, a year, a weekday, a season or a named holiday ("November 17", "in January",
"last September", "Sunday"). Deictic expressions resolved from P ("yesterday", "last
week", "two days ago") and anaphoric ones ("the same day") are explicit False; the deictic
ones still carry a resolved interval, the anaphoric ones do not.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from ..data import read_table, vocabulary
from ..errors import DataFileError
from ..records import DateInterval, DatePrecision

__all__ = ["DateFinding", "find_dates", "resolve_date", "shift", "anchor_offset", "EXTRACTOR"]

EXTRACTOR = "sitrep.extract.dates.v1"

DAY, WEEK, MONTH, YEAR, UNKNOWN = (DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH,
                                   DatePrecision.YEAR, DatePrecision.UNKNOWN)


@dataclass(frozen=True, slots=True)
class DateFinding:
    start: int              # char offsets in sent.doc.text
    end: int
    text: str               # the expression, e.g. "on Sunday", "Tuesday evening"
    interval: DateInterval  # resolved; (None, None, UNKNOWN) when it cannot be here
    role: str               # "point" | "since" | "until" | "duration" | "reference" | "process"
    #                         (and "filed": a dateline's date, set by extract.document)
    explicit: bool          # names its own day/month/year/weekday/season/holiday


# ----------------------------------------------------------------------------- vocabulary

DATE_WORDS = "en/date_words.tsv"
_EXPRESSIONS = ("after_weekday", "before_weekday", "after_deictic", "period", "anaphor", "in_the",
                "recent", "near", "shift", "after_cue", "timestamp")


@dataclass(frozen=True, slots=True)
class _DateWords:
    """``en/date_words.tsv``, read for the patterns below."""

    seasons: dict[str, int]                    # season -> its first month
    unit_days: dict[str, int]                  # unit -> its length in days
    dayparts: tuple[str, ...]
    counts: dict[str, tuple[int, int]]         # "a few" -> (2, 4)
    deictic: dict[str, tuple[int, int]]        # "yesterday" -> (-1, -1), offsets from P
    portions: dict[str, str]                   # "end" -> "late"
    words: dict[str, tuple[str, ...]]          # stamp, reference, future_verb, total, not_year
    expressions: dict[str, tuple[str, ...]]    # expression -> its units and dayparts, in order


@cache
def _date_words() -> _DateWords:
    where = f"sitrep/data/{DATE_WORDS}"
    seasons: dict[str, int] = {}
    unit_days: dict[str, int] = {}
    dayparts: list[str] = []
    counts: dict[str, tuple[int, int]] = {}
    deictic: dict[str, tuple[int, int]] = {}
    portions: dict[str, str] = {}
    words: dict[str, list[str]] = {k: [] for k in ("stamp", "reference", "future_verb", "total",
                                                   "not_year")}
    expressions: dict[str, list[str]] = {k: [] for k in _EXPRESSIONS}
    for line, row in read_table(DATE_WORDS, ("word", "kind", "value", "expressions"),
                                key=("word", "kind")):
        word, kind, value = row["word"], row["kind"], row["value"]
        try:
            if kind == "season":
                seasons[word] = int(value)
            elif kind == "unit":
                unit_days[word] = int(value)
            elif kind == "daypart":
                dayparts.append(word)
            elif kind in ("count", "deictic"):
                low, _, high = value.partition("..")
                (counts if kind == "count" else deictic)[word] = (int(low), int(high or low))
            elif kind == "portion":
                if value not in ("early", "mid", "late", "first_half", "second_half"):
                    raise ValueError(value)
                portions[word] = value
            elif kind in words:
                words[kind].append(word)
            else:
                raise DataFileError(f"unknown kind '{kind}'", path=where, line=line)
        except ValueError as exc:
            raise DataFileError(f"'{value}' is no {kind} value", path=where, line=line) from exc
        for expression in row["expressions"].split():
            if expression not in expressions:
                raise DataFileError(f"unknown expression '{expression}'; use one of "
                                    f"{', '.join(_EXPRESSIONS)}", path=where, line=line)
            expressions[expression].append(word)
    return _DateWords(seasons, unit_days, tuple(dayparts), counts, deictic, portions,
                      {k: tuple(v) for k, v in words.items()},
                      {k: tuple(v) for k, v in expressions.items()})


def units_in(expression: str) -> dict[str, int]:
    """The units an expression of ``en/date_words.tsv`` takes, with their length in days, in
    order ("shift": day 1, week 7, month 30, as in "a week after")."""
    words = _date_words()
    return {unit: words.unit_days[unit] for unit in words.expressions[expression]}


def words_in(expression: str) -> tuple[str, ...]:
    """The words an expression of ``en/date_words.tsv`` takes, in order ("timestamp": posted,
    updated ...)."""
    return _date_words().expressions[expression]


def _alternation(words) -> str:
    """A regular expression alternation of ``words`` in their order (spaces match any)."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)


_WORDS = _date_words()
_MONTHS = vocabulary.months()
_WEEKDAYS = vocabulary.weekdays()
_NUMBERS = {"a": 1, "an": 1, **vocabulary.cardinals()}
_VAGUE = {**_WORDS.counts, "": (1, 6)}  # (low, high) for counts that are not a number
_SEASONS = _WORDS.seasons               # first month
_UNIT_DAYS = _WORDS.unit_days

MONTH_NAMES = vocabulary.month_names()
WEEKDAY_NAMES = vocabulary.weekday_names()
_MONTH_FULL = "(?:" + "|".join(MONTH_NAMES) + ")"
_MONTH_ANY = ("(?:" + "|".join(MONTH_NAMES)
              + "|(?:" + "|".join(vocabulary.month_abbreviations()) + r")\.?)(?![a-z])")
_WD_FULL = "(?:" + "|".join(WEEKDAY_NAMES) + ")"
_WD_ANY = ("(?:" + "|".join(WEEKDAY_NAMES)
           + "|(?:" + "|".join(vocabulary.weekday_abbreviations()) + r")\.?)(?![a-z])")
_YEAR = r"(?:1[89]\d\d|20\d\d)"


def _number_words() -> str:
    """Number words to ninety-nine: "twenty-one", "forty five", "eleven", "seven"."""
    cardinals = vocabulary.cardinals().items()
    tens = "|".join(word for word, value in cardinals if value >= 20)
    ones = "|".join(word for word, value in cardinals if 1 <= value <= 9)
    teens = "|".join(word for word, value in cardinals if 11 <= value <= 19)
    ten = "|".join(word for word, value in cardinals if value == 10)
    return rf"(?:{tens})(?:[-\s](?:{ones}))?|{teens}|{ones}|{ten}"


_NUMWORD = _number_words()
_COUNT = r"(?:\d{1,3}|" + _NUMWORD + "|" + _alternation(_WORDS.counts) + r"|an|a)"
_UNITS = "(?:" + "|".join(f"{unit}s?" for unit in _UNIT_DAYS) + ")"
_TOD = "(?:" + _alternation(_WORDS.expressions["after_weekday"]) + ")"
_APOS = r"['’]"

_X = re.IGNORECASE | re.VERBOSE

_A_YEAR_AGO = r"this\s+time\s+last\s+year"
_RECENT_UNITS = "|".join(unit + "s" for unit in _WORDS.expressions["recent"])      # "recent weeks"
_ANAPHOR_UNITS = _alternation(_WORDS.expressions["anaphor"])
_IN_THE_UNITS = _alternation(_WORDS.expressions["in_the"])
_BEFORE_WEEKDAY = _alternation(_WORDS.expressions["before_weekday"])     # "midnight Sunday"

# Each pattern: (kind, compiled regex). Offsets are in the scanned text.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"""(?<![\w'’])
        (?:(?P<wd>{_WD_ANY})(?:\s+{_TOD})?,?\s+)?
        (?:the\s+)?(?P<mon>{_MONTH_ANY})\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d]|:\d)
        (?:\s*(?:-|–|to|through|and)\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d]|:\d))?
        (?:(?:,\s*|\s+)(?:of\s+)?(?P<year>{_YEAR})(?!\d|,\d))?
        """, _X)),
    ("dmy", re.compile(rf"""(?<![\w'’])
        (?:(?P<wd>{_WD_ANY}),?\s+)?
        (?:the\s+)?(?<![\d,.])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})
        (?:,?\s+(?P<year>{_YEAR})(?!\d|,\d))?
        """, _X)),
    ("iso", re.compile(rf"(?<![\d/.-])(?P<year>{_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\d-])")),
    ("numeric", re.compile(r"""(?<![\w'’])
        (?<![\d/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.-]\d)
        """, _X)),
    ("month_year", re.compile(rf"(?<![\w'’])(?P<mon>{_MONTH_ANY}),?\s+(?:of\s+)?(?P<year>{_YEAR})(?!\d|,\d)", re.I)),
    ("month", re.compile(rf"""(?<![\w'’])
        (?:(?P<rel>last|this\s+past|this|next|past|coming)\s+)?(?P<mon>{_MONTH_FULL}|sept\.)(?![\w'’-])
        """, _X)),
    ("decade", re.compile(rf"(?<![\w'’])(?:the\s+)?(?P<dec>(?:1[89]|20)\d0){_APOS}?s\b", re.I)),
    ("year", re.compile(rf"""(?<![\w'’])
        (?<![\w$€£#.,/:])(?P<year>{_YEAR})(?P<poss>{_APOS}s)?
        (?:\s*[-–]\s*(?P<year2>{_YEAR}|\d\d)(?!\d|,\d)|\s+(?:to|through)\s+(?P<year3>{_YEAR})(?!\d|,\d))?
        (?![\w%/]|[.,:]\d|-\d)
        """, _X)),
    ("season", re.compile(rf"""(?<![\w'’])
        (?:(?P<rel>last|this\s+past|this|next|past|coming)\s+)?(?P<season>{_alternation(_SEASONS)})
        (?:{_APOS}s)?(?:(?:,\s*|\s+)(?:of\s+)?(?P<year>{_YEAR})(?!\d|,\d))?(?![\w-])
        """, _X)),
    ("weekday", re.compile(rf"""(?<![\w'’])
        (?:(?P<rel>last|this\s+past|this|next|past|coming)\s+)?
        (?:(?:early|late|earlier|later|{_BEFORE_WEEKDAY})\s+(?:on\s+)?)?
        (?P<wd>{_WD_FULL})(?:{_APOS}s)?(?![\w])
        (?:,?\s*\(?(?P<nm>\d{{1,2}})/(?P<nd>\d{{1,2}})\)?(?![\d/]))?
        (?:\s+(?:early\s+|late\s+)?{_TOD}(?:{_APOS}s)?(?![\w]))?
        """, _X)),
    ("deictic", re.compile(rf"""(?<![\w'’])
        (?:(?:early|late|earlier|later)\s+)?
        (?P<deic>{_A_YEAR_AGO}|{_alternation(_WORDS.deictic)})(?:{_APOS}s)?(?![\w])
        (?:\s+(?:{_alternation(_WORDS.expressions["after_deictic"])})(?![\w]))?
        """, _X)),
    ("ago", re.compile(rf"""(?<![\w'’])
        (?:(?P<n>{_COUNT})\s+)?(?P<unit>{_UNITS})\s+ago(?![\w])(?:\s+(?P<ref>today|yesterday))?
        """, _X)),
    ("span", re.compile(rf"""(?<![\w'’])
        (?:(?:the|these|those)\s+)?(?P<rel>past|last|previous|preceding|next|coming)\s+(?P<n>{_COUNT})\s+(?P<unit>{_UNITS})(?![\w])
        |(?:(?:the|these)\s+)?(?P<recent>recent)\s+(?P<unit2>{_RECENT_UNITS})(?![\w])
        """, _X)),
    ("period", re.compile(rf"""(?<![\w'’])
        (?:(?P<el>earlier|later|early|late)\s+(?:in\s+)?)?
        (?P<rel>this\s+past|the\s+past|the\s+last|the\s+coming|the\s+current|so\s+far\s+this
           |last|this|next|past|coming|current|the)\s+
        (?P<unit>{_alternation(_WORDS.expressions["period"])})(?![\w-])
        """, _X)),
    ("offset", re.compile(rf"""(?<![\w'’])
        (?:(?P<n>{_COUNT}|the)\s+)?(?P<unit>{_UNITS})\s+
        (?P<dir>later|earlier|after(?:wards?)?|before(?:hand)?|prior(?:\s+to)?)(?![\w])
        """, _X)),
    ("anaphor", re.compile(rf"""(?<![\w'’])
        (?:(?P<el>earlier|later)\s+)?(?:that\s+same|the\s+very\s+same|the\s+same|that)\s+
            (?P<unit>{_ANAPHOR_UNITS}|{_WD_FULL})(?![\w])
        |the\s+(?P<rel>next|following|previous|preceding|prior)\s+
            (?P<unit2>{_ANAPHOR_UNITS}|{_WD_FULL})(?![\w])
        |(?P<el2>earlier|later)\s+in\s+the\s+(?P<unit3>{_IN_THE_UNITS})(?![\w])
        """, _X)),
    ("soon", re.compile(r"""(?<![\w'’])
        (?P<soon>shortly|soon|immediately|moments|minutes|right|just)\s+(?P<dir>after(?:wards?)?|before|later|afterwards?)(?![\w])
        """, _X)),
    ("adverb", re.compile(r"(?<![\w-])(?P<adv>recently|earlier|later)(?![\w-])", re.I)),
    ("nth", re.compile(r"\bon\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b", re.I)),
]

_PREFIX = re.compile(r"""
    (?:(?<![\w])(?P<prep>on|in|since|until|till|til|from|by|during|through|throughout|before|after
        |as\s+of|starting|beginning|between|to|and|over|around|about|into|of|for|at|within)\s+)?
    (?:the\s+)?
    (?:(?P<portion>(?:the\s+)?(?:very\s+)?(?P<part>""" + _alternation(_WORDS.portions) + r""")\s+of\s+(?:the\s+)?)
      |(?P<ml>early|mid|late)(?:\s+|-)(?:in\s+)?)?
    $""", _X)
_PREFIX_TAIL = 60
_WORD_START = re.compile(r"(?<![\w'’-])[a-z]", re.I)
_STAMP = re.compile(r"\b(?:" + _alternation(_WORDS.words["stamp"]) + r")\b[^.!?\n]{0,24}$", re.I)
_JUST_BEFORE = re.compile(r"\b(?:shortly|just|soon|right|immediately|moments?|"
                          + "|".join(f"{unit}s?" for unit in _WORDS.expressions["near"])
                          + r")\s*$", re.I)
_FOLLOWED_BY_OF = re.compile(r"\s+of\s+(?!" + _YEAR + r")", re.I)

_INCLUDED_PREPS = {"on", "in", "since", "until", "till", "til", "from", "by", "during", "through",
                   "throughout", "before", "after", "as of", "starting", "beginning", "over",
                   "between", "within"}
_SINCE_PREPS = {"since", "from", "starting", "beginning", "after", "between"}
_UNTIL_PREPS = {"until", "till", "til", "by", "through", "before"}
_CONTEXT_PREPS = {"on", "in", "since", "until", "till", "til", "from", "by", "during", "through",
                  "throughout", "before", "after", "as of", "starting", "beginning", "between",
                  "over", "around", "into", "of", "to", "and", "within"}

_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo", "gonna"}
_FUTURE_HEADS = frozenset(_WORDS.words["future_verb"])


def _date_verbs() -> dict[str, frozenset[str]]:
    """Lemmas of data/en/date_verbs.tsv by kind ("speech", "process")."""
    found: dict[str, set[str]] = {"speech": set(), "process": set()}
    for line, row in read_table("en/date_verbs.tsv", ("lemma", "kind")):
        if row["kind"] not in found:
            raise DataFileError(f"unknown kind '{row['kind']}' (speech or process)",
                                path="sitrep/data/en/date_verbs.tsv", line=line)
        found[row["kind"]].add(row["lemma"])
    return {kind: frozenset(lemmas) for kind, lemmas in found.items()}


_DATE_VERBS = _date_verbs()
_SPEECH = _DATE_VERBS["speech"]
_PROCESS = _DATE_VERBS["process"]
_REFERENCE_HEADS = frozenset(_WORDS.words["reference"])

_DAY_KINDS = {"mdy", "dmy", "iso", "numeric", "weekday", "deictic", "nth", "holiday"}
_EXPLICIT_KINDS = {"mdy", "dmy", "iso", "numeric", "month_year", "month", "decade", "year",
                   "season", "weekday", "holiday", "nth"}
_ANCHOR_KINDS = _EXPLICIT_KINDS | {"deictic", "period"}
_GAP = re.compile(r"\s*(?:the\s+)?", re.I)
_ANAPHORIC_KINDS = {"offset", "anaphor", "soon", "adverb"}
_AGGREGATE_KINDS = {"year", "decade", "month", "month_year", "period", "season"}


# ----------------------------------------------------------------------------- holidays

@dataclass(frozen=True, slots=True)
class _Holiday:
    rule: str
    length: int
    precision: DatePrecision
    needs_context: bool


@lru_cache(maxsize=1)
def _holidays() -> tuple[re.Pattern[str], list[_Holiday], frozenset[str]]:
    patterns, rules = [], []
    for _, row in read_table("en/dates_holidays.tsv", ("pattern", "rule", "length", "precision",
                                                       "context")):
        pattern, rule, length, precision, context = row.values()
        patterns.append(f"(?P<h{len(rules)}>{pattern})")
        rules.append(_Holiday(rule, int(length), DatePrecision(precision), context.strip() == "yes"))
    regex = re.compile(
        rf"(?<![\w'’])(?:(?P<rel>last|this\s+past|this|next|past|coming)\s+)?(?<![\w])(?:{'|'.join(patterns)})(?![\w])"
        rf"(?:,?\s+(?P<year>{_YEAR})(?!\d|,\d))?", re.I)
    words = frozenset(w for p in patterns for w in re.findall(r"[a-z]{3,}", p) if w != "the")
    return regex, rules, words


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _hijri_to_date(year: int, month: int, day: int) -> dt.date:
    """Tabular Islamic calendar (civil epoch); real observance can differ by a day or two."""
    jd = day + -(-59 * (month - 1) // 2) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return dt.date.fromordinal(jd - 1721425)


def _holiday_dates(h: _Holiday, year: int) -> list[tuple[dt.date, dt.date]]:
    """Occurrences of a holiday that start in Gregorian ``year``."""
    kind, _, arg = h.rule.partition(":")
    span = dt.timedelta(days=h.length - 1)
    if kind == "fixed":
        m, d = map(int, arg.split("-"))
        start = dt.date(year, m, d)
    elif kind == "nth":
        m, wd, n = map(int, arg.split(":"))
        first = dt.date(year, m, 1)
        start = first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    elif kind == "last":
        m, wd = map(int, arg.split(":"))
        last = _month_end(year, m)
        start = last - dt.timedelta(days=(last.weekday() - wd) % 7)
    elif kind == "easter":
        start = _easter(year) + dt.timedelta(days=int(arg))
    elif kind == "hijri":
        hm, hd = map(int, arg.split("-"))
        out = []
        approx = int((year - 622) * 33 / 32)
        for hy in range(approx - 1, approx + 3):
            d = _hijri_to_date(hy, hm, hd)
            if d.year == year:
                out.append((d - dt.timedelta(days=1), d + span + dt.timedelta(days=1)))
        return out
    else:  # pragma: no cover - data error
        raise ValueError(f"unknown holiday rule {h.rule!r}")
    return [(start, start + span)]


# ----------------------------------------------------------------------------- date helpers

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + k
    return idx // 12, idx % 12 + 1


def _shift_years(d: dt.date, k: int) -> dt.date:
    try:
        return d.replace(year=d.year + k)
    except ValueError:  # 29 February
        return d.replace(year=d.year + k, day=28)


def _shift_months(d: dt.date, k: int) -> dt.date:
    y, m = _add_months(d.year, d.month, k)
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _iv(start: dt.date | None, end: dt.date | None, precision: DatePrecision, text: str = "") -> DateInterval:
    return DateInterval(start=start, end=end, precision=precision, text=text)


def _unknown(text: str = "") -> DateInterval:
    return DateInterval(start=None, end=None, precision=UNKNOWN, text=text)


def shift(interval: DateInterval, days: int | tuple[int, int]) -> DateInterval:
    """The interval moved by ``days`` (an int, or a (low, high) range that widens it).

    For the integrator: "two days later" after an event on 2020-11-17 is
    ``shift(event_interval, anchor_offset("two days later"))``. Unresolved intervals stay
    unresolved."""
    if interval.start is None or interval.end is None:
        return interval
    lo, hi = (days, days) if isinstance(days, int) else days
    precision = interval.precision
    if hi - lo > 1 and precision == DAY:
        precision = WEEK
    return replace(interval, start=interval.start + dt.timedelta(days=lo),
                   end=interval.end + dt.timedelta(days=hi), precision=precision)


def _count(raw: str | None) -> tuple[int, int]:
    if raw is None:
        return _VAGUE[""]
    s = " ".join(raw.lower().split())
    if s.isdigit():
        return int(s), int(s)
    if s in _VAGUE:
        return _VAGUE[s]
    if s in _NUMBERS:
        return _NUMBERS[s], _NUMBERS[s]
    parts = re.split(r"[-\s]", s)
    if all(p in _NUMBERS for p in parts):
        n = sum(_NUMBERS[p] for p in parts)
        return n, n
    return _VAGUE[""]


def _unit(raw: str) -> str:
    u = raw.lower()
    return u[:-1] if u.endswith("s") else u


def anchor_offset(text: str) -> tuple[int, int] | None:
    """Day offset (low, high) of an anaphoric expression from the event it refers to.

    "two days later" -> (2, 2); "the day before" -> (-1, -1); "the same day", "that night"
    -> (0, 0); "a week after" -> (7, 7); "days later" -> (1, 6); "hours later" -> (0, 1);
    "the following week" -> (7, 7). None when the expression has no usable offset
    ("recently", "earlier") or is not anaphoric."""
    s = " ".join(text.lower().split())
    m = _PATTERNS_BY_KIND["offset"].search(s)
    if m:
        unit = _unit(m.group("unit"))
        n_raw = m.group("n")
        lo, hi = (1, 1) if n_raw == "the" else _count(n_raw)
        if n_raw is None and unit in ("minute", "hour"):
            lo, hi = 0, 1
        sign = -1 if m.group("dir").startswith(("earlier", "before", "prior")) else 1
        per = _UNIT_DAYS[unit]
        if per == 0:  # minutes / hours
            lo_d, hi_d = 0, 1 if (hi >= 6 or n_raw is None) else 0
        else:
            lo_d, hi_d = lo * per, hi * per
        if sign < 0:
            lo_d, hi_d = -hi_d, -lo_d
        return lo_d, hi_d
    if _PATTERNS_BY_KIND["soon"].search(s):
        return 0, 0
    m = _PATTERNS_BY_KIND["anaphor"].search(s)
    if m:
        if m.group("unit3"):
            return 0, 0
        if m.group("unit"):
            return 0, 0
        rel, unit = m.group("rel"), m.group("unit2")
        per = _UNIT_DAYS.get(unit, 1)
        if unit in _WEEKDAYS:
            return (1, 7) if rel in ("next", "following") else (-7, -1)
        if unit in _WORDS.dayparts:
            per = 1
        return (per, per) if rel in ("next", "following") else (-per, -per)
    return None


# ----------------------------------------------------------------------------- candidates

@dataclass(slots=True)
class _Cand:
    kind: str
    start: int
    end: int
    m: Any                      # re.Match or a dict of groups
    key: tuple[int, int]        # the word that needs checking (month / weekday / year ...)
    gated: bool = False         # needs a preposition / modifier / DATE entity
    prep: str | None = None
    portion: str | None = None  # early / mid / late / first_half / second_half
    stamp: bool = False         # follows "Posted:" / "Updated:"
    anchor: "_Cand | None" = None

    def g(self, name: str) -> str | None:
        try:
            return self.m.group(name)
        except (IndexError, KeyError, AttributeError):
            return None


_PATTERNS_BY_KIND = dict(_PATTERNS)


_MONTH_WORDS = frozenset(_MONTHS)
_UNIT_WORDS = frozenset(u + x for u in _UNIT_DAYS for x in ("", "s"))
_DAYPART_WORDS = frozenset(_WORDS.expressions["anaphor"]) | frozenset(WEEKDAY_NAMES)
_DIGITS = "digit"
# A pattern runs only when the text has, for each set listed, one of its words (or a digit).
_TRIGGERS: dict[str, tuple[frozenset[str] | str, ...]] = {
    "mdy": (_MONTH_WORDS, _DIGITS), "dmy": (_MONTH_WORDS, _DIGITS),
    "month_year": (_MONTH_WORDS, _DIGITS), "month": (_MONTH_WORDS,),
    "iso": (_DIGITS,), "numeric": (_DIGITS,), "year": (_DIGITS,), "decade": (_DIGITS,),
    "nth": (_DIGITS, frozenset({"on"})),
    "season": (frozenset(_SEASONS),),
    "weekday": (frozenset(WEEKDAY_NAMES),),
    # (a deictic phrase's last word: "this morning", "the day before yesterday", "this time ...")
    "deictic": (frozenset(phrase.split()[-1] for phrase in _WORDS.deictic) | {"time"},),
    "ago": (frozenset({"ago"}),),
    "span": (frozenset({"past", "last", "previous", "preceding", "next", "coming", "recent"}),
             _UNIT_WORDS),
    "period": (frozenset(_WORDS.expressions["period"]),),
    "offset": (frozenset({"later", "earlier", "after", "afterward", "afterwards", "before",
                          "beforehand", "prior"}), _UNIT_WORDS),
    "anaphor": (frozenset({"same", "that", "next", "following", "previous", "preceding", "prior",
                           "earlier", "later"}), _DAYPART_WORDS),
    "soon": (frozenset({"shortly", "soon", "immediately", "moments", "minutes", "right", "just"}),
             frozenset({"after", "afterward", "afterwards", "before", "later"})),
    "adverb": (frozenset({"recently", "earlier", "later"}),),
}
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _scan(text: str) -> list[_Cand]:
    """Every candidate of every pattern in ``text`` (overlapping; selection comes later).
    A pattern runs only when the text has its trigger words (cheap set tests first)."""
    words = set(_WORD.findall(text.lower()))
    if _DIGIT.search(text):
        words.add(_DIGITS)
    out: list[_Cand] = []
    for kind, rx in _PATTERNS:
        if any((w not in words) if isinstance(w, str) else w.isdisjoint(words)
               for w in _TRIGGERS[kind]):
            continue
        for m in rx.finditer(text):
            c = _make(kind, m)
            if c is not None:
                out.append(c)
    hrx, rules, hwords = _holidays()
    if not hwords.isdisjoint(words):
        for m in hrx.finditer(text):
            idx = next(int(k[1:]) for k, v in m.groupdict().items() if k[0] == "h" and v)
            rule = rules[idx]
            gated = rule.needs_context and not (m.group("rel") or m.group("year"))
            out.append(_Cand("holiday", m.start(), m.end(), (m, idx, m.group(f"h{idx}")),
                             (m.start(f"h{idx}"), m.end(f"h{idx}")), gated=gated))
    return out


def _make(kind: str, m: re.Match[str]) -> _Cand | None:
    s, e = m.start(), m.end()
    if kind in ("mdy", "dmy"):
        mon = _MONTHS[m.group("mon").lower().rstrip(".")]
        day = int(m.group("day"))
        if not 1 <= day <= 31 or day > calendar.monthrange(2000, mon)[1]:
            return None
        return _Cand(kind, s, e, m, (m.start("mon"), m.end("mon")))
    if kind == "iso":
        if not (1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31):
            return None
        return _Cand(kind, s, e, m, (s, e))
    if kind == "numeric":
        a, b = int(m.group("a")), int(m.group("b"))
        if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
            return None
        if len(m.group("y")) == 2 and m.group("sep") != "/":
            return None
        return _Cand(kind, s, e, m, (s, e))
    if kind == "month_year":
        return _Cand(kind, s, e, m, (m.start("mon"), m.end("mon")))
    if kind == "month":
        return _Cand(kind, s, e, m, (m.start("mon"), m.end("mon")), gated=not m.group("rel"))
    if kind == "decade":
        return _Cand(kind, s, e, m, (m.start("dec"), m.end("dec")))
    if kind == "year":
        return _Cand(kind, s, e, m, (m.start("year"), m.end("year")),
                     gated=not (m.group("poss") or m.group("year2") or m.group("year3")))
    if kind == "season":
        return _Cand(kind, s, e, m, (m.start("season"), m.end("season")),
                     gated=not (m.group("rel") or m.group("year")))
    if kind == "weekday":
        return _Cand(kind, s, e, m, (m.start("wd"), m.end("wd")))
    if kind == "deictic":
        return _Cand(kind, s, e, m, (m.start("deic"), m.end("deic")))
    if kind in ("ago", "span"):
        unit = m.group("unit") or m.group("unit2") if kind == "span" else m.group("unit")
        if kind == "ago" and m.group("n") is None and not unit.lower().endswith("s"):
            return None
        return _Cand(kind, s, e, m, (s, e))
    if kind == "period":
        rel = " ".join(m.group("rel").lower().split())
        unit = m.group("unit").lower()
        # "the year" only with a portion in front: "(by) the end of the year"
        gated = rel == "the" and not (unit == "weekend" or m.group("el"))
        return _Cand(kind, s, e, m, (m.start("rel"), e), gated=gated)
    if kind == "offset":
        n, unit = m.group("n"), m.group("unit").lower()
        if n is None and not unit.endswith("s"):
            return None          # "day after day"
        return _Cand(kind, s, e, m, (s, e))
    if kind in ("anaphor", "soon"):
        return _Cand(kind, s, e, m, (s, e))
    if kind == "adverb":
        return _Cand(kind, s, e, m, (s, e), gated=True)
    if kind == "nth":
        if not 1 <= int(m.group("day")) <= 31:
            return None
        return _Cand(kind, s, e, m, (m.start("day"), e), gated=True)
    return None  # pragma: no cover


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, longest first; then in text order."""
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _attach_prefix(text: str, c: _Cand) -> None:
    """Look left of the candidate for a preposition, a portion ("the end of", "mid-") and a
    publication stamp ("Updated:"); the span takes in the portion and a meaningful
    preposition ("on Sunday", "since fall 2019")."""
    lo = max(0, c.start - _PREFIX_TAIL)
    m = None
    for w in _WORD_START.finditer(text, lo, c.start):   # leftmost full match = longest
        m = _PREFIX.match(text, w.start(), c.start)
        if m:
            break
    if m and (m.group("prep") or m.group("portion") or m.group("ml")):
        if m.group("prep"):
            c.prep = " ".join(m.group("prep").lower().split())
            if c.prep in ("before", "after") and _JUST_BEFORE.search(text, max(0, lo - 20), m.start("prep")):
                c.prep = "near"     # "shortly before midnight Sunday" is a point in time
        if m.group("ml"):
            c.portion = m.group("ml").lower()
        elif m.group("portion"):
            c.portion = _WORDS.portions[" ".join(m.group("part").lower().split())]
        if c.prep and c.prep not in _INCLUDED_PREPS:
            new_start = m.end("prep")
            if not (m.group("portion") or m.group("ml")):
                new_start = c.start
        else:
            new_start = m.start()
        while new_start < c.start and text[new_start].isspace():
            new_start += 1
        c.start = new_start
    c.stamp = bool(_STAMP.search(text[max(0, c.start - 40):c.start]))


# ----------------------------------------------------------------------------- resolution

def _clip(iv: DateInterval, published: dt.date | None, future: bool) -> DateInterval:
    if published is None or iv.start is None or iv.end is None:
        return iv
    if not future and iv.start <= published < iv.end:
        return replace(iv, end=published)
    if future and iv.start < published <= iv.end:
        return replace(iv, start=published)
    return iv


def _portion(iv: DateInterval, which: str | None) -> DateInterval:
    if which is None or iv.start is None or iv.end is None:
        return iv
    s, e = iv.start, iv.end
    whole_months = s.day == 1 and e == _month_end(e.year, e.month)
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    parts = {"early": (0, 1, 3), "mid": (1, 2, 3), "late": (2, 3, 3), "earlier": None,
             "later": None, "first_half": (0, 1, 2), "second_half": (1, 2, 2)}.get(which)
    if parts is None:
        return iv
    a, b, n = parts
    if whole_months and months >= 36 and s.month == 1 and e.month == 12:   # decades: whole years
        years = e.year - s.year + 1
        lo, hi = round(years * a / n), round(years * b / n)
        hi = max(hi, lo + 1)
        return replace(iv, start=dt.date(s.year + lo, 1, 1), end=dt.date(s.year + hi - 1, 12, 31))
    if whole_months and months >= 3:
        lo = round(months * a / n)
        hi = round(months * b / n)
        if hi <= lo:
            hi = lo + 1
        y1, m1 = _add_months(s.year, s.month, lo)
        y2, m2 = _add_months(s.year, s.month, hi - 1)
        precision = MONTH if iv.precision in (YEAR, MONTH) and months <= 12 else iv.precision
        return replace(iv, start=dt.date(y1, m1, 1), end=_month_end(y2, m2), precision=precision)
    days = (e - s).days + 1
    if days < 7:
        return iv
    if days in (28, 29, 30, 31) and n == 3:   # thirds of a month: 1-10, 11-20, 21-end
        bounds = [1, 11, 21, days + 1]
        return replace(iv, start=s.replace(day=bounds[a]), end=s.replace(day=bounds[b] - 1))
    lo = (days * a) // n
    hi = -(-days * b // n)
    return replace(iv, start=s + dt.timedelta(days=lo), end=s + dt.timedelta(days=hi - 1))


# A publication date often runs a little behind the text: a time zone, an update stamped
# later ("UPDATE July 16: ... the July 15 death" filed July 15). A month and day this close
# after it is this year's, not last year's.
_PUBLISHED_SLACK = dt.timedelta(days=3)


def _pick_year(month: int, day: int, published: dt.date, future: bool,
               weekday: int | None = None) -> dt.date | None:
    options = [d for y in (published.year - 1, published.year, published.year + 1)
               if (d := _safe_date(y, month, day))]
    if weekday is not None:
        matching = [d for d in options if d.weekday() == weekday]
        if matching:
            return min(matching, key=lambda d: abs((d - published).days))
    if future:
        later = [d for d in options if d >= published]
        return min(later) if later else None
    earlier = [d for d in options if d <= published + _PUBLISHED_SLACK]
    return max(earlier) if earlier else None


def _weekday_date(wd: int, published: dt.date, future: bool, rel: str | None) -> dt.date:
    cur = published.weekday()
    if rel in ("last", "this past", "past"):
        return published - dt.timedelta(days=((cur - wd - 1) % 7) + 1)
    if rel in ("next", "coming"):
        return published + dt.timedelta(days=((wd - cur - 1) % 7) + 1)
    if future:
        return published + dt.timedelta(days=(wd - cur) % 7)
    return published - dt.timedelta(days=(cur - wd) % 7)


def _season_iv(season: str, year: int) -> tuple[dt.date, dt.date]:
    first = _SEASONS[season]
    if first == 12:  # winter Y = Dec Y-1 .. Feb Y
        return dt.date(year - 1, 12, 1), _month_end(year, 2)
    return dt.date(year, first, 1), _month_end(year, first + 2)


def _numeric_style(doc: Any) -> str:
    """'mdy' or 'dmy': how the document writes dates (cached on doc.user_data)."""
    if doc is None:
        return "mdy"
    try:
        cached = doc.user_data.get("sitrep.dates.style")
    except AttributeError:
        return "mdy"
    if cached:
        return cached
    text = doc.text
    md = len(_STYLE_MD.findall(text))
    dm = len(_STYLE_DM.findall(text))
    for m in _PATTERNS_BY_KIND["numeric"].finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            dm += 2
        elif b > 12 >= a:
            md += 2
    style = "dmy" if dm > md else "mdy"
    doc.user_data["sitrep.dates.style"] = style
    return style


_STYLE_MD = re.compile(rf"\b{_MONTH_ANY}\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:{_MONTH_ANY}))", re.I)
_STYLE_DM = re.compile(rf"(?<![\d,.])\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_ANY}", re.I)


def _resolve(c: _Cand, published: dt.date | None, future: bool, *, text: str,
             style: str = "mdy", clip: bool = True) -> tuple[DateInterval, bool]:
    """(interval, explicit) for one candidate; ``clip`` keeps past intervals within P."""
    P = published
    Pc = published if clip else None
    kind = c.kind
    explicit = kind in _EXPLICIT_KINDS

    def g(name: str) -> str | None:
        return c.g(name)

    if kind in ("mdy", "dmy"):
        mon = _MONTHS[g("mon").lower().rstrip(".")]
        day = int(g("day"))
        day2 = int(g("day2")) if kind == "mdy" and g("day2") else None
        wd = _WEEKDAYS.get(g("wd").lower().rstrip(".")) if g("wd") else None
        if g("year"):
            d = _safe_date(int(g("year")), mon, day)
        elif P is not None:
            d = _pick_year(mon, day, P, future, wd)
        else:
            return _unknown(text), explicit
        if d is None:
            return _unknown(text), explicit
        end = d
        if day2 and day2 > day:
            end = _safe_date(d.year, mon, day2) or d
        return _clip(_iv(d, end, DAY, text), Pc, future), explicit
    if kind == "iso":
        d = _safe_date(int(g("year")), int(g("m")), int(g("d")))
        return (_iv(d, d, DAY, text) if d else _unknown(text)), explicit
    if kind == "numeric":
        a, b, y = int(g("a")), int(g("b")), g("y")
        year = int(y)
        if len(y) == 2:
            pivot = (P.year % 100 + 1) if P else 30
            year += 2000 if year <= pivot else 1900
        md, dm = _safe_date(year, a, b), _safe_date(year, b, a)
        if g("sep") == ".":
            d = dm or md
        elif md and dm and md != dm:
            d = dm if style == "dmy" else md
        else:
            d = md or dm
        return (_iv(d, d, DAY, text) if d else _unknown(text)), explicit
    if kind == "month_year":
        mon, year = _MONTHS[g("mon").lower().rstrip(".")], int(g("year"))
        iv = _iv(dt.date(year, mon, 1), _month_end(year, mon), MONTH, text)
        return _clip(_portion(iv, c.portion), Pc, future), explicit
    if kind == "month":
        if P is None:
            return _unknown(text), explicit
        mon = _MONTHS[g("mon").lower().rstrip(".")]
        rel = " ".join(g("rel").lower().split()) if g("rel") else None
        if rel in ("last", "this past", "past"):
            year = P.year if mon < P.month else P.year - 1
        elif rel == "this":
            year = P.year
        elif rel in ("next", "coming"):
            year = P.year if mon > P.month else P.year + 1
        elif future:
            year = P.year if mon >= P.month else P.year + 1
        else:
            year = P.year if mon <= P.month else P.year - 1
        iv = _iv(dt.date(year, mon, 1), _month_end(year, mon), MONTH, text)
        return _clip(_portion(iv, c.portion), Pc, future), explicit
    if kind == "decade":
        y = int(g("dec"))
        iv = _iv(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), YEAR, text)
        return _clip(_portion(iv, c.portion), Pc, future), explicit
    if kind == "year":
        y = int(g("year"))
        y2 = g("year2") or g("year3")
        end_year = y
        if y2:
            end_year = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
            if end_year < y:
                end_year = y
        iv = _iv(dt.date(y, 1, 1), dt.date(end_year, 12, 31), YEAR, text)
        return _clip(_portion(iv, c.portion), Pc, future), explicit
    if kind == "season":
        season = g("season").lower()
        rel = " ".join(g("rel").lower().split()) if g("rel") else None
        if g("year"):
            s, e = _season_iv(season, int(g("year")))
        elif P is None:
            return _unknown(text), explicit
        else:
            options = [_season_iv(season, y) for y in range(P.year - 2, P.year + 3)]
            if rel in ("last", "this past", "past"):
                s, e = max(o for o in options if o[1] < P)
            elif rel in ("next", "coming"):
                s, e = min(o for o in options if o[0] > P)
            elif future:
                s, e = min(o for o in options if o[1] >= P)
            else:
                s, e = max(o for o in options if o[0] <= P)
        iv = _iv(s, e, MONTH, text)
        return _clip(_portion(iv, c.portion), Pc, future), explicit
    if kind == "weekday":
        if P is None:
            return _unknown(text), explicit
        wd = _WEEKDAYS[g("wd").lower()]
        rel = " ".join(g("rel").lower().split()) if g("rel") else None
        if g("nm") and g("nd"):
            nm, nd = int(g("nm")), int(g("nd"))
            if style == "dmy":
                nm, nd = nd, nm
            if 1 <= nm <= 12 and 1 <= nd <= 31 and (d := _pick_year(nm, nd, P, future, wd)):
                return _iv(d, d, DAY, text), explicit
        d = _weekday_date(wd, P, future, rel)
        return _iv(d, d, DAY, text), explicit
    if kind == "holiday":
        m, idx, _name = c.m
        rule = _holidays()[1][idx]
        rel = " ".join(m.group("rel").lower().split()) if m.group("rel") else None
        if m.group("year"):
            occ = _holiday_dates(rule, int(m.group("year")))
            if not occ:
                return _unknown(text), True
            s, e = occ[0]
        elif P is None:
            return _unknown(text), True
        else:
            occ = [o for y in range(P.year - 1, P.year + 2) for o in _holiday_dates(rule, y)]
            if rel in ("last", "this past", "past"):
                cands = [o for o in occ if o[0] < P]
                s, e = max(cands)
            elif rel in ("next", "coming"):
                s, e = min(o for o in occ if o[0] > P)
            elif future:
                s, e = min(o for o in occ if o[1] >= P)
            else:
                s, e = max(o for o in occ if o[0] <= P)
        return _clip(_iv(s, e, rule.precision, text), Pc, future), True
    if kind == "nth":
        if P is None:
            return _unknown(text), explicit
        day = int(g("day"))
        options = []
        for k in (-2, -1, 0, 1, 2):
            y, mo = _add_months(P.year, P.month, k)
            if d := _safe_date(y, mo, day):
                options.append(d)
        d = min((o for o in options if o >= P), default=None) if future else \
            max((o for o in options if o <= P), default=None)
        return (_iv(d, d, DAY, text) if d else _unknown(text)), explicit
    if kind == "deictic":
        if P is None:
            return _unknown(text), False
        deic = " ".join(g("deic").lower().split())
        if deic == "this time last year":
            d = _shift_years(P, -1)
            return _iv(d - dt.timedelta(days=7), d + dt.timedelta(days=7), WEEK, text), False
        low, high = _WORDS.deictic[deic]
        return _iv(P + dt.timedelta(days=low), P + dt.timedelta(days=high), DAY, text), False
    if kind == "ago":
        if P is None:
            return _unknown(text), False
        unit = _unit(g("unit"))
        per = _UNIT_DAYS[unit]
        lo, hi = _count(g("n"))
        if per == 0:                            # minutes, hours: today
            return _iv(P, P, DAY, text), False
        if per == 1:                            # days, nights
            prec = DAY if lo == hi else WEEK
            return _iv(P - dt.timedelta(days=hi), P - dt.timedelta(days=lo), prec, text), False
        if per < 30:                            # weeks, weekends, fortnights
            if g("ref") and lo == hi:
                d = P - dt.timedelta(days=per * lo)
                return _iv(d, d, DAY, text), False
            return _iv(P - dt.timedelta(days=per * hi + 3), P - dt.timedelta(days=per * lo - 3),
                       WEEK, text), False
        if unit == "month":
            return _iv(_shift_months(P, -hi) - dt.timedelta(days=15),
                       _shift_months(P, -lo) + dt.timedelta(days=15), MONTH, text), False
        years = per // 365                      # years, decades
        return _iv(_shift_years(P, -hi * years) - dt.timedelta(days=182),
                   _shift_years(P, -lo * years) + dt.timedelta(days=182), YEAR, text), False
    if kind == "span":
        if P is None:
            return _unknown(text), False
        if g("recent"):
            unit, (lo, hi) = _unit(g("unit2")), (3, 3)
            if unit == "day":
                hi = 7
            rel = "past"
        else:
            unit, (lo, hi) = _unit(g("unit")), _count(g("n"))
            rel = g("rel").lower()
        per = _UNIT_DAYS[unit]
        prec = DAY if per <= 1 else WEEK if per < 30 else MONTH if per < 365 else YEAR
        if per == 0:                            # minutes, hours
            delta = dt.timedelta(days=max(1, -(-hi // 24)) if unit == "hour" else 0)
            a, b = P - delta, P
        elif unit == "month":
            a, b = _shift_months(P, -hi), P
        elif per >= 365:                        # years, decades
            a, b = _shift_years(P, -hi * (per // 365)), P
        else:
            a, b = P - dt.timedelta(days=hi * per), P
        if rel in ("next", "coming"):
            a, b = P, P + (b - a)
        return _iv(a, b, prec, text), False
    if kind == "period":
        if P is None:
            return _unknown(text), False
        rel = " ".join(g("rel").lower().split())
        unit = g("unit").lower()
        el = g("el").lower() if g("el") else None
        if rel == "so far this":
            rel, el = "this", "earlier"
        if rel in ("the past", "the last"):
            # "the past week", "in the last year": the span up to P
            if unit == "week":
                a = P - dt.timedelta(days=7)
            elif unit == "weekend":
                a = P - dt.timedelta(days=3)
            elif unit == "month":
                a = _shift_months(P, -1)
            elif unit == "year":
                a = _shift_years(P, -1)
            else:
                a = _shift_years(P, -10)
            prec = {"week": WEEK, "weekend": WEEK, "month": MONTH}.get(unit, YEAR)
            return _iv(a, P, prec, text), False
        if unit == "weekend":
            sat_before = P - dt.timedelta(days=(P.weekday() - 5) % 7)
            if rel in ("last", "this past", "past"):
                ended = sat_before + dt.timedelta(days=1) < P
                sat = sat_before if ended else sat_before - dt.timedelta(days=7)
            elif rel in ("next", "coming", "the coming"):
                sat = sat_before + dt.timedelta(days=7)
            elif future:   # the weekend under way, else the coming one
                sat = sat_before if P.weekday() >= 5 else sat_before + dt.timedelta(days=7)
            else:
                sat = sat_before
            iv = _iv(sat, sat + dt.timedelta(days=1), WEEK, text)
            return _clip(iv, Pc, future), False
        if rel in ("past", "this past") and unit == "week":
            return _iv(P - dt.timedelta(days=7), P, WEEK, text), False
        k = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "the coming": 1}.get(rel, 0)
        if unit == "week":
            monday = P - dt.timedelta(days=P.weekday()) + dt.timedelta(days=7 * k)
            end = monday + dt.timedelta(days=6)
            if k == -1 and P.weekday() >= 5:
                end = P - dt.timedelta(days=1)   # said at the weekend, "last week" may be this one
            iv = _iv(monday, end, WEEK, text)
        elif unit == "month":
            y, mo = _add_months(P.year, P.month, k)
            iv = _iv(dt.date(y, mo, 1), _month_end(y, mo), MONTH, text)
        elif unit == "year":
            iv = _iv(dt.date(P.year + k, 1, 1), dt.date(P.year + k, 12, 31), YEAR, text)
        else:  # decade
            y0 = (P.year // 10 + k) * 10
            iv = _iv(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31), YEAR, text)
        if k == 0 and el == "earlier":
            iv = replace(iv, end=min(iv.end, P))
        elif k == 0 and el == "later":
            iv = replace(iv, start=max(iv.start, P))
        elif el in ("early", "late"):
            iv = _portion(iv, el)
        iv = _portion(iv, c.portion)
        return _clip(iv, Pc, future if k == 0 else k > 0), False
    # anaphoric: relative to another event
    if c.anchor is not None:
        anchor_iv, anchor_explicit = _resolve(c.anchor, P, future, text=text, style=style)
        off = anchor_offset(_cand_text(c))
        if off is not None and anchor_iv.start is not None:
            return shift(replace(anchor_iv, text=text), off), anchor_explicit
        return _unknown(text), False
    return _unknown(text), False


def _cand_text(c: _Cand) -> str:
    m = c.m
    return m.group(0) if hasattr(m, "group") else ""


# ----------------------------------------------------------------------------- roles & tense

def _governor(tok: Any) -> Any:
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _is_future(span: Any) -> bool:
    v = _governor(span.root)
    for _ in range(4):
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        low = {a.lower_ for a in auxes}
        if low & _FUTURE_AUX or v.lower_ in _FUTURE_AUX:
            return True
        if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return False
        if v.lemma_ in _FUTURE_HEADS and (v.tag_ in ("VBZ", "VBP", "VBG")
                                          or any(a.tag_ in ("VBZ", "VBP") for a in auxes)):
            return True
        if v.lemma_ == "go" and v.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in v.children):
            return True
        if "to" in low:
            if v.dep_ == "ROOT":
                return True          # headline infinitive: "Vigil to be held Sunday"
            if v.head.i != v.i:
                v = v.head
                continue
        break
    return False


def _context_role(span: Any, kind: str) -> str | None:
    """'reference' from the syntax around the expression, else None."""
    root = span.root
    tok = root
    verb = None
    for _ in range(6):
        head = tok.head
        if head.i == tok.i:
            break
        if head.lower_ in _REFERENCE_HEADS or head.lemma_ in _REFERENCE_HEADS:
            return "reference"
        tok = head
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            break
    if verb is None and tok.dep_ == "ROOT" and tok.pos_ in ("VERB", "AUX"):
        verb = tok
    # the date hangs on the verb itself ("said Tuesday") or through a preposition ("on Tuesday")
    attached = verb is not None and (
        root.head.i == verb.i or (root.dep_ == "pobj" and root.head.head.i == verb.i))
    if attached and kind in _DAY_KINDS and root.dep_ in ("npadvmod", "prep", "pobj", "tmod", "nmod"):
        if verb.lemma_ in _SPEECH:
            # "police said Tuesday": the day of the statement, not of the event
            return "reference"
        if verb.lemma_ in _PROCESS:
            # "a man was arrested Wednesday in the shooting": the arrest's day
            return "process"
    if kind in _AGGREGATE_KINDS:
        seen = set()
        tok = root
        for _ in range(6):
            seen.add(tok.i)
            if tok.tag_ in ("JJS", "RBS") or tok.ent_type_ == "ORDINAL":
                return "reference"
            if tok.head.i == tok.i or tok.pos_ in ("VERB", "AUX"):
                break
            tok = tok.head
        nodes = [tok] + [c for c in tok.children if c.dep_ in ("attr", "nsubj", "nsubjpass", "dobj")]
        for n in nodes:
            for t in [n, *n.children]:
                if t.i in seen or t in span:
                    continue
                if t.tag_ in ("JJS", "RBS") or t.ent_type_ == "ORDINAL" or t.lemma_ in _TOTALS:
                    return "reference"
    return None


# ----------------------------------------------------------------------------- gating

_MONTH_CONTEXT = _CONTEXT_PREPS | {"last", "this", "next"}
_YEAR_CONTEXT = _CONTEXT_PREPS - {"on", "at", "about", "around"}


_BIRTH_CUE = re.compile(r"(?:date of birth|\bd\.?o\.?b\.?|\bborn(?: on)?)\W*$", re.IGNORECASE)
_NOT_YEAR_AFTER = re.compile(r"\s*(?:" + _alternation(_WORDS.words["not_year"]) + r"|[a-z]\.)")
_TOTALS = frozenset(_WORDS.words["total"])
_STREET_AFTER = re.compile(r"\s+(?:[" + "".join(vocabulary.cardinal_points().values()) + r"]\.?\s+|"
                           + "|".join(f"{point.title()} " for point in vocabulary.cardinal_points())
                           + r")?[A-Z0-9][\w.'’-]*")


def _capitalized(word: str, all_caps: bool) -> bool:
    return word[:1].isupper() or all_caps


def _passes(c: _Cand, text: str, sent: Any, base: int, all_caps: bool,
            published: dt.date | None) -> bool:
    """Checks against the sentence that the pure scanner cannot make."""
    doc = sent.doc
    k0, k1 = c.key
    key_word = text[k0:k1]
    if c.kind in ("numeric", "mdy", "dmy", "iso") and (
            _BIRTH_CUE.search(text[max(0, c.start - 24):c.start])
            or (c.kind in ("numeric", "iso") and text[c.start - 1:c.start] == "("
                and text[c.end:c.end + 1] == ")")):
        # "Date of Birth: 01/6/1992", "John Doe (04/05/88)": a person's birth date; a
        # dateline's "SAVANNAH, GA (August 2, 2015):" is the day of the story
        return False
    has_context = (c.prep in _MONTH_CONTEXT) or c.portion is not None
    kind = c.kind
    if kind in ("mdy", "dmy", "month_year", "month", "weekday", "holiday"):
        if not _capitalized(key_word, all_caps):
            return False
    if kind == "weekday" and c.g("wd") and not _capitalized(c.g("wd"), all_caps):
        return False
    if kind in ("mdy", "dmy") and c.g("wd") and not _capitalized(c.g("wd"), all_caps):
        return False
    tok = doc.char_span(base + k0, base + k1, alignment_mode="expand")
    first = tok[0] if tok is not None and len(tok) else None
    in_date_ent = first is not None and all(t.ent_type_ in ("DATE", "TIME") for t in tok)
    if first is not None and first.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC") \
            and kind in ("month", "weekday", "deictic", "holiday", "season"):
        if not in_date_ent:
            return False
    if kind == "dmy" and not c.g("year") and first is not None:
        # "15 March" fine; reject "5 May" where May is a modal ("5 may be")
        if first.tag_ == "MD":
            return False
    if kind == "anaphor" and text[c.start:c.start + 4].lower() == "that":
        # "that day" (a determiner), not "said that Sunday's attack" (a complementizer)
        if re.match(r"['’]s\b", text[c.end:c.end + 2]):
            return False
        prev = doc[first.i - 1] if first is not None and first.i > sent.start else None
        if prev is not None and prev.lemma_ in _SPEECH:
            return False
        return first is not None and first.dep_ == "det"
    if not c.gated:
        return True
    if kind == "month":
        if first is not None and first.tag_ == "MD":
            return False
        return has_context or in_date_ent
    if kind == "year":
        y = int(c.g("year"))
        if published is not None and y > published.year + 10:
            return False
        if c.prep not in ("in", "since", "during", "of") and _STREET_AFTER.match(text, c.end):
            return False   # "at 1802 Beacon Street", "1903 Desire St.": a house number
        after = text[c.end:c.end + 12].lower()
        if _NOT_YEAR_AFTER.match(after):
            return False
        if not (c.prep in _YEAR_CONTEXT or c.portion is not None or in_date_ent):
            return False
        if c.prep is None and first is not None and first.dep_ in ("nummod", "quantmod") \
                and not in_date_ent:
            return False
        return True
    if kind == "season":
        if _FOLLOWED_BY_OF.match(text, c.end):
            return False
        if first is not None and first.dep_ in ("compound", "amod") and first.head.pos_ == "NOUN" \
                and not (tok is not None and tok.start <= first.head.i < tok.end):
            return False
        return c.prep in _MONTH_CONTEXT or c.portion is not None
    if kind == "holiday":
        return has_context or in_date_ent
    if kind == "period":
        return c.portion is not None
    if kind == "adverb":
        return first is not None and first.pos_ == "ADV" and first.tag_ in ("RB", "RBR")
    if kind == "nth":
        nxt = doc[tok.end] if tok is not None and tok.end < len(doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            return False
        return True
    return True


# ----------------------------------------------------------------------------- public API

def _combine_anchored(text: str, chosen: list[_Cand]) -> list[_Cand]:
    """"two days after Christmas": an offset ending in after/before followed by a date."""
    out: list[_Cand] = []
    i = 0
    while i < len(chosen):
        c = chosen[i]
        if c.kind == "offset" and i + 1 < len(chosen) \
                and c.g("dir").lower().startswith(("after", "before", "prior")):
            nxt = chosen[i + 1]
            gap = text[c.end:nxt.start]
            if nxt.kind in _ANCHOR_KINDS and _GAP.fullmatch(gap):
                c.anchor = nxt
                c.end = nxt.end
                out.append(c)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _ranges(text: str, chosen: list[_Cand]) -> dict[int, str]:
    """Roles from "from X to Y", "between X and Y"."""
    roles: dict[int, str] = {}
    for a, b in zip(chosen, chosen[1:]):
        if a.prep in ("from", "between") and b.prep in ("to", "and", "until", "till", "through"):
            if b.start - a.end <= 14:
                roles[id(a)] = "since"
                roles[id(b)] = "until"
    return roles


def _role(c: _Cand) -> str:
    if c.kind == "span":
        return "duration"
    if c.kind == "period" and (c.g("rel") or "").lower().split()[:2] in (["the", "past"], ["the", "last"]):
        return "duration"
    if c.kind == "period" and " ".join((c.g("rel") or "").lower().split()) == "so far this":
        return "reference"
    if c.stamp:
        return "reference"
    if c.prep in _SINCE_PREPS:
        return "since"
    if c.prep in _UNTIL_PREPS:
        return "until"
    return "point"


def find_dates(sent: Any, published: dt.date | None) -> list[DateFinding]:
    """Date expressions in one sentence (a spaCy Span), resolved against ``published``."""
    text = sent.text
    if not text:
        return []
    base = sent.start_char
    doc = sent.doc
    all_caps = text.upper() == text
    cands = _scan(text)
    for c in cands:
        _attach_prefix(text, c)
    cands = [c for c in cands if _passes(c, text, sent, base, all_caps, published)]
    chosen = _select(cands)
    chosen = _combine_anchored(text, chosen)
    range_roles = _ranges(text, chosen)
    style = None
    out: list[DateFinding] = []
    for c in chosen:
        span = doc.char_span(base + c.start, base + c.end, alignment_mode="expand")
        future = _is_future(span) if span is not None and len(span) else False
        if c.kind == "numeric" or (c.kind == "weekday" and c.g("nm")):
            style = style or _numeric_style(doc)
        possessive = c.kind in ("weekday", "period", "deictic", "year", "holiday", "season") \
            and text[c.end - 2:c.end] in ("'s", "’s")
        if possessive:
            c.end -= 2       # "Sunday's attack" -> "Sunday"
        expr = text[c.start:c.end]
        role = range_roles.get(id(c)) or _role(c)
        if possessive and role == "since" and c.prep == "from":
            role = "point"   # "the toll from Friday's bombing": Friday's is the bombing's day
        interval, explicit = _resolve(c, published, future, text=expr, style=style or "mdy",
                                      clip=role != "until")
        if role == "point" and span is not None and len(span) and c.kind not in _ANAPHORIC_KINDS:
            role = _context_role(span, c.kind) or role
        if c.kind in _ANAPHORIC_KINDS and c.anchor is None:
            explicit = False
        if c.anchor is not None:
            explicit = False     # computed from another date, not named
        out.append(DateFinding(start=base + c.start, end=base + c.end, text=expr,
                               interval=interval, role=role, explicit=explicit))
    return out


def resolve_date(expression: str, published: dt.date | None, *, past: bool = True) -> DateInterval | None:
    """Resolve one date expression given as text (no spaCy). None if it is not one.

    ``past`` False reads expressions without a year as the next occurrence on or after
    ``published``. Ambiguous words need no context here: the caller says it is a date."""
    text = " ".join(expression.split())
    if not text:
        return None
    cands = _scan(text)
    for c in cands:
        _attach_prefix(text, c)
    chosen = _combine_anchored(text, _select(cands))
    if not chosen:
        return None
    best = max(chosen, key=lambda c: (c.end - c.start, -c.start))
    interval, _explicit = _resolve(best, published, not past, text=text)
    return replace(interval, text=expression.strip())
