"""EM of the default model: source accuracies under a hierarchical prior, and value posteriors.

Source s asserts correctly with probability a_s ~ Beta(k m + c_s + right_s, k (1 - m) + i_s +
wrong_s): ``k`` pseudo-claims at the population mean m (the accuracy on *contested* items,
floored at ``MIN_MEAN_ACCURACY``), plus the resolved track record (c_s, i_s) and the expected
right/wrong counts of its assertions. Denials have their own accuracy d_s: asserting a falsehood
and denying a truth are different errors, and the people who debunk are not those who spread. A
lone debunker whose assertions are middling is then credited with what debunkers in the data
achieve.

A source's denial accuracy is centred on the better of its own assertion accuracy and the
data's denial accuracy (``prior_strength`` pseudo-claims there), then updated by its denials.

Votes use the log-odds of the source's accuracy as its *other* items predict it (leave-item-
out, :func:`item_out`: the item's own expected counts come out of the source's record and the
population's means, so an item never vouches for the sources that decide it; with
``leave_item_out=False``, E[log a] - E[log(1 - a)] over all items). The population's means have
a hyperprior (``POPULATION_PRIOR`` pseudo-claims; denials centred higher than assertions). On an
open-valued item with n false candidates an assertion adds E[logit a] + log n (agreeing by
chance on one of many wrong values is unlikely). A weight below 0 (a source worse than chance)
is set to 0 -- unless its track record alone shows it worse than chance; then its statements
count the other way.

Each round is a handful of ``bincount`` passes over the claims; the loop stops early when no
probability moves by more than ``tol``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy import special

from veracity.fusion.claims import Claims
from veracity.fusion.copying import CopyPairs, CopyScan, copy_discount
from veracity.fusion.default.families import (
    Confusion,
    Families,
    confusion_posterior,
    family_scores,
)
from veracity.fusion.default.inputs import Prepared

#: pseudo-claims of a source's accuracy prior at the population's mean (``prior_strength``): a
#: source with fewer claims than this leans on the population. 2, not the earlier 4: on the 16
#: dev sets a weaker prior is at or above the best crowd-kit anchor more often (10 of 16
#: against 8; the anchors have no prior at all), and chosen on either half of the sets it held
#: on the other half (benchmarks/accuracy_choices.py: 4.78 of 8 held-out sets against 4.00
#: for 4). A judgement checked leave-sets-out, not a fit per set; 1 did as well on accuracy but
#: lost a set on calibration and lets a small case's records swing further.
PRIOR_STRENGTH = 2.0
#: floor of the population's mean accuracy: sources are taken to be better than chance on
#: average, which is what makes the truth identifiable
MIN_MEAN_ACCURACY = 0.55
#: pseudo-claims of the hyperprior on the population's mean accuracies: a case of a few claims
#: cannot talk the population into believing its own majority (thousands of claims outweigh it)
POPULATION_PRIOR = 10.0
#: the hyperprior's centre for assertions on contested items: the median of the population
#: means the model itself estimates (no gold) on the 16 dev sets (0.69; 0.692-0.693 with any
#: one set left out) ...
ASSERTION_PRIOR_MEAN = 0.69
#: ... and for denials. Repeating a falsehood is a commoner error than denying a truth, so until
#: the data says otherwise a denial is presumed right more often than an assertion. A judgement,
#: not a fit: no dev set has denials (on one proposition a denial then weighs 1.39, an
#: assertion 0.80, a hedge 0.20)
DENIAL_PRIOR_MEAN = 0.8
#: most rounds of (copy detection, EM) when copy detection is on
COPY_ROUNDS = 3


@dataclass(frozen=True)
class Settings:
    """The estimator's hyperparameters, as the fitting functions read them."""

    prior_strength: float
    confusion_strength: float
    similarity: float
    detect_copies: bool
    max_iter: int
    tol: float
    leave_item_out: bool = True


@dataclass(frozen=True)
class Accuracy:
    """Posterior of source accuracies (an M-step's output)."""

    alpha: np.ndarray  #: per source, Beta posterior of assertion accuracy
    beta: np.ndarray
    ell: np.ndarray  #: per source, E[logit a]
    alpha_d: np.ndarray  #: per source, Beta posterior of denial accuracy
    beta_d: np.ndarray
    ell_d: np.ndarray  #: per source, E[logit d]
    mean: float  #: population mean accuracy of assertions on contested items
    mean_d: float  #: population mean accuracy of denials
    confusion: list[Confusion] = field(default_factory=list)
    #: per claim: log-odds of its source's assertion / denial accuracy on the *other* items
    #: (the claim's own count taken out); None when every claim reads its source's ``ell``
    ell_row: np.ndarray | None = None
    ell_d_row: np.ndarray | None = None

    def assertion_lo(self, src: np.ndarray, at: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Per claim row (``at``): the log-odds its assertion is weighed with."""
        return self.ell[src[at]] if self.ell_row is None else self.ell_row[at]

    def denial_lo(self, src: np.ndarray, at: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Per claim row (``at``): the log-odds its denial is weighed with."""
        return self.ell_d[src[at]] if self.ell_d_row is None else self.ell_d_row[at]

    @property
    def accuracy(self) -> np.ndarray:
        return self.alpha / (self.alpha + self.beta)


@dataclass(frozen=True)
class FitState:
    """Everything one fit of one model variant produced (no state lives on the estimator)."""

    families: Families
    accuracy: Accuracy
    p: np.ndarray  #: per value posterior (before tempering)
    rows: Rows  #: claim weights after copy discounts, and what EM derived from them
    discount: np.ndarray  #: per claim copy discount
    copies: CopyPairs
    iterations: int
    converged: bool

    @property
    def w(self) -> np.ndarray:
        """Per claim weight after copy discounts."""
        return self.rows.w


@dataclass(frozen=True)
class Rows:
    """Per-claim arrays that stay fixed while EM runs with one set of claim weights ``w``.

    Computed once per EM run so that each round is a gather, a multiply and a ``bincount`` per
    sum, not a pass of ``np.where`` over every claim for every mask.
    """

    w: np.ndarray  #: claim weights (after copy discounts)
    wa: np.ndarray  #: weight of assertions (0 for denials; ``w`` itself when none)
    wd: np.ndarray | None  #: weight of denials (None when there are none)
    wd_open: np.ndarray | None  #: weight of denials not counted as a family label
    wa_open: np.ndarray  #: weight of assertions on open (one-coin) items
    wc: np.ndarray  #: weight of assertions on contested items
    total_a: np.ndarray  #: per source: sum of wa
    total_d: np.ndarray  #: per source: sum of wd
    floor: np.ndarray | float  #: per claim: -inf for a source inverted by its record, else 0
    #: per claim: source and value codes as numpy's index type (``bincount`` and gathers
    #: convert int32 codes on every call otherwise: a copy of the column per sum per round)
    src: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    wc_total: float = 0.0  #: sum of wc
    #: per item: sum of wc (what leave-item-out takes out of the population's total each round)
    item_wc: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: :meth:`beta_total`'s array, made on first use
    _beta_total: dict[float, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_denials(self) -> bool:
        return self.wd is not None

    def beta_total(self, prep: Prepared, k: float) -> np.ndarray:
        """Per source: k + prior_c + prior_i + total_a, what a claim's leave-item-out Beta
        parameters sum to with its own weight added (right + wrong is the source's total). It
        does not change while EM runs with these weights: made once per run and kept (per
        source, not per claim: at 10M claims a per-claim copy would be 80 MB more at the
        M-step's peak)."""
        cached = self._beta_total.get(k)
        if cached is None:
            cached = k + prep.prior_c + prep.prior_i + self.total_a
            self._beta_total.clear()
            self._beta_total[k] = cached
        return cached

    @classmethod
    def of(cls, c: Claims, prep: Prepared, fam: Families, w: np.ndarray) -> Rows:
        """The arrays for weights ``w``; arrays that would equal another are shared, not
        copied (10M claims: each float array is 80 MB)."""
        any_deny = bool(prep.deny.any())
        wa = np.where(prep.deny, 0.0, w) if any_deny else w
        wd = w - wa if any_deny else None
        wa_open = np.where(fam.in_family, 0.0, wa) if fam.in_family.any() else wa
        wd_open = wd
        if wd is not None and fam.deny_in_family.any():
            wd_open = np.where(fam.deny_in_family, 0.0, wd)
        wc = wa if prep.contested.all() else wa * prep.contested
        inverted = prep.invertible[prep.src]
        return cls(
            w=w,
            wa=wa,
            wd=wd,
            wd_open=wd_open,
            wa_open=wa_open,
            wc=wc,
            total_a=np.bincount(prep.src, weights=wa, minlength=c.n_sources),
            total_d=(
                np.zeros(c.n_sources)
                if wd is None
                else np.bincount(prep.src, weights=wd, minlength=c.n_sources)
            ),
            floor=np.where(inverted, -np.inf, 0.0) if inverted.any() else 0.0,
            src=c.source_index if prep.src is c.source else prep.src.astype(np.intp),
            value=c.value_index,
            wc_total=float(wc.sum()),
            item_wc=np.bincount(c.item_index, weights=wc, minlength=c.n_items),
        )


def _beta_posterior(
    right: np.ndarray, wrong: np.ndarray, mean: float | np.ndarray, prep: Prepared, k: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = k * mean + prep.prior_c + right
    b = k * (1.0 - mean) + prep.prior_i + wrong
    return a, b, special.digamma(a) - special.digamma(b)


def _pooled_mean(right: float, total: float, centre: float) -> float:
    """The population's mean accuracy: ``POPULATION_PRIOR`` pseudo-claims at ``centre`` plus
    the data's (expected) right and total, kept in [``MIN_MEAN_ACCURACY``, 0.99]."""
    k = POPULATION_PRIOR
    return float(np.clip((right + k * centre) / (total + k), MIN_MEAN_ACCURACY, 0.99))


def m_step(
    c: Claims, prep: Prepared, fam: Families, rows: Rows, p: np.ndarray, cfg: Settings
) -> Accuracy:
    """Accuracy posteriors given the value posteriors ``p`` (claim weights in ``rows``)."""
    src = rows.src
    pv = p[rows.value]
    own = rows.wa * pv  # each assertion's expected right count (item_out reuses it)
    right = np.bincount(src, weights=own, minlength=c.n_sources)
    wrong = rows.total_a - right
    # the prior mean is the accuracy on *contested* items: agreeing where nobody disagrees
    # says nothing about a newcomer's chances where sources do disagree
    # einsum, not ``@``: a BLAS dot goes multi-threaded, and on a busy machine its threads
    # waiting for each other made this one sum a third of the M-step (1M claims: 21 ms vs 5)
    total_r = float(np.einsum("i,i->", rows.wc, pv))
    mean = _pooled_mean(total_r, rows.wc_total, ASSERTION_PRIOR_MEAN)
    alpha, beta, ell = _beta_posterior(right, wrong, mean, prep, cfg.prior_strength)
    if rows.wd is not None:
        # a denial is right when its value is false
        wrong_d = np.bincount(src, weights=rows.wd * pv, minlength=c.n_sources)
        right_d = rows.total_d - wrong_d
        mean_d = _pooled_mean(float(right_d.sum()), float(rows.total_d.sum()), DENIAL_PRIOR_MEAN)
        # a source's denials are presumed as good as the better of its own assertions and the
        # data's denials in general, then judged by its own denial record -- unless its
        # resolved record shows it worse than chance: then that record, not the crowd, decides
        centre = _denial_centre(alpha / (alpha + beta), mean_d, prep.invertible)
        alpha_d, beta_d, ell_d = _beta_posterior(right_d, wrong_d, centre, prep, cfg.prior_strength)
    else:
        mean_d, alpha_d, beta_d, ell_d = mean, alpha, beta, ell
    conf = [
        confusion_posterior(fam, f, prep.src, rows.w, p, c.n_sources, cfg.confusion_strength)
        for f in range(len(fam.groups))
    ]
    ell_row = ell_d_row = None
    if cfg.leave_item_out:
        a, b, ad, bd = item_out(
            c, prep, rows, pv, (right, wrong), cfg.prior_strength, own=own, total_r=total_r
        )
        del own, pv
        # the posterior predictive mean's log-odds: the claim's exact collapsed likelihood
        # (log a - log b, computed in a's and b's own memory)
        ell_row = _log_odds(a, b)
        ell_d_row = None if ad is None or bd is None else _log_odds(ad, bd)
    return Accuracy(
        alpha, beta, ell, alpha_d, beta_d, ell_d, mean, mean_d, conf, ell_row, ell_d_row
    )


def item_out(
    c: Claims,
    prep: Prepared,
    rows: Rows,
    pv: np.ndarray,
    record: tuple[np.ndarray, np.ndarray],
    k: float,
    *,
    own: np.ndarray | None = None,
    total_r: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Per claim: the Beta posterior (a, b) of its source's assertion accuracy and (ad, bd) of
    its denial accuracy (None without denials) given every *other* item: the item's expected
    counts come out of the source's record and of the population's means. An item then does
    not vouch for the sources that decide it: on a case of one proposition every source
    stands at the prior, and EM cannot talk itself into certainty by crediting the majority
    with its own verdict.

    ``own`` (``rows.wa * pv``) and ``total_r`` (``rows.wc . pv``) may be passed when the caller
    has them. The population's leave-item-out mean depends on the item only, so it is computed
    per item and gathered once; the per-claim sums are made in place, in the order written
    below (the same figures as summing whole arrays, a third of the claim-sized temporaries).
    """
    src, item = rows.src, c.item_index
    right = record[0]
    own_r = rows.wa * pv if own is None else own
    if total_r is None:
        total_r = float(np.einsum("i,i->", rows.wc, pv))
    wc_pv = own_r if rows.wc is rows.wa else rows.wc * pv
    pop_r = np.bincount(item, weights=wc_pv, minlength=c.n_items)
    del wc_pv
    mean = _item_out_mean(total_r - pop_r, rows.wc_total - rows.item_wc, ASSERTION_PRIOR_MEAN)
    # a = k * mean + prior_c[src] + right[src] - own_r
    a = (k * mean)[item]
    if prep.prior_c.any():
        a += prep.prior_c[src]
    a += right[src]
    a -= own_r
    # b = k * (1 - mean) + prior_i[src] + wrong[src] - (wa - own_r), and since right + wrong
    # is the source's total: b = (k + prior_c + prior_i + total_a)[src] - wa - a: one gather
    # and two subtractions instead of two gathers and four passes (b >= k * 0.01 > 0, so no
    # cancellation to speak of: ~1e-16 relative to a)
    b = rows.beta_total(prep, k)[src]
    b -= rows.wa
    b -= a
    np.maximum(a, 1e-12, out=a)
    np.maximum(b, 1e-12, out=b)
    if rows.wd is None:
        return a, b, None, None
    own_d = rows.wd * (1.0 - pv)  # a denial is right when its value is false
    right_d = np.bincount(src, weights=own_d, minlength=c.n_sources)
    wrong_d = rows.total_d - right_d
    pop_rd = np.bincount(item, weights=own_d, minlength=c.n_items)[item]
    pop_td = np.bincount(item, weights=rows.wd, minlength=c.n_items)[item]
    mean_d = _item_out_mean(
        float(right_d.sum()) - pop_rd, rows.total_d.sum() - pop_td, DENIAL_PRIOR_MEAN
    )
    centre = _denial_centre(a / (a + b), mean_d, prep.invertible[src])
    ad = k * centre + prep.prior_c[src] + right_d[src] - own_d
    bd = k * (1.0 - centre) + prep.prior_i[src] + wrong_d[src] - (rows.wd - own_d)
    return a, b, np.maximum(ad, 1e-12), np.maximum(bd, 1e-12)


def _log_odds(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``log(a / b)``, in the memory of ``a`` (both are scratch): one logarithm per claim,
    not two (the same figures to a few units in the last place)."""
    a /= b
    np.log(a, out=a)
    return a


def _denial_centre(
    accuracy: np.ndarray, mean_d: float | np.ndarray, invertible: np.ndarray
) -> np.ndarray:
    """Prior centre of denial accuracy: the better of the source's assertion accuracy and the
    population's denial accuracy, or its own accuracy alone when its record is worse than
    chance (a known liar's denial is not a debunker's)."""
    return np.where(invertible, accuracy, np.maximum(accuracy, mean_d))


def _item_out_mean(right: np.ndarray, total: np.ndarray, centre: float) -> np.ndarray:
    """:func:`_pooled_mean` per claim, from the other items' (right, total)."""
    k = POPULATION_PRIOR
    est = (np.maximum(right, 0.0) + k * centre) / (np.maximum(total, 0.0) + k)
    return np.clip(est, MIN_MEAN_ACCURACY, 0.99)


def row_weights(
    prep: Prepared,
    rows: Rows,
    acc: Accuracy,
    at: np.ndarray | None = None,
) -> np.ndarray:
    """Log-odds weight of each one-coin row for its own value (denials: negative, against it);
    ``at`` limits it to those claim rows (an explanation needs one item's, not all).

    A source no better than chance is ignored, never inverted -- unless its resolved track
    record shows it worse than chance: then what it says counts the other way.
    """
    idx: np.ndarray | slice = slice(None) if at is None else at
    floor = rows.floor if np.isscalar(rows.floor) else rows.floor[idx]  # type: ignore[index]
    out = rows.wa[idx] * np.maximum(acc.assertion_lo(prep.src, idx) + prep.log_n_row[idx], floor)
    if rows.wd is not None:
        out = out - rows.wd[idx] * np.maximum(acc.denial_lo(prep.src, idx), floor)
    return out


def open_scores(
    c: Claims,
    prep: Prepared,
    rows: Rows,
    lo_a: np.ndarray,
    lo_d: np.ndarray,
    similarity: float,
) -> np.ndarray:
    """One-coin part of the per-value log-scores: assertions on open items, similar values'
    support, and denials (on every item). ``lo_a`` / ``lo_d``: per claim, the log-odds of its
    source's assertion / denial accuracy (:meth:`Accuracy.assertion_lo`)."""
    value = rows.value
    # one temporary per claim, updated in place (``lo_a`` itself may be kept by the caller)
    t = lo_a + prep.log_n_row
    np.maximum(t, rows.floor, out=t)
    t *= rows.wa_open
    support = np.bincount(value, weights=t, minlength=c.n_values)
    scores = support
    if similarity > 0 and prep.sim.nnz:
        scores = scores + similarity * (prep.sim @ np.maximum(support, 0.0))
    if rows.wd_open is not None:
        np.maximum(lo_d, rows.floor, out=t)
        t *= rows.wd_open
        scores = scores - np.bincount(value, weights=t, minlength=c.n_values)
    return scores


def scores(
    c: Claims, prep: Prepared, fam: Families, rows: Rows, acc: Accuracy, cfg: Settings
) -> np.ndarray:
    """Per-value log-scores (before tempering)."""
    lo_d = acc.denial_lo(rows.src) if rows.wd is not None else acc.ell_d[:0]
    out = open_scores(c, prep, rows, acc.assertion_lo(rows.src), lo_d, cfg.similarity)
    if fam.groups:
        out = out + family_scores(fam, acc.confusion, prep.src, rows.w, c.n_values)
    return out + prep.llr


def initial(c: Claims, prep: Prepared, w: np.ndarray) -> np.ndarray:
    """Start from (weighted) vote shares. A denial on a two-valued item is a vote for the other
    value (what it says); on an item with more values it removes half a vote."""
    deny = prep.deny
    votes: np.ndarray = np.bincount(c.value, weights=np.where(deny, 0.0, w), minlength=c.n_values)
    if deny.any():
        binary = deny & (c.values_per_item[c.item] == 2)
        code_sum = np.bincount(c.value_item, weights=np.arange(c.n_values), minlength=c.n_items)
        other = (code_sum[c.item[binary]] - c.value[binary]).astype(np.int64)
        multi = deny & ~binary
        votes = (
            votes
            + np.bincount(other, weights=w[binary], minlength=c.n_values)
            - 0.5 * np.bincount(c.value[multi], weights=w[multi], minlength=c.n_values)
        )
    return c.item_normalise(np.maximum(votes, 0.0) + 1e-2)


def em(
    c: Claims, prep: Prepared, fam: Families, rows: Rows, p: np.ndarray, cfg: Settings
) -> tuple[np.ndarray, Accuracy, int, bool]:
    """M and E steps until no probability moves by more than ``tol`` (or ``max_iter``)."""
    acc = m_step(c, prep, fam, rows, p, cfg)
    for it in range(1, cfg.max_iter + 1):
        if it > 1:
            del acc  # its per-claim log-odds go before the next round makes its own
            acc = m_step(c, prep, fam, rows, p, cfg)
        new = c.item_softmax(scores(c, prep, fam, rows, acc, cfg))
        delta = float(np.max(np.abs(new - p))) if new.size else 0.0
        p = new
        if delta < cfg.tol:
            return p, acc, it, True
    return p, acc, cfg.max_iter, False


def copy_scan(c: Claims, prep: Prepared) -> tuple[np.ndarray, CopyScan]:
    """The assertions copying is looked for in (open items, counted, not denials) and their
    :class:`CopyScan`, built once per fit: every look at them reuses it."""
    rows = prep.open_row & ~prep.deny & (prep.base > 0)  # a mask: 1 byte a claim, not 8
    scan = CopyScan(
        prep.src[rows],
        c.item[rows],
        c.value[rows],
        prep.base[rows],
        prep.n_false,
        c.n_sources,
        c.n_values,
    )
    return rows, scan


def copying(
    c: Claims,
    prep: Prepared,
    fam: Families,
    acc: Accuracy,
    p: np.ndarray,
    scan: tuple[np.ndarray, CopyScan] | None = None,
) -> tuple[np.ndarray, CopyPairs]:
    """Copying on open-valued items: the discount per claim and the dependent pairs.

    On a shared small label set workers agree on a wrong label because the item is hard, not
    because one copies another, so family items are left out. ``scan`` is :func:`copy_scan`'s
    result when looking more than once.
    """
    rows, found_in = scan if scan is not None else copy_scan(c, prep)
    found = found_in.detect(p, acc.accuracy)
    out = np.zeros(c.n_claims)
    if found.copier.size:
        out[rows] = copy_discount(found, prep.src[rows], c.value[rows], c.n_sources, c.n_values)
    return out, found


def fit_variant(c: Claims, prep: Prepared, fam: Families, cfg: Settings) -> FitState:
    """Copy detection and EM in turns (at most ``COPY_ROUNDS``) until the discounts settle.

    Copying is first looked for under the initial vote shares: once EM has followed a group of
    copiers, their shared errors look true and no longer betray them. The next turn re-detects
    under the EM estimate and replaces the discounts; EM then restarts from where it was.
    """
    base = prep.base
    discount = np.zeros(c.n_claims)
    copies = CopyPairs(*(np.zeros(0, np.int64),) * 2, *(np.zeros(0),) * 3)
    p = initial(c, prep, base)
    undiscounted = rows = Rows.of(c, prep, fam, base)
    scan = copy_scan(c, prep) if cfg.detect_copies else None
    if cfg.detect_copies:
        # copying reads the sources' accuracies only: no per-claim leave-item-out log-odds
        first = m_step(c, prep, fam, rows, p, replace(cfg, leave_item_out=False))
        discount, copies = copying(c, prep, fam, first, p, scan)
        del first
    iterations = 0
    for _round in range(COPY_ROUNDS if cfg.detect_copies else 1):
        rows = Rows.of(c, prep, fam, base * (1.0 - discount)) if discount.any() else undiscounted
        p, acc, it, converged = em(c, prep, fam, rows, p, cfg)
        iterations += it
        # nothing found under the vote shares: EM, which follows the majority, will not expose
        # copiers either (their shared values only look truer), so no second look
        if not cfg.detect_copies or _round == COPY_ROUNDS - 1 or not copies.copier.size:
            break
        # the pairs reported are always the ones behind the discounts applied (a re-look that
        # finds none leaves no discount, and no pairs)
        new, copies = copying(c, prep, fam, acc, p, scan)
        if np.allclose(new, discount, atol=1e-3):
            break
        discount = new
    return FitState(fam, acc, p, rows, discount, copies, iterations, converged)
