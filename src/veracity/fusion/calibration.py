"""Calibration without gold: temper log-odds so that held-out claims are predicted best.

EM posteriors of truth-discovery models are over-confident: they treat sources as independent
when their errors are correlated. A temperature T divides every log-odds score (p ∝ exp(s / T)).
T is fitted without any gold label, by leave-one-claim-out prediction: for each claim, the
posterior from all *other* claims, tempered, predicts which value that source will state; the T
with the best predictive log-likelihood is kept. Over-confident posteriors predict held-out
claims badly, so the fit flattens them; under-confident ones are sharpened.

Also here: the metrics the benchmark reports (expected calibration error with equal-width
bins, the multi-class Brier score, and a paired sign test of two methods' verdicts).

>>> import numpy as np
>>> round(expected_calibration_error(np.array([0.9, 0.9, 0.6, 0.6]),
...                                  np.array([1, 1, 1, 0]), n_bins=15), 3)
0.1
"""

from __future__ import annotations

import numpy as np

#: temperatures tried (log grid), then refined around the best
TEMPERATURE_GRID = np.exp(np.linspace(np.log(0.25), np.log(8.0), 21))


def _segment_logsumexp(x: np.ndarray, starts: np.ndarray, seg: np.ndarray) -> np.ndarray:
    mx = np.maximum.reduceat(x, starts)
    return mx + np.log(np.add.reduceat(np.exp(x - mx[seg]), starts))


def predictive_log_likelihood(
    scores: np.ndarray,
    likelihood: np.ndarray,
    starts: np.ndarray,
    temperature: float,
    seg: np.ndarray | None = None,
) -> float:
    """Sum over held-out claims of log sum_t softmax(scores / T)_t * P(claim | t).

    ``scores`` and ``likelihood`` are flat arrays over (claim, candidate) pairs, grouped by claim;
    ``starts`` is where each claim's group begins (``seg``: the group of each pair, if known).
    """
    if seg is None:
        seg = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, scores.size]))
    z = scores / temperature
    log_post = z - _segment_logsumexp(z, starts, seg)[seg]
    with np.errstate(divide="ignore"):
        terms = log_post + np.log(np.maximum(likelihood, 1e-300))
    return float(_segment_logsumexp(terms, starts, seg).sum())


def predictive_log_likelihoods(
    scores: np.ndarray, likelihood: np.ndarray, starts: np.ndarray, temperatures: np.ndarray
) -> np.ndarray:
    """:func:`predictive_log_likelihood` at each of ``temperatures``, sharing what does not
    depend on T.

    Per claim, log sum_t softmax(s / T)_t P(claim | t) = log(sum_t e_t P_t) - log(sum_t e_t)
    with e_t = exp((s_t - max s) / T): the group maxima (max(s / T) is max(s) / T) and the
    floored likelihoods are computed once, and each temperature costs one exp and two group
    sums instead of two log-sum-exps (the temperature fit's 30 evaluations were 0.55 s of a
    1M-claim fit). The same figures to ~1e-13 relative.
    """
    out = np.zeros(len(temperatures))
    if scores.size == 0 or starts.size == 0:
        return out
    sizes = np.diff(np.r_[starts, scores.size])
    shifted = scores - np.repeat(np.maximum.reduceat(scores, starts), sizes)
    lik = np.maximum(likelihood, 1e-300)
    e = np.empty_like(shifted)
    for k, t in enumerate(temperatures):
        np.divide(shifted, t, out=e)
        np.exp(e, out=e)
        norm = np.add.reduceat(e, starts)
        e *= lik
        out[k] = float(np.log(np.add.reduceat(e, starts) / norm).sum())
    return out


#: held-out claims at which the fitted log-temperature gets half its weight (shrunk towards 0)
PRIOR_CLAIMS = 200


def fit_temperature(scores: np.ndarray, likelihood: np.ndarray, starts: np.ndarray) -> float:
    """The temperature with the best leave-one-claim-out predictive log-likelihood.

    With few claims the fit is noise: log T is shrunk towards 0 by n / (n + ``PRIOR_CLAIMS``).
    """
    if scores.size == 0 or starts.size == 0:
        return 1.0
    shrink = starts.size / (starts.size + PRIOR_CLAIMS)
    return float(np.exp(shrink * np.log(_best_temperature(scores, likelihood, starts))))


def _best_temperature(scores: np.ndarray, likelihood: np.ndarray, starts: np.ndarray) -> float:
    fine = fine_grid(predictive_log_likelihoods(scores, likelihood, starts, TEMPERATURE_GRID))
    return float(fine[int(np.argmax(predictive_log_likelihoods(scores, likelihood, starts, fine)))])


def fine_grid(coarse: np.ndarray) -> np.ndarray:
    """The temperatures tried second: 9 on a log scale between the neighbours of the coarse
    grid's best (``coarse``: the log-likelihood at each of ``TEMPERATURE_GRID``)."""
    k = int(np.argmax(coarse))
    lo = TEMPERATURE_GRID[max(k - 1, 0)]
    hi = TEMPERATURE_GRID[min(k + 1, TEMPERATURE_GRID.size - 1)]
    return np.exp(np.linspace(np.log(lo), np.log(hi), 9))


# ---- metrics (need gold; used by benchmarks and tests, never by fitting) -----------------
def expected_calibration_error(
    confidence: np.ndarray, correct: np.ndarray, n_bins: int = 15
) -> float:
    """Top-label ECE: equal-width confidence bins, |accuracy - mean confidence| weighted by size."""
    confidence = np.asarray(confidence, float)
    correct = np.asarray(correct, float)
    if confidence.size == 0:
        return float("nan")
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    acc = np.bincount(bins, weights=correct, minlength=n_bins)
    conf = np.bincount(bins, weights=confidence, minlength=n_bins)
    return float(np.abs(acc - conf).sum() / confidence.size)


def paired_sign_test(a_correct: np.ndarray, b_correct: np.ndarray) -> tuple[int, int, float]:
    """Two methods scored on the same items: (items only A got right, items only B got right,
    two-sided exact sign-test p-value of that split, i.e. McNemar's exact test).

    Items both got right or both got wrong say nothing about which method is better; a gap of
    one or two items out of hundreds is what chance alone gives (p near 1).

    >>> paired_sign_test(np.array([1, 1, 0, 1]), np.array([1, 0, 0, 1]))
    (1, 0, 1.0)
    """
    a = np.asarray(a_correct, bool)
    b = np.asarray(b_correct, bool)
    wins, losses = int((a & ~b).sum()), int((~a & b).sum())
    n = wins + losses
    if n == 0:
        return wins, losses, 1.0
    from scipy.stats import binomtest  # lazy: scipy.stats is slow to import

    return wins, losses, float(binomtest(wins, n, 0.5).pvalue)


def brier_score(p_gold: np.ndarray, sum_sq: np.ndarray) -> float:
    """Mean multi-class Brier score: sum over an item's values of (p - [value is gold])^2.

    Given per item the probability of the gold value (0 when no source claimed it) and the sum of
    squared probabilities of all its candidates: (1 - p_gold)^2 + (sum_sq - p_gold^2).
    """
    p_gold = np.asarray(p_gold, float)
    return float(np.mean((1 - p_gold) ** 2 + np.asarray(sum_sq, float) - p_gold**2))
