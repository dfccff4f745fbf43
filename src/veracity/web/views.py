"""One function per page kind; each reads through the library and hands a context to render."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from veracity.assess import assess_store
from veracity.casework import latest_or_assess
from veracity.errors import InputError, NotFoundError
from veracity.fusion import DEFAULT_METHOD, METHODS
from veracity.model import Stance
from veracity.report.charts import contribution_chart, reliability_chart
from veracity.report.data import ReportData
from veracity.report.sections import case_report
from veracity.store import Store
from veracity.store.corrections import correct_statement
from veracity.web.render import plain, respond


def _store(request: Request) -> Store:
    return request.app.state.store


def _report(request: Request) -> ReportData:
    store = _store(request)
    return case_report(store, latest_or_assess(store, request.query_params.get("method")))


async def index(request: Request) -> Response:
    data = _report(request)
    resolved = {r.proposition_id: r for r in data.resolutions}
    context = {
        "data": data,
        "a": data.assessment,
        "resolved": resolved,
        "methods": sorted(METHODS),
        "default_method": DEFAULT_METHOD,
    }
    payload = {
        "assessment": data.assessment,
        "propositions": list(data.propositions.values()),
        "resolutions": data.resolutions,
    }
    return respond(request, "index.html", context, payload)


async def assess(request: Request) -> Response:
    """Run a new assessment with the chosen method, then show it."""
    form = await request.form()
    method = str(form.get("method") or DEFAULT_METHOD)
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", field="method")
    assess_store(_store(request), method=method)
    return RedirectResponse(f"/?method={method}", status_code=303)


async def proposition(request: Request) -> Response:
    pid = request.path_params["pid"]
    store = _store(request)
    prop = store.proposition(pid)
    data = _report(request)
    try:
        pa = data.assessment.proposition(pid)
    except KeyError:
        pa = None
    resolution = next((r for r in data.resolutions if r.proposition_id == pid), None)
    statements = [s for s in data.statements.values() if s.proposition_id == pid]
    context = {
        "data": data,
        "prop": prop,
        "pa": pa,
        "resolution": resolution,
        "statements": statements,
        "evidence": [e for e in data.evidence if e.proposition_id == pid],
        "chart": contribution_chart(data, pa) if pa is not None and pa.contributions else "",
    }
    payload = {
        "proposition": prop,
        "assessment": pa,
        "resolution": resolution,
        "statements": statements,
        "assessment_id": data.assessment.id,
    }
    return respond(request, "proposition.html", context, payload)


async def sources(request: Request) -> Response:
    data = _report(request)
    context = {"data": data, "chart": reliability_chart(data) if data.reliabilities() else ""}
    payload = {
        "assessment_id": data.assessment.id,
        "sources": list(data.sources.values()),
        "reliability": data.assessment.sources,
    }
    return respond(request, "sources.html", context, payload)


async def source(request: Request) -> Response:
    sid = request.path_params["sid"]
    store = _store(request)
    src = store.source(sid)
    data = _report(request)
    rel = next((r for r in data.assessment.sources if r.source_id == sid), None)
    statements = [s for s in data.statements.values() if s.source_id == sid]
    record = data.track_record(sid)
    context = {"data": data, "src": src, "rel": rel, "statements": statements, "record": record}
    payload = {
        "source": src,
        "reliability": rel,
        "statements": statements,
        "track_record": [{"statement": s, "resolution": r} for s, r in record],
    }
    return respond(request, "source.html", context, payload)


async def statement(request: Request) -> Response:
    """A statement, and the analyst's correction form (stance, speaker, proposition)."""
    stid = request.path_params["stid"]
    store = _store(request)
    st = store.statement(stid)
    if request.method == "POST":
        form = await request.form()
        changes = {
            "stance": str(form.get("stance") or st.stance),
            "source_id": str(form.get("source") or st.source_id),
            "proposition_id": str(form.get("proposition") or st.proposition_id),
        }
        # no accounts yet: the history says the change came through the web page
        correct_statement(store, stid, who="web", why=str(form.get("why") or ""), **changes)
        return RedirectResponse(f"/statements/{stid}", status_code=303)
    context = {
        "st": st,
        "sources": store.sources(),
        "propositions": store.propositions(),
        "stances": [s.value for s in Stance],
    }
    return respond(request, "statement.html", context, st)


async def ach(request: Request) -> Response:
    """Every ACH question in the store: matrix heatmap, scores and sensitivity."""
    from veracity.report.ach_section import ach_sections

    store = _store(request)
    sections = ach_sections(store, latest_or_assess(store, request.query_params.get("method")))
    if not sections:
        raise NotFoundError("this store holds no ACH question: see `veracity ach new`")
    return respond(
        request, "ach.html", {"sections": sections}, [plain(s.card.to_dict()) for s in sections]
    )


async def tactics(request: Request) -> Response:
    """Tagged statements and each source's tactic profile."""
    from veracity.report.tactics_section import tactics_sections

    sections = tactics_sections(_store(request))
    if not sections:
        raise NotFoundError("no tactic tags stored: run `veracity tactics statements` first")
    (section,) = sections
    payload = {
        "tagged": [{"statement": st, "tags": tags} for st, tags in section.tagged],
        "profile": section.profile,
    }
    return respond(request, "tactics.html", {"sections": sections}, payload)
