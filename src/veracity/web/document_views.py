"""A document's own page: what it is, its text, the statements read from it, notes, history.

Ingested articles were only a row of the documents table (the text cut at 300 characters), so
an analyst checking a statement could not read the sentence around it. The text is shown as
paragraphs, escaped like everything else; its address is a link that leaves the workbench
without a referrer.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from veracity.store.browse import browse
from veracity.store.notes import notes
from veracity.store.overview import names
from veracity.web.cases import store_of
from veracity.web.render import plain, respond
from veracity.web.views import history_of

#: characters of a document's text shown (a web page saved whole can be megabytes)
MAX_TEXT = 200_000


def document(request: Request) -> Response:
    did = str(request.path_params["did"])
    store = store_of(request)
    doc = store.document(did)
    statements = browse(
        store,
        "statements",
        filters={"document_id": did},
        size=50,
        after=request.query_params.get("_next") or None,
        facets=False,
    )
    outlet = names(store, [doc.outlet_id]) if doc.outlet_id else {}
    text = doc.text[:MAX_TEXT]
    context = {
        "doc": doc,
        "outlet_name": outlet.get(doc.outlet_id or "", doc.outlet_id),
        "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
        "cut": len(doc.text) > MAX_TEXT,
        "statements": statements,
        "history": history_of(store, "documents", did),
        "notes": notes(store, "documents", did),
        "kind": "documents",
        "record_id": did,
    }
    payload = {
        "document": plain(doc),
        "statements": statements.rows,
        "next": statements.next,
        "history": context["history"],
        "notes": context["notes"],
    }
    return respond(request, "document.html", context, payload)
