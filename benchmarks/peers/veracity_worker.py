"""Run one veracity method on the synthetic claims (in the project's own environment).

python veracity_worker.py METHOD DATA.npz
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
from _common import Timer, load, report  # noqa: E402

from veracity.fusion.claims import Claims  # noqa: E402
from veracity.fusion.registry import get_method  # noqa: E402


def main() -> None:
    method, path = sys.argv[1], sys.argv[2]
    d = load(path)
    with Timer() as t_load:
        claims = Claims.from_codes(d["source"], d["item"], d["label"])
    with Timer() as t_fit:
        model = get_method(method)().fit(claims)
    got = claims.value_label_codes[model.truth_]
    report(
        load_s=t_load.seconds,
        fit_s=t_fit.seconds,
        accuracy=float(np.mean(got == d["truth"])),
        iterations=int(model.iterations_),
        converged=bool(model.converged_),
        mode=getattr(model, "mode_", None),
    )


if __name__ == "__main__":
    main()
