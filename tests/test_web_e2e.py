"""A team's session in Chromium: two analysts and a viewer on one accounts-mode server.

An analyst logs in, creates a case, adds sources, a proposition and statements, ingests a local
file, corrects a statement with a reason and sees its history, exports CSV; the ACH board of
the home case is rated by her and by a second analyst, each on their own; a viewer reads but
cannot write. Then the board grows (a hypothesis, evidence citing a statement), a quote is
tagged for tactics by hand, and an editor deletes a statement with a reason and undoes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from veracity.assess import assess_store
from veracity.casework import load_bundled
from veracity.store import open_store
from veracity.store.accounts import add_user
from veracity.web import create_app
from web_helpers import HOSTS, PASSWORD, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

ARTICLE = """Kremlin denies phone call

MOSCOW — The Kremlin on Monday denied a report that Vladimir Putin spoke with Donald Trump.
"This is pure fiction," Kremlin spokesman Dmitry Peskov told reporters.
"The call took place on Thursday," a person familiar with the matter told the newspaper.
"""


@pytest.fixture()
def team_server(tmp_path: Path):
    db = str(tmp_path / "home.db")
    with open_store(db) as store:
        load_bundled(store, "kremlin-call")
        assess_store(store)
        add_user(store, "ana", "analyst", PASSWORD)
        add_user(store, "bob", "analyst", PASSWORD)
        add_user(store, "vera", "viewer", PASSWORD)
        add_user(store, "eda", "editor", PASSWORD)
    app = create_app(db, auth="accounts", allowed_hosts=HOSTS, cases_dir=str(tmp_path / "cases"))
    with serving(app) as base:
        yield base


def _login(page, base: str, name: str) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(base + "/")


def _add(page, base: str, kind: str, fields: dict[str, str]) -> None:
    page.goto(f"{base}/new/{kind}")
    for name, value in fields.items():
        if name in ("stance", "kind"):
            page.select_option(f"#{name}", value)
        else:
            page.fill(f"#{name}", value)
    page.click("#add")
    assert page.locator("h1").count() == 1 and "Cannot" not in page.inner_text("h1")


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_team_builds_and_argues_a_case(team_server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    base = team_server
    article = tmp_path / "kremlin.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        ana = browser.new_context(accept_downloads=True).new_page()
        _login(ana, base, "ana")
        # a new case
        ana.goto(base + "/cases")
        ana.fill("#case-name", "inquiry")
        ana.click("#create-case")
        ana.goto(base + "/cases")
        assert ana.inner_text("#current-case") == "inquiry"
        # sources, a proposition, statements
        _add(ana, base, "sources", {"id": "tass", "name": "TASS", "kind": "outlet"})
        _add(ana, base, "sources", {"id": "ria", "name": "RIA Novosti", "kind": "outlet"})
        _add(ana, base, "propositions", {"id": "P1", "text": "Putin and Trump spoke by phone."})
        _add(
            ana,
            base,
            "statements",
            {
                "id": "S1",
                "source_id": "tass",
                "proposition_id": "P1",
                "stance": "denies",
                "quote": "No call took place.",
            },
        )
        _add(
            ana,
            base,
            "statements",
            {
                "id": "S2",
                "source_id": "ria",
                "proposition_id": "P1",
                "stance": "asserts",
                "quote": "They spoke.",
            },
        )
        # ingest a local file, with progress
        ana.goto(base + "/ingest")
        ana.set_input_files("#files", str(article))
        ana.click("#start-ingest")
        ana.wait_for_selector("#job-result", timeout=180_000)
        assert "1 documents stored" in ana.inner_text("#job-result")
        ana.goto(base + "/documents")
        assert "Kremlin denies phone call" in ana.inner_text("#rows")
        # correct a statement with a reason; its history shows who, what and why
        ana.goto(base + "/statements/S2")
        ana.select_option("#stance", "hedges")
        ana.fill("#why", "RIA only reported others' claims")
        ana.click("#save")
        history = ana.inner_text(".history")
        assert "ana" in history and "asserts → hedges" in history
        assert "RIA only reported others' claims" in history
        # export CSV
        ana.goto(base + "/statements")
        with ana.expect_download() as download:
            ana.click("text=CSV")
        csv_text = Path(download.value.path()).read_text(encoding="utf-8")
        assert csv_text.startswith("id,source_id,proposition_id") and "S2,ria,P1,hedges" in csv_text
        # the ACH board of the home case: two analysts rate on their own
        ana.goto(base + "/cases")
        ana.click("button[aria-label='switch to main']")
        ana.goto(base + "/ach/why-deny")
        first = ana.locator("#matrix select").first
        cell = first.get_attribute("name")
        first.focus()  # keyboard: the rating controls are ordinary form fields
        first.select_option("CC")
        ana.click("#save-ratings")
        bob = browser.new_context().new_page()
        _login(bob, base, "bob")
        bob.goto(base + "/ach/why-deny")
        bob.select_option(f"select[name='{cell}']", "II")
        bob.click("#save-ratings")
        board = bob.inner_text("#matrix")
        assert "ana: CC" in board and "bob: II" in board
        assert bob.locator("#disagreement").count() == 1
        # a viewer reads but cannot write
        vera = browser.new_context().new_page()
        _login(vera, base, "vera")
        vera.goto(base + "/statements/S-peskov-denial")
        assert vera.locator("#correction").count() == 0
        token = vera.locator("input[name=csrf_token]").first.get_attribute("value")
        r = vera.request.post(
            base + "/statements/S-peskov-denial/correct",
            form={"stance": "asserts", "csrf_token": token},
        )
        assert r.status == 403
        browser.close()
    with open_store(str(Path(base and tmp_path) / "home.db")) as store:
        assert store.statement("S-peskov-denial").stance.value == "denies"


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_board_grows_a_quote_is_tagged_and_a_deletion_is_undone(team_server):
    playwright = pytest.importorskip("playwright.sync_api")
    base = team_server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        ana = browser.new_context().new_page()
        _login(ana, base, "ana")
        # another hypothesis, and evidence that cites a statement of the case
        ana.goto(base + "/ach/why-deny")
        ana.fill("#h-text", "The call was about something else")
        ana.click("#save-hypothesis")
        assert "The call was about something else" in ana.inner_text("#scores")
        ana.fill("#e-statement", "S-peskov-talks")
        ana.select_option("#e-relevance", "high")
        ana.click("#save-evidence")
        matrix = ana.inner_text("#matrix")
        assert "(statement S-peskov-talks)" in matrix
        assert ana.locator("select[name='cell:E8:H6']").count() == 1
        # a statement cited from its own page
        ana.goto(base + "/statements/S-peskov-invasion")
        ana.click("#cite")
        ana.wait_for_url(base + "/ach/why-deny")
        assert "(statement S-peskov-invasion)" in ana.inner_text("#matrix"), ana.content()[-3000:]
        # a tactic tagged by hand over words of the quote
        ana.goto(base + "/statements/S-peskov-invasion")
        ana.select_option("#technique", "blanket_denial")
        ana.fill("#span", "Russia does not threaten anyone")
        ana.fill("#tactic-why", "a flat denial")
        ana.click("#save-tactic")
        tactics = ana.inner_text("ul.tactics")
        assert "Blanket denial" in tactics and "analyst:ana" in tactics
        # an analyst may not delete
        assert ana.locator("#delete-record").count() == 0
        # an editor deletes a statement with a reason, sees it listed, and undoes it
        eda = browser.new_context().new_page()
        _login(eda, base, "eda")
        eda.goto(base + "/statements/S-dubowy-likely")
        eda.click("#delete-record")
        eda.fill("#why", "duplicate of the article's own words")
        eda.click("#confirm-delete")
        listed = eda.inner_text("#deleted")
        assert "S-dubowy-likely" in listed and "eda" in listed
        assert "duplicate of the article's own words" in listed
        assert eda.goto(base + "/statements/S-dubowy-likely").status == 404
        eda.goto(base + "/deleted")
        eda.click("#restore-1")
        assert eda.inner_text("h1") == "Statement S-dubowy-likely"
        history = eda.inner_text(".history")
        assert "deleted → restored" in history
        browser.close()
