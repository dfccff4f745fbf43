"""Numbers written by people (population figures): "1,234", "1.2 million", "12k", "~ 3 500".

Separators follow the common reading: a comma or dot followed by exactly three digits and used
as a group separator ("1,234", "1.234.567") groups thousands; a single comma followed by other
than three digits is a decimal comma ("1,5"). Scale words (thousand, million, billion, k, m, bn)
multiply. The first number in the text is the value; text around it (units, "about", "est.")
is ignored.

>>> parse_number("1,234")
1234.0
>>> parse_number("about 1.2 million people")
1200000.0
>>> normalize_number("478,403") == normalize_number("478403.0")
True
>>> normalize_number("unknown") is None
True
"""

from __future__ import annotations

import math
import re

from veracity.normalize.text import fold, is_missing

_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mio": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}

_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212])?\s*"
    r"(?P<num>\d[\d,.\u00a0\u202f']*\d|\d)"
    r"(?P<exp>[eE][-+]?\d+)?"
    r"\s*(?P<scale>thousand|millions?|mio|mn|billions?|bn|trillion|[kmb])?(?![a-z])"
)


def _digits(num: str) -> float | None:
    """Read one number token whose separators are ambiguous (see the module docstring)."""
    s = re.sub(r"[\u00a0\u202f' ]", "", num)
    if not s:
        return None
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        # the later separator is the decimal one: 1,234.5 or 1.234,5
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif commas:
        decimal_comma = commas == 1 and len(s.split(",")[1]) != 3
        s = s.replace(",", "." if decimal_comma else "")
    elif dots > 1:
        s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def parse_number(text: object) -> float | None:
    """The first number in ``text`` as a float, scale words applied; ``None`` if there is none."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        x = float(text)
        return x if math.isfinite(x) else None
    if is_missing(text):
        return None
    m = _NUMBER.search(fold(str(text)))
    if m is None:
        return None
    digits = _digits(m.group("num"))
    if digits is None:
        return None
    x = digits
    if m.group("exp"):
        try:
            x = float(f"{x!r}{m.group('exp')}")
        except (ValueError, OverflowError):
            return None
    if m.group("scale"):
        x *= _SCALES[m.group("scale")]
    if m.group("sign") in ("-", "\u2212"):
        x = -x
    return x if math.isfinite(x) else None


def format_number(x: float) -> str:
    """Canonical spelling of a number: integers without a decimal point, others in ``repr``."""
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    return repr(x)


def normalize_number(text: object) -> str | None:
    """Canonical label of a number, e.g. "1.2 million" -> "1200000"; ``None`` when missing."""
    x = parse_number(text)
    return None if x is None else format_number(x)
