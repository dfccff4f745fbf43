"""Track-record vote and the case-to-claims step, on cases worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.fusion import track_record
from veracity.fusion.claims import Claims
from veracity.fusion.track_record import TrackRecordVote, track_record_counts


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def binary(records, stances, origins=None):
    items = {r[1] for r in records}
    return Claims.from_records(
        records, stances=stances, origins=origins, candidates={i: ["true", "false"] for i in items}
    )


def test_two_sources_worked_by_hand():
    # wapo: prior Beta(2,1) + 2 correct, 1 incorrect -> Beta(4,2), mean 2/3, logit ln 2
    # peskov: Beta(2,1) + 1 correct, 4 incorrect -> Beta(3,5), mean 3/8; denies -> +ln(5/3)
    c = binary([("wapo", "P1", "true"), ("peskov", "P1", "true")], [1, -1])
    m = TrackRecordVote().fit(c, priors=(np.array([2.0, 1.0]), np.array([1.0, 4.0])))
    expected = 1 / (1 + math.exp(-(math.log(2) + math.log(5 / 3))))
    assert m.probabilities_[0] == pytest.approx(expected)
    assert m.trust_.tolist() == pytest.approx([2 / 3, 3 / 8])
    lo, hi = m.probability_interval_[0]
    assert lo < m.probabilities_[0] < hi


def test_denial_from_reliable_source_counts_against():
    c = binary([("a", "P", "true")], [-1])
    m = TrackRecordVote().fit(c, priors=(np.array([8.0]), np.array([0.0])))
    assert m.probabilities_[c.value_labels.tolist().index("true")] < 0.2


def test_hedge_counts_half():
    c = binary([("a", "P", "true")], [0])
    m = TrackRecordVote().fit(c)
    # prior Beta(2,1): logit(2/3) = ln 2, a hedge counts half
    assert m.probabilities_[0] == pytest.approx(1 / (1 + math.exp(-0.5 * math.log(2))))


def test_statements_citing_one_origin_count_once():
    alone = binary([("wapo", "P", "true")], [1], origins=["anon"])
    echoed = binary(
        [("wapo", "P", "true"), ("echo1", "P", "true"), ("echo2", "P", "true")],
        [1, 1, 1],
        origins=["anon", "anon", "anon"],
    )
    p_alone = TrackRecordVote().fit(alone).probabilities_[0]
    m = TrackRecordVote().fit(echoed)
    assert m.probabilities_[0] == pytest.approx(p_alone)
    votes = m.explain(0).votes
    assert sum(v.counted for v in votes) == 1
    assert all(v.weight == 0 for v in votes if not v.counted)


def test_evidence_likelihood_ratio_adds_log_odds():
    c = binary([("a", "P", "true")], [1])
    lr = np.zeros(c.n_values)
    lr[0] = math.log(3)
    p = TrackRecordVote().fit(c, evidence=lr).probabilities_[0]
    assert p == pytest.approx(1 / (1 + math.exp(-(math.log(2) + math.log(3)))))


def test_family_record_pools_at_given_weight():
    # peskov (0) belongs to kremlin (1); putin (2) too.
    # peskov: 1 right; kremlin: 2 wrong; putin: 1 wrong. Family (root kremlin): 1 right, 3 wrong.
    src = np.array([0, 1, 1, 2])
    claimed = np.array([False, False, False, False])  # all denials
    outcome = np.array([False, True, True, True])  # peskov's held up; the rest did not
    parent = np.array([1, -1, 1])
    c, i = track_record_counts(src, claimed, outcome, 3, parent=parent, family_weight=0.5)
    assert c.tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert i.tolist() == pytest.approx([1.5, 2.5, 2.0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from([-1, 0, 1])),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.floats(0, 10), min_size=5, max_size=5),
)
def test_probabilities_are_distributions_and_lower_reliability_never_helps(rows, record):
    c = binary([(f"s{s}", f"p{i}", "true") for s, i, _ in rows], [x for *_, x in rows])
    n = c.n_sources
    correct = np.array(record[:n] + [0.0] * (n - len(record[:n])))
    m = TrackRecordVote(n_samples=50).fit(c, priors=(correct, np.zeros(n)))
    sums = c.item_sum(m.probabilities_)
    assert np.allclose(sums, 1.0)
    assert ((m.probabilities_ >= 0) & (m.probabilities_ <= 1)).all()
    # worse record for source 0: the items it asserts cannot become more likely
    worse = TrackRecordVote(n_samples=50).fit(
        c, priors=(correct, np.where(np.arange(n) == 0, 5.0, 0.0))
    )
    asserted_by_0 = {
        int(i) for s, i, st_ in zip(c.source, c.item, c.stance, strict=True) if s == 0 and st_ > 0
    }
    denied_by_0 = {
        int(i) for s, i, st_ in zip(c.source, c.item, c.stance, strict=True) if s == 0 and st_ < 0
    }
    for item in asserted_by_0 - denied_by_0:
        v = int(np.flatnonzero((c.value_item == item) & (c.value_labels == "true"))[0])
        assert worse.probabilities_[v] <= m.probabilities_[v] + 1e-12


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(4))))
def test_relabelling_sources_changes_nothing(perm):
    rows = [("a", "P", "true"), ("b", "P", "true"), ("c", "Q", "true"), ("d", "Q", "true")]
    stances = [1, -1, 1, 0]
    base = TrackRecordVote().fit(binary(rows, stances))
    names = ["a", "b", "c", "d"]
    renamed = [(names[perm[names.index(s)]] + "x", i, v) for s, i, v in rows]
    other = TrackRecordVote().fit(binary(renamed, stances))
    assert np.allclose(np.sort(base.probabilities_), np.sort(other.probabilities_))


# ---- bounded draws behind probability_interval_ ------------------------------------------
def _many_sources(n: int, n_values: int = 2) -> Claims:
    rng = np.random.default_rng(0)
    c = Claims.from_codes(np.arange(n), np.zeros(n, np.int64), rng.integers(0, n_values, n))
    return c.with_columns(
        prior_correct=rng.integers(0, 10, n).astype(float),
        prior_incorrect=rng.integers(0, 10, n).astype(float),
    )


def test_drawing_in_blocks_changes_no_interval(monkeypatch) -> None:  # noqa: ANN001
    c = _many_sources(3_000)
    whole = TrackRecordVote(n_samples=400).fit(c).probability_interval_
    monkeypatch.setattr(track_record, "DRAW_BLOCK", 7_000)  # blocks of 2 samples
    blocks = TrackRecordVote(n_samples=400).fit(c).probability_interval_
    np.testing.assert_array_equal(whole, blocks)


def test_draws_are_bounded_by_the_number_of_sources(monkeypatch) -> None:  # noqa: ANN001
    seen: list[tuple[int, int]] = []
    make = np.random.default_rng

    class Spy:  # records the size of each block of reliability draws
        def __init__(self, seed: int) -> None:
            self.rng = make(seed)

        def beta(self, a, b, size):  # noqa: ANN001, ANN201
            seen.append(size)
            return self.rng.beta(a, b, size=size)

    n = 20_000  # 2,000 samples x 20,000 sources would be 40M draws
    c = _many_sources(n)
    monkeypatch.setattr(np.random, "default_rng", Spy)
    monkeypatch.setattr(track_record, "MAX_DRAWS", 2_000_000)
    monkeypatch.setattr(track_record, "DRAW_BLOCK", 500_000)
    m = TrackRecordVote().fit(c)
    assert sum(k for k, _ in seen) == 100  # 2M draws / 20,000 sources
    assert max(k for k, _ in seen) * n <= 500_000
    assert m.probability_interval_.shape == (m.probabilities_.size, 2)
    lo, hi = m.probability_interval_.T
    assert (lo <= hi).all() and (lo >= 0).all() and (hi <= 1).all()
