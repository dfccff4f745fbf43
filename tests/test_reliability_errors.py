"""One error path: inputs that used to give a traceback (exit 1) now exit 2 with the file, line
or field and the fix, and leave the store as it was — on SQLite and (when
VERACITY_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hostile_run import fingerprint, seed_store
from veracity.cli import cli
from veracity.errors import InputError
from veracity.ingest.documents import document_from_text
from veracity.ingest.text_door import check_strings, text_problem

CASES = [
    # orjson reads 1,000 levels; the field checks and their messages then recurse
    (
        "deep-value.jsonl",
        '{"id": "x", "name": ' + "[" * 1000 + "]" * 1000 + "}\n",
        ["--kind", "sources"],
        "deep-value.jsonl:1",
    ),
    (
        "deep-case.json",
        '{"case": "c", "sources": [{"id": "a", "name": ' + "[" * 900 + "]" * 900 + "}]}",
        ["--format", "case"],
        "nested more than 64 levels",
    ),
    # (file name, content, extra arguments, what the message must say)
    ("deep.json", "[" * 100_000 + "]" * 100_000, ["--format", "case"], "nested too deeply"),
    ("deep.yaml", "title: " + "[" * 5_000 + "]" * 5_000 + "\n", ["--format", "case"], "nested"),
    (
        "deep.jsonl",
        '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        ["--kind", "sources"],
        ":1: nested",
    ),
    (
        "digits.yaml",
        "case: c\nsources:\n  - id: a\n    name: " + "9" * 5000 + "\n",
        ["--format", "case"],
        "4,300 digits",
    ),
    (  # "²".isdigit() is True, int("²") a ValueError: a traceback from CSV (text) spans
        "superscript-span.csv",
        "id,source,proposition,stance,document,span_start,span_end\nst2,peskov,P1,denies,d1,²,4\n",
        ["--kind", "statements"],
        "2, field 'span_start'",
    ),
    (
        "superscript-span.jsonl",
        '{"id": "st1", "source": "peskov", "proposition": "P1", "stance": "denies", '
        '"document": "d1", "span_start": "²", "span_end": 4}\n',
        ["--kind", "statements"],
        "1, field 'span_start'",
    ),
    (
        "likelihood-ratio-1e400.jsonl",
        '{"id": "e1", "proposition": "P1", "description": "x", "likelihood_ratio": 1e400}\n',
        ["--kind", "evidence"],
        "field 'likelihood_ratio'",
    ),
    (  # past SQLite's 2^63 integers and PostgreSQL's 2^31: checked against the document first
        "span-2-63.jsonl",
        '{"id": "st3", "source": "peskov", "proposition": "P1", "stance": "denies", '
        '"document": "d1", "span_start": 0, "span_end": 9223372036854775808}\n',
        ["--kind", "statements"],
        "runs past the end",
    ),
    (
        "span-2-31.jsonl",
        '{"id": "st4", "source": "peskov", "proposition": "P1", "stance": "denies", '
        '"document": "d1", "span_start": 2147483648, "span_end": 2147483649}\n',
        ["--kind", "statements"],
        "runs past the end",
    ),
    (
        "surrogate.jsonl",
        '{"id": "x", "name": "\\ud800"}\n',
        ["--kind", "sources"],
        "1, field 'name': holds a lone surrogate U+D800",
    ),
    (
        "nul.jsonl",
        '{"id": "x", "name": "a\\u0000b"}\n',
        ["--kind", "sources"],
        "1, field 'name': holds a NUL",
    ),
    (
        "nul.csv",
        "id,name\nx,a\x00b\n",
        ["--kind", "sources", "--format", "csv"],
        "2, field 'name': holds a NUL",
    ),
    (
        "nul-doc.jsonl",
        '{"id": "d9", "text": "Peskov said\\u0000 no."}\n',
        ["--kind", "documents"],
        "field 'text': holds a NUL",
    ),
    (
        "nul-case.json",
        '{"case": "c", "sources": [{"id": "a", "name": "x\\u0000"}]}',
        ["--format", "case"],
        "field 'sources[0].name'",
    ),
    (
        "late-nul.jsonl",
        '{"id": "ok1", "name": "fine"}\n{"id": "ok2", "name": "fine\\u0000"}\n',
        ["--kind", "sources"],
        ":2, field 'name'",
    ),
]


@pytest.mark.parametrize(("name", "content", "extra", "says"), CASES, ids=[c[0] for c in CASES])
def test_hostile_import_exits_2_with_where_and_leaves_the_store(
    store_url, tmp_path, name, content, extra, says
):
    seed_store(store_url)
    before = fingerprint(store_url)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    r = CliRunner().invoke(cli, ["import", str(path), *extra, "--db", store_url])
    assert r.exit_code == 2, (r.output, r.exception)
    assert name in r.stderr and says in r.stderr and " — " in r.stderr, r.stderr
    assert fingerprint(store_url) == before


def test_nul_and_surrogates_are_refused_for_ingested_text():
    with pytest.raises(
        InputError, match="f.txt, field 'text': holds a NUL character at character 1"
    ):
        document_from_text("a\x00b", name="f.txt")
    with pytest.raises(InputError, match="lone surrogate U\\+DFFF"):
        document_from_text("ok", name="f.txt", title="\udfff")
    assert text_problem("“quotes” and 😀 are text") is None
    check_strings({"a": ["fine", {"b": "also fine"}]}, file="x")
    with pytest.raises(InputError, match="field 'a\\[1\\].b'"):
        check_strings({"a": ["fine", {"b": "\x00"}]}, file="x")


@pytest.mark.parametrize(
    ("claims", "says"),
    [
        ("source,item,value,weight\na,i,1,1e308\nb,i,2,1e308\n", "over 1e+12"),
        ("source,item,value,weight\na,i,1,0\nb,i,2,0\n", "every weight is 0"),
    ],
)
def test_fuse_weights_that_broke_the_arithmetic_are_refused(tmp_path, claims, says):
    path = tmp_path / "claims.csv"
    path.write_text(claims, encoding="utf-8")
    r = CliRunner().invoke(cli, ["fuse", str(path), "--out", str(tmp_path / "out.csv")])
    assert r.exit_code == 2 and says in r.stderr and "field 'weight'" in r.stderr, r.output
    assert not (tmp_path / "out.csv").exists()


def test_an_unknown_model_is_named_not_replaced_by_rules(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Peskov said no.", encoding="utf-8")
    r = CliRunner().invoke(cli, ["extract", str(path), "--model", str(tmp_path / "no-such-model")])
    assert r.exit_code == 2 and "no spaCy pipeline" in r.stderr and "--model blank" in r.stderr
    assert r.stdout == ""
