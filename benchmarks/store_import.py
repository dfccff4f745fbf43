"""Import and export speed and memory of the store: N synthetic statements as JSON Lines.

    python benchmarks/store_import.py --statements 1000000 [--db URL] [--format jsonl|csv]

Writes a synthetic file (sources, propositions, statements) to a temp folder, imports it with
``import_records`` (one transaction, as ``veracity import`` does), exports it again, and prints
wall time, records per second and the peak resident memory of this process. Timings on a shared
machine are noisy: compare runs made together.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from veracity.ingest.records import export_records, import_records
from veracity.store import open_store


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="veracity-bench-") as tmp:
        folder = Path(tmp)
        paths = write_inputs(folder, args.statements, args.format)
        size_mb = paths["statements"].stat().st_size / 1e6
        store = open_store(args.db or str(folder / "bench.db"))
        print(f"store {store.url}; statements file {size_mb:.1f} MB ({args.format})")
        print(f"peak RSS before import: {_peak_mb():.0f} MB")
        for kind in ("sources", "propositions", "statements"):
            start = time.perf_counter()
            _, n = import_records(store, paths[kind], kind=kind)
            took = time.perf_counter() - start
            print(f"import {kind:12} {n:>10,} in {took:7.1f} s = {n / took:>9,.0f}/s")
        print(f"peak RSS after import: {_peak_mb():.0f} MB")
        start = time.perf_counter()
        with open(folder / "out.jsonl", "w", encoding="utf-8") as out:
            n = export_records(store, "statements", out)
        took = time.perf_counter() - start
        print(f"export statements   {n:>10,} in {took:7.1f} s = {n / took:>9,.0f}/s")
        print(f"peak RSS after export: {_peak_mb():.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
