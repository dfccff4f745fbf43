"""``/openapi.json``: the JSON API described for programs (OpenAPI 3.1), built from the tables.

The table endpoints are generated from ``veracity.store.browse.SPECS`` so the schema cannot drift
from what the tables accept; the record pages and writes are listed by hand below.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from veracity import __version__
from veracity.store.browse import SPECS


def _param(name: str, description: str, where: str = "query") -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": {"type": "string"},
    }


def build() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    common = [
        _param(
            "q",
            "search words: statements through the full-text index (whole words, the last one "
            "a beginning), other tables a case-insensitive substring of their text columns",
        ),
        _param("_sort", "sort by this column, ascending"),
        _param("_sort_desc", "sort by this column, descending"),
        _param("_next", "cursor from the previous page's `next`"),
        _param("_size", "rows per page, at most 1000"),
    ]
    for name, spec in SPECS.items():
        filters = [_param(c, f"only rows whose {c} equals this") for c in spec.facets]
        paths[f"/{name}.json"] = {
            "get": {
                "summary": f"A page of {name}",
                "parameters": common + filters,
                "responses": {"200": {"description": "rows, count, next cursor and facets"}},
            }
        }
        for ext, media in (("csv", "text/csv"), ("jsonl", "application/x-ndjson")):
            paths[f"/{name}.{ext}"] = {
                "get": {
                    "summary": f"Every matching row of {name}, streamed",
                    "parameters": [common[0]] + filters,
                    "responses": {"200": {"description": media}},
                }
            }
    for kind, var in (
        ("propositions", "pid"),
        ("sources", "sid"),
        ("statements", "stid"),
        ("documents", "did"),
    ):
        paths[f"/{kind}/{{{var}}}.json"] = {
            "get": {
                "summary": f"One of the {kind}, with its assessment, history and notes",
                "parameters": [_param(var, "the record's id", "path")],
                "responses": {"200": {"description": "the record"}, "404": {"description": "none"}},
            }
        }
    paths["/index.json"] = {
        "get": {
            "summary": "The latest assessment, a page of propositions",
            "responses": {"200": {"description": "overview"}},
        }
    }
    for path, summary in (
        ("/deleted.json", "Deletions not since undone: kind, id, who, when, why"),
        ("/jobs.json", "The newest ingest jobs of every case, with their state"),
        ("/history.json", "The newest recorded changes"),
    ):
        paths[path] = {"get": {"summary": summary, "responses": {"200": {"description": "list"}}}}
    paths["/jobs/{job}.json"] = {
        "get": {
            "summary": "One ingest job: state, documents done of total, problems, result",
            "parameters": [_param("job", "the job's id", "path")],
            "responses": {"200": {"description": "the job"}, "404": {"description": "none"}},
        }
    }
    write = {"description": "send the session's CSRF token as X-CSRF-Token or csrf_token"}
    for path, summary, params in (
        ("/delete/{kind}/{rid}", "Delete a record with a reason `why` (editor)", ("kind", "rid")),
        ("/restore/{kind}/{rid}", "Undo a deletion (editor)", ("kind", "rid")),
        ("/notes/{kind}/{rid}", "Pin a note `text` on a record (analyst)", ("kind", "rid")),
        ("/ach/{qid}/hypotheses", "Add a hypothesis `text` to a board (analyst)", ("qid",)),
        (
            "/ach/{qid}/evidence",
            "Add evidence: `description`, `statement_id` or `proposition_id` (analyst)",
            ("qid",),
        ),
        ("/ach/{qid}/rate", "Rate cells `cell:EVIDENCE:HYPOTHESIS` (analyst)", ("qid",)),
        ("/statements/{stid}/tactics/run", "Run the tactic tagger on a quote (analyst)", ("stid",)),
        (
            "/statements/{stid}/tactics/add",
            "Tag a `technique` over words `span` of the quote (analyst)",
            ("stid",),
        ),
        ("/statements/{stid}/tactics/remove", "Remove the tag `tag` (analyst)", ("stid",)),
    ):
        paths[path] = {
            "post": {
                "summary": summary,
                "parameters": [_param(name, name, "path") for name in params],
                "responses": {"303": write},
            }
        }
    paths["/assess"] = {
        "post": {"summary": "Run and save a new assessment (analyst)", "responses": {"303": write}}
    }
    paths["/statements/{stid}/correct"] = {
        "post": {
            "summary": "Correct a statement with a reason (analyst)",
            "parameters": [_param("stid", "statement id", "path")],
            "responses": {"303": write},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "veracity workbench", "version": __version__},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "veracity_session"}
            }
        },
        "security": [{"session": []}],
    }


def schema(request: Request) -> JSONResponse:
    return JSONResponse(build())
