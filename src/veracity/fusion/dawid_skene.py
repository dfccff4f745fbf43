"""Dawid–Skene (Applied Statistics 1979): EM over sources' confusion matrices.

**Full confusion** (``DawidSkene``): source s reports label m for an item whose true label is l
with probability π_s[l, m]; labels have prior ρ[l]. The E-step gives each candidate value v of
an item the posterior ∝ ρ[l(v)] · Π_{claims r on the item} π_{s_r}[l(v), l(v_r)]; the M-step
re-estimates π and ρ from those posteriors. Start from majority-vote shares; stop when the
log-likelihood per claim rises by less than ``tol`` (crowd-kit: 1e-5, 100 iterations).
A pseudo-count ``diagonal_prior`` (0.01) on each matrix's diagonal says a source is a priori a
little better than random: without it a source seen once carries no information and a lone
claim can lose to an unclaimed value. ``diagonal_prior=0`` is the 1979 model (crowd-kit's).

How the confusion matrices work when items have different value sets: values are coded per
item, but the matrices are indexed by the value *labels* (``Claims.value_label_codes``), a
vocabulary shared across items ("yes" on two items is one label). Each item's posterior runs
only over its own candidate values, never over the whole vocabulary (the sparse
claims × candidates pairs of ``Claims.item_values``). When the vocabulary is too large for a
matrix per source (more than ``max_labels`` labels, or n_sources × L² above
``max_confusion_cells`` — open-valued items such as population figures, whose labels are not
shared), the full model has nothing to pool, and the estimator falls back to the one-coin
model on each item's own value set; ``mode_`` says which ran.

**One-coin** (``DawidSkeneOneCoin``): one accuracy a_s per source; a wrong claim is spread
evenly over the item's other k_i - 1 values:
P(claim v_r | true v) = a_s if v = v_r else (1 - a_s)/(k_i - 1). O(claims) per iteration.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, divide, per_item, per_source, per_value
from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims

_EPS = 1e-10  # crowd-kit's floor for probabilities inside a log


def _log_likelihood(c: Claims, log_post: np.ndarray) -> float:
    """Σ over items of log Σ_v exp(unnormalised log-posterior): the observed-data likelihood."""
    has = c.values_per_item > 0
    m = c.item_max(log_post)
    safe_m = np.where(has, m, 0.0)
    s = c.item_sum(np.exp(log_post - safe_m[c.value_item]))
    return float((safe_m[has] + np.log(s[has])).sum())


class _EM(Estimator):
    trust_scale = "expected accuracy: posterior probability that the source's claims are true"
    _claims: Claims  # the asserted claims of the last fit, for explanations

    def __init__(self, tol: float = 1e-5, max_iter: int = 100) -> None:
        self.tol = tol
        self.max_iter = max_iter

    def _accuracy(self, c: Claims, w: np.ndarray, post: np.ndarray) -> np.ndarray:
        return divide(per_source(c, w * post[c.value]), per_source(c, w), fill=np.nan)

    def _vote_weight(self, c: Claims) -> np.ndarray:
        """log-odds weight of each claim under the fitted accuracies (for explanations)."""
        a = np.clip(np.nan_to_num(self.trust_, nan=0.5), _EPS, 1 - _EPS)[c.source]
        k = np.maximum(c.values_per_item[c.item] - 1, 1)
        return np.log(a * k / (1 - a))

    def explain(self, item: int) -> ItemExplanation:
        c = self._claims
        return self._explain_votes(
            c, item, self._vote_weight(c), "log(accuracy·(k-1)/(1-accuracy)) of the source"
        )


class DawidSkeneOneCoin(_EM):
    """Dawid–Skene with one accuracy per source.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> DawidSkeneOneCoin().fit(c).truth_.tolist()
    [0]
    """

    name = "dawid_skene_one_coin"

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        self._claims = c
        self.mode_ = "one_coin"
        self._run_one_coin(c, w)

    def _run_one_coin(self, c: Claims, w: np.ndarray) -> None:
        post = c.item_normalise(per_value(c, w))  # majority-vote initialisation
        k = c.values_per_item[c.item].astype(np.float64)
        multi = k > 1
        ll_old = -np.inf
        converged, it = False, 0
        acc = self._accuracy(c, w, post)
        while it < self.max_iter:
            it += 1
            a = np.clip(np.nan_to_num(acc, nan=0.5), _EPS, 1 - _EPS)[c.source]
            log_wrong = np.where(multi, np.log(np.maximum((1 - a) / np.maximum(k - 1, 1), _EPS)), 0)
            base = per_item(c, w * log_wrong)[c.value_item]  # every claim wrong
            lift = per_value(c, w * (np.log(a) - log_wrong))  # ...except those naming v
            log_post = base + lift
            post = c.item_softmax(log_post)
            acc = self._accuracy(c, w, post)
            ll = _log_likelihood(c, log_post) / max(float(w.sum()), 1.0)
            if ll - ll_old < self.tol:
                converged = True
                break
            ll_old = ll
        self.probabilities_ = post
        self.truth_ = c.item_argmax(post)
        self.trust_ = acc
        self.iterations_ = it
        self.converged_ = converged


class DawidSkene(DawidSkeneOneCoin):
    """Dawid–Skene with a confusion matrix per source over the shared label vocabulary.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> DawidSkene().fit(c).truth_.tolist()
    [0]
    """

    name = "dawid_skene"

    def __init__(
        self,
        tol: float = 1e-5,
        max_iter: int = 100,
        max_labels: int = 50,
        max_confusion_cells: int = 50_000_000,
        chunk_rows: int = 40_000_000,
        diagonal_prior: float = 0.01,
    ) -> None:
        super().__init__(tol=tol, max_iter=max_iter)
        self.diagonal_prior = diagonal_prior
        self.max_labels = max_labels
        self.max_confusion_cells = max_confusion_cells
        self.chunk_rows = chunk_rows

    def _fit(self, claims: Claims) -> None:
        c = claims.asserted()
        w = claim_weights(c)
        self._claims = c
        label = c.value_label_codes
        n_labels = int(label.max()) + 1 if label.size else 0
        if n_labels > self.max_labels or c.n_sources * n_labels**2 > self.max_confusion_cells:
            self.mode_ = "one_coin"
            self.confusion_ = None
            self._run_one_coin(c, w)
            return
        self.mode_ = "full"
        self._run_full(c, w, label, n_labels)

    def _chunks(self, c: Claims):  # noqa: ANN202 - generator of claim slices
        """Claim ranges whose claims × candidates rows stay under ``chunk_rows``."""
        rows = np.cumsum(c.values_per_item[c.item])
        start = 0
        while start < c.n_claims:
            base = rows[start - 1] if start else 0
            stop = int(np.searchsorted(rows, base + self.chunk_rows, side="right"))
            stop = max(stop, start + 1)
            yield slice(start, stop)
            start = stop

    def _pairs(self, c: Claims, label: np.ndarray, n_labels: int, part: slice):
        """For claims in ``part``: (claim index, candidate value, flat confusion cell)."""
        owner, cand = c.item_values(c.item[part])
        r = (owner + part.start).astype(np.int32)
        L = n_labels
        cell = (c.source[r].astype(np.int64) * L + label[cand]) * L + label[c.value[r]]
        return r, cand.astype(np.int32), cell.astype(np.int32)  # cells < max_confusion_cells

    def _all_pairs(self, c: Claims, label: np.ndarray, n_labels: int):
        """Every (claim, candidate) pair, computed once when they fit ``chunk_rows``, else in
        chunks recomputed on each pass (memory stays bounded on tens of millions of claims)."""
        total = int(c.values_per_item[c.item].sum())
        if total <= self.chunk_rows:
            cached = self._pairs(c, label, n_labels, slice(0, c.n_claims))
            return lambda: iter((cached,))
        return lambda: (self._pairs(c, label, n_labels, part) for part in self._chunks(c))

    def _run_full(self, c: Claims, w: np.ndarray, label: np.ndarray, n_labels: int) -> None:
        L = n_labels
        ncell = c.n_sources * L * L
        post = c.item_normalise(per_value(c, w))  # majority-vote initialisation
        has_items = max(int((c.values_per_item > 0).sum()), 1)
        pairs = self._all_pairs(c, label, L)

        def m_step(post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            counts = np.zeros(ncell)
            for r, cand, cell in pairs():
                counts += np.bincount(cell, weights=w[r] * post[cand], minlength=ncell)
            conf = counts.reshape(c.n_sources, L, L)
            conf[:, np.arange(L), np.arange(L)] += self.diagonal_prior
            conf = np.maximum(conf, _EPS)
            conf /= conf.sum(axis=2, keepdims=True)  # over reported labels, per true label
            prior = np.maximum(np.bincount(label, weights=post, minlength=L) / has_items, _EPS)
            return np.log(conf).reshape(-1), np.log(prior)

        log_conf, log_prior = m_step(post)
        ll_old = -np.inf
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            log_post = log_prior[label].copy()
            for r, cand, cell in pairs():
                log_post += np.bincount(cand, weights=w[r] * log_conf[cell], minlength=c.n_values)
            post = c.item_softmax(log_post)
            log_conf, log_prior = m_step(post)
            ll = _log_likelihood(c, log_post) / max(float(w.sum()), 1.0)
            if ll - ll_old < self.tol:
                converged = True
                break
            ll_old = ll
        self.confusion_ = np.exp(log_conf).reshape(c.n_sources, L, L)
        self.priors_ = np.exp(log_prior)
        self.probabilities_ = post
        self.truth_ = c.item_argmax(post)
        self.trust_ = self._accuracy(c, w, post)
        self.iterations_ = it
        self.converged_ = converged
