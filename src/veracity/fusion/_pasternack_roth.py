"""The fixed-point loop shared by Pasternack & Roth's methods (COLING 2010).

Each iteration computes new source trust T from the current beliefs B, then new beliefs from
T, and divides both by their maximum so they stay bounded. The paper runs a fixed number of
iterations (20); ``converged_`` says whether the last one still moved trust or belief by more
than ``tol`` (in those max-normalised units).
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np

from veracity.fusion._common import claim_weights, per_source, scale_max
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class TrustBeliefIteration(Estimator):
    """Base of Sums, AverageLog, Investment and PooledInvestment."""

    trust_scale = "trust relative to the most trusted source (max = 1)"

    def __init__(self, iterations: int = 20, tol: float = 1e-4) -> None:
        self.iterations = iterations
        self.tol = tol

    @abstractmethod
    def _prior(self, c: Claims, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Initial (trust, belief)."""

    @abstractmethod
    def _step(
        self, c: Claims, w: np.ndarray, n_claimed: np.ndarray, trust: np.ndarray, belief: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """One update: new (trust, belief) before normalisation."""

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        n_claimed = per_source(c, w)
        trust, belief = self._prior(c, w)
        change = np.inf
        it = 0
        for it in range(1, self.iterations + 1):  # noqa: B007 - the count is reported
            new_trust, new_belief = self._step(c, w, n_claimed, trust, belief)
            new_trust, new_belief = scale_max(new_trust), scale_max(new_belief)
            change = max(
                float(np.abs(new_trust - trust).max(initial=0.0)),
                float(np.abs(new_belief - belief).max(initial=0.0)),
            )
            trust, belief = new_trust, new_belief
        self._claims, self._w = c, w
        self.belief_ = belief
        self.probabilities_ = c.item_normalise(belief)
        self.truth_ = c.item_argmax(belief)
        self.trust_ = trust
        self.iterations_ = it
        self.converged_ = bool(change < self.tol)

    def explain(self, item: int) -> ItemExplanation:
        c = self._claims
        return self._explain_votes(c, item, self._w * self.trust_[c.source], self.trust_scale)
