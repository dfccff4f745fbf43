"""Calibration and uncertainty of the default model, at a fraction of a fit's cost.

- **Temperature** (gold-free): the final log-odds are divided by T, fitted by leave-one-claim-out
  prediction (:mod:`veracity.fusion.calibration`). One number is fitted, so a sample of at most
  ``TEMPERATURE_CLAIMS`` held-out claims (every k-th claim row) pins it down as well as all of
  them; below that size every claim is used.
- **Probability intervals**: per value, from sampling source accuracies from their Beta
  posteriors and re-scoring, when ``n_samples`` draws fit a work budget (``SAMPLING_BUDGET``
  claim-draws: case-sized data); beyond it by the delta method -- each value's log-score gets
  the variance of its claims' expected log-odds (trigamma(alpha) + trigamma(beta) per source),
  and the interval is the softmax with that score moved by +-z standard deviations. Two passes
  over the claims instead of a hundred.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from veracity.fusion.calibration import fit_temperature
from veracity.fusion.claims import Claims
from veracity.fusion.default.em import FitState, item_out, open_scores
from veracity.fusion.default.families import family_scores
from veracity.fusion.default.inputs import Prepared
from veracity.fusion.distributions import normal_ppf

#: most held-out claims the temperature fit reads
TEMPERATURE_CLAIMS = 50_000
#: most claims x draws spent on sampled probability intervals (beyond: the delta method)
SAMPLING_BUDGET = 5e6


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
    # open items: the row added w (its log-odds + log n) to its own value only; it predicts
    # its value with its source's accuracy (from the other items when the fit left it out)
    ell = acc.assertion_lo(prep.src, r)
    a = acc.accuracy[s] if acc.ell_row is None else special.expit(ell)
    n = prep.n_false[c.item[r]]
    lo = np.where(prep.invertible[s], -np.inf, 0.0)
    contrib = w[r] * np.maximum(ell + np.log(n), lo)
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
    prior_strength: float,
    probabilities: np.ndarray,
    tempered_scores: np.ndarray,
) -> np.ndarray:
    """Per-value (low, high) at ``level`` from sampling source accuracies."""
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    if c.n_values == 0:
        return np.stack([probabilities, probabilities], 1)
    if n_samples * (c.n_claims + c.n_values) > SAMPLING_BUDGET:
        return _delta_interval(c, prep, state, temperature, level, tempered_scores)
    rng = np.random.default_rng(seed)
    n = int(n_samples)
    acc = state.accuracy
    if acc.ell_row is None:  # one Beta posterior per source, indexed by each claim's source
        a, b, ad, bd = acc.alpha, acc.beta, acc.alpha_d, acc.beta_d
        pick: np.ndarray | slice = prep.src
    else:  # each claim's own Beta posterior, from its source's other items
        rows = state.rows
        pv = state.p[c.value]
        right = np.bincount(prep.src, weights=rows.wa * pv, minlength=c.n_sources)
        wrong = rows.total_a - right
        a, b, row_ad, row_bd = item_out(c, prep, rows, pv, (right, wrong), prior_strength)
        ad, bd = (a, b) if row_ad is None or row_bd is None else (row_ad, row_bd)
        pick = slice(None)
    draws = rng.beta(a, b, size=(n, a.size)).clip(1e-9, 1 - 1e-9)
    draws_d = rng.beta(ad, bd, size=(n, ad.size)).clip(1e-9, 1 - 1e-9)
    fixed = prep.llr.copy()  # the family part does not depend on one-coin accuracies
    if state.families.groups:
        fixed += family_scores(state.families, acc.confusion, prep.src, state.w, c.n_values)
    samples = np.empty((n, c.n_values))
    for k in range(n):
        ell = np.log(draws[k]) - np.log1p(-draws[k])
        ell_d = np.log(draws_d[k]) - np.log1p(-draws_d[k])
        lo_d = ell_d[pick] if state.rows.has_denials else ell_d[:0]
        s = open_scores(c, prep, state.rows, ell[pick], lo_d, similarity) + fixed
        samples[k] = c.item_softmax(s / temperature)
    return np.stack([np.quantile(samples, lo, 0), np.quantile(samples, hi, 0)], 1)


def _delta_interval(
    c: Claims,
    prep: Prepared,
    state: FitState,
    temperature: float,
    level: float,
    tempered_scores: np.ndarray,
) -> np.ndarray:
    """Per-value interval from the variance of each value's log-score (delta method)."""
    acc = state.accuracy
    src = prep.src
    lo = np.where(prep.invertible[src], -np.inf, 0.0)
    var_a = special.polygamma(1, acc.alpha) + special.polygamma(1, acc.beta)
    var_d = special.polygamma(1, acc.alpha_d) + special.polygamma(1, acc.beta_d)
    # d score / d ell per row: the claim weight where the vote is not clipped at its floor
    active_a = ~prep.deny & ~state.families.in_family & (acc.ell[src] + prep.log_n_row > lo)
    active_d = prep.deny & (acc.ell_d[src] > lo)
    var_row = np.where(active_a, state.w**2 * var_a[src], 0.0)
    var_row += np.where(active_d, state.w**2 * var_d[src], 0.0)
    sd = np.sqrt(np.bincount(c.value, weights=var_row, minlength=c.n_values)) / temperature
    z = float(normal_ppf(0.5 + level / 2))
    s = tempered_scores
    # p_v with its own score moved, the others fixed: softmax over (s_v + d, rest)
    m = c.item_max(s)[c.value_item]
    e = np.exp(s - m)
    rest = c.item_sum(e)[c.value_item] - e
    bounds = []
    for shift in (-z * sd, z * sd):
        ev = np.exp(s + shift - m)
        with np.errstate(invalid="ignore"):
            bounds.append(np.where(ev + rest > 0, ev / (ev + rest), 1.0))
    return np.stack(bounds, 1)
