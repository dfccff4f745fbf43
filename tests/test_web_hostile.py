"""Names and quotes are data, never markup: hostile text through every page and the report.

A store whose sources, propositions, quotes and notes hold HTML, template syntax and matplotlib
mathtext is crawled link by link; every page answers, and nothing hostile comes back unescaped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.assess import assess_store
from veracity.cli import cli
from veracity.model import Evidence, Proposition, Resolution, Source, Stance, Statement
from veracity.store import open_store
from web_helpers import csrf, token_client

HOSTILE = [
    "Fund $\\nosuchcommand$ news",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% raw %}",
    "$x^2$ and $\\frac{1}{0}$",
    "</textarea><svg onload=alert(2)>",
    "javascript:alert(3)",
]


@pytest.fixture()
def hostile_db(tmp_path: Path) -> str:
    db = str(tmp_path / "hostile.db")
    with open_store(db) as store:
        sources = [
            Source(id=f"s{i}", name=name, description=name) for i, name in enumerate(HOSTILE)
        ]
        sources.append(Source(id="q'\"<x>", name="quote marks in an id"))
        store.add_sources(sources)
        props = [Proposition(id=f"P{i}", text=f"Claim: {name}") for i, name in enumerate(HOSTILE)]
        store.add_propositions(props)
        statements = [
            Statement(
                id=f"S{i}-{j}",
                source_id=src.id,
                proposition_id=f"P{i}",
                stance=Stance.ASSERTS if (i + j) % 2 else Stance.DENIES,
                quote=HOSTILE[(i + j) % len(HOSTILE)],
                reference=HOSTILE[j % len(HOSTILE)],
            )
            for i in range(len(HOSTILE))
            for j, src in enumerate(sources)
        ]
        store.add_statements(statements)
        store.add_evidence([Evidence("E1", HOSTILE[1], "P1", 2.0, reference=HOSTILE[0])])
        store.add_resolutions(
            [Resolution("R1", "P0", "true", reference=HOSTILE[2], note=HOSTILE[5])]
        )
        assess_store(store)
    return db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.executable: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        if tag == "script" or any(k.startswith("on") for k in names):
            self.executable.append(f"<{tag} {attrs}>")
        for k, v in attrs:
            if k in ("href", "src") and v:
                if v.lower().startswith("javascript:"):
                    self.executable.append(f"{k}={v}")
                self.links.append(v)


def test_crawl_every_page_with_hostile_names(hostile_db):
    client = token_client(hostile_db)
    token = csrf(client)
    client.post("/notes/sources/s1", data={"text": HOSTILE[2], "csrf_token": token})
    seen: set[str] = set()
    todo = ["/"]
    while todo and len(seen) < 400:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        assert r.status_code in (200, 404), (url, r.status_code, r.text[:300])
        kind = r.headers.get("content-type", "")
        if "svg" not in kind and "html" not in kind:
            continue
        parser = _Links()
        parser.feed(r.text)
        assert parser.executable == [], (url, parser.executable)
        if "svg" in kind:
            continue
        assert "49" not in re.findall(r"Claim: (\d+)", r.text)  # no template evaluated
        for link in parser.links:
            if link.startswith("/") and not link.startswith("//") and "logout" not in link:
                path = link.split("#")[0]
                if path not in seen and not path.endswith((".csv", ".jsonl")):
                    todo.append(path)
    assert len(seen) > 30
    assert any(u.startswith("/propositions/P0") for u in seen)
    assert "/sources/chart.svg" in seen and any(u.endswith("/chart.svg") for u in seen if "P" in u)
    client.__exit__(None, None, None)


def test_mathtext_in_a_name_draws_as_text(hostile_db):
    client = token_client(hostile_db)
    chart = client.get("/propositions/P3/chart.svg")
    assert chart.status_code == 200 and "nosuchcommand" in chart.text
    assert client.get("/sources/chart.svg").status_code == 200
    client.__exit__(None, None, None)


def test_report_html_with_hostile_names(hostile_db, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", hostile_db, "--html", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "nosuchcommand" in text and "<script>alert" not in text
