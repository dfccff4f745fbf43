"""The :class:`Veracity` estimator: hyperparameters, the fit's steps in order, fitted attributes.

The fit is a pipeline of pure functions over explicit values -- :func:`prepare` (weights,
provenance, priors), :func:`find_families`, :func:`fit_variant` per model variant (EM with copy
detection; returns a :class:`FitState`), the BIC choice between variants, then calibration and
intervals. The estimator keeps the chosen :class:`FitState` (``state_``) and copies nothing
back and forth.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion.base import Estimator, ItemExplanation
from veracity.fusion.claims import Claims
from veracity.fusion.default.em import PRIOR_STRENGTH, FitState, Settings, fit_variant, scores
from veracity.fusion.default.explain import explain_item
from veracity.fusion.default.families import (
    FAMILY_MAX_CLASSES,
    FAMILY_MIN_ITEMS,
    FAMILY_MIN_SHARE,
    Families,
    family_bic,
    find_families,
)
from veracity.fusion.default.inputs import HEDGE_STRENGTH, REPEAT_WEIGHT, Prepared, prepare
from veracity.fusion.default.uncertainty import probability_interval, temperature
from veracity.fusion.distributions import beta_ppf

FAMILY_MODELS = ("auto", "confusion", "one-coin")


class Veracity(Estimator):
    """The default model (see :mod:`veracity.fusion.default` for what it combines and why).

    Hyperparameters (one configuration for every data set; nothing is tuned per set):

    - ``prior_strength`` (2, :data:`~veracity.fusion.default.em.PRIOR_STRENGTH`): pseudo-claims
      of the hierarchical prior at the population's mean accuracy; a source with fewer claims
      than this leans on the population.
    - ``confusion_strength`` (0.01): pseudo-counts per confusion row, centred on the family's
      pooled confusion. Weaker than one claim on purpose: a class the first estimate gives
      little mass (false rumours, when most outlets repeat them) must be able to learn its own
      confusion rows from that little mass; a prior of a whole claim per row swamps it and EM
      collapses onto the majority class (rumour benchmark: 0.41 with 1, 0.77-0.81 with 0.01).
    - ``similarity`` (0.5): how much a near-equal value's support counts (0 turns it off).
    - ``detect_copies`` (True): look for sources sharing false values beyond chance.
    - ``family_model`` ("auto"): for items in a label family, "confusion" matrices,
      "one-coin" accuracies, or "auto" (the better by BIC, per fit).
    - ``leave_item_out`` (True): a claim (outside label families) is weighed by its source's
      accuracy as predicted from the *other* items -- the posterior predictive mean with the
      claim's own expected count taken out of the source's record and of the population's
      mean. An item then cannot vouch for the sources that decide it: on a small case EM no
      longer talks itself into certainty by crediting the majority with its own verdict (one
      hoax, five debunkers: each denial stood at weight 0 before). Label families keep their
      in-sample confusion (taking the row out there cost 0.02-0.08 accuracy on crowd sets).
    - ``calibrate`` (True): fit the gold-free temperature.
    - ``max_iter`` (200), ``tol`` (1e-3): EM stops when no probability moves by more than tol
      (probabilities are reported to three decimals).
    - ``interval_level`` (0.9), ``n_samples`` (100), ``seed`` (0): the intervals.

    Data it reads from :class:`Claims`: stance, origin, wording, time, weight (per claim);
    ``prior_correct`` / ``prior_incorrect`` (per source); ``value_log_lr``, ``value_number``
    (per value code).

    Fitted attributes:

    - ``probabilities_`` (per value code, tempered), ``truth_`` (per item), ``scores_``
      (tempered log-scores);
    - ``trust_`` (posterior mean assertion accuracy per source), ``alpha_`` / ``beta_`` (its
      Beta posterior), ``trust_interval_`` (sources x 2), ``denial_trust_`` (posterior mean
      accuracy of the source's denials), ``probability_interval_`` (values x 2);
    - ``temperature_``, ``model_choice_`` (BIC per family model when "auto" compared two),
      ``copy_pairs_`` and ``copy_discount_`` (per claim), ``repeat_`` (per claim: a verbatim
      repeat of another source), ``iterations_``, ``converged_``;
    - ``state_`` (:class:`FitState`) and ``prepared_`` (:class:`Prepared`): the fit's
      internals, read by :meth:`explain`.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> m = Veracity().fit(c)
    >>> m.truth_.tolist(), bool(m.probabilities_[0] > 0.5)
    ([0], True)
    """

    name = "veracity"
    trust_scale = "posterior mean accuracy: the chance a claim of the source is right"
    uses = frozenset({"priors", "evidence", "stance", "origin", "numbers", "wording"})

    state_: FitState
    prepared_: Prepared

    def __init__(
        self,
        *,
        prior_strength: float = PRIOR_STRENGTH,
        confusion_strength: float = 0.01,
        similarity: float = 0.5,
        detect_copies: bool = True,
        family_model: str = "auto",
        leave_item_out: bool = True,
        calibrate: bool = True,
        max_iter: int = 200,
        tol: float = 1e-3,
        interval_level: float = 0.9,
        n_samples: int = 100,
        seed: int = 0,
    ) -> None:
        self.prior_strength = prior_strength
        self.confusion_strength = confusion_strength
        self.similarity = similarity
        self.detect_copies = detect_copies
        self.family_model = family_model
        self.leave_item_out = leave_item_out
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
            "leave_item_out": self.leave_item_out,
            "calibrate": self.calibrate,
            "family_rule": (
                f">= {FAMILY_MIN_ITEMS} items and >= {FAMILY_MIN_SHARE:.0%} of items sharing "
                f"2-{FAMILY_MAX_CLASSES} labels"
            ),
            "hedge_strength": HEDGE_STRENGTH,
            "repeat_weight": REPEAT_WEIGHT,
            "max_iter": self.max_iter,
            "tol": self.tol,
        }

    def _settings(self) -> Settings:
        if self.family_model not in FAMILY_MODELS:
            raise ValueError(
                f"family_model must be auto, confusion or one-coin: {self.family_model!r}"
            )
        return Settings(
            prior_strength=float(self.prior_strength),
            confusion_strength=float(self.confusion_strength),
            similarity=float(self.similarity),
            detect_copies=bool(self.detect_copies),
            max_iter=int(self.max_iter),
            tol=float(self.tol),
            leave_item_out=bool(self.leave_item_out),
        )

    def _fit(self, claims: Claims) -> None:
        c = claims
        cfg = self._settings()
        of_item, groups = find_families(c)
        prep = prepare(c, similarity=cfg.similarity, open_items=of_item < 0)
        with_families = Families.of(c, of_item, groups, prep.deny)
        variants: list[tuple[str, Families]] = [("one-coin", Families.none(c))]
        if groups and self.family_model != "one-coin":
            variants = [("confusion", with_families)] + (
                variants if self.family_model == "auto" else []
            )
        self.model_choice_: dict[str, tuple[float, tuple[float, int, int]]] = {}
        best: tuple[float, FitState] | None = None
        for label, fam in variants:
            state = fit_variant(c, prep, fam, cfg)
            if len(variants) == 1:
                best = (0.0, state)
                break
            conf = state.accuracy.confusion if fam.groups else None
            bic, parts = family_bic(with_families, conf, state.accuracy.accuracy, prep.src, state.w)
            self.model_choice_[label] = (bic, parts)
            if best is None or bic > best[0]:
                best = (bic, state)
        assert best is not None
        state = best[1]
        self.state_, self.prepared_ = state, prep
        raw = scores(c, prep, state.families, state.rows, state.accuracy, cfg)
        self.temperature_ = temperature(c, prep, state, raw) if self.calibrate else 1.0
        self.scores_ = raw / self.temperature_
        self.probabilities_ = c.item_softmax(self.scores_)
        self.truth_ = c.item_argmax(self.probabilities_)
        acc = state.accuracy
        a, b = acc.alpha, acc.beta
        self.alpha_, self.beta_ = a, b
        self.trust_ = a / (a + b)
        self.denial_trust_ = acc.alpha_d / (acc.alpha_d + acc.beta_d)
        lo, hi = (1 - self.interval_level) / 2, 1 - (1 - self.interval_level) / 2
        self.trust_interval_ = np.stack([beta_ppf(lo, a, b), beta_ppf(hi, a, b)], 1)
        self.probability_interval_ = probability_interval(
            c,
            prep,
            state,
            temperature=self.temperature_,
            similarity=cfg.similarity,
            level=self.interval_level,
            n_samples=self.n_samples,
            seed=self.seed,
            prior_strength=cfg.prior_strength,
            probabilities=self.probabilities_,
            tempered_scores=self.scores_,
        )
        self.copy_pairs_ = state.copies
        self.copy_discount_ = state.discount
        self.repeat_ = prep.repeat
        self.iterations_ = state.iterations
        self.converged_ = state.converged

    def explain(self, item: int) -> ItemExplanation:
        """Each claim's log-odds contribution, its source's accuracy and prior, and discounts."""
        self._check_fitted()
        return explain_item(self, item)
