"""Claims files in and truth files out for the Dask backend of ``veracity fuse``.

:func:`read_claims_frame` reads a claims CSV or Parquet file (or a glob or folder of them)
lazily, as a Dask DataFrame with the columns of ``veracity fuse``'s CSV; empty labels stay
empty strings, as pyarrow reads them for the in-memory backend. :func:`write_result_frame`
writes a lazy result frame to one Parquet or CSV file a few partitions at a time, so no more
than those partitions are ever in memory, and renames it into place only when complete.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from veracity.errors import InputError

REQUIRED = ("source", "item", "value")
OPTIONAL = ("weight",)
PARQUET_SUFFIXES = (".parquet", ".pq")
#: bytes of CSV per input partition
CSV_BLOCKSIZE = 64 << 20


def is_parquet(path: str | os.PathLike[str]) -> bool:
    p = str(path).rstrip("/")
    return p.endswith(PARQUET_SUFFIXES) or (
        os.path.isdir(p) and any(f.endswith(PARQUET_SUFFIXES) for f in os.listdir(p))
    )


def _columns(path: str, parquet: bool) -> list[str]:
    files = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
    if not files:
        raise InputError("no file matches", file=path, fix="check the path or glob")
    first = files[0]
    if os.path.isdir(first):
        inner = sorted(f for f in os.listdir(first) if f.endswith(PARQUET_SUFFIXES))
        if not inner:
            raise InputError("a folder without Parquet files", file=first)
        first = os.path.join(first, inner[0])
    if not os.path.exists(first):
        raise InputError("no such file", file=first, fix="check the path")
    try:
        if parquet:
            return list(pq.read_schema(first).names)
        with open(first, encoding="utf-8-sig", newline="") as fh:
            line = fh.readline()
    except (OSError, pa.ArrowException, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {str(exc).splitlines()[0]}", file=first) from None
    import csv

    return [h.strip() for h in next(csv.reader([line]), [])]


def read_claims_frame(path: str | os.PathLike[str], *, blocksize: int = CSV_BLOCKSIZE) -> Any:
    """A lazy Dask DataFrame of claims: ``source, item, value`` and ``weight`` if present."""
    import dask.dataframe as dd

    path = str(path)
    parquet = is_parquet(path)
    header = _columns(path, parquet)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"in {','.join(header)!r}",
            file=path,
            fix="claims need the columns source,item,value (optional: weight)",
        )
    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in header]
    if parquet:
        frame = dd.read_parquet(path, columns=wanted)
        return frame.astype({c: str for c in REQUIRED})
    return dd.read_csv(
        path,
        usecols=wanted,
        dtype={"source": str, "item": str, "value": str, "weight": "float64"},
        keep_default_na=False,
        na_values={"weight": [""]},
        blocksize=blocksize,
        encoding="utf-8-sig",
    )


RESULT_SCHEMA = pa.schema(
    [("item", pa.string()), ("value", pa.string()), ("probability", pa.float64())]
)


def write_result_frame(
    frame: Any,
    path: str | os.PathLike[str],
    *,
    scheduler: Any = None,
    wave: int | None = None,
    schema: pa.Schema = RESULT_SCHEMA,
) -> int:
    """Write a Dask DataFrame to one Parquet (by suffix) or CSV file; return its row count.

    Partitions are computed ``wave`` at a time (default: the number of cores) and appended as
    they come, so memory holds one wave, never the whole frame.
    """
    import dask

    path = Path(path)
    parquet = str(path).endswith(PARQUET_SUFFIXES)
    wave = wave or max(os.cpu_count() or 1, 2)
    parts = frame.to_delayed()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    os.close(fd)
    rows = 0
    try:
        if parquet:
            writer: Any = pq.ParquetWriter(tmp, schema)
        else:
            writer = pacsv.CSVWriter(
                tmp, schema, write_options=pacsv.WriteOptions(quoting_style="needed")
            )
        with writer:
            for start in range(0, len(parts), wave):
                for df in dask.compute(*parts[start : start + wave], scheduler=scheduler):
                    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
                    writer.write_table(table)
                    rows += table.num_rows
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return rows


def write_trust_frame(trust: Any, path: str | os.PathLike[str]) -> None:
    """``source,trust`` (a pandas frame, one row per source) as CSV, written atomically."""
    from veracity.ingest.claims_csv import _write_atomically

    table = pa.table(
        {
            "source": pa.array(trust["source"].astype(str).tolist(), pa.string()),
            "trust": pa.array(trust["trust"].to_numpy(dtype=float)),
        }
    )
    _write_atomically(table, Path(path))
