"""Templates and JSON for the views: one place that turns a context into a response."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from veracity import __version__
from veracity.report.text import describe_probability

_env = Environment(
    loader=PackageLoader("veracity.web", "templates"),
    autoescape=select_autoescape(["html"]),
)
_env.globals.update(version=__version__, describe=describe_probability)


def plain(value: Any) -> Any:
    """Dataclasses, enums and dates as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def render_page(request: Request, template: str, context: dict[str, Any]) -> str:
    return _env.get_template(template).render(request=request, **context)


def respond(request: Request, template: str, context: dict[str, Any], data: Any) -> Response:
    """HTML for a person, JSON for a program: the same view, the ``.json`` twin of the page."""
    if request.url.path.endswith(".json"):
        return JSONResponse(json.loads(json.dumps(plain(data), default=str)))
    return HTMLResponse(render_page(request, template, context))
