"""The store's tables, as SQLAlchemy Core objects shared by every query and migration.

Each record table has an integer ``seq`` (insertion order, so listings come back in the order
they were written) and the record's own text ``id`` (unique; what foreign keys point at).
Datetimes and dates are kept as ISO 8601 text: that round-trips exactly on both SQLite and
PostgreSQL, keeps a timezone-aware value aware, and tells a date from a datetime.

Feature tables (ACH, tactic tags) join this ``metadata`` so that their foreign keys resolve,
and are created by their own migration (see ``migrations.py``), never by ``create_core_tables``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _seq() -> Column:
    return Column("seq", Integer, primary_key=True, autoincrement=True)


def _id() -> Column:
    return Column("id", Text, nullable=False, unique=True)


def ref_column(name: str, target: str, *, nullable: bool = True, deferred: bool = False) -> Column:
    """A text column referring to ``target`` (``"table.id"``), indexed; feature tables use it."""
    # A source may name a parent that comes later in the same import: that check is deferred
    # to commit; the store itself verifies every reference before writing.
    fk = (
        ForeignKey(target, deferrable=True, initially="DEFERRED")
        if deferred
        else ForeignKey(target)
    )
    return Column(name, Text, fk, nullable=nullable, index=True)


sources = Table(
    "sources",
    metadata,
    _seq(),
    _id(),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    ref_column("parent_id", "sources.id", deferred=True),
    Column("description", Text),
    Column("url", Text),
)

documents = Table(
    "documents",
    metadata,
    _seq(),
    _id(),
    Column("text", Text, nullable=False),
    Column("content_hash", Text, nullable=False, index=True),
    Column("url", Text),
    Column("title", Text),
    ref_column("outlet_id", "sources.id"),
    Column("published", Text),
    Column("retrieved", Text),
)

propositions = Table(
    "propositions",
    metadata,
    _seq(),
    _id(),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("values", Text, nullable=False),  # a JSON array of strings
    Column("question_id", Text, index=True),
)

statements = Table(
    "statements",
    metadata,
    _seq(),
    _id(),
    ref_column("source_id", "sources.id", nullable=False),
    ref_column("proposition_id", "propositions.id", nullable=False),
    Column("stance", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("time", Text),
    Column("quote", Text),
    ref_column("document_id", "documents.id"),
    Column("span_start", Integer),
    Column("span_end", Integer),
    ref_column("cites_source_id", "sources.id"),
    Column("reference", Text),
    Column("corrected", Boolean, nullable=False, default=False),
)

evidence = Table(
    "evidence",
    metadata,
    _seq(),
    _id(),
    Column("description", Text, nullable=False),
    ref_column("proposition_id", "propositions.id"),
    Column("likelihood_ratio", Double, nullable=False),
    Column("reference", Text),
    Column("time", Text),
    Column("confidence", Text),
)

resolutions = Table(
    "resolutions",
    metadata,
    _seq(),
    _id(),
    ref_column("proposition_id", "propositions.id", nullable=False),
    Column("value", Text, nullable=False),
    Column("reference", Text),
    Column("resolved_on", Text),
    Column("note", Text),
    # who established it (a fact-checker's ClaimReview); added by migration 6 to older stores
    ref_column("source_id", "sources.id"),
)

assessments = Table(
    "assessments",
    metadata,
    _seq(),
    _id(),
    Column("method", Text, nullable=False, index=True),
    Column("parameters", Text, nullable=False),  # JSON object
    Column("created", Text, nullable=False),
    Column("data_version", Text, nullable=False),
    Column("iterations", Integer, nullable=False),
    Column("converged", Boolean, nullable=False),
    Column("notes", Text, nullable=False),  # JSON array of strings
)

# Per-proposition and per-source rows of an assessment. No foreign key to propositions or
# sources: a fusion run may cover claims that never went through the store (a benchmark).
assessment_propositions = Table(
    "assessment_propositions",
    metadata,
    _seq(),
    Column(
        "assessment_id",
        Text,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("proposition_id", Text, nullable=False, index=True),
    Column("probabilities", Text, nullable=False),  # JSON object value -> probability
    Column("interval_low", Double),
    Column("interval_high", Double),
    Column("contributions", Text, nullable=False),  # JSON array of objects
    UniqueConstraint("assessment_id", "proposition_id"),
)

assessment_sources = Table(
    "assessment_sources",
    metadata,
    _seq(),
    Column(
        "assessment_id",
        Text,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("source_id", Text, nullable=False, index=True),
    Column("reliability", Double, nullable=False),
    Column("interval_low", Double),
    Column("interval_high", Double),
    Column("n_resolved", Integer, nullable=False),
    Column("n_correct", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    UniqueConstraint("assessment_id", "source_id"),
)

#: the tables migration 1 creates, in dependency order
CORE_TABLES: tuple[Table, ...] = (
    sources,
    documents,
    propositions,
    statements,
    evidence,
    resolutions,
    assessments,
    assessment_propositions,
    assessment_sources,
)

#: record tables by the plural name the CLI and the file formats use
RECORD_TABLES: dict[str, Table] = {
    "sources": sources,
    "documents": documents,
    "propositions": propositions,
    "statements": statements,
    "evidence": evidence,
    "resolutions": resolutions,
}

# A listing of one proposition's statements by source is the commonest query after a fusion run.
Index("ix_statements_proposition_source", statements.c.proposition_id, statements.c.source_id)


def create_core_tables(conn: Connection) -> None:
    """Migration 1: the record and assessment tables."""
    metadata.create_all(conn, tables=list(CORE_TABLES), checkfirst=False)
