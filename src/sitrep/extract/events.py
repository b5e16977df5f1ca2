"""Event triggers: which words of a sentence report a violent event, of what ACLED type, how.

One sentence (a spaCy ``Span``) in, a list of ``EventTrigger`` out. A trigger is a verb or noun of
violence ("opened fire", "airstrike", "was kidnapped") or a munition doing something ("rockets hit",
"missiles were launched"). For each trigger the module decides:

* the ACLED ``event_type`` / ``sub_event_type``: from the word itself ("airstrike" is an
  Air/drone strike), else from the strongest weapon near it (rank in ``weapons.tsv``: a rocket
  makes an attack a Shelling/artillery/missile attack, an IED a Remote explosive/landmine/IED,
  "suicide" a Suicide bomb), else from the target (an attack on soldiers, police posts or
  militants is a Battles/Armed clash, on anyone else Violence against civilians/Attack);
* the ``modality``: from the dependency parse and the cue words of ``modality.tsv`` (negation,
  denial, modal auxiliaries, conditionals, threats and plans, aggregates and habits);
* the ``weapon`` class and a ``confidence``.

What it does not do: it does not group triggers into incidents, count victims (``counts``), or read
dates, places and actors; and it never looks beyond the sentence. Words with non-violent senses
("shot a video", "heart attack", "fired the coach", "exploded in popularity") are checked against
``event_guards.tsv`` before they count.

All vocabulary lives in ``sitrep/data/en/*.tsv``; the files are read on first use, not on import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable

from ..data import read_table, read_words, vocabulary
from ..errors import DataFileError
from ..records import SUB_EVENT_FAMILIES, SUB_EVENT_TYPES, Modality, sub_types_related

__all__ = ["EventTrigger", "find_events", "has_event_vocabulary", "clause_modality",
           "SUB_EVENT_TYPES", "SUB_EVENT_FAMILIES", "sub_types_related", "is_headline"]

EXTRACTOR = "sitrep.extract.events.v1"


@dataclass(frozen=True, slots=True)
class EventTrigger:
    """One word or phrase reporting a violent event. Offsets index ``sent.doc.text``."""

    start: int
    end: int
    text: str
    event_type: str
    sub_event_type: str
    modality: Modality
    weapon: str | None
    confidence: float


def _words(pattern: str) -> tuple[str, ...]:
    """Pattern words as matched: spaces and hyphens both separate words ("car-bomb" = car bomb)."""
    return tuple(w for w in re.split(r"[\s\-]+", pattern.lower()) if w)


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]
    pos: str
    event_type: str
    sub_event_type: str
    overridable: bool
    weapon: str | None
    confidence: float
    sense: str


@dataclass(frozen=True, slots=True)
class _Weapon:
    words: tuple[str, ...]
    weapon: str
    munition: str | None
    sub_event_type: str | None
    rank: int


_PARTICLES = frozenset({"up", "down", "off", "out", "away", "back"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    triggers: dict[str, tuple[_Entry, ...]]       # first word -> entries, longest first
    guards: dict[tuple[str, str], frozenset[str]]  # (trigger lemma, relation) -> words
    weapons: dict[str, tuple[_Weapon, ...]]        # first word -> weapons, longest first
    class_rank: dict[str, int]                      # weapon class -> highest rank
    class_sub: dict[str, str | None]                # weapon class -> sub-event type
    modality: dict[str, dict[str, Modality]]        # role -> cue -> modality
    armed: frozenset[str]                           # armed actors (soldiers, police, militants)
    civilian_vehicles: frozenset[str]               # a bus, a taxi: the people in them
    people: frozenset[str]                          # nouns for people
    crowds: dict[str, str]                          # crowd noun -> riot sub-event type
    protesters: frozenset[str]                      # crowd nouns for people demonstrating
    vocabulary: re.Pattern[str]


@cache
def _lexicon() -> _Lexicon:
    triggers: dict[str, list[_Entry]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for line, row in read_table("en/event_triggers.tsv", ("pattern", "pos", "event_type",
                                                        "sub_event_type", "weapon", "confidence",
                                                        "sense")):
        words = _words(row["pattern"])
        sub = row["sub_event_type"]
        overridable = sub.startswith("~")
        sub = sub.lstrip("~")
        if SUB_EVENT_TYPES.get(sub) != row["event_type"]:
            raise DataFileError(f"'{row['event_type']}' / '{sub}' is not an ACLED violent type and "
                                "sub-type pair; see SUB_EVENT_TYPES",
                                path="sitrep/data/en/event_triggers.tsv", line=line)
        key = (words, row["pos"])
        if key in seen:
            raise DataFileError(f"'{row['pattern']}' ({row['pos']}) is listed twice; keep one",
                                path="sitrep/data/en/event_triggers.tsv", line=line)
        seen.add(key)
        entry = _Entry(words, row["pos"], row["event_type"], sub, overridable,
                       None if row["weapon"] == "-" else row["weapon"], float(row["confidence"]),
                       row["sense"])
        triggers.setdefault(words[0], []).append(entry)

    guards: dict[tuple[str, str], frozenset[str]] = {}
    for line, row in read_table("en/event_guards.tsv", ("trigger", "relation", "words")):
        key = (row["trigger"], row["relation"])
        if key in guards:
            raise DataFileError(f"guard {key} is listed twice; merge the word lists",
                                path="sitrep/data/en/event_guards.tsv", line=line)
        guards[key] = frozenset(w.strip() for w in row["words"].split(",") if w.strip())

    weapons: dict[str, list[_Weapon]] = {}
    class_rank: dict[str, int] = {}
    class_sub: dict[str, str | None] = {}
    seen_terms: set[tuple[str, ...]] = set()
    for line, row in read_table("en/weapons.tsv", ("term", "weapon", "munition", "sub_event_type",
                                                 "rank")):
        words = _words(row["term"])
        if words in seen_terms:
            raise DataFileError(f"'{row['term']}' is listed twice; keep one",
                                path="sitrep/data/en/weapons.tsv", line=line)
        seen_terms.add(words)
        sub = None if row["sub_event_type"] == "-" else row["sub_event_type"]
        if sub is not None and sub not in SUB_EVENT_TYPES:
            raise DataFileError(f"'{sub}' is not an ACLED violent sub-event type",
                                path="sitrep/data/en/weapons.tsv", line=line)
        weapon = _Weapon(words, row["weapon"], None if row["munition"] == "-" else row["munition"],
                         sub, int(row["rank"]))
        weapons.setdefault(words[0], []).append(weapon)
        if weapon.rank >= class_rank.get(weapon.weapon, -1):
            class_rank[weapon.weapon] = weapon.rank
            class_sub[weapon.weapon] = sub

    modality: dict[str, dict[str, Modality]] = {}
    for line, row in read_table("en/modality.tsv", ("cue", "role", "modality")):
        try:
            value = Modality(row["modality"])
        except ValueError as exc:
            raise DataFileError(f"'{row['modality']}' is not a Modality value",
                                path="sitrep/data/en/modality.tsv", line=line) from exc
        table = modality.setdefault(row["role"], {})
        if row["cue"] in table:
            raise DataFileError(f"cue '{row['cue']}' ({row['role']}) is listed twice",
                                path="sitrep/data/en/modality.tsv", line=line)
        table[row["cue"]] = value

    armed: set[str] = set()
    people: set[str] = set()
    civilian_vehicles: set[str] = set()
    for _, row in read_table("en/casualties.tsv", ("term", "kind", "value")):
        if row["kind"] == "vehicle" and row["value"] == "civilian":
            civilian_vehicles.add(row["term"])
        if row["kind"] == "victim":
            people.add(row["term"])
            if row["value"] in ("soldiers", "police", "militants"):
                armed.add(row["term"])

    crowds: dict[str, str] = {}
    protesters: set[str] = set()
    crowd_subs = {"demonstration": "Violent demonstration", "rioter": "Violent demonstration",
                  "mob": "Mob violence"}
    for line, row in read_table("en/crowds.tsv", ("term", "kind")):
        if row["kind"] not in crowd_subs:
            raise DataFileError(f"unknown crowd kind '{row['kind']}'", path="sitrep/data/en/crowds.tsv",
                                line=line)
        crowds[row["term"].lower()] = crowd_subs[row["kind"]]
        if row["kind"] == "demonstration":
            protesters.add(row["term"].lower())

    return _Lexicon(
        triggers={k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in triggers.items()},
        guards=guards,
        weapons={k: tuple(sorted(v, key=lambda w: -len(w.words))) for k, v in weapons.items()},
        class_rank=class_rank,
        class_sub=class_sub,
        modality=modality,
        armed=frozenset(armed),
        people=frozenset(people),
        civilian_vehicles=frozenset(civilian_vehicles),
        crowds=crowds,
        protesters=frozenset(protesters),
        vocabulary=_vocabulary_regex(triggers, weapons),
    )


EVENT_WORDS = "en/event_words.tsv"
_EVENT_WORD_KINDS = ("stem", "violence", "armed_modifier", "munition_subject", "munition_object",
                     "counted", "incident", "whole_incident")


@cache
def _event_words() -> dict[str, frozenset[str]]:
    """``en/event_words.tsv`` by kind."""
    return {kind: frozenset(words)
            for kind, words in read_words(EVENT_WORDS, _EVENT_WORD_KINDS).items()}


# Inflected and derived forms a lemma prefix does not reach (the pre-filter matches prefixes),
# and casualty words, which make a sentence worth parsing for counts.
_IRREGULAR = _event_words()["stem"]


def _salient(words: tuple[str, ...], singles: set[str]) -> str:
    """The word of a pattern to look for in raw text: one that is a trigger or weapon on its own
    ("car bomb" -> bomb), else the longest word that is not a particle ("suicide vest" ->
    suicide)."""
    for word in sorted(words, key=len, reverse=True):
        if word in singles:
            return word
    content = [w for w in words if w not in _PARTICLES and w.isalpha()]
    return max(reversed(content), key=len) if content else words[0]


def _vocabulary_regex(triggers: dict[str, list[_Entry]], weapons: dict[str, list[_Weapon]]
                      ) -> re.Pattern[str]:
    entries = [e for group in triggers.values() for e in group if e.sense != "munition"]
    terms = [w for group in weapons.values() for w in group]
    singles = {e.words[0] for e in entries if len(e.words) == 1}
    singles |= {w.words[0] for w in terms if len(w.words) == 1}
    stems: set[str] = set(_IRREGULAR)
    for words in [e.words for e in entries] + [w.words for w in terms]:
        word = _salient(words, singles)
        stems.add(word[:-1] if word.endswith("e") and len(word) > 5 else word)
    # Short stems would match half the dictionary; they must be whole words (or plurals).
    long_stems = [s.lower() for s in stems if len(s) >= 4]
    short = [s.lower() for s in stems if len(s) < 4]
    pattern = rf"\b(?:{_trie_regex(long_stems)}|{_trie_regex(short)}s?\b)"
    return re.compile(pattern, re.IGNORECASE)


def _trie_regex(words: list[str]) -> str:
    """One regex for many words, as a trie ("shell|shelling|shot" -> "sh(?:ell(?:ing)?|ot)"), so
    matching tries each prefix once instead of every alternative: the pre-filter runs on every
    sentence and must stay in the microseconds."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node and len(node) == 1:
            return ""
        ends = "" in node
        parts = [(r"\s+" if char == " " else re.escape(char)) + build(child)
                 for char, child in sorted(node.items()) if char]
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def has_event_vocabulary(text: str) -> bool:
    """Does ``text`` contain a word that may report violence or casualties?

    A cheap pre-filter on raw text so that only candidate sentences are parsed: one compiled regex
    of trigger, weapon and casualty word prefixes, built from the data files. It is meant to say
    yes too often rather than miss a sentence; ``find_events`` makes the real decision.
    """
    return _lexicon().vocabulary.search(text) is not None


# ----------------------------------------------------------------------------- token helpers

_TEXT_CACHE: list = [None, ""]


def doc_text(doc) -> str:
    """``doc.text``, computed once per document: spaCy joins every token on each access, which
    made sentence-level helpers quadratic on long articles."""
    if _TEXT_CACHE[0] is not doc:
        _TEXT_CACHE[0], _TEXT_CACHE[1] = doc, doc.text
    return _TEXT_CACHE[1]


def span_text(span) -> str:
    return doc_text(span.doc)[span.start_char:span.end_char]

_HYPHENS = frozenset({"-", "–", "‐"})


def _key(token) -> tuple[str, ...]:
    """The forms a token may match a pattern word by: its lemma, its text, and the text with a
    regular inflection removed (the statistical lemmatizer reads "raped" as "rap")."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    if len(lower) > 4:
        if lower.endswith("ed"):
            forms += [lower[:-1], lower[:-2]]
        elif lower.endswith("ing"):
            forms += [lower[:-3], lower[:-3] + "e"]
        elif lower.endswith("s"):
            forms.append(lower[:-1])
    return tuple(forms)


def _content_tokens(sent) -> list:
    return [t for t in sent if t.text not in _HYPHENS]


def _match_at(tokens: list, i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens):
        return False
    return all(w in _key(tokens[i + k]) for k, w in enumerate(words))


def weapon_at(tokens: list, i: int) -> tuple[_Weapon, int] | None:
    """The weapon term starting at ``tokens[i]`` (longest match) and its length in tokens."""
    lex = _lexicon()
    for key in set(_key(tokens[i])):
        for weapon in lex.weapons.get(key, ()):
            if _match_at(tokens, i, weapon.words):
                return weapon, len(weapon.words)
    return None


def weapons_in(sent) -> dict[int, _Weapon]:
    """Weapon terms of a sentence, keyed by the doc index of their last token (the head)."""
    lex = _lexicon()
    tokens = _content_tokens(sent)
    found: dict[int, _Weapon] = {}
    i = 0
    while i < len(tokens):
        hit = weapon_at(tokens, i)
        if hit is None:
            i += 1
            continue
        weapon, length = hit
        head = tokens[i + length - 1]
        if not _weapon_guarded(head, tokens[i], lex):
            found[head.i] = weapon
        i += length
    return found


def _weapon_guarded(head, first, lex: _Lexicon) -> bool:
    """"missile defense system", "gun violence", "tear gas": a weapon word naming no use of it."""
    if head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
        if head.head.lemma_.lower() in lex.guards.get(("@weapon", "head"), frozenset()):
            return True
    previous = first.nbor(-1) if first.i > first.sent.start else None
    if previous is not None and previous.lower_ in lex.guards.get(("@weapon", "modifier"),
                                                                  frozenset()):
        return True
    return False


def _is_plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def _children(token, *deps: str) -> Iterable:
    return (c for c in token.children if c.dep_ in deps)


def pobjs(token, *preps: str) -> Iterable:
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and (not preps or prep.lower_ in preps):
            yield from (c for c in prep.children if c.dep_ == "pobj")


def _expand_quantifier(noun):
    """"dozens of rockets", "a volley of rockets" -> rockets; other nouns unchanged."""
    for pobj in pobjs(noun, "of"):
        return pobj
    return noun


def _conjuncts(token) -> list:
    return [token, *token.conjuncts]


# ----------------------------------------------------------------------------- sense checks


def _guard(lex: _Lexicon, lemma: str, relation: str) -> frozenset[str]:
    return lex.guards.get((lemma, relation), frozenset())


def _context_has(sent, words: frozenset[str]) -> bool:
    if not words:
        return False
    lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    text = span_text(sent).lower()
    return any((w in lemmas) if " " not in w else (w in text) for w in words)


def _modifiers(token) -> list:
    mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")]
    if token.i > token.sent.start:
        prev = token.nbor(-1)
        if prev.text in _HYPHENS and prev.i > token.sent.start:
            prev = prev.nbor(-1)
        if prev not in mods:
            mods.append(prev)
    return mods


def _object(token):
    for child in token.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    return None


def _subjects(token) -> list:
    return [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]


def _is_person(token, lex: _Lexicon) -> bool:
    if token.ent_type_ in ("PERSON", "NORP"):
        return True
    if token.pos_ == "PRON" and token.lower_ not in ("it", "that", "which", "this", "what"):
        return True
    return token.lemma_.lower() in lex.people or token.pos_ == "NUM"


def _violence_context(sent, lex: _Lexicon, weapons: dict[int, _Weapon]) -> bool:
    if weapons:
        return True
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma in lex.armed or lemma in _CASUALTY_WORDS:
            return True
    return False


_CASUALTY_WORDS = _event_words()["violence"]


def _sense_ok(entry: _Entry, head, sent, lex: _Lexicon, weapons: dict[int, _Weapon]
              ) -> tuple[bool, float]:
    """Accept or refuse a trigger word in its sentence; returns (accepted, confidence factor)."""
    lemma = entry.words[0] if len(entry.words) == 1 else head.lemma_.lower()
    mods = {m.lemma_.lower() for m in _modifiers(head)} | {m.lower_ for m in _modifiers(head)}
    if mods & _guard(lex, lemma, "modifier"):
        return False, 0.0
    if head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
        if head.head.lemma_.lower() in _guard(lex, lemma, "head"):
            return False, 0.0
    obj = _object(head)

    def guarded(o) -> bool:
        return o.lemma_.lower() in _guard(lex, lemma, "object") or any(
            m.lower_ in _guard(lex, lemma, "object_modifier") for m in _modifiers(o))
    if obj is not None and guarded(obj):
        # ... unless a conjoined object is not: "fired tear gas and live rounds"
        others = [c for c in _conjuncts(obj) if c is not obj]
        if not others or all(guarded(o) for o in others):
            return False, 0.0
        obj = next(o for o in others if not guarded(o))
    for subj in _subjects(head):
        # "a wave of missiles hit" is about the missiles; "a wave hit the coast" is not
        if subj.dep_ == "nsubj" and _expand_quantifier(subj).lemma_.lower() in _guard(lex, lemma, "subject"):
            return False, 0.0
    if any(p.lemma_.lower() in _guard(lex, lemma, "pobj") for p in pobjs(head)):
        return False, 0.0
    if any(c.lower_ in _guard(lex, lemma, "particle") for c in _children(head, "prt")):
        return False, 0.0
    if head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in _guard(lex, lemma, "governor"):
        return False, 0.0
    factor = 1.0
    if _context_has(sent, _guard(lex, lemma, "context")):
        if entry.sense == "weak":
            return False, 0.0      # "killed in a car crash": no violent event at all
        factor *= 0.35

    sense = entry.sense
    if sense == "shoot":
        if head.pos_ == "NOUN" and head.lemma_.lower() == "shot":
            # the noun: "shots were fired", "shots rang out", "a shot to the head"
            governed = head.head.lemma_.lower() in _guard(lex, "shot", "allow_governor")
            # "5 shot on the west side": a singular "shot" counted above one is the headline's
            # participle (five people shot), not the noun (that would be "five shots")
            counted = head.tag_ == "NN" and head.lower_ == "shot" and any(
                c.dep_ == "nummod" and c.like_num and c.lower_ not in ("one", "1") for c in head.children)
            # "gunmen on a motorcycle shot dead a teacher": the tagger made "a motorcycle shot"
            # a noun, but "shot dead" is only ever the verb
            verb_slip = head.i + 1 < len(head.doc) and head.nbor(1).lower_ == "dead"
            if not (_is_plural(head) or governed or counted or verb_slip
                    or any(True for _ in pobjs(head, "to"))):
                return False, 0.0
        elif head.pos_ not in ("VERB", "AUX"):
            return False, 0.0
    elif sense == "fire":
        # "fired rockets / shots / at police"; "fired the coach" is caught by the object guard
        obj = _object(head)
        at = any(True for _ in pobjs(head, "at", "on", "into", "upon", "toward", "towards"))
        if obj is not None and _weapon_of(obj, weapons) is None and obj.lemma_.lower() not in \
                _guard(lex, lemma, "allow_object"):
            if not at:
                return False, 0.0
        if obj is None and not at and not weapons:
            factor *= 0.5
    elif sense == "modified":
        allow = _guard(lex, lemma, "allow_modifier")
        weapon_mod = any(m.i in weapons for m in _modifiers(head))
        if not (mods & allow or weapon_mod):
            if lemma == "strike" and any(True for _ in pobjs(head, "on", "against")) and \
                    _violence_context(sent, lex, weapons):
                factor *= 0.8
            elif lemma == "battle" and any(True for _ in pobjs(head, "between", "with")) and \
                    _violence_context(sent, lex, weapons):
                factor *= 0.7
            elif head.dep_ == "nsubj" and head.head.lemma_.lower() in \
                    _guard(lex, "@modified", "allow_subject_of"):
                factor *= 0.8      # "the strikes killed two people": a strike that kills
            else:
                return False, 0.0
    elif sense == "person":
        patients = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        to_death = any(p.lemma_.lower() == "death" for p in pobjs(head, "to"))
        if not (to_death or any(_is_person(p, lex) for p in patients)):
            return False, 0.0
    elif sense == "context":
        if not _violence_context(sent, lex, weapons):
            factor *= 0.4
    elif sense == "explode":
        subj = next(iter(_subjects(head)), None)
        if subj is not None and _weapon_of(subj, weapons) is None and subj.lemma_.lower() not in \
                _guard(lex, lemma, "allow_subject"):
            factor *= 0.5
    elif sense == "object":
        passive = any(s.dep_ == "nsubjpass" for s in _subjects(head))
        if lemma == "bomb" and head.pos_ == "VERB" and _object(head) is None and not passive:
            return False, 0.0
    return True, factor


def _weapon_of(token, weapons: dict[int, _Weapon]) -> _Weapon | None:
    """The weapon a noun names, looking through "dozens of", "a volley of" and compounds."""
    for candidate in (token, _expand_quantifier(token)):
        if candidate.i in weapons:
            return weapons[candidate.i]
    return None


# ----------------------------------------------------------------------------- matching


def _candidates(sent, lex: _Lexicon) -> list[tuple[list, _Entry]]:
    tokens = _content_tokens(sent)
    found: list[tuple[list, _Entry]] = []
    used: set[int] = set()
    for i, token in enumerate(tokens):
        if token.i in used:
            continue
        for key in dict.fromkeys(_key(token)):
            matched = False
            for entry in lex.triggers.get(key, ()):
                if len(entry.words) == 1:
                    if entry.pos != "*" and token.pos_ != entry.pos and not (
                            entry.pos == "VERB" and token.pos_ == "AUX") and not (
                            entry.pos == "NOUN" and token.pos_ == "PROPN"):
                        continue
                    found.append(([token], entry))
                    used.add(token.i)
                    matched = True
                    break
                if _match_at(tokens, i, entry.words):
                    span = tokens[i:i + len(entry.words)]
                    if any(t.i in used for t in span):
                        continue
                    found.append((span, entry))
                    used.update(t.i for t in span)
                    matched = True
                    break
                # a verb and its particle, apart: "blew himself up", "gunned him down"
                if len(entry.words) == 2 and entry.words[1] in _PARTICLES and token.pos_ == "VERB":
                    prt = [c for c in token.children
                           if c.dep_ == "prt" and c.lower_ == entry.words[1]]
                    if prt:
                        found.append(([token, prt[0]], entry))
                        used.update((token.i, prt[0].i))
                        matched = True
                        break
                # verb + object noun apart: "took two people hostage", "opened heavy fire"
                if len(entry.words) == 2 and token.pos_ == "VERB":
                    objs = [c for c in token.children
                            if c.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "advmod", "npadvmod")
                            and entry.words[1] in _key(c)]
                    if objs:
                        found.append(([token, objs[0]], entry))
                        used.update((token.i, objs[0].i))
                        matched = True
                        break
            if matched:
                break
    return found


def _head_of(span: list):
    """The syntactic head of a matched phrase (the token whose head lies outside the phrase)."""
    ids = {t.i for t in span}
    for t in span:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return span[-1]



def _munition_participant(verb, weapons: dict[int, _Weapon], lemma: str):
    """The munition (or aircraft, drone) a munition verb is about: "rockets hit", "hit by a rocket",
    "fired rockets", "targeted with missiles". None when there is none."""
    subject_verbs = _event_words()["munition_subject"]      # "rockets hit", "a bomb went off"
    object_verbs = _event_words()["munition_object"]        # "fired rockets"
    candidates = []
    for child in verb.children:
        if child.dep_ == "nsubj" and lemma in subject_verbs:
            candidates.extend(_conjuncts(child))
        elif child.dep_ == "nsubjpass" and lemma in object_verbs:
            candidates.extend(_conjuncts(child))
        elif child.dep_ == "dobj" and lemma in object_verbs:
            candidates.extend(_conjuncts(child))
    for pobj in pobjs(verb, "by", "with"):
        candidates.extend(_conjuncts(pobj))
    for candidate in candidates:
        weapon = _weapon_of(candidate, weapons)
        if weapon is not None and weapon.weapon not in ("knife", "blunt"):
            return candidate if candidate.i in weapons else _expand_quantifier(candidate), weapon
    # a relative clause on a munition: "the rockets that hit the base"
    if verb.dep_ == "relcl" and lemma in subject_verbs:
        weapon = _weapon_of(verb.head, weapons)
        if weapon is not None and any(c.dep_ == "nsubj" for c in verb.children):
            return verb.head, weapon
    return None


# ----------------------------------------------------------------------------- weapon and type

_LOCAL_DEPS = ("compound", "amod", "nmod", "nsubj", "nsubjpass", "dobj", "poss", "appos", "conj")


def _local_weapons(head, weapons: dict[int, _Weapon]) -> list[_Weapon]:
    """Weapons syntactically attached to a trigger: its compounds, arguments, with/by/from phrases,
    the noun it modifies, and (one level down) their own compounds and of-phrases."""
    if not weapons:
        return []
    near: list = []
    frontier = [head]
    if head.dep_ in ("compound", "amod", "nmod") or head.dep_ == "pobj":
        frontier.append(head.head)
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.pos_ in ("VERB", "AUX"):
        # the verb of a trigger noun: "an attack with rockets", "attack carried out by drones"
        near.extend(pobjs(head.head, "with", "by"))
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "VERB":
        # "used chlorine gas in an attack", "fired rockets in an attack"
        verb = head.head.head
        near.extend(c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))
        near.extend(pobjs(verb, "with", "by"))
    for node in frontier:
        for child in node.children:
            if child.dep_ in _LOCAL_DEPS:
                near.append(child)
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("with", "by", "from", "of",
                                                                       "using", "in"):
                near.extend(c for c in child.children if c.dep_ == "pobj")
    found = []
    for token in near:
        for candidate in (token, _expand_quantifier(token), *token.conjuncts):
            if candidate.i in weapons:
                found.append(weapons[candidate.i])
        for grand in token.children:
            if grand.dep_ in ("compound", "amod") and grand.i in weapons:
                found.append(weapons[grand.i])
    if head.i in weapons:
        found.append(weapons[head.i])
    return found


_ARMED_MODIFIERS = _event_words()["armed_modifier"]


def _armed_modifier(noun, lex: _Lexicon) -> bool:
    """"a police station", "an army truck", "the soldiers' post": armed forces' own."""
    return any(m.lemma_.lower() in lex.armed or m.lower_ in _ARMED_MODIFIERS
               for m in noun.children if m.dep_ in ("compound", "amod", "nmod", "poss"))


def _armed(noun, lex: _Lexicon) -> bool:
    """Soldiers, police; or what is theirs: "a police station", "an army base"."""
    return noun.lemma_.lower() in lex.armed or _armed_modifier(noun, lex)


def _civilian_vehicle(noun, lex: _Lexicon) -> bool:
    """A bus, a taxi; not "a police car" or "an army truck"."""
    return noun.lemma_.lower() in lex.civilian_vehicles and not _armed_modifier(noun, lex)


def _targets(head, lex: _Lexicon) -> list:
    out = []
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            out.extend(_conjuncts(child))
    out.extend(pobjs(head, "on", "against", "at", "of", "upon", "targeting"))
    if head.pos_ == "NOUN" and head.dep_ in ("dobj", "nsubj") and head.head.pos_ == "VERB":
        out.extend(pobjs(head.head, "on", "against", "at"))
    return out


def _crowd_agent(head, lex: _Lexicon) -> str | None:
    """The riot sub-event type when a crowd does the clashing or attacking: the subject of
    the verb ("a mob attacked"), who it clashed with ("police clashed with protesters"), the
    sides of a clash noun ("clashes between protesters and police") or its possessor."""
    agents = []
    if head.pos_ == "VERB":
        verb = head
        if head.dep_ == "conj" and not _subjects(head):
            verb = head.head                   # "a mob attacked a man and beat him": its subject
        for subject in (s for s in _subjects(verb) if s.dep_ == "nsubj"):
            if subject.lower_ in ("that", "who", "which") and verb.dep_ == "relcl":
                subject = verb.head            # "a crowd that attacked the station"
            agents += _conjuncts(subject)
        agents += [c for o in pobjs(head, "with") for c in _conjuncts(o)] if head.lemma_ == "clash" else []
        agents += [c for o in pobjs(head, "by") for c in _conjuncts(o)]      # "attacked by a mob"
    else:
        agents += [c for o in pobjs(head, "between", "by", "with") for c in _conjuncts(o)]
        agents += [c for c in head.children if c.dep_ == "poss"]           # "the mob's attack"
    for agent in agents:
        sub = lex.crowds.get(agent.lemma_.lower())
        if sub is not None:
            return sub
    return None


def _classify(entry: _Entry, head, local: list[_Weapon], fallback: list[_Weapon],
              lex: _Lexicon) -> tuple[str, str, str | None]:
    """event_type, sub_event_type, weapon for one trigger. ``fallback`` weapons (in the trigger's
    subtree, or used by a munition trigger of the same sentence) count only when none is
    attached."""
    inherent = entry.weapon
    pool = list(local)
    if inherent is not None:
        pool.append(_Weapon((inherent,), inherent, None, lex.class_sub.get(inherent),
                            lex.class_rank.get(inherent, 0)))
    if not pool:
        pool = [w for w in fallback if w is not None]
    best = max(pool, key=lambda w: w.rank, default=None)
    weapon = best.weapon if best is not None else None
    sub = entry.sub_event_type
    if entry.overridable:
        # the strongest weapon of the trigger or near it decides; the sentence only as fallback
        decisive = [w for w in pool if w.sub_event_type is not None]
        top = max(decisive, key=lambda w: w.rank, default=None)
        if top is not None and top.sub_event_type is not None:
            sub = top.sub_event_type
        elif pool and SUB_EVENT_TYPES[sub] == "Explosions/Remote violence":
            sub = "Attack"        # "struck by gunfire", "bullets hit the car": direct fire
        if top is None and sub in ("Attack", "Armed clash"):
            armed_target = any(_armed(t, lex) for t in _targets(head, lex))
            civilian_target = any((_is_person(t, lex) or _civilian_vehicle(t, lex))
                                  and t.lemma_.lower() not in lex.armed for t in _targets(head, lex))
            if sub == "Attack" and armed_target:
                sub = "Armed clash"
            elif sub == "Armed clash" and civilian_target and not armed_target:
                sub = "Attack"
    if sub in ("Attack", "Armed clash"):
        crowd = _crowd_agent(head, lex)
        if crowd is not None:
            sub = crowd        # "protesters clashed with police", "a mob attacked": a riot
        elif sub == "Attack" and any(t.lemma_.lower() in lex.protesters for t in _targets(head, lex)):
            # "police shot dead three protesters": lethal force against people demonstrating
            sub = "Excessive force against protesters"
    # "blew himself up"
    if entry.words == ("blow", "up") and any(c.lower_ in ("himself", "herself", "themselves")
                                             for c in head.children):
        sub, weapon = "Suicide bomb", "suicide bomb"
    return SUB_EVENT_TYPES[sub], sub, weapon


# ----------------------------------------------------------------------------- modality

_CLAUSE_UP_FULL = ("xcomp", "conj")
_OCCURRENCE_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "oprd")
_ORDER = (Modality.DENIED, Modality.THREAT, Modality.HYPOTHETICAL, Modality.FUTURE,
          Modality.NEGATED, Modality.GENERIC)


def is_headline(sent) -> bool:
    """The sentence reads as a headline: it ends without a full stop, a question or
    exclamation mark, a closing quote or bracket."""
    text = span_text(sent).rstrip()
    return not text or text[-1] not in ".!?\"”’')»:;"


def _specific_time(sent, durations: frozenset[str]) -> bool:
    """Does the sentence name a particular time ("on Sunday", "last night"), not a period?"""
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        first = ent[0]
        governor = first.head if first.dep_ == "pobj" else first.head.head
        if first.i > sent.start and first.nbor(-1).lower_ in ("since", "for", "over", "throughout",
                                                               "during", "past", "last"):
            continue
        if governor.lower_ in ("since", "for", "over", "throughout", "during"):
            continue
        if any(t.lemma_.lower() in durations for t in ent):
            continue
        return True
    return False


def _number_value(token) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def _number_words() -> dict[str, int]:
    """The number words ``_number_value`` reads, as it always has: two to twelve, the tens to
    fifty, hundred, and the plural nouns dozens and hundreds."""
    words = {w: v for w, v in vocabulary.cardinals().items()
             if 2 <= v <= 12 or v in (20, 30, 40, 50)}
    multipliers = vocabulary.multipliers()
    words.update((w, v) for w, v in multipliers.items() if v == 100)
    words.update((w + "s", v) for w, v in multipliers.items() if v in (12, 100))
    return words


_NUMBER_WORDS = _number_words()


def _modality(head, is_event_noun: bool, munition, sent, lex: _Lexicon) -> Modality:
    cues = lex.modality
    found: set[Modality] = set()
    durations = frozenset(cues.get("period", {}))

    def cue(role: str, word: str) -> Modality | None:
        return cues.get(role, {}).get(word)

    verb = head
    generic_only = False
    if head.pos_ in ("NOUN", "PROPN") or (head.pos_ != "VERB" and head.dep_ not in ("ROOT",)
                                          and head.tag_.startswith("NN")):
        # --- cues on the noun itself
        for child in head.children:
            lemma = child.lemma_.lower()
            if child.dep_ == "det" and child.lower_ == "no":
                found.add(Modality.NEGATED)
            if child.dep_ in ("amod", "compound", "nmod") and (m := cue("modifier", lemma)):
                found.add(m)
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
            governor = head.head.head
            m = cue("noun", governor.lemma_.lower())
            if m is not None and not (m == Modality.GENERIC and not is_event_noun):
                found.add(m)
        if is_event_noun and _is_plural(head):
            dets = [c for c in head.children if c.dep_ in ("det", "amod", "nummod", "poss",
                                                            "predet", "quantmod")]
            if any(cue("plural", c.lemma_.lower()) or cue("plural", c.lower_) for c in dets):
                found.add(Modality.GENERIC)
            elif any(c.dep_ == "nummod" and (_number_value(c) or 0) >= 10 for c in dets):
                found.add(Modality.GENERIC)
            elif _several_incidents(head, cues):
                found.add(Modality.GENERIC)     # "four overnight shootings", "shootings across the city"
        if _in_several_incidents(head, cues):
            found.add(Modality.GENERIC)         # a noun trigger: "18 shot in separate attacks"
        # --- climb to the verb the noun is an argument of
        if head.dep_ in _OCCURRENCE_DEPS and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
        elif head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent") and \
                head.head.head.pos_ in ("VERB", "AUX"):
            # "killed in an attack", "may have led to the shooting": the event in the phrase is
            # presupposed, so only aggregate cues of that clause apply, not its mood
            verb = head.head.head
            generic_only = True
        if is_event_noun and _is_plural(head) and Modality.GENERIC not in found:
            # a bare plural ("launching attacks against its forces") is an aggregate unless a
            # past-tense clause or a particular time pins it down ("clashes erupted on Monday")
            bare = not any(c.dep_ in ("det", "nummod", "poss", "predet") for c in head.children)
            if bare and not is_headline(sent) and not _specific_time(sent, durations) and not (
                    verb is not None and _past(verb)):
                found.add(Modality.GENERIC)
        if verb is not None and not generic_only and \
                verb.lemma_.lower() in cues.get("occurrence", {}):
            if any(c.dep_ == "neg" for c in verb.children):
                found.add(Modality.NEGATED)
        if is_event_noun and _is_plural(head) and head.dep_ == "nsubj" and verb is not None \
                and (m := cue("trend", verb.lemma_.lower())):
            found.add(m)                        # "attacks on security forces have increased"
    else:
        for child in head.children:
            if child.dep_ == "neg":
                found.add(Modality.NEGATED)
            if child.dep_ in ("nsubj", "nsubjpass"):
                if cue("subject", child.lower_) or (
                        child.lower_ in ("one", "body") and any(d.lower_ == "no"
                                                                for d in child.children)):
                    found.add(Modality.NEGATED)
                if child.dep_ == "nsubj" and (m := cue("process", child.lemma_.lower())):
                    found.add(m)                # "the conflict has killed more than 6,000"
        # present simple in a relative clause describes a habit ("militias that attack diplomatic
        # facilities"); in a main clause it is usually a headline or a quote about the event
        if head.tag_ in ("VBZ", "VBP") and head.dep_ == "relcl" and not any(
                c.dep_ in ("aux", "auxpass") for c in head.children):
            found.add(Modality.GENERIC)
        if _perfect(head) and _so_far(head, durations):
            # "214 Maoists have been killed in encounters this year": a running total
            found.add(Modality.GENERIC)
        if _perfect(head) and _since_a_start(head):
            # "more than 175 people have been killed and 60,000 displaced since violence broke
            # out": a running total since a start, wherever the parser hangs the "since"
            found.add(Modality.GENERIC)

    # --- aggregates: a vague large quantity of munitions with the perfect aspect
    if munition is not None and verb is not None:
        quantity = None
        node = munition
        for _ in range(3):    # "dozens of rockets": rockets -> of -> dozens
            vague = cues.get("quantity", {})
            if node.lemma_.lower() in vague or any(
                    c.dep_ in ("nummod", "amod", "quantmod") and c.lower_ in vague
                    for c in node.children):
                quantity = node
                break
            if node.dep_ not in ("pobj", "prep") or node.head.i == node.i:
                break
            node = node.head
        if quantity is not None and _perfect(verb):
            found.add(Modality.GENERIC)

    # --- climb the clause chain
    node = verb
    steps = 0
    while node is not None and steps < 8:
        steps += 1
        lemma = node.lemma_.lower()
        # a governor verb over a trigger noun: "planned an attack", "denied the attack"; not
        # "the murders were planned" (premeditated) nor "wanted following gunfire"
        if node is not head and not generic_only and (m := cue("governor", lemma)) and not (
                head.dep_ == "nsubjpass" and head.head is node):
            found.add(m)
        for child in node.children:
            if generic_only and child.dep_ in ("aux", "mark"):
                continue
            if child.dep_ == "aux" and (m := cue("aux", child.lower_) or cue("aux", child.lemma_)):
                if child.lower_ in ("can", "ca") and not any(
                        c.dep_ == "neg" for c in node.children):
                    continue
                found.add(m)
            elif child.dep_ == "mark" and (m := cue("mark", child.lower_)):
                found.add(m)
            elif child.dep_ == "advmod" and (m := cue("adverb", child.lower_)):
                found.add(m)
            elif child.dep_ == "prep" and (m := cue("duration", child.lower_)):
                # "since 2019"; but in "on the run since the slaying" the event is the anchor
                if any(c.dep_ == "pobj" for c in child.children) and head not in child.subtree:
                    found.add(m)
            elif child.dep_ == "prep" and child.lower_ in ("for", "over", "during", "in", "within",
                                                           "throughout"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    lemma_p = pobj.lemma_.lower()
                    mods = [c for c in pobj.children]
                    recent = any(c.lower_ in ("past", "last", "previous", "recent") for c in mods)
                    if lemma_p in durations and (_is_plural(pobj) or recent or any(
                            c.lower_ in ("a", "one") or c.dep_ == "nummod" for c in mods)):
                        found.add(Modality.GENERIC)
                    elif lemma_p in cues.get("recent_period", {}) and recent:
                        found.add(Modality.GENERIC)
                    elif child.lower_ == "in" and _plural_incidents(pobj, cues):
                        found.add(Modality.GENERIC)     # "shot in four separate incidents"
        # "going to attack", "ready to respond": the governor is the head of an xcomp
        dep = node.dep_
        parent = node.head
        if parent.i == node.i or generic_only:
            break
        if dep in _CLAUSE_UP_FULL:
            if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
                break
            node = parent
            continue
        if dep in ("ccomp", "dobj", "pcomp") and node.pos_ in ("VERB", "AUX"):
            governor = parent.head if dep == "pcomp" else parent
            # "denied carrying out the attack"; not "(a suspect) sought in shooting death"
            if (m := cue("governor", governor.lemma_.lower())) and not (
                    dep == "pcomp" and governor.tag_ == "VBN"):
                found.add(m)
            break
        if dep == "acomp" or (dep == "xcomp" and parent.pos_ == "ADJ"):
            node = parent
            continue
        break
    for modality in _ORDER:
        if modality in found:
            return modality
    return Modality.ASSERTED


def _past(verb) -> bool:
    """Simple past or a past passive ("clashes erupted", "were killed in clashes"), not perfect."""
    if _perfect(verb):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ in ("was", "were")
                                      for c in verb.children)


def clause_modality(token, munition=None) -> Modality:
    """The modality of the clause a token stands in, by the rules ``find_events`` applies to its
    triggers ("could have killed dozens" is hypothetical, "have killed 300 since 2019" generic).
    ``munition``: the munition noun the clause is about, for "dozens of rockets have targeted".
    Used by ``counts`` to keep only figures of events that took place."""
    return _modality(token, False, munition, token.sent, _lexicon())


# Nouns counted within one event ("several shots were fired"): their plural is no aggregate.
_COUNTED_NOUNS = _event_words()["counted"]
_INCIDENTS = _event_words()["incident"]


# Nouns of whole incidents, counted as such: "four shootings" are four events, while "two
# explosions" or "three strikes" may be one attack told blow by blow.
_WHOLE_INCIDENTS = _event_words()["whole_incident"]


def _so_far(verb, periods) -> bool:
    """The clause counts up to now over a period: "this year", "so far this month" (not "so
    far" alone: "three have been killed so far" is one attack's toll as it stands)."""
    # (the parser may hang "this year" on the verb's prepositional object: "killed in
    # encounters in Chhattisgarh this year")
    return any(t.dep_ == "npadvmod" and t.lemma_.lower() in periods
               and any(d.lower_ == "this" for d in t.children)
               and (t.head.i == verb.i or (t.head.dep_ == "pobj" and t.head.head.head.i == verb.i))
               for t in verb.subtree)


def _since_a_start(verb) -> bool:
    """A "since" in the verb's clause that counts from a start ("since violence broke out",
    "since 2019"), not from an event the clause follows up ("since the shooting", "since
    Sunday's attack")."""
    for tok in verb.subtree:
        if tok.lower_ != "since" or tok.dep_ not in ("mark", "prep"):
            continue
        if tok.dep_ == "mark":
            return True
        for pobj in (c for c in tok.children if c.dep_ == "pobj"):
            anchored = any(c.dep_ in ("det", "poss") and c.lower_ != "a" for c in pobj.children)
            if not (anchored and pobj.lemma_.lower() in _INCIDENTS):
                return True
    return False


def _several_incidents(noun, cues: dict, nouns: frozenset[str] = _WHOLE_INCIDENTS) -> bool:
    """A plural incident noun that names several events: counted ("four shootings", "in 17
    shootings"), said to be separate ("separate attacks", "weekend shootings"), or spread over
    an area ("shootings across the city")."""
    if not _is_plural(noun) or noun.lemma_.lower() not in nouns:
        return False
    separate = cues.get("separate", {})
    spread = cues.get("spread", {})
    for c in noun.children:
        if c.lower_ in separate or c.lower_ == "several":
            return True
        if c.dep_ == "nummod" and 2 <= (_number_value(c) or 0) < 1000:   # not "the 2015 attacks"
            return True
        if c.dep_ == "prep" and c.lower_ in spread and any(g.dep_ == "pobj" for g in c.children):
            return True
    return False


def _in_several_incidents(token, cues: dict) -> bool:
    """``token`` happened "in" several incidents (``_plural_incidents``)."""
    return any(_plural_incidents(pobj, cues) for pobj in pobjs(token, "in"))


def _plural_incidents(noun, cues: dict) -> bool:
    """Harm "in" these is a total over several incidents, not one incident's figure: "shot in
    separate attacks", a plural told without an article ("nine others were wounded in attacks
    across the city") or with a demonstrative ("26 people died in these attacks"). ("Killed in
    the attacks" may be one coordinated attack.)"""
    if _several_incidents(noun, cues, _INCIDENTS):
        return True
    return _is_plural(noun) and noun.lemma_.lower() in _INCIDENTS and not any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("these", "those") for c in noun.children)


def _perfect(verb) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


# ----------------------------------------------------------------------------- main


def find_events(sent) -> list[EventTrigger]:
    """The violent-event triggers of one sentence (a spaCy ``Span``), in text order.

    Consequence words ("killed") are reported only when the sentence has no stronger trigger, so
    "gunmen opened fire, killing five" gives one trigger, "opened fire". Confidence is the trigger
    word's own (``event_triggers.tsv``), +0.1 when a weapon is attached, times a sense factor for
    words with common non-violent senses, times 0.5 when the modality is not ASSERTED.
    """
    if not len(sent):
        return []
    lex = _lexicon()
    weapons = weapons_in(sent)
    text_of_doc = doc_text(sent.doc)
    candidates = []
    for span, entry in _candidates(sent, lex):
        head = _head_of(span)
        munition = None
        if entry.sense == "munition":
            found = _munition_participant(head, weapons, entry.words[0])
            if found is None:
                continue
            munition = found[0]
            span = sorted({*span, munition}, key=lambda t: t.i)
        candidates.append((span, entry, head, munition))
    # weapons a munition trigger uses ("seven rockets targeted") type the other triggers of the
    # sentence ("in an attack that killed a girl") when those have no weapon of their own
    used = [weapons[m.i] for _, _, _, m in candidates if m is not None and m.i in weapons]
    results: list[tuple[EventTrigger, bool]] = []
    for span, entry, head, munition in candidates:
        ok, factor = _sense_ok(entry, head, sent, lex, weapons)
        if not ok:
            continue
        if entry.sense == "fire" and head.lemma_.lower() == "fire":
            target = _munition_participant(head, weapons, "fire")
            if target is not None:
                munition = target[0]
        local = _local_weapons(head, weapons)
        if munition is not None and munition.i in weapons:
            local.append(weapons[munition.i])
        fallback = used + [weapons[t.i] for t in head.subtree if t.i in weapons]
        event_type, sub, weapon = _classify(entry, head, local, fallback, lex)
        is_event_noun = head.pos_ in ("NOUN", "PROPN") and entry.sense != "munition" and \
            head.lemma_.lower() not in _COUNTED_NOUNS
        modality = _modality(head, is_event_noun, munition, sent, lex)
        confidence = entry.confidence * factor
        if weapon is not None and local:
            confidence += 0.1
        if modality is not Modality.ASSERTED:
            confidence *= 0.5
        confidence = round(max(0.0, min(confidence, 0.99)), 3)
        if confidence <= 0.05:
            continue
        start = span[0].idx
        end = span[-1].idx + len(span[-1])
        if munition is not None and abs(munition.i - head.i) > 4:
            span = [t for t in span if t.i != munition.i] or [head]
            start, end = span[0].idx, span[-1].idx + len(span[-1])
        results.append((EventTrigger(start, end, text_of_doc[start:end], event_type, sub, modality,
                                     weapon, confidence), entry.sense == "weak"))
    if any(not weak for _, weak in results):
        results = [(t, weak) for t, weak in results if not weak]
    triggers = sorted({t for t, _ in results}, key=lambda t: (t.start, -t.end))
    # a trigger inside another (the munition span "rockets exploded" around "exploded") goes
    kept: list[EventTrigger] = []
    for trigger in triggers:
        if any(k.start <= trigger.start and trigger.end <= k.end and k != trigger for k in kept):
            continue
        kept = [k for k in kept if not (trigger.start <= k.start and k.end <= trigger.end)]
        kept.append(trigger)
    return kept
