"""An ACH matrix: hypotheses across, evidence down, each analyst's current rating in every cell.

``build_matrix`` also settles where each evidence item's credibility comes from: an assessment,
when the item is a proposition or statement the assessment covers, otherwise the analyst. The
reason is kept with the number so that every report can show it.

>>> from veracity.model.ach import Question, Hypothesis, AchEvidence, Rating, Consistency
>>> q = Question("q", "Why?")
>>> m = build_matrix(q, [Hypothesis("H1", "q", "a"), Hypothesis("H2", "q", "b")],
...                  [AchEvidence("E1", "q", "seen")],
...                  [Rating("q", "E1", "H1", Consistency.I),
...                   Rating("q", "E1", "H2", Consistency.C)])
>>> m.consensus("E1", "H1"), m.credibility["E1"].reason
(<Consistency.I: 'I'>, 'analyst: medium')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property

import numpy as np

from veracity.ach.scale import LEVEL_CREDIBILITY, credibility_weight
from veracity.errors import InputError
from veracity.model.ach import AchEvidence, Consistency, EvidenceLink, Hypothesis, Question, Rating
from veracity.model.assessment import Assessment
from veracity.model.case import Statement

ANALYST = "analyst"
ASSESSMENT = "assessment"


@dataclass(frozen=True, slots=True)
class Credibility:
    """An evidence item's credibility: a probability, where it came from, and why.

    ``probability`` is the chance the item is true; ``weight`` is PARC's credibility weight for it.
    """

    probability: float
    origin: str  # ANALYST or ASSESSMENT
    reason: str
    assessment_id: str | None = None
    method: str | None = None

    @property
    def weight(self) -> float:
        return credibility_weight(self.probability)


def analyst_credibility(item: AchEvidence, why: str = "") -> Credibility:
    reason = f"analyst: {item.credibility.value}" + (f" ({why})" if why else "")
    return Credibility(LEVEL_CREDIBILITY[item.credibility], ANALYST, reason)


def resolve_credibility(
    item: AchEvidence,
    assessment: Assessment | None = None,
    statements: Mapping[str, Statement] | None = None,
) -> Credibility:
    """Credibility from the assessment where it covers the item's record, else the analyst's.

    A proposition's credibility is the assessment's probability of the item's value; a
    statement's is the reliability of its source (clamped to [0, 1]).
    """
    if item.link is EvidenceLink.TEXT or assessment is None:
        return analyst_credibility(item)
    where = f"assessment {assessment.id}, method {assessment.method}"
    if item.link is EvidenceLink.PROPOSITION:
        pid = item.proposition_id
        try:
            probabilities = assessment.proposition(pid).probabilities  # type: ignore[arg-type]
        except KeyError:
            return analyst_credibility(item, f"{pid} not in assessment {assessment.id}")
        if item.value not in probabilities:
            return analyst_credibility(
                item, f"value {item.value!r} of {pid} not in assessment {assessment.id}"
            )
        p = float(probabilities[item.value])
        return Credibility(
            p,
            ASSESSMENT,
            f"{where}: P({pid} = {item.value}) = {p:.2f}",
            assessment.id,
            assessment.method,
        )
    statement = (statements or {}).get(item.statement_id)  # type: ignore[arg-type]
    if statement is None:
        return analyst_credibility(item, f"statement {item.statement_id} not loaded")
    try:
        reliability = assessment.source(statement.source_id).reliability
    except KeyError:
        return analyst_credibility(item, f"{statement.source_id} not in assessment {assessment.id}")
    r = min(1.0, max(0.0, float(reliability)))
    return Credibility(
        r,
        ASSESSMENT,
        f"{where}: reliability of {statement.source_id} = {r:.2f} (statement {item.statement_id})",
        assessment.id,
        assessment.method,
    )


def current_ratings(ratings: Iterable[Rating]) -> tuple[Rating, ...]:
    """Each analyst's latest rating of each cell (a rating without a time counts as oldest, a
    naive time as UTC; among equal times the later one in the input wins)."""
    latest: dict[tuple[str, str, str], tuple[int, Rating]] = {}
    for order, r in enumerate(ratings):
        key = (r.evidence_id, r.hypothesis_id, r.analyst)
        held = latest.get(key)
        if held is None or _stamp(held[1].time) <= _stamp(r.time):
            latest[key] = (order, r)
    return tuple(r for _, r in sorted(latest.values(), key=lambda pair: pair[0]))


def _stamp(t: datetime | None) -> datetime:
    """Comparable times: none is oldest, a naive time (a case file's date) is read as UTC."""
    if t is None:
        return datetime.min.replace(tzinfo=UTC)
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def consensus_step(ratings: Iterable[Rating]) -> float | None:
    """The cell's value on the signed scale (CC = 2 … II = -2), averaged over analysts.

    None when nobody rated it or most analysts marked it NA (as open-synthesis: N/A wins a
    majority; a tie goes to the analysts who rated it).
    """
    steps = [r.value for r in ratings]
    rated = [s for s in steps if s is not None]
    if not rated or len(steps) - len(rated) > len(rated):
        return None
    return sum(rated) / len(rated)


def step_to_consistency(step: float | None) -> Consistency:
    """The nearest rating to an averaged step, halves rounded towards N (conservative)."""
    if step is None:
        return Consistency.NA
    rounded = math.copysign(math.ceil(abs(step) - 0.5), step) if step else 0
    return {2: Consistency.CC, 1: Consistency.C, 0: Consistency.N, -1: Consistency.I}.get(
        int(rounded), Consistency.II
    )


@dataclass(frozen=True)
class Matrix:
    """A question's hypotheses, evidence, current ratings and resolved credibility."""

    question: Question
    hypotheses: tuple[Hypothesis, ...]
    evidence: tuple[AchEvidence, ...]
    ratings: tuple[Rating, ...]  # current ratings only: the latest per analyst and cell
    credibility: Mapping[str, Credibility] = field(default_factory=dict)

    @property
    def hypothesis_ids(self) -> tuple[str, ...]:
        return tuple(h.id for h in self.hypotheses)

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.evidence)

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(sorted({r.analyst for r in self.ratings}))

    @cached_property
    def _cells(self) -> dict[tuple[str, str], tuple[Rating, ...]]:
        cells: dict[tuple[str, str], list[Rating]] = {}
        for r in self.ratings:
            cells.setdefault((r.evidence_id, r.hypothesis_id), []).append(r)
        return {k: tuple(v) for k, v in cells.items()}

    def cell_ratings(self, evidence_id: str, hypothesis_id: str) -> tuple[Rating, ...]:
        return self._cells.get((evidence_id, hypothesis_id), ())

    def consensus(self, evidence_id: str, hypothesis_id: str) -> Consistency | None:
        """The cell's rating (averaged over analysts); None when nobody rated it."""
        cell = self.cell_ratings(evidence_id, hypothesis_id)
        return step_to_consistency(consensus_step(cell)) if cell else None

    def steps(self) -> np.ndarray:
        """Evidence × hypotheses array of consensus steps; NaN where unrated or NA (read-only,
        computed once per matrix)."""
        return self._steps

    @cached_property
    def _steps(self) -> np.ndarray:
        row = {e: i for i, e in enumerate(self.evidence_ids)}
        col = {h: j for j, h in enumerate(self.hypothesis_ids)}
        out = np.full((len(row), len(col)), np.nan)
        for (e, h), rs in self._cells.items():
            step = consensus_step(rs)
            if step is not None:
                out[row[e], col[h]] = step
        out.flags.writeable = False
        return out

    def credibility_of(self, evidence_id: str) -> Credibility:
        if evidence_id in self.credibility:
            return self.credibility[evidence_id]
        return analyst_credibility(self._item(evidence_id))

    def _item(self, evidence_id: str) -> AchEvidence:
        for e in self.evidence:
            if e.id == evidence_id:
                return e
        raise KeyError(evidence_id)

    def only(self, analyst: str) -> Matrix:
        """The same matrix with one analyst's ratings only."""
        return replace(self, ratings=tuple(r for r in self.ratings if r.analyst == analyst))

    def as_seen_by(self, analyst: str) -> Matrix:
        """The matrix with ``analyst``'s ratings wherever they gave one and the other analysts'
        elsewhere: what the conclusion would be if their reading of their cells prevailed."""
        own = {(r.evidence_id, r.hypothesis_id) for r in self.ratings if r.analyst == analyst}
        kept = tuple(
            r
            for r in self.ratings
            if r.analyst == analyst or (r.evidence_id, r.hypothesis_id) not in own
        )
        return replace(self, ratings=kept)

    def with_credibility(self, evidence_id: str, credibility: Credibility) -> Matrix:
        return replace(self, credibility={**self.credibility, evidence_id: credibility})


def build_matrix(
    question: Question,
    hypotheses: Iterable[Hypothesis],
    evidence: Iterable[AchEvidence],
    ratings: Iterable[Rating],
    *,
    assessment: Assessment | None = None,
    statements: Iterable[Statement] | Mapping[str, Statement] | None = None,
) -> Matrix:
    """Assemble a matrix: keep each analyst's latest rating per cell, order rows and columns by
    ``position`` (then as given), and resolve each item's credibility against ``assessment``."""
    hyps = _ordered([h for h in hypotheses if h.question_id == question.id])
    items = _ordered([e for e in evidence if e.question_id == question.id])
    _unique("hypothesis", [h.id for h in hyps])
    _unique("evidence", [e.id for e in items])
    hyp_ids = {h.id for h in hyps}
    item_ids = {e.id for e in items}
    mine = [r for r in ratings if r.question_id == question.id]
    for r in mine:
        if r.hypothesis_id not in hyp_ids:
            raise InputError(
                f"rating names hypothesis {r.hypothesis_id!r}, not in question {question.id!r}",
                field="hypothesis",
                fix=f"use one of: {', '.join(sorted(hyp_ids)) or '(none yet)'}",
            )
        if r.evidence_id not in item_ids:
            raise InputError(
                f"rating names evidence {r.evidence_id!r}, not in question {question.id!r}",
                field="evidence",
                fix=f"use one of: {', '.join(sorted(item_ids)) or '(none yet)'}",
            )
    by_id: Mapping[str, Statement]
    if statements is None:
        by_id = {}
    elif isinstance(statements, Mapping):
        by_id = statements
    else:
        by_id = {s.id: s for s in statements}
    credibility = {e.id: resolve_credibility(e, assessment, by_id) for e in items}
    return Matrix(question, tuple(hyps), tuple(items), current_ratings(mine), credibility)


def _ordered(records: list) -> list:
    return [r for _, r in sorted(enumerate(records), key=lambda p: (p[1].position, p[0]))]


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise InputError(f"duplicate {kind} id {i!r}", field="id", fix="give each a new id")
        seen.add(i)
