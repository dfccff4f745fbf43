"""A person's corrections of stored records, written with their history in one transaction.

``correct_statement`` is what ``veracity correct`` and the web page's correction form both call:
the statement is overwritten and marked ``corrected`` (re-extraction never undoes it), and each
changed field is recorded with who, when, old → new and why (``corrections``).

>>> from veracity.store import open_store
>>> from veracity.model import Proposition, Source, Stance, Statement
>>> store = open_store(":memory:")
>>> store.add_sources([Source("peskov", "Dmitry Peskov")])
1
>>> store.add_propositions([Proposition("P1", "They spoke on 7 November.")])
1
>>> store.add_statements([Statement("S1", "peskov", "P1", Stance.ASSERTS)])
1
>>> correct_statement(store, "S1", who="ana", why="he denied it", stance="denies").stance
<Stance.DENIES: 'denies'>
>>> [(c.field, c.old, c.new, c.who) for c in corrections(store, "statements", "S1")]
[('stance', 'asserts', 'denies', 'ana')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select

from veracity.errors import InputError
from veracity.model import Correction, Stance, Statement
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.migration_corrections import corrections as table
from veracity.store.records import RecordAccess
from veracity.store.store import Store

#: the fields of a statement a person may correct (the rest is the quote and where it came from)
STATEMENT_FIELDS: tuple[str, ...] = (
    "stance",
    "source_id",
    "proposition_id",
    "value",
    "cites_source_id",
)


def correct_statement(
    store: RecordAccess, statement_id: str, *, who: str, why: str = "", **changes: Any
) -> Statement:
    """Correct a stored statement: ``changes`` names fields of ``STATEMENT_FIELDS``.

    ``store`` is a ``Store`` (its own transaction) or a ``Transaction``. A stance may be given as
    text. Unknown statements, sources and propositions, a value the proposition does not have,
    an unknown field or an empty ``who`` raise errors naming the field; nothing is written then.
    Returns the statement as stored now.
    """
    if not who.strip():
        raise InputError("a correction needs the name of who makes it", field="who")
    if not changes:
        raise InputError("nothing to correct", fix=f"give one of: {', '.join(STATEMENT_FIELDS)}")
    unknown = sorted(set(changes) - set(STATEMENT_FIELDS))
    if unknown:
        raise InputError(
            f"a statement's {unknown[0]!r} cannot be corrected",
            field=unknown[0],
            fix=f"correct one of: {', '.join(STATEMENT_FIELDS)}",
        )
    if "stance" in changes:
        changes["stance"] = _stance(changes["stance"])
    joined: AbstractContextManager[RecordAccess] = (
        store.transaction() if isinstance(store, Store) else nullcontext(store)
    )
    with joined as tx:
        before = tx.statement(statement_id)
        after = dataclasses.replace(before, **changes, corrected=True)
        tx.update_statement(after)  # checks the source, proposition and value exist
        changed = [f for f in STATEMENT_FIELDS if getattr(before, f) != getattr(after, f)]
        record_corrections(
            tx,
            [
                ("statements", statement_id, f, _text(getattr(before, f)), _text(getattr(after, f)))
                for f in changed or ["corrected"]  # confirmed as it is: still a person's act
            ],
            who=who,
            why=why,
        )
    return after


def record_corrections(
    target: StoreTarget,
    changes: Iterable[tuple[str, str, str, str | None, str | None]],
    *,
    who: str,
    why: str = "",
    at: datetime | None = None,
) -> int:
    """Add history rows ``(record_kind, record_id, field, old, new)`` by ``who``; returns how
    many. For store modules whose own writes are corrections (merges, ratings…)."""
    when = (at or datetime.now(UTC)).isoformat()
    rows = [
        {
            "record_kind": kind,
            "record_id": record_id,
            "field": field,
            "old": old,
            "new": new,
            "who": who,
            "why": why,
            "at": when,
        }
        for kind, record_id, field, old, new in changes
    ]
    if rows:
        with writing(target) as conn:
            conn.execute(table.insert(), rows)
    return len(rows)


def corrections(
    target: StoreTarget,
    record_kind: str | None = None,
    record_id: str | None = None,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[Correction]:
    """The history of corrections, oldest first (or ``newest_first``); of one kind, or one
    record, if given; at most ``limit``."""
    query = select(table).order_by(table.c.seq.desc() if newest_first else table.c.seq)
    if limit is not None:
        query = query.limit(limit)
    if record_kind is not None:
        query = query.where(table.c.record_kind == record_kind)
    if record_id is not None:
        query = query.where(table.c.record_id == record_id)
    with reading(target) as conn:
        return [
            Correction(
                record_kind=r.record_kind,
                record_id=r.record_id,
                field=r.field,
                old=r.old,
                new=r.new,
                who=r.who,
                why=r.why,
                at=datetime.fromisoformat(r.at),
            )
            for r in conn.execute(query)
        ]


def _stance(value: Any) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        raise InputError(
            f"unknown stance {value!r}",
            field="stance",
            fix=f"use one of: {', '.join(s.value for s in Stance)}",
        ) from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.value) if isinstance(value, Enum) else str(value)
