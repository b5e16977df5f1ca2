"""Restore the case of text written all in capitals (wire, telex, military reports) before it
is parsed: "THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50 PEASANTS" reads to the tagger
and the parser as a run of proper nouns; "The Arce Battalion command has reported that about 50
peasants" reads as English.

``restore_case(text)`` returns the text with only the case of letters changed, so every offset
into it is an offset into the original: the pipeline parses the restored text and quotes the
original. ``shouting(text)`` says whether a text (or a line) is written in capitals.

How a word's case is chosen, most specific evidence first:

1. The text itself. A word it writes in a bracket or parentheses alone ("[FMLN]", "(ACAN-EFE)")
   and that is no common word is an acronym everywhere in the text; a text whose other lines are
   in mixed case says how it writes its own words.
2. Names the project knows: the gazetteer's place names, one to four words ("San Miguel", "La
   Esperanza", "San Luis de la Reina", written as GeoNames writes them), and the actor tables'
   acronyms ("FARC", "ELN").
3. Word statistics of mixed-case English (``truecase_words.tsv``, ``truecase_context.tsv``, from
   the truecase package's counts over Brown, Reuters and three other corpora): the casing a word
   takes most often, unless the word before or after it makes another likelier ("in May",
   "May 5" against "may be").
4. A word those never saw is a name ("Usulutan", "Cristiani"), capitalised; if it cannot be
   pronounced ("FMLN", "PDC": no vowel, or a run of consonants no word starts with), an acronym.

A sentence's first word is capitalised. Number-letter mixes ("M-16", "7.62-MM") keep their
capitals; units after a number ("7.62-MM", "105MM") are lower case.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .data import read_table, vocabulary

__all__ = ["restore_case", "shouting", "CaseModel"]

# A text is shouting when nearly all its cased letters are capitals and it has enough of them
# to tell (a short headline in capitals is the title casing's business, not this module's).
SHOUTING_SHARE = 0.9
SHOUTING_MIN_LETTERS = 40

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_VOWELS = set("aeiouy")
# word starts no English or Spanish word has: a sign of an acronym ("FMLN", "PDC", "MRTA")
_ONSETS = re.compile(r"^(?:[^aeiouy]*$|[bcdfgjklmnpqrstvwxz](?![hlrwy])[bcdfgjkmnpqstvxz])")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)\]]*\s+$|--\s*$|^\s*$|[:;]\s*\"\s*$|\n\s*$")
_NUMBER = re.compile(r"[\d.,:/-]*\d[\d.,:/-]*")
_UNIT_AFTER_NUMBER = re.compile(r"^(?:mm|cm|km|kg|m|st|nd|rd|th|s)$", re.IGNORECASE)
_CLASSES = ("lower", "title", "upper")
UPPER_DISCOUNT = math.log(0.2)


def shouting(text: str) -> bool:
    """Is ``text`` written in capitals (at least 90% of its cased letters, 40 or more)?"""
    upper = sum(1 for c in text if c.isupper())
    lower = sum(1 for c in text if c.islower())
    return upper + lower >= SHOUTING_MIN_LETTERS and upper >= SHOUTING_SHARE * (upper + lower)


@dataclass(frozen=True, slots=True)
class _Word:
    counts: tuple[int, int, int]        # lower, title, upper
    form: str | None                    # another form, when that is the commonest ("McDonald")
    other: int


class CaseModel:
    """The statistics and name lists ``restore_case`` decides with (loaded once)."""

    def __init__(self, words: dict[str, _Word], contexts: dict[tuple[str, str, str], tuple[int, int, int]],
                 names: dict[tuple[str, ...], str], acronyms: frozenset[str]):
        self.words = words
        self.contexts = contexts
        self.names = names              # lower-case word tuples -> the name as written
        self.longest_name = min(6, max((len(k) for k in names), default=1))
        self.acronyms = acronyms

    def _scores(self, key: str, before: str | None, after: str | None) -> list[float]:
        word = self.words[key]
        scores = [math.log(n + 0.5) for n in word.counts]
        # headlines in capitals slip into the counts ("SEEKS": 48 lower, 49 upper): all capitals
        # must be the usual form by far to be chosen
        scores[2] += UPPER_DISCOUNT
        for side, neighbour in (("before", before), ("after", after)):
            if neighbour is None:
                continue
            counts = self.contexts.get((side, neighbour, key))
            if counts:
                total = sum(counts) + 1.5
                # the context's own distribution, weighted as strongly as the word's
                scores = [s + 2.0 * math.log((n + 0.5) / total) for s, n in zip(scores, counts)]
        return scores

    def casing(self, key: str, before: str | None, after: str | None) -> str | None:
        """"lower", "title", "upper", a whole other form, or None for a word never seen."""
        word = self.words.get(key)
        if word is None:
            return None
        if word.form and word.other > max(word.counts):
            return word.form
        scores = self._scores(key, before, after)
        return _CLASSES[max(range(3), key=lambda i: (scores[i], -i))]


def _is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None


def _neighbour(token: str | None) -> str | None:
    if token is None:
        return None
    return "<num>" if _NUMBER.fullmatch(token) else token.lower().rstrip(".")


def _apply(word: str, casing: str) -> str:
    if casing == "lower":
        return word.lower()
    if casing == "upper":
        return word.upper()
    if casing == "title":
        return _title(word)
    return _case_like(word, casing)


def _title(word: str) -> str:
    """"O'HARA" -> "O'Hara", "SANTA-ELENA" -> "Santa-Elena": a capital after ' and -."""
    out, capital = [], True
    for ch in word:
        out.append(ch.upper() if capital else ch.lower())
        capital = ch in "-'’"
    return "".join(out)


def _case_like(word: str, form: str) -> str:
    """``word``'s letters in ``form``'s case, letter by letter ("USULUTAN", "Usulután" ->
    "Usulutan"): only case changes, never letters."""
    from unidecode import unidecode

    folded = unidecode(form)
    if len(folded) != len(word):
        return _title(word)
    return "".join(w.upper() if f.isupper() else w.lower() for w, f in zip(word, folded))


def _pronounceable(key: str) -> bool:
    letters = re.sub(r"[^a-z]", "", key)
    if not letters or not set(letters) & _VOWELS:
        return False
    return not _ONSETS.match(letters)


def _same_length(original: str, changed: str) -> str:
    # Unicode case mappings can change a string's length ("ß".upper()); offsets must not move
    return changed if len(changed) == len(original) else original


def restore_case(text: str, model: CaseModel | None = None) -> str:
    """``text`` with the case of its capitalised stretches restored (same length).

    Lines in mixed case are kept as they are; they also teach the model how this text writes
    its words. Only lines that are ``shouting`` (or a whole text that is) change."""
    model = model or case_model()
    lines = re.split(r"(\n)", text)
    own = _own_usage(text)
    acronyms = model.acronyms | _bracketed_acronyms(text, model)
    whole = shouting(text)
    out = []
    for line in lines:
        if line == "\n" or not (whole or shouting(line)):
            out.append(line)
        else:
            out.append(_restore_line(line, model, own, acronyms))
    return "".join(out)


def _own_usage(text: str) -> dict[str, str]:
    """How the text's own mixed-case lines write a word not at a sentence start."""
    seen: dict[str, Counter] = {}
    for line in text.splitlines():
        if shouting(line) or not line.strip():
            continue
        for m in _TOKEN.finditer(line):
            word = m.group(0)
            if _SENTENCE_END.search(line[:m.start()]) or not word[0].isalpha():
                continue
            seen.setdefault(word.lower(), Counter())[word] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in seen.items()}


_BRACKETED = re.compile(r"[\[(]\s*([A-Za-z][A-Za-z.-]{1,11})\s*[\])]")


def _bracketed_acronyms(text: str, model: CaseModel) -> frozenset[str]:
    """Words a text gives alone in brackets ("[FMLN]", "(ACAN-EFE)"): how such texts define
    their acronyms. A common word ("[SENTENCE AS HEARD]" holds none alone) is not one."""
    found = set()
    for m in _BRACKETED.finditer(text):
        key = m.group(1).lower()
        word = model.words.get(key)
        if word is None or word.counts[2] >= max(word.counts[0], word.counts[1]):
            found.add(key)
    return frozenset(found)


def _restore_line(line: str, model: CaseModel, own: dict[str, str], acronyms: frozenset[str]) -> str:
    tokens = list(_TOKEN.finditer(line))
    keys = [_split_possessive(t.group(0))[0].lower().rstrip(".") for t in tokens]
    chars = list(line)
    decided: dict[int, str] = {}
    # names the project knows, longest first ("San Luis de la Reina" before "San Luis")
    i = 0
    while i < len(tokens):
        for n in range(min(model.longest_name, len(tokens) - i), 1, -1):
            span = tuple(keys[i:i + n])
            name = model.names.get(span)
            if name is None or not _adjacent(line, tokens[i:i + n]):
                continue
            parts = name.split()
            if len(parts) == n:
                for j, part in enumerate(parts):
                    decided[i + j] = part
                i += n - 1
                break
        i += 1
    previous_out: str | None = None
    for i, token in enumerate(tokens):
        word = token.group(0)
        key = keys[i]
        before = _neighbour(previous_out) if i else None
        after = _neighbour(tokens[i + 1].group(0)) if i + 1 < len(tokens) else None
        if i in decided:
            base, suffix = _split_possessive(word)
            cased = _case_like(base, decided[i]) + suffix.lower()
        elif any(c.isdigit() for c in word):
            if i and _NUMBER.fullmatch(tokens[i - 1].group(0)) is None and _UNIT_AFTER_NUMBER.match(word):
                cased = word.lower()
            else:
                cased = re.sub(r"(?<=\d)(MM|CM|KM|KG|ST|ND|RD|TH)\b", lambda m: m.group(1).lower(), word)
        elif key in vocabulary.month_names() and (_is_number(tokens[i - 1].group(0)) if i else False
                                 or (i + 1 < len(tokens) and _is_number(tokens[i + 1].group(0)))):
            cased = _title(word)           # "5 MAY", "MARCH 3": the month, not the verb
        else:
            cased = _cased_word(word, key, before, after, model, own, acronyms)
        start = _sentence_start(line, token.start())
        if start and cased[:1].islower():
            cased = cased[:1].upper() + cased[1:]
        cased = _same_length(word, cased)
        chars[token.start():token.end()] = cased
        previous_out = cased
    # letters outside tokens (none but stray ones) are lowered with their line
    return "".join(chars)


def _adjacent(line: str, tokens) -> bool:
    """Tokens of a name are separated by single spaces (not a comma or a line's end)."""
    return all(line[a.end():b.start()] == " " for a, b in zip(tokens, tokens[1:]))


def _sentence_start(line: str, at: int) -> bool:
    return bool(_SENTENCE_END.search(line[:at]))


def _cased_word(word: str, key: str, before, after, model: CaseModel, own: dict[str, str],
                acronyms: frozenset[str]) -> str:
    base, suffix = _split_possessive(word)
    key = base.lower()
    if key in own and len(own[key]) == len(base):
        return own[key] + suffix.lower()
    if key in acronyms:
        return base.upper() + suffix.lower()
    casing = model.casing(key, before, after)
    if casing is None and "-" in key:
        # "ACAN-EFE", "ANTI-GUERRILLA": each part as it would be alone
        parts = base.split("-")
        cased = [_cased_word(p, p.lower(), None, None, model, own, acronyms) if p else p for p in parts]
        return "-".join(cased) + suffix.lower()
    if casing is None:
        casing = "title" if _pronounceable(key) else "upper"
    return _apply(base, casing) + suffix.lower()


def _split_possessive(word: str) -> tuple[str, str]:
    m = re.search(r"['’][Ss]$|(?<=[Ss])['’]$", word)
    return (word[:m.start()], word[m.start():]) if m else (word, "")


@lru_cache(maxsize=1)
def case_model() -> CaseModel:
    words = {}
    for _, row in read_table("en/truecase_words.tsv", ("word", "lower", "title", "upper", "other", "form"),
                             key=("word",)):
        words[row["word"]] = _Word((int(row["lower"]), int(row["title"]), int(row["upper"])),
                                   row["form"] or None, int(row["other"]))
    contexts = {}
    for _, row in read_table("en/truecase_context.tsv", ("side", "neighbour", "word", "lower", "title", "upper"),
                             key=("side", "neighbour", "word")):
        contexts[(row["side"], row["neighbour"], row["word"])] = (
            int(row["lower"]), int(row["title"]), int(row["upper"]))
    return CaseModel(words, contexts, _known_names(words), _known_acronyms(words))


# A place named only with common lower-case words ("Long Beach", "Grand Rapids") is taken
# for a name only when it is a big one: "THE NEXT DAY" must not become a hamlet's name.
COMMON_WORDS_NAME_POPULATION = 50_000


def _known_names(words: dict[str, _Word]) -> dict[tuple[str, ...], str]:
    """Place names of two to four words from the gazetteer, as GeoNames writes them ("San
    Miguel", "San Luis de la Reina"), keyed by their lower-case ASCII words."""
    from unidecode import unidecode

    from .extract.geo.gazetteer import gazetteer

    names: dict[tuple[str, ...], str] = {}
    for name, population in gazetteer().multiword_names():
        parts = tuple(unidecode(name).lower().split())
        if not 2 <= len(parts) <= 4 or any(not re.fullmatch(r"[a-z][a-z'’-]*", p) for p in parts):
            continue
        common = all(p in words and max(words[p].counts) == words[p].counts[0] for p in parts)
        if common and population < COMMON_WORDS_NAME_POPULATION:
            continue
        names.setdefault(parts, name)
    # ... and the actor tables' names of several words ("National Liberation Army")
    for _, row in read_table("en/actor_aliases.tsv"):
        alias = row["alias"]
        parts = tuple(alias.lower().split())
        if 2 <= len(parts) <= 6 and all(re.fullmatch(r"[a-z][a-z'’-]*", p) for p in parts) \
                and any(c.isupper() for c in alias):
            names.setdefault(parts, alias)
    return names


def _known_acronyms(words: dict[str, _Word]) -> frozenset[str]:
    """Acronyms the actor tables hold ("FARC", "ELN", "AQAP") that are no common word ("IS",
    "US" are written "is", "us" far more often)."""
    from .extract.actors import known_acronyms

    found = set()
    for acronym in known_acronyms():
        word = words.get(acronym.lower())
        if word is None or word.counts[2] >= max(word.counts[:2]):
            found.add(acronym.lower())
    return frozenset(found)
