"""``track_record`` on many sources and one item (issue #14's audit: 100k sources x 1 item).

    python benchmarks/track_record_wide.py --sources 100000 --values 2

One item, each source stating one of ``--values`` values, with a random resolved track record
(0-9 right, 0-9 wrong) per source; the fit is timed in process and the peak RSS is the process's
``ru_maxrss``. What it checks: the reliability draws behind ``probability_interval_`` stay
bounded by the number of sources (they were 2,000 samples x every source: 6 GB at 100k).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np

from veracity.fusion.claims import Claims
from veracity.fusion.registry import get_method


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=100_000)
    ap.add_argument("--values", type=int, default=2)
    ap.add_argument("--method", default="track_record")
    args = ap.parse_args()
    n, k = args.sources, args.values
    rng = np.random.default_rng(0)
    labels = np.array([f"v{i}" for i in range(k)], dtype=object)
    c = Claims.from_codes(
        np.arange(n), np.zeros(n, np.int64), rng.integers(0, k, n), value_labels=labels
    ).with_columns(
        prior_correct=rng.integers(0, 10, n).astype(float),
        prior_incorrect=rng.integers(0, 10, n).astype(float),
    )
    load = os.getloadavg()[0]
    t = time.perf_counter()
    get_method(args.method)().fit(c)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.method}: {n:,} sources x 1 item, {k} values: fit {wall:.2f} s, "
        f"peak RSS {peak:,.0f} MB (load {load:.1f} -> {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
