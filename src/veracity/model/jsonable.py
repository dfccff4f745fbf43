"""One way to turn model objects into JSON, shared by the CLI's ``--json`` and the web's
``.json`` twins, so that a record reads the same whichever front end printed it.

>>> from datetime import date
>>> from veracity.model import Stance, Statement
>>> plain(Statement("S1", "wapo", "P1", Stance.DENIES, time=date(2024, 11, 10)))["stance"]
'denies'
>>> to_json({"when": date(2024, 11, 10), "ids": ("a", "b")})
'{"when": "2024-11-10", "ids": ["a", "b"]}'
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime
from enum import Enum
from typing import Any


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates, tuples and sets as JSON-ready values (dicts, lists, strings).

    Dates are ISO 8601; enums their value; a non-finite float becomes None (JSON has no NaN);
    numpy scalars and arrays become numbers and lists; anything else unknown its ``str``.
    """
    if isinstance(value, Enum):  # before str: a StrEnum is a str, but prints as its repr
        return plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays, without importing numpy
    if callable(tolist):
        return plain(tolist())
    return str(value)


def to_json(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON text (UTF-8 characters kept as they are, not escaped)."""
    return json.dumps(plain(value), ensure_ascii=False, indent=indent)
