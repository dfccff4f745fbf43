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


@dataclass(frozen=True)
class _CommonItems:
    """Items-in-common sums for the sources ``rows`` x ``cols`` (both sorted): a dense table
    when it is small, else the product's sorted (row, col) keys for a binary search."""

    rows: np.ndarray
    cols: np.ndarray
    dense: np.ndarray | None
    keys: np.ndarray
    total: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, cols: np.ndarray, product: sp.spmatrix) -> _CommonItems:
        if rows.size * cols.size <= PAIR_TABLE_CELLS:
            empty = np.zeros(0)
            return cls(rows, cols, np.asarray(product.toarray()), empty.astype(np.int64), empty)
        m = sp.csr_matrix(product)
        m.sort_indices()
        row = np.repeat(np.arange(rows.size, dtype=np.int64), np.diff(m.indptr))
        return cls(rows, cols, None, row * cols.size + m.indices, m.data)

    @staticmethod
    def covers(have: np.ndarray, want: np.ndarray) -> bool:
        at = np.minimum(np.searchsorted(have, want), have.size - 1)
        return bool(have.size) and bool((have[at] == want).all())

    def lookup(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        i, j = np.searchsorted(self.rows, a), np.searchsorted(self.cols, b)
        if self.dense is not None:
            return self.dense[i, j]
        if self.keys.size == 0:
            return np.zeros(a.size)
        want = i * self.cols.size + j
        at = np.minimum(np.searchsorted(self.keys, want), self.keys.size - 1)
        return np.where(self.keys[at] == want, self.total[at], 0.0)


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
        #: per source, an upper bound of what it shares with anyone (too many co-claims)
        self._bound: np.ndarray | None = None
        self._si: tuple[np.ndarray, np.ndarray] | sp.csr_matrix | None = None
        #: the items-in-common table for the sources of the candidate pairs seen so far
        self._common: _CommonItems | None = None
        if float((deg_item**2).sum()) > MAX_PAIR_WORK:
            # too many co-claims to enumerate: per source, the sum over its items of
            # 1 / n_false bounds what it can share with anyone (fewer detections, never more)
            self._bound = _per_source_sum(s, i, 1.0 / np.maximum(n_false, 1.0), n_sources)
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
        co-claims to enumerate (fewer detections, never more).

        Only the rows of the pairs' first sources and the columns of their second ones are
        multiplied (the candidates of a look involve a few hundred first sources: a 195-row
        product instead of the whole source x source one, 0.5 s of a 1M-claim fit), summed
        over the items in the same order, so the figures are those of the whole product. A
        later look reuses the table when its sources are among those already multiplied.
        """
        if self._bound is not None:
            return np.minimum(self._bound[a], self._bound[b])
        if a.size == 0 or self._si is None:
            return np.zeros(a.size)
        rows, cols = _sorted_unique(a.astype(np.int64)), _sorted_unique(b.astype(np.int64))
        have = self._common
        if have is None or not (have.covers(have.rows, rows) and have.covers(have.cols, cols)):
            if have is not None:
                rows, cols = np.union1d(rows, have.rows), np.union1d(cols, have.cols)
            if isinstance(self._si, tuple):  # built once, when a pair is first a candidate
                s, i = self._si
                self._si = _indicator(s, i, (self.n_sources, self.n_false.size))
            si = self._si
            inv_n = sp.diags(1.0 / np.maximum(self.n_false, 1.0))
            have = self._common = _CommonItems.of(rows, cols, (si[rows] @ inv_n @ si[cols].T))
        return have.lookup(a, b)

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
    (value, original) claims as a CSR by value) and reads the pair's rate from a copiers x
    originals table: searching the sorted (source, value) keys of every claim for each (row,
    original) was a random binary search in a claim-sized array, 1.2 s of a 1M-claim fit.
    Per row the rates are summed in the order of its originals, as before.
    """
    out = np.zeros(source.size)
    if pairs.copier.size == 0:
        return out
    copiers, c_id = np.unique(pairs.copier.astype(np.int64), return_inverse=True)
    originals, o_id = np.unique(pairs.original.astype(np.int64), return_inverse=True)
    n_orig = originals.size
    row_of = np.full(n_sources, -1, dtype=np.int64)
    row_of[copiers] = np.arange(copiers.size)
    col_of = np.full(n_sources, -1, dtype=np.int64)
    col_of[originals] = np.arange(n_orig)
    rows = np.flatnonzero(row_of[source] >= 0)
    if rows.size == 0:
        return out
    of_original = np.flatnonzero(col_of[source] >= 0)
    # the originals' distinct claims, sorted by value then original: per value, its originals
    key = _sorted_unique(value[of_original].astype(np.int64) * n_orig + col_of[source[of_original]])
    claimer_value = key // n_orig
    claimer = key - claimer_value * n_orig
    per_value = np.bincount(claimer_value, minlength=n_values)
    start = np.cumsum(per_value) - per_value
    n = per_value[value[rows]]
    row = np.repeat(rows, n)
    at = np.repeat(start[value[rows]] - np.cumsum(n) + n, n) + np.arange(row.size)
    # each (row, original claiming its value) as a cell of the copiers x originals table
    cell = np.repeat(row_of[source[rows]] * n_orig, n)
    cell += claimer[at]
    del at
    rate = COPY_RATE * pairs.dependence
    if copiers.size * n_orig <= PAIR_TABLE_CELLS:
        table = np.zeros(copiers.size * n_orig)
        np.add.at(table, c_id * n_orig + o_id, rate)
        weights = table[cell]
    else:  # many pairs: the listed cells' rates, found by binary search
        keys, k_id = np.unique(c_id * n_orig + o_id, return_inverse=True)
        total = np.bincount(k_id, weights=rate, minlength=keys.size)
        found = np.minimum(np.searchsorted(keys, cell), keys.size - 1)
        weights = np.where(keys[found] == cell, total[found], 0.0)
    out += np.bincount(row, weights=weights, minlength=source.size)
    return np.minimum(out, COPY_RATE)
