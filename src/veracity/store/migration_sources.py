"""Migration "sources": the ``source_aliases`` table, the other names a source goes by
(read and written by ``source_aliases.py``, which also holds analysts' merges and splits)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    Table,
    Text,
)

from veracity.store.schema import metadata, ref_column

source_aliases = Table(
    "source_aliases",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    ref_column("source_id", "sources.id", nullable=False),
    Column("alias", Text, nullable=False),
    Column("key", Text, nullable=False, index=True),  # the normalised alias (see ingest.sources)
    Column("origin", Text, nullable=False),  # "ingest" or "analyst"
)


def migrate(conn: Connection) -> None:
    """Create the alias table (inside the migration's transaction)."""
    metadata.create_all(conn, tables=[source_aliases], checkfirst=False)
