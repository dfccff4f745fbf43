"""Where the store lives: a database URL turned into a configured SQLAlchemy engine.

``None`` -> ``$VERACITY_DB`` -> ``./veracity.db``. A plain path means a SQLite file; a URL names
its backend (``sqlite:///x.db``, ``postgresql+psycopg://user@host/db``; a bare
``postgresql://`` or ``postgres://`` gets the psycopg driver, the one veracity installs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from veracity.errors import ConfigError

ENV_VAR = "VERACITY_DB"
DEFAULT_PATH = "veracity.db"
#: execution option marking a connection that will write (SQLite: BEGIN IMMEDIATE)
WRITE_OPTION = "veracity_write"


def resolve_url(url: str | URL | None = None) -> URL:
    """The database URL to use, from the argument, the environment, or the default file."""
    if isinstance(url, URL):
        raw: str = url.render_as_string(hide_password=False)
    else:
        raw = url or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in raw:
        if raw == ":memory:":
            return URL.create("sqlite+pysqlite")
        return URL.create("sqlite+pysqlite", database=os.path.expanduser(raw))
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"cannot read the database URL {raw!r} — give a file path, sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if "+" not in parsed.drivername:
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend == "sqlite":
        return parsed
    raise ConfigError(
        f"veracity stores data in SQLite or PostgreSQL, not {parsed.drivername!r} — give a "
        "file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"
    )


def make_engine(url: URL) -> Engine:
    """An engine with veracity's settings: for SQLite, WAL, foreign keys and real transactions."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if url.drivername == "postgresql+psycopg":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ConfigError(
                "PostgreSQL needs the psycopg driver — pip install 'veracity[postgres]'"
            ) from None
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database
    kwargs: dict[str, Any] = {}
    if not database or database == ":memory:":
        # One shared connection, or every checkout would see a new empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    else:
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise ConfigError(
                f"cannot create the store {database!r}: folder {str(folder)!r} does not exist "
                "— create it or choose another --db"
            )
        kwargs = {"connect_args": {"timeout": 30}}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transactions out of the sqlite3 module's hands (it would not wrap DDL, and it would
    # commit before PRAGMAs); SQLAlchemy's "begin" event below issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; far fewer fsyncs
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    writing = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
