"""Deleting and restoring records in the browser (editors), each recorded in the history.

``GET /delete/{kind}/{id}`` shows the record and asks why; the ``POST`` deletes it through
``veracity.store.deletions`` (refused, with what still points at it, when others refer to it).
``/deleted`` lists deletions not since undone, each with an "Undo" button for editors, which
puts the record back (``POST /restore/{kind}/{id}``). Viewers and analysts see the list, not
the buttons, and a POST from them is refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from veracity.errors import NotFoundError
from veracity.store import schema
from veracity.store.access import reading
from veracity.store.deletions import KINDS, delete_record, deleted_records, restore_record
from veracity.web.cases import store_of
from veracity.web.render import render_page, respond
from veracity.web.security import require

#: where a record of each kind is shown once it exists again
_PAGES = {
    "statements": "/statements/{}",
    "sources": "/sources/{}",
    "propositions": "/propositions/{}",
    "documents": "/documents/{}",
    "evidence": "/evidence/{}",
    "resolutions": "/resolutions/{}",
}


def _kind(request: Request) -> str:
    kind = str(request.path_params["kind"])
    if kind not in KINDS:
        raise NotFoundError(f"cannot delete {kind!r} here; delete one of {', '.join(KINDS)}")
    return kind


def _row(request: Request, kind: str, rid: str) -> dict[str, Any]:
    table = schema.RECORD_TABLES[kind]
    with reading(store_of(request)) as conn:
        row = conn.execute(select(table).where(table.c.id == rid)).first()
    if row is None:
        raise NotFoundError(f"no {KINDS[kind]} {rid!r}")
    return {k: v for k, v in row._mapping.items() if k != "seq"}


async def delete_view(request: Request) -> Response:
    """GET: what will be deleted, and a form asking why. POST: delete it (editors)."""
    kind, rid = _kind(request), str(request.path_params["rid"])
    who = require(request, "editor")
    if request.method == "GET":
        row = await run_in_threadpool(_row, request, kind, rid)
        context = {"kind": kind, "noun": KINDS[kind], "rid": rid, "row": row}
        return HTMLResponse(render_page(request, "delete.html", context))
    form: Any = request.scope.get("state", {}).get("form") or {}
    why = str(form.get("why") or "").strip()[:2000]
    store = store_of(request)
    await run_in_threadpool(lambda: delete_record(store, kind, rid, who=who.name, why=why))
    return RedirectResponse("/deleted", status_code=303)


async def restore_view(request: Request) -> Response:
    """Undo a deletion (editors): the record comes back with the values it had."""
    kind, rid = _kind(request), str(request.path_params["rid"])
    who = require(request, "editor")
    form: Any = request.scope.get("state", {}).get("form") or {}
    why = str(form.get("why") or "").strip()[:2000] or "undo"
    store = store_of(request)
    await run_in_threadpool(lambda: restore_record(store, kind, rid, who=who.name, why=why))
    return RedirectResponse(_PAGES[kind].format(rid), status_code=303)


def deleted_page(request: Request) -> Response:
    """Deletions not since undone: what, who, when, why."""
    require(request, "viewer")
    rows = deleted_records(store_of(request))
    return respond(request, "deleted.html", {"deleted": rows, "nouns": KINDS}, rows)
