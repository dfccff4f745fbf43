"""ACH questions, hypotheses, evidence and ratings in the store (tables of ``migration_ach``).

Every function takes a store target (``access.StoreTarget``): a ``Store`` (each call its own
transaction), a ``Transaction`` (part of a larger import, e.g. a case file) or a SQLAlchemy
``Connection``. Bad references raise InputError naming the field, and nothing is half-written.
Building and scoring a matrix is ``veracity.ach`` (pure); ``veracity.casework.load_matrix``
joins the two.

>>> from veracity.store import open_store
>>> from veracity.model.ach import Question, Hypothesis
>>> store = open_store(":memory:")
>>> add_question(store, Question("q", "Why?"), [Hypothesis("H1", "q", "a")])
>>> [q.id for q in questions(store)]
['q']
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from veracity.errors import InputError, NotFoundError
from veracity.model.ach import (
    AchEvidence,
    Consistency,
    Hypothesis,
    Level,
    Question,
    QuestionRecords,
    Rating,
)
from veracity.store import migration_ach as tables
from veracity.store import schema
from veracity.store.access import StoreTarget, reading, writing

# -- writing ----------------------------------------------------------------------------------


def add_question(
    target: StoreTarget, question: Question, hypotheses_: Iterable[Hypothesis] = ()
) -> None:
    """Add a question (and optionally its hypotheses)."""
    with writing(target) as conn:
        if _question_row(conn, question.id) is not None:
            raise InputError(
                f"question {question.id!r} already exists", field="id", fix="give it a new id"
            )
        conn.execute(
            tables.questions.insert().values(
                id=question.id, text=question.text, description=question.description
            )
        )
        _add_hypotheses(conn, list(hypotheses_))


def add_hypotheses(target: StoreTarget, items: Iterable[Hypothesis]) -> None:
    with writing(target) as conn:
        _add_hypotheses(conn, list(items))


def add_evidence(target: StoreTarget, items: Iterable[AchEvidence]) -> None:
    """Add evidence items; a linked proposition or statement must be in the store."""
    with writing(target) as conn:
        _add_evidence(conn, list(items))


def add_ratings(target: StoreTarget, items: Iterable[Rating]) -> int:
    """Record ratings (history is kept; the latest per analyst and cell counts). Returns how
    many. A rating without a time is stamped now."""
    with writing(target) as conn:
        return _add_ratings(conn, list(items))


def store_questions(target: StoreTarget, records: Iterable[QuestionRecords]) -> int:
    """Write validated case-file questions (``ach.casefile.load_questions``); returns how many.

    Pass the case import's Transaction so that questions commit or fail with the rest. Errors
    name the case-file place as their field (``questions[0].evidence[2].proposition``);
    ``veracity.casework`` adds the file and line.
    """
    n = 0
    with writing(target) as conn:
        for qi, rec in enumerate(records):
            where = f"questions[{qi}]"
            if _question_row(conn, rec.question.id) is not None:
                raise InputError(
                    f"question {rec.question.id!r} already exists in the store",
                    field=f"{where}.id",
                    fix="give it a new id, or import into another store",
                )
            conn.execute(
                tables.questions.insert().values(
                    id=rec.question.id,
                    text=rec.question.text,
                    description=rec.question.description,
                )
            )
            _add_hypotheses(conn, list(rec.hypotheses))
            _add_evidence(conn, list(rec.evidence), where=f"{where}.evidence")
            _add_ratings(conn, list(rec.ratings))
            n += 1
    return n


def _add_hypotheses(conn: Connection, items: list[Hypothesis]) -> None:
    for qid in {h.question_id for h in items}:
        _require_question(conn, qid)
    taken = _ids(conn, tables.hypotheses, {h.question_id for h in items})
    start = _next_position(conn, tables.hypotheses, items)
    for i, h in enumerate(items):
        key = (h.question_id, h.id)
        if key in taken:
            raise InputError(
                f"hypothesis {h.id!r} already exists in question {h.question_id!r}",
                field="id",
                fix="give it a new id",
            )
        taken.add(key)
        position = h.position if h.position else start.get(h.question_id, 0) + i
        conn.execute(
            tables.hypotheses.insert().values(
                question_id=h.question_id, id=h.id, text=h.text, position=position
            )
        )


def _add_evidence(conn: Connection, items: list[AchEvidence], where: str | None = None) -> None:
    for qid in {e.question_id for e in items}:
        _require_question(conn, qid)
    taken = _ids(conn, tables.ach_evidence, {e.question_id for e in items})
    start = _next_position(conn, tables.ach_evidence, items)
    for i, e in enumerate(items):
        at = f"{where}[{i}]." if where else ""
        key = (e.question_id, e.id)
        if key in taken:
            raise InputError(
                f"evidence item {e.id!r} already exists in question {e.question_id!r}",
                field=f"{at}id",
                fix="give it a new id",
            )
        taken.add(key)
        if e.proposition_id is not None:
            values = conn.execute(
                select(schema.propositions.c["values"]).where(
                    schema.propositions.c.id == e.proposition_id
                )
            ).scalar()
            if values is None:
                raise InputError(
                    f"evidence item {e.id!r} links proposition {e.proposition_id!r}, "
                    "which is not in the store",
                    field=f"{at}proposition",
                    fix="import the case's propositions first, or correct the id",
                )
            known = json.loads(values)
            if e.value not in known:
                raise InputError(
                    f"evidence item {e.id!r}: {e.value!r} is not a value of {e.proposition_id}",
                    field=f"{at}value",
                    fix=f"use one of: {', '.join(known)}",
                )
        if e.statement_id is not None:
            found = conn.execute(
                select(schema.statements.c.id).where(schema.statements.c.id == e.statement_id)
            ).first()
            if found is None:
                raise InputError(
                    f"evidence item {e.id!r} links statement {e.statement_id!r}, "
                    "which is not in the store",
                    field=f"{at}statement",
                    fix="import the statement first, or correct the id",
                )
        position = e.position if e.position else start.get(e.question_id, 0) + i
        conn.execute(
            tables.ach_evidence.insert().values(
                question_id=e.question_id,
                id=e.id,
                description=e.description,
                proposition_id=e.proposition_id,
                value=e.value,
                statement_id=e.statement_id,
                credibility=e.credibility.value,
                relevance=e.relevance.value,
                reference=e.reference,
                position=position,
            )
        )


def _add_ratings(conn: Connection, items: list[Rating]) -> int:
    qids = {r.question_id for r in items}
    hyps = _ids(conn, tables.hypotheses, qids)
    evs = _ids(conn, tables.ach_evidence, qids)
    now = datetime.now(UTC)
    rows = []
    for r in items:
        if (r.question_id, r.hypothesis_id) not in hyps:
            raise InputError(
                f"no hypothesis {r.hypothesis_id!r} in question {r.question_id!r}",
                field="hypothesis",
                fix="add it with `veracity ach hypothesis`, or correct the id",
            )
        if (r.question_id, r.evidence_id) not in evs:
            raise InputError(
                f"no evidence item {r.evidence_id!r} in question {r.question_id!r}",
                field="evidence",
                fix="add it with `veracity ach evidence`, or correct the id",
            )
        rows.append(
            {
                "question_id": r.question_id,
                "evidence_id": r.evidence_id,
                "hypothesis_id": r.hypothesis_id,
                "consistency": r.consistency.value,
                "analyst": r.analyst,
                "time": (r.time or now).isoformat(),
                "note": r.note,
            }
        )
    if rows:
        conn.execute(tables.ratings.insert(), rows)
    return len(rows)


def _require_question(conn: Connection, question_id: str) -> None:
    if _question_row(conn, question_id) is None:
        raise InputError(
            f"no question {question_id!r}",
            field="question",
            fix="create it with `veracity ach new`, or correct the id",
        )


def _question_row(conn: Connection, question_id: str) -> Any:
    return conn.execute(
        select(tables.questions).where(tables.questions.c.id == question_id)
    ).first()


def _ids(conn: Connection, table: Any, qids: set[str]) -> set[tuple[str, str]]:
    if not qids:
        return set()
    rows = conn.execute(
        select(table.c.question_id, table.c.id).where(table.c.question_id.in_(sorted(qids)))
    )
    return {(r.question_id, r.id) for r in rows}


def _next_position(conn: Connection, table: Any, items: list[Any]) -> dict[str, int]:
    qids = sorted({x.question_id for x in items})
    if not qids:
        return {}
    rows = conn.execute(
        select(table.c.question_id, func.count())
        .where(table.c.question_id.in_(qids))
        .group_by(table.c.question_id)
    )
    return {r[0]: int(r[1]) for r in rows}


# -- reading ----------------------------------------------------------------------------------


def questions(target: StoreTarget) -> list[Question]:
    with reading(target) as conn:
        rows = conn.execute(select(tables.questions).order_by(tables.questions.c.seq))
        return [Question(r.id, r.text, r.description) for r in rows]


def read_question(target: StoreTarget, question_id: str) -> QuestionRecords:
    """A question with its hypotheses, evidence and every rating ever given (history)."""
    with reading(target) as conn:
        row = _question_row(conn, question_id)
        if row is None:
            raise NotFoundError(f"no question {question_id!r} in the store")
        hyps = conn.execute(
            select(tables.hypotheses)
            .where(tables.hypotheses.c.question_id == question_id)
            .order_by(tables.hypotheses.c.position, tables.hypotheses.c.seq)
        )
        evs = conn.execute(
            select(tables.ach_evidence)
            .where(tables.ach_evidence.c.question_id == question_id)
            .order_by(tables.ach_evidence.c.position, tables.ach_evidence.c.seq)
        )
        rs = conn.execute(
            select(tables.ratings)
            .where(tables.ratings.c.question_id == question_id)
            .order_by(tables.ratings.c.seq)
        )
        return QuestionRecords(
            Question(row.id, row.text, row.description),
            tuple(Hypothesis(h.id, h.question_id, h.text, h.position) for h in hyps),
            tuple(
                AchEvidence(
                    e.id,
                    e.question_id,
                    e.description,
                    proposition_id=e.proposition_id,
                    value=e.value,
                    statement_id=e.statement_id,
                    credibility=Level(e.credibility),
                    relevance=Level(e.relevance),
                    reference=e.reference,
                    position=e.position,
                )
                for e in evs
            ),
            tuple(
                Rating(
                    r.question_id,
                    r.evidence_id,
                    r.hypothesis_id,
                    Consistency(r.consistency),
                    r.analyst,
                    datetime.fromisoformat(r.time) if r.time else None,
                    r.note,
                )
                for r in rs
            ),
        )
