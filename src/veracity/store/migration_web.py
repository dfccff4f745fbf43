"""Migration "web": the workbench's accounts and notes tables.

- ``users``: one row per account of a team server (name, role, scrypt password hash).
- ``record_notes``: free-text notes an analyst pins on any record.

Who changed what (old → new, why) lives in the ``corrections`` table of
``veracity.store.corrections``, shared with the CLI. No foreign keys from notes to the record
tables: a note must outlive an edit that renames or removes the record it is pinned on.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Index, Integer, Table, Text

from veracity.store.schema import metadata

users = Table(
    "users",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created", Text, nullable=False),
    Column("disabled", Integer, nullable=False, default=0),
)

record_notes = Table(
    "record_notes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("text", Text, nullable=False),
)

Index("ix_record_notes_record", record_notes.c.kind, record_notes.c.record_id)

WEB_TABLES = (users, record_notes)


def migrate(conn: Connection) -> None:
    """Create the workbench tables (inside the migration's transaction)."""
    metadata.create_all(conn, tables=list(WEB_TABLES), checkfirst=False)
