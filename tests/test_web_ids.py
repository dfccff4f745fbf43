"""Record ids are data in links too: an id holding ``#``, ``?``, ``/``, ``%``, ``&`` or a space
must lead to its own page, and a write on it must come back to that page.

Before the fix every such link was built as ``/sources/{id}`` unencoded: ``s#1`` asked for
``/sources/s`` (the rest a fragment), ``s?2`` for ``/sources/s`` with a query, ``s/3`` for a page
that does not exist — 404s, or worse, another record's page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from veracity.model import Proposition, Source, Stance, Statement
from veracity.store import open_store
from veracity.web import create_app
from veracity.web.render import url_segment
from web_helpers import HOSTS, csrf, serving, token_client

# TestClient decodes a path twice (httpx once, then Starlette's test transport), so ids with a
# ``%`` are checked against a real server below; the others go through the test client.
AWKWARD = ["s#1", "s?2&x=1", "s/3", "s 4", "ünï-5", "s..6", "s:7;8"]
PERCENT = "s%20x"


def _store(path: str, ids: list[str]) -> None:
    with open_store(path) as store, store.transaction() as tx:
        tx.add_sources([Source(id=i, name=f"Source {n}") for n, i in enumerate(ids)])
        tx.add_propositions(
            [Proposition(id=f"p{i}", text=f"Claim number {n}") for n, i in enumerate(ids)]
        )
        tx.add_statements(
            [
                Statement(id=f"st{i}", source_id=i, proposition_id=f"p{i}", stance=Stance.ASSERTS)
                for i in ids
            ]
        )


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ids.db")
    _store(path, AWKWARD)
    return path


def test_url_segment_keeps_nothing_that_ends_a_path():
    for raw in AWKWARD + [PERCENT]:
        seg = url_segment(raw)
        assert not set(seg) & set("#?/ &%") - {"%"}
        assert seg.count("%") == quote(raw, safe="").count("%")


def test_every_link_on_the_list_pages_reaches_its_own_record(db):
    client = token_client(db)
    for table, kind in (("sources", "Source"), ("propositions", "Claim number")):
        page = client.get(f"/{table}?_size=100").text
        links = set(re.findall(rf'href="(/{table}/[^"]+)"', page))
        links = {link.replace("&amp;", "&") for link in links if not link.endswith(".svg")}
        assert len(links) == len(AWKWARD), links
        for n, record in enumerate(AWKWARD):
            rid = record if table == "sources" else f"p{record}"
            link = f"/{table}/{url_segment(rid)}"
            assert link in links
            answer = client.get(link)
            assert answer.status_code == 200, (rid, answer.status_code)
            assert f"{kind} {n}" in answer.text


def test_a_statement_page_links_to_its_source_and_proposition(db):
    client = token_client(db)
    for record in AWKWARD:
        page = client.get(f"/statements/{url_segment('st' + record)}")
        assert page.status_code == 200, record
        assert f'href="/sources/{url_segment(record)}"' in page.text.replace("&amp;", "&")
        assert f'href="/propositions/{url_segment("p" + record)}"' in page.text.replace(
            "&amp;", "&"
        )


def test_a_write_on_an_awkward_id_edits_that_record_and_comes_back_to_it(db):
    client = token_client(db)
    for record in AWKWARD:
        page = f"/sources/{url_segment(record)}"
        token = csrf(client, page)
        answer = client.post(
            f"{page}/edit",
            data={"csrf_token": token, "name": f"Renamed {record}", "why": "typo"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, (record, answer.text[:300])
        assert answer.headers["location"] == page
    with open_store(db) as store:
        assert {store.source(r).name for r in AWKWARD} == {f"Renamed {r}" for r in AWKWARD}


def test_an_id_with_a_percent_sign_on_a_real_server(tmp_path):
    db = str(tmp_path / "pct.db")
    _store(db, [PERCENT, "s x"])
    app = create_app(db, auth="none", allowed_hosts=HOSTS)
    with serving(app) as base:
        listing = httpx.get(f"{base}/sources").text
        assert f'href="/sources/{url_segment(PERCENT)}"' in listing
        # "s%20x" and "s x" are two records: each link must reach its own.
        assert "Source 0" in httpx.get(f"{base}/sources/{url_segment(PERCENT)}").text
        assert "Source 1" in httpx.get(f"{base}/sources/{url_segment('s x')}").text
