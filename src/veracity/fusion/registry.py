"""Method names as the CLI and the assessment records spell them."""

from __future__ import annotations

from veracity.fusion.base import Estimator
from veracity.fusion.majority_vote import MajorityVote

METHODS: dict[str, type[Estimator]] = {
    "majority_vote": MajorityVote,
}

#: the method ``veracity assess`` and ``veracity fuse`` use when none is named
DEFAULT_METHOD = "majority_vote"


class UnknownMethodError(KeyError):
    pass


def get_method(name: str) -> type[Estimator]:
    key = name.replace("-", "_").lower()
    if key not in METHODS:
        known = ", ".join(sorted(METHODS))
        raise UnknownMethodError(f"unknown fusion method {name!r}; choose one of: {known}")
    return METHODS[key]
