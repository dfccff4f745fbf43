"""How records are spelled in files: the field readers, the fields of each kind of record,
and the two directions — ``parse_record`` (a JSON object, CSV row or case-file entry → a model
object) and ``record_dict`` / ``record_row`` (a model object → file values).

Files spell fields as the case file does (``source``, ``proposition``, ``cites``, ``span``…);
the model's own names (``source_id``…) are accepted too. A value that cannot be read raises
``FieldProblem`` naming the field; the file reader adds the file and line.

>>> parse_record("statements", {"id": "s1", "source": "wapo", "proposition": "P1"}).stance
<Stance.ASSERTS: 'asserts'>
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from veracity.model import (
    BINARY_VALUES,
    Document,
    Evidence,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    SourceKind,
    Stance,
    Statement,
)


class FieldProblem(ValueError):
    """A value that cannot be read as its field; the reader adds the file and line."""

    def __init__(self, field: str, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.fix = fix


# -- field readers: (raw value, field name, from_text) -> python value -------------------------


def _text(raw: Any, name: str, from_text: bool) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise FieldProblem(name, f"expected text, got {_show(raw)}", f"give {name} as a string")
    return raw if isinstance(raw, str) else str(raw)


def _value(raw: Any, name: str, from_text: bool) -> str:
    # YAML reads `value: true` as a boolean: that means the binary value "true".
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return _text(raw, name, from_text)


def _enum(kind: type[StrEnum]) -> Callable[[Any, str, bool], StrEnum]:
    members = {m.value: m for m in kind}

    def read(raw: Any, name: str, from_text: bool) -> StrEnum:
        if isinstance(raw, str):
            found = members.get(raw) or members.get(raw.strip().lower())
            if found is not None:
                return found
        choices = ", ".join(members)
        raise FieldProblem(name, f"{_show(raw)} is not a {name}", f"use one of: {choices}")

    return read


def read_time(raw: Any, name: str, from_text: bool) -> date | datetime:
    if isinstance(raw, date):  # YAML gives dates and datetimes already read
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass
    raise FieldProblem(
        name,
        f"{_show(raw)} is not a date or time",
        "write it as ISO 8601: 2024-11-07 or 2024-11-07T09:30:00+03:00",
    )


def _day(raw: Any, name: str, from_text: bool) -> date:
    value = read_time(raw, name, from_text)
    if isinstance(value, datetime):
        raise FieldProblem(name, f"{_show(raw)} is a time, not a date", "write it as 2024-11-07")
    return value


def _number(raw: Any, name: str, from_text: bool) -> float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    else:
        try:
            value = float(raw.strip()) if isinstance(raw, str) else math.nan
        except ValueError:
            value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise FieldProblem(
            name,
            f"{_show(raw)} is not a positive number",
            f"give {name} as a number > 0 (1 is neutral)",
        )
    return value


def read_flag(raw: Any, name: str, from_text: bool) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "1", "yes", "false", "0", "no"):
        return raw.strip().lower() in ("true", "1", "yes")
    raise FieldProblem(name, f"{_show(raw)} is not true or false", f"write {name}: true or false")


def _values(raw: Any, name: str, from_text: bool) -> tuple[str, ...]:
    if from_text and isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            try:
                raw = json.loads(text)
            except (ValueError, RecursionError):  # not JSON, too deep, too many digits
                raise FieldProblem(
                    name, f"{raw!r} is not a JSON list", 'write ["a", "b"] or a|b'
                ) from None
        else:
            raw = text.split("|")
    if not isinstance(raw, list | tuple) or not raw:
        raise FieldProblem(name, f"expected a list of values, got {_show(raw)}", '["a", "b"]')
    values = tuple(_value(v, name, from_text) for v in raw)
    if len(set(values)) != len(values) or any(v == "" for v in values):
        raise FieldProblem(name, f"values {list(values)!r} repeat or are empty", "list each once")
    return values


def _span(raw: Any, name: str, from_text: bool) -> tuple[int, int]:
    if from_text and isinstance(raw, str):
        with contextlib.suppress(ValueError, RecursionError):
            raw = json.loads(raw)
    fix = "give span as [start, end]: two whole numbers, 0 <= start <= end"
    if (
        not isinstance(raw, list | tuple)
        or len(raw) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
    ):
        raise FieldProblem(name, f"{_show(raw)} is not two whole numbers", fix)
    start, end = raw
    if not 0 <= start <= end:
        raise FieldProblem(name, f"span [{start}, {end}] is not an interval", fix)
    return int(start), int(end)


def _offset(raw: Any, name: str, from_text: bool) -> int:
    if from_text and isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    raise FieldProblem(name, f"{_show(raw)} is not a whole number >= 0", f"give {name} as 0, 1…")


def _show(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


# -- the fields of each kind of record ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    """One field as files spell it, the model attribute it fills, and how to read it."""

    name: str
    attr: str
    read: Callable[[Any, str, bool], Any]
    required: bool = False


FIELDS: dict[str, tuple[Field, ...]] = {
    "sources": (
        Field("id", "id", _text, True),
        Field("name", "name", _text, True),
        Field("kind", "kind", _enum(SourceKind)),
        Field("parent", "parent_id", _text),
        Field("description", "description", _text),
        Field("url", "url", _text),
    ),
    "documents": (
        Field("id", "id", _text, True),
        Field("url", "url", _text),
        Field("title", "title", _text),
        Field("outlet", "outlet_id", _text),
        Field("published", "published", read_time),
        Field("retrieved", "retrieved", read_time),
        Field("content_hash", "content_hash", _text),
        Field("text", "text", _text, True),
    ),
    "propositions": (
        Field("id", "id", _text, True),
        Field("text", "text", _text, True),
        Field("kind", "kind", _enum(PropositionKind)),
        Field("values", "values", _values),
        Field("question", "question_id", _text),
    ),
    "statements": (
        Field("id", "id", _text, True),
        Field("source", "source_id", _text, True),
        Field("proposition", "proposition_id", _text, True),
        Field("stance", "stance", _enum(Stance)),
        Field("value", "value", _value),
        Field("time", "time", read_time),
        Field("quote", "quote", _text),
        Field("document", "document_id", _text),
        Field("span", "span", _span),
        Field("cites", "cites_source_id", _text),
        Field("reference", "reference", _text),
        Field("corrected", "corrected", read_flag),
    ),
    "evidence": (
        Field("id", "id", _text, True),
        Field("description", "description", _text, True),
        Field("proposition", "proposition_id", _text),
        Field("likelihood_ratio", "likelihood_ratio", _number),
        Field("reference", "reference", _text),
        Field("time", "time", read_time),
        Field("confidence", "confidence", _text),
    ),
    "resolutions": (
        Field("id", "id", _text, True),
        Field("proposition", "proposition_id", _text, True),
        Field("value", "value", _value, True),
        Field("resolved_on", "resolved_on", _day),
        Field("reference", "reference", _text),
        Field("note", "note", _text),
        Field("source", "source_id", _text),
    ),
}

_MODELS: dict[str, type] = {
    "sources": Source,
    "documents": Document,
    "propositions": Proposition,
    "statements": Statement,
    "evidence": Evidence,
    "resolutions": Resolution,
}

# The model's attribute names work as field names too; span can come as two columns.
ALIASES: dict[str, dict[str, str]] = {
    kind: {f.attr: f.name for f in fields if f.attr != f.name} for kind, fields in FIELDS.items()
}
SPAN_PARTS = ("span_start", "span_end")

# Every accepted spelling -> the file spelling (span parts stay themselves until joined).
_ACCEPTED: dict[str, dict[str, str]] = {
    kind: {f.name: f.name for f in fields}
    | ALIASES[kind]
    | ({p: p for p in SPAN_PARTS} if kind == "statements" else {})
    for kind, fields in FIELDS.items()
}

#: CSV columns per kind, in the order ``export`` writes them (span as two columns)
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(part for f in fields for part in (SPAN_PARTS if f.name == "span" else (f.name,)))
    for kind, fields in FIELDS.items()
}


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw == "")


def parse_record(kind: str, raw: Mapping[Any, Any], *, from_text: bool = False) -> Any:
    """One record (a JSON object, a CSV row or a case-file entry) as a model object.

    Raises ``FieldProblem`` naming the field. ``from_text`` (CSV) reads numbers, lists and
    flags from their text; an empty cell or string means the field is absent.
    """
    accepted = _ACCEPTED[kind]
    given: dict[str, Any] = {}
    for key, value in raw.items():
        name = accepted.get(key) if isinstance(key, str) else None
        if name is None:
            known = ", ".join(f.name for f in FIELDS[kind])
            raise FieldProblem(str(key), f"unknown field {key!r} for {kind}", f"use: {known}")
        given[name] = value
    if kind == "statements" and ("span_start" in given or "span_end" in given):
        _join_span(given, from_text)
    kwargs: dict[str, Any] = {}
    for f in FIELDS[kind]:
        value = given.get(f.name)
        if value is None or value == "":
            if f.required:
                raise FieldProblem(
                    f.name,
                    f"{kind[:-1] if kind != 'evidence' else kind} lacks {f.name!r}",
                    f"add {f.name}",
                )
            continue
        kwargs[f.attr] = f.read(value, f.name, from_text)
    return _build(kind, kwargs)


def _join_span(given: dict[str, Any], from_text: bool) -> None:
    start, end = (given.pop(part, None) for part in SPAN_PARTS)
    if _blank(start) and _blank(end):
        return
    if not _blank(given.get("span")):
        raise FieldProblem("span", "both span and span_start/span_end given", "give one of them")
    if _blank(start) or _blank(end):
        raise FieldProblem("span", "span_start and span_end go together", "give both or neither")
    given["span"] = [_offset(start, "span_start", from_text), _offset(end, "span_end", from_text)]


def _build(kind: str, kwargs: dict[str, Any]) -> Any:
    if kind == "statements" and "span" in kwargs:
        kwargs["span_start"], kwargs["span_end"] = kwargs.pop("span")
    if kind == "documents" and "content_hash" not in kwargs:
        kwargs["content_hash"] = content_hash(kwargs["text"])
    if kind == "propositions":
        values = kwargs.get("values")
        p_kind = kwargs.get("kind")
        if p_kind is None and values is not None and values != BINARY_VALUES:
            kwargs["kind"] = p_kind = PropositionKind.CATEGORICAL
        if p_kind in (PropositionKind.CATEGORICAL, PropositionKind.NUMERIC):
            if values is None or len(values) < 2:
                raise FieldProblem(
                    "values", f"a {p_kind} proposition needs its candidate values", "values: [a, b]"
                )
        elif values is not None and values != BINARY_VALUES:
            raise FieldProblem(
                "values",
                "a binary proposition has the values true and false only",
                "drop values, or set kind: categorical",
            )
    try:
        return _MODELS[kind](**kwargs)
    except ValueError as exc:  # a model invariant the field readers did not cover
        raise FieldProblem("id", str(exc)) from None


def content_hash(text: str) -> str:
    """The hash a document is found by: SHA-256 of its UTF-8 text, in hex (as ingest.documents)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_field(kind: str, name: str) -> str:
    """A field as files spell it, from any accepted spelling (``source_id`` -> ``source``)."""
    if kind == "statements" and name in SPAN_PARTS:
        return "span"
    return ALIASES[kind].get(name, name)


# -- model objects back to file values -----------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def record_dict(kind: str, record: Any) -> dict[str, Any]:
    """A model object as a JSON-ready dict in file spelling; absent fields are left out."""
    out: dict[str, Any] = {}
    for f in FIELDS[kind]:
        if f.name == "span":
            value = None if record.span_start is None else [record.span_start, record.span_end]
        else:
            value = getattr(record, f.attr)
        if value is None or (f.name == "corrected" and not value):
            continue
        if kind == "propositions" and f.name == "values" and record.kind == "binary":
            continue
        out[f.name] = _plain(value)
    return out


def record_row(kind: str, record: Any) -> list[str]:
    """A model object as CSV cells in ``CSV_COLUMNS[kind]`` order; absent fields are empty."""
    d = record_dict(kind, record)
    span = d.pop("span", None)
    if span is not None:
        d["span_start"], d["span_end"] = span
    cells = []
    for column in CSV_COLUMNS[kind]:
        value = d.get(column)
        if value is None:
            cells.append("")
        elif isinstance(value, list):
            cells.append(json.dumps(value, ensure_ascii=False))
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, float):
            cells.append(repr(value))
        else:
            cells.append(str(value))
    return cells
