"""Method names as the CLI and the assessment records spell them."""

from __future__ import annotations

from veracity.errors import ConfigError
from veracity.fusion.accu import Accu, AccuCopy
from veracity.fusion.average_log import AverageLog
from veracity.fusion.base import Estimator
from veracity.fusion.crh import CRH
from veracity.fusion.dawid_skene import DawidSkene, DawidSkeneOneCoin
from veracity.fusion.default import Veracity
from veracity.fusion.investment import Investment
from veracity.fusion.majority_vote import MajorityVote
from veracity.fusion.pooled_investment import PooledInvestment
from veracity.fusion.sums import Sums
from veracity.fusion.three_estimates import ThreeEstimates
from veracity.fusion.track_record import TrackRecordVote
from veracity.fusion.truthfinder import TruthFinder
from veracity.fusion.two_estimates import TwoEstimates
from veracity.fusion.weighted_vote import WeightedVote

METHODS: dict[str, type[Estimator]] = {
    "majority_vote": MajorityVote,
    "weighted_vote": WeightedVote,
    "truthfinder": TruthFinder,
    "sums": Sums,
    "average_log": AverageLog,
    "investment": Investment,
    "pooled_investment": PooledInvestment,
    "two_estimates": TwoEstimates,
    "three_estimates": ThreeEstimates,
    "accu": Accu,
    "accu_copy": AccuCopy,
    "crh": CRH,
    "dawid_skene": DawidSkene,
    "dawid_skene_one_coin": DawidSkeneOneCoin,
    "track_record": TrackRecordVote,
    "veracity": Veracity,
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
