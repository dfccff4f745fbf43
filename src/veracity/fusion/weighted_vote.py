"""Weighted vote: each claim counts with its own weight times its source's weight."""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, per_value
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class WeightedVote(Estimator):
    """Vote shares with weights from the claims' weight column and/or a per-source array.

    ``source_weights`` (one non-negative number per source code) is the analyst's prior trust;
    without it every source weighs 1 and only the claim weights count.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> WeightedVote(source_weights=[1.0, 1.0, 3.0]).fit(c).probabilities_.round(2).tolist()
    [0.4, 0.6]
    """

    name = "weighted_vote"
    trust_scale = "the source's given weight"

    def __init__(
        self, source_weights: np.ndarray | list[float] | None = None, use_claim_weights: bool = True
    ) -> None:
        self.source_weights = source_weights
        self.use_claim_weights = use_claim_weights

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        if self.source_weights is None:
            sw = np.ones(c.n_sources)
        else:
            sw = np.asarray(self.source_weights, dtype=np.float64)
            if sw.shape != (c.n_sources,):
                raise ValueError(
                    f"source_weights: shape {sw.shape}, need one weight per source ({c.n_sources})"
                )
        w = sw[c.source] * (claim_weights(c) if self.use_claim_weights else 1.0)
        if (w < 0).any() or not np.isfinite(w).all():
            raise ValueError("weighted vote: weights must be finite and non-negative")
        self._claims, self._vote = c, w
        self.probabilities_ = c.item_normalise(per_value(c, w))
        self.truth_ = c.item_argmax(self.probabilities_)
        self.trust_ = sw
        self.iterations_ = 1
        self.converged_ = True

    def explain(self, item: int) -> ItemExplanation:
        return self._explain_votes(self._claims, item, self._vote, "claim weight x source weight")
