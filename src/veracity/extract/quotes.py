"""Quotation spans in a text: curly pairs, and straight double quotes (or two apostrophes, as
some newspaper archives print them) paired within a paragraph.

Unbalanced marks (an opening quote whose paragraph never closes it — common when a quotation
runs over several paragraphs) are skipped, never guessed: a wrong pairing inverts quote and
narration for the rest of the paragraph.

>>> find_quotes('He said "no" and "yes".')
[(8, 12), (17, 22)]
"""

from __future__ import annotations

import re

OPEN_CURLY = "“«„"
CLOSE_CURLY = "”»“"  # „…“ (German) closes with “
_PARAGRAPH = re.compile(r"[^\n]+")
QUOTE_CHARS = frozenset('"“”«»„')
_MARK = re.compile("''|[\"“«„]")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation, marks included, in text order."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        spans.extend(_paragraph_quotes(para.group(), para.start()))
    spans.sort()
    return spans


def _paragraph_quotes(p: str, offset: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    n = len(p)
    ahead: dict[str, int] = {}  # closing mark -> its next position found so far (n: none left)
    while i < n:
        c = p[i]
        if p.startswith("''", i):  # typewriter style: ''...'' (three when a ' nests)
            j = p.find("''", i + 2)
            if j < 0:
                break
            if j + 2 < n and p[j + 2] == "'":
                j += 1
            out.append((offset + i, offset + j + 2))
            i = j + 2
        elif c == '"':
            j = p.find('"', i + 1)
            if j < 0:
                break
            out.append((offset + i, offset + j + 1))
            i = j + 1
        elif c in _CLOSERS:
            j = n
            for x in _CLOSERS[c]:
                j = min(j, _next(p, x, i + 1, ahead))
            if j == n:  # never closed in this paragraph
                i += 1
                continue
            out.append((offset + i, offset + j + 1))
            i = j + 1
        else:
            m = _MARK.search(p, i + 1)  # straight to the next mark
            i = m.start() if m else n
    return out


_CLOSERS = {"“": "”", "«": "»", "„": "“”"}


def _next(p: str, mark: str, start: int, ahead: dict[str, int]) -> int:
    """The first ``mark`` at or after ``start`` (``len(p)`` when none), remembered: an opening
    mark that is never closed would otherwise scan the rest of the paragraph again for every
    one of its repeats (16 KB of “ took seconds)."""
    k = ahead.get(mark, -1)
    if k < start:
        k = p.find(mark, start)
        k = len(p) if k < 0 else k
        ahead[mark] = k
    return k


def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that contains ``span``, if any."""
    for q in spans:
        if q[0] <= span[0] and span[1] <= q[1]:
            return q
    return None


def open_quotes(text: str) -> list[tuple[int, int]]:
    """From each opening mark that its paragraph never closes to the paragraph's end: a
    quotation running over several paragraphs (newspapers close only the last). Speech verbs
    inside belong to the quotation, not to the narration."""
    out: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        p, offset = para.group(), para.start()
        closed = _paragraph_quotes(p, offset)
        end = closed[-1][1] - offset if closed else 0
        rest = p[end:]
        k = min((i for i in (rest.find(m) for m in ('"', "“", "''")) if i >= 0), default=-1)
        if k >= 0:
            out.append((offset + end + k, para.end()))
    return out
