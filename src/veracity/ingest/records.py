"""Case records in and out as JSON Lines and CSV, one kind of record per file.

Files spell fields as the case file does (``source``, ``proposition``, ``cites``, ``span``…);
the model's own names (``source_id``…) are accepted too. An import is one transaction: the
first bad row raises an ``InputError`` naming the file, the line (1-based) and the field, with
the fix, and the store is left exactly as it was. Rows stream through in batches, so a file of
millions of statements never sits in memory.

>>> from veracity.ingest.records import parse_record
>>> parse_record("statements", {"id": "s1", "source": "wapo", "proposition": "P1"}).stance
<Stance.ASSERTS: 'asserts'>
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import orjson

from veracity.errors import InputError
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
from veracity.store import KINDS, RecordError, Store, Transaction
from veracity.store.rows import statement_tuple

#: called as progress(bytes_read, bytes_total, records_done) while a file is read
Progress = Callable[[int, int, int], None]

FORMATS: tuple[str, ...] = ("jsonl", "csv")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


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


def _time(raw: Any, name: str, from_text: bool) -> date | datetime:
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
    value = _time(raw, name, from_text)
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


def _flag(raw: Any, name: str, from_text: bool) -> bool:
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
            except json.JSONDecodeError:
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
        with contextlib.suppress(json.JSONDecodeError):
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
    if from_text and isinstance(raw, str) and raw.strip().isdigit():
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
        Field("published", "published", _time),
        Field("retrieved", "retrieved", _time),
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
        Field("time", "time", _time),
        Field("quote", "quote", _text),
        Field("document", "document_id", _text),
        Field("span", "span", _span),
        Field("cites", "cites_source_id", _text),
        Field("reference", "reference", _text),
        Field("corrected", "corrected", _flag),
    ),
    "evidence": (
        Field("id", "id", _text, True),
        Field("description", "description", _text, True),
        Field("proposition", "proposition_id", _text),
        Field("likelihood_ratio", "likelihood_ratio", _number),
        Field("reference", "reference", _text),
        Field("time", "time", _time),
        Field("confidence", "confidence", _text),
    ),
    "resolutions": (
        Field("id", "id", _text, True),
        Field("proposition", "proposition_id", _text, True),
        Field("value", "value", _value, True),
        Field("resolved_on", "resolved_on", _day),
        Field("reference", "reference", _text),
        Field("note", "note", _text),
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
_ALIASES: dict[str, dict[str, str]] = {
    kind: {f.attr: f.name for f in fields if f.attr != f.name} for kind, fields in FIELDS.items()
}
_SPAN_PARTS = ("span_start", "span_end")

# Every accepted spelling -> the file spelling (span parts stay themselves until joined).
_ACCEPTED: dict[str, dict[str, str]] = {
    kind: {f.name: f.name for f in fields}
    | _ALIASES[kind]
    | ({p: p for p in _SPAN_PARTS} if kind == "statements" else {})
    for kind, fields in FIELDS.items()
}

#: CSV columns per kind, in the order ``export`` writes them (span as two columns)
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(part for f in fields for part in (_SPAN_PARTS if f.name == "span" else (f.name,)))
    for kind, fields in FIELDS.items()
}


# -- the fast road for statements ----------------------------------------------------------------

_STATEMENT_NAMES = frozenset(f.name for f in FIELDS["statements"]) | frozenset(_SPAN_PARTS)
_STANCES = frozenset(s.value for s in Stance)
_TIMES_KEPT = 10_000


def _statement_tuple(
    raw: Mapping[str, Any], from_text: bool, times: dict[str, str]
) -> tuple[Any, ...] | None:
    """A statement record straight to its row tuple when every field is plainly well formed;
    None otherwise, and ``parse_record`` decides (so values and messages stay its own).

    ``times`` remembers how each time text was written back (``date.isoformat``), as many
    statements share a date.
    """
    if not raw.keys() <= _STATEMENT_NAMES:
        return None
    get = raw.get
    sid, source, prop = get("id"), get("source"), get("proposition")
    if type(sid) is not str or type(source) is not str or type(prop) is not str:
        return None
    if not sid or not source or not prop:
        return None
    stance = get("stance")
    if stance is None or stance == "":
        stance = "asserts"
    elif type(stance) is not str or stance not in _STANCES:
        return None
    value = get("value")
    if value is None or value == "":
        value = "true"
    elif type(value) is not str:
        return None
    time = get("time")
    if time is None or time == "":
        time = None
    elif type(time) is not str:
        return None
    else:
        written = times.get(time)
        if written is None:
            try:
                written = _time(time, "time", from_text).isoformat()
            except FieldProblem:
                return None
            if len(times) >= _TIMES_KEPT:
                times.clear()
            times[time] = written
        time = written
    optional = []
    for name in ("quote", "document", "cites", "reference"):
        text = get(name)
        if text == "":
            text = None
        elif text is not None and type(text) is not str:
            return None
        optional.append(text)
    quote, document, cites, reference = optional
    span = get("span")
    if "span_start" in raw or "span_end" in raw:
        if not from_text or (span is not None and span != ""):
            return None
        start, end = get("span_start", ""), get("span_end", "")
        if start == "" and end == "":
            start = end = None
        elif start.isdigit() and end.isdigit() and start.isascii() and end.isascii():
            start, end = int(start), int(end)
        else:
            return None
    elif span is None or span == "":
        start = end = None
    elif type(span) is list and len(span) == 2 and type(span[0]) is int and type(span[1]) is int:
        start, end = span
    else:
        return None
    if start is not None and not 0 <= start <= end:
        return None
    corrected = get("corrected")
    if corrected is None or corrected == "":
        corrected = False
    elif type(corrected) is not bool:
        if not from_text:
            return None
        try:
            corrected = _flag(corrected, "corrected", from_text)
        except FieldProblem:
            return None
    return (
        sid,
        source,
        prop,
        stance,
        value,
        time,
        quote,
        document,
        start,
        end,
        cites,
        reference,
        corrected,
    )


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
    start, end = (given.pop(part, None) for part in _SPAN_PARTS)
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
    if kind == "statements" and name in _SPAN_PARTS:
        return "span"
    return _ALIASES[kind].get(name, name)


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


# -- reading files ---------------------------------------------------------------------------------


def detect_format(path: str | Path) -> str | None:
    """``jsonl``, ``csv`` or ``case`` from the file's extension and, for .json, its content."""
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in (".yaml", ".yml"):
        return "case"
    if suffix == ".json":
        return "case" if _is_case_json(Path(path)) else "jsonl"
    return None


_CASE_KEYS = ("case", "sources", "documents", "propositions", "statements", "evidence")


def _is_case_json(path: Path, limit: int = 64 << 20) -> bool:
    """One JSON object holding a case id or record sections (a JSON Lines file is not one
    JSON value, or is a single record without list-valued sections)."""
    if not path.is_file() or path.stat().st_size > limit:
        return False
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return False
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Not one JSON value: JSON Lines if its first line is a whole object, else a broken
        # multi-line document, best reported by the case reader with its line.
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            return not isinstance(json.loads(first), dict)
        except json.JSONDecodeError:
            return True
    if not isinstance(data, dict):
        return False
    return "case" in data or any(isinstance(data.get(k), list) for k in _CASE_KEYS)


def detect_kind(path: str | Path, format: str) -> str | None:
    """The kind of records a file holds: from its name (``statements.csv``), else its fields."""
    stem = Path(path).name.lower()
    named = [k for k in KINDS if k in stem or k.rstrip("s") in stem]
    if len(named) == 1:
        return named[0]
    fields = _first_fields(path, format)
    if fields is None:
        return None
    names = {_ALIASES_ALL.get(f, f) for f in fields}
    if "stance" in names or {"source", "proposition"} <= names:
        return "statements"
    if "resolved_on" in names or ({"proposition", "value"} <= names and "source" not in names):
        return "resolutions"
    if "likelihood_ratio" in names or ("description" in names and "name" not in names):
        return "evidence"
    if "name" in names:
        return "sources"
    if names & {"content_hash", "published", "outlet", "retrieved"}:
        return "documents"
    if "text" in names:
        return "propositions" if "url" not in names else "documents"
    return None


_ALIASES_ALL = {a: n for aliases in _ALIASES.values() for a, n in aliases.items()}


def _first_fields(path: str | Path, format: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            if format == "csv":
                return next(csv.reader(f), None)
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    return list(obj) if isinstance(obj, dict) else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


class _Reader:
    """Reads one file as (line, record) pairs, counting bytes for progress."""

    def __init__(self, path: str | Path, kind: str, format: str, progress: Progress | None) -> None:
        self.path = str(path)
        self.kind = kind
        self.format = format
        self.progress = progress
        self.total = os.path.getsize(path)
        self.done = 0
        self.count = 0
        self.lines = array("I")  # line of each record (4 bytes), so a store error can name it

    def records(self) -> Iterator[Any]:
        """Model objects, one per record."""
        return self._read(None)

    def statement_rows(self) -> Iterator[tuple[Any, ...]]:
        """Statements as table-row tuples (``StatementRow`` order) for ``add_statement_rows``:
        the common record is read straight into its row; anything unusual goes through
        ``parse_record``, which gives the same values and the same messages."""
        times: dict[str, str] = {}
        from_text = self.format == "csv"

        def fast(raw: Mapping[str, Any]) -> tuple[Any, ...] | None:
            return _statement_tuple(raw, from_text, times)

        return self._read(fast)

    def _read(self, fast: Callable[[Any], Any] | None) -> Iterator[Any]:
        rows = self._jsonl() if self.format == "jsonl" else self._csv()
        from_text = self.format == "csv"
        for line, raw in rows:
            record = None if fast is None else fast(raw)
            if record is None:
                try:
                    record = parse_record(self.kind, raw, from_text=from_text)
                except FieldProblem as p:
                    raise InputError(
                        p.message, file=self.path, line=line, field=p.field, fix=p.fix
                    ) from None
                if fast is not None:
                    record = statement_tuple(record)
            self.lines.append(line)
            self.count += 1
            if self.progress is not None and self.count % 1000 == 0:
                self.progress(self.done, self.total, self.count)
            yield record
        if self.progress is not None:
            self.progress(self.total, self.total, self.count)

    def _physical_lines(self) -> Iterator[tuple[int, str]]:
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                self.done += len(raw)
                yield number, self._decode(number, raw)

    def _jsonl(self) -> Iterator[tuple[int, dict[str, Any]]]:
        # orjson reads the common line; a line it refuses (blank, a BOM, NaN, invalid UTF-8…)
        # goes through the json module, whose verdict and messages are the ones users see.
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                self.done += len(raw)
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    yield from self._jsonl_lines(((number, self._decode(number, raw)),))
                    continue
                if not isinstance(obj, dict):
                    raise InputError(
                        f"expected a JSON object, got {type(obj).__name__}",
                        file=self.path,
                        line=number,
                        fix='write one object per line: {"id": ..., ...}',
                    )
                yield number, obj

    def _decode(self, number: int, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                file=self.path,
                line=number,
                fix="save the file as UTF-8",
            ) from None
        return text.removeprefix("\ufeff") if number == 1 else text

    def _jsonl_lines(
        self, lines: Iterable[tuple[int, str]]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, text in lines:
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON ({exc.msg} at column {exc.colno})",
                    file=self.path,
                    line=number,
                    fix="write one JSON object per line; for a CSV file use --format csv",
                ) from None
            if not isinstance(obj, dict):
                raise InputError(
                    f"expected a JSON object, got {type(obj).__name__}",
                    file=self.path,
                    line=number,
                    fix='write one object per line: {"id": ..., ...}',
                )
            yield number, obj

    def _csv(self) -> Iterator[tuple[int, dict[str, str]]]:
        physical = self._physical_lines()
        line_of = {"last": 0}

        def texts() -> Iterator[str]:
            for number, text in physical:
                line_of["last"] = number
                yield text

        # Documents carry whole articles in one cell: lift csv's 128 KiB default cap.
        csv.field_size_limit(2**31 - 1)
        reader = csv.reader(texts())
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not valid CSV ({exc})", file=self.path, line=1) from None
        header = [h.strip() for h in header]
        start = line_of["last"] + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(
                    f"not valid CSV ({exc})", file=self.path, line=start, fix="check the quotes"
                ) from None
            line, start = start, line_of["last"] + 1
            if not any(cells):
                continue
            if len(cells) > len(header):
                raise InputError(
                    f"{len(cells)} cells but the header names {len(header)} columns",
                    file=self.path,
                    line=line,
                    fix="quote cells that contain commas",
                )
            yield line, dict(zip(header, cells, strict=False))


_ADDERS: dict[str, str] = {
    "sources": "add_sources",
    "documents": "add_documents",
    "propositions": "add_propositions",
    "statements": "add_statements",
    "evidence": "add_evidence",
    "resolutions": "add_resolutions",
}


def add_records(target: Store | Transaction, kind: str, records: Iterable[Any]) -> int:
    """Write records of one kind through the matching ``add_*`` method."""
    return getattr(target, _ADDERS[kind])(records)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(
            f"unknown kind {kind!r}", field="kind", fix=f"use one of: {', '.join(KINDS)}"
        )
    return kind


def resolve_format(path: str | Path, format: str | None) -> str:
    fmt = format or detect_format(path)
    if fmt is None:
        raise InputError(
            "cannot tell the file's format from its name",
            file=str(path),
            fix="name it .jsonl, .csv, .yaml or .json, or give --format jsonl|csv|case",
        )
    if fmt == "json":
        fmt = "case"
    if fmt not in (*FORMATS, "case"):
        raise InputError(f"unknown format {fmt!r}", fix="use --format jsonl, csv or case")
    return fmt


def import_records(
    store: Store,
    path: str | Path,
    *,
    kind: str | None = None,
    format: str | None = None,
    progress: Progress | None = None,
) -> tuple[str, int]:
    """Import one JSON Lines or CSV file of records in one transaction; returns (kind, count)."""
    if not Path(path).is_file():
        raise InputError("no such file", file=str(path), fix="check the path")
    fmt = resolve_format(path, format)
    if fmt not in FORMATS:
        raise InputError(
            f"{fmt} files hold a whole case", file=str(path), fix="use import_case / load_case"
        )
    if kind is None:
        kind = detect_kind(path, fmt)
        if kind is None:
            raise InputError(
                "cannot tell which kind of records the file holds",
                file=str(path),
                fix=f"give --kind {'|'.join(KINDS)}",
            )
    check_kind(kind)
    reader = _Reader(path, kind, fmt, progress)
    try:
        with store.transaction() as tx:
            if kind == "statements":
                count = tx.add_statement_rows(reader.statement_rows())
            else:
                count = add_records(tx, kind, reader.records())
    except RecordError as exc:
        line = reader.lines[exc.index] if exc.index < len(reader.lines) else None
        raise InputError(
            exc.message, file=str(path), line=line, field=exc.field, fix=exc.fix
        ) from None
    return kind, count


# -- writing files -----------------------------------------------------------------------------


def export_records(
    store: Store | Transaction,
    kind: str,
    out: IO[str],
    *,
    format: str = "jsonl",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every record of ``kind`` to ``out`` as JSON Lines or CSV; returns the count.

    Open ``out`` with ``newline=""`` for CSV. Streams: memory stays flat for any size.
    """
    check_kind(kind)
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}", fix="use --format jsonl or csv")
    # CRLF as RFC 4180 says; it also makes the writer quote any cell holding \r or \n.
    writer = csv.writer(out) if format == "csv" else None
    if writer is not None:
        writer.writerow(CSV_COLUMNS[kind])
    n = 0
    for record in store.stream(kind):
        if writer is not None:
            writer.writerow(record_row(kind, record))
        else:
            out.write(json.dumps(record_dict(kind, record), ensure_ascii=False) + "\n")
        n += 1
        if progress is not None and n % 1000 == 0:
            progress(n)
    if progress is not None:
        progress(n)
    return n


def export_text(store: Store | Transaction, kind: str, format: str = "jsonl") -> str:
    """The export as one string (for tests and small stores)."""
    buffer = io.StringIO(newline="")
    export_records(store, kind, buffer, format=format)
    return buffer.getvalue()
