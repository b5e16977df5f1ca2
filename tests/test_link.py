"""Link stage: copies and rewrites, stories, incidents across documents, stable ids,
incremental and order-independent linking.

The Baghdad documents are the real texts of examples/baghdad. Their mentions are written
here by hand, as the extraction stage reports them (a main incident and background ones,
claims with the sentence and who said it), so these tests do not depend on extraction.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from sitrep.link import LinkConfig, LinkResult, LinkState, link_batch
from sitrep.link.copies import Similarities, compare, copy_groups, features
from sitrep.link.incidents import incident_id, score_pair
from sitrep.link.memory import MemoryState
from sitrep.records import (Claim, Count, DateInterval, DatePrecision, Document, GeoPrecision, Mention,
                            Modality, Place)

ROOT = Path(__file__).resolve().parent.parent
BAGHDAD = ROOT / "examples" / "baghdad"
D = dt.date
EXPLOSIONS = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
DRONE = "Air/drone strike"
IED = "Remote explosive/landmine/IED"

BAGHDAD_CITY = Place("Baghdad", "IQ", "Baghdad", 33.3406, 44.4009, 98182, GeoPrecision.CITY)
EMBASSY = Place("Baghdad", "IQ", "Baghdad", 33.2986, 44.3958, 98182, GeoPrecision.POINT, site="US embassy")
IRAQ = Place("Iraq", "IQ", None, 33.0, 44.0, 99237, GeoPrecision.COUNTRY)
ERBIL = Place("Erbil", "IQ", "Erbil", 36.19, 44.01, 95446, GeoPrecision.CITY)
BALAD = Place("Balad", "IQ", "Salah ad Din", 34.01, 44.15, 98860, GeoPrecision.CITY)


# ----------------------------------------------------------------------------- helpers


def baghdad_documents() -> list[Document]:
    docs = []
    for line in (BAGHDAD / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        docs.append(Document(id=row["id"], text=(BAGHDAD / row["path"]).read_text(encoding="utf-8"),
                             published=D.fromisoformat(row["published"]), language="en"))
    return docs


def day(d: dt.date, text: str = "") -> DateInterval:
    return DateInterval(d, d, DatePrecision.DAY, text)


def month(year: int, m: int, text: str = "") -> DateInterval:
    end = (D(year + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    return DateInterval(D(year, m, 1), end, DatePrecision.MONTH, text)


def count_value(low, best=None, high="same") -> dict:
    best = low if best is None else best
    return {"low": low, "best": best, "high": best if high == "same" else high, "reported": True, "text": ""}


class Builder:
    """Claims located in the real text: ``claim(field, value, sentence_words, value_words)``."""

    def __init__(self, document: Document):
        self.document = document
        self.mentions: list[Mention] = []

    def claim(self, mention_index: int, field: str, value, sentence: str, value_text: str | None = None,
              said_by: str | None = None) -> Claim:
        content = self.document.content
        at = content.index(sentence)
        start = content.rfind("\n", 0, at) + 1
        stop = content.find("\n", at)
        stop = len(content) if stop < 0 else stop
        value_start = value_end = None
        if value_text:
            value_start = content.index(value_text, at)
            value_end = value_start + len(value_text)
        return Claim(id=Claim.make_id(self.document.id, field, start, stop, value), document_id=self.document.id,
                     mention_id=f"{self.document.id}#{mention_index}", field=field, value=value, start=start,
                     end=stop, quote=content[start:stop], value_start=value_start, value_end=value_end,
                     said_by=said_by)

    def mention(self, event_type: str, sub: str, date: DateInterval, place: Place | None, *, claims=(),
                background: bool | None = None, killed: Count | None = None, wounded: Count | None = None,
                munitions: Count | None = None, perpetrators=(), summary: str = "") -> Mention:
        index = len(self.mentions)
        counts = {}
        for field_name in ("killed", "wounded", "munitions"):
            given = {"killed": killed, "wounded": wounded, "munitions": munitions}[field_name]
            values = [c.value for c in claims if c.field == field_name]
            if given is None and values:
                best = max(v["best"] for v in values)
                lows = [v["low"] for v in values]
                highs = [v["high"] for v in values]
                given = Count(min(lows), best, None if None in highs else max(max(highs), best))
            if given is not None:
                counts[field_name] = given
        m = Mention(id=f"{self.document.id}#{index}", document_id=self.document.id, index=index,
                    event_type=event_type, sub_event_type=sub, date=date, place=place,
                    background=index > 0 if background is None else background,
                    perpetrators=tuple(perpetrators), claims=tuple(claims), summary=summary or sub,
                    published=self.document.published, **counts)
        self.mentions.append(m)
        return m


def baghdad_mentions(docs: list[Document]) -> list[Mention]:
    by_id = {d.id[:3]: d for d in docs}
    out: list[Mention] = []

    b = Builder(by_id["000"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 12, 20), "on Sunday"), EMBASSY, claims=[
        b.claim(0, "munitions", count_value(5, 5, None), "heard the sound of at least five explosions",
                "at least five", "Iraqi witnesses"),
        b.claim(0, "killed", count_value(0), "caused property damage but no casualties", "no casualties",
                "Iraqi security forces"),
        b.claim(0, "wounded", count_value(0), "caused property damage but no casualties", "no casualties",
                "Iraqi security forces"),
        b.claim(0, "munitions", count_value(3), "A security source told AFP that three missiles", "three",
                "a security source (AFP)"),
        b.claim(0, "munitions", count_value(2), "while two other rockets hit", "two",
                "a security source (AFP)"),
    ], perpetrators=["Hezbollah Brigades"], summary="the missiles exploded in a single hit near the US embassy")
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 11, 17), "on November 17"), BAGHDAD_CITY, claims=[
        b.claim(1, "killed", count_value(1), "The first attack took place on November 17", "killing a woman")])
    b.mention(EXPLOSIONS, IED, day(D(2020, 12, 10), "On December 10"), IRAQ)
    b.mention(EXPLOSIONS, DRONE, day(D(2020, 1, 3), "January 3"), BAGHDAD_CITY, claims=[
        b.claim(3, "killed", count_value(2), "January 3 US drone strike in Baghdad that killed Soleimani")],
        perpetrators=["United States"])
    out += b.mentions

    b = Builder(by_id["001"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 12, 20), "Sunday"), BAGHDAD_CITY, claims=[
        b.claim(0, "munitions", count_value(5, 5, None), "heard at least five roars", "at least five",
                "AFP reporters"),
        b.claim(0, "killed", count_value(0), "caused material damage, but no casualties", "no casualties",
                "The Iraqi security forces"),
        b.claim(0, "wounded", count_value(0), "caused material damage, but no casualties", "no casualties",
                "The Iraqi security forces"),
        b.claim(0, "munitions", count_value(3, 3, None), "A security source told AFP at least three rockets",
                "at least three", "A security source (AFP)"),
        b.claim(0, "munitions", count_value(2), "while two others hit", "two", "A security source (AFP)"),
    ], perpetrators=["Kataeb Hezbollah"], summary="A volley of rockets exploded near the US embassy in Baghdad")
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 11, 17), "on November 17"), BAGHDAD_CITY, claims=[
        b.claim(1, "killed", count_value(1), "The first was on November 17", "killing a young woman")])
    b.mention(EXPLOSIONS, IED, day(D(2020, 12, 10), "On December 10"), IRAQ)
    b.mention(EXPLOSIONS, DRONE, day(D(2020, 1, 3), "January 3"), BAGHDAD_CITY, perpetrators=["US"])
    out += b.mentions

    b = Builder(by_id["002"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 11, 17), "on Tuesday evening"), EMBASSY, claims=[
        b.claim(0, "munitions", count_value(7), "Seven rockets targeted the United States embassy", "Seven"),
        b.claim(0, "killed", count_value(1), "Four projectiles fell in the Green Zone", "killing a girl", "the army"),
        b.claim(0, "wounded", count_value(5), "Four projectiles fell in the Green Zone", "wounding five civilians",
                "the army"),
    ], perpetrators=["pro-Iran factions"], summary="Seven rockets targeted the United States embassy in Baghdad")
    b.mention(EXPLOSIONS, DRONE, month(2020, 1, "In January"), BAGHDAD_CITY, perpetrators=["American"])
    b.mention(EXPLOSIONS, DRONE, DateInterval(D(2003, 1, 1), D(2003, 12, 31), DatePrecision.YEAR, "in 2003"), IRAQ)
    out += b.mentions

    b = Builder(by_id["003"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2021, 2, 22), "Last Monday"), EMBASSY, claims=[
        b.claim(0, "munitions", count_value(2, 2, None), "At least two were within the perimeter", "At least two",
                "a statement from Iraqi security services")],
        summary="several missiles were launched at the US embassy in Baghdad")
    b.mention(EXPLOSIONS, SHELLING, day(D(2021, 2, 15), "a week after"), ERBIL, claims=[
        b.claim(1, "killed", count_value(2), "Two people died, including a foreign contractor", "Two people")],
        perpetrators=["Awliyaa al-Dam"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2021, 2, 20), "On Saturday"), BALAD, claims=[
        b.claim(2, "wounded", count_value(1, 1, None), "at least one local contractor", "at least one",
                "Security sources")])
    b.mention(EXPLOSIONS, SHELLING, month(2020, 9, "last September"), ERBIL, claims=[
        b.claim(3, "munitions", count_value(6), "with six missiles that caused no material damage", "six")])
    b.mention(EXPLOSIONS, SHELLING, month(2020, 1, "in January 2020"), ERBIL, perpetrators=["Iran"])
    out += b.mentions

    b = Builder(by_id["004"])
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 12, 20), "Sunday night"), EMBASSY, claims=[
        b.claim(0, "munitions", count_value(8, 8, None), "at least eight Katyusha rockets landed", "at least eight",
                "The Iraqi military and the U.S. embassy"),
        b.claim(0, "munitions", count_value(8), "group fired eight missiles", "eight", "The military"),
        b.claim(0, "wounded", count_value(1), "wounding an Iraqi soldier", "an Iraqi soldier", "The military"),
        b.claim(0, "munitions", count_value(5, 5, None), "at least five explosions were heard", "at least five"),
        b.claim(0, "killed", count_value(0), "caused property damage but no casualties. A security source",
                "no casualties", "Iraqi security forces"),
        b.claim(0, "wounded", count_value(0), "caused property damage but no casualties. A security source",
                "no casualties", "Iraqi security forces"),
        b.claim(0, "munitions", count_value(3), "A security source said three missiles landed", "three",
                "A security source"),
        b.claim(0, "munitions", count_value(2), "while two other missiles hit", "two", "A security source"),
    ], perpetrators=["Iranian-backed militias"], summary="at least eight Katyusha rockets landed on the Green Zone")
    b.mention(EXPLOSIONS, SHELLING, day(D(2020, 11, 17), "on November 17"), BAGHDAD_CITY, claims=[
        b.claim(1, "killed", count_value(1), "The first occurred on November 17", "killing a woman")])
    b.mention(EXPLOSIONS, IED, day(D(2020, 12, 10), "On December 10"), IRAQ)
    b.mention(EXPLOSIONS, DRONE, day(D(2020, 1, 3), "January 3"), BAGHDAD_CITY, perpetrators=["US"])
    out += b.mentions
    return out


def by_date(incidents, when: dt.date):
    return [i for i in incidents if i.date is not None and i.date.start <= when <= i.date.end]


def link_all(docs, mentions, state=None, **kw) -> tuple[MemoryState, LinkResult]:
    state = state or MemoryState()
    result = link_batch(docs, mentions, state, **kw)
    state.apply(result, docs, mentions)
    return state, result


# ----------------------------------------------------------------------------- copies


def test_copies_detects_machine_translated_rewrites():
    docs = baghdad_documents()
    assert copy_groups(docs) == [("000_e1070c133c12cf05", "001_a97c7dde6c33d214", "004_c4a957ab1299efad")]
    sims = Similarities()
    sims.add(docs)
    ids = {d.id[:3]: d.id for d in docs}
    # 000 and 004: one AFP story machine-translated twice: few shared 5-grams, many aligned sentences
    pair = sims.pair(ids["000"], ids["004"])
    assert pair.kind == "rewrite" and pair.jaccard < 0.2 and pair.aligned >= 10
    # same topic, same background paragraphs, different stories (whatever their dates)
    by_id = {d.id[:3]: d for d in docs}
    for a in ("000", "001", "004"):
        for other in ("002", "003"):
            undated = [dataclasses.replace(by_id[x], published=None) for x in (a, other)]
            similarity = compare(features(undated[0]), features(undated[1]))
            assert similarity.kind is None and similarity.rewrite < 0.3
            assert not sims.is_copy(ids[a], ids[other])


def test_copies_detects_exact_and_near_copies():
    docs = baghdad_documents()
    original = docs[2]
    reprint = Document(id="reprint", title="Seven rockets hit US embassy – Daily Whatever",
                       text="Posted by staff.\n" + original.text.replace("Tuesday evening", "Tuesday night")
                       + "\nShare this article.", published=original.published)
    truncated = Document(id="truncated", text=original.text[: len(original.text) // 2], published=D(2020, 12, 1))
    later = Document(id="later", text=original.text, published=D(2021, 6, 1))
    sims = Similarities()
    sims.add([original, reprint, truncated, later])
    assert sims.pair(original.id, reprint.id).kind == "copy"
    assert sims.pair(original.id, truncated.id).kind == "copy"          # containment, two weeks later
    assert sims.pair(original.id, later.id) is None                     # republished months later: a new source
    assert sims.lsh_candidates([original.id, reprint.id, truncated.id]) >= {(original.id, "reprint")} | {
        tuple(sorted((original.id, "truncated")))}


# ----------------------------------------------------------------------------- Baghdad


def test_link_baghdad_acceptance():
    docs = baghdad_documents()
    mentions = baghdad_mentions(docs)
    state, result = link_all(docs, mentions)
    ids = {d.id[:3]: d.id for d in docs}
    rewrites = (ids["000"], ids["001"], ids["004"])
    assert result.copies == [rewrites]

    dec20 = by_date(state.incidents(), D(2020, 12, 20))
    assert len(dec20) == 1
    inc = dec20[0]
    assert set(inc.sources) == set(rewrites)
    assert inc.independent_sources == 1
    assert (inc.munitions.low, inc.munitions.best, inc.munitions.high) == (5, 5, 8)
    assert inc.killed.best == 0 and inc.killed.reported
    assert inc.wounded.low == 0 and inc.wounded.best == 0 and (inc.wounded.high is None or inc.wounded.high >= 1)
    conflict = next(c for c in inc.conflicts if c.field == "munitions")
    said = {(v["best"], v["said_by"]) for v in conflict.values}
    assert {v["best"] for v in conflict.values} >= {5, 8}
    assert any(best == 5 and by and "security source" in by.lower() for best, by in said)
    assert any(best == 8 and by and "military" in by.lower() for best, by in said)
    summed = next(v for v in conflict.values if v.get("parts"))
    assert summed["parts"] == [3, 2] and summed["best"] == 5
    assert set(summed["documents"]) == set(rewrites)            # one statement, carried by three rewrites
    wounded = next(c for c in inc.conflicts if c.field == "wounded")
    assert {v["best"] for v in wounded.values} == {0, 1}
    assert inc.merge_reasons and any("shared copy group" in r for r in inc.merge_reasons)

    nov17 = by_date(state.incidents(), D(2020, 11, 17))
    assert len(nov17) == 1 and nov17[0].independent_sources == 2 and len(nov17[0].sources) == 4
    assert nov17[0].killed.best == 1 and nov17[0].wounded.best == 5 and nov17[0].munitions.best == 7
    assert nov17[0].first_reported == D(2020, 11, 18) and nov17[0].last_reported == D(2020, 12, 21)
    jan3 = [i for i in by_date(state.incidents(), D(2020, 1, 3)) if i.place.name == "Baghdad"]
    assert len(jan3) == 1 and jan3[0].date.start == D(2020, 1, 3) and len(jan3[0].sources) == 4
    assert len(by_date(state.incidents(), D(2020, 12, 10))) == 1
    erbil_jan = [i for i in by_date(state.incidents(), D(2020, 1, 15)) if i.place.name == "Erbil"]
    assert len(erbil_jan) == 1                                 # not merged with the Baghdad drone strike

    stories = sorted(sorted(s.document_ids) for s in state.stories())
    assert stories == sorted([sorted(rewrites), [ids["002"]], [ids["003"]]])
    story = next(s for s in state.stories() if ids["000"] in s.document_ids)
    assert story.copies == (tuple(sorted(rewrites, key=lambda d: d)),)

    # history: one entry per report date for the Nov 17 incident, figures as known that day
    hist = state.history[nov17[0].id]
    assert [h["as_of"] for h in hist] == [D(2020, 11, 18), D(2020, 12, 21)]
    assert hist[0]["figures"]["killed"]["best"] == 1 and hist[0]["figures"]["sources"] == 1


def test_background_mentions_do_not_merge_stories():
    docs = baghdad_documents()
    mentions = baghdad_mentions(docs)
    state, _ = link_all(docs, mentions)
    ids = {d.id[:3]: d.id for d in docs}
    story_of = {d: s.id for s in state.stories() for d in s.document_ids}
    # 000 recalls the Nov 17 attack that 002 reports: one incident, two stories
    assert story_of[ids["000"]] != story_of[ids["002"]]
    nov17 = by_date(state.incidents(), D(2020, 11, 17))[0]
    assert {ids["000"], ids["002"]} <= set(nov17.sources)


def test_baghdad_order_independent_and_stable():
    docs = baghdad_documents()
    mentions = baghdad_mentions(docs)
    one, _ = link_all(docs, mentions)
    state = MemoryState()
    all_removed = {}
    for doc in sorted(docs, key=lambda d: d.id, reverse=True):       # 004 first, 002 (oldest) late
        ms = [m for m in mentions if m.document_id == doc.id]
        state, result = link_all([doc], ms, state)
        all_removed.update(result.removed)
    assert snapshot(state) == snapshot(one)
    # the Nov 17 incident was first named after 004's background mention, then after 002's report
    assert all_removed
    for old in all_removed:
        assert state.incident(old) is not None
    # re-linking the same batch changes nothing
    again = link_batch(docs, mentions, state)
    assert again.incidents == [] and again.removed == {} and again.stories == []


# ----------------------------------------------------------------------------- incidents


def doc(doc_id: str, published: dt.date, text: str = "") -> Document:
    return Document(id=doc_id, text=text or f"Report {doc_id}.", published=published)


def mention(doc_id: str, index: int, when: dt.date | DateInterval, place: Place | None, *, sub=SHELLING,
            event_type=EXPLOSIONS, killed=None, wounded=None, published=None, background=False,
            modality=Modality.ASSERTED, perpetrators=()) -> Mention:
    date = when if isinstance(when, DateInterval) else day(when)
    return Mention(id=f"{doc_id}#{index}", document_id=doc_id, index=index, event_type=event_type,
                   sub_event_type=sub, modality=modality, date=date, place=place,
                   killed=Count.exact(killed) if killed is not None else Count.not_reported(),
                   wounded=Count.exact(wounded) if wounded is not None else Count.not_reported(),
                   background=background, published=published or date.end + dt.timedelta(days=1),
                   perpetrators=tuple(perpetrators))


def test_link_merges_same_attack_reported_twice():
    docs = [doc("a", D(2021, 3, 2), "Gunmen attacked a checkpoint in Kirkuk on Monday, killing three soldiers."),
            doc("b", D(2021, 3, 2), "Three members of the security forces died when militants stormed a post.")]
    kirkuk = Place("Kirkuk", "IQ", "Kirkuk", 35.4681, 44.3922, precision=GeoPrecision.CITY)
    near = dataclasses.replace(kirkuk, lat=35.49, lon=44.40, precision=GeoPrecision.POINT, name="Kirkuk south")
    ms = [mention("a", 0, D(2021, 3, 1), kirkuk, sub="Armed clash", event_type="Battles", killed=3),
          mention("b", 0, D(2021, 3, 1), near, sub="Armed clash", event_type="Battles", killed=3)]
    state, result = link_all(docs, ms)
    assert len(result.incidents) == 1
    inc = result.incidents[0]
    assert inc.mention_ids == ("a#0", "b#0") and inc.independent_sources == 2
    assert inc.id == incident_id("a#0")
    assert inc.place.precision == GeoPrecision.POINT                    # the most precise place
    reasons = " ".join(inc.merge_reasons)
    assert "date overlap 1.00" in reasons and "km" in reasons and "same sub_event_type" in reasons


def test_link_never_merges_two_incidents_of_one_document():
    # one article reports two attacks in Mosul the same day; another reports "an attack"
    docs = [doc("a", D(2021, 5, 2)), doc("b", D(2021, 5, 2))]
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    ms = [mention("a", 0, D(2021, 5, 1), mosul, sub=IED, killed=2),
          mention("a", 1, D(2021, 5, 1), mosul, sub=IED, killed=2),
          mention("b", 0, D(2021, 5, 1), mosul, sub=IED, killed=2)]
    _, result = link_all(docs, ms)
    assert len(result.incidents) == 2
    for inc in result.incidents:
        assert len({m.split("#")[0] for m in inc.mention_ids}) == len(inc.mention_ids)
    assert sorted(len(i.mention_ids) for i in result.incidents) == [1, 2]


def test_link_keeps_apart_different_days_places_and_types():
    docs = [doc(x, D(2021, 5, 9)) for x in "abcd"]
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    basra = Place("Basra", "IQ", "Basra", 30.508, 47.783, precision=GeoPrecision.CITY)
    ms = [mention("a", 0, D(2021, 5, 1), mosul, killed=1),
          mention("b", 0, D(2021, 5, 5), mosul, killed=1),             # four days later
          mention("c", 0, D(2021, 5, 1), basra, killed=1),             # 500 km away
          # another event type, nothing in common but the day and the town
          mention("d", 0, D(2021, 5, 1), mosul, event_type="Violence against civilians", sub="Attack")]
    _, result = link_all(docs, ms)
    assert len(result.incidents) == 4


def test_link_country_level_place_is_compatible_but_weak():
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    a = mention("a", 0, D(2021, 5, 1), mosul, sub=IED, killed=4)
    b = mention("b", 0, D(2021, 5, 1), IRAQ, sub=IED, killed=4)
    c = mention("c", 0, D(2021, 5, 1), Place("Syria", "SY", precision=GeoPrecision.COUNTRY), sub=IED, killed=4)
    d = mention("d", 0, D(2021, 5, 1), dataclasses.replace(mosul, lat=36.34, lon=43.13), sub=IED, killed=4)
    assert score_pair(a, c) is None                                     # another country
    weak, strong = score_pair(a, b), score_pair(a, d)
    assert weak is not None and strong is not None and weak.score < strong.score
    assert any("country-level" in r for r in weak.reasons)
    # with agreeing figures and the same day, a country-level report still joins the incident
    _, result = link_all([doc(x, D(2021, 5, 2)) for x in "ab"], [a, b])
    assert len(result.incidents) == 1


def test_link_wildly_different_tolls_weaken_but_do_not_forbid():
    hit = Place("Kabul", "AF", "Kabul", 34.5553, 69.2075, precision=GeoPrecision.POINT, site="Ministry")
    same = score_pair(mention("a", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=30),
                      mention("b", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=30))
    far = score_pair(mention("a", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=3),
                     mention("b", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=60))
    assert far is not None and far.score < same.score
    _, result = link_all([doc(x, D(2021, 5, 2)) for x in "ab"],
                         [mention("a", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=3),
                          mention("b", 0, D(2021, 5, 1), hit, sub="Suicide bomb", killed=60)])
    assert len(result.incidents) == 1
    inc = result.incidents[0]
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (3, 3, 60)
    assert any(c.field == "killed" for c in inc.conflicts)


def test_link_ignores_mentions_not_asserted():
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    ms = [mention("a", 0, D(2021, 5, 1), mosul), mention("b", 0, D(2021, 5, 1), mosul, modality=Modality.DENIED),
          mention("c", 0, D(2021, 5, 1), mosul, modality=Modality.THREAT)]
    _, result = link_all([doc(x, D(2021, 5, 2)) for x in "abc"], ms)
    assert [i.mention_ids for i in result.incidents] == [("a#0",)]


def test_link_vague_mentions_make_no_incident_or_stay_alone():
    year = DateInterval(D(2003, 1, 1), D(2003, 12, 31), DatePrecision.YEAR)
    ms = [mention("a", 0, year, IRAQ, sub=DRONE), mention("b", 0, year, IRAQ, sub=DRONE)]
    docs = [doc(x, D(2021, 5, 2)) for x in "ab"]
    _, result = link_all(docs, ms)
    assert result.incidents == [] and len(result.stories) == 2     # ACLED codes nothing vaguer than a month
    state, result = link_all(docs, ms, config=LinkConfig(keep_vague_mentions=True))
    assert sorted(i.mention_ids for i in result.incidents) == [("a#0",), ("b#0",)]
    again = link_batch(docs, ms, state, config=LinkConfig(keep_vague_mentions=True))
    assert again.incidents == []                                   # stored, found by id, unchanged


def test_link_redirects_old_ids_when_an_earlier_report_arrives():
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    late = mention("late", 0, D(2021, 5, 1), mosul, killed=2, published=D(2021, 5, 20))
    early = mention("early", 0, D(2021, 5, 1), mosul, killed=2, published=D(2021, 5, 2))
    state, first = link_all([doc("late", D(2021, 5, 20))], [late])
    old_id = first.incidents[0].id
    state, second = link_all([doc("early", D(2021, 5, 2))], [early], state)
    assert second.removed == {old_id: incident_id("early#0")}
    assert state.incident(old_id).mention_ids == ("early#0", "late#0")


def test_link_result_history_tracks_rising_toll():
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    ms = [mention("a", 0, D(2021, 5, 1), mosul, killed=2, published=D(2021, 5, 1)),
          mention("b", 0, D(2021, 5, 1), mosul, killed=5, published=D(2021, 5, 3))]
    state, result = link_all([doc("a", D(2021, 5, 1)), doc("b", D(2021, 5, 3))], ms)
    inc = result.incidents[0]
    assert inc.killed.best == 5                                   # the later, higher toll replaces 2
    assert [(h["as_of"], h["figures"]["killed"]["best"]) for h in result.history] == [
        (D(2021, 5, 1), 2), (D(2021, 5, 3), 5)]


def test_memory_state_is_a_link_state():
    assert isinstance(MemoryState(), LinkState)


# ----------------------------------------------------------------------------- stories


def test_story_time_decay_opens_a_new_story():
    hit = Place("Kabul", "AF", "Kabul", 34.5553, 69.2075, precision=GeoPrecision.POINT, site="Ministry")
    ms = [mention("a", 0, D(2021, 5, 1), hit, killed=3, published=D(2021, 5, 1)),
          mention("b", 0, D(2021, 5, 1), hit, killed=3, published=D(2021, 5, 2)),
          mention("c", 0, D(2021, 5, 1), hit, killed=3, published=D(2021, 8, 1))]   # three months on
    docs = [doc("a", D(2021, 5, 1)), doc("b", D(2021, 5, 2)), doc("c", D(2021, 8, 1))]
    state, _ = link_all(docs, ms)
    assert len(state.incidents()) == 1                            # the incident is one ...
    assert sorted(s.document_ids for s in state.stories()) == [("a", "b"), ("c",)]   # ... the stories two


# ----------------------------------------------------------------------------- order independence


CITIES = [Place(n, "IQ", n, lat, lon, precision=GeoPrecision.CITY) for n, lat, lon in [
    ("Baghdad", 33.34, 44.40), ("Mosul", 36.34, 43.12), ("Basra", 30.51, 47.78), ("Kirkuk", 35.47, 44.39),
    ("Erbil", 36.19, 44.01), ("Ramadi", 33.42, 43.30)]]
SUBS = [(EXPLOSIONS, SHELLING), (EXPLOSIONS, IED), ("Battles", "Armed clash"), ("Violence against civilians", "Attack")]
WORDS = ("attack convoy market checkpoint police army militants rockets explosion residents officials "
         "hospital governor district village road witnesses statement forces gunmen bomb").split()


def synthetic_corpus(seed: int = 7, events: int = 45):
    """~200 mentions: events reported by 1-5 documents (some rewrites of one wire text, some
    independent), with background mentions of earlier events and vague mentions."""
    rng = random.Random(seed)
    start = D(2021, 1, 1)
    truth = []
    for e in range(events):
        when = start + dt.timedelta(days=rng.randrange(0, 40))
        city = rng.choice(CITIES)
        et, sub = rng.choice(SUBS)
        truth.append((e, when, city, et, sub, rng.randrange(0, 6), rng.randrange(0, 9)))
    docs, mentions = [], []
    n = 0
    for e, when, city, et, sub, killed, wounded in truth:
        wire = " ".join(rng.choice(WORDS) for _ in range(60))
        wire = (f"{city.name} attack. On {when:%B} {when.day}, {killed} people were killed and {wounded} wounded "
                f"in {city.name}, officials said. " + wire.capitalize() + ".")
        for r in range(rng.randrange(1, 6)):
            n += 1
            doc_id = f"d{n:03d}"
            published = when + dt.timedelta(days=rng.randrange(1, 4))
            if r > 0 and rng.random() < 0.5:
                text = "Reprint. " + wire + " Read more."                           # a copy
            else:
                text = " ".join(rng.choice(WORDS) for _ in range(50)).capitalize() + "."  # independent
            docs.append(Document(id=doc_id, text=text, published=published))
            place = city if rng.random() < 0.8 else dataclasses.replace(
                city, precision=GeoPrecision.POINT, lat=city.lat + rng.uniform(-0.05, 0.05),
                lon=city.lon + rng.uniform(-0.05, 0.05))
            slip = rng.random()
            date = day(when) if slip < 0.8 else (
                day(when + dt.timedelta(days=1)) if slip < 0.9 else
                DateInterval(published - dt.timedelta(days=6), published, DatePrecision.WEEK))
            k = killed if rng.random() < 0.8 else killed + rng.randrange(0, 3)
            ms = [Mention(id=f"{doc_id}#0", document_id=doc_id, index=0, event_type=et, sub_event_type=sub,
                          date=date, place=place, killed=Count.exact(k), wounded=Count.exact(wounded),
                          published=published, summary=f"event {e}")]
            for back in rng.sample(truth[: e + 1], k=min(len(truth[: e + 1]), rng.randrange(0, 3))):
                if back[0] == e:
                    continue
                _, bwhen, bcity, bet, bsub, bk, _ = back
                ms.append(Mention(id=f"{doc_id}#{len(ms)}", document_id=doc_id, index=len(ms), event_type=bet,
                                  sub_event_type=bsub, date=day(bwhen), place=bcity, killed=Count.exact(bk),
                                  background=True, published=published, summary=f"event {back[0]}"))
            if rng.random() < 0.1:
                ms.append(Mention(id=f"{doc_id}#{len(ms)}", document_id=doc_id, index=len(ms), event_type=et,
                                  sub_event_type=sub, date=DateInterval(D(2019, 1, 1), D(2019, 12, 31),
                                                                        DatePrecision.YEAR),
                                  place=IRAQ, background=True, published=published))
            mentions.extend(ms)
    return docs, mentions


def snapshot(state: MemoryState):
    incidents = sorted((i.id, i.mention_ids, i.sources, i.independent_sources, i.killed, i.wounded, i.munitions,
                        i.date, i.place, i.sub_event_type, i.conflicts, i.merge_reasons, i.first_reported)
                       for i in state.incidents())
    stories = sorted((s.id, s.document_ids, s.copies) for s in state.stories())
    history = sorted((k, tuple((h["as_of"], str(h["figures"])) for h in v)) for k, v in state.history.items())
    return incidents, stories, history


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_link_is_incremental_and_order_independent(seed):
    docs, mentions = synthetic_corpus()
    assert 150 <= len(mentions) <= 300
    one, _ = link_all(docs, mentions)
    rng = random.Random(seed)
    shuffled = docs[:]
    rng.shuffle(shuffled)
    state = MemoryState()
    for k in range(5):
        part = shuffled[k::5]
        ids = {d.id for d in part}
        state, _ = link_all(part, [m for m in mentions if m.document_id in ids], state)
    assert snapshot(state) == snapshot(one)
    # the corpus is not trivial: merges, copies and multi-document stories happened
    incidents = one.incidents()
    assert len(incidents) < len([m for m in mentions]) / 1.5
    assert any(i.independent_sources < len(i.sources) for i in incidents)
    assert any(len(s.document_ids) > 1 for s in one.stories())


def test_link_thresholds_are_config_fields():
    mosul = Place("Mosul", "IQ", "Nineveh", 36.335, 43.119, precision=GeoPrecision.CITY)
    ms = [mention("a", 0, D(2021, 5, 1), mosul, killed=2), mention("b", 0, D(2021, 5, 1), mosul, killed=2)]
    docs = [doc("a", D(2021, 5, 2)), doc("b", D(2021, 5, 2))]
    assert len(link_batch(docs, ms, MemoryState()).incidents) == 1
    strict = LinkConfig(merge_threshold=0.95)
    assert len(link_batch(docs, ms, MemoryState(), config=strict).incidents) == 2
