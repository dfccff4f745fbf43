"""The classic truth-discovery methods: small cases worked by hand, properties every registered
method must have, and agreement with crowd-kit where both implement the same model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veracity.fusion import Claims
from veracity.fusion.accu import Accu, AccuCopy, same_item_pairs
from veracity.fusion.average_log import AverageLog
from veracity.fusion.crh import CRH
from veracity.fusion.dawid_skene import DawidSkene, DawidSkeneOneCoin
from veracity.fusion.investment import Investment
from veracity.fusion.majority_vote import MajorityVote
from veracity.fusion.pooled_investment import PooledInvestment
from veracity.fusion.registry import METHODS
from veracity.fusion.sums import Sums
from veracity.fusion.three_estimates import ThreeEstimates
from veracity.fusion.truthfinder import TruthFinder
from veracity.fusion.two_estimates import TwoEstimates
from veracity.fusion.weighted_vote import WeightedVote

# Three sources on one item: a and b say "1", c says "2" (value codes 0 and 1).
TWO_AGAINST_ONE = [("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")]


def claims(records, **kw) -> Claims:
    return Claims.from_records(records, **kw)


# ---- worked by hand ---------------------------------------------------------------------------


def test_weighted_vote_uses_source_and_claim_weights():
    c = claims(TWO_AGAINST_ONE)
    # source weights 1, 1, 3: "1" gets 1 + 1 = 2, "2" gets 3; shares 2/5 and 3/5
    m = WeightedVote(source_weights=[1.0, 1.0, 3.0]).fit(c)
    assert m.probabilities_ == pytest.approx([0.4, 0.6])
    assert m.truth_.tolist() == [1]
    # claim weights 2, 1, 1: "1" gets 3, "2" gets 1
    cw = claims(TWO_AGAINST_ONE, weights=[2.0, 1.0, 1.0])
    assert WeightedVote().fit(cw).probabilities_ == pytest.approx([0.75, 0.25])
    votes = {v.source: v.weight for v in WeightedVote().fit(cw).explain(0).votes}
    assert votes == {0: 2.0, 1: 1.0, 2: 1.0}


def test_weighted_vote_rejects_a_wrong_number_of_source_weights():
    with pytest.raises(ValueError, match="one weight per source"):
        WeightedVote(source_weights=[1.0]).fit(claims(TWO_AGAINST_ONE))


def test_truthfinder_first_iteration_by_hand():
    # t0 = 0.9 -> tau = -ln(0.1) = 2.302585; sigma("1") = 2 tau = 4.605170, sigma("2") = tau
    # s = 1 / (1 + exp(-0.3 sigma)): s("1") = 1/(1 + e^-1.381551) = 0.799240,
    #                                s("2") = 1/(1 + e^-0.690776) = 0.666139
    # t1(a) = t1(b) = 0.799240, t1(c) = 0.666139
    m = TruthFinder(max_iter=1).fit(claims(TWO_AGAINST_ONE))
    assert m.confidence_ == pytest.approx([0.799240, 0.666139], abs=1e-6)
    assert m.trust_ == pytest.approx([0.799240, 0.799240, 0.666139], abs=1e-6)
    assert m.probabilities_ == pytest.approx([0.799240 / 1.465379, 0.666139 / 1.465379], abs=1e-6)
    # 1 - cos((.9,.9,.9), t1) = 1 - 2.264625 / (1.732051 * 1.311990) = 0.00344 > 1e-3: not yet
    assert not m.converged_


def test_truthfinder_stops_by_the_cosine_rule():
    m = TruthFinder().fit(claims(TWO_AGAINST_ONE))
    assert m.converged_ and m.iterations_ >= 2
    t_prev = TruthFinder(max_iter=m.iterations_ - 1).fit(claims(TWO_AGAINST_ONE)).trust_
    cos = t_prev @ m.trust_ / (np.linalg.norm(t_prev) * np.linalg.norm(m.trust_))
    assert 1 - cos < 1e-3


def test_truthfinder_implication_adds_support_from_similar_values():
    # imp = 0.5 for every pair, rho = 0.5: sigma*("1") = 4.605170 + 0.25 * 2.302585 = 5.180816
    #                                      sigma*("2") = 2.302585 + 0.25 * 4.605170 = 3.453878
    m = TruthFinder(max_iter=1, implication=lambda c, a, b: np.full(a.size, 0.5))
    m.fit(claims(TWO_AGAINST_ONE))
    expect = [1 / (1 + math.exp(-0.3 * 5.180816)), 1 / (1 + math.exp(-0.3 * 3.453878))]
    assert m.confidence_ == pytest.approx(expect, abs=1e-6)


# a and c both make two claims; b one:  a: x=1, y=u   b: x=1   c: x=2, y=v
SUMS_CASE = [("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2"), ("a", "y", "u"), ("c", "y", "v")]


def test_sums_first_iteration_by_hand():
    # B0 = 0.5: T(a) = 0.5 + 0.5 = 1, T(b) = 0.5, T(c) = 1 -> / max -> 1, 0.5, 1
    # B(x=1) = T(a) + T(b) = 1.5, B(x=2) = 1, B(y=u) = 1, B(y=v) = 1 -> / 1.5
    m = Sums(iterations=1).fit(claims(SUMS_CASE))
    assert m.trust_ == pytest.approx([1.0, 0.5, 1.0])
    assert m.belief_ == pytest.approx([1.0, 2 / 3, 2 / 3, 2 / 3])


def test_average_log_first_iteration_by_hand():
    # T(a) = log 2 * (0.5 + 0.5) / 2 = 0.346574, T(b) = log 1 * 0.5 = 0, T(c) = 0.346574
    # B(x=1) = T(a) + T(b) = B(x=2) = B(y=u) = B(y=v) = 0.346574 -> all 1 after / max
    m = AverageLog(iterations=1).fit(claims(SUMS_CASE))
    assert m.trust_ == pytest.approx([1.0, 0.0, 1.0])
    assert m.belief_ == pytest.approx([1.0, 1.0, 1.0, 1.0])


def test_investment_first_iteration_by_hand():
    # T0 = 1, B0 = vote shares 2/3, 1/3; stakes T/|C| = 1 each; pooled stake: "1" 2, "2" 1
    # T1(a) = 1 * (2/3) / 2 = 1/3 = T1(b); T1(c) = 1 * (1/3) / 1 = 1/3
    # B1("1") = (1/3 + 1/3)^1.2, B1("2") = (1/3)^1.2 -> / max: 1 and 0.5^1.2
    m = Investment(iterations=1).fit(claims(TWO_AGAINST_ONE))
    assert m.trust_ == pytest.approx([1.0, 1.0, 1.0])
    assert m.belief_ == pytest.approx([1.0, 0.5**1.2])


def test_pooled_investment_first_iteration_by_hand():
    # T0 = 1, B0 = 1/2 each; T1(a) = 0.5 / 2 = 0.25 = T1(b), T1(c) = 0.5 / 1 = 0.5
    # H("1") = 0.25 + 0.25 = 0.5 = H("2"); B = H * H^1.4 / (2 * 0.5^1.4) = 0.25 each
    m = PooledInvestment(iterations=1).fit(claims(TWO_AGAINST_ONE))
    assert m.trust_ == pytest.approx([0.5, 0.5, 1.0])
    assert m.belief_ == pytest.approx([1.0, 1.0])
    # iterated, the two agreeing sources win the item
    assert PooledInvestment().fit(claims(TWO_AGAINST_ONE)).truth_.tolist() == [0]


def test_two_estimates_by_hand():
    # eps0 = 0.2. theta("1") = [(1-.2) + (1-.2) + .2] / 3 = 0.6 (c votes against "1")
    #             theta("2") = [(1-.2) + .2 + .2] / 3 = 0.4
    # normalise (lambda = .5): linear [1, 0], rounded [1, 0] -> [1, 0]
    # eps(a) = [(1 - 1) + 0] / 2 = 0 = eps(b); eps(c) = [(1 - 0) + 1] / 2 = 1 -> [0, 0, 1]
    m = TwoEstimates(max_iter=1).fit(claims(TWO_AGAINST_ONE))
    assert m.truth_score_ == pytest.approx([1.0, 0.0])
    assert m.trust_ == pytest.approx([1.0, 1.0, 0.0])
    # second round: theta("1") = [1 + 1 + 1] / 3 = 1, theta("2") = 0: the fixed point
    full = TwoEstimates().fit(claims(TWO_AGAINST_ONE))
    assert full.converged_ and full.iterations_ == 2


def test_three_estimates_by_hand():
    # eps0 = .2, delta0 = .5, 3 votes on each value:
    # theta("1") = [2 - .5*(.2+.2) + .5*.2] / 3 = 1.9/3; theta("2") = [1 - .5*.2 + .5*.4] / 3
    #   = 1.1/3 -> normalised [1, 0]
    # delta("1") = [(1-1)*10 + 1*5] / 3 = 5/3; delta("2") = [(1-0)*5 + 0*10] / 3 = 5/3
    #   -> equal, clipped to [0, 1]: [1, 1]
    # eps(a) = [(1-1)/1 + 0/1] / 2 = 0 = eps(b); eps(c) = [(1-0)/1 + 1/1] / 2 = 1
    m = ThreeEstimates(max_iter=1).fit(claims(TWO_AGAINST_ONE))
    assert m.truth_score_ == pytest.approx([1.0, 0.0])
    assert m.difficulty_ == pytest.approx([1.0, 1.0])
    assert m.trust_ == pytest.approx([1.0, 1.0, 0.0])


def test_accu_first_round_by_hand():
    # A0 = .8, n = 100: A' = ln(100 * .8 / .2) = ln 400; C("1") = 2 ln 400, C("2") = ln 400
    # P("1") = 400^2 / (400^2 + 400 + 99 unclaimed values of the domain) = 160000 / 160499
    m = Accu(max_iter=1).fit(claims(TWO_AGAINST_ONE))
    assert m.trust_ == pytest.approx([160000 / 160499, 160000 / 160499, 400 / 160499])
    # probabilities renormalised over the two candidates: 160000 / 160400
    assert m.probabilities_ == pytest.approx([160000 / 160400, 400 / 160400])
    # the explanation shows the votes at the fitted accuracies, kept within [0.01, 0.99]:
    # a: ln(100 * .99 / .01) = ln 9900; c: ln(100 * .01 / .99)
    vote = {v.source: v.weight for v in m.explain(0).votes}
    assert vote[0] == pytest.approx(math.log(9900))
    assert vote[2] == pytest.approx(math.log(1 / 0.99))


def _copy_case() -> list[tuple[str, str, str]]:
    """i1..i3 independent and mostly right; b copies a, false values included."""
    rows = []
    for k in range(12):
        item = f"o{k}"
        for s in ("i1", "i2", "i3"):
            wrong = (k + int(s[1])) % 6 == 0  # each independent source errs on 2 items
            rows.append((s, item, f"false-{s}-{k}" if wrong else "true"))
        a_value = f"made-up-{k}" if k < 6 else "true"
        rows.append(("a", item, a_value))
        rows.append(("b", item, a_value))
    return rows


def test_accu_copy_detects_a_copier_and_discounts_it():
    c = claims(_copy_case())
    m = AccuCopy().fit(c)
    code = {label: i for i, label in enumerate(c.source_labels)}
    dep = m.dependence_.toarray()
    dep = np.maximum(dep, dep.T)
    assert dep[code["a"], code["b"]] > 0.9
    assert dep[code["i1"], code["i2"]] < 0.1
    # b's claims (or a's) count for little: one of the pair is discounted on every item
    discounted = [v for v in m.explain(0).votes if not v.counted]
    assert {v.source for v in discounted} <= {code["a"], code["b"]} and discounted
    # the made-up values shared by a and b lose to the independent majority
    true_items = [i for i in range(c.n_items) if c.value_labels[m.truth_[i]] == "true"]
    assert len(true_items) == c.n_items


def test_same_item_pairs_caps_claims_per_item():
    rows = [(f"s{k}", "x", "1") for k in range(10)] + [("a", "y", "1"), ("b", "y", "2")]
    c = claims(rows)
    a, b, cap = same_item_pairs(c, max_rows=10**6)
    assert cap is None and a.size == 45 + 1  # 10 choose 2, and the one pair on y
    a, b, cap = same_item_pairs(c, max_rows=11)
    # largest cap k with k(k-1)/2 + 1 <= 11 rows (x capped, y has 2 claims): k = 5, 10 + 1 rows
    assert cap == 5 and a.size == 11
    assert (c.item[a] == c.item[b]).all() and (c.source[a] != c.source[b]).all()


def test_crh_categorical_by_hand():
    rows = [*TWO_AGAINST_ONE, ("a", "y", "u"), ("b", "y", "u"), ("c", "y", "u")]
    # truths by equal-weight vote: x = "1", y = "u"; 0-1 losses a 0, b 0, c 1 (total 1)
    # w = -log(loss / total): c -> -log 1 = 0; a, b -> loss floored at 1e-10 -> -log 1e-10
    m = CRH().fit(claims(rows))
    assert m.trust_ == pytest.approx([-math.log(1e-10), -math.log(1e-10), 0.0])
    assert m.converged_


def test_crh_numeric_weighted_median_by_hand():
    rows = [("a", "x", "10"), ("b", "x", "11"), ("c", "x", "30"), ("d", "x", "12")]
    c = claims(rows)
    numbers = np.array([float(v) for v in c.value_labels])
    # equal weights: median of 10, 11, 12, 30 (cumulative 1, 2 >= 4/2) -> 11
    # scale = population std of the claims = sqrt(68.1875) = s; losses 1/s, 0, 19/s, 1/s
    # total 21/s -> w(a) = w(d) = log 21, w(c) = log(21/19), w(b) = -log(1e-10) (floored)
    m = CRH().fit(c.with_columns(value_number=numbers))
    assert c.value_labels[m.truth_[0]] == "11"
    assert m.trust_ == pytest.approx(
        [math.log(21), -math.log(1e-10), math.log(21 / 19), math.log(21)]
    )


def test_dawid_skene_one_coin_first_step_by_hand():
    # majority-vote start: posterior 2/3, 1/3 -> accuracies a = b = 2/3, c = 1/3 (k = 2)
    # log P(truth "1") = log 2/3 + log 2/3 + log(1 - 1/3) = 3 log 2/3
    # log P(truth "2") = log(1 - 2/3) * 2 + log 1/3 = 3 log 1/3 -> posterior 8/9, 1/9
    m = DawidSkeneOneCoin(max_iter=1).fit(claims(TWO_AGAINST_ONE))
    assert m.probabilities_ == pytest.approx([8 / 9, 1 / 9])
    assert m.trust_ == pytest.approx([8 / 9, 8 / 9, 1 / 9])


def test_dawid_skene_confusion_over_a_shared_vocabulary():
    rows = [
        ("a", "q1", "yes"), ("b", "q1", "yes"), ("c", "q1", "no"),
        ("a", "q2", "no"), ("b", "q2", "no"), ("c", "q2", "no"),
        ("a", "q3", "yes"), ("b", "q3", "yes"), ("c", "q3", "no"),
    ]  # fmt: skip
    c = claims(rows)
    m = DawidSkene().fit(c)
    assert m.mode_ == "full"
    assert m.confusion_.shape == (3, 2, 2)  # sources x true label x reported label
    assert m.confusion_.sum(axis=2) == pytest.approx(np.ones((3, 2)))
    truth = [c.value_labels[v] for v in m.truth_]
    assert truth == ["yes", "no", "yes"]
    # c reports "no" whatever the truth: its row for true "yes" puts its mass on "no"
    yes = int(c.value_label_codes[np.flatnonzero(c.value_labels == "yes")[0]])
    no = 1 - yes
    assert m.confusion_[2, yes, no] > 0.9


def test_dawid_skene_falls_back_to_one_coin_for_open_values():
    rows = [(s, f"town{i}", str(1000 + i * 7 + (s == "c"))) for i in range(5) for s in "abc"]
    c = claims(rows)  # 10 distinct labels, none shared across towns in a useful way
    m = DawidSkene(max_labels=4).fit(c)
    assert m.mode_ == "one_coin" and m.confusion_ is None
    assert [c.value_labels[v] for v in m.truth_] == [str(1000 + i * 7) for i in range(5)]


def test_methods_explain_with_their_vote_weights():
    c = claims(TWO_AGAINST_ONE)
    for name, cls in METHODS.items():
        e = cls().fit(c).explain(0)
        assert e.item == 0, name
        assert sum(e.probabilities.values()) == pytest.approx(1.0), name
        assert sorted(v.source for v in e.votes) == [0, 1, 2], name


# ---- properties of every registered method ----------------------------------------------------


@st.composite
def claim_sets(draw, unanimous: bool = False):
    n_sources = draw(st.integers(1, 6))
    n_items = draw(st.integers(1, 5))
    rows, candidates = [], {}
    for i in range(n_items):
        k = draw(st.integers(1, 4))
        who = draw(st.lists(st.integers(0, n_sources - 1), min_size=1, max_size=n_sources,
                            unique=True))  # fmt: skip
        agreed = draw(st.integers(0, k - 1))
        for s in who:
            v = agreed if unanimous else draw(st.integers(0, k - 1))
            rows.append((f"s{s}", f"i{i}", f"v{v}"))
        candidates[f"i{i}"] = [f"v{v}" for v in range(k)]
    return rows, candidates


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGISTERED = sorted(METHODS)


@pytest.mark.parametrize("name", REGISTERED)
@PROPERTY
@given(data=claim_sets())
def test_probabilities_sum_to_one_per_item(name, data):
    rows, candidates = data
    c = claims(rows, candidates=candidates)
    m = METHODS[name]().fit(c)
    p = np.asarray(m.probabilities_)
    assert p.shape == (c.n_values,)
    assert np.isfinite(p).all() and (p >= -1e-12).all() and (p <= 1 + 1e-12).all()
    assert c.item_sum(p) == pytest.approx(np.ones(c.n_items))
    assert (c.value_item[m.truth_] == np.arange(c.n_items)).all()


def _relabel(
    c: Claims, rng: np.random.Generator
) -> tuple[Claims, np.ndarray, np.ndarray, np.ndarray]:
    """The same claims with sources, items and rows permuted; values keep their order within
    each item so that ties break the same way."""
    ps, pi = rng.permutation(c.n_sources), rng.permutation(c.n_items)
    rows = rng.permutation(c.n_claims)
    key = pi[c.value_item].astype(np.int64) * (c.n_values + 1) + np.arange(c.n_values)
    new_code = np.empty(c.n_values, dtype=np.int64)
    new_code[np.argsort(key, kind="stable")] = np.arange(c.n_values)
    value_item = np.empty(c.n_values, dtype=np.int32)
    value_item[new_code] = pi[c.value_item]
    labels = np.empty(c.n_values, dtype=object)
    labels[new_code] = c.value_labels
    out = Claims(
        source=ps[c.source[rows]].astype(np.int32),
        item=pi[c.item[rows]].astype(np.int32),
        value=new_code[c.value[rows]].astype(np.int32),
        value_item=value_item,
        n_sources=c.n_sources,
        n_items=c.n_items,
        value_labels=labels,
    )
    return out, ps, pi, new_code


@pytest.mark.parametrize("name", REGISTERED)
@PROPERTY
@given(data=claim_sets(), seed=st.integers(0, 2**32 - 1))
def test_relabelling_sources_and_items_changes_nothing(name, data, seed):
    rows, candidates = data
    c = claims(rows, candidates=candidates)
    c2, ps, pi, new_code = _relabel(c, np.random.default_rng(seed))
    m1, m2 = METHODS[name]().fit(c), METHODS[name]().fit(c2)
    p1, p2 = np.asarray(m1.probabilities_), np.asarray(m2.probabilities_)
    assert p2[new_code] == pytest.approx(p1, abs=1e-6)
    t1, t2 = np.asarray(m1.trust_, dtype=float), np.asarray(m2.trust_, dtype=float)
    assert t2[ps] == pytest.approx(t1, abs=1e-6, nan_ok=True)
    # the chosen values agree wherever the choice is not a tie
    for i in range(c.n_items):
        vals = np.sort(p1[c.value_item == i])
        if vals.size < 2 or vals[-1] - vals[-2] > 1e-6:
            assert m2.truth_[pi[i]] == new_code[m1.truth_[i]]


@pytest.mark.parametrize("name", REGISTERED)
@PROPERTY
@given(data=claim_sets(unanimous=True))
def test_unanimous_claims_win(name, data):
    rows, candidates = data
    c = claims(rows, candidates=candidates)
    m = METHODS[name]().fit(c)
    claimed = np.zeros(c.n_values, dtype=bool)
    claimed[c.value] = True
    assert claimed[m.truth_].all()


# ---- agreement with crowd-kit ------------------------------------------------------------------


def _crowd(seed: int = 7):
    """40 workers label 80 tasks with 3 labels, 5 workers per task, with varied confusion."""
    rng = np.random.default_rng(seed)
    labels = ["a", "b", "c"]
    truth = rng.integers(0, 3, 80)
    skill = rng.uniform(0.35, 0.95, 40)
    bias = rng.integers(0, 3, 40)  # where a worker's mistakes tend to go
    rows = []
    for t in range(80):
        for w in rng.choice(40, 5, replace=False):
            if rng.random() < skill[w]:
                y = truth[t]
            elif rng.random() < 0.7:
                y = bias[w]
            else:
                y = rng.integers(0, 3)
            rows.append((f"w{w}", f"t{t}", labels[y]))
    return rows, labels


def _as_crowdkit(rows):
    pd = pytest.importorskip("pandas")
    return pd.DataFrame(rows, columns=["worker", "task", "label"])


def _our_probas(c: Claims, p: np.ndarray, labels: list[str]) -> dict[tuple[str, str], float]:
    return {
        (c.item_labels[c.value_item[v]], c.value_labels[v]): float(p[v]) for v in range(c.n_values)
    }


def test_majority_vote_agrees_with_crowdkit():
    ck = pytest.importorskip("crowdkit.aggregation")
    rows, labels = _crowd()
    df = _as_crowdkit(rows)
    theirs = ck.MajorityVote().fit(df).probas_
    c = claims(rows, candidates={t: labels for t in df.task.unique()})
    ours = _our_probas(c, MajorityVote().fit(c).probabilities_, labels)
    for task in theirs.index:
        for label in labels:
            assert ours[(task, label)] == pytest.approx(float(theirs.loc[task, label]))


def test_dawid_skene_agrees_with_crowdkit():
    ck = pytest.importorskip("crowdkit.aggregation")
    rows, labels = _crowd()
    df = _as_crowdkit(rows)
    # run both to their common fixed point
    theirs = ck.DawidSkene(n_iter=500, tol=1e-12).fit(df)  # the 1979 model: no smoothing
    c = claims(rows, candidates={t: labels for t in df.task.unique()})
    m = DawidSkene(max_iter=500, tol=1e-12, diagonal_prior=0.0).fit(c)
    assert m.mode_ == "full"
    ours = _our_probas(c, m.probabilities_, labels)
    for task in theirs.probas_.index:
        for label in labels:
            assert ours[(task, label)] == pytest.approx(
                float(theirs.probas_.loc[task, label]), abs=1e-4
            )
    ours_labels = {c.item_labels[i]: c.value_labels[m.truth_[i]] for i in range(c.n_items)}
    assert ours_labels == theirs.labels_.to_dict()


@pytest.mark.parametrize("name", REGISTERED)
@PROPERTY
@given(first=claim_sets(), second=claim_sets())
def test_refit_equals_a_fresh_fit(name, first, second):
    """An estimator fitted once and fitted again gives what a new one gives (no state leaks)."""
    c1 = claims(first[0], candidates=first[1])
    c2 = claims(second[0], candidates=second[1])
    reused = METHODS[name]().fit(c1).fit(c2)
    fresh = METHODS[name]().fit(c2)
    assert np.asarray(reused.probabilities_) == pytest.approx(
        np.asarray(fresh.probabilities_), abs=1e-12
    )
    assert np.asarray(reused.truth_).tolist() == np.asarray(fresh.truth_).tolist()
    assert np.asarray(reused.trust_, float) == pytest.approx(
        np.asarray(fresh.trust_, float), abs=1e-12, nan_ok=True
    )
    assert reused.iterations_ == fresh.iterations_


@pytest.mark.parametrize("name", REGISTERED)
def test_a_denial_contributes_against_the_value_it_denies(name):
    """Under every method an explanation shows a denial with a negative weight on its value."""
    rows = [("a", "p", "true"), ("b", "p", "true"), ("c", "p", "true"), ("d", "p", "true")]
    stances = [1, 1, 1, -1]
    for q in ("q", "r", "s", "t"):  # d agrees with the others elsewhere: a source of good record
        rows += [(s, q, "true" if s != "c" or q != "q" else "false") for s in "abcd"]
        stances += [1, 1, 1, 1]
    binary = {i: ["true", "false"] for i in "pqrst"}
    c = claims(rows, stances=stances, candidates=binary)
    e = METHODS[name]().fit(c).explain(0)
    by_source = {c.source_labels[v.source]: v for v in e.votes}
    denial = by_source["d"]
    assert denial.stance == -1 and denial.claim == 3, name
    assert c.value_labels[denial.value] == "true", name
    assert denial.weight < 0, (name, denial)
    assert all(by_source[s].weight > 0 for s in "abc"), name
