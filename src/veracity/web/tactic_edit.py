"""Tactic tags in the browser: run the tagger on a statement or on all of a source's
statements, add a tag by hand, remove one. Analysts only; each change is in the history.

The tagger is ``veracity.tactics`` (its rules; the cross-statement mixed-signals detector when
a source's statements are tagged together). A hand tag is the analyst's own reading: rule
``analyst:NAME``, confidence 1, over the words they quote from the statement (the whole quote
when they give none) — a span not in the quote is refused, so a tag always points at text.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from veracity.errors import InputError
from veracity.store import Store
from veracity.store.corrections import record_corrections
from veracity.store.tactic_tags import replace_tags, tags_of
from veracity.tactics import make_tagger
from veracity.tactics.tag import Tag
from veracity.tactics.taxonomy import get_taxonomy
from veracity.web.cases import store_of
from veracity.web.render import url_segment
from veracity.web.security import require

TAXONOMY = "veracity"
#: at most this many statements of one source are tagged per click (a big outlet has
#: thousands; the page says to use ``veracity tactics statements`` for the whole store)
MAX_SOURCE_STATEMENTS = 2000


def _form(request: Request) -> Any:
    return request.scope.get("state", {}).get("form") or {}


def techniques() -> list[tuple[str, str]]:
    """(name, title) of every technique a hand tag may name."""
    return [(t.name, t.title) for t in get_taxonomy(TAXONOMY).techniques]


def _summary(tags: list[dict[str, Any]] | list[Tag]) -> str:
    names = [t["technique"] if isinstance(t, dict) else t.technique for t in tags]
    return ", ".join(sorted(names)) or "(none)"


def _key(tag: dict[str, Any] | Tag) -> tuple[Any, ...]:
    t = tag if isinstance(tag, dict) else tag.as_dict()
    return (t["technique"], t["start"], t["end"], t["rule"])


def _tags(rows: list[dict[str, Any]]) -> list[Tag]:
    return [Tag(**r) for r in rows]


async def run_on_statement(request: Request) -> Response:
    """Tag this statement's quote with the rule tagger (replacing its tags)."""
    who = require(request, "analyst")
    stid = str(request.path_params["stid"])
    store = store_of(request)

    def work() -> None:
        st = store.statement(stid)
        new = make_tagger().tag(st.quote or "") if st.quote else []
        old = tags_of(store, [stid])[stid]
        if [_key(t) for t in old] == [_key(t) for t in new]:
            return  # the tagger agrees with what is stored: nothing to change or record
        with store.transaction() as tx:
            replace_tags(tx, {stid: new})
            record_corrections(
                tx,
                [("statements", stid, "tactics", _summary(old), _summary(new))],
                who=who.name,
                why="tactic tagger run",
            )

    await run_in_threadpool(work)
    return RedirectResponse(f"/statements/{url_segment(stid)}?tagger=ran#tactics", status_code=303)


async def add_tag(request: Request) -> Response:
    """An analyst's own tag on this statement, over words of its quote."""
    who = require(request, "analyst")
    stid = str(request.path_params["stid"])
    form = _form(request)
    technique = str(form.get("technique") or "").strip()
    if technique not in get_taxonomy(TAXONOMY):
        raise InputError(
            f"unknown technique {technique!r}; choose one from the list", field="technique"
        )
    span = str(form.get("span") or "").strip()
    why = str(form.get("why") or "").strip()[:2000]
    store = store_of(request)

    def work() -> None:
        quote = store.statement(stid).quote or ""
        if not quote:
            raise InputError("this statement has no quote to tag", field="span")
        start = quote.find(span) if span else 0
        if start < 0:
            raise InputError(
                "the words to tag must be copied from the quote as they are", field="span"
            )
        end = start + len(span) if span else len(quote)
        old = tags_of(store, [stid])[stid]
        tag = Tag(technique, start, end, 1.0, f"analyst:{who.name}", TAXONOMY)
        with store.transaction() as tx:
            replace_tags(tx, {stid: [*_tags(old), tag]})
            record_corrections(
                tx,
                [("statements", stid, "tactic", None, f"{technique} [{start}:{end}]")],
                who=who.name,
                why=why,
            )

    await run_in_threadpool(work)
    return RedirectResponse(f"/statements/{url_segment(stid)}#tactics", status_code=303)


async def remove_tag(request: Request) -> Response:
    """Remove one tag (technique and span) from this statement."""
    who = require(request, "analyst")
    stid = str(request.path_params["stid"])
    form = _form(request)
    key = str(form.get("tag") or "")
    why = str(form.get("why") or "").strip()[:2000]
    store = store_of(request)

    def work() -> None:
        old = tags_of(store, [stid])[stid]
        keep = [t for t in old if f"{t['technique']}:{t['start']}:{t['end']}" != key]
        if len(keep) == len(old):
            raise InputError(f"no tag {key!r} on statement {stid}", field="tag")
        with store.transaction() as tx:
            replace_tags(tx, {stid: _tags(keep)})
            record_corrections(
                tx, [("statements", stid, "tactic", key, None)], who=who.name, why=why
            )

    await run_in_threadpool(work)
    return RedirectResponse(f"/statements/{url_segment(stid)}#tactics", status_code=303)


async def run_on_source(request: Request) -> Response:
    """Tag a source's statements together (their own tags and mixed signals between them)."""
    who = require(request, "analyst")
    sid = str(request.path_params["sid"])
    store = store_of(request)

    def work() -> None:
        from veracity.tactics.statements import tag_statements

        store.source(sid)  # it must exist
        statements = store.statements(source_id=sid)[:MAX_SOURCE_STATEMENTS]
        tags = tag_statements(statements, make_tagger())
        n = sum(len(v) for v in tags.values())
        with store.transaction() as tx:
            replace_tags(tx, tags)
            record_corrections(
                tx,
                [("sources", sid, "tactics", None, f"{n} tags on {len(tags)} statements")],
                who=who.name,
                why="tactic tagger run",
            )

    await run_in_threadpool(work)
    return RedirectResponse(f"/sources/{url_segment(sid)}", status_code=303)


def statement_tags(store: Store, stid: str) -> list[dict[str, Any]]:
    """A statement's tags for its page, each with the words it covers and its title."""
    titles = dict(techniques())
    quote = store.statement(stid).quote or ""
    return [
        {
            **t,
            "words": quote[t["start"] : t["end"]],
            "title": titles.get(t["technique"], t["technique"]),
            "key": f"{t['technique']}:{t['start']}:{t['end']}",
        }
        for t in tags_of(store, [stid])[stid]
    ]
