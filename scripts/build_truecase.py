"""Build sitrep's truecasing tables from the statistics of mixed-case English text.

    pip install truecase==0.0.14      # brings nltk, which its model file needs to load
    python scripts/build_truecase.py  # writes src/sitrep/data/en/truecase_*.tsv

The source is the model shipped in the PyPI package ``truecase`` 0.0.14 (MIT): word-casing
counts over NLTK's Brown, Reuters-21578, SemCor, CoNLL-2000 and State of the Union corpora,
sentences that are mostly upper case left out. This script folds those counts into what
``sitrep.truecase`` reads, two small tables:

  truecase_words.tsv     for each word (lower case), how often it was written lower case,
                         capitalised, all upper case, or in another form ("McDonald"), not
                         counting a capital that only opened a sentence;
  truecase_context.tsv   for the words written more than one way, the neighbours (the word
                         before or after) that make another casing the likelier one ("in May",
                         "May 5" against "may be"), when they are seen often enough.

The same model file gives the same tables, byte for byte (rows sorted, counts integers).
"""
from __future__ import annotations

import argparse
import pickle
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "sitrep" / "data" / "en"
# a word is what sitrep.truecase tokenises: letters, inner apostrophes, dots and hyphens
WORD = re.compile(r"^[A-Za-z][A-Za-z.'’-]*$")
NUMBER = re.compile(r"[\d.,:/-]*\d[\d.,:/-]*")
SENTENCE_OPENERS = {".", "?", "!", "``", '."', '?"', '!"', ":", "--"}
MIN_WORD = 2           # a form seen once is noise
MIN_CONTEXT = 5        # a context must be seen this often to outvote the word's own counts
CLASSES = ("lower", "title", "upper")


def casing(form: str) -> str:
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return "other"
    if all(c.islower() for c in letters):
        return "lower"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "title"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    return "other"


def base(form: str) -> str:
    """The word without a possessive ending and a final dot ("Cristiani's", "U.S." -> "U.S"),
    as sitrep.truecase tokenises it."""
    form = re.sub(r"(?:['’]s|s['’]|['’])$", lambda m: "s" if m.group(0).startswith("s") else "", form)
    return form[:-1] if form.endswith(".") else form


def neighbour_key(word: str) -> str:
    """A neighbour as sitrep.truecase looks it up: lower case, any number as "<num>"."""
    return "<num>" if NUMBER.fullmatch(word) else word.lower()


def load_model() -> dict:
    import truecase  # noqa: F401  (the package's data folder)

    path = Path(truecase.__file__).resolve().parent / "data" / "english.dist"
    with path.open("rb") as fh:
        return pickle.load(fh)


def build(model: dict) -> tuple[list[list[str]], list[list[str]]]:
    uni, backward, forward = model["uni_dist"], model["backward_bi_dist"], model["forward_bi_dist"]
    # capitals that only open a sentence say nothing of the word's own casing
    opening = Counter()
    for pair, n in backward.items():
        left, _, word = pair.partition("_")
        if left in SENTENCE_OPENERS:
            opening[word] += n
    words: dict[str, Counter] = defaultdict(Counter)
    others: dict[str, Counter] = defaultdict(Counter)
    for form, n in uni.items():
        form_base = base(form)
        if not WORD.match(form_base):
            continue
        kind = casing(form_base)
        n = n - (opening[form] if kind == "title" else 0)
        if n <= 0:
            continue
        key = form_base.lower()
        words[key][kind] += n
        if kind == "other":
            others[key][form_base] += n
    word_rows = []
    for key in sorted(words):
        counts = words[key]
        if sum(counts.values()) < MIN_WORD:
            continue
        form = others[key].most_common(1)[0][0] if others[key] else ""
        word_rows.append([key, *(str(counts[c]) for c in CLASSES), str(counts["other"]), form])
    known = {row[0] for row in word_rows}

    def best(counts: Counter) -> str:
        return max(CLASSES, key=lambda c: (counts[c], c))

    contexts: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for side, dist in (("before", backward), ("after", forward)):
        for pair, n in dist.items():
            left, _, right = pair.partition("_")
            neighbour, form = (left, right) if side == "before" else (right, left)
            if neighbour in SENTENCE_OPENERS or not WORD.match(base(form)):
                continue
            kind = casing(base(form))
            if kind == "other":
                continue
            key = base(form).lower()
            if key not in known:
                continue
            contexts[(side, neighbour_key(neighbour), key)][kind] += n
    context_rows = []
    for (side, neighbour, key), counts in sorted(contexts.items()):
        if sum(counts.values()) < MIN_CONTEXT:
            continue
        if best(counts) == best(words[key]):
            continue                   # the word's own counts already say it
        context_rows.append([side, neighbour, key, *(str(counts[c]) for c in CLASSES)])
    return word_rows, context_rows


HEADER = """# Source: word-casing counts of the model in the PyPI package truecase 0.0.14 (https://github.com/daltonfury42/truecase), trained on NLTK's Brown, Reuters-21578, SemCor, CoNLL-2000 and State of the Union corpora
# License: MIT (truecase); the counts are facts about those corpora
# About: {about} Built by scripts/build_truecase.py; do not edit by hand.
"""


def write(path: Path, about: str, columns: list[str], rows: list[list[str]]) -> None:
    lines = [HEADER.format(about=about).rstrip("\n"), "\t".join(columns), *("\t".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DATA))
    args = parser.parse_args()
    word_rows, context_rows = build(load_model())
    out = Path(args.out)
    write(out / "truecase_words.tsv",
          "how often each word is written lower case, capitalised (not counting sentence starts), "
          "all upper case, or in another form (the commonest such form last); read by sitrep.truecase.",
          ["word", "lower", "title", "upper", "other", "form?"], word_rows)
    write(out / "truecase_context.tsv",
          "neighbours (the word before or after) under which a word is written in another casing "
          "than its usual one, seen at least 5 times; read by sitrep.truecase.",
          ["side", "neighbour", "word", "lower", "title", "upper"], context_rows)
    print(f"{len(word_rows)} words, {len(context_rows)} contexts -> {out}")


if __name__ == "__main__":
    main()
