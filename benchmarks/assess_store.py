"""How long ``veracity assess`` takes on a store of N statements, per method.

    python benchmarks/assess_store.py --statements 100000 [--methods track_record,veracity]

Builds a synthetic store with ``store_import.write_inputs`` (N statements, N/1000 sources,
N/100 binary propositions, stances cycling asserts/denies/hedges), then times
``veracity.assess.assess_store`` (read the store, fuse, explain every proposition, save) in a
fresh process per method, with its peak RSS. The load average is printed: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store_import import write_inputs  # noqa: E402

from veracity.ingest.records import import_records  # noqa: E402
from veracity.store import open_store  # noqa: E402

CHILD = """
import json, resource, sys, time
from veracity.assess import assess_store
from veracity.store import open_store
store = open_store(sys.argv[1])
t = time.perf_counter()
a = assess_store(store, method=sys.argv[2])
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "propositions": len(a.propositions),
                  "cpu": u.ru_utime + u.ru_stime, "peak_mb": u.ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--methods", default="track_record,veracity,majority_vote")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "assess.db")
        paths = write_inputs(Path(tmp), args.statements, "jsonl")
        with open_store(db) as store:
            for kind in ("sources", "propositions", "statements"):
                import_records(store, paths[kind], kind=kind)
        for method in args.methods.split(","):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, db, method], capture_output=True, text=True
            )
            if out.returncode:
                print(f"{method:14} failed: {out.stderr.strip().splitlines()[-1]}")
                continue
            r = json.loads(out.stdout)
            print(
                f"{method:14} {args.statements:>9,} statements, {r['propositions']:>7,} "
                f"propositions: {r['wall']:7.1f} s ({r['cpu']:.1f} CPU s of the whole process), "
                f"peak RSS {r['peak_mb']:.0f} MB"
            )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
