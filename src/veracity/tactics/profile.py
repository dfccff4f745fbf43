"""Per-source tactic profiles: how often each source used each tactic, period by period.

A report shows whether a spokesman's blanket denials cluster around certain events; this
counts tags per (source, period, technique) from statements and the tags of their quotes.
Pure: statements and tags in, rows out.

>>> from datetime import date
>>> from veracity.model import Statement
>>> s = Statement(id="s1", source_id="peskov", proposition_id="P1", time=date(2024, 11, 11))
>>> t = Tag("blanket_denial", 0, 5, 0.8, "blanket_denial.fiction")
>>> tactic_profile([s], {"s1": [t]})  # doctest: +NORMALIZE_WHITESPACE
[ProfileRow(source_id='peskov', period='2024-11', technique='blanket_denial', count=1,
            statements=1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from veracity.model import Statement
from veracity.tactics.tag import Tag

Period = Literal["day", "week", "month", "year", "all"]
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class ProfileRow:
    source_id: str
    period: str  # "2024-11", "2024-W46", "2024-11-11", "2024" or "all"; "undated" if no time
    technique: str
    count: int  # tags of this technique in the period
    statements: int  # statements of this source in the period that carry at least one


def period_of(when: datetime | date | None, period: Period) -> str:
    """The label of the period ``when`` falls in."""
    if period == "all":
        return "all"
    if when is None:
        return UNDATED
    d = when.date() if isinstance(when, datetime) else when
    if period == "day":
        return d.isoformat()
    if period == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{d.year}-{d.month:02d}"
    return str(d.year)


def tactic_profile(
    statements: Iterable[Statement],
    tags: Mapping[str, Sequence[Tag]],
    *,
    period: Period = "month",
) -> list[ProfileRow]:
    """Counts per (source, period, technique), sorted; ``tags`` maps statement id → its tags."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    carriers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s in statements:
        key_period = period_of(s.time, period)
        for t in tags.get(s.id, ()):
            key = (s.source_id, key_period, t.technique)
            counts[key] += 1
            carriers[key].add(s.id)
    return [
        ProfileRow(src, per, tech, counts[(src, per, tech)], len(carriers[(src, per, tech)]))
        for src, per, tech in sorted(counts)
    ]
