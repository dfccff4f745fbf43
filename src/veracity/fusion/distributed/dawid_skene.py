"""Dawid–Skene on partitioned claims: the E-step is local to each item, the M-step a reduce.

Given the current source parameters (one-coin accuracies, or confusion matrices and label
priors), each partition computes its items' posteriors and returns the sufficient statistics of
the next M-step (per-source sums, or per-source confusion counts and per-label sums) and its
part of the log-likelihood. One map-reduce per EM round; stopping, initialisation and the
fallback from the full to the one-coin model are those of the in-memory estimators.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, divide, per_item, per_source, per_value
from veracity.fusion.claims import Claims
from veracity.fusion.dawid_skene import _EPS, _log_likelihood
from veracity.fusion.dawid_skene import DawidSkene as _InMemory
from veracity.fusion.distributed.base import DaskEstimator, Posterior
from veracity.fusion.distributed.partitions import ClaimPartitions, Stats


# ---- one-coin -------------------------------------------------------------------------------
def _shares(c: Claims) -> np.ndarray:
    return c.item_normalise(per_value(c, claim_weights(c)))


def _initial(c: Claims) -> Stats:
    post = _shares(c)
    return {"right": per_source(c, claim_weights(c) * post[c.value])}


def _one_coin_scores(c: Claims, acc: np.ndarray) -> np.ndarray:
    w = claim_weights(c)
    k = c.values_per_item[c.item].astype(np.float64)
    a = np.clip(np.nan_to_num(acc, nan=0.5), _EPS, 1 - _EPS)[c.source]
    log_wrong = np.where(k > 1, np.log(np.maximum((1 - a) / np.maximum(k - 1, 1), _EPS)), 0)
    base = per_item(c, w * log_wrong)[c.value_item]  # every claim wrong
    return base + per_value(c, w * (np.log(a) - log_wrong))  # ...except those naming v


def _one_coin_round(c: Claims, acc: np.ndarray) -> Stats:
    log_post = _one_coin_scores(c, acc)
    post = c.item_softmax(log_post)
    return {
        "right": per_source(c, claim_weights(c) * post[c.value]),
        "ll": _log_likelihood(c, log_post),
    }


def _one_coin_posterior(c: Claims, acc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    post = c.item_softmax(_one_coin_scores(c, acc))
    return post, post


# ---- full confusion -------------------------------------------------------------------------
def _pairs(c: Claims, n_labels: int):  # noqa: ANN202 - the in-memory estimator's pair iterator
    return _InMemory()._all_pairs(c, c.value_label_codes, n_labels)


def _counts(c: Claims, post: np.ndarray, n_labels: int) -> Stats:
    """M-step statistics of posteriors ``post``: confusion counts, label totals, right claims."""
    w = claim_weights(c)
    ncell = c.n_sources * n_labels * n_labels
    counts = np.zeros(ncell)
    for r, cand, cell in _pairs(c, n_labels)():
        counts += np.bincount(cell, weights=w[r] * post[cand], minlength=ncell)
    label = c.value_label_codes
    return {
        "counts": counts,
        "labels": np.bincount(label, weights=post, minlength=n_labels),
        "right": per_source(c, w * post[c.value]),
    }


def _full_initial(c: Claims, n_labels: int) -> Stats:
    return _counts(c, _shares(c), n_labels)


def _full_scores(
    c: Claims, log_conf: np.ndarray, log_prior: np.ndarray, n_labels: int
) -> np.ndarray:
    w = claim_weights(c)
    log_post = log_prior[c.value_label_codes].copy()
    for r, cand, cell in _pairs(c, n_labels)():
        log_post += np.bincount(cand, weights=w[r] * log_conf[cell], minlength=c.n_values)
    return log_post


def _full_round(c: Claims, log_conf: np.ndarray, log_prior: np.ndarray, n_labels: int) -> Stats:
    log_post = _full_scores(c, log_conf, log_prior, n_labels)
    out = _counts(c, c.item_softmax(log_post), n_labels)
    out["ll"] = _log_likelihood(c, log_post)
    return out


def _full_posterior(
    c: Claims, log_conf: np.ndarray, log_prior: np.ndarray, n_labels: int
) -> tuple[np.ndarray, np.ndarray]:
    post = c.item_softmax(_full_scores(c, log_conf, log_prior, n_labels))
    return post, post


class DaskDawidSkeneOneCoin(DaskEstimator):
    """:class:`~veracity.fusion.dawid_skene.DawidSkeneOneCoin` over partitions."""

    name = "dawid_skene_one_coin"
    trust_scale = "expected accuracy: posterior probability that the source's claims are true"

    def __init__(self, tol: float = 1e-5, max_iter: int = 100) -> None:
        self.tol = tol
        self.max_iter = max_iter

    def _fit(self, parts: ClaimPartitions) -> None:
        self.mode_ = "one_coin"
        self._run_one_coin(parts)

    def _accuracy(self, parts: ClaimPartitions, right: np.ndarray) -> np.ndarray:
        return divide(right, parts.source_weight, fill=np.nan)

    def _run_one_coin(self, parts: ClaimPartitions) -> None:
        acc = self._accuracy(parts, parts.map_reduce(_initial)["right"])
        used = acc
        ll_old = -np.inf
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            stats = parts.map_reduce(_one_coin_round, acc)
            used, acc = acc, self._accuracy(parts, stats["right"])
            ll = float(stats["ll"]) / max(parts.total_weight, 1.0)
            if ll - ll_old < self.tol:
                converged = True
                break
            ll_old = ll
        self._state: tuple = (_one_coin_posterior, (used,))
        self.trust_ = acc
        self.iterations_ = it
        self.converged_ = converged

    def _posterior(self) -> tuple[Posterior, tuple]:
        return self._state


class DaskDawidSkene(DaskDawidSkeneOneCoin):
    """:class:`~veracity.fusion.dawid_skene.DawidSkene` (full confusion) over partitions.

    Each round's reduce carries one n_sources × L × L array of confusion counts per partition
    (summed in a tree); with more labels than ``max_labels`` it falls back to one-coin, as in
    memory (``mode_``).
    """

    name = "dawid_skene"

    def __init__(
        self,
        tol: float = 1e-5,
        max_iter: int = 100,
        max_labels: int = 50,
        max_confusion_cells: int = 50_000_000,
        diagonal_prior: float = 0.01,
    ) -> None:
        super().__init__(tol=tol, max_iter=max_iter)
        self.max_labels = max_labels
        self.max_confusion_cells = max_confusion_cells
        self.diagonal_prior = diagonal_prior

    def _fit(self, parts: ClaimPartitions) -> None:
        n_labels = int(parts.value_labels.size)
        if n_labels > self.max_labels or parts.n_sources * n_labels**2 > self.max_confusion_cells:
            self.mode_ = "one_coin"
            self.confusion_ = None
            self._run_one_coin(parts)
            return
        self.mode_ = "full"
        self._run_full(parts, n_labels)

    def _m_step(self, parts: ClaimPartitions, stats: Stats, n_labels: int):  # noqa: ANN202
        L = n_labels
        conf = stats["counts"].reshape(parts.n_sources, L, L)
        conf[:, np.arange(L), np.arange(L)] += self.diagonal_prior
        conf = np.maximum(conf, _EPS)
        conf /= conf.sum(axis=2, keepdims=True)  # over reported labels, per true label
        prior = np.maximum(stats["labels"] / max(parts.n_items, 1), _EPS)
        return np.log(conf).reshape(-1), np.log(prior)

    def _run_full(self, parts: ClaimPartitions, n_labels: int) -> None:
        log_conf, log_prior = self._m_step(
            parts, parts.map_reduce(_full_initial, n_labels), n_labels
        )
        used = (log_conf, log_prior)
        right = np.zeros(parts.n_sources)
        ll_old = -np.inf
        converged, it = False, 0
        while it < self.max_iter:
            it += 1
            stats = parts.map_reduce(_full_round, log_conf, log_prior, n_labels)
            used = (log_conf, log_prior)
            log_conf, log_prior = self._m_step(parts, stats, n_labels)
            right = stats["right"]
            ll = float(stats["ll"]) / max(parts.total_weight, 1.0)
            if ll - ll_old < self.tol:
                converged = True
                break
            ll_old = ll
        L = n_labels
        self.confusion_ = np.exp(log_conf).reshape(parts.n_sources, L, L)
        self.priors_ = np.exp(log_prior)
        self._state = (_full_posterior, (*used, n_labels))
        self.trust_ = self._accuracy(parts, right)
        self.iterations_ = it
        self.converged_ = converged
