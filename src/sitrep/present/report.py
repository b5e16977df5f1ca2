"""The HTML report: one self-contained file with a timeline, a map and a card per incident.

    write_report(store, "report.html")

Everything the page needs is inside the file: the stylesheet, the scripts (hand-written,
``present/static/charts.js`` and ``report.js``), the data (a JSON island) and the country
outlines (Natural Earth 1:110m via world-atlas, drawn as inline SVG). A Content-Security-
Policy meta tag forbids every network load, so opening the file never contacts anyone.
Templates are Jinja2 with autoescaping: article text is always escaped.

The cards, the map markers and the timeline bars come from ``present.viewmodel``, the same
view model the web app and its JSON API use.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..records import Incident
from . import viewmodel as vm

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report and the web pages (autoescape always on)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["by_sentence"] = vm.by_sentence
    return env


@functools.lru_cache(maxsize=8)
def static_text(name: str) -> Markup:
    """A file of ``present/static`` to inline in the report. Our own CSS/JS: trusted, but
    refused if it could close the element it is inlined into."""
    text = (vm.STATIC / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} contains a closing script/style tag; it cannot be inlined")
    return Markup(text)


def date_span(cards: Sequence[vm.IncidentCard]) -> str:
    days = [c.date.start for c in cards if c.date and c.date.start]
    ends = [c.date.end or c.date.start for c in cards if c.date and c.date.start]
    if not days:
        return ""
    first, last = min(days), max(ends)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def report_context(incidents: Sequence[Incident], details: dict[str, vm.IncidentDetail],
                   *, title: str, documents: int) -> dict[str, Any]:
    """What ``report.html`` renders; also what tests compare with the web app."""
    cards = vm.incident_cards(incidents)
    overview = vm.overview(cards)
    return {
        "title": title,
        "cards": cards,
        "details": details,
        "overview": overview,
        "span": date_span(cards),
        "shapes": vm.world_map(),
        "countries": {c.place.country for c in cards if c.place and c.place.country},
        "counts": {"documents": documents, "incidents": len(cards)},
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "data": vm.script_json({"overview": overview,
                                "incidents": [c.id for c in cards]}),
    }


def render_report(store, *, title: str = "sitrep: incident report") -> str:
    """The report's HTML for every incident in ``store``."""
    incidents = store.incidents()
    details = vm.load_details(store, incidents)
    context = report_context(incidents, details, title=title, documents=_documents(store))
    context.update(css=static_text("sitrep.css"), charts_js=static_text("charts.js"),
                   report_js=static_text("report.js"))
    return environment().get_template("report.html").render(**context)


def _documents(store) -> int:
    """How many documents the store keeps (for the footer)."""
    return int(store.counts().get("documents", 0))


def write_report(store, path: str | Path, *, title: str = "sitrep: incident report") -> Path:
    """Write the self-contained HTML report of ``store`` to ``path``; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = render_report(store, title=title)
    target.write_text(html, encoding="utf-8")
    return target
