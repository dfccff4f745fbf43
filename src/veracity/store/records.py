"""The record methods of the store (``RecordAccess``): model objects in, model objects out,
every write checked before it lands.

``Store`` and ``Transaction`` (``store.py``) both inherit them and differ only in where a
connection comes from: a new transaction each call, or the one ``store.transaction()`` opened.
Writes are checked in batches (``checks.py``) and written in bulk (``bulk.py``); reads stream,
so a listing of millions of rows never sits in memory.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, select, table

from veracity.errors import ConfigError, InputError, NotFoundError
from veracity.model import (
    Assessment,
    Document,
    Evidence,
    Proposition,
    Resolution,
    Source,
    Statement,
)
from veracity.store import bulk, rows, schema
from veracity.store.bulk import (
    DeferredIndexes,
    StatementLookups,
    batched,
    bulk_pragmas,
    insert,
    insert_checked,
)
from veracity.store.checks import (
    RecordError,
    check_statement_batch,
    check_statements,
    check_value,
    check_values,
    corrected_flags,
    existing,
    first_index,
    fresh_ids,
    no_twins,
    proposition_values,
    unknown,
)
from veracity.store.columns import ClaimColumns, read_claim_columns

# What each kind of record is called in messages, and the tables and decoders behind it.
_KINDS: dict[str, tuple[Table, Callable[[Any], Any]]] = {
    "sources": (schema.sources, rows.source_from),
    "documents": (schema.documents, rows.document_from),
    "propositions": (schema.propositions, rows.proposition_from),
    "statements": (schema.statements, rows.statement_from),
    "evidence": (schema.evidence, rows.evidence_from),
    "resolutions": (schema.resolutions, rows.resolution_from),
}
KINDS: tuple[str, ...] = tuple(_KINDS)


class RecordAccess(ABC):
    """The record methods shared by ``Store`` and ``Transaction``: they differ only in where a
    connection comes from (a new transaction each call, or the one already open)."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Connection]: ...

    @abstractmethod
    def _read(self) -> AbstractContextManager[Connection]: ...

    def writing(self) -> AbstractContextManager[Connection]:
        """A connection in this call's transaction, for store modules (``store.access``)."""
        return self._write()

    def reading(self) -> AbstractContextManager[Connection]:
        """A connection to read on, for store modules (``store.access``)."""
        return self._read()

    # -- writing -------------------------------------------------------------------------

    def add_sources(self, sources: Iterable[Source]) -> int:
        """Add sources; a parent may come later in the same call. Returns how many."""
        n = 0
        with self._write() as conn:
            unresolved: dict[str, int] = {}  # parent id -> first record naming it
            for batch in batched(sources):
                ids = fresh_ids(conn, schema.sources, "source", batch)
                parents: dict[str, int] = {}
                for i, s in batch:
                    if s.parent_id == s.id:
                        raise RecordError(
                            f"source {s.id!r} names itself as its parent",
                            index=i,
                            field="parent",
                            fix="leave parent empty or name another source",
                        )
                    if s.parent_id is not None:
                        parents.setdefault(s.parent_id, i)
                known = existing(conn, schema.sources, list(parents)) | ids
                for parent, i in parents.items():
                    if parent not in known:
                        unresolved.setdefault(parent, i)
                insert(conn, schema.sources, [rows.source_row(s) for _, s in batch])
                for new_id in ids:
                    unresolved.pop(new_id, None)
                n += len(batch)
            if unresolved:
                parent, i = min(unresolved.items(), key=lambda item: item[1])
                raise RecordError(
                    f"unknown parent source {parent!r}",
                    index=i,
                    field="parent",
                    fix="add that source too, or leave parent empty",
                )
        return n

    def add_documents(self, documents: Iterable[Document]) -> int:
        n = 0
        with self._write() as conn:
            for batch in batched(documents):
                fresh_ids(conn, schema.documents, "document", batch)
                outlets = first_index((d.outlet_id, i) for i, d in batch)
                known = existing(conn, schema.sources, list(outlets))
                for outlet, i in outlets.items():
                    if outlet not in known:
                        raise unknown("source", outlet, index=i, field="outlet")
                insert(conn, schema.documents, [rows.document_row(d) for _, d in batch])
                n += len(batch)
        return n

    def add_propositions(self, propositions: Iterable[Proposition]) -> int:
        n = 0
        with self._write() as conn:
            for batch in batched(propositions):
                fresh_ids(conn, schema.propositions, "proposition", batch)
                for i, p in batch:
                    check_values(p, i)
                insert(conn, schema.propositions, [rows.proposition_row(p) for _, p in batch])
                n += len(batch)
        return n

    def add_statements(self, statements: Iterable[Statement], *, replace: bool = False) -> int:
        """Add statements. Returns how many were written.

        With ``replace=True`` (re-extraction), a statement whose id is already stored replaces
        it — unless an analyst corrected the stored one (``corrected``), which is kept.
        """
        if not replace:
            return self.add_statement_rows(rows.statement_tuple(s) for s in statements)
        n = 0
        with self._write() as conn:
            for batch in batched(statements):
                stored = corrected_flags(conn, [s.id for _, s in batch])
                no_twins(batch, "statement")
                batch = [(i, s) for i, s in batch if not stored.get(s.id, False)]
                updates = [(i, s) for i, s in batch if s.id in stored]
                check_statements(conn, batch)
                update_ids = {s.id for _, s in updates}
                insert(
                    conn,
                    schema.statements,
                    [rows.statement_row(s) for _, s in batch if s.id not in update_ids],
                )
                for _, s in updates:
                    table = schema.statements
                    conn.execute(
                        table.update().where(table.c.id == s.id).values(rows.statement_row(s))
                    )
                n += len(batch)
        return n

    def add_statement_rows(self, statement_rows: Iterable[tuple[Any, ...]]) -> int:
        """Add statements given as tuples in ``rows.STATEMENT_COLUMNS`` order; returns how many.

        The bulk path behind ``add_statements`` and file imports: no model object per row.
        Each batch is screened in memory (ids repeated in the batch, proposition values and
        document lengths looked up once per import), then written in one executemany (SQLite)
        or COPY (PostgreSQL) under a savepoint, the database itself refusing duplicate ids and
        unknown sources. Any doubt sends the batch through the record-by-record checks, so
        errors name the same record and field as ever.
        """
        n = 0
        with self._write() as conn, bulk_pragmas(conn):
            lookups = StatementLookups(conn)
            indexes = DeferredIndexes(conn, schema.statements)
            for batch in batched(statement_rows):
                indexes.consider(n)
                tuples = [r for _, r in batch]
                if lookups.doubtful(tuples):
                    check_statement_batch(conn, batch)
                insert_checked(conn, schema.statements, tuples, batch, check_statement_batch)
                n += len(batch)
            indexes.rebuild()
        return n

    def update_statement(self, statement: Statement) -> None:
        """An analyst's correction: overwrite the stored statement and mark it corrected."""
        table = schema.statements
        with self._write() as conn:
            check_statements(conn, [(0, statement)])
            values = rows.statement_row(statement) | {"corrected": True}
            result = conn.execute(table.update().where(table.c.id == statement.id).values(values))
            if result.rowcount == 0:
                raise NotFoundError(f"no statement {statement.id!r} in the store")

    def add_evidence(self, evidence: Iterable[Evidence]) -> int:
        n = 0
        with self._write() as conn:
            for batch in batched(evidence):
                fresh_ids(conn, schema.evidence, "evidence", batch)
                for i, e in batch:
                    if not math.isfinite(e.likelihood_ratio) or e.likelihood_ratio <= 0:
                        raise RecordError(
                            f"evidence {e.id!r}: likelihood_ratio {e.likelihood_ratio!r}",
                            index=i,
                            field="likelihood_ratio",
                            fix="give a finite number > 0 (1 is neutral)",
                        )
                props = first_index((e.proposition_id, i) for i, e in batch)
                known = existing(conn, schema.propositions, list(props))
                for prop, i in props.items():
                    if prop not in known:
                        raise unknown("proposition", prop, index=i, field="proposition")
                insert(conn, schema.evidence, [rows.evidence_row(e) for _, e in batch])
                n += len(batch)
        return n

    def add_resolutions(self, resolutions: Iterable[Resolution]) -> int:
        n = 0
        with self._write() as conn:
            for batch in batched(resolutions):
                fresh_ids(conn, schema.resolutions, "resolution", batch)
                values = proposition_values(conn, [r.proposition_id for _, r in batch])
                for i, r in batch:
                    if r.proposition_id not in values:
                        raise unknown("proposition", r.proposition_id, index=i, field="proposition")
                    check_value(r.value, r.proposition_id, values[r.proposition_id], i)
                checkers = first_index((r.source_id, i) for i, r in batch)
                known = existing(conn, schema.sources, list(checkers))
                for checker, i in checkers.items():
                    if checker not in known:
                        raise unknown("source", checker, index=i, field="source")
                insert(conn, schema.resolutions, [rows.resolution_row(r) for _, r in batch])
                n += len(batch)
        return n

    def save_assessment(self, assessment: Assessment) -> None:
        a = assessment
        with self._write() as conn:
            fresh_ids(conn, schema.assessments, "assessment", [(0, a)])
            try:
                row = rows.assessment_row(a)
            except (TypeError, ValueError) as exc:
                raise InputError(
                    f"assessment {a.id!r}: parameters cannot be stored ({exc})",
                    field="parameters",
                    fix="use JSON values: numbers, strings, booleans, lists, dicts",
                ) from None
            insert(conn, schema.assessments, [row])
            for batch in batched(a.propositions):
                insert(
                    conn,
                    schema.assessment_propositions,
                    [rows.assessment_proposition_row(a.id, p) for _, p in batch],
                )
            for source_batch in batched(a.sources):
                insert(
                    conn,
                    schema.assessment_sources,
                    [rows.assessment_source_row(a.id, s) for _, s in source_batch],
                )

    # -- reading -------------------------------------------------------------------------

    def stream(self, kind: str, **where: str | None) -> Iterator[Any]:
        """Records of one kind (``sources``, ``statements``…) in the order they were added.

        Streams: a listing of millions of rows never sits in memory. ``where`` filters on
        columns, e.g. ``stream("statements", proposition_id="P1")``; None means no filter.
        """
        if kind not in _KINDS:
            raise ConfigError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
        table, decode = _KINDS[kind]
        query = select(table).order_by(table.c.seq)
        for column, value in where.items():
            if value is not None:
                query = query.where(table.c[column] == value)
        with self._read() as conn:
            # On the statement, not the connection: Connection.execution_options changes the
            # connection in place, and later INSERTs in a transaction must not stream.
            result = conn.execute(query.execution_options(yield_per=bulk.BATCH_SIZE))
            for row in result.mappings():
                yield decode(row)

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the store holds as records of ``kind``: lets an importer whose ids
        come from the content skip what an earlier import already wrote."""
        if kind not in _KINDS:
            raise ConfigError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
        with self._read() as conn:
            return existing(conn, _KINDS[kind][0], sorted(set(ids)))

    def sources(self) -> list[Source]:
        return list(self.stream("sources"))

    def source(self, source_id: str) -> Source:
        return self._one("sources", source_id)

    def documents(self) -> list[Document]:
        return list(self.stream("documents"))

    def document(self, document_id: str) -> Document:
        return self._one("documents", document_id)

    def document_by_hash(self, content_hash: str) -> Document | None:
        table = schema.documents
        query = select(table).where(table.c.content_hash == content_hash).order_by(table.c.seq)
        with self._read() as conn:
            row = conn.execute(query.limit(1)).mappings().first()
        return None if row is None else rows.document_from(row)

    def propositions(self) -> list[Proposition]:
        return list(self.stream("propositions"))

    def proposition(self, proposition_id: str) -> Proposition:
        return self._one("propositions", proposition_id)

    def statements(
        self,
        *,
        proposition_id: str | None = None,
        source_id: str | None = None,
        document_id: str | None = None,
    ) -> list[Statement]:
        return list(
            self.stream(
                "statements",
                proposition_id=proposition_id,
                source_id=source_id,
                document_id=document_id,
            )
        )

    def statement(self, statement_id: str) -> Statement:
        return self._one("statements", statement_id)

    def claim_columns(self, *, exclude_resolved: bool = True) -> ClaimColumns:
        """Statements as integer-coded columns for fusion (see ``veracity.store.columns``),
        in insertion order; by default only those on propositions without a resolution."""
        with self._read() as conn:
            return read_claim_columns(conn, resolved=False if exclude_resolved else None)

    def resolved_claim_columns(self) -> ClaimColumns:
        """Statements on resolved propositions as columns, with the resolved value per row
        (``resolved_value``; the latest resolution of a proposition counts): track records."""
        with self._read() as conn:
            return read_claim_columns(conn, resolved=True)

    def evidence(self, *, proposition_id: str | None = None) -> list[Evidence]:
        return list(self.stream("evidence", proposition_id=proposition_id))

    def resolutions(self) -> list[Resolution]:
        return list(self.stream("resolutions"))

    def latest_assessment(self, method: str | None = None) -> Assessment | None:
        """The assessment saved last (of ``method`` if given), or None."""
        table = schema.assessments
        query = select(table.c.id).order_by(table.c.seq.desc()).limit(1)
        if method is not None:
            query = query.where(table.c.method == method)
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else self.assessment(found)

    def assessment(self, assessment_id: str) -> Assessment:
        a, ap, src = schema.assessments, schema.assessment_propositions, schema.assessment_sources
        with self._read() as conn:
            row = conn.execute(select(a).where(a.c.id == assessment_id)).mappings().first()
            if row is None:
                raise NotFoundError(f"no assessment {assessment_id!r} in the store")
            props = conn.execute(
                select(ap).where(ap.c.assessment_id == assessment_id).order_by(ap.c.seq)
            )
            srcs = conn.execute(
                select(src).where(src.c.assessment_id == assessment_id).order_by(src.c.seq)
            )
            return rows.assessment_from(row, list(props.mappings()), list(srcs.mappings()))

    def counts(self) -> dict[str, int]:
        """Rows per table, for every table in the store (feature tables included)."""
        with self._read() as conn:
            names = sorted(inspect(conn).get_table_names())
            out: dict[str, int] = {}
            for name in names:
                count = select(func.count()).select_from(table(name))
                out[name] = conn.execute(count).scalar_one()
            return out

    def _one(self, kind: str, record_id: str) -> Any:
        table, decode = _KINDS[kind]
        with self._read() as conn:
            row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
        if row is None:
            singular = "evidence" if kind == "evidence" else kind[:-1]
            raise NotFoundError(f"no {singular} {record_id!r} in the store")
        return decode(row)
