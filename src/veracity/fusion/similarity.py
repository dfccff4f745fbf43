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

_WORD = re.compile(r"\w+")


def number_similarity(x: np.ndarray, y: np.ndarray, scale: float = NUMBER_SCALE) -> np.ndarray:
    """exp(-|x - y| / (scale * max(|x|, |y|))): 1 for equal numbers, ~0 beyond a few scales."""
    mag = np.maximum(np.abs(x), np.abs(y))
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.abs(x - y) / (scale * np.where(mag > 0, mag, 1.0))
    out = np.exp(-d)
    return np.where(np.isfinite(out), out, 0.0)


def word_similarity(labels: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Jaccard similarity of the lower-case word sets of two labels.

    Computed once per distinct pair of label *texts*: on crowd data a few labels ("yes", "no")
    make millions of value pairs but a handful of text pairs.
    """
    out = np.zeros(u.size)
    if u.size == 0:
        return out
    texts, text_ids = np.unique(np.asarray(labels, dtype=str), return_inverse=True)
    text_ids = text_ids.reshape(-1)
    tu, tv = text_ids[u].astype(np.int64), text_ids[v].astype(np.int64)
    pair, inverse = np.unique(tu * texts.size + tv, return_inverse=True)
    words = [frozenset(_WORD.findall(str(t).lower())) for t in texts]
    sims = np.zeros(pair.size)
    for k, key in enumerate(pair.tolist()):
        wa, wb = words[key // texts.size], words[key % texts.size]
        if wa and wb:
            sims[k] = len(wa & wb) / len(wa | wb)
    return sims[inverse.reshape(-1)]


def _number_pairs(
    claims: Claims, vals: np.ndarray, numbers: np.ndarray, scale: float, min_similarity: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of numeric values of one item within reach of each other, without all pairs.

    Values are sorted by (item, number); a value is compared with its next neighbours in that
    order, one offset at a time, until no pair at an offset is close enough (relative distance
    only grows along a sorted run of same-signed numbers).
    """
    x = numbers[vals]
    vals = vals[np.isfinite(x)]
    order = vals[np.lexsort((numbers[vals], claims.value_item[vals]))]
    us, vs, sims = [], [], []
    for d in range(1, MAX_VALUES):
        if order.size <= d:
            break
        u, v = order[:-d], order[d:]
        same = claims.value_item[u] == claims.value_item[v]
        sim = np.where(same, number_similarity(numbers[u], numbers[v], scale), 0.0)
        keep = sim >= min_similarity
        if not keep.any():
            break
        us.append(u[keep])
        vs.append(v[keep])
        sims.append(sim[keep])
    if not us:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    u, v, sim = np.concatenate(us), np.concatenate(vs), np.concatenate(sims)
    return np.r_[u, v], np.r_[v, u], np.r_[sim, sim]


def _text_pairs(
    claims: Claims, vals: np.ndarray, numeric: np.ndarray, min_similarity: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of values of one item whose label texts share enough words (Jaccard).

    Similar *texts* are found first (a texts x words incidence matrix times its transpose:
    only texts sharing a word meet), then joined to values of the same item; crowd labels
    ("yes", "no") or codes ("v1", "v2") share no word and cost nothing.
    """
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    labels = claims.value_labels
    if labels is None or vals.size < 2:
        return empty
    texts, text_of = np.unique(np.asarray(labels[vals], dtype=str), return_inverse=True)
    text_of = text_of.reshape(-1)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for t, text in enumerate(texts.tolist()):
        for word in set(_WORD.findall(text.lower())):
            rows.append(t)
            cols.append(vocab.setdefault(word, len(vocab)))
    if not vocab:
        return empty
    tw = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(texts.size, len(vocab)))
    size = np.asarray(tw.sum(axis=1)).ravel()
    inter = sp.triu(tw @ tw.T, k=1).tocoo()
    jac = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    keep = jac >= min_similarity
    if not keep.any():
        return empty
    ta = np.r_[inter.row[keep], inter.col[keep]]
    tb = np.r_[inter.col[keep], inter.row[keep]]
    sim_t = np.r_[jac[keep], jac[keep]]
    # join: for each value u (text a) and each similar text b, the value of u's item with b
    nt = np.int64(texts.size)
    key = claims.value_item[vals].astype(np.int64) * nt + text_of
    srt = np.argsort(key, kind="stable")
    by_text = sp.csr_matrix((sim_t, (ta, tb)), shape=(texts.size, texts.size))
    deg = np.diff(by_text.indptr)[text_of]
    owner = np.repeat(np.arange(vals.size), deg)
    starts = by_text.indptr[text_of]
    pos = np.repeat(starts - np.r_[0, np.cumsum(deg)[:-1]], deg) + np.arange(owner.size)
    other_text = by_text.indices[pos]
    want = claims.value_item[vals[owner]].astype(np.int64) * nt + other_text
    hit = np.searchsorted(key[srt], want)
    hit = np.minimum(hit, key.size - 1)
    found = key[srt][hit] == want
    u = vals[owner[found]]
    v = vals[srt[hit[found]]]
    both_numbers = numeric[owner[found]] & numeric[srt[hit[found]]]
    keep = ~both_numbers & (u != v)
    return u[keep], v[keep], by_text.data[pos][found][keep]


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
    ``items`` (boolean per item) limits the matrix to those items. The cost follows the pairs
    that are similar, not all pairs of values.
    """
    n = claims.n_values
    vpi = claims.values_per_item
    ok = (vpi >= 2) & (vpi <= MAX_VALUES)
    if items is not None:
        ok &= np.asarray(items, bool)
    vals = np.flatnonzero(ok[claims.value_item])
    numeric = np.zeros(vals.size, dtype=bool)
    parts = []
    if numbers is not None and vals.size:
        numbers = np.asarray(numbers, dtype=np.float64)
        numeric = np.isfinite(numbers[vals])
        parts.append(_number_pairs(claims, vals, numbers, scale, min_similarity))
    parts.append(_text_pairs(claims, vals, numeric, min_similarity))
    u = np.concatenate([p[0] for p in parts])
    v = np.concatenate([p[1] for p in parts])
    sim = np.concatenate([p[2] for p in parts])
    m = sp.csr_matrix((sim, (u, v)), shape=(n, n))
    m.sum_duplicates()
    return m
