"""The three distribution functions the fusion methods need, from :mod:`scipy.special`.

``scipy.stats`` takes 1-3 s to import (it builds every distribution object at import time),
which was most of ``veracity fuse``'s start-up; :mod:`scipy.special` has the same functions
for a fraction of that. Each function here is the one ``scipy.stats`` itself calls, so the
results are bit for bit those of ``stats.beta.ppf``, ``stats.poisson.sf`` and
``stats.norm.ppf`` (``tests/test_fusion_distributions.py`` holds them to it).

>>> round(float(beta_ppf(0.5, 2.0, 2.0)), 6), round(float(normal_ppf(0.975)), 4)
(0.5, 1.96)
"""

from __future__ import annotations

import numpy as np
from scipy import special


def beta_ppf(q: float | np.ndarray, a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Quantile ``q`` of Beta(a, b) (``scipy.stats.beta.ppf``)."""
    return np.asarray(special.betaincinv(a, b, q))


def poisson_sf(k: np.ndarray | float, mu: np.ndarray | float) -> np.ndarray:
    """P(X > k) for X ~ Poisson(mu), k >= 0 whole (``scipy.stats.poisson.sf``)."""
    return np.asarray(special.pdtrc(np.floor(k), mu))


def normal_ppf(q: float | np.ndarray) -> np.ndarray:
    """Quantile ``q`` of the standard normal (``scipy.stats.norm.ppf``)."""
    return np.asarray(special.ndtri(q))
