"""Where the store lives: a database URL turned into a configured SQLAlchemy engine.

``None`` -> ``$VERACITY_DB`` -> ``./veracity.db``. A plain path means a SQLite file; a URL names
its backend (``sqlite:///x.db``, ``postgresql+psycopg://user@host/db``; a bare
``postgresql://`` or ``postgres://`` gets the psycopg driver, the one veracity installs).
"""

from __future__ import annotations

import os
import sqlite3
import time
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
#: seconds a SQLite writer waits for another writer's lock in all (``$VERACITY_LOCK_WAIT``)
LOCK_WAIT = 600.0
BUSY_TIMEOUT = 30.0  # seconds of SQLite's own busy wait per attempt within LOCK_WAIT
DRIVERS = {"postgresql": "psycopg", "sqlite": "pysqlite"}
URL_HINT = "give a file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"


def resolve_url(url: str | URL | None = None) -> URL:
    """The database URL to use, from the argument, the environment, or the default file."""
    if isinstance(url, URL):
        raw: str = url.render_as_string(hide_password=False)
    elif url is not None and not url.strip():
        raise ConfigError(f"the database URL is empty — {URL_HINT}")
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
    if backend == "postgres":
        backend = "postgresql"
    if backend in DRIVERS:
        driver = parsed.drivername.partition("+")[2] or DRIVERS[backend]
        if driver != DRIVERS[backend]:
            install = " (pip install 'veracity[postgres]')" if backend == "postgresql" else ""
            raise ConfigError(
                f"veracity talks to {backend} through the {DRIVERS[backend]} driver, not "
                f"{driver!r} — write {backend}+{DRIVERS[backend]}://…{install}"
            )
        return parsed.set(drivername=f"{backend}+{DRIVERS[backend]}")
    raise ConfigError(
        f"veracity stores data in SQLite or PostgreSQL, not {parsed.drivername!r} — give a "
        "file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"
    )


def refuse_ephemeral(url: URL) -> None:
    """A command-line ``--db`` must name a store that outlives the command: an in-memory
    SQLite database would take an import, report success and keep nothing."""
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise ConfigError(
            "an in-memory store keeps nothing after the command ends — give --db a file path "
            "(or use open_store(':memory:') from Python)"
        )


def lock_holders(url: URL) -> list[str]:
    """Other processes that have the SQLite store open ("pid 123: veracity import x.csv"),
    read from /proc where there is one: what to wait for, or stop, when the store is locked."""
    database = url.database
    proc = Path("/proc")
    if not database or not proc.is_dir():
        return []
    target = str(Path(database).expanduser().resolve())
    names = {target, target + "-wal", target + "-journal"}
    me = os.getpid()
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if not any(os.readlink(fd) in names for fd in (entry / "fd").iterdir()):
                continue
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found.append(f"pid {entry.name}: {_short_command(cmd)}")
    return found


def _short_command(cmd: str) -> str:
    words = cmd.split()
    for i, w in enumerate(words):  # from the veracity command on, if it is one
        if w.endswith("veracity") or w == "veracity.cli" or w.endswith("/veracity"):
            words = ["veracity", *words[i + 1 :]]
            break
    text = " ".join(words)
    return text if len(text) <= 80 else text[:77] + "…"


def describe_database_error(url: URL, reason: str) -> str:
    """The message for a database failure; for a lock, who holds it and what to do."""
    if "locked" not in reason and "busy" not in reason:
        return f"the store {url} failed: {reason}"
    holders = lock_holders(url) if url.get_backend_name() == "sqlite" else []
    who = f" (open in {'; '.join(holders)})" if holders else ""
    return (
        f"the store {url} is locked by another writer{who} — waited {lock_wait():g} s; "
        f"let it finish and try again, or raise ${LOCK_WAIT_VAR}"
    )


LOCK_WAIT_VAR = "VERACITY_LOCK_WAIT"


def lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_VAR, LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


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
        kwargs = {"connect_args": {"timeout": min(BUSY_TIMEOUT, lock_wait())}}
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
    """Readers BEGIN (deferred: in WAL they never wait for a writer); writers BEGIN IMMEDIATE,
    so a second writer waits at the start, not half-way — and waits again, after SQLite's own
    busy timeout, until ``lock_wait()`` seconds have passed in all."""
    if not conn.get_execution_options().get(WRITE_OPTION, False):
        conn.exec_driver_sql("BEGIN")
        return
    give_up = time.monotonic() + lock_wait()
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except Exception as exc:  # sqlalchemy.exc.OperationalError wrapping sqlite3's
            orig = getattr(exc, "orig", exc)
            locked = isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)
            if not locked or time.monotonic() >= give_up:
                raise
            time.sleep(0.05)
