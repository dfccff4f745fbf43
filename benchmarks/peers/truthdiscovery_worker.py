"""Run one ``truthdiscovery`` algorithm on the synthetic claims (in benchmarks/.env/truthdiscovery).

    python truthdiscovery_worker.py ALGORITHM DATA.npz
    ALGORITHM: MajorityVoting | Sums | AverageLog | Investment | PooledInvestment
               | TruthFinder | CRH

``stubs/`` (a stand-in for the unused pycairo import) must be on PYTHONPATH.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import truthdiscovery as td  # noqa: E402
from _common import Timer, load, report  # noqa: E402


def main() -> None:
    method, path = sys.argv[1], sys.argv[2]
    d = load(path)
    src, item, label = d["source"].tolist(), d["item"].tolist(), d["label"].tolist()
    with Timer() as t_load:
        data = td.Dataset(zip(src, item, label, strict=True))
    with Timer() as t_fit:
        result = getattr(td, method)().run(data)
    truth = d["truth"]
    got = np.full(truth.size, -1)
    for var, beliefs in result.belief.items():
        got[var] = max(beliefs, key=beliefs.get)
    # result.time_taken is truthdiscovery's own clock around the algorithm alone, without
    # turning its arrays into result dicts (a Python loop that fit_s includes)
    report(
        load_s=t_load.seconds,
        fit_s=t_fit.seconds,
        algo_s=float(result.time_taken),
        accuracy=float(np.mean(got == truth)),
        iterations=int(result.iterations or 1),
    )


if __name__ == "__main__":
    main()
