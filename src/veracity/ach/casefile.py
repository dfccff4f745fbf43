"""The ``questions:`` section of a case file: ACH questions, hypotheses, evidence and ratings.

``veracity.ingest.casefile.load_case`` keeps the section raw (``Case.questions``); this module
validates it into model records, naming the place of any mistake and its fix. It does no I/O:
``veracity.casework`` stores the result (``veracity.store.questions``). The schema (documented in
docs/case-file.md, "ACH")::

    questions:
      - id: kremlin-denial                 # required, unique
        text: Why did the Kremlin deny the call?
        description: ...                   # optional
        analyst: seed-reading              # who made the ratings inline below (default "case")
        rated: 2024-11-12                  # when (optional date or datetime)
        hypotheses:                        # required, at least two
          - {id: H1, text: Diplomatic protocol}
        evidence:                          # required, at least one
          - id: A1
            description: The call took place.
            proposition: P1                # or statement: S-…, or neither (free text)
            value: "true"                  # the proposition's value the item stands for
            credibility: high              # low | medium | high (default medium)
            relevance: medium              # low | medium | high (default medium)
            reference: ...
            ratings:                       # per hypothesis: a rating, or {rating, note}
              H1: C
              H2: {rating: II, note: why}
        ratings:                           # optional: further ratings, e.g. other analysts
          - {evidence: A1, hypothesis: H2, rating: C, analyst: reviewer, time: ..., note: ...}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import yaml

from veracity.errors import InputError
from veracity.model.ach import (
    AchEvidence,
    Consistency,
    Hypothesis,
    Level,
    Question,
    QuestionRecords,
    Rating,
)
from veracity.model.case import TRUE

#: the analyst recorded for ratings written inline in a case file when none is named
CASE_ANALYST = "case"

_RATING_ALIASES = {"N/A": "NA", "-": "I", "--": "II", "+": "C", "++": "CC", "0": "N"}
_QUESTION_KEYS = {
    "id",
    "text",
    "description",
    "analyst",
    "rated",
    "hypotheses",
    "evidence",
    "ratings",
}
_HYPOTHESIS_KEYS = {"id", "text"}
_EVIDENCE_KEYS = {
    "id",
    "description",
    "proposition",
    "value",
    "statement",
    "credibility",
    "relevance",
    "reference",
    "ratings",
}
_RATING_KEYS = {"evidence", "hypothesis", "rating", "analyst", "time", "note"}


class _Reader:
    def __init__(self, file: str | None, lines: Mapping[str, int] | None = None) -> None:
        self.file = file
        self.lines = lines or {}

    def fail(self, where: str, message: str, fix: str) -> InputError:
        return InputError(
            message, file=self.file, line=line_of(self.lines, where), field=where, fix=fix
        )

    def mapping(self, value: Any, where: str, keys: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, found {_kind(value)}", "write key: value")
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            raise self.fail(
                f"{where}.{unknown[0]}",
                f"unknown key {unknown[0]!r}",
                f"use only: {', '.join(sorted(keys))}",
            )
        return value

    def text(self, m: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> Any:
        value = m.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}", "missing", f"add {key}: …")
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", f"expected text, found {_kind(value)}", "quote it")
        return value.strip()

    def items(self, value: Any, where: str, *, minimum: int) -> list[Any]:
        if value is None:
            value = []
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, found {_kind(value)}", "write a - item list")
        if len(value) < minimum:
            raise self.fail(where, f"needs at least {minimum} entries", f"add {where} entries")
        return value

    def level(self, m: Mapping[str, Any], key: str, where: str) -> Level:
        value = m.get(key)
        if value is None:
            return Level.MEDIUM
        try:
            return Level(str(value).strip().lower())
        except ValueError:
            raise self.fail(
                f"{where}.{key}", f"{value!r} is not a level", "use low, medium or high"
            ) from None

    def rating(self, value: Any, where: str) -> Consistency:
        text = str(value).strip().upper() if value is not None else ""
        text = _RATING_ALIASES.get(text, text)
        try:
            return Consistency(text)
        except ValueError:
            raise self.fail(
                where, f"{value!r} is not a rating on Heuer's scale", "use CC, C, N, I, II or NA"
            ) from None

    def when(self, value: Any, where: str) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time())
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            raise self.fail(
                where, f"{value!r} is not a date or time", "write 2024-11-12 or 2024-11-12T09:30"
            ) from None


def parse_rating(value: Any, *, field: str = "rating", file: str | None = None) -> Consistency:
    """A rating as people write it: CC, C, N, I, II, NA (any case; also N/A, ++, +, 0, -, --)."""
    return _Reader(file).rating(value, field)


def line_of(lines: Mapping[str, int], path: str) -> int | None:
    """The line of ``path`` (``questions[0].evidence[2].ratings.H7``) or of its nearest parent."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def question_lines(text: str) -> dict[str, int]:
    """Line numbers of every node under ``questions`` in a YAML or JSON text, keyed by the field
    paths ``load_questions`` reports. The text may be a case file (a mapping with a
    ``questions`` key) or a fragment whose top level is the list itself. Empty if unparsable."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if isinstance(root, yaml.MappingNode):
        root = next(
            (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "questions"),
            None,
        )
    out: dict[str, int] = {}

    def walk(node: Any, path: str) -> None:
        out[path] = node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                walk(child, f"{path}[{i}]")
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    out[f"{path}.{k.value}"] = k.start_mark.line + 1
                    walk(v, f"{path}.{k.value}")
                    out[f"{path}.{k.value}"] = k.start_mark.line + 1

    if root is not None:
        walk(root, "questions")
    return out


def parse_questions(text: str, *, file: str | None = None) -> list[QuestionRecords]:
    """Questions from the text of a YAML or JSON file: a list of questions (a case file's
    ``questions:`` section) or a mapping with a ``questions`` key.

    Raises InputError naming the file, line and field; ``veracity ach import`` reads a file
    with this and stores it with ``veracity.casework.import_questions``.
    """
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML or JSON: {getattr(exc, 'problem', exc)}",
            file=file,
            line=mark.line + 1 if mark else None,
            fix="check the indentation and quoting near that line",
        ) from None
    if isinstance(raw, dict):
        raw = raw.get("questions")
    return load_questions(raw, file=file, lines=question_lines(text))


def load_questions(
    raw: Any, *, file: str | None = None, lines: Mapping[str, int] | None = None
) -> list[QuestionRecords]:
    """Validate a case file's raw ``questions:`` value into records (``[]`` for None).

    Raises InputError naming the file, the field path (``questions[0].evidence[2].ratings.H7``),
    its line when ``lines`` (from ``question_lines``) are given, and the fix. Links to
    propositions and statements are checked when stored.
    """
    r = _Reader(file, lines)
    out: list[QuestionRecords] = []
    seen: set[str] = set()
    for qi, q_raw in enumerate(r.items(raw, "questions", minimum=0)):
        where = f"questions[{qi}]"
        q = r.mapping(q_raw, where, _QUESTION_KEYS)
        qid = r.text(q, "id", where)
        if qid in seen:
            raise r.fail(f"{where}.id", f"duplicate question id {qid!r}", "give it a new id")
        seen.add(qid)
        question = Question(
            qid, r.text(q, "text", where), r.text(q, "description", where, required=False)
        )
        analyst = r.text(q, "analyst", where, required=False) or CASE_ANALYST
        rated = r.when(q.get("rated"), f"{where}.rated")

        hypotheses: list[Hypothesis] = []
        for hi, h_raw in enumerate(r.items(q.get("hypotheses"), f"{where}.hypotheses", minimum=2)):
            hw = f"{where}.hypotheses[{hi}]"
            h = r.mapping(h_raw, hw, _HYPOTHESIS_KEYS)
            hid = r.text(h, "id", hw)
            if any(x.id == hid for x in hypotheses):
                raise r.fail(f"{hw}.id", f"duplicate hypothesis id {hid!r}", "give it a new id")
            hypotheses.append(Hypothesis(hid, qid, r.text(h, "text", hw), position=hi))
        hyp_ids = [h.id for h in hypotheses]

        evidence: list[AchEvidence] = []
        ratings: list[Rating] = []
        for ei, e_raw in enumerate(r.items(q.get("evidence"), f"{where}.evidence", minimum=1)):
            ew = f"{where}.evidence[{ei}]"
            e = r.mapping(e_raw, ew, _EVIDENCE_KEYS)
            eid = r.text(e, "id", ew)
            if any(x.id == eid for x in evidence):
                raise r.fail(f"{ew}.id", f"duplicate evidence id {eid!r}", "give it a new id")
            proposition = r.text(e, "proposition", ew, required=False)
            statement = r.text(e, "statement", ew, required=False)
            if proposition and statement:
                raise r.fail(
                    f"{ew}.statement",
                    "an evidence item links a proposition or a statement, not both",
                    "keep one of proposition: and statement:",
                )
            value = r.text(e, "value", ew, required=False)
            if value is not None and proposition is None:
                raise r.fail(f"{ew}.value", "value without a proposition", "add proposition: …")
            evidence.append(
                AchEvidence(
                    eid,
                    qid,
                    r.text(e, "description", ew),
                    proposition_id=proposition,
                    value=value or TRUE,
                    statement_id=statement,
                    credibility=r.level(e, "credibility", ew),
                    relevance=r.level(e, "relevance", ew),
                    reference=r.text(e, "reference", ew, required=False),
                    position=ei,
                )
            )
            inline = e.get("ratings") or {}
            if not isinstance(inline, Mapping):
                raise r.fail(
                    f"{ew}.ratings",
                    f"expected a mapping hypothesis: rating, found {_kind(inline)}",
                    "write H1: C (or H1: {rating: C, note: …})",
                )
            for hid, cell in inline.items():
                cw = f"{ew}.ratings.{hid}"
                hid = str(hid)
                if hid not in hyp_ids:
                    raise r.fail(
                        cw, f"unknown hypothesis {hid!r}", f"use one of: {', '.join(hyp_ids)}"
                    )
                note = ""
                if isinstance(cell, Mapping):
                    cell = r.mapping(cell, cw, {"rating", "note"})
                    note = r.text(cell, "note", cw, required=False) or ""
                    cell = cell.get("rating")
                ratings.append(
                    Rating(
                        qid, eid, hid, r.rating(cell, cw), analyst=analyst, time=rated, note=note
                    )
                )
        ev_ids = [e.id for e in evidence]

        for ri, x_raw in enumerate(r.items(q.get("ratings"), f"{where}.ratings", minimum=0)):
            rw = f"{where}.ratings[{ri}]"
            x = r.mapping(x_raw, rw, _RATING_KEYS)
            eid = r.text(x, "evidence", rw)
            hid = r.text(x, "hypothesis", rw)
            if eid not in ev_ids:
                raise r.fail(
                    f"{rw}.evidence",
                    f"unknown evidence {eid!r}",
                    f"use one of: {', '.join(ev_ids)}",
                )
            if hid not in hyp_ids:
                raise r.fail(
                    f"{rw}.hypothesis",
                    f"unknown hypothesis {hid!r}",
                    f"use one of: {', '.join(hyp_ids)}",
                )
            ratings.append(
                Rating(
                    qid,
                    eid,
                    hid,
                    r.rating(x.get("rating"), f"{rw}.rating"),
                    analyst=r.text(x, "analyst", rw, required=False) or analyst,
                    time=r.when(x.get("time"), f"{rw}.time") or rated,
                    note=r.text(x, "note", rw, required=False) or "",
                )
            )
        out.append(QuestionRecords(question, tuple(hypotheses), tuple(evidence), tuple(ratings)))
    return out


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
