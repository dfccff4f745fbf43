"""A person's change to a stored record, kept with who, when, old → new and why (DESIGN.md:
every write by a person is recorded, and no automatic step undoes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Correction:
    """One field of one record changed by a person.

    ``old`` and ``new`` are the values as text (``None`` for an empty field), so that one table
    holds changes to any kind of record.
    """

    record_kind: str  # "statements", "sources"… (the store's kind names)
    record_id: str
    field: str
    old: str | None
    new: str | None
    who: str
    why: str
    at: datetime
