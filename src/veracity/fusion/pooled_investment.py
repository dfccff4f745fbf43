"""PooledInvestment (Pasternack & Roth 2010): Investment whose returns are pooled per item.

Trust as in Investment; with H(c) = Σ_{s ∈ S(c)} T(s)/|C(s)| the investment a value drew,
B(c) = H(c) · G(H(c)) / Σ_{d ∈ M(c)} G(H(d)), G(x) = x^g, g = 1.4, M(c) the item's values:
mutually exclusive values compete for the item's pool. Prior belief 1/|M(c)|; trust starts at
1; both divided by their maximum each iteration; 20 iterations (truthdiscovery runs 10).
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import divide
from veracity.fusion._pasternack_roth import TrustBeliefIteration
from veracity.fusion.claims import Claims
from veracity.fusion.investment import invested_trust


class PooledInvestment(TrustBeliefIteration):
    """PooledInvestment with growth exponent ``g``.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> PooledInvestment().fit(c).truth_.tolist()
    [0]
    """

    name = "pooled_investment"

    def __init__(self, g: float = 1.4, iterations: int = 20, tol: float = 1e-4) -> None:
        super().__init__(iterations=iterations, tol=tol)
        self.g = g

    def _prior(self, c: Claims, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.ones(c.n_sources), 1.0 / np.maximum(c.values_per_item[c.value_item], 1)

    def _step(self, c, w, n_claimed, trust, belief):  # noqa: ANN001, ANN202
        new_trust = invested_trust(c, n_claimed, trust, belief)
        h = c.value_source @ divide(new_trust, n_claimed)
        grown = h**self.g
        return new_trust, h * divide(grown, c.item_sum(grown)[c.value_item])
