"""SQLite under contention, and the --db values that used to be accepted silently: readers
never wait for a writer, writers wait (and retry) and then say who holds the lock."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.errors import ConfigError
from veracity.model import Source
from veracity.store import open_store, resolve_url


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process that takes the store's write lock and keeps it (as a long import does).
    Returns once the lock is held."""
    code = textwrap.dedent(
        f"""
        import sqlite3, sys, time
        c = sqlite3.connect({str(db)!r}, isolation_level=None)
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT INTO sources (id, name, kind) VALUES ('held', 'Held', 'person')")
        print("locked", flush=True)
        time.sleep({seconds})
        c.execute("COMMIT")
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "v.db"
    with open_store(str(path)) as s:
        s.add_sources([Source(id="peskov", name="Dmitry Peskov")])
    return path


def test_a_reader_does_not_wait_for_a_writer(db):
    holder = hold_write_lock(db, 20)
    try:
        started = time.monotonic()
        r = CliRunner().invoke(cli, ["sources", "--json", "--db", str(db)])
        spent = time.monotonic() - started
        assert r.exit_code == 0, r.output
        assert [s["id"] for s in json.loads(r.stdout)] == ["peskov"]  # the committed state
        assert spent < 2, spent
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_waits_for_the_lock_and_then_writes(db, monkeypatch):
    monkeypatch.setenv("VERACITY_LOCK_WAIT", "20")
    holder = hold_write_lock(db, 1.5)
    try:
        with open_store(str(db)) as s:
            assert s.add_sources([Source(id="lavrov", name="Sergei Lavrov")]) == 1
            assert {x.id for x in s.sources()} == {"peskov", "held", "lavrov"}
    finally:
        holder.wait()


def test_a_writer_that_gives_up_says_who_holds_the_lock(db, monkeypatch):
    monkeypatch.setenv("VERACITY_LOCK_WAIT", "0.5")
    holder = hold_write_lock(db, 20)
    try:
        with open_store(str(db)) as s, pytest.raises(ConfigError) as err:
            s.add_sources([Source(id="lavrov", name="Sergei Lavrov")])
        message = str(err.value)
        assert "locked by another writer" in message
        assert f"pid {holder.pid}" in message and "sqlite3" in message
        assert "VERACITY_LOCK_WAIT" in message and "check --db" not in message
    finally:
        holder.kill()
        holder.wait()


def test_an_up_to_date_store_opens_without_the_write_lock(db, monkeypatch):
    monkeypatch.setenv("VERACITY_LOCK_WAIT", "0.2")
    holder = hold_write_lock(db, 20)
    try:
        started = time.monotonic()
        with open_store(str(db)) as s:  # migrate=True: nothing to do, so nothing to wait for
            assert s.pending_migrations() == []
        assert time.monotonic() - started < 2
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "the database URL is empty"),
        ("   ", "the database URL is empty"),
        (":memory:", "in-memory store keeps nothing"),
        ("sqlite://", "in-memory store keeps nothing"),
        ("sqlite:///:memory:", "in-memory store keeps nothing"),
        ("postgresql+asyncpg://u@127.0.0.1/x", "psycopg driver, not 'asyncpg'.*pip install"),
        ("postgresql+psycopg2://u@127.0.0.1/x", "not 'psycopg2'"),
        ("mysql://u@127.0.0.1/x", "SQLite or PostgreSQL, not 'mysql'"),
    ],
)
def test_db_values_that_would_lose_data_are_refused(value, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["sources", "--db", value])
    assert r.exit_code == 2
    assert __import__("re").search(message, r.stderr), r.stderr
    assert "Traceback" not in r.output
    assert not (tmp_path / "veracity.db").exists()  # no silent fallback to ./veracity.db


def test_library_in_memory_store_still_works():
    with open_store(":memory:") as s:
        s.add_sources([Source(id="a", name="A")])
        assert s.source("a").name == "A"
    assert resolve_url("postgres://u@h/d").drivername == "postgresql+psycopg"
