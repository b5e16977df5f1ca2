"""The search syntax, one for incidents and documents, on SQLite (FTS5) and PostgreSQL
(tsquery):

    rockets embassy        every word must match (a word matches as a prefix: rocket*)
    "car bomb"             the words in this order, next to each other
    rockets OR mortars     either (OR binds the two terms beside it; write it in capitals)
    -drill                 leave out what matches (needs a word to find besides)

Anything else is refused with a message rather than read some other way: a ``name:value``
column filter (the page's filter fields do that), a bare ``OR``, a query of exclusions only.
A term is the word characters it holds: punctuation never reaches the database's parser
("car-bomb" is the phrase "car bomb").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import SearchSyntaxError

SYNTAX = ('words match as prefixes and all must match; "an exact phrase"; '
          "rockets OR mortars; -word leaves out")
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_COLUMN = re.compile(r"^-?\w+:\S")


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]           # one word (a prefix) or a phrase (in order)

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """All of ``required`` (each a group of terms, any of which matches) and none of
    ``excluded``."""

    required: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def words(self) -> list[str]:
        """The words to find (for snippets and highlights)."""
        return [w for group in self.required for term in group for w in term.words]

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax (every word quoted: no operator injection)."""
        def term(t: Term) -> str:
            return '"' + " ".join(t.words) + '"' + ("" if t.phrase else "*")

        groups = [" OR ".join(term(t) for t in g) for g in self.required]
        text = " AND ".join(f"({g})" for g in groups)
        for t in self.excluded:
            text += f" NOT {term(t)}"
        return text

    def tsquery(self) -> str:
        """The query in PostgreSQL's ``to_tsquery`` syntax (words are \\w+ runs only)."""
        def term(t: Term) -> str:
            return " <-> ".join(t.words) if t.phrase else f"{t.words[0]}:*"

        parts = ["(" + " | ".join(f"({term(t)})" for t in g) + ")" for g in self.required]
        parts += [f"!({term(t)})" for t in self.excluded]
        return " & ".join(parts)


def parse(query: str) -> SearchQuery | None:
    """``query`` read with the syntax above; None when it holds no word at all. Raises
    ``SearchSyntaxError`` for what the syntax does not read."""
    tokens = _TOKEN.findall(query)
    required: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for token in tokens:
        if token == "OR":
            if not required or pending_or:
                raise SearchSyntaxError(f"OR needs a term on each side ({SYNTAX})")
            pending_or = True
            continue
        if _COLUMN.match(token):
            raise SearchSyntaxError(f"{token!r}: column filters (name:value) are not part of "
                                    "the search; use the filter fields (country, place, actor, "
                                    f"type, dates) instead ({SYNTAX})")
        negated = token.startswith("-") and len(token) > 1
        words = tuple(w.lower() for w in re.findall(r"\w+", token))
        if not words:
            continue
        term = Term(words)
        if negated:
            if pending_or:
                raise SearchSyntaxError(f"OR cannot join a left-out term ({SYNTAX})")
            excluded.append(term)
        elif pending_or:
            required[-1].append(term)
        else:
            required.append([term])
        pending_or = False
    if pending_or:
        raise SearchSyntaxError(f"OR needs a term on each side ({SYNTAX})")
    if not required:
        if excluded:
            raise SearchSyntaxError(f"give a word to find besides the ones to leave out "
                                    f"({SYNTAX})")
        return None
    return SearchQuery(tuple(tuple(g) for g in required), tuple(excluded))
