"""Ingest in the browser: upload files or give a URL; the work runs as a job with progress.

A job runs in a thread of its own (extraction takes seconds per article), so the request that
starts it answers at once with a redirect to the job's page. That page shows "n of m
documents" and, with JavaScript, updates itself from the ``.json`` twin (``/static/job.js``, a
file: the CSP allows no inline script); without JavaScript it has a link to look again.
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from veracity.errors import InputError, VeracityError
from veracity.model import Document
from veracity.store import Store
from veracity.store.jobs import HEARTBEAT, JobState, read_job, recent_jobs, save_job, touch_job
from veracity.web.cases import current_case, store_of
from veracity.web.render import render_page, respond
from veracity.web.security import require

MAX_FILES = 50
_extractor_lock = threading.Lock()


def _save(home: Store, job: JobState) -> None:
    """Keep the job's state in the home store (``veracity.store.jobs``), so its page, and a
    restarted server, can show it; a failed write of progress never fails the ingest."""
    with contextlib.suppress(VeracityError):
        save_job(home, job)


def _heartbeat(home: Store, job_id: str, done: threading.Event) -> None:
    """Say "still running" every ``HEARTBEAT`` seconds until the job ends, so that another
    server starting on the same store does not take the job for one a dead server left."""
    while not done.wait(HEARTBEAT):
        with contextlib.suppress(VeracityError):
            touch_job(home, job_id)


def _extractor(request: Request) -> Any:
    """The spaCy extractor, loaded once per server (it takes seconds)."""
    state = request.app.state
    with _extractor_lock:
        if getattr(state, "extractor", None) is None:
            from veracity.extract import Extractor, load_pipeline

            state.extractor = Extractor(load_pipeline(None))
        return state.extractor


async def ingest_page(request: Request) -> Response:
    if request.method == "GET":
        require(request, "analyst")
        return HTMLResponse(render_page(request, "ingest.html", {}))
    who = require(request, "analyst")
    form: Any = request.scope.get("state", {}).get("form")
    files = form.getlist("files") if hasattr(form, "getlist") else []
    uploads = [f for f in files if isinstance(f, UploadFile) and f.filename]
    url = str(form.get("url") or "").strip() if form is not None else ""
    if not uploads and not url:
        raise InputError("choose a file to upload or give a URL", field="files")
    if len(uploads) > MAX_FILES:
        raise InputError(f"upload at most {MAX_FILES} files at once", field="files")
    folder = Path(tempfile.mkdtemp(prefix="veracity-upload-"))
    saved: list[tuple[str, Path]] = []
    for i, upload in enumerate(uploads):
        suffix = Path(upload.filename or "").suffix.lower()[:10]
        path = folder / f"{i}{suffix if suffix.isascii() else ''}"
        path.write_bytes(await upload.read())
        saved.append((upload.filename or path.name, path))
    job = JobState(secrets.token_urlsafe(8), who.name, current_case(request), total=len(saved))
    home: Store = request.app.state.store
    await run_in_threadpool(save_job, home, job)
    store = store_of(request)
    extractor = await run_in_threadpool(_extractor, request)
    thread = threading.Thread(
        target=_run, args=(job, home, store, extractor, saved, url, folder), daemon=True
    )
    thread.start()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _run(
    job: JobState,
    home: Store,
    store: Store,
    extractor: Any,
    saved: list[tuple[str, Path]],
    url: str,
    folder: Path,
) -> None:
    from veracity.ingest.documents import read_document_file
    from veracity.ingest.inputs import deduplicate, read_input
    from veracity.ingest.statements import ingest_documents
    from veracity.store.corrections import record_corrections

    ended = threading.Event()
    threading.Thread(target=_heartbeat, args=(home, job.id, ended), daemon=True).start()
    try:
        docs: list[Document] = []
        for name, path in saved:
            got = read_document_file(path)
            docs.extend(got.documents)
            job.problems += [f"{name}: {p}" for p in got.problems]
        if url:
            got = read_input(url, follow_links=False)
            docs.extend(got.documents)
            job.problems += [str(p) for p in got.problems]
        unique = deduplicate(docs)
        job.total, job.state = len(unique), "extracting"
        _save(home, job)

        def advance(_doc: Document) -> None:
            job.done += 1
            _save(home, job)

        report = ingest_documents(store, unique, extractor, progress=advance)
        record_corrections(
            store,
            [("documents", d, "record", None, "ingested") for d in report.document_ids],
            who=job.who,
        )
        job.result = {
            "documents": report.documents,
            "duplicates": report.duplicates,
            "statements": report.statements,
            "sources": report.sources,
            "propositions": report.propositions,
            "contradictions": list(dict.fromkeys(report.contradictions)),
            "document_ids": list(report.document_ids),
        }
        job.state = "finished"
    except VeracityError as exc:
        job.state, job.message = "failed", str(exc)
    except Exception as exc:  # noqa: BLE001 - a job reports its failure on its page
        job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        ended.set()
        _save(home, job)
        for _, path in saved:
            path.unlink(missing_ok=True)
        folder.rmdir()


def job_page(request: Request) -> Response:
    require(request, "viewer")
    job_id = str(request.path_params["job"])
    home: Store = request.app.state.store
    job = read_job(home, job_id.removesuffix(".json"))
    payload = {
        "id": job.id,
        "who": job.who,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "problems": job.problems,
        "result": job.result,
        "case": job.case,
        "started": job.started,
        "updated": job.updated,
    }
    if job_id.endswith(".json"):
        from starlette.responses import JSONResponse

        return JSONResponse(payload)
    return respond(request, "job.html", {"job": job}, payload)


def jobs_page(request: Request) -> Response:
    """The newest ingest jobs of every case, with their state (they outlive a restart)."""
    require(request, "viewer")
    found = recent_jobs(request.app.state.store, limit=50)
    rows = [
        {
            "id": j.id,
            "who": j.who,
            "case": j.case,
            "state": j.state,
            "done": j.done,
            "total": j.total,
            "started": j.started,
        }
        for j in found
    ]
    return respond(request, "jobs.html", {"jobs": found}, rows)
