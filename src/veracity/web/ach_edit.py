"""Growing an ACH board in the browser: another hypothesis, another evidence item.

An evidence item may cite a statement of the case (its credibility then follows the speaker's
reliability in the assessment, ``veracity.ach.matrix``) or a proposition; both are checked by
``veracity.store.questions`` (an unknown id is a 400 naming the field). Each addition is one
transaction with its history row, and needs an analyst.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from veracity.errors import InputError, NotFoundError
from veracity.model import AchEvidence, Hypothesis, Level
from veracity.store import Store
from veracity.store.corrections import record_corrections
from veracity.store.questions import add_evidence, add_hypotheses, read_question
from veracity.web.cases import store_of
from veracity.web.render import url_segment
from veracity.web.security import Actor, require

_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")


def _form(request: Request) -> Any:
    return request.scope.get("state", {}).get("form") or {}


def _field(form: Any, name: str, limit: int = 2000) -> str:
    value = str(form.get(name) or "").strip()
    if len(value) > limit:
        raise InputError(f"{name} holds at most {limit} characters", field=name)
    return value


def _new_id(form: Any, taken: set[str], prefix: str) -> str:
    """The id the analyst gave (letters, digits, ``_.:-``), or the next free ``H3``/``E7``."""
    given = _field(form, "id", 40)
    if given:
        if not _ID.match(given):
            raise InputError("an id is letters, digits and _ . : - (at most 40)", field="id")
        return given
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


async def add_hypothesis_view(request: Request) -> Response:
    """Add one hypothesis to a board (analysts)."""
    who = require(request, "analyst")
    qid = str(request.path_params["qid"])
    form = _form(request)
    text = _field(form, "text")
    if not text:
        raise InputError("say what the hypothesis is", field="text")
    store = store_of(request)

    def work() -> None:
        records = read_question(store, qid)
        hid = _new_id(form, {h.id for h in records.hypotheses}, "H")
        with store.transaction() as tx:
            add_hypotheses(tx, [Hypothesis(hid, qid, text)])
            record_corrections(
                tx, [("questions", qid, "hypothesis", None, f"{hid}: {text}")], who=who.name
            )

    await run_in_threadpool(work)
    return RedirectResponse(f"/ach/{url_segment(qid)}", status_code=303)


def _level(form: Any, name: str) -> Level:
    value = _field(form, name, 20) or "medium"
    try:
        return Level(value)
    except ValueError:
        raise InputError(
            f"{name} is one of {', '.join(v.value for v in Level)}", field=name
        ) from None


async def add_evidence_view(request: Request) -> Response:
    """Add one evidence item to a board (analysts), optionally citing a statement."""
    who = require(request, "analyst")
    return await _add_evidence(request, who, str(request.path_params["qid"]), _form(request))


async def _add_evidence(request: Request, who: Actor, qid: str, form: Any) -> Response:
    statement_id = _field(form, "statement_id", 200) or None
    proposition_id = _field(form, "proposition_id", 200) or None
    if statement_id and proposition_id:
        raise InputError("cite a statement or a proposition, not both", field="proposition_id")
    description = _field(form, "description")
    store = store_of(request)

    def work() -> str:
        nonlocal description
        if not description and statement_id:
            description = _statement_line(store, statement_id)
        if not description:
            raise InputError("describe the evidence (or cite a statement)", field="description")
        records = read_question(store, qid)
        eid = _new_id(form, {e.id for e in records.evidence}, "E")
        item = AchEvidence(
            eid,
            qid,
            description,
            proposition_id=proposition_id,
            statement_id=statement_id,
            credibility=_level(form, "credibility"),
            relevance=_level(form, "relevance"),
            reference=_field(form, "reference") or None,
        )
        cited = f" (statement {statement_id})" if statement_id else ""
        with store.transaction() as tx:
            add_evidence(tx, [item])
            record_corrections(
                tx,
                [("questions", qid, "evidence", None, f"{eid}: {description}{cited}")],
                who=who.name,
            )
        return eid

    await run_in_threadpool(work)
    return RedirectResponse(f"/ach/{url_segment(qid)}", status_code=303)


async def cite_statement_view(request: Request) -> Response:
    """From a statement's page: cite it as evidence on the ACH board chosen (analysts)."""
    who = require(request, "analyst")
    qid = _field(_form(request), "question", 200)
    if not qid:
        raise InputError("choose the board to cite the statement on", field="question")
    return await _add_evidence(request, who, qid, {"statement_id": request.path_params["stid"]})


def _statement_line(store: Store, statement_id: str) -> str:
    """ "Source asserts: “quote”" for a cited statement with no description of its own."""
    try:
        st = store.statement(statement_id)
    except NotFoundError:
        raise InputError(
            f"no statement {statement_id!r} in this case", field="statement_id"
        ) from None
    name = store.source(st.source_id).name
    quote = (st.quote or "").strip()
    return f"{name} {st.stance.value}: “{quote[:300]}”" if quote else f"{name} {st.stance.value}"
