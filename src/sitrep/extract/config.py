"""The settings of the extract stage, and the versions of what reads the texts.

``ExtractConfig`` is what ``sitrep.extract`` and a run's extraction take. Every run records
it, resolved, beside ``extractor_versions()`` (``RunInfo.config``), so a store says how each
of its mentions was read: bumping a component's ``EXTRACTOR`` shows in its claims and in the
runs that used it.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    # Languages the extractors read (ISO 639-1). Documents in others are stored and counted
    # as skipped; a document whose language is unknown is read.
    languages: tuple[str, ...] = ("en",)
    # Remove boilerplate (ads, share blocks, related-headline lists) before reading, as a
    # run does; claims' character spans then index the cleaned text. False reads the text
    # as given, for texts that are clean already.
    clean: bool = True


DEFAULT_EXTRACT = ExtractConfig()


def extractor_versions() -> dict[str, str]:
    """Each component's ``EXTRACTOR`` (name and version), and the language model, as the
    claims and the run record them."""
    from ..parse import MODEL_PACKAGES
    from . import actors, counts, dates, document, events, places

    versions = {module.__name__.rsplit(".", 1)[1]: module.EXTRACTOR
                for module in (document, events, dates, places, counts, actors)}
    versions["spacy"] = _version("spacy") or "not installed"
    versions["model"] = next((f"{name} {_version(name)}" for name in MODEL_PACKAGES
                              if _version(name)), "not installed")
    return versions


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
