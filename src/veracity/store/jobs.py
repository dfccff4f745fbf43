"""Long-running work started from the workbench (ingests), as rows that outlive the server.

The thread doing the work calls ``save_job`` at each step (started, each document, finished
or failed); the job's page reads ``read_job``. When a server starts, ``interrupt_running``
marks the jobs a previous server left running as interrupted (their thread died with it), so
a page never shows a job "extracting" forever.

>>> from veracity.store import open_store
>>> store = open_store(":memory:")
>>> save_job(store, JobState("j1", "ana", "main", total=3))
>>> save_job(store, JobState("j1", "ana", "main", total=3, done=1, state="extracting"))
>>> read_job(store, "j1").done
1
>>> interrupt_running(store)
1
>>> read_job(store, "j1").state
'interrupted'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from veracity.errors import NotFoundError
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.migration_web_jobs import jobs

RUNNING = ("reading", "extracting")


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


def _from(r: Any) -> JobState:
    return JobState(
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


def read_job(target: StoreTarget, job_id: str) -> JobState:
    with reading(target) as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    if row is None:
        raise NotFoundError(f"no job {job_id!r}")
    return _from(row)


def recent_jobs(target: StoreTarget, limit: int = 20) -> list[JobState]:
    """The newest jobs first."""
    with reading(target) as conn:
        rows = conn.execute(select(jobs).order_by(jobs.c.seq.desc()).limit(limit)).all()
    return [_from(r) for r in rows]


def interrupt_running(target: StoreTarget) -> int:
    """Mark jobs left running by a stopped server as interrupted; returns how many."""
    with writing(target) as conn:
        return int(
            conn.execute(
                update(jobs)
                .where(jobs.c.state.in_(RUNNING))
                .values(
                    state="interrupted",
                    message="the server stopped while this job ran; what it stored before "
                    "then is kept (ingest again: documents already read are skipped)",
                    updated=datetime.now(UTC).isoformat(),
                )
            ).rowcount
        )
