"""Which format (JSON Lines, CSV, a case file) and which kind of records a file holds, from
its name and, where the name does not say, its first line or its content."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from veracity.errors import InputError
from veracity.ingest.fields import ALIASES
from veracity.store import KINDS

FORMATS: tuple[str, ...] = ("jsonl", "csv")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


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
    except (ValueError, RecursionError):  # not JSON, or too deep / too many digits to read
        # Not one JSON value: JSON Lines if its first line is a whole object, else a broken
        # multi-line document, best reported by the case reader with its line.
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            return not isinstance(json.loads(first), dict)
        except (ValueError, RecursionError):
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
    names = {ALIASES_ALL.get(f, f) for f in fields}
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


ALIASES_ALL = {a: n for aliases in ALIASES.values() for a, n in aliases.items()}


def _first_fields(path: str | Path, format: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            if format == "csv":
                return next(csv.reader(f), None)
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    return list(obj) if isinstance(obj, dict) else None
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError too
        return None
    return None


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
