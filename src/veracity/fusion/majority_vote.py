"""Majority vote: each value's share of its item's (weighted) claims. The baseline."""

from __future__ import annotations

import numpy as np

from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class MajorityVote(Estimator):
    """Count claims per value; probabilities are vote shares; trust is agreement with the winner.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> MajorityVote().fit(c).probabilities_.round(2).tolist()
    [0.67, 0.33]
    """

    name = "majority_vote"
    trust_scale = "share of the source's claims that agree with the majority"

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = np.ones(c.n_claims) if c.weight is None else c.weight
        votes = np.bincount(c.value, weights=w, minlength=c.n_values)
        totals = c.item_sum(votes)[c.value_item]
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(
                totals > 0, votes / totals, 1.0 / np.maximum(c.values_per_item[c.value_item], 1)
            )
        self.probabilities_ = p
        self.truth_ = c.item_argmax(p)
        agree = (self.truth_[c.item] == c.value).astype(float)
        n = np.bincount(c.source, minlength=c.n_sources)
        self.trust_ = np.divide(
            np.bincount(c.source, weights=agree, minlength=c.n_sources),
            n,
            out=np.full(c.n_sources, np.nan),
            where=n > 0,
        )
        self.iterations_ = 1
        self.converged_ = True
        self._claims, self._w = c, w

    def explain(self, item: int) -> ItemExplanation:
        """Each claim is one (weighted) vote; a denial is a vote against the value it denies."""
        return self._explain_votes(self._claims, item, self._w, "one vote")
