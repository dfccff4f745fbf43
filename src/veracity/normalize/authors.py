"""Author lists (book data): one canonical label however a bookstore spells the list.

Bookstores write the same authors as "Knuth, Donald E.", "DONALD E. KNUTH", "Knuth Donald",
"Bloch, Joshua/ Gafter, Neal" or "Joshua Bloch Neal Gafter", sometimes with role notes
("(EDT)", "(Author)", "et al") and placeholders ("Not Available"). Separators are used so
inconsistently (commas both between authors and inside one name, no separator at all) that
splitting the list into names cannot be done reliably; the canonical label is therefore the
sorted multiset of name words: case, order ("last, first" or "first last"), punctuation and
initials drop out, and a missing or truncated author still makes the list differ.

>>> normalize_authors("Knuth, Donald E.")
'donald knuth'
>>> normalize_authors("Hugh Darwen, C. J. Date") == normalize_authors("Date, C. J.; Darwen, Hugh")
True
>>> normalize_authors("Hirschbuhl, John J. (EDT)/ Bishop, Dwight (EDT)")
'bishop dwight hirschbuhl john'
>>> normalize_authors("Not Available") is None
True
"""

from __future__ import annotations

import re

from veracity.normalize.text import fold, is_missing

#: words that describe a role or a title, not a name
ROLE_WORDS: frozenset[str] = frozenset(
    {
        "and",
        "with",
        "by",
        "edited",
        "editor",
        "editors",
        "ed",
        "eds",
        "edt",
        "et",
        "al",
        "author",
        "authors",
        "foreword",
        "introduction",
        "preface",
        "translated",
        "translator",
        "trans",
        "compiled",
        "compiler",
        "contributor",
        "contributors",
        "illustrator",
        "illustrated",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
    }
)

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_APOSTROPHE = re.compile(r"['’`]")
_LETTERS = re.compile(r"[^\W\d_]+")


def author_tokens(authors: object) -> tuple[str, ...] | None:
    """Sorted name words (two letters or more) of an author list; ``None`` when missing.

    Initials are dropped because sources disagree on them far more often than on names.
    """
    if is_missing(authors):
        return None
    s = _BRACKETED.sub(" ", fold(str(authors)))
    s = _APOSTROPHE.sub("", s)  # O'Reilly -> oreilly, as most stores print it
    words = [w for w in _LETTERS.findall(s) if len(w) > 1 and w not in ROLE_WORDS]
    if not words:
        return None
    return tuple(sorted(words))


def normalize_authors(authors: object) -> str | None:
    """Canonical label of an author list: its sorted name words joined by spaces."""
    tokens = author_tokens(authors)
    if tokens is None:
        return None
    label = " ".join(tokens)
    return None if is_missing(label) else label
