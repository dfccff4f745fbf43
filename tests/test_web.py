"""The web UI: JSON twins and errors through the ASGI app, and a person's visit in Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from veracity.casework import load_bundled, tag_store_statements
from veracity.store import open_store
from veracity.web import create_app


@pytest.fixture()
def demo_store(tmp_path: Path) -> str:
    db = str(tmp_path / "web.db")
    with open_store(db) as store:
        load_bundled(store, "kremlin-call")
        tag_store_statements(store)
    return db


@pytest.fixture()
def client(demo_store: str) -> TestClient:
    with TestClient(create_app(demo_store)) as c:
        yield c


def test_index_and_its_json_twin(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Donald Trump and Vladimir Putin spoke by phone" in page.text
    data = client.get("/index.json").json()
    p1 = next(p for p in data["assessment"]["propositions"] if p["proposition_id"] == "P1")
    assert data["assessment"]["method"] == "veracity"
    assert 0.6 < p1["probabilities"]["true"] < 0.95


def test_proposition_page_explains(client):
    page = client.get("/propositions/P1")
    assert page.status_code == 200
    assert "<svg" in page.text and "passes on trump-team" in page.text
    data = client.get("/propositions/P1.json").json()
    ids = {c["statement_id"] for c in data["assessment"]["contributions"]}
    assert {"S-wapo-call", "S-peskov-denial", "evidence:E1"} <= ids


def test_resolved_proposition_shows_its_resolution(client):
    data = client.get("/propositions/T-mh17.json").json()
    assert data["resolution"]["value"] == "true"
    assert data["assessment"] is None


def test_sources_and_source_pages(client):
    data = client.get("/sources.json").json()
    rel = {r["source_id"]: r["reliability"] for r in data["reliability"]}
    assert rel["wapo"] > rel["peskov"]
    peskov = client.get("/sources/peskov.json").json()
    outcomes = {t["resolution"]["proposition_id"] for t in peskov["track_record"]}
    assert outcomes == {"T-invasion", "T-cardiac"}


def test_unknown_things_are_404_with_a_message(client):
    page = client.get("/propositions/P404")
    assert page.status_code == 404 and "P404" in page.text
    assert client.get("/sources/nobody.json").json()["ok"] is False


def test_correction_persists_and_is_marked(client):
    r = client.post(
        "/statements/S-peskov-denial", data={"stance": "hedges"}, follow_redirects=False
    )
    assert r.status_code == 303
    st = client.get("/statements/S-peskov-denial.json").json()
    assert st["stance"] == "hedges" and st["corrected"] is True
    bad = client.post("/statements/S-peskov-denial", data={"stance": "shrugs"})
    assert bad.status_code == 400 and "stance" in bad.text


def test_reassess_with_another_method(client):
    r = client.post("/assess", data={"method": "majority_vote"}, follow_redirects=True)
    assert r.status_code == 200
    data = client.get("/index.json?method=majority_vote").json()
    assert data["assessment"]["method"] == "majority_vote"
    assert client.post("/assess", data={"method": "oracle"}).status_code == 400


def test_ach_page_has_the_heatmap(client):
    page = client.get("/ach")
    assert page.status_code == 200 and "<svg" in page.text and "H5" in page.text
    cards = client.get("/ach.json").json()
    assert cards[0]["question"]["id"] == "why-deny"


def test_tactics_page_and_twin(client):
    page = client.get("/tactics")
    assert page.status_code == 200 and "<mark>" in page.text
    data = client.get("/tactics.json").json()
    techniques = {
        t["technique"]
        for row in data["tagged"]
        if row["statement"]["id"] == "S-peskov-denial"
        for t in row["tags"]
    }
    assert {"blanket_denial", "discrediting_the_messenger"} <= techniques


def test_tactics_page_without_tags_says_what_to_run(tmp_path):
    db = str(tmp_path / "empty.db")
    with open_store(db) as store:
        load_bundled(store, "kremlin-call")
    with TestClient(create_app(db)) as c:
        page = c.get("/tactics")
    assert page.status_code == 404 and "veracity tactics statements" in page.text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def live_server(demo_store: str):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(demo_store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_person_browses_corrects_and_reassesses(live_server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(live_server + "/")
        assert "Propositions" in page.inner_text("h1")
        page.click("text=P1")
        before = page.inner_text("#probability")
        assert before.startswith("P(true) = 0.")
        # the analyst decides Peskov's denial was only a hedge, and re-assesses
        page.click("#statements >> text=Dmitry Peskov >> xpath=../.. >> text=edit")
        page.select_option("#stance", "hedges")
        page.click("#save")
        assert "corrected by an analyst" in page.content()
        page.goto(live_server + "/")
        page.select_option("#method", "veracity")
        page.click("#assess-button")
        page.click("text=P1")
        # a hedge (weak assertion) by a source right less than half the time now counts against
        assert page.inner_text("#probability") != before
        page.goto(live_server + "/ach")
        assert page.locator("svg").count() >= 1
        page.screenshot(path=str(tmp_path / "ach.png"), full_page=True)
        browser.close()
    assert (tmp_path / "ach.png").stat().st_size > 10_000
