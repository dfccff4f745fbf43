"""Work on a whole case in a store, across feature areas: load its records (veracity.ingest)
and ACH questions (veracity.ach) in one transaction, tag its statements' tactics
(veracity.tactics), assess it once. The CLI and the web UI call these; they hold no logic of
their own. (A statement's correction is ``veracity.store.corrections.correct_statement``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from veracity.ach.casefile import line_of, load_questions, parse_questions, question_lines
from veracity.ach.matrix import Matrix, build_matrix
from veracity.assess import assess_store
from veracity.errors import InputError
from veracity.ingest.casefile import Case, bundled_case, import_case, read_case_text
from veracity.model import Assessment, QuestionRecords
from veracity.store import Store, Transaction
from veracity.store import questions as stored_questions
from veracity.tactics import RuleTagger, Tagger, tag_statements


def import_full_case(store: Store, case: Case) -> dict[str, int]:
    """Records and questions together: a bad question leaves the store as it was."""
    written = import_case(store, case, then=[case_hook])
    written["questions"] = len(case.questions)
    return written


def load_bundled(store: Store, name: str) -> Case:
    """Load a case shipped with veracity (``veracity demo`` uses ``kremlin-call``)."""
    case = bundled_case(name)
    import_full_case(store, case)
    return case


def tag_store_statements(
    store: Store, tagger: Tagger | None = None, *, days: int = 7
) -> tuple[int, int]:
    """Tag every quoted statement's tactics and keep the tags (old ones replaced).

    Mixed signals are also sought across one source's statements no more than ``days`` apart.
    Returns (tags written, statements tagged).
    """
    from veracity.store.tactic_tags import replace_tags

    tagger = tagger or RuleTagger()
    rules = tagger if isinstance(tagger, RuleTagger) else getattr(tagger, "taggers", [None])[0]
    statements = [s for s in store.statements() if s.quote]
    tags = tag_statements(statements, tagger, rules=rules, window=timedelta(days=days))
    return replace_tags(store, tags), len(statements)


def latest_or_assess(store: Store, method: str | None = None) -> Assessment:
    """The newest saved assessment by ``method`` (by any method if None); if there is none,
    a new one, made and saved now. What ``explain``, ``report`` and the web pages show."""
    return store.latest_assessment(method) or assess_store(store, method=method)


def import_questions(store: Store, path: str | Path) -> int:
    """Import ACH questions from a YAML or JSON file in one transaction; returns how many.

    The file holds a list of questions (a case file's ``questions:`` section) or a mapping with
    a ``questions`` key. Errors name the file, line and field; nothing is written then.
    """
    name = str(path)
    text = read_case_text(path)
    records = parse_questions(text, file=name)
    with store.transaction() as tx:
        return store_question_records(tx, records, file=name, lines=question_lines(text))


def store_question_records(
    tx: Transaction,
    records: list[QuestionRecords],
    *,
    file: str | None = None,
    lines: Mapping[str, int] | None = None,
) -> int:
    """Store validated questions in ``tx``; an error names the file and, from ``lines``
    (``ach.casefile.question_lines``), the line of the field it names."""
    try:
        return stored_questions.store_questions(tx, records)
    except InputError as exc:
        exc.file = file
        exc.line = line_of(lines or {}, exc.field or "")
        raise


def case_hook(tx: Transaction, case: Case) -> None:
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
    store_question_records(tx, records, file=case.path, lines=lines)


def load_matrix(
    store: Store,
    question_id: str,
    *,
    assessment: Assessment | None = None,
    use_latest_assessment: bool = True,
    method: str | None = None,
) -> Matrix:
    """The question's matrix, with evidence credibility from ``assessment`` — by default the
    store's latest (of ``method`` if given) — where it covers the linked records."""
    rec = stored_questions.read_question(store, question_id)
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


def read_tactics_model(path: str | Path) -> Tagger:
    """A tactics model trained by ``veracity tactics train`` (``PtcModel``), read from a file.

    A pickle: load only models you trained yourself.
    """
    from veracity.tactics.model import PtcModel

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read model: {exc.strerror}", file=str(path)) from None
    return PtcModel.loads(data, source=str(path))
