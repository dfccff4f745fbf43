"""Helpers the web tests share: a logged-in test client and the page's CSRF token."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.testclient import TestClient

from veracity.store import open_store
from veracity.store.accounts import add_user
from veracity.web import create_app

HOSTS = ("testserver", "127.0.0.1", "localhost")
PASSWORD = "long enough password"


def token_client(db: str) -> TestClient:
    """A client logged in through the one-time link (token mode), as `veracity serve` prints."""
    app = create_app(db, auth="token", allowed_hosts=HOSTS)
    client = TestClient(app)
    client.__enter__()
    response = client.get(app.state.guard.login_path(), follow_redirects=False)
    assert response.status_code == 303
    return client


def account_client(db: str, name: str, role: str) -> TestClient:
    """A client logged in as a new account ``name`` with ``role`` (accounts mode)."""
    with open_store(db) as store:
        add_user(store, name, role, PASSWORD)
    client = TestClient(create_app(db, auth="accounts", allowed_hosts=HOSTS))
    client.__enter__()
    login(client, name)
    return client


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    token = csrf(client, "/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def csrf(client: TestClient, path: str = "/") -> str:
    """The CSRF token of the client's session, read from a form on ``path``."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF field on {path}: {page.status_code}"
    return found.group(1)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` on a real server (uvicorn, loopback, a free port) for a browser or an HTTP client
    that must see what a person's requests see (the test client decodes paths twice); yields
    its base URL and stops it afterwards."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
