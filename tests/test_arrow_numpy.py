"""veracity.ingest.arrow_numpy reads Arrow buffers as pyarrow's own conversions would (sliced
arrays, nulls, non-ASCII labels), and the claims reader never imports pandas."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.ingest.arrow_numpy import from_numpy, is_empty, labels, numeric

texts = st.lists(st.text(max_size=6), max_size=40)


@settings(max_examples=100, deadline=None)
@given(texts, st.integers(0, 5), st.integers(0, 5))
def test_labels_match_to_pylist(values: list[str], start: int, cut: int) -> None:
    arr = pa.array(values, pa.string())
    part = arr.slice(min(start, len(values)), max(len(values) - start - cut, 0))
    assert labels(part).tolist() == part.to_pylist()
    assert is_empty(part).tolist() == [v == "" for v in part.to_pylist()]
    large = part.cast(pa.large_string())
    assert labels(large).tolist() == part.to_pylist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)), max_size=40),
       st.integers(0, 5))  # fmt: skip
def test_numeric_with_nulls_and_offsets(values: list[int | None], start: int) -> None:
    arr = pa.array(values, pa.int32()).slice(min(start, len(values)))
    want = [-1 if v is None else v for v in arr.to_pylist()]
    assert numeric(arr).tolist() == want
    chunked = pa.chunked_array([arr, arr], pa.int32())
    assert numeric(chunked).tolist() == want + want


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(allow_nan=False), max_size=30), st.lists(st.booleans(), max_size=30))
def test_from_numpy_round_trip(floats: list[float], flags: list[bool]) -> None:
    f = np.array(floats, dtype=np.float64)
    assert from_numpy(f).to_pylist() == floats
    assert numeric(from_numpy(f)).tolist() == floats
    assert from_numpy(np.array(flags, dtype=bool)).to_pylist() == flags
    ints = np.arange(len(flags), dtype=np.int32)[::2]  # not contiguous
    assert from_numpy(ints).to_pylist() == ints.tolist()


def test_fuse_reads_and_writes_without_pandas(tmp_path) -> None:  # noqa: ANN001
    claims = tmp_path / "c.csv"
    claims.write_text("source,item,value,weight,origin\na,x,é,1,\nb,x,é,2,a\nc,x,2,1,z\n")
    code = (
        "import sys\n"
        "from veracity.cli import main\n"
        f"sys.argv = ['veracity', 'fuse', {str(claims)!r}, '--out', {str(tmp_path / 't.csv')!r},"
        f" '--trust', {str(tmp_path / 's.csv')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "t.csv").read_text().splitlines()[1].startswith('"x","é"')
    assert "z" in (tmp_path / "s.csv").read_text()


def test_claims_without_python_labels_keep_the_codes(tmp_path) -> None:  # noqa: ANN001
    from veracity.ingest.claims_csv import read_claims_csv

    path = tmp_path / "c.csv"
    path.write_text("source,item,value\na,x,1\nb,x,2\nc,y,1\na,y,1\n")
    full = read_claims_csv(path)
    lean = read_claims_csv(path, python_labels=False)
    for name in ("source", "item", "value", "value_item"):
        np.testing.assert_array_equal(getattr(full.claims, name), getattr(lean.claims, name))
    assert lean.claims.source_labels is None and lean.claims.item_labels is None
    assert lean.items.to_pylist() == ["x", "y"] and lean.sources.to_pylist() == ["a", "b", "c"]
    assert lean.claims.value_labels.tolist() == full.claims.value_labels.tolist()
