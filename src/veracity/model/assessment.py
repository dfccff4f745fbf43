"""What a fusion run says: probabilities per proposition, reliability per source, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from veracity.model.case import Stance


@dataclass(frozen=True, slots=True)
class Contribution:
    """One statement's part in a proposition's verdict, for ``veracity explain``."""

    statement_id: str
    source_id: str
    stance: Stance
    value: str
    weight: float  # how much it moved the verdict (method-specific units, stated in ``reason``)
    reason: str
    counted: bool = True  # False when it repeats a cited origin already counted


@dataclass(frozen=True, slots=True)
class PropositionAssessment:
    proposition_id: str
    probabilities: dict[str, float]  # value -> probability, sums to 1
    interval: tuple[float, float] | None = None  # for the leading value (or "true")
    contributions: tuple[Contribution, ...] = ()

    @property
    def verdict(self) -> str:
        return max(self.probabilities, key=self.probabilities.__getitem__)


@dataclass(frozen=True, slots=True)
class SourceReliability:
    source_id: str
    reliability: float
    interval: tuple[float, float] | None = None
    n_resolved: int = 0  # statements with a known outcome
    n_correct: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    """One fusion run's output, with enough to reproduce and explain it."""

    id: str
    method: str
    parameters: dict[str, object]
    created: datetime
    data_version: str  # a hash of the claims it saw
    propositions: tuple[PropositionAssessment, ...] = ()
    sources: tuple[SourceReliability, ...] = ()
    iterations: int = 0
    converged: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    def proposition(self, proposition_id: str) -> PropositionAssessment:
        for p in self.propositions:
            if p.proposition_id == proposition_id:
                return p
        raise KeyError(proposition_id)

    def source(self, source_id: str) -> SourceReliability:
        for s in self.sources:
            if s.source_id == source_id:
                return s
        raise KeyError(source_id)
