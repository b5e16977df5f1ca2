"""The eval gate: sitrep run on frozen slices of the shared corpora, scored by the shared
scorer, must stay at or above pinned floors. A change that drops quality fails the suite.

The slices (``tests/quality_gate.json``: document ids of the tuned part only, never the aside
fifth) and floors are written by ``scripts/quality_gate.py --pin``; the floors sit a little
under what the code measured when they were pinned, so that noise does not fail the suite but a
real drop does. Needs ../shared beside the project (CI has it); skipped, saying so, without.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GATE = Path(__file__).resolve().parent / "quality_gate.json"
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(),
                                reason="the eval gate needs ../shared (corpora and scorer) beside the project")


def _gate() -> dict:
    return json.loads(GATE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    from quality_gate import measure

    return measure(_gate(), SHARED, tmp_path_factory.mktemp("gate"))


@pytest.mark.parametrize("corpus", sorted(_gate()["slices"]))
def test_the_slice_scores_at_or_above_its_floors(measured, corpus):
    floors = _gate()["slices"][corpus]["floors"]
    got = measured[corpus]
    below = {name: (got.get(name), floor) for name, floor in floors.items()
             if got.get(name) is None or got[name] < floor}
    assert not below, f"{corpus}: below the pinned floors (measured, floor): {below}"
