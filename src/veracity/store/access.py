"""The protocol every store module reads and writes through, so that a query module needs
neither the ``Store`` class nor private attributes.

A target is a ``Store`` (each call its own transaction), a ``Transaction`` (joins the one
``store.transaction()`` opened, e.g. a whole case import) or a bare SQLAlchemy ``Connection``
(inside a migration or another module's transaction).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection


@runtime_checkable
class Connectable(Protocol):
    """What ``Store`` and ``Transaction`` both offer: a connection to write or to read on."""

    def writing(self) -> AbstractContextManager[Connection]:
        """A connection inside a transaction that commits when the block ends (or the
        enclosing one, for a ``Transaction``)."""
        ...

    def reading(self) -> AbstractContextManager[Connection]:
        """A connection to read on."""
        ...


StoreTarget = Connectable | Connection


def writing(target: StoreTarget) -> AbstractContextManager[Connection]:
    """A connection to write on, whatever the caller holds."""
    if isinstance(target, Connection):
        return nullcontext(target)
    return target.writing()


def reading(target: StoreTarget) -> AbstractContextManager[Connection]:
    """A connection to read on, whatever the caller holds."""
    if isinstance(target, Connection):
        return nullcontext(target)
    return target.reading()
