"""ClaimReview in and out: fact-checkers' verdicts become track records; assessments go out as
model estimates.

The fixtures in tests/data/claimreview/ were written for these tests after schema.org's
documented ClaimReview example (a fact-check page, including its "True" rating paired with 1 of
6), an @graph with @id references, the DataCommons feed's DataFeed shape and the Fact Check Tools
API's ``claims[].claimReview[]`` shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from veracity.assess import assess_records, assess_store
from veracity.casework import load_bundled
from veracity.cli import cli
from veracity.errors import InputError
from veracity.ingest.claimreview import read_claimreviews
from veracity.ingest.claimreview_export import claimreview_documents, export_claimreviews
from veracity.ingest.claimreview_ratings import rating_map_markdown
from veracity.ingest.claimreview_store import import_claimreviews, write_claimreviews
from veracity.model import Proposition, PropositionKind, Source, SourceKind, Stance, Statement
from veracity.store import Store, open_store

DATA = Path(__file__).parent / "data" / "claimreview"
PAGE = DATA / "factcheck_page.html"
GRAPH = DATA / "graph.json"
FEED = DATA / "datacommons_feed.json"
TOOLS = DATA / "factchecktools.json"


def _by_claim(store: Store) -> dict[str, str]:
    return {p.text: p.id for p in store.propositions()}


# -- reading ----------------------------------------------------------------------------------


def test_a_fact_check_page_gives_each_json_ld_block_with_its_path() -> None:
    reviews = read_claimreviews(PAGE.read_bytes())
    assert [r.path for r in reviews] == ["script[1]", "script[2]/0"]
    perry, miliband = reviews
    assert perry.claimants[0].name == "Rick Perry"
    assert perry.claimants[0].kind is SourceKind.PERSON
    assert perry.checker is not None and perry.checker.name == "PolitiFact"
    assert str(perry.claim_date) == "2014-07-17"
    assert perry.appearance == "https://news.example/2014/07/17/perry-op-ed"
    # schema.org's own example says "True" in words and 1 of 6 in numbers: left unresolved
    assert (perry.verdict.value, perry.verdict.kind) == (None, "disagree")
    assert miliband.verdict.value == "true"


def test_an_at_graph_resolves_id_references_and_prefixed_names() -> None:
    turbines, bridge = read_claimreviews(GRAPH.read_bytes())
    assert turbines.claim == "Noise from wind turbines causes cancer."
    assert turbines.checker is not None and turbines.checker.name == "Checker Weekly"
    assert turbines.checker.kind is SourceKind.OUTLET
    assert [c.name for c in turbines.claimants] == ["Jane Roe"]
    assert turbines.verdict.value == "false"
    assert str(turbines.claim_date) == "2024-11-10"  # from firstAppearance
    assert [(c.name, c.kind) for c in bridge.claimants] == [
        ("City of Springfield", SourceKind.GOVERNMENT),
        ("Jane Roe", SourceKind.PERSON),
    ]
    assert bridge.verdict.kind == "mixed"


def test_feeds_in_both_aggregator_shapes() -> None:
    feed = read_claimreviews(FEED.read_bytes())
    assert [r.path for r in feed] == [
        "/dataFeedElement/0/item/0",
        "/dataFeedElement/1/item/0",
        "/dataFeedElement/1/item/1",
        "/dataFeedElement/1/item/2",
    ]
    assert [r.verdict.kind for r in feed] == ["false", "true", "true", "not-a-claim"]
    tools = read_claimreviews(TOOLS.read_bytes())
    assert [(r.claim[:8], r.checker.name if r.checker else None) for r in tools] == [
        ("Drinking", "Health Checkers"),
        ("Drinking", "Another Checker"),
        ("The brid", "Health Checkers"),
    ]
    assert [r.verdict.value for r in tools] == ["false", "false", "true"]


# -- importing --------------------------------------------------------------------------------


def test_import_makes_claimants_propositions_statements_and_checker_resolutions(
    store: Store,
) -> None:
    report = import_claimreviews(store, FEED)
    assert (report.reviews, report.resolutions, report.true, report.false) == (4, 3, 2, 1)
    assert dict(report.unresolved) == {"not-a-claim": 1}
    names = {s.id: s.name for s in store.sources()}
    assert sorted(names.values()) == ["Example Fact Check", "Sam Speaker", "State Democratic Party"]
    props = _by_claim(store)
    crime = props["The city's crime rate doubled last year."]
    (statement,) = store.statements(proposition_id=crime)
    assert names[statement.source_id] == "Sam Speaker"
    assert statement.stance is Stance.ASSERTS and statement.value == "true"
    assert str(statement.time) == "2024-10-30"
    (resolution,) = [r for r in store.resolutions() if r.proposition_id == crime]
    assert resolution.value == "false"
    assert names[resolution.source_id or ""] == "Example Fact Check"
    assert resolution.reference == "https://checks.example/a"
    assert str(resolution.resolved_on) == "2024-11-02"
    assert "Mostly False" in (resolution.note or "")
    # the satire review adds its claim and statement but resolves nothing
    flood = props["The photo shows this year's flood."]
    assert store.statements(proposition_id=flood)
    assert not [r for r in store.resolutions() if r.proposition_id == flood]


def test_the_claimants_track_record_comes_from_the_reviews(store: Store) -> None:
    import_claimreviews(store, FEED)
    speaker = next(s.id for s in store.sources() if s.name == "Sam Speaker")
    store.add_propositions([Proposition(id="P-new", text="Something Sam said next.")])
    store.add_statements([Statement(id="s-new", source_id=speaker, proposition_id="P-new")])
    a = assess_records(
        store.sources(),
        store.propositions(),
        store.statements(),
        resolutions=store.resolutions(),
        method="track_record",
    )
    record = a.source(speaker)
    # one claim rated false, one true; the satire one counts for neither
    assert (record.n_resolved, record.n_correct) == (2, 1)
    assert a.proposition("P-new").probabilities["true"] == pytest.approx((2 + 1) / (3 + 2))


def test_importing_twice_adds_nothing_the_second_time(store: Store) -> None:
    import_claimreviews(store, GRAPH)
    before = store.counts()
    again = import_claimreviews(store, GRAPH)
    assert store.counts() == before
    assert again.already_stored == 4  # 3 statements + 1 resolution, all there
    assert again.sources_new == 0 and again.propositions_new == 0


def test_claimants_match_stored_sources_by_name_and_claims_by_text(store: Store) -> None:
    store.add_sources([Source(id="jroe", name="Jane  ROE", kind=SourceKind.PERSON)])
    store.add_propositions(
        [Proposition(id="P-turbines", text="noise from wind turbines causes cancer")]
    )
    report = import_claimreviews(store, GRAPH)
    assert report.sources_matched == 1 and report.propositions_matched == 1
    assert {s.source_id for s in store.statements(proposition_id="P-turbines")} == {"jroe"}
    (res,) = [r for r in store.resolutions() if r.proposition_id == "P-turbines"]
    assert res.value == "false"


def test_name_variants_join_the_stored_speaker_and_the_checker_its_site(
    store: Store, tmp_path: Path
) -> None:
    store.add_sources(
        [
            Source(id="peskov", name="Dmitry Peskov", kind=SourceKind.PERSON),
            Source(
                id="pf",
                name="PolitiFact.com",
                kind=SourceKind.OUTLET,
                url="https://www.politifact.com/",
            ),
        ]
    )
    review = _review(
        claimReviewed="The call never happened.",
        author={"@type": "Organization", "name": "PolitiFact", "url": "https://politifact.com/x"},
        itemReviewed={"author": {"@type": "Person", "name": "Dmitri Peskov"}},
    )
    path = tmp_path / "peskov.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    report = import_claimreviews(store, path)
    assert report.sources_new == 0 and report.sources_matched == 2
    (statement,) = store.statements()
    assert statement.source_id == "peskov"
    assert [r.source_id for r in store.resolutions()] == ["pf"]


def test_two_checkers_on_one_claim_share_the_proposition_and_the_statement(
    store: Store,
) -> None:
    report = import_claimreviews(store, TOOLS)
    assert report.resolutions == 3 and report.statements == 2
    flu = _by_claim(store)["Drinking hot water cures the flu."]
    checkers = {r.source_id for r in store.resolutions() if r.proposition_id == flu}
    names = {s.id: s.name for s in store.sources()}
    assert {names[c or ""] for c in checkers} == {"Health Checkers", "Another Checker"}


# -- exporting --------------------------------------------------------------------------------


@pytest.fixture
def assessed(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "kremlin.db"))
    load_bundled(s, "kremlin-call")
    assess_store(s)  # saved in the store
    return s


def test_export_writes_one_model_estimate_per_assessed_proposition(assessed: Store) -> None:
    doc = claimreview_documents(assessed)
    assessment = assessed.latest_assessment()
    assert assessment is not None
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    assert [r["identifier"] for r in reviews] == [p.proposition_id for p in assessment.propositions]
    p1 = next(r for r in reviews if r["identifier"] == "P1")
    assert p1["@type"] == "ClaimReview"
    rating = p1["reviewRating"]
    p_true = assessment.proposition("P1").probabilities["true"]
    assert rating["alternateName"].startswith(f"Model estimate: P(true) = {p_true:.2f}")
    assert rating["ratingValue"] == pytest.approx(
        assessment.proposition("P1").probabilities["true"], abs=1e-4
    )
    assert (rating["worstRating"], rating["bestRating"]) == (0, 1)
    assert "not a fact-check" in p1["reviewBody"]
    assert "Dmitry Peskov denies" in p1["reviewBody"]  # the reasons are in the text
    assert p1["itemReviewed"]["author"]["name"] == "The Washington Post"


def test_export_then_import_gives_back_claims_and_claimants_but_no_verdicts(
    assessed: Store, tmp_path: Path
) -> None:
    out = tmp_path / "estimates.jsonld"
    with out.open("w", encoding="utf-8") as f:
        n = export_claimreviews(assessed, f)
    reviews = read_claimreviews(out.read_bytes())
    assert len(reviews) == n
    assert all(r.estimate and r.verdict.value is None for r in reviews)
    exported = {r.claim: r for r in reviews}
    for p in assessed.propositions():
        if p.id in {pa.proposition_id for pa in assessed.latest_assessment().propositions}:  # type: ignore[union-attr]
            assert p.text in exported
    fresh = open_store(str(tmp_path / "fresh.db"))
    report = import_claimreviews(fresh, out)
    assert report.estimates == n and report.resolutions == 0
    assert not fresh.resolutions()
    p1 = exported["Donald Trump and Vladimir Putin spoke by phone on 7 November 2024."]
    p_true = assessed.latest_assessment().proposition("P1").probabilities["true"]  # type: ignore[union-attr]
    assert p1.rating.value == pytest.approx(p_true, abs=1e-4)
    names = {s.name for s in fresh.sources()}
    assert "The Washington Post" in names


def test_export_without_an_assessment_says_what_to_run(tmp_path: Path) -> None:
    empty = open_store(str(tmp_path / "empty.db"))
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", "--format", "claimreview", "--db", str(tmp_path / "empty.db")]
    )
    assert result.exit_code == 2
    assert "veracity assess" in result.output
    empty.close()


def test_import_then_assess_then_export_through_the_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(FEED), "--format", "claimreview", "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 resolutions (2 true, 1 false)" in result.output
    with open_store(str(db)) as s:
        speaker = next(x.id for x in s.sources() if x.name == "Sam Speaker")
        s.add_propositions([Proposition(id="P9", text="Sam's newest claim.")])
        s.add_statements([Statement(id="s9", source_id=speaker, proposition_id="P9")])
    assert runner.invoke(cli, ["assess", "--db", db]).exit_code == 0
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["export", "--format", "claimreview", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    graph = json.loads(out.read_text("utf-8"))["@graph"]
    (review,) = [r for r in graph if r["claimReviewed"] == "Sam's newest claim."]
    # resolved claims are not assessed; the satire-rated one is open, so it is there too
    assert {r["claimReviewed"] for r in graph} == {
        "Sam's newest claim.",
        "The photo shows this year's flood.",
    }
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Sam Speaker"}


# -- hostile input ----------------------------------------------------------------------------


def _review(**changes: object) -> dict[str, object]:
    review: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "A claim.",
        "author": {"@type": "Organization", "name": "Checker"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Speaker"}},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    review.update(changes)
    return review


def _feed(*items: object) -> bytes:
    return json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": list(items)}]}).encode()


_BIG = "x" * (10 << 20)

HOSTILE: list[tuple[str, bytes, str, str]] = [
    (
        "claim is a number",
        _feed(_review(claimReviewed=5)),
        "/dataFeedElement/0/item/0/claimReviewed",
        "should be text",
    ),
    (
        "missing claimant",
        _feed(_review(), _review(itemReviewed={"@type": "Claim"})),
        "/dataFeedElement/0/item/1/itemReviewed/author",
        "names no claimant",
    ),
    (
        "claimant is a number",
        _feed(_review(itemReviewed={"author": 7})),
        "/dataFeedElement/0/item/0/itemReviewed/author",
        "Person or Organization",
    ),
    (
        "rating value is a list of objects",
        _feed(_review(reviewRating={"ratingValue": [{"x": 1}]})),
        "/dataFeedElement/0/item/0/reviewRating/ratingValue",
        "should be a number",
    ),
    (
        "rating outside its scale",
        _feed(_review(reviewRating={"ratingValue": 9, "bestRating": 5})),
        "/dataFeedElement/0/item/0/reviewRating",
        "outside",
    ),
    (
        "10 MB claim",
        _feed(_review(claimReviewed=_BIG)),
        "/dataFeedElement/0/item/0/claimReviewed",
        "10,485,760 characters",
    ),
    ("deeply nested", b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "/", "nested"),
    (
        "not UTF-8",
        json.dumps(_review(claimReviewed="caf\u00e9"), ensure_ascii=False).encode("latin-1"),
        "/",
        "not UTF-8",
    ),
    (
        "lone surrogate",
        json.dumps(_review(itemReviewed={"author": {"name": "Bad \ud800 name"}})).encode(),
        "/itemReviewed/author/name",
        "lone UTF-16 surrogate",
    ),
    ("not JSON", b'{"@type": "ClaimReview",}', "/", "not valid JSON"),
    ("no ClaimReview", b'{"@type": "NewsArticle"}', "/", "no ClaimReview"),
    (
        "bad date",
        _feed(_review(datePublished="yesterday")),
        "/dataFeedElement/0/item/0/datePublished",
        "not a date",
    ),
    (
        "NaN",
        b'{"@type": "ClaimReview", "reviewRating": {"ratingValue": NaN}}',
        "/",
        "not valid JSON",
    ),
    (
        "tools claimReview not a list",
        json.dumps({"claims": [{"text": "x", "claimant": "y", "claimReview": "False"}]}).encode(),
        "/claims/0/claimReview",
        "should be a list",
    ),
]


@pytest.mark.parametrize(("name", "data", "path", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_json_ld_exits_2_naming_the_field_and_writes_nothing(
    tmp_path: Path, name: str, data: bytes, path: str, words: str
) -> None:
    db = str(tmp_path / "h.db")
    with open_store(str(db)) as s:
        import_claimreviews(s, GRAPH)
        before = s.counts()
    bad = tmp_path / "bad.json"
    # a valid review first, so that a half-written import would show
    bad.write_bytes(data)
    result = CliRunner().invoke(cli, ["import", str(bad), "--format", "claimreview", "--db", db])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message
    assert f"field '{path}'" in message and words in message
    assert " — " in message  # the fix follows the dash
    with open_store(str(db)) as s:
        assert s.counts() == before


def test_skip_incomplete_leaves_out_reviews_without_a_claimant(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(_feed(_review(), _review(itemReviewed={"@type": "Claim"}, claimReviewed="B.")))
    with open_store(str(tmp_path / "s.db")) as s:
        with pytest.raises(InputError, match="names no claimant"):
            import_claimreviews(s, path)
        report = import_claimreviews(s, path, skip_incomplete=True)
        assert report.reviews == 1 and sum(report.incomplete.values()) == 1
        assert [p.text for p in s.propositions()] == ["A claim."]


def test_a_page_in_a_declared_charset_is_read_in_it(tmp_path: Path) -> None:
    review = json.dumps(_review(claimReviewed="Caf\u00e9 prices doubled."), ensure_ascii=False)
    page = (
        '<html><head><meta charset="windows-1252"><script type="application/ld+json">'
        f"{review}</script></head></html>"
    ).encode("cp1252")
    (r,) = read_claimreviews(page)
    assert r.claim == "Caf\u00e9 prices doubled."


def test_an_older_store_gains_the_resolution_source_column(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(str(db)) as s, s.engine.begin() as conn:
        # the resolutions table as migration 1 made it before this column existed
        conn.execute(text("DROP TABLE resolutions"))
        conn.execute(
            text(
                "CREATE TABLE resolutions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
                "proposition_id TEXT NOT NULL REFERENCES propositions (id), value TEXT NOT NULL, "
                "reference TEXT, resolved_on TEXT, note TEXT)"
            )
        )
        conn.execute(text("DELETE FROM veracity_migrations WHERE name = 'claimreview'"))
    with open_store(str(db)) as s:
        assert [m.name for m in s.migrate()] == []  # open_store already applied it
        columns = {c["name"] for c in inspect(s.engine).get_columns("resolutions")}
        assert "source_id" in columns
        import_claimreviews(s, GRAPH)
        assert all(r.source_id for r in s.resolutions())


def test_write_claimreviews_takes_reviews_built_in_code(store: Store) -> None:
    reviews = read_claimreviews(TOOLS.read_bytes())
    report = write_claimreviews(store, reviews[:1])
    assert report.resolutions == 1 and report.statements == 1


def test_the_documented_rating_map_is_the_one_in_the_code() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "claimreview.md").read_text("utf-8")
    assert rating_map_markdown() in doc


def test_a_proposition_with_several_values_is_exported_as_its_leading_value(
    tmp_path: Path,
) -> None:
    s = open_store(str(tmp_path / "dates.db"))
    s.add_sources(
        [
            Source(id="a", name="Agency A", kind=SourceKind.OUTLET),
            Source(id="b", name="Agency B", kind=SourceKind.OUTLET),
            Source(id="c", name="Agency C", kind=SourceKind.OUTLET),
        ]
    )
    s.add_propositions(
        [
            Proposition(
                id="when",
                text="The date of the call",
                kind=PropositionKind.CATEGORICAL,
                values=("2024-11-07", "2024-11-08"),
            )
        ]
    )
    s.add_statements(
        [
            Statement(id="s1", source_id="a", proposition_id="when", value="2024-11-07"),
            Statement(id="s2", source_id="b", proposition_id="when", value="2024-11-07"),
            Statement(id="s3", source_id="c", proposition_id="when", value="2024-11-08"),
        ]
    )
    assessment = assess_store(s, method="majority_vote")
    (review,) = claimreview_documents(s)["@graph"]
    p = assessment.proposition("when").probabilities["2024-11-07"]
    assert review["claimReviewed"] == "The date of the call — 2024-11-07"
    assert review["reviewRating"]["ratingValue"] == pytest.approx(p, abs=1e-4)
    assert [a["name"] for a in review["itemReviewed"]["author"]] == ["Agency A", "Agency B"]
    s.close()


def test_the_schema_org_example_round_trips_through_import_assess_export_import(
    tmp_path: Path,
) -> None:
    first = open_store(str(tmp_path / "first.db"))
    import_claimreviews(first, PAGE)
    assess_store(first, method="track_record")
    out = tmp_path / "out.jsonld"
    with out.open("w", encoding="utf-8") as f:
        export_claimreviews(first, f)
    # the unresolved review (words "True", number 1 of 6) is the open claim that is assessed
    (perry,) = read_claimreviews(out.read_bytes())
    original = read_claimreviews(PAGE.read_bytes())[0]
    assert perry.claim == original.claim
    assert [(c.name, c.kind) for c in perry.claimants] == [("Rick Perry", SourceKind.PERSON)]
    assert str(perry.claim_date) == "2014-07-17"
    assert perry.appearance == original.appearance
    second = open_store(str(tmp_path / "second.db"))
    import_claimreviews(second, out)
    assert [p.text for p in second.propositions()] == [original.claim]
    assert [s.name for s in second.sources()] == ["Rick Perry"]
    (statement,) = second.statements()
    assert str(statement.time) == "2014-07-17" and statement.stance is Stance.ASSERTS
    first.close()
    second.close()


def test_a_claimant_named_only_by_a_pronoun_makes_no_source(tmp_path: Path) -> None:
    path = tmp_path / "he.json"
    path.write_bytes(_feed(_review(itemReviewed={"author": {"@type": "Person", "name": "He"}})))
    with open_store(str(tmp_path / "he.db")) as s:
        report = import_claimreviews(s, path)
        assert report.nameless_claimants == 1 and report.statements == 0
        assert [x.name for x in s.sources()] == ["Checker"]  # the fact-checker only
        assert report.resolutions == 1  # the claim is still resolved
        assert "pronoun" in report.summary()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veracity.ingest.claimreview_jsonld as jsonld

    monkeypatch.setattr(jsonld, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(_feed(*[_review(claimReviewed=f"Claim {i}.") for i in range(20)]))
    with open_store(str(tmp_path / "big.db")) as s, pytest.raises(InputError, match="MiB"):
        import_claimreviews(s, path)
