"""``veracity fuse``: the in-memory backend beside the Dask backend, and Dask out of core.

One command (from the repository root):

    python benchmarks/dask_fuse.py --claims 10000000 --big 50000000 --cap-gb 3

1. **Same claims, both backends.** ``--claims`` synthetic claims (``benchmarks/speed.py``'s
   generator: Zipf source sizes, 2-20 values per item, 10 claims per item) as a CSV for the
   in-memory backend (its input format) and as Parquet files for the Dask backend; each run is
   ``veracity fuse`` in a process of its own, timed (wall) with its peak RSS from
   ``/usr/bin/time``. The two truth files are compared (largest probability difference, share
   of items with the same chosen value).
2. **Out of core.** ``--big`` claims as Parquet (chunks of 10M claims from the same generator,
   disjoint items), fitted under an address-space cap of ``--cap-gb`` (``RLIMIT_AS``): by the
   in-memory estimator (reading the same Parquet files into integer codes with pyarrow) and
   by the Dask backend with the threads scheduler.

Results go to ``benchmarks/out/dask_fuse.json`` (``--json``) and, with ``--markdown``, to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from speed import machine, synthesize, write_csv  # noqa: E402

OUT = HERE / "out"
DATA = OUT / "dask_fuse"
CHUNK = 10_000_000
N_SOURCES = 100_000


# ---- data -------------------------------------------------------------------------------------
def write_parquet_chunks(
    n: int, folder: Path, files_per_chunk: int = 5, distinct: int | None = None
) -> Path:
    """``n`` claims as Parquet files in ``folder`` (made once, reused; chunks already written
    are kept). With ``distinct``, only the first ``distinct`` chunks are drawn; chunk k is then
    chunk k mod ``distinct``'s claims on renamed items (``c{k}-item...``): the same sources,
    new items, so the claims stay distinct and item-partitioned alike, for a fraction of the
    generation time (the generator is most of a 100M run's time on a shared machine)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    done = folder / "DONE"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for k, start in enumerate(range(0, n, CHUNK)):
        paths = [folder / f"part-{k:03d}-{j}.parquet" for j in range(files_per_chunk)]
        if all(path.exists() for path in paths):
            continue
        prefix = f"c{k}-item" if n > CHUNK else "item"
        if distinct and k >= distinct:
            src = k % distinct
            for j, path in enumerate(paths):
                t = pq.read_table(folder / f"part-{src:03d}-{j}.parquet")
                item = pc.replace_substring(
                    t.column("item"), f"c{src}-item", prefix, max_replacements=1
                )
                pq.write_table(t.set_column(1, "item", item), path)
            print(f"  wrote chunk {k} (chunk {src} on renamed items)", file=sys.stderr, flush=True)
            continue
        d = synthesize(min(CHUNK, n - start), N_SOURCES, seed=k)

        def prefixed(p: str, codes: np.ndarray) -> pa.Array:
            return pc.binary_join_element_wise(p, pc.cast(pa.array(codes), pa.string()), "")

        table = pa.table(
            {
                "source": prefixed("s", d["source"]),
                "item": prefixed(prefix, d["item"]),
                "value": prefixed("v", d["label"]),
            }
        )
        del d
        step = -(-table.num_rows // files_per_chunk)
        for j, path in enumerate(paths):
            pq.write_table(table.slice(j * step, step), path)
        print(f"  wrote chunk {k} ({table.num_rows:,} claims)", file=sys.stderr, flush=True)
    done.write_text("")
    return folder


def write_claims_csv(n: int, path: Path) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_csv(synthesize(n, N_SOURCES, seed=0), path)
    return path


# ---- measured runs ----------------------------------------------------------------------------
def measured(cmd: list[str], cap_gb: float | None = None, timeout: float = 3600) -> dict:
    """Run ``cmd`` under /usr/bin/time (and an address-space cap): status, wall, peak RSS."""

    def limit() -> None:
        if cap_gb:
            cap = int(cap_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = dict(os.environ, MALLOC_ARENA_MAX="2")
    t0 = time.perf_counter()
    # A session of its own, so a timeout ends /usr/bin/time *and* the veracity process under it
    # (killing only /usr/bin/time left the fit running for hours).
    p = subprocess.Popen(
        ["/usr/bin/time", "-f", "MAXRSS_KB=%M CPU=%U+%S", *cmd],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
        start_new_session=True,
        env=env,
    )
    try:
        _, stderr = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return {"status": "timeout", "wall_s": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    m = re.search(r"MAXRSS_KB=(\d+)", stderr)
    cpu = re.search(r"CPU=([\d.]+)\+([\d.]+)", stderr)
    res = {
        "status": "ok" if p.returncode == 0 else "failed",
        "wall_s": wall,
        # user + system seconds of all the process's threads (both Dask workers)
        "cpu_s": float(cpu.group(1)) + float(cpu.group(2)) if cpu else None,
        "peak_rss_mb": int(m.group(1)) / 1024 if m else None,
        "log": [x for x in stderr.splitlines() if "MAXRSS" not in x][-3:],
    }
    if p.returncode != 0 and ("MemoryError" in stderr or "Cannot allocate" in stderr):
        res["status"] = "out of memory"
    return res


def veracity_cmd() -> str:
    return str(Path(sys.executable).parent / "veracity")


def compare(a: Path, b: Path) -> dict:
    """Chosen values and probabilities of two truth files, matched by item."""
    import pandas as pd

    def load(p: Path) -> pd.DataFrame:
        return pd.read_parquet(p) if p.suffix == ".parquet" else pd.read_csv(p, dtype=str)

    x, y = load(a), load(b)
    x["probability"] = x["probability"].astype(float)
    y["probability"] = y["probability"].astype(float)
    m = x.merge(y, on="item", suffixes=("_a", "_b"))
    return {
        "items_a": len(x),
        "items_b": len(y),
        "matched": len(m),
        "same_value": float((m["value_a"] == m["value_b"]).mean()),
        "max_probability_diff": float((m["probability_a"] - m["probability_b"]).abs().max()),
    }


def in_memory_parquet(method: str, folder: str, out: str) -> None:
    """The in-memory estimator on Parquet claims (run in its own process by ``--big``)."""
    import pandas as pd
    import pyarrow.dataset as ds

    from veracity.fusion.claims import Claims
    from veracity.fusion.default import Veracity
    from veracity.fusion.registry import get_method

    t0 = time.perf_counter()
    files = sorted(str(f) for f in Path(folder).glob("*.parquet"))  # the order Dask reads them
    table = ds.dataset(files, format="parquet").to_table()
    cols = {}
    for name in ("source", "item", "value"):
        enc = table.column(name).dictionary_encode().unify_dictionaries()
        table = table.drop_columns([name])
        codes = np.concatenate([c.indices.to_numpy() for c in enc.chunks])
        cols[name] = (codes, enc.chunk(0).dictionary)
    claims = Claims.from_codes(
        cols["source"][0],
        cols["item"][0],
        cols["value"][0],
        n_sources=len(cols["source"][1]),
        n_items=len(cols["item"][1]),
        value_labels=np.asarray(cols["value"][1].to_pylist(), dtype=object),
    )
    t1 = time.perf_counter()
    if method == "veracity_core":  # what the Dask backend's veracity_core computes
        est = Veracity(detect_copies=False, similarity=0.0, family_model="one-coin").fit(claims)
    else:
        est = get_method(method)().fit(claims)
    t2 = time.perf_counter()
    if out != "-":
        items = np.asarray(cols["item"][1].to_pylist(), dtype=object)
        pd.DataFrame(
            {
                "item": items,
                "value": claims.value_labels[est.truth_],
                "probability": est.probabilities_[est.truth_],
            }
        ).to_parquet(out)
    print(
        f"{method}: {claims.n_claims:,} claims; {est.iterations_} iterations; "
        f"read {t1 - t0:.2f}s, fit {t2 - t1:.2f}s",
        file=sys.stderr,
    )


# ---- the run ----------------------------------------------------------------------------------
def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_in_memory_parquet":
        in_memory_parquet(*sys.argv[2:5])
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--markdown-from":  # a saved run, as a table
        print(markdown(json.loads((OUT / sys.argv[2]).read_text())))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=10_000_000)
    ap.add_argument("--methods", default="majority_vote,sums,dawid_skene_one_coin")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--big", type=int, default=0, help="claims for the out-of-core run (0: none)")
    ap.add_argument("--big-method", default="majority_vote")
    ap.add_argument("--big-partitions", type=int, default=50)
    ap.add_argument("--cap-gb", type=float, default=3.0)
    ap.add_argument(
        "--big-distinct",
        type=int,
        default=None,
        help="draw only this many 10M-claim chunks; the others repeat them on new items",
    )
    ap.add_argument(
        "--big-skip-memory",
        action="store_true",
        help="do not try the in-memory estimator on the --big claims",
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="where the generated claims and outputs go (made once, reused)",
    )
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a run is stopped")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", default="dask_fuse.json", help="results file in benchmarks/out/")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    results: dict = {"machine": machine(), "command": "python " + " ".join(sys.argv), "runs": []}
    methods = [m for m in args.methods.split(",") if m]
    n = args.claims
    data = args.data
    results["load_at_start"] = os.getloadavg()
    if methods:
        print(f"== {n:,} claims: data", file=sys.stderr, flush=True)
        csv_path = write_claims_csv(n, data / f"claims-{n}.csv")
        pq_dir = write_parquet_chunks(n, data / f"claims-{n}")
        glob = str(pq_dir / "*.parquet")
        for m in methods:
            mem_out, dask_out = data / f"truth-{m}-memory.csv", data / f"truth-{m}-dask.parquet"
            if m == "veracity_core":  # not a registry name: the in-memory model configured so
                mem_out = mem_out.with_suffix(".parquet")
                cmd = [sys.executable, __file__, "_in_memory_parquet", m, str(pq_dir),
                       str(mem_out)]  # fmt: skip
            else:
                cmd = [veracity_cmd(), "fuse", str(csv_path), "--method", m, "--out",
                       str(mem_out)]  # fmt: skip
            mem = measured(cmd)
            mem.update(backend="memory", input="CSV" if m != "veracity_core" else "Parquet")
            mem.update(method=m, claims=n)
            print(f"  {m} memory: {mem}", file=sys.stderr, flush=True)
            cmd = [veracity_cmd(), "fuse", glob, "--method", m, "--out", str(dask_out),
                   "--backend", "dask", "--partitions", str(args.partitions),
                   "--scheduler", "threads"]  # fmt: skip
            dsk = measured(cmd)
            dsk.update(backend="dask", input="Parquet", method=m, claims=n)
            if mem["status"] == dsk["status"] == "ok":
                dsk["agreement"] = compare(mem_out, dask_out)
            print(f"  {m} dask: {dsk}", file=sys.stderr, flush=True)
            results["runs"] += [mem, dsk]
            (OUT / args.json).write_text(json.dumps(results, indent=1))
    if args.big:
        big = args.big
        print(f"== {big:,} claims out of core: data", file=sys.stderr, flush=True)
        folder = write_parquet_chunks(big, data / f"claims-{big}", distinct=args.big_distinct)
        m = args.big_method
        if not args.big_skip_memory:
            mem = measured(
                [sys.executable, __file__, "_in_memory_parquet", m, str(folder), "-"], args.cap_gb
            )
            mem.update(backend="memory", input="Parquet", method=m, claims=big, cap_gb=args.cap_gb)
            print(f"  {m} memory, capped: {mem}", file=sys.stderr, flush=True)
            results["runs"].append(mem)
        out = data / f"truth-{m}-{big}-dask.parquet"
        cmd = [veracity_cmd(), "fuse", str(folder / "*.parquet"), "--method", m, "--out",
               str(out), "--backend", "dask", "--partitions", str(args.big_partitions),
               "--scheduler", "threads"]  # fmt: skip
        dsk = {"load_before": os.getloadavg()}
        dsk |= measured(cmd, args.cap_gb, timeout=args.timeout)
        dsk.update(backend="dask", input="Parquet", method=m, claims=big, cap_gb=args.cap_gb)
        print(f"  {m} dask, capped: {dsk}", file=sys.stderr, flush=True)
        dsk["load_after"] = os.getloadavg()
        results["runs"].append(dsk)
    (OUT / args.json).write_text(json.dumps(results, indent=1))
    if args.markdown:
        print(markdown(results))


def markdown(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}.",
        f"Command: `{results['command']}`",
        "",
        "| claims | method | backend | input | cap | wall s | CPU s | peak RSS MB | status "
        "| same value as memory | max abs Δp |",
        "|---:|---|---|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in results["runs"]:
        cap = f"{r['cap_gb']:g} GB" if r.get("cap_gb") else "—"
        rss = f"{r['peak_rss_mb']:,.0f}" if r.get("peak_rss_mb") else "—"
        a = r.get("agreement")
        same = f"{a['same_value']:.2%} of {a['matched']:,}" if a else "—"
        diff = f"{a['max_probability_diff']:.1e}" if a else "—"
        cpu = f"{r['cpu_s']:.1f}" if r.get("cpu_s") else "—"
        lines.append(
            f"| {r['claims']:,} | {r['method']} | {r['backend']} | {r['input']} | {cap} | "
            f"{r['wall_s']:.1f} | {cpu} | {rss} | {r['status']} | {same} | {diff} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
