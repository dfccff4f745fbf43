"""Templates and JSON for the views: one place that turns a context into a response.

JSON goes through ``veracity.model.jsonable.plain``, the serialiser the CLI's ``--json`` uses.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from veracity import __version__
from veracity.model.jsonable import plain
from veracity.report.text import describe_probability

_env = Environment(
    loader=PackageLoader("veracity.web", "templates"),
    autoescape=select_autoescape(["html"]),
)
_env.globals.update(version=__version__, describe=describe_probability)


def render_page(request: Request, template: str, context: dict[str, Any]) -> str:
    return _env.get_template(template).render(request=request, **context)


def respond(request: Request, template: str, context: dict[str, Any], data: Any) -> Response:
    """HTML for a person, JSON for a program: the same view, the ``.json`` twin of the page."""
    if request.url.path.endswith(".json"):
        return JSONResponse(plain(data))
    return HTMLResponse(render_page(request, template, context))
