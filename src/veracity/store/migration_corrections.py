"""Migration "corrections": the ``corrections`` table, one row per field a person changed.

Rows are only ever added: the table is the history of every analyst's change to any record
(``record_kind`` is the store's kind name, e.g. ``statements``), with who, when, old → new and
why. No foreign key: a history outlives what it describes.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Index, Integer, Table, Text

from veracity.store.schema import metadata

corrections = Table(
    "corrections",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("record_kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("old", Text),
    Column("new", Text),
    Column("who", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("at", Text, nullable=False),  # ISO 8601 UTC, like every datetime in the store
)

Index("ix_corrections_record", corrections.c.record_kind, corrections.c.record_id)


def migrate(conn: Connection) -> None:
    """Create the corrections table (inside the migration's transaction)."""
    metadata.create_all(conn, tables=[corrections], checkfirst=False)
