"""Long-running work started from the workbench (ingests), as rows that outlive the server.

The thread doing the work calls ``save_job`` at each step (started, each document, finished
or failed), and ``touch_job`` every ``HEARTBEAT`` seconds in between (one document can take
minutes); the job's page reads ``read_job``. A running job whose last word is older than
``STALE`` has lost its thread (its server stopped or crashed): it is read as interrupted, and
``interrupt_running``, called when a server starts, writes that down. Going by the heartbeat
rather than by "whatever is running when I start" matters when two servers share a store (two
analysts, one ``--cases`` folder): the second must not declare the first one's live jobs dead.

>>> from veracity.store import open_store
>>> store = open_store(":memory:")
>>> save_job(store, JobState("j1", "ana", "main", total=3))
>>> save_job(store, JobState("j1", "ana", "main", total=3, done=1, state="extracting"))
>>> read_job(store, "j1").done
1
>>> interrupt_running(store)  # its heartbeat is fresh: another server's live job
0
>>> read_job(store, "j1", now=datetime.now(UTC) + STALE * 2).state
'interrupted'
>>> interrupt_running(store, now=datetime.now(UTC) + STALE * 2)
1
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from veracity.errors import NotFoundError
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.migration_web_jobs import jobs

RUNNING = ("reading", "extracting")
HEARTBEAT = 15.0  # seconds between a running job's "still here"
STALE = timedelta(seconds=90)  # six missed heartbeats: the thread is gone
INTERRUPTED = (
    "the server stopped while this job ran; what it stored before "
    "then is kept (ingest again: documents already read are skipped)"
)


@dataclass
class JobState:
    """One job: what it is doing, how far it got, and what it found."""

    id: str
    who: str
    case: str
    kind: str = "ingest"
    total: int = 0
    done: int = 0
    state: str = "reading"  # reading | extracting | finished | failed | interrupted
    message: str = ""
    problems: list[str] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    updated: str = ""


def _values(job: JobState) -> dict[str, Any]:
    return {
        "who": job.who,
        "case_name": job.case,
        "kind": job.kind,
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "message": job.message,
        "problems": json.dumps(job.problems),
        "result": json.dumps(job.result, default=str),
        "started": job.started,
        "updated": datetime.now(UTC).isoformat(),
    }


def save_job(target: StoreTarget, job: JobState) -> None:
    """Write the job's current state (insert the first time, update after)."""
    values = _values(job)
    with writing(target) as conn:
        n = conn.execute(update(jobs).where(jobs.c.id == job.id).values(**values)).rowcount
        if not n:
            conn.execute(jobs.insert().values(id=job.id, **values))


def touch_job(target: StoreTarget, job_id: str) -> None:
    """The running job's heartbeat: its thread is alive (``updated`` is now)."""
    with writing(target) as conn:
        conn.execute(
            update(jobs).where(jobs.c.id == job_id).values(updated=datetime.now(UTC).isoformat())
        )


def _stale(state: str, updated: str, now: datetime) -> bool:
    """A running job that has not said a word for ``STALE``."""
    if state not in RUNNING:
        return False
    try:
        last = datetime.fromisoformat(updated)
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return now - last > STALE


def _from(r: Any, now: datetime | None = None) -> JobState:
    job = JobState(
        id=r.id,
        who=r.who,
        case=r.case_name,
        kind=r.kind,
        total=r.total,
        done=r.done,
        state=r.state,
        message=r.message,
        problems=json.loads(r.problems),
        result=json.loads(r.result),
        started=r.started,
        updated=r.updated,
    )
    if _stale(job.state, job.updated, now or datetime.now(UTC)):
        return replace(job, state="interrupted", message=INTERRUPTED)
    return job


def read_job(target: StoreTarget, job_id: str, *, now: datetime | None = None) -> JobState:
    """The job as its page shows it (a running job with a stale heartbeat reads interrupted)."""
    with reading(target) as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    if row is None:
        raise NotFoundError(f"no job {job_id!r}")
    return _from(row, now)


def recent_jobs(target: StoreTarget, limit: int = 20) -> list[JobState]:
    """The newest jobs first."""
    with reading(target) as conn:
        rows = conn.execute(select(jobs).order_by(jobs.c.seq.desc()).limit(limit)).all()
    return [_from(r) for r in rows]


def interrupt_running(target: StoreTarget, *, now: datetime | None = None) -> int:
    """Write down as interrupted the running jobs whose heartbeat stopped (their server is
    gone); a job another live server is running keeps its state. Returns how many."""
    now = now or datetime.now(UTC)
    with writing(target) as conn:
        rows = conn.execute(
            select(jobs.c.id, jobs.c.state, jobs.c.updated).where(jobs.c.state.in_(RUNNING))
        ).all()
        dead = [r.id for r in rows if _stale(r.state, r.updated, now)]
        if dead:
            conn.execute(
                update(jobs)
                .where(jobs.c.id.in_(dead), jobs.c.state.in_(RUNNING))
                .values(state="interrupted", message=INTERRUPTED, updated=now.isoformat())
            )
        return len(dead)
