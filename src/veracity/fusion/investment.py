"""Investment (Pasternack & Roth 2010): sources invest their trust in their claims.

A source splits its trust evenly over its claims; each claim's belief grows as G(x) = x^g of the
investment it drew (g = 1.2); a source earns back from each claim in proportion to its share:

T(s) = Σ_{c ∈ C(s)} B(c) · (T(s)/|C(s)|) / Σ_{r ∈ S(c)} (T(r)/|C(r)|)
B(c) = G(Σ_{s ∈ S(c)} T(s)/|C(s)|)

Initial trust 1, prior belief = the value's vote share within its item; both divided by their
maximum each iteration; 20 iterations.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._common import divide, vote_shares
from veracity.fusion._pasternack_roth import TrustBeliefIteration
from veracity.fusion.claims import Claims


def invested_trust(
    c: Claims, n_claimed: np.ndarray, trust: np.ndarray, belief: np.ndarray
) -> np.ndarray:
    """The trust update both Investment variants share: returns on each source's stakes."""
    stake = divide(trust, n_claimed)
    pooled = c.value_source @ stake  # Σ_{r ∈ S(c)} T(r)/|C(r)|
    return stake * (c.source_value @ divide(belief, pooled))


class Investment(TrustBeliefIteration):
    """Investment with growth exponent ``g``.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> Investment().fit(c).truth_.tolist()
    [0]
    """

    name = "investment"

    def __init__(self, g: float = 1.2, iterations: int = 20, tol: float = 1e-4) -> None:
        super().__init__(iterations=iterations, tol=tol)
        self.g = g

    def _prior(self, c: Claims, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.ones(c.n_sources), vote_shares(c, w)

    def _step(self, c, w, n_claimed, trust, belief):  # noqa: ANN001, ANN202
        new_trust = invested_trust(c, n_claimed, trust, belief)
        invest = c.value_source @ divide(new_trust, n_claimed)
        return new_trust, invest**self.g
