"""Migration "web_facets": indexes that make the workbench's facets cheap at 100k statements.

A facet counts rows per value (``GROUP BY stance``). Without an index on the column, SQLite
reads every statement row, quotes included (~150-300 ms at 100k statements on a busy machine);
with one it reads the index alone (a covering scan). ``source_id`` and ``proposition_id`` have
theirs already (foreign keys); this adds ``stance``, ``corrected`` and ``time`` (the month facet
and the date filter), and documents' ``published``. Large SQLite imports drop and rebuild them
with the others (``store.bulk.DeferredIndexes``).
"""

from __future__ import annotations

from sqlalchemy import Connection, Index

from veracity.store import schema

INDEXES = (
    Index("ix_statements_stance", schema.statements.c.stance),
    Index("ix_statements_corrected", schema.statements.c.corrected),
    Index("ix_statements_time", schema.statements.c.time),
    Index("ix_documents_published", schema.documents.c.published),
)


def migrate(conn: Connection) -> None:
    """Create the facet indexes (inside the migration's transaction)."""
    for index in INDEXES:
        index.create(conn, checkfirst=True)
