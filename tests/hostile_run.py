"""Run one hostile input through its reader, as the command line does, and judge the outcome:
``ok`` (read), ``refused`` (exit 2 with a message), ``traceback`` (anything else), ``hang``
(over the time limit); for readers that write, whether a refused input changed the store.
Shared by the fuzz tests and ``benchmarks/reliability.py``."""

from __future__ import annotations

import re
import signal
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import inspect, text

from veracity.cli import cli
from veracity.ingest.documents import document_from_text
from veracity.model import Document, Proposition, Source
from veracity.store import open_store

#: reader name -> the command-line arguments before ``--db`` (FILE is the input's path)
COMMANDS: dict[str, list[str]] = {
    "sources.jsonl": ["import", "FILE", "--kind", "sources"],
    "statements.jsonl": ["import", "FILE", "--kind", "statements"],
    "evidence.jsonl": ["import", "FILE", "--kind", "evidence"],
    "sources.csv": ["import", "FILE", "--kind", "sources", "--format", "csv"],
    "statements.csv": ["import", "FILE", "--kind", "statements", "--format", "csv"],
    "case.yaml": ["import", "FILE", "--format", "case"],
    "case.json": ["import", "FILE", "--format", "case"],
    "article.html": ["ingest", "FILE", "--model", "blank", "--grouping", "keywords"],
    "feed.xml": ["ingest", "FILE", "--model", "blank", "--no-follow", "--grouping", "keywords"],
    "claims.csv": ["fuse", "FILE", "--out", "OUT"],
}
WRITES = {name for name, args in COMMANDS.items() if args[0] in ("import", "ingest")}


_RUNS: list[int] = []


class Hang(Exception):
    """The input ran past its time limit."""


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # ok | refused | traceback | hang
    changed: bool  # a refused input left the store different
    message: str


def seed_store(url: str) -> None:
    """What the hostile statements refer to, so that some of them are accepted."""
    with open_store(url) as s:
        if s.sources():
            return
        s.add_sources([Source(id="peskov", name="Dmitry Peskov"), Source(id="wapo", name="WaPo")])
        s.add_propositions([Proposition(id="P1", text="Trump and Putin spoke by phone")])
        doc = document_from_text("pure fiction, said Peskov.", name="d1")
        s.add_documents([Document(**{**asdict(doc), "id": "d1"})])


def fingerprint(url: str) -> tuple:
    """Row counts of every table: a refused import that changed any of them is a partial one."""
    with open_store(url, migrate=False) as s, s.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        return tuple(
            (t, conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()) for t in tables
        )


def run(name: str, data: bytes, url: str | None, limit: float = 30.0) -> Outcome:
    """Feed ``data`` to reader ``name`` (in this process, with an alarm at ``limit`` s)."""
    _RUNS.append(1)
    data = data.replace(b"{N}", str(len(_RUNS)).encode())  # ids new to the store each run
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        args = [
            a.replace("FILE", str(path)).replace("OUT", str(Path(tmp) / "out.csv"))
            for a in COMMANDS[name]
        ]
        writes = name in WRITES and url is not None
        if writes:
            args += ["--db", url]
        before = fingerprint(url) if writes else None
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            result = CliRunner().invoke(cli, args, catch_exceptions=True)
        except Hang:
            return Outcome("hang", False, f"over {limit:g} s")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        exc = result.exception
        if isinstance(exc, Hang):
            return Outcome("hang", False, f"over {limit:g} s")
        if exc is not None and not isinstance(exc, SystemExit) or result.exit_code not in (0, 2):
            return Outcome("traceback", False, f"{type(exc).__name__}: {str(exc)[:200]}")
        changed = False
        stored = re.search(r"(\d+) documents stored", result.output)
        if writes and result.exit_code == 2 and not (stored and int(stored.group(1)) > 0):
            # refused whole (ingest stores each readable document and names the others)
            changed = fingerprint(url) != before
        last = (result.output.strip().splitlines() or [""])[-1]
        return Outcome("ok" if result.exit_code == 0 else "refused", changed, last[:200])


def _alarm(signum, frame):
    raise Hang()
