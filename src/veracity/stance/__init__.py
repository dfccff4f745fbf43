"""Claim stance: does a text (headline, paragraph or article) support, refute, discuss, or not
concern a claim — with a confidence and the evidence sentences, their spans and own stance.

>>> r = classify("A shark swam down a flooded highway in Houston",
...              "The photo of a shark on a flooded Houston highway is a hoax, experts say.")
>>> r.stance
'refutes'
>>> classify("A shark swam down a flooded highway", "Wheat exports rose in October.").stance
'unrelated'

The default model is rules plus the packaged sentence embeddings (:mod:`.rules`), which may
ship; :func:`load_model` loads one trained with ``veracity stance train`` (:mod:`.trained`).
Layering: imports only ``veracity.model``-level code of its own; the sentence-embedding files are
read from ``veracity/extract/static_model`` by path (:mod:`.embedding`), never by importing
``veracity.extract``, because extract imports stance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from veracity.stance.result import STANCES, ClaimStance, EvidenceSentence, StanceLabel

__all__ = [
    "STANCES",
    "ClaimStance",
    "EvidenceSentence",
    "StanceLabel",
    "StanceModel",
    "classify",
    "classify_many",
    "default_model",
    "load_model",
]


class StanceModel(Protocol):
    """Anything that classifies (claim, text) pairs: the rules, or a trained model."""

    name: str

    def classify_many(self, pairs: Iterable[tuple[str, str]]) -> Iterator[ClaimStance]: ...


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The shipped rules model, created once per process (its encoder loads on first use)."""
    from veracity.stance.rules import RulesModel

    return RulesModel()


def classify(claim: str, text: str, *, model: StanceModel | None = None) -> ClaimStance:
    """The stance of ``text`` toward ``claim``."""
    return next(iter((model or default_model()).classify_many([(claim, text)])))


def classify_many(
    pairs: Iterable[tuple[str, str]], *, model: StanceModel | None = None
) -> Iterator[ClaimStance]:
    """Stances of many (claim, text) pairs, lazily and in order; batches sentence encoding."""
    return (model or default_model()).classify_many(pairs)


def load_model(path: str | Path) -> StanceModel:
    """A model saved by ``veracity stance train``; raises ``InputError`` for a missing or
    unreadable file."""
    from veracity.stance.trained import load_trained

    return load_trained(Path(path))
