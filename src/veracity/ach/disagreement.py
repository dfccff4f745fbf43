"""Where analysts rating the same matrix disagree, and whether it changes their conclusion.

A cell's spread follows open-synthesis: the larger of the population standard deviation of the
analysts' steps on Heuer's scale and that of "NA or not" — so CC against II (spread 2) outranks
C against N (0.5). Each analyst's own matrix is also scored, because a disagreement matters most
when it changes which hypothesis leads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from veracity.ach.matrix import Matrix
from veracity.ach.scores import (
    MatrixNumbers,
    bayes_leaders,
    heuer_array,
    heuer_leaders,
    posterior_array,
)
from veracity.model.ach import Consistency


@dataclass(frozen=True, slots=True)
class CellDisagreement:
    evidence_id: str
    hypothesis_id: str
    ratings: tuple[tuple[str, Consistency], ...]  # (analyst, rating)
    spread: float


@dataclass(frozen=True, slots=True)
class AnalystView:
    """Which hypotheses lead if one analyst's ratings prevail on the cells they rated (the
    others' ratings fill the rest, so a reviewer who rated a few cells gets a whole matrix)."""

    analyst: str
    heuer_leaders: tuple[str, ...]
    bayes_leaders: tuple[str, ...]
    posterior: tuple[float, ...]  # in column order
    cells_rated: int  # by this analyst


@dataclass(frozen=True, slots=True)
class Disagreement:
    cells: tuple[CellDisagreement, ...]  # rated by two or more analysts, widest spread first
    analysts: tuple[AnalystView, ...]

    @property
    def leaders_differ(self) -> bool:
        return len({a.bayes_leaders for a in self.analysts}) > 1 or (
            len({a.heuer_leaders for a in self.analysts}) > 1
        )


def cell_spread(ratings: list[Consistency]) -> float:
    """open-synthesis's disagreement: max of the NA split and the spread of the rated steps."""
    if len(ratings) < 2:
        return 0.0
    na = [1.0 if r is Consistency.NA else 0.0 for r in ratings]
    rated = [float(r.step) for r in ratings if r.step is not None]
    return max(_pstdev(na), _pstdev(rated))


def _pstdev(xs: list[float]) -> float:
    """Population standard deviation (statistics.pstdev is exact but ~50× slower)."""
    if len(xs) < 2:
        return 0.0
    mean = sum(xs) / len(xs)
    return math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs))


def disagreement(matrix: Matrix) -> Disagreement:
    cells: list[CellDisagreement] = []
    for e in matrix.evidence_ids:
        for h in matrix.hypothesis_ids:
            rs = matrix.cell_ratings(e, h)
            if len(rs) < 2:
                continue
            pairs = tuple(sorted((r.analyst, r.consistency) for r in rs))
            cells.append(CellDisagreement(e, h, pairs, cell_spread([c for _, c in pairs])))
    cells.sort(key=lambda c: -c.spread)
    views = []
    ids = matrix.hypothesis_ids
    for analyst in matrix.analysts:
        seen = matrix.as_seen_by(analyst)
        numbers = MatrixNumbers.of(seen)
        post = posterior_array(numbers)
        views.append(
            AnalystView(
                analyst,
                heuer_leaders(heuer_array(numbers), ids),
                bayes_leaders(post, ids),
                tuple(float(p) for p in post),
                sum(1 for r in matrix.ratings if r.analyst == analyst),
            )
        )
    return Disagreement(tuple(cells), tuple(views))
