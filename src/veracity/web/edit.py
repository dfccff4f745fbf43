"""Pages that write: every one a POST, every one checked for its role and recorded.

The security middleware has already refused cross-site requests, checked the CSRF token and
read the form (``request.state.form``); each view here checks the role it needs, then does its
work in the thread pool through a library call and answers with a redirect (303) to the page
that shows the result, so a reload never repeats a write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from veracity.errors import InputError, NotFoundError
from veracity.fusion import DEFAULT_METHOD, METHODS
from veracity.model import (
    Evidence,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from veracity.store import Store
from veracity.store.corrections import correct_statement, record_corrections
from veracity.store.notes import add_note
from veracity.web.cases import store_of
from veracity.web.render import render_page, url_segment
from veracity.web.security import Actor, require

MAX_ID = 200


def _form(request: Request) -> Any:
    return request.scope.get("state", {}).get("form") or {}


def _text(form: Any, name: str, *, required: bool = False, limit: int = 20_000) -> str | None:
    value = str(form.get(name) or "").strip()
    if required and not value:
        raise InputError(f"{name} is required", field=name)
    if len(value) > limit:
        raise InputError(f"{name} holds at most {limit} characters", field=name)
    return value or None


def _id(form: Any, name: str = "id") -> str:
    value = _text(form, name, required=True, limit=MAX_ID) or ""
    if any(c in value for c in "/\\?#") or value != value.strip():
        raise InputError(f"{name} may not contain / \\ ? or #", field=name)
    return value


def _store(request: Request) -> Store:
    return store_of(request)


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _add(store: Store, method: str, kind: str, record: Any, who: Actor) -> None:
    """Add one record and its "created" history row in one transaction."""
    with store.transaction() as tx:
        getattr(tx, method)([record])
        record_corrections(tx, [(kind, record.id, "record", None, "created")], who=who.name)


async def assess(request: Request) -> Response:
    """Run a new assessment with the chosen method, then show it (analysts and above)."""
    from veracity.assess import assess_store

    require(request, "analyst")
    method = str(_form(request).get("method") or DEFAULT_METHOD)
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", field="method")
    await run_in_threadpool(assess_store, _store(request), method=method)
    return _redirect(f"/?method={method}")


async def correct(request: Request) -> Response:
    """An analyst's correction of a statement, with a reason, kept in its history."""
    who = require(request, "analyst")
    stid = request.path_params["stid"]
    form = _form(request)
    changes: dict[str, Any] = {}
    for field, name in (
        ("stance", "stance"),
        ("source_id", "source"),
        ("proposition_id", "proposition"),
    ):
        value = _text(form, name, limit=MAX_ID)
        if value:
            changes[field] = value
    if "stance" in changes:
        try:
            changes["stance"] = Stance(changes["stance"])
        except ValueError:
            raise InputError(
                f"stance must be one of {', '.join(s.value for s in Stance)}", field="stance"
            ) from None
    why = _text(form, "why", limit=2000) or ""
    await run_in_threadpool(_correct, _store(request), stid, who.name, why, changes)
    return _redirect(f"/statements/{url_segment(stid)}")


def _correct(store: Store, stid: str, who: str, why: str, changes: dict[str, Any]) -> None:
    current = store.statement(stid)
    changes = {k: v for k, v in changes.items() if getattr(current, k) != v}
    correct_statement(store, stid, who=who, why=why, **changes)


async def note(request: Request) -> Response:
    """Pin a note on a record."""
    who = require(request, "analyst")
    kind, rid = request.path_params["kind"], request.path_params["rid"]
    if kind not in PAGES:
        raise NotFoundError(f"no record kind {kind!r}")
    text = _text(_form(request), "text", required=True) or ""
    store = _store(request)
    await run_in_threadpool(PAGES[kind][1], store, rid)  # the record must exist
    await run_in_threadpool(add_note, store, kind, rid, who=who.name, text=text)
    return _redirect(f"{PAGES[kind][0]}/{rid}")


#: record kind -> (page prefix, how to read one record: refuses unknown ids)
PAGES: dict[str, tuple[str, Callable[[Store, str], Any]]] = {
    "statements": ("/statements", lambda s, i: s.statement(i)),
    "sources": ("/sources", lambda s, i: s.source(i)),
    "propositions": ("/propositions", lambda s, i: s.proposition(i)),
    "documents": ("/documents", lambda s, i: s.document(i)),
    "evidence": ("/evidence", lambda s, i: _one(s, "evidence", i)),
    "resolutions": ("/resolutions", lambda s, i: _one(s, "resolutions", i)),
    "questions": ("/ach", lambda s, i: _question(s, i)),
}


def _one(store: Store, kind: str, rid: str) -> Any:
    """The record, or NotFoundError (evidence and resolutions have no reader of one)."""
    if not store.existing_ids(kind, [rid]):
        raise NotFoundError(f"no {kind} record {rid!r}")
    return rid


def _question(store: Store, qid: str) -> Any:
    from veracity.store.questions import read_question

    return read_question(store, qid)


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field} must be a date like 2024-11-10", field=field) from None


def _source(form: Any) -> Source:
    kind = _text(form, "kind") or "other"
    try:
        source_kind = SourceKind(kind)
    except ValueError:
        raise InputError(
            f"kind must be one of {', '.join(k.value for k in SourceKind)}", field="kind"
        ) from None
    return Source(
        id=_id(form),
        name=_text(form, "name", required=True, limit=500) or "",
        kind=source_kind,
        parent_id=_text(form, "parent_id", limit=MAX_ID),
        description=_text(form, "description"),
        url=_text(form, "url", limit=2000),
    )


def _proposition(form: Any) -> Proposition:
    return Proposition(
        id=_id(form), text=_text(form, "text", required=True) or "", kind=PropositionKind.BINARY
    )


def _statement(form: Any) -> Statement:
    try:
        stance = Stance(_text(form, "stance") or "asserts")
    except ValueError:
        raise InputError(
            f"stance must be one of {', '.join(s.value for s in Stance)}", field="stance"
        ) from None
    return Statement(
        id=_id(form),
        source_id=_text(form, "source_id", required=True, limit=MAX_ID) or "",
        proposition_id=_text(form, "proposition_id", required=True, limit=MAX_ID) or "",
        stance=stance,
        time=_date(_text(form, "time"), "time"),
        quote=_text(form, "quote"),
        reference=_text(form, "reference", limit=2000),
    )


def _evidence(form: Any) -> Evidence:
    raw = _text(form, "likelihood_ratio") or "1"
    try:
        lr = float(raw)
    except ValueError:
        raise InputError(
            "likelihood_ratio must be a number like 3 or 0.5", field="likelihood_ratio"
        ) from None
    try:
        return Evidence(
            id=_id(form),
            description=_text(form, "description", required=True) or "",
            proposition_id=_text(form, "proposition_id", limit=MAX_ID),
            likelihood_ratio=lr,
            reference=_text(form, "reference", limit=2000),
        )
    except ValueError as exc:
        raise InputError(str(exc), field="likelihood_ratio") from None


def _resolution(form: Any) -> Resolution:
    return Resolution(
        id=_id(form),
        proposition_id=_text(form, "proposition_id", required=True, limit=MAX_ID) or "",
        value=_text(form, "value", required=True, limit=200) or "",
        reference=_text(form, "reference", limit=2000),
        resolved_on=_date(_text(form, "resolved_on"), "resolved_on"),
        note=_text(form, "note"),
    )


#: what the "new" form can add: (role needed, form -> record, store method, page prefix)
NEW: dict[str, tuple[str, Callable[[Any], Any], str, str]] = {
    "sources": ("analyst", _source, "add_sources", "/sources"),
    "propositions": ("analyst", _proposition, "add_propositions", "/propositions"),
    "statements": ("analyst", _statement, "add_statements", "/statements"),
    "evidence": ("analyst", _evidence, "add_evidence", "/evidence"),
    "resolutions": ("editor", _resolution, "add_resolutions", "/resolutions"),
}


async def new_record(request: Request) -> Response:
    """GET: the form to add one record of a kind. POST: add it (refused if the id exists)."""
    kind = request.path_params["kind"]
    if kind not in NEW:
        raise NotFoundError(f"cannot add {kind!r} here; add one of {', '.join(NEW)}")
    role, build, method, prefix = NEW[kind]
    if request.method == "GET":
        require(request, role)
        context = {
            "kind": kind,
            "stances": [s.value for s in Stance],
            "source_kinds": [k.value for k in SourceKind],
        }
        return HTMLResponse(render_page(request, "new.html", context))
    who = require(request, role)
    record = build(_form(request))
    store = _store(request)
    await run_in_threadpool(_add, store, method, kind, record, who)
    return _redirect(f"{prefix}/{record.id}")


async def rate(request: Request) -> Response:
    """An analyst's ratings of a board's cells (``cell:EVIDENCE:HYPOTHESIS`` fields); each
    analyst's ratings are their own, and a cell left blank or unchanged is not re-rated."""
    from veracity.model import Consistency, Rating
    from veracity.store.questions import add_ratings, read_question

    who = require(request, "analyst")
    form = _form(request)
    qid = request.path_params["qid"]
    store = _store(request)
    records = await run_in_threadpool(read_question, store, qid)
    current = {
        (r.evidence_id, r.hypothesis_id): r.consistency
        for r in sorted(records.ratings, key=lambda r: str(r.time or ""))
        if r.analyst == who.name
    }
    cells = {(e.id, h.id) for e in records.evidence for h in records.hypotheses}
    note = _text(form, "note", limit=2000) or ""
    ratings = []
    for key in form:
        if not str(key).startswith("cell:"):
            continue
        _, evidence_id, hypothesis_id = str(key).split(":", 2)
        value = str(form.get(key) or "")
        if not value:
            continue
        if (evidence_id, hypothesis_id) not in cells:
            raise InputError(f"no cell {evidence_id} × {hypothesis_id} on this board", field=key)
        try:
            consistency = Consistency(value)
        except ValueError:
            raise InputError(
                f"a rating is one of {', '.join(c.value for c in Consistency)}", field=key
            ) from None
        if current.get((evidence_id, hypothesis_id)) == consistency:
            continue
        ratings.append(
            Rating(qid, evidence_id, hypothesis_id, consistency, analyst=who.name, note=note)
        )
    if ratings:
        await run_in_threadpool(add_ratings, store, ratings)
    return _redirect(f"/ach/{url_segment(qid)}")


async def edit_source_view(request: Request) -> Response:
    """Edit a source's name, kind, parent, description and url, with a reason."""
    from veracity.store.record_edits import SOURCE_FIELDS, edit_source

    who = require(request, "analyst")
    sid = request.path_params["sid"]
    form = _form(request)
    changes = {f: str(form.get(f) or "") for f in SOURCE_FIELDS if f in form}
    why = _text(form, "why", limit=2000) or ""
    await run_in_threadpool(
        lambda: edit_source(_store(request), sid, who=who.name, why=why, **changes)
    )
    return _redirect(f"/sources/{url_segment(sid)}")


async def add_alias_view(request: Request) -> Response:
    """Another name of a source, so the next ingest finds it (``veracity sources`` aliases)."""
    from veracity.ingest.sources import name_key
    from veracity.store.source_aliases import add_aliases

    who = require(request, "analyst")
    sid = request.path_params["sid"]
    alias = _text(_form(request), "alias", required=True, limit=500) or ""
    store = _store(request)

    def work() -> None:
        store.source(sid)  # the source must exist
        with store.transaction() as tx:
            add_aliases(tx, [(sid, alias, name_key(alias))], origin="analyst")
            record_corrections(tx, [("sources", sid, "alias", None, alias)], who=who.name)

    await run_in_threadpool(work)
    return _redirect(f"/sources/{url_segment(sid)}")


async def merge_source_view(request: Request) -> Response:
    """Merge this source into another (editor): statements, documents and members move."""
    from veracity.ingest.sources import name_key
    from veracity.store.source_aliases import merge_sources

    who = require(request, "editor")
    sid = request.path_params["sid"]
    form = _form(request)
    keep = _text(form, "into", required=True, limit=MAX_ID) or ""
    why = _text(form, "why", required=True, limit=2000) or ""
    await run_in_threadpool(
        lambda: merge_sources(_store(request), keep, sid, who=who.name, why=why, key=name_key)
    )
    return _redirect(f"/sources/{url_segment(keep)}")


async def edit_proposition_view(request: Request) -> Response:
    """Reword a proposition, with a reason."""
    from veracity.store.record_edits import edit_proposition

    who = require(request, "analyst")
    pid = request.path_params["pid"]
    form = _form(request)
    text = _text(form, "text", required=True) or ""
    why = _text(form, "why", limit=2000) or ""
    await run_in_threadpool(
        lambda: edit_proposition(_store(request), pid, who=who.name, why=why, text=text)
    )
    return _redirect(f"/propositions/{url_segment(pid)}")


def _lines(form: Any, name: str, prefix: str) -> list[tuple[str, str]]:
    """``ID: text`` per line (an ID is made, ``H1``, ``H2``…, where a line has none)."""
    out: list[tuple[str, str]] = []
    for n, line in enumerate((_text(form, name) or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        if sep and head.strip() and len(head.strip()) <= 40 and " " not in head.strip():
            out.append((head.strip(), rest.strip() or head.strip()))
        else:
            out.append((f"{prefix}{n}", line))
    return out


async def new_question(request: Request) -> Response:
    """GET: the form for a new ACH board. POST: its question, hypotheses and evidence items,
    stored in one transaction (``veracity.store.questions``)."""
    from veracity.model import AchEvidence, Hypothesis, Question
    from veracity.store.questions import add_evidence, add_question

    who = require(request, "analyst")
    if request.method == "GET":
        return HTMLResponse(render_page(request, "new_question.html", {}))
    form = _form(request)
    qid = _id(form)
    question = Question(
        qid, _text(form, "text", required=True, limit=2000) or "", _text(form, "description")
    )
    hypotheses = [
        Hypothesis(hid, qid, text, position=i)
        for i, (hid, text) in enumerate(_lines(form, "hypotheses", "H"))
    ]
    evidence = [
        AchEvidence(eid, qid, text, position=i)
        for i, (eid, text) in enumerate(_lines(form, "evidence", "E"))
    ]
    if len(hypotheses) < 2:
        raise InputError(
            "an ACH board needs at least two hypotheses, one per line", field="hypotheses"
        )
    store = _store(request)

    def work() -> None:
        with store.transaction() as tx:
            add_question(tx, question, hypotheses)
            add_evidence(tx, evidence)
            record_corrections(tx, [("questions", qid, "record", None, "created")], who=who.name)

    await run_in_threadpool(work)
    return _redirect(f"/ach/{url_segment(qid)}")
