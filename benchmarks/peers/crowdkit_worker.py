"""Run one crowd-kit aggregator on the synthetic claims (in benchmarks/.env/crowdkit).

python crowdkit_worker.py METHOD DATA.npz     METHOD: MajorityVote | DawidSkene | OneCoinDawidSkene
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import Timer, load, report  # noqa: E402
from crowdkit import aggregation  # noqa: E402


def main() -> None:
    method, path = sys.argv[1], sys.argv[2]
    d = load(path)
    with Timer() as t_load:
        # crowd-kit's long table: task, worker, label (labels shared by all tasks)
        df = pd.DataFrame({"task": d["item"], "worker": d["source"], "label": d["label"]})
    with Timer() as t_fit:
        model = getattr(aggregation, method)()
        labels = model.fit_predict(df)
    truth = d["truth"]
    got = labels.reindex(np.arange(truth.size)).to_numpy()
    accuracy = float(np.mean(got == truth))
    report(
        load_s=t_load.seconds,
        fit_s=t_fit.seconds,
        accuracy=accuracy,
        iterations=len(getattr(model, "loss_history_", [])) or 1,
    )


if __name__ == "__main__":
    main()
