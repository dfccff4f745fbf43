"""Logging in and out: the one-time token link (token mode) and the account form (accounts).

A successful login issues a new session cookie (a fresh CSRF nonce too), so a session value
planted before login is never the one that ends up authenticated.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from veracity.store.accounts import check_password
from veracity.web.render import render_page
from veracity.web.security import Guard, cookie_header


def _guard(request: Request) -> Guard:
    return request.app.state.guard


def _safe_next(target: str | None) -> str:
    """Only a path on this site: ``//evil.example`` or ``https://…`` would be an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _logged_in(request: Request, name: str, role: str, target: str | None) -> Response:
    value, _ = _guard(request).session_cookie(name, role)
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.headers.append(
        "set-cookie", cookie_header(value, secure=request.url.scheme == "https")
    )
    return response


async def login_page(request: Request) -> Response:
    guard = _guard(request)
    state: dict[str, Any] = request.scope.get("state", {})
    target = request.query_params.get("next")
    message = ""
    if request.method == "GET" and guard.mode == "token" and "token" in request.query_params:
        if guard.spend_token(request.query_params["token"]):
            return _logged_in(request, "local", "admin", target)
        message = (
            "That login link was already used or is wrong: restart `veracity serve` for a new one."
        )
    if request.method == "POST":
        form = state.get("form") or {}
        target = str(form.get("next") or target or "/")
        if guard.mode == "token":
            if guard.spend_token(str(form.get("token") or "")):
                return _logged_in(request, "local", "admin", target)
            message = "That token was already used or is wrong."
        elif guard.mode == "accounts":
            name = str(form.get("name") or "")
            if guard.throttled(name):
                message = "Too many failed logins for this name: wait a minute and try again."
            else:
                user = await run_in_threadpool(
                    check_password, guard.store, name, str(form.get("password") or "")
                )
                if user is not None:
                    return _logged_in(request, user.name, user.role, target)
                guard.failed(name)
                message = "Wrong name or password."
        else:
            return RedirectResponse(_safe_next(target), status_code=303)
    html = render_page(
        request, "login.html", {"mode": guard.mode, "message": message, "next": target or "/"}
    )
    return HTMLResponse(html, status_code=401 if message else 200)


async def session(request: Request) -> Response:
    """Who you are, your case and your CSRF token, for programs calling the JSON API (a page
    on another origin cannot read this: no CORS, same-origin resource policy)."""
    from starlette.responses import JSONResponse

    state = request.scope.get("state", {})
    who = state.get("actor")
    return JSONResponse(
        {
            "actor": None if who is None else {"name": who.name, "role": who.role},
            "case": state.get("case") or "main",
            "csrf_token": state.get("csrf", ""),
        },
        headers={"cache-control": "no-store"},
    )


async def logout(request: Request) -> Response:
    value, _ = _guard(request).session_cookie(None, None)
    response = RedirectResponse("/login", status_code=303)
    response.headers.append(
        "set-cookie", cookie_header(value, secure=request.url.scheme == "https")
    )
    return response
