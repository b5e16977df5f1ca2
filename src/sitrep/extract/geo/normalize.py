"""Name keys for gazetteer look-ups.

A key is the name transliterated to ASCII (unidecode), lower-cased, with every run of
punctuation, hyphens and spaces removed, and "st"/"ft"/"mt" spelled out. So "Al-Anbar",
"Al Anbar", "al-anbar" share a key, and "St. Louis" matches "Saint Louis". ``keys`` also
gives the key without Arabic-style articles ("al-", "el-", "ad-", "ash-" ...), which is how
"Al-Balad" finds Balad and "Deir al-Zor" finds "Deir ez-Zor".
"""
from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "adh", "ath", "ed",
                      "es", "et", "ez", "ul", "the"})
_EXPAND = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_SPLIT = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=200_000)
def tokens(name: str) -> tuple[str, ...]:
    s = unidecode(name).lower().replace("'", "").replace("`", "").replace("&", " and ")
    return tuple(_EXPAND.get(t, t) for t in _SPLIT.split(s) if t)


def key(name: str) -> str:
    """The plain key: "Al-Anbar" -> "alanbar"."""
    return "".join(tokens(name))


def keys(name: str) -> tuple[str, ...]:
    """The plain key, then (if different) the key without articles: ("alanbar", "anbar")."""
    toks = tokens(name)
    full = "".join(toks)
    bare = "".join(t for t in toks if t not in ARTICLES)
    if bare and bare != full and len(bare) >= 3:
        return (full, bare)
    return (full,) if full else ()
