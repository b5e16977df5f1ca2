"""Word lists that more than one stage reads, each from its data file, loaded on first use.

    from sitrep.data import vocabulary

    vocabulary.months()["sept"] == 9             # every form: names and abbreviations
    vocabulary.month_names()[0] == "january"     # full names, in calendar order
    vocabulary.month_abbreviations()[0] == "jan"
    vocabulary.calendar_words()                  # months, weekdays and time zones, every form
    re.compile(rf"\\d+ \\w+ (?:{vocabulary.street_types_pattern()})\\b")   # "4235 Oak Drive"
    vocabulary.cardinals()["forty"] == 40        # number words: cardinals, multipliers, ordinals
    vocabulary.cardinal_points()["north"] == "N" # points of the compass (en/place_words.tsv)
"""
from __future__ import annotations

import re
from functools import cache

from ..errors import DataFileError
from . import read_table

CALENDAR = "en/calendar.tsv"
STREETS = "en/streets.tsv"
NUMBERS = "en/numbers.tsv"
PLACE_WORDS = "en/place_words.tsv"


@cache
def _calendar() -> dict[str, dict[str, tuple[int, str]]]:
    """kind -> word -> (number, form)."""
    found: dict[str, dict[str, tuple[int, str]]] = {"month": {}, "weekday": {}, "zone": {}}
    for _, row in read_table(CALENDAR, ("word", "kind", "number", "form"), key=("word",)):
        found[row["kind"]][row["word"]] = (int(row["number"]), row["form"])
    return found


def months() -> dict[str, int]:
    """Month names and abbreviations, lower case -> 1 to 12."""
    return {word: number for word, (number, _) in _calendar()["month"].items()}


def weekdays() -> dict[str, int]:
    """Weekday names and abbreviations, lower case -> 0 (Monday) to 6."""
    return {word: number for word, (number, _) in _calendar()["weekday"].items()}


def month_names() -> tuple[str, ...]:
    """The twelve full names, January first, lower case."""
    return _full("month")


def weekday_names() -> tuple[str, ...]:
    """The seven full names, Monday first, lower case."""
    return _full("weekday")


def month_abbreviations() -> tuple[str, ...]:
    """The months' abbreviations, January's first ("jan", ... "sept", "sep", ...), lower case."""
    return _forms("month", "short")


def weekday_abbreviations() -> tuple[str, ...]:
    """The weekdays' abbreviations, Monday's first ("mon", "tue", "tues", ...), lower case."""
    return _forms("weekday", "short")


def _full(kind: str) -> tuple[str, ...]:
    return _forms(kind, "full")


def _forms(kind: str, wanted: str) -> tuple[str, ...]:
    """The words of ``kind`` written in form ``wanted``, by number, in file order within one."""
    words = [(number, word) for word, (number, form) in _calendar()[kind].items() if form == wanted]
    return tuple(word for _, word in sorted(words, key=lambda pair: pair[0]))


def time_zones() -> tuple[str, ...]:
    """Time zone abbreviations ("gmt", "est", ...), lower case, in file order."""
    return tuple(_calendar()["zone"])


@cache
def calendar_words() -> frozenset[str]:
    """Every month, weekday and time-zone word, every form, lower case."""
    return frozenset(word for words in _calendar().values() for word in words)


@cache
def compass_points() -> dict[str, str]:
    """The points of the compass ("north", "northeast", "north-east" ...), cardinal ones
    first, lower case -> their abbreviation ("N", "NE"; "" for none)."""
    return {row["word"]: row["value"] for _, row in _place_rows()
            if row["kind"] in ("cardinal", "intercardinal")}


@cache
def cardinal_points() -> dict[str, str]:
    """North, south, east and west -> "N", "S", "E", "W"."""
    return {row["word"]: row["value"] for _, row in _place_rows() if row["kind"] == "cardinal"}


@cache
def _place_rows():
    return read_table(PLACE_WORDS, ("word", "kind", "value"), key=("word", "kind"))


@cache
def street_types() -> tuple[str, ...]:
    """Street types and their abbreviations as written ("Street", "St", "Avenue" ...),
    longest first (the order a regular expression alternation wants)."""
    words = set()
    for _, row in read_table(STREETS, ("type", "abbreviations"), key=("type",)):
        words.add(row["type"])
        words.update(a for a in row["abbreviations"].split("|") if a)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def street_abbreviations() -> frozenset[str]:
    """The street types' abbreviations ("St", "Ave" ...), as written."""
    return frozenset(a for _, row in read_table(STREETS, ("type", "abbreviations"), key=("type",))
                     for a in row["abbreviations"].split("|") if a)


@cache
def street_types_pattern(periods: bool = False) -> str:
    """A regular expression alternation of ``street_types`` (no group, no boundaries);
    ``periods``: an abbreviation may take its period ("St.")."""
    return "|".join(re.escape(word) + (r"\.?" if periods and word in street_abbreviations() else "")
                    for word in street_types())


@cache
def _numbers() -> dict[str, dict[str, int]]:
    """kind -> word -> value, in file order (by value)."""
    found: dict[str, dict[str, int]] = {"cardinal": {}, "multiplier": {}, "ordinal": {}}
    for line, row in read_table(NUMBERS, ("word", "value", "kind"), key=("word",)):
        if row["kind"] not in found:
            raise DataFileError(f"unknown kind '{row['kind']}' (cardinal, multiplier or ordinal)",
                                path=f"sitrep/data/{NUMBERS}", line=line)
        found[row["kind"]][row["word"]] = int(row["value"])
    return found


def cardinals() -> dict[str, int]:
    """Number words, lower case -> value: "zero" 0 to "ninety" 90, in order."""
    return dict(_numbers()["cardinal"])


def multipliers() -> dict[str, int]:
    """Number nouns that multiply the figure before them: "dozen" 12, "score" 20, "hundred"
    100, "thousand", "million"."""
    return dict(_numbers()["multiplier"])


def ordinals() -> dict[str, int]:
    """Ordinal words, lower case -> position: "first" 1 to "tenth" 10, in order."""
    return dict(_numbers()["ordinal"])
