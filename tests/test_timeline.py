"""The terminal timeline: readable at 80 columns (short type names, wrapped places and
intervals), ACLED's full names on a wide terminal."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from rich.console import Console

from browser_support import build_world
from sitrep.present.timeline import short_type_names, timeline_rows, timeline_table
from sitrep.records import SUB_EVENT_TYPES, DateInterval, DatePrecision, Place


def rendered(width: int) -> str:
    incidents = build_world()["incidents"]
    long_place = Place(name="Baghdad", country="IQ", site="United States embassy compound",
                       lat=33.3, lon=44.4)
    month = DateInterval(dt.date(2020, 9, 1), dt.date(2020, 9, 30), DatePrecision.MONTH)
    incidents[0] = dataclasses.replace(incidents[0], place=long_place, date=month,
                                       independent_sources=1)
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(timeline_table(timeline_rows(incidents), width))
    return console.file.getvalue()


def column(text: str, name: str, following: str) -> str:
    """The words of one column of a rendered table, read down its lines."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if re.search(rf"\b{name}\b", line))
    start, end = lines[header].index(name), lines[header].index(following)
    return " ".join(" ".join(line[start:end].split()) for line in lines[header + 2:])


def test_at_80_columns_no_line_is_wider_and_every_row_is_there():
    text = rendered(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "United States embassy compound, Baghdad, IQ" in column(text, "place", "type")
    types = column(text, "type", "killed")
    for short in ("Shelling, missiles", "IED, landmine", "Air/drone strike", "Peaceful protest"):
        assert short in types
    assert "2020-09-01 – 09-30" in column(text, "date", "place")
    assert "Shelling/artillery/missile attack" not in text
    assert "2 (1)" in text                         # sources (independent)
    assert "…" not in text                        # nothing cut off


def test_a_wide_terminal_shows_acled_names_and_whole_intervals():
    text = rendered(140)
    assert "Shelling/artillery/missile attack" in text
    assert "2020-09-01 – 2020-09-30" in text and "2 (1 indep.)" in text
    assert max(len(line) for line in text.splitlines()) <= 140


@pytest.mark.parametrize("sub_event_type", sorted(SUB_EVENT_TYPES))
def test_every_violent_sub_event_type_has_a_short_name_of_short_words(sub_event_type):
    short = short_type_names()[sub_event_type]
    assert len(short) <= len(sub_event_type) and max(map(len, short.split())) <= 10
