"""One output vocabulary: every listing takes --json, --jsonl, --csv, --table and -o FILE; every
command that reports what it did takes --json; the old spellings still work, hidden."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.cli.reference import reference

LISTINGS = [
    ["sources"],
    ["propositions"],
    ["statements"],
    ["extract"],
    ["assess"],
    ["tactics", "tag"],
    ["tactics", "taxonomy"],
    ["tactics", "profile"],
    ["ach", "list"],
    ["sources", "corrections"],
    ["stance", "check"],
    ["user", "list"],
]
SUMMARIES = [
    ["ingest"],
    ["import"],
    ["fuse"],
    ["report"],
    ["ach", "import"],
    ["tactics", "statements"],
]


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_listing_offers_the_same_output_options(command: list[str]) -> None:
    shown = run(*command, "--help").output
    for option in ("--json", "--jsonl", "--csv", "--table", "-o, --output FILE"):
        assert option in shown, f"{' '.join(command)} lacks {option}"
    assert "--format" not in shown and "--out " not in shown  # old spellings: hidden


@pytest.mark.parametrize("command", SUMMARIES, ids=" ".join)
def test_every_command_that_does_something_can_say_so_as_json(command: list[str]) -> None:
    assert "--json" in run(*command, "--help").output


def test_the_reference_shows_the_options_on_every_listing() -> None:
    text = reference()
    for command in LISTINGS:
        section = text.split(f"## veracity {' '.join(command)}\n", 1)[1].split("\n## ", 1)[0]
        assert "--jsonl" in section and "--csv" in section and "-o, --output" in section


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "v.db")
    people = tmp_path / "sources.csv"
    people.write_text("id,name,kind\nwapo,The Washington Post,outlet\npeskov,Пєсков,person\n")
    run("import", str(people), "--db", url)
    return url


def test_one_listing_in_every_format(db: str, tmp_path: Path) -> None:
    as_json = json.loads(run("sources", "--db", db, "--json").output)
    lines = [json.loads(x) for x in run("sources", "--db", db, "--jsonl").output.splitlines()]
    assert as_json == lines and [r["name"] for r in lines] == ["The Washington Post", "Пєсков"]
    rows = list(csv.DictReader(io.StringIO(run("sources", "--db", db, "--csv").output)))
    assert [r["id"] for r in rows] == ["wapo", "peskov"] and rows[1]["kind"] == "person"
    table = run("sources", "--db", db, "--table").output
    assert "Пєсков" in table and "{" not in table
    # off a terminal, a listing is JSON Lines
    assert run("sources", "--db", db).output == run("sources", "--db", db, "--jsonl").output


def test_output_file_takes_its_format_from_the_extension(db: str, tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    result = run("sources", "--db", db, "-o", str(out))
    assert result.stdout == "" and "wrote 2 records" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("id,name")
    run("sources", "--db", db, "-o", str(tmp_path / "people.json"))
    assert len(json.loads((tmp_path / "people.json").read_text(encoding="utf-8"))) == 2
    # a flag beats the extension
    run("sources", "--db", db, "--jsonl", "-o", str(tmp_path / "p.csv"))
    assert json.loads((tmp_path / "p.csv").read_text().splitlines()[0])["id"] == "wapo"


def test_two_formats_at_once_is_a_usage_error(db: str) -> None:
    result = run("sources", "--db", db, "--json", "--csv", ok=False)
    assert result.exit_code == 2 and "use just one of" in result.output
    result = run("extract", "-", "--jsonl", "--format", "table", ok=False)
    assert result.exit_code == 2 and "use just one of" in result.output


def test_an_empty_listing_is_valid_in_every_format(tmp_path: Path) -> None:
    url = str(tmp_path / "empty.db")
    assert json.loads(run("statements", "--db", url, "--json").output) == []
    assert run("statements", "--db", url, "--jsonl").output == ""
    assert run("statements", "--db", url, "--csv").output.startswith("id,source,proposition")


def test_old_spellings_still_work(db: str, tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("It is pure fiction, simply fake news.", encoding="utf-8")
    old = run("tactics", "tag", str(text), "--format", "text").output
    assert "blanket" in old and "┃" in old and "{" not in old  # text is now the table
    assert json.loads(run("tactics", "tag", str(text), "--format", "jsonl").output.splitlines()[0])
    claims = tmp_path / "claims.csv"
    claims.write_text("source,item,value\na,x,1\nb,x,1\nc,x,2\n")
    run("fuse", str(claims), "--out", str(tmp_path / "old.csv"))
    run("fuse", str(claims), "-o", str(tmp_path / "new.csv"))
    assert (tmp_path / "old.csv").read_text() == (tmp_path / "new.csv").read_text()
    both = run("fuse", str(claims), "-o", "a.csv", "--out", "b.csv", ok=False)
    assert both.exit_code == 2


def test_summaries_as_json(db: str, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("source,item,value\na,x,1\nb,x,1\nc,x,2\n")
    fused = json.loads(run("fuse", str(claims), "-o", str(tmp_path / "t.csv"), "--json").stdout)
    assert fused["claims"] == 3 and fused["items"] == 1 and fused["output"].endswith("t.csv")
    props = tmp_path / "props.jsonl"
    props.write_text('{"id": "P1", "text": "They spoke."}\n')
    imported = json.loads(run("import", str(props), "--db", db, "--json").output)
    assert imported["imported"] == {"propositions": 1}
    doc = tmp_path / "note.txt"
    doc.write_text('Peskov said: "The call never happened."\n', encoding="utf-8")
    ingested = json.loads(run("ingest", str(doc), "--db", db, "--model", "blank", "--json").output)
    assert ingested["documents"] == 1 and ingested["problems"] == []
    report = json.loads(run("report", "--db", db, "--json").output)
    assert report["assessment"]["method"] and report["html"] is None
