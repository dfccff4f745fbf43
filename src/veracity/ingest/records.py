"""Case records in and out as JSON Lines and CSV, one kind of record per file.

An import is one transaction: the first bad row raises an ``InputError`` naming the file, the
line (1-based) and the field, with the fix, and the store is left exactly as it was. Rows stream
through in batches, so a file of millions of statements never sits in memory.

The parts live beside this module: ``fields`` (how records are spelled in files),
``fast_statements`` (the fast road for statement rows), ``sniff`` (which format and kind a file
holds) and ``record_reader`` (one file read as records); their public names are re-exported here.

>>> from veracity.ingest.records import parse_record
>>> parse_record("statements", {"id": "s1", "source": "wapo", "proposition": "P1"}).stance
<Stance.ASSERTS: 'asserts'>
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from veracity.errors import InputError
from veracity.ingest.fields import (
    CSV_COLUMNS,
    FIELDS,
    Field,
    FieldProblem,
    canonical_field,
    content_hash,
    parse_record,
    record_dict,
    record_row,
)
from veracity.ingest.record_reader import Progress, RecordReader
from veracity.ingest.sniff import FORMATS, check_kind, detect_format, detect_kind, resolve_format
from veracity.store import KINDS, RecordError, Store, Transaction

__all__ = [
    "CSV_COLUMNS",
    "FIELDS",
    "FORMATS",
    "Field",
    "FieldProblem",
    "Progress",
    "add_records",
    "canonical_field",
    "check_kind",
    "content_hash",
    "detect_format",
    "detect_kind",
    "export_records",
    "export_text",
    "import_records",
    "parse_record",
    "record_dict",
    "record_row",
    "resolve_format",
]


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
    reader = RecordReader(path, kind, fmt, progress)
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
