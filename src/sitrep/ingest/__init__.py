"""Ingest: files and folders in, ``Document`` records (and ``InputProblem``s) out.

One reader per format; ``read_inputs`` walks the paths it is given and dispatches by file
type. Problems with one input are yielded as ``InputProblem`` and the walk goes on.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Document, InputProblem


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document | InputProblem]:
    """Every document found under ``paths``, in a stable order; problems interleaved."""
    raise NotImplementedError
