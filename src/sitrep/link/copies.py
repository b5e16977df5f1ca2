"""Exact and near copies, and rewrites of one wire story.

Two documents are *copies* (one independent source) when

* their texts are near-identical: 5-word shingles, MinHash LSH to find candidates and the
  exact Jaccard (or containment, for a truncated reprint) to confirm; or
* one is a *rewrite* of the other: paraphrased or machine-translated differently, so they
  share few word n-grams, but what survives rewriting still matches -- sentence by sentence
  the content words (an "aligned" sentence shares half of its content words with some
  sentence of the other text), the names (capitalized words), the numbers and dates, and the
  quoted words.

The relation is pairwise and depends only on the two texts and their publication dates, so
the copy groups (its connected components) do not depend on the order documents arrive in.
See ``LinkConfig`` for the thresholds and why.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from unidecode import unidecode

from ..data import vocabulary
from ..records import Document
from .config import DEFAULT_CONFIG, LinkConfig

# Function words and reporting verbs: shared by any two news texts, so not evidence.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours said says say saying told tell according one two three four five six
seven eight nine ten new s t its mr ms
""".split())
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
                 "fifteen": 15, "twenty": 20, "hundred": 100}
_DIGITS = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?![\w])")
_WORD = re.compile(r"[a-z0-9]+")
_CAPITALIZED = re.compile(r"\b[A-Z][\w'\-]*[A-Za-z0-9]|\b[A-Z]\b")
_QUOTE = re.compile(r'"([^"]{12,600})"')
_SENTENCE_END = re.compile(r'(?<=[.!?"])\s+(?=["(\[]?[A-Z0-9])')


@functools.cache
def _calendar() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """Month and weekday names (not entities), and "march 3" / "3 march" (a date is a number
    two texts share)."""
    months = "|".join(vocabulary.month_names())
    return (frozenset((*vocabulary.month_names(), *vocabulary.weekday_names())),
            re.compile(r"\b(" + months + r")\s+(\d{1,2})\b"),
            re.compile(r"\b(\d{1,2})\s+(" + months + r")\b"))


def _normalize(text: str) -> str:
    text = unidecode(text)
    return text.replace("``", '"').replace("''", '"')


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """A light suffix stripper: enough to match "rockets"/"rocket", "attacked"/"attack"."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_tokens(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _NUMBER_WORDS:
            out.append(str(_NUMBER_WORDS[word]))
        elif word not in STOPWORDS and len(word) > 1:
            out.append(_stem(word))
    return out


def split_sentences(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What copy and rewrite detection keeps of one document."""

    doc_id: str
    published: dt.date | None
    shingles: frozenset[int]
    sentences: tuple[frozenset[str], ...]
    postings: dict[str, tuple[int, ...]]        # content token -> sentence indexes
    entities: frozenset[str]
    numbers: frozenset[str]
    quoted: frozenset[str]


def _entities(text: str) -> frozenset[str]:
    found = set()
    for match in _CAPITALIZED.finditer(text):
        word = match.group(0).strip("'").lower()
        word = word.removesuffix("'s")
        for prefix in ("al-", "el-"):
            word = word.removeprefix(prefix)
        if len(word) < 2 or word in STOPWORDS or word in _calendar()[0]:
            continue
        found.add(word)
    return frozenset(found)


def _numbers(lowered: str) -> frozenset[str]:
    found = set()
    for match in _DIGITS.finditer(lowered):
        found.add(match.group(1).replace(",", ""))
    _, month_day, day_month = _calendar()
    for match in month_day.finditer(lowered):
        found.add(f"{match.group(1)} {int(match.group(2))}")
    for match in day_month.finditer(lowered):
        found.add(f"{match.group(2)} {int(match.group(1))}")
    for word in _WORD.findall(lowered):
        if word in _NUMBER_WORDS:
            found.add(str(_NUMBER_WORDS[word]))
    return frozenset(found)


def compute_features(document: Document, config: LinkConfig = DEFAULT_CONFIG) -> TextFeatures:
    text = _normalize(document.content)
    lowered = text.lower()
    words = _WORD.findall(lowered)
    k = config.shingle_size
    if len(words) >= k:
        shingles = frozenset(zlib.crc32(" ".join(words[i:i + k]).encode()) for i in range(len(words) - k + 1))
    else:
        shingles = frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    sentences = []
    for sentence in split_sentences(text):
        tokens = frozenset(content_tokens(sentence))
        if len(tokens) >= config.min_sentence_tokens:
            sentences.append(tokens)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(sentences):
        for token in tokens:
            postings[token].append(i)
    quoted = set()
    for match in _QUOTE.finditer(text):
        quoted.update(content_tokens(match.group(1)))
    return TextFeatures(
        doc_id=document.id,
        published=document.published,
        shingles=shingles,
        sentences=tuple(sentences),
        postings={t: tuple(v) for t, v in postings.items()},
        entities=_entities(text),
        numbers=_numbers(lowered),
        quoted=frozenset(quoted),
    )


# Features are pure functions of the text: keep them across batches of one process. A
# document's take some 30 KB; a chunk and its neighbours need a few thousand, and a run that
# streams a million documents must not keep them all.
_CACHE: dict[tuple, TextFeatures] = {}
_CACHE_MAX = 4_000


def features(document: Document, config: LinkConfig = DEFAULT_CONFIG) -> TextFeatures:
    key = (document.id, hash(document.title), hash(document.text), document.published,
           config.shingle_size, config.min_sentence_tokens)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        found = _CACHE[key] = compute_features(document, config)
    return found


# ----------------------------------------------------------------------------- pairs


@dataclass(frozen=True, slots=True)
class PairSimilarity:
    jaccard: float          # exact shingle Jaccard
    containment: float      # shingles of the shorter text found in the longer one
    alignment: float        # share of the shorter text's sentences aligned in the other
    aligned: int            # how many
    entities: float
    numbers: float
    quotes: float
    rewrite: float          # weighted rewrite score
    kind: str | None        # "copy", "rewrite" or None

    @property
    def score(self) -> float:
        """One number in [0, 1] for "how much one wire story": 1 for a copy."""
        return 1.0 if self.kind == "copy" else min(1.0, self.rewrite)

    def describe(self) -> str:
        if self.kind == "copy":
            return f"copy (jaccard {self.jaccard:.2f}, containment {self.containment:.2f})"
        return (f"rewrite score {self.rewrite:.2f} (aligned {self.aligned} sentences, "
                f"{self.alignment:.2f}; names {self.entities:.2f}; numbers {self.numbers:.2f})")


def _overlap(a: frozenset, b: frozenset, smoothing: float = 1.0) -> float:
    """Overlap coefficient, smoothed so that two tiny sets sharing one item are not 1.0."""
    if not a or not b:
        return 0.0
    return len(a & b) / (min(len(a), len(b)) + smoothing)


def sentence_alignment(a: TextFeatures, b: TextFeatures, threshold: float) -> tuple[float, int]:
    """Share (and number) of the shorter text's sentences that share >= ``threshold`` of
    their content words with some sentence of the other text."""
    if not a.sentences or not b.sentences:
        return 0.0, 0
    short, other = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
    aligned = 0
    for tokens in short.sentences:
        shared: Counter[int] = Counter()
        for token in tokens:
            for j in other.postings.get(token, ()):
                shared[j] += 1
        for j, n in shared.items():
            if n / min(len(tokens), len(other.sentences[j])) >= threshold:
                aligned += 1
                break
    return aligned / len(short.sentences), aligned


def _days_apart(a: dt.date | None, b: dt.date | None) -> int:
    if a is None or b is None:
        return 0
    return abs((a - b).days)


def compare(a: TextFeatures, b: TextFeatures, config: LinkConfig = DEFAULT_CONFIG) -> PairSimilarity:
    inter = len(a.shingles & b.shingles) if a.shingles and b.shingles else 0
    union = len(a.shingles) + len(b.shingles) - inter
    jaccard = inter / union if union else 0.0
    containment = inter / min(len(a.shingles), len(b.shingles)) if inter else 0.0
    alignment, aligned = sentence_alignment(a, b, config.sentence_overlap)
    ent = _overlap(a.entities, b.entities)
    num = _overlap(a.numbers, b.numbers)
    quo = _overlap(a.quoted, b.quoted)
    w = config.rewrite_weights
    rewrite = w[0] * alignment + w[1] * ent + w[2] * num + w[3] * quo
    kind = None
    long_enough = min(len(a.shingles), len(b.shingles)) >= 3
    apart = _days_apart(a.published, b.published)
    if long_enough and (jaccard >= config.copy_jaccard or containment >= config.copy_containment) \
            and apart <= config.copy_max_days:
        kind = "copy"
    elif (rewrite >= config.rewrite_threshold and aligned >= config.min_aligned_sentences
          and apart <= config.rewrite_max_days):
        kind = "rewrite"
    return PairSimilarity(jaccard, containment, alignment, aligned, ent, num, quo, rewrite, kind)


class Similarities:
    """Pairwise text similarity of documents, computed once per pair and batch."""

    def __init__(self, config: LinkConfig = DEFAULT_CONFIG):
        self.config = config
        self._documents: dict[str, Document] = {}
        self._features: dict[str, TextFeatures] = {}
        self._pairs: dict[tuple[str, str], PairSimilarity] = {}

    def add(self, documents: Iterable[Document]) -> None:
        """Make documents comparable; their features are computed when first needed."""
        for document in documents:
            self._documents.setdefault(document.id, document)

    def known(self, doc_id: str) -> bool:
        return doc_id in self._documents

    def features(self, doc_id: str) -> TextFeatures | None:
        found = self._features.get(doc_id)
        if found is None and doc_id in self._documents:
            found = self._features[doc_id] = features(self._documents[doc_id], self.config)
        return found

    def pair(self, a: str, b: str) -> PairSimilarity | None:
        """The similarity of two documents; None when one is unknown or they were published
        more than ``copy_max_days`` apart (then they are never one wire story)."""
        if a == b or a not in self._documents or b not in self._documents:
            return None
        if _days_apart(self._documents[a].published, self._documents[b].published) > self.config.copy_max_days:
            return None
        key = (a, b) if a < b else (b, a)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = compare(self.features(key[0]), self.features(key[1]), self.config)
        return found

    def plausible(self, a: str, b: str) -> bool:
        """A cheap pre-check before ``pair``: published close enough and sharing names."""
        fa, fb = self.features(a), self.features(b)
        if fa is None or fb is None or a == b:
            return False
        if _days_apart(fa.published, fb.published) > self.config.rewrite_max_days:
            return len(fa.shingles & fb.shingles) > 0.3 * min(len(fa.shingles), len(fb.shingles) or 1)
        return _overlap(fa.entities, fb.entities) >= 0.3 or _overlap(fa.numbers, fb.numbers) >= 0.5

    def score(self, a: str, b: str) -> float:
        found = self.pair(a, b)
        return found.score if found else 0.0

    def is_copy(self, a: str, b: str) -> bool:
        found = self.pair(a, b)
        return bool(found and found.kind)

    def buckets(self, doc_id: str) -> tuple[int, ...]:
        """The LSH buckets of a known document (``lsh_buckets``); none without text."""
        found = self.features(doc_id)
        return lsh_buckets(found.shingles, self.config) if found is not None else ()

    def lsh_candidates(self, doc_ids: Sequence[str]) -> set[tuple[str, str]]:
        """Pairs among ``doc_ids`` whose MinHash signatures share a band (LSH)."""
        buckets: dict[int, list[str]] = defaultdict(list)
        for doc_id in sorted(set(doc_ids)):
            for bucket in self.buckets(doc_id):
                buckets[bucket].append(doc_id)
        pairs = set()
        for members in buckets.values():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    pairs.add((a, b) if a < b else (b, a))
        return pairs


# ----------------------------------------------------------------------------- MinHash
#
# The classic scheme (as in datasketch): h_i(x) = ((a_i x + b_i) mod (2^61 - 1)) & (2^32 - 1),
# the signature the minimum of each h_i over the shingle hashes, bands of ``rows`` values
# hashed into buckets. Written here with numpy because importing datasketch costs ~2.5 s
# (scipy) and each of its MinHashLSH objects ~60 ms (it integrates for its band parameters),
# which would dominate the time to link one document.

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_PERMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    found = _PERMS.get(num_perm)
    if found is None:
        rng = np.random.RandomState(1)
        a = rng.randint(1, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
        b = rng.randint(0, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
        found = _PERMS[num_perm] = (a, b)
    return found


def minhash(shingles: Iterable[int], num_perm: int = 128) -> np.ndarray:
    hashes = np.fromiter(shingles, dtype=np.uint64)
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):
        values = ((np.outer(a, hashes) + b[:, None]) % _MERSENNE) & _MAX32
    return values.min(axis=1)


@functools.lru_cache(maxsize=8)
def lsh_bands(num_perm: int, threshold: float) -> tuple[int, int]:
    """Bands and rows for ``threshold``: the band count whose S-curve passes 0.5 near
    threshold/1.2, favouring recall (candidates are verified exactly). For 128 permutations
    and 0.5: 32 bands of 4 rows -- a pair at Jaccard 0.6 becomes a candidate with
    probability 0.99, one at 0.3 with 0.23."""
    best = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        midpoint = (1 / bands) ** (1 / rows)
        error = abs(midpoint - threshold / 1.2)
        if best is None or error < best[0]:
            best = (error, bands, rows)
    return best[1], best[2]


def lsh_buckets(shingles: frozenset[int], config: LinkConfig = DEFAULT_CONFIG) -> tuple[int, ...]:
    """One bucket per band of the MinHash signature: a signed 63-bit hash of the band's
    number and values. Two texts are LSH candidates when they share a bucket; the store
    keeps every document's buckets so that a text meets its copies stored long before."""
    if not shingles:
        return ()
    bands, rows = lsh_bands(config.num_perm, config.lsh_threshold)
    signature = minhash(shingles, config.num_perm)
    return tuple(int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big") + signature[band * rows:(band + 1) * rows]
                                                .tobytes(), digest_size=8).digest(), "big", signed=True)
                 for band in range(bands))


# ----------------------------------------------------------------------------- groups


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> list[tuple[str, ...]]:
        by_root: dict[str, list[str]] = defaultdict(list)
        for x in self.parent:
            by_root[self.find(x)].append(x)
        return sorted(tuple(sorted(g)) for g in by_root.values())


def copy_groups(documents: Sequence[Document], config: LinkConfig = DEFAULT_CONFIG) -> list[tuple[str, ...]]:
    """Copy groups (size >= 2) among ``documents`` alone, comparing every pair.

    A convenience for small sets and tests; ``link_batch`` restricts the pairs it compares
    by blocking and joins the groups already stored.
    """
    sims = Similarities(config)
    sims.add(documents)
    uf = UnionFind()
    ids = sorted(d.id for d in documents)
    for doc_id in ids:
        uf.add(doc_id)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if sims.is_copy(a, b):
                uf.union(a, b)
    return [g for g in uf.groups() if len(g) > 1]
