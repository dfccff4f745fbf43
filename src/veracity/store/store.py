"""The claim store: ``open_store``, ``Store`` (each call its own transaction) and
``Transaction`` (the calls inside ``store.transaction()``, committed together).

Both offer the same record methods (``RecordAccess``, in ``records.py``): model objects in,
model objects out. Writes are checked in batches against the store (``checks.py``: duplicate
ids, unknown references, values a proposition does not have) so that bad input raises an
``InputError`` naming the field, never a driver error, and a large input streams through in
constant memory. Statements, the bulk of any store, take a faster road (``bulk.py``): plain
tuples, one executemany (SQLite) or COPY (PostgreSQL) per batch under a savepoint; a batch in
doubt is undone and checked record by record, so the messages are the same as the careful
road's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import URL, Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from veracity.errors import ConfigError
from veracity.store import migrations
from veracity.store.engine import (
    WRITE_OPTION,
    describe_database_error,
    make_engine,
    resolve_url,
)
from veracity.store.migrations import Migration
from veracity.store.records import RecordAccess

#: told (pending, known migrations) before an existing or new store is migrated
MigrationNotice = Callable[[list[Migration], list[Migration]], None]


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
            raise ConfigError(describe_database_error(self.url, _reason(exc))) from None

    def migrate(self, *, before: MigrationNotice | None = None) -> list[Migration]:
        """Apply pending migrations; returns those applied now (``before``: see
        ``migrations.migrate``)."""
        return migrations.migrate(self._writer, before=before)

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


def open_store(
    url: str | URL | None = None,
    *,
    migrate: bool = True,
    on_migrate: MigrationNotice | None = None,
) -> Store:
    """Open (and by default create or migrate) the store at ``url``.

    ``None`` -> ``$VERACITY_DB`` -> ``./veracity.db``; a path or ``sqlite:///x.db`` is a SQLite
    file, ``postgresql+psycopg://user@host/db`` a PostgreSQL database. Migrations run only when
    the store's schema is behind this code; ``on_migrate(pending, known)`` is told first.
    """
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    store = Store(engine)
    try:
        with engine.connect():
            pass
        if migrate:
            store.migrate(before=on_migrate)
    except DatabaseError as exc:
        engine.dispose()
        reason = _reason(exc)
        if "locked" in reason or "busy" in reason:  # the store is fine: another process has it
            raise ConfigError(describe_database_error(resolved, reason)) from None
        raise ConfigError(
            f"cannot open the store {resolved}: {reason} — check --db or $VERACITY_DB"
        ) from None
    return store


def _reason(exc: DatabaseError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
