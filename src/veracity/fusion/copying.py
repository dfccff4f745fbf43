"""Detected copying between sources (after Dong, Berti-Equille & Srivastava, VLDB 2009).

Independent sources agree on true values because both are right, but they rarely agree on the
same *false* value: with n false candidates, two independent sources with accuracies a1, a2
share a given wrong value with probability about (1 - a1)(1 - a2) / n. Pairs that share far more
false values than that are dependent; the copier's votes on values it shares with its original
are discounted, so a copied error counts about once.

Everything is sparse: source x item and source x value matrices, one sparse product each.

>>> import numpy as np
>>> from veracity.fusion.claims import Claims
>>> rows = [(s, f"i{k}", "v" if s != "c" else "w") for k in range(6) for s in "abc"]
>>> c = Claims.from_records(rows)
>>> p = np.where(c.value_labels == "w", 1.0, 0.0)  # the copied value is false everywhere
>>> pairs = detect_copying(c.source, c.item, c.value, np.ones(c.n_claims), p,
...                        np.full(3, 0.8), np.ones(c.n_items), c.n_sources)
>>> len(pairs.copier), float(pairs.dependence[0]) > 0.9
(1, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy import stats

#: a pair needs at least this many shared false values to be called dependent
MIN_FALSE_AGREEMENTS = 3
#: ... and chance must be this unlikely (Poisson tail of the shared-false count)
MAX_CHANCE = 1e-4
#: share of a copier's vote removed when dependence is certain (Dong 2009's copy rate c = 0.8)
COPY_RATE = 0.8
#: most (source pair, shared value) combinations the detection may enumerate
MAX_PAIR_WORK = 3e7
#: most candidate pairs whose chance agreement is computed exactly
MAX_CANDIDATE_PAIRS = 50_000


@dataclass(frozen=True)
class CopyPairs:
    """Detected dependent pairs: the copier, the source it copies, dependence in [0, 1]."""

    copier: np.ndarray
    original: np.ndarray
    dependence: np.ndarray
    shared_false: np.ndarray
    expected_false: np.ndarray


def _empty() -> CopyPairs:
    z = np.zeros(0)
    return CopyPairs(z.astype(np.int64), z.astype(np.int64), z, z, z)


def detect_copying(
    source: np.ndarray,
    item: np.ndarray,
    value: np.ndarray,
    weight: np.ndarray,
    p_true: np.ndarray,
    accuracy: np.ndarray,
    n_false: np.ndarray,
    n_sources: int,
) -> CopyPairs:
    """Pairs of sources that share false values far beyond chance.

    ``source``, ``item``, ``value`` and ``weight`` describe the assertions to examine (weight 0
    rows are ignored); ``p_true`` is each value's current probability, ``accuracy`` each source's,
    ``n_false`` each item's number of false candidates. The copier of a pair is the source with
    fewer claims (a copier's claims are mostly the copied ones); ties go to the less accurate.
    """
    keep = weight > 0
    if keep.sum() < MIN_FALSE_AGREEMENTS:
        return _empty()
    s, i, v = source[keep], item[keep], value[keep]
    n_items = n_false.size
    n_values = p_true.size
    si = sp.csr_matrix((np.ones(s.size), (s, i)), shape=(n_sources, n_items))
    si.data[:] = 1.0
    size = np.bincount(s, minlength=n_sources)  # claims per source: the copier has fewer
    # only values two sources claim can be shared: the pair product below runs over those
    # (dropping values that are almost surely true as well changes which pairs are found: many
    # small (1 - p) add up on copied data)
    deg = np.bincount(v, minlength=n_values).astype(np.float64)
    shareable = deg[v] >= 2
    s, i, v = s[shareable], i[shareable], v[shareable]
    # the pair product costs sum over values of (number of sources claiming it)^2; on large,
    # skewed inputs keep only the values more likely false than true (few and scattered), and
    # give up rather than build a dense source x source matrix
    deg = np.bincount(v, minlength=n_values).astype(np.float64)
    if float((deg**2).sum()) > MAX_PAIR_WORK:
        likely_false = p_true[v] < 0.5
        s, i, v = s[likely_false], i[likely_false], v[likely_false]
        deg = np.bincount(v, minlength=n_values).astype(np.float64)
        if float((deg**2).sum()) > MAX_PAIR_WORK:
            return _empty()
    sv = sp.csr_matrix((np.ones(s.size), (s, v)), shape=(n_sources, n_values))
    sv.data[:] = 1.0
    # shared false values: sum over shared values of (1 - p)
    shared_false = sp.triu(sv @ sp.diags(1.0 - p_true) @ sv.T, k=1).tocoo()
    if shared_false.nnz == 0:
        return _empty()
    a, b, f = shared_false.row, shared_false.col, shared_false.data
    cand = f >= MIN_FALSE_AGREEMENTS
    if not cand.any():
        return _empty()
    a, b, f = a[cand], b[cand], f[cand]
    if f.size > MAX_CANDIDATE_PAIRS:  # examine the pairs sharing the most false values
        top = np.argsort(-f, kind="stable")[:MAX_CANDIDATE_PAIRS]
        a, b, f = a[top], b[top], f[top]
    # expected by chance: (1 - a1)(1 - a2) * sum over shared items of 1 / n_false, over the
    # items both claim (every item, not only the shareable values'), for the candidates only
    inv_n = 1.0 / np.maximum(n_false, 1.0)
    deg_item = np.bincount(item[keep], minlength=n_items).astype(np.float64)
    if float((deg_item**2).sum()) <= MAX_PAIR_WORK:
        # sum over shared items of 1 / n_false, for all pairs at once, then read the candidates
        shared = (si @ sp.diags(inv_n) @ si.T).tocsr()
        shared_items = np.asarray(shared[a, b]).ravel()
    else:  # too many co-claims to enumerate: an upper bound (fewer detections, never more)
        per_source = np.asarray(si @ inv_n).ravel()
        shared_items = np.minimum(per_source[a], per_source[b])
    expected = (1 - accuracy[a]) * (1 - accuracy[b]) * shared_items
    chance = stats.poisson.sf(np.floor(f) - 1, np.maximum(expected, 1e-12))
    hit = chance < MAX_CHANCE
    if not hit.any():
        return _empty()
    a, b, f, expected = a[hit], b[hit], f[hit], expected[hit]
    a_first = (size[a] < size[b]) | ((size[a] == size[b]) & (accuracy[a] <= accuracy[b]))
    copier = np.where(a_first, a, b)
    original = np.where(a_first, b, a)
    dependence = np.clip(1.0 - expected / f, 0.0, 1.0)
    return CopyPairs(copier, original, dependence, f, expected)


def copy_discount(
    pairs: CopyPairs,
    source: np.ndarray,
    value: np.ndarray,
    n_sources: int,
    n_values: int,
) -> np.ndarray:
    """Per claim row: the share of its vote to remove because its source copied the value.

    A row (s, v) is discounted by ``COPY_RATE * dependence`` for each original of s that also
    claims v (capped at ``COPY_RATE``).
    """
    out = np.zeros(source.size)
    if pairs.copier.size == 0:
        return out
    d = sp.csr_matrix(
        (COPY_RATE * pairs.dependence, (pairs.copier, pairs.original)),
        shape=(n_sources, n_sources),
    )
    rows = np.flatnonzero(np.isin(source, pairs.copier))
    if rows.size == 0:
        return out
    # who claims each value, as a values x sources indicator
    vs = sp.csr_matrix((np.ones(source.size), (value, source)), shape=(n_values, n_sources))
    vs.data[:] = 1.0
    # per copier row: sum over its originals o of dependence(s, o) * [o claims the row's value]
    out[rows] = np.asarray(d[source[rows]].multiply(vs[value[rows]]).sum(axis=1)).ravel()
    return np.minimum(out, COPY_RATE)
