"""The interface the Dask estimators share: the in-memory one, with per-item results as frames.

Configure in ``__init__``; ``fit(claims)`` takes a Dask DataFrame of labelled claims (or
:class:`ClaimPartitions` already made from one) and returns ``self`` with:

- ``trust_``: one float per source code (``source_labels_`` names them), as in memory: sources
  fit in memory wherever claims are counted in millions;
- ``truth_``: a lazy Dask DataFrame ``item, value, probability``, one row per item (the chosen
  value), and ``probabilities_``: the same with one row per candidate value. Per-item results
  are frames, not arrays, because they are as long as the claims are wide and need not fit in
  memory: write them with ``.to_parquet`` or take ``.compute()`` when they are small. Rows come
  in partition order (items grouped by hash), not in input order;
- ``iterations_`` and ``converged_``.

Each estimator computes what its in-memory namesake computes (the tests hold them to 1e-6 on
random claims); ties between values go to the value label seen first in the input, as
``veracity fuse`` does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd

from veracity.fusion.base import NotFittedError
from veracity.fusion.claims import Claims
from veracity.fusion.distributed.partitions import ClaimPartitions, local_claims, partition_claims

#: (local claims, *args) -> (probability per local value code, score whose item argmax is truth)
Posterior = Callable[..., tuple[np.ndarray, np.ndarray]]

_FRAME_META = pd.DataFrame(
    {
        "item": pd.Series(dtype=str),
        "value": pd.Series(dtype=str),
        "probability": pd.Series(dtype=np.float64),
    }
)


def _result_frame(
    df: pd.DataFrame,
    n_sources: int,
    posterior: Posterior,
    args: tuple,
    value_labels: np.ndarray,
    every_value: bool,
) -> pd.DataFrame:
    """One partition's results with labels: the chosen value per item, or every candidate."""
    if not len(df):
        return _FRAME_META.copy()
    c = local_claims(df, n_sources)
    prob, score = posterior(c, *args)
    it = df["it"].to_numpy()
    first = np.ones(it.size, dtype=bool)
    first[1:] = it[1:] != it[:-1]
    item_labels = df["item"].iloc[np.flatnonzero(first)].to_numpy(dtype=object)
    label = np.asarray(value_labels, dtype=object)[c.value_label_codes]
    if every_value:
        return pd.DataFrame(
            {"item": item_labels[c.value_item], "value": label, "probability": prob}
        )
    truth = c.item_argmax(score)
    return pd.DataFrame({"item": item_labels, "value": label[truth], "probability": prob[truth]})


class DaskEstimator(ABC):
    """Base class: subclasses implement ``_fit`` (setting ``trust_``, ``iterations_``,
    ``converged_``) and ``_posterior`` (how final per-item probabilities are computed)."""

    name: str = "estimator"
    trust_scale: str = "score"

    trust_: np.ndarray
    iterations_: int
    converged_: bool
    claims_: ClaimPartitions

    def fit(self, claims: ClaimPartitions | dd.DataFrame, **layout: Any) -> DaskEstimator:
        """Fit on claims; ``layout`` (npartitions, scheduler, cache, workdir) goes to
        :func:`partition_claims` when ``claims`` is a Dask DataFrame."""
        if not isinstance(claims, ClaimPartitions):
            claims = partition_claims(claims, **layout)
        elif layout:
            raise TypeError(f"{', '.join(layout)}: the claims are partitioned already")
        self.claims_ = claims
        self._fit(claims)
        return self

    @abstractmethod
    def _fit(self, parts: ClaimPartitions) -> None: ...

    @abstractmethod
    def _posterior(self) -> tuple[Posterior, tuple]:
        """A module-level function and its arguments (pickled to workers)."""

    def params(self) -> dict[str, object]:
        return {
            k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")
        }

    def _check_fitted(self) -> None:
        if not hasattr(self, "trust_"):
            raise NotFittedError(f"{type(self).__name__} is not fitted: call fit(claims) first")

    @property
    def source_labels_(self) -> np.ndarray:
        self._check_fitted()
        return self.claims_.source_labels

    def _frame(self, every_value: bool) -> dd.DataFrame:
        self._check_fitted()
        posterior, args = self._posterior()
        return self.claims_.map_frames(
            _result_frame, _FRAME_META, posterior, args, self.claims_.value_labels, every_value
        )

    @property
    def truth_(self) -> dd.DataFrame:
        """Lazy ``item, value, probability``: each item's chosen value."""
        return self._frame(every_value=False)

    @property
    def probabilities_(self) -> dd.DataFrame:
        """Lazy ``item, value, probability``: every candidate value of every item."""
        return self._frame(every_value=True)

    def trust_frame(self) -> pd.DataFrame:
        """``source, trust``: one row per source, in the method's own trust units."""
        self._check_fitted()
        return pd.DataFrame({"source": self.claims_.source_labels, "trust": self.trust_})

    def explain(self, item: str) -> pd.DataFrame:
        """The claims on one item: source, value, weight, the source's trust and the value's
        probability (a scan of every partition: for looking at a few items, not all)."""
        self._check_fitted()
        posterior, args = self._posterior()
        frames = self.claims_.map_frames(
            _explain_part,
            _EXPLAIN_META,
            item,
            posterior,
            args,
            self.claims_.value_labels,
            self.claims_.source_labels,
            self.trust_,
        )
        return self.claims_.compute(frames)[0].reset_index(drop=True)


_EXPLAIN_META = pd.DataFrame(
    {
        "source": pd.Series(dtype=str),
        "value": pd.Series(dtype=str),
        "weight": pd.Series(dtype=np.float64),
        "trust": pd.Series(dtype=np.float64),
        "probability": pd.Series(dtype=np.float64),
    }
)


def _explain_part(
    df: pd.DataFrame,
    n_sources: int,
    item: str,
    posterior: Posterior,
    args: tuple,
    value_labels: np.ndarray,
    source_labels: np.ndarray,
    trust: np.ndarray,
) -> pd.DataFrame:
    """The item's claims, if this partition holds it (the posterior needs only its item)."""
    rows = df[df["item"] == item]
    if not len(rows):
        return _EXPLAIN_META.copy()
    rows = rows.assign(it=0, v=rows["v"] - rows["v"].min())  # codes local to the one item
    c: Claims = local_claims(rows, n_sources)
    prob, _ = posterior(c, *args)
    w = rows["w"].to_numpy() if "w" in rows.columns else np.ones(len(rows))
    return pd.DataFrame(
        {
            "source": np.asarray(source_labels, dtype=object)[c.source],
            "value": np.asarray(value_labels, dtype=object)[rows["vl"].to_numpy()],
            "weight": w,
            "trust": np.asarray(trust, dtype=np.float64)[c.source],
            "probability": prob[c.value],
        }
    )
