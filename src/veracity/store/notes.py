"""Notes an analyst pins on any record (a source, a statement, a proposition…).

>>> from veracity.store import open_store
>>> store = open_store(":memory:")
>>> _ = add_note(store, "statements", "S1", who="ana", text="check the transcript")
>>> [(n.who, n.text) for n in notes(store, "statements", "S1")]
[('ana', 'check the transcript')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select

from veracity.errors import InputError
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.migration_web import record_notes

MAX_NOTE = 20_000


@dataclass(frozen=True, slots=True)
class Note:
    kind: str
    record_id: str
    who: str
    at: str
    text: str


def add_note(store: StoreTarget, kind: str, record_id: str, *, who: str, text: str) -> Note:
    """Pin a note on a record; empty or very long notes are refused."""
    text = text.strip()
    if not text:
        raise InputError("a note needs some text", field="text")
    if len(text) > MAX_NOTE:
        raise InputError(f"a note holds at most {MAX_NOTE} characters", field="text")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with writing(store) as conn:
        conn.execute(
            insert(record_notes).values(kind=kind, record_id=record_id, who=who, at=at, text=text)
        )
    return Note(kind, record_id, who, at, text)


def notes(store: StoreTarget, kind: str, record_id: str) -> list[Note]:
    """A record's notes, oldest first."""
    query = (
        select(record_notes)
        .where(record_notes.c.kind == kind, record_notes.c.record_id == record_id)
        .order_by(record_notes.c.seq)
    )
    with reading(store) as conn:
        rows = conn.execute(query).all()
    return [Note(r.kind, r.record_id, r.who, r.at, r.text) for r in rows]
