"""Every error sitrep raises on purpose, with a greppable code.

Messages say what is wrong and what to check next. Exceptions keep ``path``, ``line`` and
``document_id`` as fields and survive pickling, so they cross process (and Ray) boundaries.
"""
from __future__ import annotations


class SitrepError(Exception):
    """Root of sitrep's errors. ``code`` is stable; the message may change."""

    code = "S000"

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


class ConfigError(SitrepError):
    code = "S500"
