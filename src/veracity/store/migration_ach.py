"""Migration "ach": the tables of Analysis of Competing Hypotheses matrices.

- ``questions``: what a matrix asks.
- ``hypotheses`` and ``ach_evidence``: ids are unique within their question (every question may
  have its H1), so their key is (question_id, id).
- ``ratings``: every rating ever given, one row each; the current rating of a cell for an analyst
  is their latest (``veracity.ach.matrix.current_ratings``), the rest is history.

An evidence item links to a proposition or a statement of the case (foreign keys), or to neither.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from veracity.store.schema import metadata

questions = Table(
    "questions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("description", Text),
)

hypotheses = Table(
    "hypotheses",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Text, ForeignKey("questions.id"), nullable=False),
    Column("id", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("position", Integer, nullable=False, default=0),
    UniqueConstraint("question_id", "id"),
)

ach_evidence = Table(
    "ach_evidence",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Text, ForeignKey("questions.id"), nullable=False),
    Column("id", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("proposition_id", Text, ForeignKey("propositions.id"), index=True),
    Column("value", Text, nullable=False),
    Column("statement_id", Text, ForeignKey("statements.id"), index=True),
    Column("credibility", String(8), nullable=False),
    Column("relevance", String(8), nullable=False),
    Column("reference", Text),
    Column("position", Integer, nullable=False, default=0),
    UniqueConstraint("question_id", "id"),
)

ratings = Table(
    "ratings",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Text, ForeignKey("questions.id"), nullable=False),
    Column("evidence_id", Text, nullable=False),
    Column("hypothesis_id", Text, nullable=False),
    Column("consistency", String(2), nullable=False),
    Column("analyst", Text, nullable=False),
    Column("time", Text),  # ISO 8601, as every time in the store
    Column("note", Text, nullable=False, default=""),
    ForeignKeyConstraint(
        ["question_id", "evidence_id"],
        ["ach_evidence.question_id", "ach_evidence.id"],
        name="fk_ratings_evidence",
    ),
    ForeignKeyConstraint(
        ["question_id", "hypothesis_id"],
        ["hypotheses.question_id", "hypotheses.id"],
        name="fk_ratings_hypothesis",
    ),
)

Index("ix_ratings_cell", ratings.c.question_id, ratings.c.evidence_id, ratings.c.hypothesis_id)

#: the tables this migration creates, in dependency order
ACH_TABLES: tuple[Table, ...] = (questions, hypotheses, ach_evidence, ratings)


def migrate(conn: Connection) -> None:
    """Create the ACH tables (inside the migration's transaction)."""
    metadata.create_all(conn, tables=list(ACH_TABLES), checkfirst=False)
