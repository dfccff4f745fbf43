"""Sensitivity (Heuer's step 6): which evidence items the conclusion hangs on.

For each rated item, two what-ifs: *discounted* (credibility 0: the item might be false, a
deception, a misreading) and *reversed* (every rating flipped, CC ↔ II, C ↔ I: the analyst read it
backwards). Each says whether the leading hypothesis changes under Heuer's score and under the
Bayesian posterior, how far the current leader's posterior moves, and — for a discount — the
break-even credibility: the credibility below which the Bayesian leader changes. Each hypothesis's
log-posterior is monotone in one item's credibility, so that threshold is unique and bisection
finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from veracity.ach.matrix import Matrix
from veracity.ach.scores import (
    MatrixNumbers,
    bayes_leaders,
    heuer_leaders,
    inconsistency_matrix,
    log_factors,
    posterior_from_log,
)

_BISECTIONS = 40


class WhatIf(StrEnum):
    DISCOUNT = "discount"
    REVERSE = "reverse"


@dataclass(frozen=True, slots=True)
class SensitivityCase:
    evidence_id: str
    what_if: WhatIf
    heuer_leaders: tuple[str, ...]  # after the change
    bayes_leaders: tuple[str, ...]
    changes_heuer: bool
    changes_bayes: bool
    leader: str  # the Bayesian leader before the change
    leader_posterior_before: float
    leader_posterior_after: float
    breakeven_credibility: float | None = None  # discount only: below this the leader changes

    @property
    def changes_leader(self) -> bool:
        return self.changes_heuer or self.changes_bayes

    @property
    def posterior_shift(self) -> float:
        return self.leader_posterior_after - self.leader_posterior_before


def sensitivity(matrix: Matrix) -> list[SensitivityCase]:
    """Discount and reverse each rated evidence item in turn; most consequential first.

    Only the changed row is recomputed (the other rows' sums are kept), so the cost is
    O(evidence × hypotheses) for the whole analysis.
    """
    ids = matrix.hypothesis_ids
    if not ids:
        return []
    base = MatrixNumbers.of(matrix)
    logs = log_factors(base)
    log_total = logs.sum(axis=0)
    incs = inconsistency_matrix(base)
    inc_total = incs.sum(axis=0)
    post = posterior_from_log(log_total)
    h_lead = heuer_leaders(inc_total, ids)
    b_lead = bayes_leaders(post, ids)
    leader_index = int(np.argmax(post))
    cases: list[SensitivityCase] = []
    for i, e in enumerate(matrix.evidence_ids):
        if np.all(np.isnan(base.steps[i])):
            continue  # nothing rated: no what-if to ask
        others_log = log_total - logs[i]
        others_inc = inc_total - incs[i]
        for what_if in WhatIf:
            row = _apply(base.row(i), what_if)
            p = posterior_from_log(others_log + log_factors(row)[0])
            hl = heuer_leaders(others_inc + inconsistency_matrix(row)[0], ids)
            bl = bayes_leaders(p, ids)
            breakeven = None
            if what_if is WhatIf.DISCOUNT and bl != b_lead:
                breakeven = _breakeven(base.row(i), others_log, b_lead, ids)
            cases.append(
                SensitivityCase(
                    e,
                    what_if,
                    hl,
                    bl,
                    hl != h_lead,
                    bl != b_lead,
                    ids[leader_index],
                    float(post[leader_index]),
                    float(p[leader_index]),
                    breakeven,
                )
            )
    cases.sort(key=lambda c: (not c.changes_leader, -abs(c.posterior_shift)))
    return cases


def _apply(row: MatrixNumbers, what_if: WhatIf) -> MatrixNumbers:
    if what_if is WhatIf.DISCOUNT:
        return replace(row, credibility=np.zeros_like(row.credibility))
    return replace(row, steps=-row.steps)


def _breakeven(
    row: MatrixNumbers, others_log: np.ndarray, leaders: tuple[str, ...], ids: tuple[str, ...]
) -> float:
    """The credibility of ``row`` at which the Bayesian leaders stop being ``leaders``."""
    lo, hi = 0.0, float(row.credibility[0])  # leaders differ at lo, hold at hi
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        trial = replace(row, credibility=np.array([mid]))
        p = posterior_from_log(others_log + log_factors(trial)[0])
        if bayes_leaders(p, ids) == leaders:
            hi = mid
        else:
            lo = mid
    return hi
