"""The vocabulary of DESIGN.md as plain dataclasses and enums.

Everything else in veracity speaks these types; they hold no I/O and import nothing else of
veracity, so a notebook can build a case by hand and hand it to any layer. One module per part of
the vocabulary; this package re-exports them all.
"""

from veracity.model.ach import (
    AchEvidence,
    Consistency,
    EvidenceLink,
    Hypothesis,
    Level,
    Question,
    QuestionRecords,
    Rating,
)
from veracity.model.assessment import (
    Assessment,
    Contribution,
    PropositionAssessment,
    SourceReliability,
)
from veracity.model.case import (
    BINARY_VALUES,
    FALSE,
    STANCE_CODE,
    TRUE,
    Document,
    Evidence,
    EvidenceDirection,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from veracity.model.correction import Correction

__all__ = [
    "AchEvidence",
    "Consistency",
    "EvidenceLink",
    "Hypothesis",
    "Level",
    "Question",
    "QuestionRecords",
    "Rating",
    "BINARY_VALUES",
    "FALSE",
    "STANCE_CODE",
    "TRUE",
    "Assessment",
    "Contribution",
    "Correction",
    "Document",
    "Evidence",
    "EvidenceDirection",
    "Proposition",
    "PropositionAssessment",
    "PropositionKind",
    "Resolution",
    "Source",
    "SourceKind",
    "SourceReliability",
    "Stance",
    "Statement",
]
