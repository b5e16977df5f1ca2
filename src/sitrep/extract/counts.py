"""Counts: how many were killed, wounded, abducted or arrested, and how many munitions.

One sentence (a spaCy ``Span``) in, ``CountFinding``s out, each a ``Count`` (low / best / high) with
the words of the figure. The rules are written down in docs/counting-rules.md; in short:

* Figures come from casualty predicates, not from numbers: a verb, adjective or noun of
  ``casualties.tsv`` ("were killed", "died", "left three dead", "suffered gunshot wounds",
  "in critical condition", "the death toll rose to 7") is found first, then its victims in the
  parse (passive subject, object, subject of "die", the noun "dead" applies to...), then the figure
  on those victims. So ages ("Antonio Mason, 35,"), troop numbers ("2,500 troops"), years, times,
  addresses and phone numbers are never casualties: they are nobody's victims. A surface rule
  ("2 dead, 3 injured", "three others wounded") backs the parse up where it fails.
* A figure is read by ``parse_quantity`` with ``quantities.tsv``: "at least five" 5/5/open,
  "more than a dozen" 13/13/open, "nearly 90" 81/90/90, "dozens" 12/12/open (ACLED's 12),
  "several" 3/3/open.
* A victim without a figure is one person when singular ("a girl", "the victim", "he", a named
  person); conjoined victims add up ("a man and two women" = 3). Bare plurals ("civilians") give no
  figure.
* Shot, stabbed or beaten people are wounded unless the sentence says they died ("fatally shot",
  "shot dead", "shot and killed", "two men were shot; one died" = 1 killed, 1 wounded). When the
  sentence does not say, the finding is wounded low 0, best N, high N: they were hit, and may
  have died (a later sentence may say so).
* Parts that the sentence marks as disjoint add up ("three landed near the embassy while two others
  hit homes" = 5); parts after "including" are inside the total and do not ("two died, including a
  contractor and a civilian" = 2).
* "No casualties", "no one was hurt", "no injuries" give killed 0 and wounded 0; "no deaths"
  killed 0.
  "No one else", "no other injuries" give nothing: they do not state the total.
* Figures in clauses that are not asserted (conditional, denied, habitual or aggregate, see
  ``events.clause_modality``) are dropped: "could have killed dozens", "attacks have killed 300
  since 2019". Future ones ("will") are marked, and ``extract.document`` keeps them only for
  an event the text dates in the past.

The module does not decide which incident a figure belongs to; ``sitrep.extract.document`` does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..data import read_table, vocabulary
from ..errors import DataFileError
from ..records import Count, Modality
from . import events as _events
from .dateline import in_dateline

__all__ = ["CountFinding", "find_counts", "parse_quantity", "FIELDS"]

EXTRACTOR = "sitrep.extract.counts.v1"
FIELDS = ("killed", "wounded", "munitions", "abducted", "arrested")


@dataclass(frozen=True, slots=True)
class CountFinding:
    """One figure in one sentence. Offsets index ``sent.doc.text`` and span the figure's words."""

    field: str
    count: Count
    start: int
    end: int
    category: str | None
    weapon: str | None
    # FUTURE: the clause says "will" ("a dozen missiles will target ..."). The figure is kept
    # for the caller, which drops it unless the event is dated in the past (a narrative or
    # translation artefact, see ``extract.document``); every other modality is dropped here.
    modality: Modality = Modality.ASSERTED


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Quantities:
    numbers: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, tuple[int | None, int | None, int | None]]
    modifiers: dict[str, str]
    phrase: re.Pattern[str]
    not_counts: dict[str, tuple[str, ...]]   # unit, age_unit, label: numbers that count no people


_RULES = ("at_least", "more_than", "up_to", "fewer_than", "about", "nearly", "exactly")


@cache
def _quantities() -> _Quantities:
    numbers: dict[str, int] = {**vocabulary.cardinals(), **vocabulary.multipliers()}
    vague: dict[str, tuple[int | None, int | None, int | None]] = {}
    modifiers: dict[str, str] = {}
    not_counts: dict[str, list[str]] = {"unit": [], "age_unit": [], "label": []}
    where = "sitrep/data/en/quantities.tsv"
    for line, row in read_table("en/quantities.tsv", ("phrase", "kind", "value")):
        phrase, kind, value = row["phrase"].lower(), row["kind"], row["value"]
        if kind in not_counts:
            not_counts[kind].append(phrase)
        elif kind == "number":
            numbers[phrase] = int(value)
        elif kind == "vague":
            parts = value.split("/")
            if len(parts) != 3:
                raise DataFileError(f"vague value '{value}' should be low/best/high", path=where,
                                    line=line)
            vague[phrase] = tuple(None if p == "-" else int(p) for p in parts)  # type: ignore
        elif kind == "modifier":
            if value not in _RULES:
                raise DataFileError(f"unknown modifier rule '{value}'; use one of {_RULES}",
                                    path=where, line=line)
            modifiers[phrase] = value
        else:
            raise DataFileError(f"unknown kind '{kind}'; use number, vague, modifier, unit, "
                                "age_unit or label", path=where, line=line)
    return _Quantities(numbers, vocabulary.multipliers(), vague, modifiers,
                       _phrase_regex(numbers, vague, modifiers),
                       {kind: tuple(words) for kind, words in not_counts.items()})


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len,
                                                                         reverse=True))


def _phrase_regex(numbers: dict[str, int], vague, modifiers) -> re.Pattern[str]:
    # number words, but a lone "a"/"an" only before a multiplier ("a dozen", not "a man")
    words = [w for w in numbers if w not in ("a", "an")]
    multiplied = r"(?:a|an)[\s-]+(?:" + "|".join(vocabulary.multipliers()) + ")"
    hundreds = "|".join(w for w, value in vocabulary.multipliers().items() if value >= 100)
    word_number = rf"(?:{multiplied}|(?:{_alternation(words)}))"
    word_number = rf"{word_number}(?:[\s-]+(?:and[\s-]+)?(?:{_alternation(words)}))*"
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    number = rf"(?:(?:{digits})(?:\s+(?:{hundreds}))?|{word_number})"
    core = (rf"(?:between\s+{number}\s+and\s+{number}|{number}(?:\s*(?:-|–|to|or)\s*{number})?"
            rf"|{_alternation(vague)})")
    return re.compile(rf"(?<![\w$£€#.,:/])(?:(?:{_alternation(modifiers)})\s+)?{core}"
                      rf"(?![\w%]|[:/.,]\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Casualties:
    victims: dict[str, str | None]                     # noun -> category
    predicates: dict[str, tuple[str, frozenset[str]]]  # lemma or "verb object" -> (field, frames)
    fatal: frozenset[str]
    nonfatal: frozenset[str]
    hospital: frozenset[str]
    condition: dict[str, str]
    zero: dict[str, tuple[str, ...]]
    gunfire: frozenset[str]
    deadly: frozenset[str]
    deadly_word: frozenset[str]
    body: frozenset[str]
    multiple: dict[str, int]
    limbs: frozenset[str]
    alive: frozenset[str]
    words: dict[str, frozenset[str]]      # kin, state_verb, hospital_verb ... (casualties.tsv)
    valued: dict[str, dict[str, str]]     # surface, gap, multiple_noun, subset_adverb: word -> value
    core: frozenset[str]                  # the head and trunk (body parts of value core)


@cache
def _casualties() -> _Casualties:
    victims: dict[str, str | None] = {}
    predicates: dict[str, tuple[str, frozenset[str]]] = {}
    lists: dict[str, set[str]] = {"fatal": set(), "nonfatal": set(), "hospital": set(),
                                  "gunfire": set(), "deadly": set(), "deadly_word": set(),
                                  "body": set(), "alive": set()}
    condition: dict[str, str] = {}
    multiple: dict[str, int] = {}
    limbs: set[str] = set()
    core: set[str] = set()
    zero: dict[str, tuple[str, ...]] = {}
    words: dict[str, set[str]] = {kind: set() for kind in _WORD_KINDS}
    valued: dict[str, dict[str, str]] = {kind: {} for kind in _VALUED_KINDS}
    where = "sitrep/data/en/casualties.tsv"
    seen: set[tuple[str, str]] = set()
    for line, row in read_table("en/casualties.tsv", ("term", "kind", "value")):
        term, kind, value = row["term"].lower(), row["kind"], row["value"]
        if (term, kind) in seen:
            raise DataFileError(f"'{term}' ({kind}) is listed twice; keep one", path=where,
                                line=line)
        seen.add((term, kind))
        if kind == "victim":
            victims[term] = None if value == "-" else value
        elif kind == "predicate":
            field, _, frames = value.partition("/")
            if field not in ("killed", "wounded", "hit", "abducted", "arrested"):
                raise DataFileError(f"unknown field '{field}'", path=where, line=line)
            predicates[term] = (field, frozenset(frames.split("+")))
        elif kind == "body":
            lists["body"].add(term)
            if value == "limb":
                limbs.add(term)
            elif value == "core":
                core.add(term)
        elif kind in lists:
            lists[kind].add(term)
        elif kind == "multiple":
            multiple[term] = int(value)
        elif kind == "condition":
            if value not in ("hit", "wounded"):
                raise DataFileError(f"condition value should be hit or wounded, not '{value}'",
                                    path=where, line=line)
            condition[term] = value
        elif kind == "zero":
            zero[term] = tuple(value.split(","))
        elif kind in words:
            words[kind].add(term)
        elif kind in valued:
            if value not in _VALUED_KINDS[kind]:
                raise DataFileError(f"{kind} value should be one of "
                                    f"{', '.join(_VALUED_KINDS[kind])}, not '{value}'",
                                    path=where, line=line)
            valued[kind][term] = value
        elif kind == "vehicle":
            pass                               # (events' business)
        else:
            raise DataFileError(f"unknown kind '{kind}'", path=where, line=line)
    return _Casualties(victims, predicates, frozenset(lists["fatal"]),
                       frozenset(lists["nonfatal"]), frozenset(lists["hospital"]),
                       condition, zero, frozenset(lists["gunfire"]),
                       frozenset(lists["deadly"]), frozenset(lists["deadly_word"]),
                       frozenset(lists["body"]), multiple, frozenset(limbs),
                       frozenset(lists["alive"]),
                       {kind: frozenset(terms) for kind, terms in words.items()}, valued,
                       frozenset(core))


_WORD_KINDS = ("kin", "state_verb", "hospital_verb", "injury_verb", "munition_verb",
               "munition_use", "toll_verb", "tally", "open_injury", "side", "collective",
               "qualifier", "attack_verb", "victim_of_noun")
_VALUED_KINDS = {"surface": FIELDS + ("hit",), "gap": ("adverb", "noun", "verb"),
                 "multiple_noun": ("killed", "hit"), "subset_adverb": ("killed", "wounded")}


# ----------------------------------------------------------------------------- parse_quantity

_SPLIT = re.compile(r"[\s\-–]+")


def _word_value(words: list[str], q: _Quantities) -> int | None:
    """Value of number words ("two hundred and fifty", "a dozen", "twenty-five", "1.5 million")."""
    if not words:
        return None
    if len(words) >= 3 and words[0] == "half" and words[1] in ("a", "an") and words[2] == "dozen":
        return 6
    total, current = 0, None
    for word in words:
        if word == "and":
            continue
        plain = word.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", plain):
            value: float | int = float(plain) if "." in plain else int(plain)
        elif word in q.numbers:
            value = q.numbers[word]
        else:
            return None
        if word in q.multipliers or (isinstance(value, int) and value >= 100 and word in q.numbers):
            current = (current if current is not None else 1) * value
            if value >= 1000:
                total += current
                current = None
        else:
            current = (current or 0) + value
    result = total + (current or 0)
    return int(result)


def _apply(rule: str, low: int, high: int) -> tuple[int | None, int | None, int | None]:
    """low/best/high of a figure (or range low..high) under a modifier rule."""
    if rule == "at_least":
        return low, low, None
    if rule == "more_than":
        return low + 1, low + 1, None
    if rule == "up_to":
        return min(1, high), high, high
    if rule == "fewer_than":
        return min(1, high - 1), max(high - 1, 0), max(high - 1, 0)
    if rule == "about":
        margin = max(1, round(high / 10))
        return max(low - margin, 0), low, high + margin
    if rule == "nearly":
        margin = max(1, round(high / 10))
        return max(high - margin, 0), high, high
    return low, low, high


def parse_quantity(text: str) -> Count | None:
    """A figure phrase as a ``Count``; None when the words give no figure.

    "five" 5/5/5; "at least five" 5/5/open; "more than a dozen" 13/13/open; "up to 8" 1/8/8;
    "nearly 90" 81/90/90; "about 90" 81/90/99; "between 5 and 10", "5-10", "five or six" low the
    first, best the first (the conservative figure, as ACLED codes), high the second; "dozens"
    12/12/open; "several" 3/3/open; "a few" 2/3/5; "no"/"none"/"nobody" 0.
    See docs/counting-rules.md.
    """
    q = _quantities()
    original = text
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    phrase = re.sub(r"\s+of$", "", phrase)
    # "another two were wounded": two more, not three
    phrase = re.sub(r"^(?:another|a further|an additional)\s+(?=\S)", "", phrase)
    if phrase in ("no", "none", "no one", "nobody", "zero", "nil"):
        return Count.exact(0, original)
    rule = None
    for modifier in sorted(q.modifiers, key=len, reverse=True):
        if phrase.startswith(modifier + " ") and len(phrase) > len(modifier) + 1:
            rest = phrase[len(modifier) + 1:]
            # "some" is a modifier before a figure ("some 90") but vague on its own
            if _core_value(rest, q) is not None:
                rule, phrase = q.modifiers[modifier], rest
                break
    value = _core_value(phrase, q)
    if value is None:
        return None
    kind, low, best, high = value
    if kind == "vague":                # "at least dozens" says no more than "dozens"
        return Count(low=low, best=best, high=high, text=original)
    lo, be, hi = _apply(rule or "exactly", low, high)  # type: ignore[arg-type]
    if kind == "range" and rule in (None, "exactly"):
        lo, be, hi = low, low, high
    return Count(low=lo, best=be, high=hi, text=original)


def _core_value(phrase: str, q: _Quantities):
    """("number"|"range"|"vague", low, best, high) for a figure without its modifier."""
    if phrase in q.vague:
        low, best, high = q.vague[phrase]
        return "vague", low, best, high
    match = re.fullmatch(r"between (.+) and (.+)", phrase)
    if match:
        a, b = (_word_value(_SPLIT.split(part), q) for part in match.groups())
        if a is not None and b is not None and a <= b:
            return "range", a, a, b
        return None
    for separator in (r"\s*(?:–|-)\s*(?=\d)", r"\s+to\s+", r"\s+or\s+"):
        parts = re.split(separator, phrase, maxsplit=1)
        if len(parts) == 2:
            a, b = (_word_value(_SPLIT.split(p.strip()), q) for p in parts)
            if a is not None and b is not None and a < b:
                return "range", a, a, b
    value = _word_value([w for w in _SPLIT.split(phrase) if w], q)
    if value is None:
        return None
    return "number", value, value, value


# ----------------------------------------------------------------------------- sentence figures

_UNIT_WORDS = frozenset(_quantities().not_counts["unit"])
_AGE_UNITS = "|".join(_quantities().not_counts["age_unit"])
_EXCLUDED_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
_AGE_AFTER = re.compile(rf"^\s*-?\s*(?:{_AGE_UNITS})s?\s*-?\s*olds?\b", re.IGNORECASE)
_STREET_AFTER = re.compile(r"^\s+(?:[" + "".join(vocabulary.cardinal_points().values())
                           + r"]\.?\s+)?(?:[A-Z][\w.']*\s+){1,3}(?:"
                           + vocabulary.street_types_pattern() + r")\b")
# (and "#", the number sign, which a data file cannot start a row with)
_BEFORE_EXCLUDES = frozenset(_quantities().not_counts["label"]) | {"#"}
# ("a first victim" says no more than one)
_ORDINALS = {word: value for word, value in vocabulary.ordinals().items() if value >= 2}
_QUANTIFIERS = frozenset({"both", "another", "several", "many", "numerous", "multiple"})
_KIN = _casualties().words["kin"]
_NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PRODUCT", "EVENT",
                         "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW", "LANGUAGE"})
_OTHER = frozenset({"other", "others", "another", "more", "additional", "further", "second",
                    "third", "fourth", "else"})
_PRONOUNS_ONE = frozenset({"he", "she", "him", "her", "his", "himself", "herself"})
_COPULAS = _casualties().words["state_verb"]
_HOSPITAL_VERBS = _casualties().words["hospital_verb"]
_INJURY_VERBS = _casualties().words["injury_verb"]
_INCLUDING = frozenset({"including", "include", "includes", "among"})
_MUNITION_VERBS = _casualties().words["munition_verb"]


@dataclass(slots=True)
class _Figure:
    """A provisional finding: field, count, the tokens it covers, victims, words."""

    field: str
    count: Count
    start: int
    end: int
    category: str | None
    weapon: str | None
    victims: frozenset[int]
    other: bool = False          # "three others": disjoint from an earlier figure of the field
    anchor: int = -1             # token index of the figure (or victim) for ordering
    pronoun: bool = False        # the victim is "he" / "she"
    predicate: int = -1          # token index of the casualty word
    indefinite: bool = False     # a new referent ("a man", "two others", a name), not "the man"
    future: bool = False         # stated with "will" (see CountFinding.modality)


def _phrases(sent) -> list[tuple[int, int, str]]:
    """Quantity phrases of the sentence as (start char, end char, text) in doc coordinates."""
    q = _quantities()
    base = sent.start_char
    return [(base + m.start(), base + m.end(), m.group(0))
            for m in q.phrase.finditer(_events.span_text(sent))]


def _phrase_for(token, phrases) -> tuple[int, int, str] | None:
    for start, end, text in phrases:
        if start <= token.idx < end:
            return start, end, text
    return None


def _excluded(token, phrase: tuple[int, int, str], trust: bool = False) -> bool:
    """Ages, dates, times, money, addresses and the like: figures that count no victims.
    ``trust``: the figure is the number of a noun in the parse ("two 4-year-old girls"), so the
    entity recognizer's DATE on it is not believed."""
    doc = token.doc
    if token.ent_type_ in _EXCLUDED_ENTS and not token.lower_ in _quantities().vague and not (
            trust and token.ent_type_ in ("DATE", "TIME", "QUANTITY")):
        return True
    if token.ent_type_ in ("PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"):
        return True
    start, end, text = phrase
    after = _events.doc_text(doc)[end:end + 40]
    if _AGE_AFTER.match(after) or _STREET_AFTER.match(after):
        return True
    before = _events.doc_text(doc)[max(0, start - 12):start].lower().split()
    if before and (before[-1] in _BEFORE_EXCLUDES or before[-1].rstrip(".") in _BEFORE_EXCLUDES):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", text.strip()):
        return True
    if re.search(r"\d{3}[-.\s]\d{4}", _events.doc_text(doc)[max(0, start - 5):end + 6]):
        return True
    if token.head.lemma_.lower() in _UNIT_WORDS and token.dep_ in ("nummod", "quantmod"):
        return True
    # "a father of five", "a family of four": how many children, not how many victims
    holder = token.head.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and holder.tag_ in ("NN", "NNP") \
            and holder.lemma_.lower() in _KIN:
        return True
    if re.match(r"\s+of\s+", _events.doc_text(doc)[end:end + 5]) and before and before[-1] in _KIN:
        return True
    return False


def _told_as_toll(number) -> bool:
    """A number a toll is said to be at or to ("the toll rose to 52", "put the toll at 7")."""
    if number.dep_ != "pobj" or number.head.lower_ not in ("to", "at"):
        return False
    verb = number.head.head
    return verb.lemma_.lower() in ("toll", "tally") or any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in ("toll", "tally")
        for c in verb.children)


def _partitive_of_known(word) -> bool:
    """"some of the victims", "many of those hurt": a vague part of a definite set."""
    return any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.dep_ == "pobj" and (o.lower_ in ("them", "those", "these") or any(
            d.dep_ in ("det", "poss") and d.lower_ not in ("a", "an") for d in o.children))
        for o in p.children) for p in word.children)


def _figure_of(victim, phrases, sent, cas: _Casualties):
    """(Count, start, end, category, other) for one victim token, or None when the victim has no
    figure (a bare plural). Singular people count one."""
    lemma = victim.lemma_.lower()
    other = victim.lower_ in _OTHER or any(c.lower_ in _OTHER for c in victim.children
                                          if c.dep_ in ("amod", "det", "advmod"))
    # "killed seven people and then himself": the attacker is not among the other victims
    other = other or (victim.lower_ in ("himself", "herself", "themselves") and
                      victim.dep_ in ("dobj", "conj", "appos") and
                      victim.head.lemma_.lower() in cas.words["attack_verb"])
    category = _category(victim, cas)
    # "no one", "nobody", "none (of the victims)"
    if _nobody(victim) or any(c.dep_ == "det" and c.lower_ == "no" for c in victim.children):
        if any(c.lower_ in ("else",) for c in victim.children) or other:
            return None
        return Count.exact(0, _np_text(victim)), *_np_bounds(victim), category, False
    part = victim.head.head if victim.dep_ == "pobj" and victim.head.lower_ == "of" else victim
    if part.lower_ in _quantities().vague and _partitive_of_known(part):
        return None                    # "some of the victims died": a set counted elsewhere
    # the figure: the victim itself ("two died"), or its number ("two people", "dozens of people")
    anchors = []
    if victim.like_num or victim.pos_ == "NUM" or lemma in _quantities().vague or \
            victim.lower_ in _quantities().vague:
        anchors.append(victim)
    anchors += [c for c in victim.children if c.dep_ in ("nummod", "quantmod")
                or (c.dep_ in ("appos", "det") and c.lower_ in ("both",) and (
                    victim.tag_ in ("NNS", "NNPS") or victim.pos_ == "PRON"))
                or (c.dep_ in ("amod", "det", "predet") and (
                    c.lower_ in _quantities().vague or c.lower_ in _QUANTIFIERS))
                # "more than a dozen missiles": the parser makes "dozen" a compound
                or (c.dep_ == "compound" and c.i < victim.i and _phrase_for(c, phrases) is not None)]
    # "a second teen has died": the total is at least the ordinal
    ordinal = next((_ORDINALS[c.lower_] for c in victim.children
                    if c.dep_ == "amod" and c.lower_ in _ORDINALS), None)
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in victim.children):
        ordinal = None
    if ordinal is not None and not anchors:
        start, end = _np_bounds(victim)
        words = _events.doc_text(victim.doc)[start:end]
        return Count(low=ordinal, best=ordinal, high=None, text=words), start, end, category, False
    for anchor in anchors:
        phrase = _phrase_for(anchor, phrases)
        if phrase is None:
            continue
        # (the tagger reads "52, two days after" as a date; "rose to 52" is a toll all the same)
        trust = (anchor is not victim and victim.pos_ in ("NOUN", "PROPN")) or _told_as_toll(anchor)
        if _excluded(anchor, phrase, trust=trust):
            if anchor is victim and _age_nominal(victim):
                break
            return None
        count = parse_quantity(phrase[2])
        if count is None:
            continue
        start, end = phrase[0], phrase[1]
        return count, start, end, category, other
    if lemma in ("life",):
        return None
    # a singular person: "a girl", "the victim", "he", a named person, "a 16-year-old"
    if _age_nominal(victim):
        start, end = _np_bounds(victim)
        words = _events.doc_text(victim.doc)[start:end]
        return Count.exact(1, words), start, end, "children" if _minor(victim) else None, other
    if victim.tag_ in ("NN", "NNP") or victim.lower_ in _PRONOUNS_ONE:
        if victim.lower_ in _PRONOUNS_ONE or victim.ent_type_ == "PERSON" or lemma in cas.victims \
                or (victim.pos_ == "PROPN" and victim.ent_type_ not in _NOT_PEOPLE):
            if lemma in cas.words["collective"]:
                return None
            start, end = _np_bounds(victim)
            words = _events.doc_text(victim.doc)[start:end]
            return Count.exact(1, words), start, end, category, other
    if victim.lower_ in ("one", "another"):    # "killing three, wounding another"
        return Count.exact(1, victim.text), victim.idx, victim.idx + len(victim), category, other
    return None


_AGE_NOMINAL = re.compile(rf"(\d+|[a-z]+)[\s-]*(?:{_AGE_UNITS})s?[\s-]*old$", re.IGNORECASE)


def _age_nominal(token, strict: bool = True) -> bool:
    """"a 16-year-old was injured": an age used as a noun names one person. Not strict: also
    when the parse made it an adjective ("3-year-old shot to death", a headline)."""
    if token.lower_ not in ("old", "olds") and not token.lower_.endswith("-old"):
        return False
    if strict and token.dep_ in ("amod",):
        return False
    if token.i + 1 < len(token.doc) and token.nbor(1).tag_.startswith("NN") and \
            token.nbor(1).lemma_.lower() not in ("shot", "shooting"):
        return False
    start = min(t.idx for t in token.subtree)
    return bool(_AGE_NOMINAL.search(_events.doc_text(token.doc)[start:token.idx + len(token)]))


def _minor(token) -> bool:
    start = min(t.idx for t in token.subtree)
    match = re.search(r"(\d+)", _events.doc_text(token.doc)[start:token.idx + len(token)])
    text = _events.doc_text(token.doc)[start:token.idx]
    return bool(match) and int(match.group(1)) < 18 or "month" in text


def _indefinite(victim) -> bool:
    """Does the victim phrase introduce one new person ("a man", "another", "one of them", a name)
    rather than refer back ("the man", "he") or repeat a headline ("Woman killed")?"""
    if victim.lower_ in ("one", "another") or victim.lower_ == "1":
        return True
    dets = [c.lower_ for c in victim.children if c.dep_ in ("det", "poss", "nummod")]
    if any(d in ("a", "an", "another", "one") for d in dets):
        return True
    return victim.pos_ == "PROPN" and victim.ent_type_ == "PERSON"


def _nobody(token) -> bool:
    """"nobody", "none", "no one"."""
    return token.lower_ in ("nobody", "noone", "none") or (
        token.lower_ in ("one", "body") and any(c.lower_ == "no" for c in token.children))


def _np_bounds(token) -> tuple[int, int]:
    """Character bounds of a victim noun with its determiner, adjectives, numbers and name parts
    ("a 16-year-old boy", "Antonio Mason"), without relative clauses or prepositions."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "npadvmod",
                          "quantmod", "predet", "advmod") and token.i - child.i <= 8:
            left = min(left, min(t.i for t in child.subtree))
    if token.dep_ in ("amod",) and _age_nominal(token, strict=False):
        left = min(left, min(t.i for t in token.subtree))
    while left < token.i and token.doc[left].is_punct:
        left += 1
    return token.doc[left].idx, token.idx + len(token)


def _np_text(token) -> str:
    start, end = _np_bounds(token)
    return _events.doc_text(token.doc)[start:end]


def _category(victim, cas: _Casualties) -> str | None:
    lemma = victim.lemma_.lower()
    if lemma in cas.victims:
        return cas.victims[lemma]
    if victim.lower_ in cas.victims:
        return cas.victims[victim.lower_]
    for pobj in _events.pobjs(victim, "of"):
        return _category(pobj, cas)
    if victim.dep_ in ("nummod", "quantmod") and victim.head.i != victim.i:
        return _category(victim.head, cas)
    for child in victim.children:     # "two police officers": compound police
        if child.dep_ == "compound" and child.lemma_.lower() in cas.victims:
            return cas.victims[child.lemma_.lower()]
    return None


def _group(victim, predicate=None) -> list:
    """A victim and the victims listed with it: conjoined ("a man and two women") or in a comma
    list the parser read as apposition ("killed a boy, his wife, himself"). Not a conjunct with a
    casualty word of its own ("4 killed, 11 wounded" parsed as a list), nor an apposition that
    names the same person ("her sister, Carolyn Holmes")."""
    members = [victim]
    listed = list(victim.conjuncts)
    appositions = [c for c in victim.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PRON")
                   and not c.like_num and c.tag_ not in ("NNP", "NNPS")]
    # one apposition renames ("the victim, a 2-year-old child"); two or more make a list
    if len(appositions) >= 2 and not _is_counted(victim):
        for child in appositions:
            listed.append(child)
            listed.extend(child.conjuncts)
    for conj in sorted(set(listed), key=lambda t: t.i):
        if conj.pos_ not in ("NOUN", "PROPN", "NUM", "PRON", "ADJ") or (
                conj.pos_ == "ADJ" and not _age_nominal(conj)):
            continue
        if not (conj.like_num or conj.pos_ == "NUM" or _plausible_person(conj, _casualties())) \
                or conj.pos_ == "PROPN" and conj.ent_type_ not in ("PERSON", ""):
            continue          # "1 dead, 4 wounded ... | Phoenix Breaking News"
        following = conj.doc[conj.i + 1] if conj.i + 1 < len(conj.doc) else None
        if following is not None and following.lower_ in _SURFACE_WORDS and (
                predicate is None or following.i != predicate.i):
            continue
        if following is not None and following.pos_ == "VERB" and following.tag_ in (
                "VBN", "VBD") and (predicate is None or following.i != predicate.i):
            continue          # "Man dead, brother questioned"
        if any(c.dep_ == "acl" and c.tag_ in ("VBN", "VBD") and
               (predicate is None or c.i != predicate.i) for c in conj.children):
            continue          # "man dead, brother questioned"
        members.append(conj)
    return members


def _is_counted(victim) -> bool:
    return victim.like_num or victim.tag_ in ("NNS", "NNPS") or any(
        c.dep_ in ("nummod", "quantmod") for c in victim.children)


def _in_including(token, sent) -> bool:
    """Is the token inside an "including ..." / "among them ..." part (part of a stated total)?"""
    for ancestor in token.ancestors:
        if ancestor.lower_ in _INCLUDING and ancestor.dep_ in ("prep", "advcl", "acl"):
            return True
    return False


# --- finding predicates and their victims


def _predicate(token, cas: _Casualties) -> tuple[str, frozenset[str]] | None:
    lemma = token.lemma_.lower()
    # two-word predicates: "lost their lives", "claimed the lives", "gunned down"
    for child in token.children:
        if child.dep_ in ("dobj", "prt", "acomp", "oprd", "xcomp", "advcl"):
            # ("resulted injured": the participle's lemma is "injure", its form the entry's)
            entry = cas.predicates.get(f"{lemma} {child.lemma_.lower()}") or \
                cas.predicates.get(f"{lemma} {child.lower_}")
            if entry:
                return entry
        if child.dep_ == "prep":   # "deprived of life", "done to death"
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                entry = cas.predicates.get(f"{lemma} {pobj.lemma_.lower()}")
                if entry:
                    return entry
    entry = cas.predicates.get(lemma) or cas.predicates.get(token.lower_)
    if entry is None:
        return None
    field, frames = entry
    if token.pos_ in ("VERB", "AUX"):
        if frames & {"active", "patient"}:
            return entry
        if "adj" in frames:
            return field, frozenset({"adj"})
        return None
    if token.pos_ == "ADJ" and "adj" in frames:
        return field, frozenset({"adj"})
    if token.pos_ in ("NOUN", "PROPN") and frames & {"noun", "toll", "adj"}:
        return field, frames & {"noun", "toll", "adj"} or frames
    if token.pos_ == "ADJ" and "active" in frames:   # "injured" tagged as adjective
        return field, frozenset({"adj"})
    return None


def _passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    return None


def _inherited_victims(verb, cas: _Casualties, depth: int = 0) -> list:
    """Victims a verb shares with the verb it depends on: "was shot and killed", "was found shot
    to death", "left injured", "people shot, killed"."""
    if depth > 3 or _subject(verb) is not None:
        return []
    if verb.dep_ not in ("conj", "xcomp", "oprd", "ccomp") or (
            verb.dep_ != "conj" and verb.tag_ != "VBN"):
        return []
    head = verb.head
    found = _victims(head, _predicate(head, cas), cas, depth + 1) if _predicate(head, cas) else []
    if found:
        return found
    subject = _subject(head)
    if subject is not None and subject.dep_ == "nsubjpass":
        return [subject]
    if head.lemma_.lower() in _COPULAS and subject is not None:
        return [subject]
    return []


def _victims(token, entry, cas: _Casualties, depth: int = 0) -> list:
    """The victim nouns of a casualty predicate, by its frame."""
    out = _victims_raw(token, entry, cas, depth)
    # "a stray bullet hit his head": the body part's owner is the victim
    owners = []
    for victim in out:
        if victim.lemma_.lower() in cas.body:
            owner = next((c for c in victim.children if c.dep_ == "poss"), None)
            if owner is not None:
                owners.append(owner)
            continue
        owners.append(victim)
    return owners


# Nouns that, told of the killed or the dead, are a toll: "put the number killed at 31",
# "the number of dead rose to 40", "the tally of people killed stands at 12".
_TALLY_NOUNS = _casualties().words["tally"]


def _tally_of(token):
    """The "number" a casualty word is told of ("the number killed", "the number of dead",
    "the number of people killed"), or None."""
    node = token
    if node.dep_ in ("acl", "amod", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head                      # "people killed" -> people
        if node.lemma_.lower() in _TALLY_NOUNS:
            return node
    if node.dep_ == "pobj" and node.head.lower_ == "of" and \
            node.head.head.lemma_.lower() in _TALLY_NOUNS:
        return node.head.head
    return None


def _victims_raw(token, entry, cas: _Casualties, depth: int = 0) -> list:
    if entry is None:
        return []
    field, frames = entry
    tally = _tally_of(token)
    if tally is not None:
        return _toll_figures(tally) + list(_events.pobjs(token, "at", "to"))
    out: list = []
    if token.pos_ in ("VERB", "AUX") and ("active" in frames or "patient" in frames):
        lemma = token.lemma_.lower()
        if "patient" in frames and "active" not in frames:
            subject = _subject(token)
            if subject is not None and subject.dep_ == "nsubj":
                out.append(subject)
        else:
            # never a word of the dateline: "RIO DE JANEIRO, Nov 14 - Six traffickers were
            # killed" parses the city as a second subject of "killed"
            passive_subject = next((c for c in token.children if c.dep_ == "nsubjpass"
                                    and not in_dateline(c)), None)
            obj = next((c for c in token.children if c.dep_ in ("dobj", "obj")), None)
            subject = next((c for c in token.children if c.dep_ == "nsubj"
                            and not in_dateline(c)), None)
            if passive_subject is not None:
                out.append(passive_subject)
            elif obj is not None and not (lemma == "leave"):
                out.append(obj)
            elif subject is not None and _reduced_passive(token):
                out.append(subject)            # headline passive: "2 killed, 3 injured"
            elif subject is not None and lemma in ("survive", "recover"):
                out.append(subject)
            elif token.dep_ in ("acl", "amod") and token.tag_ in ("VBN", "VBD"):
                out.append(token.head)         # "a man shot in the leg", "wounded soldiers"
            elif token.dep_ == "relcl" and token.tag_ in ("VBN", "VBD") and subject is None:
                out.append(token.head)
        if not out:
            out.extend(_inherited_victims(token, cas, depth))
        elif "active" in frames:
            # an elided second object: "killed seven people and then himself"
            # ... but not one with a predicate of its own: "175 killed and 60,000 displaced"
            out.extend(c for c in token.children if c.dep_ == "conj" and
                       c.pos_ in ("NOUN", "PRON", "PROPN", "NUM") and not any(
                           g.dep_ in ("acl", "relcl") and g.tag_ in ("VBN", "VBD")
                           for g in c.children))
        if lemma == "claim" or lemma == "take":
            # "claimed the lives of five": the figure sits on "lives"
            out = [next(iter(_events.pobjs(v, "of")), v) if v.lemma_.lower() == "life" else v
                   for v in out]
    elif "adj" in frames:
        head = token.head
        obj = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if token.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp", "advcl") and obj is not None \
                and head.pos_ in ("VERB", "AUX"):
            out.append(obj)                    # "left three dead", "leaves a man dead"
        elif token.dep_ in ("acomp", "attr") and head.lemma_.lower() in _COPULAS:
            subject = _subject(head)
            if subject is not None:
                out.append(subject)
        elif token.dep_ in ("oprd", "xcomp", "ccomp", "advcl", "acomp"):
            # "left three dead", "found dead", "shot dead", "pronounced dead"
            obj = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None:
                out.append(obj)
        elif token.dep_ in ("amod", "compound") and head.pos_ in ("NOUN", "PROPN", "NUM",
                                                                  "PRON") and token.i < head.i:
            out.append(head)                   # "three dead people", "the wounded man"
        if not out:
            subject = _subject(token)          # "2 dead" parsed as a clause
            if subject is not None:
                out.append(subject)
        if not out:
            nummod = [c for c in token.children if c.dep_ in ("nummod", "quantmod")]
            out.extend(nummod)                 # "the dead" with a number: "12 dead"
        if not out and token.dep_ == "conj":
            out.extend(_inherited_victims(token, cas, depth))
    elif "noun" in frames or "toll" in frames:
        if "toll" in frames:
            out.extend(_toll_figures(token))
        else:
            if token.lemma_.lower() in ("injury", "wound"):
                # "suffered two gunshot wounds" counts wounds, not people: the bearer first
                out.extend(_injury_bearers(token))
                if not out:
                    out.extend(_events.pobjs(token, "to", "among"))
                if not out and token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
                    out.extend(c for c in token.children if c.dep_ in ("nummod", "quantmod"))
            elif field in ("hit",) or token.lemma_.lower() in cas.words["victim_of_noun"]:
                out.extend(_events.pobjs(token, "of"))       # "the shooting of three people"
            else:
                out.extend(c for c in token.children if c.dep_ in ("nummod", "quantmod"))
                out.extend(_events.pobjs(token, "of", "to", "among"))
            if token.lemma_.lower() in ("death",) and not out:
                out.extend(c for c in token.children if c.dep_ == "poss"
                           and c.lower_ in ("his", "her"))
    return out


def _reduced_passive(verb) -> bool:
    """"2 killed, 3 injured", "3-year-old shot to death": a transitive casualty verb with a subject
    but no object and no auxiliary reads as a passive (headlines drop "was")."""
    if any(c.dep_ in ("aux", "auxpass", "dobj", "ccomp", "xcomp", "attr") for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("at", "into", "toward", "towards", "on", "up")
           for c in verb.children):
        return False
    if any(c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in verb.children):
        return False
    return verb.tag_ in ("VBN", "VBD")


def _resolve(token):
    """A relative pronoun stands for the noun its clause modifies: "a girl who was shot"."""
    if token.lower_ in ("who", "that", "which", "whom") and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


# Verbs by which a voice states a toll ("the army put the toll at 41"); not "pushing the toll
# to 49", which is most often a running count of a year's homicides.
_TOLL_SETTERS = _casualties().words["toll_verb"]


def _toll_figures(toll) -> list:
    """"the death toll rose to 7", "a toll of 7", "the toll stands at 7", "the toll is 7",
    "the army put the toll at 7", "officials raised the toll to 7"."""
    out = list(_events.pobjs(toll, "of", "at"))
    out.extend(c for c in toll.children if c.dep_ in ("nummod", "appos"))
    if toll.dep_ == "dobj" and toll.head.lemma_.lower() in _TOLL_SETTERS:
        out.extend(_events.pobjs(toll.head, "to", "at"))
    if toll.dep_ in ("nsubj", "nsubjpass"):
        verb = toll.head
        out.extend(_events.pobjs(verb, "to", "at"))
        out.extend(c for c in verb.children if c.dep_ in ("attr", "dobj", "npadvmod")
                   and (c.like_num or c.pos_ == "NUM"))
    return out


def _injury_bearers(noun) -> list:
    """Who suffered the injuries: "three men suffered gunshot wounds", "found with gunshot
    wounds"."""
    head = noun.head
    if noun.dep_ in ("dobj",) and head.lemma_.lower() in _INJURY_VERBS:
        subject = _subject(head)
        return [subject] if subject is not None else []
    if noun.dep_ == "pobj" and head.lower_ in ("with", "for", "from", "of"):
        governor = head.head
        if governor.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            return [governor]
        if governor.pos_ in ("VERB", "AUX", "ADJ"):
            subject = _subject(governor)
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if governor.lemma_.lower() in ("die", "succumb"):
                return []
            return [x for x in (obj if obj is not None and not _passive(governor) else subject,)
                    if x is not None]
    return []


def _clause_tokens(verb) -> list:
    """The verb's clause without the clauses inside it that have subjects of their own ("...,
    while four other men were taken to the hospital with minor injuries")."""
    own = []
    stack = [verb]
    while stack:
        node = stack.pop()
        own.append(node)
        for child in node.children:
            if child is not verb and child.dep_ in ("advcl", "conj", "ccomp", "relcl", "parataxis") \
                    and _subject(child) is not None:
                continue
            stack.append(child)
    return sorted(own, key=lambda t: t.i)


def _nonfatal_said(verb, cas: _Casualties) -> bool:
    """Does the clause say the hurt will live ("treated and released", "minor injuries",
    "non-life-threatening injuries")?"""
    text = " ".join(t.text for t in _clause_tokens(verb))
    return _alive_re(cas.alive).search(text) is not None


@cache
def _alive_re(alive: frozenset[str]) -> re.Pattern[str]:
    words = sorted(alive, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"[\s-]+")
                    for w in words)
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


def _open_condition(verb, cas: _Casualties) -> bool:
    """"in critical condition", "life-threatening injuries": alive now, outcome open."""
    words = {t.lemma_.lower() for t in verb.subtree}
    return any(cas.condition.get(w) == "hit" for w in words)


def _hospital_victims(token, cas: _Casualties) -> list[tuple[object, str]]:
    """"was taken to a hospital", "rushed to Grady Memorial Hospital", "in critical condition":
    (victim, field) pairs; the field is hit (the outcome is open) unless the clause says they
    will live."""
    lemma = token.lemma_.lower()
    out: list = []
    if token.pos_ in ("VERB", "AUX") and lemma in _HOSPITAL_VERBS:
        targets = list(_events.pobjs(token, "to", "at", "in", "for"))
        words = {t.lemma_.lower() for p in targets for t in p.subtree}
        text = " ".join(t.lower_ for p in targets for t in p.subtree)
        if words & cas.hospital or any(h in text for h in cas.hospital if " " in h) or \
                words & {"injury", "wound"}:
            victim = next((c for c in token.children if c.dep_ in ("nsubjpass",)), None)
            if victim is None:
                victim = next((c for c in token.children if c.dep_ == "dobj"), None)
            if victim is None and token.dep_ == "conj":
                victim = next(iter(_inherited_victims(token, cas)), None)
            if victim is None and token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":
                victim = token.head
            if victim is not None:
                # "being treated" says they are alive; "taken to a hospital" does not
                alive = lemma == "treat" or _nonfatal_said(token, cas)
                out.append((victim, "wounded" if alive else "hit"))
    if lemma in _COPULAS and token.pos_ in ("VERB", "AUX"):
        # "she is still in the hospital" (alive now); "he was in the hospital" (open)
        places = {t.lemma_.lower() for p in _events.pobjs(token, "in", "at") for t in p.subtree}
        if places & cas.hospital:
            subject = _subject(token)
            if subject is not None:
                alive = (token.tag_ in ("VBZ", "VBP") and not _open_condition(token, cas)) or \
                    _nonfatal_said(token, cas)
                out.append((subject, "wounded" if alive else "hit"))
    if lemma in cas.hospital and token.dep_ == "pobj" and token.head.lower_ in ("in", "at") and \
            token.head.head.pos_ in ("NOUN", "PROPN", "NUM") and token.head.head.lemma_.lower() \
            not in cas.hospital:
        out.append((token.head.head, "hit"))  # "ended with five people in the hospital"
    if lemma == "condition" and token.dep_ == "pobj":
        states = [cas.condition[c.lemma_.lower()] for c in token.children
                  if c.lemma_.lower() in cas.condition]
        text = _events.doc_text(token.doc)[min(t.idx for t in token.subtree):token.idx].lower()
        if "non-life" in text or "not life" in text:
            states = ["wounded"]
        if states:
            field = "hit" if "hit" in states else "wounded"
            prep = token.head
            governor = prep.head
            victims = []
            if governor.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                victims.append(governor)
            else:
                subject = _subject(governor)
                if subject is not None:
                    victims.append(subject)
                elif governor.dep_ == "conj":
                    victims.extend(_inherited_victims(governor, cas))
                elif governor.dep_ in ("acl", "relcl"):
                    victims.append(governor.head)
            out.extend((v, field) for v in victims)
    return out


_WEAPON_WOUNDS = _casualties().words["open_injury"]


def _injury_field(noun, cas: _Casualties) -> str:
    """"fatal injuries" killed; "minor / non-life-threatening injuries" wounded; "a gunshot wound",
    "life-threatening injuries" hit (hurt, outcome open); plain "injuries" wounded."""
    start = min(t.idx for t in noun.subtree)
    before = _events.doc_text(noun.doc)[start:noun.idx].lower()
    words = set(re.findall(r"[\w-]+", before))
    if _alive_re(cas.alive).search(before) or words & (cas.nonfatal - {
            "wound", "injure", "injured", "wounded"}):
        return "wounded"
    if words & cas.fatal or words & {"mortal", "lethal"}:
        return "killed"
    if words & _WEAPON_WOUNDS:
        return "hit"
    return "wounded"


def _hit_outcome(verb, cas: _Casualties) -> str:
    """For shot / stabbed / beaten: "killed", "wounded" or "hit" (not said)."""
    for child in verb.children:
        lemma = child.lemma_.lower()
        if child.dep_ == "advmod" and (lemma in cas.fatal or child.lower_ in cas.fatal):
            return "killed"
        if child.dep_ in ("oprd", "acomp", "xcomp", "advmod") and child.lower_ == "dead":
            return "killed"
        if child.dep_ == "prep" and child.lower_ == "to" and any(
                p.lemma_.lower() == "death" for p in child.children):
            return "killed"
        if child.dep_ == "advmod" and (lemma in cas.nonfatal or child.lower_ in cas.nonfatal):
            return "wounded"
        if child.dep_ == "conj" and _subject(child) is None and not any(
                g.dep_ in ("dobj", "obj") for g in child.children):
            if any(g.lower_ == "dead" for g in child.children):
                return "killed"           # "shot eight times and pronounced dead"
            entry = cas.predicates.get(child.lemma_.lower())
            if entry and entry[0] == "killed":
                return "killed"
            if entry and entry[0] == "wounded":
                return "wounded"
    if verb.dep_ in ("amod",) and verb.head.lower_ in ("fatal", "deadly"):
        return "killed"
    if _nonfatal_said(verb, cas):
        return "wounded"          # "was shot and is expected to make a full recovery"
    # "shot in the leg": a wound there rarely kills; "shot in the head" leaves it open
    for part in _events.pobjs(verb, "in", "to"):
        if part.lemma_.lower() in cas.limbs and not any(
                c.lower_ in cas.core for c in part.conjuncts):
            return "wounded"
    return "hit"


_SUBSET = re.compile(r"\b(?P<n>"
                     + "|".join(w for w, v in vocabulary.cardinals().items() if 1 <= v <= 10)
                     + r"|\d+)(?:\s+of\s+(?:them|whom|the\s+\w+))?\s*,?\s+(?P<adv>"
                     + "|".join(_casualties().valued["subset_adverb"]) + r")\b", re.IGNORECASE)


def _modality_ok(token) -> bool:
    """Figures in clauses that are not asserted are not figures of an event ("could have killed
    dozens"); a negated clause about someone says nothing of the total ("the gunman was not
    injured"): nobody-figures come from ``_zeros``."""
    return _events.clause_modality(token) == Modality.ASSERTED


def _kept_modality(token) -> Modality | None:
    """ASSERTED or FUTURE (left to the caller, see ``CountFinding.modality``); None: dropped."""
    modality = _events.clause_modality(token)
    return modality if modality in (Modality.ASSERTED, Modality.FUTURE) else None


def find_counts(sent) -> list[CountFinding]:
    """Casualty, abduction, arrest and munition figures of one sentence (a spaCy ``Span``).

    See the module docstring and docs/counting-rules.md for the rules. Findings come in text
    order; a sentence may give the same field twice ("killed 5 ... the toll rose to 7"), and
    deciding between them is left to the caller.
    """
    if not len(sent):
        return []
    cas = _casualties()
    phrases = _phrases(sent)
    figures: list[_Figure] = []
    seen_victims: dict[tuple[str, int], _Figure] = {}

    def add(field: str, victim, predicate, weapon: str | None = None) -> None:
        victim = _resolve(victim)
        if victim.lower_ in ("they", "them") and field in ("killed", "wounded", "hit"):
            # "a man and a woman were taken to a hospital, where they later died", "two men were
            # shot; they were taken to a hospital": the victims just named
            earlier = [f for f in figures if f.predicate >= 0 and f.field in
                       ("killed", "wounded", "hit") and f.predicate < predicate.i and
                       (f.count.best or 0) >= 2]
            if earlier and _modality_ok(predicate):
                source = earlier[-1]
                figures.append(_Figure(field, source.count, source.start, source.end,
                                       source.category, None, source.victims,
                                       anchor=victim.i, predicate=predicate.i))
            return
        members = _group(victim, predicate)
        parts = []
        for member in members:
            part = _figure_of(member, phrases, sent, cas)
            if part is None:
                if len(members) > 1 and member is not victim and member.tag_ in ("NNS", "NNPS"):
                    return          # "a man and others": the total is unknown
                continue
            parts.append(part)
        if not parts or all(p[0].best == 0 for p in parts):
            return                  # nobody: _zeros reports it, once per field
        key = (field, victim.i)
        if key in seen_victims:
            return
        modality = _kept_modality(predicate)
        if modality is None:
            return
        lows = [p[0].low for p in parts]
        low = None if None in lows else sum(lows)
        best = sum(p[0].best or 0 for p in parts)
        high = sum(p[0].high for p in parts) if all(p[0].high is not None for p in parts) else None
        if field == "killed" and any(m.pos_ == "PROPN" and m.ent_type_ == "PERSON" for m in members):
            # "the strike that killed Soleimani": naming the dead does not state the toll
            high = None
        start = min(p[1] for p in parts)
        end = max(p[2] for p in parts)
        text = " + ".join(p[0].text for p in parts) if len(parts) > 1 else parts[0][0].text
        categories = {p[3] for p in parts}
        category = categories.pop() if len(categories) == 1 else None
        count = Count(low=low, best=best, high=high, text=text)
        figure = _Figure(field, count, start, end, category, weapon,
                         frozenset(m.i for m in members), other=parts[0][4], anchor=victim.i,
                         pronoun=victim.lower_ in _PRONOUNS_ONE, predicate=predicate.i,
                         indefinite=_indefinite(victim), future=modality == Modality.FUTURE)
        seen_victims[key] = figure
        figures.append(figure)

    gunfire = None

    # 1. casualty predicates and their victims
    for token in sent:
        entry = _predicate(token, cas)
        if entry is not None and "gunfire" in entry[1]:
            if gunfire is None:
                gunfire = any(t.lemma_.lower() in cas.gunfire or t.lower_ in cas.gunfire
                              for t in sent)
            if not gunfire:
                entry = None
        if entry is not None:
            field, frames = entry
            if field == "hit":
                field = _hit_outcome(token, cas)
            elif field == "wounded" and token.pos_ == "VERB" and _hit_outcome(token, cas) == \
                    "killed":
                field = "killed"          # "fatally wounded", "mortally injured"
            if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in ("injury", "wound"):
                field = _injury_field(token, cas)
            victims = _victims(token, entry, cas)
            for victim in victims:
                if (entry[0] == "hit" or "person" in entry[1]) and not _plausible_person(victim, cas):
                    continue
                add(field, victim, token)
        for victim, field in _hospital_victims(token, cas):
            add(field, victim, token)
        # "two policemen were among the dead": part of the total, so a lower bound
        if token.lower_ == "among" and token.dep_ == "prep":
            group = next((c for c in token.children if c.dep_ == "pobj"), None)
            entry = _predicate(group, cas) if group is not None else None
            subject = _subject(token.head) if token.head.pos_ in ("VERB", "AUX") else None
            if entry is not None and subject is not None and entry[0] in ("killed", "wounded"):
                before = len(figures)
                add(entry[0], subject, token.head)
                for figure in figures[before:]:
                    figure.count = Count(low=figure.count.low, best=figure.count.best, high=None,
                                         text=figure.count.text)
        # "a triple shooting": three people hit
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in cas.valued["multiple_noun"]:
            for child in token.children:
                n = cas.multiple.get(child.lower_)
                if n and child.dep_ in ("amod", "compound", "nmod") and _modality_ok(token):
                    field = cas.valued["multiple_noun"][token.lemma_.lower()]
                    figures.append(_Figure(field, Count.exact(n, f"{child.text} {token.text}"),
                                           child.idx, token.idx + len(token), None, None,
                                           frozenset({token.i}), anchor=token.i,
                                           predicate=token.i))
        # "a fatal shooting", "the teen's deadly stabbing": at least one died
        if token.pos_ in ("NOUN", "PROPN") and (token.lemma_.lower() in cas.deadly or
                                                token.lower_ in cas.deadly) and any(
                c.dep_ in ("amod", "compound") and c.lower_ in cas.deadly_word
                for c in token.children):
            victims = list(_events.pobjs(token, "of")) + [
                c for c in token.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
            before = len(figures)
            for victim in victims:
                add("killed", victim, token)
            if len(figures) == before and _modality_ok(token):
                adjective = next(c for c in token.children if c.lower_ in cas.deadly_word)
                start, end = adjective.idx, token.idx + len(token)
                figures.append(_Figure("killed", Count(low=1, best=1, high=None,
                                                       text=_events.doc_text(sent.doc)[start:end]),
                                       start, end, None, None, frozenset({token.i}),
                                       anchor=token.i))

    # 2. munitions: "eight Katyusha rockets", "dozens of rockets", "two other missiles"
    weapons = _events.weapons_in(sent)
    munition_weapon = None
    for index, weapon in weapons.items():
        if weapon.munition is None:
            continue
        noun = sent.doc[index]
        holder = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
            holder = noun.head.head       # "dozens of rockets", "a volley of rockets"
        figure = _figure_of(holder, phrases, sent, cas) if holder is not noun else None
        if figure is None or figure[0].best in (None, 1) and holder.lower_ in ("a", "an"):
            figure = _figure_of(noun, phrases, sent, cas)
        if figure is None or not _munition_event(holder, noun):
            continue
        if figure[0].text and figure[0].text.lower() in ("a", "an") or figure[0].best == 0:
            continue
        if not noun.tag_.endswith("S") and not figure[0].text.strip().isdigit() and \
                figure[0].best == 1 and not _explicit_one(figure[0].text):
            continue              # "a rocket hit": no figure
        clause = holder.head if holder.dep_ in ("nsubj", "nsubjpass", "dobj") else holder
        modality = _events.clause_modality(clause, munition=noun)
        if modality not in (Modality.ASSERTED, Modality.NEGATED, Modality.FUTURE):
            continue
        munition_weapon = weapon.munition
        figures.append(_Figure("munitions", figure[0], figure[1], figure[2], None, weapon.munition,
                               frozenset({noun.i, holder.i}), other=figure[4], anchor=holder.i,
                               future=modality == Modality.FUTURE))
    if munition_weapon is not None:
        # "three others fell in neighbourhoods": others of the munitions already counted
        for token in sent:
            if token.lower_ in ("others", "other") and token.dep_ in ("nsubj", "nsubjpass") and \
                    token.head.lemma_.lower() in _MUNITION_VERBS:
                figure = _figure_of(token, phrases, sent, cas)
                if figure is not None and figure[0].best:
                    figures.append(_Figure("munitions", figure[0], figure[1], figure[2], None,
                                           munition_weapon, frozenset({token.i}), other=True,
                                           anchor=token.i))

    # 3. surface figures the parse missed: "2 dead, 3 injured", "three others wounded"
    figures.extend(_surface(sent, phrases, figures, cas))

    # 4. no casualties
    figures.extend(_zeros(sent, cas, figures))

    return _finish(sent, figures, cas)


def _explicit_one(text: str) -> bool:
    return text.strip().lower() in ("one", "1", "a single", "single") or "least" in text.lower()


def _munition_event(holder, noun) -> bool:
    """Is the munition figure about munitions used, not owned or withdrawn?"""
    for node in (holder, noun):
        head = node.head
        if node.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            verb = head if head.pos_ in ("VERB", "AUX") else head.head
            if verb.lemma_.lower() in _MUNITION_VERBS or verb.lemma_.lower() in \
                    _casualties().words["munition_use"]:
                return True
            if node.dep_ == "pobj" and head.lower_ in ("with", "by"):
                return True
    return False


def _plausible_person(victim, cas: _Casualties) -> bool:
    """Shot/stabbed/beaten applies to people, not to houses and cars."""
    victim = _resolve(victim)
    if _age_nominal(victim):
        return True
    if victim.pos_ in ("NUM", "PRON") or victim.like_num:
        return victim.lower_ not in ("it", "that", "which", "this")
    if victim.ent_type_ in ("PERSON", "NORP"):
        return True
    lemma = victim.lemma_.lower()
    if lemma in cas.victims or victim.lower_ in _OTHER:
        return True
    for pobj in _events.pobjs(victim, "of"):
        return _plausible_person(pobj, cas)
    return victim.pos_ == "PROPN" and victim.ent_type_ not in _NOT_PEOPLE


_SURFACE_WORDS = _casualties().valued["surface"]
_SINGULAR_GAP = frozenset({"was", "is", "has", "been", "also"}) | frozenset(
    word for word, kind in _casualties().valued["gap"].items() if kind == "adverb")
_SURFACE_SKIP = frozenset({"both", "all", "others", "other", "more", "were", "are", "was", "is",
                           "have", "has", "been", "had", "later", "also", "of", "them", "being",
                           "now"}) | frozenset(_casualties().valued["gap"])


def _surface(sent, phrases, figures: list[_Figure], cas: _Casualties) -> list[_Figure]:
    """Figures the parse missed, read off the word order: a figure or a singular victim noun
    followed closely by a casualty word ("2 dead, 3 injured", "three others wounded",
    "Teenager Shot In Duquesne", "3-year-old shot to death"). Headlines are the usual case."""
    covered = [(f.start, f.end) for f in figures]
    taken = {i for f in figures for i in f.victims}
    out: list[_Figure] = []
    doc = sent.doc
    starts: list[tuple[int, int, Count, object]] = []
    for start, end, text in phrases:
        if any(s <= start < e or start <= s < end for s, e in covered):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        anchor = span[-1]
        if _excluded(anchor, (start, end, text)):
            continue
        if span[0].i > sent.start and doc[span[0].i - 1].lower_ in ("no", "not", "none", "without"):
            continue
        count = parse_quantity(text)
        if count is None or count.best is None:
            continue
        starts.append((start, end, count, anchor))
    for token in sent:
        # a singular victim noun: "Teenager Shot", "Man dies", "3-year-old shot to death"
        if token.i in taken or any(s <= token.idx < e for s, e in covered):
            continue
        lemma = token.lemma_.lower()
        singular = token.tag_ in ("NN", "NNP") and (lemma in cas.victims or token.lower_ in
                                                     cas.victims) and cas.victims.get(
            lemma, cas.victims.get(token.lower_)) != "soldiers"
        if singular or _age_nominal(token, strict=False):
            if token.i > sent.start and doc[token.i - 1].lower_ in ("no", "every", "each", "any"):
                continue
            bounds = _np_bounds(token)
            words = _events.doc_text(doc)[bounds[0]:bounds[1]]
            starts.append((bounds[0], bounds[1], Count.exact(1, words), token))
    for start, end, count, anchor in starts:
        field = None
        category = _category(anchor, cas) if anchor.pos_ != "NUM" else None
        other = False
        follower = anchor
        for follower in doc[anchor.i + 1: min(anchor.i + 5, sent.end)]:
            lower = follower.lower_
            if lower in _SURFACE_WORDS:
                field = _SURFACE_WORDS[lower]
                break
            if count.best == 1 and anchor.pos_ != "NUM" and lower not in _SINGULAR_GAP:
                break                     # a singular noun must be followed at once
            if lower in _SURFACE_SKIP or follower.lemma_.lower() in cas.victims or \
                    follower.pos_ == "ADJ":
                if follower.lemma_.lower() in cas.victims:
                    category = cas.victims[follower.lemma_.lower()]
                other = other or lower in _OTHER
                continue
            break
        if field is None:
            continue
        if any(c.dep_ in ("dobj", "obj") for c in follower.children):
            continue                      # "the gunman killed seven people": the agent
        if field == "hit":
            window = _events.span_text(doc[follower.i + 1: min(follower.i + 4, sent.end)]).lower()
            before_word = doc[follower.i - 1].lower_ if follower.i > sent.start else ""
            if window.startswith(("dead", "to death")) or before_word in cas.fatal or \
                    re.match(r"\W*(?:and|,) (?:killed|died)", window):
                field = "killed"
            elif re.match(r"\W*and (?:wounded|injured|hurt)", window) or \
                    before_word in cas.nonfatal:
                field = "wounded"
        if not _modality_ok(anchor.head if anchor.head.i != anchor.i else anchor):
            continue
        out.append(_Figure(field, count, start, end, category, None, frozenset({anchor.i}),
                           other=other, anchor=anchor.i))
    return out


# Words naming one side of a fight: a zero told of it says nothing of the others.
_SIDES = _casualties().words["side"]


def _zeros(sent, cas: _Casualties, figures: list[_Figure]) -> list[_Figure]:
    """"no casualties", "no one was hurt", "no injuries were reported", "did not cause any
    casualties": zero figures. Qualified ones ("no other injuries", "no one else") are skipped."""
    out: list[_Figure] = []
    for token in sent:
        lemma = token.lemma_.lower()
        fields = cas.zero.get(lemma) or cas.zero.get(token.lower_)
        if not fields:
            continue
        negation = None
        if token.pos_ in ("NOUN", "PROPN"):
            dets = [c for c in token.children if c.dep_ == "det"]
            if any(d.lower_ == "no" for d in dets):
                negation = next(d for d in dets if d.lower_ == "no")
            elif token.dep_ == "conj":     # "no damage or casualties"
                first = token.head
                while first.dep_ == "conj":
                    first = first.head
                if any(c.dep_ == "det" and c.lower_ == "no" for c in first.children):
                    negation = first
            if negation is None and any(d.lower_ == "any" for d in dets):
                verb = token.head if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else None
                if verb is not None and any(c.dep_ == "neg" for c in verb.children):
                    negation = next(c for c in verb.children if c.dep_ == "neg")
            if token.dep_ == "pobj" and token.head.lower_ == "without":
                negation = token.head
            qualified = any(c.lower_ in _OTHER or c.lemma_.lower() in cas.words["qualifier"]
                            for c in token.children if c.dep_ in ("amod", "det", "advmod"))
            # "no Israeli injuries", "no civilian casualties": one side's, not the toll
            qualified = qualified or any(
                c.ent_type_ == "NORP" or c.lemma_.lower() in _SIDES
                for c in token.children if c.dep_ in ("amod", "compound", "nmod"))
            if qualified:
                continue
        elif token.pos_ in ("VERB", "AUX", "ADJ"):
            subject = None
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    subject = child
            if subject is None and token.dep_ in ("acomp", "attr"):
                subject = _subject(token.head)
            if subject is None:
                continue
            if _nobody(subject):
                if any(c.lower_ in ("else",) for c in subject.children) or \
                        any(c.lower_ == "else" for c in subject.rights):
                    continue
                if subject.lower_ == "none" and any(p.lower_ in _OTHER
                                                     for p in _events.pobjs(subject, "of")):
                    continue
                negation = subject
        if negation is None:
            continue
        first = min(negation, token, key=lambda t: t.i)
        first_start = _np_bounds(first)[0] if first.pos_ in ("NOUN", "PRON", "NUM") else first.idx
        start = min(first_start, negation.idx, token.idx)
        end = max(negation.idx + len(negation), token.idx + len(token))
        text = _events.doc_text(sent.doc)[start:end]
        for field in fields:
            if any(f.field == field and f.start == start for f in out):
                continue
            out.append(_Figure(field, Count.exact(0, text), start, end, None, None,
                               frozenset({token.i}), anchor=token.i))
    return out


def _stated_total(sent, figure: _Figure) -> bool:
    """A figure told as a toll or total ("the death toll ... rose to 24")."""
    anchor = sent.doc[figure.anchor] if 0 <= figure.anchor < len(sent.doc) else None
    return anchor is not None and _told_as_toll(anchor)


def _finish(sent, figures: list[_Figure], cas: _Casualties) -> list[CountFinding]:
    """Resolve hits, drop parts of stated totals, add disjoint parts, deduplicate."""
    figures.sort(key=lambda f: (f.start, f.anchor))
    # parts after "including" / "among them" are inside an earlier total of their field
    including = [t.i for t in sent if t.lower_ in ("including", "among")]
    if including:
        kept = []
        for figure in figures:
            cut = next((i for i in including if i < figure.anchor), None)
            if cut is not None and any(f.field == figure.field and f.anchor < cut and
                                       f is not figure for f in figures):
                continue
            kept.append(figure)
        figures = kept
    # "he" / "she" with one other singular victim in the sentence is that victim ("the girl was
    # shot and she is still in the hospital", "he was taken to a hospital, where he died")
    for figure in figures:
        if figure.pronoun and figure.count.best == 1:
            others = [f for f in figures if f is not figure and not f.pronoun and f.count.best == 1
                      and f.count.high == 1 and f.field in ("killed", "wounded", "hit")]
            if len(others) == 1:
                figure.victims = others[0].victims
            elif not others:
                pronouns = [f for f in figures if f.pronoun and f.count.best == 1 and
                            f.field in ("killed", "wounded", "hit")]
                for f in pronouns:
                    f.victims = pronouns[0].victims
    # the same victims seen twice (hospital + wounded, shot + killed) keep the strongest word
    rank = {"killed": 3, "wounded": 2, "hit": 1}
    by_victims: dict[frozenset[int], _Figure] = {}
    ordered: list[_Figure] = []
    for figure in figures:
        twin = next((f for v, f in by_victims.items() if v & figure.victims
                     and f.field in rank and figure.field in rank and f.count.best
                     and figure.count.best), None)
        if twin is not None:
            if rank[figure.field] > rank[twin.field]:
                ordered[ordered.index(twin)] = figure
                by_victims = {k: (figure if f is twin else f) for k, f in by_victims.items()}
                by_victims[figure.victims] = figure
            continue
        by_victims[figure.victims] = figure
        ordered.append(figure)
    figures = ordered
    # victims of one field in different clauses of the sentence, each introduced as someone new,
    # are different people: "a girl was shot in the foot, a boy in the leg and a woman in the leg"
    for i, figure in enumerate(figures):
        if figure.other or not figure.indefinite or figure.predicate < 0 or not figure.count.best:
            continue
        if any(f.field == figure.field and f.predicate >= 0 and f.predicate != figure.predicate
               and f.indefinite and f.count.best and not (f.victims & figure.victims)
               and not _same_words(f.count.text, figure.count.text) for f in figures[:i]):
            figure.other = True
    # "three missiles landed ..., while two other rockets hit ...": disjoint parts add up
    merged: list[_Figure] = []
    for figure in figures:
        previous = merged[-1] if merged and merged[-1].field == figure.field else None
        if figure.other and previous is not None and _stated_total(sent, previous):
            # "the toll rose to 24 after three more died": the total holds its increments
            continue
        if figure.other and previous is not None and figure.count.best:
            count = _add(previous.count, figure.count)
            merged[merged.index(previous)] = _Figure(
                previous.field, count, previous.start, figure.end,
                previous.category if previous.category == figure.category else None,
                previous.weapon or figure.weapon, previous.victims | figure.victims,
                anchor=previous.anchor, future=previous.future or figure.future)
            continue
        merged.append(figure)
    figures = merged
    # shot / stabbed: hit minus those the sentence says died are wounded
    killed = [f for f in figures if f.field == "killed" and f.count.best]
    subset = _SUBSET.search(_events.span_text(sent))
    out: list[CountFinding] = []
    extra: list[_Figure] = []
    for figure in figures:
        if figure.field != "hit":
            continue
        # "one person killed, three others shot": the others are not among the dead, and the
        # sentence sets them against the dead, so they are the ones who lived
        if figure.other and killed:
            figure.field = "wounded"
            continue
        dead = max((f.count.best or 0 for f in killed), default=0)
        if subset is not None:
            n = parse_quantity(subset.group("n"))
            if n is not None and n.best is not None and \
                    _casualties().valued["subset_adverb"][subset.group("adv").lower()] == "killed":
                dead = max(dead, n.best)
                s, e = sent.start_char + subset.start(), sent.start_char + subset.end()
                if not killed:
                    extra.append(_Figure("killed", Count.exact(n.best, subset.group(0)), s, e,
                                         None, None, frozenset(), anchor=-1))
        hit = figure.count
        if dead:
            low = None if hit.low is None else max(hit.low - dead, 0)
            high = None if hit.high is None else max(hit.high - dead, 0)
            best = max((hit.best or 0) - dead, 0)
            if best == 0 and (high == 0 or high is None and hit.low is not None and
                              hit.low <= dead):
                figure.field = "drop"
                continue
            figure.count = Count(low=low, best=best, high=high, text=hit.text)
        else:
            figure.count = Count(low=0, best=hit.best, high=hit.high, text=hit.text)
        figure.field = "wounded"
    figures = [f for f in figures + extra if f.field in FIELDS]
    figures.sort(key=lambda f: (f.start, f.field))
    seen: set[tuple] = set()
    doc_text = _events.doc_text(sent.doc)
    for f in figures:
        key = (f.field, f.start, f.end, f.count.best)
        if key in seen:
            continue
        seen.add(key)
        text = f.count.text or doc_text[f.start:f.end]
        count = Count(low=f.count.low, best=f.count.best, high=f.count.high,
                      reported=True, text=text)
        out.append(CountFinding(f.field, count, f.start, f.end, f.category, f.weapon,
                                Modality.FUTURE if f.future else Modality.ASSERTED))
    return out


def _same_words(a: str, b: str) -> bool:
    """"Dr. David Gunn" and "Gunn", "A woman" and "a woman": one referent named twice."""
    ignore = {"a", "an", "the", "year", "years", "old", "month", "months", "week", "day"}
    wa = {w for w in re.findall(r"[a-z]+", a.lower()) if w not in ignore}
    wb = {w for w in re.findall(r"[a-z]+", b.lower()) if w not in ignore}
    return bool(wa & wb)


def _add(a: Count, b: Count) -> Count:
    low = None if a.low is None or b.low is None else a.low + b.low
    high = None if a.high is None or b.high is None else a.high + b.high
    best = (a.best or 0) + (b.best or 0)
    return Count(low=low, best=best, high=high, text=f"{a.text} + {b.text}")
