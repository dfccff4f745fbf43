"""Copy detection (veracity.fusion.copying): :class:`CopyScan`, which builds once what does not
change between looks, finds the same pairs with the same figures, bit for bit, as building
everything afresh each time did (kept here as the reference), under several estimates in turn."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.fusion import copying
from veracity.fusion.copying import (
    COPY_RATE,
    MAX_CANDIDATE_PAIRS,
    MAX_CHANCE,
    MAX_PAIR_WORK,
    MIN_FALSE_AGREEMENTS,
    CopyPairs,
    CopyScan,
    copy_discount,
    detect_copying,
)
from veracity.fusion.distributions import poisson_sf


def reference(source, item, value, weight, p_true, accuracy, n_false, n_sources) -> CopyPairs:  # noqa: ANN001
    """The sparse-product detection as it was before CopyScan (commit a690b27)."""
    empty = CopyPairs(*(np.zeros(0, np.int64),) * 2, *(np.zeros(0),) * 3)
    keep = weight > 0
    if keep.sum() < MIN_FALSE_AGREEMENTS:
        return empty
    s, i, v = source[keep], item[keep], value[keep]
    n_items, n_values = n_false.size, p_true.size
    si = sp.csr_matrix((np.ones(s.size), (s, i)), shape=(n_sources, n_items))
    si.data[:] = 1.0
    size = np.bincount(s, minlength=n_sources)
    deg = np.bincount(v, minlength=n_values).astype(np.float64)
    shareable = deg[v] >= 2
    s, i, v = s[shareable], i[shareable], v[shareable]
    deg = np.bincount(v, minlength=n_values).astype(np.float64)
    if float((deg**2).sum()) > MAX_PAIR_WORK:
        likely_false = p_true[v] < 0.5
        s, i, v = s[likely_false], i[likely_false], v[likely_false]
        deg = np.bincount(v, minlength=n_values).astype(np.float64)
        if float((deg**2).sum()) > MAX_PAIR_WORK:
            return empty
    sv = sp.csr_matrix((np.ones(s.size), (s, v)), shape=(n_sources, n_values))
    sv.data[:] = 1.0
    shared_false = sp.triu(sv @ sp.diags(1.0 - p_true) @ sv.T, k=1).tocoo()
    if shared_false.nnz == 0:
        return empty
    a, b, f = shared_false.row, shared_false.col, shared_false.data
    cand = f >= MIN_FALSE_AGREEMENTS
    if not cand.any():
        return empty
    a, b, f = a[cand], b[cand], f[cand]
    if f.size > MAX_CANDIDATE_PAIRS:
        top = np.argsort(-f, kind="stable")[:MAX_CANDIDATE_PAIRS]
        a, b, f = a[top], b[top], f[top]
    inv_n = 1.0 / np.maximum(n_false, 1.0)
    deg_item = np.bincount(item[keep], minlength=n_items).astype(np.float64)
    if float((deg_item**2).sum()) <= MAX_PAIR_WORK:
        shared = (si @ sp.diags(inv_n) @ si.T).tocsr()
        shared_items = np.asarray(shared[a, b]).ravel()
    else:
        per_source = np.asarray(si @ inv_n).ravel()
        shared_items = np.minimum(per_source[a], per_source[b])
    expected = (1 - accuracy[a]) * (1 - accuracy[b]) * shared_items
    chance = poisson_sf(np.floor(f) - 1, np.maximum(expected, 1e-12))
    hit = chance < MAX_CHANCE
    if not hit.any():
        return empty
    a, b, f, expected = a[hit], b[hit], f[hit], expected[hit]
    a_first = (size[a] < size[b]) | ((size[a] == size[b]) & (accuracy[a] <= accuracy[b]))
    return CopyPairs(
        np.where(a_first, a, b),
        np.where(a_first, b, a),
        np.clip(1.0 - expected / f, 0.0, 1.0),
        f,
        expected,
    )


def same(got: CopyPairs, want: CopyPairs) -> None:
    """The same pairs in the same order with the same figures, bit for bit."""
    for name in ("copier", "original", "dependence", "shared_false", "expected_false"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)


def copied_claims(seed: int, n_sources: int, n_items: int, copiers: int, dup: bool):  # noqa: ANN201
    """Random claims where some sources copy another's (errors included)."""
    rng = np.random.default_rng(seed)
    k = rng.integers(2, 6, n_items)
    truth = rng.integers(0, k)
    rows = []
    for s in range(n_sources):
        acc = rng.uniform(0.3, 0.95)
        for i in np.flatnonzero(rng.random(n_items) < 0.6):
            right = rng.random() < acc
            rows.append((s, i, truth[i] if right else (truth[i] + rng.integers(1, k[i])) % k[i]))
    for j in range(copiers):
        orig = int(rng.integers(0, n_sources))
        rows += [(n_sources + j, i, v) for s, i, v in rows if s == orig and rng.random() < 0.9]
    if dup and rows:  # a source claiming the same value twice
        rows += rows[: max(1, len(rows) // 10)]
    arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
    offsets = np.r_[0, np.cumsum(k)]
    value = offsets[arr[:, 1]] + arr[:, 2]
    n_values = int(offsets[-1])
    p = rng.dirichlet(np.ones(3), n_values)[:, 0]
    p[rng.random(n_values) < 0.2] = 0.0  # values surely false
    acc = rng.uniform(0.2, 0.99, n_sources + copiers)
    weight = np.where(rng.random(arr.shape[0]) < 0.1, 0.0, 1.0)
    n_false = np.maximum(k - 1, 1).astype(float)
    return arr[:, 0], arr[:, 1], value, weight, p, acc, n_false, n_sources + copiers


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_sources=st.integers(2, 12),
    n_items=st.integers(1, 40),
    copiers=st.integers(0, 3),
    dup=st.booleans(),
)
def test_scan_finds_what_the_sparse_products_found(
    seed: int, n_sources: int, n_items: int, copiers: int, dup: bool
) -> None:
    args = copied_claims(seed, n_sources, n_items, copiers, dup)
    same(detect_copying(*args), reference(*args))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), copiers=st.integers(1, 3))
def test_one_scan_under_several_estimates_is_fresh_each_time(seed: int, copiers: int) -> None:
    s, i, v, w, p, acc, n_false, n_s = copied_claims(seed, 8, 30, copiers, False)
    scan = CopyScan(s, i, v, w, n_false, n_s, p.size)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        p2 = rng.random(p.size)
        acc2 = rng.uniform(0.2, 0.99, n_s)
        same(scan.detect(p2, acc2), reference(s, i, v, w, p2, acc2, n_false, n_s))


def test_the_bounded_roads_match_too(monkeypatch) -> None:  # noqa: ANN001
    # tiny work bounds send both implementations down the likely-false and upper-bound roads
    args = copied_claims(3, 10, 40, 3, True)
    found = []
    # 1000: too many even when likely false; 1200: likely-false values only, items bounded;
    # 1500: every value, items bounded; 3000: exact
    for bound in (1000, 1200, 1500, 3000):
        monkeypatch.setattr(copying, "MAX_PAIR_WORK", bound)
        monkeypatch.setitem(globals(), "MAX_PAIR_WORK", bound)
        got = detect_copying(*args)
        same(got, reference(*args))
        found.append(got.copier.size)
    assert found[-1] > 0  # the last bound lets the copiers through


def reference_discount(pairs: CopyPairs, source, value, n_sources: int, n_values: int):  # noqa: ANN001, ANN201
    """copy_discount as it was (sparse row gathers), the reference."""
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
    vs = sp.csr_matrix((np.ones(source.size), (value, source)), shape=(n_values, n_sources))
    vs.data[:] = 1.0
    out[rows] = np.asarray(d[source[rows]].multiply(vs[value[rows]]).sum(axis=1)).ravel()
    return np.minimum(out, COPY_RATE)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_sources=st.integers(2, 12),
    copiers=st.integers(1, 4),
    dup=st.booleans(),
)
def test_copy_discount_is_the_sparse_row_sums(
    seed: int, n_sources: int, copiers: int, dup: bool
) -> None:
    s, i, v, w, p, acc, n_false, n_s = copied_claims(seed, n_sources, 30, copiers, dup)
    pairs = detect_copying(s, i, v, w, p, acc, n_false, n_s)
    rng = np.random.default_rng(seed)
    more = int(rng.integers(0, 4))  # and some made-up pairs, a copier with several originals
    pairs = CopyPairs(
        np.r_[pairs.copier, rng.integers(0, n_s, more)],
        np.r_[pairs.original, rng.integers(0, n_s, more)],
        np.r_[pairs.dependence, rng.random(more)],
        np.r_[pairs.shared_false, np.ones(more)],
        np.r_[pairs.expected_false, np.ones(more)],
    )
    got = copy_discount(pairs, s, v, n_s, int(v.max()) + 1)
    want = reference_discount(pairs, s, v, n_s, int(v.max()) + 1)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    assert (got > 0).any() == (want > 0).any()


def test_copy_discount_without_the_pair_table_is_the_same(monkeypatch) -> None:  # noqa: ANN001
    # many copiers x originals: the pair rates are looked up by binary search instead
    s, i, v, w, p, acc, n_false, n_s = copied_claims(11, 10, 30, 4, True)
    rng = np.random.default_rng(11)
    pairs = CopyPairs(
        rng.integers(0, n_s, 12), rng.integers(0, n_s, 12), rng.random(12), *(np.ones(12),) * 2
    )
    table = copy_discount(pairs, s, v, n_s, int(v.max()) + 1)
    monkeypatch.setattr(copying, "PAIR_TABLE_CELLS", 0)
    searched = copy_discount(pairs, s, v, n_s, int(v.max()) + 1)
    want = reference_discount(pairs, s, v, n_s, int(v.max()) + 1)
    np.testing.assert_allclose(searched, want, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(searched, table)
    assert (searched > 0).any()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), copiers=st.integers(1, 3))
def test_items_in_common_without_the_dense_table_are_the_same(seed: int, copiers: int) -> None:
    # a table too large for dense cells: the candidates' product is searched by key instead,
    # and later looks with other sources widen it
    s, i, v, w, p, acc, n_false, n_s = copied_claims(seed, 8, 30, copiers, False)
    old = copying.PAIR_TABLE_CELLS
    copying.PAIR_TABLE_CELLS = 0
    try:
        scan = CopyScan(s, i, v, w, n_false, n_s, p.size)
        rng = np.random.default_rng(seed)
        for _ in range(3):
            p2 = rng.random(p.size)
            acc2 = rng.uniform(0.2, 0.99, n_s)
            same(scan.detect(p2, acc2), reference(s, i, v, w, p2, acc2, n_false, n_s))
    finally:
        copying.PAIR_TABLE_CELLS = old
