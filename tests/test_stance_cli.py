"""``veracity stance``: streaming results, bad input (exit 2, nothing written), train/--model."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.stance import load_model
from veracity.stance.fnc import read_fnc, scores

CLAIM = "A shark swam down a flooded highway in Houston"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def texts(tmp_path: Path) -> dict[str, Path]:
    files = {
        "hoax": "The photo of a shark on a flooded Houston highway is a hoax, experts say.",
        "wheat": "Wheat exports rose in October as prices fell in Chicago.",
    }
    out = {}
    for name, text in files.items():
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def test_claim_and_files_as_jsonl(texts):
    r = run("stance", "--claim", CLAIM, str(texts["hoax"]), str(texts["wheat"]))
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [(Path(x["file"]).stem, x["stance"]) for x in rows] == [
        ("hoax", "refutes"),
        ("wheat", "unrelated"),
    ]
    text = texts["hoax"].read_text(encoding="utf-8")
    e = rows[0]["evidence"][0]
    assert text[e["start"] : e["end"]] == e["text"]


def test_table_format(texts):
    r = run("stance", "--claim", CLAIM, str(texts["hoax"]), "--format", "table")
    assert r.exit_code == 0 and "refutes" in r.output


def test_pairs_csv(tmp_path):
    p = tmp_path / "pairs.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "claim", "text", "extra"])
        w.writerow(["a", CLAIM, "Experts debunked the Houston highway shark picture.", ""])
        w.writerow(["b", CLAIM, "A shark reportedly swam down a flooded Houston highway.", ""])
    r = run("stance", "--pairs", str(p), "--format", "jsonl")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [(x["id"], x["stance"]) for x in rows] == [("a", "refutes"), ("b", "discusses")]
    assert set(rows[0]) >= {"id", "stance", "confidence", "evidence"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,claim\n1,x\n", "missing column(s) text"),
        ("id,claim,text\n1,,some text\n", ":2, field 'claim': the claim is empty"),
        ("id,claim,text\n1,x,y\n1,x,z\n", ":3, field 'id': id '1' repeats line 2"),
        ("id,claim,text\n1,x,y\n2," + "c" * 100_000 + ",z\n", ":3, field 'claim'"),
    ],
)
def test_bad_pairs_csv_exits_2_before_any_output(tmp_path, content, message):
    p = tmp_path / "pairs.csv"
    p.write_text(content, encoding="utf-8")
    r = run("stance", "--pairs", str(p))
    assert r.exit_code == 2
    assert message in r.output
    assert "{" not in r.output  # no result was printed for the good rows


@pytest.mark.parametrize(
    ("claim", "data", "message"),
    [
        ("", b"text", "the claim is empty"),
        ("x" * 100_000, b"text", "the claim is 100,000 characters"),
        (CLAIM, b"\x89PNG\r\n\x1a\n\x00\x00", "a binary file"),
        (CLAIM, "caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_claim_or_file_exits_2(tmp_path, texts, claim, data, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    r = run("stance", "--claim", claim, str(texts["hoax"]), str(bad))
    assert r.exit_code == 2
    assert message in r.output and "Traceback" not in r.output
    assert "{" not in r.output


def test_bad_model_file_exits_2(tmp_path, texts):
    junk = tmp_path / "m.npz"
    junk.write_bytes(b"not a model")
    for path, message in ((junk, "not a veracity stance model"), (tmp_path / "no.npz", "no such")):
        r = run("stance", "--claim", CLAIM, str(texts["hoax"]), "--model", str(path))
        assert r.exit_code == 2 and message in r.output


def _fnc_folder(folder: Path, n_bodies: int = 150, seed: int = 0) -> None:
    """A small FNC-1-layout set written for this test: refuting bodies say "hoax"."""
    rng = random.Random(seed)
    topics = [
        "shark highway",
        "bridge collapse",
        "mayor resigns",
        "comet sighting",
        "zoo escape",
        "bank merger",
        "river flood",
        "tower fire",
    ]
    templates = {
        "supports": "Officials confirmed the {t} on Monday. The {t} happened, police said.",
        "refutes": "The {t} story is a hoax. Experts debunked the fake {t} report.",
        "discusses": "The {t} was reportedly seen. It is unclear whether the {t} is real.",
    }
    bodies, stances = [], []
    for b in range(n_bodies):
        t = topics[b % len(topics)]
        label = ("supports", "refutes", "discusses")[b % 3]
        bodies.append((b, templates[label].format(t=t) + f" Report {b}."))
        stances.append(
            (
                f"The {t} took place",
                b,
                {"supports": "agree", "refutes": "disagree", "discusses": "discuss"}[label],
            )
        )
        other = rng.choice([x for x in topics if x != t])
        stances.append((f"Breaking news on the {other} today", b, "unrelated"))
    folder.mkdir()
    with (folder / "toy_bodies.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        w.writerows(bodies)
    with (folder / "toy_stances.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(stances)


def test_train_then_use_with_model(tmp_path, texts):
    data = tmp_path / "toy"
    _fnc_folder(data)
    out = tmp_path / "model.npz"
    r = run("stance", "train", "--data", str(data), "--out", str(out))
    assert r.exit_code == 0, r.output
    model = load_model(out)
    pairs = read_fnc(data)
    pred = [x.stance for x in model.classify_many((p.claim, p.text) for p in pairs)]
    assert scores([p.label for p in pairs], pred).accuracy > 0.9
    r = run("stance", "--claim", CLAIM, str(texts["hoax"]), "--model", str(out))
    assert r.exit_code == 0 and json.loads(r.output)["stance"] in {
        "supports",
        "refutes",
        "discusses",
        "unrelated",
    }


def test_train_rejects_bad_data_and_writes_nothing(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "x_stances.csv").write_text("Headline,Body ID\nh,1\n", encoding="utf-8")
    (data / "x_bodies.csv").write_text("Body ID,articleBody\n1,b\n", encoding="utf-8")
    out = tmp_path / "m.npz"
    r = run("stance", "train", "--data", str(data), "--out", str(out))
    assert r.exit_code == 2 and "missing column(s) Stance" in r.output
    assert not out.exists()


def test_saved_trees_predict_as_scikit_learn_does():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from veracity.stance.trees import TreeEnsemble

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 5))
    y = np.array(["refutes", "supports", "discusses", "unrelated"])[
        (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] > 0.3).astype(int)
    ]
    X[rng.random(X.shape) < 0.05] = np.nan  # missing values take the learned side
    clf = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_arrays(TreeEnsemble.from_sklearn(clf).arrays())
    np.testing.assert_allclose(trees.predict_proba(X), clf.predict_proba(X), atol=1e-9)


def test_held_out_rows_are_whole_texts():
    from veracity.stance.trained import split_by_text

    groups = [f"b{i % 37}" for i in range(1000)]
    held = split_by_text(groups, 0.2, seed=3)
    held_groups = {g for g, h in zip(groups, held, strict=True) if h}
    kept_groups = {g for g, h in zip(groups, held, strict=True) if not h}
    assert held_groups and not held_groups & kept_groups
    assert len(held_groups) == round(37 * 0.2)


def test_class_offsets_find_a_rare_class():
    from veracity.stance.trained import adjusted, class_offsets

    classes = ["discusses", "refutes", "supports", "unrelated"]
    # the trees always lean to "discusses"; the rare refuting rows have a little more "refutes"
    gold = ["discusses"] * 80 + ["refutes"] * 20
    proba = np.tile([0.6, 0.2, 0.1, 0.1], (100, 1))
    proba[80:] = [0.5, 0.3, 0.1, 0.1]
    offsets = class_offsets(proba, gold, classes)
    pred = np.asarray(classes)[adjusted(proba, offsets).argmax(axis=1)]
    assert list(pred) == gold


def test_a_pairs_csv_longer_than_one_text_is_read_whole(tmp_path):
    from veracity.stance.inputs import MAX_TEXT_CHARS, read_pairs_csv

    body = "A shark swam down a flooded highway in Houston. " * 20
    rows = MAX_TEXT_CHARS // len(body) + 50
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "claim", "text"])
        w.writerows([i, CLAIM, body] for i in range(rows))
    assert path.stat().st_size > MAX_TEXT_CHARS
    got = read_pairs_csv(str(path))
    assert len(got) == rows and got[-1].id == str(rows - 1) and got[-1].text == body
