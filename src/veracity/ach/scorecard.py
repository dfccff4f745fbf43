"""Everything the report says about one matrix, computed once: scores, leaders, diagnosticity,
disagreement and sensitivity, with a JSON-ready form for ``--json`` and the HTML report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from veracity.ach.disagreement import Disagreement, disagreement
from veracity.ach.matrix import Matrix
from veracity.ach.scale import LR_BASE
from veracity.ach.scores import (
    Diagnosticity,
    HeuerScore,
    MatrixNumbers,
    bayes_leaders,
    bayes_posterior,
    diagnosticity,
    heuer_array,
    heuer_leaders,
    heuer_scores,
)
from veracity.ach.sensitivity import SensitivityCase, sensitivity


@dataclass(frozen=True)
class Scorecard:
    matrix: Matrix
    heuer: tuple[HeuerScore, ...]  # column order
    posterior: tuple[float, ...]  # column order
    heuer_leaders: tuple[str, ...]
    bayes_leaders: tuple[str, ...]
    diagnosticity: tuple[Diagnosticity, ...]  # row order
    disagreement: Disagreement
    sensitivity: tuple[SensitivityCase, ...]

    def to_dict(self) -> dict[str, Any]:
        m = self.matrix
        return {
            "question": {
                "id": m.question.id,
                "text": m.question.text,
                "description": m.question.description,
            },
            "hypotheses": [
                {
                    "id": h.id,
                    "text": h.text,
                    "inconsistency": s.inconsistency,
                    "weighted_inconsistency": s.weighted,
                    "posterior": p,
                }
                for h, s, p in zip(m.hypotheses, self.heuer, self.posterior, strict=True)
            ],
            "leaders": {"heuer": list(self.heuer_leaders), "bayes": list(self.bayes_leaders)},
            "evidence": [
                {
                    "id": e.id,
                    "description": e.description,
                    "link": e.link.value,
                    "proposition": e.proposition_id,
                    "value": e.value if e.proposition_id else None,
                    "statement": e.statement_id,
                    "relevance": e.relevance.value,
                    "analyst_credibility": e.credibility.value,
                    "credibility": m.credibility_of(e.id).probability,
                    "credibility_weight": m.credibility_of(e.id).weight,
                    "credibility_origin": m.credibility_of(e.id).origin,
                    "credibility_reason": m.credibility_of(e.id).reason,
                    "reference": e.reference,
                    "diagnosticity_bits": d.bits,
                    "diagnosticity_heuer": d.heuer,
                    "diagnostic": d.diagnostic,
                    "cells": {
                        h: (c.value if (c := m.consensus(e.id, h)) is not None else None)
                        for h in m.hypothesis_ids
                    },
                }
                for e, d in zip(m.evidence, self.diagnosticity, strict=True)
            ],
            "ratings": [
                {
                    "evidence": r.evidence_id,
                    "hypothesis": r.hypothesis_id,
                    "rating": r.consistency.value,
                    "analyst": r.analyst,
                    "time": r.time.isoformat() if r.time else None,
                    "note": r.note,
                }
                for r in m.ratings
            ],
            "disagreement": {
                "cells": [
                    {
                        "evidence": c.evidence_id,
                        "hypothesis": c.hypothesis_id,
                        "ratings": dict(c.ratings),
                        "spread": c.spread,
                    }
                    for c in self.disagreement.cells
                ],
                "analysts": [
                    {
                        "analyst": a.analyst,
                        "heuer_leaders": list(a.heuer_leaders),
                        "bayes_leaders": list(a.bayes_leaders),
                        "posterior": dict(zip(m.hypothesis_ids, a.posterior, strict=True)),
                        "cells_rated": a.cells_rated,
                    }
                    for a in self.disagreement.analysts
                ],
            },
            "sensitivity": [
                {
                    "evidence": s.evidence_id,
                    "what_if": s.what_if.value,
                    "heuer_leaders": list(s.heuer_leaders),
                    "bayes_leaders": list(s.bayes_leaders),
                    "changes_heuer": s.changes_heuer,
                    "changes_bayes": s.changes_bayes,
                    "leader": s.leader,
                    "leader_posterior_before": s.leader_posterior_before,
                    "leader_posterior_after": s.leader_posterior_after,
                    "breakeven_credibility": s.breakeven_credibility,
                }
                for s in self.sensitivity
            ],
            "method": {
                "heuer": "PARC ACH weighted inconsistency: I = 1, II = 2, others 0; "
                "× credibility weight (√2·c) × relevance weight (Low 1/√2, Medium 1, High √2)",
                "bayes": f"each step on Heuer's scale a factor {LR_BASE:g} in likelihood, "
                "relevance as exponent, tempered by credibility c as c·LR + (1 − c); "
                "uniform prior",
            },
        }


def score_matrix(matrix: Matrix) -> Scorecard:
    """Score a matrix every way veracity knows (Bayesian scores with a uniform prior)."""
    ids = matrix.hypothesis_ids
    posterior = bayes_posterior(matrix)
    numbers = MatrixNumbers.of(matrix)
    return Scorecard(
        matrix,
        tuple(heuer_scores(matrix)),
        tuple(posterior),
        heuer_leaders(heuer_array(numbers), ids),
        bayes_leaders(np.asarray(posterior), ids),
        tuple(diagnosticity(matrix)),
        disagreement(matrix),
        tuple(sensitivity(matrix)),
    )
