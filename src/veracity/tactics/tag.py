"""A tactic tag: a labelled span of a text, with the rule or model that put it there."""

from __future__ import annotations

from dataclasses import dataclass, replace

from veracity.tactics.taxonomy import translate


@dataclass(frozen=True, slots=True)
class Tag:
    """``text[start:end]`` shows ``technique`` of ``taxonomy``.

    Offsets count Unicode code points of the text as decoded (so ``text[start:end]`` in Python is
    the span), end exclusive, as in the SemEval-2020 PTC label files. ``rule`` names the rule,
    detector or model that fired; ``confidence`` is its own estimate in [0, 1].
    """

    technique: str
    start: int
    end: int
    confidence: float
    rule: str
    taxonomy: str = "veracity"

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"tag span needs 0 <= start <= end, got {self.start}, {self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"tag confidence must be in [0, 1], got {self.confidence}")

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "technique": self.technique,
            "confidence": round(self.confidence, 4),
            "rule": self.rule,
        }


def in_taxonomy(tags: list[Tag], taxonomy: str) -> list[Tag]:
    """The tags said in ``taxonomy``; tags with no covering label there are left out."""
    out: list[Tag] = []
    for t in tags:
        label = translate(t.technique, t.taxonomy, taxonomy)
        if label is not None:
            out.append(replace(t, technique=label, taxonomy=taxonomy))
    return out
