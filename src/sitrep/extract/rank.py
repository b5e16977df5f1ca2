"""One choice per field: candidates proposed by named generators, ranked by fitted weights.

Each field of an incident (its place, its date, its sub-type, its killed and wounded figures)
is chosen in two steps. Generators (plain functions, one per way a value can be told) each
propose ``Candidate`` values with the span that says them and the features of that span;
no generator reads or changes another's output. Then ``choose`` scores every candidate of the
field with one linear model, ``weights · features``, and takes the best.

The weights are fitted on the visible gold by ``make train`` (``scripts/train.py``: a
candidate is right when its value agrees with the gold incident its mention matched; a
conditional logistic regression over each choice's candidates) and shipped in
``sitrep/data/weights/rankers.json``. A feature the file gives no weight counts 0. A field the
file does not know is scored with the weights its caller states as ``prior`` (the hand-set
values sitrep used before it learned them, each with its reason where it is declared), and
training itself reads with those priors, so that ``make train`` does not depend on the file it
writes.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Candidate", "Ranker", "choose", "scores", "rankers", "record_with", "use_priors",
           "WEIGHTS_FILE"]

WEIGHTS_FILE = "rankers.json"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value one generator proposes for one field, with where it is said and how."""

    field: str                         # "place", "date", "sub_event_type", "killed", ...
    value: Any                         # the value as the mention will carry it
    generator: str                     # the rule that proposed it ("place.trigger_sentence")
    start: int                         # the span that says it (content offsets)
    end: int
    features: Mapping[str, float] = field(default_factory=dict)
    payload: Any = None                # what the caller needs back (a finding and its sentence)
    prior: float = 0.0                 # the generator's own confidence, used before training

    def vector(self) -> dict[str, float]:
        """The features the model sees: the generator's name is one of them."""
        return {**self.features, f"gen={self.generator}": 1.0}


@dataclass(frozen=True, slots=True)
class Ranker:
    """A linear scorer for the candidates of one field."""

    field: str
    weights: Mapping[str, float]
    bias: float = 0.0

    def score(self, candidate: Candidate) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in candidate.vector().items())

    def probability(self, candidate: Candidate) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(candidate)))))


_use_priors: list[bool] = [False]


def use_priors(on: bool = True) -> None:
    """Score with every field's prior weights, ignoring the shipped file (for training)."""
    _use_priors[0] = on


@lru_cache(maxsize=1)
def rankers() -> dict[str, Ranker]:
    """The shipped rankers, by field (``sitrep/data/weights/rankers.json``)."""
    path = resources.files("sitrep") / "data" / "weights" / WEIGHTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {name: Ranker(name, spec["weights"], spec.get("bias", 0.0))
            for name, spec in data.get("fields", {}).items()}


# Set by scripts/train.py to see every field's candidates (the training data); None otherwise.
Recorder = Callable[[str, Any, Sequence[Candidate], Candidate | None], None]
_recorder: list[Recorder] = []


def record_with(recorder: Recorder | None) -> None:
    """Send every ``choose`` call's candidates to ``recorder`` (None stops)."""
    _recorder.clear()
    if recorder is not None:
        _recorder.append(recorder)


def ranker_for(field_name: str, prior: Mapping[str, float] | None = None) -> Ranker | None:
    """The fitted ranker of a field, else one with the caller's prior weights."""
    if not _use_priors[0]:
        fitted = rankers().get(field_name)
        if fitted is not None:
            return fitted
    return Ranker(field_name, prior) if prior is not None else None


def scores(field_name: str, candidates: Sequence[Candidate],
           prior: Mapping[str, float] | None = None) -> list[float]:
    """Each candidate's score (log-odds under the fitted model)."""
    ranker = ranker_for(field_name, prior)
    if ranker is None:
        return [c.prior for c in candidates]
    return [ranker.score(c) for c in candidates]


def choose(field_name: str, candidates: Sequence[Candidate], context: Any = None,
           prior: Mapping[str, float] | None = None) -> Candidate | None:
    """The best candidate of ``field_name``: by the fitted ranker, else by the ``prior``
    weights, else by each candidate's own prior. Ties keep the earlier candidate (generators
    list what they propose in text order). ``context`` names the choice for the training
    recorder."""
    if not candidates:
        return None
    values = scores(field_name, candidates, prior)
    best = candidates[max(range(len(candidates)), key=lambda i: (values[i], -i))]
    if _recorder:
        _recorder[0](field_name, context, candidates, best)
    return best
