"""Migration "tactics": the ``tactic_tags`` table, and reading and writing it.

One row per tag on a statement's quote: the technique (in the taxonomy of the tagger that set
it, normally ``veracity``), the character span in the quote, the confidence and the rule or
model that fired. Re-tagging a statement replaces its tags in one transaction, so a store never
holds half of one run and half of another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Double, Integer, Table, Text, delete, insert, select

from veracity.store.schema import _ref, metadata

tactic_tags = Table(
    "tactic_tags",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    _ref("statement_id", "statements.id", nullable=False),
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


def replace_tags(store: Any, tags: Mapping[str, Sequence[Any]]) -> int:
    """Set the tags of each statement in ``tags`` (old ones removed); returns rows written.

    A tag is anything with ``technique, taxonomy, start, end, confidence, rule`` attributes
    (``veracity.tactics.Tag``); the store layer imports nothing above the model.
    """
    ids = list(tags)
    rows = [
        {
            "statement_id": sid,
            "technique": t.technique,
            "taxonomy": t.taxonomy,
            "span_start": t.start,
            "span_end": t.end,
            "confidence": t.confidence,
            "rule": t.rule,
        }
        for sid in ids
        for t in tags[sid]
    ]
    with store.engine.begin() as conn:
        for i in range(0, len(ids), 500):
            conn.execute(
                delete(tactic_tags).where(tactic_tags.c.statement_id.in_(ids[i : i + 500]))
            )
        if rows:
            conn.execute(insert(tactic_tags), rows)
    return len(rows)


def stored_tags(store: Any) -> dict[str, list[dict[str, Any]]]:
    """Every stored tag as a dict of ``Tag`` fields, by statement id, in the order written.

    ``veracity.tactics.Tag(**row)`` makes a tag of a row.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(tactic_tags).order_by(tactic_tags.c.seq)):
            out.setdefault(r.statement_id, []).append(
                {
                    "technique": r.technique,
                    "start": r.span_start,
                    "end": r.span_end,
                    "confidence": r.confidence,
                    "rule": r.rule,
                    "taxonomy": r.taxonomy,
                }
            )
    return out
