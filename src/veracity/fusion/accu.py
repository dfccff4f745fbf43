"""Accu and AccuCopy (Dong, Berti-Equille & Srivastava, VLDB 2009).

**Accu**: a Bayesian vote. With n false values in an item's domain, a source of accuracy A(s)
votes for its value with A'(s) = ln(n·A(s) / (1 - A(s))); a value's vote count is
C(v) = Σ_{s claims v} A'(s) and its probability P(v) = e^{C(v)} / Σ_{v' ∈ D} e^{C(v')} over
the n + 1 values of the domain D (values nobody claimed have C = 0). A(s) is the mean P of the
values the source claims. Start A = 0.8; n = 100; iterate until no accuracy moves by more
than ``tol`` = 10⁻³ (Dong: until the accuracies converge).
``probabilities_`` renormalise P over the item's candidate values (the domain's unclaimed
values are not candidates).

**AccuCopy** adds copy detection. For each pair of sources that share items, Bayes' rule
weighs "independent" against "S1 copies S2" and "S2 copies S1" (prior α = 0.2 of copying,
copy rate c = 0.8), from the items where they agree (true or false, by the current P) and where
they differ (``dependence_``). Then a source's vote for v is discounted by
I(s, v) = Π (1 - c·Pr(dependent)) over the sources before it that also claimed v, sources
ordered by accuracy after the first round (the most accurate counts as the original; Dong's
Algorithm VOTE orders greedily per value, a fixed order by accuracy is the vectorised
stand-in, and fixing it keeps two sources from swapping the discount every round).

Pairs are built only from claims on the same item, never all source pairs. To keep memory
bounded, an item contributes pairs among at most ``k_max`` of its claims (the first in claim
order), with ``k_max`` the largest cap for which the pair rows fit ``max_pair_rows`` (default
10 million); ``pair_cap_`` records the cap used (None when no item was capped).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from veracity.fusion._common import claim_weights, divide, per_source, per_value
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims

#: accuracies closer than this are a tie when ordering a copying pair (sums of the same claims
#: in another row order differ in the last bits)
TIE_TOLERANCE = 1e-9


def dong_probability(c: Claims, score: np.ndarray, n_false: float) -> np.ndarray:
    """P(v) = e^{C(v)} / (Σ_{claimed and candidate v'} e^{C(v')} + unclaimed domain values)."""
    m = np.maximum(c.item_max(score), 0.0)[c.value_item]
    e = np.exp(score - m)
    unseen = np.maximum(n_false + 1.0 - c.values_per_item, 0.0)[c.value_item]
    return e / (c.item_sum(e)[c.value_item] + unseen * np.exp(-m))


class Accu(Estimator):
    """Bayesian vote counts weighted by source accuracy.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> Accu().fit(c).truth_.tolist()
    [0]
    """

    name = "accu"
    trust_scale = "accuracy: probability that a value the source gives is true"

    def __init__(
        self,
        n_false: float = 100,
        initial_accuracy: float = 0.8,
        tol: float = 1e-3,
        max_iter: int = 100,
        accuracy_bounds: tuple[float, float] = (0.01, 0.99),
    ) -> None:
        self.n_false = n_false
        self.initial_accuracy = initial_accuracy
        self.tol = tol
        self.max_iter = max_iter
        self.accuracy_bounds = accuracy_bounds

    # AccuCopy overrides these two: plain Accu counts every claim fully
    def _prepare(self, c: Claims) -> None:
        pass

    def _independence(self, c: Claims, accuracy: np.ndarray, prob: np.ndarray) -> np.ndarray:
        return np.ones(c.n_claims)

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        n_claimed = per_source(c, w)
        lo, hi = self.accuracy_bounds
        n = float(self.n_false)
        acc = np.full(c.n_sources, float(self.initial_accuracy))
        prob = c.item_normalise(per_value(c, w))  # first round: vote shares stand in for P
        self._prepare(c)
        indep = np.ones(c.n_claims)
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            a = np.clip(acc, lo, hi)
            vote = np.log(n * a / (1.0 - a))
            indep = self._independence(c, a, prob)
            prob = dong_probability(c, per_value(c, w * vote[c.source] * indep), n)
            new_acc = divide(
                per_source(c, w * prob[c.value]), n_claimed, fill=self.initial_accuracy
            )
            change = float(np.abs(new_acc - acc).max(initial=0.0))
            acc = new_acc
            if change < self.tol:
                converged = True
                break
        a = np.clip(acc, lo, hi)
        self._claims, self._vote = c, w * np.log(n * a / (1.0 - a))[c.source] * indep
        self._independent = indep
        self.probabilities_ = c.item_normalise(prob)
        self.truth_ = c.item_argmax(prob)
        self.trust_ = acc
        self.iterations_ = it
        self.converged_ = converged

    def explain(self, item: int) -> ItemExplanation:
        return self._explain_votes(
            self._claims,
            item,
            self._vote,
            "ln(n·A/(1-A)) × probability the claim is independent",
            counted=self._independent >= 0.5,
        )


def same_item_pairs(c: Claims, max_rows: int) -> tuple[np.ndarray, np.ndarray, int | None]:
    """Claim pairs (a, b) on the same item from different sources, at most ``max_rows``.

    Each item pairs up at most ``k_max`` of its claims (the first in claim order), ``k_max``
    the largest cap for which the rows fit; returns (a, b, k_max or None if none was needed).
    """
    order = np.argsort(c.item, kind="stable")
    counts = np.bincount(c.item, minlength=c.n_items).astype(np.int64)
    cap: int | None = None
    if int((counts * (counts - 1) // 2).sum()) > max_rows:
        lo, hi = 2, int(counts.max())
        while lo < hi:  # largest k with Σ min(k_i, k)·(min(k_i, k) - 1)/2 <= max_rows
            mid = (lo + hi + 1) // 2
            m = np.minimum(counts, mid)
            if int((m * (m - 1) // 2).sum()) <= max_rows:
                lo = mid
            else:
                hi = mid - 1
        cap = lo
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(order.size) - np.repeat(starts, counts)  # position within its item
    size = np.repeat(counts if cap is None else np.minimum(counts, cap), counts)
    keep = rank < size
    pos = np.flatnonzero(keep)
    partners = (size[pos] - 1 - rank[pos]).astype(np.int64)
    a_pos = np.repeat(pos, partners)
    block = np.repeat(np.cumsum(partners) - partners, partners)
    b_pos = a_pos + 1 + (np.arange(a_pos.size) - block)
    a, b = order[a_pos], order[b_pos]
    differ = c.source[a] != c.source[b]
    return a[differ], b[differ], cap


class AccuCopy(Accu):
    """Accu with copy detection between sources that share items.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> AccuCopy().fit(c).truth_.tolist()
    [0]
    """

    name = "accu_copy"

    def __init__(
        self,
        n_false: float = 100,
        initial_accuracy: float = 0.8,
        copy_prior: float = 0.2,
        copy_rate: float = 0.8,
        tol: float = 1e-3,
        max_iter: int = 100,
        accuracy_bounds: tuple[float, float] = (0.01, 0.99),
        max_pair_rows: int = 10_000_000,
    ) -> None:
        super().__init__(n_false, initial_accuracy, tol, max_iter, accuracy_bounds)
        self.copy_prior = copy_prior
        self.copy_rate = copy_rate
        self.max_pair_rows = max_pair_rows

    def _prepare(self, c: Claims) -> None:
        a, b, cap = same_item_pairs(c, self.max_pair_rows)
        lo = np.minimum(c.source[a], c.source[b]).astype(np.int64)
        hi = np.maximum(c.source[a], c.source[b]).astype(np.int64)
        keys, pair = np.unique(lo * c.n_sources + hi, return_inverse=True)
        pair = pair.reshape(-1)
        same = c.value[a] == c.value[b]
        # rows that agree carry a value whose truth matters; rows that differ only count
        self._a, self._b, self._pair = a[same], b[same], pair[same]
        self._n_differ = np.bincount(pair[~same], minlength=keys.size).astype(np.float64)
        self._pair_lo, self._pair_hi = keys // max(c.n_sources, 1), keys % max(c.n_sources, 1)
        self._pair_keys = keys
        self._first_round = True
        self._order_accuracy: np.ndarray | None = None
        self.pair_cap_ = cap
        self._dep = np.zeros(keys.size)

    def _independence(self, c: Claims, accuracy: np.ndarray, prob: np.ndarray) -> np.ndarray:
        if self._first_round:  # Dong: the first round assumes independence
            self._first_round = False
            return np.ones(c.n_claims)
        if self._order_accuracy is None:
            # which source of an agreeing pair is "later" (discounted) is fixed from the
            # first accuracies: re-ordering every round lets two sources swap the discount
            # back and forth, and the iteration never settles
            self._order_accuracy = accuracy.copy()
        a, b, pair = self._a, self._b, self._pair
        n, cr, alpha = float(self.n_false), self.copy_rate, self.copy_prior
        # per source pair: Pt, Pf, Pd and the copy-model terms (Dong 2009, section 3)
        a1, a2 = accuracy[self._pair_lo], accuracy[self._pair_hi]
        pt = a1 * a2
        pf = (1.0 - a1) * (1.0 - a2) / n
        pd = np.maximum(1.0 - pt - pf, 1e-300)
        t12, f12 = a2 * cr + pt * (1 - cr), (1 - a2) * cr + pf * (1 - cr)  # lo copies hi
        t21, f21 = a1 * cr + pt * (1 - cr), (1 - a1) * cr + pf * (1 - cr)  # hi copies lo
        # per agreeing row: the shared value is true with probability pv
        pv = prob[c.value[a]]
        qv = 1.0 - pv
        npairs = self._pair_keys.size
        agree = lambda t, f: np.bincount(  # noqa: E731
            pair, weights=np.log(pv * t[pair] + qv * f[pair]), minlength=npairs
        )
        differ = self._n_differ
        l_ind = np.log(1 - alpha) + agree(pt, pf) + differ * np.log(pd)
        l_12 = np.log(alpha / 2) + agree(t12, f12) + differ * np.log(pd * (1 - cr))
        l_21 = np.log(alpha / 2) + agree(t21, f21) + differ * np.log(pd * (1 - cr))
        total = np.logaddexp(l_ind, np.logaddexp(l_12, l_21))
        dep = -np.expm1(l_ind - total)  # 1 - Pr(independent | observations)
        self._dep = dep
        # of an agreeing pair, the less accurate source is the one discounted; when the two
        # are equally accurate neither is "the original", so each takes half the discount
        # (in log terms): breaking the tie by source number would make the answer depend on
        # how sources happen to be numbered
        acc0 = self._order_accuracy
        ra, rb = acc0[c.source[a]], acc0[c.source[b]]
        tie = np.abs(ra - rb) <= TIE_TOLERANCE
        later = np.where(ra < rb, a, b)
        log_d = np.log1p(-cr * dep[pair])
        log_i = np.zeros(c.n_claims)
        log_i += np.bincount(later[~tie], weights=log_d[~tie], minlength=c.n_claims)
        log_i += np.bincount(a[tie], weights=0.5 * log_d[tie], minlength=c.n_claims)
        log_i += np.bincount(b[tie], weights=0.5 * log_d[tie], minlength=c.n_claims)
        return np.exp(log_i)

    def _fit(self, claims: Claims) -> None:
        super()._fit(claims)
        ns = self._claims.n_sources
        self.dependence_ = sp.csr_matrix(
            (self._dep, (self._pair_lo, self._pair_hi)), shape=(ns, ns)
        )
