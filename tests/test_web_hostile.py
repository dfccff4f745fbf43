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
from veracity.model import (
    AchEvidence,
    Document,
    Evidence,
    Hypothesis,
    Proposition,
    Question,
    Resolution,
    Source,
    Stance,
    Statement,
)
from veracity.store import open_store
from veracity.store.deletions import delete_record
from veracity.store.jobs import JobState, save_job
from veracity.store.questions import add_evidence, add_question
from veracity.store.tactic_tags import replace_tags
from veracity.tactics.tag import Tag
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
        store.add_documents(
            [
                Document(
                    id="D1",
                    text="\n\n".join(HOSTILE),
                    content_hash="h1",
                    title=HOSTILE[1],
                    outlet_id="s2",
                    url=HOSTILE[6],
                )
            ]
        )
        store.add_statements([Statement("SD", "s1", "P1", quote=HOSTILE[5], document_id="D1")])
        add_question(
            store,
            Question("q1", HOSTILE[1], HOSTILE[3]),
            [Hypothesis(f"H{i}", "q1", name) for i, name in enumerate(HOSTILE)],
        )
        add_evidence(store, [AchEvidence("A1", "q1", HOSTILE[2], statement_id="SD")])
        replace_tags(store, {"SD": [Tag("blanket_denial", 0, 8, 1.0, HOSTILE[2])]})
        delete_record(store, "statements", "S0-0", who=HOSTILE[1], why=HOSTILE[5])
        save_job(store, JobState("j1", HOSTILE[2], HOSTILE[1], problems=[HOSTILE[5]]))
        assess_store(store)
    return db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.executable: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        # the workbench's own script files (the job page's progress) are the only scripts
        own = tag == "script" and (dict(attrs).get("src") or "").startswith("/static/")
        if (tag == "script" and not own) or any(k.startswith("on") for k in names):
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
    for page in ("/documents/D1", "/ach/q1", "/deleted", "/jobs", "/statements/SD"):
        assert page in seen, page
    assert any(u.startswith("/delete/") for u in seen)
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
