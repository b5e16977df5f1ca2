"""Clean: strip web junk that survived text extraction from each document's text.

``clean_documents`` sees a whole batch so it can learn lines that repeat across documents of
the same source; ``clean_in_order`` (what a run uses) learns them from the documents of the
source before each one, kept between calls as ``LineProfile``s, so that a corpus cleaned in
one call or in chunks gives the same texts. Neither changes a document's id; removed lines are
kept in ``removed``.

The cleaner works line by line and only ever drops whole lines (or inline ad markers such as
``[ad_1]``); it never joins or splits sentences. Each removal has a kind (``CleanResult.kinds``):

``marker``        an inline marker from the lexicon (``[ad_1]``) is cut; a line left empty goes
``residue``       no letters or digits (``| |``, ``---``) or code/markup residue
``url``           the line is mostly URLs / image paths (``:quality(85)//cloudfront-...jpg``)
``lexicon``       a boilerplate line from ``data/en/boilerplate.tsv`` ("Spread the love")
``block``         a related-links marker ("Read also :"); ``related``: the headline-like or
                  bulleted lines that follow it
``title``         the title repeated as a body line; ``title-suffix``: a site name cut from the
                  title ("... - WSMV Channel 4", "... | International")
``repeat``        a non-sentence printed twice in a row between paragraphs (a teaser for another
                  article), later copies of the headline or of a title-case line
``source``        a line found in at least ``MIN_STORIES`` different stories of the same source
                  (a sentence-like line only when it also carries boilerplate vocabulary)
``tail``          headline-like lines after the last sentence of the article

A line that reads as an article sentence (ends with terminal punctuation, or is long and mostly
lowercase) is only removed by an anchored lexicon pattern, as mostly-URL residue with under six
words of prose, as the title, as a source's repeated boilerplate, or as a bulleted link right
after a related-links marker. Lines matching a ``keep`` pattern of ``data/en/boilerplate_cues.tsv``
(credits, datelines, tweets, issuing agencies, labelled casualty lists) are never removed. The data files are read on first use, not on import.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlsplit

from .data import read_table
from .errors import DataFileError
from .records import Document

__all__ = [
    "CleanResult", "LineProfile", "Lexicon", "MIN_STORIES", "SourceContext", "clean_batch",
    "clean_documents", "clean_in_order", "clean_text", "clean_title", "is_sentence", "lexicon",
    "line_profile", "repeated_lines", "source_boilerplate", "source_key",
]

MIN_STORIES = 3          # distinct stories of one source a line must occur in to be that source's boilerplate
MAX_HEADLINE_WORDS = 25  # longer lines are never treated as headlines
MAX_HEADLINE_CHARS = 200
SENTENCE_MIN_WORDS = 12  # a line this long that is mostly lowercase is prose even without final punctuation
STORY_SHARED_LINES = 2   # documents sharing this many substantive lines report the same story ...
STORY_LONG_LINE_WORDS = 20  # ... or one substantive line of at least this many words

DATA_FILES = ("boilerplate.tsv", "boilerplate_cues.tsv")
KINDS = {"line", "marker", "block-start", "cue", "keep", "site"}

# ----------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Lexicon:
    """Compiled boilerplate patterns, one alternation per kind."""

    line: re.Pattern[str]         # fullmatch: the whole line is junk
    block_start: re.Pattern[str]  # fullmatch: junk, and a related-links list follows
    marker: re.Pattern[str]       # search: inline token to cut
    cue: re.Pattern[str]          # search: boilerplate vocabulary
    keep: re.Pattern[str]         # search: never remove
    site: re.Pattern[str]         # search, whole words: a title piece naming the site


def boilerplate_rows(name: str) -> list[tuple[str, str, str]]:
    """Rows ``(pattern, kind, note)`` of one of ``DATA_FILES``."""
    rows = []
    for line, row in read_table(f"en/{name}", ("pattern", "kind", "note"), key=("pattern",)):
        if row["kind"] not in KINDS:
            raise DataFileError(f"unknown kind {row['kind']!r}; use one of {', '.join(sorted(KINDS))}",
                                path=f"sitrep/data/en/{name}", line=line)
        rows.append((row["pattern"], row["kind"], row["note"]))
    return rows


def _alternation(patterns: Iterable[str]) -> re.Pattern[str]:
    patterns = list(patterns)
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled lexicon, read once on first use."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for name in DATA_FILES:
        for pattern, kind, _ in boilerplate_rows(name):
            by_kind[kind].append(pattern)
    return Lexicon(
        line=_alternation(by_kind["line"]),
        block_start=_alternation(by_kind["block-start"]),
        marker=_alternation(by_kind["marker"]),
        cue=_alternation(by_kind["cue"]),
        keep=_alternation(by_kind["keep"]),
        site=_alternation(rf"\b(?:{p})\b" for p in by_kind["site"]),
    )


# ----------------------------------------------------------------------------- line shape

_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BULLET = re.compile(r"^(?:[•·●▪■□◦‣∙►▶▸›»○◆◇✓✔→]|[-*–—+](?=\s))\s*")
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")
_TERMINAL = re.compile(r"[.!?…](?:[\"”’'»)\]*]|\s)*$")
_ALNUM = re.compile(r"[^\W_]")
_INNER_STOP = re.compile(r"[a-z)\]][.!?][\"”’]?\s+[\"“‘]?[A-Z]")
_URL_TOKEN = re.compile(   # searched in one whitespace-separated token
    r"//|^\(?www\.|\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?)\b|[?&][\w-]+=|%[0-9a-f]{2}"
    r"|\.(?:com|org|net|gov|edu|co\.uk|ly|ws)/",
    re.IGNORECASE)
_URL_HINT = re.compile(r"[/%=]|www\.", re.IGNORECASE)
_CODE_TOKEN = re.compile(r"^\S{20,}$")
_CODE_CHARS = re.compile(r"[_|{}<>=\\]")
_TAGS = re.compile(r"<[^<>]{1,200}>|\{\{[^{}]{0,200}\}\}")
_FIELD = re.compile(r"^[^\W\d_][\w .'/-]{0,30}:\s")   # "Offense: ...", "Court Date: ..."
_PIPE = re.compile(r"\s\|\s|\s\|$")
_SMALL = frozenset(
    "a an the and or but nor of in on at to for by with from as per via vs vs. into onto over up off out "
    "than so yet".split())


def normalize_line(line: str) -> str:
    """One line with invisible characters dropped and runs of spaces collapsed."""
    if not line.isascii():
        line = _INVISIBLE.sub("", line)
    return " ".join(line.split())


def _split_lines(text: str) -> list[str]:
    return [normalize_line(line) for line in _NEWLINES.sub("\n", text or "").split("\n")]


_BULLET_START = frozenset("•·●▪■□◦‣∙►▶▸›»○◆◇✓✔→-*–—+")


def _bare(line: str) -> str:
    """The line as lexicon patterns see it: without a leading bullet."""
    return _BULLET.sub("", line).strip() if line[:1] in _BULLET_START else line


_KEY_WORD = re.compile(r"[^\W_]+")


def _key(line: str) -> str:
    """Loose identity of a line: lowercase words only (for title comparison)."""
    return " ".join(_KEY_WORD.findall(line.casefold()))


def _rkey(line: str) -> str:
    """Identity of a line for repetition counts."""
    return _bare(line).casefold()


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def _lower_share(tokens: list[str]) -> float:
    return sum(t[0].islower() for t in tokens) / len(tokens) if tokens else 0.0


def title_share(tokens: list[str]) -> float:
    """Share of capitalised words, small function words aside; the first word does not count
    when there are three or more (sentences start with a capital too)."""
    counted = [t for t in tokens if t.casefold() not in _SMALL]
    if len(counted) >= 3:
        counted = counted[1:]
    if not counted:
        return 0.0
    return sum(t[0].isupper() for t in counted) / len(counted)


def is_sentence(line: str) -> bool:
    """Reads as article prose: ends with terminal punctuation, or is long and mostly lowercase
    (and carries no `` | `` label)."""
    tokens = words(line)
    if len(tokens) >= 2 and _TERMINAL.search(line):
        return True
    if len(tokens) >= 8 and _INNER_STOP.search(line):   # "... in Plaquemine. What we know ..."
        return True
    # a pipe-separated section or site label ("... | International") marks a headline
    return len(tokens) >= SENTENCE_MIN_WORDS and _lower_share(tokens) >= 0.5 and not _PIPE.search(line)


def _is_bulleted(line: str) -> bool:
    return bool(_BULLET.match(line))


def _headline_like(line: str, *, loose: bool = False) -> bool:
    """A short line without final punctuation that looks like a headline or a link label.

    ``loose``: any short line without final punctuation counts (inside a related-links block,
    where a long sentence-case headline is still a link, not prose)."""
    if (_TERMINAL.search(line) is not None) if loose else is_sentence(line):
        return loose and _is_bulleted(line)   # a bulleted sentence is a link only inside a links block
    tokens = words(line)
    if len(tokens) > MAX_HEADLINE_WORDS or len(line) > MAX_HEADLINE_CHARS:
        return False
    if loose or _is_bulleted(line) or _PIPE.search(line) or not tokens:
        return True
    if re.match(r"\d{1,2}:\d{2}\s", line):
        return True
    counted = [t for t in tokens if t.casefold() not in _SMALL]
    if len(counted) == 1:
        return counted[0][0].isupper()
    return title_share(tokens) >= 0.6


def _url_tokens(line: str) -> list[str]:
    if not _URL_HINT.search(line):
        return []
    return [token for token in line.split() if _URL_TOKEN.search(token)]


def _url_share(line: str) -> float:
    total = len(line.replace(" ", ""))
    if not total:
        return 0.0
    return sum(len(token) for token in _url_tokens(line)) / total


def _residue(line: str) -> bool:
    """No letters or digits, markup only, or a single long code-like token."""
    stripped = _TAGS.sub("", line)
    if not _ALNUM.search(stripped):
        return True
    return bool(_CODE_TOKEN.match(line) and _CODE_CHARS.search(line) and not _url_tokens(line))


def _url_residue(line: str) -> bool:
    if _url_share(line) < 0.5:
        return False
    prose = words(" ".join(token for token in line.split() if not _URL_TOKEN.search(token)))
    return not (is_sentence(line) and len(prose) >= 6)


# ----------------------------------------------------------------------------- sources and titles

_ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/", re.IGNORECASE)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu"}


def _host(url: str | None) -> str | None:
    if not url:
        return None
    url = _ARCHIVE.sub("", url.strip())
    if "://" not in url:
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def source_key(document: Document) -> str | None:
    """The outlet a document comes from: its ``source`` (a host is normalised), else its url's host."""
    if document.source and document.source.strip():
        source = document.source.strip().lower()
        return _host(source) if "." in source and " " not in source else source
    return _host(document.url)


def _site_labels(source: str | None) -> tuple[str, ...]:
    """Words that name the site in a title suffix: the registrable label of a host, or the name."""
    if not source:
        return ()
    if "." in source and " " not in source:
        labels = source.split(".")
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            labels = labels[:-1]
        labels = labels[:-1]
        return tuple(label.replace("-", "") for label in labels[-1:] if len(label) >= 3)
    name = re.sub(r"[^a-z0-9]", "", source.casefold())
    return (name,) if len(name) >= 3 else ()


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|»|·|-|–|—)\s+")
_TRAILING_SEPARATOR = re.compile(r"\s*(?:\||::|»|·|-|–|—)\s*$")


def _site_like(segment: str, separator: str, labels: tuple[str, ...]) -> bool:
    """A title segment that names the site or a section: it contains the site's own label, a
    domain, a short capitalised name with "News"/"Weather"/"TV"..., or after ``|`` / ``::`` a
    short capitalised label without digits ("International", "Tucson, Arizona")."""
    key = re.sub(r"[^a-z0-9]", "", segment.casefold())
    if not key:
        return True
    if any(label in key for label in labels):
        return True
    if re.search(r"\.(?:com|net|org|tv|co\.uk)\b", segment, re.IGNORECASE):
        return True
    tokens = words(segment)
    capitalised = [t for t in tokens if t.casefold() not in _SMALL]
    mostly_caps = bool(capitalised) and sum(t[0].isupper() for t in capitalised) / len(capitalised) >= 0.6
    if len(tokens) <= 10 and mostly_caps and lexicon().site.search(segment):
        return True
    if separator.strip() in ("|", "::") and 1 <= len(tokens) <= 4 and not re.search(r"\d", segment):
        return all(t[0].isupper() for t in capitalised)
    return False


def clean_title(title: str, source: str | None = None) -> tuple[str, tuple[str, ...]]:
    """A title without site-name suffixes ("... - WSMV Channel 4", "... | International") and
    dangling separators; returns the title and the removed pieces. Everything from the first
    site-like segment on goes ("... - KTVQ.com | Q2 | Billings, MT"); at least three words stay."""
    labels = _site_labels(source)
    title = normalize_line(title)
    removed: list[str] = []
    match = _TRAILING_SEPARATOR.search(title)
    while match and match.start() > 0:
        removed.insert(0, title[match.start():].strip())
        title = title[:match.start()]
        match = _TRAILING_SEPARATOR.search(title)
    separators = list(_TITLE_SEPARATOR.finditer(title))
    for n, sep in enumerate(separators):
        head = title[:sep.start()]
        if len(words(head)) < 3:
            continue
        end = separators[n + 1].start() if n + 1 < len(separators) else len(title)
        if _site_like(title[sep.end():end], sep.group(), labels):
            removed.insert(0, title[sep.start():].strip())
            title = head
            break
    return title, tuple(removed)


# ----------------------------------------------------------------------------- repetition across documents


def _story_ids(doc_lines: list[list[str]], lex: Lexicon) -> list[int]:
    """Documents of one source grouped by story: reprints and follow-ups share substantive lines
    (long sentences without boilerplate vocabulary). Returns a story id per document."""
    parent = list(range(len(doc_lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, list[int]] = defaultdict(list)
    example: dict[str, str] = {}
    for index, lines in enumerate(doc_lines):
        for line in set(lines):
            key = line.casefold()
            holders[key].append(index)
            example.setdefault(key, line)
    shared: Counter[tuple[int, int]] = Counter()
    long_key: dict[str, bool] = {}
    for key, docs in holders.items():
        if len(docs) < 2 or len(docs) > 50:
            continue
        line = example[key]
        tokens = words(line)
        if len(tokens) < 10 or not is_sentence(line) or lex.cue.search(line):
            continue
        long_key[key] = len(tokens) >= STORY_LONG_LINE_WORDS
        for a, b in combinations(sorted(set(docs)), 2):
            shared[a, b] += STORY_SHARED_LINES if long_key[key] else 1
    for (a, b), n in shared.items():
        if n >= STORY_SHARED_LINES:
            parent[find(a)] = find(b)
    return [find(i) for i in range(len(doc_lines))]


def repeated_lines(documents: Iterable[Document], min_stories: int = MIN_STORIES) -> dict[str, frozenset[str]]:
    """Per source, the lines (as ``_rkey``) that are that source's boilerplate: they occur in at
    least ``min_stories`` different stories. A sentence-like line qualifies only when it carries
    boilerplate vocabulary (a cue); ``keep`` lines never do. Documents without a source are ignored."""
    return _repeated(((source_key(d), _split_lines(d.text)) for d in documents), min_stories)


def _repeated(documents: Iterable[tuple[str | None, list[str]]], min_stories: int = MIN_STORIES) -> dict[str, frozenset[str]]:
    """``repeated_lines`` over ``(source, normalised lines)`` pairs."""
    lex = lexicon()
    groups: dict[str, list[list[str]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for source, all_lines in documents:
        if not source:
            continue
        lines = [line for line in all_lines if line]
        identity = (source, "\n".join(lines))
        if identity in seen:
            continue
        seen.add(identity)
        groups[source].append(lines)
    result: dict[str, frozenset[str]] = {}
    for source, doc_lines in groups.items():
        if len(doc_lines) < min_stories:
            continue
        counts: Counter[str] = Counter()
        example: dict[str, str] = {}
        for lines in doc_lines:
            keys = {}
            for line in lines:
                keys.setdefault(_rkey(line), line)
            counts.update(keys.keys())
            for key, line in keys.items():
                example.setdefault(key, line)
        candidates = {k for k, n in counts.items() if n >= min_stories and k and _eligible(example[k], lex)}
        if not candidates:
            continue
        stories = _story_ids(doc_lines, lex)
        in_stories: dict[str, set[int]] = defaultdict(set)
        for story, lines in zip(stories, doc_lines):
            for line in lines:
                key = _rkey(line)
                if key in candidates:
                    in_stories[key].add(story)
        found = frozenset(k for k, s in in_stories.items() if len(s) >= min_stories)
        if found:
            result[source] = found
    return result


def _eligible(line: str, lex: Lexicon) -> bool:
    """Whether a line repeated across a source's stories may be its boilerplate: lines with
    boilerplate vocabulary, and other non-sentences of three words or more that do not introduce
    what follows ("In other shootings:"); a place name heading a police blotter stays."""
    if lex.keep.search(_bare(line)):
        return False
    if lex.cue.search(line):
        return True
    return not is_sentence(line) and len(words(line)) >= 3 and not line.endswith(":")


# ----------------------------------------------------------------------------- one document


@dataclass(frozen=True, slots=True)
class CleanResult:
    """A cleaned title and text, with every removed piece and why it went (``kinds`` runs
    parallel to ``removed``)."""

    title: str
    text: str
    removed: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


def clean_text(text: str, title: str = "", *, source: str | None = None,
               repeated: frozenset[str] | set[str] = frozenset()) -> tuple[str, str, tuple[str, ...]]:
    """Clean one document: returns ``(title, text, removed)``.

    ``source`` (a host or outlet name) helps strip the site name from the title; ``repeated`` are
    the source's boilerplate lines as found by ``repeated_lines``."""
    result = _clean(text, title, source=source, repeated=repeated)
    return result.title, result.text, result.removed


def _clean(text: str, title: str = "", *, source: str | None = None,
           repeated: frozenset[str] | set[str] = frozenset(), lines: list[str] | None = None) -> CleanResult:
    lex = lexicon()
    removals: list[tuple[int, str, str]] = []   # (line index, piece, kind); index -1 for the title
    new_title, suffixes = clean_title(title, source) if title else ("", ())
    removals.extend((-1, piece, "title-suffix") for piece in suffixes)
    title_keys = {k for k in (_key(title), _key(new_title)) if k}
    title_room = 2 * len(title) + 20   # longer lines cannot be the title repeated
    title_words = len(words(title))     # a one- or two-word title repeats only as the first line

    original = _split_lines(text) if lines is None else lines
    lines = list(original)
    kind: list[str | None] = [None] * len(lines)   # why a line goes; None: it stays
    protected: dict[int, bool] = {}
    markers: dict[int, list[str]] = {}

    def keep(i: int) -> bool:
        """The line matches a keep pattern (looked up only for lines a rule would remove)."""
        if i not in protected:
            protected[i] = bool(lex.keep.search(_bare(lines[i])))
        return protected[i]

    # 1. inline markers and the per-line rules
    first_line = next((i for i, line in enumerate(lines) if line), -1)
    for i, line in enumerate(lines):
        if not line:
            continue
        first = i == first_line
        if ("[" in line or "{" in line) and lex.marker.search(line):
            rest = normalize_line(lex.marker.sub(" ", line))
            if not _ALNUM.search(rest):
                kind[i] = "marker"
                continue
            markers[i] = [m.group() for m in lex.marker.finditer(line)]
            lines[i] = line = rest
        if title_keys and len(line) <= title_room and _key(line) in title_keys and (title_words >= 3 or first):
            kind[i] = "title"
            continue
        bare = _bare(line)
        if _residue(line):
            kind[i] = "residue"
        elif _url_residue(line):
            kind[i] = "url"
        elif lex.block_start.fullmatch(bare):
            kind[i] = "block"
        elif lex.line.fullmatch(bare):
            kind[i] = "lexicon"
        elif repeated and _rkey(line) in repeated:
            kind[i] = "source"
        if kind[i] is not None and keep(i):
            kind[i] = None

    # 2. the headline slot: without a title, a headline-like first line is the headline
    headline = None
    if not new_title:
        first = next((i for i, line in enumerate(lines) if line and kind[i] is None), None)
        if first is not None and _headline_like(lines[first], loose=True):
            headline = first
            protected[first] = True
            cleaned, suffixes = clean_title(lines[first], source)
            if cleaned and cleaned != lines[first]:
                removals.extend((first, piece, "title-suffix") for piece in suffixes)
                lines[first] = cleaned

    # 3. repeated non-sentences: a line printed twice in a row between paragraphs is a teaser for
    #    another article (all copies go); later copies of the headline go; a title-case line seen
    #    earlier in the document goes (its first copy stays). Other repeats stay: list items
    #    ("A 22-year-old was grazed in the thigh", "Offense: Assault") can legitimately repeat.
    live = [i for i, line in enumerate(lines) if line and kind[i] is None]
    counts = Counter(_rkey(lines[i]) for i in live)
    headline_key = _rkey(lines[headline]) if headline is not None else None
    seen: set[str] = set()
    for n, i in enumerate(live):
        line = lines[i]
        key = _rkey(line)
        earlier = key in seen
        seen.add(key)
        if i == headline or counts[key] < 2 or is_sentence(line):
            continue
        if key == headline_key:
            kind[i] = "repeat"
            continue
        if len(words(line)) < 3 or keep(i):
            continue
        run = n   # the run of identical lines this one belongs to, and what frames it
        while run > 0 and _rkey(lines[live[run - 1]]) == key:
            run -= 1
        end = n
        while end + 1 < len(live) and _rkey(lines[live[end + 1]]) == key:
            end += 1
        framed = all(k < 0 or k >= len(live) or is_sentence(lines[live[k]]) for k in (run - 1, end + 1))
        if end > run and framed:
            kind[i] = "repeat"
        elif earlier and _headline_like(line) and not _FIELD.match(line) and not re.search(r"\d", line):
            kind[i] = "repeat"

    # 4. related-links blocks: after a block-start marker, headline-like lines go
    in_block = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if kind[i] == "block":
            in_block = True
            continue
        if not in_block or kind[i] is not None:
            continue
        if not (_is_bulleted(line) or _headline_like(line, loose=True)) or keep(i):
            in_block = False
            continue
        kind[i] = "related"

    # 5. the tail: headline-like lines after the last sentence of the article
    live = [i for i, line in enumerate(lines) if line and kind[i] is None]
    if any(is_sentence(lines[i]) for i in live):
        tail: list[int] = []
        for i in reversed(live):
            if i == headline or not _headline_like(lines[i]) or keep(i):
                break
            tail.append(i)
        if tail:
            before = [i for i in live if i < min(tail)]
            introduced = before and lines[before[-1]].endswith(":")   # a list the article announces
            if not introduced:
                for i in tail:
                    kind[i] = "tail"

    # 6. assemble: kept lines, paragraph breaks kept, runs of blank lines collapsed
    out: list[str] = []
    for i, line in enumerate(lines):
        if kind[i] is not None:
            removals.append((i, original[i], kind[i]))   # the line as it came, markers and all
            continue
        removals.extend((i, marker, "marker") for marker in markers.get(i, ()))
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    removals.sort(key=lambda r: r[0])
    return CleanResult(
        title=new_title,
        text="\n".join(out),
        removed=tuple(piece for _, piece, _ in removals),
        kinds=tuple(k for _, _, k in removals),
    )


# ----------------------------------------------------------------------------- the batch


def clean_batch(documents: Sequence[Document], context: Sequence[Document] = ()) -> list[CleanResult]:
    """``CleanResult`` for each of ``documents`` (same order); ``context`` only feeds the
    per-source repetition counts."""
    prepared = [(source_key(d), _split_lines(d.text)) for d in documents]
    context_prepared = [(source_key(d), _split_lines(d.text)) for d in context]
    repeated = _repeated([*prepared, *context_prepared])
    results = []
    for document, (source, lines) in zip(documents, prepared):
        results.append(_clean(document.text, document.title, source=source, lines=lines,
                              repeated=repeated.get(source, frozenset()) if source else frozenset()))
    return results


def clean_documents(documents: Sequence[Document], context: Sequence[Document] = ()) -> list[Document]:
    """Cleaned copies of ``documents``; ``context`` are earlier documents (same sources) that
    help recognise repeated boilerplate but are not returned."""
    return [_cleaned(document, result) for document, result in zip(documents, clean_batch(documents, context))]


def _cleaned(document: Document, result: CleanResult) -> Document:
    return dataclasses.replace(document, title=result.title, text=result.text,
                               removed=(*document.removed, *result.removed))


# ----------------------------------------------------------------------------- in order

SOURCE_CONTEXT = 50      # a source's documents before one that its boilerplate is learned from


@dataclass(frozen=True, slots=True)
class LineProfile:
    """What the cleaner keeps of a document's lines to learn its source's boilerplate from:
    the lines that may be boilerplate (``_rkey``), the sentences that tell its story
    (hashed, and whether one alone is long enough to tell it: ``_story_ids``) and a hash of
    all its lines (a reprint counts once). ``to_dict``/``from_dict`` for keeping."""

    identity: str
    eligible: frozenset[str]
    story: frozenset[tuple[str, bool]]

    def to_dict(self) -> dict:
        return {"identity": self.identity, "eligible": sorted(self.eligible),
                "story": sorted([h, long] for h, long in self.story)}

    @classmethod
    def from_dict(cls, data: dict) -> "LineProfile":
        return cls(data["identity"], frozenset(data["eligible"]),
                   frozenset((h, bool(long)) for h, long in data["story"]))


def _digest(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def line_profile(lines: Sequence[str]) -> LineProfile:
    """The ``LineProfile`` of a document's normalised lines (``_split_lines``)."""
    lex = lexicon()
    lines = [line for line in lines if line]
    story = set()
    for line in lines:
        tokens = words(line)
        if len(tokens) >= 10 and is_sentence(line) and not lex.cue.search(line):
            story.add((_digest(line.casefold()), len(tokens) >= STORY_LONG_LINE_WORDS))
    eligible = frozenset(key for key in (_rkey(line) for line in lines if _eligible(line, lex)) if key)
    return LineProfile(_digest("\n".join(lines)), eligible, frozenset(story))


def source_boilerplate(profile: LineProfile, earlier: Sequence[LineProfile],
                       min_stories: int = MIN_STORIES) -> frozenset[str]:
    """The lines of a document (``profile``) that are its source's boilerplate, learned from
    the source's documents before it (``earlier``): lines that may be boilerplate and are
    found in ``min_stories`` different stories among them and it, as ``repeated_lines``
    finds them in a batch. Most documents share no such line with enough others: their
    answer comes without grouping the stories."""
    docs = list({p.identity: p for p in (*earlier, profile)}.values())
    if len(docs) < min_stories:
        return frozenset()
    counts = Counter(key for p in docs for key in p.eligible)
    candidates = {key for key in profile.eligible if counts[key] >= min_stories}
    if not candidates:
        return frozenset()
    holders: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for index, p in enumerate(docs):
        for line in p.story:
            holders[line].append(index)
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shared: Counter[tuple[int, int]] = Counter()
    for (_, long), held in holders.items():
        if 2 <= len(held) <= 50:
            for a, b in combinations(held, 2):
                shared[a, b] += STORY_SHARED_LINES if long else 1
    for (a, b), n in shared.items():
        if n >= STORY_SHARED_LINES:
            parent[find(a)] = find(b)
    return frozenset(key for key in candidates
                     if len({find(i) for i, p in enumerate(docs) if key in p.eligible}) >= min_stories)


class SourceContext:
    """The documents of each source met so far, for ``clean_in_order``: those ``earlier``
    gives for a source (say, the store's, as ``(published, id, LineProfile)``), then those
    cleaned through this context."""

    def __init__(self, earlier=None) -> None:
        self.earlier = earlier
        self._seen: dict[str, list[tuple[tuple[str, str], LineProfile]]] = {}

    def before(self, source: str) -> list[LineProfile]:
        """Up to ``SOURCE_CONTEXT`` documents of ``source``: the latest by publication date,
        then id."""
        if source not in self._seen:
            found = self.earlier(source, SOURCE_CONTEXT) if self.earlier else []
            self._seen[source] = [(_order(published, i), profile) for published, i, profile in found]
        latest = sorted(self._seen[source], key=lambda item: item[0], reverse=True)[:SOURCE_CONTEXT]
        return [profile for _, profile in latest]

    def add(self, source: str, document: Document, profile: LineProfile) -> None:
        self.before(source)
        self._seen[source].append((_order(document.published, document.id), profile))


def _order(published, document_id: str) -> tuple[str, str]:
    return (published.isoformat() if published else "", document_id)


def clean_in_order(documents: Sequence[Document], context: SourceContext | None = None
                   ) -> tuple[list[Document], list[LineProfile]]:
    """Cleaned copies of ``documents`` and the ``LineProfile`` of each, cleaned one after the
    other: a document's source boilerplate is learned from the documents of its source
    before it (``context``, then those before it here), never from later ones. A corpus
    cleaned in one call or in many, in chunks of any size, so gives the same texts; keep the
    profiles, and give them back through ``context``, for the next call to learn from."""
    context = context if context is not None else SourceContext()
    out, profiles = [], []
    for document in documents:
        source = source_key(document)
        lines = _split_lines(document.text)
        profile = line_profile(lines)
        repeated: frozenset[str] = frozenset()
        if source:
            repeated = source_boilerplate(profile, context.before(source))
            context.add(source, document, profile)
        result = _clean(document.text, document.title, source=source, lines=lines, repeated=repeated)
        out.append(_cleaned(document, result))
        profiles.append(profile)
    return out, profiles
