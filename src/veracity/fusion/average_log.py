"""AverageLog (Pasternack & Roth 2010): Sums with trust as a log-weighted average belief.

T(s) = log|C(s)| · Σ_{c ∈ C(s)} B(c) / |C(s)|;  B(c) = Σ_{s ∈ S(c)} T(s); both divided by their
maximum each iteration; prior belief 0.5; 20 iterations. A source with one claim gets trust 0
(log 1): the method's deliberate distrust of sources that say little.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import divide
from veracity.fusion._pasternack_roth import TrustBeliefIteration
from veracity.fusion.claims import Claims


class AverageLog(TrustBeliefIteration):
    """Average belief of a source's claims, scaled by the log of how many it made.

    >>> c = Claims.from_records([("a", "x", "1"), ("a", "y", "1"), ("b", "x", "2")])
    >>> AverageLog().fit(c).truth_.tolist()
    [0, 1]
    """

    name = "average_log"

    def _prior(self, c: Claims, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(c.n_sources), np.full(c.n_values, 0.5)

    def _step(self, c, w, n_claimed, trust, belief):  # noqa: ANN001, ANN202
        scale = divide(np.log(np.maximum(n_claimed, 1.0)), n_claimed)
        new_trust = scale * (c.source_value @ belief)
        return new_trust, c.value_source @ new_trust
