"""veracity.fusion.distributions gives exactly what scipy.stats gives (it replaced it to cut
``veracity fuse``'s start-up), and the fuse command's path never imports scipy.stats."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from veracity.fusion.distributions import beta_ppf, normal_ppf, poisson_sf

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)
quantile = st.floats(min_value=1e-9, max_value=1 - 1e-9)


@settings(max_examples=200, deadline=None)
@given(q=quantile, a=positive, b=positive)
def test_beta_ppf_is_scipy_stats(q: float, a: float, b: float) -> None:
    assert float(beta_ppf(q, a, b)) == float(stats.beta.ppf(q, a, b))


@settings(max_examples=200, deadline=None)
@given(k=st.integers(min_value=0, max_value=10_000), mu=st.floats(min_value=1e-12, max_value=1e4))
def test_poisson_sf_is_scipy_stats(k: int, mu: float) -> None:
    assert float(poisson_sf(k, mu)) == float(stats.poisson.sf(k, mu))


@settings(max_examples=200, deadline=None)
@given(q=quantile)
def test_normal_ppf_is_scipy_stats(q: float) -> None:
    assert float(normal_ppf(q)) == float(stats.norm.ppf(q))


def test_arrays_too() -> None:
    a, b = np.array([0.5, 3.0, 40.0]), np.array([2.0, 3.0, 1.0])
    np.testing.assert_array_equal(beta_ppf(0.05, a, b), stats.beta.ppf(0.05, a, b))


def test_fuse_path_does_not_import_scipy_stats() -> None:
    code = (
        "import sys\n"
        "import veracity.cli.fuse, veracity.ingest.claims_csv, veracity.fusion.registry as r\n"
        "r.get_method('veracity'); r.get_method('track_record')\n"
        "import veracity.fusion.default\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
