"""Templates, JSON and CSV for the views: one place that turns a context into a response.

Autoescaping is on for every template: a source's name or a quote is text, never markup.
JSON goes through ``veracity.model.jsonable.plain``, the serialiser the CLI's ``--json`` uses.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from veracity import __version__
from veracity.model.jsonable import plain
from veracity.report.text import describe_probability

_env = Environment(
    loader=PackageLoader("veracity.web", "templates"),
    autoescape=select_autoescape(["html"]),
)


def _query(request: Request, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


def url_segment(value: Any) -> str:
    """A record id as one path segment of a link: ids are data, and ``#``, ``?``, ``/`` or ``%``
    in one must not end the path, start a query or name another page (the routes take ids with
    the ``path`` convertor, so an encoded ``/`` still reaches the record)."""
    return quote(str(value), safe="")


_env.globals.update(version=__version__, describe=describe_probability, query=_query)
_env.filters["seg"] = url_segment


def render_page(request: Request, template: str, context: dict[str, Any]) -> str:
    state = request.scope.get("state", {})
    return _env.get_template(template).render(
        request=request, actor=state.get("actor"), csrf_token=state.get("csrf", ""), **context
    )


def wants(request: Request) -> str:
    """``html``, ``json``, ``csv`` or ``jsonl``: the twin the path asks for."""
    path = request.url.path
    for ext in ("json", "csv", "jsonl"):
        if path.endswith("." + ext):
            return ext
    return "html"


def respond(request: Request, template: str, context: dict[str, Any], data: Any) -> Response:
    """HTML for a person, JSON for a program: the same view, the ``.json`` twin of the page."""
    if wants(request) == "json":
        return JSONResponse(plain(data))
    return HTMLResponse(render_page(request, template, context))


def stream_rows(
    kind: str, rows: Iterable[dict[str, Any]], columns: list[str], filename: str
) -> Response:
    """All rows as CSV, JSON lines or one JSON array, written as they are read."""
    if kind == "csv":
        body: Iterator[str] = _csv(rows, columns)
        media = "text/csv; charset=utf-8"
    elif kind == "jsonl":
        body = (json.dumps(plain(r), ensure_ascii=False) + "\n" for r in rows)
        media = "application/x-ndjson"
    else:
        body = _json_array(rows)
        media = "application/json"
    headers = {"content-disposition": f'attachment; filename="{filename}.{kind}"'}
    return StreamingResponse(body, media_type=media, headers=headers)


def _csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for i, row in enumerate(rows):
        writer.writerow([_cell(row.get(c)) for c in columns])
        if i % 500 == 499:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _cell(value: Any) -> Any:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: quote it as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(plain(row), ensure_ascii=False)
    yield "]\n"
