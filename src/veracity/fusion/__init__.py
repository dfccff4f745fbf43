"""Truth discovery on integer-coded claims: one module per method, one interface (``base``).

>>> from veracity.fusion import Claims, get_method
>>> claims = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
>>> get_method("majority_vote")().fit(claims).truth_.tolist()
[0]
"""

from __future__ import annotations

from veracity.fusion.base import Estimator, ItemExplanation, NotFittedError, SourceVote
from veracity.fusion.claims import NO_ORIGIN, Claims
from veracity.fusion.registry import DEFAULT_METHOD, METHODS, get_method

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "NO_ORIGIN",
    "Claims",
    "Estimator",
    "ItemExplanation",
    "NotFittedError",
    "SourceVote",
    "get_method",
]
