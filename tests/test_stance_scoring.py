"""FNC-1 scoring and the FNC-1 layout reader (veracity.stance.fnc)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.errors import InputError
from veracity.stance import STANCES
from veracity.stance.fnc import read_fnc, scores

labels = st.sampled_from(STANCES)


def test_fnc_score_worked_by_hand():
    gold = ["supports", "refutes", "discusses", "unrelated"]
    pred = ["supports", "discusses", "unrelated", "unrelated"]
    # best: 1 + 1 + 1 + 0.25 = 3.25; got: 1 (right class) + 0.25 (related, wrong class)
    # + 0 (called unrelated) + 0.25 (right unrelated) = 1.5
    s = scores(gold, pred)
    assert s.fnc == pytest.approx(1.5 / 3.25)
    assert s.recall["supports"] == 1.0 and s.recall["refutes"] == 0.0
    assert s.confusion[1][2] == 1 and s.confusion[2][3] == 1


def test_discuss_for_every_related_pair_games_the_fnc_score():
    gold = ["unrelated"] * 72 + ["discusses"] * 18 + ["supports"] * 8 + ["refutes"] * 2
    pred = ["unrelated" if g == "unrelated" else "discusses" for g in gold]
    s = scores(gold, pred)
    # (72 * 0.25 + 18 + 10 * 0.25) / (72 * 0.25 + 28) = 38.5 / 46
    assert s.fnc == pytest.approx(38.5 / 46)
    assert s.recall["refutes"] == 0.0 and s.macro_f1 < 0.5


@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=60))
def test_scores_are_bounded_and_count_every_pair(pairs):
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    s = scores(gold, pred)
    assert 0.0 <= s.fnc <= 1.0 and 0.0 <= s.macro_f1 <= 1.0
    assert sum(map(sum, s.confusion)) == len(pairs)
    assert s.accuracy == pytest.approx(sum(g == p for g, p in pairs) / len(pairs))


@given(st.lists(labels, min_size=1, max_size=60))
def test_perfect_predictions_score_the_maximum(gold):
    s = scores(gold, gold)
    assert s.accuracy == 1.0 and s.fnc == pytest.approx(1.0)


def _write(folder, stances: str, bodies: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "x_stances.csv").write_text(stances, encoding="utf-8")
    (folder / "x_bodies.csv").write_text(bodies, encoding="utf-8")


def test_read_fnc_maps_labels(tmp_path):
    _write(
        tmp_path / "d",
        'Headline,Body ID,Stance\nh1,1,agree\n"h, 2",1,disagree\n',
        'Body ID,articleBody\n1,"a body, with a comma"\n',
    )
    pairs = read_fnc(tmp_path / "d")
    assert [(p.claim, p.label, p.text) for p in pairs] == [
        ("h1", "supports", "a body, with a comma"),
        ("h, 2", "refutes", "a body, with a comma"),
    ]


@pytest.mark.parametrize(
    ("stances", "message"),
    [
        ("Headline,Body ID,Stance\nh,1,maybe\n", "x_stances.csv:2, field 'Stance': unknown"),
        ("Headline,Body ID,Stance\nh,1,agree\nh,9,agree\n", "x_stances.csv:3, field 'Body ID'"),
    ],
)
def test_read_fnc_names_the_bad_row(tmp_path, stances, message):
    _write(tmp_path / "d", stances, "Body ID,articleBody\n1,b\n")
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read_fnc(tmp_path / "d")


def test_read_fnc_needs_the_layout(tmp_path):
    with pytest.raises(InputError, match="no \\*_stances.csv"):
        read_fnc(tmp_path)
    with pytest.raises(InputError, match="not a folder"):
        read_fnc(tmp_path / "missing")
