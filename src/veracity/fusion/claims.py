"""The one place where claims become integers.

Every fusion method works on :class:`Claims`: parallel integer columns, one row per claim
(source, item, value), with optional columns for weight, cited origin, stance and time. Value
codes are *global*: each code belongs to exactly one item (``value_item``), so the candidate
values of an item form a sparse set and open-valued items (a population figure) cost nothing
for the items that never saw them.

Its length is earned: the columns, their invariants and the per-item helpers every method
shares are one concept, and splitting them would put the coding rules in two places.

>>> c = Claims.from_records([("wapo", "P1", "true"), ("peskov", "P1", "false")])
>>> c.n_sources, c.n_items, c.n_values
(2, 1, 2)
>>> c.value_labels[c.value].tolist()
['true', 'false']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

NO_ORIGIN = -1


def _codes(labels: Sequence[object] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense integer codes in order of first appearance, and the labels they stand for."""
    arr = np.asarray(labels, dtype=object)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=object)
    uniq, first, inverse = np.unique(arr.astype(str), return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(order.size)
    return remap[inverse].astype(np.int32), arr[first[order]]


def _dense_unique(key: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for keys in [0, bound).

    When the key range is at most a few times the number of keys (a file's (item, value label)
    pairs), marking the keys present in a table and ranking them is linear, where ``unique``
    sorts every key: the same sorted keys and the same inverse, a fraction of the time.
    """
    sparse = key.size == 0 or bound > max(4 * key.size, 1 << 16)
    if sparse or int(key.min()) < 0 or int(key.max()) >= bound:
        keys, inverse = np.unique(key, return_inverse=True)
        return keys, inverse.reshape(-1)
    present = np.zeros(bound, dtype=bool)
    present[key] = True
    keys = np.flatnonzero(present)
    rank = np.empty(bound, dtype=np.int64 if keys.size > 2**31 - 1 else np.int32)
    rank[keys] = np.arange(keys.size, dtype=rank.dtype)
    return keys, rank[key].astype(np.intp)


@dataclass(frozen=True, eq=False)
class Claims:
    """Integer-coded claims.

    ``stance`` is +1 (asserts the value), -1 (denies it) or 0 (hedges: asserts it weakly). Most
    published methods know only assertions; :meth:`asserted` turns binary denials into
    assertions of the other value so that they can use them.
    ``origin`` is the source code a claim was passed on from (``NO_ORIGIN`` if none): claims
    that share an origin are not independent evidence.
    """

    source: np.ndarray
    item: np.ndarray
    value: np.ndarray
    value_item: np.ndarray
    n_sources: int
    n_items: int
    weight: np.ndarray | None = None
    origin: np.ndarray | None = None
    stance: np.ndarray | None = None
    time: np.ndarray | None = None
    source_labels: np.ndarray | None = None
    item_labels: np.ndarray | None = None
    value_labels: np.ndarray | None = None
    #: per source: resolved statements it got right / wrong (track records; pseudo-counts)
    prior_correct: np.ndarray | None = None
    prior_incorrect: np.ndarray | None = None
    #: per value code: analyst evidence as a log likelihood ratio for the value
    value_log_lr: np.ndarray | None = None
    #: per value code: the value as a number (NaN where it is not one), for near-equal values
    value_number: np.ndarray | None = None
    #: per claim: a code shared by claims in the same words (same text, -1 unknown), so that
    #: outlets repeating one origin verbatim can be told from independent reports
    wording: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = self.source.shape[0]
        for name in ("item", "value", "weight", "origin", "stance", "time", "wording"):
            col = getattr(self, name)
            if col is not None and col.shape[0] != n:
                raise ValueError(f"claims column {name!r} has {col.shape[0]} rows, expected {n}")
        per = {"prior_correct": self.n_sources, "prior_incorrect": self.n_sources}
        per |= {"value_log_lr": self.n_values, "value_number": self.n_values}
        for name, size in per.items():
            col = getattr(self, name)
            if col is not None and col.shape != (size,):
                what = "source" if size == self.n_sources and "prior" in name else "value code"
                raise ValueError(
                    f"claims column {name!r} needs one entry per {what} ({size}), "
                    f"got shape {col.shape}"
                )
        if n and (self.value_item[self.value] != self.item).any():
            raise ValueError("claims: a value code is used with an item it does not belong to")

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def from_records(
        cls,
        records: Iterable[Sequence[object]],
        *,
        weights: Sequence[float] | None = None,
        origins: Sequence[object | None] | None = None,
        stances: Sequence[int] | None = None,
        candidates: Mapping[object, Sequence[object]] | None = None,
    ) -> Claims:
        """Claims from (source, item, value) triples of any hashable labels."""
        rows = list(records)
        if rows:
            src, itm, val = (list(col) for col in zip(*rows, strict=True))
        else:
            src, itm, val = [], [], []
        return cls.from_columns(
            src,
            itm,
            val,
            weights=weights,
            origins=origins,
            stances=stances,
            candidates=candidates,
        )

    @classmethod
    def from_columns(
        cls,
        sources: Sequence[object] | np.ndarray,
        items: Sequence[object] | np.ndarray,
        values: Sequence[object] | np.ndarray,
        *,
        weights: Sequence[float] | np.ndarray | None = None,
        origins: Sequence[object | None] | np.ndarray | None = None,
        stances: Sequence[int] | np.ndarray | None = None,
        times: Sequence[float] | np.ndarray | None = None,
        candidates: Mapping[object, Sequence[object]] | None = None,
        known_sources: Sequence[object] = (),
    ) -> Claims:
        """Encode label columns; origins name sources (new names become sources too).

        ``known_sources`` are coded first, in their order, whether or not they made claims, so
        that per-source arrays line up with a caller's source list.

        ``candidates`` adds values nobody claimed to an item's value set (both values of a
        binary proposition, so that a lone denial has a value to speak for).
        """
        s_labels_in = np.asarray(sources, dtype=object)
        known = np.asarray(list(known_sources), dtype=object)
        if origins is not None:
            o = np.asarray(origins, dtype=object)
            has = np.array([x is not None and x == x for x in o], dtype=bool)
        else:
            o, has = np.zeros(0, dtype=object), np.zeros(0, dtype=bool)
        codes, s_labels = _codes(np.concatenate([known, s_labels_in, o[has]]))
        k, n_src = known.size, s_labels_in.size
        src = codes[k : k + n_src]
        origin = None
        if origins is not None:
            origin = np.full(n_src, NO_ORIGIN, dtype=np.int32)
            origin[has] = codes[k + n_src :]
        items_arr = np.asarray(items, dtype=object)
        n = items_arr.size
        vals = np.asarray(values, dtype=object)
        if candidates:
            extra = [(i, v) for i, vs in candidates.items() for v in vs]
            if extra:
                items_arr = np.concatenate([items_arr, np.array([e[0] for e in extra], object)])
                vals = np.concatenate([vals, np.array([e[1] for e in extra], dtype=object)])
        itm_all, i_labels = _codes(items_arr)
        # a value label is local to its item: code the (item, value) pair
        pair = np.char.add(np.char.add(itm_all.astype(str), "\x1f"), vals.astype(str))
        val_all, first_pairs = _codes(pair)
        v_labels = np.array([p.split("\x1f", 1)[1] for p in first_pairs], dtype=object)
        value_item = np.zeros(v_labels.size, dtype=np.int32)
        value_item[val_all] = itm_all
        itm, val = itm_all[:n], val_all[:n]
        return cls(
            source=src,
            item=itm,
            value=val,
            value_item=value_item,
            n_sources=int(s_labels.size),
            n_items=int(i_labels.size),
            weight=None if weights is None else np.asarray(weights, dtype=np.float64),
            origin=origin,
            stance=None if stances is None else np.asarray(stances, dtype=np.int8),
            time=None if times is None else np.asarray(times, dtype=np.float64),
            source_labels=s_labels,
            item_labels=i_labels,
            value_labels=v_labels,
        )

    @classmethod
    def from_codes(
        cls,
        source: np.ndarray,
        item: np.ndarray,
        value_label: np.ndarray,
        *,
        n_sources: int | None = None,
        n_items: int | None = None,
        source_labels: np.ndarray | None = None,
        item_labels: np.ndarray | None = None,
        value_labels: np.ndarray | None = None,
        weight: np.ndarray | None = None,
        origin: np.ndarray | None = None,
        stance: np.ndarray | None = None,
        time: np.ndarray | None = None,
        candidates: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> Claims:
        """Claims from integer codes, without a Python object per row (the fast path for files).

        ``candidates`` = (item codes, value label codes): values to add to those items' value
        sets though nobody claimed them (the other value of a binary proposition).

        ``source`` and ``item`` are codes already; ``value_label`` indexes ``value_labels``, a
        vocabulary shared by all items (a CSV column's dictionary). Each (item, value label) pair
        becomes one global value code; codes are numbered item by item, so ``value_item`` comes
        out sorted and the per-item helpers need no extra sort.

        >>> c = Claims.from_codes(np.array([0, 1]), np.array([0, 0]), np.array([1, 0]),
        ...                       value_labels=np.array(["no", "yes"], dtype=object))
        >>> c.value_labels[c.value].tolist(), c.value_item.tolist()
        (['yes', 'no'], [0, 0])
        """
        src = np.asarray(source).astype(np.int32, copy=False)
        itm = np.asarray(item).astype(np.int32, copy=False)
        vl = np.asarray(value_label).astype(np.int64, copy=False)
        n = src.shape[0]
        if itm.shape[0] != n or vl.shape[0] != n:
            raise ValueError("claims: source, item and value_label need the same length")
        if n_sources is None:
            n_sources = int(src.max()) + 1 if n else 0
        if n_items is None:
            n_items = int(itm.max()) + 1 if n else 0
        extra_i = np.zeros(0, np.int64) if candidates is None else np.asarray(candidates[0])
        extra_v = np.zeros(0, np.int64) if candidates is None else np.asarray(candidates[1])
        n_vl = int(max(vl.max(initial=0), extra_v.max(initial=0))) + 1
        if value_labels is not None:
            n_vl = max(n_vl, len(value_labels))
        # one key per (item, value label) pair; sorted unique keys number values item by item
        key = itm.astype(np.int64) * n_vl + vl
        if extra_i.size:
            key = np.concatenate([key, extra_i.astype(np.int64) * n_vl + extra_v])
        keys, val = _dense_unique(key, n_items * n_vl)
        val = val[:n]
        value_item = (keys // n_vl).astype(np.int32)
        label_codes = keys % n_vl
        v_labels = None if value_labels is None else np.asarray(value_labels)[label_codes]
        out = cls(
            source=src,
            item=itm,
            value=val.astype(np.int32).reshape(-1),
            value_item=value_item,
            n_sources=int(n_sources),
            n_items=int(n_items),
            weight=None if weight is None else np.asarray(weight, dtype=np.float64),
            origin=None if origin is None else np.asarray(origin, dtype=np.int32),
            stance=None if stance is None else np.asarray(stance, dtype=np.int8),
            time=None if time is None else np.asarray(time, dtype=np.float64),
            source_labels=source_labels,
            item_labels=item_labels,
            value_labels=v_labels,
        )
        out._cache["value_label_codes"] = label_codes.astype(np.int32)
        return out

    def with_columns(self, **columns: np.ndarray | None) -> Claims:
        """The same claims with per-source, per-value or per-claim columns set (None: kept).

        The data a method reads besides (source, item, value) travels with the claims, never in
        an estimator's constructor: ``prior_correct`` / ``prior_incorrect`` (per source),
        ``value_log_lr`` / ``value_number`` (per value code), ``weight``, ``origin``, ``stance``,
        ``time``, ``wording`` (per claim).

        >>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "2")])
        >>> c.with_columns(value_log_lr=np.array([0.5, 0.0])).value_log_lr.tolist()
        [0.5, 0.0]
        """
        dtypes = {"origin": np.int32, "stance": np.int8, "wording": np.int64}
        given = {
            k: np.asarray(v, dtype=dtypes.get(k, np.float64))
            for k, v in columns.items()
            if v is not None
        }
        if not given:
            return self
        out = replace(self, _cache={}, **given)  # type: ignore[arg-type]
        keep: tuple[str, ...] = ("source_value", "value_source", "value_item_matrix")
        keep += ("values_per_item", "value_label_codes", "item_value_order", "item_claim_order")
        keep += ("item_value_order_is_identity", "value_item_index", "source_index", "value_index")
        keep += ("item_index",)
        if "weight" in given:
            keep = keep[2:]
        out._cache.update({k: v for k, v in self._cache.items() if k in keep})
        return out

    # ---- shape --------------------------------------------------------------------------
    @property
    def n_claims(self) -> int:
        return int(self.source.shape[0])

    @property
    def n_values(self) -> int:
        return int(self.value_item.shape[0])

    def __len__(self) -> int:
        return self.n_claims

    # ---- sparse views, cached: methods share them ----------------------------------------
    def _cached(self, key: str, build):  # noqa: ANN001 - private helper
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def source_value(self) -> sp.csr_matrix:
        """n_sources x n_values 0/1 (or weight) matrix: who claimed which value."""

        def build() -> sp.csr_matrix:
            w = np.ones(self.n_claims) if self.weight is None else self.weight
            m = sp.csr_matrix((w, (self.source, self.value)), shape=(self.n_sources, self.n_values))
            m.sum_duplicates()
            return m

        return self._cached("source_value", build)

    @property
    def value_source(self) -> sp.csr_matrix:
        """n_values x n_sources: the transpose of :attr:`source_value`, stored row-wise.

        Iterative methods alternate ``source_value @ per_value`` (a sum per source) and
        ``value_source @ per_source`` (a sum per value): two sparse products per round, with no
        per-claim temporaries.
        """
        return self._cached("value_source", lambda: self.source_value.T.tocsr())

    @property
    def value_item_matrix(self) -> sp.csr_matrix:
        """n_values x n_items indicator: sums per item with ``x @ M``."""
        return self._cached(
            "value_item_matrix",
            lambda: sp.csr_matrix(
                (np.ones(self.n_values), (np.arange(self.n_values), self.value_item)),
                shape=(self.n_values, self.n_items),
            ),
        )

    @property
    def values_per_item(self) -> np.ndarray:
        return self._cached(
            "values_per_item", lambda: np.bincount(self.value_item, minlength=self.n_items)
        )

    @property
    def value_label_codes(self) -> np.ndarray:
        """One code per value *label*, shared across items ("yes" on two items: one code).

        Methods that pool evidence over a label vocabulary (Dawid–Skene's confusion matrices)
        need it; without ``value_labels`` every value is its own label.
        """

        def build() -> np.ndarray:
            if self.value_labels is None:
                return np.arange(self.n_values, dtype=np.int32)
            return _codes(self.value_labels)[0]

        return self._cached("value_label_codes", build)

    @property
    def source_index(self) -> np.ndarray:
        """``source`` as numpy's index type (intp), cached: ``bincount`` and gathers convert
        int32 codes to it on every call otherwise (a copy of the column per sum per round)."""
        return self._cached("source_index", lambda: self.source.astype(np.intp))

    @property
    def item_index(self) -> np.ndarray:
        """``item`` as numpy's index type (intp), cached (see :attr:`source_index`)."""
        return self._cached("item_index", lambda: self.item.astype(np.intp))

    @property
    def value_index(self) -> np.ndarray:
        """``value`` as numpy's index type (intp), cached (see :attr:`source_index`)."""
        return self._cached("value_index", lambda: self.value.astype(np.intp))

    @property
    def _value_item_index(self) -> np.ndarray:
        """``value_item`` as numpy's index type: the per-item helpers run every EM round, and
        ``bincount`` or a gather would convert int32 codes on each call."""
        return self._cached("value_item_index", lambda: self.value_item.astype(np.intp))

    def item_sum(self, per_value: np.ndarray) -> np.ndarray:
        """Sum a per-value array within each item."""
        return np.bincount(self._value_item_index, weights=per_value, minlength=self.n_items)

    @property
    def item_value_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Value codes grouped by item (stable), and each item's start in that order (CSR).

        ``order[starts[i]:starts[i + 1]]`` are item ``i``'s value codes, lowest code first.
        """

        def build() -> tuple[np.ndarray, np.ndarray]:
            vi = self.value_item
            if vi.size < 2 or bool((vi[1:] >= vi[:-1]).all()):
                order = np.arange(vi.size)
                self._cache["item_value_order_is_identity"] = True
            else:
                order = np.argsort(vi, kind="stable")
            starts = np.zeros(self.n_items + 1, dtype=np.int64)
            np.cumsum(self.values_per_item, out=starts[1:])
            return order, starts

        return self._cached("item_value_order", build)

    def _in_item_order(self, per_value: np.ndarray) -> np.ndarray:
        """``per_value`` (as float64) with values grouped by item: itself when the codes are
        numbered item by item already (``from_codes`` numbers them so), not a copy."""
        order, _ = self.item_value_order
        x = np.asarray(per_value, dtype=np.float64)
        return x if self._cache.get("item_value_order_is_identity") else x[order]

    @property
    def item_claim_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Claim rows grouped by item (stable), and each item's start in that order (CSR)."""

        def build() -> tuple[np.ndarray, np.ndarray]:
            order = np.argsort(self.item, kind="stable")
            starts = np.zeros(self.n_items + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.item, minlength=self.n_items), out=starts[1:])
            return order, starts

        return self._cached("item_claim_order", build)

    def rows_of(self, item: int) -> np.ndarray:
        """The claim rows of one item, in row order, without scanning every claim."""
        order, starts = self.item_claim_order
        return order[starts[item] : starts[item + 1]]

    def values_of(self, item: int) -> np.ndarray:
        """The value codes of one item, lowest first."""
        order, starts = self.item_value_order
        return order[starts[item] : starts[item + 1]]

    def item_max(self, per_value: np.ndarray) -> np.ndarray:
        """The largest per-value entry within each item (``-inf`` for an item without values)."""
        order, starts = self.item_value_order
        out = np.full(self.n_items, -np.inf)
        if order.size:
            has = starts[1:] > starts[:-1]
            x = self._in_item_order(per_value)
            if has.all():
                out = np.maximum.reduceat(x, starts[:-1])
            else:
                out[has] = np.maximum.reduceat(x, starts[:-1][has])
        return out

    def item_softmax(self, scores: np.ndarray) -> np.ndarray:
        """Normalise per-value log-scores into probabilities within each item."""
        vi = self._value_item_index
        e = scores - self.item_max(scores)[vi]
        np.exp(e, out=e)
        e /= self.item_sum(e)[vi]
        return e

    def item_normalise(self, per_value: np.ndarray) -> np.ndarray:
        """Non-negative per-value scores as shares of their item; uniform if the item sums to 0."""
        tot = self.item_sum(per_value)[self.value_item]
        uniform = 1.0 / np.maximum(self.values_per_item[self.value_item], 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(tot > 0, per_value / np.where(tot > 0, tot, 1.0), uniform)

    def item_argmax(self, scores: np.ndarray) -> np.ndarray:
        """The value code with the highest score in each item (ties: lowest code; -1 if none)."""
        order, starts = self.item_value_order
        best = np.full(self.n_items, -1, dtype=np.int64)
        if not order.size:
            return best
        scores = np.asarray(scores, dtype=np.float64)
        mx = self.item_max(scores)
        top = scores[order] >= mx[self.value_item[order]]
        # lowest code among the top scores: codes are ascending within an item in ``order``
        cand = np.where(top, order, np.iinfo(np.int64).max)
        has = starts[1:] > starts[:-1]
        best[has] = np.minimum.reduceat(cand, starts[:-1][has])
        return best

    def item_values(self, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Expand rows to their items' value sets: (row index, value code) for every candidate.

        For rows with items ``items``, return ``owner`` (index into ``items``) and ``value``, one
        entry per candidate value of that row's item: the sparse claims x candidates pairs that
        methods with per-candidate likelihoods (Dawid–Skene) need.
        """
        order, starts = self.item_value_order
        items = np.asarray(items)
        counts = self.values_per_item[items]
        owner = np.repeat(np.arange(items.size), counts)
        offsets = np.repeat(starts[items] - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        return owner, order[np.arange(owner.size) + offsets]

    # ---- transformations ----------------------------------------------------------------
    def asserted(self) -> Claims:
        """Claims with stance folded in, for methods that only know assertions.

        A denial of a binary item's value becomes an assertion of the item's other value; a
        denial on an item with more values is dropped (it says what is not, not what is). A
        hedge is kept as an assertion with half weight.
        """
        if self.stance is None:
            return self
        st = self.stance
        vpi = self.values_per_item[self.item]
        keep = (st >= 0) | (vpi == 2)
        value = self.value.copy()
        flip = (st < 0) & (vpi == 2)
        if flip.any():
            # the other value of a two-valued item: total of the item's codes minus this one
            code_sum = np.bincount(
                self.value_item, weights=np.arange(self.n_values), minlength=self.n_items
            )
            value[flip] = (code_sum[self.item[flip]] - value[flip]).astype(value.dtype)
        w = np.ones(self.n_claims) if self.weight is None else self.weight.copy()
        w[st == 0] *= 0.5
        out = Claims(
            source=self.source[keep],
            item=self.item[keep],
            value=value[keep],
            value_item=self.value_item,
            n_sources=self.n_sources,
            n_items=self.n_items,
            weight=w[keep] if (self.weight is not None or (st == 0).any()) else None,
            origin=None if self.origin is None else self.origin[keep],
            stance=None,
            time=None if self.time is None else self.time[keep],
            source_labels=self.source_labels,
            item_labels=self.item_labels,
            value_labels=self.value_labels,
            prior_correct=self.prior_correct,
            prior_incorrect=self.prior_incorrect,
            value_log_lr=self.value_log_lr,
            value_number=self.value_number,
            wording=None if self.wording is None else self.wording[keep],
        )
        # explanations speak of the claims as stated: which row each kept row was, and whether
        # it was a denial turned round (its weight then counts against the stated value)
        out._cache["asserted_from"] = (self, np.flatnonzero(keep), flip[keep])
        return out
