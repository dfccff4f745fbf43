"""ACH: matrices worked by hand, properties of the scores, the case-file section, storage, CLI."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.ach import (
    build_matrix,
    diagnosticity,
    disagreement,
    heuer_scores,
    load_questions,
    render_svg,
    score_matrix,
    sensitivity,
    to_csv,
    to_json,
)
from veracity.ach.matrix import current_ratings, step_to_consistency
from veracity.ach.scores import MatrixNumbers, log_factors
from veracity.ach.sensitivity import WhatIf
from veracity.casework import case_hook, load_matrix, store_question_records
from veracity.cli import cli
from veracity.errors import InputError
from veracity.ingest.casefile import bundled_case
from veracity.model import (
    AchEvidence,
    Assessment,
    Consistency,
    Hypothesis,
    Level,
    Proposition,
    PropositionAssessment,
    Question,
    Rating,
    Source,
    SourceReliability,
    Statement,
)

R2 = math.sqrt(2)
Q = Question("q", "Why?")
C = Consistency


def hyps(*ids: str) -> list[Hypothesis]:
    return [Hypothesis(h, "q", f"hypothesis {h}", position=i) for i, h in enumerate(ids)]


def item(eid: str, cred: Level = Level.MEDIUM, rel: Level = Level.MEDIUM, **kw) -> AchEvidence:
    return AchEvidence(eid, "q", f"evidence {eid}", credibility=cred, relevance=rel, **kw)


def rate(eid: str, row: dict[str, Consistency], analyst: str = "a", note: str = "") -> list:
    return [Rating("q", eid, h, c, analyst=analyst, note=note) for h, c in row.items()]


# -- worked by hand ----------------------------------------------------------------------------

# Three hypotheses, three items:
#
#            cred (c, weight)     rel (weight)     H1   H2   H3
#   E1   High  (1,    √2)       Medium (1)         I    C    II
#   E2   Low   (1/2,  1/√2)     High   (√2)        N    II   CC
#   E3   Med.  (1/√2, 1)        Low    (1/√2)      NA   I    I
#
# Heuer (only I = 1, II = 2 count; × credibility weight × relevance weight):
#   H1 = E1: 1·√2·1                                = √2            ≈ 1.4142
#   H2 = E2: 2·(1/√2)·√2 + E3: 1·1·(1/√2)          = 2 + 1/√2      ≈ 2.7071
#   H3 = E1: 2·√2·1 + E3: 1/√2                     = 2√2 + 1/√2    ≈ 3.5355
#   unweighted counts: H1 1, H2 3, H3 3; the leader is H1.
# Bayes (factor c·2^(step·rel) + 1 − c; 2^(2√2) = 7.102993, 2^(-1/√2) = 0.612547):
#   E1 (c = 1):    H1 2^-1 = 0.5,  H2 2^1 = 2,  H3 2^-2 = 0.25
#   E2 (c = 1/2):  H1 1,  H2 0.5/7.102993 + 0.5 = 0.570393,  H3 0.5·7.102993 + 0.5 = 4.051497
#   E3 (c = 1/√2): H1 1 (NA),  H2 = H3 = 0.612547/√2 + (1 − 1/√2) = 0.726030
#   products: H1 0.5,  H2 2·0.570393·0.726030 = 0.828244,  H3 0.25·4.051497·0.726030 = 0.735377
#   sum 2.063621 → posterior H1 0.242293, H2 0.401355, H3 0.356353: Bayes favours H2, because
#   Heuer ignores E1's "C" for H2 and counts E2's II against H2 although E2 is of low credibility.
HAND_EVIDENCE = [
    item("E1", Level.HIGH, Level.MEDIUM),
    item("E2", Level.LOW, Level.HIGH),
    item("E3", Level.MEDIUM, Level.LOW),
]
HAND_RATINGS = (
    rate("E1", {"H1": C.I, "H2": C.C, "H3": C.II})
    + rate("E2", {"H1": C.N, "H2": C.II, "H3": C.CC})
    + rate("E3", {"H1": C.NA, "H2": C.I, "H3": C.I})
)


def hand_matrix():
    return build_matrix(Q, hyps("H1", "H2", "H3"), HAND_EVIDENCE, HAND_RATINGS)


def test_heuer_weighted_inconsistency_by_hand():
    scores = heuer_scores(hand_matrix())
    assert [s.inconsistency for s in scores] == [1, 3, 3]
    assert [s.weighted for s in scores] == pytest.approx([R2, 2 + 1 / R2, 2 * R2 + 1 / R2])
    assert score_matrix(hand_matrix()).heuer_leaders == ("H1",)


def test_bayes_posterior_by_hand():
    card = score_matrix(hand_matrix())
    assert card.posterior == pytest.approx([0.242293, 0.401355, 0.356353], abs=2e-6)
    assert card.bayes_leaders == ("H2",)


def test_diagnosticity_by_hand():
    d = {x.evidence_id: x for x in diagnosticity(hand_matrix())}
    # E1: log2 factors -1, 1, -2 → spread 3 bits; Heuer contributions √2, 0, 2√2 → 2√2
    assert d["E1"].bits == pytest.approx(3.0)
    assert d["E1"].heuer == pytest.approx(2 * R2)
    # E3: H1 is NA (factor 1), H2 = H3 = 0.726030 → spread -log2(0.726030) = 0.461900
    assert d["E3"].bits == pytest.approx(0.461900, abs=1e-6)


def test_empty_matrices_score_without_error():
    bare = build_matrix(Q, [], [], [])
    card = score_matrix(bare)
    assert card.posterior == () and card.heuer == () and card.sensitivity == ()
    ET.fromstring(render_svg(card))
    one = score_matrix(build_matrix(Q, hyps("H1"), [], []))
    assert one.posterior == (1.0,) and one.bayes_leaders == ("H1",)


def test_item_rated_alike_everywhere_is_not_diagnostic():
    m = build_matrix(Q, hyps("H1", "H2"), [item("E1")], rate("E1", {"H1": C.I, "H2": C.I}))
    (d,) = diagnosticity(m)
    assert d.bits == 0 and d.heuer == 0 and not d.diagnostic


# Two hypotheses; both items credibility High (c = 1), relevance Medium:
#   E1: H1 CC (×4), H2 N (×1);  E2: H1 N (×1), H2 C (×2)
#   H1 : H2 = 4 : 2 → H1 leads with 2/3. Heuer: no I anywhere → H1 and H2 tie at 0.
#   Discount E1 (c = 0): 1 : 2 → H2 leads; H1 falls to 1/3. Break-even: c·4 + 1 − c = 2 → c = 1/3.
#   Reverse E1 (H1 II = ×1/4): 0.25 : 2 → H1 = 1/9; Heuer now counts II against H1 → H2 leads.
#   Discount E2: 4 : 1 → H1 0.8, no change.  Reverse E2 (H2 I): 4 : 0.5 → H1 8/9, no change.
def sensitivity_matrix():
    return build_matrix(
        Q,
        hyps("H1", "H2"),
        [item("E1", Level.HIGH), item("E2", Level.HIGH)],
        rate("E1", {"H1": C.CC, "H2": C.N}) + rate("E2", {"H1": C.N, "H2": C.C}),
    )


def test_sensitivity_by_hand():
    cases = {(s.evidence_id, s.what_if): s for s in sensitivity(sensitivity_matrix())}
    d1 = cases["E1", WhatIf.DISCOUNT]
    assert d1.changes_bayes and d1.bayes_leaders == ("H2",)
    assert not d1.changes_heuer  # no inconsistency anywhere: Heuer ties before and after
    assert d1.leader == "H1"
    assert d1.leader_posterior_before == pytest.approx(2 / 3)
    assert d1.leader_posterior_after == pytest.approx(1 / 3)
    assert d1.breakeven_credibility == pytest.approx(1 / 3, abs=1e-8)  # ties within 1e-9
    r1 = cases["E1", WhatIf.REVERSE]
    assert r1.changes_bayes and r1.changes_heuer and r1.heuer_leaders == ("H2",)
    assert r1.leader_posterior_after == pytest.approx(1 / 9)
    d2 = cases["E2", WhatIf.DISCOUNT]
    assert not d2.changes_leader and d2.leader_posterior_after == pytest.approx(0.8)
    assert d2.breakeven_credibility is None
    assert cases["E2", WhatIf.REVERSE].leader_posterior_after == pytest.approx(8 / 9)
    # the consequential cases come first
    assert all(s.changes_leader for s in sensitivity(sensitivity_matrix())[:2])


# -- analysts ----------------------------------------------------------------------------------


def test_consensus_averages_analysts_and_na_needs_a_majority():
    ratings = rate("E1", {"H1": C.I, "H2": C.NA}, "ann") + rate("E1", {"H1": C.II}, "bob")
    ratings += rate("E1", {"H2": C.NA}, "cy") + rate("E1", {"H2": C.C}, "dee")
    m = build_matrix(Q, hyps("H1", "H2"), [item("E1")], ratings)
    # H1: mean of -1 and -2 = -1.5 → shown as I (halves round towards N), counted as 1.5
    assert m.consensus("E1", "H1") is C.I
    assert heuer_scores(m)[0].weighted == pytest.approx(1.5)
    # H2: two NA against one C → NA
    assert m.consensus("E1", "H2") is C.NA
    assert step_to_consistency(0.5) is C.N and step_to_consistency(-0.6) is C.I


def test_latest_rating_of_an_analyst_supersedes_earlier_ones():
    early = datetime(2024, 11, 12, tzinfo=UTC)
    late = datetime(2024, 11, 13, tzinfo=UTC)
    rs = [
        Rating("q", "E1", "H1", C.CC, "ann", late, "second thoughts"),
        Rating("q", "E1", "H1", C.II, "ann", early, "first"),
    ]
    (kept,) = current_ratings(rs)
    assert kept.consistency is C.CC and kept.note == "second thoughts"
    # a case file's naive date against a CLI's aware time, and no time at all
    mixed = [
        Rating("q", "E1", "H1", C.N, "ann", None),
        Rating("q", "E1", "H1", C.C, "ann", datetime(2024, 11, 12)),
        Rating("q", "E1", "H1", C.I, "ann", datetime(2024, 11, 11, tzinfo=UTC)),
    ]
    assert current_ratings(mixed)[0].consistency is C.C


def test_disagreement_spread_and_each_analysts_leader():
    ratings = (
        rate("E1", {"H1": C.CC, "H2": C.C}, "ann")
        + rate("E1", {"H1": C.II, "H2": C.N}, "bob")
        + rate("E2", {"H1": C.NA, "H2": C.I}, "ann")
        + rate("E2", {"H1": C.I}, "bob")
    )
    m = build_matrix(Q, hyps("H1", "H2"), [item("E1"), item("E2")], ratings)
    d = disagreement(m)
    spreads = {(c.evidence_id, c.hypothesis_id): c.spread for c in d.cells}
    # pstdev(2, -2) = 2; pstdev(1, 0) = 0.5; NA against I: pstdev of (1, 0) = 0.5
    assert spreads == {("E1", "H1"): 2.0, ("E1", "H2"): 0.5, ("E2", "H1"): 0.5}
    assert d.cells[0].spread == 2.0
    views = {a.analyst: a for a in d.analysts}
    assert views["ann"].bayes_leaders == ("H1",)
    assert views["bob"].bayes_leaders == ("H2",)
    assert d.leaders_differ


# -- credibility from an assessment ------------------------------------------------------------


def assessment(p_true: float = 0.83, reliability: float = 0.6) -> Assessment:
    return Assessment(
        id="a1",
        method="track_record",
        parameters={},
        created=datetime(2024, 11, 13, tzinfo=UTC),
        data_version="x",
        propositions=(PropositionAssessment("P1", {"true": p_true, "false": 1 - p_true}),),
        sources=(SourceReliability("peskov", reliability),),
    )


STATEMENT = Statement("S1", "peskov", "P1")


def test_credibility_comes_from_the_assessment_and_says_so():
    items = [
        item("E1", Level.HIGH, proposition_id="P1"),
        item("E2", Level.HIGH, proposition_id="P1", value="false"),
        item("E3", Level.HIGH, statement_id="S1"),
        item("E4", Level.LOW, proposition_id="P9"),
        item("E5", Level.HIGH),
    ]
    m = build_matrix(
        Q, hyps("H1", "H2"), items, [], assessment=assessment(), statements=[STATEMENT]
    )
    c = m.credibility
    assert c["E1"].probability == pytest.approx(0.83) and c["E1"].origin == "assessment"
    assert c["E1"].reason == "assessment a1, method track_record: P(P1 = true) = 0.83"
    assert c["E1"].weight == pytest.approx(R2 * 0.83)
    assert c["E2"].probability == pytest.approx(0.17)
    assert c["E3"].probability == pytest.approx(0.6)
    assert "reliability of peskov = 0.60" in c["E3"].reason
    assert c["E4"].origin == "analyst" and "P9 not in assessment a1" in c["E4"].reason
    assert c["E4"].weight == pytest.approx(1 / R2)  # PARC's Low
    assert c["E5"].origin == "analyst" and c["E5"].weight == pytest.approx(R2)  # PARC's High


# -- properties --------------------------------------------------------------------------------

RATINGS = st.sampled_from(list(Consistency))
LEVELS = st.sampled_from(list(Level))


@st.composite
def matrices(draw, min_hypotheses: int = 2):
    n_h = draw(st.integers(min_hypotheses, 5))
    n_e = draw(st.integers(1, 6))
    analysts = draw(st.lists(st.sampled_from(["ann", "bob", "cy"]), min_size=1, max_size=3))
    h = hyps(*[f"H{i}" for i in range(n_h)])
    items, ratings = [], []
    p = draw(st.floats(0.0, 1.0))
    for i in range(n_e):
        linked = draw(st.booleans())
        items.append(
            item(f"E{i}", draw(LEVELS), draw(LEVELS), proposition_id="P1" if linked else None)
        )
        for a in analysts:
            for x in h:
                if draw(st.integers(0, 4)):  # leave some cells unrated
                    ratings.append(Rating("q", f"E{i}", x.id, draw(RATINGS), a))
    return build_matrix(Q, h, items, ratings, assessment=assessment(p))


def _ranks_equal(before, after):
    n = len(before)
    for i in range(n):
        for j in range(n):
            d0, d1 = before[i] - before[j], after[i] - after[j]
            assert d1 == pytest.approx(d0, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(matrices(), RATINGS, LEVELS, LEVELS, st.booleans())
def test_an_item_rated_alike_for_every_hypothesis_changes_no_ranking(m, rating, cred, rel, linked):
    card = score_matrix(m)
    extra = item("X", cred, rel, proposition_id="P1" if linked else None)
    more = build_matrix(
        Q,
        m.hypotheses,
        (*m.evidence, extra),
        (*m.ratings, *[Rating("q", "X", h, rating, "ann") for h in m.hypothesis_ids]),
        assessment=assessment(_p(m)),
    )
    after = score_matrix(more)
    _ranks_equal([s.weighted for s in card.heuer], [s.weighted for s in after.heuer])
    assert after.posterior == pytest.approx(card.posterior, abs=1e-9)
    assert after.heuer_leaders == card.heuer_leaders
    assert after.bayes_leaders == card.bayes_leaders


@settings(max_examples=150, deadline=None)
@given(matrices(), st.randoms(use_true_random=False))
def test_permuting_hypotheses_permutes_scores(m, rnd):
    order = list(m.hypotheses)
    rnd.shuffle(order)
    permuted = build_matrix(
        Q,
        [replace(h, position=i) for i, h in enumerate(order)],
        m.evidence,
        m.ratings,
        assessment=assessment(_p(m)),
    )
    assert permuted.hypothesis_ids == tuple(h.id for h in order)
    a, b = score_matrix(m), score_matrix(permuted)
    by_id = dict(zip(m.hypothesis_ids, zip(a.heuer, a.posterior, strict=True), strict=True))
    for h, s, p in zip(permuted.hypothesis_ids, b.heuer, b.posterior, strict=True):
        assert s.weighted == pytest.approx(by_id[h][0].weighted)
        assert s.inconsistency == pytest.approx(by_id[h][0].inconsistency)
        assert p == pytest.approx(by_id[h][1], abs=1e-12)
    assert set(b.heuer_leaders) == set(a.heuer_leaders)
    assert set(b.bayes_leaders) == set(a.bayes_leaders)
    assert [d.bits for d in b.diagnosticity] == pytest.approx([d.bits for d in a.diagnosticity])


def _p(m) -> float:
    for e in m.evidence:
        c = m.credibility_of(e.id)
        if c.origin == "assessment":
            return c.probability
    return 0.5


@settings(max_examples=200, deadline=None)
@given(
    st.lists(RATINGS, min_size=2, max_size=5),
    LEVELS,
    LEVELS,
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_lowering_a_sources_reliability_never_raises_its_evidence_weight(
    row, cred, rel, r_high, r_low
):
    r_low, r_high = sorted((r_low, r_high))
    h = hyps(*[f"H{i}" for i in range(len(row))])
    items = [item("E0", cred, rel, statement_id="S1")]
    ratings = [Rating("q", "E0", x.id, c) for x, c in zip(h, row, strict=True)]

    def numbers(reliability):
        m = build_matrix(
            Q,
            h,
            items,
            ratings,
            assessment=assessment(reliability=reliability),
            statements=[STATEMENT],
        )
        return m, MatrixNumbers.of(m)

    m_hi, n_hi = numbers(r_high)
    m_lo, n_lo = numbers(r_low)
    assert m_lo.credibility_of("E0").weight <= m_hi.credibility_of("E0").weight + 1e-12
    # each cell's pull on the odds (|log factor|) and its Heuer contribution shrink or stay
    assert (abs(log_factors(n_lo)) <= abs(log_factors(n_hi)) + 1e-12).all()
    assert heuer_scores(m_lo)[0].weighted <= heuer_scores(m_hi)[0].weighted + 1e-12
    assert diagnosticity(m_lo)[0].bits <= diagnosticity(m_hi)[0].bits + 1e-9


@settings(max_examples=100, deadline=None)
@given(matrices())
def test_posterior_is_a_distribution_and_svg_is_well_formed(m):
    card = score_matrix(m)
    assert sum(card.posterior) == pytest.approx(1.0)
    assert all(s.weighted >= 0 for s in card.heuer)
    root = ET.fromstring(render_svg(card))
    assert root.tag.endswith("svg")
    json.loads(to_json(card))


# -- the case-file section ---------------------------------------------------------------------


def seed_questions():
    return load_questions(bundled_case("kremlin-call").questions, file="kremlin-call.yaml")


def test_seed_question_has_the_five_hypotheses_and_a_note_on_every_cell():
    (rec,) = seed_questions()
    assert [h.id for h in rec.hypotheses] == ["H1", "H2", "H3", "H4", "H5"]
    assert len(rec.evidence) >= 5
    seed = [r for r in rec.ratings if r.analyst == "seed-reading"]
    assert len(seed) == len(rec.evidence) * 5  # every cell rated
    assert all(r.note for r in rec.ratings)
    assert any(e.proposition_id == "P1" for e in rec.evidence)
    assert {r.analyst for r in rec.ratings} == {"seed-reading", "devils-advocate"}


def raw_question(**over):
    q = {
        "id": "q",
        "text": "Why?",
        "hypotheses": [{"id": "H1", "text": "a"}, {"id": "H2", "text": "b"}],
        "evidence": [{"id": "E1", "description": "d", "ratings": {"H1": "I", "H2": "c"}}],
    }
    q.update(over)
    return [q]


def test_case_file_short_and_long_rating_forms():
    raw = raw_question()
    raw[0]["evidence"][0]["ratings"]["H2"] = {"rating": "++", "note": "why"}
    raw[0]["ratings"] = [{"evidence": "E1", "hypothesis": "H1", "rating": "n/a", "analyst": "bob"}]
    (rec,) = load_questions(raw)
    got = {(r.hypothesis_id, r.analyst): (r.consistency, r.note) for r in rec.ratings}
    assert got == {
        ("H1", "case"): (C.I, ""),
        ("H2", "case"): (C.CC, "why"),
        ("H1", "bob"): (C.NA, ""),
    }


@pytest.mark.parametrize(
    ("change", "field", "fix"),
    [
        ({"evidence": [{"id": "E1", "description": "d", "ratings": {"H1": "X"}}]},
         "questions[0].evidence[0].ratings.H1", "CC, C, N, I, II or NA"),
        ({"evidence": [{"id": "E1", "description": "d", "ratings": {"H7": "I"}}]},
         "questions[0].evidence[0].ratings.H7", "H1, H2"),
        ({"hypotheses": [{"id": "H1", "text": "a"}]}, "questions[0].hypotheses", "add"),
        ({"hypotheses": [{"id": "H1", "text": "a"}, {"id": "H1", "text": "b"}]},
         "questions[0].hypotheses[1].id", "new id"),
        ({"text": None}, "questions[0].text", "add text"),
        ({"evidence": [{"id": "E1", "description": "d", "credibility": "huge"}]},
         "questions[0].evidence[0].credibility", "low, medium or high"),
        ({"evidence": [{"id": "E1", "description": "d", "proposition": "P1", "statement": "S"}]},
         "questions[0].evidence[0].statement", "keep one"),
        ({"colour": "red"}, "questions[0].colour", "use only"),
        ({"ratings": [{"evidence": "E9", "hypothesis": "H1", "rating": "I"}]},
         "questions[0].ratings[0].evidence", "E1"),
    ],
)  # fmt: skip
def test_case_file_mistakes_name_the_place_and_the_fix(change, field, fix):
    with pytest.raises(InputError) as err:
        load_questions(raw_question(**change), file="case.yaml")
    assert err.value.field == field
    assert err.value.file == "case.yaml"
    assert fix in (err.value.fix or "")


# -- storage -----------------------------------------------------------------------------------


@pytest.fixture
def ach_store(store):
    """conftest's store (SQLite, and PostgreSQL when configured) with P1 and one statement."""
    store.add_sources([Source("peskov", "Dmitry Peskov")])
    store.add_propositions([Proposition("P1", "Trump and Putin spoke by phone on 7 Nov 2024.")])
    store.add_statements([Statement("S-peskov-denial", "peskov", "P1")])
    return store


def db_of(store) -> str:
    return store.url.render_as_string(hide_password=False)


def test_seed_fragment_round_trips_through_the_store(ach_store):
    store = ach_store
    from veracity.store import questions as storage

    (rec,) = seed_questions()
    with store.transaction() as tx:
        assert storage.store_questions(tx, [rec]) == 1
    back = storage.read_question(ach_store, rec.question.id)
    assert back.hypotheses == rec.hypotheses
    assert back.evidence == rec.evidence
    assert [
        (r.evidence_id, r.hypothesis_id, r.consistency, r.analyst, r.note) for r in back.ratings
    ] == [(r.evidence_id, r.hypothesis_id, r.consistency, r.analyst, r.note) for r in rec.ratings]
    store.save_assessment(assessment(p_true=0.9))
    m = load_matrix(ach_store, rec.question.id)
    a3 = next(e for e in m.evidence if e.proposition_id == "P1")
    assert m.credibility_of(a3.id).origin == "assessment"
    assert m.credibility_of(a3.id).probability == pytest.approx(0.9)
    card = score_matrix(m)
    assert "H5" in card.heuer_leaders  # the author's conclusion has no evidence against it


def test_a_bad_link_writes_nothing(ach_store):
    store = ach_store
    from veracity.store import questions as storage

    raw = raw_question()
    raw[0]["evidence"].append({"id": "E2", "description": "d", "proposition": "P404"})
    before = store.counts()
    with pytest.raises(InputError) as err, store.transaction() as tx:
        store_question_records(tx, load_questions(raw))
    assert err.value.field == "questions[0].evidence[1].proposition"
    assert storage.questions(ach_store) == []
    assert store.counts() == before


# -- CLI ---------------------------------------------------------------------------------------


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_cli_end_to_end(ach_store, tmp_path):
    store = ach_store
    db = db_of(store)
    run("ach", "new", "why", "Why deny the call?", "--db", db)
    run("ach", "hypothesis", "why", "H1", "Protocol", "--db", db)
    run("ach", "hypothesis", "why", "H2", "Sowing distrust", "--db", db)
    run("ach", "evidence", "why", "E1", "An emphatic denial", "--credibility", "high", "--db", db)
    run("ach", "evidence", "why", "E2", "The call took place", "--proposition", "P1", "--db", db)
    run("ach", "rate", "why", "E1", "H1=I", "H2=CC", "--note", "silence would do", "--db", db)
    run("ach", "rate", "why", "E2", "H1=c", "H2=cc", "--db", db)
    run("ach", "rate", "why", "E1", "H1=N", "--analyst", "bob", "--db", db)
    store.save_assessment(assessment(p_true=0.83))

    shown = run("ach", "matrix", "why", "--db", db).output
    assert "H1" in shown and "H2" in shown and "0.83 ▲" in shown and "N*" in shown

    card = json.loads(run("ach", "score", "why", "--json", "--db", db).output)
    assert card["leaders"] == {"heuer": ["H2"], "bayes": ["H2"]}
    e2 = next(e for e in card["evidence"] if e["id"] == "E2")
    assert e2["credibility_origin"] == "assessment"
    assert e2["credibility_reason"].startswith("assessment a1, method track_record")
    assert {a["analyst"] for a in card["disagreement"]["analysts"]} == {"analyst", "bob"}
    assert run("ach", "score", "why", "--db", db).output.count("Sensitivity") == 1

    csv_text = run("ach", "export", "why", "--format", "csv", "--db", db).output
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("question,evidence,description,hypothesis,rating,analyst")
    assert len(lines) == 1 + 5  # five current ratings
    out = tmp_path / "m.svg"
    run("ach", "export", "why", "--format", "svg", "-o", str(out), "--db", db)
    ET.fromstring(out.read_text())

    no_assessment = json.loads(
        run("ach", "score", "why", "--json", "--no-assessment", "--db", db).output
    )
    e2 = next(e for e in no_assessment["evidence"] if e["id"] == "E2")
    assert e2["credibility_origin"] == "analyst"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ach", "rate", "why", "E1", "H9=I"), "no hypothesis 'H9'"),
        (("ach", "rate", "why", "E1", "H1=maybe"), "not a rating on Heuer's scale"),
        (("ach", "rate", "why", "E1", "H1"), "HYPOTHESIS=RATING"),
        (("ach", "evidence", "why", "E3", "x", "--statement", "S404"), "statement 'S404'"),
        (("ach", "hypothesis", "nope", "H1", "x"), "no question 'nope'"),
        (("ach", "matrix", "nope"), "no question 'nope'"),
        (("ach", "new", "why", "again"), "already exists"),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(ach_store, args, message):
    db = db_of(ach_store)
    run("ach", "new", "why", "Why?", "--db", db)
    run("ach", "hypothesis", "why", "H1", "a", "--db", db)
    run("ach", "evidence", "why", "E1", "d", "--db", db)
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_import_of_a_questions_file(ach_store, tmp_path):
    fragment = tmp_path / "questions.yaml"
    fragment.write_text(
        yaml.safe_dump(bundled_case("kremlin-call").questions, allow_unicode=True), "utf-8"
    )
    db = db_of(ach_store)
    result = run("ach", "import", str(fragment), "--db", db)
    assert "1 question(s) imported" in result.output
    shown = run("ach", "score", "why-deny", "--db", db).output
    assert "devils-advocate" in shown and "seed-reading" in shown
    again = CliRunner().invoke(cli, ["ach", "import", str(fragment), "--db", db])
    assert again.exit_code == 2 and "already exists" in again.output


def test_csv_export_has_a_row_per_current_rating():
    card = score_matrix(hand_matrix())
    rows = to_csv(card).strip().splitlines()
    assert len(rows) == 1 + len(HAND_RATINGS)


BAD_CASE = """\
case: t
sources:
  - {id: peskov, name: Dmitry Peskov}
propositions:
  - {id: P1, text: The call took place.}
questions:
  - id: why
    text: Why?
    hypotheses:
      - {id: H1, text: a}
      - {id: H2, text: b}
    evidence:
      - id: E1
        description: the call
        proposition: P404
        ratings: {H1: C, H2: I}
"""


def test_case_hook_stores_questions_in_the_case_transaction(tmp_path):
    from veracity.ingest.casefile import import_case, load_case
    from veracity.store import open_store
    from veracity.store import questions as storage

    store = open_store(str(tmp_path / "v.db"))
    path = tmp_path / "case.yaml"
    path.write_text(BAD_CASE.replace("P404", "P1"))
    import_case(store, load_case(path), then=[case_hook])
    assert [q.id for q in storage.questions(store)] == ["why"]
    assert len(storage.read_question(store, "why").ratings) == 2

    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_CASE.replace("case: t", "case: u").replace("id: why", "id: why2"))
    fresh = open_store(str(tmp_path / "w.db"))
    before = fresh.counts()
    with pytest.raises(InputError) as err:
        import_case(fresh, load_case(bad), then=[case_hook])
    assert err.value.field == "questions[0].evidence[0].proposition"
    assert err.value.line == 15  # the `proposition: P404` line
    assert fresh.counts() == before  # sources and propositions rolled back too
    store.close()
    fresh.close()


def test_cli_import_error_names_file_line_and_field(ach_store, tmp_path):
    db = db_of(ach_store)
    bad = tmp_path / "q.yaml"
    bad.write_text(
        BAD_CASE.split("questions:\n", 1)[1].replace(
            "ratings: {H1: C, H2: I}", "ratings: {H1: C, H2: maybe}"
        )
    )
    result = CliRunner().invoke(cli, ["ach", "import", str(bad), "--db", db])
    assert result.exit_code == 2
    assert f"{bad}:10" in result.output  # the line of the bad rating (10th of the fragment)
    assert "questions[0].evidence[0].ratings.H2" in result.output


_FLIP = {C.CC: C.II, C.C: C.I, C.N: C.N, C.I: C.C, C.II: C.CC, C.NA: C.NA}


@settings(max_examples=80, deadline=None)
@given(matrices())
def test_sensitivity_agrees_with_rescoring_the_changed_matrix(m):
    """The incremental what-ifs equal scoring the discounted or reversed matrix from scratch."""
    from veracity.ach.matrix import Credibility

    for case in sensitivity(m):
        e = case.evidence_id
        if case.what_if is WhatIf.DISCOUNT:
            changed = m.with_credibility(e, Credibility(0.0, "analyst", "discounted"))
        else:
            flipped = tuple(
                replace(r, consistency=_FLIP[r.consistency]) if r.evidence_id == e else r
                for r in m.ratings
            )
            changed = replace(m, ratings=flipped)
        card = score_matrix(changed)
        assert card.heuer_leaders == case.heuer_leaders
        assert card.bayes_leaders == case.bayes_leaders
        index = m.hypothesis_ids.index(case.leader)
        assert card.posterior[index] == pytest.approx(case.leader_posterior_after, abs=1e-9)


def test_cli_shows_a_matrix_that_is_still_empty(ach_store):
    db = db_of(ach_store)
    run("ach", "new", "blank", "Nothing yet?", "--db", db)
    assert "Nothing yet?" in run("ach", "matrix", "blank", "--db", db).output
    run("ach", "hypothesis", "blank", "H1", "only one", "--db", db)
    assert json.loads(run("ach", "score", "blank", "--json", "--db", db).output)["leaders"] == {
        "heuer": ["H1"],
        "bayes": ["H1"],
    }
