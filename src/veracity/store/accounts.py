"""Accounts of a team workbench: names, roles and scrypt password hashes in the store.

>>> from veracity.store import open_store
>>> store = open_store(":memory:")
>>> add_user(store, "ana", "analyst", "correct horse battery")
User(name='ana', role='analyst', disabled=False)
>>> check_password(store, "ana", "correct horse battery").role
'analyst'
>>> check_password(store, "ana", "wrong") is None
True

Roles are ordered: each may do what the roles before it may. ``viewer`` reads; ``analyst``
adds and corrects case records, rates ACH cells, writes notes, ingests and re-assesses;
``editor`` also resolves propositions and edits or removes others' records; ``admin`` also
manages accounts. A password is stored as ``scrypt$N$r$p$salt$hash`` (hashlib, no new
dependency); comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from veracity.errors import InputError
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.migration_web import users

ROLES: tuple[str, ...] = ("viewer", "analyst", "editor", "admin")

# scrypt cost: 2**14 x 8 x 1 takes ~50 ms and 16 MB, OWASP's floor for interactive logins.
_N, _R, _P = 2**14, 8, 1
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


@dataclass(frozen=True, slots=True)
class User:
    """An account as the workbench sees it (never the hash)."""

    name: str
    role: str
    disabled: bool = False

    def may(self, role: str) -> bool:
        """Whether this account holds ``role`` or a stronger one."""
        return not self.disabled and at_least(self.role, role)


def at_least(role: str, needed: str) -> bool:
    """``analyst`` is at least ``viewer``; unknown roles are at least nothing."""
    if role not in ROLES or needed not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash of ``password`` (a fresh random salt unless given)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 << 20)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (any malformed hash simply does not match)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 << 20,
            dklen=len(want),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def check_name(name: str) -> str:
    """Account names are short, lower-case and plain, so they read safely in any history."""
    if not name or len(name) > 64 or not set(name) <= _NAME_CHARS:
        raise InputError(
            f"account name {name!r} must be 1-64 characters of a-z, 0-9, '.', '_', '-', '@'",
            field="name",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}", field="role")
    return role


def add_user(store: StoreTarget, name: str, role: str, password: str) -> User:
    """Create an account; an existing name is refused (use :func:`set_password`)."""
    check_name(name)
    check_role(role)
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters", field="password")
    with writing(store) as conn:
        if conn.execute(select(users.c.name).where(users.c.name == name)).first():
            raise InputError(f"account {name!r} exists already", field="name")
        conn.execute(
            insert(users).values(
                name=name,
                role=role,
                password_hash=hash_password(password),
                created=datetime.now(UTC).isoformat(),
                disabled=0,
            )
        )
    return User(name, role)


def set_password(store: StoreTarget, name: str, password: str) -> None:
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters", field="password")
    _update(store, name, password_hash=hash_password(password))


def set_role(store: StoreTarget, name: str, role: str) -> None:
    _update(store, name, role=check_role(role))


def disable_user(store: StoreTarget, name: str) -> None:
    _update(store, name, disabled=1)


def _update(store: StoreTarget, name: str, **values: Any) -> None:
    with writing(store) as conn:
        done = conn.execute(update(users).where(users.c.name == name).values(**values))
        if not done.rowcount:
            raise InputError(f"no account named {name!r}", field="name")


def get_user(store: StoreTarget, name: str) -> User | None:
    with reading(store) as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    return None if row is None else User(row.name, row.role, bool(row.disabled))


def list_users(store: StoreTarget) -> list[User]:
    with reading(store) as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).all()
    return [User(r.name, r.role, bool(r.disabled)) for r in rows]


def check_password(store: StoreTarget, name: str, password: str) -> User | None:
    """The account if ``password`` is right and the account enabled, else None.

    An unknown name still costs one scrypt, so timing does not tell names apart.
    """
    with reading(store) as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    stored = row.password_hash if row is not None else _DUMMY
    ok = verify_password(password, stored)
    if row is None or not ok or row.disabled:
        return None
    return User(row.name, row.role)


_DUMMY = hash_password("not a password", salt=b"0" * 16)
