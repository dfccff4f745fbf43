"""Table pages as Datasette's: search, sort, facets, keyset pages, and .json/.csv/.jsonl twins.

Query parameters: ``q`` (search), ``_sort`` / ``_sort_desc`` (a column), ``_next`` (the cursor
the previous page gave), ``_size`` (rows per page, at most 1,000), and ``column=value`` filters
(``since`` / ``until`` on the table's date, ``month=2024-11``). The ``.json`` twin returns one
page with its ``next`` cursor; ``.csv`` and ``.jsonl`` stream every matching row.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from veracity.errors import InputError
from veracity.store.browse import SPECS, browse, stream
from veracity.web.cases import store_of
from veracity.web.render import respond, stream_rows, wants

TABLES = tuple(SPECS)
_RESERVED = {"q", "_sort", "_sort_desc", "_next", "_size", "method"}


def _params(request: Request) -> tuple[str, dict[str, str]]:
    q = (request.query_params.get("q") or "").strip()
    filters = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    return q, filters


def table_view(request: Request) -> Response:
    path = request.url.path.lstrip("/")
    name = path.rsplit(".", 1)[0] if "." in path else path
    kind = wants(request)
    store = store_of(request)
    spec = SPECS[name]
    q, filters = _params(request)
    if kind in ("csv", "jsonl"):
        rows = stream(store, name, q=q, filters=filters)
        # Pull the first row now, so a bad filter is a 400 before the stream starts.
        first = next(rows, None)

        def everything():  # noqa: ANN202
            if first is not None:
                yield first
                yield from rows

        return stream_rows(kind, everything(), list(spec.columns), name)
    sort = request.query_params.get("_sort_desc") or request.query_params.get("_sort") or "seq"
    try:
        size = int(request.query_params.get("_size") or 50)
    except ValueError:
        raise InputError("_size must be a number", field="_size") from None
    page = browse(
        store,
        name,
        q=q,
        filters=filters,
        sort=sort,
        desc="_sort_desc" in request.query_params,
        after=request.query_params.get("_next") or None,
        size=size,
    )
    context = {"page": page, "spec": spec, "table": name}
    if name == "sources":
        from veracity.store.overview import latest_head

        context["head"] = latest_head(store)
    payload = {
        "table": name,
        "count": page.count,
        "count_capped": page.count_capped,
        "count_estimated": page.count_estimated,
        "facets_skipped": page.skipped_facets,
        "rows": page.rows,
        "next": page.next,
        "facets": {k: [{"value": v, "count": n} for v, n in vs] for k, vs in page.facets.items()},
    }
    return respond(request, "table.html", context, payload)
