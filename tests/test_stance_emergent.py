"""``veracity stance train`` on the Emergent layout (one CSV of claim/headline pairs, no
unrelated pairs), and a trained model on an empty text. The data is written here."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.errors import InputError
from veracity.stance import classify_many, load_model
from veracity.stance.emergent import EMERGENT_COLUMNS, is_emergent_csv, read_emergent
from veracity.stance.fnc import scores

TOPICS = ["shark highway", "bridge collapse", "mayor resignation", "comet sighting", "zoo escape"]
HEADLINES = {
    "for": "Officials confirm the {t}",
    "against": "The {t} story is a hoax, experts find",
    "observing": "The {t} reportedly happened, witnesses say",
}


def _emergent_csv(path: Path, rows: int = 240, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", *EMERGENT_COLUMNS])
        for i in range(rows):
            k = i % len(TOPICS)
            t = TOPICS[k]
            label = rng.choice(list(HEADLINES))
            w.writerow([i, f"The {t} happened", HEADLINES[label].format(t=t), label, f"c{k}"])


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_read_emergent_maps_labels_and_groups_by_claim(tmp_path):
    data = tmp_path / "e.csv"
    _emergent_csv(data, rows=30)
    assert is_emergent_csv(data)
    pairs = read_emergent(data)
    assert len(pairs) == 30
    assert {p.label for p in pairs} <= {"supports", "refutes", "discusses"}
    assert {p.body_id for p in pairs} == {f"emergent:c{k}" for k in range(5)}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["0", "claim", "headline", "maybe", "c1"], "unknown stance 'maybe'"),
        (["0", "", "headline", "for", "c1"], "empty claimHeadline"),
    ],
)
def test_read_emergent_names_the_bad_row(tmp_path, row, message):
    data = tmp_path / "e.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", *EMERGENT_COLUMNS])
        w.writerow(["1", "claim", "headline", "for", "c0"])
        w.writerow(row)
    with pytest.raises(InputError, match=message) as err:
        read_emergent(data)
    assert err.value.line == 3


def test_train_on_emergent_csv_auto_detected(tmp_path):
    data = tmp_path / "emergent.csv"
    _emergent_csv(data)
    out = tmp_path / "m.npz"
    r = run("stance", "train", "--data", str(data), "--out", str(out))
    assert r.exit_code == 0, r.output
    model = load_model(out)
    assert "unrelated" not in model.classes
    pairs = read_emergent(data)
    pred = [x.stance for x in model.classify_many((p.claim, p.text) for p in pairs)]
    assert "unrelated" not in pred
    assert scores([p.label for p in pairs], pred).accuracy > 0.9


def test_train_rejects_a_csv_of_another_layout(tmp_path):
    data = tmp_path / "other.csv"
    data.write_text("claim,text,label\na,b,for\n", encoding="utf-8")
    out = tmp_path / "m.npz"
    r = run("stance", "train", "--data", str(data), "--out", str(out))
    assert r.exit_code == 2 and "claimHeadline" in r.output and str(data) in r.output
    assert not out.exists()
    r = run("stance", "train", "--data", str(data), "--format", "emergent", "--out", str(out))
    assert r.exit_code == 2 and "missing column(s)" in r.output
    assert not out.exists()


def test_train_needs_refuting_pairs(tmp_path):
    data = tmp_path / "e.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", *EMERGENT_COLUMNS])
        for i in range(20):
            w.writerow([i, "claim", "headline", ("for", "observing")[i % 2], f"c{i % 3}"])
    r = run("stance", "train", "--data", str(data), "--out", str(tmp_path / "m.npz"))
    assert r.exit_code == 2 and "no refutes pairs" in r.output


def test_a_trained_model_reads_an_empty_text(tmp_path):
    data = tmp_path / "emergent.csv"
    _emergent_csv(data, rows=120)
    out = tmp_path / "m.npz"
    assert run("stance", "train", "--data", str(data), "--out", str(out)).exit_code == 0
    got = list(classify_many([("The comet sighting happened", "")], model=load_model(out)))
    assert len(got) == 1 and got[0].evidence == []
    pairs = tmp_path / "pairs.csv"
    pairs.write_text('id,claim,text\n1,The comet sighting happened,""\n', encoding="utf-8")
    r = run("stance", "--pairs", str(pairs), "--model", str(out))
    assert r.exit_code == 0 and json.loads(r.output)["id"] == "1"
