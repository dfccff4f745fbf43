"""Truth discovery with Dask: the fusion methods for claims that do not fit in memory.

The claims are a Dask DataFrame (``source, item, value``, optional ``weight``: the columns of
``veracity fuse``'s CSV), shuffled once so that each item's claims sit in one partition; each
round of an iterative method is a map over partitions and a reduce of per-source sums
(:mod:`~veracity.fusion.distributed.partitions`). Results equal the in-memory estimators' (see
:mod:`~veracity.fusion.distributed.base` for the one difference: per-item results are lazy
frames).

>>> import dask.dataframe as dd, pandas as pd
>>> claims = dd.from_pandas(pd.DataFrame({"source": ["a", "b", "c"], "item": ["x", "x", "x"],
...                                       "value": ["1", "1", "2"]}), npartitions=1)
>>> model = get_dask_method("majority_vote")().fit(claims, scheduler="sync")
>>> model.truth_.compute(scheduler="sync").values.tolist()
[['x', '1', 0.6666666666666666]]

Needs the ``dask`` extra (``pip install 'veracity[dask]'``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from veracity.fusion.registry import UnknownMethodError

if TYPE_CHECKING:  # the base class imports Dask, an optional extra
    from veracity.fusion.distributed.base import DaskEstimator

#: method name (as in ``veracity.fusion.registry``) -> "module:Class" under this package
_PATHS: dict[str, str] = {
    "majority_vote": "majority_vote:DaskMajorityVote",
    "truthfinder": "truthfinder:DaskTruthFinder",
    "sums": "sums:DaskSums",
    "dawid_skene": "dawid_skene:DaskDawidSkene",
    "dawid_skene_one_coin": "dawid_skene:DaskDawidSkeneOneCoin",
    "veracity_core": "default:DaskVeracityCore",
}
#: what ``veracity fuse --backend dask`` runs when no method is named
DEFAULT_DASK_METHOD = "veracity_core"


class _Methods(Mapping[str, "type[DaskEstimator]"]):
    """name -> Dask estimator class, imported on first use (Dask is an optional extra)."""

    def __getitem__(self, name: str) -> type[DaskEstimator]:
        module, cls = _PATHS[name].split(":")
        return getattr(importlib.import_module(f"veracity.fusion.distributed.{module}"), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(_PATHS)

    def __len__(self) -> int:
        return len(_PATHS)


DASK_METHODS: Mapping[str, type[DaskEstimator]] = _Methods()


def get_dask_method(name: str) -> type[DaskEstimator]:
    """The Dask estimator class of a method name; an unknown or unported name lists them."""
    key = name.replace("-", "_").lower()
    if key == "veracity":
        raise UnknownMethodError(
            "the default method's copy detection, value similarity, label families and sampled "
            "intervals need all claims at once: with --backend dask use veracity_core (the "
            "same EM, prior and calibration without them)"
        )
    if key not in DASK_METHODS:
        known = ", ".join(sorted(DASK_METHODS))
        raise UnknownMethodError(
            f"fusion method {name!r} has no Dask backend; with --backend dask choose one of: "
            f"{known}"
        )
    return DASK_METHODS[key]


__all__ = ["DASK_METHODS", "DEFAULT_DASK_METHOD", "get_dask_method"]
