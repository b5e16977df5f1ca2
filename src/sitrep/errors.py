"""Every error sitrep raises on purpose, with a greppable code.

Messages say what is wrong and what to check next. Exceptions keep ``path``, ``line`` and
``document_id`` as fields and survive pickling, so they cross process (and Ray) boundaries.
"""
from __future__ import annotations


class SitrepError(Exception):
    """Root of sitrep's errors. ``code`` is stable; the message may change. ``exit_status``
    is what the command line exits with: 1 for a problem with the input, 2 for a usage
    error (a bad option or argument)."""

    code = "S000"
    exit_status = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 document_id: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.document_id = document_id
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"[{self.code}] {where}{self.message}"

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.path, self.line, self.document_id))


def _rebuild(cls, message, path, line, document_id):
    return cls(message, path=path, line=line, document_id=document_id)


class IngestError(SitrepError):
    """An input that cannot be read as documents."""

    code = "S100"


class UnreadableInput(IngestError):
    code = "S101"


class MalformedRecord(IngestError):
    code = "S102"


class EmptyInput(IngestError):
    code = "S103"


class NoArticleText(IngestError):
    code = "S104"


class InputTooLarge(IngestError):
    code = "S105"


class DataFileError(SitrepError):
    """A lexicon or gazetteer file under sitrep/data is malformed."""

    code = "S200"


class ModelMissing(SitrepError):
    """The spaCy model is not installed."""

    code = "S300"


class StoreError(SitrepError):
    code = "S400"


class StoreNotFound(StoreError):
    """A read command pointed at a store that does not exist."""

    code = "S401"


class StoreUrlError(StoreError):
    """A ``--db`` value that names no database sitrep can open."""

    code = "S402"
    exit_status = 2


class SearchSyntaxError(StoreError):
    """A search the syntax of ``sitrep.store.search`` cannot read; the message says why."""

    code = "S403"


class ConfigError(SitrepError):
    """Options that do not fit together, or an engine whose extra is not installed."""

    code = "S500"
    exit_status = 2
