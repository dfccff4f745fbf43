"""Track-record vote: each source weighted by a Beta–Bernoulli estimate of its reliability.

A source's reliability r is the chance that what it says about a proposition is right. Its
track record — resolved statements counted correct or incorrect — updates a stated Beta prior:
``r ~ Beta(prior_a + correct, prior_b + incorrect)``. A statement then moves a value's log-odds
by ``±log(r / (1 - r))`` (asserts +, denies -, hedges at half strength); statements passed on
from one origin count once (the strongest); analyst evidence adds its log likelihood ratio. The
interval comes from sampling r from each source's posterior, so a source with a short record
gives a wide interval.

>>> import numpy as np
>>> c = Claims.from_records([("wapo", "P1", "true"), ("peskov", "P1", "true")],
...                         stances=[1, -1], candidates={"P1": ["true", "false"]})
>>> m = TrackRecordVote().fit(c, priors=(np.array([2.0, 1.0]), np.array([1.0, 4.0])))
>>> round(float(m.probabilities_[0]), 3)
0.769
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from veracity.fusion.base import Estimator, ItemExplanation, SourceVote
from veracity.fusion.claims import NO_ORIGIN, Claims
from veracity.fusion.distributions import beta_ppf

HEDGE_STRENGTH = 0.5
#: most reliability draws (samples x sources) behind ``probability_interval_``
MAX_DRAWS = 20_000_000
#: draws made at once (a block of samples x every source: 40 MB)
DRAW_BLOCK = 5_000_000


def track_record_counts(
    source: np.ndarray,
    claimed_true: np.ndarray,
    outcome_true: np.ndarray,
    n_sources: int,
    *,
    parent: np.ndarray | None = None,
    family_weight: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Correct / incorrect counts per source from resolved statements.

    ``claimed_true[i]`` says whether statement i claimed its (resolved) value holds — an
    assertion claims it does, a denial that it does not; ``outcome_true[i]`` whether it did.
    ``parent`` (source code or -1) pools an institution's record: a source also receives
    ``family_weight`` times the record of its family (its parent and the parent's other members)
    — Peskov speaks for the Kremlin, and the Kremlin's record bears on him.
    """
    right = (claimed_true == outcome_true).astype(float)
    correct = np.bincount(source, weights=right, minlength=n_sources)
    incorrect = np.bincount(source, weights=1.0 - right, minlength=n_sources)
    if parent is None or family_weight == 0:
        return correct, incorrect
    parent = np.asarray(parent)
    # family root: the parent if any, else the source itself (one level, as the case files use)
    root = np.where(parent >= 0, parent, np.arange(n_sources))
    fam_c = np.bincount(root, weights=correct, minlength=n_sources)
    fam_i = np.bincount(root, weights=incorrect, minlength=n_sources)
    # a family member receives the family's record less its own
    return (
        correct + family_weight * (fam_c[root] - correct),
        incorrect + family_weight * (fam_i[root] - incorrect),
    )


class TrackRecordVote(Estimator):
    """Log-odds vote with Beta–Bernoulli source reliabilities from track records."""

    name = "track_record"
    trust_scale = "posterior mean reliability (Beta)"

    uses = frozenset({"priors", "evidence", "stance", "origin"})

    def __init__(
        self,
        *,
        prior_a: float = 2.0,
        prior_b: float = 1.0,
        interval_level: float = 0.9,
        n_samples: int = 2000,
        seed: int = 0,
    ) -> None:
        #: Beta prior of every source's reliability: Beta(2, 1) says a source is right two
        #: times in three, worth 3 statements
        self.prior_a = prior_a
        self.prior_b = prior_b
        #: level of ``trust_interval_`` and ``probability_interval_``
        self.interval_level = interval_level
        #: draws of the reliabilities behind ``probability_interval_`` (bounded on large data)
        self.n_samples = n_samples
        #: seed of those draws
        self.seed = seed

    def params(self) -> dict[str, object]:
        return {
            "prior": f"Beta({self.prior_a:g}, {self.prior_b:g})",
            "hedge_strength": HEDGE_STRENGTH,
            "interval_level": self.interval_level,
            "n_samples": self.n_samples,
            "seed": self.seed,
        }

    def _posterior(self, c: Claims) -> tuple[np.ndarray, np.ndarray]:
        n = c.n_sources
        pc = np.zeros(n) if c.prior_correct is None else c.prior_correct
        pi = np.zeros(n) if c.prior_incorrect is None else c.prior_incorrect
        return self.prior_a + pc, self.prior_b + pi

    def _counted(self, c: Claims, strength: np.ndarray) -> np.ndarray:
        """Mask of claims that count: per (origin, value, stance) only the strongest."""
        if c.origin is None:
            return np.ones(c.n_claims, dtype=bool)
        origin = np.where(c.origin == NO_ORIGIN, c.source, c.origin)
        cited = c.origin != NO_ORIGIN
        stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
        # group key: cited claims by (origin, value, stance); uncited claims are their own group
        key = np.where(
            cited, origin.astype(np.int64) * 3 + (stance + 1), -1 - np.arange(c.n_claims)
        )
        key = key * (c.n_values + 1) + np.where(cited, c.value, 0)
        order = np.lexsort((-strength, key))
        first = np.ones(order.size, dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        counted = np.zeros(c.n_claims, dtype=bool)
        counted[order[first]] = True
        return counted

    def _scores(self, c: Claims, rel: np.ndarray, counted: np.ndarray) -> np.ndarray:
        """Per-value log-odds scores; ``rel`` may be (n_sources,) or (k, n_sources)."""
        stance = np.ones(c.n_claims) if c.stance is None else c.stance.astype(float)
        sign = np.where(stance < 0, -1.0, 1.0) * np.where(stance == 0, HEDGE_STRENGTH, 1.0)
        w = sign * counted * (1.0 if c.weight is None else c.weight)
        logit = np.log(rel) - np.log1p(-rel)
        if logit.ndim == 1:
            scores = np.bincount(c.value, weights=logit[c.source] * w, minlength=c.n_values)
        else:
            # samples x sources times a sparse sources x values matrix of signed claim weights
            sv = sp.csr_matrix((w, (c.source, c.value)), shape=(c.n_sources, c.n_values))
            scores = np.asarray(sv.T.dot(logit.T).T)
        # a vote for one of two values is a vote against the other: binary items use log-odds on
        # the pair; items with more values use the scores as log-weights (softmax)
        if c.value_log_lr is not None:
            scores = scores + c.value_log_lr
        return scores

    def _fit(self, claims: Claims) -> None:
        c = claims
        a, b = self._posterior(c)
        mean = a / (a + b)
        strength = np.abs(np.log(mean) - np.log1p(-mean))[c.source]
        counted = self._counted(c, strength)
        self.counted_ = counted
        self.alpha_, self.beta_ = a, b
        self.trust_ = mean
        lo, hi = (1 - self.interval_level) / 2, 1 - (1 - self.interval_level) / 2
        self.trust_interval_ = np.stack([beta_ppf(lo, a, b), beta_ppf(hi, a, b)], 1)
        self.probabilities_ = c.item_softmax(self._scores(c, mean, counted))
        self.truth_ = c.item_argmax(self.probabilities_)
        rng = np.random.default_rng(self.seed)
        # bound the samples x values arrays (5M cells, ~40 MB each): a case with a few thousand
        # values gets every sample; a dataset with a million values gets 20 (coarse intervals).
        # Draws are samples x sources: at most MAX_DRAWS in all (100k sources: 200 samples, not
        # 2,000 -- 200M beta draws took minutes and 6 GB), made a block of samples at a time
        k = int(min(self.n_samples, max(20, 5_000_000 // max(c.n_values, 1))))
        k = int(min(k, max(20, MAX_DRAWS // max(c.n_sources, 1))))
        block = max(1, DRAW_BLOCK // max(c.n_sources, 1))
        s = np.concatenate(
            [
                self._scores(
                    c,
                    rng.beta(a, b, size=(min(block, k - j), c.n_sources)).clip(1e-9, 1 - 1e-9),
                    counted,
                )
                for j in range(0, k, block)
            ]
        )
        # per-item softmax for every sample at once: group value codes by item, reduce segments
        order = np.argsort(c.value_item, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(c.value_item[order]) != 0])
        s = s[:, order]
        mx = np.maximum.reduceat(s, starts, axis=1)
        pos = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, order.size]))
        e = np.exp(s - mx[:, pos])
        p_sorted = e / np.add.reduceat(e, starts, axis=1)[:, pos]
        p = np.empty_like(p_sorted)
        p[:, order] = p_sorted
        self.probability_interval_ = np.stack([np.quantile(p, lo, 0), np.quantile(p, hi, 0)], 1)
        self.iterations_ = 1
        self.converged_ = True

    def explain(self, item: int) -> ItemExplanation:
        self._check_fitted()
        c = self.claims_
        rows = c.rows_of(item)
        vals = c.values_of(item)
        stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
        mean = self.trust_
        votes = []
        for r in rows:
            s = int(c.source[r])
            st = int(stance[r])
            lo = float(np.log(mean[s]) - np.log1p(-mean[s]))
            w = lo * (-1 if st < 0 else 1) * (HEDGE_STRENGTH if st == 0 else 1)
            w *= 1.0 if c.weight is None else float(c.weight[r])
            counted = bool(self.counted_[r])
            a, b = self.alpha_[s], self.beta_[s]
            reason = (
                f"reliability {mean[s]:.2f} = mean of Beta({a:g}, {b:g}): prior "
                f"Beta({self.prior_a:g}, {self.prior_b:g}) + {a - self.prior_a:g} correct, "
                f"{b - self.prior_b:g} incorrect"
            )
            if st < 0 and mean[s] < 0.5:
                reason += "; a denial from a source wrong more often than right counts in favour"
            elif st < 0:
                reason += "; a denial counts against"
            elif mean[s] < 0.5:
                reason += (
                    "; a claim from a source that is wrong more often than right counts against"
                )
            if st == 0:
                reason += f"; a hedge counts at {HEDGE_STRENGTH:g} strength"
            if c.origin is not None and c.origin[r] != NO_ORIGIN and not counted:
                reason += "; repeats an origin already counted"
            votes.append(
                SourceVote(
                    source=s,
                    value=int(c.value[r]),
                    weight=w if counted else 0.0,
                    stance=st,
                    counted=counted,
                    reason=reason,
                    claim=int(r),
                )
            )
        return ItemExplanation(
            item=item,
            truth=int(self.truth_[item]),
            probabilities={int(v): float(self.probabilities_[v]) for v in vals},
            votes=tuple(votes),
            summary="log-odds sum of reliability-weighted statements",
        )
