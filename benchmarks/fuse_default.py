"""`veracity fuse` with the default method, end to end, beside crowd-kit's CSV read + Dawid–Skene.

    nice -n 10 python benchmarks/fuse_default.py --sizes 1000000,10000000 --crowdkit-max 1000000
    python benchmarks/fuse_default.py --sizes 1000000 --repeat 3   # three interleaved rounds
    python benchmarks/fuse_default.py --baseline-src /tmp/old/src   # beside an older commit

For each size: the synthetic claims of ``benchmarks/speed.py`` (Zipf source sizes, 10 claims per
item, 2–20 values per item, accuracies 0.4–0.95) written as a CSV; then, each in its own process
under ``/usr/bin/time`` (wall time and peak RSS of the process):

- ``veracity fuse CLAIMS.csv --method M`` for each of ``--methods`` (default: the default
  model, and majority vote): read, fit, write the truth CSV;
- crowd-kit (the venv's, or ``benchmarks/.env/crowdkit``): ``pandas.read_csv`` of the same file,
  then ``DawidSkene(n_iter=100).fit(df)`` (crowd-kit's defaults: tol 1e-5), and
  ``MajorityVote().fit(df)``.

Accuracy is against the synthetic truth. Each row carries the 1-minute load average before and
after it: on a shared machine read the ratio of runs made side by side, not the seconds.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from speed import synthesize, write_csv  # noqa: E402

CROWDKIT = """
import sys, time, json
import numpy as np, pandas as pd
from crowdkit.aggregation import DawidSkene, MajorityVote
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1]).rename(columns={"source": "worker", "item": "task", "value": "label"})
t1 = time.perf_counter()
model = DawidSkene(n_iter=100) if sys.argv[3] == "DawidSkene" else MajorityVote()
labels = model.fit(df).labels_
t2 = time.perf_counter()
truth = pd.read_csv(sys.argv[2], dtype=str).set_index("item")["value"]
acc = float((labels.reindex(truth.index) == truth).mean())
print(json.dumps({"read_s": t1 - t0, "fit_s": t2 - t1, "accuracy": acc}))
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, str]:
    """Wall seconds, peak RSS MB, stdout, stderr of ``cmd`` under /usr/bin/time (stderr ends
    with a CPU= line: user + system seconds of all its threads, less load-sensitive than wall)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "MAXRSS_KB=%M CPU=%U+%S", *cmd],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr[-500:]}")
    rss = int(re.findall(r"MAXRSS_KB=(\d+)", proc.stderr)[-1]) / 1024
    return wall, rss, proc.stdout, proc.stderr


def cpu_seconds(err: str) -> float:
    user, system = re.findall(r"CPU=([\d.]+)\+([\d.]+)", err)[-1]
    return float(user) + float(system)


def load() -> float:
    return round(os.getloadavg()[0], 1)


def make_data(n: int, folder: Path) -> tuple[Path, Path]:
    """The claims CSV and the gold CSV of size ``n`` in ``folder`` (made once, reused)."""
    csv, gold = folder / f"claims-{n}.csv", folder / f"gold-{n}.csv"
    if csv.exists() and gold.exists():
        return csv, gold
    d = synthesize(n, max(n // 100, 10))
    write_csv(d, csv)
    with gold.open("w") as f:
        f.write("item,value\n")
        f.writelines(f"item{i},v{t}\n" for i, t in enumerate(d["truth"].tolist()))
    return csv, gold


def accuracy_of(out: Path, gold: Path) -> float:
    import pyarrow.csv as pacsv

    got = pacsv.read_csv(out).to_pandas().astype(str).set_index("item")["value"]
    want = pacsv.read_csv(gold).to_pandas().astype(str).set_index("item")["value"]
    return float((got.reindex(want.index) == want).mean())


def run_veracity(
    method: str, csv: Path, gold: Path, tmp: Path, n: int, src: Path | None = None
) -> dict:
    """``veracity fuse`` with ``method``; with ``src``, the veracity package found there (an
    older checkout's ``src``: the same command, the code before a change)."""
    veracity = Path(sys.executable).parent / "veracity"
    out = tmp / "truth.csv"
    env = None if src is None else dict(os.environ, PYTHONPATH=str(src))
    before = load()
    wall, rss, _, err = timed([str(veracity), "fuse", str(csv), "--method", method, "--out",
                               str(out)], env=env)  # fmt: skip
    cpu = cpu_seconds(err)
    parts = dict(re.findall(r"(read|fit|write) ([\d.]+)s", err))
    return {
        "claims": n,
        "method": f"veracity fuse --method {method}" + (f" ({src})" if src else ""),
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": rss,
        "read_s": float(parts.get("read", "nan")),
        "fit_s": float(parts.get("fit", "nan")),
        "accuracy": accuracy_of(out, gold),
        "load": f"{before}-{load()}",
    }


def run_crowdkit(model: str, csv: Path, gold: Path, n: int) -> dict:
    crowdkit_py = HERE / ".env" / "crowdkit" / "bin" / "python"
    if not crowdkit_py.exists():
        crowdkit_py = Path(sys.executable)
    before = load()
    wall, rss, out_s, err = timed([str(crowdkit_py), "-c", CROWDKIT, str(csv), str(gold), model])
    row = json.loads(out_s.strip().splitlines()[-1])
    row.update(claims=n, method=f"crowd-kit read_csv + {model}", wall_s=wall, peak_rss_mb=rss)
    row["cpu_s"] = cpu_seconds(err)
    row["load"] = f"{before}-{load()}"
    return row


def markdown(results: list[dict]) -> str:
    lines = [
        "| claims | round | run | wall s | CPU s | read s | fit s | peak RSS MB | accuracy "
        "| load |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['claims']:,} | {r.get('rep', 1)} | {r['method']} | {r['wall_s']:.1f} | "
            f"{r.get('cpu_s', 0):.1f} | "
            f"{r['read_s']:.2f} | {r['fit_s']:.2f} | {r['peak_rss_mb']:,.0f} | "
            f"{r['accuracy']:.3f} | {r['load']} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--crowdkit-max", type=int, default=1_000_000)
    ap.add_argument("--methods", default="veracity,majority_vote", help="veracity fuse methods")
    ap.add_argument("--peers", default="DawidSkene,MajorityVote", help="crowd-kit models")
    ap.add_argument("--data", type=Path, default=None, help="keep the CSVs here, reuse them")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument(
        "--repeat", type=int, default=1, help="run every command this many times, interleaved"
    )
    ap.add_argument(
        "--baseline-src",
        type=Path,
        default=None,
        help="also run the default from this src folder (e.g. an older commit's, made with "
        "`git archive COMMIT src | tar -x -C DIR`), before the current one",
    )
    args = ap.parse_args()
    results = []
    print(f"load average at start: {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = args.data or tmp
        folder.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            csv, gold = make_data(n, folder)
            for rep in range(1, args.repeat + 1):  # interleaved: each round sees the same load
                if args.baseline_src is not None:
                    base = run_veracity("veracity", csv, gold, tmp, n, args.baseline_src)
                    results.append(base | {"rep": rep})
                    print(json.dumps(results[-1]), flush=True)
                for method in [m for m in args.methods.split(",") if m]:
                    results.append(run_veracity(method, csv, gold, tmp, n) | {"rep": rep})
                    print(json.dumps(results[-1]), flush=True)
                if n <= args.crowdkit_max:
                    for model in [m for m in args.peers.split(",") if m]:
                        results.append(run_crowdkit(model, csv, gold, n) | {"rep": rep})
                        print(json.dumps(results[-1]), flush=True)
    print(f"load average at end: {os.getloadavg()}")
    for n in sorted({r["claims"] for r in results}):
        for rep in range(1, args.repeat + 1):
            ours = [r for r in results if r["claims"] == n and r["rep"] == rep
                    and r["method"].endswith(" veracity")]  # fmt: skip
            peer = [r for r in results if r["claims"] == n and r["rep"] == rep
                    and r["method"].endswith("DawidSkene")]  # fmt: skip
            if ours and peer:
                print(f"{n:,} claims, round {rep}: crowd-kit read+DawidSkene / veracity fuse: "
                      f"wall {peer[0]['wall_s'] / ours[0]['wall_s']:.1f}x, CPU "
                      f"{peer[0]['cpu_s'] / ours[0]['cpu_s']:.1f}x")  # fmt: skip
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
