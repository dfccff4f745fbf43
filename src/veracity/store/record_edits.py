"""An analyst's edits of sources and propositions, each written with its history rows.

Statements have ``correct_statement`` (``store.corrections``); these are the same for the other
records the workbench edits: the record is updated and every changed field recorded (who,
when, old → new, why) in one transaction, so an edit without its history cannot be stored.

>>> from veracity.store import open_store
>>> from veracity.model import Source
>>> store = open_store(":memory:")
>>> _ = store.add_sources([Source("tass", "TASS"), Source("kremlin", "Kremlin")])
>>> edit_source(store, "tass", who="ana", why="state agency", parent_id="kremlin").parent_id
'kremlin'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from veracity.errors import InputError, NotFoundError
from veracity.model import Proposition, Source, SourceKind
from veracity.store import rows, schema
from veracity.store.access import StoreTarget, writing
from veracity.store.corrections import record_corrections

SOURCE_FIELDS = ("name", "kind", "parent_id", "description", "url")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def edit_source(
    store: StoreTarget, source_id: str, *, who: str, why: str = "", **changes: Any
) -> Source:
    """Change a source's ``name``, ``kind``, ``parent_id``, ``description`` or ``url``.

    A parent must exist and may not be the source itself or one of its own members (no
    cycles); an empty value clears a field (not the name). Returns the source as stored now.
    """
    unknown = sorted(set(changes) - set(SOURCE_FIELDS))
    if unknown:
        raise InputError(f"a source's {unknown[0]!r} cannot be edited", field=unknown[0])
    if not who.strip():
        raise InputError("an edit needs the name of who makes it", field="who")
    t = schema.sources
    with writing(store) as conn:
        row = conn.execute(select(t).where(t.c.id == source_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no source {source_id!r} in the store")
        before = rows.source_from(dict(row))
        values: dict[str, Any] = {}
        for field, value in changes.items():
            value = (str(value).strip() or None) if value is not None else None
            if field == "name" and not value:
                raise InputError("a source needs a name", field="name")
            if field == "kind":
                try:
                    value = SourceKind(value or "other").value
                except ValueError:
                    raise InputError(
                        f"kind must be one of {', '.join(k.value for k in SourceKind)}",
                        field="kind",
                    ) from None
            if field == "parent_id" and value:
                _check_parent(conn, source_id, value)
            values[field] = value
        changed = {f: v for f, v in values.items() if _text(getattr(before, f)) != v}
        if changed:
            conn.execute(update(t).where(t.c.id == source_id).values(**changed))
            record_corrections(
                conn,
                [
                    ("sources", source_id, f, _text(getattr(before, f)), v)
                    for f, v in changed.items()
                ],
                who=who,
                why=why,
            )
        row = conn.execute(select(t).where(t.c.id == source_id)).mappings().first()
    return rows.source_from(dict(row or {}))


def _check_parent(conn: Any, source_id: str, parent: str) -> None:
    t = schema.sources
    seen = {source_id}
    current: str | None = parent
    while current is not None:
        if current in seen:
            raise InputError(
                f"{parent!r} is {source_id!r} itself or one of its members: no cycles",
                field="parent_id",
            )
        seen.add(current)
        found = conn.execute(select(t.c.parent_id).where(t.c.id == current)).first()
        if found is None:
            raise InputError(f"no source {current!r} to be the parent", field="parent_id")
        current = found[0]


def edit_proposition(
    store: StoreTarget, proposition_id: str, *, who: str, why: str = "", text: str
) -> Proposition:
    """Reword a proposition (its id, kind and values stay), with the old text in its history."""
    if not text.strip():
        raise InputError("a proposition needs its text", field="text")
    if not who.strip():
        raise InputError("an edit needs the name of who makes it", field="who")
    t = schema.propositions
    with writing(store) as conn:
        row = conn.execute(select(t).where(t.c.id == proposition_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no proposition {proposition_id!r} in the store")
        if row["text"] != text.strip():
            conn.execute(update(t).where(t.c.id == proposition_id).values(text=text.strip()))
            record_corrections(
                conn,
                [("propositions", proposition_id, "text", row["text"], text.strip())],
                who=who,
                why=why,
            )
        row = conn.execute(select(t).where(t.c.id == proposition_id)).mappings().first()
    return rows.proposition_from(dict(row or {}))
