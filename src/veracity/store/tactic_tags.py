"""Tactic tags in the store (the ``tactic_tags`` table of ``migration_tactics``).

Re-tagging a statement replaces its tags in one transaction, so a store never holds half of
one run and half of another. The store imports nothing above the model: a tag is anything with
the fields of ``veracity.tactics.Tag`` (``TagFields``), and tags come back as dicts of those
fields (``Tag(**row)`` makes a tag of one).

>>> from dataclasses import dataclass
>>> from veracity.model import Proposition, Source, Statement
>>> from veracity.store import open_store
>>> @dataclass
... class T:
...     technique: str; taxonomy: str; start: int; end: int; confidence: float; rule: str
>>> store = open_store(":memory:")
>>> _ = store.add_sources([Source("k", "Kremlin")]), store.add_propositions([Proposition("P", "p")])
>>> store.add_statements([Statement("S1", "k", "P", quote="pure fiction")])
1
>>> replace_tags(store, {"S1": [T("blanket_denial", "veracity", 0, 12, 0.9, "fiction")]})
1
>>> stored_tags(store)["S1"][0]["technique"]
'blanket_denial'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import delete, insert, select

from veracity.store.access import StoreTarget, reading, writing
from veracity.store.checks import IN_CHUNK
from veracity.store.migration_tactics import tactic_tags


class TagFields(Protocol):
    """What the store keeps of a tag (``veracity.tactics.Tag`` has these fields)."""

    @property
    def technique(self) -> str: ...
    @property
    def taxonomy(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def confidence(self) -> float: ...
    @property
    def rule(self) -> str: ...


def replace_tags(target: StoreTarget, tags: Mapping[str, Sequence[TagFields]]) -> int:
    """Set the tags of each statement in ``tags`` (old ones removed); returns rows written."""
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
    with writing(target) as conn:
        for i in range(0, len(ids), IN_CHUNK):
            chunk = ids[i : i + IN_CHUNK]
            conn.execute(delete(tactic_tags).where(tactic_tags.c.statement_id.in_(chunk)))
        if rows:
            conn.execute(insert(tactic_tags), rows)
    return len(rows)


def _tag_fields(row: Any) -> dict[str, Any]:
    """A stored tag row as the dict of ``Tag`` fields that both readers below return."""
    return {
        "technique": row.technique,
        "start": row.span_start,
        "end": row.span_end,
        "confidence": row.confidence,
        "rule": row.rule,
        "taxonomy": row.taxonomy,
    }


def stored_tags(target: StoreTarget) -> dict[str, list[dict[str, Any]]]:
    """Every stored tag as a dict of ``Tag`` fields, by statement id, in the order written."""
    out: dict[str, list[dict[str, Any]]] = {}
    with reading(target) as conn:
        for r in conn.execute(select(tactic_tags).order_by(tactic_tags.c.seq)):
            out.setdefault(r.statement_id, []).append(_tag_fields(r))
    return out


def tags_of(target: StoreTarget, statement_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The stored tags of some statements (as ``stored_tags``, for a page: not the whole store)."""
    out: dict[str, list[dict[str, Any]]] = {sid: [] for sid in statement_ids}
    ids = list(statement_ids)
    with reading(target) as conn:
        for i in range(0, len(ids), IN_CHUNK):
            query = (
                select(tactic_tags)
                .where(tactic_tags.c.statement_id.in_(ids[i : i + IN_CHUNK]))
                .order_by(tactic_tags.c.seq)
            )
            for r in conn.execute(query):
                out[r.statement_id].append(_tag_fields(r))
    return out
