"""Errors a view raises that become an HTTP status with a message (never a traceback)."""

from __future__ import annotations

from veracity.errors import VeracityError


class Forbidden(VeracityError):
    """The actor's role does not allow this (HTTP 403)."""
