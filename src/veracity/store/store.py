"""The claim store: model objects in, model objects out, every write checked before it lands.

``Store`` and ``Transaction`` offer the same record methods (``RecordAccess``); a ``Store`` call
is its own transaction, a ``Transaction`` call joins the one that ``store.transaction()`` opened.
Writes are checked in batches against the store (duplicate ids, unknown references, values a
proposition does not have) so that bad input raises an ``InputError`` naming the field, never a
driver error, and a large input streams through in constant memory.

Statements, the bulk of any store, take a faster road (``add_statement_rows``): plain tuples,
one executemany (SQLite) or COPY (PostgreSQL) per batch under a savepoint, lookups cached for
the whole import, and the database's own keys for ids and sources; a batch in doubt is undone
and checked record by record, so the messages are the same as the careful road's.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, Table, func, inspect, select, table
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError

from veracity.errors import ConfigError, InputError, NotFoundError
from veracity.model import (
    Assessment,
    Document,
    Evidence,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    Statement,
)
from veracity.store import migrations, rows, schema
from veracity.store.columns import ClaimColumns, read_claim_columns
from veracity.store.engine import WRITE_OPTION, make_engine, resolve_url
from veracity.store.migrations import Migration

T = TypeVar("T")

#: records written per batch (one executemany or COPY); also bounds the memory an import holds
BATCH_SIZE = 10_000
# Lookups (proposition values, document lengths) an import keeps between batches, at most.
_LOOKUP_LIMIT = 200_000
# SQLite page cache while a bulk write runs, in KiB (negative: the PRAGMA's unit); the
# connection's own setting comes back afterwards.
_BULK_CACHE_KIB = 65_536
# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
_IN_CHUNK = 500


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


def _batched(items: Iterable[T]) -> Iterator[list[tuple[int, T]]]:
    numbered = enumerate(items)
    while batch := list(islice(numbered, BATCH_SIZE)):
        yield batch


def _chunks(keys: list[Any], size: int = _IN_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


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
            for batch in _batched(sources):
                ids = _fresh_ids(conn, schema.sources, "source", batch)
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
                known = _existing(conn, schema.sources, list(parents)) | ids
                for parent, i in parents.items():
                    if parent not in known:
                        unresolved.setdefault(parent, i)
                _insert(conn, schema.sources, [rows.source_row(s) for _, s in batch])
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
            for batch in _batched(documents):
                _fresh_ids(conn, schema.documents, "document", batch)
                outlets = _first_index((d.outlet_id, i) for i, d in batch)
                known = _existing(conn, schema.sources, list(outlets))
                for outlet, i in outlets.items():
                    if outlet not in known:
                        raise _unknown("source", outlet, index=i, field="outlet")
                _insert(conn, schema.documents, [rows.document_row(d) for _, d in batch])
                n += len(batch)
        return n

    def add_propositions(self, propositions: Iterable[Proposition]) -> int:
        n = 0
        with self._write() as conn:
            for batch in _batched(propositions):
                _fresh_ids(conn, schema.propositions, "proposition", batch)
                for i, p in batch:
                    _check_values(p, i)
                _insert(conn, schema.propositions, [rows.proposition_row(p) for _, p in batch])
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
            for batch in _batched(statements):
                stored = _corrected_flags(conn, [s.id for _, s in batch])
                _no_twins(batch, "statement")
                batch = [(i, s) for i, s in batch if not stored.get(s.id, False)]
                updates = [(i, s) for i, s in batch if s.id in stored]
                _check_statements(conn, batch)
                update_ids = {s.id for _, s in updates}
                _insert(
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
        with self._write() as conn, _bulk_pragmas(conn):
            lookups = _StatementLookups(conn)
            indexes = _DeferredIndexes(conn, schema.statements)
            for batch in _batched(statement_rows):
                indexes.consider(n)
                tuples = [r for _, r in batch]
                if lookups.doubtful(tuples):
                    _check_statement_batch(conn, batch)
                _insert_checked(conn, schema.statements, tuples, batch, _check_statement_batch)
                n += len(batch)
            indexes.rebuild()
        return n

    def update_statement(self, statement: Statement) -> None:
        """An analyst's correction: overwrite the stored statement and mark it corrected."""
        table = schema.statements
        with self._write() as conn:
            _check_statements(conn, [(0, statement)])
            values = rows.statement_row(statement) | {"corrected": True}
            result = conn.execute(table.update().where(table.c.id == statement.id).values(values))
            if result.rowcount == 0:
                raise NotFoundError(f"no statement {statement.id!r} in the store")

    def add_evidence(self, evidence: Iterable[Evidence]) -> int:
        n = 0
        with self._write() as conn:
            for batch in _batched(evidence):
                _fresh_ids(conn, schema.evidence, "evidence", batch)
                for i, e in batch:
                    if not math.isfinite(e.likelihood_ratio) or e.likelihood_ratio <= 0:
                        raise RecordError(
                            f"evidence {e.id!r}: likelihood_ratio {e.likelihood_ratio!r}",
                            index=i,
                            field="likelihood_ratio",
                            fix="give a finite number > 0 (1 is neutral)",
                        )
                props = _first_index((e.proposition_id, i) for i, e in batch)
                known = _existing(conn, schema.propositions, list(props))
                for prop, i in props.items():
                    if prop not in known:
                        raise _unknown("proposition", prop, index=i, field="proposition")
                _insert(conn, schema.evidence, [rows.evidence_row(e) for _, e in batch])
                n += len(batch)
        return n

    def add_resolutions(self, resolutions: Iterable[Resolution]) -> int:
        n = 0
        with self._write() as conn:
            for batch in _batched(resolutions):
                _fresh_ids(conn, schema.resolutions, "resolution", batch)
                values = _proposition_values(conn, [r.proposition_id for _, r in batch])
                for i, r in batch:
                    if r.proposition_id not in values:
                        raise _unknown(
                            "proposition", r.proposition_id, index=i, field="proposition"
                        )
                    _check_value(r.value, r.proposition_id, values[r.proposition_id], i)
                _insert(conn, schema.resolutions, [rows.resolution_row(r) for _, r in batch])
                n += len(batch)
        return n

    def save_assessment(self, assessment: Assessment) -> None:
        a = assessment
        with self._write() as conn:
            _fresh_ids(conn, schema.assessments, "assessment", [(0, a)])
            try:
                row = rows.assessment_row(a)
            except (TypeError, ValueError) as exc:
                raise InputError(
                    f"assessment {a.id!r}: parameters cannot be stored ({exc})",
                    field="parameters",
                    fix="use JSON values: numbers, strings, booleans, lists, dicts",
                ) from None
            _insert(conn, schema.assessments, [row])
            for batch in _batched(a.propositions):
                _insert(
                    conn,
                    schema.assessment_propositions,
                    [rows.assessment_proposition_row(a.id, p) for _, p in batch],
                )
            for batch in _batched(a.sources):
                _insert(
                    conn,
                    schema.assessment_sources,
                    [rows.assessment_source_row(a.id, s) for _, s in batch],
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
            result = conn.execute(query.execution_options(yield_per=BATCH_SIZE))
            for row in result.mappings():
                yield decode(row)

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


class Transaction(RecordAccess):
    """The record methods inside one transaction, opened by ``store.transaction()``."""

    def __init__(self, conn: Connection, store: Store) -> None:
        self.connection = conn
        self.store = store

    def _write(self) -> AbstractContextManager[Connection]:
        return nullcontext(self.connection)

    def _read(self) -> AbstractContextManager[Connection]:
        return nullcontext(self.connection)


class Store(RecordAccess):
    """A veracity store: open with ``open_store``; each method call is its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Writes say so up front: on SQLite they take the write lock at BEGIN (IMMEDIATE), so
        # two writers queue on the busy timeout instead of one failing half-way.
        self._writer = engine.execution_options(**{WRITE_OPTION: True})

    @property
    def url(self) -> URL:
        """The database URL (its password masked when printed)."""
        return self.engine.url

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All writes inside commit together at exit, or none do if anything raises."""
        with self._database_errors(), self._writer.begin() as conn:
            yield Transaction(conn, self)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._database_errors(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._database_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        # A locked, full, read-only or vanished database is not bad input: say which store.
        try:
            yield
        except OperationalError as exc:
            raise ConfigError(f"the store {self.url} failed: {_reason(exc)}") from None

    def migrate(self) -> list[Migration]:
        """Apply pending migrations; returns those applied now."""
        return migrations.migrate(self._writer)

    def pending_migrations(self) -> list[Migration]:
        with self.engine.connect() as conn:
            return migrations.pending(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url}>"


def open_store(url: str | URL | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default create or migrate) the store at ``url``.

    ``None`` -> ``$VERACITY_DB`` -> ``./veracity.db``; a path or ``sqlite:///x.db`` is a SQLite
    file, ``postgresql+psycopg://user@host/db`` a PostgreSQL database.
    """
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    store = Store(engine)
    try:
        with engine.connect():
            pass
        if migrate:
            store.migrate()
    except DatabaseError as exc:
        engine.dispose()
        raise ConfigError(
            f"cannot open the store {resolved}: {_reason(exc)} — check --db or $VERACITY_DB"
        ) from None
    return store


def _reason(exc: DatabaseError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)


# -- checks shared by the writers -------------------------------------------------------------


def _insert(conn: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    if not values:
        return
    columns = _write_columns(table)
    try:
        _bulk_insert(conn, table, [tuple(v[c] for c in columns) for v in values])
    except IntegrityError as exc:
        # The checks above should have caught it; a concurrent writer may not have been seen.
        raise _refused(table, exc) from None


def _refused(table: Table, exc: IntegrityError) -> InputError:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return InputError(
        f"the store refused a {table.name} row: {reason}",
        fix="check ids and references (another writer may have added the same id)",
    )


def _write_columns(table: Table) -> tuple[str, ...]:
    """The columns a write fills: all but ``seq``, which the database numbers."""
    return tuple(c.name for c in table.columns if c.name != "seq")


def _bulk_insert(conn: Connection, table: Table, tuples: list[tuple[Any, ...]]) -> None:
    """Write plain tuples (in ``_write_columns`` order) the fastest way the backend offers.

    SQLite: one ``executemany`` of a prepared INSERT. PostgreSQL with psycopg: ``COPY FROM
    STDIN``. Driver errors come out as SQLAlchemy's (``IntegrityError``, ``OperationalError``).
    """
    if not tuples:
        return
    columns = _write_columns(table)
    dialect = conn.dialect
    quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    name = dialect.identifier_preparer.format_table(table)
    if dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", tuples)
    elif dialect.name == "postgresql" and dialect.driver == "psycopg":
        import psycopg

        sql = f"COPY {name} ({quoted}) FROM STDIN"
        raw = conn.connection.driver_connection
        try:
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in tuples:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise DBAPIError.instance(sql, None, exc, psycopg.Error) from None
    else:
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in tuples])


def _insert_checked(
    conn: Connection,
    table: Table,
    tuples: list[tuple[Any, ...]],
    batch: list[tuple[int, Any]],
    check: Callable[[Connection, list[tuple[int, Any]]], None],
) -> None:
    """Insert a screened batch under a savepoint; if the database refuses it, undo the batch
    and let ``check`` find and name the offending record."""
    savepoint = conn.begin_nested()
    try:
        _bulk_insert(conn, table, tuples)
    except IntegrityError as exc:
        savepoint.rollback()
        check(conn, batch)
        raise _refused(table, exc) from None
    savepoint.commit()


@contextmanager
def _bulk_pragmas(conn: Connection) -> Iterator[None]:
    """SQLite: a larger page cache while a bulk write runs (indexes stay in memory), then the
    connection's own setting again. Durability settings are left alone."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


class _DeferredIndexes:
    """SQLite: an import that at least doubles a table drops the table's secondary indexes and
    builds them again once at the end — one sort per index instead of a B-tree insert per row
    per index. The unique ``id`` index stays (duplicates are still refused at once). It all
    happens inside the import's transaction, so a failed import's rollback restores them; a
    reader meanwhile sees the last committed state (WAL). PostgreSQL keeps its indexes: dropping
    one would lock readers out of the table for the whole import.
    """

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn = conn
        self.table = table
        self.dropped: list[tuple[str, str]] = []
        self.open = conn.dialect.name == "sqlite"
        self.stored = 0
        if self.open:  # max(seq) bounds the row count and costs one probe; count(*) scans
            self.stored = conn.execute(select(func.max(table.c.seq))).scalar() or 0

    def consider(self, written: int) -> None:
        """Before each batch: drop the indexes once ``written`` rows have at least doubled the
        table (so a small import into a large table never pays a rebuild)."""
        if not self.open or written < BATCH_SIZE or written < self.stored:
            return
        self.open = False
        found = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (self.table.name,),
        )
        self.dropped = [(name, sql) for name, sql in found]
        quote = self.conn.dialect.identifier_preparer.quote
        for name, _ in self.dropped:
            self.conn.exec_driver_sql(f"DROP INDEX {quote(name)}")

    def rebuild(self) -> None:
        for _, sql in self.dropped:
            self.conn.exec_driver_sql(sql)
        self.dropped = []


class _StatementLookups:
    """What a statement import looks up in the store, fetched once per import, not per row.

    Proposition values and document lengths stay in memory between batches (bounded by
    ``_LOOKUP_LIMIT``); ids and sources are left to the database's unique and foreign keys.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.values: dict[str, frozenset[str] | None] = {}
        self.lengths: dict[str, int | None] = {}

    def doubtful(self, tuples: list[tuple[Any, ...]]) -> bool:
        """True if the batch may hold a bad record: then each record is checked in turn."""
        if len({r[0] for r in tuples}) != len(tuples):
            return True
        self._fetch_values({r[2] for r in tuples})
        self._fetch_lengths({r[7] for r in tuples} - {None})
        values, lengths = self.values, self.lengths
        for r in tuples:
            allowed = values[r[2]]
            if allowed is None or r[4] not in allowed:
                return True
            if r[7] is not None:
                length = lengths[r[7]]
                if length is None or (r[9] is not None and r[9] > length):
                    return True
        return False

    def _fetch_values(self, wanted: set[str]) -> None:
        missing = [p for p in wanted if p not in self.values]
        if not missing:
            return
        if len(self.values) + len(missing) > _LOOKUP_LIMIT:
            self.values.clear()
            missing = sorted(wanted)
        found = _proposition_values(self.conn, missing)
        for p in missing:
            v = found.get(p)
            self.values[p] = None if v is None else frozenset(v)

    def _fetch_lengths(self, wanted: set[str]) -> None:
        missing = [d for d in wanted if d not in self.lengths]
        if not missing:
            return
        if len(self.lengths) + len(missing) > _LOOKUP_LIMIT:
            self.lengths.clear()
            missing = sorted(wanted)
        found = _document_lengths(self.conn, sorted(missing))
        for d in missing:
            self.lengths[d] = found.get(d)


def _check_statement_batch(conn: Connection, batch: list[tuple[int, Any]]) -> None:
    """Every check, record by record, on a batch of statement tuples (raises for the first)."""
    records = [(i, rows.StatementRow._make(r)) for i, r in batch]
    _fresh_ids(conn, schema.statements, "statement", records)
    _check_statements(conn, records)


def _first_index(pairs: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for key, i in pairs:
        if key is not None:
            first.setdefault(key, i)
    return first


def _existing(conn: Connection, table: Table, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
    return found


def _no_twins(batch: list[tuple[int, Any]], what: str) -> set[str]:
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


def _fresh_ids(conn: Connection, table: Table, what: str, batch: list[tuple[int, Any]]) -> set[str]:
    ids = _no_twins(batch, what)
    taken = _existing(conn, table, list(ids))
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


def _unknown(what: str, ref: str, *, index: int, field: str) -> RecordError:
    return RecordError(
        f"unknown {what} {ref!r}",
        index=index,
        field=field,
        fix=f"add the {what} first (it must be in the store or earlier in the input)",
    )


def _corrected_flags(conn: Connection, ids: list[str]) -> dict[str, bool]:
    table = schema.statements
    out: dict[str, bool] = {}
    for chunk in _chunks(ids):
        query = select(table.c.id, table.c.corrected).where(table.c.id.in_(chunk))
        out.update((r.id, bool(r.corrected)) for r in conn.execute(query))
    return out


def _proposition_values(conn: Connection, ids: list[str]) -> dict[str, tuple[str, ...]]:
    table = schema.propositions
    out: dict[str, tuple[str, ...]] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = select(table.c.id, table.c["values"]).where(table.c.id.in_(chunk))
        for r in conn.execute(query).mappings():
            out[r["id"]] = tuple(json.loads(r["values"]))
    return out


def _check_values(p: Proposition, index: int) -> None:
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


def _check_value(value: str, proposition_id: str, values: tuple[str, ...], index: int) -> None:
    if value not in values:
        shown = ", ".join(repr(v) for v in values[:10]) + (", …" if len(values) > 10 else "")
        raise RecordError(
            f"value {value!r} is not a value of proposition {proposition_id!r}",
            index=index,
            field="value",
            fix=f"use one of {shown}",
        )


def _check_statements(conn: Connection, batch: list[tuple[int, Any]]) -> None:
    """References and values of statements, reported for the first offending record."""
    sources = _existing(
        conn,
        schema.sources,
        sorted({s.source_id for _, s in batch} | {s.cites_source_id for _, s in batch} - {None}),
    )
    values = _proposition_values(conn, [s.proposition_id for _, s in batch])
    lengths = _document_lengths(conn, sorted({s.document_id for _, s in batch} - {None}))
    for i, s in batch:
        if s.source_id not in sources:
            raise _unknown("source", s.source_id, index=i, field="source")
        if s.proposition_id not in values:
            raise _unknown("proposition", s.proposition_id, index=i, field="proposition")
        _check_value(s.value, s.proposition_id, values[s.proposition_id], i)
        if s.cites_source_id is not None and s.cites_source_id not in sources:
            raise _unknown("source", s.cites_source_id, index=i, field="cites")
        if s.document_id is not None:
            if s.document_id not in lengths:
                raise _unknown("document", s.document_id, index=i, field="document")
            if s.span_end is not None and s.span_end > lengths[s.document_id]:
                raise RecordError(
                    f"span [{s.span_start}, {s.span_end}] runs past the end of document "
                    f"{s.document_id!r} ({lengths[s.document_id]} characters)",
                    index=i,
                    field="span",
                    fix="give character offsets inside the document's text",
                )


def _document_lengths(conn: Connection, ids: list[str]) -> dict[str, int]:
    table = schema.documents
    out: dict[str, int] = {}
    for chunk in _chunks(ids):
        query = select(table.c.id, func.length(table.c.text)).where(table.c.id.in_(chunk))
        out.update((r[0], r[1]) for r in conn.execute(query))
    return out
