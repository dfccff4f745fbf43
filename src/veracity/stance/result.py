"""What claim stance returns: a verdict on a (claim, text) pair and the sentences behind it.

Plain frozen dataclasses, so results compare by value, hash, and turn into JSON with
:meth:`ClaimStance.to_dict` (the CLI's ``--format jsonl`` row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StanceLabel = Literal["supports", "refutes", "discusses", "unrelated"]

#: the four stances, in the order models store their class columns
STANCES: tuple[StanceLabel, ...] = ("supports", "refutes", "discusses", "unrelated")


@dataclass(frozen=True)
class EvidenceSentence:
    """One sentence of the text that bears on the claim.

    ``start``/``end`` are character offsets into the text given to :func:`classify`
    (``text[start:end] == sentence.text``); ``score`` is how closely it is about the claim
    (0–1), ``stance`` the sentence's own stance toward the claim.
    """

    text: str
    start: int
    end: int
    stance: StanceLabel
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "stance": self.stance,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class ClaimStance:
    """The stance of a text toward a claim.

    ``confidence`` is the model's probability for ``stance`` (0–1). For the shipped rules it is
    a probability that the text is about the claim times a cue strength: the first part is
    roughly calibrated, the second is not (BENCHMARKS.md, "Claim stance"). ``reason`` says in a few
    words which cue or feature decided it, so an analyst can see why; ``evidence`` lists the
    sentences most about the claim, most relevant first.
    """

    stance: StanceLabel
    confidence: float
    evidence: list[EvidenceSentence] = field(default_factory=list)
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "stance": self.stance,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
        }
