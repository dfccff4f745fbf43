"""What Galland et al.'s 2-Estimates and 3-Estimates (WSDM 2010) share.

Their votes are explicit about what is *not* true: a source that claims value f of an item votes
for f and against every other value of that item. Those negative votes are never materialised
here (they would multiply the claims by the values per item): each formula is rewritten as an
item total minus the claim's own value, all in per-claim, per-value and per-item sums.

Their normalisation after every update keeps the fixed point away from the trivial all-0 / all-1
solutions: a blend, weight λ, of a linear rescale of the scores to [0, 1] and a rounding to
{0, 1}: ``λ·(x - min)/(max - min) + (1 - λ)·round(x)``.
"""

from __future__ import annotations

import numpy as np


def galland_normalise(x: np.ndarray, weight: float) -> np.ndarray:
    """λ·linear rescale to [0, 1] + (1 - λ)·rounding, as in Galland et al. 2010."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    lin = (x - lo) / (hi - lo) if hi > lo else np.clip(x, 0.0, 1.0)
    # rounding with a tie band: a score of 0.5 give or take summation noise rounds to 0.5 on
    # every run, whatever order the claims come in (np.round would send it to 0 or 1 by a
    # rounding error, and relabelling the sources would change the answer)
    rounded = np.where(x > 0.5 + TIE, 1.0, np.where(x < 0.5 - TIE, 0.0, 0.5))
    return weight * lin + (1.0 - weight) * rounded


TIE = 1e-9
