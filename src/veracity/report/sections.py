"""Assemble a report from a store: the case records, the assessment, and feature sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from veracity.model import Assessment
from veracity.report.data import ReportData, gather

if TYPE_CHECKING:
    from veracity.store import Store


def case_report(
    store: Store,
    assessment: Assessment,
    *,
    title: str | None = None,
    description: str | None = None,
) -> ReportData:
    """Everything a report on this store shows, read once."""
    propositions = store.propositions()
    if title is None:
        open_ = [p for p in assessment.propositions]
        title = f"veracity: {len(open_)} open proposition(s), {len(store.sources())} source(s)"
    return gather(
        assessment,
        store.sources(),
        propositions,
        store.statements(),
        store.evidence(),
        store.resolutions(),
        title=title,
        description=description or "",
        sections=feature_sections(store, assessment),
    )


def feature_sections(store: Store, assessment: Assessment) -> list[object]:
    """Sections from feature areas that have something to show for this store."""
    from veracity.report.ach_section import ach_sections
    from veracity.report.tactics_section import tactics_sections

    return [*tactics_sections(store), *ach_sections(store, assessment)]
