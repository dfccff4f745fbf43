"""A page for each evidence item and resolution: its fields, notes, history and delete link.

They had only a row in their table, so a note could not be pinned on them and a deletion had
no page to start from. The fields are shown as they are stored (escaped); the proposition
each points at is linked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from veracity.errors import NotFoundError
from veracity.store import schema
from veracity.store.access import reading
from veracity.store.notes import notes
from veracity.web.cases import store_of
from veracity.web.render import respond
from veracity.web.views import history_of

#: record kind -> the word for one
KINDS = {"evidence": "Evidence item", "resolutions": "Resolution"}


def record(request: Request) -> Response:
    kind = request.url.path.strip("/").split("/", 1)[0]
    rid = str(request.path_params["rid"])
    table = schema.RECORD_TABLES[kind]
    store = store_of(request)
    with reading(store) as conn:
        row = conn.execute(select(table).where(table.c.id == rid)).first()
    if row is None:
        raise NotFoundError(f"no {KINDS[kind].lower()} {rid!r}")
    fields: dict[str, Any] = {k: v for k, v in row._mapping.items() if k != "seq"}
    context = {
        "noun": KINDS[kind],
        "fields": fields,
        "table": kind,
        "history": history_of(store, kind, rid),
        "notes": notes(store, kind, rid),
        "kind": kind,
        "record_id": rid,
    }
    payload = {**fields, "history": context["history"], "notes": context["notes"]}
    return respond(request, "record.html", context, payload)
