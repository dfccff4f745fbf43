"""Sums (hubs and authorities) on partitioned claims: one map-reduce per round.

Belief B = scale_max(V·T) and T' = scale_max(S·B): the max-normalisation of B cancels in T'
(T' is normalised again), so a round needs only S·(V·T) summed per source, plus the largest
V·T for the beliefs of the last round.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, per_source, per_value, scale_max
from veracity.fusion.claims import Claims
from veracity.fusion.distributed.base import DaskEstimator, Posterior
from veracity.fusion.distributed.partitions import ClaimPartitions, Stats


def _raw_belief(c: Claims, trust: np.ndarray) -> np.ndarray:
    return per_value(c, claim_weights(c) * trust[c.source])


def _round(c: Claims, trust: np.ndarray) -> Stats:
    b = _raw_belief(c, trust)
    return {"trust": per_source(c, claim_weights(c) * b[c.value]), "belief_max": b.max(initial=0)}


def _belief(c: Claims, trust: np.ndarray, top: float) -> np.ndarray:
    b = _raw_belief(c, trust)
    return b / top if top > 0 else b


def _change(
    c: Claims, trust: np.ndarray, top: float, old: np.ndarray | None, old_top: float
) -> Stats:
    new = _belief(c, trust, top)
    prev = np.full(new.size, 0.5) if old is None else _belief(c, old, old_top)
    return {"change_max": float(np.abs(new - prev).max(initial=0.0))}


def _posterior(c: Claims, trust: np.ndarray, top: float) -> tuple[np.ndarray, np.ndarray]:
    b = _belief(c, trust, top)
    return c.item_normalise(b), b


class DaskSums(DaskEstimator):
    """:class:`~veracity.fusion.sums.Sums` over partitions (Pasternack & Roth's 20 rounds)."""

    name = "sums"
    trust_scale = "trust relative to the most trusted source (max = 1)"

    def __init__(self, iterations: int = 20, tol: float = 1e-4) -> None:
        self.iterations = iterations
        self.tol = tol

    def _fit(self, parts: ClaimPartitions) -> None:
        # round 1 starts from belief 0.5 everywhere: trust is each source's (weighted) count
        trust = scale_max(0.5 * parts.source_weight)
        previous, trust_change = np.zeros(parts.n_sources), 0.0
        tops: list[float] = [0.0]
        it = 0
        for it in range(1, self.iterations + 1):  # noqa: B007 - the count is reported
            trust_change = float(np.abs(trust - previous).max(initial=0.0))
            stats = parts.map_reduce(_round, trust)
            tops.append(float(stats["belief_max"]))
            if it == self.iterations:
                break
            previous, trust = trust, scale_max(stats["trust"])
        top = tops[-1]
        old = previous if it > 1 else None
        change = parts.map_reduce(_change, trust, top, old, tops[-2])["change_max"]
        self._top = top
        self.trust_ = trust
        self.iterations_ = it
        self.converged_ = bool(max(trust_change, float(change)) < self.tol)

    def _posterior(self) -> tuple[Posterior, tuple]:
        return _posterior, (self.trust_, self._top)
