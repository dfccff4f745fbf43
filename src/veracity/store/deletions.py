"""Deleting a record, recorded so it can be seen and undone.

A deletion removes one row (a statement, source, proposition, document, evidence item or
resolution) and writes, in the same transaction, a history row (``corrections``: who, when,
why, field ``record``, old = the whole row as JSON, new = ``deleted``). ``restore_record``
puts the row back from that history and records who restored it, so nothing deleted in the
workbench is lost, and the history shows both.

A record others point at (a source with statements, a proposition with statements, evidence
or resolutions, a document its statements were read from, a statement an ACH board cites) is
refused with the list of what points at it: delete or re-point those first. Rows that belong
to the record (a statement's tactic tags, a source's aliases) go with it, are kept in the same
history row, and come back with it.

>>> from veracity.store import open_store
>>> from veracity.model import Proposition, Source, Statement
>>> store = open_store(":memory:")
>>> _ = store.add_sources([Source("k", "Kremlin")]), store.add_propositions([Proposition("P", "p")])
>>> _ = store.add_statements([Statement("S1", "k", "P", quote="fiction")])
>>> delete_record(store, "sources", "k", who="ed", why="duplicate")
Traceback (most recent call last):
...
veracity.errors.InputError: field 'id': source 'k' is still referred to by 1 statements ...
>>> delete_record(store, "statements", "S1", who="ed", why="not said")
>>> store.counts()["statements"]
0
>>> restore_record(store, "statements", "S1", who="ed", why="it was said")
>>> store.statement("S1").quote
'fiction'
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, delete, func, insert, select

from veracity.errors import InputError, NotFoundError
from veracity.store import schema
from veracity.store.access import StoreTarget, writing
from veracity.store.corrections import record_corrections
from veracity.store.migration_corrections import corrections

#: what may be deleted, and the word for one of it in messages
KINDS: dict[str, str] = {
    "statements": "statement",
    "sources": "source",
    "propositions": "proposition",
    "documents": "document",
    "evidence": "evidence item",
    "resolutions": "resolution",
}
#: tables whose rows belong to the record they point at: deleted and restored with it
_CASCADE = {"tactic_tags", "source_aliases"}
#: the key under which those rows are kept in the deleted record's JSON
_OWNED = "_owned"
DELETED = "deleted"
RESTORED = "restored"


def _table(kind: str) -> Table:
    if kind not in KINDS:
        raise InputError(f"cannot delete {kind!r}; delete one of {', '.join(KINDS)}", field="kind")
    return schema.RECORD_TABLES[kind]


def _referrers(table: Table) -> list[tuple[Table, Any]]:
    """Every (table, column) with a foreign key to ``table.id``."""
    out = []
    for other in table.metadata.sorted_tables:
        for column in other.columns:
            for fk in column.foreign_keys:
                if fk.column.table is table and fk.column.name == "id":
                    out.append((other, column))
    return out


def delete_record(target: StoreTarget, kind: str, record_id: str, *, who: str, why: str) -> None:
    """Delete one record and record it in its history (see the module docstring)."""
    table = _table(kind)
    if not why.strip():
        raise InputError("say why the record is deleted", field="why")
    with writing(target) as conn:
        row = conn.execute(select(table).where(table.c.id == record_id)).first()
        if row is None:
            raise NotFoundError(f"no {KINDS[kind]} {record_id!r}")
        blocking = []
        for other, column in _referrers(table):
            if other.name in _CASCADE:
                continue
            n = conn.execute(
                select(func.count()).select_from(other).where(column == record_id)
            ).scalar_one()
            if n:
                blocking.append(f"{n} {other.name} ({column.name})")
        if blocking:
            raise InputError(
                f"{KINDS[kind]} {record_id!r} is still referred to by {', '.join(blocking)}",
                field="id",
                fix="delete those or point them elsewhere first",
            )
        values: dict[str, Any] = {k: v for k, v in row._mapping.items() if k != "seq"}
        owned: dict[str, list[dict[str, Any]]] = {}
        for other, column in _referrers(table):
            if other.name in _CASCADE:
                rows = conn.execute(select(other).where(column == record_id)).mappings().all()
                if rows:
                    owned[other.name] = [{k: v for k, v in r.items() if k != "seq"} for r in rows]
                conn.execute(delete(other).where(column == record_id))
        if owned:
            values[_OWNED] = owned
        conn.execute(delete(table).where(table.c.id == record_id))
        record_corrections(
            conn,
            [(kind, record_id, "record", json.dumps(values, default=str), DELETED)],
            who=who,
            why=why,
        )


def restore_record(target: StoreTarget, kind: str, record_id: str, *, who: str, why: str) -> None:
    """Put back a deleted record from its history (a new row with the old values)."""
    table = _table(kind)
    with writing(target) as conn:
        if conn.execute(select(table.c.id).where(table.c.id == record_id)).first():
            raise InputError(f"{KINDS[kind]} {record_id!r} exists: nothing to restore")
        saved = conn.execute(
            select(corrections.c.old)
            .where(
                corrections.c.record_kind == kind,
                corrections.c.record_id == record_id,
                corrections.c.field == "record",
                corrections.c.new == DELETED,
            )
            .order_by(corrections.c.seq.desc())
            .limit(1)
        ).scalar()
        if saved is None:
            raise NotFoundError(f"no deletion of {KINDS[kind]} {record_id!r} in the history")
        values = json.loads(saved)
        owned = values.pop(_OWNED, {})
        for column in table.columns:
            for fk in column.foreign_keys:
                value = values.get(column.name)
                target_table = fk.column.table
                if (
                    value is None
                    or conn.execute(select(fk.column).where(fk.column == value)).first()
                ):
                    continue
                raise InputError(
                    f"{KINDS[kind]} {record_id!r} cannot be restored: its {column.name} "
                    f"{value!r} is no longer in {target_table.name}",
                    field=column.name,
                    fix="restore or add that record first",
                )
        conn.execute(insert(table).values(**values))
        for name, rows in owned.items():
            if rows:
                conn.execute(insert(table.metadata.tables[name]), rows)
        record_corrections(conn, [(kind, record_id, "record", DELETED, RESTORED)], who=who, why=why)


def deleted_records(target: StoreTarget, limit: int = 200) -> list[dict[str, Any]]:
    """The newest deletions not since restored: kind, id, who, when, why."""
    from veracity.store.access import reading

    with reading(target) as conn:
        rows = conn.execute(
            select(corrections)
            .where(corrections.c.field == "record", corrections.c.new.in_([DELETED, RESTORED]))
            .order_by(corrections.c.seq.desc())
            .limit(limit * 4)
        ).all()
    seen: set[tuple[str, str]] = set()
    out = []
    for r in rows:
        key = (r.record_kind, r.record_id)
        if key in seen:
            continue
        seen.add(key)
        if r.new == DELETED:
            out.append(
                {"kind": r.record_kind, "id": r.record_id, "who": r.who, "at": r.at, "why": r.why}
            )
    return out[:limit]
