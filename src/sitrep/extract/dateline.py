"""A wire story's leading dateline inside a sentence: "BUNIA, Congo (AP) - ", "KYIV, Aug 20
(Reuters) - ", "MAIDUGURI, Nigeria, March 14 (Reuters) -", "WASHINGTON/ADEN (Reuters) -",
"Imphal, Sep 18 (PTI):", "Beni, 12 August 2025 -", "(Nairobi, May 28, 2025) -".

The parser reads the words of a dateline as part of the first sentence ("RIO DE JANEIRO, Nov
14 - Six traffickers were killed" makes the city a subject of "killed"); the stages that read
parties and victims from the syntax skip them. (``places`` finds the dateline itself, with
its own, line-based rules.)
"""
from __future__ import annotations

import re

from ..data import vocabulary
from .events import doc_text

__all__ = ["DATELINE", "DATELINE_DATE", "dateline_end", "in_dateline"]


def _month_pattern() -> str:
    """A month as datelines write it: its shortest form, capitalised or in capitals, then any
    letters and a period ("Aug", "Sept.", "March", "JAN")."""
    forms: dict[int, list[str]] = {}
    for word, number in vocabulary.months().items():
        forms.setdefault(number, []).append(word)
    shortest = [min(words, key=len) for _, words in sorted(forms.items())]
    return "(?:" + "|".join(w.title() for w in shortest) + "|" + "|".join(w.upper() for w in shortest) \
        + r")[a-zA-Z]*\.?"


_MONTH = _month_pattern()
# a dateline's date, month or day first: "Aug 20", "March 14, 2025", "12 August 2025", and
# with a two-digit year as telex copy writes it: "3 JAN 90"
DATELINE_DATE = (r"(?:" + _MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?"
                 r"|\d{1,2}\s+" + _MONTH + r"(?:,?\s*(?:\d{4}|\d{2}(?!\d)))?)")
DATELINE = re.compile(
    # the town in capitals, then a region, a date, an agency: "BUNIA, Congo (AP) - "
    r"\s*(?:[A-Z][A-Z.'’ /-]{1,40}(?:,\s*[A-Z][\w.'’ ]{1,30}?)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*[-–—]+\s"
    # or in title case with a date, as South Asian papers write it: "Imphal, Sep 18 (PTI):",
    # or day first, as African and European ones do: "Beni, 12 August 2025 -"
    r"|[A-Z][\w.'’ -]{1,40}?,\s*" + DATELINE_DATE +
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-–—]+|:)\s"
    # or in parentheses, as rights groups' releases open: "(Nairobi, May 28, 2025) -"
    r"|\(\s*[A-Z][\w.'’ -]{1,40}?(?:,\s*" + DATELINE_DATE + r")?\s*\)\s*[-–—]+\s)")


def dateline_end(text: str, start: int) -> int | None:
    """Where a dateline that opens ``text`` at ``start`` ends, or None if none does."""
    m = DATELINE.match(text, start)
    return m.end() if m else None


def in_dateline(tok) -> bool:
    """Is this spaCy token a word of the dateline that opens its sentence?"""
    end = dateline_end(doc_text(tok.doc), tok.sent.start_char)
    return end is not None and tok.idx < end
