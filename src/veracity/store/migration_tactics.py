"""Migration "tactics": the ``tactic_tags`` table (reading and writing it: ``tactic_tags.py``).

One row per tag on a statement's quote: the technique (in the taxonomy of the tagger that set
it, normally ``veracity``), the character span in the quote, the confidence and the rule or
model that fired. Re-tagging a statement replaces its tags in one transaction, so a store never
holds half of one run and half of another.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Double, Integer, Table, Text

from veracity.store.schema import metadata, ref_column

tactic_tags = Table(
    "tactic_tags",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    ref_column("statement_id", "statements.id", nullable=False),
    Column("technique", Text, nullable=False),
    Column("taxonomy", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("rule", Text, nullable=False),
)


def migrate(conn: Connection) -> None:
    """Create the tactic tag table (inside the migration's transaction)."""
    metadata.create_all(conn, tables=[tactic_tags], checkfirst=False)
