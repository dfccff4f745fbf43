"""The web workbench at scale: page times on a generated store, and readers during an import.

One command per backend (from the repository root):

    python benchmarks/web.py --db /tmp/web-bench.db
    python benchmarks/web.py --db postgresql+psycopg://postgres@127.0.0.1:55432/t13

It generates (once; reused when the store already holds it) 100,000 statements on 10,000
propositions by 2,000 sources, 2,000 documents, 1,000 evidence items and 500 resolutions, with
a saved assessment. The assessment is written directly (a stance-weighted vote per
proposition, one contribution per statement, a reliability per source): ``assess_store`` at
this size spends its time in the fusion explanations (each item's explanation walks every
claim: quadratic, ~25 minutes here and not finished), and a page reads the same rows whichever
method wrote them. Then it
serves the workbench with uvicorn in a child process (``--auth none`` on loopback, so no login
step is timed) and times, one request at a time, ``--rounds`` requests of each page kind: the
overview, a proposition, a source, a statement, a document (ids drawn at random), each table page, a
filtered and a searched statements page, and the ``.json`` twins. Last, 8 reader threads
request random pages while a child process imports 20,000 more statements in batches of 500
(as ``veracity ingest`` would), and their p95 is reported.

Figures: p50 / p95 / max milliseconds per page kind; ``--markdown`` prints the BENCHMARKS.md
section. Load average is printed beside them: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

N_STATEMENTS, N_PROPOSITIONS, N_SOURCES = 100_000, 10_000, 2_000
N_DOCUMENTS, N_EVIDENCE, N_RESOLUTIONS = 2_000, 1_000, 500
WORDS = [
    "call", "phone", "minister", "denied", "agreed", "troops", "border", "sanctions", "talks",
    "leak", "report", "claims", "officials", "source", "anonymous", "statement", "spokesman",
    "ceasefire", "election", "fraud", "vaccine",
]  # fmt: skip


def _rng_text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(db: str, seed: int = 7) -> None:
    """Fill the store unless it already holds the generated case."""
    from datetime import date, timedelta

    from veracity.model import (
        Document,
        Evidence,
        Proposition,
        Resolution,
        Source,
        SourceKind,
        Stance,
        Statement,
    )
    from veracity.store import open_store

    with open_store(db) as store:
        counts = store.counts()
        if counts.get("statements", 0) >= N_STATEMENTS and counts.get("assessments", 0):
            return
        if counts.get("statements", 0):
            raise SystemExit(f"{db} holds another case: give an empty store")
        rng = random.Random(seed)
        t0 = time.perf_counter()
        sources = [
            Source(
                id=f"s{i}",
                name=f"Source {i} {_rng_text(rng, 2)}",
                kind=SourceKind.PERSON if i % 3 else SourceKind.OUTLET,
                parent_id=f"s{i % 50}" if i >= 50 and i % 4 == 0 else None,
            )
            for i in range(N_SOURCES)
        ]
        store.add_sources(sources)
        store.add_propositions(
            Proposition(id=f"P{i}", text=f"Proposition {i}: {_rng_text(rng, 8)}")
            for i in range(N_PROPOSITIONS)
        )
        start = date(2024, 1, 1)
        store.add_documents(
            Document(
                id=f"D{i}",
                text=_rng_text(rng, 200),
                content_hash=f"h{i}",
                title=f"Article {i} {_rng_text(rng, 4)}",
                outlet_id=f"s{(i * 3) % N_SOURCES}",
                published=start + timedelta(days=i % 365),
            )
            for i in range(N_DOCUMENTS)
        )
        # Zipf-ish: a few sources say a lot, most say little
        weights = [1 / (i + 1) ** 0.8 for i in range(N_SOURCES)]
        speakers = rng.choices(range(N_SOURCES), weights=weights, k=N_STATEMENTS)
        stances = [Stance.ASSERTS, Stance.DENIES, Stance.HEDGES]
        store.add_statements(
            Statement(
                id=f"S{i}",
                source_id=f"s{speakers[i]}",
                proposition_id=f"P{i % N_PROPOSITIONS}",
                stance=rng.choices(stances, weights=(6, 3, 1))[0],
                time=start + timedelta(days=rng.randrange(365)),
                quote=_rng_text(rng, 12),
            )
            for i in range(N_STATEMENTS)
        )
        store.add_evidence(
            Evidence(
                id=f"E{i}",
                description=_rng_text(rng, 6),
                proposition_id=f"P{rng.randrange(N_PROPOSITIONS)}",
                likelihood_ratio=rng.choice([0.25, 0.5, 2.0, 4.0]),
            )
            for i in range(N_EVIDENCE)
        )
        store.add_resolutions(
            Resolution(id=f"R{i}", proposition_id=f"P{i * 20}", value=rng.choice(["true", "false"]))
            for i in range(N_RESOLUTIONS)
        )
        t1 = time.perf_counter()
        store.save_assessment(_assessment(store))
        t2 = time.perf_counter()
        print(f"generated in {t1 - t0:.0f} s, assessed in {t2 - t1:.0f} s", file=sys.stderr)


def _assessment(store: object) -> object:
    """A stance-weighted vote per proposition with one contribution per statement."""
    import math
    import uuid
    import zlib
    from collections import defaultdict
    from datetime import UTC, datetime

    from veracity.model import (
        Assessment,
        Contribution,
        PropositionAssessment,
        SourceReliability,
        Stance,
    )

    weight = {Stance.ASSERTS: 1.0, Stance.DENIES: -1.0, Stance.HEDGES: 0.3}
    by_prop: dict[str, list] = defaultdict(list)
    said: dict[str, int] = defaultdict(int)
    for st in store.stream("statements"):  # type: ignore[attr-defined]
        by_prop[st.proposition_id].append(st)
        said[st.source_id] += 1
    props = []
    for pid, sts in by_prop.items():
        score = sum(weight[s.stance] for s in sts)
        p = 1 / (1 + math.exp(-score))
        props.append(
            PropositionAssessment(
                pid,
                {"true": p, "false": 1 - p},
                (max(0.0, p - 0.1), min(1.0, p + 0.1)),
                tuple(
                    Contribution(s.id, s.source_id, s.stance, s.value, weight[s.stance], "vote")
                    for s in sts
                ),
            )
        )
    sources = [
        SourceReliability(
            sid, 0.3 + 0.6 * ((zlib.crc32(sid.encode()) % 1000) / 1000), None, 0, 0, "synthetic"
        )
        for sid in sorted(said)
    ]
    return Assessment(
        id=uuid.uuid4().hex[:12],
        method="majority_vote",
        parameters={},
        created=datetime.now(UTC),
        data_version="bench",
        propositions=tuple(props),
        sources=tuple(sources),
        notes=("benchmark: written directly, see benchmarks/web.py",),
    )


def _serve(db: str, port: int) -> None:
    import uvicorn

    from veracity.web import create_app

    app = create_app(db, auth="none", allowed_hosts=("127.0.0.1",))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pages(rng: random.Random) -> dict[str, str]:
    """One URL per page kind (random record ids)."""
    return {
        "index": "/",
        "proposition": f"/propositions/P{rng.randrange(N_PROPOSITIONS)}",
        "source": f"/sources/s{rng.randrange(200)}",  # the busy sources: the slow case
        "statement": f"/statements/S{rng.randrange(N_STATEMENTS)}",
        "document": f"/documents/D{rng.randrange(N_DOCUMENTS)}",
        "table propositions": "/propositions",
        "table statements": "/statements",
        "table sources": "/sources",
        "table documents": "/documents",
        "table evidence": "/evidence",
        "table resolutions": "/resolutions",
        "table assessments": "/assessments",
        "statements filtered": f"/statements?source_id=s{rng.randrange(50)}&stance=denies",
        "statements searched": f"/statements?q={rng.choice(WORDS)}+{rng.choice(WORDS)}",
        "statements page 50": "/statements?_next=" + _cursor(2500),
        "index.json": "/index.json",
        "statements.json": "/statements.json",
    }


def _cursor(seq: int) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps([seq, seq]).encode()).decode().rstrip("=")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_pages(base: str, rounds: int, seed: int = 11) -> dict[str, dict[str, float]]:
    import httpx

    rng = random.Random(seed)
    times: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for url in pages(rng).values():  # warm up: imports, first chart, SQLite page cache
            client.get(url)
        for _ in range(rounds):
            for kind, url in pages(rng).items():
                t = time.perf_counter()
                r = client.get(url)
                elapsed = (time.perf_counter() - t) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:300]}")
                times.setdefault(kind, []).append(elapsed)
    return {
        k: {"p50": statistics.median(v), "p95": _pct(v, 0.95), "max": max(v), "n": len(v)}
        for k, v in times.items()
    }


def _import_more(db: str, n: int, batch: int) -> None:
    from veracity.model import Stance, Statement
    from veracity.store import open_store

    rng = random.Random(3)
    with open_store(db) as store:
        for start in range(0, n, batch):
            store.add_statements(
                Statement(
                    id=f"X{os.getpid()}-{i}",
                    source_id=f"s{rng.randrange(N_SOURCES)}",
                    proposition_id=f"P{rng.randrange(N_PROPOSITIONS)}",
                    stance=Stance.ASSERTS,
                    quote=_rng_text(rng, 10),
                )
                for i in range(start, start + batch)
            )


def readers_during_import(base: str, readers: int = 8, n_import: int = 20_000) -> dict[str, float]:
    import httpx

    importer = mp.Process(target=_import_more, args=(ARGS.db, n_import, 500))
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def read(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=120) as client:
            while importer.is_alive():
                url = rng.choice(list(pages(rng).values()))
                t = time.perf_counter()
                r = client.get(url)
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    times.append(elapsed)
                    if r.status_code != 200:
                        errors.append(f"{url} {r.status_code}")

    t0 = time.perf_counter()
    importer.start()
    threads = [threading.Thread(target=read, args=(i,)) for i in range(readers)]
    for th in threads:
        th.start()
    importer.join()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t0
    return {
        "requests": len(times),
        "errors": len(errors),
        "p50": statistics.median(times),
        "p95": _pct(times, 0.95),
        "max": max(times),
        "import_seconds": seconds,
        "imported": n_import,
    }


ARGS: argparse.Namespace


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite path or PostgreSQL URL")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--no-import", action="store_true", help="skip the readers-during-import run"
    )
    parser.add_argument("--markdown", action="store_true")
    ARGS = parser.parse_args()
    generate(ARGS.db)
    port = _free_port()
    server = mp.Process(target=_serve, args=(ARGS.db, port), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            httpx.get(base + "/", timeout=60)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        load_before = os.getloadavg()[0]
        result: dict[str, object] = {"pages": time_pages(base, ARGS.rounds)}
        if not ARGS.no_import:
            result["readers_during_import"] = readers_during_import(base)
        result["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        result["db"] = "postgresql" if "postgres" in ARGS.db else "sqlite"
    finally:
        server.terminate()
        server.join(10)
    print(json.dumps(result, indent=1))
    if ARGS.markdown:
        print(markdown(result))


def markdown(result: dict) -> str:
    lines = [
        f"{result['db']} (load average {result['load'][0]} before, {result['load'][1]} after)",
        "",
        "| page | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for kind, t in result["pages"].items():
        lines.append(f"| {kind} | {t['p50']:.0f} | {t['p95']:.0f} | {t['max']:.0f} |")
    r = result.get("readers_during_import")
    if r:
        lines += [
            "",
            f"8 readers while {r['imported']:,} statements were imported in batches of 500 "
            f"({r['import_seconds']:.0f} s): {r['requests']} requests, {r['errors']} errors, "
            f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms.",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
