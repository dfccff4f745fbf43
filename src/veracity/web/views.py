"""Pages that read: one function per page kind, each a few queries through the library.

These are plain (not ``async``) functions: Starlette runs them in its thread pool, so one slow
page never stalls another. No view here writes: assessing, correcting and adding are POSTs in
``edit.py``. A page shows the newest *saved* assessment; when there is none it says so and
offers the button, it does not run one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from veracity.errors import InputError, NotFoundError
from veracity.fusion import DEFAULT_METHOD, METHODS
from veracity.model import Correction, SourceKind, Stance
from veracity.store import Store
from veracity.store.browse import browse
from veracity.store.corrections import corrections
from veracity.store.notes import notes
from veracity.store.overview import (
    assessed_propositions,
    evidence_of,
    latest_head,
    names,
    proposition_assessment,
    recent_corrections,
    reliability_extremes,
    resolution_of,
    source_reliability,
    track_record,
)
from veracity.web.cases import store_of
from veracity.web.render import plain, respond

PAGE = 50


def history_of(store: Store, kind: str, record_id: str) -> list[Correction]:
    """The record's corrections, oldest first (who, when, field old → new, why)."""
    return list(corrections(store, kind, record_id))


def _method(request: Request) -> str | None:
    method = request.query_params.get("method") or None
    if method is not None and method not in METHODS:
        raise InputError(f"unknown method {method!r}; choose one of {', '.join(sorted(METHODS))}")
    return method


def _after(request: Request) -> int:
    try:
        return max(0, int(request.query_params.get("_next") or 0))
    except ValueError:
        raise InputError("_next must be a number from the previous page", field="_next") from None


def index(request: Request) -> Response:
    store = store_of(request)
    method = _method(request)
    head = latest_head(store, method)
    rows, next_after, total = (
        assessed_propositions(store, head.id, after=_after(request), size=PAGE)
        if head
        else ([], None, 0)
    )
    resolved = browse(store, "resolutions", size=PAGE, facets=False)
    context = {
        "head": head,
        "rows": rows,
        "next_after": next_after,
        "total": total,
        "resolved": resolved,
        "method": method,
        "methods": sorted(METHODS),
        "default_method": method or (head.method if head else DEFAULT_METHOD),
        # what the case holds, to say what to do next when nothing is assessed yet
        "counts": {} if head else store.counts(),
    }
    payload = {
        "assessment": head,
        "propositions": rows,
        "count": total,
        "next": next_after,
        "resolutions": resolved.rows,
    }
    return respond(request, "index.html", context, payload)


@dataclass(frozen=True)
class _Names:
    by_id: dict[str, str]

    def source_name(self, source_id: str) -> str:
        return self.by_id.get(source_id, source_id)


def proposition(request: Request) -> Response:
    pid = request.path_params["pid"]
    store = store_of(request)
    prop = store.proposition(pid)
    head = latest_head(store, _method(request))
    pa = proposition_assessment(store, head.id, pid) if head else None
    statements = browse(
        store,
        "statements",
        filters={"proposition_id": pid},
        size=PAGE,
        after=request.query_params.get("_next") or None,
        facets=False,
    )
    ids = [r["source_id"] for r in statements.rows] + [
        r["cites_source_id"] for r in statements.rows
    ]
    if pa is not None:
        ids += [c.source_id for c in pa.contributions]
    context = {
        "prop": prop,
        "head": head,
        "pa": pa,
        "resolution": resolution_of(store, pid),
        "statements": statements,
        "names": _Names(names(store, ids)),
        "evidence": evidence_of(store, pid),
        "history": history_of(store, "propositions", pid),
        "notes": notes(store, "propositions", pid),
        "kind": "propositions",
        "record_id": pid,
    }
    payload = {
        "proposition": prop,
        "assessment": pa,
        "assessment_id": head.id if head else None,
        "resolution": context["resolution"],
        "statements": statements.rows,
        "next": statements.next,
        "evidence": context["evidence"],
        "history": context["history"],
        "notes": context["notes"],
    }
    return respond(request, "proposition.html", context, payload)


def proposition_chart(request: Request) -> Response:
    """The contribution chart as an SVG document (the page shows it with a text alternative)."""
    from veracity.report.charts import contribution_chart

    pid = request.path_params["pid"]
    store = store_of(request)
    head = latest_head(store, _method(request))
    pa = proposition_assessment(store, head.id, pid) if head else None
    if pa is None or not pa.contributions:
        raise NotFoundError(f"no assessment explains proposition {pid!r} yet")
    by_id = names(store, [c.source_id for c in pa.contributions])
    key = (
        "contribution",
        str(store.url),
        head.id if head else "",
        pid,
        tuple(sorted(by_id.items())),
    )
    return _svg(_charts.get(key, lambda: contribution_chart(_Names(by_id), pa)))


def sources_chart(request: Request) -> Response:
    """Reliability of the most and least reliable sources, the rest summarised in one bar."""
    from veracity.report.charts import TOP_BARS, reliability_bars

    store = store_of(request)
    head = latest_head(store, _method(request))
    if head is None:
        raise NotFoundError("no saved assessment yet: assess on the front page first")
    best, worst, summary = reliability_extremes(store, head.id, top=TOP_BARS // 2)
    everyone = best + worst[::-1]
    by_id = names(store, [r.source_id for r in everyone])
    if summary["n"] > len(everyone):
        # reliability_bars summarises the middle itself: hand it both ends and a filler row
        from veracity.model import SourceReliability

        rest = int(summary["n"]) - len(everyone)
        middle_mean = (summary["mean"] * summary["n"] - sum(r.reliability for r in everyone)) / rest
        filler = [SourceReliability(source_id="", reliability=middle_mean)] * rest
        everyone = best + filler + worst[::-1]
    key = ("reliability", str(store.url), head.id, tuple(sorted(by_id.items())))
    return _svg(
        _charts.get(key, lambda: reliability_bars(everyone, by_id, head.method, top=TOP_BARS))
    )


class _ChartCache:
    """Drawn charts by what they show (store, assessment, record, the names on them).

    A saved assessment never changes, so a chart is drawn once (matplotlib takes 0.2-1 s)
    and served from memory until a source is renamed; the oldest are dropped past ``size``.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._drawn: dict[tuple[Any, ...], str] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], draw: Callable[[], str]) -> str:
        with self._lock:
            if key in self._drawn:
                return self._drawn[key]
        svg = draw()
        with self._lock:
            self._drawn[key] = svg
            while len(self._drawn) > self.size:
                self._drawn.pop(next(iter(self._drawn)))
        return svg


_charts = _ChartCache()


def _svg(text: str) -> Response:
    from veracity.web.security import CHART_CSP

    return Response(
        text,
        media_type="image/svg+xml",
        headers={"content-security-policy": CHART_CSP, "cache-control": "no-store"},
    )


def source(request: Request) -> Response:
    sid = request.path_params["sid"]
    store = store_of(request)
    src = store.source(sid)
    head = latest_head(store, _method(request))
    rel = source_reliability(store, head.id, sid) if head else None
    statements = browse(
        store,
        "statements",
        filters={"source_id": sid},
        size=PAGE,
        after=request.query_params.get("_next") or None,
        facets=False,
    )
    record = track_record(store, sid)
    parent = names(store, [src.parent_id]) if src.parent_id else {}
    context = {
        "src": src,
        "head": head,
        "rel": rel,
        "statements": statements,
        "record": record,
        "parent_name": parent.get(src.parent_id or "", src.parent_id),
        "aliases": _aliases(store, sid),
        "source_kinds": [k.value for k in SourceKind],
        "history": history_of(store, "sources", sid),
        "notes": notes(store, "sources", sid),
        "kind": "sources",
        "record_id": sid,
    }
    payload = {
        "source": src,
        "reliability": rel,
        "statements": statements.rows,
        "next": statements.next,
        "track_record": [{"statement": s, "resolution": r} for s, r, _ in record],
        "aliases": context["aliases"],
        "history": context["history"],
        "notes": context["notes"],
    }
    return respond(request, "source.html", context, payload)


def _aliases(store: Store, source_id: str) -> list[str]:
    from veracity.store.source_aliases import stored_aliases

    return [alias for sid, alias, _ in stored_aliases(store) if sid == source_id]


def statement(request: Request) -> Response:
    from veracity.store.questions import questions
    from veracity.web.tactic_edit import statement_tags, techniques

    """A statement, its history, and the correction form (stance, speaker, proposition)."""
    stid = request.path_params["stid"]
    store = store_of(request)
    st = store.statement(stid)
    by_id = names(store, [st.source_id, st.cites_source_id or ""])
    prop = store.proposition(st.proposition_id)
    context = {
        "st": st,
        "source_name": by_id.get(st.source_id, st.source_id),
        "prop": prop,
        "stances": [s.value for s in Stance],
        "history": history_of(store, "statements", stid),
        "notes": notes(store, "statements", stid),
        "kind": "statements",
        "record_id": stid,
        "tactic_tags": statement_tags(store, stid),
        "boards": questions(store),
        "techniques": techniques(),
    }
    payload = {
        **plain(st),
        "history": context["history"],
        "notes": context["notes"],
        "tactics": context["tactic_tags"],
    }
    return respond(request, "statement.html", context, payload)


def recent(request: Request) -> Response:
    """The newest corrections across the store."""
    changes = recent_corrections(store_of(request), limit=200)
    return respond(request, "history.html", {"changes": changes}, changes)


def ach(request: Request) -> Response:
    """Every ACH question in the store: matrix heatmap, scores and sensitivity."""
    from veracity.report.ach_section import ach_sections

    store = store_of(request)
    method = _method(request)
    head = latest_head(store, method)
    assessment = store.assessment(head.id) if head else None
    sections = ach_sections(store, assessment)
    return respond(
        request, "ach.html", {"sections": sections}, [plain(s.card.to_dict()) for s in sections]
    )


def tactics(request: Request) -> Response:
    """Tagged statements and each source's tactic profile."""
    from veracity.report.tactics_section import tactics_sections

    sections = tactics_sections(store_of(request))
    if not sections:
        raise NotFoundError("no tactic tags stored: run `veracity tactics statements` first")
    (section,) = sections
    payload = {
        "tagged": [{"statement": st, "tags": tags} for st, tags in section.tagged],
        "profile": section.profile,
    }
    return respond(request, "tactics.html", {"sections": sections}, payload)


def ach_board(request: Request) -> Response:
    """One ACH question as a board: each analyst's own ratings side by side (text, not
    tooltips), the consensus, where analysts disagree, the scores and the sensitivity; and, for
    an analyst, a form with one rating control per cell, reachable by keyboard."""
    from veracity.ach import score_matrix
    from veracity.casework import load_matrix
    from veracity.model import Consistency

    store = store_of(request)
    qid = request.path_params["qid"]
    head = latest_head(store, _method(request))
    assessment = store.assessment(head.id) if head else None
    card = score_matrix(load_matrix(store, qid, assessment=assessment, use_latest_assessment=False))
    m = card.matrix
    who = request.scope.get("state", {}).get("actor")
    mine = {
        (r.evidence_id, r.hypothesis_id): r.consistency.value
        for r in m.ratings
        if who is not None and r.analyst == who.name
    }
    context = {
        "card": card,
        "m": m,
        "mine": mine,
        "scale": [c.value for c in Consistency],
        "zip": zip,
        "history": history_of(store, "questions", qid),
        "notes": notes(store, "questions", qid),
        "kind": "questions",
        "record_id": qid,
    }
    return respond(request, "ach_board.html", context, plain(card.to_dict()))
