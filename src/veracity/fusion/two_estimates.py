"""2-Estimates (Galland, Abiteboul, Marian & Senellart, WSDM 2010).

A value's truth θ(f) and a source's error rate ε(s) estimate each other; a claim of one value is
a positive vote for it and a negative vote for each other value of the item:

θ(f) = [Σ_{s votes f} (1 - ε(s)) + Σ_{s votes against f} ε(s)] / |votes on f|
ε(s) = [Σ_{f s votes for} (1 - θ(f)) + Σ_{f s votes against} θ(f)] / |votes of s|

both normalised after each update (``_galland``); start ε = 0.2; stop at the fixed point
(largest change of θ below ``tol``) or after ``max_iter`` iterations.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, divide, per_item, per_source, per_value
from veracity.fusion._galland import galland_normalise
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class TwoEstimates(Estimator):
    """Truth and source error estimated from positive and negative votes.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> TwoEstimates().fit(c).truth_.tolist()
    [0]
    """

    name = "two_estimates"
    trust_scale = "1 - estimated error rate of the source (normalised to [0, 1])"

    def __init__(
        self,
        initial_error: float = 0.2,
        normalisation_weight: float = 0.5,
        tol: float = 1e-5,
        max_iter: int = 100,
    ) -> None:
        self.initial_error = initial_error
        self.normalisation_weight = normalisation_weight
        self.tol = tol
        self.max_iter = max_iter

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        votes_on_item = per_item(c, w)  # every claim on the item votes on each of its values
        k = c.values_per_item[c.item].astype(np.float64)
        votes_of_source = per_source(c, w * k)
        err = np.full(c.n_sources, float(self.initial_error))
        truth = np.zeros(c.n_values)
        lam = self.normalisation_weight
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            e = err[c.source]
            # for f: Σ_{claims on f} (1 - ε) + Σ_{claims on f's item, not on f} ε
            e_item = per_item(c, w * e)[c.value_item]
            e_on = per_value(c, w * e)
            pos = per_value(c, w * (1.0 - e))
            new_truth = divide(pos + e_item - e_on, votes_on_item[c.value_item])
            new_truth = galland_normalise(new_truth, lam)
            # for s: Σ_claims (1 - θ(own value)) + Σ_{other values of the item} θ
            t_own = new_truth[c.value]
            t_item = c.item_sum(new_truth)[c.item]
            err = divide(per_source(c, w * ((1.0 - t_own) + (t_item - t_own))), votes_of_source)
            err = galland_normalise(err, lam)
            change = float(np.abs(new_truth - truth).max(initial=0.0))
            truth = new_truth
            if change < self.tol:
                converged = True
                break
        self._claims, self._w = c, w
        self.truth_score_ = truth
        self.probabilities_ = c.item_normalise(truth)
        self.truth_ = c.item_argmax(truth)
        self.trust_ = 1.0 - err
        self.iterations_ = it
        self.converged_ = converged

    def explain(self, item: int) -> ItemExplanation:
        c = self._claims
        return self._explain_votes(c, item, self._w * self.trust_[c.source], "1 - error rate")
