"""The data files under ``sitrep/data``: domain knowledge as tables, read through one function.

    from sitrep.data import read_table

    for line, row in read_table("en/weapons.tsv", ("term", "weapon", "munition",
                                                   "sub_event_type", "rank"), key=("term",)):
        rank = int(row["rank"])          # a bad value: raise DataFileError(..., path=, line=line)

A data file is UTF-8 text: comment lines saying where it came from (``# Source:``,
``# License:``, ``# About:``), then a header row naming the columns, then one row a line,
cells separated by tabs. Blank lines and lines starting with ``#`` are skipped anywhere. A
column named with a final ``?`` in the header row (``note?``) is optional: rows may leave it
off (it reads as ""); optional columns come last.

``read_table`` checks the provenance lines, that the header row names exactly ``columns``
(the names without ``?``; None takes the header as it is), that every row has as many cells,
and that no two rows share a ``key`` (by default the whole row). Any fault raises
``DataFileError`` naming the file and line, so a bad edit fails on first use, not silently.
Cells are stripped of surrounding spaces. Callers keep their own caches (``functools.cache``).

``read_words`` reads the common shape of word lists, a ``word`` and its ``kind``:

    read_words("en/event_words.tsv", ("stem", "violence"))["stem"]   # the words, in file order
"""
from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

from ..errors import DataFileError

PROVENANCE = ("# Source:", "# License:", "# About:")


class Row(NamedTuple):
    line: int                        # 1-based line number in the file
    values: dict[str, str]           # column name -> cell


def data_path(name: str):
    """The file ``name`` (``"en/weapons.tsv"``) under ``sitrep/data``."""
    return resources.files(__name__).joinpath(*name.split("/"))


def data_files() -> list[str]:
    """Every table under ``sitrep/data``, as names ``read_table`` takes."""
    root = resources.files(__name__)
    return sorted(f"{folder.name}/{item.name}" for folder in root.iterdir() if folder.is_dir()
                  for item in folder.iterdir() if item.name.endswith(".tsv"))


def read_table(name: str, columns: Sequence[str] | None = None, *,
               key: Sequence[str] | None = None) -> list[Row]:
    """The rows of ``sitrep/data/<name>`` as ``(line, {column: cell})``, checked (see the
    module's docstring). ``key``: the columns no two rows may share (default: all)."""
    where = f"sitrep/data/{name}"
    try:
        text = data_path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError("data file is missing; reinstall sitrep", path=where) from exc
    lines = text.splitlines()
    for prefix in PROVENANCE:
        if not any(line.startswith(prefix) for line in lines):
            raise DataFileError(f"missing '{prefix}' line; every data file says where it came "
                                "from", path=where)
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    header: tuple[str, ...] | None = None
    least = 0
    key_columns: tuple[str, ...] = ()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = tuple(cell.removesuffix("?") for cell in cells)
            optional = [cell.endswith("?") for cell in cells]
            least = optional.index(True) if True in optional else len(cells)
            optional_last = all(optional[least:])
            if not optional_last or (columns is not None and header != tuple(columns)):
                raise DataFileError(f"the header row should be {' | '.join(columns or header)} "
                                    f"(optional columns last, marked ?), found "
                                    f"{' | '.join(cells)}", path=where, line=number)
            key_columns = tuple(key) if key is not None else header
            continue
        if not least <= len(cells) <= len(header):
            expected = f"{len(header)}" if least == len(header) else f"{least} to {len(header)}"
            raise DataFileError(f"expected {expected} tab-separated cells, found {len(cells)}; "
                                "check for spaces used instead of tabs", path=where, line=number)
        values = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        identity = tuple(values[c] for c in key_columns)
        if identity in seen:
            raise DataFileError(f"{' | '.join(identity)!r} repeats line {seen[identity]}; keep "
                                "one row", path=where, line=number)
        seen[identity] = number
        rows.append(Row(number, values))
    if header is None:
        raise DataFileError("no header row naming the columns", path=where)
    return rows


def read_words(name: str, kinds: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The words of a table of ``word`` and ``kind`` by kind, in file order; a kind not in
    ``kinds`` raises ``DataFileError`` naming the line."""
    found: dict[str, list[str]] = {kind: [] for kind in kinds}
    for line, row in read_table(name, ("word", "kind"), key=("word", "kind")):
        if row["kind"] not in found:
            raise DataFileError(f"unknown kind '{row['kind']}'; use one of {', '.join(kinds)}",
                                path=f"sitrep/data/{name}", line=line)
        found[row["kind"]].append(row["word"])
    return {kind: tuple(words) for kind, words in found.items()}
