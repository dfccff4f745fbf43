"""Accessibility: axe-core in Chromium finds no serious or critical violation on any page.

axe-core (``tests/vendor/axe.min.js``, MPL-2.0) is injected into each page of a logged-in visit
(the browser context bypasses our CSP for that injection only: the pages themselves allow no
inline script). Pages: the overview, a proposition, a source, a statement, every table, the
ACH list and board, tactics, history, cases, ingest, the add forms, the login page, an error,
deleted records and a deletion, ingest jobs and a job, a document.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from veracity.assess import assess_store
from veracity.casework import load_bundled, tag_store_statements
from veracity.model import Document
from veracity.store import open_store
from veracity.store.deletions import delete_record
from veracity.store.jobs import JobState, save_job
from veracity.web import create_app
from web_helpers import HOSTS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"

PAGES = [
    "/",
    "/propositions/P1",
    "/propositions/T-mh17",
    "/sources/peskov",
    "/statements/S-peskov-denial",
    "/propositions",
    "/statements",
    "/statements?stance=denies",
    "/sources",
    "/documents",
    "/evidence",
    "/resolutions",
    "/assessments",
    "/ach",
    "/ach/why-deny",
    "/tactics",
    "/history",
    "/cases",
    "/ingest",
    "/new/sources",
    "/new/statements",
    "/new/propositions",
    "/new/evidence",
    "/new/resolutions",
    "/exports",
    "/check",
    "/check?claim=Putin+and+Trump+spoke+by+phone",
    "/deleted",
    "/delete/statements/S-dubowy-likely",
    "/jobs",
    "/documents/D1",
    "/evidence/E1",
    "/resolutions/R-mh17",
    "/jobs/a11y-job",
    "/no/such/page",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_no_serious_or_critical_axe_violation(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    import uvicorn

    db = str(tmp_path / "a11y.db")
    with open_store(db) as store:
        load_bundled(store, "kremlin-call")
        tag_store_statements(store)
        assess_store(store)
        save_job(store, JobState("a11y-job", "ana", "main", total=3, done=1, state="extracting"))
        # a deleted record, so the deleted list has a row and an undo button
        delete_record(store, "statements", "S-kremlin-wagner", who="ed", why="test")
        store.add_documents(
            [
                Document(
                    id="D1",
                    text="Kremlin denies call.\n\nPeskov said it was fiction.",
                    content_hash="h1",
                    title="Kremlin denies call",
                    outlet_id="wapo",
                    url="https://example.org/a",
                )
            ]
        )
    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    axe = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            # the login page, before logging in
            pages = [("/login", True)] + [(u, False) for u in PAGES]
            for url, before_login in pages:
                if not before_login and "/login" in page.url:
                    page.goto(base + app.state.guard.login_path())
                page.goto(base + url)
                page.add_script_tag(content=axe)
                result = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                    ".violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,"
                    " target: v.nodes[0].target.join(' ')}))"
                )
                bad = [
                    f"{v['id']} ({v['impact']}, {v['n']}x, e.g. {v['target']})"
                    for v in result
                    if v["impact"] in ("serious", "critical")
                ]
                if bad:
                    found[url] = bad
                assert page.locator("h1").count() == 1, f"{url}: one h1 per page"
            browser.close()
    finally:
        server.should_exit = True
    assert found == {}
