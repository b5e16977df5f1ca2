"""From one cleaned document to the incidents it reports, as ``Mention`` records.

The components (events, counts, dates, places, actors) each look at one sentence. This
module decides which sentences to parse, runs the components, and groups their findings:

* The title and lead describe the article's main incident.
* A sentence with a violent-event trigger that carries its own date or place, different from
  the incident in focus, starts another incident (a background one: "the first attack was on
  November 17"), as does one that says so ("In a separate incident, ..."). The day something
  was said ("the army said on Wednesday") only bounds an event, and an event told as done is
  never dated after its report.
* Sentences without a trigger, or whose date and place agree, continue the incident in
  focus and lend it what they say (counts, date, place, actors), unless every place they
  name is elsewhere or they turn to another incident ("Separately, ..."). A recent date told
  before any trigger ("the incident happened Sunday" under a headline read without one)
  dates the main incident when nothing else does.
* A wire dateline ("MOGADISHU, March 3 (Reuters) -") says where and when the story was
  filed: its town places and its date dates no event of the sentence (the document's
  default place and the publication date stand in when nothing else does).
* Every value becomes a ``Claim`` holding the sentence span and who said it.

Only paragraphs with event or casualty vocabulary (and the lead, which carries the dateline)
are parsed: on news text that skips most of the spaCy work (see benchmarks/bench_extract.py).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import read_table, read_words, vocabulary
from ..records import (Claim, Count, DateInterval, DatePrecision, Document, GeoPrecision,
                       Mention, Modality, Place, to_dict)
from .. import truecase
from . import actors as actors_mod
from . import counts as counts_mod
from . import dates as dates_mod
from . import events as events_mod
from . import places as places_mod
from . import rank
from .dateline import dateline_end

EXTRACTOR = "sitrep.extract.document.v1"

# How far apart two places must be to count as different incidents' places (km). Matches
# the scale of a city: a site across town is the same place, a town 50 km away is not.
DIFFERENT_PLACE_KM = 30.0
# ... unless the sentence tells the event with "the" and no date of its own: then a place
# this near is the same incident told again ("the attack on the camp in Djugu", 50 km from
# the Bunia dateline); the incident keeps the place it holds.
ANAPHOR_PLACE_KM = 100.0
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+(?:[a-z-]+\s+)?$", re.IGNORECASE)
# Paragraphs always parsed: the title plus this many leading paragraphs (dateline, lead).
LEAD_PARAGRAPHS = 2
DOCUMENT_WORDS = "en/document_words.tsv"
_DOCUMENT_WORD_KINDS = ("casualty", "reference", "turn", "turn_adjective", "turn_noun", "toll",
                        "clock")


@functools.cache
def _document_words() -> dict[str, tuple[str, ...]]:
    """``en/document_words.tsv`` by kind, in file order."""
    return read_words(DOCUMENT_WORDS, _DOCUMENT_WORD_KINDS)


def _words_pattern(kind: str) -> str:
    """An alternation of the words of ``kind`` (a final * matches the rest of a word)."""
    return "|".join(re.escape(w[:-1]) + r"\w+" if w.endswith("*") else re.escape(w)
                    for w in _document_words()[kind])


# one to ten, as the cues below read them
_ONE_TO_TEN = [word for word, value in vocabulary.cardinals().items() if 1 <= value <= 10]
# Casualty words that make a paragraph worth parsing even without an event trigger.
CASUALTY_WORDS = re.compile(r"\b(?:" + _words_pattern("casualty") + r")\w*", re.IGNORECASE)
# "a week after", "two days before": the event in the complement is shifted from the focus.
_UNIT_DAYS = dates_mod.units_in("shift")
RELATIVE_SHIFT = re.compile(
    r"\b(?P<n>a|an|" + "|".join(_ONE_TO_TEN) + r"|\d+|a few|several)\s+"
    r"(?P<unit>" + "|".join(f"{unit}|{unit}s" for unit in _UNIT_DAYS) + r")\s+"
    r"(?P<dir>after|before)\b",
    re.IGNORECASE,
)
# "days after the death of X", "48 hours after the assassination", "a week after": the event
# before the cue followed the one after it. The link stage uses this to start the first no
# earlier than the second once that one is dated (``Mention.after``).
AFTER_CUE = re.compile(
    r"\b(?:(?:a|an|" + "|".join(_ONE_TO_TEN) + r"|\d+|a few|several|some|just|only|mere)\s+)*"
    r"(?:" + "|".join(f"{unit}s?" for unit in dates_mod.units_in("after_cue")) + r")\s+"
    r"(?:after|following)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"a": 1, "an": 1, **{w: vocabulary.cardinals()[w] for w in _ONE_TO_TEN},
                 "a few": 3, "several": 3}


# ----------------------------------------------------------------------------- chunks


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str


# A line longer than this is parsed in pieces cut at sentence ends: spaCy refuses texts over
# ``nlp.max_length`` (E088) and its memory grows with the text. No news paragraph is this
# long (gva-dev's longest line is 13,066 characters); a dump without line breaks is.
MAX_PARAGRAPH_CHARS = 20_000
_PIECE_END = re.compile(r"[.!?][\"'’”)]*\s+|\s+")


def paragraphs(content: str) -> list[Paragraph]:
    """Non-empty lines of ``content`` with their offsets; a line is a paragraph in news text
    (one over ``MAX_PARAGRAPH_CHARS`` is several, cut after the last sentence end, else the
    last space, before the limit)."""
    found = []
    for match in re.finditer(r"[^\n]+", content):
        start, end = match.span()
        while end - start > MAX_PARAGRAPH_CHARS:
            sentence_end = space = None
            for cut_at in _PIECE_END.finditer(content, start, start + MAX_PARAGRAPH_CHARS):
                if cut_at.group(0)[0].isspace():
                    space = cut_at.end() - start
                else:
                    sentence_end = cut_at.end() - start
            cut = sentence_end or space or MAX_PARAGRAPH_CHARS
            if content[start:start + cut].strip():
                found.append(Paragraph(start, start + cut, content[start:start + cut]))
            start += cut
        if content[start:end].strip():
            found.append(Paragraph(start, end, content[start:end]))
    return found


def select_paragraphs(paras: Sequence[Paragraph], title_end: int) -> list[Paragraph]:
    """The paragraphs worth parsing: title, lead, and any with event or casualty words."""
    chosen = []
    body_seen = 0
    for para in paras:
        in_title = para.start < title_end
        lead = not in_title and body_seen < LEAD_PARAGRAPHS
        if not in_title:
            body_seen += 1
        if in_title or lead or events_mod.has_event_vocabulary(para.text) or CASUALTY_WORDS.search(para.text):
            chosen.append(para)
    return chosen


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def truecase_title(title: str, body: str) -> str:
    """A Title Case or ALL CAPS headline in the case the article itself writes its words
    ("Five Shot During Party At Kankakee Banquet Hall" -> "Five shot during party at Kankakee
    Banquet Hall"), so that the parser reads "shot" as a verb and not as part of a name.

    A word the body writes only as the title does (a name, an acronym) is kept; one the body
    writes in lower case is lowered; stop words and the event and casualty vocabulary are
    lowered even when the body is empty (a headline over a paywall). In
    an ALL CAPS headline the other words are capitalized when the body capitalizes them, else
    lowered. Same length as ``title``, so offsets do not move."""
    words = list(_WORD.finditer(title))
    if len(words) < 4 or sum(w.group(0)[0].isupper() for w in words) < 0.7 * len(words):
        return title
    shouting = sum(w.group(0).isupper() and len(w.group(0)) > 1 for w in words) >= 0.7 * len(words)
    body_words = set(re.findall(r"[A-Za-z][A-Za-z'’]*", body))
    out = list(title)
    for i, match in enumerate(words):
        word = match.group(0)
        lowered = word.lower()
        if word in body_words and (word.isupper() or lowered not in body_words):
            continue                     # an acronym or a name, as the body writes it
        if i == 0:
            replacement = word.capitalize() if shouting else word
        elif lowered in body_words or (lowered in STOP_WORDS and lowered not in ("us", "it")) \
                or events_mod.has_event_vocabulary(word) or CASUALTY_WORDS.fullmatch(lowered):
            replacement = lowered
        elif shouting:
            replacement = word.capitalize() if word.capitalize() in body_words else lowered
        else:
            continue
        out[match.start():match.end()] = replacement
    return "".join(out)


# ----------------------------------------------------------------------------- sentences


@dataclass(slots=True)
class SentenceFindings:
    """What the components found in one sentence, offsets in Document.content."""

    start: int
    end: int
    text: str
    events: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    attribution: object | None = None
    shift: tuple[int, str, int] | None = None  # (days, direction, offset in content)


def _shifted(finding, offset: int):
    """A component finding with its offsets moved from chunk to document coordinates."""
    return dataclasses.replace(finding, start=finding.start + offset, end=finding.end + offset)


_TITLE_SEPARATORS = "|-–—:·»«"


def title_suffix(document: Document) -> str | None:
    """The site name the cleaner cut from the title ("- WMC Action News 5 - Memphis,
    Tennessee"): the removed pieces that open with a title separator come first."""
    pieces = []
    for piece in document.removed:
        if not piece or piece[0] not in _TITLE_SEPARATORS:
            break
        pieces.append(piece)
    return " ".join(pieces) or None


def _parse_plan(document: Document) -> tuple[list[Paragraph], list[str]]:
    """The paragraphs worth parsing, and their texts as the parser reads them."""
    title_end = len(document.title) if document.title else 0
    chosen = select_paragraphs(paragraphs(document.content), title_end)
    return chosen, [truecase_title(p.text, document.text) if p.start < title_end else p.text
                    for p in chosen]


def prepare(document: Document) -> tuple[Document, list[str]] | None:
    """``document`` as the extractors read it (``readable_case``) and what they give the
    parser, in order; None for one that tells no news. With the parses of those texts,
    ``extract_document(document, prepared=, parsed=)`` does neither step again, so that the
    texts of many documents can go through one ``nlp.pipe``: spaCy works a fifth faster on
    a batch of documents' paragraphs than on each one's."""
    if not_news(document):
        return None
    view = readable_case(document)
    return view, _parse_plan(view)[1]


def analyse_sentences(document: Document, nlp, country_prior: Mapping[str, float] | None = None,
                      parsed: Sequence | None = None
                      ) -> tuple[list[SentenceFindings], places_mod.DocumentPlaces]:
    content = document.content
    title_end = len(document.title) if document.title else 0
    chosen, texts = _parse_plan(document)
    docs = list(nlp.pipe(texts)) if parsed is None else list(parsed)
    entities = []
    for para, doc in zip(chosen, docs):
        for ent in doc.ents:
            entities.append(places_mod.Entity(ent.start_char + para.start, ent.end_char + para.start,
                                              ent.label_, ent.text))
    geo = places_mod.geocode_document(content, entities, title_end=title_end,
                                      outlet=title_suffix(document), url=document.url,
                                      country_prior=country_prior)
    sentences: list[SentenceFindings] = []
    for para, doc in zip(chosen, docs):
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            off = para.start
            s = SentenceFindings(sent.start_char + off, sent.end_char + off, sent.text)
            s.events = [_shifted(e, off) for e in events_mod.find_events(sent)]
            s.counts = [_shifted(c, off) for c in counts_mod.find_counts(sent)]
            s.dates = [_shifted(d, off) for d in dates_mod.find_dates(sent, document.published)]
            s.places = geo.in_span(s.start, s.end)
            filed = dateline_end(content, s.start)
            if filed is not None:
                # where the story was filed places no event of the sentence ("KYIV (Reuters) -
                # ... the city of Kharkiv, where four were killed"); the document's default
                # place still holds it for a sentence that names nowhere else
                s.places = [p for p in s.places if p.start >= filed]
                # ... and its date is when it was filed: "MOGADISHU, March 3 (Reuters) - ... on
                # Saturday" happened on the 2nd (the publication date stands in for it)
                s.dates = [dataclasses.replace(d, role="filed") if d.end <= filed else d
                           for d in s.dates]
            s.actors = [_shifted(a, off) for a in actors_mod.find_actors(sent)]
            attribution = actors_mod.find_attribution(sent)
            s.attribution = _shifted(attribution, off) if attribution else None
            shift = RELATIVE_SHIFT.search(sent.text)
            if shift:
                n = _NUMBER_WORDS.get(shift.group("n").lower())
                n = n if n is not None else int(shift.group("n"))
                days = n * _UNIT_DAYS[shift.group("unit").lower().rstrip("s")]
                s.shift = (days, shift.group("dir").lower(), s.start + shift.start())
            sentences.append(s)
    return sentences, geo


# ----------------------------------------------------------------------------- grouping

# Words right before a trigger that make it name another, earlier event rather than the one
# in focus: "the anniversary of the assassination", "in retaliation for the shelling".
REFERENCE_CUES = re.compile(r"\b(?:" + _words_pattern("reference") + r")(?:\s+\S+){0,4}\s*$",
                            re.IGNORECASE)
# Publication dates run a little behind the text (time zones, updates): an event a few days
# after one is a slip; later, it is a misreading.
PUBLISHED_SLACK = dt.timedelta(days=3)
# A report's main incident is recent: a date further back than this from publication
# belongs to another (background) incident, not to an undated lead.
MAIN_EVENT_MAX_AGE = dt.timedelta(days=14)
GENERIC_SUB_TYPES = frozenset({"Attack"})
# Modes that decide the sub-type whenever an asserted sentence reports them, as ACLED codes
# them: "a suicide car bomb" is a suicide bomb however many sentences just say "the bomb".
DECISIVE_SUB_TYPES = frozenset({"Suicide bomb", "Chemical weapon"})


@dataclass(slots=True)
class Draft:
    """An incident being assembled from sentences of one document."""

    triggers: list = field(default_factory=list)
    sentences: list = field(default_factory=list)       # SentenceFindings
    counts: list = field(default_factory=list)          # (CountFinding, SentenceFindings)
    date: object | None = None                          # (DateFinding, SentenceFindings)
    place: object | None = None                         # (PlaceFinding, SentenceFindings)
    actors: list = field(default_factory=list)          # (ActorFinding, SentenceFindings)
    background: bool = False
    isolated: bool = False                              # a non-asserted trigger's own draft
    after: list = field(default_factory=list)           # drafts of incidents this one followed
    # the date of a round-up told before this incident ("2 shootings Wednesday night ... The
    # first was at 8:30 p.m."): the incident's date when the text gives it none of its own
    umbrella_date: object | None = None                 # (DateFinding, SentenceFindings)

    @property
    def interval(self) -> DateInterval | None:
        return self.date[0].interval if self.date else None

    @property
    def place_value(self) -> Place | None:
        return self.place[0].place if self.place else None

    @property
    def modality(self) -> Modality:
        asserted = [t for t in self.triggers if t.modality == Modality.ASSERTED]
        return Modality.ASSERTED if asserted else self.triggers[0].modality

    @property
    def specific_sub_types(self) -> set[str]:
        """Sub-types backed by a named weapon: "explosions were heard" says less than "rockets hit"."""
        return {t.sub_event_type for t in self.triggers if _specific(t)}

    def add_sentence(self, sent: "SentenceFindings") -> None:
        if sent not in self.sentences:
            self.sentences.append(sent)

    def offer_place(self, finding, sent) -> None:
        """Take a place, or a finer one inside the place held ("Iraq" then "Baghdad")."""
        current = self.place_value
        if current is None:
            self.place = (finding, sent)
            return
        coarse = (GeoPrecision.COUNTRY, GeoPrecision.REGION)
        if current.precision in coarse and finding.place.precision not in coarse \
                and finding.place.country == current.country:
            self.place = (finding, sent)


def _inside(town: Place | None, area: Place | None) -> bool:
    """Is ``town`` (a town or site) a finer place inside ``area`` (a first-level region or a
    country)?"""
    if town is None or area is None or area.precision not in (GeoPrecision.REGION, GeoPrecision.COUNTRY) \
            or town.precision in (GeoPrecision.REGION, GeoPrecision.COUNTRY):
        return False
    if not town.country or town.country != area.country:
        return False
    if area.precision == GeoPrecision.COUNTRY:
        return True
    # a first-level region ("Texas"), not a county or district inside one
    state = (area.admin1 or area.name or "").lower()
    return bool(town.admin1) and town.admin1.lower() == state == (area.name or "").lower()


def _specific(trigger) -> bool:
    return trigger.sub_event_type not in GENERIC_SUB_TYPES and trigger.weapon is not None


def _km(a: Place | None, b: Place | None) -> float | None:
    return a.km_to(b) if a is not None else None


def _places_differ(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    coarse = {GeoPrecision.COUNTRY, GeoPrecision.REGION}
    if a.precision in coarse or b.precision in coarse:
        # A country or region mention does not contradict a town inside it.
        return bool(a.country and b.country and a.country != b.country)
    distance = _km(a, b)
    return distance is not None and distance > DIFFERENT_PLACE_KM


def _dates_differ(a: DateInterval | None, b: DateInterval | None) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return False
    return not a.overlaps(b)


_STAMP_WORDS = "|".join(re.escape(w) for w in dates_mod.words_in("timestamp"))
TIMESTAMP_WORDS = re.compile(
    r"\b(?:[ap]\.?m\.?|" + _STAMP_WORDS + "|last|on|at|by|" + "|".join(vocabulary.time_zones())
    + "|" + _words_pattern("clock") + r")\b", re.IGNORECASE)


_STAMP_START = re.compile(r"^\W*(?:(?:first |last )?(?:" + _STAMP_WORDS + r"))\b", re.IGNORECASE)


def _is_timestamp(sent: SentenceFindings) -> bool:
    """A line that is only a date and time ("January 22, 2013 2:44 PM", "Updated: Mon 5 PM"):
    when the page was posted, not when anything happened."""
    if not sent.dates:
        return False
    if _STAMP_START.match(sent.text) and min(d.start for d in sent.dates) - sent.start <= 30:
        return True        # "Published 18 May 2024 | By Northamptonshire Police newsroom"
    rest = sent.text
    for finding in sorted(sent.dates, key=lambda d: d.start, reverse=True):
        a, b = finding.start - sent.start, finding.end - sent.start
        rest = rest[:max(a, 0)] + " " + rest[max(b, 0):]
    rest = TIMESTAMP_WORDS.sub(" ", rest)
    return len(re.findall(r"[A-Za-z]{3,}", rest)) == 0


# A sentence that turns to another incident: "Separately, ...", "In another incident, ...",
# "Elsewhere, ...", "In an unrelated attack, ...".
SEPARATE_CUE = re.compile(
    r"^\W*(?:" + _words_pattern("turn") + r"|in (?:a |an )?(?:" + _words_pattern("turn_adjective")
    + r")(?: \w+)?\s+(?:" + _words_pattern("turn_noun") + r")s?)\b", re.IGNORECASE)


def _elsewhere(sent: SentenceFindings, focus: Draft, default_place: Place | None) -> bool:
    """A sentence with no event word of its own that is not about the incident in focus: it
    says so ("Separately, four people were injured in Faridpur"), or every place it names is
    elsewhere ("In the Odesa region, debris damaged a warehouse, but nobody was hurt" after
    the Kharkiv strike). Its figures and parties are not the focus's. (Another day is no
    sign: "... and a civilian who died of his injuries on Monday" is the focus's toll.)"""
    if SEPARATE_CUE.match(sent.text):
        return True
    held = focus.place_value or default_place
    places = [p.place for p in sent.places]
    return bool(places) and all(_places_differ(held, p) for p in places)


def _event_dates(sent: SentenceFindings) -> list:
    """Dates in the sentence that can say when an event happened: "point" dates, else the
    "reference" ones ("police said Tuesday"), which usually sit near the event; never
    ranges ("since 2019"), durations, or a page's own timestamp line."""
    if _is_timestamp(sent):
        return []
    points = [d for d in sent.dates if d.role == "point" and d.interval.start is not None]
    return points or [d for d in sent.dates if d.role == "reference" and d.interval.start is not None]


_SPEAKER_PLACE_GAP = re.compile(r"\s*(?:,\s*)?(?:based\s+)?(?:in|from|at)\s+(?:the\s+)?")


def _speakers_place(place, sent: SentenceFindings, content: str) -> bool:
    """A place right after the sentence's attribution ("according to transport operators in
    Pemba"). Not one inside it: "Philadelphia police said" is where local news happens."""
    a = sent.attribution
    if a is None:
        return False
    return 0 <= place.start - a.end <= 12 and \
        _SPEAKER_PLACE_GAP.fullmatch(content[a.end:place.start]) is not None


def _inside_interval(inner: DateInterval, outer: DateInterval) -> bool:
    return None not in (inner.start, inner.end, outer.start, outer.end) and \
        outer.start <= inner.start and inner.end <= outer.end


def _nearest(items: Iterable, position: int):
    best, best_distance = None, None
    for item in items:
        distance = 0 if item.start <= position < item.end else min(abs(item.start - position),
                                                                    abs(item.end - position))
        if best_distance is None or distance < best_distance:
            best, best_distance = item, distance
    return best


@dataclass(slots=True)
class TriggerContext:
    """What one trigger brings to grouping: its own date and place, if the sentence gives them."""

    trigger: object
    date: object | None                 # DateFinding
    interval: DateInterval | None
    place: object | None                # PlaceFinding
    reference: bool                     # names an earlier event ("anniversary of the attack")
    definite: bool = False              # "the attack", "this shooting": an event already told


def _trigger_context(trigger, sent: SentenceFindings, content: str, focus: Draft | None) -> TriggerContext:
    dates, places = _event_dates(sent), list(sent.places)
    if sent.shift:
        # "The attack comes a week after rockets hit Erbil": words on either side of the shift
        # describe different incidents, so a trigger takes its date and place from its own side.
        cut = sent.shift[2]
        side = trigger.start > cut
        dates = [d for d in dates if (d.start > cut) == side]
        places = [p for p in places if (p.start > cut) == side]
    date = _nearest(dates, trigger.start)
    if date is not None:
        # "Last month, separatists torched homes in Kumbo on September 15": the nearest date
        # holds a more precise one; that one dates the event
        inner = [d for d in dates if d is not date and _inside_interval(d.interval, date.interval)
                 and d.interval.days < date.interval.days]
        date = min(inner, key=lambda d: d.interval.days, default=date)
    # where the speaker is ("according to transport operators in Pemba") places the event
    # only when nothing else in the sentence does
    told = [p for p in places if not _speakers_place(p, sent, content)]
    place = _nearest(told or places, trigger.start)
    interval = date.interval if date else None
    if sent.shift and focus is not None and focus.interval and focus.interval.start \
            and trigger.start > sent.shift[2] and date is None:
        # ... and Erbil is a week before the incident in focus (unless its side dates it:
        # "three months after gunmen killed 12 in a tavern on June 21").
        days, direction, _ = sent.shift
        delta = dt.timedelta(days=-days if direction == "after" else days)
        interval = DateInterval(focus.interval.start + delta, focus.interval.end + delta,
                                focus.interval.precision, text="relative to the incident in focus")
        date = dataclasses.replace(_RelativeDate, interval=interval, start=trigger.start, end=trigger.end)
    before = content[max(sent.start, trigger.start - 60):trigger.start]
    reference = bool(REFERENCE_CUES.search(before))
    definite = bool(_DEFINITE_BEFORE.search(before))
    if definite and date is not None and date.role == "reference":
        # "In a statement on Wednesday, the army said ... during the counter-attack": the day
        # something was said about an event already told does not date it
        date, interval = None, None
    return TriggerContext(trigger, date, interval, place, reference, definite)


def _fits(draft: Draft, ctx: TriggerContext, default_place: Place | None, published: dt.date | None,
          is_main: bool) -> bool:
    """Can this trigger be one more report of ``draft``'s incident?"""
    if draft.isolated:
        return False
    if ctx.reference and ctx.interval is None:
        return False
    said_after = ctx.date is not None and ctx.date.role == "reference" and draft.interval is not None \
        and draft.interval.end is not None and ctx.interval is not None \
        and ctx.interval.start is not None and draft.interval.end <= ctx.interval.start
    # (the day something was said only bounds the event: "the army said on Wednesday it had
    # repelled an attack" fits Monday's attack)
    if _dates_differ(draft.interval, ctx.interval) and not said_after:
        return False
    held, told = draft.place_value or default_place, ctx.place.place if ctx.place else None
    if _places_differ(held, told):
        # "The attack on the Lala camp in Djugu territory killed 45": an undated event told
        # with "the" is the one in focus when near the place held
        distance = _km(held, told)
        if not (ctx.definite and ctx.interval is None and distance is not None
                and distance <= ANAPHOR_PLACE_KM):
            return False
    own = ctx.interval is not None or ctx.place is not None
    sub_type = ctx.trigger.sub_event_type
    if own and _specific(ctx.trigger) and draft.specific_sub_types \
            and not any(events_mod.sub_types_related(sub_type, s) for s in draft.specific_sub_types):
        return False   # "a drone strike in Baghdad" beside "rockets hit Erbil": two incidents
    if is_main and draft.interval is None and ctx.interval is not None and published is not None \
            and ctx.interval.end is not None and ctx.interval.end < published - MAIN_EVENT_MAX_AGE:
        return False
    return True


# A plain "will" right before the trigger, with no negation ("will target", not "would no
# longer attack", "will not strike").
PLAIN_WILL = re.compile(r"\bwill\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|n't|longer)\b", re.IGNORECASE)


def _resolve_modality(trigger, ctx: TriggerContext, published: dt.date | None, content: str):
    """A "will" event that the text dates clearly in the past is a narrative or translation
    artefact ("a week after more than a dozen missiles will target ..."): it happened.
    "Would" (conditional, reported intention) and negated forms stay as they are."""
    if trigger.modality == Modality.FUTURE and published and ctx.interval and ctx.interval.end \
            and ctx.interval.end < published - dt.timedelta(days=1):
        words = content[max(0, trigger.start - 25):trigger.end]
        if PLAIN_WILL.search(words) and not NEGATION.search(words):
            return dataclasses.replace(trigger, modality=Modality.ASSERTED)
    return trigger


# A round-up's date is a date for the incidents it sums up only when it is one night or a
# weekend, not "since January".
UMBRELLA_MAX_DAYS = 3


def group_sentences(sentences: Sequence[SentenceFindings], published: dt.date | None,
                    default_place: Place | None, content: str = "") -> list[Draft]:
    """Group sentence findings into incidents of one document (see the module docstring)."""
    drafts: list[Draft] = []
    focus: Draft | None = None
    umbrella = None        # the date of the latest round-up ("two shootings on Sunday")
    # a date told before any incident ("Deputies said the incident happened Sunday" under a
    # headline the tagger read no event in): the main incident's, if it gets none of its own
    lead_date = None
    lead_counts: list = []
    for sent in sentences:
        owner_of: dict[int, Draft] = {}
        triggers = []
        sentence_focus = focus   # relative expressions in the sentence anchor on this
        skipped: list = []
        past_will: set[int] = set()   # triggers whose "will" the date shows to be past
        for raw in sent.events:
            ctx = _trigger_context(raw, sent, content, sentence_focus)
            if raw.modality == Modality.ASSERTED and ctx.date is not None \
                    and _after_report(ctx.date, published):
                # "two weeks before the attack" read as after it lands past publication: an
                # event told as done cannot be later than the report
                ctx.date, ctx.interval = None, None
            trigger = _resolve_modality(raw, ctx, published, content)
            if trigger.modality != raw.modality:
                past_will.add(id(trigger))
            ctx.trigger = trigger
            triggers.append(trigger)
            if trigger.modality != Modality.ASSERTED:
                # Denied, threatened, hypothetical or generic events are kept apart, as
                # mentions of their own that never lend figures to a real incident.
                draft = Draft(isolated=True, background=True)
                drafts.append(draft)
                days = ctx.interval.days if ctx.interval is not None else None
                if trigger.modality == Modality.GENERIC and days is not None and days <= UMBRELLA_MAX_DAYS:
                    umbrella = (ctx.date, sent)
            else:
                asserted_drafts = [d for d in drafts if not d.isolated]
                main = asserted_drafts[0] if asserted_drafts else None
                draft = None
                turned = not triggers[:-1] and SEPARATE_CUE.match(sent.text) is not None
                if turned:
                    pass           # "In a separate incident, gunmen killed two": a new one
                elif focus is not None and _fits(focus, ctx, default_place, published, focus is main):
                    draft = focus
                elif ctx.interval is not None or ctx.place is not None:
                    # An earlier incident the sentence returns to: one dated the same, or an
                    # undated main incident ("Sunday's attack" after an undated lead).
                    draft = next((d for d in asserted_drafts if d.interval is not None and ctx.interval is not None
                                  and _fits(d, ctx, default_place, published, d is main)), None)
                    if draft is None and main is not None and main.interval is None \
                            and _fits(main, ctx, default_place, published, True):
                        draft = main
                if draft is None:
                    if ctx.reference and ctx.interval is None:
                        # An undated reference to another event: nothing to anchor it, and
                        # its figures ("the anniversary of the killing of X") are not ours.
                        skipped.append(trigger)
                        continue
                    draft = Draft(background=bool(asserted_drafts), umbrella_date=umbrella)
                    drafts.append(draft)
                focus = draft
            draft.triggers.append(trigger)
            if draft.date is None and ctx.interval is not None:
                draft.date = (ctx.date, sent)
            if ctx.place is not None:
                draft.offer_place(ctx.place, sent)
            draft.add_sentence(sent)
            owner_of[id(trigger)] = draft
        # Counts and actors belong to the nearest trigger's incident, else to the one in focus
        # (unless the sentence is about another incident).
        elsewhere = not triggers and focus is not None and _elsewhere(sent, focus, default_place)
        for kind, findings in (("counts", sent.counts), ("actors", sent.actors)):
            if elsewhere:
                break
            for finding in findings:
                if skipped and _nearest(triggers, finding.start) in skipped:
                    continue
                if _of_another_event(finding, sent, content):
                    continue   # "the anniversary of the killing of X": another event's figure
                trigger = _nearest([t for t in triggers if id(t) in owner_of], finding.start)
                if getattr(finding, "modality", Modality.ASSERTED) == Modality.FUTURE \
                        and (trigger is None or id(trigger) not in past_will):
                    continue   # "will kill": a figure of an event that has not happened
                owner = owner_of.get(id(trigger)) if trigger is not None else focus
                if owner is not None:
                    getattr(owner, kind).append((finding, sent))
                    owner.add_sentence(sent)
        _link_sequence(sent, [t for t in triggers if id(t) in owner_of], owner_of)
        if not triggers and focus is None and lead_date is None:
            dates = [d for d in _event_dates(sent) if not _after_report(d, published)]
            if dates and published is not None and _recent(dates[0], published):
                lead_date = (dates[0], sent)
        if not triggers and focus is None:
            # figures told before any event word ("A youth was done to death in Giaspura",
            # the event word comes later): the main incident's, if it has none of its own
            lead_counts += [(finding, sent) for finding in sent.counts
                            if not _of_another_event(finding, sent, content)]
        if not triggers and focus is not None and not elsewhere:
            # ("On Sept. 16, mourners will bury ..." under a report of the 2nd dates nothing)
            dates = [d for d in _event_dates(sent) if not _after_report(d, published)]
            if focus.date is None and dates and (focus is not _first_asserted(drafts) or _recent(dates[0], published)):
                focus.date = (dates[0], sent)
            for place in sent.places:
                focus.offer_place(place, sent)
    for draft in drafts:
        if draft.date is None and draft.umbrella_date is not None:
            draft.date = draft.umbrella_date
    main = _first_asserted(drafts)
    if main is not None and main.date is None and lead_date is not None:
        main.date = lead_date
        main.add_sentence(lead_date[1])
    if main is not None and lead_counts:
        held = {finding.field for finding, _ in main.counts}
        for finding, sent in lead_counts:
            if finding.field not in held and getattr(finding, "modality", Modality.ASSERTED) \
                    != Modality.FUTURE:
                main.counts.append((finding, sent))
                main.add_sentence(sent)
        main.sentences.sort(key=lambda sent: sent.start)
    return _consolidate(drafts, published)


def _of_another_event(finding, sent: SentenceFindings, content: str) -> bool:
    """A figure told as another event's ("the anniversary of the killing of X")."""
    return REFERENCE_CUES.search(content[max(sent.start, finding.start - 60):finding.start]) is not None


def _link_sequence(sent: SentenceFindings, triggers: Sequence, owner_of: dict[int, Draft]) -> None:
    """"missiles were fired at Erbil, days after a drone strike in Baghdad": the incident of the
    trigger before the cue followed the incident of the trigger after it."""
    for cue in AFTER_CUE.finditer(sent.text):
        at = sent.start + cue.start()
        before = [t for t in triggers if t.end <= at]
        after = [t for t in triggers if t.start >= sent.start + cue.end()]
        if not before or not after:
            continue
        later, earlier = owner_of[id(before[-1])], owner_of[id(after[0])]
        if later is not earlier and not any(earlier is a for a in later.after):
            later.after.append(earlier)


def _first_asserted(drafts: Sequence[Draft]) -> Draft | None:
    return next((d for d in drafts if not d.isolated), None)


def _after_report(date_finding, published: dt.date | None) -> bool:
    """A date past the report's (with ``PUBLISHED_SLACK``): no event told as done is on it."""
    start = date_finding.interval.start
    return published is not None and start is not None and start > published + PUBLISHED_SLACK


def _recent(date_finding, published: dt.date | None) -> bool:
    end = date_finding.interval.end
    return published is None or end is None or end >= published - MAIN_EVENT_MAX_AGE


def _weak(draft: Draft) -> bool:
    """A draft that adds nothing of its own: no figure and no date."""
    return not draft.counts and draft.date is None


def _next_day(a: DateInterval | None, b: DateInterval | None) -> bool:
    """Two day-precise dates at most a day apart: one night told as "late Saturday" and as
    "early Sunday", or a lead's date against the timeline further down."""
    if a is None or b is None or None in (a.start, a.end, b.start, b.end):
        return False
    return a.overlaps(b, slack_days=1) and (a.days or 99) <= 2 and (b.days or 99) <= 2


def _same_incident(home: Draft, draft: Draft) -> bool:
    """Can ``draft`` be folded into ``home`` of the same document?"""
    if home.isolated or _places_differ(home.place_value, draft.place_value):
        return False
    if _weak(draft):
        # "after the attacks in Erbil" is the Erbil attack already reported, not a new one.
        return (draft.interval is None or home.interval is None or not _dates_differ(home.interval, draft.interval)) \
            and (home.interval is not None or draft.interval is None)
    # One article rarely reports two attacks of one kind in one town a day apart; when its
    # sentences date the same attack a day apart, they are one incident.
    types = {t.event_type for t in home.triggers} & {t.event_type for t in draft.triggers}
    specific = home.specific_sub_types and draft.specific_sub_types
    related = any(events_mod.sub_types_related(a, b) for a in home.specific_sub_types
                  for b in draft.specific_sub_types)
    return bool(types) and (not specific or related) \
        and _next_day(home.interval, draft.interval)


def _fold(draft: Draft, into: Draft, first: bool = False) -> None:
    """Move what ``draft`` holds into ``into`` (ahead of its own when ``first``: the headline's
    words lead); ``into`` keeps its own place and date when it has them."""
    for attr in ("after", "triggers", "actors", "counts"):
        mine, theirs = getattr(into, attr), getattr(draft, attr)
        at = 0 if first else len(mine)
        mine[at:at] = theirs
    for sent in draft.sentences:
        into.add_sentence(sent)
    if first:
        into.sentences.sort(key=lambda sent: sent.start)
    if into.place is None and draft.place is not None:
        into.place = draft.place
    if into.date is None and draft.date is not None:
        into.date = draft.date


def _consolidate(drafts: list[Draft], published: dt.date | None = None) -> list[Draft]:
    """Fold drafts of one document that report the same incident into the first of them."""
    kept: list[Draft] = []
    folded: dict[int, Draft] = {}
    for draft in drafts:
        home = None if draft.isolated else next((k for k in kept if _same_incident(k, draft)), None)
        if home is None:
            kept.append(draft)
            continue
        folded[id(draft)] = home
        _fold(draft, into=home)
    # A main incident nothing dates and nothing counts ("Soldiers executed civilians in
    # village raid", a rights report weeks later) before an incident the text dates too far
    # back to be the main one's, and of its kind: the headline tells that one.
    asserted = [d for d in kept if not d.isolated]
    if len(asserted) >= 2 and asserted[0].interval is None and not asserted[0].counts:
        main, told = asserted[:2]
        if told.interval is not None and told.interval.end is not None and published is not None \
                and told.interval.end < published - MAIN_EVENT_MAX_AGE \
                and not _places_differ(main.place_value, told.place_value) \
                and {t.event_type for t in main.triggers} & {t.event_type for t in told.triggers}:
            _fold(main, into=told, first=True)
            folded[id(main)] = told
            kept.remove(main)
    for draft in kept:
        homes = [folded.get(id(a), a) for a in draft.after]
        draft.after = [a for i, a in enumerate(homes)
                       if a is not draft and not any(a is b for b in homes[:i])]
    # Keep the order of the text, the main incident first.
    for i, draft in enumerate(d for d in kept if not d.isolated):
        draft.background = i > 0
    return kept


_RelativeDate = dates_mod.DateFinding(start=0, end=0, text="",
                                      interval=DateInterval(None, None, DatePrecision.UNKNOWN),
                                      role="point", explicit=False)


# ----------------------------------------------------------------------------- mentions


# The hand-set weight of the figure rankers before ``make train`` fitted them: within an
# article a higher figure is usually the update or the total.
COUNT_PRIOR = {"highest": 10.0}
_TOLL_WORDS = re.compile(r"\b(?:" + _words_pattern("toll") + r")\b[^.;]{0,40}$", re.IGNORECASE)
_BREAKDOWN_AFTER = re.compile(r"^\W{0,3}(?:including|among (?:them|whom|those)|of (?:them|whom)|"
                              r"most of them|all of them)\b", re.IGNORECASE)
_BREAKDOWN_BEFORE = re.compile(r"\b(?:including|among (?:them|whom|those|the dead|the victims)|"
                               r"of (?:them|whom))\W{0,3}$", re.IGNORECASE)


def count_candidates(field_name: str, found: Sequence, draft: "Draft | None",
                     content: str) -> list[rank.Candidate]:
    """One candidate per figure the incident's sentences give for ``field_name`` ((finding,
    sentence) pairs), with what the ranker reads of it."""
    items = [(f, sent) for f, sent in found if f.count.best is not None or f.count.low is not None]
    values = [f.count.best if f.count.best is not None else f.count.low for f, _ in items]
    if not items:
        return []
    trigger_sentences = {id(s) for s in (draft.sentences if draft else ())
                         if any(s.start <= t.start < s.end for t in draft.triggers)}
    lead = draft.sentences[0].start if draft and draft.sentences else None
    distinct = len(set(values))
    first_at = min(f.start for f, _ in items)
    last_at = max(f.start for f, _ in items)
    candidates = []
    for (finding, sent), value in zip(items, values):
        c = finding.count
        f = {"agree": math.log1p(sum(1 for v in values if v == value) - 1),
             "magnitude": math.log1p(value)}
        if value == max(values) and distinct > 1:
            f["highest"] = 1.0
        if value == min(values) and distinct > 1:
            f["lowest"] = 1.0
        if finding.start == first_at:
            f["first"] = 1.0
        if finding.start == last_at and len(items) > 1:
            f["last"] = 1.0
        if lead is not None and sent.start == lead:
            f["lead_sentence"] = 1.0
        if id(sent) in trigger_sentences:
            f["trigger_sentence"] = 1.0
        if c.high is None:
            f["open"] = 1.0
        elif c.low is not None and c.low != c.high:
            f["range"] = 1.0
        if value == 0:
            f["zero"] = 1.0
        if sent.attribution is not None:
            f["attributed"] = 1.0
        if finding.category:
            f[f"category={finding.category}"] = 1.0
        before = content[max(sent.start, finding.start - 60):finding.start]
        after = content[finding.end:min(sent.end, finding.end + 40)]
        if _TOLL_WORDS.search(before):
            f["toll_words"] = 1.0
        if _BREAKDOWN_AFTER.search(after):
            f["has_breakdown"] = 1.0       # "26 people, among them four children": the total
        if _BREAKDOWN_BEFORE.search(before):
            f["in_breakdown"] = 1.0        # ... and "four children" a part of it
        candidates.append(rank.Candidate(field_name, value, f"count.{finding.category or 'people'}",
                                         finding.start, finding.end, f, payload=finding))
    return candidates


def _merge_counts(field_name: str, found: Sequence, draft: "Draft | None" = None, content: str = "",
                  context=None) -> Count | None:
    """One document's figure for a field: the range over its claims, best the ranker's pick
    among them."""
    candidates = count_candidates(field_name, found, draft, content)
    if not candidates:
        return None
    counts = [c.payload.count for c in candidates]
    lows = [c.low for c in counts if c.low is not None]
    highs = [c.high for c in counts]
    high = None if any(h is None for h in highs) else max(highs)
    best = rank.choose(field_name, candidates, context, COUNT_PRIOR).value
    if high is not None and best > high:
        high = best
    return Count(low=min(lows) if lows else None, best=best, high=high, reported=True,
                 text="; ".join(c.text for c in counts if c.text))


def _outcome_unstated(count: Count) -> bool:
    """The counts component gives people shot, stabbed or beaten whose fate the sentence does
    not state as wounded with low 0 ("a girl was shot": one person hit, maybe the one who died)."""
    return count.low == 0 and (count.best or 0) > 0


def _survivors(hit: Count | None, killed: Count) -> Count | None:
    """People hit whom the article does not report dead: hit minus killed ("a girl was shot"
    and, elsewhere, "the girl died" is one killed, none wounded)."""
    if hit is None:
        return None
    dead = killed.best or 0
    best = max((hit.best or 0) - dead, 0)
    high = None if hit.high is None else max(hit.high - dead, 0)
    return Count(low=0, best=best, high=high, reported=True, text=f"{hit.text} (hit) − {dead} killed")


# The hand-set weights of the sub-type ranker before ``make train`` fitted them: the triggers'
# vote (confidence, the first three counting double) decides; a bare catch-all ("the attack")
# adds nothing to a named mode ("rockets hit"); a decisive mode (``DECISIVE_SUB_TYPES``: "a
# suicide car bomb" however many sentences just say "the bomb") wins whenever reported.
TYPE_PRIOR = {"votes": 10.0, "decisive": 100.0, "bare_catch_all": -100.0}


def type_candidates(triggers: Sequence, evidence: Sequence[str] = ()) -> list[rank.Candidate]:
    """One candidate per (event type, sub-type) the incident's triggers propose (the asserted
    ones, when there are any), with what the ranker reads of it. ``evidence``: what else the
    draft holds ("killed", "abducted") as feature names."""
    asserted = [t for t in triggers if t.modality == Modality.ASSERTED] or list(triggers)
    specific = any(t.sub_event_type not in GENERIC_SUB_TYPES or t.weapon for t in asserted)
    votes: dict[tuple[str, str], float] = {}
    members: dict[tuple[str, str], list] = {}
    for rank_, trigger in enumerate(asserted):
        key = (trigger.event_type, trigger.sub_event_type)
        bare = trigger.sub_event_type in GENERIC_SUB_TYPES and not trigger.weapon
        weight = 0.0 if specific and bare else trigger.confidence * (2.0 if rank_ < 3 else 1.0)
        votes[key] = votes.get(key, 0.0) + weight
        members.setdefault(key, []).append(trigger)
    total = sum(votes.values()) or 1.0
    first = (asserted[0].event_type, asserted[0].sub_event_type)
    keys = list(members)
    candidates = []
    for key in keys:
        own = members[key]
        sub = key[1]
        f = {"votes": votes[key] / total, "triggers": math.log1p(len(own)),
             "with_weapon": sum(1 for t in own if t.weapon) / len(own), f"sub={sub}": 1.0}
        if key == first:
            f["first"] = 1.0
        if sub in DECISIVE_SUB_TYPES:
            f["decisive"] = 1.0
        if specific and all(t.sub_event_type in GENERIC_SUB_TYPES and not t.weapon for t in own):
            f["bare_catch_all"] = 1.0
        for other in keys:
            if other != key:
                f[f"sub={sub}|also={other[1]}"] = 1.0
        for word in evidence:
            f[f"sub={sub}|{word}"] = 1.0
        start = min(t.start for t in own)
        candidates.append(rank.Candidate("sub_event_type", key, f"type.{own[0].text.lower()}", start,
                                         max(t.end for t in own), f))
    return candidates


def _choose_type(triggers: Sequence, evidence: Sequence[str] = (), context=None
                 ) -> tuple[str, str, str | None]:
    """The (event type, sub-type) the ranker picks among the triggers' proposals, and the
    weapon most of the evidence names."""
    chosen = rank.choose("sub_event_type", type_candidates(triggers, evidence), context, TYPE_PRIOR)
    event_type, sub_event_type = chosen.value
    asserted = [t for t in triggers if t.modality == Modality.ASSERTED] or list(triggers)
    weapons: dict[str, float] = {}
    for rank_, trigger in enumerate(asserted):
        if trigger.weapon:
            weight = trigger.confidence * (2.0 if rank_ < 3 else 1.0)
            weapons[trigger.weapon] = weapons.get(trigger.weapon, 0.0) + weight
    weapon = max(weapons.items(), key=lambda kv: kv[1])[0] if weapons else None
    return event_type, sub_event_type, weapon


# The hand-set weights of the place ranker before ``make train`` fitted them: the place the
# grouping held for the incident, else the document's default place; and the default where it
# refines what the main incident holds (only the state the document's town lies in: "a Texas
# legislator was shot" under a Weslaco dateline). A background incident "elsewhere in Texas"
# keeps the state.
PLACE_PRIOR = {"gen=place.held": 10.0, "gen=place.default": 5.0, "refines_held": 10.0}
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside|on the outskirts of|(?:"
                              + "|".join(places_mod.place_words("place_of"))
                              + r") of)\s+(?:the\s+)?$", re.IGNORECASE)


def place_candidates(draft: Draft, default_place: Place | None, content: str) -> list[rank.Candidate]:
    """Where the incident may have happened: the place the grouping held for it, every other
    place its sentences name, and the document's default place."""
    held = draft.place
    triggers = draft.triggers
    names = Counter((f.place.name or "").lower() for s in draft.sentences for f in s.places)
    options: list[tuple[str, object, Place, int, int]] = []
    if held is not None:
        options.append(("place.held", held, held[0].place, held[0].start, held[0].end))
    seen = {(held[0].start, held[0].end)} if held is not None else set()
    for sent in draft.sentences:
        for finding in sent.places:
            if (finding.start, finding.end) not in seen:
                seen.add((finding.start, finding.end))
                options.append(("place.sentence", (finding, sent), finding.place, finding.start, finding.end))
    if default_place is not None:
        options.append(("place.default", None, default_place, 0, 0))
    candidates = []
    first_sentence = draft.sentences[0].start if draft.sentences else None
    for generator, payload, place, start, end in options:
        f = {f"precision={place.precision.value}": 1.0,
             "mentions": math.log1p(names.get((place.name or "").lower(), 0))}
        if place.site:
            f["site"] = 1.0
        if default_place is not None and generator != "place.default":
            if place.name == default_place.name and place.country == default_place.country:
                f["is_default"] = 1.0
            elif place.country and default_place.country and place.country != default_place.country:
                f["other_country"] = 1.0
        if payload is not None:
            sent = payload[1]
            near = min((abs(t.start - start) for t in triggers if sent.start <= t.start < sent.end),
                       default=None)
            if near is not None:
                f["trigger_sentence"] = 1.0
                f["trigger_distance"] = math.log1p(near)
            if sent.start == first_sentence:
                f["first_sentence"] = 1.0
            if _LOCATIVE_BEFORE.search(content[max(0, start - 40):start]):
                f["locative"] = 1.0
        elif held is not None and not draft.background and _inside(default_place, held[0].place):
            f["refines_held"] = 1.0
        if draft.background:
            f["background"] = 1.0 if generator == "place.default" else 0.0
        candidates.append(rank.Candidate("place", place, generator, start, end, f, payload=payload))
    return candidates


def _claim(document: Document, mention_id: str, field_name: str, value, sent: SentenceFindings,
           value_span: tuple[int, int] | None, extractor: str) -> Claim:
    said_by = None
    if sent.attribution is not None:
        said_by = sent.attribution.said_by
        if getattr(sent.attribution, "outlet", None):
            said_by = f"{said_by} ({sent.attribution.outlet})"
    return Claim(
        id=Claim.make_id(document.id, field_name, sent.start, sent.end, value),
        document_id=document.id,
        mention_id=mention_id,
        field=field_name,
        value=value,
        start=sent.start,
        end=sent.end,
        quote=document.content[sent.start:sent.end],
        value_start=value_span[0] if value_span else None,
        value_end=value_span[1] if value_span else None,
        said_by=said_by,
        extractor=extractor,
    )


def draft_to_mention(document: Document, index: int, draft: Draft, default_place: Place | None,
                     after: Sequence[str] = ()) -> Mention:
    mention_id = f"{document.id}#{index}"
    evidence = sorted({finding.field for finding, _ in draft.counts})
    event_type, sub_event_type, weapon = _choose_type(draft.triggers, evidence, (document.id, index))
    claims: list[Claim] = []
    first = min(draft.triggers, key=lambda t: (t.modality != Modality.ASSERTED, t.start))
    lead_sent = next((s for s in draft.sentences if s.start <= first.start < s.end),
                     draft.sentences[0] if draft.sentences else None)
    for trigger in draft.triggers:
        sent = next((s for s in draft.sentences if s.start <= trigger.start < s.end), lead_sent)
        claims.append(_claim(document, mention_id, "event_type",
                             {"event_type": trigger.event_type, "sub_event_type": trigger.sub_event_type,
                              "modality": str(trigger.modality), "weapon": trigger.weapon},
                             sent, (trigger.start, trigger.end), events_mod.EXTRACTOR))
    date = draft.interval
    if draft.date is not None:
        finding, sent = draft.date
        span = (finding.start, finding.end) if finding.end > finding.start else None
        claims.append(_claim(document, mention_id, "date", to_dict(finding.interval), sent, span,
                             dates_mod.EXTRACTOR))
    elif document.published is not None and not draft.background:
        # No date in the text: as ACLED does, the report's own date stands for the event's,
        # with a precision that says it is only known to within a week.
        date = DateInterval(document.published, document.published, DatePrecision.WEEK,
                            text="publication date")
    place = None
    chosen = rank.choose("place", place_candidates(draft, default_place, document.content),
                         (document.id, index), PLACE_PRIOR)
    if chosen is not None and chosen.payload is not None:
        finding, sent = chosen.payload
        place = finding.place
        claims.append(_claim(document, mention_id, "location", to_dict(place), sent,
                             (finding.start, finding.end), places_mod.EXTRACTOR))
    elif chosen is not None:
        place = default_place
    by_field: dict[str, list] = {}
    for finding, sent in draft.counts:
        field_name = finding.field
        if field_name == "wounded" and _outcome_unstated(finding.count):
            field_name = "shot"
        by_field.setdefault(field_name, []).append((finding, sent))
        claims.append(_claim(document, mention_id, field_name,
                             {**to_dict(finding.count), "category": finding.category,
                              "weapon": finding.weapon},
                             sent, (finding.start, finding.end), counts_mod.EXTRACTOR))
    content = document.content

    def merged(name: str) -> Count | None:
        return _merge_counts(name, by_field.get(name, ()), draft, content, (document.id, index))
    killed = merged("killed") or Count.not_reported()
    wounded = merged("wounded") or _survivors(merged("shot"), killed) or Count.not_reported()
    munitions = merged("munitions") or Count.unknown()
    if sub_event_type == "Abduction/forced disappearance" and (killed.low or 0) > 0 and any(
            t.sub_event_type == "Attack" and t.modality == Modality.ASSERTED for t in draft.triggers):
        # gunmen who "shot dead two and abducted seven": the killing is the graver act, and
        # the sub-type follows it (an abduction toll of 2 dead would read as a mistake)
        event_type, sub_event_type = events_mod.SUB_EVENT_TYPES["Attack"], "Attack"
    perpetrators, claimants, targets = [], [], []
    for finding, sent in draft.actors:
        bucket = {"perpetrator": perpetrators, "claimant": claimants, "target": targets}.get(finding.role)
        if bucket is None:
            continue
        if finding.stance == "denied":
            continue
        if finding.name not in bucket:
            bucket.append(finding.name)
        claims.append(_claim(document, mention_id, finding.role,
                             {"name": finding.name, "text": finding.text, "stance": finding.stance},
                             sent, (finding.start, finding.end), actors_mod.EXTRACTOR))
    seen_claims: dict[str, Claim] = {}
    for claim in claims:
        seen_claims.setdefault(claim.id, claim)
    summary = lead_sent.text.strip() if lead_sent else ""
    return Mention(
        id=mention_id,
        document_id=document.id,
        index=index,
        event_type=event_type,
        sub_event_type=sub_event_type,
        modality=draft.modality,
        date=date,
        place=place,
        killed=killed,
        wounded=wounded,
        munitions=munitions,
        weapon=weapon,
        perpetrators=tuple(perpetrators),
        claimants=tuple(claimants),
        targets=tuple(targets),
        background=draft.background,
        sentences=tuple((s.start, s.end) for s in draft.sentences),
        summary=summary[:300],
        claims=tuple(seen_claims.values()),
        published=document.published,
        after=tuple(after),
    )


@functools.lru_cache(maxsize=1)
def _not_news_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((row["where"], re.compile(row["pattern"], re.IGNORECASE | re.MULTILINE))
                 for _, row in read_table("en/not_news.tsv", ("where", "pattern")))


def not_news(document: Document) -> bool:
    """A review or another genre that tells no events of its own (``not_news.tsv``)."""
    title = document.title or ""
    lead = f"{title}\n{document.text[:300]}"
    return any(p.search(title if where == "title" else lead) for where, p in _not_news_patterns())


def extract_document(document: Document, nlp=None, country_prior: Mapping[str, float] | None = None,
                     prepared: tuple[Document, list[str]] | None = None,
                     parsed: Sequence | None = None) -> list[Mention]:
    """Every incident ``document`` reports, the main one first, with their claims.
    ``country_prior``: the countries of the documents before (``sitrep.engine``), which
    settle place names the document itself leaves open ("Panama City" in American news).
    ``prepared`` and ``parsed``: ``prepare(document)`` and spaCy's parses of its texts, when
    made already."""
    if prepared is None and not_news(document):
        return []
    if nlp is None:
        from ..parse import load_nlp
        nlp = load_nlp()
    view = prepared[0] if prepared is not None else readable_case(document)
    sentences, geo = analyse_sentences(view, nlp, country_prior, parsed)
    drafts = group_sentences(sentences, view.published, geo.default, view.content)
    with_triggers = [d for d in drafts if d.triggers]
    ids = {id(d): f"{document.id}#{i}" for i, d in enumerate(with_triggers)}
    mentions = [draft_to_mention(view, i, d, geo.default, [ids[id(a)] for a in d.after if id(a) in ids])
                for i, d in enumerate(with_triggers)]
    if view is not document:
        mentions = [quoting_original(m, view, document) for m in mentions]
    return mentions


def readable_case(document: Document) -> Document:
    """``document`` with the case of its lines in capitals restored (``sitrep.truecase``), for
    the parser and the extractors to read; the same length, so every span holds for the
    original too. The document itself when none of it is in capitals."""
    content = document.content
    if not any(truecase.shouting(line) for line in content.splitlines()):
        return document
    restored = truecase.restore_case(content)
    if not document.title:
        return dataclasses.replace(document, text=restored)
    return dataclasses.replace(document, title=restored[:len(document.title)],
                               text=restored[document.body_offset:])


def quoting_original(mention: Mention, view: Document, document: Document) -> Mention:
    """A mention read from ``view`` (``readable_case``) that quotes ``document``'s own words."""
    original = document.content
    claims = tuple(dataclasses.replace(c, quote=original[c.start:c.end]) for c in mention.claims)
    at = view.content.find(mention.summary) if mention.summary else -1
    summary = original[at:at + len(mention.summary)] if at >= 0 else mention.summary
    return dataclasses.replace(mention, claims=claims, summary=summary)
