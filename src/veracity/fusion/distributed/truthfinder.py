"""TruthFinder on partitioned claims: each round maps trust to confidences, reduces per source.

Without an implication function (the in-memory default) a value's confidence depends only on
the trust of the sources that claim it, so each round is one map and one per-source sum.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, cosine_distance, divide, per_source, per_value
from veracity.fusion.claims import Claims
from veracity.fusion.distributed.base import DaskEstimator, Posterior
from veracity.fusion.distributed.partitions import ClaimPartitions, Stats


def _confidence(c: Claims, trust: np.ndarray, dampening: float) -> np.ndarray:
    tau = -np.log1p(-np.minimum(trust, 1.0 - 1e-12))
    sigma = per_value(c, claim_weights(c) * tau[c.source])
    return 1.0 / (1.0 + np.exp(-dampening * sigma))


def _round(c: Claims, trust: np.ndarray, dampening: float) -> Stats:
    conf = _confidence(c, trust, dampening)
    return {"support": per_source(c, claim_weights(c) * conf[c.value])}


def _posterior(c: Claims, trust: np.ndarray, dampening: float) -> tuple[np.ndarray, np.ndarray]:
    conf = _confidence(c, trust, dampening)
    return c.item_normalise(conf), conf


class DaskTruthFinder(DaskEstimator):
    """:class:`~veracity.fusion.truthfinder.TruthFinder` over partitions (no implication)."""

    name = "truthfinder"
    trust_scale = "probability that the source's claims are true (Yin 2007 t(w))"

    def __init__(
        self,
        dampening: float = 0.3,
        initial_trust: float = 0.9,
        tol: float = 1e-3,
        max_iter: int = 100,
    ) -> None:
        self.dampening = dampening
        self.initial_trust = initial_trust
        self.tol = tol
        self.max_iter = max_iter

    def _fit(self, parts: ClaimPartitions) -> None:
        trust = np.full(parts.n_sources, float(self.initial_trust))
        used = trust
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            stats = parts.map_reduce(_round, trust, self.dampening)
            new = divide(stats["support"], parts.source_weight, fill=self.initial_trust)
            dist = cosine_distance(trust, new)
            used, trust = trust, new
            if dist < self.tol:
                converged = True
                break
        # the final confidences are those of the last round: computed from the trust before it
        self._used_trust = used
        self.trust_ = trust
        self.iterations_ = it
        self.converged_ = converged

    def _posterior(self) -> tuple[Posterior, tuple]:
        return _posterior, (self._used_trust, self.dampening)
