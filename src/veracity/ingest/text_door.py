"""Text at the door: NUL characters and lone surrogates are refused where records come in.

Neither is text a person wrote. PostgreSQL cannot store a NUL at all, SQLite stores it but its
``length()`` stops there (a span past it looked "past the end"), and a lone surrogate (``\\ud800``
from a JSON escape) cannot be encoded as UTF-8 by either. Replacing them would change a
verbatim quotation without saying so; refusing names the file, line and field, the same on
both backends, so both stores hold the same thing.

>>> text_problem("fine"), text_problem("a\\x00b")[0]
(None, 'holds a NUL character at character 1')
"""

from __future__ import annotations

import re
from typing import Any

from veracity.errors import InputError

_BAD = re.compile("[\x00\ud800-\udfff]")
MAX_DEPTH = 64  # deeper data is no record: its repr and checks would hit Python's recursion limit


def text_problem(value: str) -> tuple[str, str] | None:
    """(message, fix) when ``value`` holds a NUL or a lone surrogate, else None."""
    m = _BAD.search(value)
    if m is None:
        return None
    if m.group() == "\x00":
        return (
            f"holds a NUL character at character {m.start()}",
            "remove it (a NUL is not text; PostgreSQL cannot store it)",
        )
    return (
        f"holds a lone surrogate U+{ord(m.group()):04X} at character {m.start()}, not a character",
        "write the character itself (a \\ud83d\\ude00 pair for one beyond U+FFFF)",
    )


def check_strings(obj: Any, *, file: str, line: int | None = None, field: str = "") -> None:
    """Raise InputError naming the first string in ``obj`` (a record: dicts, lists, strings)
    that holds a NUL or a lone surrogate, keys included."""
    stack: list[tuple[str, Any]] = [(field, obj)]
    while stack:
        where, value = stack.pop()
        if where.count("[") + where.count(".") > MAX_DEPTH:
            raise InputError(
                f"nested more than {MAX_DEPTH} levels deep",
                file=file,
                line=line,
                field=where[:60] + "…",
                fix="records are flat; a case file is a few levels deep",
            )
        if isinstance(value, str):
            problem = text_problem(value)
            if problem is not None:
                raise InputError(
                    problem[0], file=file, line=line, field=where or None, fix=problem[1]
                )
        elif isinstance(value, dict):
            for k, v in reversed(list(value.items())):
                name = f"{where}.{k}" if where else str(k)
                stack.append((name, v))
                stack.append((name, k))
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value))))
