"""Model objects to table rows and back; the only place that knows both shapes.

Times are ISO 8601 text: ``2024-11-07`` is a date, ``2024-11-07T09:30:00+03:00`` a datetime,
and ``datetime.fromisoformat`` reads back exactly what ``isoformat`` wrote (aware stays aware).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from veracity.model import (
    Assessment,
    Contribution,
    Document,
    Evidence,
    Proposition,
    PropositionAssessment,
    PropositionKind,
    Resolution,
    Source,
    SourceKind,
    SourceReliability,
    Stance,
    Statement,
)

Row = Mapping[Any, Any]  # a SQLAlchemy RowMapping (keyed by name or column) or a dict


def time_text(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_time(text: str | None) -> Any:
    """A date or a datetime, whichever was written (a model field typed datetime stays one)."""
    if text is None:
        return None
    if len(text) == 10:  # YYYY-MM-DD
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": str(s.kind),
        "parent_id": s.parent_id,
        "description": s.description,
        "url": s.url,
    }


def source_from(r: Row) -> Source:
    return Source(
        id=r["id"],
        name=r["name"],
        kind=SourceKind(r["kind"]),
        parent_id=r["parent_id"],
        description=r["description"],
        url=r["url"],
    )


def document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "text": d.text,
        "content_hash": d.content_hash,
        "url": d.url,
        "title": d.title,
        "outlet_id": d.outlet_id,
        "published": time_text(d.published),
        "retrieved": time_text(d.retrieved),
    }


def document_from(r: Row) -> Document:
    return Document(
        id=r["id"],
        text=r["text"],
        content_hash=r["content_hash"],
        url=r["url"],
        title=r["title"],
        outlet_id=r["outlet_id"],
        published=parse_time(r["published"]),
        retrieved=parse_time(r["retrieved"]),
    )


def proposition_row(p: Proposition) -> dict[str, Any]:
    return {
        "id": p.id,
        "text": p.text,
        "kind": str(p.kind),
        "values": json.dumps(list(p.values), ensure_ascii=False),
        "question_id": p.question_id,
    }


def proposition_from(r: Row) -> Proposition:
    return Proposition(
        id=r["id"],
        text=r["text"],
        kind=PropositionKind(r["kind"]),
        values=tuple(json.loads(r["values"])),
        question_id=r["question_id"],
    )


def statement_row(s: Statement) -> dict[str, Any]:
    return {
        "id": s.id,
        "source_id": s.source_id,
        "proposition_id": s.proposition_id,
        "stance": str(s.stance),
        "value": s.value,
        "time": time_text(s.time),
        "quote": s.quote,
        "document_id": s.document_id,
        "span_start": s.span_start,
        "span_end": s.span_end,
        "cites_source_id": s.cites_source_id,
        "reference": s.reference,
        "corrected": bool(s.corrected),
    }


#: the statement columns a bulk write fills, in the order of ``statement_tuple``
STATEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "source_id",
    "proposition_id",
    "stance",
    "value",
    "time",
    "quote",
    "document_id",
    "span_start",
    "span_end",
    "cites_source_id",
    "reference",
    "corrected",
)


class StatementRow(NamedTuple):
    """A statement as one table row: what bulk imports pass around instead of a ``Statement``.

    The attribute names are the model's, so the store's checks read either.
    """

    id: str
    source_id: str
    proposition_id: str
    stance: str
    value: str
    time: str | None
    quote: str | None
    document_id: str | None
    span_start: int | None
    span_end: int | None
    cites_source_id: str | None
    reference: str | None
    corrected: bool


def statement_tuple(s: Statement) -> tuple[Any, ...]:
    """A statement as a plain tuple in ``STATEMENT_COLUMNS`` order (see ``StatementRow``)."""
    return (
        s.id,
        s.source_id,
        s.proposition_id,
        str(s.stance),
        s.value,
        time_text(s.time),
        s.quote,
        s.document_id,
        s.span_start,
        s.span_end,
        s.cites_source_id,
        s.reference,
        bool(s.corrected),
    )


def statement_from(r: Row) -> Statement:
    return Statement(
        id=r["id"],
        source_id=r["source_id"],
        proposition_id=r["proposition_id"],
        stance=Stance(r["stance"]),
        value=r["value"],
        time=parse_time(r["time"]),
        quote=r["quote"],
        document_id=r["document_id"],
        span_start=r["span_start"],
        span_end=r["span_end"],
        cites_source_id=r["cites_source_id"],
        reference=r["reference"],
        corrected=bool(r["corrected"]),
    )


def evidence_row(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.id,
        "description": e.description,
        "proposition_id": e.proposition_id,
        "likelihood_ratio": float(e.likelihood_ratio),
        "reference": e.reference,
        "time": time_text(e.time),
        "confidence": e.confidence,
    }


def evidence_from(r: Row) -> Evidence:
    return Evidence(
        id=r["id"],
        description=r["description"],
        proposition_id=r["proposition_id"],
        likelihood_ratio=r["likelihood_ratio"],
        reference=r["reference"],
        time=parse_time(r["time"]),
        confidence=r["confidence"],
    )


def resolution_row(r: Resolution) -> dict[str, Any]:
    return {
        "id": r.id,
        "proposition_id": r.proposition_id,
        "value": r.value,
        "reference": r.reference,
        "resolved_on": time_text(r.resolved_on),
        "note": r.note,
        "source_id": r.source_id,
    }


def resolution_from(r: Row) -> Resolution:
    return Resolution(
        id=r["id"],
        proposition_id=r["proposition_id"],
        value=r["value"],
        reference=r["reference"],
        resolved_on=parse_time(r["resolved_on"]),
        note=r["note"],
        source_id=r["source_id"],
    )


# Assessments: the run itself, then one row per proposition and per source.


def assessment_row(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.id,
        "method": a.method,
        "parameters": json.dumps(a.parameters, ensure_ascii=False, sort_keys=True),
        "created": a.created.isoformat(),
        "data_version": a.data_version,
        "iterations": int(a.iterations),
        "converged": bool(a.converged),
        "notes": json.dumps(list(a.notes), ensure_ascii=False),
    }


def assessment_proposition_row(assessment_id: str, p: PropositionAssessment) -> dict[str, Any]:
    low, high = p.interval if p.interval is not None else (None, None)
    return {
        "assessment_id": assessment_id,
        "proposition_id": p.proposition_id,
        "probabilities": json.dumps(p.probabilities, ensure_ascii=False),
        "interval_low": low,
        "interval_high": high,
        "contributions": json.dumps(
            [
                {
                    "statement_id": c.statement_id,
                    "source_id": c.source_id,
                    "stance": str(c.stance),
                    "value": c.value,
                    "weight": c.weight,
                    "reason": c.reason,
                    "counted": c.counted,
                }
                for c in p.contributions
            ],
            ensure_ascii=False,
        ),
    }


def assessment_source_row(assessment_id: str, s: SourceReliability) -> dict[str, Any]:
    low, high = s.interval if s.interval is not None else (None, None)
    return {
        "assessment_id": assessment_id,
        "source_id": s.source_id,
        "reliability": s.reliability,
        "interval_low": low,
        "interval_high": high,
        "n_resolved": s.n_resolved,
        "n_correct": s.n_correct,
        "reason": s.reason,
    }


def _interval(r: Row) -> tuple[float, float] | None:
    if r["interval_low"] is None or r["interval_high"] is None:
        return None
    return (r["interval_low"], r["interval_high"])


def assessment_from(r: Row, propositions: list[Row], sources: list[Row]) -> Assessment:
    return Assessment(
        id=r["id"],
        method=r["method"],
        parameters=json.loads(r["parameters"]),
        created=datetime.fromisoformat(r["created"]),
        data_version=r["data_version"],
        propositions=tuple(
            PropositionAssessment(
                proposition_id=p["proposition_id"],
                probabilities=json.loads(p["probabilities"]),
                interval=_interval(p),
                contributions=tuple(
                    Contribution(**{**c, "stance": Stance(c["stance"])})
                    for c in json.loads(p["contributions"])
                ),
            )
            for p in propositions
        ),
        sources=tuple(
            SourceReliability(
                source_id=s["source_id"],
                reliability=s["reliability"],
                interval=_interval(s),
                n_resolved=s["n_resolved"],
                n_correct=s["n_correct"],
                reason=s["reason"],
            )
            for s in sources
        ),
        iterations=r["iterations"],
        converged=bool(r["converged"]),
        notes=tuple(json.loads(r["notes"])),
    )
