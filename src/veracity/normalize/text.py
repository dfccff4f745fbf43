"""Generic text values: case, accents, HTML entities, punctuation and blank-like placeholders.

>>> normalize_text("  The  Art of&nbsp;Computer   Programming. ")
'the art of computer programming'
>>> normalize_text("Not Available") is None
True
"""

from __future__ import annotations

import html
import re
import unicodedata

#: placeholders sources print instead of a value; they mean "missing", not a claim
MISSING_MARKERS: frozenset[str] = frozenset(
    {
        "",
        "-",
        "--",
        "?",
        "n/a",
        "na",
        "n.a.",
        "none",
        "null",
        "nil",
        "nan",
        "unknown",
        "not available",
        "not applicable",
        "unavailable",
        "contact airline",
        "tba",
        "tbd",
    }
)

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")
_ENTITY_NBSP = re.compile(r"&nbsp;?", re.IGNORECASE)


def fold(text: str) -> str:
    """Unescape HTML, drop accents and case: the form all other normalisers start from."""
    s = _ENTITY_NBSP.sub(" ", str(text))
    s = html.unescape(s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACE.sub(" ", s.casefold()).strip()


def is_missing(text: object) -> bool:
    """True for None, NaN and placeholders such as 'Not Available' or 'N/A'."""
    if text is None:
        return True
    if isinstance(text, float) and text != text:
        return True
    s = fold(str(text)).strip(" .:;,*")
    return s in MISSING_MARKERS


def text_tokens(text: str) -> tuple[str, ...]:
    """Lower-case word tokens, punctuation removed (used for near-duplicate similarity)."""
    return tuple(t for t in _NON_WORD.sub(" ", fold(text)).replace("_", " ").split() if t)


def normalize_text(text: object) -> str | None:
    """Canonical text: folded, punctuation turned to single spaces; ``None`` when missing."""
    if is_missing(text):
        return None
    tokens = text_tokens(str(text))
    return " ".join(tokens) if tokens else None
