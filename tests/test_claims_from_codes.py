"""Claims.from_codes numbers (item, value label) pairs without sorting every key: the dense
ranking gives exactly what ``np.unique`` gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.fusion.claims import Claims, _dense_unique


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 300), max_size=200),
    st.integers(0, 400),
)
def test_dense_unique_is_numpy_unique(keys: list[int], slack: int) -> None:
    key = np.array(keys, dtype=np.int64)
    bound = (int(key.max()) + 1 if key.size else 1) + slack
    got_keys, got_inverse = _dense_unique(key, bound)
    want_keys, want_inverse = np.unique(key, return_inverse=True)
    np.testing.assert_array_equal(got_keys, want_keys)
    np.testing.assert_array_equal(got_inverse, want_inverse.reshape(-1))
    bad = np.r_[key, -1]  # out of range: falls back to sorting, same answer
    np.testing.assert_array_equal(_dense_unique(bad, bound)[0], np.unique(bad))


def test_from_codes_numbers_values_item_by_item() -> None:
    c = Claims.from_codes(
        np.array([0, 1, 2, 0]),
        np.array([1, 0, 1, 0]),
        np.array([2, 0, 1, 0]),
        value_labels=np.array(["a", "b", "c"], dtype=object),
    )
    assert c.value_item.tolist() == [0, 1, 1]
    assert c.value_labels[c.value].tolist() == ["c", "a", "b", "a"]
