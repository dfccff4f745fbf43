"""Attacks on the workbench, made the way an attacker would make them; each must change nothing.

Through the ASGI app: a cross-origin form post and a ``no-cors`` fetch carrying the victim's
cookie, a forged or missing CSRF token, an ``<img>`` GET, a foreign Host header (DNS
rebinding), a viewer writing, a tampered cookie, a spent login link, an open redirect. In
Chromium: a page on another origin auto-submits a form, fires a no-cors fetch and an ``<img>``,
and frames the workbench, against a logged-in victim.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.assess import assess_store
from veracity.casework import load_bundled
from veracity.cli import cli
from veracity.store import open_store
from veracity.store.accounts import add_user, check_password, disable_user, verify_password
from veracity.web import create_app
from veracity.web.security import COOKIE
from web_helpers import HOSTS, PASSWORD, account_client, csrf, login, token_client


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "sec.db")
    with open_store(path) as store:
        load_bundled(store, "kremlin-call")
        assess_store(store)
    return path


@pytest.fixture()
def client(db: str):
    c = token_client(db)
    yield c
    c.__exit__(None, None, None)


def _stance(db: str) -> str:
    with open_store(db) as store:
        return store.statement("S-peskov-denial").stance.value


def _assessments(db: str) -> int:
    with open_store(db) as store:
        return store.counts()["assessments"]


EVIL = "http://evil.example"


def test_cross_origin_form_post_with_the_victims_cookie_is_refused(client, db):
    # the browser sends the cookie (an old browser, or SameSite not honoured) and the Origin
    r = client.post(
        "/statements/S-peskov-denial/correct",
        data={"stance": "hedges", "source": "wapo"},
        headers={"origin": EVIL, "sec-fetch-site": "cross-site"},
    )
    assert r.status_code == 403
    # without any Origin or Fetch-Metadata header (a very old browser): no token, no write
    r = client.post("/statements/S-peskov-denial/correct", data={"stance": "hedges"})
    assert r.status_code == 403
    # a guessed token
    r = client.post(
        "/statements/S-peskov-denial/correct", data={"stance": "hedges", "csrf_token": "guess"}
    )
    assert r.status_code == 403
    assert _stance(db) == "denies"


def test_no_cors_fetch_cannot_assess(client, db):
    before = _assessments(db)
    for headers in (
        {"origin": EVIL, "sec-fetch-site": "cross-site", "content-type": "text/plain"},
        {"origin": "null", "content-type": "text/plain"},  # a sandboxed frame
        {"content-type": "text/plain"},
    ):
        r = client.post("/assess", content=b"method=crh", headers=headers)
        assert r.status_code == 403
    assert _assessments(db) == before


def test_a_token_from_another_session_does_not_work(db):
    alice, mallory = token_client(db), None
    app = alice.app
    token = csrf(alice)
    # mallory's own session on the same server (anonymous) has its own nonce
    from starlette.testclient import TestClient

    mallory = TestClient(app)
    mallory.__enter__()
    mallory.get("/login")
    r = mallory.post("/assess", data={"method": "crh", "csrf_token": token})
    assert r.status_code == 403
    alice.__exit__(None, None, None)
    mallory.__exit__(None, None, None)


def test_img_get_never_writes(client, db):
    before = _assessments(db)
    for url in (
        "/sources?method=crh",
        "/?method=crh",
        "/propositions/P1?method=crh",
        "/sources/chart.svg?method=crh",
        "/index.json?method=majority_vote",
    ):
        assert client.get(url).status_code in (200, 404)
    assert client.get("/assess?method=crh").status_code == 405
    assert client.get("/statements/S-peskov-denial/correct?stance=hedges").status_code == 405
    assert _assessments(db) == before and _stance(db) == "denies"


def test_pages_refuse_framing_and_carry_security_headers(client):
    for url in (
        "/",
        "/propositions/P1",
        "/statements",
        "/no/such/page",
        "/login",
        "/statements.json",
    ):
        h = client.get(url).headers
        assert h["x-frame-options"] == "DENY", url
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "script-src 'self'" in h["content-security-policy"]
        assert (
            "unsafe-inline" not in h["content-security-policy"].split("script-src")[1].split(";")[0]
        )
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"
        assert h["cross-origin-resource-policy"] == "same-origin"


def test_templates_hold_no_inline_script_or_style(client):
    for url in (
        "/",
        "/propositions/P1",
        "/statements/S-peskov-denial",
        "/statements",
        "/sources/peskov",
        "/new/statements",
    ):
        text = client.get(url).text
        assert "<script" not in text and "<style" not in text and " style=" not in text, url
        assert " onclick=" not in text and "javascript:" not in text


def test_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "evil.example:8001"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8001"}).status_code == 200
    assert client.get("/", headers={"host": "localhost"}).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(db):
    from starlette.testclient import TestClient

    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    with TestClient(app) as anon:
        r = anon.get("/propositions/P1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert anon.get("/index.json").status_code == 401
        assert anon.get("/statements.csv").status_code == 401
        token = csrf(anon, "/login")
        assert anon.post("/assess", data={"csrf_token": token}).status_code == 401


def test_the_login_link_works_once(db):
    from starlette.testclient import TestClient

    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    link = app.state.guard.login_path()
    with TestClient(app) as first, TestClient(app) as second:
        assert first.get(link, follow_redirects=False).status_code == 303
        assert first.get("/index.json").status_code == 200
        r = second.get(link, follow_redirects=False)
        assert r.status_code == 401 and "already used" in r.text
        assert second.get("/index.json").status_code == 401


def test_tampered_or_forged_cookie_is_anonymous(client):
    value = client.cookies.get(COOKIE)
    body, mac = value.split(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["r"] = "admin"
    payload["u"] = "mallory"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    client.cookies.clear()
    client.cookies.set(COOKIE, forged + "." + mac)
    assert client.get("/index.json").status_code == 401
    client.cookies.clear()
    client.cookies.set(COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/index.json").status_code == 401


def test_login_does_not_redirect_off_site(db):
    from starlette.testclient import TestClient

    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    with TestClient(app) as c:
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            link = app.state.guard.login_path()
            app.state.guard.login_token = "t" * 20
            r = c.get(f"/login?token={'t' * 20}&next={target}", follow_redirects=False)
            assert r.headers["location"] == "/", target
            del link


def test_viewer_reads_but_cannot_write(db):
    viewer = account_client(db, "vera", "viewer")
    assert viewer.get("/propositions/P1").status_code == 200
    token = csrf(viewer, "/propositions/P1")  # the logout form carries it
    for url, data in (
        ("/statements/S-peskov-denial/correct", {"stance": "hedges"}),
        ("/assess", {"method": "crh"}),
        ("/new/sources", {"id": "x", "name": "X"}),
        ("/notes/statements/S-peskov-denial", {"text": "hi"}),
    ):
        r = viewer.post(url, data={**data, "csrf_token": token})
        assert r.status_code == 403, url
    assert viewer.get("/new/sources").status_code == 403
    page = viewer.get("/statements/S-peskov-denial").text
    assert 'id="correction"' not in page and 'id="add-note"' not in page
    assert _stance(db) == "denies"
    viewer.__exit__(None, None, None)


def test_analyst_writes_but_only_an_editor_resolves(db):
    analyst = account_client(db, "ana", "analyst")
    token = csrf(analyst, "/statements/S-peskov-denial")
    r = analyst.post(
        "/statements/S-peskov-denial/correct",
        data={"stance": "hedges", "why": "tone", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303 and _stance(db) == "hedges"
    r = analyst.post(
        "/new/resolutions",
        data={"id": "R9", "proposition_id": "P1", "value": "true", "csrf_token": token},
    )
    assert r.status_code == 403
    analyst.__exit__(None, None, None)


def test_accounts_wrong_password_disabled_account_and_role_change(db):
    with open_store(db) as store:
        add_user(store, "bob", "analyst", PASSWORD)
    from starlette.testclient import TestClient

    app = create_app(db, auth="accounts", allowed_hosts=HOSTS)
    with TestClient(app) as c:
        token = csrf(c, "/login")
        r = c.post(
            "/login", data={"name": "bob", "password": "wrong password", "csrf_token": token}
        )
        assert r.status_code == 401
        r = c.post("/login", data={"name": "nobody", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 401
        login(c, "bob")
        assert c.get("/index.json").status_code == 200
        with open_store(db) as store:
            disable_user(store, "bob")
        assert c.get("/index.json").status_code == 401  # the open session ends at once


def test_passwords_are_salted_scrypt_hashes(db):
    with open_store(db) as store:
        add_user(store, "carol", "viewer", PASSWORD)
        add_user(store, "dave", "viewer", PASSWORD)
        from sqlalchemy import select

        from veracity.store.migration_web import users

        with store.engine.connect() as conn:
            hashes = dict(conn.execute(select(users.c.name, users.c.password_hash)).all())
        assert hashes["carol"] != hashes["dave"] and PASSWORD not in hashes["carol"]
        assert hashes["carol"].startswith("scrypt$")
        assert verify_password(PASSWORD, hashes["carol"])
        assert check_password(store, "carol", PASSWORD) is not None
        with pytest.raises(Exception, match="8 characters"):
            add_user(store, "eve", "viewer", "short")
        with pytest.raises(Exception, match="role"):
            add_user(store, "eve", "root", PASSWORD)


def test_serve_refuses_the_network_without_a_login(db):
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--auth", "none"])
    assert result.exit_code == 2 and "refusing" in result.output
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--auth", "accounts"])
    assert result.exit_code == 2 and "veracity user add" in result.output


# -- in a real browser -----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

ATTACK = """<!doctype html><html><body>
<h1>Win a prize</h1>
<iframe id="frame" src="{target}/statements/S-peskov-denial"></iframe>
<img src="{target}/sources?method=crh" alt="">
<form id="f" method="post" action="{target}/statements/S-peskov-denial/correct">
<input name="stance" value="hedges"><input name="source" value="wapo">
<input name="csrf_token" value="guess">
</form>
<script>
fetch("{target}/assess", {{method: "POST", mode: "no-cors", body: "method=crh",
       credentials: "include", headers: {{"Content-Type": "application/x-www-form-urlencoded"}}}});
setTimeout(() => document.getElementById("f").submit(), 300);
</script></body></html>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_hostile_page_in_chromium_changes_nothing(db, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    import uvicorn

    port, evil_port = _free_port(), _free_port()
    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    target = f"http://127.0.0.1:{port}"
    (tmp_path / "index.html").write_text(ATTACK.format(target=target))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(tmp_path), **k)

        def log_message(self, *args):
            pass

    evil = http.server.ThreadingHTTPServer(("127.0.0.1", evil_port), Quiet)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    before = _assessments(db)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(target + app.state.guard.login_path())  # the victim is logged in
            assert page.inner_text("h1") == "Propositions"
            # "localhost" is another site than "127.0.0.1": the attacker's page
            page.goto(f"http://localhost:{evil_port}/index.html")
            page.wait_for_timeout(1500)
            frame = page.frame_locator("#frame")
            assert frame.locator("h1").count() == 0  # the workbench refused to be framed
            browser.close()
    finally:
        server.should_exit = True
        evil.shutdown()
    assert _stance(db) == "denies"
    assert _assessments(db) == before


def test_json_api_writes_with_the_session_token_header(client, db):
    session = client.get("/-/session.json").json()
    assert session["actor"]["role"] == "admin" and session["csrf_token"]
    r = client.post(
        "/statements/S-peskov-denial/correct",
        json={"stance": "hedges", "why": "via the API"},
        headers={"x-csrf-token": session["csrf_token"]},
        follow_redirects=False,
    )
    assert r.status_code == 303 and _stance(db) == "hedges"
    history = client.get("/statements/S-peskov-denial.json").json()["history"]
    assert history[-1]["why"] == "via the API" and history[-1]["who"] == "local"
    r = client.post(
        "/statements/S-peskov-denial/correct",
        json={"stance": "denies"},
        headers={"x-csrf-token": "wrong"},
    )
    assert r.status_code == 403 and _stance(db) == "hedges"


def test_password_guessing_is_throttled(db):
    from starlette.testclient import TestClient

    with open_store(db) as store:
        add_user(store, "gus", "viewer", PASSWORD)
    app = create_app(db, auth="accounts", allowed_hosts=HOSTS)
    with TestClient(app) as c:
        token = csrf(c, "/login")
        for _ in range(5):
            r = c.post(
                "/login", data={"name": "gus", "password": "guess 1234", "csrf_token": token}
            )
            assert "Wrong name or password" in r.text
        r = c.post("/login", data={"name": "gus", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 401 and "Too many failed logins" in r.text


def test_a_server_error_shows_no_traceback_and_keeps_the_headers(db, monkeypatch):
    from starlette.testclient import TestClient

    from veracity.web import views

    def broken(request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "index", broken)
    app = create_app(db, auth="none", allowed_hosts=HOSTS)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/")
    assert r.status_code == 500 and "secret internals" not in r.text
    assert (
        r.headers["x-frame-options"] == "DENY"
        and "frame-ancestors" in r.headers["content-security-policy"]
    )
