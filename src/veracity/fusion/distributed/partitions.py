"""Claims laid out for map-reduce: encoded out of core, each item's claims in one partition.

:func:`partition_claims` turns a Dask DataFrame of labelled claims (``source``, ``item``,
``value``, optional ``weight``) into :class:`ClaimPartitions` in two passes over the input:

1. **Vocabularies.** Each partition lists its distinct sources and value labels in order of
   first appearance; concatenated in partition order and de-duplicated, they give the same codes
   ``veracity fuse`` gives a file (pyarrow's dictionary order), so ties are broken alike. Sources
   and value labels must fit in memory (one entry each); items need not: they are never coded
   globally.
2. **Shuffle by item.** Claims are coded (source and value-label codes), hash-partitioned on
   the item label once (with ``cache="disk"`` through files: each input partition writes its
   share of every hash bucket, then each bucket is read back whole; with ``cache="memory"``
   Dask's own shuffle), then each partition is sorted by (item, value label) and given *local*
   item and value codes.
   Within an item, value codes rise with the value-label code, as in ``Claims.from_codes``.

Each iteration of a method is then one map over the partitions (a partition-local
:class:`~veracity.fusion.claims.Claims` given the current per-source state) and one reduce of
per-source sums (:meth:`ClaimPartitions.map_reduce`). Only per-source arrays travel.

Where the partitions live between rounds: ``cache="disk"`` writes them once as Parquet files in
``workdir`` (a temporary folder by default) and every round reads them back, so a run needs
memory for a few partitions at a time, not for the claims (the out-of-core case);
``cache="memory"`` persists them (in this process for the local schedulers, on the workers of a
distributed cluster, which spill to their own disks under their memory limit). ``"auto"``: disk
for the local schedulers, memory on a cluster (whose workers may not share this disk). The disk
cache is the one place where ``veracity.fusion`` touches files: working out of core is the point
of this backend; it writes only in its own (temporary) folder and removes it in ``close()``.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import Delayed, delayed

from veracity.errors import InputError
from veracity.fusion.claims import Claims

REQUIRED = ("source", "item", "value")
#: claims per partition when the caller does not say how many partitions
CLAIMS_PER_PARTITION = 2_000_000
#: partial results combined per reduce task (a tree, so no task holds every partition's sums)
FAN_IN = 8

Stats = dict[str, Any]


# ---- per-partition work (module functions: the processes scheduler pickles them) ---------------
def _labels(col: pd.Series) -> pd.Series:
    """Labels as strings, whatever the input's dtype (a Parquet column of numbers, say), so
    that they match the vocabulary and ``veracity fuse``'s CSV reading of the same values."""
    return col if pd.api.types.is_string_dtype(col.dtype) else col.astype(str)


def _vocabulary(df: pd.DataFrame, has_weight: bool) -> Stats:
    """Distinct sources and value labels in order of first appearance, and weight checks."""
    out: Stats = {
        "sources": _labels(df["source"]).unique().to_numpy(dtype=object),
        "values": _labels(df["value"]).unique().to_numpy(dtype=object),
        "rows": len(df),
        "null": int(df[list(REQUIRED)].isna().to_numpy().sum()),
    }
    if has_weight:
        w = df["weight"].to_numpy(dtype=np.float64, na_value=np.nan)
        out["bad_weight"] = int((~np.isfinite(w) | (w < 0)).sum())
    return out


def _encode(df: pd.DataFrame, sources: pd.Index, values: pd.Index, has_weight: bool):
    """Global source and value-label codes; the item stays a label (it is hashed next)."""
    out = pd.DataFrame(
        {
            "s": sources.get_indexer(_labels(df["source"])).astype(np.int32),
            "item": _labels(df["item"]),
            "vl": values.get_indexer(_labels(df["value"])).astype(np.int32),
        },
        index=df.index,
    )
    if has_weight:
        out["w"] = df["weight"].astype(np.float64)
    return out


def _localise(df: pd.DataFrame) -> pd.DataFrame:
    """Sort one partition by (item, value label) and give it local item and value codes."""
    item_code, _ = pd.factorize(df["item"], sort=False)
    vl = df["vl"].to_numpy()
    order = np.lexsort((vl, item_code))
    it = item_code[order]
    # local items renumbered in sorted order, so item codes rise with the rows
    it_new = np.zeros(it.size, dtype=np.int64)
    if it.size:
        it_new[1:] = np.cumsum(it[1:] != it[:-1])
    vl_sorted = vl[order]
    v = np.zeros(it.size, dtype=np.int64)
    if it.size:
        v[1:] = np.cumsum((it[1:] != it[:-1]) | (vl_sorted[1:] != vl_sorted[:-1]))
    out = pd.DataFrame(
        {
            "s": df["s"].to_numpy()[order].astype(np.int32),
            "it": it_new.astype(np.int32),
            "v": v.astype(np.int32),
            "vl": vl_sorted.astype(np.int32),
            "item": df["item"].iloc[order].reset_index(drop=True),
        }
    )
    if "w" in df.columns:
        out["w"] = df["w"].to_numpy()[order]
    return out


def _summary(df: pd.DataFrame, n_sources: int) -> Stats:
    """Per-source claim counts and weights, and counts of items and values, of one partition."""
    s = df["s"].to_numpy()
    w = df["w"].to_numpy() if "w" in df.columns else np.ones(len(df))
    return {
        "source_count": np.bincount(s, minlength=n_sources).astype(np.float64),
        "source_weight": np.bincount(s, weights=w, minlength=n_sources),
        "weight": float(w.sum()),
        "items": float(df["it"].iloc[-1] + 1) if len(df) else 0.0,
        "values": float(df["v"].iloc[-1] + 1) if len(df) else 0.0,
    }


def _scatter(
    df: pd.DataFrame,
    sources: pd.Index,
    values: pd.Index,
    has_weight: bool,
    folder: str,
    index: int,
    n: int,
) -> int:
    """Code one input partition and write each hash bucket of its items to its own folder."""
    enc = _encode(df, sources, values, has_weight)
    bucket = pd.util.hash_pandas_object(enc["item"], index=False).to_numpy() % np.uint64(n)
    order = np.argsort(bucket, kind="stable")
    bounds = np.searchsorted(bucket[order], np.arange(n + 1, dtype=np.uint64))
    for j in range(n):
        if bounds[j + 1] > bounds[j]:
            rows = enc.iloc[order[bounds[j] : bounds[j + 1]]]
            rows.to_parquet(Path(folder) / f"{j:05d}" / f"{index:05d}.parquet", index=False)
    return len(df)


def _gather(bucket: str, path: str, n_sources: int, columns: list[str]) -> Stats:
    """One bucket's pieces as one partition: localised, written, its pieces removed."""
    import pyarrow.parquet as pq

    files = sorted(Path(bucket).glob("*.parquet"))
    if files:
        df = pq.read_table(files).to_pandas()
    else:
        df = pd.DataFrame({c: pd.Series(dtype=str if c == "item" else np.float64) for c in columns})
        df = df.astype({c: np.int32 for c in ("s", "vl")})
    df = _localise(df)
    df.to_parquet(path, index=False)
    shutil.rmtree(bucket, ignore_errors=True)
    return _summary(df, n_sources)


def _read(path: str, labels: bool) -> pd.DataFrame:
    columns = None if labels else ["s", "it", "v", "vl", "w"]
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    if columns is not None:
        columns = [c for c in columns if c in schema.names]
    return pd.read_parquet(path, columns=columns)


def local_claims(df: pd.DataFrame, n_sources: int) -> Claims:
    """The partition's claims as :class:`Claims` with local item and value codes.

    Rows are sorted by (item, value label), so value codes rise with the rows and each value's
    item and label are read off its first row: no sort, no hash, O(rows).
    """
    it = df["it"].to_numpy()
    v = df["v"].to_numpy()
    first = np.ones(v.size, dtype=bool)
    first[1:] = v[1:] != v[:-1]
    c = Claims(
        source=df["s"].to_numpy(),
        item=it,
        value=v,
        value_item=it[first],
        n_sources=n_sources,
        n_items=int(it[-1]) + 1 if it.size else 0,
        weight=df["w"].to_numpy() if "w" in df.columns else None,
    )
    c._cache["value_label_codes"] = df["vl"].to_numpy()[first]
    return c


def _apply(
    fn: Callable[..., Stats],
    df: pd.DataFrame,
    n_sources: int,
    *args: Any,
    scratch: str | None = None,
) -> Stats:
    if scratch is None:
        return fn(local_claims(df, n_sources), *args)
    return fn(local_claims(df, n_sources), *args, scratch=scratch)


def _release(folder: Path | None, pool: Any) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    if pool is not None:
        pool.shutdown(cancel_futures=True)


def combine(*parts: Stats) -> Stats:
    """Add partial statistics; keys ending in ``_max`` take the largest."""
    out: Stats = {}
    for p in parts:
        for k, x in p.items():
            if k not in out:
                out[k] = x.copy() if isinstance(x, np.ndarray) else x
            elif k.endswith("_max"):
                out[k] = np.maximum(out[k], x)
            else:
                out[k] = out[k] + x
    return out


def _tree(parts: Sequence[Delayed]) -> Delayed:
    parts = list(parts)
    while len(parts) > 1:
        parts = [delayed(combine)(*parts[i : i + FAN_IN]) for i in range(0, len(parts), FAN_IN)]
    return parts[0]


# ---- the layout ----------------------------------------------------------------------------
@dataclass(eq=False)
class ClaimPartitions:
    """Claims shuffled by item and coded; what the Dask estimators fit.

    ``source_labels[s]`` names source code ``s``; ``value_labels[vl]`` names value-label code
    ``vl``. ``source_count`` and ``source_weight`` are each source's number and total weight of
    claims.
    """

    parts: list[Any]  # Parquet paths (cache="disk") or persisted Delayed partitions
    source_labels: np.ndarray
    value_labels: np.ndarray
    source_count: np.ndarray
    source_weight: np.ndarray
    n_claims: int
    n_items: int
    n_values: int
    total_weight: float
    scheduler: Any = None
    workdir: Path | None = None
    _cleanup: Any = field(default=None, repr=False)
    _pool: Any = field(default=None, repr=False)
    #: called with the number of passes made so far after each map-reduce (progress display)
    on_pass: Callable[[int], None] | None = field(default=None, repr=False)
    passes: int = 0

    @property
    def n_sources(self) -> int:
        return int(self.source_labels.size)

    @property
    def n_partitions(self) -> int:
        return len(self.parts)

    def part(self, i: int, labels: bool = False) -> Delayed:
        """Partition ``i`` as a pandas DataFrame (with the ``item`` label column if ``labels``)."""
        p = self.parts[i]
        if isinstance(p, str):
            return delayed(_read)(p, labels)
        return p

    def map_reduce(self, fn: Callable[..., Stats], *args: Any, scratch: str | None = None) -> Stats:
        """``fn(local_claims, *args)`` on every partition, summed (see :func:`combine`).

        Each argument becomes one task shared by all partitions, so a large per-source array
        is sent once, not once per partition. With ``scratch`` (a name) and the disk cache,
        ``fn`` is also given ``scratch=PATH``: a file of the partition's own in the cache folder
        where it may keep what the next pass would otherwise recompute (per-partition state
        that is as long as the partition: it never travels).
        """
        shared = [delayed(a, traverse=False) for a in args]
        tasks = [
            delayed(_apply)(
                fn, self.part(i), self.n_sources, *shared, scratch=self.scratch_path(scratch, i)
            )
            for i in range(self.n_partitions)
        ]
        (result,) = self.compute(_tree(tasks))
        self.passes += 1
        if self.on_pass is not None:
            self.on_pass(self.passes)
        return result

    def scratch_path(self, name: str | None, i: int) -> str | None:
        """Partition ``i``'s file named ``name`` in the disk cache (None: no disk cache)."""
        if name is None or self.workdir is None or not isinstance(self.parts[i], str):
            return None
        return str(self.workdir / f"{name}-{i:05d}.npy")

    def compute(self, *objs: Any) -> tuple:
        """``dask.compute`` on this layout's scheduler (and its process pool, if it has one)."""
        return _compute(*objs, scheduler=self.scheduler, pool=self._pool)

    def map_frames(self, fn: Callable[..., pd.DataFrame], meta: pd.DataFrame, *args: Any):
        """A lazy Dask DataFrame: ``fn(partition_with_labels, n_sources, *args)`` per partition."""
        shared = [delayed(a, traverse=False) for a in args]
        frames = [
            delayed(fn)(self.part(i, labels=True), self.n_sources, *shared)
            for i in range(self.n_partitions)
        ]
        return dd.from_delayed(frames, meta=meta, verify_meta=False)

    def close(self) -> None:
        """Remove the temporary disk cache and stop the process pool now (both also happen
        when this object is collected)."""
        if self._cleanup is not None:
            self._cleanup()


def _compute(*objs: Any, scheduler: Any, pool: Any = None) -> tuple:
    if pool is None:
        return dask.compute(*objs, scheduler=scheduler)
    with dask.config.set(pool=pool):
        return dask.compute(*objs, scheduler=scheduler)


def _process_pool(scheduler: Any) -> Any:
    """One pool of worker processes for a whole fit with the processes scheduler: Dask would
    otherwise start new processes for every round (a second each)."""
    if scheduler not in ("processes", "multiprocessing") or dask.config.get("pool", None):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn"))


def _local_scheduler(scheduler: Any) -> bool:
    if scheduler in ("threads", "threading", "processes", "multiprocessing", "sync", "single"):
        return True
    if scheduler is None:
        try:
            from distributed import default_client

            default_client()
        except (ImportError, ValueError):
            return True
        return False
    return scheduler in ("synchronous",)


def partition_claims(
    frame: dd.DataFrame,
    *,
    npartitions: int | None = None,
    scheduler: Any = None,
    cache: str = "auto",
    workdir: str | Path | None = None,
) -> ClaimPartitions:
    """Encode and shuffle a Dask DataFrame of labelled claims (see the module docstring).

    ``scheduler`` is anything ``dask.compute`` accepts ("threads", "processes", a distributed
    ``Client``); ``None`` uses Dask's default (a ``Client`` made earlier, else threads).
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            fix="claims need the columns source, item, value (optional: weight)",
        )
    if cache not in ("auto", "disk", "memory"):
        raise ValueError(f"cache must be auto, disk or memory, not {cache!r}")
    has_weight = "weight" in frame.columns
    frame = frame[[*REQUIRED, *(["weight"] if has_weight else [])]]
    pool = _process_pool(scheduler)
    try:
        return _partition(frame, has_weight, npartitions, scheduler, cache, workdir, pool)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise


def _partition(
    frame: dd.DataFrame,
    has_weight: bool,
    npartitions: int | None,
    scheduler: Any,
    cache: str,
    workdir: str | Path | None,
    pool: Any,
) -> ClaimPartitions:
    vocab = [delayed(_vocabulary)(p, has_weight) for p in frame.to_delayed()]
    (parts,) = _compute(vocab, scheduler=scheduler, pool=pool)
    n_claims = sum(p["rows"] for p in parts)
    if n_claims == 0:
        raise InputError("no claims: the input has no rows")
    if sum(p["null"] for p in parts):
        raise InputError("empty source, item or value", fix="every claim needs all three")
    if has_weight and sum(p["bad_weight"] for p in parts):
        raise InputError("weights must be finite, non-negative numbers", field="weight")
    # first appearance across partitions in order: the codes a file read in order would get
    sources = pd.Index(pd.unique(np.concatenate([p["sources"] for p in parts])), dtype=str)
    values = pd.Index(pd.unique(np.concatenate([p["values"] for p in parts])), dtype=str)
    del parts
    n = npartitions or max(2, math.ceil(n_claims / CLAIMS_PER_PARTITION))
    meta = pd.DataFrame(
        {
            "s": pd.Series(dtype=np.int32),
            "item": pd.Series(dtype=str),
            "vl": pd.Series(dtype=np.int32),
            **({"w": pd.Series(dtype=np.float64)} if has_weight else {}),
        }
    )
    encoded = frame.map_partitions(_encode, sources, values, has_weight, meta=meta)
    local_meta = pd.DataFrame(
        {
            "s": pd.Series(dtype=np.int32),
            "it": pd.Series(dtype=np.int32),
            "v": pd.Series(dtype=np.int32),
            "vl": pd.Series(dtype=np.int32),
            "item": pd.Series(dtype=str),
            **({"w": pd.Series(dtype=np.float64)} if has_weight else {}),
        }
    )
    if cache == "auto":
        cache = "disk" if _local_scheduler(scheduler) else "memory"
    n_src = len(sources)
    temporary = cache == "disk" and workdir is None
    if cache == "disk":
        workdir = (
            Path(workdir)
            if workdir is not None
            else Path(tempfile.mkdtemp(prefix="veracity-dask-"))
        )
        workdir.mkdir(parents=True, exist_ok=True)
        paths = [str(workdir / f"claims-{i:05d}.parquet") for i in range(n)]
        # the shuffle by hand, through files: each input partition writes its items' hash
        # buckets, then each bucket is read back whole. Memory holds one input partition or one
        # bucket per worker thread, whatever the size of the claims (Dask's disk shuffle buffers
        # up to 1 GB in memory before it spills).
        pieces = workdir / "shuffle"
        for j in range(n):
            (pieces / f"{j:05d}").mkdir(parents=True, exist_ok=True)
        scatter = [
            delayed(_scatter)(p, sources, values, has_weight, str(pieces), i, n)
            for i, p in enumerate(frame.to_delayed())
        ]
        gather = [
            delayed(_gather)(str(pieces / f"{j:05d}"), paths[j], n_src, list(meta.columns))
            for j in range(n)
        ]
        try:
            _compute(scatter, scheduler=scheduler, pool=pool)
            (summaries,) = _compute(gather, scheduler=scheduler, pool=pool)
            shutil.rmtree(pieces, ignore_errors=True)
        except BaseException:
            if temporary:
                shutil.rmtree(workdir, ignore_errors=True)
            raise
        stored: list[Any] = paths
    else:
        shuffled = encoded.shuffle("item", npartitions=n).map_partitions(_localise, meta=local_meta)
        with dask.config.set(pool=pool) if pool is not None else contextlib.nullcontext():
            stored = list(dask.persist(*shuffled.to_delayed(), scheduler=scheduler))
        summaries = _compute(
            [delayed(_summary)(p, n_src) for p in stored], scheduler=scheduler, pool=pool
        )[0]
    total = combine(*summaries)
    out = ClaimPartitions(
        parts=stored,
        source_labels=np.asarray(sources, dtype=object),
        value_labels=np.asarray(values, dtype=object),
        source_count=total["source_count"],
        source_weight=total["source_weight"],
        n_claims=int(n_claims),
        n_items=int(total["items"]),
        n_values=int(total["values"]),
        total_weight=float(total["weight"]),
        scheduler=scheduler,
        workdir=Path(workdir) if workdir is not None else None,
    )
    out._pool = pool
    # the temporary folder and the process pool live as long as the object that uses them
    scratch = Path(workdir) if temporary and workdir is not None else None
    out._cleanup = weakref.finalize(out, _release, scratch, pool)
    return out
