"""The cases page: list, create and switch cases (see ``cases.py``)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from veracity.errors import InputError
from veracity.web.cases import Cases, current_case
from veracity.web.render import respond
from veracity.web.security import Guard, cookie_header, require


def _cases(request: Request) -> Cases:
    return request.app.state.cases


def _form(request: Request) -> Any:
    return request.scope.get("state", {}).get("form") or {}


def _switched(request: Request, name: str) -> Response:
    who = require(request, "viewer")
    guard: Guard = request.app.state.guard
    value, _ = guard.session_cookie(who.name, who.role, name)
    response = RedirectResponse("/", status_code=303)
    response.headers.append(
        "set-cookie", cookie_header(value, secure=request.url.scheme == "https")
    )
    return response


async def cases_page(request: Request) -> Response:
    """GET: the cases and which one you are in. POST: create a case (analyst) and switch to it."""
    cases = _cases(request)
    if request.method == "POST":
        require(request, "analyst")
        name = str(_form(request).get("name") or "").strip().lower()
        await run_in_threadpool(cases.create, name)
        return _switched(request, name)
    names = await run_in_threadpool(cases.names)
    context = {
        "names": names,
        "current": current_case(request),
        "can_create": cases.folder is not None,
    }
    return respond(request, "cases.html", context, {"cases": names, "current": context["current"]})


async def switch(request: Request) -> Response:
    """Work on another case (a change of session, not of data: viewers may switch)."""
    name = str(_form(request).get("name") or "")
    if not _cases(request).exists(name):
        raise InputError(f"no case {name!r}", field="name")
    return _switched(request, name)
