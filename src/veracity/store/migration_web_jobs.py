"""Migration "web_jobs": the workbench's ingest jobs, kept in the store (``jobs.py``).

A job kept only in the server's memory vanished with a restart: its page said "no such job"
and nobody could tell whether the upload went in. One row per job (who started it, in which
case, its state, how many documents of how many, problems, the result as JSON) survives the
restart; a job that was running when the server stopped is shown as interrupted.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, Table, Text

from veracity.store.schema import metadata

jobs = Table(
    "web_jobs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("who", Text, nullable=False),
    Column("case_name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("message", Text, nullable=False),
    Column("problems", Text, nullable=False),  # a JSON array of strings
    Column("result", Text, nullable=False),  # a JSON object
    Column("started", Text, nullable=False),  # ISO 8601 UTC
    Column("updated", Text, nullable=False),
)


def migrate(conn: Connection) -> None:
    """Create the jobs table (inside the migration's transaction)."""
    metadata.create_all(conn, tables=[jobs], checkfirst=False)
