"""``veracity fuse`` end to end: a claims CSV in, truth and trust CSVs out, errors as one line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from veracity.cli import cli
from veracity.fusion.registry import METHODS
from veracity.ingest.claims_csv import read_claims_csv

CLAIMS = """source,item,value
wapo,call-date,2024-11-07
nyt,call-date,2024-11-07
kremlin,call-date,never
reuters,call-date,2024-11-07
wapo,"venue, city",Palm Beach
kremlin,"venue, city",none
nyt,"venue, city",Palm Beach
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def claims_csv(tmp_path: Path) -> Path:
    p = tmp_path / "claims.csv"
    p.write_text(CLAIMS)
    return p


@pytest.mark.e2e
@pytest.mark.parametrize("method", sorted(METHODS))
def test_fuse_writes_one_row_per_item_with_the_chosen_value(claims_csv, tmp_path, method):
    out, trust = tmp_path / "truth.csv", tmp_path / "trust.csv"
    result = run("fuse", str(claims_csv), "--method", method, "--out", str(out),
                 "--trust", str(trust))  # fmt: skip
    assert result.exit_code == 0, result.output
    truth = {r["item"]: r for r in rows(out)}
    assert set(truth) == {"call-date", "venue, city"}
    assert truth["call-date"]["value"] == "2024-11-07"
    assert truth["venue, city"]["value"] == "Palm Beach"
    for r in truth.values():
        assert 0.0 <= float(r["probability"]) <= 1.0
    sources = [r["source"] for r in rows(trust)]
    assert sorted(sources) == ["kremlin", "nyt", "reuters", "wapo"]


@pytest.mark.e2e
def test_fuse_without_method_uses_the_default(claims_csv, tmp_path):
    from veracity.fusion.registry import DEFAULT_METHOD

    out = tmp_path / "truth.csv"
    result = run("fuse", str(claims_csv), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert DEFAULT_METHOD in result.output  # the summary names the method that ran
    assert len(rows(out)) == 2


@pytest.mark.e2e
def test_fuse_reads_weight_and_origin_columns(tmp_path):
    p = tmp_path / "claims.csv"
    p.write_text("source,item,value,weight,origin\na,x,1,1,\nb,x,2,5,\nc,x,1,1,wire\n")
    data = read_claims_csv(p)
    c = data.claims
    assert c.weight.tolist() == [1.0, 5.0, 1.0]
    # "wire" names a source that made no claim: it becomes a source code of its own
    assert c.source_labels.tolist() == ["a", "b", "c", "wire"]
    assert c.origin.tolist() == [-1, -1, 3]
    out = tmp_path / "truth.csv"
    assert run("fuse", str(p), "--method", "weighted_vote", "--out", str(out)).exit_code == 0
    # weights 1 + 1 for "1" against 5 for "2"
    assert rows(out) == [{"item": "x", "value": "2", "probability": str(5 / 7)}]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("who,what\na,b\n", "missing columns source, item, value"),
        ("source,item\na,b\n", "missing column value"),
        ("source,item,value\n", "no claims"),
        ("source,item,value\na,x,1\nb,x\n", "expected 3 columns, got 2"),
        ("source,item,value,weight\na,x,1,heavy\n", "cannot read"),
        ("source,item,value,weight\na,x,1,-2\n", "non-negative"),
    ],
)
def test_bad_claims_files_give_one_line_naming_the_file(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_text(content)
    out = tmp_path / "truth.csv"
    result = CliRunner().invoke(cli, ["fuse", str(p), "--out", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "bad.csv" in result.output and message in result.output
    assert not out.exists()  # nothing half-written


@pytest.mark.e2e
def test_a_malformed_row_is_named_by_its_line(tmp_path):
    p = tmp_path / "claims.csv"
    p.write_text("source,item,value\na,x,1\nb,x,2\nc,x\nd,x,1\n")
    result = CliRunner().invoke(cli, ["fuse", str(p), "--out", str(tmp_path / "t.csv")])
    assert result.exit_code == 2
    assert "claims.csv:4:" in result.output and "'c,x'" in result.output


@pytest.mark.e2e
def test_missing_file_and_unknown_method(tmp_path, claims_csv):
    out = tmp_path / "truth.csv"
    result = CliRunner().invoke(cli, ["fuse", str(tmp_path / "nope.csv"), "--out", str(out)])
    assert result.exit_code == 2 and "nope.csv" in result.output and "no such file" in result.output
    result = CliRunner().invoke(cli, ["fuse", str(claims_csv), "--method", "oracle",
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2 and "truthfinder" in result.output


@pytest.mark.e2e
def test_fuse_streams_a_file_larger_than_one_block(tmp_path):
    p = tmp_path / "many.csv"
    lines = ["source,item,value"]
    for i in range(3000):
        for s in range(5):
            lines.append(f"s{s},item{i},{'right' if s < 3 else f'wrong{s}'}")
    p.write_text("\n".join(lines) + "\n")
    data = read_claims_csv(p, block_size=4096)  # dozens of blocks, one dictionary in the end
    assert data.claims.n_claims == 15000 and data.claims.n_items == 3000
    assert data.claims.n_sources == 5 and len(data.values) == 3
    out = tmp_path / "truth.csv"
    assert run("fuse", str(p), "--method", "truthfinder", "--out", str(out)).exit_code == 0
    got = rows(out)
    assert len(got) == 3000 and {r["value"] for r in got} == {"right"}


def test_fuse_reads_parquet_like_csv(claims_csv, tmp_path):
    """A .parquet claims file (labels stored as strings or integers) fuses as its CSV does."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(claims_csv)
    pq.write_table(table, tmp_path / "claims.parquet")
    out_csv, out_pq = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("fuse", str(claims_csv), "--out", str(out_csv)).exit_code == 0
    result = run("fuse", str(tmp_path / "claims.parquet"), "--out", str(out_pq))
    assert result.exit_code == 0, result.output
    assert rows(out_csv) == rows(out_pq)
    numbers = pa.table({"source": [1, 2, 3], "item": [7, 7, 7], "value": [5, 5, 6]})
    pq.write_table(numbers, tmp_path / "numbers.parquet")
    c = read_claims_csv(tmp_path / "numbers.parquet").claims
    assert (c.n_claims, c.n_items, c.n_values) == (3, 1, 2)
    missing = pa.table({"source": ["a"], "item": ["x"]})
    pq.write_table(missing, tmp_path / "missing.parquet")
    bad = run("fuse", str(tmp_path / "missing.parquet"), "--out", str(tmp_path / "c.csv"))
    assert bad.exit_code == 2 and "missing column value" in bad.output
