"""Sums, or Hubs and Authorities (Kleinberg 1999), as Pasternack & Roth (2010) use it.

T(s) = Σ_{c ∈ C(s)} B(c);  B(c) = Σ_{s ∈ S(c)} T(s); both divided by their maximum each
iteration; prior belief 0.5 for every value; 20 iterations.
"""

from __future__ import annotations

import numpy as np

from veracity.fusion._pasternack_roth import TrustBeliefIteration
from veracity.fusion.claims import Claims


class Sums(TrustBeliefIteration):
    """Hubs (sources) and authorities (values) by power iteration.

    >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> Sums().fit(c).truth_.tolist()
    [0]
    """

    name = "sums"

    def _prior(self, c: Claims, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(c.n_sources), np.full(c.n_values, 0.5)

    def _step(self, c, w, n_claimed, trust, belief):  # noqa: ANN001, ANN202
        new_trust = c.source_value @ belief
        return new_trust, c.value_source @ new_trust
