"""3-Estimates (Galland, Abiteboul, Marian & Senellart, WSDM 2010).

2-Estimates plus a difficulty δ(f) per value: a source with error rate ε(s) gets value f wrong
with probability ε(s)·δ(f). Claims are positive votes for their value and negative votes for
the item's other values:

θ(f) = [Σ_{s for f} (1 - ε(s)δ(f)) + Σ_{s against f} ε(s)δ(f)] / |votes on f|
δ(f) = [Σ_{s for f} (1 - θ(f))/ε(s) + Σ_{s against f} θ(f)/ε(s)] / |votes on f|
ε(s) = [Σ_{f s is for} (1 - θ(f))/δ(f) + Σ_{f s is against} θ(f)/δ(f)] / |votes of s|

θ and ε are normalised after each update as in 2-Estimates (``_galland``); δ, a probability
factor, is kept within [``floor``, 1] instead (rescaling it to [0, 1] as well sends the
hardest value's δ to 1 and the easiest to 0 every round, and the iteration never settles), and
ε is kept ≥ ``floor`` where it divides. Start ε = 0.2, δ = 0.5; stop at the fixed point
(largest change of θ below ``tol``) or after ``max_iter`` iterations. The fixed point is not
guaranteed: on large data a few values can keep flipping, and ``converged_`` says so.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, divide, per_item, per_source, per_value
from veracity.fusion._galland import galland_normalise
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class ThreeEstimates(Estimator):
    """Truth, value difficulty and source error estimated together.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> ThreeEstimates().fit(c).truth_.tolist()
    [0]
    """

    name = "three_estimates"
    trust_scale = "1 - estimated error rate of the source (normalised to [0, 1])"

    def __init__(
        self,
        initial_error: float = 0.2,
        initial_difficulty: float = 0.5,
        normalisation_weight: float = 0.5,
        floor: float = 1e-3,
        tol: float = 1e-5,
        max_iter: int = 100,
    ) -> None:
        self.initial_error = initial_error
        self.initial_difficulty = initial_difficulty
        self.normalisation_weight = normalisation_weight
        self.floor = floor
        self.tol = tol
        self.max_iter = max_iter

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        n_item = per_item(c, w)[c.value_item]  # votes on each value: all claims on its item
        n_on = per_value(c, w)
        k = c.values_per_item[c.item].astype(np.float64)
        votes_of_source = per_source(c, w * k)
        err = np.full(c.n_sources, float(self.initial_error))
        diff = np.full(c.n_values, float(self.initial_difficulty))
        truth = np.zeros(c.n_values)
        lam, fl = self.normalisation_weight, self.floor
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            e = np.maximum(err, fl)[c.source]
            e_on = per_value(c, w * e)
            e_item = per_item(c, w * e)[c.value_item]
            new_truth = divide(n_on - diff * e_on + diff * (e_item - e_on), n_item)
            new_truth = galland_normalise(new_truth, lam)
            inv_on = per_value(c, w / e)
            inv_item = per_item(c, w / e)[c.value_item]
            diff = divide((1.0 - new_truth) * inv_on + new_truth * (inv_item - inv_on), n_item)
            diff = np.clip(diff, fl, 1.0)
            ratio = new_truth / diff
            r_own = ratio[c.value]
            r_item = c.item_sum(ratio)[c.item]
            own = (1.0 - new_truth[c.value]) / diff[c.value]
            err = divide(per_source(c, w * (own + r_item - r_own)), votes_of_source)
            err = galland_normalise(err, lam)
            change = float(np.abs(new_truth - truth).max(initial=0.0))
            truth = new_truth
            if change < self.tol:
                converged = True
                break
        self._claims, self._w = c, w
        self.truth_score_ = truth
        self.difficulty_ = diff
        self.probabilities_ = c.item_normalise(truth)
        self.truth_ = c.item_argmax(truth)
        self.trust_ = 1.0 - err
        self.iterations_ = it
        self.converged_ = converged

    def explain(self, item: int) -> ItemExplanation:
        c = self._claims
        return self._explain_votes(c, item, self._w * self.trust_[c.source], "1 - error rate")
