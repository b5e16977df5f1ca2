"""The timeline view model: one row per incident, in date order.

Shared by the terminal table (``sitrep run``/``sitrep timeline``), the HTML report and the
web app, so that all three show the same incidents with the same figures.

``timeline_table`` lays the rows out for a terminal of a given width: from
``WIDE_COLUMNS`` up, ACLED's full type names on one line each; narrower (down to 80
columns), the short names of ``data/en/sub_event_short_names.tsv``, places and date
intervals wrapped on their words, and "5 (3)" for five sources of which three independent.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..records import Count, Incident

# A terminal this wide or wider gets the full layout.
WIDE_COLUMNS = 120


@dataclass(frozen=True, slots=True)
class TimelineRow:
    incident_id: str
    date: str            # "2020-12-20", or "2020-09-01 – 2020-09-30" for a wider interval
    precision: str
    place: str           # "Baghdad, IQ", with the site when known
    event_type: str
    sub_event_type: str
    killed: str          # "0", "5–8", "≥5", "–" (not reported)
    wounded: str
    munitions: str
    sources: int         # documents
    independent_sources: int
    summary: str


def format_count(count: Count | None) -> str:
    """A figure as a reader expects it: exact, a range, open-ended, or a dash when the
    reports give none (the stored best is then ACLED's coded 0, shown as "0?")."""
    if count is None or (count.best is None and count.low is None):
        return "–"
    if not count.reported:
        return f"{count.best}?" if count.best is not None else "–"
    low, best, high = count.low, count.best, count.high
    if high is None:
        floor = low if low is not None else best
        return f"{best} (≥{floor})" if best is not None and floor is not None and best > floor else f"≥{floor}"
    if low is not None and low != high:
        return f"{low}–{high}" if best in (low, high) else f"{best} ({low}–{high})"
    return str(best if best is not None else low)


def format_place(incident: Incident) -> str:
    place = incident.place
    if place is None:
        return "–"
    name = place.name
    if place.site and place.site.lower() not in name.lower():
        name = f"{place.site}, {name}"
    return f"{name}, {place.country}" if place.country else name


def format_date(incident: Incident) -> str:
    date = incident.date
    if date is None or date.start is None:
        return "–"
    if date.end is None or date.end == date.start:
        return date.start.isoformat()
    return f"{date.start.isoformat()} – {date.end.isoformat()}"


def timeline_rows(incidents: Sequence[Incident]) -> list[TimelineRow]:
    def key(incident: Incident):
        start = incident.date.start.isoformat() if incident.date and incident.date.start else "9999"
        return (start, incident.id)

    return [
        TimelineRow(
            incident_id=i.id,
            date=format_date(i),
            precision=str(i.date.precision) if i.date else "unknown",
            place=format_place(i),
            event_type=i.event_type,
            sub_event_type=i.sub_event_type,
            killed=format_count(i.killed),
            wounded=format_count(i.wounded),
            munitions=format_count(i.munitions),
            sources=len(i.sources),
            independent_sources=i.independent_sources,
            summary=i.summary,
        )
        for i in sorted(incidents, key=key)
    ]


@lru_cache(maxsize=1)
def short_type_names() -> dict[str, str]:
    """ACLED sub-event type -> its short name (``sub_event_short_names.tsv``)."""
    from ..data import read_table

    return {row["sub_event_type"]: row["short"]
            for _, row in read_table("en/sub_event_short_names.tsv", ("sub_event_type", "short"),
                                     key=("sub_event_type",))}


def timeline_table(rows: Sequence[TimelineRow], width: int, title: str = "Incident timeline"):
    """A ``rich`` table of ``rows`` that fits a terminal ``width`` columns wide (80 or more)."""
    from rich import box
    from rich.table import Table

    wide = width >= WIDE_COLUMNS
    table = Table(title=f"{title} ({len(rows)} incidents)", expand=False,
                  box=box.HEAVY_HEAD if wide else box.SIMPLE_HEAD, pad_edge=wide,
                  collapse_padding=not wide, show_edge=wide,
                  caption=None if wide else "sources: documents (independent ones)")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("place", ratio=3, min_width=10)
    table.add_column("type", ratio=2, no_wrap=wide, min_width=8)
    for name in ("killed", "wounded", "munitions", "sources"):
        table.add_column(name, justify="right", no_wrap=True)
    names = {} if wide else short_type_names()
    for row in rows:
        independent = row.independent_sources
        sources = str(row.sources) if independent in (0, row.sources) else \
            f"{row.sources} ({independent} indep.)" if wide else f"{row.sources} ({independent})"
        date = row.date if wide else _two_line_interval(row.date)
        table.add_row(date, row.place, names.get(row.sub_event_type, row.sub_event_type),
                      row.killed, row.wounded, row.munitions, sources)
    return table


def _two_line_interval(date: str) -> str:
    """"2020-09-01 – 2020-09-30" as "2020-09-01" over "– 09-30" (the year said once)."""
    start, dash, end = date.partition(" – ")
    if not dash:
        return date
    return f"{start}\n– {end[5:] if end[:4] == start[:4] else end}"
