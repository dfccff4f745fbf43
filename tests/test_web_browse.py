"""The table reader behind the workbench's lists, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from veracity.model import Proposition, Source, Stance, Statement
from veracity.store import browse as browse_module
from veracity.store.browse import browse, stream


@pytest.fixture(autouse=True)
def _no_facet_deadline(monkeypatch):
    """Facet counts here are checked, not timed: on a loaded machine the page's time budget
    would cut one off (``test_facets_that_would_overrun…`` tests the budget itself)."""
    monkeypatch.setattr(browse_module, "FACET_BUDGET", 60_000.0)


@pytest.fixture()
def filled(store):
    store.add_sources([Source(id=f"s{i}", name=f"Source {i}") for i in range(4)])
    store.add_propositions([Proposition(id=f"P{i}", text=f"Claim {i}") for i in range(3)])
    store.add_statements(
        Statement(
            id=f"S{i:03d}",
            source_id=f"s{i % 4}",
            proposition_id=f"P{i % 3}",
            stance=(Stance.ASSERTS, Stance.DENIES)[i % 2],
            time=date(2024, 1 + i % 3, 1 + i % 28),
            quote=f"quote number {i} 100% sure_thing" if i % 5 == 0 else f"quote {i}",
        )
        for i in range(60)
    )
    return store


def test_keyset_pages_with_every_sort_cover_each_row_once(filled):
    for sort in ("seq", "id", "time", "source_id", "stance"):
        for desc in (False, True):
            seen, after = [], None
            while True:
                page = browse(filled, "statements", sort=sort, desc=desc, after=after, size=7)
                seen += [r["id"] for r in page.rows]
                if not page.next:
                    break
                after = page.next
            assert sorted(seen) == sorted(f"S{i:03d}" for i in range(60)), (sort, desc)


def test_filters_search_and_facets(filled):
    page = browse(filled, "statements", filters={"stance": "denies", "source_id": "s1"})
    assert page.count == 15 and {r["stance"] for r in page.rows} == {"denies"}
    assert dict(page.facets["proposition_id"]) == {"P0": 5, "P1": 5, "P2": 5}
    assert sum(n for _, n in page.facets["month"]) == 15
    assert page.label("proposition_id", "P1") == "Claim 1"
    # statements: words, or the beginnings of words, through the full-text index
    assert browse(filled, "statements", q="100%").count == 12
    assert browse(filled, "statements", q="SURE thi").count == 12
    assert browse(filled, "statements", q="number 15").count == 1  # "15" is no prefix of "100"
    assert browse(filled, "statements", q="numb").count == 12  # the last word: a beginning
    assert browse(filled, "statements", q="numb 10").count == 0  # others: whole words
    assert browse(filled, "statements", q="S007").count == 1  # an id
    assert browse(filled, "statements", q='" OR NEAR(*').count == 0  # never FTS syntax
    # other tables: substrings, LIKE wildcards taken literally
    assert browse(filled, "sources", q="rce 1").count == 1
    assert browse(filled, "sources", q="%").count == 0
    assert browse(filled, "sources", q="_").count == 0
    assert browse(filled, "statements", filters={"month": "2024-02"}).count == 20
    assert browse(filled, "statements", filters={"since": "2024-03"}).count == 20


def test_facets_that_would_overrun_the_budget_are_named_not_waited_for(filled, monkeypatch):
    monkeypatch.setattr(browse_module, "FACET_BUDGET", 0.0)
    page = browse(filled, "statements")
    assert page.facets == {} and "stance" in page.skipped_facets and len(page.rows) == 50


def test_stream_reads_every_matching_row_in_chunks(filled):
    rows = list(stream(filled, "statements", filters={"stance": "asserts"}, chunk=4))
    assert len(rows) == 30 and len({r["id"] for r in rows}) == 30


def test_bad_requests_name_the_field(filled):
    from veracity.errors import InputError

    with pytest.raises(InputError, match="cannot filter"):
        browse(filled, "statements", filters={"shoe": "1"})
    with pytest.raises(InputError, match="cannot sort"):
        browse(filled, "statements", sort="quote")
    with pytest.raises(InputError, match="cursor"):
        browse(filled, "statements", after="!!!")
    with pytest.raises(InputError, match="no table"):
        browse(filled, "users")


def test_full_text_index_follows_bulk_and_small_imports(store):
    from veracity.store import BATCH_SIZE

    store.add_sources([Source(id="s", name="S")])
    store.add_propositions([Proposition(id="P", text="P")])
    n = 2 * BATCH_SIZE + 7  # doubles the table: the bulk path drops the triggers, rebuilds
    store.add_statements(
        Statement(id=f"B{i}", source_id="s", proposition_id="P", quote=f"bulk word{i % 10}")
        for i in range(n)
    )
    assert sum(1 for _ in stream(store, "statements", q="bulk")) == n
    assert sum(1 for _ in stream(store, "statements", q="word3")) == len(range(3, n, 10))
    store.add_statements([Statement(id="L", source_id="s", proposition_id="P", quote="late one")])
    assert [r["id"] for r in browse(store, "statements", q="late").rows] == ["L"]


def test_one_pass_and_grouped_facets_agree_and_the_cache_follows_edits(filled, monkeypatch):
    from veracity.store.corrections import correct_statement

    one_pass = browse(filled, "statements")  # 60 rows: counted in one pass
    monkeypatch.setattr(browse_module, "FACET_ROWS", 10)  # now a "big" table: GROUP BY, cached
    grouped = browse(filled, "statements")
    for name in ("source_id", "stance", "proposition_id", "corrected", "month"):
        assert dict(one_pass.facets[name]) == dict(grouped.facets[name]), name
    # a correction or a new row shows at once, not when the cache expires
    correct_statement(filled, "S001", who="ana", why="t", stance="hedges")
    assert dict(browse(filled, "statements").facets["stance"])["hedges"] == 1
    filled.add_statements([Statement(id="new", source_id="s0", proposition_id="P0")])
    assert dict(browse(filled, "statements").facets["stance"])["asserts"] == 31
    # a search or filter matching more rows than one pass reads: facets named, not counted
    page = browse(filled, "statements", filters={"stance": "asserts"})
    assert page.facets == {} and "source_id" in page.skipped_facets and page.count == 31


def test_a_few_valued_filter_does_not_hide_a_selective_one(filled):
    # SQLite without statistics would search by the stance index; the answer must not change
    both = browse(filled, "statements", filters={"stance": "denies", "source_id": "s1"})
    corrected = browse(filled, "statements", filters={"corrected": "0", "source_id": "s1"})
    assert both.count == 15 and corrected.count == 15


def test_search_pages_by_keyset_through_the_full_text_index(filled):
    # "quote" is in all 60; "number" in the 12 with i % 5 == 0
    for q, expected in (("quote", 60), ("number", 12), ("quote number", 12)):
        for sort, desc in (("seq", False), ("seq", True), ("time", False), ("id", True)):
            seen, after = [], None
            while True:
                page = browse(filled, "statements", q=q, sort=sort, desc=desc, after=after, size=5)
                seen += [r["id"] for r in page.rows]
                after = page.next
                if not after:
                    break
            assert len(seen) == len(set(seen)) == expected, (q, sort, desc)
            assert page.count == expected
    both = browse(filled, "statements", q="number", filters={"stance": "asserts"})
    assert both.count == 6 and {r["stance"] for r in both.rows} == {"asserts"}
    ordered = [r["id"] for r in browse(filled, "statements", q="quote", size=60).rows]
    assert ordered == [f"S{i:03d}" for i in range(60)]


def test_a_big_postgresql_table_shows_the_planner_estimate_unfiltered_only(filled, monkeypatch):
    from sqlalchemy import text

    monkeypatch.setattr(browse_module, "ESTIMATE_ABOVE", 10)
    if filled.engine.dialect.name != "postgresql":
        assert browse(filled, "statements").count_estimated is False  # SQLite counts
        return
    with filled.engine.begin() as conn:
        conn.execute(text("ANALYZE statements"))
    page = browse(filled, "statements", size=5)
    assert page.count_estimated and abs(page.count - 60) <= 6
    filtered = browse(filled, "statements", filters={"stance": "denies"}, size=5)
    assert not filtered.count_estimated and filtered.count == 30
