"""Named errors, one per kind of failure; front ends turn them into one-line messages.

Each error says where (file, line, field) and, where it can, the fix — as sqlite-utils does.
"""

from __future__ import annotations


class VeracityError(Exception):
    """Base of every error veracity raises on purpose. Exit code 2 on the CLI."""

    exit_code = 2


class InputError(VeracityError):
    """Bad input: a file, a row or a field that cannot be read as what it claims to be."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line) if x is not None)
        parts = [where] if where else []
        if self.field:
            parts.append(f"field {self.field!r}")
        head = ", ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        return f"{text} — {self.fix}" if self.fix else text


class NotFoundError(VeracityError):
    """A named record (source, proposition, assessment…) is not in the store."""


class ConfigError(VeracityError):
    """A setting, URL or option that cannot be used as given."""
