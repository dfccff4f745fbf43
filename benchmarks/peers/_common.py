"""What every benchmark worker shares: load the synthetic claims, report one JSON line.

Workers run in their own interpreter (one per method) so that peak RSS is the method's own.
This file uses only numpy and the standard library: the peers' environments import it too.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np


def load(path: str) -> dict[str, np.ndarray]:
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def report(**fields: object) -> None:
    fields["peak_rss_mb"] = round(peak_rss_mb(), 1)
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
