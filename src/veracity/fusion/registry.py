"""Method names as the CLI and the assessment records spell them.

``METHODS`` maps each name to its estimator class; a method's module is imported the first time
its class is looked up, so a command that runs one method does not import all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from veracity.errors import ConfigError
from veracity.fusion.base import Estimator

#: name -> "module:Class" under veracity.fusion
_PATHS: dict[str, str] = {
    "majority_vote": "majority_vote:MajorityVote",
    "weighted_vote": "weighted_vote:WeightedVote",
    "truthfinder": "truthfinder:TruthFinder",
    "sums": "sums:Sums",
    "average_log": "average_log:AverageLog",
    "investment": "investment:Investment",
    "pooled_investment": "pooled_investment:PooledInvestment",
    "two_estimates": "two_estimates:TwoEstimates",
    "three_estimates": "three_estimates:ThreeEstimates",
    "accu": "accu:Accu",
    "accu_copy": "accu:AccuCopy",
    "crh": "crh:CRH",
    "dawid_skene": "dawid_skene:DawidSkene",
    "dawid_skene_one_coin": "dawid_skene:DawidSkeneOneCoin",
    "track_record": "track_record:TrackRecordVote",
    "veracity": "default:Veracity",
}


class _Methods(Mapping[str, type[Estimator]]):
    """A read-only name -> class mapping that imports each class on first use."""

    def __getitem__(self, name: str) -> type[Estimator]:
        module, cls = _PATHS[name].split(":")
        return getattr(importlib.import_module(f"veracity.fusion.{module}"), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(_PATHS)

    def __len__(self) -> int:
        return len(_PATHS)


METHODS: Mapping[str, type[Estimator]] = _Methods()

#: the method ``veracity assess`` and ``veracity fuse`` use when none is named
DEFAULT_METHOD = "veracity"


class UnknownMethodError(ConfigError):
    """A method name the registry does not know."""


def get_method(name: str) -> type[Estimator]:
    key = name.replace("-", "_").lower()
    if key not in METHODS:
        known = ", ".join(sorted(METHODS))
        raise UnknownMethodError(f"unknown fusion method {name!r}; choose one of: {known}")
    return METHODS[key]
