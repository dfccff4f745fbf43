"""Scores of an ACH matrix: Heuer's weighted inconsistency, a Bayesian posterior, diagnosticity.

Both scores read the same numbers (``scale``): the consensus step of each cell, the item's
credibility probability and its relevance weight. They answer different questions — Heuer's
which hypothesis has the least evidence against it, the Bayesian one how probable each
hypothesis is if the ratings are read as likelihood ratios — and the report shows both.

>>> from veracity.model.ach import Question, Hypothesis, AchEvidence, Rating, Consistency
>>> from veracity.ach.matrix import build_matrix
>>> q = Question("q", "Why?")
>>> m = build_matrix(q, [Hypothesis("H1", "q", "a"), Hypothesis("H2", "q", "b")],
...                  [AchEvidence("E1", "q", "seen")],
...                  [Rating("q", "E1", "H1", Consistency.I),
...                   Rating("q", "E1", "H2", Consistency.C)])
>>> [round(s.weighted, 3) for s in heuer_scores(m)], [round(p, 3) for p in bayes_posterior(m)]
([1.0, 0.0], [0.275, 0.725])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veracity.ach.matrix import Matrix
from veracity.ach.scale import LR_BASE, credibility_weight

#: scores closer than this are a tie
TIE = 1e-9


@dataclass(frozen=True, slots=True)
class MatrixNumbers:
    """The arrays every score reads: steps (E × H, NaN = unrated or NA), credibility
    probabilities and relevance weights (E)."""

    steps: np.ndarray
    credibility: np.ndarray
    relevance: np.ndarray

    def row(self, i: int) -> MatrixNumbers:
        """Evidence item ``i`` alone (a 1 × H matrix)."""
        return MatrixNumbers(
            self.steps[i : i + 1], self.credibility[i : i + 1], self.relevance[i : i + 1]
        )

    @classmethod
    def of(cls, matrix: Matrix) -> MatrixNumbers:
        return cls(
            matrix.steps(),
            np.array([matrix.credibility_of(e.id).probability for e in matrix.evidence], float),
            np.array([e.relevance.weight for e in matrix.evidence], float),
        )


@dataclass(frozen=True, slots=True)
class HeuerScore:
    hypothesis_id: str
    inconsistency: float  # PARC's unweighted count: I = 1, II = 2
    weighted: float  # × credibility weight × relevance weight


@dataclass(frozen=True, slots=True)
class Diagnosticity:
    """How well an item separates the hypotheses.

    ``bits``: the spread (max − min) over hypotheses of log2 of the tempered likelihood factor,
    i.e. how many bits of odds the item moves between the best- and worst-fitting hypotheses.
    ``heuer``: the spread of its weighted-inconsistency contributions. Zero means the item is not
    diagnostic (Heuer: such items belong out of the matrix, however important they feel).
    """

    evidence_id: str
    bits: float
    heuer: float

    @property
    def diagnostic(self) -> bool:
        return self.bits > TIE or self.heuer > TIE


def inconsistency_matrix(numbers: MatrixNumbers, *, weighted: bool = True) -> np.ndarray:
    """Each cell's contribution to Heuer's score (E × H)."""
    counts = np.nan_to_num(np.maximum(0.0, -numbers.steps), nan=0.0)
    if not weighted:
        return counts
    w = credibility_weight(1.0) * numbers.credibility * numbers.relevance
    return counts * w[:, None]


def log_factors(numbers: MatrixNumbers) -> np.ndarray:
    """log of each cell's tempered likelihood factor ``c · 2^(step · relevance) + 1 − c`` (E × H).

    Unrated and NA cells carry a factor of 1.
    """
    steps = np.nan_to_num(numbers.steps, nan=0.0)
    ratio = LR_BASE ** (steps * numbers.relevance[:, None])
    c = numbers.credibility[:, None]
    return np.log(c * ratio + (1.0 - c))


def heuer_array(numbers: MatrixNumbers) -> np.ndarray:
    return inconsistency_matrix(numbers).sum(axis=0)


def posterior_array(numbers: MatrixNumbers, prior: np.ndarray | None = None) -> np.ndarray:
    logp = log_factors(numbers).sum(axis=0)
    if prior is not None:
        logp = logp + np.log(prior)
    return posterior_from_log(logp)


def posterior_from_log(logp: np.ndarray) -> np.ndarray:
    """Normalise unnormalised log-probabilities (one per hypothesis; none gives none)."""
    if logp.size == 0:
        return logp.copy()
    p = np.exp(logp - logp.max())
    return p / p.sum()


def heuer_scores(matrix: Matrix) -> list[HeuerScore]:
    """PARC ACH's inconsistency and weighted inconsistency per hypothesis (lower is better)."""
    numbers = MatrixNumbers.of(matrix)
    raw = inconsistency_matrix(numbers, weighted=False).sum(axis=0)
    weighted = heuer_array(numbers)
    return [
        HeuerScore(h, float(r), float(w))
        for h, r, w in zip(matrix.hypothesis_ids, raw, weighted, strict=True)
    ]


def bayes_posterior(matrix: Matrix, prior: Sequence[float] | None = None) -> list[float]:
    """Posterior probability per hypothesis (uniform prior unless given), in column order."""
    p = None if prior is None else _normalised_prior(prior, len(matrix.hypotheses))
    return [float(x) for x in posterior_array(MatrixNumbers.of(matrix), p)]


def _normalised_prior(prior: Sequence[float], n: int) -> np.ndarray:
    arr = np.asarray(prior, float)
    if arr.shape != (n,) or not np.all(arr > 0):
        raise ValueError(f"prior must be {n} positive numbers, one per hypothesis")
    return arr / arr.sum()


def heuer_leaders(scores: np.ndarray, ids: Sequence[str]) -> tuple[str, ...]:
    """The hypotheses with the least weighted inconsistency (several on a tie)."""
    if len(ids) == 0:
        return ()
    best = scores.min()
    return tuple(h for h, s in zip(ids, scores, strict=True) if s <= best + TIE)


def bayes_leaders(posterior: np.ndarray, ids: Sequence[str]) -> tuple[str, ...]:
    if len(ids) == 0:
        return ()
    best = posterior.max()
    return tuple(h for h, p in zip(ids, posterior, strict=True) if p >= best - TIE)


def diagnosticity(matrix: Matrix) -> list[Diagnosticity]:
    """Per evidence item, in row order."""
    numbers = MatrixNumbers.of(matrix)
    if not matrix.hypotheses:
        return [Diagnosticity(e, 0.0, 0.0) for e in matrix.evidence_ids]
    bits = log_factors(numbers) / np.log(2)
    heuer = inconsistency_matrix(numbers)
    return [
        Diagnosticity(e, float(np.ptp(bits[i])), float(np.ptp(heuer[i])))
        for i, e in enumerate(matrix.evidence_ids)
    ]
