"""Exports and the claim check: pages that read the case and hand it out or weigh it.

- ``/exports``: every table as CSV, JSON lines or a JSON page (links to the tables' twins),
  the HTML report of the newest saved assessment, and that assessment as ClaimReview
  JSON-LD (marked as model estimates). Both files come as downloads, never rendered inside
  the workbench's origin (the report carries its own inline CSS).
- ``/check``: a claim weighed against stored documents with ``veracity.stance`` — for each
  document its stance toward the claim (supports, refutes, discusses, unrelated) and the
  sentences that carry it. Reads only; nothing is stored.
"""

from __future__ import annotations

import io

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from veracity.errors import InputError, NotFoundError
from veracity.store.browse import SPECS, browse
from veracity.store.overview import latest_head
from veracity.web.cases import current_case, store_of
from veracity.web.render import render_page, respond

MAX_CHECKED = 50


def exports_page(request: Request) -> Response:
    store = store_of(request)
    head = latest_head(store)
    context = {"tables": list(SPECS), "head": head, "case": current_case(request)}
    return HTMLResponse(render_page(request, "exports.html", context))


def _download(body: str, media: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def report_html(request: Request) -> Response:
    """The report of the newest saved assessment, as ``veracity report --html`` writes it."""
    from veracity.report.html import render_html
    from veracity.report.sections import case_report

    store = store_of(request)
    head = latest_head(store)
    if head is None:
        raise NotFoundError("no saved assessment to report: assess on the overview first")
    data = case_report(store, store.assessment(head.id))
    return _download(
        render_html(data), "text/html; charset=utf-8", f"{current_case(request)}-report.html"
    )


def claimreview(request: Request) -> Response:
    """The newest saved assessment as ClaimReview JSON-LD (``veracity export --format
    claimreview``)."""
    from veracity.ingest.claimreview_export import export_claimreviews

    store = store_of(request)
    head = latest_head(store)
    if head is None:
        raise NotFoundError("no saved assessment to export: assess on the overview first")
    out = io.StringIO()
    export_claimreviews(store, out, assessment_id=head.id)
    return _download(
        out.getvalue(), "application/ld+json", f"{current_case(request)}-claimreview.jsonld"
    )


def check(request: Request) -> Response:
    """GET ``claim`` (and ``q`` to choose documents by title or url): each document's stance."""
    from veracity.stance import classify_many

    claim = (request.query_params.get("claim") or "").strip()
    q = (request.query_params.get("q") or "").strip()
    rows: list[dict[str, object]] = []
    count = 0
    if claim:
        if len(claim) > 2000:
            raise InputError("a claim holds at most 2,000 characters", field="claim")
        store = store_of(request)
        page = browse(store, "documents", q=q, size=MAX_CHECKED, facets=False)
        count = page.count
        docs = [store.document(r["id"]) for r in page.rows]
        for doc, stance in zip(docs, classify_many((claim, d.text) for d in docs), strict=True):
            rows.append(
                {
                    "document_id": doc.id,
                    "title": doc.title or doc.id,
                    "stance": stance.stance,
                    "confidence": stance.confidence,
                    "evidence": [e.text for e in stance.evidence[:3]],
                }
            )
        order = {"refutes": 0, "supports": 1, "discusses": 2, "unrelated": 3}
        rows.sort(key=lambda r: (order.get(str(r["stance"]), 4), -float(str(r["confidence"]))))
    context = {"claim": claim, "q": q, "rows": rows, "count": count, "limit": MAX_CHECKED}
    return respond(request, "check.html", context, {"claim": claim, "documents": rows})
