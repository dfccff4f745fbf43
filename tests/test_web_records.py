"""Browser work on records: delete and undo, grow an ACH board, tactic tags, persisted jobs.

Each write is tried the way an analyst makes it (a form post with the page's CSRF token) and
the way an attacker would (a cross-site form with the victim's cookie, a ``no-cors`` fetch, an
``<img>`` GET, a viewer's own session); the attacks must change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.casework import load_bundled
from veracity.store import open_store
from veracity.store.corrections import corrections
from veracity.store.jobs import JobState, read_job, save_job
from veracity.store.questions import read_question
from veracity.store.tactic_tags import tags_of
from veracity.web import create_app
from web_helpers import HOSTS, account_client, csrf, token_client

EVIL = "http://evil.example"
STATEMENT = "S-peskov-denial"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "records.db")
    with open_store(path) as store:
        load_bundled(store, "kremlin-call")
    return path


def _has_statement(db: str, sid: str = STATEMENT) -> bool:
    with open_store(db) as store:
        return bool(store.existing_ids("statements", [sid]))


def _attacks(client, url: str, data: dict[str, str]) -> None:  # noqa: ANN001
    """A cross-site form, a no-cors fetch, a missing/guessed token, an <img> GET: all refused."""
    for headers in (
        {"origin": EVIL, "sec-fetch-site": "cross-site"},
        {"origin": "null"},
        {},
    ):
        r = client.post(url, data=data, headers=headers, follow_redirects=False)
        assert r.status_code == 403, (url, headers)
    r = client.post(url, content=b"why=x", headers={"content-type": "text/plain"})
    assert r.status_code == 403
    r = client.post(url, data={**data, "csrf_token": "guess"}, follow_redirects=False)
    assert r.status_code == 403
    assert client.get(url + "?" + "&".join(f"{k}={v}" for k, v in data.items())).status_code in (
        200,
        403,
        405,
    )


# -- delete and undo ---------------------------------------------------------------------------


def test_an_editor_deletes_with_a_reason_sees_it_in_the_history_and_undoes_it(db):
    editor = account_client(db, "eda", "editor")
    page = editor.get(f"/statements/{STATEMENT}").text
    assert f'href="/delete/statements/{STATEMENT}"' in page
    confirm = editor.get(f"/delete/statements/{STATEMENT}")
    assert confirm.status_code == 200 and "vivid" in confirm.text
    token = csrf(editor, f"/delete/statements/{STATEMENT}")
    r = editor.post(f"/delete/statements/{STATEMENT}", data={"csrf_token": token, "why": ""})
    assert r.status_code == 400 and _has_statement(db)  # a reason is required
    r = editor.post(
        f"/delete/statements/{STATEMENT}",
        data={"csrf_token": token, "why": "a duplicate of S-peskov-talks"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and not _has_statement(db)
    assert editor.get(f"/statements/{STATEMENT}").status_code == 404
    listing = editor.get("/deleted.json").json()
    assert listing[0]["id"] == STATEMENT and listing[0]["who"] == "eda"
    assert listing[0]["why"] == "a duplicate of S-peskov-talks"
    history = editor.get("/history").text
    assert "eda" in history and "deleted" in history
    r = editor.post(
        f"/restore/statements/{STATEMENT}", data={"csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"/statements/{STATEMENT}"
    assert _has_statement(db) and editor.get("/deleted.json").json() == []
    with open_store(db) as store:
        rows = [(c.field, c.new, c.who) for c in corrections(store, "statements", STATEMENT)]
        assert ("record", "deleted", "eda") in rows and ("record", "restored", "eda") in rows
        assert "vivid" in (store.statement(STATEMENT).quote or "")
    editor.__exit__(None, None, None)


def test_a_record_others_point_at_is_not_deleted(db):
    editor = account_client(db, "eda", "editor")
    token = csrf(editor, "/deleted")
    r = editor.post("/delete/sources/peskov", data={"csrf_token": token, "why": "dup"})
    assert r.status_code == 400 and "statements" in r.text
    with open_store(db) as store:
        assert store.source("peskov").name
    editor.__exit__(None, None, None)


def test_deleting_is_refused_to_viewers_analysts_and_attackers(db):
    for role in ("viewer", "analyst"):
        client = account_client(db, f"u-{role}", role)
        token = csrf(client, "/deleted")
        assert f"/delete/statements/{STATEMENT}" not in client.get(f"/statements/{STATEMENT}").text
        assert client.get(f"/delete/statements/{STATEMENT}").status_code == 403
        r = client.post(f"/delete/statements/{STATEMENT}", data={"csrf_token": token, "why": "x"})
        assert r.status_code == 403, role
        client.__exit__(None, None, None)
    victim = token_client(db)  # the owner, logged in: an attacker's page posts with their cookie
    _attacks(victim, f"/delete/statements/{STATEMENT}", {"why": "x"})
    victim.__exit__(None, None, None)
    assert _has_statement(db)


# -- ACH boards --------------------------------------------------------------------------------


def test_an_analyst_adds_a_hypothesis_and_evidence_citing_a_statement(db):
    ana = account_client(db, "ana", "analyst")
    board = ana.get("/ach/why-deny").text
    assert 'id="add-hypothesis"' in board and 'id="add-evidence"' in board
    token = csrf(ana, "/ach/why-deny")
    r = ana.post(
        "/ach/why-deny/hypotheses",
        data={"csrf_token": token, "text": "<b>A cover story</b>"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = ana.post(
        "/ach/why-deny/evidence",
        data={"csrf_token": token, "statement_id": STATEMENT, "relevance": "high"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = ana.post("/ach/why-deny/evidence", data={"csrf_token": token, "statement_id": "no-such"})
    assert r.status_code == 400 and "statement_id" in r.text
    with open_store(db) as store:
        q = read_question(store, "why-deny")
    assert [h.id for h in q.hypotheses][-1] == "H6" and q.hypotheses[
        -1
    ].text == "<b>A cover story</b>"
    cited = q.evidence[-1]
    assert cited.id == "E8" and cited.statement_id == STATEMENT and cited.relevance.value == "high"
    assert " denies: “" in cited.description
    page = ana.get("/ach/why-deny").text
    assert "&lt;b&gt;A cover story&lt;/b&gt;" in page and f'href="/statements/{STATEMENT}"' in page
    # from a statement's own page: cite it on a board
    assert 'id="cite-on-board"' in ana.get("/statements/S-peskov-talks").text
    r = ana.post(
        "/statements/S-peskov-talks/cite",
        data={"csrf_token": token, "question": "why-deny"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/ach/why-deny"
    with open_store(db) as store:
        assert read_question(store, "why-deny").evidence[-1].statement_id == "S-peskov-talks"
    # the new row and column can be rated at once
    r = ana.post(
        "/ach/why-deny/rate",
        data={"csrf_token": token, "cell:E8:H6": "C"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    ana.__exit__(None, None, None)


def test_a_viewer_and_an_attacker_cannot_grow_a_board(db):
    viewer = account_client(db, "vera", "viewer")
    assert 'id="add-hypothesis"' not in viewer.get("/ach/why-deny").text
    token = csrf(viewer, "/ach/why-deny")
    for url in (
        "/ach/why-deny/hypotheses",
        "/ach/why-deny/evidence",
        f"/statements/{STATEMENT}/cite",
    ):
        data = {"csrf_token": token, "text": "x", "description": "x", "question": "why-deny"}
        r = viewer.post(url, data=data)
        assert r.status_code == 403
    viewer.__exit__(None, None, None)
    victim = token_client(db)
    _attacks(victim, "/ach/why-deny/hypotheses", {"text": "planted"})
    victim.__exit__(None, None, None)
    with open_store(db) as store:
        assert len(read_question(store, "why-deny").hypotheses) == 5


# -- tactic tags -------------------------------------------------------------------------------


def test_an_analyst_tags_tactics_by_rule_and_by_hand_and_removes_one(db):
    ana = account_client(db, "ana", "analyst")
    token = csrf(ana, f"/statements/{STATEMENT}")
    r = ana.post(
        f"/statements/{STATEMENT}/tactics/run", data={"csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303
    # run again: the tagger agrees with what is stored, so nothing new in the history
    ana.post(f"/statements/{STATEMENT}/tactics/run", data={"csrf_token": token})
    with open_store(db) as store:
        quote = store.statement(STATEMENT).quote or ""
        by_rule = tags_of(store, [STATEMENT])[STATEMENT]
    words = quote.split()[1]
    r = ana.post(
        f"/statements/{STATEMENT}/tactics/add",
        data={"csrf_token": token, "technique": "blanket_denial", "span": "not in the quote"},
    )
    assert r.status_code == 400 and "copied from the quote" in r.text
    r = ana.post(
        f"/statements/{STATEMENT}/tactics/add",
        data={"csrf_token": token, "technique": "<script>", "span": words},
    )
    assert r.status_code == 400
    r = ana.post(
        f"/statements/{STATEMENT}/tactics/add",
        data={"csrf_token": token, "technique": "blanket_denial", "span": words, "why": "tone"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = ana.get(f"/statements/{STATEMENT}").text
    assert "analyst:ana" in page and f"“{words}”" in page
    with open_store(db) as store:
        tags = tags_of(store, [STATEMENT])[STATEMENT]
    assert len(tags) == len(by_rule) + 1
    key = f"blanket_denial:{quote.find(words)}:{quote.find(words) + len(words)}"
    r = ana.post(
        f"/statements/{STATEMENT}/tactics/remove",
        data={"csrf_token": token, "tag": key},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with open_store(db) as store:
        assert len(tags_of(store, [STATEMENT])[STATEMENT]) == len(by_rule)
        fields = [c.field for c in corrections(store, "statements", STATEMENT)]
    assert fields.count("tactic") == 2 and fields.count("tactics") == 1
    r = ana.post("/sources/peskov/tactics/run", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    ana.__exit__(None, None, None)


def test_viewers_and_attackers_cannot_tag(db):
    viewer = account_client(db, "vera", "viewer")
    assert 'id="run-tagger"' not in viewer.get(f"/statements/{STATEMENT}").text
    token = csrf(viewer, f"/statements/{STATEMENT}")
    r = viewer.post(f"/statements/{STATEMENT}/tactics/run", data={"csrf_token": token})
    assert r.status_code == 403
    viewer.__exit__(None, None, None)
    victim = token_client(db)
    _attacks(victim, f"/statements/{STATEMENT}/tactics/add", {"technique": "blanket_denial"})
    victim.__exit__(None, None, None)
    with open_store(db) as store:
        assert tags_of(store, [STATEMENT])[STATEMENT] == []


# -- jobs --------------------------------------------------------------------------------------


def _age(db: str, job_id: str, seconds: float) -> None:
    """Make a job's last heartbeat ``seconds`` old, as if its thread had died then."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from veracity.store.access import writing
    from veracity.store.migration_web_jobs import jobs

    then = (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()
    with open_store(db) as store, writing(store) as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(updated=then))


def test_a_job_outlives_the_server_and_a_running_one_shows_as_interrupted(db):
    with open_store(db) as store:
        save_job(
            store,
            JobState(
                "done1",
                "ana",
                "main",
                total=2,
                done=2,
                state="finished",
                result={
                    "documents": 2,
                    "duplicates": 0,
                    "statements": 5,
                    "sources": 1,
                    "propositions": 3,
                },
            ),
        )
        save_job(store, JobState("run1", "ana", "main", total=4, done=1, state="extracting"))
        save_job(store, JobState("live1", "bob", "main", total=3, done=1, state="extracting"))
    _age(db, "run1", 600)  # its server died ten minutes ago
    client = token_client(db)  # a new server on the store
    finished = client.get("/jobs/done1.json").json()
    assert finished["state"] == "finished" and finished["result"]["statements"] == 5
    stopped = client.get("/jobs/run1.json").json()
    assert stopped["state"] == "interrupted" and stopped["done"] == 1 and stopped["total"] == 4
    listing = client.get("/jobs").text
    assert "run1" in listing and "interrupted" in listing
    # another server's job, with a fresh heartbeat, is not declared dead by this one
    assert client.get("/jobs/live1.json").json()["state"] == "extracting"
    with open_store(db) as store:
        assert read_job(store, "live1").state == "extracting"
    _age(db, "live1", 600)  # ... until its heartbeat stops
    assert client.get("/jobs/live1.json").json()["state"] == "interrupted"
    assert client.get("/jobs/nope").status_code == 404
    client.__exit__(None, None, None)


def test_an_uploaded_ingest_is_recorded_as_a_job(db, tmp_path):
    pytest.importorskip("spacy")
    from veracity.extract import load_pipeline

    try:
        load_pipeline(None)
    except Exception:  # noqa: BLE001 - no spaCy model installed here
        pytest.skip("no spaCy English model")
    import time

    client = token_client(db)
    token = csrf(client, "/ingest")
    body = b'Officials denied the report on Monday. "We never agreed to it," said Ann Lee.'
    r = client.post(
        "/ingest",
        data={"csrf_token": token},
        files={"files": ("article.txt", body, "text/plain")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    job = r.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 300  # extraction on a loaded shared machine is slow
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job}.json").json()
        if state["state"] in ("finished", "failed"):
            break
        time.sleep(0.2)
    assert state["state"] == "finished", state
    assert state["done"] == state["total"] == 1
    client.__exit__(None, None, None)
    again = create_app(db, auth="none", allowed_hosts=HOSTS)
    from starlette.testclient import TestClient

    with TestClient(again) as fresh:
        assert fresh.get(f"/jobs/{job}.json").json()["state"] == "finished"


# -- documents and notes on any record ---------------------------------------------------------


def test_a_document_page_shows_its_text_statements_and_takes_notes(db):
    from veracity.model import Document, Statement

    with open_store(db) as store:
        store.add_documents(
            [
                Document(
                    id="D<1>",
                    text="First <b>para</b>.\n\nSecond para.",
                    content_hash="h",
                    title="A <script>title</script>",
                    outlet_id="wapo",
                    url="javascript:alert(1)",
                )
            ]
        )
        store.add_statements(
            [Statement("S-doc", "peskov", "P1", quote="in the doc", document_id="D<1>")]
        )
    ana = account_client(db, "ana", "analyst")
    page = ana.get("/documents/D%3C1%3E")
    assert page.status_code == 200
    assert "&lt;b&gt;para&lt;/b&gt;" in page.text and "<p>Second para.</p>" in page.text
    assert "<script>title" not in page.text and 'href="/statements/S-doc"' in page.text
    assert 'href="javascript:' not in page.text  # a hostile address is never a live link
    assert ana.get("/documents/nope").status_code == 404
    token = csrf(ana, "/documents/D%3C1%3E")
    for url in ("/notes/documents/D%3C1%3E", "/notes/questions/why-deny"):
        r = ana.post(url, data={"csrf_token": token, "text": "check the date"})
        assert r.status_code == 200, url  # redirected to the record's page
        assert "check the date" in r.text
    assert (
        ana.post("/notes/questions/nope", data={"csrf_token": token, "text": "x"}).status_code
        == 404
    )
    ana.__exit__(None, None, None)


def test_a_new_board_without_evidence_says_what_to_do_and_grows(db):
    ana = account_client(db, "ana", "analyst")
    token = csrf(ana, "/ach/new")
    r = ana.post(
        "/ach/new",
        data={"csrf_token": token, "id": "bear", "text": "Was it?", "hypotheses": "yes\nno"},
    )
    assert r.status_code == 200 and 'id="no-evidence"' in r.text
    assert 'id="save-ratings"' not in r.text  # nothing to rate yet
    r = ana.post("/ach/bear/evidence", data={"csrf_token": token, "description": "a photo"})
    assert 'id="save-ratings"' in r.text and 'name="cell:E1:H1"' in r.text
    ana.__exit__(None, None, None)


def test_the_new_json_pages_and_writes_are_in_the_openapi_schema(db):
    client = token_client(db)
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/documents/{did}.json",
        "/deleted.json",
        "/jobs.json",
        "/jobs/{job}.json",
        "/delete/{kind}/{rid}",
        "/restore/{kind}/{rid}",
        "/ach/{qid}/evidence",
        "/statements/{stid}/tactics/add",
    ):
        assert path in paths, path
    # and each JSON page answers as described
    assert client.get("/deleted.json").json() == []
    assert client.get("/jobs.json").json() == []
    client.__exit__(None, None, None)


def test_evidence_and_resolutions_have_pages_with_notes_and_deletion(db):
    editor = account_client(db, "eda", "editor")
    page = editor.get("/evidence/E1")
    assert page.status_code == 200 and 'href="/propositions/' in page.text
    assert 'href="/delete/evidence/E1"' in page.text
    assert editor.get("/resolutions/R-mh17.json").json()["value"]
    assert editor.get("/evidence/nope").status_code == 404
    token = csrf(editor, "/evidence/E1")
    r = editor.post("/notes/resolutions/R-mh17", data={"csrf_token": token, "text": "source?"})
    assert r.status_code == 200 and "source?" in r.text
    r = editor.post("/delete/evidence/E1", data={"csrf_token": token, "why": "dup"})
    assert r.status_code == 200 and "evidence item E1" in r.text  # the deleted list
    r = editor.post("/restore/evidence/E1", data={"csrf_token": token})
    assert r.status_code == 200 and "Evidence item E1" in r.text
    editor.__exit__(None, None, None)


def test_what_belongs_to_a_record_goes_and_comes_back_with_it(db):
    from veracity.model import Source
    from veracity.store.deletions import delete_record, restore_record
    from veracity.store.source_aliases import add_aliases, stored_aliases
    from veracity.store.tactic_tags import replace_tags
    from veracity.tactics.tag import Tag

    with open_store(db) as store:
        store.add_sources([Source("dup", "Dmitri Peskov")])
        add_aliases(store, [("dup", "D. Peskov", "d peskov")], origin="analyst")
        replace_tags(store, {STATEMENT: [Tag("blanket_denial", 0, 4, 0.9, "r")]})
        delete_record(store, "sources", "dup", who="eda", why="a duplicate")
        delete_record(store, "statements", STATEMENT, who="eda", why="test")
        assert not [a for a in stored_aliases(store) if a[0] == "dup"]
        restore_record(store, "sources", "dup", who="eda", why="undo")
        restore_record(store, "statements", STATEMENT, who="eda", why="undo")
        assert [a[1] for a in stored_aliases(store) if a[0] == "dup"] == ["D. Peskov"]
        assert [t["technique"] for t in tags_of(store, [STATEMENT])[STATEMENT]] == [
            "blanket_denial"
        ]


def test_the_new_pages_refuse_framing_and_foreign_hosts_and_hold_no_inline_script(db):
    client = token_client(db)
    pages = (
        f"/delete/statements/{STATEMENT}",
        "/deleted",
        "/jobs",
        "/evidence/E1",
        "/resolutions/R-mh17",
        "/ach/why-deny",
        f"/statements/{STATEMENT}",
    )
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["x-frame-options"] == "DENY", url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], url
        assert "<script" not in r.text and " style=" not in r.text, url
        # DNS rebinding: the same page asked for under another name
        assert client.get(url, headers={"host": "evil.example"}).status_code == 400, url
    # a write through a rebound name is refused before it reaches the view
    token = csrf(client, "/deleted")
    r = client.post(
        f"/delete/statements/{STATEMENT}",
        data={"csrf_token": token, "why": "x"},
        headers={"host": "evil.example"},
    )
    assert r.status_code == 400 and _has_statement(db)
    client.__exit__(None, None, None)
