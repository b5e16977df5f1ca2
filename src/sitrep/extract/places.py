"""Places: place names in a document, geocoded offline with the document's context.

``geocode_document(content, entities, title_end=..., outlet=..., url=...)`` looks at the
whole document once and
returns a ``DocumentPlaces``: the document's main place (``default``), its dominant country
(``country``) and first-level region (``admin1``), and ``in_span(start, end)`` for the places
a sentence mentions (most specific first). The gazetteer is ``geo.gazetteer`` (GeoNames
places of 500+ people, regions, countries; an SQLite index built once and cached on disk).

Where mentions come from
  * the dateline ("GAINESVILLE, Fla. -", "BAGHDAD (AFP) -", "Baghdad:", "Detroit —");
  * spaCy GPE / LOC / FAC entities; ORG entities only for the town that names a local
    institution ("the Gainesville Police Department") or the region an organisation is named
    after ("Alabama Law Enforcement Agency", context only);
  * "Town, Region" pairs ("Springfield, Ill.", "Paris, Texas", "Balad, Iraq") and counties
    ("Harris County", "Charles Co.", "Prince George's Co."), which know their state;
  * names spaCy missed where the words around them say "place": "shot in Inglewood",
    "Boulder police", "a Sacramento nightclub" (accepted only as a town of the document's
    country under that very name, never a word the document also writes in lower case, nor
    a function word, number or month: "One man", "March");
  * sites the gazetteer does not know: airports, bases, embassies, districts and
    neighbourhoods, streets and blocks ("Erbil airport", "the US embassy in Baghdad",
    "Harithiya district", "the 1200 block of Main Street");
  * "the Iraqi capital" / "the capital of Iraq" (the capital city).

How a name is resolved. Names of one story are usually near each other, so the names
agree first: each candidate of a name gains from the other names' candidates near it (within
about 40 km, fading out by 100 km; a county by its centre), from a region another name means
that it lies in ("Birmingham" with "Alabama"; a region gains from the towns in it); the gain
grows with how much of the other name's likelihood lies there (a name whose best match is a
hamlet may well be a place the gazetteer lacks), so two small namesakes that happen to be
neighbours gain little against a large town, while several names that agree (Athens,
Decatur and Florence, all in Alabama) outweigh size. Then the document's country and
region: every mention votes for the countries (regions) of its candidates in proportion to
how likely each is (size, level, match, agreement); a region or country named with a town
counts fully; demonyms count a little; ``country_prior`` (what the caller knows of the
corpus) breaks ties. Then each name's candidates are scored: size (log
population), level (a country outranks a town of the same name; a town outranks its own
region, "Baghdad" is the city and "Baghdad province" the region, unless the name is only
another name of a small town: "Montana" is the state), agreement with the other names, the
document's country (+3) and region (+2), nearness to the dateline town (or the lead's main
town), and how the name matched (own name, as written, alternate name, without "al-"). A
dateline names a town ("WASHINGTON" is the city). A region named with the town
("Springfield, Ill.") is a filter, not a score, and the town it pins is what the same name
means everywhere in the document. A town abroad needs its country named in the document (or
to be a world city); a hamlet in another region of the document's country, or an untagged
village, is rejected unless another name of the story is near it. Alternate names of places
must look like a spelling of the name ("Bagdad", "Irbil"), not a translation ("White House"
is an alternate name of Casablanca).

The outlet: the site name the cleaner cut from the title ("WMC Action News 5 - Memphis,
Tennessee") and the document's address ("sanfrancisco.cbslocal.com", "dentonrc.com": a host
label that is a place's name, alone or with a short affix) give the outlet's home, which is
weak context (a local outlet reports local events) and never a finding.

The default place: a town the title names where it says the event is ("shot in X" beats
"X man", "from X") unless the dateline is far from it -- but a news agency's dateline ("KYIV
(Reuters) -", agencies as attribution_cues.tsv lists them) is only its bureau, which the
title's town beats however far, and which then places nothing; else the dateline town; else the most
salient town of the title and lead (mentions weighted by resolution confidence); else a
county; when that leaves only a region or country (or nothing), a town in it: one the text
names further down, the outlet's town in the title ("... - KVOA.com | Tucson, Arizona"),
where the victims were taken for treatment, the outlet's home.

Sites keep their own words in ``Place.site`` and take the coordinates of the town they are
in: the town named inside the site ("Erbil airport", "Al-Balad air base"; never for streets,
which are often named after other towns), the town after it ("the US embassy in Baghdad"),
the possessor ("Chicago's Northwest Side"), a town named in the same sentence, else the
document's default town. Precision is "point" when the town comes from the phrase or
sentence and "city" when it is only the document default. A named district that the
gazetteer knows near the town (a GeoNames section of a city, e.g. "Sadr City") keeps its own
coordinates. A village or district the gazetteer knows by its name ("Mafa village", a town;
"Churachandpur district", a second-level region) is that place wherever it lies, not a site.
A name the document uses for a neighbourhood ("the Austin neighborhood" in a Chicago story)
is that neighbourhood wherever it appears.

Relative phrases ("north of Baghdad", "20 km from Kirkuk", "outside Mosul", "the Humble
area") resolve to the named town with precision "city" and the whole phrase as text: the
event is near the town, not in it, and the town is the most precise place the text
supports. "eastern Baghdad" resolves to Baghdad the same way.

Not findings: where someone was taken for treatment ("airlifted to a Tulsa hospital", "flown
to St. Francis Hospital in Wichita"): not where the event happened (context only).

Not places: persons (spaCy PERSON, and a single word that is a token of a person's name in
the document, "Mason" after "Antonio Mason", unless the words around it make it a place; a
PERSON ending in "Police" is an institution), streets ("the corner of Baltimore and McHenry
avenues", "the 1300-block of South Racine"),
government metonyms ("Washington said", "Tehran accused", "according to Moscow", a foreign
capital as subject), country names used as modifiers ("US embassy", "US-led"), demonyms
(context only), areas larger than a country ("Middle East"), bare compass names ("South
Side", "Southeast"). A country mention becomes a finding only where the text locates
something in it ("in Iraq", "Iraq:" as a title prefix).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS
from unidecode import unidecode

from ..data import read_table, vocabulary
from ..records import GeoPrecision, Place
from . import rank
from .actors import news_outlet
from .dateline import DATELINE_DATE
from .geo.gazetteer import (ADMIN1, ADMIN2, ALT, CITY, COUNTRY, DERIVED, KIND_NAMES, MACRO, MAIN,
                            REGION, Candidate, Gazetteer, distance_km)
from .geo.gazetteer import gazetteer as _gazetteer
from .geo.normalize import key as name_key

__all__ = ["Entity", "PlaceFinding", "DocumentPlaces", "CountryPrior", "geocode_document",
           "gazetteer"]

EXTRACTOR = "sitrep.extract.places.v1"


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then cached on disk)."""
    return _gazetteer()


@dataclass(frozen=True, slots=True)
class Entity:
    """A spaCy entity in ``Document.content`` offsets."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    start: int
    end: int
    text: str          # content[start:end]
    place: Place


_RANK = {GeoPrecision.POINT: 0, GeoPrecision.CITY: 1, GeoPrecision.REGION: 2,
         GeoPrecision.COUNTRY: 3}


class DocumentPlaces:
    """Places of one document, resolved with the document's context."""

    def __init__(self, findings: list[PlaceFinding], default: Place | None, country: str | None,
                 admin1: str | None = None):
        self.findings = sorted(findings, key=lambda f: (f.start, f.end))
        self.default = default
        self.country = country
        self.admin1 = admin1          # the dominant first-level region name, if any

    def in_span(self, start: int, end: int) -> list[PlaceFinding]:
        """Places mentioned between these offsets, most specific first, then in text order."""
        hits = [f for f in self.findings if f.start >= start and f.end <= end]
        return sorted(hits, key=lambda f: (_RANK[f.place.precision], f.start))

    def __repr__(self) -> str:
        return (f"DocumentPlaces(default={self.default!r}, country={self.country!r}, "
                f"findings={len(self.findings)})")


# ----------------------------------------------------------------------------- vocabulary

PLACE_WORDS = "en/place_words.tsv"


@lru_cache(maxsize=1)
def _place_table() -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    """``en/place_words.tsv``: kind -> words in file order, and kind -> word -> value."""
    words: dict[str, list[str]] = defaultdict(list)
    values: dict[str, dict[str, str]] = defaultdict(dict)
    for _, row in read_table(PLACE_WORDS, ("word", "kind", "value"), key=("word", "kind")):
        words[row["kind"]].append(row["word"])
        values[row["kind"]][row["word"]] = row["value"]
    return {k: tuple(v) for k, v in words.items()}, dict(values)


def _place_words() -> dict[str, tuple[str, ...]]:
    """``en/place_words.tsv`` by kind (settlement, region, epithet, site, ...), in file order."""
    return _place_table()[0]


def place_words(kind: str) -> tuple[str, ...]:
    """The words of one kind of ``en/place_words.tsv`` ("place_of": "town", "village" ...)."""
    return _place_words().get(kind, ())


def _words(kind: str, *, written: bool = False) -> str:
    """A regular expression alternation of the words of ``kind``, in file order (spaces match
    any white space); ``written``: capitalised as names write them ("County", "Co.")."""
    return "|".join(re.escape(w.title() if written else w).replace(r"\ ", r"\s+")
                    for w in place_words(kind))


_POINTS = vocabulary.compass_points()
_DIRECTIONS = tuple(_POINTS)
_DIR_ADJ = place_words("part") + _DIRECTIONS
_LOCATIVE_PARTS = {w for w, v in _place_table()[1]["part"].items() if v == "locative"}
_DIR_ADJ_RE = re.compile(r"^(?:(?:the|a)\s+)?(?:" + "|".join(re.escape(d) for d in _DIR_ADJ)
                         + r")[\s-]+", re.I)
_ONE_TO_TEN = "|".join(w for w, v in vocabulary.cardinals().items() if 1 <= v <= 10)
_RELATIVE_BEFORE = re.compile(
    r"(?:(?:\b\d[\d,.]*|\b(?:a|" + _ONE_TO_TEN + r"|a few|several"
    r"|some|about|around|nearly|roughly|dozens of))\s*(?:" + _words("distance") + r")"
    r"\.?\s+(?:\([^)]{0,20}\)\s+)?)?\b(?:(?:" + "|".join(_DIRECTIONS) + r")(?:\s+of)?"
    r"|outside(?:\s+of)?|near|nearby|close\s+to|on\s+the\s+outskirts\s+of|outskirts\s+of"
    r"|from|away\s+from)\s+(?:the\s+(?:" + _words("town") + r")\s+of\s+)?$", re.I)
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "from", "into",
             "to", "toward", "towards", "around", "within", "of", "on", "over", "between",
             "through", "off", "via", "and", "or", "against", "under"} | \
    set(vocabulary.cardinal_points()) | _LOCATIVE_PARTS
# what locates something in a country ("in Iraq"), unlike "of Iraq", "to Iraq", "and Iraq"
_COUNTRY_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "within",
                     "around"} | _LOCATIVE_PARTS
_SITE_INTRO = {"in", "at", "near", "inside", "outside", "into", "on", "behind", "opposite"}
_FUNCTION_AFTER = {"and", "or", "on", "in", "at", "as", "after", "before", "since", "during",
                   "when", "where", "amid", "last", "this", "earlier", "for", "by", "with",
                   "but", "to", "from", "late", "early", "until", "while", "near", "recently"}
# a verb or an auxiliary after a country that makes it its government ("Iran said", "Iran has")
_METONYM_VERBS = {"has", "have", "had", "will", "would", "could", "should", "is", "was", "does",
                  "did", "may", "might", "must", "can"} | set(place_words("metonym_verb"))
_METONYM_BEFORE = re.compile(r"\b(?:" + _words("metonym_cue") + r")\s+$", re.I)
_REGION_WORDS = re.compile(r"^\s+(" + _words("region_after") + r")\b", re.I)
_REGION_OF = re.compile(r"\b(?:" + _words("region_before") + r")\s+of\s+(?:the\s+)?$", re.I)
_CITY_WORDS = re.compile(r"^\s+(" + _words("town") + r")\b", re.I)
_INSTITUTION = re.compile(r"\b(?:" + _words("institution") + r")\b", re.I)
# a victim taken somewhere for treatment: "was airlifted to a", "flown to St. Francis
# Hospital in", "taken to the hospital in"
_TREATED_BEFORE = re.compile(r"\b(?:" + _words("treated") + r")\b(?:\s+[\w.'’-]+){0,2}?"
                             r"\s+(?:to|at|in)\b[^;:!?]{0,60}$", re.I)
_MEDICAL = re.compile(r"\W*(?:\w+\W+){0,3}?(?:" + _words("medical") + r")\b", re.I)
_INSTITUTION_END = re.compile(r"\s(?:" + _words("institution_end") + r")$")
_PERSON_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")    # "Mason, 35,"

# site vocabulary: words that make a capitalised phrase a spot inside a town
_SITE_WORDS = _words("site")
_AREA_WORDS = _words("area")
# Words after "district" that make it an office ("district attorney"), not a place.
_OFFICE_AFTER = _words("office")
_STREET_WORDS = vocabulary.street_types_pattern(periods=True)
_POINT_LETTERS = "".join(vocabulary.cardinal_points().values())            # NSEW
_CAP = r"(?:[A-Z][\w'’.&-]*|\d+(?:st|nd|rd|th)|[" + _POINT_LETTERS + r"]\.?)"
_SITE_RE = re.compile(
    r"(?P<name>" + _CAP + r"(?:[ \t]+(?:of[ \t]+|the[ \t]+|al-|el-)?" + _CAP + r"){0,4})"
    r"[ \t]+(?P<kw>(?i:" + _SITE_WORDS + "|" + _AREA_WORDS + r"))\b(?![ \t]+[A-Z])"
    # ("Ecuador's prison agency", "the airport authority": an institution, not a spot)
    r"(?![ \t]+(?:" + _words("site_institution") + r")\b)")
_PART_OF_RE = re.compile(r"[ \t]+of[ \t]+(?P<part>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)")
_SITE_BEFORE_RE = re.compile(r"\b(?P<kw>" + _words("site_before") + r")[ \t]+"
                             r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)")
# ("[Ee]mbassy": a capital only on the first letter)
_EMBASSY_RE = re.compile(r"\b(?:the\s+)?(?P<who>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+(?P<kw>"
                         + "|".join(f"[{w[0].upper()}{w[0]}]"
                                    + re.escape(w[1:]).replace(r"\ ", r"\s+")
                                    for w in place_words("mission")) + r")\b")
_BLOCK_ORDINALS = "|".join(w for w, v in vocabulary.ordinals().items() if v <= 3)  # "first block"
_POINT_NAMES = [w.title() for w in _DIRECTIONS if "-" not in w]        # North ... Southwest
_ONE_LETTER = [a for a in _POINTS.values() if len(a) == 1]                # N, S, E, W
_TWO_LETTERS = [a for a in _POINTS.values() if len(a) == 2]               # NE, NW, SE, SW
_STREET_RE = re.compile(
    r"(?:\b(?:the\s+)?(?:\d[\d-]*|" + _BLOCK_ORDINALS + r")[\s-]+block\s+of\s+|\b\d{1,6}[ \t]+)?"
    r"\b(?:(?:" + "|".join(_POINT_NAMES + [a + r"\.?" for a in _ONE_LETTER] + _TWO_LETTERS)
    + r")[ \t]+)?"
    r"(?:[A-Z][\w'’-]*|\d+(?:st|nd|rd|th))(?:[ \t]+(?:[A-Z][\w'’-]*|\d+(?:st|nd|rd|th))){0,3}"
    r"[ \t]+(?:" + _STREET_WORDS + r")(?![\w]|-[A-Za-z])"        # not "Drive-By"
    r"(?:[ \t]+(?:" + "|".join([w.title() for w in vocabulary.cardinal_points()] + _TWO_LETTERS
                               + [a + r"\." for a in _ONE_LETTER]) + r")(?![\w]))?")
# a word of a street's name; a period only after an abbreviation ("St.", "Rd."): after a
# longer word it ends the sentence ("... Old Calhoun Falls Road. Deputies responded")
_BLOCK_WORD = r"(?:[A-Z0-9][\w'’-]{0,2}\.|[A-Z0-9][\w'’-]*)"
_BLOCK_RE = re.compile(r"\b(?:the\s+)?(?:\d[\d-]*|" + _BLOCK_ORDINALS + r")[\s-]+block\s+of\s+"
                       r"(?P<street>" + _BLOCK_WORD + r"(?:[ \t]+" + _BLOCK_WORD + r"){0,4})")
# two streets named together: "the corner of Baltimore and McHenry avenues"
_STREET_PAIR_RE = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+and\s+[A-Z][\w'’-]+"
                             r"(?:\s+[A-Z][\w'’-]+)?\s+(?:"
                             + "|".join(t.lower() + "s" for t in vocabulary.street_types()
                                        if t not in vocabulary.street_abbreviations()) + r")\b")
# "the northern Syrian town of Azaz", "the Sudanese city of El Fasher", "the Afghan province of
# Helmand": the demonym says which country the name is in
_DEMONYM_PLACE_RE = re.compile(
    r"\b(?P<dem>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]+(?:(?:" + _words("demonym_epithet")
    + r")[ \t]+)?(?P<kind>" + _words("demonym_kind") + r")[ \t]+of[ \t]+"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})")
_DEMONYM_REGIONS = frozenset(w for w, v in _place_table()[1]["demonym_kind"].items()
                             if v == "region")
_CAPITAL_RE = re.compile(r"\b(?:the\s+)(?P<dem>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)\s+capital\b(?!\s*"
                         r"(?:city\s+)?(?:of\s+)?[A-Z])|\bcapital\s+of\s+(?P<country>[A-Z][\w]+"
                         r"(?:\s+[A-Z][\w]+)?)")
_PAIR_RE = re.compile(
    r"\b(?P<town>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}),[ \t]+"
    r"(?P<region>[A-Z][A-Za-z.]*(?:[ \t]?[A-Z][A-Za-z.]*){0,2})(?=[\s,;:)–—-]|$)")
_DATELINE_RE = re.compile(
    r"^[\s×•*|>]*\(?(?P<place>[A-Z][A-Za-z.'’-]*(?:[ ](?:[A-Z][A-Za-z.'’-]*|de|del|la|al|el|of|"
    r"upon|on|sur|am|an|der)){0,4}?)"
    r"(?:\s*,\s*(?P<region>[A-Z][A-Za-z.'’ ]{0,30}?))?"
    r"(?:\s*,\s*" + DATELINE_DATE + r")?\)?"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?"
    r"\s*(?P<sep>[-–—]+(?=\s|$)|:|\||\n|$)")
_FALLBACK_FOLLOW = _words("fallback_follow")
# (a lower-case Arabic article may lead: "al-Qusayr", "el-Fasher", "ash-Shifa")
_NAME = r"(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2}"
_FALLBACK_PREP_RE = re.compile(r"\b(?:in|near|outside|at|of|from|(?:" + _words("town")
                               + r")\s+of)\s+(?P<name>" + _NAME + ")")
_COMMA_NAME_RE = re.compile(r",[ \t]+(?P<name>" + _NAME + r")(?=[,.;:)]|\s*$)")
_CALENDAR_AND_FUNCTION_WORDS = frozenset(STOP_WORDS) | frozenset(vocabulary.month_names()) | \
    frozenset(vocabulary.weekday_names())
_FALLBACK_FOLLOW_RE = re.compile(r"(?<![\w'’-])(?P<name>" + _NAME + r")(?=[ \t]+(?i:"
                                 + _FALLBACK_FOLLOW + r")\b)")
_TITLE_START_RE = re.compile(r"(?P<name>" + _NAME + r")(?=[ \t]+[a-z])")
_COUNTY_RE = re.compile(r"(?<![\w'’-])(?P<name>(?:[A-Z][a-z][\w'’.-]*[ \t]+){1,3}"
                        r"(?:" + _words("county", written=True) + r"))(?!\w)")
_OUTLET = re.compile(r"(?i:\.com\b|\.net\b|\.org\b|\b(?:" + _words("outlet") + r")\b)"
                     r"|\b[KW][A-Z]{2,3}\b")
_GENERIC_AREA = re.compile(r"^(?:(?:" + _words("area_prefix") + r")\s+)?(?:"
                           + "|".join(_POINT_NAMES) + r"|Central)\s*(?:" + _words("area_suffix")
                           + r")?$|^(?:" + _words("generic_area") + r")$", re.I)
_ORIGIN_AFTER = re.compile(r"(?:'s|’s)?[ \t]+(?i:" + _words("origin") + r")\b")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])|\n+")
# an abbreviation ("St.", "Gen.", "Capt.") or an initial ends no sentence
_ABBREV_END = re.compile(r"\b[A-Z][a-z]{0,3}\.$")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a name of up to five capitalised words, Romance particles between them ("San Luis de la Reina")
_PLACE_NAME = (r"[A-Z][\w'’-]*(?:[ \t]+(?:(?:de|del|la|las|los|el|da|do|dos|das|di)[ \t]+)*"
               r"[A-Z][\w'’-]*){0,4}")


@lru_cache(maxsize=1)
def _settlement_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"the (remote) village of X" and "X village": a name introduced as a settlement."""
    words = _place_words()
    settlement = _alternation(words["settlement"])
    epithet = _alternation(words["epithet"])
    intro = re.compile(r"\b(?:the\s+|a\s+)?(?:(?:" + epithet + r")\s+){0,2}(?P<word>" + settlement
                       + r")\s+of\s+(?P<name>" + _PLACE_NAME + r")")
    after = re.compile(r"(?<![\w'’-])(?P<name>" + _PLACE_NAME + r")[ \t]+(?P<word>" + settlement
                       + r")\b(?![ \t]+of\b)")
    return intro, after


# ----------------------------------------------------------------------------- internals


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str                  # the name looked up
    source: str                # dateline, entity, pair, org, capital, site, fallback
    label: str = ""
    candidates: tuple[Candidate, ...] = ()
    container: Candidate | None = None
    kind_hint: int | None = None
    relative: bool = False     # "north of X", "eastern X"
    finding: bool = True       # False: context only (metonyms, modifiers, demonyms)
    span_start: int | None = None   # extent of the finding text when wider than the name
    span_end: int | None = None
    site: str | None = None
    resolved: Candidate | None = None
    capital_check: bool = False
    confidence: float = 1.0
    article: bool = False      # written with "the" ("the White House")
    treated: bool = False      # where someone was taken for treatment (context only)
    agency: str | None = None  # a dateline's news agency ("KYIV (Reuters) -"), not a local station


def _pop_score(c: Candidate) -> float:
    pop = c.population
    if c.kind == REGION:
        pop = max(pop, 1_000_000)
    elif c.kind == ADMIN2:
        pop = max(pop, 20_000)
    return math.log10(pop + 10)


_KIND_BONUS = {COUNTRY: 2.0, ADMIN1: 0.0, REGION: 0.0, ADMIN2: 0.0, CITY: 0.0, MACRO: 0.0}
_CAPITAL_BONUS = 0.3
_HOW_PENALTY = {MAIN: 0.0, ALT: -1.0, DERIVED: -1.5}
# The hand-set weights of the gazetteer-sense ranker ("geo") before ``make train`` fitted
# them (sitrep.extract.rank), in log-odds: size (log10 population), a country over a town of
# its name, own names over alternate ones, the document's country and region, nearness to the
# dateline town, and what the text calls the place ("X province", "the town of X").
GEO_PRIOR = {k: 1.5 * v for k, v in {
    "population": 1.0, "kind=country": _KIND_BONUS[COUNTRY], "how=alternate": _HOW_PENALTY[ALT],
    "how=derived": _HOW_PENALTY[DERIVED], "same_surface": 1.0, "capital": _CAPITAL_BONUS,
    "coherence": 1.0, "document_country": 3.0, "document_region": 2.0, "near_anchor": 2.0,
    "around_anchor": 1.0, "said_region=match": 6.0, "said_town=match": 3.0}.items()}


# names of one story: how much likelier a candidate is when another name of the story has a
# candidate near it, and how much each kind of mention counts as that other name
_COHERENCE_K = 50.0
_UNKNOWN_PLACE = 4.8      # the likelihood (as Resolver.likelihood) of "a place not listed"
_COHERENCE_WEIGHT = {"dateline": 1.0, "pair": 1.0, "entity": 1.0, "capital": 1.0, "org": 0.8,
                     "fallback": 0.8, "site": 0.5, "outlet": 0.5}


def _group_key(m: _Mention) -> str:
    """The name a mention shares with the document's other mentions of it (the outlet's
    home is a name of its own: the text naming the same town is agreement, not repetition)."""
    return ("outlet:" if m.source == "outlet" else "") + name_key(m.text)


def _nearness(a: Candidate, b: Candidate) -> float:
    """1 for places within 40 km of each other, falling to 0 at 100 km (counties, whose
    coordinates are a centre, reach 30 km further)."""
    d = distance_km(a.lat, a.lon, b.lat, b.lon)
    if a.kind == ADMIN2 or b.kind == ADMIN2:
        d -= 30.0
    return 1.0 if d <= 40.0 else max(0.0, (100.0 - d) / 60.0)


def _without_shadowed_regions(cands: list[Candidate]) -> list[Candidate]:
    """A town outranks its own region of the same name (Baghdad, Erbil, New York), unless
    the name is only another name of a small town ("Montana" is the state, not Montana City)."""
    towns: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.kind == CITY and c.population >= 1000:
            towns[(c.country, c.admin1_code)].append(c)

    def shadowed(r: Candidate) -> bool:
        return any(t.how <= r.how or t.population >= 0.1 * r.population
                   for t in towns.get((r.country, r.admin1_code), ()))
    kept = [c for c in cands if not (c.kind == ADMIN1 and shadowed(c))]
    return kept or cands


def _initials(name: str) -> str:
    """"District of Columbia" -> "dc", "Khyber Pakhtunkhwa" -> "kp"."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOP_WORDS]
    return "".join(w[0].lower() for w in words) if len(words) >= 2 else ""


def _sentences(content: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(content):
        if m.group().strip() == "" and "\n" not in m.group() and _ABBREV_END.search(
                content[max(0, m.start() - 8):m.start()]):
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(content):
        spans.append((start, len(content)))
    return spans


def _words_before(content: str, pos: int, n: int = 3) -> list[str]:
    return re.findall(r"[\w’'-]+", content[max(0, pos - 40):pos])[-n:]


_METONYM_ADVERBS = frozenset({"still", "also", "now", "again", "later", "long", "meanwhile",
                              "too", "previously", "repeatedly", "then"})


def _word_after(content: str, pos: int) -> str:
    m = re.match(r"\s*([\w’'-]+)", content[pos:pos + 30])
    return m.group(1) if m else ""


@lru_cache(maxsize=50_000)
def _surface(text: str) -> str:
    """A name as written, without case, accents or punctuation but with its word breaks."""
    return " ".join(re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("'", "")))


def _precision(c: Candidate) -> GeoPrecision:
    if c.kind == COUNTRY:
        return GeoPrecision.COUNTRY
    if c.kind in (ADMIN1, REGION, ADMIN2):
        return GeoPrecision.REGION
    return GeoPrecision.CITY


def _place(c: Candidate, text: str, precision: GeoPrecision | None = None,
           site: str | None = None) -> Place:
    return Place(name=c.name, country=c.country,
                 admin1=c.admin1 if c.kind != COUNTRY else None,
                 lat=round(c.lat, 5), lon=round(c.lon, 5),
                 geonameid=c.geonameid,
                 precision=precision or _precision(c), site=site, text=text)


class _Resolver:
    def __init__(self, gz: Gazetteer, content: str, entities: Sequence[Entity], title_end: int):
        self.gz = gz
        self.content = content
        self.title_end = title_end
        self.entities = sorted(entities, key=lambda e: (e.start, -e.end))
        self.sentences = _sentences(content)
        self.mentions: list[_Mention] = []
        self.sites: list[_Mention] = []
        self.unknown: list[_Mention] = []   # settlements the gazetteer does not know
        self.country: str | None = None
        self.admin1: tuple[str, str] | None = None      # (cc, code)
        self.anchor: Candidate | None = None
        # "Zanesville Police" tagged PERSON is an institution, not a person
        self.entities = [e for e in self.entities if e.label != "PERSON"
                         or not _INSTITUTION_END.search(e.text)]
        self.person_spans = [(e.start, e.end) for e in self.entities if e.label == "PERSON"]
        self.person_tokens = {t.lower() for e in self.entities if e.label == "PERSON"
                              for t in re.findall(r"[A-Za-z][\w'-]+", e.text)}
        self.country_votes: Counter = Counter()
        self.explicit: Counter = Counter()             # countries named or implied by name
        self.implied: Counter = Counter()              # ... of which implied by a region's name
        self.senses: dict[str, set[int]] = defaultdict(set)
        self.region_votes: Counter = Counter()
        self.dateline: _Mention | None = None
        self.bureau_dateline = False     # set by default_place: a dateline abroad
        self.kinds: dict[tuple[int, int], int] = {}    # finding span -> gazetteer kind
        self.confidence: dict[tuple[int, int], float] = {}
        self.prior: dict[str, float] = {}
        self.hoods: set[str] = set()
        self.coherence: dict[tuple[str, int], float] = {}   # (name key, pid) -> gain
        self.outlet: list[_Mention] = []     # the outlet's home, from its name and url

    # ------------------------------------------------------------------ helpers

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return pos, pos

    def in_person(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.person_spans)

    def lookup(self, text: str) -> tuple[Candidate, ...]:
        text = text.strip()
        if not text or len(name_key(text)) < 2:
            return ()
        return self.gz.lookup(text)

    def container_for(self, text: str, *, postal: bool) -> Candidate | None:
        """A region or country named after a comma: "Fla.", "TX", "Texas", "Iraq"."""
        text = text.strip().rstrip(",")
        ab = self.gz.region_abbreviation(text, postal=postal)
        if ab is not None:
            return ab
        if not text[:1].isupper():
            return None
        best = None
        for c in self.lookup(text):
            if c.kind in (COUNTRY, ADMIN1) and c.how != DERIVED:
                if best is None or (c.how, -c.population) < (best.how, -best.population):
                    best = c
        return best

    # ------------------------------------------------------------------ collection

    def collect(self) -> None:
        self.find_dateline()
        self.find_pairs()
        self.find_demonym_places()
        self.find_entities()
        self.find_sites()
        self.find_capitals()
        self.find_fallback()
        self.find_unknown_settlements()

    def find_unknown_settlements(self) -> None:
        """Settlements the text names as such ("the village of Chinchipe", "Hostigal
        canton") that the gazetteer does not know: kept by name (``resolve_unknown``), not
        taken for a part of the dateline's town."""
        intro, after = _settlement_patterns()
        for pattern in (intro, after):
            for hit in pattern.finditer(self.content):
                s, e = hit.span("name")
                name = hit.group("name")
                if self.in_person(s, e) or name.lower() in _CALENDAR_AND_FUNCTION_WORDS or \
                        self.common_word(name) or any(u.start < e and s < u.end for u in self.unknown) \
                        or self.gz.demonym(name.split()[-1]):
                    continue               # ("the Syrian town of Azaz": a people, then the place)
                if any(c.kind != MACRO and c.how == MAIN for c in self.lookup(name)):
                    continue               # a place the gazetteer knows: resolved as such
                inside = [m for m in self.mentions if m.start == s and m.end < e]
                if any(m.start < e and s < m.end and m not in inside for m in self.mentions):
                    continue               # another reading crosses it
                # a known name that only begins it ("San Luis" of "San Luis de la Reina") is
                # not the place the text names
                self.mentions = [m for m in self.mentions if m not in inside]
                self.unknown.append(_Mention(s, e, name, "unknown", hit.group("word")))
        # a site reading of the same words gives way ("in Hostigal", tagged GPE)
        self.sites = [m for m in self.sites
                      if not any(u.start < m.end and m.start < u.end for u in self.unknown)]

    def resolve_unknown(self, findings: list[PlaceFinding]) -> list[PlaceFinding]:
        """An unknown settlement lies in the smallest unit the text names for it: a region
        or district named in its sentence (the nearest, after it first: "in Macomia
        district", "in the jungle province of La Mar"), else the document's region, else its
        country. It keeps its name and takes that unit's coordinates and precision."""
        out = []
        unit_word = re.compile(r"\b(?:" + _alternation(_place_words()["region"]) + r")\b", re.I)
        regions = [f for f in findings if f.place.site is None and (
            f.place.precision == GeoPrecision.REGION or unit_word.search(f.text))]
        for m in self.unknown:
            s0, s1 = self.sentence_of(m.start)
            near = [f for f in regions if s0 <= f.start < s1]
            near.sort(key=lambda f: (f.start < m.start, abs(f.start - m.end)))
            unit = near[0].place if near else None
            if unit is None and self.admin1 is not None:
                region = self.gz.admin1(*self.admin1)
                unit = _place(region, region.name) if region is not None else None
            if unit is None and self.country is not None:
                country = self.gz.country(self.country)
                unit = _place(country, country.name) if country is not None else None
            if unit is None:
                continue
            admin1 = unit.admin1 if unit.precision != GeoPrecision.COUNTRY else None
            out.append(PlaceFinding(m.start, m.end, m.text, Place(
                name=m.text, country=unit.country, admin1=admin1, lat=unit.lat, lon=unit.lon,
                precision=unit.precision, text=m.text)))
        return out

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)

    def find_dateline(self) -> None:
        body = self.title_end + 2 if self.title_end else 0
        pos, lines = body, 0
        while pos < len(self.content) and lines < 4:
            nl = self.content.find("\n", pos)
            nl = len(self.content) if nl < 0 else nl
            line = self.content[pos:nl]
            if line.strip():
                lines += 1
                m = self.match_dateline(line, pos, first=lines == 1)
                if m:
                    self.dateline = m
                    self.add(m)
                    return
            pos = nl + 1

    def match_dateline(self, line: str, offset: int, first: bool = True) -> _Mention | None:
        m = _DATELINE_RE.match(line)
        if not m or line.lstrip().lower().startswith(("by ",) + place_words("not_dateline")):
            return None
        if m.group("sep") == ":" and not first and not m.group("region"):
            return None                    # "Name: value" lines further down are forms
        place = m.group("place").strip()
        region = (m.group("region") or "").strip()
        sep = m.group("sep")
        upper = place.replace(".", "").replace(" ", "").isupper()
        rest = line[m.end():]
        if sep in ("\n", ""):
            # a line that is only the dateline ("WARREN", "DOUGLASS TWP., Pa. -")
            if not upper or rest.strip():
                return None
        elif sep == ":" and not (upper or region):
            # "Baghdad: ..." is a dateline; "Police: ..." is not (needs a place name)
            pass
        if not upper and not region and sep != ":" and not m.group("agency"):
            # Title-case word then a dash: "Detroit— Decrying" but not "Update - ..."
            if not re.match(r"\s*[A-Z\"“]", rest):
                return None
        container = None
        if region:
            container = self.container_for(region, postal=True)
            if container is None:
                return None
        name = re.sub(r"\b(?:TWP|Twp|twp)\.?$", "", place).strip(" ,.")
        if not name:
            return None
        cands = self.lookup(name)
        words = name.split()
        for k in range(1, len(words)):
            if cands:
                break
            # "EAST JACKSON, Tenn.", "TIROTEO EN PERRIS, CA": the place is the last words
            sub = " ".join(words[k:])
            cands = self.lookup(sub)
            if cands:
                place = place[place.rfind(words[k]):]
                name = sub
        if not cands and container is None:
            return None
        if not upper and sep == ":" and not region and not any(
                c.how == MAIN and c.population >= 50_000 for c in cands):
            return None                    # "Baghdad: ..." but not "Police: ..."
        if container is None and self.common_word(name):
            return None                    # "Police: ..." is not a dateline
        start = offset + m.start("place")
        start = offset + m.start("place") + m.group("place").rfind(place)
        # a dateline names a town ("WASHINGTON" is the city, not the state)
        return _Mention(start, start + len(place), name, "dateline", candidates=cands,
                        container=container, kind_hint=CITY,
                        agency=news_outlet(m.group("agency")) if m.group("agency") else None,
                        span_end=offset + (m.end("region") if region else m.end("place")))

    def find_pairs(self) -> None:
        for m in _PAIR_RE.finditer(self.content):
            if self.dateline and m.start() <= self.dateline.start < m.end():
                continue
            region = m.group("region")
            container = self.container_for(region, postal=len(region.strip(".")) == 2)
            whole = container is not None
            if container is None:
                # the "region" may be longer than a region: "Austin, Texas Police said"
                first = region.split()[0]
                container = self.container_for(first, postal=len(first.strip(".")) == 2)
                if container is None:
                    continue
                region = first
            town = m.group("town")
            # drop leading function words the capitalised run swallowed ("In Paris")
            tw = town.split()
            while len(tw) > 1 and tw[0].lower() in {"in", "at", "near", "the", "of", "from"}:
                tw = tw[1:]
            town = " ".join(tw)
            tstart = m.start("town") + m.group("town").rfind(town)
            cands = self.lookup(town)
            inside = [c for c in cands if self.contained(c, container)]
            if not inside:
                # try the last words only ("Police in Springfield, Ill." -> "Springfield")
                for k in range(1, len(tw)):
                    sub = " ".join(tw[k:])
                    sc = [c for c in self.lookup(sub) if self.contained(c, container)]
                    if sc:
                        tstart += town.rfind(sub)
                        town, inside = sub, sc
                        break
            if self.in_person(tstart, tstart + len(town)):
                continue
            if not inside and (not whole or "." in town or not town[:1].isupper()):
                continue
            if not inside:
                # "In tiny Tyrone, Mo.": a town too small for the gazetteer; the region stands
                rs = m.start("region")
                self.add(_Mention(rs, rs + len(region), region, "pair", candidates=(container,),
                                  container=None))
                self.explicit[container.country] += 1
                continue
            self.add(_Mention(tstart, tstart + len(town), town, "pair", candidates=tuple(inside),
                              container=container, span_end=m.start("region") + len(region)))

    def find_demonym_places(self) -> None:
        taken = [(m.start, m.end) for m in self.mentions]
        for m in _DEMONYM_PLACE_RE.finditer(self.content):
            words = m.group("dem").split()
            cc = self.gz.demonym(" ".join(words)) or self.gz.demonym(words[-1]) or \
                self.gz.demonym(words[0])
            country = self.gz.country(cc) if cc else None
            if country is None:
                continue
            region = m.group("kind") in _DEMONYM_REGIONS
            name_words = m.group("name").split()
            for k in range(len(name_words), 0, -1):   # "Azaz on Friday" is not the town
                name = " ".join(name_words[:k])
                s, e = m.start("name"), m.start("name") + len(name)
                inside = tuple(c for c in self.lookup(name) if self.contained(c, country)
                               and (c.kind in (ADMIN1, ADMIN2, REGION) if region else c.kind == CITY))
                if inside and not any(a < e and s < b for a, b in taken):
                    self.add(_Mention(s, e, name, "pair", candidates=inside, container=country,
                                      kind_hint=ADMIN1 if region else CITY))
                    self.explicit[cc] += 1
                    taken.append((s, e))
                    break

    @staticmethod
    def contained(c: Candidate, container: Candidate) -> bool:
        if c.pid == container.pid or c.kind == COUNTRY:
            return False
        if c.country != container.country:
            return False
        if container.kind == ADMIN1:
            return c.admin1_code == container.admin1_code and c.kind != ADMIN1
        return True

    def find_entities(self) -> None:
        taken = [(m.start, m.end) for m in self.mentions]
        for e in self.entities:
            if e.label == "NORP":
                cc = self.gz.demonym(e.text)
                if cc:
                    # "Iraqi officials" is context; "Russian roulette" must not decide alone
                    self.country_votes[cc] += 0.5
                    self.explicit[cc] += 0.5
                continue
            if e.label not in ("GPE", "LOC", "FAC", "ORG"):
                continue
            if any(s < e.end and e.start < t for s, t in taken):
                continue
            if e.label == "ORG":
                self.org_mention(e)
                continue
            self.place_mention(e)

    def clean_span(self, start: int, end: int) -> tuple[int, int]:
        text = self.content[start:end]
        m = re.match(r"(?:the|The)\s+", text)
        if m:
            start += m.end()
        text = self.content[start:end]
        m = re.search(r"(?:'s|’s|'|’)$", text)
        if m:
            end -= len(m.group())
        return start, end

    def place_mention(self, e: Entity) -> None:
        start, end = self.clean_span(e.start, e.end)
        # spaCy splits hyphenated names ("Winston" | "-Salem police"): rejoin them when the
        # whole is a place's own name
        hy = re.match(r"-[A-Z][\w'’]*", self.content[end:end + 30])
        if hy and any(c.how == MAIN for c in self.lookup(self.content[start:end + hy.end()])
                      + self.lookup(self.content[start:end + hy.end()] + " County")):
            end += hy.end()
        more = re.match(r"(?:[ \t]+[A-Z][a-z][\w'’]*){1,2}", self.content[end:end + 40])
        if more and not any(c.how == MAIN for c in self.lookup(self.content[start:end])):
            # "Finote" tagged alone in "Finote Selam": the longer name the gazetteer knows
            for k in (2, 1):
                words = re.findall(r"[ \t]+[A-Z][a-z][\w'’]*", more.group())[:k]
                longer = end + sum(len(w) for w in words)
                if len(words) == k and any(c.how == MAIN
                                           for c in self.lookup(self.content[start:longer])):
                    end = longer
                    break
        hy = re.search(r"(?<![\w-])[A-Z][\w'’]*-$", self.content[max(0, start - 30):start])
        if hy and any(c.how == MAIN for c in self.lookup(self.content[start - len(hy.group()):end])):
            start -= len(hy.group())
        county = re.match(r"(?:'s|’s)?[ \t]+(?:County|Co\.|Parish)(?!\w)", self.content[end:end + 12])
        if county:
            # "Prince George's County": the county, not a town named Prince George
            name = self.content[start:end] + " County"
            cands = tuple(c for c in self.lookup(re.sub(r"(?:'s|’s)", "s", name))
                          if c.kind == ADMIN2) or tuple(
                c for c in self.lookup(name) if c.kind == ADMIN2)
            if cands:
                self.add(_Mention(start, end + county.end(), name, "entity", e.label, cands))
            return
        text = self.content[start:end]
        if not text or not (text[0].isupper() or _DIR_ADJ_RE.match(text)) or \
                self.in_person(start, end):
            return                         # "bang" is no place name ("west Charlotte" is)
        if _PERSON_AFTER.match(self.content[end:end + 8]):
            return
        if re.match(r"[ \t]+(?:" + _STREET_WORDS + r")(?![\w]|-[A-Za-z])",
                    self.content[end:end + 14]):
            return                         # "Garland | Avenue" split by the tagger: a street
        if text.lower() in _CALENDAR_AND_FUNCTION_WORDS:
            return                         # "One", "Many" at a sentence start; "in August"
        if text.endswith(".") and len(text) <= 6:
            region = self.gz.region_abbreviation(text, postal=False)   # "Mo.", "Ga."
            if region is not None:
                self.add(_Mention(start, end, text, "entity", e.label, (region,)))
                return
        if " " not in text and self.person_like(text, start, end):
            return
        if _GENERIC_AREA.match(text):
            # "South Side", "West End", "Downtown": a part of a town, not a town
            self.sites.append(_Mention(start, end, "", "site", e.label, (), site=text))
            return
        if " " not in text and self.common_word(text) and self.sentence_initial(start):
            return                         # "Police: ...", "Date ..." at a sentence start
        relative = False
        cands = self.lookup(text) or tuple(      # "Miami-Dade" is Miami-Dade County
            c for c in self.lookup(text + " County") if c.kind == ADMIN2 and "-" in text)
        name_start = start
        article = bool(re.search(r"\bthe\s+$", self.content[max(0, start - 5):start]))
        if cands and _DIR_ADJ_RE.match(text) and (text[0].islower() or not any(
                c.how == MAIN for c in cands)):
            cands = ()                     # "west Charlotte" is not the hamlet West Charlotte
        if not cands:
            m = _DIR_ADJ_RE.match(text)
            if m:
                rest = text[m.end():]
                cands = self.lookup(rest)
                if cands:
                    name_start = start + m.end()
                    relative = True
        if not cands and "." in text:
            region = self.gz.region_abbreviation(text, postal=False)   # "Ga.", "N.C."
            if region is not None:
                self.add(_Mention(start, end, text, "entity", e.label, (region,)))
                return
        if not cands and "," in text:
            head, tail = text.split(",", 1)
            container = self.container_for(tail, postal=True)
            hc = [c for c in self.lookup(head) if container and self.contained(c, container)]
            if hc:
                self.add(_Mention(start, start + len(head), head, "pair", e.label, tuple(hc),
                                  container=container, span_end=end))
                return
        if not cands:
            # the name may lead a longer phrase ("Baghdad Green Zone"): try leading words
            words = list(re.finditer(r"\S+", text))
            if re.search(r"\b(?:" + _STREET_WORDS + r")$", text):
                words = []                 # "Youngstown Road" is not in Youngstown
            for k in range(len(words) - 1, 0, -1):
                if words[k].group() == "of":
                    continue               # "University of Louisville Hospital"
                sub = text[:words[k - 1].end()]
                sc = self.lookup(sub)
                if sc:
                    rest = text[words[k - 1].end():]
                    if self.settlement(sub, rest.strip(), start, end, e.label):
                        return
                    if re.search(r"(?i)\b(?:" + _SITE_WORDS + "|" + _AREA_WORDS + r")\b", rest):
                        self.sites.append(_Mention(start, end, sub, "site", e.label, sc,
                                                   site=text, kind_hint=CITY))
                    elif _INSTITUTION.match(rest.strip()):
                        # "Santa Cruz Sheriff": the town of an institution
                        self.add(_Mention(start, start + len(sub), sub, "org", e.label, sc))
                    elif self.site_like(e.label, start, text):
                        # "Hamilton Heights", "Bedford Dwellings": a part of a town
                        self.sites.append(_Mention(start, end, "", "site", e.label, (),
                                                   site=text))
                    return
            if self.site_like(e.label, start, text):
                # a place the gazetteer does not know: a district, a base, a village
                self.sites.append(_Mention(start, end, "", "site", e.label, (), site=text))
            return
        if any(c.kind == MACRO for c in cands):
            return
        if e.label == "FAC" and all(c.how != MAIN for c in cands):
            if self.site_like(e.label, start, text):
                self.sites.append(_Mention(start, end, "", "site", e.label, (), site=text))
            return
        m = _Mention(name_start, end, self.content[name_start:end], "entity", e.label, cands,
                     relative=relative, span_start=start, article=article)
        after = self.content[end:end + 40]
        rw = _REGION_WORDS.match(after)
        if rw:
            m.kind_hint = ADMIN1
            m.span_end = end + rw.end()
        elif _CITY_WORDS.match(after):
            m.kind_hint = CITY
        elif _REGION_OF.search(self.content[max(0, start - 40):start]):
            m.kind_hint = ADMIN1           # "the department of Arauca": the region, not its town
        self.mark_relative(m)
        self.mark_metonym(m)
        self.add(m)

    def site_like(self, label: str, start: int, text: str) -> bool:
        """An entity the gazetteer does not know is a site only where the text puts something
        there ("in Harithiya", "at the Pulse nightclub") or its words say it is a spot."""
        if re.search(r"(?i)\b(?:" + _SITE_WORDS + "|" + _AREA_WORDS + r")\b", text) or \
                re.search(r"\b(?:" + _STREET_WORDS + r")$", text):
            return label in ("FAC", "LOC", "GPE")
        if self.common_word(text) or text.lower() in self.person_tokens:
            return False
        before = [w.lower() for w in _words_before(self.content, start, 2)]
        prev = before[-1] if before else ""
        if prev == "the" and len(before) > 1:
            prev = before[-2]
        return prev in _SITE_INTRO and label in ("FAC", "LOC", "GPE")

    def mark_relative(self, m: _Mention) -> None:
        s0 = m.span_start if m.span_start is not None else m.start
        before = self.content[max(0, s0 - 60):s0]
        r = _RELATIVE_BEFORE.search(before)
        if r and r.group().strip().lower() not in ("from", "away from"):
            m.relative = True
            m.span_start = s0 - (len(before) - r.start())

    def mark_metonym(self, m: _Mention) -> None:
        """Context-only mentions: "Washington said", "US-led", "US embassy", "Iraq's"."""
        s0 = m.span_start if m.span_start is not None else m.start
        nxt = self.content[m.end:m.end + 3]
        after = _word_after(self.content, m.end)
        if after.lower() in _METONYM_ADVERBS:      # "Damascus still says", "Kyiv also said"
            two = re.match(r"\s*[\w’'-]+\s+([\w’'-]+)", self.content[m.end:m.end + 40])
            after = two.group(1) if two else ""
        before = [w.lower() for w in _words_before(self.content, s0, 2)]
        prev = before[-1] if before else ""
        if prev == "the" and len(before) > 1:
            prev = before[-2]
        is_country = any(c.kind == COUNTRY and c.how != DERIVED for c in m.candidates)
        locative = prev in (_COUNTRY_LOCATIVE if is_country else _LOCATIVE)
        if nxt.startswith("-") and not nxt.startswith("--"):
            m.finding = False             # "US-led", "Iran-backed"
            return
        if _METONYM_BEFORE.search(self.content[max(0, s0 - 40):s0]):
            m.finding = False
            return
        if not locative and after.lower() in _METONYM_VERBS and after.islower():
            m.finding = False             # "Washington said", "Tehran has accused"
            return
        if is_country and not locative:
            # a country is a finding only where the text locates something in it
            # ("in Iraq", "Iraq: rockets hit ..." as a title prefix); else context
            if not (s0 < self.title_end and re.match(r"\s*[:|–—-]", self.content[m.end:m.end + 3])):
                m.finding = False
            return
        if not locative and not m.relative:
            # a foreign capital as a subject or object is its government ("Washington,
            # which is reducing its troops"); checked once the document country is known
            m.capital_check = True

    def org_mention(self, e: Entity) -> None:
        """"Gainesville Police Department" -> Gainesville (a hint, not a site)."""
        start, end = self.clean_span(e.start, e.end)
        text = self.content[start:end]
        sw = re.search(r"\s(?:" + _SITE_WORDS + r")$", text, re.I)
        if sw:
            name = text[:sw.start()]
            cands = self.lookup(name)
            if cands:
                self.sites.append(_Mention(start, end, name, "site", e.label, cands, site=text,
                                           kind_hint=CITY))
            return
        inst = _INSTITUTION.search(text)
        if not inst or inst.start() == 0:
            # "Alabama Law Enforcement Agency": an organisation named after its region
            words = text.split()
            for k in range(min(3, len(words) - 1), 0, -1):
                head = " ".join(words[:k])
                rc = [c for c in self.lookup(head) if c.kind in (ADMIN1, COUNTRY) and c.how == MAIN]
                if rc:
                    self.add(_Mention(start, start + len(head), head, "org", e.label,
                                      tuple(rc), finding=False))
                    return
            return
        prefix = text[:inst.start()].strip()
        if not prefix or not prefix[0].isupper():
            return
        if inst.end() == len(text) and inst.group().lower() in _place_words()["region"]:
            # "San Miguel Department", "Lima Department": the region, not an office of the town
            regions = tuple(c for c in self.lookup(prefix) if c.kind in (ADMIN1, ADMIN2, REGION))
            if regions:
                self.add(_Mention(start, start + len(prefix), prefix, "entity", e.label, regions,
                                  kind_hint=ADMIN1, span_end=end))
                return
        # "Harris County Sheriff's Office": keep "County" with the name
        if re.match(r"(?i)" + _words("county"), inst.group()):
            prefix = text[:inst.end()].strip()
        cands = self.lookup(prefix)
        if not cands:
            return
        self.add(_Mention(start, start + len(prefix), prefix, "org", e.label, cands,
                          finding=True))

    def settlement(self, name: str, word: str, start: int, end: int, label: str) -> bool:
        """"Mafa village", "Churachandpur district": the village or the district itself when
        the gazetteer knows one by that name (a town; a second-level region), wherever it
        lies -- not a part of the document's town, as "Harithiya district" (unknown) is.
        Adds the mention and says so. Only the common noun in lower case: "University
        Village" and "Warren Village" are housing complexes, and a "district attorney" or
        "district court" is an office, not a place."""
        kind = {"village": CITY, "district": ADMIN2}.get(word)
        if kind is None or self.common_word(name) or \
                re.match(r"[ \t]+(?i:" + _OFFICE_AFTER + r")\b", self.content[end:end + 20]):
            return False
        cands = tuple(x for x in self.lookup(name) if x.kind == kind and x.how == MAIN)
        if cands:
            self.add(_Mention(start, start + len(name), name, "entity", label, cands, span_end=end))
        return bool(cands)

    def find_sites(self) -> None:
        c = self.content
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(a < e and s < b for a, b in taken)

        for m in _BLOCK_RE.finditer(c):
            s, e = m.start(), m.end()
            sm = _STREET_RE.match(c, m.start())
            if sm and sm.end() > e:
                e = sm.end()
            e = s + len(c[s:e].rstrip(" .,"))
            taken.append((s, e))
            self.sites.append(_Mention(s, e, "", "site", site=c[s:e]))
        for m in _STREET_RE.finditer(c):
            s, e = m.start(), m.end()
            if not free(s, e):
                continue
            text = c[s:e].rstrip(" ,")
            pm = re.search(r"^(.*?)(?:'s|’s)\s+", text)
            if pm:
                # "Austin's Sixth Street": Austin is the town, Sixth Street the site
                owner = pm.group(1)
                cands = tuple(x for x in self.lookup(owner) if x.how == MAIN and x.kind == CITY)
                if cands:
                    self.add(_Mention(s, s + len(owner), owner, "fallback", "", cands))
                s += pm.end()
                text = text[pm.end():]
                if not text:
                    continue
            first = text.split()[0]
            if first.lower() in {"the", "a", "on", "in", "at"}:
                continue
            # a lone street word at the start of a sentence ("Place the ...") is not a street
            if len(text.split()) < 2:
                continue
            taken.append((s, s + len(text)))
            self.sites.append(_Mention(s, s + len(text), "", "site", site=text))
        for m in _STREET_PAIR_RE.finditer(c):
            s, e = m.start(), m.end()
            if free(s, e):
                taken.append((s, e))
                self.sites.append(_Mention(s, e, "", "site", site=c[s:e]))
        for m in _EMBASSY_RE.finditer(c):
            s, e = m.start("who"), m.end()
            if not free(s, e):
                continue
            taken.append((s, e))
            self.sites.append(_Mention(s, e, "", "site", site=c[s:e]))
        for rx in (_SITE_RE, _SITE_BEFORE_RE):
            for m in rx.finditer(c):
                s, e = m.start(), m.end()
                name = m.group("name")
                lead = re.match(r"(?:(?:The|In|At|On|Near|From|A|An|Inside|Outside)\s+)+", name)
                if lead:
                    s += lead.end()
                    name = name[lead.end():]
                # a name spaCy took for a person is a place before a site word ("the Austin
                # neighborhood"), not inside a longer person name
                if not name or not free(s, e) or any(
                        a < e and s < b and (a, b) != (s, s + len(name))
                        for a, b in self.person_spans):
                    continue
                if name.split()[0].lower() in {"the", "a", "an"}:
                    continue
                if m.start() > 0 and not c[m.start() - 1].isspace() and c[m.start() - 1] not in "(\"“'‘":
                    continue
                pm = re.search(r"^(.*?)(?:'s|’s)\s+", name)
                if pm and re.match(r"(?:County|Co\.|Parish)(?!\w)", name[pm.end():]):
                    continue               # "Prince George's Co. Metro station": the county's
                if pm:
                    # "Chicago's Northwest Side": Chicago is the town, the rest the site
                    owner = pm.group(1)
                    cands = tuple(x for x in self.lookup(owner) if x.how != DERIVED)
                    if cands and free(s, s + len(owner)):
                        self.add(_Mention(s, s + len(owner), owner, "entity", "", cands))
                    s += pm.end()
                    name = name[pm.end():]
                    if not name:
                        continue
                if self.gz.demonym(name) or any(
                        c.kind in (COUNTRY, MACRO) and c.how != DERIVED for c in self.lookup(name)):
                    continue               # "US side", "Iraqi arena": not a named spot
                kw = m.group("kw").lower()
                if kw in ("area", "vicinity"):
                    # "the Humble area": around the town Humble (a relative place, not a site)
                    cands = tuple(x for x in self.lookup(name) if x.kind in (CITY, ADMIN2))
                    if cands and not self.common_word(name):
                        self.add(_Mention(s, s + len(name), name, "entity", "", cands,
                                          relative=True, span_end=e))
                        taken.append((s, e))
                        continue
                if self.settlement(name, m.group("kw"), s, e, ""):
                    taken.append((s, e))
                    continue
                taken.append((s, e))
                area = re.fullmatch(_AREA_WORDS, kw) is not None
                part = _PART_OF_RE.match(c, e) if area else None
                towns = tuple(x for x in self.lookup(name) if x.how == MAIN and x.kind == CITY)
                if part and towns and not any(x.kind == CITY
                                              for x in self.lookup(part.group("part"))):
                    # "the Stockholm suburb of Skarholmen": the town, and the part of it named
                    # (but "the Jamaica Plain neighborhood of Boston" names the town last)
                    self.add(_Mention(s, s + len(name), name, "entity", "", towns))
                    ps, pe = part.span("part")
                    taken.append((ps, pe))
                    self.sites.append(_Mention(ps, pe, "", "site", site=part.group("part")))
                    continue
                cands = self.lookup(name)
                om = re.search(r"\bof\s+(?P<town>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$", name)
                if not cands and not area and om:
                    # "University of Louisville Hospital": the town after "of"
                    cands = tuple(x for x in self.lookup(om.group("town"))
                                  if x.how == MAIN and x.kind == CITY)
                    if cands:
                        name = om.group("town")
                if not cands and not area:
                    # "Fort Lauderdale-Hollywood International Airport": the leading words
                    # (not "University" of "University of ...")
                    parts = re.split(r"[\s-]+", name)
                    for k in range(len(parts) - 1, 0, -1):
                        if parts[k] == "of":
                            continue
                        head = name[:name.find(parts[k - 1]) + len(parts[k - 1])]
                        cands = tuple(x for x in self.lookup(head) if x.how == MAIN)
                        if cands:
                            name = head
                            break
                self.sites.append(_Mention(s, e, name, "site", "", cands,
                                           site=c[s:e], kind_hint=CITY if not area else None,
                                           relative=area))
        mention_spans = [(m.start, m.end) for m in self.mentions]
        self.sites = [m for m in self.sites if m.source != "site" or not any(
            a <= m.start and m.end <= b for a, b in mention_spans)]
        # a name the document uses for a neighbourhood ("the Austin neighborhood") is that
        # neighbourhood wherever it appears ("Austin shooting"), not a town of that name
        hoods = set()
        for m in self.sites:
            if m.relative and m.text:
                # "West Side Austin" is Austin; "South Chicago" is a part of Chicago
                words = m.text.split()
                hoods |= {name_key(" ".join(words[i:])) for i in range(len(words))
                          if i == 0 or words[i - 1].lower() not in _DIR_ADJ}
        self.hoods = {h for h in hoods if len(h) >= 4}
        # a site overlapping an entity mention replaces it ("Erbil airport" vs "Erbil")
        spans = [(m.start, m.end) for m in self.sites]
        self.mentions = [m for m in self.mentions if m.source in ("dateline", "pair") or
                         not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end)
                                 for a, b in spans)]
        # keep one site per span (entity sites vs pattern sites): the longer wins
        self.sites.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[_Mention] = []
        for m in self.sites:
            if any(k.start <= m.start and m.end <= k.end for k in kept):
                continue
            kept = [k for k in kept if not (m.start <= k.start and k.end <= m.end)]
            kept.append(m)
        self.sites = kept

    def find_fallback(self) -> None:
        """Capitalised names spaCy did not tag, where the words around them say "place":
        "shot in Inglewood", "Boulder police", "a Sacramento nightclub". Accepted later only
        as a town of the document's country known under that very name."""
        c = self.content
        spans = [(e.start, e.end) for e in self.entities if e.label in ("GPE", "LOC", "FAC")]
        persons = [(e.start, e.end) for e in self.entities if e.label == "PERSON"]
        spans += [(m.start, m.end) for m in self.mentions] + [(m.start, m.end) for m in self.sites]

        def free(s: int, e: int) -> bool:
            return not any(a < e and s < b for a, b in spans)

        for m in _COUNTY_RE.finditer(c):
            s, e = m.start("name"), m.end("name")
            name = re.sub(r"\bCo\.$", "County", m.group("name"))
            words = name.split()
            while len(words) > 2 and (words[0].lower() in STOP_WORDS
                                      or not self.lookup(" ".join(words))):
                words = words[1:]          # "The Abbeville County Coroner's Office"
            name = " ".join(words)
            s = e - len(m.group("name")) + m.group("name").rfind(words[0])
            # a name tagged on its own inside the county's ("Terrebonne" GPE, "Parish"
            # NORP) does not stand in its way: the county is the wider, surer reading
            inner = [(a, b) for a, b in spans if s <= a and b <= e]
            if not free(s, e) and not (inner and all(
                    s <= a and b <= e for a, b in spans if a < e and s < b)):
                continue
            cands = tuple(x for x in self.lookup(name) if x.kind == ADMIN2)
            if cands:
                self.mentions = [x for x in self.mentions if not (s <= x.start and x.end <= e)]
                self.add(_Mention(s, e, name, "fallback", "", cands))
                spans.append((s, e))
        found: list[tuple[int, int, str]] = []
        for m in _FALLBACK_FOLLOW_RE.finditer(c):
            found.append((m.start("name"), m.end("name"), m.group("name")))
        tm = _TITLE_START_RE.match(c[:self.title_main_end()])
        if tm and " " in tm.group("name"):     # "Los Banos gang member ...", not "Man found"
            found.append((tm.start("name"), tm.end("name"), tm.group("name")))
        # a person's name is no place, but "Waukegan police" with "Waukegan" tagged PERSON is
        found = [(s, e, n) for s, e, n in found
                 if not any(a < e and s < b and (a, b) != (s, e) for a, b in persons)]
        after_part: set[int] = set()   # starts of towns named after a part of them
        for m in _FALLBACK_PREP_RE.finditer(c):
            words = list(re.finditer(r"\S+", m.group("name")))
            for k in range(len(words), 0, -1):     # "in Clewiston Tuesday" -> "Clewiston"
                name = m.group("name")[:words[k - 1].end()]
                s, e = m.start("name"), m.start("name") + len(name)
                # a person's name is no place, but "in Hazel Crest" tagged PERSON is
                if any(a < e and s < b and (a, b) != (s, e) for a, b in persons):
                    break
                if self.lookup(name):
                    found.append((s, e, name))
                    break
            else:
                # "in KwaNobuhle, Kariega": a part the gazetteer does not know, then its town
                town = _COMMA_NAME_RE.match(c, m.end("name"))
                ts, te = town.span("name") if town else (0, 0)
                if town and m.group("name").lower() not in _CALENDAR_AND_FUNCTION_WORDS and not any(
                        a < te and ts < b and (a, b) != (ts, te) for a, b in persons):
                    found.append((ts, te, town.group("name")))
                    after_part.add(ts)
        for s, e, name in found:
            while " " in name and name.split()[0].lower() in STOP_WORDS:
                # "An Evansville man": the capitalised run took the article
                first = name.split()[0]
                s, name = s + len(first) + 1, name[len(first) + 1:]
            dm = _DIR_ADJ_RE.match(name)
            if dm and dm.end() < len(name) and not any(
                    x.how == MAIN for x in self.lookup(name)):
                s, name = s + dm.end(), name[dm.end():]   # "East Baltimore", not "Southern Pines"
            if not free(s, e) or self.gz.demonym(name) or name.lower() in _CALENDAR_AND_FUNCTION_WORDS:
                continue                   # "convicted in August" names no town
            cands = tuple(x for x in self.lookup(name) if x.how == MAIN and x.kind == CITY)
            if cands:
                self.add(_Mention(s, e, name, "fallback", "after part" if s in after_part else "",
                                  cands))
                spans.append((s, e))

    def person_like(self, text: str, start: int, end: int) -> bool:
        """A single word that is part of a person's name in this document ("Mason" after
        "Antonio Mason"), unless the words around it make it a place ("in Mason", "Mason
        police")."""
        if text.lower() not in self.person_tokens:
            return False
        before = [w.lower() for w in _words_before(self.content, start, 2)]
        if before and (before[-1] in {"in", "near", "outside", "at", "from", "of", "to"}
                       or before[-1] in _DIR_ADJ):
            return False
        return not re.match(r"[ \t]+(?i:" + _FALLBACK_FOLLOW + r")\b", self.content[end:end + 30])

    def sentence_initial(self, pos: int) -> bool:
        before = self.content[max(0, pos - 3):pos]
        return pos == 0 or not before.strip() or before.rstrip()[-1:] in ".!?:\n\"“|-–—"

    def common_word(self, text: str) -> bool:
        """A word the document also writes in lower case is a common word ("police"); so is
        a function word, a number or a month anywhere ("One man was shot" is no Onè, Italy;
        "March" no town in England)."""
        if " " in text.strip():
            return False
        if text.strip().lower() in _CALENDAR_AND_FUNCTION_WORDS:
            return True
        # in running text: after a lower-case word or a comma, not inside a URL or handle
        return re.search(r"(?<=[a-z,;] )" + re.escape(text.lower()) + r"(?=[ ,.;:!?)])",
                         self.content) is not None

    def find_outlet(self, name: str | None, url: str | None) -> None:
        """The outlet's home: places its name ("WBTV 3 News ... for Charlotte, NC", "CBS San
        Francisco") or its web address names ("sanfrancisco.cbslocal.com", "dentonrc.com",
        "fox13memphis.com": a label that is a place's name, alone or with a short affix such as
        call letters or a channel number). Context only: kept apart from the text's mentions."""
        found: list[_Mention] = []
        end = len(self.content)
        for m in _PAIR_RE.finditer(name or ""):
            container = self.container_for(m.group("region"),
                                           postal=len(m.group("region").strip(".")) == 2)
            if container is None:
                continue
            words = m.group("town").split()
            for k in range(len(words)):          # "Traffic for Charlotte, NC" -> Charlotte
                town = " ".join(words[k:])
                inside = tuple(c for c in self.lookup(town) if self.contained(c, container))
                if inside:
                    found.append(_Mention(end, end, town, "outlet", candidates=inside,
                                          container=container, finding=False))
                    break
        if not found:
            for run in re.finditer(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*", name or ""):
                words = run.group().split()
                hit = None
                for n in range(min(len(words), 4), 0, -1):      # longest names first
                    for k in range(len(words) - n + 1):
                        text = " ".join(words[k:k + n])
                        cands = tuple(c for c in self.lookup(text) if c.how == MAIN and (
                            c.kind in (ADMIN1, ADMIN2) or c.kind == CITY and c.population >= 10_000))
                        if cands:
                            hit = (text, cands)
                            break
                    if hit:
                        break
                if hit:
                    found.append(_Mention(end, end, hit[0], "outlet", candidates=hit[1],
                                          finding=False))
        if url and not found:
            found = self.url_places(url)
        self.outlet = found

    def url_places(self, url: str) -> list[_Mention]:
        host = re.sub(r"^(?:https?://)?(?:web\.archive\.org/web/[^/]+/)?(?:https?://)?", "",
                      url.strip(), flags=re.I).split("/")[0].split(":")[0].lower()
        labels = host.split(".")
        while labels and (len(labels[-1]) <= 3 or labels[-1] in ("info", "news")):
            labels.pop()                           # com, co, uk, org, net
        out: list[_Mention] = []
        end = len(self.content)
        for label in labels:
            label = label.replace("-", "")
            if label in ("www", "amp", "mobile") or len(label) < 4:
                continue
            # the label itself, else a name with at most a five-character affix
            tries = [(label, 10_000)] + [(label[i:], 50_000) for i in range(1, 6)] + \
                [(label[:len(label) - i], 50_000) for i in range(1, 6)]
            for text, size in sorted(tries, key=lambda t: -len(t[0])):
                if len(text) < 5:
                    continue
                cands = tuple(c for c in self.lookup(text) if c.how == MAIN and (
                    c.kind in (ADMIN1, ADMIN2) or c.kind == CITY and c.population >= size))
                if cands:
                    out.append(_Mention(end, end, text, "outlet", candidates=cands,
                                        finding=False))
                    break
        return out

    def find_capitals(self) -> None:
        for m in _CAPITAL_RE.finditer(self.content):
            word = m.group("dem") or m.group("country")
            cc = self.gz.demonym(word)
            if cc is None:
                cs = [c for c in self.lookup(word) if c.kind == COUNTRY and c.how != DERIVED]
                cc = cs[0].country if cs else None
            if cc is None:
                continue
            cap = self.gz.capital(cc)
            if cap is None:
                continue
            self.country_votes[cc] += 1.0
            s, e = m.start(), m.end()
            if self.content[s:s + 4].lower() == "the ":
                s += 4
            self.add(_Mention(s, e, cap.name, "capital", "", (cap,)))

    # ------------------------------------------------------------------ context

    def cohere(self) -> None:
        """Names in one story are usually near each other: each candidate of a name gains
        from the other names' candidates near it (or, for a town, from a named region it is
        in: "Birmingham" with "Alabama"). A candidate's gain from another name is
        log(1 + (K - 1) * share), where share is how much of that name's likelihood lies
        near it, so two small namesakes that happen to be neighbours gain little against a
        large town, and several names that agree (Athens, Decatur and Florence, all in
        Alabama) outweigh size. Computed twice, the second time with the shares the first
        round gave."""
        groups: dict[str, dict] = {}
        outlet = (self.title_main_end(), self.title_end)
        # the town a site is named after ("Meridian hospital") counts, and gains, too
        named_sites = [m for m in self.sites if m.text and m.kind_hint == CITY]
        for m in self.mentions + named_sites + self.outlet:
            if not m.candidates or any(c.kind == MACRO for c in m.candidates):
                continue
            cands = [c for c in m.candidates if c.how != DERIVED and self.plausible(c, m)]
            if m.container is not None:
                cands = [c for c in cands if self.contained(c, m.container)]
            if m.kind_hint != ADMIN1:
                cands = _without_shadowed_regions(cands)
            if not cands:
                continue
            w = _COHERENCE_WEIGHT.get(m.source, 1.0)
            if outlet[0] <= m.start < outlet[1]:
                w *= 0.5                   # the outlet's town: a local outlet's, often
            k = _group_key(m)
            g = groups.get(k)
            if g is None or (m.container is not None and g["container"] is None):
                groups[k] = g = {"w": w, "container": m.container,
                                 "prior": {c.pid: (c, self.likelihood(c, m)) for c in cands}}
            elif m.container is None and g["container"] is None:
                for c in cands:
                    if c.pid not in g["prior"]:
                        g["prior"][c.pid] = (c, self.likelihood(c, m))
            g["w"] = max(g["w"], w)
        if len(groups) < 2:
            return
        bonus: dict[tuple[str, int], float] = {}
        for _ in range(2):
            index = {}
            for k, g in groups.items():
                top = max(p for _, p in g["prior"].values())
                items = [(c, p + bonus.get((k, c.pid), 0.0)) for c, p in g["prior"].values()
                         if p >= top - 6.0]
                best = max(x for _, x in items)
                qs = [(c, math.exp(1.5 * (x - best))) for c, x in items]
                # the name may be a place the gazetteer does not hold (a neighbourhood, a
                # village): a name whose best match is a hamlet vouches for little
                total = sum(q for _, q in qs) + math.exp(1.5 * (_UNKNOWN_PLACE - best))
                cells: dict[tuple[int, int], list] = defaultdict(list)
                towns_in: Counter = Counter()       # (cc, admin1) -> share of towns there
                regions: Counter = Counter()        # (cc, admin1) -> share of that region
                for c, q in qs:
                    q /= total
                    if c.kind in (CITY, ADMIN2):
                        cells[(math.floor(c.lat), math.floor(c.lon))].append((c, q))
                        if c.admin1_code:
                            towns_in[(c.country, c.admin1_code)] += q
                    elif c.kind == ADMIN1:
                        regions[(c.country, c.admin1_code)] += q
                index[k] = (cells, towns_in, regions)
            new: dict[tuple[str, int], float] = {}
            for k, g in groups.items():
                top = max(p for _, p in g["prior"].values())
                for c, p in g["prior"].values():
                    if p < top - 6.0:
                        continue           # too unlikely for any agreement to lift it
                    gain = 0.0
                    for k2, (cells, towns_in, regions) in index.items():
                        if k2 == k:
                            continue
                        if c.kind in (CITY, ADMIN2):
                            # in a region the name means, or near a place it means
                            share = regions.get((c.country, c.admin1_code), 0.0)
                            y, x = math.floor(c.lat), math.floor(c.lon)
                            for dy in (-1, 0, 1):
                                for dx in (-1, 0, 1):
                                    for c2, q in cells.get((y + dy, x + dx), ()):
                                        share += q * _nearness(c, c2)
                        elif c.kind == ADMIN1:
                            share = towns_in.get((c.country, c.admin1_code), 0.0)
                        else:
                            continue
                        if share > 0:
                            gain += groups[k2]["w"] * math.log1p(
                                (_COHERENCE_K - 1) * min(share, 1.0)) / 1.5
                    if gain:
                        new[(k, c.pid)] = gain
            bonus = new
        self.coherence = bonus

    def context(self) -> None:
        """The document's country and first-level region: every mention votes for the
        countries (regions) its candidates are in, in proportion to how likely each candidate
        is (size, level, name match, agreement with the other names), so that several
        ambiguous towns agree."""
        self.cohere()
        votes = self.country_votes
        rvotes = self.region_votes
        weights = {"dateline": 4.0, "pair": 3.0, "entity": 1.0, "org": 0.7, "capital": 1.0,
                   "fallback": 0.3, "outlet": 0.3}
        outlet = (self.title_main_end(), self.title_end)
        for m in self.mentions + self.outlet:
            w = weights.get(m.source, 1.0)
            if m.source == "dateline" and m.container is None:
                continue                   # resolved with the context of the rest
            if outlet[0] <= m.start < outlet[1]:
                w *= 0.3                   # the outlet's town, not the story's
                m.finding = False
            named = m.source != "outlet"           # the text itself names it
            if m.container is not None:
                votes[m.container.country] += w
                self.explicit[m.container.country] += named
                if m.container.kind == ADMIN1:
                    rvotes[(m.container.country, m.container.admin1_code)] += w
                if m.source != "dateline" or not m.candidates:
                    continue
            cands = [c for c in m.candidates if c.kind != MACRO and c.how != DERIVED
                     and self.plausible(c, m)]
            if m.container is not None:
                cands = [c for c in cands if self.contained(c, m.container)]
            if not cands or any(c.kind == MACRO for c in m.candidates):
                continue
            if any(c.kind == COUNTRY for c in cands) and not any(
                    c.kind in (ADMIN1, REGION) and c.how == MAIN for c in cands):
                cc = next(c.country for c in cands if c.kind == COUNTRY)
                votes[cc] += 1.5 * w if m.finding else w
                self.explicit[cc] += named
                continue
            if all(c.kind in (ADMIN1, ADMIN2, REGION) for c in cands) and \
                    len({c.country for c in cands}) == 1:
                self.explicit[cands[0].country] += named  # "Beaufort County": the US
                self.implied[cands[0].country] += named
            if m.kind_hint != ADMIN1:
                cands = _without_shadowed_regions(cands)
            own = _group_key(m)
            raw = [self.likelihood(c, m) + self.coherence.get((own, c.pid), 0.0) for c in cands]
            top = max(raw)
            ps = [math.exp(1.5 * (r - top)) for r in raw]
            total = sum(ps)
            for c, p in zip(cands, ps):
                votes[c.country] += w * p / total
                if c.admin1_code and c.kind != ADMIN1 or c.kind == ADMIN1:
                    rvotes[(c.country, c.admin1_code)] += w * p / total
        for cc, w in self.prior.items():
            votes[cc] += w
        for cc, n in self.explicit.items():
            votes[cc] += 0.5 * min(n, 4)
        if votes:
            (cc, n), *rest = votes.most_common(2)
            if n >= (1.0 if rest else 0.5) and (not rest or n > 1.2 * rest[0][1]):
                self.country = cc
        if self.country is None and self.dateline is not None and self.dateline.candidates:
            top = max(self.dateline.candidates, key=lambda c: (c.how == MAIN, c.population))
            self.country = top.country    # only a dateline: its most likely country
        if rvotes and self.country:
            ranked = [(k, v) for k, v in rvotes.most_common() if k[0] == self.country]
            if ranked and ranked[0][1] >= 0.8 and (len(ranked) == 1 or
                                                  ranked[0][1] > 1.5 * ranked[1][1]):
                self.admin1 = ranked[0][0]

    # ------------------------------------------------------------------ resolution

    @staticmethod
    def likelihood(c: Candidate, m: _Mention) -> float:
        """How likely a candidate is on its own: size, level, how the name matched."""
        s = _pop_score(c) + _KIND_BONUS[c.kind] + _HOW_PENALTY[c.how]
        if c.how == MAIN and _surface(m.text) == _surface(c.name):
            s += 1.0                       # "Lamesa" is Lamesa before La Mesa
        if c.capital:
            s += _CAPITAL_BONUS
        return s

    def geo_features(self, c: Candidate, m: _Mention) -> dict[str, float]:
        """What the ranker of gazetteer senses ("geo") reads of one candidate of a name."""
        f = {"population": _pop_score(c), f"kind={KIND_NAMES[c.kind]}": 1.0}
        if c.how != MAIN:
            f["how=alternate" if c.how == ALT else "how=derived"] = 1.0
        if c.how == MAIN and _surface(m.text) == _surface(c.name):
            f["same_surface"] = 1.0        # "Lamesa" is Lamesa before La Mesa
        if c.capital:
            f["capital"] = 1.0
        coherence = self.coherence.get((_group_key(m), c.pid), 0.0)
        if coherence:
            f["coherence"] = coherence
        if self.country and c.country == self.country:
            f["document_country"] = 1.0
        elif self.explicit[c.country] >= 1.0:
            f["named_country"] = 1.0       # another country the text names
        if self.admin1 and c.kind != COUNTRY and (c.country, c.admin1_code) == self.admin1:
            f["document_region"] = 1.0
        if self.anchor is not None and c.kind in (CITY, ADMIN2):
            d = distance_km(c.lat, c.lon, self.anchor.lat, self.anchor.lon)
            if d < 60:
                f["near_anchor"] = 1.0
            elif d < 250:
                f["around_anchor"] = 1.0
        if m.kind_hint == ADMIN1:
            f["said_region=" + ("match" if c.kind in (ADMIN1, REGION, ADMIN2) else "other")] = 1.0
        elif m.kind_hint == CITY:
            f["said_town=" + ("match" if c.kind == CITY else "other")] = 1.0
        f[f"source={m.source}"] = 1.0
        return f

    def best(self, m: _Mention) -> Candidate | None:
        cands = list(m.candidates)
        if m.container is not None:
            inside = [c for c in cands if self.contained(c, m.container)]
            if not inside:
                return m.container if m.source == "dateline" else None
            cands = inside
        if not cands:
            return None
        if m.kind_hint != ADMIN1:
            cands = _without_shadowed_regions(cands)
        if any(c.kind == MACRO and c.how == MAIN for c in cands):
            return None
        cands = [c for c in cands if c.kind != MACRO and self.plausible(c, m)]
        if not cands:
            return None
        if m.source not in ("dateline", "pair"):
            # one sense per document: a name resolved with its region ("Pinetown, North
            # Carolina", a dateline) means the same place elsewhere in the document
            for c in cands:
                if c.pid in self.senses.get(name_key(m.text), ()):
                    return c
        # ties go to the smaller place, then the later entry, as they always have
        cands.sort(key=lambda c: (c.population, -c.pid))
        options = [rank.Candidate("geo", c, f"geo.{m.source}", m.start, m.end,
                                  self.geo_features(c, m)) for c in cands]
        values = rank.scores("geo", options, GEO_PRIOR)
        top = max(values)
        best = rank.choose("geo", options, (m.start, m.end, m.text), GEO_PRIOR).value
        m.confidence = 1.0 / sum(math.exp(v - top) for v in values)
        if m.source in ("pair", "capital") or (m.source == "dateline" and m.container):
            return best
        # another name of the story near it vouches for a small town ("Gainesville" with
        # "Mountain Home, Ark." is the village in Missouri, not a street name)
        vouched = self.coherence.get((_group_key(m), best.pid), 0.0) >= 1.0
        if m.source == "fallback":
            if (self.country and best.country != self.country) or (
                    best.population < 1000 and not vouched) \
                    or best.how != MAIN or self.common_word(m.text) \
                    or (self.person_like(m.text, m.start, m.end) and m.label != "after part"):
                return None
        # far from the document's country: needs a real name and some size
        if self.country and best.country != self.country and best.kind in (CITY, ADMIN2):
            # a town abroad needs its country named in the document, or to be a world city
            named = self.explicit[best.country] >= 1.0
            if best.population < 1_000_000 and not named:
                return None
            if best.population < 20_000 or (best.how != MAIN and best.population < 100_000):
                return None
        if self.country and best.country != self.country and best.kind in (ADMIN1, REGION) and \
                self.explicit[best.country] - self.implied[best.country] < 0.5:
            return None                    # a region abroad needs its country named (or its people)
        if self.admin1 and best.kind == CITY and best.country == self.admin1[0] and \
                best.admin1_code != self.admin1[1] and best.population < 20_000 and \
                m.source in ("entity", "fallback", "org") and not vouched:
            return None                    # a hamlet in another region: likely a street name
        if m.capital_check and best.capital and best.country != self.country:
            m.finding = False
        if best.how == DERIVED and best.population < 1000 and best.kind == CITY:
            return None
        return best

    def plausible(self, c: Candidate, m: _Mention) -> bool:
        """An alternate name of a place outside the document's country must look like a
        spelling of its name (Bagdad, Irbil), not a translation ("White House" is an
        alternate name of Casablanca)."""
        if c.kind == CITY and m.article and not c.name.lower().startswith("the ") \
                and c.population < 100_000:
            return False                   # towns take no article: "the White House"
        if c.how == MAIN or c.kind in (COUNTRY, REGION, ADMIN2) or m.container is not None:
            return True                    # (a second-level region's other name is its bare
                                           # name: "La Mar" of "Provincia de La Mar")
        names = [c.name] + ([c.admin1] if c.kind == ADMIN1 and c.admin1 else [])
        said = name_key(m.text)
        if any(said == _initials(n) for n in names):
            return True                    # "D.C.", "KP": the name's initials
        return max(fuzz.ratio(said, name_key(n)) for n in names) >= 60

    def treated_at(self, start: int, end: int) -> bool:
        """Where someone was taken for treatment ("airlifted to a Tulsa hospital", "flown to
        St. Francis Hospital in Wichita") is not where the event happened."""
        s, _ = self.sentence_of(start)
        before = self.content[max(s, start - 90):start]
        after = self.content[end:end + 40]
        return _TREATED_BEFORE.search(before) is not None and (
            _MEDICAL.search(before[-45:]) is not None or _MEDICAL.match(after) is not None
            or _MEDICAL.search(self.content[start:end]) is not None)

    def resolve(self) -> list[PlaceFinding]:
        for m in self.mentions:
            if m.finding and self.treated_at(m.start, m.end):
                m.finding, m.treated = False, True
        self.sites = [m for m in self.sites if not self.treated_at(m.start, m.end)]
        self.context()
        for m in self.mentions:
            if m.source in ("dateline", "pair"):
                m.resolved = self.best(m)
                if m.resolved is not None and m.resolved.kind in (CITY, ADMIN2):
                    self.senses[name_key(m.text)].add(m.resolved.pid)
        if self.dateline is not None:
            if self.dateline.resolved is not None and self.dateline.resolved.kind == CITY:
                self.anchor = self.dateline.resolved
        for m in self.mentions:
            if m.source not in ("dateline", "pair"):
                m.resolved = self.best(m)
        self.demote_hoods()
        if self.anchor is None:
            self.anchor = self.lead_town()
        if self.anchor is not None:
            for m in self.mentions:
                if m.source not in ("dateline", "pair"):
                    m.resolved = self.best(m)
        self.echo_in_title()
        findings: list[PlaceFinding] = []
        for m in self.mentions:
            c = m.resolved
            if c is None or not m.finding:
                continue
            s = m.span_start if m.span_start is not None else m.start
            e = m.span_end if m.span_end is not None else m.end
            prec = _precision(c)
            if m.kind_hint == ADMIN1 and c.kind == CITY:
                prec = GeoPrecision.CITY
            text = self.content[s:e]
            findings.append(PlaceFinding(s, e, text, _place(c, text, prec)))
            self.kinds[(s, e)] = c.kind if not m.relative or c.kind != CITY else CITY
            self.confidence[(s, e)] = m.confidence
        findings += self.resolve_sites(findings)
        findings += self.resolve_unknown(findings)
        return findings

    def echo_in_title(self) -> None:
        """A town or region the text names is that place where the tagger missed the same
        name in the headline ("Russia pounds Kharkiv with drones": Kharkiv untagged there,
        tagged in the lead): one sense per document."""
        end = self.title_main_end()
        taken = [(m.start, m.end) for m in self.mentions if m.start < end]
        for m in list(self.mentions):
            c = m.resolved
            if c is None or not m.finding or m.start < end or m.source not in ("entity", "pair") \
                    or c.kind not in (CITY, ADMIN2, ADMIN1) or not m.text[:1].isupper():
                continue
            for hit in re.finditer(r"(?<![\w'’-])" + re.escape(m.text) + r"(?![\w'’-])",
                                   self.content[:end]):
                s, e = hit.span()
                if any(a < e and s < b for a, b in taken) or self.person_like(m.text, s, e):
                    continue
                echo = _Mention(s, e, m.text, "entity", m.label, (c,))
                echo.resolved = c
                self.add(echo)
                taken.append((s, e))

    def demote_hoods(self) -> None:
        """A name the document also uses for a neighbourhood ("the West Side Austin
        neighborhood") is that neighbourhood wherever it appears ("Austin shooting"), when
        the document has another town for it to be in (Chicago); "the east Baltimore
        neighborhood" in a story about Baltimore stays Baltimore."""
        if not self.hoods:
            return
        others = [m.resolved for m in self.mentions if m.resolved is not None
                  and m.resolved.kind == CITY and m.finding
                  and name_key(m.text) not in self.hoods]

        def own_town(c: Candidate) -> bool:
            # a town of the same region, beyond a neighbourhood's reach of the others: the
            # "district" is its district ("the Muqdadiyah district" near Baquba), no quarter
            return any((o.country, o.admin1_code) == (c.country, c.admin1_code)
                       and distance_km(o.lat, o.lon, c.lat, c.lon) > 20 for o in others)

        def is_hood(m: _Mention) -> bool:
            return m.source in ("entity", "fallback", "org") and name_key(m.text) in self.hoods \
                and m.resolved is not None and m.resolved.kind == CITY and not own_town(m.resolved)
        towns = {m.resolved.pid for m in self.mentions if m.resolved is not None
                 and m.resolved.kind == CITY and m.finding and not is_hood(m)}
        hood_pids = {m.resolved.pid for m in self.mentions if is_hood(m)}
        if not towns - hood_pids:
            return
        keep = []
        for m in self.mentions:
            if is_hood(m):
                self.sites.append(_Mention(m.start, m.end, "", "site", m.label, (), site=m.text))
            else:
                keep.append(m)
        self.mentions = keep

    def lead_town(self) -> Candidate | None:
        """The most salient town of the title and lead (for proximity before the default)."""
        limit = self.lead_end()
        counts: Counter = Counter()
        first: dict[int, Candidate] = {}
        for m in self.mentions:
            c = m.resolved
            if c is None or c.kind != CITY:
                continue
            w = 2.0 if m.start < limit else 1.0
            if m.start < self.title_end:
                w += 1.0
            if m.source == "org":
                w *= 0.5
            counts[c.pid] += w
            first.setdefault(c.pid, c)
        if not counts:
            return None
        return first[counts.most_common(1)[0][0]]

    def lead_end(self) -> int:
        """The end of the body's first three sentences (lines of a few words, such as "Spread
        the love" or a byline, do not count)."""
        body = self.title_end + 2 if self.title_end else 0
        n = 0
        for s, e in self.sentences:
            if s >= body and len(self.content[s:e].split()) >= 6:
                n += 1
                if n >= 3:
                    return e
        return len(self.content)

    def resolve_sites(self, findings: list[PlaceFinding]) -> list[PlaceFinding]:
        out: list[PlaceFinding] = []
        default = self.default_place(findings)
        filed = (self.dateline.start, self.dateline.span_end or self.dateline.end) \
            if self.bureau_dateline else (0, 0)
        # (a bureau's town is where the story was filed: no site of the story lies in it)
        towns = sorted((f for f in findings if f.place.precision == GeoPrecision.CITY
                        and f.place.site is None and not filed[0] <= f.start < filed[1]),
                       key=lambda f: f.start)
        districts: list[PlaceFinding] = []    # "X district" resolved to its town X
        borrowed: list[PlaceFinding] = []     # sites placed at the story's town
        for m in self.sites:
            lead = re.match(r"(?:the|The)\s+", self.content[m.start:m.end])
            if lead:                       # "The US embassy" -> "US embassy"
                m.start += lead.end()
                if m.site and m.site[:4].lower() == "the ":
                    m.site = m.site[4:]
            text = self.content[m.start:m.end]
            site = m.site or text
            precision = GeoPrecision.POINT
            own: Candidate | None = None
            if m.candidates:
                probe = _Mention(m.start, m.end, m.text, "site", candidates=m.candidates,
                                 kind_hint=m.kind_hint)
                own = self.best(probe)
                if own is not None and (own.kind not in (CITY, ADMIN2) or (
                        self.country and own.country != self.country) or (
                        not self.country and own.population < 10_000)):
                    own = None
                if own is not None and not m.relative and own.population < 100_000:
                    if own.population < 5000:
                        own = None
                    elif self.anchor is not None and distance_km(
                            own.lat, own.lon, self.anchor.lat, self.anchor.lon) > 150 and (
                            own.country, own.admin1_code) != (self.anchor.country,
                                                              self.anchor.admin1_code):
                        own = None         # (in the anchor's own region it may lie far off)
            near = self.town_near_site(m, towns)
            # (a dateline shares the first sentence, so it is often the site's "near" town; it
            # may be only where the story was filed: "PEMBA - ... in Macomia district")
            near_dateline = near is not None and self.dateline is not None and near.text and \
                self.content[self.dateline.start:self.dateline.end] in near.text
            ref = near or (default if default and default.precision in
                           (GeoPrecision.CITY, GeoPrecision.POINT) else None)
            if own is not None and m.relative:
                # "X district": a named part of a town; only if the gazetteer's X is near it --
                # or a district named after its chief town, X, elsewhere in the town's region
                # ("Macomia district" in a story filed from Pemba): that town stands for it
                far = ref is None or ref.lat is None or distance_km(
                    own.lat, own.lon, ref.lat, ref.lon) > 40
                if far and ref is not None and ref.lat is not None \
                        and (near is None or near_dateline) \
                        and (own.country, own.admin1) == (ref.country, ref.admin1) \
                        and distance_km(own.lat, own.lon, ref.lat, ref.lon) <= 150:
                    out.append(PlaceFinding(m.start, m.end, text,
                                            _place(own, text, GeoPrecision.CITY, site=None)))
                    districts.append(out[-1])
                    continue
                if far:
                    own = None
            if own is not None:
                out.append(PlaceFinding(m.start, m.end, text,
                                        _place(own, text, GeoPrecision.POINT, site=site)))
                continue
            region = None if near is not None else self.region_of_site(m, findings, default)
            if near is not None:
                p = near
            elif region is not None:
                # "the Ain al-Asad air base in western Anbar province" told in a story filed
                # from Baquba: the region its sentence names, not the story's town
                p = region
                precision = region.precision
            elif ref is not None:
                p = ref
                precision = GeoPrecision.CITY
            elif default is not None:
                p = default
                precision = default.precision
            else:
                continue
            out.append(PlaceFinding(m.start, m.end, text, Place(
                name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                geonameid=p.geonameid, precision=precision, site=site, text=text)))
            if (near is None or near_dateline) and region is None:
                borrowed.append(out[-1])
        # an unknown village "in Macomia district" is in that district, not in the story's town
        for i, f in enumerate(out):
            if f not in borrowed:
                continue
            for d in districts:
                if 0 <= d.start - f.end <= 40 and re.fullmatch(
                        r"\s*(?:,\s*)?(?:in|of|near)\s+(?:the\s+)?", self.content[f.end:d.start],
                        re.I):
                    out[i] = PlaceFinding(f.start, f.end, f.text, replace(
                        d.place, site=f.place.site, text=f.text))
                    break
        return out

    def region_of_site(self, m: _Mention, findings: list[PlaceFinding],
                       default: Place | None) -> Place | None:
        """A first- or second-level region the site's sentence names that does not hold the
        document's town: the site is in it."""
        s, e = self.sentence_of(m.start)
        for f in findings:
            p = f.place
            if s <= f.start < e and p.precision == GeoPrecision.REGION and p.site is None \
                    and p.admin1 and (default is None or default.country != p.country
                                      or default.admin1 != p.admin1):
                return p
        return None

    def town_near_site(self, m: _Mention, towns: list[PlaceFinding]) -> Place | None:
        """The town a site is in: "X in Town", "Town's X", else a town in its sentence."""
        for f in towns:
            gap = self.content[m.end:f.start]
            if 0 <= f.start - m.end <= 40 and re.fullmatch(
                    r"\s*(?:,\s*)?(?:in|at|near|of|outside|on\s+the\s+outskirts\s+of)\s+"
                    r"(?:the\s+)?(?:(?:" + _words("town") + r")\s+of\s+)?", gap, re.I):
                return f.place
            gap = self.content[f.end:m.start]
            if 0 <= m.start - f.end <= 3 and re.fullmatch(r"(?:'s|’s)?\s*", gap):
                return f.place
        s, e = self.sentence_of(m.start)
        inside = [f for f in towns if s <= f.start < e and not f.place.text.lower().startswith(
            ("from", "away"))]
        if inside:
            return min(inside, key=lambda f: abs(f.start - m.start)).place
        return None

    def title_main_end(self) -> int:
        """Where the title's own words end: "... shooting - WSFA.com Montgomery Alabama news"
        ends before the outlet's name (whose places are the outlet's, not the story's)."""
        title = self.content[:self.title_end]
        for m in re.finditer(r"\s+[-|–—:]{1,2}\s+|\s*\|\s*", title):
            rest = title[m.end():]
            if _OUTLET.search(rest) or (rest.isupper() and len(rest) <= 8) or \
                    re.fullmatch(r"[A-Z][\w .'-]{1,30}, [A-Z][A-Za-z.]{1,12}\s*", rest):
                return m.start()           # "... | Dayton, OH": the outlet's home
        return self.title_end

    def word_before(self, start: int) -> str:
        """The word before a name, past an article ("in the X" -> "in")."""
        before = [w.lower() for w in _words_before(self.content, start, 2)]
        prev = before[-1] if before else ""
        return before[-2] if prev == "the" and len(before) > 1 else prev

    def origin_only(self, start: int, end: int) -> bool:
        """"from X", "an X man": where someone is from, not where anything happened."""
        return self.word_before(start) == "from" or \
            _ORIGIN_AFTER.match(self.content[end:end + 30]) is not None

    def filed_at_bureau(self, dl: Candidate, title_end: int) -> bool:
        """Is the dateline a bureau's, the place the story was filed from rather than where it
        happened? When the title names only places abroad, even inside a site ("Shelling of El
        Fasher market" under "CAIRO (AP) -"); and for a news agency or a capital, when the
        title names another region of the country ("KANO, Nigeria (AP) -" under "Gunmen kill
        14 in Zamfara") or its first sentence a town far off or another region ("OUAGADOUGOU
        (AFP) - ... the town of Arbinda", "BAGHDAD - ... Ain al-Asad air base in Iraq's
        western Anbar province")."""
        titled = [m.resolved for m in self.mentions if m.start < title_end and m.finding
                  and m.resolved is not None and m.resolved.kind != MACRO]
        for m in self.sites:               # the town a titled site is named after
            if m.start < title_end and m.candidates and m.text:
                c = self.best(_Mention(m.start, m.end, m.text, "site", candidates=m.candidates,
                                       kind_hint=m.kind_hint))
                if c is not None and c.kind in (CITY, ADMIN2):
                    titled.append(c)
        if any(c.country and c.country != dl.country for c in titled) \
                and not any(c.country == dl.country for c in titled):
            return True
        if not (self.dateline.agency or dl.capital):
            return False               # (national and foreign desks file from capitals too)
        if any(c.kind in (ADMIN1, REGION) and c.country == dl.country
               and c.admin1_code != dl.admin1_code for c in titled):
            return True
        first_end = self.sentence_of(self.dateline.start)[1]

        def elsewhere(c: Candidate) -> bool:
            if c.kind in (ADMIN1, REGION):       # "... in Iraq's western Anbar province"
                return c.admin1_code is not None and c.admin1_code != dl.admin1_code
            return c.kind in (CITY, ADMIN2) and distance_km(c.lat, c.lon, dl.lat, dl.lon) > 50
        return dl.kind == CITY and any(
            m.resolved is not None and m.finding and m.resolved.country == dl.country
            and self.dateline.end < m.start < first_end and elsewhere(m.resolved)
            and not self.origin_only(m.start, m.end) for m in self.mentions)

    def default_place(self, findings: list[PlaceFinding]) -> Place | None:
        """The dateline town; a town the title names (the story's subject) beats a dateline
        in the same country, and a dateline in a country the title does not name is a news
        bureau's, not the story's; else the most salient place of the title and lead."""
        dl = self.dateline.resolved if self.dateline is not None else None
        title_end = self.title_main_end()
        titled_countries = {f.place.country for f in findings if f.start < title_end and f.place.country}
        if dl is not None and titled_countries and dl.country not in titled_countries:
            # a bureau's dateline: "BEIRUT (AFP) - Russian air strikes on Idlib ..." under the
            # headline "Air strikes hit rebel-held Idlib": the story is where the title says
            dl = None
            self.bureau_dateline = True
        if dl is not None and self.filed_at_bureau(dl, title_end):
            dl = None
            self.bureau_dateline = True
        if self.bureau_dateline:
            s, e = self.dateline.start, self.dateline.span_end or self.dateline.end
            findings = [f for f in findings if not s <= f.start < e]
        counts: Counter = Counter()
        for f in findings:
            counts[(f.place.geonameid, f.place.name, f.place.country)] += 1

        def specificity(f: PlaceFinding) -> int:
            return self.kinds.get((f.start, f.end), 9)

        def strength(f: PlaceFinding) -> float:
            """"shot in X" places the event in X; "X man", "from X" only say where
            someone is from."""
            if self.origin_only(f.start, f.end):
                return 0.5
            prev = self.word_before(f.start)
            return 2.0 if prev in _SITE_INTRO or prev in ("outside", "near") else 1.0

        titled = [f for f in findings if f.start < title_end and specificity(f) in (CITY, ADMIN2)
                  and not f.text.lower().startswith(("from ", "away "))]
        if dl is not None:
            # a news agency's dateline is its bureau's town ("KYIV (Reuters) - Russian shelling
            # of Kherson"): the title's town is the story's wherever it lies in that country;
            # an outlet's own dateline is its town, and a title town far from it is where
            # someone came from or went, not where the story is
            # (a capital's dateline is a bureau's too: national and foreign desks file there)
            wire = bool(self.dateline.agency) or dl.capital
            titled = [f for f in titled if f.place.country == dl.country and (
                wire or dl.kind != CITY or distance_km(f.place.lat, f.place.lon, dl.lat, dl.lon) < 300)]
        if titled:
            best = max(titled, key=lambda f: (strength(f), specificity(f) == CITY,
                                              counts[(f.place.geonameid, f.place.name,
                                                      f.place.country)], -f.start))
            inside = dl is not None and dl.kind == CITY and specificity(best) == ADMIN2 and \
                distance_km(best.place.lat, best.place.lon, dl.lat, dl.lon) < 40
            if not inside and (strength(best) >= 1.0 or dl is None
                               or dl.kind not in (CITY, ADMIN2)):
                if dl is not None and self.dateline.agency and best.place.geonameid != dl.geonameid \
                        and distance_km(best.place.lat, best.place.lon, dl.lat, dl.lon) >= 40:
                    self.bureau_dateline = True    # the agency's bureau, not a place of the story
                return _copy(best.place)
        if dl is not None and dl.kind in (CITY, ADMIN2):
            s, e = self.dateline.start, self.dateline.span_end or self.dateline.end
            return _place(dl, self.content[s:e])
        limit = self.lead_end()
        best = None
        salience: Counter = Counter()
        for f in findings:
            k = (f.place.geonameid, f.place.name, f.place.country)
            conf = self.confidence.get((f.start, f.end), 1.0)
            salience[k] += conf * (1.0 + (1.0 if f.start < limit else 0.0)
                                   + (1.0 if f.start < self.title_end else 0.0))
        for kinds in ((CITY,), (ADMIN2,), (ADMIN1, REGION), (COUNTRY,)):
            cand = [f for f in findings if specificity(f) in kinds and f.start < limit
                    and (dl is None or f.place.country == dl.country)]
            if cand:
                best = max(cand, key=lambda f: (salience[(f.place.geonameid, f.place.name,
                                                          f.place.country)], -f.start))
                break
        if dl is not None and (best is None or specificity(best) <= dl.kind):
            s, e = self.dateline.start, self.dateline.span_end or self.dateline.end
            return _place(dl, self.content[s:e])
        if best is None or specificity(best) < ADMIN2:
            # no town in the title and lead: a town is a better guess than a region, if it
            # lies in that region: one the text names further down, the outlet's town in the
            # title ("... - KVOA.com | Tucson, Arizona": a local outlet reports local
            # events), where the victims were taken for treatment (usually close by), the
            # outlet's home its name or address gives
            def inside(c: Candidate | Place) -> bool:
                return best is None or (c.country == best.place.country and (
                    specificity(best) == COUNTRY or c.admin1 == best.place.admin1))
            lo, hi = self.title_main_end(), self.title_end
            later = [f for f in findings if specificity(f) == CITY and inside(f.place)]
            if later:
                return _copy(max(later, key=lambda f: (salience[(
                    f.place.geonameid, f.place.name, f.place.country)], -f.start)).place)
            towns = [m for m in self.mentions if m.resolved is not None and m.resolved.kind == CITY
                     and (lo <= m.start < hi or m.treated) and inside(m.resolved)]
            if towns:
                m = min(towns, key=lambda m: (not lo <= m.start < hi, m.start))
                return _place(m.resolved, self.content[m.start:m.span_end or m.end])
            for m in self.outlet:
                c = self.best(m)
                if c is not None and c.kind in (CITY, ADMIN2) and inside(c):
                    return _place(c, m.text)
        if best is None:
            # the title and lead name no place: a county or region the text names further
            # down ("Brazos County Sheriff's officials say ...") is still the story's
            for kinds in ((ADMIN2,), (ADMIN1, REGION)):
                cand = [f for f in findings if specificity(f) in kinds]
                if cand:
                    best = max(cand, key=lambda f: (salience[(f.place.geonameid, f.place.name,
                                                              f.place.country)], -f.start))
                    break
        return _copy(best.place) if best is not None else None


class CountryPrior:
    """The countries of a corpus's documents, as a ``country_prior``: ``prior.add(country)``
    for each document (its places' most common country, None when it has none), then
    ``prior.shares()``. Shares are rounded to a tenth, so that two batches of one corpus give
    the same prior and read the same names the same way; a country below a fifth of the
    documents, or a corpus under ``min_documents``, gives none."""

    def __init__(self, min_documents: int = 20):
        self.counts: Counter = Counter()
        self.min_documents = min_documents

    def add(self, country: str | None) -> None:
        if country:
            self.counts[country] += 1

    def shares(self) -> dict[str, float]:
        total = sum(self.counts.values())
        if total < self.min_documents:
            return {}
        shares = {cc: round(n / total, 1) for cc, n in self.counts.most_common(5)}
        return {cc: share for cc, share in shares.items() if share >= 0.2}


def _copy(p: Place) -> Place:
    return Place(name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                 geonameid=p.geonameid, precision=p.precision, text=p.text)


def geocode_document(content: str, entities: Sequence[Entity], *, title_end: int = 0,
                     country_prior: Mapping[str, float] | None = None,
                     outlet: str | None = None, url: str | None = None) -> DocumentPlaces:
    """Every place the document mentions, resolved together (see the module docstring).

    ``entities`` are spaCy entities in ``content`` offsets (any labels; GPE, LOC, FAC, ORG,
    NORP and PERSON are used). ``title_end`` is the length of the title at the start of
    ``content`` (0 when there is none); the body starts two characters later.

    ``country_prior`` (optional) is what the caller knows before reading: country code ->
    share (summing to at most 1), e.g. the countries of the corpus's documents so far
    (``CountryPrior``). It only weighs in when the document itself says little.

    ``outlet`` (optional) is the site name the cleaner cut from the title ("WMC Action News 5
    - Memphis, Tennessee") and ``url`` the document's address: the outlet's home (a town or
    region they name) is weak context and, when the text names no town, the default place.
    """
    r = _Resolver(gazetteer(), content, entities, title_end)
    if country_prior:
        r.prior = dict(country_prior)
    r.collect()
    r.find_outlet(outlet, url)
    findings = r.resolve()
    # one finding per span; a wider finding (a site) hides the names inside it
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[PlaceFinding] = []
    for f in findings:
        if any(k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    default = r.default_place([f for f in kept if f.place.site is None])
    if r.bureau_dateline:
        # the bureau's town says where the story was filed, not where anything happened
        s, e = r.dateline.start, r.dateline.span_end or r.dateline.end
        kept = [f for f in kept if not (s <= f.start < e)]
    admin1 = r.gz.admin1_names.get(r.admin1) if r.admin1 else None
    return DocumentPlaces(kept, default, r.country, admin1)
