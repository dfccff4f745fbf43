"""Similarity between the candidate values of one item, so that near values support each other.

Two sources that say a city has 478,403 and 478,400 people nearly agree; one that says 4,784,030
does not. Yin et al. (2007) call this *implication* between facts. Numbers (population figures,
clock times in minutes) use a relative-distance kernel; other labels use the Jaccard similarity
of their word sets (author lists missing one author, titles with one extra word).

The result is a sparse values x values matrix with zero diagonal, built only within items.

>>> import numpy as np
>>> from veracity.fusion.claims import Claims
>>> c = Claims.from_records([("a", "x", "100"), ("b", "x", "101"), ("c", "x", "300")])
>>> m = value_similarity(c, numbers=np.array([100.0, 101.0, 300.0]))
>>> round(float(m[0, 1]), 2), float(m[0, 2])
(0.37, 0.0)
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

from veracity.fusion.claims import Claims

#: relative distance at which two numbers' similarity falls to 1/e
NUMBER_SCALE = 0.01
#: similarities below this are dropped (keeps the matrix sparse and the support meaningful)
MIN_SIMILARITY = 0.3
#: items with more candidate values than this get no similarity (quadratic in the value count)
MAX_VALUES = 200
#: word-set similarity is computed in Python; skip it beyond this many value pairs
MAX_TEXT_PAIRS = 2_000_000

_WORD = re.compile(r"\w+")


def item_value_pairs(claims: Claims, max_values: int = MAX_VALUES) -> tuple[np.ndarray, np.ndarray]:
    """All ordered pairs (u, v), u != v, of value codes that belong to the same item."""
    vpi = claims.values_per_item
    ok = (vpi >= 2) & (vpi <= max_values)
    vals = np.flatnonzero(ok[claims.value_item])
    if vals.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    owner, other = claims.item_values(claims.value_item[vals])
    u = vals[owner]
    keep = u != other
    return u[keep].astype(np.int64), other[keep].astype(np.int64)


def number_similarity(x: np.ndarray, y: np.ndarray, scale: float = NUMBER_SCALE) -> np.ndarray:
    """exp(-|x - y| / (scale * max(|x|, |y|))): 1 for equal numbers, ~0 beyond a few scales."""
    mag = np.maximum(np.abs(x), np.abs(y))
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.abs(x - y) / (scale * np.where(mag > 0, mag, 1.0))
    out = np.exp(-d)
    return np.where(np.isfinite(out), out, 0.0)


def word_similarity(labels: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Jaccard similarity of the lower-case word sets of two labels."""
    words = [frozenset(_WORD.findall(str(s).lower())) for s in labels]
    out = np.zeros(u.size)
    for k, (a, b) in enumerate(zip(u.tolist(), v.tolist(), strict=True)):
        wa, wb = words[a], words[b]
        if wa and wb:
            out[k] = len(wa & wb) / len(wa | wb)
    return out


def value_similarity(
    claims: Claims,
    numbers: np.ndarray | None = None,
    *,
    items: np.ndarray | None = None,
    scale: float = NUMBER_SCALE,
    min_similarity: float = MIN_SIMILARITY,
) -> sp.csr_matrix:
    """Sparse values x values similarity within items (zero diagonal).

    ``numbers`` holds one float per value code (NaN where a value is not a number); pairs of
    numbers use :func:`number_similarity`, other pairs :func:`word_similarity` of the labels.
    ``items`` (boolean per item) limits the matrix to those items.
    """
    n = claims.n_values
    u, v = item_value_pairs(claims)
    if items is not None and u.size:
        keep = np.asarray(items, bool)[claims.value_item[u]]
        u, v = u[keep], v[keep]
    sim = np.zeros(u.size)
    numeric = np.zeros(u.size, dtype=bool)
    if numbers is not None and u.size:
        x, y = numbers[u], numbers[v]
        numeric = np.isfinite(x) & np.isfinite(y)
        sim[numeric] = number_similarity(x[numeric], y[numeric], scale)
    text = ~numeric
    if claims.value_labels is not None and 0 < int(text.sum()) <= MAX_TEXT_PAIRS:
        sim[text] = word_similarity(claims.value_labels, u[text], v[text])
    keep = sim >= min_similarity
    return sp.csr_matrix((sim[keep], (u[keep], v[keep])), shape=(n, n))
