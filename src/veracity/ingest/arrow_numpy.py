"""Arrow arrays to numpy and back through their buffers, without pyarrow's pandas road.

pyarrow imports pandas the first time it converts between Python or numpy values and Arrow
(``pa.array``, ``Array.to_numpy``, ``to_pylist``, a Python scalar in a compute call): half a
second to a second of ``veracity fuse``'s start-up spent on a library it never uses. The
claims reader and the result writers only move int32 codes, float64 numbers and string
dictionaries, which these functions read and build from the buffers directly.

>>> import pyarrow as pa
>>> codes = numeric(from_numpy(np.array([3, 1, 2], dtype=np.int32)))
>>> codes.tolist()
[3, 1, 2]
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_NUMPY = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float64(): np.float64}


def _valid(arr: pa.Array) -> np.ndarray | None:
    """Per element: not null (None when there are no nulls)."""
    if not arr.null_count:
        return None
    bits = np.frombuffer(arr.buffers()[0], dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[arr.offset : arr.offset + len(arr)].astype(bool)


def numeric(arr: pa.Array | pa.ChunkedArray, *, null: float = -1) -> np.ndarray:
    """An int32, int64 or float64 Arrow array (or chunked array) as numpy; nulls as ``null``."""
    if isinstance(arr, pa.ChunkedArray):
        dtype = _NUMPY[arr.type]
        if arr.num_chunks == 0:
            return np.zeros(0, dtype=dtype)
        parts = [numeric(ch, null=null) for ch in arr.chunks]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)
    dtype = _NUMPY[arr.type]
    if len(arr) == 0:
        return np.zeros(0, dtype=dtype)
    out = np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset : arr.offset + len(arr)]
    valid = _valid(arr)
    if valid is not None:
        out = np.where(valid, out, np.asarray(null, dtype=dtype))
    return out


def _offsets(arr: pa.Array) -> np.ndarray:
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    return np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset : arr.offset + len(arr) + 1]


def labels(arr: pa.Array) -> np.ndarray:
    """A string array (a label dictionary) as a numpy object array of ``str``; nulls as ""."""
    out = np.empty(len(arr), dtype=object)
    if len(arr) == 0:
        return out
    off = _offsets(arr).tolist()
    data = arr.buffers()[2]
    raw = b"" if data is None else data.to_pybytes()
    out[:] = [raw[a:b].decode("utf-8") for a, b in zip(off[:-1], off[1:], strict=True)]
    return out


def is_empty(arr: pa.Array) -> np.ndarray:
    """Per string: it is "" (or null)."""
    if len(arr) == 0:
        return np.zeros(0, dtype=bool)
    return np.diff(_offsets(arr)) == 0


def from_numpy(values: np.ndarray) -> pa.Array:
    """A contiguous int32, int64, float64 or bool numpy array as an Arrow array (no nulls)."""
    values = np.ascontiguousarray(values)
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), values.size, [None, pa.py_buffer(bits)])
    kind = {np.dtype(v): k for k, v in _NUMPY.items()}[values.dtype]
    return pa.Array.from_buffers(kind, values.size, [None, pa.py_buffer(values)])
