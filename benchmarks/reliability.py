"""Hostile input and heavy load, tried as an attacker would: one command, SQLite and PostgreSQL.

    python benchmarks/reliability.py [--inputs 5000] [--kills 20] [--writers 8]
        [--writer-rows 400000] [--import-rows 2400000] [--pg URL] [--parts fuzz,kill,writers,reader]

* fuzz: ``--inputs`` generated hostile files per reader (``tests/hostile_inputs.py``: mutated
  seeds, and ``tests/hostile_grammar.py``: files built from each format's grammar; JSONL, CSV,
  case YAML/JSON, ClaimReview JSON/HTML, claims CSV/Parquet, HTML, RSS, Atom; HTTP answers
  against a loopback server) through the command line in this process, the readers in turn. A
  hang is 30 s of this process's CPU (or 300 s of wall time): counts of read / refused (exit 2)
  / tracebacks / hangs, the slowest input's CPU time, inputs over 30 s of wall time (waiting for
  a core on a loaded machine), and refused imports that changed the store (row counts).
* kill: ``--kills`` times per backend, ``veracity import`` of a statements file is SIGKILLed at
  a random moment; the store must then hold all of the file's rows or none (and SQLite's
  ``integrity_check`` must say ok).
* writers: ``--writers`` processes import ``--writer-rows`` statements each at once; every
  import must succeed and every row be there.
* reader: while one import of ``--import-rows`` statements runs, another process opens the
  store and lists the sources every 0.5 s: the slowest answer is reported (and the CLI's).

PostgreSQL runs in a fresh schema of ``--pg`` (dropped at the end). Wall times depend on the
machine's load: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import create_engine, text  # noqa: E402

from hostile_http import HostileServer  # noqa: E402
from hostile_inputs import SEEDS, iter_inputs  # noqa: E402
from hostile_run import COMMANDS, WRITES, cache_pipelines, run, seed_store  # noqa: E402
from veracity.errors import InputError  # noqa: E402
from veracity.ingest.fetch import AddressPolicy, fetch  # noqa: E402
from veracity.store import open_store, resolve_url  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
VERACITY = [sys.executable, "-m", "veracity"]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# -- stores -------------------------------------------------------------------------------------


class Backend:
    """A fresh store per use: a SQLite file, or a PostgreSQL schema dropped at the end."""

    def __init__(self, name: str, folder: Path, pg: str | None) -> None:
        self.name, self.folder, self.pg = name, folder, pg
        self.schemas: list[str] = []

    def fresh(self) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{self.folder / f'{uuid.uuid4().hex[:8]}.db'}"
        schema = f"rel_{uuid.uuid4().hex[:10]}"
        base = resolve_url(self.pg)
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        self.schemas.append(schema)
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        if not self.schemas:
            return
        engine = create_engine(resolve_url(self.pg))
        with engine.begin() as conn:
            for schema in self.schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


# -- fuzz ---------------------------------------------------------------------------------------


def fuzz(
    backend: Backend, n: int, readers: list[str] | None = None, start: int = 0
) -> dict[str, Counter]:
    """Inputs ``start`` to ``n - 1`` of each reader's stream, the readers taken in turn (one
    input each per round), so that a run cut short has covered every reader alike; counts
    printed every 100 rounds. The streams are the same for a seed, so runs over ``0..k`` and
    ``k..n`` (in parallel processes, on a machine with cores to spare) cover ``0..n`` once."""
    url = backend.fresh()
    seed_store(url)
    cache_pipelines()
    names = [
        name
        for name in sorted(readers or COMMANDS)
        if name in WRITES or backend.name == "sqlite"  # fuse reads no store: once is enough
    ]
    results: dict[str, Counter] = {name: Counter() for name in names}
    streams = {name: iter_inputs(name, n, seed=1) for name in names}
    for name in names:  # skip to ``start``: the inputs are made, not run
        for _ in range(start):
            next(streams[name])
    for name in names:
        run(name, SEEDS[name], url if name in WRITES else None, limit=600)  # warm: imports
    started = time.monotonic()
    for i in range(start, n):
        for name in names:
            counts = results[name]
            data = next(streams[name])
            outcome = run(name, data, url if name in WRITES else None, limit=30)
            counts["slowest cpu ms"] = max(counts["slowest cpu ms"], round(outcome.cpu * 1000))
            counts["wall over 30 s"] += outcome.wall > 30  # waiting for a core, if cpu is low
            counts[outcome.kind] += 1
            counts["changed"] += outcome.changed
            if outcome.kind in ("traceback", "hang") or outcome.changed:
                print(f"  {backend.name} {name} #{i}: {outcome}", flush=True)
        if (i + 1) % 100 == 0 or i + 1 == n:
            minutes = (time.monotonic() - started) / 60
            done = f"{i + 1 - start} rounds ({start}..{i})" if start else f"{i + 1} rounds"
            print(f"  {backend.name} after {done}, {minutes:.0f} min (load {load()}):")
            for name in names:
                print(f"    {name}: {dict(results[name])}", flush=True)
    return results


def fuzz_http(n: int) -> Counter:
    """Hostile answers from a loopback server: the fetcher reads or refuses each, in time."""
    counts: Counter = Counter()
    policy = AddressPolicy(also_allow=(ipaddress.ip_network("127.0.0.1/32"),))
    server = HostileServer()
    with server as base:
        for i, data in enumerate(iter_inputs("response.http", n, seed=1)):
            server.routes["/r"] = data
            started = time.monotonic()
            try:
                fetch(f"{base}/r", policy=policy, timeout=5)
                counts["ok"] += 1
            except InputError:
                counts["refused"] += 1
            except Exception as exc:  # noqa: BLE001 - what the benchmark counts
                counts["traceback"] += 1
                print(f"  http #{i}: {type(exc).__name__}: {exc}", flush=True)
            if time.monotonic() - started > 30:
                counts["hang"] += 1
    return counts


# -- kills, writers, a reader -------------------------------------------------------------------


def write_statements(path: Path, n: int, prefix: str, n_sources: int = 100) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            row = {
                "id": f"{prefix}{i}",
                "source": f"src{i % n_sources}",
                "proposition": f"P{(i * 7) % 100}",
                "stance": ("asserts", "denies", "hedges")[i % 3],
                "quote": f"quote {i} «ünïcode»",
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def base_records(url: str, folder: Path) -> None:
    src = folder / "sources.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"src{i}", "name": f"S {i}"}) + "\n" for i in range(100))
    )
    props = folder / "props.jsonl"
    props.write_text(
        "".join(json.dumps({"id": f"P{i}", "text": f"Claim {i}"}) + "\n" for i in range(100))
    )
    for path, kind in ((src, "sources"), (props, "propositions")):
        subprocess.run(
            [*VERACITY, "import", str(path), "--kind", kind, "--db", url],
            env=ENV,
            check=True,
            capture_output=True,
        )


def statement_count(url: str) -> int:
    with open_store(url, migrate=False) as s, s.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM statements")).scalar_one()


def integrity(url: str) -> str:
    if not url.startswith("sqlite"):
        return "ok"
    with open_store(url, migrate=False) as s, s.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()


def kills(backend: Backend, times: int, rows: int, folder: Path) -> Counter:
    url = backend.fresh()
    base_records(url, folder)
    data = folder / f"kill-{backend.name}.jsonl"
    write_statements(data, rows, "k")
    # how long a whole import takes, to kill at random moments within it
    started = time.monotonic()
    subprocess.run(
        [*VERACITY, "import", str(data), "--kind", "statements", "--db", url],
        env=ENV,
        check=True,
        capture_output=True,
    )
    whole = time.monotonic() - started
    url = backend.fresh()
    base_records(url, folder)
    counts: Counter = Counter()
    rng = random.Random(7)
    for _ in range(times):
        proc = subprocess.Popen(
            [*VERACITY, "import", str(data), "--kind", "statements", "--db", url],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, whole * 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        n = statement_count(url)
        ok = integrity(url)
        counts["all" if n == rows else "none" if n == 0 else "partial"] += 1
        counts["integrity ok" if ok == "ok" else "integrity BAD"] += 1
        if n == rows:  # the import finished before the kill: start again from empty
            url = backend.fresh()
            base_records(url, folder)
    counts["whole import s"] = round(whole, 1)
    return counts


def writers(backend: Backend, n_writers: int, rows: int, folder: Path) -> Counter:
    url = backend.fresh()
    base_records(url, folder)
    files = []
    for w in range(n_writers):
        path = folder / f"w{w}-{backend.name}.jsonl"
        write_statements(path, rows, f"w{w}-")
        files.append(path)
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [*VERACITY, "import", str(p), "--kind", "statements", "--db", url],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in files
    ]
    counts: Counter = Counter()
    for p in procs:
        out, err = p.communicate()
        counts["ok" if p.returncode == 0 else "failed"] += 1
        if p.returncode != 0:
            print(f"  writer failed ({p.returncode}): {err.strip()[-300:]}", flush=True)
    counts["seconds"] = round(time.monotonic() - started)
    counts["rows"] = statement_count(url)
    counts["lost"] = n_writers * rows - counts["rows"]
    return counts


READER = """
import sys, time
from veracity.store import open_store
url, stop = sys.argv[1], float(sys.argv[2])
worst = 0.0
n = 0
while time.time() < stop:
    t0 = time.monotonic()
    with open_store(url) as s:
        s.sources()
    worst = max(worst, time.monotonic() - t0)
    n += 1
    time.sleep(0.5)
print(f"{n} {worst:.3f}")
"""


def reader(backend: Backend, rows: int, folder: Path) -> dict:
    url = backend.fresh()
    base_records(url, folder)
    data = folder / f"big-{backend.name}.jsonl"
    write_statements(data, rows, "b")
    started = time.monotonic()
    importer = subprocess.Popen(
        [*VERACITY, "import", str(data), "--kind", "statements", "--db", url],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # let it take the write lock
    probe = subprocess.run(
        [sys.executable, "-c", READER, url, str(time.time() + 60)],
        env=ENV,
        capture_output=True,
        text=True,
    )
    cli_started = time.monotonic()
    cli = subprocess.run(
        [*VERACITY, "sources", "--json", "--db", url], env=ENV, capture_output=True, text=True
    )
    cli_seconds = time.monotonic() - cli_started
    still_running = importer.poll() is None
    importer.communicate()
    n, worst = probe.stdout.split() if probe.returncode == 0 else ("0", "nan")
    return {
        "import rows": rows,
        "import s": round(time.monotonic() - started),
        "import ok": importer.returncode == 0,
        "reads": int(n),
        "slowest read s": float(worst),
        "cli sources s (startup included)": round(cli_seconds, 2),
        "cli exit": cli.returncode,
        "import still running after the reads": still_running,
        "probe error": probe.stderr.strip()[-200:] if probe.returncode else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=5000, help="hostile inputs per reader")
    ap.add_argument("--start", type=int, default=0, help="fuzz: begin at this input of each stream")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--kill-rows", type=int, default=300_000)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--writer-rows", type=int, default=400_000)
    ap.add_argument("--import-rows", type=int, default=2_400_000)
    ap.add_argument("--pg", default=os.environ.get("VERACITY_TEST_POSTGRES_URL"))
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--parts", default="fuzz,http,kill,writers,reader")
    ap.add_argument("--readers", default=None, help="fuzz only these, e.g. sources.jsonl,case.yaml")
    args = ap.parse_args()
    parts = args.parts.split(",")
    names = [b for b in args.backends.split(",") if b == "sqlite" or args.pg]
    print(f"load {load()}; backends {names}; parts {parts}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in names:
            backend = Backend(name, folder, args.pg)
            try:
                if "fuzz" in parts:
                    print(f"fuzz {name}: {args.inputs} inputs per reader", flush=True)
                    readers = args.readers.split(",") if args.readers else None
                    fuzz(backend, args.inputs, readers, args.start)
                if "kill" in parts:
                    got = kills(backend, args.kills, args.kill_rows, folder)
                    print(f"kill {name}: {dict(got)}  (load {load()})", flush=True)
                if "writers" in parts:
                    got = writers(backend, args.writers, args.writer_rows, folder)
                    size = f"{args.writers} x {args.writer_rows:,}"
                    print(f"writers {name}: {size}: {dict(got)}  (load {load()})", flush=True)
                if "reader" in parts:
                    seen = reader(backend, args.import_rows, folder)
                    print(f"reader {name}: {seen}  (load {load()})", flush=True)
            finally:
                backend.drop()
        if "http" in parts:
            print(
                f"http: {args.inputs} answers: {dict(fuzz_http(args.inputs))}  (load {load()})",
                flush=True,
            )
    print(f"load {load()}", flush=True)


if __name__ == "__main__":
    main()
