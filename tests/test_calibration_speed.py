"""The temperature fit's shared-work log-likelihoods equal the per-temperature definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.fusion.calibration import (
    TEMPERATURE_GRID,
    predictive_log_likelihood,
    predictive_log_likelihoods,
)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), claims=st.integers(1, 60), spread=st.floats(0.1, 60.0))
def test_all_temperatures_at_once_equal_one_at_a_time(
    seed: int, claims: int, spread: float
) -> None:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 7, claims)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    scores = rng.normal(0.0, spread, sizes.sum())
    lik = rng.random(sizes.sum())
    lik[rng.random(lik.size) < 0.1] = 0.0  # a likelihood of zero is floored, in both
    got = predictive_log_likelihoods(scores, lik, starts, TEMPERATURE_GRID)
    want = [predictive_log_likelihood(scores, lik, starts, t) for t in TEMPERATURE_GRID]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-9)


def test_no_claims_give_zeros() -> None:
    empty = np.zeros(0)
    got = predictive_log_likelihoods(empty, empty, np.zeros(0, np.int64), TEMPERATURE_GRID)
    assert got.shape == TEMPERATURE_GRID.shape and not got.any()
