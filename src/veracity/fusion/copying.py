"""Detected copying between sources (after Dong, Berti-Equille & Srivastava, VLDB 2009).

Independent sources agree on true values because both are right, but they rarely agree on the
same *false* value: with n false candidates, two independent sources with accuracies a1, a2
share a given wrong value with probability about (1 - a1)(1 - a2) / n. Pairs that share far more
false values than that are dependent; the copier's votes on values it shares with its original
are discounted, so a copied error counts about once.

Everything is sparse: source x item and source x value matrices, one sparse product each; what
does not change between looks within a fit is built once (:class:`CopyScan`).

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

from veracity.fusion.distributions import poisson_sf

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
#: largest copiers x originals table of pair rates the discount builds (beyond: a search)
PAIR_TABLE_CELLS = 2**24


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


def _sorted_unique(key: np.ndarray) -> np.ndarray:
    """The distinct keys, sorted (a sort and a mask: numpy 2's hash-based ``np.unique`` was
    several times slower on millions of int64 keys here)."""
    key = np.sort(key)
    return key[np.r_[True, key[1:] != key[:-1]]] if key.size else key


def _per_source_sum(
    s: np.ndarray, i: np.ndarray, per_item: np.ndarray, n_sources: int
) -> np.ndarray:
    """Per source: the sum of ``per_item`` over the distinct items it claims (the 0/1 source x
    item matrix times ``per_item``, summed in the same order), with one claim-sized key array
    sorted in place instead of a sparse matrix (at 10M claims the matrix was the copy scan's
    peak memory)."""
    n_items = per_item.size
    key = s.astype(np.int64)
    key *= n_items
    key += i
    key.sort()
    if key.size:
        first = np.empty(key.size, dtype=bool)
        first[0] = True
        np.not_equal(key[1:], key[:-1], out=first[1:])
        key = key[first]
        del first
    owner = key // n_items
    key -= owner * n_items  # now the item
    return np.bincount(owner, weights=per_item[key], minlength=n_sources)


def _indicator(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """A 0/1 CSR matrix with a 1 at each (row, col) (duplicates count once), built in
    canonical form from the sorted distinct keys: what ``csr_matrix((ones, (rows, cols)))``
    then ``sum_duplicates`` gives, without scipy's per-row index sort (31 s of a 10M-claim
    fit on a busy machine)."""
    n_rows, n_cols = shape
    key = _sorted_unique(rows.astype(np.int64) * n_cols + cols)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(key // n_cols, minlength=n_rows), out=indptr[1:])
    index_type = np.int32 if max(n_cols, key.size) < 2**31 else np.int64
    m = sp.csr_matrix(
        (np.ones(key.size), (key % n_cols).astype(index_type), indptr.astype(index_type)),
        shape=shape,
    )
    m.has_sorted_indices = True
    m.has_canonical_format = True
    return m


class CopyScan:
    """What copy detection reads that does not change while EM runs, built once per fit.

    The default model looks for copying up to three times per fit in the same assertions; only
    the value probabilities and source accuracies change between looks. The source x value
    indicator (and its transpose) and the items each pair of sources has in common are built
    once here; each :meth:`detect` is then one sparse product. The figures are bit for bit
    those of building everything afresh (``tests/test_fusion_copying.py``).
    """

    def __init__(
        self,
        source: np.ndarray,
        item: np.ndarray,
        value: np.ndarray,
        weight: np.ndarray,
        n_false: np.ndarray,
        n_sources: int,
        n_values: int,
    ) -> None:
        keep = weight > 0
        self.n_sources, self.n_values, self.n_false = n_sources, n_values, n_false
        self.enough = int(keep.sum()) >= MIN_FALSE_AGREEMENTS
        if keep.all():  # the usual case (the caller kept counted claims only): no copies
            s, i, v = source, item, value
        else:
            s, i, v = source[keep], item[keep], value[keep]
        self.size = np.bincount(s, minlength=n_sources)  # claims per source: the copier has fewer
        deg_item = np.bincount(i, minlength=n_false.size).astype(np.float64)
        self._items: tuple[np.ndarray, np.ndarray] | np.ndarray | None = None
        self._si: tuple[np.ndarray, np.ndarray] | None = None
        if float((deg_item**2).sum()) > MAX_PAIR_WORK:
            # too many co-claims to enumerate: per source, the sum over its items of
            # 1 / n_false bounds what it can share with anyone (fewer detections, never more)
            self._items = _per_source_sum(s, i, 1.0 / np.maximum(n_false, 1.0), n_sources)
        else:
            self._si = (s, i)
        # only values two sources claim can be shared: the pair product below runs over those
        # (dropping values that are almost surely true as well changes which pairs are found:
        # many small (1 - p) add up on copied data)
        deg = np.bincount(v, minlength=n_values).astype(np.float64)
        shareable = deg[v] >= 2
        s, v = s[shareable], v[shareable]
        deg = np.bincount(v, minlength=n_values).astype(np.float64)
        self._heavy = float((deg**2).sum()) > MAX_PAIR_WORK
        self._sv: tuple[sp.csr_matrix, sp.csr_matrix] | None = None
        if self._heavy:  # which values are looked at then depends on the estimate
            self._sv_rows = (s, v)
        else:
            sv = _indicator(s, v, (n_sources, n_values))
            self._sv = (sv, sv.T.tocsr())

    def _shared_false(self, p_true: np.ndarray) -> sp.csr_matrix | None:
        """Source x source: the sum of (1 - p) over the values two sources share."""
        if self._sv is not None:
            sv, vs = self._sv
        else:
            # on large, skewed inputs keep only the values more likely false than true (few
            # and scattered), and give up rather than build a dense source x source matrix
            s, v = self._sv_rows
            likely_false = p_true[v] < 0.5
            s, v = s[likely_false], v[likely_false]
            deg = np.bincount(v, minlength=self.n_values).astype(np.float64)
            if float((deg**2).sum()) > MAX_PAIR_WORK:
                return None
            sv = _indicator(s, v, (self.n_sources, self.n_values))
            vs = sv.T.tocsr()
        return sv @ sp.diags(1.0 - p_true) @ vs

    def _items_in_common(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For source pairs (a, b): the sum of 1 / n_false over the items both claim (every
        item, not only the shareable values'); an upper bound when there are too many
        co-claims to enumerate (fewer detections, never more)."""
        if self._items is None and self._si is not None:  # once, when a pair is a candidate
            inv_n = 1.0 / np.maximum(self.n_false, 1.0)
            si = _indicator(*self._si, (self.n_sources, self.n_false.size))
            items = (si @ sp.diags(inv_n) @ si.T).tocsr()
            items.sort_indices()
            # kept as sorted (row, col) keys: a binary search per candidate pair, where
            # indexing the CSR matrix with (a, b) took 0.5 s a look on 1M claims
            row = np.repeat(np.arange(self.n_sources, dtype=np.int64), np.diff(items.indptr))
            self._items = (row * self.n_sources + items.indices, items.data)
            self._si = None
        if isinstance(self._items, np.ndarray):
            return np.minimum(self._items[a], self._items[b])
        assert self._items is not None
        keys, total = self._items
        if keys.size == 0:
            return np.zeros(a.size)
        want = a.astype(np.int64) * self.n_sources + b
        at = np.minimum(np.searchsorted(keys, want), keys.size - 1)
        return np.where(keys[at] == want, total[at], 0.0)

    def detect(self, p_true: np.ndarray, accuracy: np.ndarray) -> CopyPairs:
        """Pairs of sources that share false values far beyond chance under ``p_true`` (each
        value's current probability) and ``accuracy`` (each source's)."""
        if not self.enough:
            return _empty()
        shared = self._shared_false(p_true)
        if shared is None or shared.nnz == 0:
            return _empty()
        # candidates of the upper triangle, read in storage order (what triu().tocoo() gave)
        # without building the triangle: on 10M claims the product has tens of millions of
        # entries, and the triangle was two more copies of them
        cand = shared.data >= MIN_FALSE_AGREEMENTS
        at = np.flatnonzero(cand)
        a = np.searchsorted(shared.indptr, at, side="right") - 1
        b = shared.indices[at]
        upper = b > a
        a, b, f = a[upper], b[upper], shared.data[at[upper]]
        del shared, cand, at
        if f.size == 0:
            return _empty()
        if f.size > MAX_CANDIDATE_PAIRS:  # examine the pairs sharing the most false values
            top = np.argsort(-f, kind="stable")[:MAX_CANDIDATE_PAIRS]
            a, b, f = a[top], b[top], f[top]
        # expected by chance: (1 - a1)(1 - a2) * sum over shared items of 1 / n_false
        expected = (1 - accuracy[a]) * (1 - accuracy[b]) * self._items_in_common(a, b)
        chance = poisson_sf(np.floor(f) - 1, np.maximum(expected, 1e-12))
        hit = chance < MAX_CHANCE
        if not hit.any():
            return _empty()
        a, b, f, expected = a[hit], b[hit], f[hit], expected[hit]
        size = self.size
        a_first = (size[a] < size[b]) | ((size[a] == size[b]) & (accuracy[a] <= accuracy[b]))
        copier = np.where(a_first, a, b)
        original = np.where(a_first, b, a)
        dependence = np.clip(1.0 - expected / f, 0.0, 1.0)
        return CopyPairs(copier, original, dependence, f, expected)


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
    To look more than once at the same claims, build one :class:`CopyScan` and call its
    ``detect``.
    """
    scan = CopyScan(source, item, value, weight, n_false, n_sources, p_true.size)
    return scan.detect(p_true, accuracy)


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

    Each copier row looks at the originals that claim its value (the originals' distinct
    (value, source) claims as a CSR by value) and reads the pair's rate from a small table:
    searching the sorted (source, value) keys of every claim for each (row, original) was a
    random binary search in a claim-sized array, 1.2 s of a 1M-claim fit. Per row the rates
    are summed in the order of its originals, as before.
    """
    out = np.zeros(source.size)
    if pairs.copier.size == 0:
        return out
    copier = pairs.copier.astype(np.int64)
    original = pairs.original.astype(np.int64)
    rate = COPY_RATE * pairs.dependence
    is_copier = np.zeros(n_sources, dtype=bool)
    is_copier[copier] = True
    rows = np.flatnonzero(is_copier[source])
    if rows.size == 0:
        return out
    is_original = np.zeros(n_sources, dtype=bool)
    is_original[original] = True
    of_original = np.flatnonzero(is_original[source])
    # the originals' distinct claims, sorted by value then source: per value, its originals
    key = _sorted_unique(value[of_original].astype(np.int64) * n_sources + source[of_original])
    claimer_value = key // n_sources
    claimer = key - claimer_value * n_sources
    per_value = np.bincount(claimer_value, minlength=n_values)
    start = np.cumsum(per_value) - per_value
    n = per_value[value[rows]]
    row = np.repeat(rows, n)
    at = np.repeat(start[value[rows]] - np.cumsum(n) + n, n) + np.arange(row.size)
    other = claimer[at]
    del at
    out += np.bincount(
        row,
        weights=_pair_rates(copier, original, rate, source[row], other, n_sources),
        minlength=source.size,
    )
    return np.minimum(out, COPY_RATE)


def _pair_rates(
    copier: np.ndarray,
    original: np.ndarray,
    rate: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    n_sources: int,
) -> np.ndarray:
    """The summed ``rate`` of pairs (copier, original) == (a, b), 0 for pairs not listed: a
    dense copiers x originals table when it is small (the usual case: hundreds of pairs),
    else a binary search in the sorted pair keys."""
    copiers, c_id = np.unique(copier, return_inverse=True)
    originals, o_id = np.unique(original, return_inverse=True)
    if copiers.size * originals.size <= PAIR_TABLE_CELLS:
        table = np.zeros((copiers.size, originals.size))
        np.add.at(table, (c_id, o_id), rate)
        row_of = np.full(n_sources, -1, dtype=np.int64)
        col_of = np.full(n_sources, -1, dtype=np.int64)
        row_of[copiers] = np.arange(copiers.size)
        col_of[originals] = np.arange(originals.size)
        i, j = row_of[a], col_of[b]
        hit = (i >= 0) & (j >= 0)
        return np.where(hit, table[np.maximum(i, 0), np.maximum(j, 0)], 0.0)
    keys, k_id = np.unique(copier * n_sources + original, return_inverse=True)
    total = np.bincount(k_id, weights=rate, minlength=keys.size)
    want = a.astype(np.int64) * n_sources + b
    at = np.minimum(np.searchsorted(keys, want), keys.size - 1)
    return np.where(keys[at] == want, total[at], 0.0)
