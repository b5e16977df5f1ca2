"""Helpers for the presenter tests: a small hand-made store, a live app, and Chromium.

    path = build_store(tmp_path / "web.db")       # records from tests/factories.py, no NLP
    with live_app(path) as base_url: ...          # uvicorn in a thread on a free port
    executable = chromium_or_reason()             # /usr/bin/chromium, or why there is none

The world: rockets on the Baghdad Green Zone that AFP and the Iraqi military count
differently (5 vs 8 rockets), a clash near Mosul, a bombing in Kabul, an attack in Aleppo
whose article carries HTML that must never run, a protest nobody located, and an undated
strike in Yemen. ``inc-green-old`` is an id merged into ``inc-green-zone``.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from factories import count, day, make_document, make_incident, make_mention, make_run
from sitrep.records import Count, FieldConflict, GeoPrecision, Place, Story, to_dict

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

MOSUL = Place(name="Mosul", country="IQ", admin1="Nineveh", lat=36.335, lon=43.1189,
              geonameid=99072, precision=GeoPrecision.CITY, text="Mosul")
KABUL = Place(name="Kabul", country="AF", admin1="Kabul", lat=34.5281, lon=69.1723,
              geonameid=1138958, precision=GeoPrecision.CITY, text="Kabul")
ALEPPO = Place(name="Aleppo", country="SY", admin1="Aleppo", lat=36.2021, lon=37.1343,
               geonameid=170063, precision=GeoPrecision.CITY, text="Aleppo")
SANAA = Place(name="Sanaa", country="YE", admin1="Amanat Al Asimah", lat=15.3547,
              lon=44.2066, geonameid=71137, precision=GeoPrecision.CITY, text="Sanaa")


def build_world() -> dict:
    """Documents, mentions, incidents, stories and the run of the test store."""
    afp = make_document(
        "d-afp", title="Rockets target US embassy in Baghdad",
        text=("Five rockets struck the Green Zone in Baghdad on Sunday, a security source "
              "told AFP. One Iraqi soldier was wounded."),
        source="AFP", published=dt.date(2020, 12, 21), aliases=("d-afp-copy",))
    military = make_document(
        "d-mil", title="Iraqi military says eight rockets hit Green Zone",
        text=("The military said eight rockets were fired at the Green Zone on Sunday "
              "evening, wounding one soldier. Nobody claimed the attack."),
        source="Reuters", published=dt.date(2020, 12, 21))
    mosul = make_document(
        "d-mosul", title="Clashes near Mosul",
        text="Two militants were killed in clashes with the army near Mosul on Saturday.",
        source="Rudaw", published=dt.date(2020, 12, 20))
    kabul = make_document(
        "d-kabul", title="Bombing in Kabul",
        text="A car bomb killed twelve people in Kabul on Tuesday, police said.",
        source="TOLOnews", published=dt.date(2020, 12, 22))
    aleppo = make_document(
        "d-aleppo", title=f"Attack in Aleppo {HOSTILE}",
        text=(f"Gunmen shot three civilians in Aleppo on Monday. {HOSTILE} The attackers "
              "fled, residents said."),
        source="<b>Outlet</b>", published=dt.date(2020, 12, 22), url=None)
    protest = make_document(
        "d-protest", title="Protesters gather",
        text="Hundreds of protesters gathered on Tuesday to demand jobs.",
        source="AP", published=dt.date(2020, 12, 22))
    yemen = make_document(
        "d-yemen", title="Air strike near Sanaa",
        text="An air strike hit a building near Sanaa, officials said.",
        source="Xinhua", published=dt.date(2020, 12, 23))

    five_to_eight = Count(low=5, best=5, high=8)
    m_afp = make_mention(
        afp, date=day("2020-12-20"),
        claims=[("munitions", to_dict(count(5)),
                 "Five rockets struck the Green Zone in Baghdad on Sunday, a security source "
                 "told AFP.", "a security source (AFP)"),
                ("wounded", to_dict(count(1)), "One Iraqi soldier was wounded.")],
        munitions=count(5), wounded=count(1), weapon="rockets", targets=("US embassy",),
        summary="Rockets struck the Green Zone in Baghdad near the US embassy.")
    m_mil = make_mention(
        military, date=day("2020-12-20"),
        claims=[("munitions", to_dict(count(8)),
                 "The military said eight rockets were fired at the Green Zone on Sunday "
                 "evening, wounding one soldier.", "the military")],
        munitions=count(8), wounded=count(1), weapon="rockets",
        summary="Eight rockets were fired at the Green Zone.")
    m_mosul = make_mention(
        mosul, event_type="Battles", sub_event_type="Armed clash", date=day("2020-12-19"),
        place=MOSUL,
        claims=[("killed", to_dict(count(2)),
                 "Two militants were killed in clashes with the army near Mosul on Saturday.")],
        killed=count(2), perpetrators=("Military Forces of Iraq",), targets=("militants",),
        summary="Two militants killed in clashes with the army near Mosul.")
    m_kabul = make_mention(
        kabul, sub_event_type="Remote explosive/landmine/IED", date=day("2020-12-22"),
        place=KABUL,
        claims=[("killed", to_dict(count(12)),
                 "A car bomb killed twelve people in Kabul on Tuesday, police said.",
                 "police")],
        killed=count(12), weapon="car bomb", summary="A car bomb killed twelve people in Kabul.")
    m_aleppo = make_mention(
        aleppo, event_type="Violence against civilians", sub_event_type="Attack",
        date=day("2020-12-21"), place=ALEPPO,
        claims=[("killed", to_dict(count(3)), "Gunmen shot three civilians in Aleppo on Monday.")],
        killed=count(3), perpetrators=("Unidentified Armed Group",),
        summary=f"Gunmen shot three civilians in Aleppo. {HOSTILE}")
    m_protest = make_mention(
        protest, event_type="Protests", sub_event_type="Peaceful protest",
        date=day("2020-12-22"), place=None,
        summary="Hundreds of protesters gathered to demand jobs.")
    m_yemen = make_mention(
        yemen, sub_event_type="Air/drone strike", date=None, place=SANAA,
        summary="An air strike hit a building near Sanaa.")

    munitions_claims = [c for m in (m_afp, m_mil) for c in m.claims if c.field == "munitions"]
    green = make_incident(
        "inc-green-zone", [m_afp, m_mil], munitions=five_to_eight, killed=Count.not_reported(),
        independent_sources=2,
        conflicts=(FieldConflict("munitions", tuple(c.id for c in munitions_claims),
                                 tuple(c.value for c in munitions_claims)),),
        summary="Rockets struck the Green Zone in Baghdad near the US embassy; one soldier "
                "was wounded.", merge_reasons=("same place and day, same weapon",))
    incidents = [
        green,
        make_incident("inc-mosul", [m_mosul]),
        make_incident("inc-kabul", [m_kabul]),
        make_incident("inc-aleppo", [m_aleppo]),
        make_incident("inc-protest", [m_protest]),
        make_incident("inc-yemen", [m_yemen], date=None),
    ]
    mentions = [m_afp, m_mil, m_mosul, m_kabul, m_aleppo, m_protest, m_yemen]
    documents = [afp, military, mosul, kabul, aleppo, protest, yemen]
    return {
        "documents": documents, "mentions": mentions, "incidents": incidents,
        "claims": [c for m in mentions for c in m.claims],
        "stories": [Story("s-green", ("d-afp", "d-mil"))],
        "run": make_run(documents_read=len(documents), documents_new=len(documents),
                        mentions=len(mentions), incidents=len(incidents)),
        "removed": {"inc-green-old": "inc-green-zone"},
    }


def build_store(path: Path) -> Path:
    """A SQLite store at ``path`` holding ``build_world()``."""
    from sitrep.store import Batch, Store

    world = build_world()
    store = Store.open(path)
    try:
        store.save_batch(Batch(run=world["run"], documents=world["documents"],
                               mentions=world["mentions"], incidents=world["incidents"],
                               removed_incidents=world["removed"], stories=world["stories"]))
    finally:
        store.close()
    return path


# ----------------------------------------------------------------------------- live app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_app(store_path: Path) -> Iterator[str]:
    """``create_app`` served by uvicorn in a background thread; yields its base URL."""
    import uvicorn

    from sitrep.present.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(store_path)), host="127.0.0.1",
                                           port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test web app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ----------------------------------------------------------------------------- chromium


def chromium_or_reason() -> tuple[str | None, str]:
    """``(path, "")`` to Debian's Chromium, or ``(None, reason)`` when it is missing. The
    tests never install it: ``make browser`` (scripts/ci-chromium.sh) does, and CI runs it."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM, ""
    return None, (f"no Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium) "
                  "to run the browser tests")
