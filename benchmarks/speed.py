"""Truth discovery: speed and memory of every veracity method beside crowd-kit and truthdiscovery.

One command (from the repository root):

    python benchmarks/speed.py

It makes synthetic claims (1M and 10M; sources with Zipf-skewed sizes, 2–20 values per item,
known truth), sets up each peer in its own virtualenv under ``benchmarks/.env/`` (crowd-kit with
pandas; ``truthdiscovery`` with ``--no-deps`` plus numpy, scipy, bidict, imageio and a stub for
its unused ``cairo`` import from ``benchmarks/peers/stubs``), then runs every method in a
subprocess of its own (peak RSS = that process's ru_maxrss) with a time and memory cap, and
``veracity fuse`` end to end on CSV files of the same claims. Results go to
``benchmarks/out/speed.json`` and, with ``--markdown``, to stdout as the BENCHMARKS.md section.

Options: ``--sizes 100000,1000000,10000000``; ``--timeout`` seconds per run (600);
``--mem-gb`` address space cap per peer run (8); ``--peer-max-size`` (1000000): peers run up
to this size, and at larger sizes only ``--peer-large`` (crowd-kit MajorityVote and
DawidSkene, truthdiscovery Sums): the session that runs this shares two cores, and the
truthdiscovery Dataset constructor is a Python loop over claims that has to be rebuilt for
each method's process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
ENV = HERE / ".env"
PEERS = HERE / "peers"

VERACITY_METHODS = [
    "majority_vote", "weighted_vote", "truthfinder", "sums", "average_log", "investment",
    "pooled_investment", "two_estimates", "three_estimates", "accu", "accu_copy", "crh",
    "dawid_skene", "dawid_skene_one_coin", "track_record", "veracity",
]  # fmt: skip

# peer name -> (environment, worker, the veracity method it implements)
PEER_RUNS = {
    "crowdkit:MajorityVote": ("crowdkit", "crowdkit_worker.py", "majority_vote"),
    "crowdkit:DawidSkene": ("crowdkit", "crowdkit_worker.py", "dawid_skene"),
    "crowdkit:OneCoinDawidSkene": ("crowdkit", "crowdkit_worker.py", "dawid_skene_one_coin"),
    "truthdiscovery:MajorityVoting": (
        "truthdiscovery",
        "truthdiscovery_worker.py",
        "majority_vote",
    ),
    "truthdiscovery:Sums": ("truthdiscovery", "truthdiscovery_worker.py", "sums"),
    "truthdiscovery:AverageLog": ("truthdiscovery", "truthdiscovery_worker.py", "average_log"),
    "truthdiscovery:Investment": ("truthdiscovery", "truthdiscovery_worker.py", "investment"),
    "truthdiscovery:PooledInvestment": (
        "truthdiscovery",
        "truthdiscovery_worker.py",
        "pooled_investment",
    ),
    "truthdiscovery:TruthFinder": ("truthdiscovery", "truthdiscovery_worker.py", "truthfinder"),
    "truthdiscovery:CRH": ("truthdiscovery", "truthdiscovery_worker.py", "crh"),
}
PEER_LARGE = "crowdkit:MajorityVote,crowdkit:DawidSkene,truthdiscovery:Sums"
# crowd-kit's one-coin model applies its skills row by row in Python: 103 s on 100k claims in a
# trial run, so it runs only on the smallest size
PEER_MAX_SIZE = {"crowdkit:OneCoinDawidSkene": 100_000}
FUSE_METHODS = ["majority_vote", "weighted_vote", "sums", "truthfinder"]

PEER_SETUP = {
    "crowdkit": [["crowd-kit", "pandas"]],
    "truthdiscovery": [["--no-deps", "truthdiscovery"], ["numpy", "scipy", "bidict", "imageio"]],
}


# ---- synthetic claims -------------------------------------------------------------------------
def synthesize(n_claims: int, n_sources: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Claims with known truth: Zipf source sizes, 2–20 values per item, accuracies 0.4–0.95.

    Every item has 10 claims on average; a source claims an item at most once; value labels are
    shared across items ("v0".."v19"), so label-set methods (crowd-kit) can run.
    """
    rng = np.random.default_rng(seed)
    n_items = n_claims // 10
    k = rng.integers(2, 21, n_items)
    truth = rng.integers(0, k)
    p = 1.0 / np.arange(1, n_sources + 1) ** 1.1
    p /= p.sum()
    src = np.empty(0, dtype=np.int64)
    itm = np.empty(0, dtype=np.int64)
    while src.size < n_claims:  # draw, drop repeated (source, item) pairs, top up
        m = int((n_claims - src.size) * 1.3) + 1000
        src = np.concatenate([src, rng.choice(n_sources, m, p=p)])
        itm = np.concatenate([itm, rng.integers(0, n_items, m)])
        _, first = np.unique(src * n_items + itm, return_index=True)
        keep = np.sort(first)
        src, itm = src[keep], itm[keep]
    src, itm = src[:n_claims], itm[:n_claims]
    acc = rng.uniform(0.4, 0.95, n_sources)
    right = rng.random(n_claims) < acc[src]
    wrong = (truth[itm] + rng.integers(1, k[itm])) % k[itm]
    label = np.where(right, truth[itm], wrong)
    # relabel sources and items densely in order of first appearance, as a file would
    _, s_first, s_inv = np.unique(src, return_index=True, return_inverse=True)
    s_rank = np.argsort(np.argsort(s_first))
    _, i_first, i_inv = np.unique(itm, return_index=True, return_inverse=True)
    i_order = np.argsort(i_first)
    i_rank = np.argsort(i_order)
    return {
        "source": s_rank[s_inv].astype(np.int32),
        "item": i_rank[i_inv].astype(np.int32),
        "label": label.astype(np.int32),
        "truth": truth[np.unique(itm)][i_order].astype(np.int32),
    }


def write_csv(d: dict[str, np.ndarray], path: Path) -> None:
    """The same claims as a source,item,value CSV (labels s<code>, item<code>, v<label>)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    def prefixed(prefix: str, codes: np.ndarray) -> pa.Array:
        return pc.binary_join_element_wise(prefix, pc.cast(pa.array(codes), pa.string()), "")

    table = pa.table(
        {
            "source": prefixed("s", d["source"]),
            "item": prefixed("item", d["item"]),
            "value": prefixed("v", d["label"]),
        }
    )
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))


# ---- environments -----------------------------------------------------------------------------
def ensure_env(name: str) -> Path:
    py = ENV / name / "bin" / "python"
    if py.exists():
        return py
    subprocess.run([sys.executable, "-m", "venv", str(ENV / name)], check=True)
    for args in PEER_SETUP[name]:
        subprocess.run([str(py), "-m", "pip", "install", "-q", *args], check=True)
    return py


def package_version(py: Path, dist: str) -> str:
    out = subprocess.run(
        [str(py), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


# ---- running one measured process -------------------------------------------------------------
def run_measured(cmd: list[str], timeout: float, mem_gb: float | None, env: dict | None = None):
    """Run cmd; return (returncode or 'timeout', stdout, stderr, wall seconds, peak RSS MB)."""

    def limit() -> None:
        if mem_gb:
            cap = int(mem_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=limit,
        cwd=ROOT,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | str = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        code = "timeout"
    wall = time.perf_counter() - start
    # the child's own peak RSS: largest of the children reaped so far is not per-child, so
    # workers report theirs; for the CLI we read /usr/bin/time's figure instead
    return code, out, err, wall


def worker_result(code, out: str, err: str, wall: float) -> dict:
    if code == "timeout":
        return {"status": "timeout", "wall_s": wall}
    if code != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        status = "out of memory" if "MemoryError" in err or "Cannot allocate" in err else "failed"
        return {"status": status, "error": last[:200], "wall_s": wall}
    line = [x for x in out.splitlines() if x.startswith("{")][-1]
    res = json.loads(line)
    res.update(status="ok", wall_s=wall)
    return res


def run_fuse(csv_path: Path, method: str, timeout: float) -> dict:
    """``veracity fuse`` end to end under /usr/bin/time: wall time, peak RSS, its own timings."""
    out_csv = OUT / f"truth-{method}.csv"
    veracity = Path(sys.executable).parent / "veracity"
    cmd = ["/usr/bin/time", "-f", "MAXRSS_KB=%M", str(veracity), "fuse", str(csv_path),
           "--method", method, "--out", str(out_csv)]  # fmt: skip
    code, out, err, wall = run_measured(cmd, timeout, None)
    if code != 0:
        return {"status": "timeout" if code == "timeout" else "failed", "error": err[-300:]}
    rss = int(re.search(r"MAXRSS_KB=(\d+)", err).group(1)) / 1024
    parts = dict(re.findall(r"(read|fit|write) ([\d.]+)s", err))
    inproc = sum(float(v) for v in parts.values())
    # the same command without the work: interpreter start-up and importing the CLI
    t0 = time.perf_counter()
    subprocess.run([str(veracity), "--version"], capture_output=True, check=True)
    startup = time.perf_counter() - t0
    return {
        "status": "ok", "wall_s": wall, "peak_rss_mb": rss, "read_s": float(parts["read"]),
        "fit_s": float(parts["fit"]), "write_s": float(parts["write"]), "in_process_s": inproc,
        "startup_s": startup,
    }  # fmt: skip


# ---- the run ----------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--mem-gb", type=float, default=8)
    ap.add_argument("--peer-max-size", type=int, default=1_000_000)
    ap.add_argument("--peer-large", default=PEER_LARGE)
    ap.add_argument("--methods", default=",".join(VERACITY_METHODS))
    ap.add_argument("--peers", default=",".join(PEER_RUNS))
    ap.add_argument("--markdown", action="store_true", help="print the BENCHMARKS.md section")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    methods = [m for m in args.methods.split(",") if m]
    peers = [p for p in args.peers.split(",") if p]
    envs = {name: ensure_env(name) for name in {PEER_RUNS[p][0] for p in peers}}
    results: dict = {
        "machine": machine(), "command": "python " + " ".join(sys.argv),
        "versions": {
            "crowd-kit": package_version(envs["crowdkit"], "crowd-kit") if "crowdkit" in envs
            else None,
            "truthdiscovery": package_version(envs["truthdiscovery"], "truthdiscovery")
            if "truthdiscovery" in envs else None,
        },
        "sizes": {},
    }  # fmt: skip
    peer_env = dict(os.environ, PYTHONPATH=str(PEERS / "stubs"))
    failed_peers: set[str] = set()
    for n in sizes:
        n_sources = 10_000 if n <= 1_000_000 else 100_000
        data_path = OUT / f"claims-{n}.npz"
        d = synthesize(n, n_sources)
        np.savez(data_path, **d)
        size_res = {
            "n_claims": int(d["source"].size),
            "n_sources": int(d["source"].max()) + 1,
            "n_items": int(d["item"].max()) + 1,
            "veracity": {}, "peers": {}, "fuse": {},
        }  # fmt: skip
        results["sizes"][str(n)] = size_res
        print(f"== {n:,} claims", file=sys.stderr, flush=True)
        for m in methods:
            cmd = [sys.executable, str(PEERS / "veracity_worker.py"), m, str(data_path)]
            res = worker_result(*run_measured(cmd, args.timeout, None))
            size_res["veracity"][m] = res
            print(f"  veracity {m}: {short(res)}", file=sys.stderr, flush=True)
        for p in peers:
            env_name, worker, _ = PEER_RUNS[p]
            if n > PEER_MAX_SIZE.get(p, n) or (
                n > args.peer_max_size and p not in args.peer_large.split(",")
            ):
                size_res["peers"][p] = {"status": "not run at this size"}
                continue
            if p in failed_peers:
                size_res["peers"][p] = {"status": "not run: failed at a smaller size"}
                continue
            cmd = [str(envs[env_name]), str(PEERS / worker), p.split(":")[1], str(data_path)]
            res = worker_result(*run_measured(cmd, args.timeout, args.mem_gb, peer_env))
            if res["status"] != "ok":
                failed_peers.add(p)
            size_res["peers"][p] = res
            print(f"  {p}: {short(res)}", file=sys.stderr, flush=True)
        csv_path = OUT / f"claims-{n}.csv"
        write_csv(d, csv_path)
        for m in FUSE_METHODS if n <= 1_000_000 else ["majority_vote", "truthfinder"]:
            res = run_fuse(csv_path, m, args.timeout)
            size_res["fuse"][m] = res
            print(f"  fuse {m}: {short(res)}", file=sys.stderr, flush=True)
        csv_path.unlink()
        (OUT / "speed.json").write_text(json.dumps(results, indent=1))
    if args.markdown:
        print(markdown(results))


def short(res: dict) -> str:
    if res.get("status") != "ok":
        return res.get("status", "?") + " " + res.get("error", "")
    keys = ("load_s", "fit_s", "algo_s", "wall_s", "peak_rss_mb", "accuracy", "iterations")
    return " ".join(f"{k}={res[k]:.3g}" for k in keys if isinstance(res.get(k), float | int))


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()},"
        f" numpy {np.__version__}; shared with other sessions (load average at start"
        f" {os.getloadavg()[0]:.1f}), so timings are noisy"
    )


# ---- the BENCHMARKS.md section -----------------------------------------------------------------
def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def markdown(r: dict) -> str:
    lines = [
        "## Truth discovery: speed and memory",
        "",
        f"Machine: {r['machine']}.",
        f"Command: `{r['command']}` (one run; peers: crowd-kit {r['versions']['crowd-kit']},"
        f" truthdiscovery {r['versions']['truthdiscovery']}, each in its own venv under"
        " benchmarks/.env/).",
        "",
        "Synthetic claims: sources with Zipf(1.1) sizes, 10 claims per item on average, 2–20"
        " values per item, source accuracies 0.4–0.95, value labels shared across items."
        " *fit* is the method alone on integer codes (veracity: `Claims.from_codes` done;"
        " crowd-kit: DataFrame built; truthdiscovery: `Dataset` built, and its own clock around"
        " the algorithm, without turning results into dicts); *load* is building that input."
        " Peak RSS is each run's own process (one process per method). Speed-up fit = fastest"
        " peer's fit (truthdiscovery: its algorithm clock) / veracity's fit; speed-up fit+load"
        " = the same with building each one's input included (what a user waits for)."
        " Accuracy is against the synthetic truth (a sanity check,"
        " not the accuracy benchmark).",
        "",
    ]
    for n, s in r["sizes"].items():
        lines += [
            f"### {int(n):,} claims ({s['n_sources']:,} sources, {s['n_items']:,} items)",
            "",
            "| method | veracity fit s | + load s | peak RSS MB | iterations | accuracy |"
            " fastest peer | peer fit s | + load s | peer RSS MB | speed-up fit | speed-up"
            " fit+load |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for m, v in s["veracity"].items():
            best = None
            for p, pr in s["peers"].items():
                if PEER_RUNS[p][2] != m or pr.get("status") != "ok":
                    continue
                t = pr.get("algo_s", pr["fit_s"])
                if best is None or t < best[1]:
                    best = (p, t, pr)
            tried = [p for p in s["peers"] if PEER_RUNS[p][2] == m]
            if v.get("status") != "ok":
                lines.append(f"| {m} | {v.get('status')} |" + " |" * 10)
                continue
            conv = "" if v.get("converged", True) else " (not converged)"
            row = (
                f"| {m} | {fmt_s(v['fit_s'])} | {fmt_s(v['load_s'])} | {v['peak_rss_mb']:.0f} |"
                f" {v['iterations']}{conv} | {v['accuracy']:.3f} |"
            )
            if best:
                p, t, pr = best
                ours = v["fit_s"] + v["load_s"]
                theirs = pr["fit_s"] + pr["load_s"]
                row += (
                    f" {p} | {fmt_s(t)} | {fmt_s(pr['load_s'])} | {pr['peak_rss_mb']:.0f} |"
                    f" {t / max(v['fit_s'], 1e-9):.1f}× | {theirs / max(ours, 1e-9):.0f}× |"
                )
            elif tried:
                why = "; ".join(f"{p}: {s['peers'][p].get('status')}" for p in tried)
                row += f" {why} | | | | — | — |"
            else:
                row += " (no peer implements it) | | | | — | — |"
            lines.append(row)
        lines += ["", "Every peer run:", "",
                  "| peer | status | fit s | algorithm s | load s | peak RSS MB | accuracy |",
                  "|---|---|---|---|---|---|---|"]  # fmt: skip
        for p, pr in s["peers"].items():
            if pr.get("status") == "ok":
                lines.append(
                    f"| {p} | ok | {fmt_s(pr['fit_s'])} | {fmt_s(pr.get('algo_s'))} |"
                    f" {fmt_s(pr['load_s'])} | {pr['peak_rss_mb']:.0f} | {pr['accuracy']:.3f} |"
                )
            else:
                extra = f" after {pr['wall_s']:.0f} s" if "wall_s" in pr else ""
                err = f" ({pr['error']})" if pr.get("error") else ""
                lines.append(f"| {p} | {pr.get('status')}{extra}{err} | | | | | |")
        lines += ["", "`veracity fuse` end to end on the same claims as a CSV:", "",
                  "| method | command wall s | of which start-up s | read s | fit s | write s |"
                  " peak RSS MB |", "|---|---|---|---|---|---|---|"]  # fmt: skip
        for m, f in s["fuse"].items():
            if f.get("status") != "ok":
                lines.append(f"| {m} | {f.get('status')} | | | | | |")
                continue
            lines.append(
                f"| {m} | {fmt_s(f['wall_s'])} | {fmt_s(f['startup_s'])} | {fmt_s(f['read_s'])} |"
                f" {fmt_s(f['fit_s'])} | {fmt_s(f['write_s'])} | {f['peak_rss_mb']:.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
