"""What a report shows, gathered once and rendered by the text and HTML front ends alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from veracity.model import (
    Assessment,
    Evidence,
    Proposition,
    PropositionAssessment,
    Resolution,
    Source,
    SourceReliability,
    Statement,
)


@dataclass(frozen=True)
class ReportData:
    title: str
    description: str
    assessment: Assessment
    sources: dict[str, Source]
    propositions: dict[str, Proposition]
    statements: dict[str, Statement]
    evidence: tuple[Evidence, ...]
    resolutions: tuple[Resolution, ...]
    #: extra sections contributed by feature areas (ACH, tactics), already shaped for display
    sections: tuple[object, ...] = field(default_factory=tuple)

    def source_name(self, source_id: str) -> str:
        s = self.sources.get(source_id)
        return s.name if s else source_id

    @property
    def open_propositions(self) -> tuple[PropositionAssessment, ...]:
        return self.assessment.propositions

    def reliabilities(self) -> list[SourceReliability]:
        """Sources that said something, most reliable first."""
        spoke = {s.source_id for s in self.statements.values()}
        rows = [r for r in self.assessment.sources if r.source_id in spoke]
        return sorted(rows, key=lambda r: -r.reliability)

    def record_holders(self) -> list[str]:
        """Sources whose records bear on the verdicts: contributors and their families."""
        out: list[str] = []
        for pa in self.assessment.propositions:
            for c in pa.contributions:
                src = self.sources.get(c.source_id)
                if src is None:
                    continue
                root = src.parent_id or src.id
                family = [root] + [s.id for s in self.sources.values() if s.parent_id == root]
                for sid in [src.id, *family]:
                    if sid not in out and sid in self.sources:
                        out.append(sid)
        return out

    def track_record(self, source_id: str) -> list[tuple[Statement, Resolution]]:
        """The source's resolved statements with their outcome, oldest first."""
        by_prop = {r.proposition_id: r for r in self.resolutions}
        rows = [
            (s, by_prop[s.proposition_id])
            for s in self.statements.values()
            if s.source_id == source_id and s.proposition_id in by_prop
        ]
        return sorted(rows, key=lambda sr: str(sr[0].time or ""))


def gather(
    assessment: Assessment,
    sources: Sequence[Source],
    propositions: Sequence[Proposition],
    statements: Sequence[Statement],
    evidence: Sequence[Evidence] = (),
    resolutions: Sequence[Resolution] = (),
    *,
    title: str = "veracity assessment",
    description: str = "",
    sections: Sequence[object] = (),
) -> ReportData:
    return ReportData(
        title=title,
        description=description,
        assessment=assessment,
        sources={s.id: s for s in sources},
        propositions={p.id: p for p in propositions},
        statements={s.id: s for s in statements},
        evidence=tuple(evidence),
        resolutions=tuple(resolutions),
        sections=tuple(sections),
    )
