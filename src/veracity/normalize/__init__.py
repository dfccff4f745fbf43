"""Value normalisers: turn the many spellings of one value into one canonical label.

Truth discovery counts agreement, so "Knuth, Donald E." and "DONALD KNUTH" must be the same
value before any method sees them. Each module handles one kind of value; every function is pure,
never raises on arbitrary text (unreadable input gives ``None``: missing), and is idempotent
(normalising a normalised label returns it unchanged).

>>> from veracity.normalize import normalize_authors, normalize_time, normalize_number
>>> normalize_authors("Knuth, Donald E.") == normalize_authors("DONALD E. KNUTH")
True
>>> normalize_time("Dec 01 - 7:10pm")
'19:10'
>>> normalize_number("1.2 million")
'1200000'
"""

from veracity.normalize.authors import author_tokens, normalize_authors
from veracity.normalize.numbers import normalize_number, parse_number
from veracity.normalize.text import is_missing, normalize_text, text_tokens
from veracity.normalize.times import (
    ClockTime,
    normalize_time,
    parse_time,
    time_minutes,
)

__all__ = [
    "ClockTime",
    "author_tokens",
    "is_missing",
    "normalize_authors",
    "normalize_number",
    "normalize_text",
    "normalize_time",
    "parse_number",
    "parse_time",
    "text_tokens",
    "time_minutes",
]
