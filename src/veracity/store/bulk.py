"""The bulk road of writes: plain tuples in one ``executemany`` (SQLite) or ``COPY``
(PostgreSQL) per batch under a savepoint, lookups fetched once per import, and SQLite's
secondary indexes rebuilt once after a large import instead of updated row by row.

A batch the database refuses is undone and handed to ``checks`` record by record, so the
message names the same record and field as the careful road's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from veracity.errors import InputError
from veracity.store.checks import document_lengths, proposition_values

T = TypeVar("T")

#: records written per batch (one executemany or COPY); also bounds the memory an import holds
BATCH_SIZE = 10_000
# Lookups (proposition values, document lengths) an import keeps between batches, at most.
LOOKUP_LIMIT = 200_000
# SQLite page cache while a bulk write runs, in KiB (negative: the PRAGMA's unit); the
# connection's own setting comes back afterwards.
BULK_CACHE_KIB = 65_536


def batched(items: Iterable[T]) -> Iterator[list[tuple[int, T]]]:
    numbered = enumerate(items)
    while batch := list(islice(numbered, BATCH_SIZE)):
        yield batch


def insert(conn: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    if not values:
        return
    columns = write_columns(table)
    try:
        bulk_insert(conn, table, [tuple(v[c] for c in columns) for v in values])
    except IntegrityError as exc:
        # The checks above should have caught it; a concurrent writer may not have been seen.
        raise refused(table, exc) from None


def refused(table: Table, exc: IntegrityError) -> InputError:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return InputError(
        f"the store refused a {table.name} row: {reason}",
        fix="check ids and references (another writer may have added the same id)",
    )


def write_columns(table: Table) -> tuple[str, ...]:
    """The columns a write fills: all but ``seq``, which the database numbers."""
    return tuple(c.name for c in table.columns if c.name != "seq")


def bulk_insert(conn: Connection, table: Table, tuples: list[tuple[Any, ...]]) -> None:
    """Write plain tuples (in ``write_columns`` order) the fastest way the backend offers.

    SQLite: one ``executemany`` of a prepared INSERT. PostgreSQL with psycopg: ``COPY FROM
    STDIN``. Driver errors come out as SQLAlchemy's (``IntegrityError``, ``OperationalError``).
    """
    if not tuples:
        return
    columns = write_columns(table)
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
        assert raw is not None  # an open connection always has its driver's
        try:
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in tuples:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise DBAPIError.instance(sql, None, exc, psycopg.Error) from None
    else:
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in tuples])


def insert_checked(
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
        bulk_insert(conn, table, tuples)
    except IntegrityError as exc:
        savepoint.rollback()
        check(conn, batch)
        raise refused(table, exc) from None
    savepoint.commit()


@contextmanager
def bulk_pragmas(conn: Connection) -> Iterator[None]:
    """SQLite: a larger page cache while a bulk write runs (indexes stay in memory), then the
    connection's own setting again. Durability settings are left alone."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or 0)}")


class DeferredIndexes:
    """SQLite: an import that at least doubles a table drops the table's secondary indexes and
    builds them again once at the end — one sort per index instead of a B-tree insert per row
    per index. The unique ``id`` index stays (duplicates are still refused at once). It all
    happens inside the import's transaction, so a failed import's rollback restores them; a
    reader meanwhile sees the last committed state (WAL). PostgreSQL keeps its indexes: dropping
    one would lock readers out of the table for the whole import.

    Triggers on the table go the same way: the full-text index of statements' quotes
    (``migration_web_search``) is kept by triggers, one FTS insert per row (3x the import time
    at 100k statements); it is dropped with the indexes and rebuilt once from the table.
    """

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn = conn
        self.table = table
        self.dropped: list[tuple[str, str, str]] = []
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
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL",
            (self.table.name,),
        )
        self.dropped = [(kind, name, sql) for kind, name, sql in found]
        quote = self.conn.dialect.identifier_preparer.quote
        for kind, name, _ in self.dropped:
            self.conn.exec_driver_sql(f"DROP {kind.upper()} {quote(name)}")

    def rebuild(self) -> None:
        for _, _, sql in self.dropped:
            self.conn.exec_driver_sql(sql)
        if any(kind == "trigger" for kind, _, _ in self.dropped):
            # full-text tables whose content is this table: index the imported rows at once
            fts = self.conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE '%USING fts5%' AND sql LIKE ?",
                (f"%content='{self.table.name}'%",),
            )
            quote = self.conn.dialect.identifier_preparer.quote
            for (name,) in list(fts):
                self.conn.exec_driver_sql(
                    f"INSERT INTO {quote(name)}({quote(name)}) VALUES ('rebuild')"
                )
        self.dropped = []


class StatementLookups:
    """What a statement import looks up in the store, fetched once per import, not per row.

    Proposition values and document lengths stay in memory between batches (bounded by
    ``LOOKUP_LIMIT``); ids and sources are left to the database's unique and foreign keys.
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
        if len(self.values) + len(missing) > LOOKUP_LIMIT:
            self.values.clear()
            missing = sorted(wanted)
        found = proposition_values(self.conn, missing)
        for p in missing:
            v = found.get(p)
            self.values[p] = None if v is None else frozenset(v)

    def _fetch_lengths(self, wanted: set[str]) -> None:
        missing = [d for d in wanted if d not in self.lengths]
        if not missing:
            return
        if len(self.lengths) + len(missing) > LOOKUP_LIMIT:
            self.lengths.clear()
            missing = sorted(wanted)
        found = document_lengths(self.conn, sorted(missing))
        for d in missing:
            self.lengths[d] = found.get(d)
