"""Claims CSV in, truth and trust CSV out: the file side of ``veracity fuse``.

A claims file has the header ``source,item,value`` (labels of any kind) and optionally
``weight`` (a number) and ``origin`` (the source a claim was passed on from; empty for none).
pyarrow parses it in blocks on every core, the label columns are dictionary-encoded and the
dictionary indices go to :meth:`Claims.from_codes`: no Python object is made per row, and memory
stays at a few int32 columns per row plus one string per distinct label (the label text is held
once more, as Arrow strings, while it is encoded).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "claims.csv"
>>> _ = p.write_text("source,item,value\\na,x,1\\nb,x,1\\nc,x,2\\n")
>>> read_claims_csv(p).claims.n_claims
3
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from veracity.errors import InputError
from veracity.fusion.base import Estimator
from veracity.fusion.claims import NO_ORIGIN, Claims
from veracity.ingest.arrow_numpy import from_numpy, is_empty, labels, numeric

REQUIRED = ("source", "item", "value")
OPTIONAL = ("weight", "origin")
MAX_WEIGHT = 1e12  # relative weights; sums over a billion claims stay far from overflow
_LABEL = pa.dictionary(pa.int32(), pa.string())
BLOCK_SIZE = 8 << 20  # bytes per parsed block


@dataclass(frozen=True)
class ClaimsTable:
    """Claims read from a file, with the files' label dictionaries kept as Arrow arrays.

    Writing results back takes labels from these arrays (``take`` by code), so large outputs
    never pass through Python strings either.
    """

    claims: Claims
    sources: pa.Array
    items: pa.Array
    values: pa.Array  # the value-label vocabulary, indexed by Claims.value_label_codes


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
    except FileNotFoundError:
        raise InputError("no such file", file=str(path), fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=str(path), line=1) from None
    if not first.strip():
        raise InputError(
            "empty file: no header",
            file=str(path),
            line=1,
            fix="the first line must be the header source,item,value",
        )
    return [h.strip() for h in next(csv.reader([first]))]


def _line_of(path: Path, text: str) -> int | None:
    """The line number of a malformed row (pyarrow's parallel reader does not know it).

    Only called on the error path: one pass over the file up to the row.
    """
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if line.rstrip("\r\n") == text:
                return number
    return None


def _indices(col: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Row codes and the dictionary of a dictionary-encoded column with unified chunks."""
    if col.num_chunks == 0:
        return np.zeros(0, dtype=np.int32), pa.array([], pa.string())
    dictionary = col.chunk(0).dictionary
    parts = [numeric(ch.indices) for ch in col.chunks]
    codes = np.concatenate(parts) if len(parts) > 1 else parts[0]
    return codes.astype(np.int32, copy=False), dictionary


def _parquet_table(path: Path) -> pa.Table:
    """A claims Parquet file read column-wise, labels dictionary-encoded as they are read."""
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
    except FileNotFoundError:
        raise InputError("no such file", file=str(path), fix="check the path") from None
    # a column name not UTF-8, or a type Arrow cannot read (ArrowNotImplementedError: fuzz
    # input claims.parquet #3595, an integer wider than 64 bits)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"not a Parquet file: {exc}", file=str(path)) from None
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            file=str(path),
            fix="the file must have columns source, item, value (optional: weight, origin)",
        )
    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in names]
    labels = [c for c in wanted if c != "weight"]
    try:
        table = pq.read_table(path, columns=wanted, read_dictionary=labels)
        table.validate(full=True)  # a damaged page can hold dictionary codes out of range
    except (pa.ArrowException, OSError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"not a readable Parquet file: {msg}", file=str(path)) from None
    for name in labels:  # a column stored as integers or large strings: one label type
        col = table.column(name)
        kind = col.type.value_type if pa.types.is_dictionary(col.type) else col.type
        if pa.types.is_nested(kind) or pa.types.is_null(kind) and len(col):
            raise InputError(
                f"column {name} holds {kind}, not labels",
                file=str(path),
                field=name,
                fix="store labels as text or numbers",
            )
        if col.null_count:
            raise InputError(
                f"{col.null_count:,} empty {name} value{'s' if col.null_count > 1 else ''}",
                file=str(path),
                field=name,
                fix="every claim needs a source, an item and a value",
            )
        if not pa.types.is_dictionary(col.type) or col.type != _LABEL:
            if pa.types.is_dictionary(col.type):
                col = pa.chunked_array([c.dictionary_decode() for c in col.chunks], kind)
            text = _cast(col, pa.string(), path, name)
            table = table.set_column(
                table.schema.get_field_index(name), name, pc.dictionary_encode(text)
            )
    if "weight" in wanted:
        i = table.schema.get_field_index("weight")
        kind = table.column("weight").type
        if not (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_null(kind)):
            raise InputError(
                f"column weight holds {kind}, not numbers",
                file=str(path),
                field="weight",
                fix="store weights as numbers",
            )
        weight = _cast(table.column("weight"), pa.float64(), path, "weight")
        table = table.set_column(i, "weight", weight)
    return table.unify_dictionaries()


def _cast(col: pa.ChunkedArray, to: pa.DataType, path: Path, name: str) -> pa.ChunkedArray:
    """``col`` as ``to``, or an InputError naming the column (bytes that are not UTF-8, say)."""
    try:
        return pc.cast(col, to)
    except (pa.ArrowException, UnicodeDecodeError) as exc:
        msg = str(exc).strip().splitlines()[0]
        raise InputError(f"column {name}: {msg}", file=str(path), field=name) from None


def read_claims_csv(
    path: str | os.PathLike[str],
    *,
    block_size: int = BLOCK_SIZE,
    python_labels: bool = True,
) -> ClaimsTable:
    """Read a claims CSV (or, by its ``.parquet`` suffix, a Parquet file) into integer-coded
    claims (parsed in parallel blocks, dictionary-encoded: no Python object per row).
    ``python_labels=False`` leaves ``Claims.source_labels`` / ``item_labels`` unset: the
    labels stay Arrow arrays in the returned table (``sources``, ``items``), which is all
    ``veracity fuse`` writes from -- at 10M claims, a million item names as Python strings
    were ~70 MB of its peak memory."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        return _released(_claims_of(_parquet_table(path), path, python_labels))
    header = _header(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"in the header {','.join(header)!r}",
            file=str(path),
            line=1,
            fix="the header must name source,item,value (optional: weight, origin)",
        )
    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in header]
    # labels are read as strings by pyarrow's multi-threaded reader and dictionary-encoded per
    # column afterwards: 1.4-1.7x faster than encoding while parsing with the (one-thread)
    # streaming reader, for the same codes (both number labels in order of first appearance)
    types = {c: pa.string() for c in ("source", "item", "value", "origin")}
    types["weight"] = pa.float64()
    bad_rows: list[Any] = []  # pyarrow's InvalidRow: expected/actual columns, number, text

    def invalid_row(row: object) -> str:  # called by pyarrow only for malformed rows
        bad_rows.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=block_size, encoding="utf8"),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types={k: v for k, v in types.items() if k in wanted},
                include_columns=wanted,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowKeyError) as exc:
        msg = str(exc).splitlines()[0]
        field = next((c for c in wanted if f"'{c}'" in msg or f"column {c}" in msg), None)
        raise InputError(f"cannot read: {msg}", file=str(path), field=field) from None
    if bad_rows:
        # blocks are parsed in parallel: report the malformed row that comes first in the file
        lines = [(row.number or _line_of(path, row.text) or 0, row) for row in bad_rows[:20]]
        number, row = min(lines, key=lambda x: x[0])
        raise InputError(
            f"expected {row.expected_columns} columns, got {row.actual_columns}: {row.text!r}",
            file=str(path),
            line=number or None,
            fix="quote fields that contain commas; every row needs source,item,value",
        )
    for name in ("source", "item", "value", "origin"):
        if name in wanted:
            i = table.schema.get_field_index(name)
            table = table.set_column(i, name, table.column(name).dictionary_encode())
    data = _claims_of(table.unify_dictionaries(), path, python_labels)
    del table  # the parsed columns go before the pool is asked to give their memory back
    return _released(data)


def _released(data: ClaimsTable) -> ClaimsTable:
    """``data``, after handing the memory pyarrow's pool kept from parsing back to the system:
    the pool (mimalloc) holds on to freed pages, and at 10M claims the parsed text columns left
    ~280 MB of resident memory for the whole fit (641 MB -> 357 MB after reading)."""
    pa.default_memory_pool().release_unused()
    return data


def _claims_of(table: pa.Table, path: Path, python_labels: bool = True) -> ClaimsTable:
    """Integer-coded claims from a table whose label columns are dictionary-encoded."""
    wanted = table.column_names
    src, src_dict = _indices(table.column("source"))
    itm, itm_dict = _indices(table.column("item"))
    val, val_dict = _indices(table.column("value"))
    if src.size == 0:
        raise InputError("no claims: the file has a header but no rows", file=str(path), line=2)
    weight = origin = None
    if "weight" in wanted:
        wcol = table.column("weight")
        if wcol.null_count:
            raise InputError("empty weight", file=str(path), field="weight", fix="give a number")
        weight = numeric(wcol)
        if not np.isfinite(weight).all() or (weight < 0).any():
            raise InputError(
                "weights must be finite, non-negative numbers", file=str(path), field="weight"
            )
        if (weight > MAX_WEIGHT).any():  # 1e308 overflowed the sums into inf, then NaN
            raise InputError(
                f"a weight of {weight.max():g}, over {MAX_WEIGHT:g}",
                file=str(path),
                field="weight",
                fix="weights are relative: scale them down",
            )
        if not weight.any():
            raise InputError(
                "every weight is 0: no claim would count",
                file=str(path),
                field="weight",
                fix="give at least one claim a weight above 0",
            )
    sources = src_dict
    if "origin" in wanted:
        ocol = table.column("origin")
        o_codes, o_dict = _indices(ocol)
        valid = o_codes >= 0  # nulls came out as -1
        # origins name sources: map the origin dictionary onto source codes, adding new names
        known = numeric(pc.index_in(o_dict, value_set=src_dict)).astype(np.int64)
        empty = is_empty(o_dict)
        new = (known < 0) & ~empty
        mapping = known.copy()
        mapping[new] = len(src_dict) + np.arange(int(new.sum()))
        mapping[empty] = NO_ORIGIN
        if new.any():
            sources = pa.concat_arrays([src_dict, o_dict.filter(from_numpy(new))])
        origin = np.where(valid, mapping[o_codes] if mapping.size else -1, NO_ORIGIN)
        origin = origin.astype(np.int32)
    del table
    claims = Claims.from_codes(
        src,
        itm,
        val,
        n_sources=len(sources),
        n_items=len(itm_dict),
        source_labels=labels(sources) if python_labels else None,
        item_labels=labels(itm_dict) if python_labels else None,
        value_labels=labels(val_dict),
        weight=weight,
        origin=origin,
    )
    return ClaimsTable(claims=claims, sources=sources, items=itm_dict, values=val_dict)


def _write_atomically(table: pa.Table, path: Path) -> None:
    """Write next to ``path`` and rename: a failed run never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    os.close(fd)
    try:
        pacsv.write_csv(table, tmp, pacsv.WriteOptions(quoting_style="needed"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def truth_table(data: ClaimsTable, estimator: Estimator) -> pa.Table:
    """``item,value,probability``: one row per item with its chosen value."""
    c = data.claims
    truth = np.asarray(estimator.truth_)
    has = truth >= 0
    chosen = truth[has]
    chosen_labels = data.values.take(from_numpy(c.value_label_codes[chosen].astype(np.int32)))
    items = data.items if has.all() else data.items.filter(from_numpy(has))
    return pa.table(
        {
            "item": items,
            "value": chosen_labels,
            "probability": from_numpy(np.asarray(estimator.probabilities_, np.float64)[chosen]),
        }
    )


def trust_table(data: ClaimsTable, estimator: Estimator) -> pa.Table:
    """``source,trust``: one row per source, in the method's own trust units."""
    return pa.table(
        {
            "source": data.sources,
            "trust": from_numpy(np.asarray(estimator.trust_, dtype=np.float64)),
        }
    )


def write_truth_csv(path: str | os.PathLike[str], data: ClaimsTable, estimator: Estimator) -> None:
    _write_atomically(truth_table(data, estimator), Path(path))


def write_trust_csv(path: str | os.PathLike[str], data: ClaimsTable, estimator: Estimator) -> None:
    _write_atomically(trust_table(data, estimator), Path(path))
