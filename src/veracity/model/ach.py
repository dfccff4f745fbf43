"""Analysis of Competing Hypotheses (Heuer): questions, hypotheses, evidence items and ratings.

An ACH matrix asks one question, lists mutually exclusive hypotheses across the top and evidence
items down the side, and rates each cell on Heuer's scale. An evidence item may be a proposition
of the case (its credibility then comes from a truth-discovery assessment), a statement (its
credibility is its source's reliability) or free text (credibility as the analyst gives it).

>>> from veracity.model.ach import Hypothesis, AchEvidence, Rating, Consistency, Level
>>> e = AchEvidence(id="A1", question_id="q", description="The call took place",
...                 proposition_id="P1", credibility=Level.HIGH)
>>> e.link.value, e.credibility.weight
('proposition', 1.4142135623730951)
>>> Rating(question_id="q", evidence_id="A1", hypothesis_id="H1", consistency=Consistency.II).value
-2
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from veracity.model.case import TRUE

#: the analyst name recorded when none is given
DEFAULT_ANALYST = "analyst"


class Consistency(StrEnum):
    """Heuer's consistency scale for one (evidence, hypothesis) cell.

    "If this hypothesis were true, how likely would I be to see this evidence?" CC and II are for
    compelling cases; N when the evidence can be read either way; NA when it does not apply.
    """

    CC = "CC"  # very consistent
    C = "C"  # consistent
    N = "N"  # neutral
    I = "I"  # noqa: E741 — Heuer's own letter: inconsistent
    II = "II"  # very inconsistent
    NA = "NA"  # not applicable

    @property
    def step(self) -> int | None:
        """The signed step on the scale: CC=+2 … II=-2; None for NA (not rated on the scale)."""
        return _CONSISTENCY_NUMBERS[self]

    @property
    def label(self) -> str:
        return _CONSISTENCY_LABELS[self]


_CONSISTENCY_NUMBERS: dict[Consistency, int | None] = {
    Consistency.CC: 2,
    Consistency.C: 1,
    Consistency.N: 0,
    Consistency.I: -1,
    Consistency.II: -2,
    Consistency.NA: None,
}
_CONSISTENCY_LABELS: dict[Consistency, str] = {
    Consistency.CC: "very consistent",
    Consistency.C: "consistent",
    Consistency.N: "neutral",
    Consistency.I: "inconsistent",
    Consistency.II: "very inconsistent",
    Consistency.NA: "not applicable",
}


class Level(StrEnum):
    """Low / Medium / High, for an evidence item's credibility and relevance.

    The weights are PARC ACH's (ACH 1.1 technical description, Good, Shrager, Stefik, Pirolli,
    Card with Heuer): Low = 1/√2, Medium = 1, High = √2, so one step is a factor of √2.
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> float:
        return _LEVEL_WEIGHTS[self]


_LEVEL_WEIGHTS: dict[Level, float] = {
    Level.LOW: 1 / math.sqrt(2),
    Level.MEDIUM: 1.0,
    Level.HIGH: math.sqrt(2),
}


class EvidenceLink(StrEnum):
    """What an evidence item stands for, which decides where its credibility comes from."""

    PROPOSITION = "proposition"  # P(proposition has `value`) from an assessment
    STATEMENT = "statement"  # the reliability of the statement's source, from an assessment
    TEXT = "text"  # free text: credibility as the analyst gives it


@dataclass(frozen=True, slots=True)
class Question:
    """What the matrix asks, e.g. "Why did the Kremlin deny the call?"."""

    id: str
    text: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One competing answer to a question. Ids are unique within their question."""

    id: str
    question_id: str
    text: str
    position: int = 0  # column order in the matrix


@dataclass(frozen=True, slots=True)
class AchEvidence:
    """An evidence item (or argument) rated against every hypothesis of its question.

    Link it to at most one of a proposition (with the value it stands for, "true" by default) or
    a statement; otherwise it is free text. ``credibility`` is the analyst's own judgement, used
    when no assessment covers the linked record; ``relevance`` is always the analyst's.
    """

    id: str
    question_id: str
    description: str
    proposition_id: str | None = None
    value: str = TRUE  # the proposition's value this item stands for
    statement_id: str | None = None
    credibility: Level = Level.MEDIUM
    relevance: Level = Level.MEDIUM
    reference: str | None = None
    position: int = 0  # row order in the matrix

    def __post_init__(self) -> None:
        if self.proposition_id is not None and self.statement_id is not None:
            raise ValueError(
                f"ACH evidence {self.id!r}: link a proposition or a statement, not both"
            )

    @property
    def link(self) -> EvidenceLink:
        if self.proposition_id is not None:
            return EvidenceLink.PROPOSITION
        if self.statement_id is not None:
            return EvidenceLink.STATEMENT
        return EvidenceLink.TEXT


@dataclass(frozen=True, slots=True)
class Rating:
    """One analyst's rating of one cell, with the reason. Later ratings by the same analyst of the
    same cell supersede earlier ones; the history is kept."""

    question_id: str
    evidence_id: str
    hypothesis_id: str
    consistency: Consistency
    analyst: str = DEFAULT_ANALYST
    time: datetime | None = None
    note: str = ""

    @property
    def value(self) -> int | None:
        return self.consistency.step


@dataclass(frozen=True)
class QuestionRecords:
    """One question with everything that belongs to it, ready to store or to build a matrix."""

    question: Question
    hypotheses: tuple[Hypothesis, ...]
    evidence: tuple[AchEvidence, ...]
    ratings: tuple[Rating, ...]
