"""The pieces of an assessment one page shows, each read by itself (not the whole case).

A proposition page needs one proposition's row of the latest assessment, not the 10,000 others;
the sources page needs the most and least reliable few, not 2,000 bars. These readers make each
page cost a few indexed queries at any store size; ``Store.assessment`` still loads a whole
assessment for reports and exports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from veracity.model import (
    Contribution,
    Correction,
    PropositionAssessment,
    SourceReliability,
    Stance,
)
from veracity.store import rows, schema
from veracity.store.access import StoreTarget, reading
from veracity.store.corrections import corrections as correction_history


@dataclass(frozen=True, slots=True)
class AssessmentHead:
    """An assessment without its per-proposition and per-source rows."""

    id: str
    method: str
    created: datetime
    data_version: str
    iterations: int
    converged: bool
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AssessedProposition:
    """One row of the propositions overview: the proposition and its probabilities."""

    proposition_id: str
    text: str
    probabilities: dict[str, float]
    interval: tuple[float, float] | None

    @property
    def p_true(self) -> float:
        p = self.probabilities
        return p.get("true", max(p.values()) if p else 0.0)


def latest_head(store: StoreTarget, method: str | None = None) -> AssessmentHead | None:
    """The newest saved assessment (of ``method`` if given), without its rows."""
    a = schema.assessments
    query = select(a).order_by(a.c.seq.desc()).limit(1)
    if method:
        query = query.where(a.c.method == method)
    with reading(store) as conn:
        r = conn.execute(query).mappings().first()
    if r is None:
        return None
    return AssessmentHead(
        r["id"],
        r["method"],
        datetime.fromisoformat(r["created"]),
        r["data_version"],
        r["iterations"],
        bool(r["converged"]),
        tuple(json.loads(r["notes"])),
    )


def _interval(r: Any) -> tuple[float, float] | None:
    if r["interval_low"] is None or r["interval_high"] is None:
        return None
    return (r["interval_low"], r["interval_high"])


def proposition_assessment(
    store: StoreTarget, assessment_id: str, proposition_id: str
) -> PropositionAssessment | None:
    ap = schema.assessment_propositions
    query = select(ap).where(
        ap.c.assessment_id == assessment_id, ap.c.proposition_id == proposition_id
    )
    with reading(store) as conn:
        r = conn.execute(query).mappings().first()
    if r is None:
        return None
    return PropositionAssessment(
        proposition_id=r["proposition_id"],
        probabilities=json.loads(r["probabilities"]),
        interval=_interval(r),
        contributions=tuple(
            Contribution(**{**c, "stance": Stance(c["stance"])})
            for c in json.loads(r["contributions"])
        ),
    )


def source_reliability(
    store: StoreTarget, assessment_id: str, source_id: str
) -> SourceReliability | None:
    s = schema.assessment_sources
    query = select(s).where(s.c.assessment_id == assessment_id, s.c.source_id == source_id)
    with reading(store) as conn:
        r = conn.execute(query).mappings().first()
    return None if r is None else _reliability(r)


def _reliability(r: Any) -> SourceReliability:
    return SourceReliability(
        source_id=r["source_id"],
        reliability=r["reliability"],
        interval=_interval(r),
        n_resolved=r["n_resolved"],
        n_correct=r["n_correct"],
        reason=r["reason"],
    )


def assessed_propositions(
    store: StoreTarget, assessment_id: str, *, after: int = 0, size: int = 50
) -> tuple[list[AssessedProposition], int | None, int]:
    """A page of the assessment's propositions in its order; (rows, next ``after``, total)."""
    ap, p = schema.assessment_propositions, schema.propositions
    query = (
        select(
            ap.c.seq,
            ap.c.proposition_id,
            ap.c.probabilities,
            ap.c.interval_low,
            ap.c.interval_high,
            p.c.text,
        )
        .join(p, p.c.id == ap.c.proposition_id, isouter=True)
        .where(ap.c.assessment_id == assessment_id, ap.c.seq > after)
        .order_by(ap.c.seq)
        .limit(size + 1)
    )
    total_q = select(func.count()).select_from(ap).where(ap.c.assessment_id == assessment_id)
    with reading(store) as conn:
        found = list(conn.execute(query).mappings())
        total = conn.execute(total_q).scalar_one()
    more = len(found) > size
    found = found[:size]
    out = [
        AssessedProposition(
            r["proposition_id"], r["text"] or "", json.loads(r["probabilities"]), _interval(r)
        )
        for r in found
    ]
    return out, (found[-1]["seq"] if more else None), total


def reliability_extremes(
    store: StoreTarget, assessment_id: str, top: int = 15
) -> tuple[list[SourceReliability], list[SourceReliability], dict[str, float]]:
    """The ``top`` most and least reliable sources, and a summary of all (n, mean, min, max)."""
    s = schema.assessment_sources
    base = select(s).where(s.c.assessment_id == assessment_id)
    summary_q = select(
        func.count(),
        func.avg(s.c.reliability),
        func.min(s.c.reliability),
        func.max(s.c.reliability),
    ).where(s.c.assessment_id == assessment_id)
    with reading(store) as conn:
        best = [
            _reliability(r)
            for r in conn.execute(
                base.order_by(s.c.reliability.desc(), s.c.seq).limit(top)
            ).mappings()
        ]
        worst = [
            _reliability(r)
            for r in conn.execute(base.order_by(s.c.reliability, s.c.seq).limit(top)).mappings()
        ]
        n, mean, low, high = conn.execute(summary_q).one()
    seen = {r.source_id for r in best}
    worst = [r for r in worst if r.source_id not in seen]
    return best, worst, {"n": n or 0, "mean": mean or 0.0, "min": low or 0.0, "max": high or 0.0}


def names(store: StoreTarget, source_ids: Iterable[str]) -> dict[str, str]:
    """Source names by id for the ids given (ids without a source are left out)."""
    ids = sorted({i for i in source_ids if i})
    t = schema.sources
    out: dict[str, str] = {}
    with reading(store) as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out.update(
                {
                    r[0]: r[1]
                    for r in conn.execute(select(t.c.id, t.c.name).where(t.c.id.in_(chunk)))
                }
            )
    return out


def resolution_of(store: StoreTarget, proposition_id: str) -> Any:
    """The latest resolution of a proposition, or None."""
    r = schema.resolutions
    query = select(r).where(r.c.proposition_id == proposition_id).order_by(r.c.seq.desc())
    with reading(store) as conn:
        row = conn.execute(query.limit(1)).mappings().first()
    return None if row is None else rows.resolution_from(dict(row))


def track_record(
    store: StoreTarget, source_id: str, limit: int = 200
) -> list[tuple[Any, Any, str]]:
    """The source's statements on resolved propositions: (statement, resolution, text)."""
    st, res, p = schema.statements, schema.resolutions, schema.propositions
    query = (
        select(
            st,
            *(c.label(f"r_{c.name}") for c in res.columns),
            p.c.text.label("p_text"),
        )
        .join(res, and_(res.c.proposition_id == st.c.proposition_id))
        .join(p, p.c.id == st.c.proposition_id)
        .where(st.c.source_id == source_id)
        .order_by(st.c.time, st.c.seq)
        .limit(limit)
    )
    out = []
    with reading(store) as conn:
        for r in conn.execute(query).mappings():
            s = rows.statement_from(dict(r))
            resolution = rows.resolution_from({c.name: r[f"r_{c.name}"] for c in res.columns})
            out.append((s, resolution, r["p_text"]))
    return out


def evidence_of(store: StoreTarget, proposition_id: str) -> list[Any]:
    e = schema.evidence
    query = select(e).where(e.c.proposition_id == proposition_id).order_by(e.c.seq)
    with reading(store) as conn:
        return [rows.evidence_from(dict(r)) for r in conn.execute(query).mappings()]


def recent_corrections(store: StoreTarget, limit: int = 200) -> list[Correction]:
    """The newest corrections across the store, newest first (the workbench's history page)."""
    return correction_history(store, newest_first=True, limit=limit)
