"""The application object and its routes, as in Datasette: pages are views over the library.

>>> app = create_app("veracity.db")       # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app)      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from veracity.errors import InputError, NotFoundError, VeracityError
from veracity.store import open_store
from veracity.web import views
from veracity.web.render import render_page


def create_app(db: str | None = None) -> Starlette:
    """An app over the store at ``db`` (None: $VERACITY_DB or ./veracity.db)."""
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, str(exc))

    async def bad_input(request: Request, exc: Exception) -> Response:
        return _error(request, 400, str(exc))

    app = Starlette(
        routes=[
            Route("/", views.index),
            Route("/index.json", views.index),
            Route("/assess", views.assess, methods=["POST"]),
            Route("/propositions/{pid}.json", views.proposition),
            Route("/propositions/{pid}", views.proposition),
            Route("/sources.json", views.sources),
            Route("/sources", views.sources),
            Route("/sources/{sid}.json", views.source),
            Route("/sources/{sid}", views.source),
            Route("/statements/{stid}.json", views.statement),
            Route("/statements/{stid}", views.statement, methods=["GET", "POST"]),
            Route("/tactics.json", views.tactics),
            Route("/tactics", views.tactics),
            Route("/ach.json", views.ach),
            Route("/ach", views.ach),
        ],
        exception_handlers={
            NotFoundError: not_found,
            InputError: bad_input,
            VeracityError: bad_input,
            404: not_found,
        },
        lifespan=lifespan,
    )
    app.state.store = store
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return HTMLResponse(
        render_page(request, "error.html", {"status": status, "message": message}),
        status_code=status,
    )
