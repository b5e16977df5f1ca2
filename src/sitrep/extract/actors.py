"""Actors: who did it, who claimed it, who or what was hit, and who says so.

Works on one parsed sentence (a spaCy ``Span``) at a time and reads only its dependency parse,
so it carries over to other countries and other kinds of violence: the grammar of English does
the work, and the words it keys on live in two data files,

* ``data/en/actor_aliases.tsv``  canonical names of armed actors and states, with their aliases,
  ACLED-style actor type and country;
* ``data/en/attribution_cues.tsv``  open-class cue words: reporting verbs, claim / blame / deny
  verbs, attack and harm verbs, nouns that are never an actor (attacks, weapons), target nouns.

Closed-class words (prepositions, determiners, negation) stay in the code.

Roles and stances (GTD's ``claimed`` / ``guncertain`` in ACLED's actor1 / actor2 terms):

``perpetrator``
    ``asserted``  the agent of an attack or harm verb ("gunmen opened fire"), an actor named in a
                  modifier of an attack or weapon noun ("US drone strike", "Iranian missiles"), or
                  the doer of a responsibility predicate stated without source or hedge;
    ``alleged``   the object of blame ("officials blamed X", "X was accused of", "held X
                  responsible", "X, suspected of", "suspected militants"), or a responsibility
                  predicate ("carried out by X", "X was behind the attack") that the sentence
                  attributes to someone or hedges;
    ``claimed``   the actor claimed responsibility. ACLED codes the claimant as actor1 unless the
                  claim is contradicted, so every claimant is also reported as a perpetrator with
                  stance ``claimed``; the integrator can tell a claim from an allegation;
    ``denied``    "X denied involvement", or the agent of an act the sentence denies.
``claimant``      "X claimed responsibility", "the attack was claimed by X", and a speaker who
                  reports its own act ("the Houthis said they had launched drones", "the army
                  said it killed 20 militants"); stance ``claimed``. Negated claims ("No group has
                  claimed responsibility") give nothing.
``target``        the object of an attack verb, or the object of at / on / against / near after
                  an attack verb or noun when it names a facility or people (stance ``asserted``).
``victim``        the object of a harm verb (kill, wound, kidnap ...) or of "the killing of".
                  ``Mention`` has no victims field: the integrator may fold them into targets.

Pronouns are never findings: without coreference they name nothing. A relative pronoun
stands for its antecedent ("a group that has been blamed" is the group).

Names: a finding's ``text`` is the phrase as written, ``name`` the alias table's canonical name
when the phrase (or a proper name in apposition to it, "the faction Kataeb Hezbollah", "a group
calling itself X") is known, else the phrase cleaned: no determiners or counts, a capital that
only starts the sentence undone, "Iranian-backed" spelled "Iran-backed". Nothing is guessed.

``find_attribution`` returns the shallowest statement source in the sentence: "according to X",
the subject of a reporting verb ("the army said", "X told AFP", "X issued a statement"), or of a
blame verb ("officials blamed X"). ``said_by`` is the speaker as cited ("a security source");
the agency it spoke to or through goes to ``outlet`` ("AFP"), never into ``said_by``. A speaker
that is only a pronoun ("he said") gives ``None`` so the integrator can inherit the paragraph's
source. Everything here is a pure function of the parse; the data files load once per process.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from ..data import read_table
from ..errors import DataFileError
from .dateline import dateline_end, in_dateline
from .events import doc_text, is_headline

EXTRACTOR = "sitrep.extract.actors.v1"

ROLES = ("perpetrator", "claimant", "target", "victim")
STANCES = ("alleged", "claimed", "denied", "asserted")
ACTOR_TYPES = ("state forces", "rebel group", "political militia", "identity militia",
               "civilians", "external forces")
ACTOR_KINDS = ("group", "country", "person", "people")

ALIASES_FILE = "actor_aliases.tsv"
CUES_FILE = "attribution_cues.tsv"

# Transliteration variants are matched only when their consonant skeleton is equal and the
# vowel-normalised keys are this similar (rapidfuzz ratio, 0-100). 85 lets Taliban/Taleban
# and Hizbullah/Hizballah through and keeps Sudan/Sedan, Iran/Oran apart; Hamas/Hama and
# Hamas/Homs never reach the ratio because their skeletons differ.
FUZZY_THRESHOLD = 85
FUZZY_MIN_LENGTH = 5


@dataclass(frozen=True, slots=True)
class ActorFinding:
    start: int                # char offsets in sent.doc.text
    end: int
    text: str                 # as written ("the pro-Iranian faction Kataeb Hezbollah")
    name: str                 # canonical ("Kataib Hezbollah")
    role: str                 # perpetrator | claimant | target | victim
    stance: str               # alleged | claimed | denied | asserted


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int                # the attribution words ("the army said")
    end: int
    said_by: str              # normalized speaker ("the army", "a security source")
    outlet: str | None = None  # news agency relayed through ("AFP"), when stated


@dataclass(frozen=True, slots=True)
class ActorEntry:
    canonical: str
    type: str
    country: str | None
    kind: str


# ============================================================================ data loading


def _is_acronym(alias: str) -> bool:
    """Single all-capital tokens match only as written: 'IS' is not 'is', 'US' not 'us'."""
    compact = alias.replace(".", "")
    return (" " not in compact and compact == compact.upper()
            and any(ch.isalpha() for ch in compact))


@dataclass(slots=True)
class _AliasIndex:
    exact: dict[str, ActorEntry]
    acronyms: dict[str, ActorEntry]
    translit: dict[str, ActorEntry | None]        # None: two canonicals share the key
    skeletons: dict[str, list[str]]
    by_canonical: dict[str, ActorEntry]


@lru_cache(maxsize=1)
def _alias_index() -> _AliasIndex:
    path = f"sitrep/data/en/{ALIASES_FILE}"
    exact: dict[str, ActorEntry] = {}
    acronyms: dict[str, ActorEntry] = {}
    translit: dict[str, ActorEntry | None] = {}
    by_canonical: dict[str, ActorEntry] = {}
    seen: dict[str, int] = {}
    for lineno, row in read_table(f"en/{ALIASES_FILE}", ("canonical", "alias", "type", "country",
                                                         "kind")):
        canonical, alias, type_, country, kind = row.values()
        if not canonical or not alias:
            raise DataFileError("a row needs a canonical name and an alias", path=path, line=lineno)
        if type_ not in ACTOR_TYPES:
            raise DataFileError(
                f"unknown actor type {type_!r}; use one of {', '.join(ACTOR_TYPES)}",
                path=path, line=lineno)
        if kind not in ACTOR_KINDS:
            raise DataFileError(f"unknown kind {kind!r}; use one of {', '.join(ACTOR_KINDS)}",
                                path=path, line=lineno)
        entry = ActorEntry(canonical, type_, country or None, kind)
        previous = by_canonical.setdefault(canonical, entry)
        if previous != entry:
            raise DataFileError(f"rows of {canonical!r} disagree on type, country or kind",
                                path=path, line=lineno)
        key = alias.replace(".", "") if _is_acronym(alias) else _fold(alias)
        if key in seen:
            raise DataFileError(f"alias {alias!r} repeats line {seen[key]}; keep one row",
                                path=path, line=lineno)
        seen[key] = lineno
        if _is_acronym(alias):
            acronyms[key] = entry
            if len(key) >= 4:            # house styles that write Isis, Nato, Farc
                acronyms.setdefault(key.title(), entry)
            continue
        exact[key] = entry
        tkey = _translit(alias)
        if tkey:
            if tkey in translit and translit[tkey] is not None and translit[tkey] != entry:
                translit[tkey] = None
            else:
                translit.setdefault(tkey, entry)
    skeletons: dict[str, list[str]] = defaultdict(list)
    for tkey, entry in translit.items():
        if entry is not None:
            skeletons[_skeleton(tkey)].append(tkey)
    return _AliasIndex(exact, acronyms, translit, dict(skeletons), by_canonical)


def known_acronyms() -> list[str]:
    """The acronyms of the actor tables as written ("FARC", "ELN")."""
    return [a for a in _alias_index().acronyms if a.isupper()]


@dataclass(frozen=True, slots=True)
class _Cues:
    words: dict[str, frozenset[str]]                 # kind -> one-word cues
    pairs: dict[str, frozenset[tuple[str, str]]]     # kind -> (verb, particle/object) cues
    values: dict[tuple[str, str], str]               # (kind, cue) -> value column
    phrases: tuple[tuple[str, ...], ...]             # source phrases as word tuples
    outlets: dict[str, str]                          # folded name -> short name
    outlet_acronyms: dict[str, str]                  # as written -> short name
    member_nouns: dict[str, str]                     # "fighters" -> "group"

    def has(self, kind: str, lemma: str) -> bool:
        return lemma in self.words.get(kind, ())


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    path = f"sitrep/data/en/{CUES_FILE}"
    words: dict[str, set[str]] = defaultdict(set)
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    values: dict[tuple[str, str], str] = {}
    phrases: list[tuple[str, ...]] = []
    outlets: dict[str, str] = {}
    outlet_acronyms: dict[str, str] = {}
    member: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for lineno, row in read_table(f"en/{CUES_FILE}", ("cue", "kind", "value")):
        cue, kind, value = row.values()
        if not cue or not kind:
            raise DataFileError("a row needs a cue and a kind", path=path, line=lineno)
        key = (kind, cue if kind == "outlet" else cue.lower())
        if key in seen:
            raise DataFileError(f"{kind} {cue!r} repeats line {seen[key]}; keep one row",
                                path=path, line=lineno)
        seen[key] = lineno
        if kind == "outlet":
            if _is_acronym(cue):
                outlet_acronyms[cue.replace(".", "")] = value or cue
            else:
                outlets[_fold(cue)] = value or cue
            continue
        cue = cue.lower()
        if value:
            values[(kind, cue)] = value
        if kind == "source_phrase":
            phrases.append(tuple(cue.split()))
        elif kind == "member_noun":
            member[cue] = value or "group"
        parts = cue.split()
        if len(parts) == 2 and kind.endswith("_verb"):
            pairs[kind].add((parts[0], parts[1]))
        else:
            words[kind].add(cue)
    return _Cues({k: frozenset(v) for k, v in words.items()},
                 {k: frozenset(v) for k, v in pairs.items()},
                 values, tuple(phrases), outlets, outlet_acronyms, member)


# ============================================================================ normalization

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE_PREFIX = re.compile(r"\b(?:a[dlnrstz]|ash|ath|adh|el|ul)-(?=[a-z])", re.IGNORECASE)
_ARTICLES = frozenset({"al", "el", "ul", "the"})
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]+")
_QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b`"
_EDGE_PUNCT = " \t\n,;:!?()[]{}-\u2013\u2014/" + _QUOTES
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _affixed_country() -> re.Pattern[str]:
    """"pro-Iranian", "Iranian-backed": a country named in a compound (attribution_cues.tsv's
    affiliation participles)."""
    suffixes = "|".join(sorted(_cues().words["affiliation"], key=lambda w: (-len(w), w)))
    return re.compile(r"\b(?:(?P<pro>(?:pro|anti)-)(?P<a>[A-Z][\w.]*)"
                      r"|(?P<b>[A-Z][\w.]*?)(?P<suffix>-(?:" + suffixes + r")))\b")


def news_outlet(text: str) -> str | None:
    """The short name of the news agency or outlet ``text`` names ("Reuters", "AP",
    "Agence France-Presse" -> "AFP"), as attribution_cues.tsv lists them; None for any other
    name (a local station's call letters)."""
    cues = _cues()
    text = text.strip()
    return cues.outlet_acronyms.get(text.replace(".", "")) or cues.outlets.get(_fold(text))


def _fold(text: str) -> str:
    """Exact-match key: ASCII, lowercase, apostrophes dropped, other punctuation as spaces."""
    text = _APOSTROPHES.sub("", unidecode(text)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def _translit(text: str) -> str:
    """Key that merges transliteration variants of one Arabic or Persian name.

    Drops the article (al-, el-, assimilated ad-/ash-/...), joins the words, reduces the vowels
    to Arabic's three (e->i, o->u, ou->u, ee->i) and collapses doubled letters: Kataeb and
    Kataib, Qasem and Qassem, Mouhandis and Muhandis, Hashd al-Shaabi and Hashd al Shaabi all
    get one key. Used for lookup only, never shown.
    """
    text = _ARTICLE_PREFIX.sub(" ", _APOSTROPHES.sub("", unidecode(text)))
    words = [w for w in _fold(text).split() if w not in _ARTICLES]
    key = "".join(words)
    key = key.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    key = key.replace("e", "i").replace("o", "u")
    return _DOUBLED.sub(r"\1", key)


def _skeleton(tkey: str) -> str:
    """Consonants with one slot per vowel group: Hamas hVmVs, Hama hVmV, Homs hVms."""
    return _VOWELS.sub("V", tkey)


def _clean(name: str) -> str:
    """Whitespace collapsed, quotes and edge punctuation dropped, a leading 'the' removed."""
    text = " ".join(name.split())
    text = re.sub(r"[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]", "", text)
    text = re.sub(r"(?<!\w)[\u2018\u2019'`]|[\u2018\u2019'`](?!\w)", "", text)
    text = text.strip(_EDGE_PUNCT)
    text = re.sub(r"\s*\.$", "", text) if not _is_acronym(text) else text
    text = _LEADING_THE.sub("", text)
    return " ".join(text.split())


def _lookup(text: str, *, countries: bool = True) -> ActorEntry | None:
    """The table entry for a whole name: acronym, exact, transliteration key, then fuzzy."""
    text = text.strip()
    if not text:
        return None
    index = _alias_index()
    entry = None
    compact = text.replace(".", "")
    if " " not in compact and compact in index.acronyms:
        entry = index.acronyms[compact]
    if entry is None:
        entry = index.exact.get(_LEADING_THE.sub("", _fold(text)))
    if entry is None and not _is_acronym(text):
        tkey = _translit(text)
        if tkey in index.translit:
            entry = index.translit[tkey]
        elif len(tkey) >= FUZZY_MIN_LENGTH:
            entry = _fuzzy(tkey, index)
    if entry is not None and not countries and entry.kind == "country":
        return None
    return entry


def _fuzzy(tkey: str, index: _AliasIndex) -> ActorEntry | None:
    best_score, best = 0.0, None
    for candidate in index.skeletons.get(_skeleton(tkey), ()):
        score = fuzz.ratio(tkey, candidate)
        if score > best_score:
            best_score, best = score, index.translit[candidate]
        elif score == best_score and best is not None and index.translit[candidate] != best:
            best = None                       # a tie between two actors: refuse to guess
    return best if best_score >= FUZZY_THRESHOLD else None


_MEMBERS_OF = re.compile(r"(?P<member>\w+(?: \w+)?) of (?:the )?(?P<rest>.+)", re.IGNORECASE)


def _resolve(cleaned: str, *, countries: bool = True) -> ActorEntry | None:
    """Table entry for a cleaned name, also through member nouns and a leading demonym.

    "al-Shabaab fighters" and "Israeli troops" are their actor (a state's member nouns follow
    only countries, a group's only groups, so "Iranian militias" stays unresolved); "Iraqi
    Hezbollah Brigades" is Kataib Hezbollah because the demonym names the group's own country.
    """
    entry = _lookup(cleaned, countries=countries)
    if entry is not None:
        return entry
    words = cleaned.split()
    cues = _cues()
    for n in (2, 1):
        if len(words) > n:
            side = cues.member_nouns.get(" ".join(words[-n:]).lower())
            if side:
                head = _resolve(" ".join(words[:-n]), countries=countries)
                if head is not None and (side == "state") == (head.kind == "country"):
                    return head
    of = _MEMBERS_OF.match(cleaned)
    if of and (side := cues.member_nouns.get(of.group("member").lower())):
        # "fighters of the Allied Democratic Forces", "members of al-Shabaab"
        head = _resolve(of.group("rest"), countries=countries)
        if head is not None and (side == "state") == (head.kind == "country"):
            return head
    if len(words) > 1:
        first = _lookup(words[0])
        if first is not None and first.kind == "country":
            rest = _lookup(" ".join(words[1:]), countries=False)
            if rest is not None and rest.kind == "group" and rest.country == first.country:
                return rest
    return None


def _rewrite_affixed_countries(cleaned: str) -> str:
    """'pro-Iranian factions' -> 'pro-Iran factions', 'Iranian-backed' -> 'Iran-backed'."""
    def repl(m: re.Match) -> str:
        word = m.group("a") or m.group("b")
        entry = _lookup(word)
        if entry is None or entry.kind != "country":
            return m.group(0)
        return f"{m.group('pro')}{entry.canonical}" if m.group("pro") else \
            f"{entry.canonical}{m.group('suffix')}"
    return _affixed_country().sub(repl, cleaned)


def normalize_actor(name: str) -> str:
    """Canonical name via the alias table and transliteration matching.

    Unknown names come back cleaned (quotes, whitespace, a leading "the" removed; a country
    inside pro-X / X-backed spelled by its canonical name) but are never replaced by a guess.
    """
    return _normalize(name)


def _normalize(name: str, *, countries: bool = True) -> str:
    cleaned = _clean(name)
    if not cleaned:
        return ""
    entry = _resolve(cleaned, countries=countries)
    if entry is not None:
        return entry.canonical
    return _rewrite_affixed_countries(cleaned)


def actor_entry(name: str) -> ActorEntry | None:
    """The alias-table entry (type, country, kind) for a name, or None when unknown."""
    cleaned = _clean(name)
    return _resolve(cleaned) if cleaned else None


# ============================================================================ grammar helpers

_NOUNS = frozenset({"NOUN", "PROPN"})
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                             "QUANTITY"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_TARGET_PREPS = frozenset({"at", "on", "against", "near", "toward", "towards", "into", "upon",
                           "inside"})
_INCLUDING = frozenset({"including", "include", "notably", "especially", "particularly"})
_NEGATIVE_WORDS = frozenset({"no", "none", "nobody", "neither", "nor", "never"})
_NAME_SKIP = frozenset({"other", "another", "several", "some", "many", "various", "same",
                        "certain", "both", "all", "few", "multiple", "numerous", "further"})
_LEFT_DEPS = frozenset({"det", "predet", "amod", "compound", "nummod", "poss", "nmod", "quantmod",
                        "npadvmod", "nn", "case"})
_JOINERS = frozenset({"-", "\u2013", "\"", "\u201c", "\u201d", "'", "\u2018", "\u2019"})
_ANAPHORIC = frozenset({"other", "others", "one", "ones", "latter", "former", "rest", "remainder",
                        "some", "many", "both", "each", "all", "those", "these", "several"})
_NOT_ACTOR_KINDS = ("attack_noun", "harm_noun", "event_noun", "instrument_noun", "statement_noun")


def _kinds(tok, cues: _Cues) -> set[str]:
    """Cue kinds a verb matches, one-word lemmas and verb + particle/object pairs alike."""
    lemma = tok.lemma_.lower()
    found = {kind for kind, words in cues.words.items() if lemma in words}
    for kind, pairs in cues.pairs.items():
        for child in tok.children:
            if child.dep_ in ("prt", "dobj") and (lemma, child.lemma_.lower()) in pairs:
                found.add(kind)
    return found


def _is_noun(tok) -> bool:
    return tok.pos_ in _NOUNS or (tok.pos_ == "NUM" and tok.dep_ in _SUBJECTS | {"dobj", "pobj"})


def _negated(verb) -> bool:
    """'did not attack', 'never claimed', 'would no longer attack'."""
    for c in verb.children:
        if c.dep_ == "neg" or c.lower_ == "never":
            return True
        if c.lower_ == "longer" and any(g.lower_ in ("no", "not") for g in c.children):
            return True
    return False


def _negative_np(tok) -> bool:
    """'No group', 'no one', 'nobody', 'none of the factions'."""
    if tok.lower_ in _NEGATIVE_WORDS:
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in tok.children)


def _is_passive(verb) -> bool:
    """Passive voice, also reduced ('civilians killed in the raid') and in headlines, where a
    bare past participle has no auxiliary and no object ('Six people shot at party')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.tag_ == "VBN" and verb.dep_ == "ROOT" and not any(
            c.dep_ in ("aux", "dobj") for c in verb.children):
        return True
    if verb.tag_ in ("VBN", "VBD") and verb.dep_ in ("acl", "relcl") and not any(
            c.dep_ in ("aux", "nsubj", "dobj") for c in verb.children):
        return True                # a finite verb cannot modify a noun: the tagger's slip
    if verb.tag_ == "VBD" and is_headline(verb.sent) and "harm_verb" in _kinds(verb, _cues()) \
            and not any(c.dep_ in ("aux", "dobj", "dative", "prt") for c in verb.children):
        return True                # "Teen killed, women injured in shooting" (tagged VBD)
    if verb.tag_ == "VBN" and verb.dep_ == "conj" and not any(
            c.dep_ in ("aux", "nsubj") for c in verb.children):
        return _is_passive(verb.head)
    return False


def _antecedent(tok):
    """A relative pronoun's antecedent; None for any other pronoun."""
    if tok.pos_ != "PRON" and tok.tag_ not in _RELATIVE_TAGS:
        return tok
    if tok.tag_ in _RELATIVE_TAGS and tok.head.dep_ == "relcl" and tok.head.head.pos_ in _NOUNS:
        return tok.head.head
    return None


def _own_subjects(verb):
    return [c for c in verb.children if c.dep_ in _SUBJECTS]


def _agents(verb) -> list:
    """Who does what the verb says: active subjects, passive by-agents, inherited subjects."""
    if _is_passive(verb):
        return [p for c in verb.children if c.dep_ == "agent"
                for p in c.children if p.dep_ == "pobj"]
    subjects = _own_subjects(verb)
    if subjects:
        return subjects
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass", "mark") for c in verb.children):
        return []                      # "deputies responded to shots fired": a reduced passive
    if verb.dep_ in ("conj", "xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
        if verb.dep_ != "conj":
            head_kinds = _kinds(head, _cues())
            if head_kinds & {"report_verb", "statement_verb"}:
                return []              # '"..., injuring civilians," Pompeo said'
            if "blame_verb" in head_kinds:
                return _accused(head, _cues())   # 'charged X with complicity to commit murder'
        return _agents(head)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in _NOUNS:
        return [head]
    return []


def _patients(verb) -> list:
    """What undergoes the verb: active direct objects, passive subjects."""
    if _is_passive(verb):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects:
            return subjects
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in _NOUNS:
            return [verb.head]
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            return _patients(verb.head)
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


def _pobjs(prep) -> list:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _prep_objects(tok, words: frozenset[str] | set[str]) -> list:
    return [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in words
            for p in _pobjs(c)]


def _with_conjuncts(tok) -> list:
    return [tok, *tok.conjuncts] if tok.pos_ in _NOUNS else [tok]


def _depth(tok) -> int:
    depth = 0
    while tok.head is not tok and depth < 64:
        tok, depth = tok.head, depth + 1
    return depth


def _unwrap_quantity(tok, cues: _Cues):
    """'dozens of rockets' -> rockets; 'a barrage of missiles' -> missiles."""
    for _ in range(3):
        if tok.lemma_.lower() not in cues.words.get("quantity_noun", ()) and \
                tok.lower_ not in cues.words.get("quantity_noun", ()):
            return tok
        inner = _prep_objects(tok, {"of"})
        if not inner:
            return tok
        tok = inner[0]
    return tok


def _lemmas(tok) -> tuple[str, ...]:
    """The lemma, and for capitalised plurals the lemmatizer leaves alone ('Rockets') a
    naive singular."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" and lemma.endswith("s") and len(lemma) > 3:
        return lemma, lemma[:-1]
    return (lemma,)


def _not_actor_noun(tok, cues: _Cues) -> bool:
    """Attacks, events, weapons and documents are never the actor; nor are anaphoric nouns
    ('three others', 'the latter') that stand for something named elsewhere."""
    if tok.lower_ in _ANAPHORIC:
        return True
    return any(lemma in cues.words.get(kind, ()) for lemma in _lemmas(tok)
               for kind in _NOT_ACTOR_KINDS)


def _actor_like(tok, cues: _Cues) -> bool:
    return (_is_noun(tok) and tok.ent_type_ not in _NON_ACTOR_ENTS
            and not _not_actor_noun(tok, cues))


# ============================================================================ phrases and names


def _phrase(tok, right_preps=("of",)) -> tuple[int, int]:
    """[start, end) token indices of the noun phrase headed by ``tok``: its determiners,
    modifiers and compounds, a contiguous of-phrase; no relative clauses, appositions, lists."""
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    for child in sorted(tok.lefts, key=lambda t: -t.i):
        joiner = child.dep_ == "punct" and child.text in _JOINERS
        if not (child.dep_ in _LEFT_DEPS or joiner):
            break
        if child.right_edge.i + 1 < start and not all(
                t.text in _JOINERS for t in doc[child.right_edge.i + 1:start]):
            break
        if _crosses_line(doc, child.left_edge.i, start + 1):
            break
        start = child.left_edge.i
    for child in sorted(tok.rights, key=lambda t: t.i):
        if child.left_edge.i != end or _crosses_line(doc, end - 1, child.right_edge.i + 1):
            break
        if child.dep_ == "prep" and child.lower_ in right_preps:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects or objects[0].i != child.i + 1 and \
                    objects[0].left_edge.i != child.i + 1:
                break
            end = _phrase(objects[0], right_preps)[1]
            continue
        if child.dep_ == "amod":          # 'militias loyal to Iran', not 'held X responsible'
            if child.lemma_.lower() in _cues().words.get("responsibility_adj", ()):
                break
            end = _adjective_end(child, right_preps)
            continue
        ok = (child.dep_ in ("compound", "flat", "nummod", "case")
              or (child.dep_ == "punct" and child.text in _JOINERS))
        if right_preps is _NAME_PREPS and child.dep_ in ("cc", "conj") and (
                child.dep_ == "cc" or child.pos_ == "PROPN"):
            ok = True                # a name's own "and": "... of Islam and Muslims"
        if not ok:
            break
        end = child.right_edge.i + 1
    return start, end


def _adjective_end(adj, right_preps) -> int:
    """End of a post-nominal adjective phrase: the adjective and its noun complements."""
    end = adj.i + 1
    for child in sorted(adj.rights, key=lambda t: t.i):
        if child.i != end or child.dep_ != "prep":
            break
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if not objects:
            break
        end = _phrase(objects[0], right_preps)[1]
    return end


def _ends_line(tok) -> bool:
    doc = tok.doc
    return "\n" in tok.whitespace_ or (tok.i + 1 < len(doc) and doc[tok.i + 1].is_space
                                       and "\n" in doc[tok.i + 1].text)


def _crosses_line(doc, start: int, end: int) -> bool:
    """A noun phrase never runs over a line break or into a link (left-over captions, urls)."""
    return any("\n" in t.text_with_ws or t.is_space for t in doc[start:end - 1]) or \
        any(t.like_url or "//" in t.text for t in doc[start:end])


def _name_tokens(doc, start: int, end: int, cues: _Cues, head=None) -> tuple[int, int]:
    """Drop what does not name: determiners, numbers ('at least one'), quantifiers, possessive
    pronouns, hedges ('suspected'); quotes and brackets at the edges."""
    hedges = cues.words.get("hedge", ())
    if head is not None:            # whole modifiers only: '16-year-old' stays, 'at least one' goes
        for child in sorted(head.lefts, key=lambda t: t.i):
            if child.left_edge.i < start:
                continue
            if child.left_edge.i > start and not all(
                    t.pos_ == "PUNCT" for t in doc[start:child.left_edge.i]):
                break
            if (child.dep_ in ("det", "predet", "nummod", "quantmod")
                    or (child.pos_ == "PRON" and child.dep_ == "poss")
                    or child.lower_ in _NAME_SKIP or child.lower_ in hedges):
                start = min(child.right_edge.i + 1, end - 1)
                continue
            break
    while start < end - 1 and ((doc[start].pos_ in ("DET", "PUNCT")
                                and doc[start].text not in _JOINERS)
                               or doc[start].lower_ in cues.words["suspect_adj"]):
        start += 1
    while end > start + 1 and doc[end - 1].pos_ == "PUNCT" and doc[end - 1].text not in _JOINERS:
        end -= 1
    return start, end


def _proper_core(tok) -> tuple[int, int] | None:
    """The run of proper-noun tokens ending at a proper-noun head ("Hezbollah Brigades" in
    "the Iraqi Hezbollah Brigades"), joined by hyphens and quotes."""
    if tok.pos_ != "PROPN":
        return None
    start = tok.i
    doc = tok.doc
    while start > tok.sent.start:
        prev = doc[start - 1]
        inside = start - 1 <= prev.head.i <= tok.i
        if inside and (prev.pos_ == "PROPN" or prev.text in _JOINERS
                       or prev.lower_ in _ARTICLES - {"the"}):
            start -= 1
        else:
            break
    end = tok.i + 1
    while end < tok.sent.end and doc[end].head is tok and doc[end].dep_ in ("compound", "flat") \
            and doc[end].pos_ == "PROPN":
        end += 1
    while start < tok.i and doc[start].text in _JOINERS:
        start += 1
    return start, end


def _name_of(tok, span: tuple[int, int], cues: _Cues) -> tuple[str, bool]:
    """(canonical or cleaned name, found in the table) for the phrase ``span`` headed by tok."""
    doc = tok.doc
    countries = tok.ent_type_ != "PERSON"      # Chad, Jordan as first names
    s, e = _name_tokens(doc, *span, cues, tok)
    full = doc[s:e].text
    core = _proper_core(tok)
    candidates = [full]
    if core is not None and core != (s, e):
        candidates.append(doc[core[0]:core[1]].text)
    for text in candidates:
        cleaned = _clean(text)
        entry = _resolve(cleaned, countries=countries) if cleaned else None
        if entry is not None:
            return entry.canonical, True
    # "Taliban spokesman Zabihullah Mujahid": the person speaks or acts for the Taliban
    speakers = cues.words.get("speaker_noun", ())
    for i in range(s + 1, e - 1):
        if doc[i].lower_ in speakers and doc[i + 1].pos_ == "PROPN":
            entry = _resolve(_clean(doc[s:i].text), countries=True)
            if entry is not None and entry.kind != "person":
                return entry.canonical, True
            group = doc[s:i]
            if entry is None and all((t.pos_ == "PROPN" or t.is_upper) and t.ent_type_ != "PERSON"
                                     for t in group):
                # "BLA spokesman Jeeyand Baloch": a group the tables do not know, not its voice
                return _clean(group.text), False
            break
    if core is not None:              # titles before a known person: "General Qassem Soleimani"
        for i in range(core[0] + 1, core[1] - 1):
            entry = _lookup(_clean(doc[i:core[1]].text))
            if entry is not None and entry.kind == "person":
                return entry.canonical, True
    if core is not None:
        return _rewrite_affixed_countries(_clean(doc[core[0]:core[1]].text)), False
    return _rewrite_affixed_countries(_clean(_decapitalised(doc, s, e))), False


def _decapitalised(doc, start: int, end: int) -> str:
    """The words, with a capital that only marks the start of a sentence or line undone
    ('Police said' -> 'police', 'Gunmen opened fire' -> 'gunmen'; 'Dubuque Police' stays)."""
    first = doc[start]
    words = [t.text_with_ws for t in doc[start:end]]
    initial = first.is_sent_start or first.i == first.sent.start or doc[first.i - 1].is_punct \
        or doc[first.i - 1].is_space or "\n" in doc[first.i - 1].whitespace_
    common = first.pos_ in ("DET", "NUM", "PRON", "ADV") or (
        first.pos_ in ("NOUN", "VERB") and not first.ent_type_
        and not (first.i + 1 < end and doc[first.i + 1].is_title))
    if first.is_title and initial and common:
        words[0] = first.text.lower() + first.whitespace_
    return "".join(words)


def _named_by(tok, cues: _Cues) -> list:
    """Tokens that name ``tok``: appositions and 'calling itself X' / 'known as X'."""
    out = []
    for child in tok.children:
        if child.dep_ == "appos" and child.pos_ in _NOUNS:
            out.append(("appos", child))
        elif child.dep_ == "acl" and child.lemma_.lower() in cues.words.get("naming_verb", ()):
            for g in child.children:
                if g.dep_ in ("oprd", "attr", "xcomp") and g.pos_ in _NOUNS:
                    out.append(("acl", g))
                elif g.dep_ == "dobj" and g.pos_ in _NOUNS:
                    out.append(("acl", g))
                elif g.dep_ == "prep" and g.lower_ == "as":
                    out.extend(("acl", p) for p in _pobjs(g) if p.pos_ in _NOUNS)
    if tok.dep_ == "appos" and tok.head.pos_ in _NOUNS:
        out.append(("head", tok.head))
    if tok.pos_ == "NOUN":              # 'the leader of the PMF, Abu Mahdi al-Muhandis'
        inner = tok
        for _ in range(3):
            objects = _prep_objects(inner, {"of"})
            if not objects:
                break
            inner = objects[0]
            out.extend(("chain", c) for c in inner.children
                       if c.dep_ == "appos" and c.ent_type_ == "PERSON"
                       and inner.ent_type_ != "PERSON")
    return out


_NAME_PREPS = ("of", "for", "in", "to", "against", "from")


def _after_dateline(doc, span: tuple[int, int]) -> tuple[int, int]:
    """A phrase cut to start after the dateline it runs into: "Imphal, Sep 18 (PTI): Militants"
    is "Militants"."""
    s, e = span
    while s < e - 1 and in_dateline(doc[s]):
        s += 1
    return s, e


def _mention(tok, cues: _Cues) -> tuple[int, int, str, str]:
    """(start char, end char, text, name) for an actor noun, preferring a name the table knows
    and, for a common noun, a proper name standing in apposition to it."""
    doc = tok.doc
    span = _after_dateline(doc, _phrase(tok))
    name, known = _name_of(tok, span, cues)
    if not known and tok.pos_ == "PROPN":
        # a name with more prepositions in it, when the table knows it: "the Group for the
        # Support of Islam and Muslims", "the Front for the Liberation of ..."
        wide = _after_dateline(doc, _phrase(tok, _NAME_PREPS))
        if wide != span:
            wide_name, wide_known = _name_of(tok, wide, cues)
            if wide_known:
                span, name, known = wide, wide_name, True
    chosen_span = span
    if not known:
        for how, other in _named_by(tok, cues):
            other_span = _after_dateline(doc, _phrase(other))
            other_name, other_known = _name_of(other, other_span, cues)
            usable = other_known or (tok.pos_ != "PROPN" and other.pos_ == "PROPN"
                                     and other.ent_type_ not in _NON_ACTOR_ENTS)
            if how == "head" and not other_known:
                usable = False
            if not usable:
                continue
            name = other_name
            if how in ("acl", "chain") or (how == "appos" and other_span[0] == span[1]):
                chosen_span = (min(span[0], other_span[0]), max(span[1], other_span[1]))
            else:
                chosen_span = other_span
            break
    s, e = chosen_span
    while e > s + 1 and doc[e - 1].pos_ == "PUNCT" and doc[e - 1].text not in _JOINERS:
        e -= 1
    while s < e - 1 and doc[s].pos_ in ("PUNCT", "SYM", "X") and doc[s].text not in _JOINERS:
        s += 1
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
    return start, end, doc_text(doc)[start:end], name


# ============================================================================ findings


@dataclass(slots=True)
class _Context:
    """One sentence's findings, keyed so that two rules finding the same thing count once."""

    cues: _Cues
    attributed: bool
    hedged: bool
    findings: dict

    def add(self, tok, role: str, stance: str) -> None:
        start, end, text, name = _mention(tok, self.cues)
        if not name:
            return
        self.findings.setdefault((start, end, role, stance),
                                 ActorFinding(start, end, text, name, role, stance))


def _emit_actor(tok, role: str, stance: str, ctx: _Context, *, depth: int = 0) -> None:
    """Record ``tok`` (resolved, unwrapped) as an actor, or the actors named in its modifiers
    when it is an attack or a weapon; then the members it lists ('including X')."""
    if depth > 3:
        return
    cues = ctx.cues
    for tok in _with_conjuncts(tok):
        tok = _antecedent(tok)
        if tok is None or _negative_np(tok):
            continue
        tok = _unwrap_quantity(tok, cues)
        if _not_actor_noun(tok, cues):
            if role == "perpetrator":
                _modifier_actors(tok, stance, ctx, depth=depth + 1)
            continue
        if not _actor_like(tok, cues):
            continue
        if role in ("perpetrator", "claimant") and tok.lemma_.lower() in cues.words.get(
                "structure_noun", ()) and tok.ent_type_ not in ("ORG", "NORP", "PERSON"):
            continue                   # a building received the wounded; it shot no one
        if role == "perpetrator" and stance == "asserted" and _hedged_np(tok, cues):
            stance_here = "alleged"
        else:
            stance_here = stance
        ctx.add(tok, role, stance_here)
        for member in _listed_members(tok):
            _emit_actor(member, role, stance_here, ctx, depth=depth + 1)


def _listed_members(tok) -> list:
    """'armed militias, including the Hezbollah Brigades' -> [Brigades]."""
    out = []
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in _INCLUDING:
            out.extend(_pobjs(child))
        elif child.dep_ == "prep" and child.lower_ == "as" and child.i > 0 and \
                tok.doc[child.i - 1].lower_ == "such":
            out.extend(_pobjs(child))
        elif child.lower_ == "such":
            for g in child.children:
                if g.dep_ == "prep" and g.lower_ == "as":
                    out.extend(_pobjs(g))
    return out


def _hedged_np(tok, cues: _Cues) -> bool:
    """'suspected militants', 'Suspected Boko Haram fighters', 'militants, suspected of ...'."""
    start, _ = _phrase(tok)
    if any(t.lower_ in cues.words["suspect_adj"] for t in tok.doc[start:tok.i]):
        return True
    return any(c.dep_ in ("acl", "amod") and c.lower_ in cues.words["suspect_adj"]
               for c in tok.rights)


def _actor_modifier(child, cues: _Cues) -> bool:
    """A modifier of an attack or weapon noun that names who used it: a known group or state
    ('US', 'Iranian', 'Taliban'), a nationality or organisation entity, a member noun
    ('militia attack'). Places ('Baghdad attack'), dates, weapons and targets do not."""
    if child.dep_ not in ("amod", "compound", "nmod", "poss", "npadvmod"):
        return False
    if child.ent_type_ in _NON_ACTOR_ENTS or _not_actor_noun(child, cues):
        return False
    if child.lemma_.lower() in cues.words.get("target_noun", ()) and child.pos_ != "PROPN":
        return False
    start, end = _phrase(child)
    entry = _lookup(_clean(child.doc[start:end].text))
    if entry is None:
        entry = _resolve(_clean(child.doc[start:end].text))
    if entry is not None:
        return entry.kind in ("group", "country")
    if child.ent_type_ in ("NORP", "ORG") and child.pos_ in ("PROPN", "ADJ", "NOUN"):
        return True
    return child.lower_ in cues.member_nouns and child.pos_ == "NOUN"


def _modifier_actors(noun, stance: str, ctx: _Context, *, depth: int = 0) -> None:
    """Actors named by an attack or weapon noun: 'US drone strike', 'Iranian missiles',
    'an attack by gunmen', 'killed in an American attack', 'a raid with a US drone'."""
    if depth > 3:
        return
    cues = ctx.cues
    for child in noun.children:
        if _actor_modifier(child, cues):
            ctx.add(child, "perpetrator", stance)
        elif child.dep_ in ("prep", "agent") and child.lower_ == "by":
            for p in _pobjs(child):
                _emit_actor(p, "perpetrator", stance, ctx, depth=depth + 1)
        elif child.dep_ == "prep" and child.lower_ in ("from", "in", "with"):
            for p in _pobjs(child):
                if _not_actor_noun(p, cues) and p.lemma_.lower() not in \
                        cues.words.get("event_noun", ()):
                    _modifier_actors(p, stance, ctx, depth=depth + 1)


def _targetish(tok, cues: _Cues) -> bool:
    """After at / on / near / against: a facility or people, not a place, time or weapon."""
    tok = _antecedent(tok)
    if tok is None or not _is_noun(tok) or tok.ent_type_ in _NON_ACTOR_ENTS:
        return False
    if any(lemma in cues.words.get("place_noun", ()) for lemma in _lemmas(tok)):
        return False
    if tok.lemma_.lower() in cues.words.get("target_noun", ()) or \
            tok.lower_ in cues.words.get("target_noun", ()):
        return True
    if tok.ent_type_ in ("FAC", "ORG", "NORP", "PERSON"):
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC"):
        return True
    if any(other.ent_type_ == "PERSON" for _, other in _named_by(tok, cues)):
        return True
    entry = _lookup(_clean(tok.text))
    return entry is not None and entry.kind != "country"


def _is_person(tok, cues: _Cues) -> bool:
    if tok.ent_type_ == "PERSON" or any(o.ent_type_ == "PERSON" for _, o in _named_by(tok, cues)):
        return True
    entry = _lookup(_clean(tok.text))
    return entry is not None and entry.kind == "person"


def _emit_targets(tokens, role: str, ctx: _Context, *, check: bool, stance: str) -> None:
    cues = ctx.cues
    for tok in tokens:
        for t in _with_conjuncts(tok):
            t = _antecedent(t)
            if t is None or _negative_np(t) or not _is_noun(t):
                continue
            t = _unwrap_quantity(t, cues)
            if t.ent_type_ in _NON_ACTOR_ENTS or _not_actor_noun(t, cues):
                continue
            if check and not _targetish(t, cues):
                continue
            ctx.add(t, role, stance)


def _in_denied_clause(verb, cues: _Cues) -> bool:
    tok = verb
    for _ in range(8):
        head = tok.head
        if head is tok:
            return False
        if tok.dep_ in ("ccomp", "xcomp") and \
                head.lemma_.lower() in cues.words.get("deny_verb", ()):
            return True
        tok = head
    return False


def _event_stance(verb, ctx: _Context) -> str:
    return "denied" if _in_denied_clause(verb, ctx.cues) else "asserted"


def _responsibility_stance(verb, ctx: _Context) -> str:
    if _negated(verb) or _in_denied_clause(verb, ctx.cues):
        return "denied"
    return "alleged" if (ctx.attributed or ctx.hedged) else "asserted"


def _is_act_noun(tok, cues: _Cues) -> bool:
    lemma = tok.lemma_.lower()
    return any(lemma in cues.words.get(k, ()) for k in ("attack_noun", "harm_noun", "event_noun"))


# ---------------------------------------------------------------------------- verb frames


def _claim_frame(verb, ctx: _Context) -> bool:
    """'X claimed responsibility', 'the attack was claimed by X', 'an attack claimed by X'."""
    cues = ctx.cues
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if _is_passive(verb) and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in _NOUNS:
        objects.append(verb.head)
    responsibility = any(o.lemma_.lower() in cues.words.get("responsibility_noun", ())
                         for o in objects)
    act = lemma == "claim" and any(_is_act_noun(o, cues) for o in objects)
    if not (responsibility or act):
        return False
    if _negated(verb):
        return True
    claimants = _agents(verb)
    if any(_negative_np(c) for c in claimants):
        return True
    for claimant in claimants:
        _emit_actor(claimant, "claimant", "claimed", ctx)
        _emit_actor(claimant, "perpetrator", "claimed", ctx)
    return True


def _deny_frame(verb, ctx: _Context) -> bool:
    """'X denied involvement', 'X denied carrying out the attack', 'X denied it was behind'."""
    cues = ctx.cues
    if _negated(verb):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    involvement = any(o.lemma_.lower() in cues.words.get("involvement_noun", ()) for o in objects)
    complement = False
    for c in verb.children:
        if c.dep_ in ("xcomp", "pcomp") or (c.dep_ == "prep" and _pobjs(c)):
            complement = complement or c.dep_ in ("xcomp", "pcomp")
        if c.dep_ == "ccomp":
            inner = _own_subjects(c)
            if not inner or all(s.pos_ == "PRON" and s.tag_ not in _RELATIVE_TAGS
                                for s in inner):
                complement = True
    if not (involvement or complement):
        return False
    for agent in _agents(verb):
        _emit_actor(agent, "perpetrator", "denied", ctx)
    return True


def _accused(verb, cues: _Cues) -> list:
    """Whom a blame verb accuses, by its frame: the object ('blamed X', 'X was accused'),
    to/on ('attributed the attack to X', 'blamed the attack on X'), or responsible ('held X
    responsible'; without the adjective 'hold' blames nobody)."""
    if _negated(verb) or verb.dep_ == "amod":     # 'charging documents' accuse nobody
        return []
    frame = cues.values.get(("blame_verb", verb.lemma_.lower()), "object")
    if frame == "responsible":
        adjs = cues.words.get("responsibility_adj", ())
        near = list(verb.children) + [g for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                                      for g in c.children]
        return _patients(verb) if any(t.lemma_.lower() in adjs for t in near) else []
    if frame in ("to", "on"):
        return _prep_objects(verb, {"to", "on"})
    accused = []
    for p in _patients(verb):
        if _is_act_noun(p, cues):
            accused.extend(_prep_objects(verb, {"on", "to"}))
        else:
            accused.append(p)
    return accused


def _blame_frame(verb, ctx: _Context) -> bool:
    """'officials blamed X', 'X was accused of', 'held X responsible', 'X, suspected of',
    'blamed the attack on X', 'attributed the attack to X'."""
    accused = _accused(verb, ctx.cues)
    for a in accused:
        _emit_actor(a, "perpetrator", "alleged", ctx)
    return bool(accused)


def _responsibility_frame(verb, ctx: _Context) -> None:
    """'carried out by X', 'X conducted the attack', 'the attack was perpetrated by X'."""
    cues = ctx.cues
    acts = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in _NOUNS:
        acts.append(verb.head)
    if not any(_is_act_noun(a, cues) for a in acts):
        return
    stance = _responsibility_stance(verb, ctx)
    for agent in _agents(verb):
        _emit_actor(agent, "perpetrator", stance, ctx)


def _act_frame(verb, kinds: set[str], ctx: _Context) -> None:
    """Attack, harm and impact verbs: agents are perpetrators, objects targets or victims."""
    cues = ctx.cues
    if _negated(verb):
        return
    stance = _event_stance(verb, ctx)
    lemma = verb.lemma_.lower()
    weapon_object = any(cues.values.get(("attack_verb", c), "") == "weapon_object"
                        for c in _cue_forms(verb))
    agents = _agents(verb)
    if weapon_object and not kinds & {"harm_verb"}:
        # "launched an attack", "fired rockets"; not "launched a manhunt", "threw a party"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if objects and not any(_is_act_noun(o, cues) or o.lemma_.lower() in cues.words.get(
                "instrument_noun", ()) for o in objects):
            return
    if "impact_verb" in kinds and not kinds & {"attack_verb", "harm_verb"}:
        for a in agents:
            a = _antecedent(a)
            if a is not None:
                a = _unwrap_quantity(a, cues)
                if _not_actor_noun(a, cues):
                    _modifier_actors(a, stance, ctx)
        _emit_targets(_prep_objects(verb, _TARGET_PREPS), "target", ctx, check=True,
                      stance=stance)
        return
    for a in agents:
        _emit_actor(a, "perpetrator", stance, ctx)
        speaker = _reporting_self(a, verb)
        if speaker is not None and stance == "asserted":   # 'the Houthis said they launched'
            _emit_actor(speaker, "claimant", "claimed", ctx)
            _emit_actor(speaker, "perpetrator", "claimed", ctx)
    patients = _patients(verb)
    role = "victim" if "harm_verb" in kinds else "target"
    if weapon_object:
        for p in patients:             # 'rockets were fired': the weapon names its owner
            p = _antecedent(p)
            if p is not None:
                p = _unwrap_quantity(p, cues)
                if _not_actor_noun(p, cues):
                    _modifier_actors(p, stance, ctx)
    else:
        _emit_targets(patients, role, ctx, check=False, stance=stance)
    preps = set(_TARGET_PREPS)
    if lemma == "clash":
        preps.add("with")
    _emit_targets(_prep_objects(verb, preps), "target", ctx, check=lemma != "clash",
                  stance=stance)


def _reporting_self(agent, verb):
    """The speaker, when a pronoun agent in reported speech stands for the speaker: in 'the
    Houthis said they had launched drones', 'the army said it killed 20 militants', the
    speaker claims the act. Only the nearest reporting verb counts, and only a noun speaker."""
    if agent.pos_ != "PRON" or agent.lower_ not in ("it", "they", "we", "he", "she"):
        return None
    done = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children))
    if not done or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return None                    # 'said they would no longer attack' claims nothing
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "conj") or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ == "VERB" and "report_verb" in _kinds(tok, _cues()):
            speakers = [s for s in _own_subjects(tok) if s.pos_ in _NOUNS]
            if agent.lower_ != "we" and _quoted(agent):
                return None    # '"They shot anyone who ran," Garba said': in a speaker's own
                #                words "they" are others, only "we" is the speaker's side
            return speakers[0] if speakers else None
    return None


def _quoted(tok) -> bool:
    """Inside a direct quotation: an odd number of quotation marks before it in its sentence
    (or its quotation opened a sentence earlier: the sentence starts inside one)."""
    marks = [t for t in tok.doc[tok.sent.start:tok.i] if t.text in ('"', "“", "”")]
    if len(marks) % 2 == 1:
        return True
    return any(t.text in ('"', "”") for t in tok.doc[tok.i:tok.sent.end]) and not marks and \
        tok.sent.text.lstrip()[:1] not in ('"', "“")


def _cue_forms(verb) -> list[str]:
    lemma = verb.lemma_.lower()
    forms = [lemma]
    forms += [f"{lemma} {c.lemma_.lower()}" for c in verb.children if c.dep_ in ("prt", "dobj")]
    return forms


def _copula_frame(tok, ctx: _Context) -> None:
    """'X was responsible for the attack', 'X is believed to be behind the attack'."""
    cues = ctx.cues
    if tok.pos_ == "ADJ" and tok.lemma_.lower() in cues.words.get("responsibility_adj", ()):
        if tok.dep_ not in ("acomp", "attr", "oprd"):
            return
        verb = tok.head
    elif tok.dep_ == "prep" and tok.lower_ == "behind":
        if not any(_is_act_noun(p, cues) for p in _pobjs(tok)):
            return
        verb = tok.head
    else:
        return
    if verb.lemma_.lower() not in ("be", "remain", "seem", "appear"):
        return
    stance = "denied" if _negated(verb) else _responsibility_stance(verb, ctx)
    subjects = _own_subjects(verb) or _agents(verb)
    if not subjects and verb.dep_ == "xcomp":
        subjects = _own_subjects(verb.head)
    for s in subjects:
        _emit_actor(s, "perpetrator", stance, ctx)


def _noun_frame(noun, ctx: _Context) -> None:
    """Attack and harm nouns: 'US drone strike', 'attack on the embassy', 'killing of X'."""
    cues = ctx.cues
    lemma = noun.lemma_.lower()
    attack = lemma in cues.words.get("attack_noun", ())
    harm = lemma in cues.words.get("harm_noun", ())
    instrument = lemma in cues.words.get("instrument_noun", ())
    stance = "asserted"
    if (attack or lemma in cues.words.get("event_noun", ())) and not _negative_np(noun):
        for party in _prep_objects(noun, {"between"}):   # 'clashes between the army and RSF'
            _emit_actor(party, "perpetrator", stance, ctx)
    if not (attack or harm or instrument) or _negative_np(noun):
        return
    if attack or harm:
        _modifier_actors(noun, stance, ctx)
    _emit_targets(_prep_objects(noun, _TARGET_PREPS), "target", ctx, check=True, stance=stance)
    if attack or harm:
        of = _prep_objects(noun, {"of"})
        if harm:
            _emit_targets(of, "victim", ctx, check=False, stance=stance)
        else:                      # 'the bombing of the embassy'; 'an attack ... of General X'
            people = [t for t in of if _is_person(t, cues)]
            _emit_targets(people, "victim", ctx, check=False, stance=stance)
            _emit_targets([t for t in of if t not in people], "target", ctx, check=True,
                          stance=stance)


def _suspect_modifier_frame(noun, ctx: _Context) -> None:
    """'suspected militants', 'the alleged gunman': an alleged perpetrator wherever it stands."""
    cues = ctx.cues
    if not _actor_like(noun, cues) or noun.dep_ in ("compound", "flat") or \
            noun.lemma_.lower() in cues.words.get("target_noun", ()) and \
            noun.lower_ not in cues.member_nouns:
        return
    head = noun.head
    if head is not noun and "harm_verb" in _kinds(head, cues) and noun in _patients(head):
        return                     # "six suspected traffickers were killed": the dead
    if _hedged_np(noun, cues):
        _emit_actor(noun, "perpetrator", "alleged", ctx)


# ============================================================================ public API


def _as_span(sent):
    return sent[:] if not hasattr(sent, "doc") or sent.doc is sent else sent


def find_actors(sent) -> list[ActorFinding]:
    """Perpetrators, claimants, targets and victims stated in one sentence (a spaCy Span)."""
    sent = _as_span(sent)
    cues = _cues()
    hedges = cues.words.get("hedge", ())
    ctx = _Context(cues=cues, attributed=find_attribution(sent) is not None,
                   hedged=any(t.lemma_.lower() in hedges or t.lower_ in hedges for t in sent
                              if t.dep_ not in ("amod",)),
                   findings={})
    for tok in sent:
        if tok.tag_ == "VBG" and tok.dep_ == "ROOT" and is_headline(tok.sent) and not any(
                c.dep_ in ("aux", "dobj") for c in tok.children):
            continue               # "... in Bayou Blue shooting": the noun, whatever its tag
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            kinds = _kinds(tok, cues)
            if not kinds:
                continue
            if "claim_verb" in kinds and _claim_frame(tok, ctx):
                continue
            if "deny_verb" in kinds and _deny_frame(tok, ctx):
                continue
            if "blame_verb" in kinds and _blame_frame(tok, ctx):
                continue
            if "responsibility_verb" in kinds:
                _responsibility_frame(tok, ctx)
            if kinds & {"attack_verb", "harm_verb", "impact_verb"}:
                _act_frame(tok, kinds, ctx)
        elif tok.pos_ in _NOUNS:
            _noun_frame(tok, ctx)
            _suspect_modifier_frame(tok, ctx)
        if tok.pos_ == "ADJ" or tok.dep_ == "prep":
            _copula_frame(tok, ctx)
    found = [f for f in ctx.findings.values() if not _dateline_or_outlet(sent, f, cues)
             and not _asked(sent, f)]
    return sorted(found, key=lambda f: (f.start, f.end, f.role, f.stance))


_WH = frozenset({"which", "what", "whichever", "whatever"})


def _asked(sent, finding: "ActorFinding") -> bool:
    """"did not say which group was behind the attack", "to determine what gang ...": a
    question about who, nobody named."""
    span = sent.doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return False
    doc = sent.doc
    first = span[0]
    wh = first if first.lower_ in _WH else (doc[first.i - 1] if first.i > sent.start else None)
    if wh is None or wh.lower_ not in _WH or wh.i <= sent.start:
        return False
    # a question follows the verb that asks it ("say which group"); a relative "which"
    # follows a noun or a preposition ("the group at which the gunman fired")
    return doc[wh.i - 1].pos_ in ("VERB", "AUX")


_DATELINE_END = re.compile(r"\s*(?:[,(]|[-–—]\s)")


def _dateline_or_outlet(sent, finding: "ActorFinding", cues: _Cues) -> bool:
    """The dateline, the news agency and a headline's label are where, through whom and under
    which heading the story was filed, never a party: "MOGADISHU — A car bomb exploded ...",
    "BEIRUT (AFP) - Russian air strikes killed ..." and "Police blotter: shooting on Elm
    Street" parse MOGADISHU, AFP and "Police blotter" as subjects."""
    doc = sent.doc
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return False
    outlet = _outlet_in(doc, span.start, span.end, cues)
    if outlet is not None and outlet[1] <= span.start and outlet[2] >= span.end:
        return True
    text = doc_text(doc)
    if span.start == sent.start and re.match(r"\s*:", text[finding.end:finding.end + 3]):
        return True      # a headline's label: "Police blotter: shooting on Elm Street", "Iraq: ..."
    if (span.start == sent.start and finding.text.isupper() and len(finding.text) > 2
            and bool(_DATELINE_END.match(text, finding.end))):
        return True
    # anywhere inside a leading dateline: "BUNIA, Congo (AP) -" parses Congo as a subject too
    end = dateline_end(text, sent.start_char)
    return end is not None and finding.end <= end


# ---------------------------------------------------------------------------- attribution

_SPEAKER_PREPS = ("of", "for", "from", "at")
_PERSONAL = frozenset({"PRP"})


def _outlet_in(doc, start: int, end: int, cues: _Cues) -> tuple[str, int, int] | None:
    """(short name, start, end) of a news outlet named within tokens [start, end)."""
    for n in (3, 2, 1):
        for i in range(start, end - n + 1):
            words = doc[i:i + n]
            text = words.text
            short = cues.outlet_acronyms.get(text.replace(".", "")) if n == 1 else None
            short = short or cues.outlets.get(_fold(text))
            if short:
                return short, i, i + n
    return None


def _speaker(tok, cues: _Cues) -> tuple[int, int, str] | None:
    """(start token, end token, said_by) for a speaker noun; None for pronouns."""
    tok = _antecedent(tok)
    if tok is None or not _is_noun(tok) or tok.ent_type_ in _NON_ACTOR_ENTS:
        return None
    if _not_actor_noun(tok, cues) and tok.lemma_.lower() not in \
            cues.words.get("statement_noun", ()):
        return None
    if _ends_line(tok):                 # a caption or heading line ('image'), not a speaker
        tok = next((c for c in tok.children if c.dep_ == "appos" and c.i > tok.i), None)
        if tok is None:
            return None
    doc = tok.doc
    if tok.ent_type_ != "PERSON":     # 'the acting Secretary of Defense, Christopher Miller'
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON":
                tok = child
                break
    start, end = _phrase(tok, _SPEAKER_PREPS)
    for conj in tok.conjuncts:
        if conj.i > tok.i:
            end = max(end, _phrase(conj, _SPEAKER_PREPS)[1])
    while start < end - 1 and (doc[start].pos_ == "PUNCT" or doc[start].lower_ in ("other",)
                               or doc[start].dep_ == "advmod"):
        start += 1
    while end > start + 1 and doc[end - 1].pos_ == "PUNCT":
        end -= 1
    said_by = _clean_speaker(_decapitalised(doc, start, end))
    return (start, end, said_by) if said_by else None


def _clean_speaker(text: str) -> str:
    """Like _clean, but keeps the article: 'the army' is how a source is cited."""
    text = " ".join(text.split())
    text = re.sub(r"[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]", "", text)
    return " ".join(text.strip(_EDGE_PUNCT).split())


def _source_phrase_object(sent, i: int, phrase: tuple[str, ...], cues: _Cues):
    """The noun after 'according to' / 'citing', unwrapped from 'a statement from X'."""
    last = sent.doc[i + len(phrase) - 1]
    objs = [c for c in last.children if c.dep_ in ("pobj", "dobj", "pcomp")]
    if not objs:
        objs = [c for c in sent.doc[i].children if c.dep_ in ("pobj", "dobj")]
    if not objs:
        nxt = i + len(phrase)
        if nxt >= sent.end:
            return None
        tok = sent.doc[nxt]
        while tok.head is not tok and tok.head.i > tok.i and tok.dep_ in _LEFT_DEPS:
            tok = tok.head
        objs = [tok]
    obj = objs[0]
    if obj.pos_ == "VERB":            # 'according to charging documents' parsed as a clause
        inner = [c for c in obj.children if c.dep_ in ("dobj", "pobj")]
        if not inner:
            return None
        obj = inner[0]
    if obj.lemma_.lower() in cues.words.get("statement_noun", ()):
        inner = _prep_objects(obj, {"from", "by", "of"})
        if inner:
            obj = inner[0]
    return obj


def find_attribution(sent) -> Attribution | None:
    """Who made the statement in this sentence, if the sentence says: the shallowest of
    'according to X', a reporting verb's subject, a statement issuer, or an accuser."""
    sent = _as_span(sent)
    cues = _cues()
    doc = sent.doc
    best = None
    for tok in sent:
        lower = tok.lower_
        # 'according to X', 'citing X'
        for phrase in cues.phrases:
            if lower != phrase[0] or tok.i + len(phrase) > sent.end:
                continue
            if tuple(t.lower_ for t in doc[tok.i:tok.i + len(phrase)]) != phrase:
                continue
            obj = _source_phrase_object(sent, tok.i, phrase, cues)
            spoken = _speaker(obj, cues) if obj is not None else None
            if spoken is None:
                continue
            s, e, said_by = spoken
            outlet = _outlet_in(doc, s, e, cues)
            short = outlet[0] if outlet else None
            if short is None and phrase[0] in ("citing", "quoting"):
                for verb in (tok.head, sent.root):   # 'Reuters reported, citing police'
                    for subj in _own_subjects(verb):
                        found = _outlet_in(doc, *_phrase(subj), cues)
                        short = short or (found[0] if found else None)
            rank = (_depth(tok.head) if tok.head is not tok else 0, 0, tok.i)
            candidate = (rank, Attribution(tok.idx, doc[e - 1].idx + len(doc[e - 1]),
                                           said_by, short))
            best = candidate if best is None or candidate[0] < best[0] else best
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        kinds = _kinds(tok, cues)
        order = None
        if "report_verb" in kinds:
            objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if not ("claim_verb" in kinds and any(
                    o.lemma_.lower() in cues.words.get("responsibility_noun", ())
                    or _is_act_noun(o, cues) for o in objects)):
                order = 1
        if order is None and "statement_verb" in kinds and any(
                c.dep_ == "dobj" and c.lemma_.lower() in cues.words.get("statement_noun", ())
                for c in tok.children):
            order = 1
        if order is None and "blame_verb" in kinds and not _is_passive(tok) and \
                _accused(tok, cues):
            order = 2
        if order is None or _negated(tok):
            continue
        speakers = _agents(tok) if _is_passive(tok) else _own_subjects(tok)
        if not speakers and tok.dep_ == "conj" and not _is_passive(tok):
            speakers = _own_subjects(tok.head)
        if not speakers and any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children):
            speakers = [c for c in tok.children     # '..., reported Reuters' (inverted)
                        if c.dep_ == "dobj" and c.i > tok.i]
        spoken = None
        for spk in sorted(speakers, key=lambda t: abs(t.i - tok.i)):
            spoken = _speaker(spk, cues)
            if spoken:
                break
        if spoken is None:
            continue
        s, e, said_by = spoken
        outlet = _outlet_in(doc, s, e, cues)
        span_start, span_end = min(s, tok.i), max(e, tok.i + 1)
        if outlet is None:
            for c in tok.children:
                if c.dep_ in ("dobj", "dative") or (
                        c.dep_ == "prep" and c.lower_ in ("to", "with")):
                    lo, hi = c.left_edge.i, c.right_edge.i + 1
                    outlet = _outlet_in(doc, lo, hi, cues)
                    if outlet:
                        if outlet[2] - span_end < 6:     # 'told AFP', not a far-off mention
                            span_end = max(span_end, outlet[2])
                        break
        rank = (_depth(tok), order, tok.i)
        start_char = doc[span_start].idx
        end_char = doc[span_end - 1].idx + len(doc[span_end - 1])
        candidate = (rank, Attribution(start_char, end_char, said_by,
                                       outlet[0] if outlet else None))
        best = candidate if best is None or candidate[0] < best[0] else best
    return best[1] if best else None


__all__ = ["ActorFinding", "Attribution", "ActorEntry", "find_actors", "find_attribution",
           "normalize_actor", "actor_entry", "EXTRACTOR"]
