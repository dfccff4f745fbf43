"""Versioned schema changes, recorded in a ``veracity_migrations`` table as sqlite-utils does.

``MIGRATIONS`` is an ordered list. A feature that needs tables adds ONE line at its end naming a
function in its own module, e.g.::

    Migration(2, "ach", "veracity.store.migration_ach:migrate"),

The function takes a SQLAlchemy ``Connection`` inside an open transaction and creates its tables
(``my_table.create(conn)``). Each migration runs in its own transaction together with the row
that records it, so a failed migration leaves nothing behind. Never edit an applied migration:
change the schema with a new one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Engine, Integer, Table, Text, select, text

from veracity.errors import ConfigError
from veracity.store.engine import WRITE_OPTION
from veracity.store.schema import metadata

MigrationFunction = Callable[[Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema change: a version number, a name, and the function that applies it."""

    version: int
    name: str
    apply: MigrationFunction | str  # a function or "package.module:function"

    def function(self) -> MigrationFunction:
        if callable(self.apply):
            return self.apply
        module, _, attr = self.apply.partition(":")
        return getattr(importlib.import_module(module), attr or "migrate")


@dataclass(frozen=True, slots=True)
class AppliedMigration:
    version: int
    name: str
    applied_at: datetime


MIGRATIONS: list[Migration] = [
    Migration(1, "core", "veracity.store.schema:create_core_tables"),
    Migration(2, "ach", "veracity.store.migration_ach:migrate"),
    Migration(3, "tactics", "veracity.store.migration_tactics:migrate"),
    Migration(4, "corrections", "veracity.store.migration_corrections:migrate"),
    Migration(5, "web", "veracity.store.migration_web:migrate"),
    Migration(6, "claimreview", "veracity.store.migration_claimreview:migrate"),
    Migration(7, "sources", "veracity.store.migration_sources:migrate"),
    Migration(8, "web_facets", "veracity.store.migration_web_facets:migrate"),
    Migration(9, "web_search", "veracity.store.migration_web_search:migrate"),
    Migration(10, "web_jobs", "veracity.store.migration_web_jobs:migrate"),
]

migrations_table = Table(
    "veracity_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

# Any constant will do: it only serialises concurrent migrators on one PostgreSQL database.
_PG_LOCK_KEY = 0x7665726163


def check_order(migrations: list[Migration]) -> None:
    """Versions must be unique and increasing, names unique: a merge mistake shows at once."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise ConfigError(f"migration versions must increase strictly, found {versions}")
    names = [m.name for m in migrations]
    if len(set(names)) != len(names):
        raise ConfigError(f"migration names must be unique, found {names}")


def applied(conn: Connection) -> list[AppliedMigration]:
    """The migrations recorded in the store, oldest first (empty for a fresh store)."""
    if not conn.dialect.has_table(conn, migrations_table.name):
        return []
    rows = conn.execute(select(migrations_table).order_by(migrations_table.c.version))
    return [AppliedMigration(r.version, r.name, datetime.fromisoformat(r.applied_at)) for r in rows]


def pending(conn: Connection, migrations: list[Migration] | None = None) -> list[Migration]:
    """The migrations this code knows and the store has not applied yet."""
    migrations = MIGRATIONS if migrations is None else migrations
    done = {m.version: m for m in applied(conn)}
    known = {m.version for m in migrations}
    newer = sorted(set(done) - known)
    if newer:
        names = ", ".join(f"{v} {done[v].name!r}" for v in newer)
        raise ConfigError(
            f"the store has migrations this veracity does not know ({names}) — it was written "
            "by a newer veracity: upgrade veracity, or use another --db"
        )
    return [m for m in migrations if m.version not in done]


def migrate(
    engine: Engine,
    migrations: list[Migration] | None = None,
    *,
    before: Callable[[list[Migration], list[Migration]], None] | None = None,
) -> list[Migration]:
    """Apply pending migrations in order, each in its own transaction; return those applied.
    ``before(pending, known)``, if given, is told what will be applied first (the command line
    says so on stderr when an existing store is upgraded)."""
    migrations = MIGRATIONS if migrations is None else migrations
    check_order(migrations)
    # A read first: a store that is up to date is not locked for writing (on SQLite a writer's
    # BEGIN IMMEDIATE would make every read-only command wait for a running import).
    with engine.execution_options(**{WRITE_OPTION: False}).connect() as conn:
        to_apply = pending(conn, migrations)
        if not to_apply:
            return []
    if before is not None:
        before(to_apply, migrations)
    with engine.begin() as conn:
        _lock(conn)
        migrations_table.create(conn, checkfirst=True)
    done: list[Migration] = []
    for migration in migrations:
        with engine.begin() as conn:
            _lock(conn)
            # Re-read inside the transaction: another process may have applied it meanwhile.
            if migration not in pending(conn, migrations):
                continue
            migration.function()(conn)
            conn.execute(
                migrations_table.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).isoformat(),
                )
            )
        done.append(migration)
    return done


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
