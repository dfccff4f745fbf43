"""The checks every write runs before it lands, so that bad input raises an ``InputError``
naming the record and field (``RecordError``) instead of a driver error: duplicate ids, unknown
references, values a proposition does not have, spans past the end of their document.

Used by the record methods (``records.py``) and the bulk road (``bulk.py``), which checks a
batch record by record only when it is in doubt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, func, select

from veracity.errors import InputError
from veracity.model import Proposition, PropositionKind
from veracity.store import rows, schema

# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
IN_CHUNK = 500


class RecordError(InputError):
    """An ``InputError`` about one record of an ``add_*`` call.

    ``index`` is the record's 0-based position in the iterable given, so that a reader can turn
    it into a file line.
    """

    def __init__(
        self, message: str, *, index: int, field: str | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message, field=field, fix=fix)
        self.index = index


def chunks(keys: list[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def check_statement_batch(conn: Connection, batch: list[tuple[int, Any]]) -> None:
    """Every check, record by record, on a batch of statement tuples (raises for the first)."""
    records = [(i, rows.StatementRow._make(r)) for i, r in batch]
    fresh_ids(conn, schema.statements, "statement", records)
    check_statements(conn, records)


def first_index(pairs: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for key, i in pairs:
        if key is not None:
            first.setdefault(key, i)
    return first


def existing(conn: Connection, table: Table, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
    return found


def no_twins(batch: list[tuple[int, Any]], what: str) -> set[str]:
    seen: set[str] = set()
    for i, record in batch:
        if record.id in seen:
            raise RecordError(
                f"duplicate {what} id {record.id!r}: it appears twice in the input",
                index=i,
                field="id",
                fix=f"give each {what} its own id",
            )
        seen.add(record.id)
    return seen


def fresh_ids(conn: Connection, table: Table, what: str, batch: list[tuple[int, Any]]) -> set[str]:
    ids = no_twins(batch, what)
    taken = existing(conn, table, list(ids))
    for i, record in batch:
        if record.id in taken:
            raise RecordError(
                f"duplicate {what} id {record.id!r}: "
                "already in the store (or earlier in the input)",
                index=i,
                field="id",
                fix="use a new id, or import into an empty store with --db",
            )
    return ids


def unknown(what: str, ref: str, *, index: int, field: str) -> RecordError:
    return RecordError(
        f"unknown {what} {ref!r}",
        index=index,
        field=field,
        fix=f"add the {what} first (it must be in the store or earlier in the input)",
    )


def corrected_flags(conn: Connection, ids: list[str]) -> dict[str, bool]:
    table = schema.statements
    out: dict[str, bool] = {}
    for chunk in chunks(ids):
        query = select(table.c.id, table.c.corrected).where(table.c.id.in_(chunk))
        out.update((r.id, bool(r.corrected)) for r in conn.execute(query))
    return out


def proposition_values(conn: Connection, ids: list[str]) -> dict[str, tuple[str, ...]]:
    table = schema.propositions
    out: dict[str, tuple[str, ...]] = {}
    for chunk in chunks(sorted(set(ids))):
        query = select(table.c.id, table.c["values"]).where(table.c.id.in_(chunk))
        for r in conn.execute(query).mappings():
            out[r["id"]] = tuple(json.loads(r["values"]))
    return out


def check_values(p: Proposition, index: int) -> None:
    values = list(p.values)
    if not values or len(set(values)) != len(values) or not all(isinstance(v, str) for v in values):
        raise RecordError(
            f"proposition {p.id!r}: values {values!r}",
            index=index,
            field="values",
            fix="give a list of distinct text values (binary propositions need none)",
        )
    if p.kind is not PropositionKind.BINARY and len(values) < 2:
        raise RecordError(
            f"proposition {p.id!r} has one candidate value",
            index=index,
            field="values",
            fix="give at least two values, or make it binary",
        )


def check_value(value: str, proposition_id: str, values: tuple[str, ...], index: int) -> None:
    if value not in values:
        shown = ", ".join(repr(v) for v in values[:10]) + (", …" if len(values) > 10 else "")
        raise RecordError(
            f"value {value!r} is not a value of proposition {proposition_id!r}",
            index=index,
            field="value",
            fix=f"use one of {shown}",
        )


def check_statements(conn: Connection, batch: list[tuple[int, Any]]) -> None:
    """References and values of statements, reported for the first offending record."""
    sources = existing(
        conn,
        schema.sources,
        sorted({s.source_id for _, s in batch} | {s.cites_source_id for _, s in batch} - {None}),
    )
    values = proposition_values(conn, [s.proposition_id for _, s in batch])
    lengths = document_lengths(conn, sorted({s.document_id for _, s in batch} - {None}))
    for i, s in batch:
        if s.source_id not in sources:
            raise unknown("source", s.source_id, index=i, field="source")
        if s.proposition_id not in values:
            raise unknown("proposition", s.proposition_id, index=i, field="proposition")
        check_value(s.value, s.proposition_id, values[s.proposition_id], i)
        if s.cites_source_id is not None and s.cites_source_id not in sources:
            raise unknown("source", s.cites_source_id, index=i, field="cites")
        if s.document_id is not None:
            if s.document_id not in lengths:
                raise unknown("document", s.document_id, index=i, field="document")
            if s.span_end is not None and s.span_end > lengths[s.document_id]:
                raise RecordError(
                    f"span [{s.span_start}, {s.span_end}] runs past the end of document "
                    f"{s.document_id!r} ({lengths[s.document_id]} characters)",
                    index=i,
                    field="span",
                    fix="give character offsets inside the document's text",
                )


def document_lengths(conn: Connection, ids: list[str]) -> dict[str, int]:
    table = schema.documents
    out: dict[str, int] = {}
    for chunk in chunks(ids):
        query = select(table.c.id, func.length(table.c.text)).where(table.c.id.in_(chunk))
        out.update((r[0], r[1]) for r in conn.execute(query))
    return out
