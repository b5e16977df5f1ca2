"""Tiny hand-built records for tests: documents, claims with real spans, mentions, incidents.

Every claim built here satisfies the record contract ``document.content[start:end] == quote``
(the quote is looked up in the document), so tests of any stage may use them.

    doc = make_document("d1", "Five rockets hit Baghdad on Sunday.", source="AFP")
    m = make_mention(doc, claims=[("munitions", count(5), "Five rockets hit Baghdad on Sunday.")])
    inc = make_incident("i1", [m])
    world = baghdad_world()        # 3 documents (one with an alias), 2 mentions, 1 incident
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sitrep.records import (
    Claim,
    Count,
    DateInterval,
    DatePrecision,
    Document,
    FieldConflict,
    GeoPrecision,
    Incident,
    Mention,
    Place,
    RunInfo,
    Story,
    to_dict,
)

EXTRACTOR = "tests.factories.v1"
SUNDAY = dt.date(2020, 12, 20)
MONDAY = dt.date(2020, 12, 21)

BAGHDAD = Place(name="Baghdad", country="IQ", admin1="Baghdad", lat=33.3406, lon=44.4009,
                geonameid=98182, precision=GeoPrecision.CITY, site="US embassy",
                text="Baghdad")


def day(value: dt.date | str = SUNDAY, precision: DatePrecision = DatePrecision.DAY,
        end: dt.date | str | None = None, text: str = "") -> DateInterval:
    start = dt.date.fromisoformat(value) if isinstance(value, str) else value
    stop = end if end is not None else start
    stop = dt.date.fromisoformat(stop) if isinstance(stop, str) else stop
    return DateInterval(start, stop, precision, text)


def count(best: int | None, low: int | None = None, high: int | None = None,
          text: str = "") -> Count:
    """A reported figure; ``low``/``high`` default to ``best``."""
    return Count(low=best if low is None else low, best=best,
                 high=best if high is None else high, reported=True, text=text)


def make_run(run_id: str = "run-1", started: dt.datetime | None = None, **fields) -> RunInfo:
    started = started or dt.datetime(2021, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
    return RunInfo(run_id=run_id, started=started, **fields)


def make_document(id: str = "d1", text: str = "Five rockets hit Baghdad on Sunday.",
                  title: str = "", published: dt.date | None = MONDAY,
                  source: str | None = "AFP", **fields) -> Document:
    fields.setdefault("url", f"https://example.org/{id}")
    fields.setdefault("language", "en")
    return Document(id=id, text=text, title=title, published=published, source=source, **fields)


def make_claim(document: Document, field: str, value: Any, quote: str, *,
               mention_id: str | None = None, said_by: str | None = None,
               value_text: str | None = None, extractor: str = EXTRACTOR) -> Claim:
    """A claim whose span is where ``quote`` occurs in ``document.content``."""
    start = document.content.index(quote)
    end = start + len(quote)
    value_start = value_end = None
    if value_text:
        value_start = document.content.index(value_text, start, end)
        value_end = value_start + len(value_text)
    value = to_dict(value)
    return Claim(id=Claim.make_id(document.id, field, start, end, value),
                 document_id=document.id, mention_id=mention_id or f"{document.id}#0",
                 field=field, value=value, start=start, end=end, quote=quote,
                 value_start=value_start, value_end=value_end, said_by=said_by,
                 extractor=extractor)


ClaimSpec = tuple  # (field, value, quote) or (field, value, quote, said_by)


def make_mention(document: Document, index: int = 0, *,
                 event_type: str = "Explosions/Remote violence",
                 sub_event_type: str = "Shelling/artillery/missile attack",
                 date: DateInterval | None = None, place: Place | None = BAGHDAD,
                 claims: Iterable[ClaimSpec] = (), **fields) -> Mention:
    """A mention of ``document``; ``claims`` are (field, value, quote[, said_by]) tuples."""
    mention_id = f"{document.id}#{index}"
    built = []
    for spec in claims:
        field_name, value, quote, *rest = spec
        built.append(make_claim(document, field_name, value, quote, mention_id=mention_id,
                                said_by=rest[0] if rest else None))
    fields.setdefault("summary", document.title or document.text[:80])
    return Mention(id=mention_id, document_id=document.id, index=index, event_type=event_type,
                   sub_event_type=sub_event_type, date=date or day(), place=place,
                   claims=tuple(built), published=document.published, **fields)


def make_incident(id: str, mentions: Sequence[Mention], **fields) -> Incident:
    """An incident over ``mentions``: type, date, place and figures from the first one,
    sources and claims from all of them; ``fields`` override anything."""
    first = mentions[0]
    published = [m.published for m in mentions if m.published]
    sources = tuple(dict.fromkeys(m.document_id for m in mentions))
    base = Incident(
        id=id, event_type=first.event_type, sub_event_type=first.sub_event_type,
        date=first.date, place=first.place, killed=first.killed, wounded=first.wounded,
        munitions=first.munitions, weapon=first.weapon, perpetrators=first.perpetrators,
        claimants=first.claimants, targets=first.targets,
        mention_ids=tuple(m.id for m in mentions), sources=sources,
        independent_sources=len(sources),
        claim_ids=tuple(c.id for m in mentions for c in m.claims),
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        summary=first.summary)
    return replace(base, **fields)


def baghdad_world() -> dict[str, Any]:
    """Rockets on the Baghdad Green Zone, reported by AFP (also received under a second id)
    and Reuters, who disagree on the number of rockets; plus an unrelated Mosul clash.

    Keys: documents, mentions, incidents, claims, stories, run."""
    afp = make_document(
        "d1", title="Rockets target US embassy in Baghdad",
        text=("At least five rockets struck the Green Zone in Baghdad on Sunday, a security "
              "source told AFP. One Iraqi soldier was wounded."),
        source="AFP", aliases=("d1-copy",), urls=("https://example.org/d1",
                                                 "https://mirror.example.net/d1"))
    reuters = make_document(
        "d2", title="Iraq says eight rockets fired at Green Zone",
        text=("The Iraqi military said eight rockets were fired at the Green Zone on Sunday "
              "evening, wounding one soldier. Nobody claimed the attack."),
        source="Reuters", published=MONDAY)
    mosul = make_document(
        "d3", title="Clashes near Mosul",
        text="Two militants were killed in clashes with the army near Mosul on Saturday.",
        source="Rudaw", published=dt.date(2020, 12, 20))
    at_least_five = Count(low=5, best=5, high=None, text="At least five")
    m1 = make_mention(
        afp, claims=[
            ("munitions", to_dict(at_least_five),
             "At least five rockets struck the Green Zone in Baghdad on Sunday, a security "
             "source told AFP.", "a security source"),
            ("wounded", to_dict(count(1)), "One Iraqi soldier was wounded."),
        ],
        munitions=at_least_five, wounded=count(1),
        weapon="rockets", targets=("US embassy",),
        summary="Rockets struck the Green Zone in Baghdad near the US embassy.")
    m2 = make_mention(
        reuters, claims=[
            ("munitions", to_dict(count(8)),
             "The Iraqi military said eight rockets were fired at the Green Zone on Sunday "
             "evening, wounding one soldier.", "the Iraqi military"),
        ],
        munitions=count(8), wounded=count(1), weapon="rockets",
        summary="Eight rockets were fired at the Green Zone.")
    m3 = make_mention(
        mosul, event_type="Battles", sub_event_type="Armed clash",
        date=day("2020-12-19"),
        place=Place(name="Mosul", country="IQ", admin1="Nineveh", lat=36.335, lon=43.1189,
                    geonameid=99072, precision=GeoPrecision.CITY),
        claims=[("killed", to_dict(count(2)),
                 "Two militants were killed in clashes with the army near Mosul on Saturday.")],
        killed=count(2), perpetrators=("Military Forces of Iraq",), targets=("militants",),
        summary="Two militants killed in clashes with the army near Mosul.")
    munitions_claims = [c for c in (*m1.claims, *m2.claims) if c.field == "munitions"]
    green_zone = make_incident(
        "inc-green-zone", [m1, m2],
        conflicts=(FieldConflict("munitions", tuple(c.id for c in munitions_claims),
                                 tuple(c.value for c in munitions_claims)),),
        summary="Rockets struck the Green Zone in Baghdad near the US embassy; one soldier "
                "was wounded.")
    mosul_clash = make_incident("inc-mosul", [m3])
    mentions = [m1, m2, m3]
    return {
        "documents": [afp, reuters, mosul],
        "mentions": mentions,
        "incidents": [green_zone, mosul_clash],
        "claims": [c for m in mentions for c in m.claims],
        "stories": [Story("s1", ("d1", "d2"), copies=(("d1",),)), Story("s2", ("d3",))],
        "run": make_run(documents_read=3, documents_new=3, mentions=3, incidents=2,
                        config={"linker": "sitrep.link.v1"}),
    }
