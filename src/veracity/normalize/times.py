"""Clock times as flight web sites print them: one canonical "HH:MM" per time of day.

Handled: 12-hour times ("4:55 p.m.", "7:10pm", "10:34A", "6:59aDec 1", "12:00noon"), 24-hour
times ("20:00", "2011-12-01 07:10"), dates around the time in any of the sites' spellings
("Dec 01 - 7:10pm", "12/2/11 6:35 a.m.", "12:15 a.m. Fri 02-Dec-2011") and status notes
("(Estimated runway)", "Delayed", "*"), which are dropped. A time zone written after the time
("7:10 PM EST", "19:10 UTC+2", "07:10 -05:00") is parsed into ``tz_offset`` minutes;
:func:`normalize_time` keeps local clock time unless ``to_utc`` is set. Parenthesised offsets
such as "(+8:00)" are treated as notes, not zones: sites use them for delays.

>>> normalize_time("4:55 p.m.")
'16:55'
>>> normalize_time("12:15 a.m.  Fri 02-Dec-2011")
'00:15'
>>> normalize_time("7:10 PM EST", to_utc=True)
'00:10'
>>> time_minutes("2011-12-01 07:10")
430
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veracity.normalize.text import fold, is_missing

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTHS.split("|"))}

#: fixed offsets of the zone abbreviations sites print (minutes east of UTC)
ZONES: dict[str, int] = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "akst": -540,
    "akdt": -480,
    "hst": -600,
    "ast": -240,
    "bst": 60,
    "cet": 60,
    "cest": 120,
}

_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*")
_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?|(?=\s?[ap]\.?\s?m\b))"
    r"\s*(?P<mer>[ap]\.?\s?m\b\.?|[ap](?![a-z])|[ap](?=(?:" + _MONTHS + r"))|noon|midnight)?"
)
_ZONE = re.compile(
    r"^\s*(?:(?P<name>" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b)?"
    r"\s*(?P<off>[-+\u2212]\d{1,2}(?::?\d{2})?)?"
)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})")
_SLASH_DATE = re.compile(
    r"(?<![\d:])(?P<mo>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?:(?P=sep)(?P<y>\d{2,4}))?(?![\d:])"
)
_DAY_MONTH = re.compile(r"(?P<d>\d{1,2})-(?P<mon>" + _MONTHS + r")[a-z]*(?:-(?P<y>\d{2,4}))?")
_MONTH_DAY = re.compile(r"(?P<mon>" + _MONTHS + r")[a-z]*\.?\s*(?P<d>\d{1,2})(?!\d|:)")


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A parsed time: local minutes after midnight, the date and zone if the text gave them."""

    minutes: int
    month: int | None = None
    day: int | None = None
    year: int | None = None
    tz_offset: int | None = None  # minutes east of UTC

    @property
    def utc_minutes(self) -> int:
        """Minutes after midnight UTC (local time when no zone was given)."""
        return (self.minutes - (self.tz_offset or 0)) % 1440


def _offset(text: str) -> int | None:
    sign = -1 if text[0] in "-\u2212" else 1
    digits = text[1:].replace(":", "")
    hours, mins = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    h, m = int(hours), int(mins)
    if h > 14 or m > 59:
        return None
    return sign * (60 * h + m)


def _date(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from the text around the time, each None if absent."""
    for rx in (_ISO_DATE, _DAY_MONTH, _MONTH_DAY, _SLASH_DATE):
        m = rx.search(text)
        if m is None:
            continue
        g = m.groupdict()
        month = _MONTH_NUM[g["mon"][:3]] if g.get("mon") else int(g["mo"])
        day = int(g["d"])
        year = int(g["y"]) if g.get("y") else None
        if year is not None and year < 100:
            year += 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return year, month, day
    return None, None, None


def parse_time(text: object) -> ClockTime | None:
    """Parse the first clock time in ``text``; ``None`` when there is none or it is invalid."""
    if is_missing(text):
        return None
    s = _NOTES.sub(" ", fold(str(text)))
    # a date's own digits must not be read as a time: remove ISO dates before searching
    body = _ISO_DATE.sub(" ", s)
    m = _TIME.search(body)
    if m is None:
        return None
    h = int(m.group("h"))
    mins = int(m.group("m") or 0)
    mer = (m.group("mer") or "").replace(".", "").replace(" ", "")
    if mins > 59:
        return None
    if mer == "noon":
        if h not in (12, 0):
            return None
        h = 12
    elif mer == "midnight":
        if h not in (12, 0):
            return None
        h = 0
    elif mer:
        if not 1 <= h <= 12 and not (h == 0 and mer.startswith("a")):
            return None
        h = h % 12 + (12 if mer.startswith("p") else 0)
    elif h > 23:
        return None
    tz = None
    z = _ZONE.match(body[m.end() :])
    if z and (z.group("name") or z.group("off")):
        tz = ZONES[z.group("name")] if z.group("name") else 0
        if z.group("off"):
            off = _offset(z.group("off"))
            if off is None:
                return None
            tz += off
    year, month, day = _date(s[: m.start()] + " " + s[m.end() :] if s == body else s)
    return ClockTime(60 * h + mins, month=month, day=day, year=year, tz_offset=tz)


def time_minutes(text: object, *, to_utc: bool = False) -> int | None:
    """Minutes after midnight (local, or UTC when asked and a zone was given)."""
    t = parse_time(text)
    if t is None:
        return None
    return t.utc_minutes if to_utc else t.minutes


def normalize_time(text: object, *, to_utc: bool = False) -> str | None:
    """Canonical "HH:MM" of the time of day in ``text``; ``None`` when missing or unreadable."""
    m = time_minutes(text, to_utc=to_utc)
    return None if m is None else f"{m // 60:02d}:{m % 60:02d}"
