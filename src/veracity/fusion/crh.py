"""CRH: conflict resolution on heterogeneous data (Li, Li, Gao, Su, Zhao, Fan & Han, SIGMOD 2014).

Minimise Σ_k w_k Σ_i d(v_i*, v_ik) over truths v* and source weights w, with
w_k = -log(loss_k / Σ_k' loss_k'), loss_k the source's summed loss. Block coordinate descent:
truths given weights (weighted vote for categorical items, weighted median for numeric ones,
the minimiser of the absolute loss), then weights given truths; stop when the objective
changes by less than ``tol`` (relative) or the truths and weights stop moving.

Losses: 0-1 for categorical items; for numeric items (all candidate values numbers in the
claims' ``value_number`` column, one float per value code, NaN for non-numbers) the absolute
deviation divided by the standard deviation of the item's claimed numbers. A source whose loss
is 0 would get an infinite weight: its loss is floored at ``loss_floor`` × the total, so the
largest weight is -log(loss_floor) (about 23).

For numeric items ``truth_`` is the weighted median and ``probabilities_`` are the weighted
shares of the claims on each value (CRH itself gives no probabilities).
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, per_item, per_source, per_value
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims


class CRH(Estimator):
    """Source weights from summed losses; truths minimise the weighted loss.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> CRH().fit(c).truth_.tolist()
    [0]
    """

    name = "crh"
    trust_scale = "CRH weight -log(loss share); larger is more reliable"
    uses = frozenset({"numbers"})

    def __init__(
        self,
        tol: float = 1e-6,
        max_iter: int = 100,
        loss_floor: float = 1e-10,
    ) -> None:
        self.tol = tol
        self.max_iter = max_iter
        self.loss_floor = loss_floor

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        numeric_item = np.zeros(c.n_items, dtype=bool)
        x = np.zeros(c.n_values)
        if c.value_number is not None:
            x = c.value_number
            finite = np.isfinite(x)
            numeric_item = c.item_sum(finite.astype(float)) == c.values_per_item
            numeric_item &= c.values_per_item > 0
        num_claim = numeric_item[c.item]
        median = _WeightedMedian(c, x, num_claim) if x is not None and num_claim.any() else None
        weights = np.ones(c.n_sources)
        truth = self._truths(c, w, weights, numeric_item, median)
        objective = np.inf
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            loss = np.asarray(c.value != truth[c.item], dtype=np.float64)
            if median is not None:
                loss[num_claim] = median.loss(truth)
            loss_s = per_source(c, w * loss)
            total = float(loss_s.sum())
            if total > 0:
                new_weights = -np.log(np.maximum(loss_s, self.loss_floor * total) / total)
            else:
                new_weights = np.ones(c.n_sources)
            new_truth = self._truths(c, w, new_weights, numeric_item, median)
            new_objective = float((new_weights * loss_s).sum())
            stable = bool((new_truth == truth).all()) and np.allclose(new_weights, weights)
            small = abs(objective - new_objective) <= self.tol * max(abs(new_objective), 1e-12)
            weights, truth, objective = new_weights, new_truth, new_objective
            if stable or small:
                converged = True
                break
        self._claims, self._vote = c, w * weights[c.source]
        self.probabilities_ = c.item_normalise(per_value(c, self._vote))
        self.truth_ = truth
        self.trust_ = weights
        self.iterations_ = it
        self.converged_ = converged

    def _truths(
        self,
        c: Claims,
        w: np.ndarray,
        weights: np.ndarray,
        numeric_item: np.ndarray,
        median: _WeightedMedian | None,
    ) -> np.ndarray:
        truth = c.item_argmax(per_value(c, w * weights[c.source]))
        if median is not None:
            truth[numeric_item] = median.codes(w * weights[c.source])[numeric_item]
        return truth

    def explain(self, item: int) -> ItemExplanation:
        return self._explain_votes(self._claims, item, self._vote, "CRH source weight")


class _WeightedMedian:
    """Weighted medians of the numeric items, with claims sorted once by (item, number)."""

    def __init__(self, c: Claims, x: np.ndarray, num_claim: np.ndarray) -> None:
        self.c, self.x, self.num_claim = c, x, num_claim
        rows = np.flatnonzero(num_claim)
        self.order = rows[np.lexsort((x[c.value[rows]], c.item[rows]))]
        items = c.item[self.order]
        self.counts = np.bincount(items, minlength=c.n_items)
        self.starts = np.concatenate(([0], np.cumsum(self.counts)[:-1]))
        xs = x[c.value[rows]]
        n = np.maximum(per_item(c, num_claim.astype(float)), 1)
        mean = per_item(c, np.where(num_claim, x[c.value], 0.0)) / n
        sq = per_item(c, np.where(num_claim, (x[c.value] - mean[c.item]) ** 2, 0.0)) / n
        std = np.sqrt(sq)
        self.scale = np.where(std > 0, std, 1.0)
        del xs

    def codes(self, claim_weight: np.ndarray) -> np.ndarray:
        """The value code of each item's weighted median (-1 for non-numeric items)."""
        cw = np.maximum(claim_weight[self.order], 0.0)
        cum = np.cumsum(cw)
        before = np.concatenate(([0.0], cum))[self.starts]
        tot = np.bincount(self.c.item[self.order], weights=cw, minlength=self.c.n_items)
        out = np.full(self.c.n_items, -1, dtype=np.int64)
        has = self.counts > 0
        target = before[has] + tot[has] / 2.0
        pos = np.searchsorted(cum, target - 1e-12 * np.maximum(tot[has], 1.0), side="left")
        last = self.starts[has] + self.counts[has] - 1
        pos = np.clip(np.maximum(pos, self.starts[has]), 0, last)
        out[has] = self.c.value[self.order[pos]]
        return out

    def loss(self, truth: np.ndarray) -> np.ndarray:
        """Normalised absolute deviation of each numeric claim from its item's truth."""
        c, rows = self.c, self.num_claim
        return (
            np.abs(self.x[c.value[rows]] - self.x[truth[c.item[rows]]]) / self.scale[c.item[rows]]
        )
