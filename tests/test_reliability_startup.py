"""Start-up of ``veracity extract``: the seconds of importing spaCy, loading its model and
importing SQLAlchemy were most of the time on a small file (12.6 of 12.9 s for 16 KB of quotation
marks at load 12). A command that opens no store imports no SQLAlchemy; spaCy and the model are
loaded when a text first needs parsing (one with a word in it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from veracity.cli import cli
from veracity.cli.options import ENV_VAR as CLI_ENV_VAR
from veracity.extract.extractor import Extractor, has_words
from veracity.extract.pipeline import load_pipeline
from veracity.store import ENV_VAR

SRC = str(Path(__file__).resolve().parents[1] / "src")

PROBE = """
import sys
from veracity.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    heavy = sorted(m for m in ("spacy", "sqlalchemy", "numpy", "pandas", "sklearn",
                               "matplotlib") if m in sys.modules)
    print("HEAVY", ",".join(heavy), file=sys.stderr)
"""


def _heavy_modules(*args: str) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    r = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=300
    )
    line = next(x for x in r.stderr.splitlines() if x.startswith("HEAVY"))
    return line.removeprefix("HEAVY").strip(), r.stdout


def test_extract_on_text_without_words_imports_neither_spacy_nor_sqlalchemy(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text('"' * 16_000 + "\n", encoding="utf-8")
    heavy, out = _heavy_modules("extract", str(path))
    assert heavy == ""
    assert out == ""  # no attributions (and nothing half-printed)


def test_extract_on_prose_loads_the_pipeline_but_no_store(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text('"It never happened," Peskov said.\n', encoding="utf-8")
    heavy, out = _heavy_modules("extract", str(path), "--model", "blank", "--jsonl")
    assert "spacy" in heavy and "sqlalchemy" not in heavy
    assert '"speaker": "Peskov"' in out


def test_an_unknown_model_is_refused_even_when_no_text_needs_it(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("''''", encoding="utf-8")
    r = CliRunner().invoke(cli, ["extract", str(path), "--model", str(tmp_path / "no-model")])
    assert r.exit_code == 2
    assert "no spaCy pipeline" in r.stderr and "--model blank" in r.stderr


def test_the_pipeline_is_loaded_only_when_a_text_has_a_word():
    calls: list[int] = []

    def loader():
        calls.append(1)
        return load_pipeline("blank")

    ex = Extractor(loader)
    assert list(ex.extract_many(['"' * 500, "", "123 … !!", "\n\n"])) == [[], [], [], []]
    assert calls == []
    found = ex.extract('"It never happened," Peskov said.')
    assert calls == [1] and [a.speaker for a in found] == ["Peskov"]
    eager = Extractor(load_pipeline("blank")).extract('"It never happened," Peskov said.')
    assert found == eager


def test_has_words_counts_letters_of_any_script_only():
    assert not has_words('"' * 10 + "0123456789 _ — … «»")
    assert has_words("x") and has_words("Песков") and has_words("中")


def test_the_cli_names_the_store_variable_the_store_uses():
    assert CLI_ENV_VAR == ENV_VAR


def test_an_existing_store_behind_the_schema_is_upgraded_once_with_a_message(tmp_path):
    from veracity.store import MIGRATIONS, open_store
    from veracity.store import migrations as migrations_module

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url, migrate=False) as store:
        migrations_module.migrate(store.engine, MIGRATIONS[:-1])  # a store one version behind
    first = CliRunner().invoke(cli, ["sources", "--db", url])
    assert first.exit_code == 0, first.output
    last = MIGRATIONS[-1]
    assert first.stderr.startswith("Upgrading the store sqlite")
    assert f"{tmp_path / 'old.db'} from schema version {MIGRATIONS[-2].version}" in first.stderr
    assert f"to {last.version} (1 migration: {last.version} {last.name})" in first.stderr
    again = CliRunner().invoke(cli, ["sources", "--db", url])
    assert again.exit_code == 0 and "Upgrading" not in again.stderr
    fresh = CliRunner().invoke(cli, ["sources", "--db", str(tmp_path / "new.db")])
    assert fresh.exit_code == 0 and fresh.stderr == ""


def test_a_document_past_its_time_budget_is_named_by_its_file(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "slow.txt").write_text('"It never happened," Peskov said. ' * 200, encoding="utf-8")
    db = str(tmp_path / "v.db")
    args = ["--model", "blank", "--grouping", "keywords", "--time-budget", "0.000001", "--db", db]
    for given in (folder / "slow.txt", folder):  # the file itself, or its folder
        r = CliRunner().invoke(cli, ["ingest", str(given), *args])
        assert r.exit_code == 2, (r.output, r.exception)
        assert str(folder / "slow.txt") in r.stderr and "time budget" in r.stderr, r.stderr
