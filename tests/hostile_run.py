"""Run one hostile input through its reader, as the command line does, and judge the outcome:
``ok`` (read), ``refused`` (exit 2 with a message), ``traceback`` (anything else), ``hang``
(over the time limit); for readers that write, whether a refused input changed the store.
Shared by the fuzz tests and ``benchmarks/reliability.py``."""

from __future__ import annotations

import re
import signal
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from veracity.cli import cli
from veracity.ingest.documents import document_from_text
from veracity.model import Document, Proposition, Source
from veracity.store import open_store, resolve_url

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
    "feed.atom": ["ingest", "FILE", "--model", "blank", "--no-follow", "--grouping", "keywords"],
    "claimreview.json": ["import", "FILE", "--format", "claimreview"],
    "claimreview.html": ["import", "FILE", "--format", "claimreview"],
    "claims.csv": ["fuse", "FILE", "--out", "OUT"],
    "claims.parquet": ["fuse", "FILE", "--out", "OUT"],
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
    cpu: float = 0.0  # seconds of this process's CPU the input took
    wall: float = 0.0  # seconds of wall time


def seed_store(url: str) -> None:
    """What the hostile statements refer to, so that some of them are accepted."""
    with open_store(url) as s:
        if s.sources():
            return
        s.add_sources([Source(id="peskov", name="Dmitry Peskov"), Source(id="wapo", name="WaPo")])
        s.add_propositions([Proposition(id="P1", text="Trump and Putin spoke by phone")])
        doc = document_from_text("pure fiction, said Peskov.", name="d1")
        s.add_documents([Document(**{**asdict(doc), "id": "d1"})])


_ENGINES: dict[str, tuple[Any, str]] = {}
_LAST: dict[str, tuple] = {}


def fingerprint(url: str) -> tuple:
    """Row counts of every table: a refused import that changed any of them is a partial one.
    One query on an engine kept per store (the table list is read once: a refused import must
    not add a table either, which the count query would then fail on)."""
    if url not in _ENGINES:
        with open_store(url, migrate=False) as s, s.engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
        counts = " UNION ALL ".join(
            f'SELECT {i} AS k, count(*) AS n FROM "{t}"' for i, t in enumerate(tables)
        )
        _ENGINES[url] = (create_engine(resolve_url(url), poolclass=NullPool), counts)
        _TABLES[url] = tables
    engine, counts = _ENGINES[url]
    with engine.connect() as conn:
        rows = dict(conn.execute(text(counts)).all())
    return tuple((t, rows[i]) for i, t in enumerate(_TABLES[url]))


_TABLES: dict[str, list[str]] = {}


def cache_pipelines() -> None:
    """Build each spaCy pipeline once per process (``spacy.blank`` costs ~0.3 s; the fuzz
    tests the readers, not the loading). Harness only: every command-line run loads its own."""
    import functools

    import veracity.extract as extract
    import veracity.extract.pipeline as pipeline

    if not hasattr(pipeline.load_pipeline, "cache_info"):
        cached = functools.lru_cache(maxsize=4)(pipeline.load_pipeline)
        pipeline.load_pipeline = extract.load_pipeline = cached  # type: ignore[assignment]


def run(name: str, data: bytes, url: str | None, limit: float = 30.0) -> Outcome:
    """Feed ``data`` to reader ``name`` (in this process; a hang past ``limit`` s of CPU)."""
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
        if writes and url not in _LAST:
            _LAST[url] = fingerprint(url)
        before = _LAST.get(url) if writes else None
        # a hang is ``limit`` seconds of this process's CPU (on a machine shared by many, wall
        # time is mostly waiting for a core); ten times that of wall time catches a blocked one
        previous = signal.signal(signal.SIGPROF, _alarm), signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_PROF, limit)
        signal.setitimer(signal.ITIMER_REAL, limit * 10)
        cpu, wall = time.process_time(), time.monotonic()
        try:
            result = CliRunner().invoke(cli, args, catch_exceptions=True)
        except Hang:
            result = None
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGPROF, previous[0])
            signal.signal(signal.SIGALRM, previous[1])
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        if result is None or isinstance(result.exception, Hang):
            if url is not None:
                _LAST.pop(url, None)  # unknown state: read it afresh next time
            return Outcome("hang", False, f"over {limit:g} s of CPU or {limit * 10:g} s", cpu, wall)
        after = fingerprint(url) if writes else ()
        if writes:
            _LAST[url] = after  # the next run's "before"
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit) or result.exit_code not in (0, 2):
            message = f"{type(exc).__name__}: {str(exc)[:200]}"
            # a reader that writes no store (fuse) changes none: only a store can change
            return Outcome("traceback", writes and after != before, message, cpu, wall)
        changed = False
        stored = re.search(r"(\d+) documents stored", result.output)
        if writes and result.exit_code == 2 and not (stored and int(stored.group(1)) > 0):
            # refused whole (ingest stores each readable document and names the others)
            changed = after != before
        last = (result.output.strip().splitlines() or [""])[-1]
        kind = "ok" if result.exit_code == 0 else "refused"
        return Outcome(kind, changed, last[:200], cpu, wall)


def _alarm(signum, frame):
    raise Hang()
