"""The core of veracity's default model on partitioned claims (``veracity_core``).

What it computes equals ``Veracity(detect_copies=False, similarity=0, family_model="one-coin",
leave_item_out=False)`` in memory on claims without stance or origin (the columns ``veracity
fuse`` reads): source accuracies by EM under the hierarchical Beta prior (population mean from
contested items and 10 pseudo-claims at 0.6, floored at 0.55), votes weighted by E[logit a] +
log(number of false values), a source no better than chance ignored, and the calibration
temperature fitted by leave-one-claim-out prediction.

Each EM round is one map-reduce: given the accuracies' expected log-odds, partitions compute
their items' posteriors (and those of the round before, for the stopping rule) and return
per-source right/wrong sums and the contested totals (with the disk cache each partition keeps
its posteriors in a scratch file, so the stopping rule's "round before" is read, not
recomputed). The temperature takes two more passes (the coarse grid, then the fine one) over
about ``TEMPERATURE_CLAIMS`` held-out claims (every k-th of each partition, as in memory),
each summing every candidate temperature's predictive log-likelihood at once.

Not ported (they need all claims at once or per-claim state): copy detection, value similarity,
confusion families, track-record priors, analyst evidence, and the sampled
``probability_interval_``; ``trust_interval_`` (a Beta interval per source) is here.
"""

from __future__ import annotations

import os

import numpy as np
from scipy import special

from veracity.fusion._common import claim_weights
from veracity.fusion.calibration import (
    PRIOR_CLAIMS,
    TEMPERATURE_GRID,
    fine_grid,
    predictive_log_likelihoods,
)
from veracity.fusion.claims import Claims
from veracity.fusion.default import MIN_MEAN_ACCURACY
from veracity.fusion.default.em import ASSERTION_PRIOR_MEAN, POPULATION_PRIOR, PRIOR_STRENGTH
from veracity.fusion.default.uncertainty import TEMPERATURE_CLAIMS
from veracity.fusion.distributed.base import DaskEstimator, Posterior
from veracity.fusion.distributed.partitions import ClaimPartitions, Stats
from veracity.fusion.distributions import beta_ppf


def _log_n(c: Claims) -> np.ndarray:
    """log(number of false values) of each claim's item (at least log 1): the log is taken per
    item, then gathered (the same figures as per claim, one log per item instead of per claim)."""
    return np.log(np.maximum(c.values_per_item - 1, 1).astype(np.float64))[c.item]


def _scores(c: Claims, ell: np.ndarray, log_n: np.ndarray | None = None) -> np.ndarray:
    """Per-value log-scores given E[logit a] per source (``log_n``: :func:`_log_n`, if known)."""
    lift = ell[c.source]
    lift += _log_n(c) if log_n is None else log_n
    np.maximum(lift, 0.0, out=lift)
    if c.weight is not None:  # weights of one multiply nothing: skipped, the same sums
        lift *= c.weight
    return np.bincount(c.value_index, weights=lift, minlength=c.n_values)


def _posterior_of(c: Claims, ell: np.ndarray | None, log_n: np.ndarray | None = None) -> np.ndarray:
    if ell is None:  # the initial vote shares, exactly as in memory (no log round trip)
        w = claim_weights(c)
        return c.item_normalise(np.maximum(np.bincount(c.value, w, c.n_values), 0.0) + 1e-2)
    return c.item_softmax(_scores(c, ell, log_n))


def _m_stats(c: Claims, p: np.ndarray) -> Stats:
    q = p[c.value]
    w = c.weight
    wq = q if w is None else w * q
    src = c.source_index  # converted to intp once for both sums
    right = np.bincount(src, weights=wq, minlength=c.n_sources)
    wrong_w = 1.0 - q
    if w is not None:
        wrong_w *= w
    vpi = c.values_per_item
    if vpi.size and bool((vpi >= 2).all()):  # every item contested: no per-claim mask
        wc = None if w is None else w
    else:
        contested = vpi[c.item] >= 2
        wc = contested if w is None else w * contested
    return {
        "right": right,
        "wrong": np.bincount(src, weights=wrong_w, minlength=c.n_sources),
        "contested_right": float(q.sum() if wc is None else (wc * q).sum()),
        "contested": float(q.size if wc is None else wc.sum()),
    }


def _initial(c: Claims) -> Stats:
    return _m_stats(c, _posterior_of(c, None))


def _round(
    c: Claims, ell_prev: np.ndarray | None, ell: np.ndarray, *, scratch: str | None = None
) -> Stats:
    """One EM pass: posteriors under ``ell``, the M-step's sums, and the largest change from
    the posteriors under ``ell_prev`` (the round before). With ``scratch`` (a file of this
    partition's, from :meth:`ClaimPartitions.map_reduce`) the posteriors are kept there and
    the next round reads them back instead of recomputing them: the same numbers, from a
    few MB of file instead of a second pass of scores over the claims."""
    log_n = _log_n(c)
    prev = None
    if ell_prev is not None and scratch is not None and os.path.exists(scratch):
        prev = np.load(scratch)
        if prev.shape != (c.n_values,):
            prev = None
    if prev is None:
        prev = _posterior_of(c, ell_prev, log_n if ell_prev is not None else None)
    new = _posterior_of(c, ell, log_n)
    if scratch is not None:
        np.save(scratch, new)
    out = _m_stats(c, new)
    out["delta_max"] = float(np.max(np.abs(new - prev))) if new.size else 0.0
    return out


def _held_out(c: Claims, ell: np.ndarray, acc: np.ndarray, step: int = 1):  # noqa: ANN202
    """Leave-one-claim-out scores and likelihoods per (claim, candidate), as in memory, for
    every ``step``-th counted claim (the in-memory fit reads at most ``TEMPERATURE_CLAIMS``
    held-out claims, every k-th row: one number is fitted)."""
    w = claim_weights(c)
    scores = _scores(c, ell)
    rows = np.flatnonzero(w > 0)[::step]
    owner, vals = c.item_values(c.item[rows])
    r = rows[owner]
    same = vals == c.value[r]
    n = np.maximum(c.values_per_item - 1, 1).astype(np.float64)[c.item[r]]
    contrib = w[r] * np.maximum(ell[c.source[r]] + np.log(n), 0.0)
    loo = scores[vals] - np.where(same, contrib, 0.0)
    a = acc[c.source[r]]
    lik = np.where(same, a, (1.0 - a) / n)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if owner.size else owner
    return loo, lik, starts


def _temperature_ll(
    c: Claims, ell: np.ndarray, acc: np.ndarray, grid: np.ndarray, step: int = 1
) -> Stats:
    loo, lik, starts = _held_out(c, ell, acc, step)
    if starts.size == 0:
        return {"ll": np.zeros(grid.size), "rows": 0.0}
    return {"ll": predictive_log_likelihoods(loo, lik, starts, grid), "rows": float(starts.size)}


def _posterior(c: Claims, ell: np.ndarray, temperature: float) -> tuple[np.ndarray, np.ndarray]:
    p = c.item_softmax(_scores(c, ell) / temperature)
    return p, p


class DaskVeracityCore(DaskEstimator):
    """EM of veracity's default model without its whole-data parts (module docstring)."""

    name = "veracity_core"
    trust_scale = "posterior mean accuracy: the chance a claim of the source is right"

    def __init__(
        self,
        *,
        prior_strength: float = PRIOR_STRENGTH,
        calibrate: bool = True,
        max_iter: int = 200,
        tol: float = 1e-3,
        interval_level: float = 0.9,
    ) -> None:
        self.prior_strength = prior_strength
        self.calibrate = calibrate
        self.max_iter = max_iter
        self.tol = tol
        self.interval_level = interval_level

    def _m_step(self, s: Stats) -> tuple[np.ndarray, np.ndarray]:
        k_pop, centre = POPULATION_PRIOR, ASSERTION_PRIOR_MEAN
        mean = (s["contested_right"] + k_pop * centre) / (s["contested"] + k_pop)
        mean = float(np.clip(mean, MIN_MEAN_ACCURACY, 0.99))
        k = self.prior_strength
        return k * mean + s["right"], k * (1.0 - mean) + s["wrong"]

    def _fit(self, parts: ClaimPartitions) -> None:
        alpha, beta = self._m_step(parts.map_reduce(_initial))
        ell = special.digamma(alpha) - special.digamma(beta)
        ell_prev = None
        converged, it = False, 0
        scratch = f"em-{id(self):x}"
        for it in range(1, self.max_iter + 1):  # noqa: B007 - the count is reported
            # round 1 starts from the vote shares; each later round's "before" is the
            # posterior the round before kept in its scratch file
            s = parts.map_reduce(_round, ell_prev, ell, scratch=scratch)
            if s["delta_max"] < self.tol:
                converged = True
                break
            if it == self.max_iter:
                break
            ell_prev = ell
            alpha, beta = self._m_step(s)
            ell = special.digamma(alpha) - special.digamma(beta)
        for i in range(parts.n_partitions):  # the scratch files are this fit's only
            path = parts.scratch_path(scratch, i)
            if path is not None and os.path.exists(path):
                os.remove(path)
        self._ell = ell
        acc = alpha / (alpha + beta)
        self.temperature_ = self._temperature(parts, ell, acc) if self.calibrate else 1.0
        self.alpha_, self.beta_ = alpha, beta
        self.trust_ = acc
        lo, hi = (1 - self.interval_level) / 2, 1 - (1 - self.interval_level) / 2
        self.trust_interval_ = np.stack([beta_ppf(lo, alpha, beta), beta_ppf(hi, alpha, beta)], 1)
        self.iterations_ = it
        self.converged_ = converged

    def _temperature(self, parts: ClaimPartitions, ell: np.ndarray, acc: np.ndarray) -> float:
        """``calibration.fit_temperature`` with each grid's log-likelihoods summed over parts."""
        # as in memory: at most about TEMPERATURE_CLAIMS held-out claims, every k-th of each
        # partition (all of them below that size); at 100M claims the temperature passes
        # read every claim x candidate pair otherwise, three times an EM pass each
        step = max(1, -(-parts.n_claims // TEMPERATURE_CLAIMS))
        coarse = parts.map_reduce(_temperature_ll, ell, acc, TEMPERATURE_GRID, step)
        if coarse["rows"] == 0:
            return 1.0
        fine = fine_grid(coarse["ll"])
        fine_ll = parts.map_reduce(_temperature_ll, ell, acc, fine, step)["ll"]
        best = float(fine[int(np.argmax(fine_ll))])
        shrink = coarse["rows"] / (coarse["rows"] + PRIOR_CLAIMS)
        return float(np.exp(shrink * np.log(best)))

    def _posterior(self) -> tuple[Posterior, tuple]:
        return _posterior, (self._ell, self.temperature_)
