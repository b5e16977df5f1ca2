"""Clean: strip web junk that survived text extraction from each document's text.

``clean_documents`` sees a whole batch so it can learn lines that repeat across documents of
the same source. It never changes a document's id; removed lines are kept in ``removed``.
"""
from __future__ import annotations

from collections.abc import Sequence

from .records import Document


def clean_documents(documents: Sequence[Document], context: Sequence[Document] = ()) -> list[Document]:
    """Cleaned copies of ``documents``; ``context`` are earlier documents (same sources) that
    help recognise repeated boilerplate but are not returned."""
    raise NotImplementedError
