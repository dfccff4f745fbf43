"""Calibration and uncertainty of the default model, at a fraction of a fit's cost.

- **Temperature** (gold-free): the final log-odds are divided by T, fitted by leave-one-claim-out
  prediction (:mod:`veracity.fusion.calibration`). One number is fitted, so a sample of at most
  ``TEMPERATURE_CLAIMS`` held-out claims (every k-th claim row) pins it down as well as all of
  them; below that size every claim is used.
- **Probability intervals**: per value, from sampling source accuracies from their Beta
  posteriors and re-scoring, within a fixed work budget (``SAMPLING_BUDGET`` claim-draws).
"""

from __future__ import annotations

import numpy as np

from veracity.fusion.calibration import fit_temperature
from veracity.fusion.claims import Claims
from veracity.fusion.default.em import FitState, open_scores
from veracity.fusion.default.families import family_scores
from veracity.fusion.default.inputs import Prepared

#: most held-out claims the temperature fit reads
TEMPERATURE_CLAIMS = 200_000
#: claims x draws spent on the probability intervals
SAMPLING_BUDGET = 2e7


def temperature(c: Claims, prep: Prepared, state: FitState, scores: np.ndarray) -> float:
    """Leave-one-claim-out predictive fit of the temperature (no gold involved)."""
    fam, acc, w = state.families, state.accuracy, state.w
    rows = np.flatnonzero(~prep.deny & (w > 0))
    if rows.size > TEMPERATURE_CLAIMS:
        rows = rows[:: -(-rows.size // TEMPERATURE_CLAIMS)]
    if rows.size == 0:
        return 1.0
    owner, vals = c.item_values(c.item[rows])
    r = rows[owner]
    x = c.value[r]
    s = prep.src[r]
    same = vals == x
    loo = scores[vals].copy()
    lik = np.empty(vals.size)
    in_fam = fam.in_family[r]
    # open items: the row added w (E[logit a] + log n) to its own value only
    a = acc.accuracy[s]
    n = prep.n_false[c.item[r]]
    lo = np.where(prep.invertible[s], -np.inf, 0.0)
    contrib = w[r] * np.maximum(acc.ell[s] + np.log(n), lo)
    loo -= np.where(~in_fam & same, contrib, 0.0)
    lik[~in_fam] = np.where(same[~in_fam], a[~in_fam], (1.0 - a[~in_fam]) / n[~in_fam])
    if in_fam.any():
        for f in range(len(fam.groups)):
            k = np.flatnonzero(in_fam & (fam.of_item[c.item[r]] == f))
            if k.size == 0:
                continue
            t = fam.class_index[vals[k]]
            xc = fam.class_index[x[k]]
            conf = acc.confusion[f]
            loo[k] -= w[r[k]] * conf.elog[s[k], t, xc]
            lik[k] = conf.mean[s[k], t, xc]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    return fit_temperature(loo, lik, starts)


def probability_interval(
    c: Claims,
    prep: Prepared,
    state: FitState,
    *,
    temperature: float,
    similarity: float,
    level: float,
    n_samples: int,
    seed: int,
    probabilities: np.ndarray,
) -> np.ndarray:
    """Per-value (low, high) at ``level`` from sampling source accuracies."""
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    if c.n_values == 0:
        return np.stack([probabilities, probabilities], 1)
    rng = np.random.default_rng(seed)
    budget = int(SAMPLING_BUDGET // max(c.n_claims + c.n_values, 1))
    n = max(min(int(n_samples), budget), 20)
    acc = state.accuracy
    draws = rng.beta(acc.alpha, acc.beta, size=(n, c.n_sources)).clip(1e-9, 1 - 1e-9)
    draws_d = rng.beta(acc.alpha_d, acc.beta_d, size=(n, c.n_sources)).clip(1e-9, 1 - 1e-9)
    fixed = prep.llr.copy()  # the family part does not depend on one-coin accuracies
    if state.families.groups:
        fixed += family_scores(state.families, acc.confusion, prep.src, state.w, c.n_values)
    samples = np.empty((n, c.n_values))
    for k in range(n):
        ell = np.log(draws[k]) - np.log1p(-draws[k])
        ell_d = np.log(draws_d[k]) - np.log1p(-draws_d[k])
        s = open_scores(c, prep, state.families, ell, ell_d, state.w, similarity) + fixed
        samples[k] = c.item_softmax(s / temperature)
    return np.stack([np.quantile(samples, lo, 0), np.quantile(samples, hi, 0)], 1)
