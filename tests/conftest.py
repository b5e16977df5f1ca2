"""Shared fixtures. The spaCy pipeline loads once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from sitrep.parse import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def baghdad_dir() -> Path:
    return EXAMPLES / "baghdad"
