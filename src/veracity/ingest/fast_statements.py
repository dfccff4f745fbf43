"""The fast road for statement files: a plainly well-formed statement record straight to its
table-row tuple, with no model object in between (most rows of a large import).

Anything unusual returns None and goes through ``fields.parse_record``, so values and messages
are always that function's; ``tests/test_import_export.py`` checks the two roads agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from veracity.ingest.fields import FIELDS, SPAN_PARTS, FieldProblem, read_flag, read_time
from veracity.model import Stance

_STATEMENT_NAMES = frozenset(f.name for f in FIELDS["statements"]) | frozenset(SPAN_PARTS)
_STANCES = frozenset(s.value for s in Stance)
_TIMES_KEPT = 10_000


def fast_statement_row(
    raw: Mapping[str, Any], from_text: bool, times: dict[str, str]
) -> tuple[Any, ...] | None:
    """A statement record straight to its row tuple when every field is plainly well formed;
    None otherwise, and ``parse_record`` decides (so values and messages stay its own).

    ``times`` remembers how each time text was written back (``date.isoformat``), as many
    statements share a date.
    """
    if not raw.keys() <= _STATEMENT_NAMES:
        return None
    get = raw.get
    sid, source, prop = get("id"), get("source"), get("proposition")
    if type(sid) is not str or type(source) is not str or type(prop) is not str:
        return None
    if not sid or not source or not prop:
        return None
    stance = get("stance")
    if stance is None or stance == "":
        stance = "asserts"
    elif type(stance) is not str or stance not in _STANCES:
        return None
    value = get("value")
    if value is None or value == "":
        value = "true"
    elif type(value) is not str:
        return None
    time = get("time")
    if time is None or time == "":
        time = None
    elif type(time) is not str:
        return None
    else:
        written = times.get(time)
        if written is None:
            try:
                written = read_time(time, "time", from_text).isoformat()
            except FieldProblem:
                return None
            if len(times) >= _TIMES_KEPT:
                times.clear()
            times[time] = written
        time = written
    optional = []
    for name in ("quote", "document", "cites", "reference"):
        text = get(name)
        if text == "":
            text = None
        elif text is not None and type(text) is not str:
            return None
        optional.append(text)
    quote, document, cites, reference = optional
    span = get("span")
    if "span_start" in raw or "span_end" in raw:
        if not from_text or (span is not None and span != ""):
            return None
        start, end = get("span_start", ""), get("span_end", "")
        if start == "" and end == "":
            start = end = None
        elif start.isdigit() and end.isdigit() and start.isascii() and end.isascii():
            start, end = int(start), int(end)
        else:
            return None
    elif span is None or span == "":
        start = end = None
    elif type(span) is list and len(span) == 2 and type(span[0]) is int and type(span[1]) is int:
        start, end = span
    else:
        return None
    if start is not None and not 0 <= start <= end:
        return None
    corrected = get("corrected")
    if corrected is None or corrected == "":
        corrected = False
    elif type(corrected) is not bool:
        if not from_text:
            return None
        try:
            corrected = read_flag(corrected, "corrected", from_text)
        except FieldProblem:
            return None
    return (
        sid,
        source,
        prop,
        stance,
        value,
        time,
        quote,
        document,
        start,
        end,
        cites,
        reference,
        corrected,
    )
