"""veracity's default truth-discovery model: one configuration for every kind of data.

A Bayesian source-accuracy model fitted by EM (variational: expectations of log-accuracies),
combining what the published methods each do for one kind of data:

- **Source accuracy with a hierarchical prior.** Source s is right with probability a_s ~
  Beta(kappa m + c_s, kappa (1 - m) + i_s): ``kappa`` pseudo-claims at the population mean m
  (re-estimated each iteration from claims on *contested* items, floored at 0.55), plus the
  source's resolved track record (``prior_correct`` c_s, ``prior_incorrect`` i_s). A source
  with few claims shrinks to the mean; votes use E[log a] - E[log(1 - a)], so uncertain
  accuracies weigh less (Accu, Dong et al. 2009; one-coin Dawid–Skene).
- **Number of false values per item.** On an open-valued item with n_i false candidates an
  assertion adds E[logit a_s] + log n_i to its value (agreeing by chance on one of many wrong
  values is unlikely); n_i = max(#candidates - 1, 1). A weight below 0 (a source worse than
  chance) is set to 0: an unreliable source is ignored, not inverted -- unless its resolved
  track record alone (more wrong than right) shows it worse than chance; then its statements
  count the other way (a spokesman who denies what turns out true).
- **Class-conditional confusion where items share a label vocabulary.** Fixed rule: when at
  least ``FAMILY_MIN_ITEMS`` items, and half of all items, have exactly the same
  2-``FAMILY_MAX_CLASSES`` candidate labels (crowd labelling, true/false propositions in
  bulk), those items form a family with a class prior and a per-source confusion matrix
  (Dawid & Skene 1979) whose Dirichlet prior is centred on the family's pooled confusion with
  ``confusion_strength`` pseudo-counts per row (sources with few labels shrink to the crowd's
  typical confusions). Whether a family uses confusion matrices or one-coin accuracies is
  decided per fit by BIC on the family's claims (fit both, keep the better).
- **Provenance.** Claims passed on from an origin (``Claims.origin``) are the origin's claims
  and count once. Copying nobody declared is detected on open-valued items (pairs sharing false
  values far beyond chance, :mod:`veracity.fusion.copying`) and the copier's shared votes are
  discounted.
- **Stance.** A denial of a value is evidence against it (-max(E[logit a], 0)); a hedge is an
  assertion at half weight.
- **Analyst evidence.** ``value_log_lr`` (one log likelihood ratio per value code) is added to
  the value's log-odds.
- **Value similarity.** Near-equal numbers (``value_numbers``) and near-duplicate labels
  support each other (:mod:`veracity.fusion.similarity`) with strength ``similarity``.
- **Calibration.** The final log-odds are tempered by a temperature fitted without gold, by
  leave-one-claim-out prediction (:mod:`veracity.fusion.calibration`).

Uncertainty: ``trust_interval_`` (Beta posterior interval of each source's accuracy) and
``probability_interval_`` (per value, from sampling source accuracies).

>>> from veracity.fusion.claims import Claims
>>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
>>> m = Veracity().fit(c)
>>> m.truth_.tolist(), bool(m.probabilities_[0] > 0.5)
([0], True)
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy import special, stats

from veracity.fusion.base import Estimator, ItemExplanation, SourceVote
from veracity.fusion.calibration import fit_temperature
from veracity.fusion.claims import NO_ORIGIN, Claims
from veracity.fusion.copying import CopyPairs, copy_discount, detect_copying
from veracity.fusion.similarity import value_similarity

HEDGE_STRENGTH = 0.5
#: floor of the population's mean accuracy in the hierarchical prior
MIN_MEAN_ACCURACY = 0.55
#: items sharing one label vocabulary form a family when there are at least this many
FAMILY_MIN_ITEMS = 20
FAMILY_MIN_SHARE = 0.5
#: claims x draws spent on the probability intervals
SAMPLING_BUDGET = 2e7
FAMILY_MAX_CLASSES = 8


class Veracity(Estimator):
    """The default model (see the module docstring for what it combines and why)."""

    name = "veracity"
    trust_scale = "posterior mean accuracy: the chance a claim of the source is right"

    def __init__(
        self,
        prior_correct: np.ndarray | None = None,
        prior_incorrect: np.ndarray | None = None,
        value_log_lr: np.ndarray | None = None,
        value_numbers: np.ndarray | None = None,
        *,
        prior_strength: float = 4.0,
        confusion_strength: float = 1.0,
        similarity: float = 0.5,
        detect_copies: bool = True,
        family_model: str = "auto",
        calibrate: bool = True,
        max_iter: int = 200,
        tol: float = 1e-6,
        interval_level: float = 0.9,
        n_samples: int = 100,
        seed: int = 0,
    ) -> None:
        self.prior_correct = prior_correct
        self.prior_incorrect = prior_incorrect
        self.value_log_lr = value_log_lr
        self.value_numbers = value_numbers
        #: pseudo-claims of the hierarchical prior at the population's mean accuracy
        self.prior_strength = prior_strength
        #: pseudo-counts per confusion row, centred on the source's one-coin accuracy
        self.confusion_strength = confusion_strength
        #: how much a near-equal value's support counts (0 turns similarity off)
        self.similarity = similarity
        self.detect_copies = detect_copies
        #: "auto" (choose by BIC), "confusion" or "one-coin" for items that form a family
        self.family_model = family_model
        self.calibrate = calibrate
        self.max_iter = max_iter
        self.tol = tol
        self.interval_level = interval_level
        self.n_samples = n_samples
        self.seed = seed

    def params(self) -> dict[str, object]:
        return {
            "prior_strength": self.prior_strength,
            "confusion_strength": self.confusion_strength,
            "similarity": self.similarity,
            "detect_copies": self.detect_copies,
            "family_model": self.family_model,
            "calibrate": self.calibrate,
            "family_rule": (
                f">= {FAMILY_MIN_ITEMS} items and >= {FAMILY_MIN_SHARE:.0%} of items sharing "
                f"2-{FAMILY_MAX_CLASSES} labels"
            ),
            "hedge_strength": HEDGE_STRENGTH,
            "max_iter": self.max_iter,
            "tol": self.tol,
        }

    # ---- preparation --------------------------------------------------------------------
    def _per_source(self, arr: np.ndarray | None, n: int, name: str) -> np.ndarray:
        if arr is None:
            return np.zeros(n)
        a = np.asarray(arr, dtype=np.float64)
        if a.shape != (n,):
            raise ValueError(f"{name} needs one entry per source ({n}), got shape {a.shape}")
        return a

    def _provenance(self, c: Claims) -> tuple[np.ndarray, np.ndarray]:
        """Attributed source per row (the origin when cited) and whether the row counts.

        Rows that say the same (value, stance) from the same attributed source count once: the
        origin's own statement first, else the first passing-on.
        """
        if c.origin is None:
            return c.source.astype(np.int64), np.ones(c.n_claims, dtype=bool)
        cited = c.origin != NO_ORIGIN
        attributed = np.where(cited, c.origin, c.source).astype(np.int64)
        stance = np.ones(c.n_claims, np.int64) if c.stance is None else c.stance.astype(np.int64)
        key = (attributed * 3 + (stance + 1)) * (c.n_values + 1) + c.value
        order = np.lexsort((np.arange(c.n_claims), cited, key))
        first = np.ones(order.size, dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        counted = np.zeros(c.n_claims, dtype=bool)
        counted[order[first]] = True
        return attributed, counted

    def _find_families(self, c: Claims) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Family id per item (-1: open-valued) and per family (items, K value codes per item).

        A family is a set of 2-``FAMILY_MAX_CLASSES`` candidate labels shared exactly by at
        least ``FAMILY_MIN_ITEMS`` items and ``FAMILY_MIN_SHARE`` of all items: a label
        vocabulary of the data set (crowd labels, true/false), not open values that happen to
        coincide. The value codes of a family item are listed in the order of their sorted
        labels, so column k means the same label in every item of the family.
        """
        fam = np.full(c.n_items, -1, dtype=np.int64)
        if c.value_labels is None or c.n_items < FAMILY_MIN_ITEMS:
            return fam, []
        vpi = c.values_per_item
        order, starts = c.item_value_order
        _, label_id = np.unique(c.value_labels.astype(str), return_inverse=True)
        label_id = label_id.reshape(-1)
        families = []
        for k in range(2, FAMILY_MAX_CLASSES + 1):
            items = np.flatnonzero(vpi == k)
            if items.size < max(FAMILY_MIN_ITEMS, FAMILY_MIN_SHARE * c.n_items):
                continue
            codes = order[starts[items][:, None] + np.arange(k)[None, :]]  # items x k
            ids = label_id[codes]
            srt = np.argsort(ids, axis=1, kind="stable")
            ids = np.take_along_axis(ids, srt, axis=1)
            codes = np.take_along_axis(codes, srt, axis=1)
            distinct = (np.diff(ids, axis=1) != 0).all(axis=1)
            sig, inverse, counts = np.unique(
                ids[distinct], axis=0, return_inverse=True, return_counts=True
            )
            inverse = inverse.reshape(-1)
            for g in np.flatnonzero(counts >= max(FAMILY_MIN_ITEMS, FAMILY_MIN_SHARE * c.n_items)):
                members = np.flatnonzero(inverse == g)
                fam[items[distinct][members]] = len(families)
                families.append((items[distinct][members], codes[distinct][members]))
        return fam, families

    # ---- fitting ------------------------------------------------------------------------
    def _fit(self, claims: Claims) -> None:
        c = claims
        n_s = c.n_sources
        prior_c = self._per_source(self.prior_correct, n_s, "prior_correct")
        prior_i = self._per_source(self.prior_incorrect, n_s, "prior_incorrect")
        llr = np.zeros(c.n_values) if self.value_log_lr is None else np.asarray(self.value_log_lr)
        if llr.shape != (c.n_values,):
            raise ValueError(f"value_log_lr needs one entry per value code ({c.n_values})")
        stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
        src, counted = self._provenance(c)
        base = np.ones(c.n_claims) if c.weight is None else np.asarray(c.weight, np.float64)
        base = base * counted * np.where(stance == 0, HEDGE_STRENGTH, 1.0)
        deny = stance < 0
        fam_of_item, families = self._find_families(c)
        n_false = np.maximum(c.values_per_item - 1, 1).astype(np.float64)
        sim = (
            value_similarity(c, self.value_numbers, items=fam_of_item < 0)
            if self.similarity > 0
            else sp.csr_matrix((c.n_values, c.n_values))
        )
        self._src, self._counted, self._base = src, counted, base
        self._deny, self._n_false, self._sim = deny, n_false, sim
        self._log_n_row = np.log(n_false[c.item])
        self._prior_c, self._prior_i, self._llr = prior_c, prior_i, llr
        record = prior_c + prior_i
        self._invertible = (record > 0) & (prior_c + 1.0 < prior_i + 1.0)  # Beta(1,1) + record
        class_index = self._family_columns(c, families)
        claimed = np.zeros(c.n_values, dtype=bool)
        claimed[c.value[counted & ~deny]] = True
        distinct = np.bincount(c.value_item, weights=claimed, minlength=c.n_items)
        self._contested = (distinct[c.item] >= 2) | deny
        # copying is looked for on open-valued items only: on a shared small label set, workers
        # agree on a wrong label because the item is hard, not because one copies another
        self._open_row = fam_of_item[c.item] < 0

        # Families: fit with class-conditional confusion and with one-coin accuracies, keep the
        # better by BIC on the family items' claims (a fixed, gold-free model choice).
        none = np.full(c.n_items, -1, dtype=np.int64)
        if self.family_model not in ("auto", "confusion", "one-coin"):
            raise ValueError(
                f"family_model must be auto, confusion or one-coin: {self.family_model!r}"
            )
        variants = {"auto": [True, False], "confusion": [True], "one-coin": [False]}[
            self.family_model
        ]
        if not families:
            variants = [False]
        best: tuple[float, dict] | None = None
        self.model_choice_ = {}
        for confusion in variants:
            self._fam_of_item = fam_of_item if confusion else none
            self._families = families if confusion else []
            self._in_family = self._fam_of_item[c.item] >= 0
            self._class_index = class_index if confusion else np.full(c.n_values, -1)
            self._frows = self._family_rows(c)
            self._run(c)
            if len(variants) == 1 or self.family_model != "auto":
                continue
            bic = self._family_bic(c, fam_of_item, families, class_index, confusion)
            self.model_choice_["confusion" if confusion else "one-coin"] = (bic, self._bic_parts)
            if best is None or bic > best[0]:
                best = (bic, {k: v for k, v in vars(self).items() if k.startswith("_")})
        if best is not None:
            vars(self).update(best[1])
        scores = self._scores(c, self._w)
        self.temperature_ = self._fit_temperature(c, scores) if self.calibrate else 1.0
        self.scores_ = scores / self.temperature_
        self.probabilities_ = c.item_softmax(self.scores_)
        self.truth_ = c.item_argmax(self.probabilities_)
        a, b = self._alpha, self._beta
        self.alpha_, self.beta_ = a, b
        self.trust_ = a / (a + b)
        lo, hi = (1 - self.interval_level) / 2, 1 - (1 - self.interval_level) / 2
        self.trust_interval_ = np.stack([stats.beta.ppf(lo, a, b), stats.beta.ppf(hi, a, b)], 1)
        self.probability_interval_ = self._probability_interval(c, lo, hi)
        self.copy_pairs_ = self._copies
        self.copy_discount_ = self._discount
        self.iterations_ = self._iterations
        self.converged_ = self._converged

    def _run(self, c: Claims, start: np.ndarray | None = None) -> None:
        """Copy detection and EM in turns until the discounts settle (at most 3 EM rounds).

        Copying is first looked for under the initial vote shares: once EM has followed a
        group of copiers, their shared errors look true and no longer betray them. Later turns
        re-detect under the current estimate and replace the discounts.
        """
        base, deny = self._base, self._deny
        discount = np.zeros(c.n_claims)
        copies = CopyPairs(*(np.zeros(0, np.int64),) * 2, *(np.zeros(0),) * 3)
        p = self._initial(c, base, deny) if start is None else start
        if self.detect_copies:
            self._m_step(c, base, p)
            discount, copies = self._copying(c, base, p)
        iterations, converged = 0, False
        for _round in range(3 if self.detect_copies else 1):
            w = base * (1.0 - discount)
            p, it, converged = self._em(c, w, p)
            iterations += it
            if not self.detect_copies:
                break
            new, found = self._copying(c, w, p)
            if found.copier.size:
                copies = found
            if np.allclose(new, discount):
                break
            discount = new
        self._w = base * (1.0 - discount)
        self._discount, self._copies = discount, copies
        self._p = p
        self._iterations, self._converged = iterations, converged

    def _copying(self, c: Claims, w: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, CopyPairs]:
        """Detect copying on open-valued items; return the discount per claim and the pairs."""
        src = self._src
        acc = self._alpha / (self._alpha + self._beta)
        rows = self._open_row & (~self._deny) & (self._base > 0)
        found = detect_copying(
            src[rows],
            c.item[rows],
            c.value[rows],
            self._base[rows],
            p,
            acc,
            self._n_false,
            c.n_sources,
        )
        new = np.zeros(c.n_claims)
        new[rows] = copy_discount(found, src[rows], c.value[rows], c.n_sources, c.n_values)
        return new, found

    def _family_bic(
        self,
        c: Claims,
        fam_of_item: np.ndarray,
        families: list[tuple[np.ndarray, np.ndarray]],
        class_index: np.ndarray,
        confusion: bool,
    ) -> float:
        """BIC of the family items' claims under the fitted model (truth marginalised out)."""
        total, n_params, n_obs = 0.0, 0, 0
        acc = self._alpha / (self._alpha + self._beta)
        for f, (items, codes) in enumerate(families):
            k_cls = codes.shape[1]
            rows = np.flatnonzero((fam_of_item[c.item] == f) & ~self._deny & (self._w > 0))
            local = np.empty(c.n_items, dtype=np.int64)
            local[items] = np.arange(items.size)
            li, x, s = local[c.item[rows]], class_index[c.value[rows]], self._src[rows]
            w = self._w[rows]
            if confusion:
                logp = np.log(self._mean_conf[f][s, :, x])  # rows x K (over t)
                cls = 1.0 + self._p_class[f]
                prior = np.log(cls / cls.sum())
                n_params += np.unique(s).size * k_cls * (k_cls - 1) + k_cls - 1
            else:
                t = np.arange(k_cls)[None, :]
                logp = np.where(
                    t == x[:, None],
                    np.log(acc[s])[:, None],
                    np.log((1 - acc[s]) / max(k_cls - 1, 1))[:, None],
                )
                prior = np.full(k_cls, -np.log(k_cls))
                n_params += np.unique(s).size
            ll = np.tile(prior, (items.size, 1))
            for t in range(k_cls):
                ll[:, t] += np.bincount(li, weights=w * logp[:, t], minlength=items.size)
            total += float(special.logsumexp(ll, axis=1).sum())
            n_obs += rows.size
        self._bic_parts = (total, n_params, n_obs)
        return total - 0.5 * n_params * np.log(max(n_obs, 2))

    def _family_columns(
        self, c: Claims, families: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray:
        """Per value code: its column (class index) within its family, -1 for open items."""
        col = np.full(c.n_values, -1, dtype=np.int64)
        for _items, codes in families:
            col[codes] = np.arange(codes.shape[1])[None, :]
        return col

    def _family_rows(self, c: Claims) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per family: its assertion rows, their item's local index and their label column."""
        out = []
        for f, (items, _codes) in enumerate(self._families):
            rows = np.flatnonzero((self._fam_of_item[c.item] == f) & ~self._deny)
            local = np.empty(c.n_items, dtype=np.int64)
            local[items] = np.arange(items.size)
            out.append((rows, local[c.item[rows]], self._class_index[c.value[rows]]))
        return out

    def _initial(self, c: Claims, w: np.ndarray, deny: np.ndarray) -> np.ndarray:
        """Start from (weighted) vote shares; denials remove half a vote."""
        votes = np.bincount(c.value, weights=np.where(deny, -0.5, 1.0) * w, minlength=c.n_values)
        return c.item_normalise(np.maximum(votes, 0.0) + 1e-2)

    def _m_step(self, c: Claims, w: np.ndarray, p: np.ndarray) -> None:
        src, deny = self._src, self._deny
        q = np.where(deny, 1.0 - p[c.value], p[c.value])
        right = np.bincount(src, weights=w * q, minlength=c.n_sources)
        wrong = np.bincount(src, weights=w * (1.0 - q), minlength=c.n_sources)
        # the prior mean is the accuracy on *contested* items: agreeing where nobody disagrees
        # says nothing about a newcomer's chances where sources do disagree
        wc = w * self._contested
        r_c = float((wc * q).sum())
        t_c = float(wc.sum())
        # sources are taken to be better than chance on average: what makes truth identifiable
        mean = float(np.clip((r_c + 1.0) / (t_c + 2.0), MIN_MEAN_ACCURACY, 0.99))
        k = self.prior_strength
        self._alpha = k * mean + self._prior_c + right
        self._beta = k * (1.0 - mean) + self._prior_i + wrong
        self._ell = special.digamma(self._alpha) - special.digamma(self._beta)
        self._ell_row = self._ell[src]
        self._mean_accuracy = mean
        # families: confusion matrices with a Dirichlet prior centred on the one-coin accuracy
        self._elog_conf = []
        self._mean_conf = []
        self._elog_class = []
        self._p_class = []
        for f, (_items, codes) in enumerate(self._families):
            k_cls = codes.shape[1]
            rows, li, x = self._frows[f]
            post = p[codes]  # items x K
            s = src[rows]
            counts = np.zeros((c.n_sources, k_cls, k_cls))
            key = s * k_cls + x
            for t in range(k_cls):
                counts[:, t, :] = np.bincount(
                    key, weights=w[rows] * post[li, t], minlength=c.n_sources * k_cls
                ).reshape(c.n_sources, k_cls)
            # centre: the family's pooled confusion, so sources with few labels shrink to it
            pooled = counts.sum(axis=0) + 1.0
            centre = pooled / pooled.sum(axis=1, keepdims=True)
            alpha = self.confusion_strength * centre + counts
            self._elog_conf.append(
                special.digamma(alpha) - special.digamma(alpha.sum(axis=2, keepdims=True))
            )
            self._mean_conf.append(alpha / alpha.sum(axis=2, keepdims=True))
            cls = 1.0 + post.sum(axis=0)
            self._p_class.append(post.sum(axis=0))
            self._elog_class.append(special.digamma(cls) - special.digamma(cls.sum()))

    def _row_weights(self, c: Claims, w: np.ndarray) -> np.ndarray:
        """Log-odds weight of each open-item row for its own value (denials: against it)."""
        ell = self._ell_row
        lo = np.where(self._invertible[self._src], -np.inf, 0.0)
        lift = np.maximum(ell + self._log_n_row, lo)
        return np.where(self._deny, -w * np.maximum(ell, lo), w * lift)

    def _scores(self, c: Claims, w: np.ndarray, ell: np.ndarray | None = None) -> np.ndarray:
        """Per-value log-scores (before tempering)."""
        return self._open_scores(c, w, ell) + self._family_scores(c, w) + self._llr

    def _open_scores(self, c: Claims, w: np.ndarray, ell: np.ndarray | None = None) -> np.ndarray:
        """One-coin part: assertions on open items, similarity support, denials."""
        src, deny, fam = self._src, self._deny, self._in_family
        e = self._ell_row if ell is None else ell[src]
        # a source no better than chance is ignored, never inverted: inverting what an
        # unreliable source says is not safe evidence (and would let a denial count for a value)
        # -- unless its *resolved track record* shows it worse than chance: then it is inverted
        lo = np.where(self._invertible[src], -np.inf, 0.0)
        lift = np.maximum(e + self._log_n_row, lo)
        assert_w = np.where(~deny & ~fam, w * lift, 0.0)
        support = np.bincount(c.value, weights=assert_w, minlength=c.n_values)
        scores = support.copy()
        if self.similarity > 0 and self._sim.nnz:
            scores += self.similarity * (self._sim @ np.maximum(support, 0.0))
        against = np.where(deny, w * np.maximum(e, lo), 0.0)
        scores -= np.bincount(c.value, weights=against, minlength=c.n_values)
        return scores

    def _family_scores(self, c: Claims, w: np.ndarray) -> np.ndarray:
        """Class-conditional part: class prior plus each label's expected log-likelihood."""
        scores = np.zeros(c.n_values)
        src = self._src
        for f, (items, codes) in enumerate(self._families):
            rows, li, x = self._frows[f]
            elog = self._elog_conf[f]
            wr, s = w[rows], src[rows]
            ll = np.tile(self._elog_class[f], (items.size, 1))
            for t in range(codes.shape[1]):
                ll[:, t] += np.bincount(li, weights=wr * elog[s, t, x], minlength=items.size)
            scores[codes] += ll
        return scores

    def _em(self, c: Claims, w: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, int, bool]:
        for it in range(1, self.max_iter + 1):
            self._m_step(c, w, p)
            new = c.item_softmax(self._scores(c, w))
            delta = float(np.max(np.abs(new - p))) if new.size else 0.0
            p = new
            if delta < self.tol:
                return p, it, True
        return p, self.max_iter, False

    # ---- calibration and uncertainty -----------------------------------------------------
    def _fit_temperature(self, c: Claims, scores: np.ndarray) -> float:
        """Leave-one-claim-out predictive fit of the temperature (no gold involved)."""
        w = self._w
        rows = np.flatnonzero(~self._deny & (w > 0))
        if rows.size == 0:
            return 1.0
        owner, vals = c.item_values(c.item[rows])
        r = rows[owner]
        x = c.value[r]
        s = self._src[r]
        same = vals == x
        loo = scores[vals].copy()
        lik = np.empty(vals.size)
        fam = self._in_family[r]
        # open items: the row added w (E[logit a] + log n) to its own value only
        acc = (self._alpha / (self._alpha + self._beta))[s]
        n = self._n_false[c.item[r]]
        lo = np.where(self._invertible[s], -np.inf, 0.0)
        contrib = w[r] * np.maximum(self._ell_row[r] + np.log(n), lo)
        loo -= np.where(~fam & same, contrib, 0.0)
        lik[~fam] = np.where(same[~fam], acc[~fam], (1.0 - acc[~fam]) / n[~fam])
        if fam.any():
            for f in range(len(self._families)):
                k = np.flatnonzero(fam & (self._fam_of_item[c.item[r]] == f))
                if k.size == 0:
                    continue
                t = self._class_index[vals[k]]
                xc = self._class_index[x[k]]
                loo[k] -= w[r[k]] * self._elog_conf[f][s[k], t, xc]
                lik[k] = self._mean_conf[f][s[k], t, xc]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        return fit_temperature(loo, lik, starts)

    def _probability_interval(self, c: Claims, lo: float, hi: float) -> np.ndarray:
        """Per-value interval from sampling source accuracies from their Beta posteriors."""
        rng = np.random.default_rng(self.seed)
        # a fixed work budget: fewer draws (never under 20) on large inputs
        budget = int(SAMPLING_BUDGET // max(c.n_claims + c.n_values, 1))
        n = max(min(int(self.n_samples), budget), 20)
        if c.n_values == 0:
            return np.stack([self.probabilities_, self.probabilities_], 1)
        draws = rng.beta(self._alpha, self._beta, size=(n, c.n_sources)).clip(1e-9, 1 - 1e-9)
        samples = np.empty((n, c.n_values))
        fixed = self._family_scores(c, self._w) + self._llr  # does not depend on accuracies
        for k in range(n):
            ell = np.log(draws[k]) - np.log1p(-draws[k])
            scores = self._open_scores(c, self._w, ell) + fixed
            samples[k] = c.item_softmax(scores / self.temperature_)
        return np.stack([np.quantile(samples, lo, 0), np.quantile(samples, hi, 0)], 1)

    # ---- explanation --------------------------------------------------------------------
    def explain(self, item: int) -> ItemExplanation:
        """Each claim's log-odds contribution, its source's accuracy and prior, and discounts."""
        self._check_fitted()
        c = self.claims_
        rows = np.flatnonzero(c.item == item)
        vals = np.flatnonzero(c.value_item == item)
        stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
        labels = c.source_labels
        name = (lambda s: str(labels[s])) if labels is not None else str
        weights = self._row_weights(c, self._w) / self.temperature_
        votes = []
        for r in rows.tolist():
            s = int(self._src[r])
            st = int(stance[r])
            a, b = self.alpha_[s], self.beta_[s]
            lo, hi = self.trust_interval_[s]
            reason = f"accuracy {a / (a + b):.2f} [{lo:.2f}, {hi:.2f}]"
            if self._prior_c[s] or self._prior_i[s]:
                reason += f"; track record {self._prior_c[s]:g} right, {self._prior_i[s]:g} wrong"
                if self._invertible[s]:
                    reason += " (worse than chance: what it says counts the other way)"
            weight = float(weights[r])
            if self._in_family[r] and st >= 0:
                f = self._fam_of_item[item]
                x = self._class_index[c.value[r]]
                col = self._elog_conf[f][s, :, x]
                others = np.delete(col, x)
                weight = float(self._w[r] * (col[x] - others.mean()) / self.temperature_)
                reason += "; class-conditional confusion of the source"
            if c.origin is not None and c.origin[r] != NO_ORIGIN:
                reason += f"; passes on {name(int(c.origin[r]))}"
                if not self._counted[r]:
                    reason += ", already counted"
            if self.copy_discount_[r] > 0:
                reason += f"; copies a detected original: weight x{1 - self.copy_discount_[r]:.2f}"
            if st < 0:
                reason += "; denial: evidence against the value"
            elif st == 0:
                reason += "; hedge: half weight"
            votes.append(
                SourceVote(
                    source=int(c.source[r]),
                    value=int(c.value[r]),
                    weight=weight if self._counted[r] else 0.0,
                    stance=st,
                    counted=bool(self._counted[r]),
                    reason=reason,
                    claim=r,
                )
            )
        return ItemExplanation(
            item=item,
            truth=int(self.truth_[item]),
            probabilities={int(v): float(self.probabilities_[v]) for v in vals},
            votes=tuple(votes),
            summary=(
                f"log-odds sum of accuracy-weighted claims, tempered by T={self.temperature_:.2f}"
            ),
        )
