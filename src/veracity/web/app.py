"""The application object and its routes, as in Datasette: pages are views over the library.

>>> app = create_app("veracity.db")               # doctest: +SKIP
>>> print(app.state.guard.login_path())            # doctest: +SKIP
/login?token=...
>>> import uvicorn; uvicorn.run(app)               # doctest: +SKIP

Views that only read are plain functions: Starlette runs them in its thread pool, so a slow
query never holds up another request. Views that write take the form the security middleware
has already read (and checked for its CSRF token) and do their work in the thread pool too.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from veracity.errors import InputError, NotFoundError, VeracityError
from veracity.store import open_store
from veracity.store.jobs import interrupt_running
from veracity.web import (
    ach_edit,
    case_views,
    deletes,
    document_views,
    edit,
    exports,
    ingest_views,
    login,
    openapi,
    record_views,
    tables,
    tactic_edit,
    views,
)
from veracity.web.cases import Cases
from veracity.web.errors import Forbidden
from veracity.web.render import render_page, wants
from veracity.web.security import (
    CSP,
    LOOPBACK,
    SECURITY_HEADERS,
    Guard,
    GuardMiddleware,
    secret_from_env,
)

# The fixed last words of the writes and charts that sit under a record's own path.
ACTIONS = (
    "edit",
    "alias",
    "merge",
    "correct",
    "cite",
    "tactics/run",
    "tactics/add",
    "tactics/remove",
    "rate",
    "hypotheses",
    "evidence",
    "chart.svg",
)


def _twins(path: str, endpoint, methods: list[str] | None = None) -> list[Route]:  # noqa: ANN001
    """The page and its ``.json`` twin."""
    return [
        Route(path + ".json", endpoint, methods=methods),
        Route(path, endpoint, methods=methods),
    ]


class RecordId(Convertor[str]):
    """A record id in a path. An id is data and may hold a ``/`` (links encode it as ``%2F``,
    which the server decodes before routing), so it matches across slashes, except that it never
    ends in the name of a write or a chart on the same record: a GET of
    ``/statements/X/correct`` must stay 405, not become a search for a statement "X/correct"."""

    regex = ".+" + "".join(rf"(?<!/{re.escape(word)})" for word in ACTIONS)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("rid", RecordId())


def routes() -> list[BaseRoute]:
    """Every page and write; ids in paths use the ``rid`` convertor (`RecordId`)."""
    out: list[BaseRoute] = [
        Route("/login", login.login_page, methods=["GET", "POST"]),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/-/session.json", login.session),
        Route("/openapi.json", openapi.schema),
        Route("/", views.index),
        Route("/index.json", views.index),
        Route("/assess", edit.assess, methods=["POST"]),
        *_twins("/cases", case_views.cases_page, methods=["GET", "POST"]),
        Route("/cases/switch", case_views.switch, methods=["POST"]),
        Route("/ingest", ingest_views.ingest_page, methods=["GET", "POST"]),
        *_twins("/jobs", ingest_views.jobs_page),
        Route("/jobs/{job:rid}", ingest_views.job_page),
        Route("/exports", exports.exports_page),
        Route("/exports/report.html", exports.report_html),
        Route("/exports/claimreview.jsonld", exports.claimreview),
        *_twins("/check", exports.check),
        Route("/history.json", views.recent),
        Route("/history", views.recent),
        Route("/propositions/{pid:rid}/chart.svg", views.proposition_chart),
        Route("/sources/chart.svg", views.sources_chart),
        *_twins("/propositions/{pid:rid}", views.proposition),
        *_twins("/sources/{sid:rid}", views.source),
        *_twins("/statements/{stid:rid}", views.statement),
        *_twins("/documents/{did:rid}", document_views.document),
        *_twins("/evidence/{rid:rid}", record_views.record),
        *_twins("/resolutions/{rid:rid}", record_views.record),
        Route("/statements/{stid:rid}/correct", edit.correct, methods=["POST"]),
        Route("/statements/{stid:rid}/cite", ach_edit.cite_statement_view, methods=["POST"]),
        Route("/statements/{stid:rid}/tactics/run", tactic_edit.run_on_statement, methods=["POST"]),
        Route("/statements/{stid:rid}/tactics/add", tactic_edit.add_tag, methods=["POST"]),
        Route("/statements/{stid:rid}/tactics/remove", tactic_edit.remove_tag, methods=["POST"]),
        Route("/sources/{sid:rid}/tactics/run", tactic_edit.run_on_source, methods=["POST"]),
        Route("/sources/{sid:rid}/edit", edit.edit_source_view, methods=["POST"]),
        Route("/sources/{sid:rid}/alias", edit.add_alias_view, methods=["POST"]),
        Route("/sources/{sid:rid}/merge", edit.merge_source_view, methods=["POST"]),
        Route("/propositions/{pid:rid}/edit", edit.edit_proposition_view, methods=["POST"]),
        Route("/notes/{kind}/{rid:rid}", edit.note, methods=["POST"]),
        Route("/new/{kind}", edit.new_record, methods=["GET", "POST"]),
        Route("/delete/{kind}/{rid:rid}", deletes.delete_view, methods=["GET", "POST"]),
        Route("/restore/{kind}/{rid:rid}", deletes.restore_view, methods=["POST"]),
        *_twins("/deleted", deletes.deleted_page),
        *_twins("/tactics", views.tactics),
        *_twins("/ach", views.ach),
        Route("/ach/new", edit.new_question, methods=["GET", "POST"]),
        *_twins("/ach/{qid:rid}", views.ach_board),
        Route("/ach/{qid:rid}/rate", edit.rate, methods=["POST"]),
        Route("/ach/{qid:rid}/hypotheses", ach_edit.add_hypothesis_view, methods=["POST"]),
        Route("/ach/{qid:rid}/evidence", ach_edit.add_evidence_view, methods=["POST"]),
    ]
    for name in tables.TABLES:
        for ext in (".json", ".csv", ".jsonl", ""):
            out.append(Route(f"/{name}{ext}", tables.table_view))
    out.append(Mount("/static", StaticFiles(packages=[("veracity.web", "static")]), name="static"))
    return out


def create_app(
    db: str | None = None,
    *,
    auth: str = "token",
    allowed_hosts: Iterable[str] = LOOPBACK,
    secret: bytes | None = None,
    login_token: str | None = None,
    cases_dir: str | None = None,
) -> Starlette:
    """An app over the store at ``db`` (None: $VERACITY_DB or ./veracity.db).

    ``auth`` is ``token`` (a one-time login link, ``app.state.guard.login_path()``),
    ``accounts`` (names and passwords from ``veracity user add``) or ``none`` (loopback only).
    ``cases_dir``: a folder of further cases (SQLite stores), created and switched in the
    browser; ``db`` is the home case and holds the accounts.
    """
    store = open_store(db)
    # jobs a previous server left running died with it: say so rather than show them running
    interrupt_running(store)
    cases = Cases(store, cases_dir)
    guard = Guard(
        mode=auth,
        allowed_hosts=tuple(allowed_hosts),
        secret=secret or secret_from_env() or secrets.token_bytes(32),
        login_token=login_token,
        store=store,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        cases.close()
        store.close()

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, str(getattr(exc, "detail", None) or exc))

    async def bad_input(request: Request, exc: Exception) -> Response:
        return _error(request, 400, str(exc))

    async def forbidden(request: Request, exc: Exception) -> Response:
        return _error(request, 403, str(exc))

    async def server_error(request: Request, exc: Exception) -> Response:
        # Runs outside the security middleware (Starlette's outermost layer): set the headers
        # here, and show no traceback.
        response = _error(request, 500, "something went wrong on the server; nothing was saved")
        for key, value in SECURITY_HEADERS:
            response.headers[key.decode()] = value.decode()
        response.headers["content-security-policy"] = CSP
        return response

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        return _error(request, 405, "this address does not accept that method")

    app = Starlette(
        routes=routes(),
        exception_handlers={
            NotFoundError: not_found,
            InputError: bad_input,
            Forbidden: forbidden,
            VeracityError: bad_input,
            404: not_found,
            405: method_not_allowed,
            500: server_error,
        },
        lifespan=lifespan,
    )
    app.add_middleware(GuardMiddleware, guard=guard)
    app.state.store = store
    app.state.cases = cases
    app.state.guard = guard
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if wants(request) != "html":
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return HTMLResponse(
        render_page(request, "error.html", {"status": status, "message": message}),
        status_code=status,
    )
