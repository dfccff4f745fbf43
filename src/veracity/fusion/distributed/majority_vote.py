"""Majority vote on partitioned claims: one map (vote shares, winners) and one reduce."""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import claim_weights, divide, per_value
from veracity.fusion.claims import Claims
from veracity.fusion.distributed.base import DaskEstimator, Posterior
from veracity.fusion.distributed.partitions import ClaimPartitions, Stats


def _shares(c: Claims) -> tuple[np.ndarray, np.ndarray]:
    p = c.item_normalise(per_value(c, claim_weights(c)))
    return p, p


def _agreement(c: Claims) -> Stats:
    p, _ = _shares(c)
    truth = c.item_argmax(p)
    agree = (truth[c.item] == c.value).astype(np.float64)
    return {"agree": np.bincount(c.source, weights=agree, minlength=c.n_sources)}


class DaskMajorityVote(DaskEstimator):
    """:class:`~veracity.fusion.majority_vote.MajorityVote` over partitions.

    Vote shares are per item, so they need nothing from other partitions; a source's trust (the
    share of its claims that agree with the winner) is one per-source sum.
    """

    name = "majority_vote"
    trust_scale = "share of the source's claims that agree with the majority"

    def _fit(self, parts: ClaimPartitions) -> None:
        stats = parts.map_reduce(_agreement)
        self.trust_ = divide(stats["agree"], parts.source_count, fill=np.nan)
        self.iterations_ = 1
        self.converged_ = True

    def _posterior(self) -> tuple[Posterior, tuple]:
        return _shares, ()
