"""Import and export speed and memory of the store: N synthetic statements as JSON Lines.

    python benchmarks/store_import.py --statements 1000000 [--db URL] [--format jsonl|csv]

Writes a synthetic file (sources, propositions, statements) to a temp folder, imports it with
``import_records`` (one transaction, as ``veracity import`` does), exports it again, and prints
wall time, this process's CPU time (user + system; PostgreSQL's own work is in the server), records
per second and the peak resident memory of this process, then reads the statements back as
columns (``Store.claim_columns``). The load average is printed at start and end: on a shared
machine wall times are noisy, CPU times less so; compare runs made together.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from veracity.ingest.records import export_records, import_records
from veracity.store import open_store


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu(store) -> float | None:
    """CPU seconds used so far by a local PostgreSQL's backends (from /proc), else None."""
    if store.engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    with store.engine.connect() as conn:
        pids = conn.execute(text("SELECT pid FROM pg_stat_activity")).scalars().all()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _report(what: str, n: int, wall: float, cpu: float) -> None:
    print(
        f"{what:20} {n:>10,} in {wall:7.1f} s wall = {n / wall:>9,.0f}/s; "
        f"CPU {cpu:6.1f} s = {n / cpu:>9,.0f}/s"
    )


def write_inputs(folder: Path, n_statements: int, fmt: str) -> dict[str, Path]:
    n_sources = max(10, n_statements // 1000)
    n_props = max(10, n_statements // 100)
    paths = {k: folder / f"{k}.{fmt}" for k in ("sources", "propositions", "statements")}
    rows = {
        "sources": ({"id": f"src{i}", "name": f"Source {i}"} for i in range(n_sources)),
        "propositions": ({"id": f"P{i}", "text": f"Claim {i}"} for i in range(n_props)),
        "statements": (
            {
                "id": f"s{i}",
                "source": f"src{i % n_sources}",
                "proposition": f"P{(i * 7) % n_props}",
                "stance": ("asserts", "denies", "hedges")[i % 3],
                "time": "2024-11-10",
                "quote": f"quote number {i} — «ünïcode»",
            }
            for i in range(n_statements)
        ),
    }
    for kind, path in paths.items():
        with open(path, "w", encoding="utf-8", newline="") as out:
            if fmt == "jsonl":
                for row in rows[kind]:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                import csv

                writer = None
                for row in rows[kind]:
                    if writer is None:
                        writer = csv.DictWriter(out, fieldnames=list(row))
                        writer.writeheader()
                    writer.writerow(row)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="store URL (default: a temp SQLite file)")
    parser.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
    parser.add_argument("--no-export", action="store_true", help="skip the export")
    parser.add_argument(
        "--read-statements", action="store_true", help="also time store.statements()"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="veracity-bench-") as tmp:
        folder = Path(tmp)
        paths = write_inputs(folder, args.statements, args.format)
        size_mb = paths["statements"].stat().st_size / 1e6
        store = open_store(args.db or str(folder / "bench.db"))
        print(f"store {store.url}; statements file {size_mb:.1f} MB ({args.format})")
        print(f"load average at start: {_load()}")
        print(f"peak RSS before import: {_peak_mb():.0f} MB")
        for kind in ("sources", "propositions", "statements"):
            start, cpu, server = time.perf_counter(), _cpu(), _server_cpu(store)
            _, n = import_records(store, paths[kind], kind=kind)
            _report(f"import {kind}", n, time.perf_counter() - start, _cpu() - cpu)
            if server is not None:
                print(f"  PostgreSQL backends' CPU meanwhile: {_server_cpu(store) - server:.1f} s")
        print(f"peak RSS after import: {_peak_mb():.0f} MB")
        if hasattr(store, "claim_columns"):  # absent before the columnar read path
            start, cpu = time.perf_counter(), _cpu()
            columns = store.claim_columns()
            n = len(columns)
            _report("claim_columns", n, time.perf_counter() - start, _cpu() - cpu)
            del columns
            print(f"peak RSS after claim_columns: {_peak_mb():.0f} MB")
        if args.read_statements:  # what assess did before claim_columns: a dataclass per row
            start, cpu = time.perf_counter(), _cpu()
            n = len(store.statements())
            _report("statements()", n, time.perf_counter() - start, _cpu() - cpu)
            print(f"peak RSS after statements(): {_peak_mb():.0f} MB")
        if not args.no_export:
            start, cpu = time.perf_counter(), _cpu()
            with open(folder / "out.jsonl", "w", encoding="utf-8") as out:
                n = export_records(store, "statements", out)
            _report("export statements", n, time.perf_counter() - start, _cpu() - cpu)
            print(f"peak RSS after export: {_peak_mb():.0f} MB")
        print(f"load average at end: {_load()}")
        store.close()


if __name__ == "__main__":
    main()
