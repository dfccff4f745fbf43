"""The interface every fusion method shares, in the style of scikit-learn and crowd-kit.

Configure in ``__init__`` (hyperparameters only, never data); ``fit(claims, *, priors=None,
evidence=None)`` returns ``self`` with fitted attributes ending in an underscore. Everything a
method reads about the data travels as columns of :class:`Claims` (per claim: weight, stance,
origin, time, wording; per source: ``prior_correct`` / ``prior_incorrect``; per value code:
``value_log_lr``, ``value_number``); ``priors=(correct, incorrect)`` and ``evidence=log_lr``
are shorthand that set those columns. ``uses`` names the optional columns a method reads, so
a caller can say what was ignored. A fit starts from nothing: every fitted attribute of an
earlier fit is dropped first, so refitting equals a fresh fit.

- ``probabilities_``: float array, one entry per value code, summing to 1 within each item;
- ``truth_``: the chosen value code per item;
- ``trust_``: one reliability score per source (method-specific scale, see ``trust_scale``);
- ``iterations_`` and ``converged_``.

``explain(item)`` says which sources, with which weights, made an item's verdict.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from veracity.fusion.claims import Claims


@dataclass(frozen=True, slots=True)
class SourceVote:
    """One source's part in an item's verdict."""

    source: int
    value: int
    weight: float  # the vote's weight in the method's own units
    stance: int = 1
    counted: bool = True  # False when the claim repeats an origin already counted
    reason: str = ""
    claim: int | None = None  # row in the Claims the vote comes from, so front ends can quote it


@dataclass(frozen=True, slots=True)
class ItemExplanation:
    item: int
    truth: int
    probabilities: dict[int, float]  # value code -> probability
    votes: tuple[SourceVote, ...]
    summary: str = ""


class NotFittedError(RuntimeError):
    """An estimator's results were read before ``fit``."""


class Estimator(ABC):
    """Base class: subclasses implement ``_fit`` and set the fitted attributes."""

    name: str = "estimator"
    #: what trust_ means for this method, shown next to the numbers
    trust_scale: str = "score"
    #: optional claim columns the method reads ("priors", "evidence", "stance", "origin",
    #: "numbers", "wording"); the others are ignored
    uses: ClassVar[frozenset[str]] = frozenset()

    probabilities_: np.ndarray
    truth_: np.ndarray
    trust_: np.ndarray
    iterations_: int
    converged_: bool
    claims_: Claims

    def fit(
        self,
        claims: Claims,
        *,
        priors: tuple[np.ndarray, np.ndarray] | None = None,
        evidence: np.ndarray | None = None,
    ) -> Estimator:
        """Fit on ``claims``; ``priors`` = (correct, incorrect) counts per source from track
        records and ``evidence`` = a log likelihood ratio per value code, when given, become
        the claims' ``prior_correct`` / ``prior_incorrect`` / ``value_log_lr`` columns."""
        if priors is not None:
            correct, incorrect = priors
            claims = claims.with_columns(prior_correct=correct, prior_incorrect=incorrect)
        if evidence is not None:
            claims = claims.with_columns(value_log_lr=evidence)
        # hyperparameters are public names without a trailing underscore; everything else is
        # what an earlier fit left behind
        for key in [k for k in vars(self) if k.endswith("_") or k.startswith("_")]:
            delattr(self, key)
        self.claims_ = claims
        self._fit(claims)
        return self

    @abstractmethod
    def _fit(self, claims: Claims) -> None: ...

    def fit_predict(self, claims: Claims, **data: np.ndarray | None) -> np.ndarray:
        """``fit(claims, ...)`` and return ``truth_``."""
        return self.fit(claims, **data).truth_  # type: ignore[arg-type]

    def fit_predict_proba(self, claims: Claims, **data: np.ndarray | None) -> np.ndarray:
        """``fit(claims, ...)`` and return ``probabilities_``."""
        return self.fit(claims, **data).probabilities_  # type: ignore[arg-type]

    def params(self) -> dict[str, object]:
        """Hyperparameters, for the assessment record."""
        return {
            k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")
        }

    def _check_fitted(self) -> None:
        if not hasattr(self, "probabilities_"):
            raise NotFittedError(f"{type(self).__name__} is not fitted: call fit(claims) first")

    def _explain_votes(
        self,
        claims: Claims,
        item: int,
        claim_weight: np.ndarray,
        reason: str,
        counted: np.ndarray | None = None,
        summary: str = "",
    ) -> ItemExplanation:
        """An explanation from per-claim vote weights of ``claims`` (the claims the method saw).

        For methods with a natural weight per vote (a Bayesian vote count, a source weight
        times a claim weight); ``counted`` marks claims that were discounted to nothing.
        When ``claims`` came from :meth:`Claims.asserted`, the votes are reported on the claims
        as stated: a denial turned into an assertion of the other value is shown as the denial,
        with its weight negated (evidence against the denied value), and a denial the method
        could not use (an item with more than two values) is shown with weight 0, not counted.
        """
        self._check_fitted()
        origin = claims._cache.get("asserted_from")
        vals = claims.values_of(item)
        votes: list[SourceVote] = []
        if origin is None:
            stance = claims.stance
            for r in claims.rows_of(item).tolist():
                votes.append(
                    SourceVote(
                        source=int(claims.source[r]),
                        value=int(claims.value[r]),
                        weight=float(claim_weight[r]),
                        stance=1 if stance is None else int(stance[r]),
                        counted=True if counted is None else bool(counted[r]),
                        reason=reason,
                        claim=int(r),
                    )
                )
        else:
            stated, kept_rows, flipped = origin
            position = claims._cache.get("asserted_position")
            if position is None:  # once per claims, not once per item: stated row -> kept row
                position = np.full(stated.n_claims, -1, dtype=np.int64)
                position[kept_rows] = np.arange(kept_rows.size)
                claims._cache["asserted_position"] = position
            st = stated.stance
            for r in stated.rows_of(item).tolist():
                k = int(position[r])
                s = 1 if st is None else int(st[r])
                if k < 0:
                    weight, used, why = 0.0, False, f"{reason}; a denial among several values"
                    why += " says what is not, which this method cannot use"
                else:
                    weight = -float(claim_weight[k]) if flipped[k] else float(claim_weight[k])
                    used = True if counted is None else bool(counted[k])
                    why = reason + ("; denial: counted for the other value" if flipped[k] else "")
                votes.append(
                    SourceVote(
                        source=int(stated.source[r]),
                        value=int(stated.value[r]),
                        weight=weight,
                        stance=s,
                        counted=used,
                        reason=why,
                        claim=int(r),
                    )
                )
        return ItemExplanation(
            item=item,
            truth=int(self.truth_[item]),
            probabilities={int(v): float(self.probabilities_[v]) for v in vals},
            votes=tuple(votes),
            summary=summary,
        )

    def explain(self, item: int) -> ItemExplanation:
        """Default explanation: every claim on the item, weighted by its source's trust."""
        self._check_fitted()
        c = self.claims_
        rows = c.rows_of(item)
        vals = c.values_of(item)
        st = c.stance[rows] if c.stance is not None else np.ones(rows.size, dtype=np.int8)
        votes = tuple(
            SourceVote(
                source=int(c.source[r]),
                value=int(c.value[r]),
                # a denial speaks against the value, a hedge at half strength
                weight=float(self.trust_[c.source[r]])
                * (-1.0 if s < 0 else 0.5 if s == 0 else 1.0),
                stance=int(s),
                reason=self.trust_scale,
                claim=int(r),
            )
            for r, s in zip(rows, st, strict=True)
        )
        return ItemExplanation(
            item=item,
            truth=int(self.truth_[item]),
            probabilities={int(v): float(self.probabilities_[v]) for v in vals},
            votes=votes,
        )
