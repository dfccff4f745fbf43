"""Method names as the CLI and the assessment records spell them."""

from __future__ import annotations

from veracity.errors import ConfigError
from veracity.fusion.base import Estimator
from veracity.fusion.majority_vote import MajorityVote
from veracity.fusion.track_record import TrackRecordVote

METHODS: dict[str, type[Estimator]] = {
    "majority_vote": MajorityVote,
    "track_record": TrackRecordVote,
}

#: the method ``veracity assess`` and ``veracity fuse`` use when none is named
DEFAULT_METHOD = "track_record"


class UnknownMethodError(ConfigError):
    """A method name the registry does not know."""


def get_method(name: str) -> type[Estimator]:
    key = name.replace("-", "_").lower()
    if key not in METHODS:
        known = ", ".join(sorted(METHODS))
        raise UnknownMethodError(f"unknown fusion method {name!r}; choose one of: {known}")
    return METHODS[key]
