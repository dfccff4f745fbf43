"""Which spans lie inside which, answered in log time: the candidate finder asked "is this
inside any quotation / any content?" by scanning every span for every cue, quadratic in the
number of quotations (16 KB of ``"x," he said.`` took 20 s, a long transcript minutes).

The answers are exactly those of the scans they replace (same spans, same strictness).

>>> Stabbing([(0, 10), (20, 30)]).strictly_inside(5), Stabbing([(0, 10)]).strictly_inside(10)
(True, False)
>>> Containment([(0, 10), (20, 30)]).contains((2, 8)), Containment([(0, 10)]).contains((5, 12))
(True, False)
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Span = tuple[int, int]


class Stabbing:
    """Is a point strictly inside any of the spans (``s < x < e``)?"""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = _running_max(e for _, e in ordered)

    def strictly_inside(self, x: int) -> bool:
        k = bisect.bisect_left(self._starts, x)  # spans starting before x
        return k > 0 and self._reach[k - 1] > x


class Containment:
    """Does any of the spans hold a given span (``s <= a and b <= e``)? Spans can be added."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._reach = _running_max(e for _, e in self._spans)

    def contains(self, span: Span) -> bool:
        a, b = span
        k = bisect.bisect_right(self._starts, a)  # spans starting at or before a
        return k > 0 and self._reach[k - 1] >= b

    def add(self, span: Span) -> None:
        """Cheap when spans are added in order of their starts (as quotations are)."""
        if self._spans and span < self._spans[-1]:
            self.__init__([*self._spans, span])  # type: ignore[misc]
            return
        self._spans.append(span)
        self._starts.append(span[0])
        self._reach.append(max(self._reach[-1], span[1]) if self._reach else span[1])


def outermost(entries: Sequence[tuple[Span, Span | None]]) -> list[bool]:
    """For each ``(point_span, container_or_None)``: True when no *other* entry's container
    holds its point span (``c0 <= p0 and p1 <= c1``). Entries whose container is None hold
    nothing. Two best ends are kept at each start, so an entry never counts as its own holder.
    """
    holders = sorted((c[0], c[1], i) for i, (_, c) in enumerate(entries) if c is not None)
    starts = [s for s, _, _ in holders]
    best: list[tuple[int, int, int]] = []  # (furthest end, its entry, next furthest end)
    top, top_i, second = -1, -1, -1
    for _, e, i in holders:
        if e > top:
            top, top_i, second = e, i, top
        elif e > second:
            second = e
        best.append((top, top_i, second))
    keep = []
    for i, (p, _) in enumerate(entries):
        k = bisect.bisect_right(starts, p[0])
        if k == 0:
            keep.append(True)
            continue
        top, top_i, second = best[k - 1]
        reach = top if top_i != i else second
        keep.append(reach < p[1])
    return keep


def _running_max(values) -> list[int]:
    out: list[int] = []
    m = -1
    for v in values:
        m = max(m, v)
        out.append(m)
    return out


class QuoteIndex:
    """A text's quotations (sorted, as ``find_quotes`` gives them) with the three look-ups the
    candidate finder makes for every cue; each returns what a scan of the list in order would.
    An unsorted list is scanned as before."""

    def __init__(self, quotes: Sequence[Span]) -> None:
        self.quotes = list(quotes)
        self._sorted = all(a <= b for a, b in zip(self.quotes, self.quotes[1:], strict=False))
        self._starts = [s for s, _ in self.quotes]
        self._reach = _running_max(e for _, e in self.quotes)
        self._by_end = sorted((e, k) for k, (_, e) in enumerate(self.quotes))
        self._inside = Stabbing(self.quotes)

    def strictly_inside(self, x: int) -> bool:
        """Is ``x`` strictly inside a quotation?"""
        return self._inside.strictly_inside(x)

    def extend(self, span: Span) -> Span:
        """``span`` grown over every quotation it overlaps, in list order (a quotation is
        never cut in two)."""
        s, e = span
        first = 0
        if self._sorted:
            # until one overlaps, (s, e) does not change: skip to the first quotation that
            # ends after s (the running maximum of ends is sorted), and stop at one starting
            # at or after e (starts are sorted, and e grows only on an overlap before it)
            first = bisect.bisect_right(self._reach, s)
        for q0, q1 in self.quotes[first:]:
            if self._sorted and q0 >= e:
                break
            if q0 < e and s < q1:
                s, e = min(s, q0), max(e, q1)
        return s, e

    def inner(self, span: Span) -> list[Span]:
        """The quotations wholly inside ``span``, in list order."""
        a, b = span
        if not self._sorted:
            return [q for q in self.quotes if a <= q[0] and q[1] <= b]
        lo = bisect.bisect_left(self._starts, a)
        hi = bisect.bisect_right(self._starts, b)
        return [q for q in self.quotes[lo:hi] if q[1] <= b]

    def ending_between(self, lo: int, hi: int) -> list[Span]:
        """The quotations whose end is in ``[lo, hi]``, in list order."""
        i = bisect.bisect_left(self._by_end, (lo, -1))
        j = bisect.bisect_right(self._by_end, (hi, len(self.quotes)))
        return [self.quotes[k] for k in sorted(k for _, k in self._by_end[i:j])]
