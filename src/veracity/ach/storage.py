"""ACH questions, hypotheses, evidence and ratings in the store (tables of ``migration_ach``).

The persistence edge of ``veracity.ach``: everything else in the package is pure. Every function
takes a ``Store`` (each call its own transaction), a store ``Transaction`` (part of a larger
import, e.g. a case file) or a SQLAlchemy ``Connection``. Bad references raise InputError naming
the field, and nothing is half-written.

>>> from veracity.store import open_store
>>> from veracity.model.ach import Question, Hypothesis
>>> store = open_store(":memory:")
>>> add_question(store, Question("q", "Why?"), [Hypothesis("H1", "q", "a")])
>>> [q.id for q in questions(store)]
['q']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from veracity.ach.casefile import QuestionRecords, line_of, load_questions, question_lines
from veracity.ach.matrix import Matrix, build_matrix
from veracity.errors import InputError, NotFoundError
from veracity.model.ach import AchEvidence, Consistency, Hypothesis, Level, Question, Rating
from veracity.model.assessment import Assessment
from veracity.store import migration_ach as tables
from veracity.store import schema

# -- connections ------------------------------------------------------------------------------


def _writing(target: Any) -> AbstractContextManager[Connection]:
    if isinstance(target, Connection):
        return nullcontext(target)
    if hasattr(target, "connection"):  # a store Transaction
        return nullcontext(target.connection)
    if hasattr(target, "engine"):  # a Store
        return target.engine.begin()
    raise TypeError(f"expected a Store, a Transaction or a Connection, not {type(target)}")


@contextmanager
def _reading(target: Any) -> Iterator[Connection]:
    if isinstance(target, Connection):
        yield target
    elif hasattr(target, "connection"):
        yield target.connection
    elif hasattr(target, "engine"):
        with target.engine.connect() as conn:
            yield conn
    else:
        raise TypeError(f"expected a Store, a Transaction or a Connection, not {type(target)}")


# -- writing ----------------------------------------------------------------------------------


def add_question(target: Any, question: Question, hypotheses_: Iterable[Hypothesis] = ()) -> None:
    """Add a question (and optionally its hypotheses)."""
    with _writing(target) as conn:
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


def add_hypotheses(target: Any, items: Iterable[Hypothesis]) -> None:
    with _writing(target) as conn:
        _add_hypotheses(conn, list(items))


def add_evidence(target: Any, items: Iterable[AchEvidence]) -> None:
    """Add evidence items; a linked proposition or statement must be in the store."""
    with _writing(target) as conn:
        _add_evidence(conn, list(items))


def add_ratings(target: Any, items: Iterable[Rating]) -> int:
    """Record ratings (history is kept; the latest per analyst and cell counts). Returns how
    many. A rating without a time is stamped now."""
    with _writing(target) as conn:
        return _add_ratings(conn, list(items))


def store_questions(
    target: Any,
    records: Iterable[QuestionRecords],
    *,
    file: str | None = None,
    lines: Mapping[str, int] | None = None,
) -> int:
    """Write validated case-file questions (``casefile.load_questions``); returns how many.

    Pass the case import's Transaction so that questions commit or fail with the rest. Errors
    name the case-file place (``questions[0].evidence[2].proposition``, with its line when
    ``lines`` from ``casefile.question_lines`` are given).
    """
    n = 0
    lines = lines or {}
    with _writing(target) as conn:
        for qi, rec in enumerate(records):
            where = f"questions[{qi}]"
            if _question_row(conn, rec.question.id) is not None:
                raise InputError(
                    f"question {rec.question.id!r} already exists in the store",
                    file=file,
                    line=line_of(lines, f"{where}.id"),
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
            try:
                _add_evidence(conn, list(rec.evidence), where=f"{where}.evidence")
            except InputError as exc:
                exc.file = file
                exc.line = line_of(lines, exc.field or "")
                raise
            _add_ratings(conn, list(rec.ratings))
            n += 1
    return n


def case_hook(tx: Any, case: Any) -> None:
    """``import_case(store, case, then=[case_hook])``: validate and store ``case.questions``
    inside the case's transaction, with line numbers read from ``case.path``."""
    if not case.questions:
        return
    lines: dict[str, int] = {}
    if case.path:
        try:
            lines = question_lines(Path(case.path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            lines = {}
    records = load_questions(case.questions, file=case.path, lines=lines)
    store_questions(tx, records, file=case.path, lines=lines)


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


def questions(target: Any) -> list[Question]:
    with _reading(target) as conn:
        rows = conn.execute(select(tables.questions).order_by(tables.questions.c.seq))
        return [Question(r.id, r.text, r.description) for r in rows]


def read_question(target: Any, question_id: str) -> QuestionRecords:
    """A question with its hypotheses, evidence and every rating ever given (history)."""
    with _reading(target) as conn:
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


def load_matrix(
    store: Any,
    question_id: str,
    *,
    assessment: Assessment | None = None,
    use_latest_assessment: bool = True,
    method: str | None = None,
) -> Matrix:
    """The question's matrix, with evidence credibility from ``assessment`` — by default the
    store's latest (of ``method`` if given) — where it covers the linked records."""
    rec = read_question(store, question_id)
    if assessment is None and use_latest_assessment:
        assessment = store.latest_assessment(method)
    linked = {e.statement_id for e in rec.evidence if e.statement_id}
    statements = [store.statement(s) for s in sorted(linked)] if assessment else []
    return build_matrix(
        rec.question,
        rec.hypotheses,
        rec.evidence,
        rec.ratings,
        assessment=assessment,
        statements=statements,
    )
