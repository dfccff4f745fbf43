"""Bounded cost for the parser: hostile runs broken up, long texts parsed in paragraph batches.

Two things made ``extract`` cost more than linear time or memory in the size of its input:

* spaCy's tokenizer strips prefix and suffix marks one at a time, and finds each suffix with a
  regular expression searched over the rest of the word: a word of *n* quotation marks or
  brackets costs *n²* (16 KB of ``"`` took 68 s), and even split up, each mark is a token for
  the parser. ``tokenizer_safe`` keeps the first ``PUNCT_RUN`` marks of a longer run and the
  first ``WORD_RUN`` characters of a longer run without spaces, and blanks the rest — same
  length, so every offset into the text still holds, and a run of spaces is one token. No word
  or mark in prose is that long; the blanked text is only what the parser sees, never what is
  stored or quoted (quotations are found in the text itself).
* one ``Doc`` for a whole long text holds every token, sentence and parse state at once (about
  3 GB per MB of prose). ``pieces`` cuts a text longer than ``BATCH_CHARS`` at paragraph
  breaks (then line breaks, then sentence ends, then spaces) into pieces of at most that many
  characters; the extractor parses them one after another and carries what it knows of the
  speakers from piece to piece. Texts up to ``BATCH_CHARS`` — any ordinary article — are one
  piece, parsed exactly as before.

>>> tokenizer_safe('"' * 20) == '"' * 16 + ' ' * 4
True
>>> [(a, b) for a, b in pieces("one.\\n\\ntwo.\\n\\nthree.", max_chars=8)]
[(0, 6), (6, 12), (12, 18)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PUNCT_RUN = 16  # marks in a row the tokenizer sees before a space
WORD_RUN = 256  # characters without a space the tokenizer sees before a space
BATCH_CHARS = 100_000  # longest text parsed as one Doc (PolNeAR's longest article: ~30,000)

_PUNCT_RUNS = re.compile(r"[^\w\s]{" + str(PUNCT_RUN + 1) + ",}")
_WORD_RUNS = re.compile(r"\S{" + str(WORD_RUN + 1) + ",}")
_BREAKS = ("\n\n", "\n", ". ", " ")


def tokenizer_safe(text: str) -> str:
    """``text`` with runs of more than ``PUNCT_RUN`` marks, or ``WORD_RUN`` characters without
    a space, blanked after that many; the same length, identical wherever no run is that
    long."""
    if _PUNCT_RUNS.search(text) is None and _WORD_RUNS.search(text) is None:
        return text
    text = _PUNCT_RUNS.sub(lambda m: _spaced(m.group(), PUNCT_RUN), text)
    return _WORD_RUNS.sub(lambda m: _spaced(m.group(), WORD_RUN), text)


def _spaced(run: str, keep: int) -> str:
    return run[:keep] + " " * (len(run) - keep)


def pieces(text: str, max_chars: int = BATCH_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces covering ``text``, each at most ``max_chars``
    long, cut after the last paragraph break that fits (else line break, sentence end, space,
    else anywhere)."""
    n = len(text)
    start = 0
    while n - start > max_chars:
        limit = start + max_chars
        end = -1
        for brk in _BREAKS:
            k = text.rfind(brk, start + 1, limit)
            if k >= 0:
                end = k + len(brk)
                break
        if end <= start:
            end = limit
        yield start, end
        start = end
    yield start, n
