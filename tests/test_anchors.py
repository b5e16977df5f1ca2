"""sitrep.link.anchors: "days after the strike" starts an incident no earlier than the strike."""
from __future__ import annotations

import datetime as dt
import itertools

from factories import BAGHDAD, day, make_document, make_mention
from sitrep.link import link_batch
from sitrep.link.memory import MemoryState
from sitrep.records import DatePrecision, GeoPrecision, Place

ERBIL = Place(name="Erbil", country="IQ", admin1="Arbil", lat=36.19, lon=44.01, geonameid=95446,
              precision=GeoPrecision.CITY, text="Erbil")
JANUARY = day("2020-01-01", DatePrecision.MONTH, end="2020-01-31", text="in January 2020")
STRIKE = "Explosions/Remote violence", "Air/drone strike"


def world():
    # doc "later": missiles at Erbil in January, days after a drone strike in Baghdad (undated)
    later = make_document("later", published=dt.date(2021, 2, 23),
                          text="Missiles were fired at Erbil in January 2020, days after a drone "
                               "strike in Baghdad.")
    missiles = make_mention(later, 0, date=JANUARY, place=ERBIL, after=("later#1",))
    strike = make_mention(later, 1, date=JANUARY, place=BAGHDAD, event_type=STRIKE[0],
                          sub_event_type=STRIKE[1], background=True)
    # doc "dated": the strike itself, on 3 January
    dated = make_document("dated", published=dt.date(2020, 1, 4),
                          text="A drone strike in Baghdad killed a general on Friday.")
    strike_day = make_mention(dated, 0, date=day("2020-01-03"), place=BAGHDAD, event_type=STRIKE[0],
                              sub_event_type=STRIKE[1])
    return {"later": (later, [missiles, strike]), "dated": (dated, [strike_day])}


def run(batches) -> MemoryState:
    state = MemoryState()
    for docs, mentions in batches:
        result = link_batch(docs, mentions, state)
        state.apply(result, docs, mentions)
    return state


def erbil_dates(state: MemoryState) -> list[tuple[str, str, str]]:
    return [(i.date.start.isoformat(), i.date.end.isoformat(), str(i.date.precision))
            for i in state.incidents() if i.place.name == "Erbil"]


def test_the_incident_that_followed_starts_no_earlier_than_its_dated_anchor():
    parts = world()
    docs = [parts["later"][0], parts["dated"][0]]
    state = run([(docs, parts["later"][1] + parts["dated"][1])])
    assert erbil_dates(state) == [("2020-01-03", "2020-01-31", "month")]
    [erbil] = [i for i in state.incidents() if i.place.name == "Erbil"]
    assert any(r.startswith("date starts after ") for r in erbil.merge_reasons)


def test_anchored_dates_do_not_depend_on_arrival_order():
    parts = world()
    for order in itertools.permutations(["later", "dated"]):
        state = run([([parts[k][0]], parts[k][1]) for k in order])
        assert erbil_dates(state) == [("2020-01-03", "2020-01-31", "month")], order


def test_without_a_dated_anchor_the_interval_stays_as_reported():
    parts = world()
    state = run([([parts["later"][0]], parts["later"][1])])
    assert erbil_dates(state) == [("2020-01-01", "2020-01-31", "month")]
