"""`veracity fuse` with the default method, end to end, beside crowd-kit's CSV read + Dawid–Skene.

    nice -n 10 python benchmarks/fuse_default.py --sizes 1000000,10000000 --crowdkit-max 1000000

For each size: the synthetic claims of ``benchmarks/speed.py`` (Zipf source sizes, 10 claims per
item, 2–20 values per item, accuracies 0.4–0.95) written as a CSV; then, each in its own process
under ``/usr/bin/time`` (wall time and peak RSS of the process):

- ``veracity fuse CLAIMS.csv`` (the default method: read, fit, write the truth CSV);
- crowd-kit (the venv's, or ``benchmarks/.env/crowdkit``): ``pandas.read_csv`` of the same file,
  then ``DawidSkene(n_iter=100).fit(df)`` (crowd-kit's defaults: tol 1e-5).

Accuracy is against the synthetic truth. The load average is printed before and after: on a
shared machine read the ratio of the two, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from speed import synthesize, write_csv  # noqa: E402

CROWDKIT = """
import sys, time, json
import numpy as np, pandas as pd
from crowdkit.aggregation import DawidSkene
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1]).rename(columns={"source": "worker", "item": "task", "value": "label"})
t1 = time.perf_counter()
labels = DawidSkene(n_iter=100).fit(df).labels_
t2 = time.perf_counter()
truth = pd.read_csv(sys.argv[2], dtype=str).set_index("item")["value"]
acc = float((labels.reindex(truth.index) == truth).mean())
print(json.dumps({"read_s": t1 - t0, "fit_s": t2 - t1, "accuracy": acc}))
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, str]:
    """Wall seconds, peak RSS MB, stdout, stderr of ``cmd`` under /usr/bin/time."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "MAXRSS_KB=%M", *cmd], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr[-500:]}")
    rss = int(re.findall(r"MAXRSS_KB=(\d+)", proc.stderr)[-1]) / 1024
    return wall, rss, proc.stdout, proc.stderr


def load() -> str:
    return os.getloadavg().__repr__()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--crowdkit-max", type=int, default=1_000_000)
    ap.add_argument("--method", default="veracity")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    veracity = Path(sys.executable).parent / "veracity"
    crowdkit_py = HERE / ".env" / "crowdkit" / "bin" / "python"
    if not crowdkit_py.exists():
        crowdkit_py = Path(sys.executable)
    results = []
    print(f"load average at start: {load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            d = synthesize(n, max(n // 100, 10))
            csv = Path(tmp) / f"claims-{n}.csv"
            write_csv(d, csv)
            gold = Path(tmp) / f"gold-{n}.csv"
            first = np.unique(d["item"], return_index=True)[1]
            with gold.open("w") as f:
                f.write("item,value\n")
                for i in range(d["truth"].size):
                    f.write(f"item{i},v{d['truth'][i]}\n")
            del first
            out = Path(tmp) / "truth.csv"
            wall, rss, _, err = timed(
                [str(veracity), "fuse", str(csv), "--method", args.method, "--out", str(out)]
            )
            parts = dict(re.findall(r"(read|fit|write) ([\d.]+)s", err))
            import pyarrow.csv as pacsv

            got = pacsv.read_csv(out).to_pandas().astype(str).set_index("item")["value"]
            want = pacsv.read_csv(gold).to_pandas().astype(str).set_index("item")["value"]
            acc = float((got.reindex(want.index) == want).mean())
            row = {
                "claims": n,
                "method": args.method,
                "wall_s": wall,
                "peak_rss_mb": rss,
                "read_s": float(parts.get("read", "nan")),
                "fit_s": float(parts.get("fit", "nan")),
                "accuracy": acc,
                "load": load(),
            }
            print(json.dumps(row), flush=True)
            results.append(row)
            if n <= args.crowdkit_max:
                wall, rss, out_s, _ = timed([str(crowdkit_py), "-c", CROWDKIT, str(csv), str(gold)])
                ck = json.loads(out_s.strip().splitlines()[-1])
                ck.update(claims=n, method="crowdkit:DawidSkene", wall_s=wall, peak_rss_mb=rss)
                ck["load"] = load()
                print(json.dumps(ck), flush=True)
                results.append(ck)
    print(f"load average at end: {load()}")
    for n in sorted({r["claims"] for r in results}):
        ours = [r for r in results if r["claims"] == n and r["method"] == args.method]
        peer = [r for r in results if r["claims"] == n and r["method"].startswith("crowdkit")]
        if ours and peer:
            print(f"{n:,} claims: crowd-kit wall / veracity wall = "
                  f"{peer[0]['wall_s'] / ours[0]['wall_s']:.1f}x")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
