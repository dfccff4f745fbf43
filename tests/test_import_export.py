"""Import and export through the CLI and the library.

A malformed file (bad JSON, missing field, unknown source, wrong type, duplicate id) must give
exit code 2, a one-line message naming the file, the line and the field, and leave every table's
row count unchanged. Export then import into an empty store must give back the same records.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import veracity.store.bulk as store_module
from conftest import contents, fill
from veracity.cli import cli
from veracity.errors import InputError
from veracity.ingest.casefile import (
    bundled_case,
    bundled_cases,
    case_from_store,
    case_schema,
    dump_case,
    import_case,
    load_case,
    load_raw,
    parse_case,
)
from veracity.ingest.fast_statements import fast_statement_row
from veracity.ingest.records import (
    CSV_COLUMNS,
    FIELDS,
    FieldProblem,
    detect_format,
    detect_kind,
    export_records,
    export_text,
    import_records,
    parse_record,
)
from veracity.model import (
    PropositionKind,
)
from veracity.store import KINDS, Store, open_store
from veracity.store.rows import statement_tuple

try:
    import jsonschema
except ImportError:  # a test extra; the schema checks skip without it
    jsonschema = None


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def filled(tmp_path, records) -> tuple[str, dict[str, int]]:
    """A SQLite store holding the small case; its URL and row counts."""
    url = str(tmp_path / "filled.db")
    with open_store(url) as store:
        fill(store, records)
        return url, store.counts()


def _counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return store.counts()


def _assert_refused(url, before, path: Path, *extra: str, line: int | None, field: str) -> str:
    result = run("import", str(path), "--db", url, *extra)
    message = result.stderr.strip()
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(message.splitlines()) == 1, message
    where = f"{path}:{line}" if line is not None else str(path)
    assert message.startswith(f"Error: {where}"), message
    assert f"field '{field}'" in message, message
    assert " — " in message  # the fix
    assert _counts(url) == before
    return message


# -- malformed JSON Lines ---------------------------------------------------------------------

GOOD = {"id": "s10", "source": "wapo", "proposition": "P1", "stance": "asserts"}

JSONL_CASES = {
    "bad JSON": (['{"id": "s11", "source": "wapo",, }'], 2, None),
    "missing field": ([{"id": "s11", "proposition": "P1"}], 2, "source"),
    "unknown source": ([{**GOOD, "id": "s11", "source": "nobody"}], 2, "source"),
    "unknown proposition": ([{**GOOD, "id": "s11", "proposition": "P9"}], 2, "proposition"),
    "unknown cited source": ([{**GOOD, "id": "s11", "cites": "ghost"}], 2, "cites"),
    "stance maybe": ([{**GOOD, "id": "s11", "stance": "maybe"}], 2, "stance"),
    "bad date": ([{**GOOD, "id": "s11", "time": "2024-13-45"}], 2, "time"),
    "span not two ints": ([{**GOOD, "id": "s11", "span": [1, "x"]}], 2, "span"),
    "span of three": ([{**GOOD, "id": "s11", "span": [1, 2, 3]}], 2, "span"),
    "value not the proposition's": ([{**GOOD, "id": "s11", "value": "maybe"}], 2, "value"),
    "unknown field": ([{**GOOD, "id": "s11", "stnace": "asserts"}], 2, "stnace"),
    "duplicate in file": ([{**GOOD, "id": "s10"}], 2, "id"),
    "duplicate in store": ([{**GOOD, "id": "s1"}], 2, "id"),
    "not an object": (["[1, 2]"], 2, None),
}


@pytest.mark.parametrize("name", list(JSONL_CASES))
def test_malformed_jsonl_is_refused_whole(tmp_path, filled, name) -> None:
    url, before = filled
    rows, line, field = JSONL_CASES[name]
    path = tmp_path / "statements.jsonl"
    lines = [json.dumps(GOOD)] + [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"Error: {path}:{line}"), message
    if field is not None:
        assert f"field '{field}'" in message, message
    assert _counts(url) == before


def test_a_bad_row_after_many_good_batches_undoes_them_all(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "many.jsonl"
    good = [json.dumps({**GOOD, "id": f"g{n}"}) for n in range(2500)]
    bad = json.dumps({**GOOD, "id": "bad", "stance": "maybe"})
    path.write_text("\n".join([*good, "", bad]) + "\n", encoding="utf-8")
    _assert_refused(url, before, path, "--kind", "statements", line=2502, field="stance")


def test_a_duplicate_far_apart_names_the_second_line(tmp_path, filled, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SIZE", 10)
    url, before = filled
    path = tmp_path / "statements.jsonl"
    rows = [{**GOOD, "id": f"g{n}"} for n in range(40)] + [{**GOOD, "id": "g3"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    message = _assert_refused(url, before, path, line=41, field="id")
    assert "'g3'" in message


def test_bad_utf8_is_refused(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "sources.jsonl"
    path.write_bytes(b'{"id": "x", "name": "ok"}\n{"id": "y", "name": "\xff"}\n')
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2
    assert f"{path}:2" in result.stderr and "UTF-8" in result.stderr
    assert _counts(url) == before


# -- malformed CSV ------------------------------------------------------------------------------

CSV_HEADER = "id,source,proposition,stance,value,time,quote,span_start,span_end,cites"
CSV_CASES = {
    "missing field": ("s11,,P1,asserts,true,,,,,", "source"),
    "unknown source": ("s11,nobody,P1,asserts,true,,,,,", "source"),
    "stance maybe": ("s11,wapo,P1,maybe,true,,,,,", "stance"),
    "bad date": ("s11,wapo,P1,asserts,true,07/11/2024,,,,", "time"),
    "span not ints": ("s11,wapo,P1,asserts,true,,,a,3,", "span_start"),
    "half a span": ("s11,wapo,P1,asserts,true,,,3,,", "span"),
    "duplicate in file": ("s10,wapo,P1,asserts,true,,,,,", "id"),
    "duplicate in store": ("s2,wapo,P1,asserts,true,,,,,", "id"),
}


@pytest.mark.parametrize("name", list(CSV_CASES))
def test_malformed_csv_is_refused_whole(tmp_path, filled, name) -> None:
    url, before = filled
    row, field = CSV_CASES[name]
    path = tmp_path / "statements.csv"
    # The good row's quote spans two physical lines: the bad row starts on line 4.
    good = 's10,wapo,P1,asserts,true,2024-11-10,"two\nlines",,,familiar'
    path.write_text(f"{CSV_HEADER}\n{good}\n{row}\n", encoding="utf-8")
    _assert_refused(url, before, path, line=4, field=field)


def test_csv_with_too_many_cells_is_refused(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "sources.csv"
    path.write_text("id,name\nx,X\ny,Y,extra\n", encoding="utf-8")
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2 and f"{path}:3" in result.stderr and "quote" in result.stderr
    assert _counts(url) == before


def test_an_unknown_parent_in_csv_names_its_line(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "sources.csv"
    path.write_text("id,name,parent\nx,X,y\ny,Y,\nz,Z,ghost\n", encoding="utf-8")
    _assert_refused(url, before, path, line=4, field="parent")


# -- malformed case files -------------------------------------------------------------------------

CASE = """\
case: test-case
title: A test
sources:
  - id: s-a
    name: A
  - id: s-b
    name: B
    kind: outlet
propositions:
  - id: Q1
    text: Something happened.
statements:
  - id: q1
    source: s-a
    proposition: Q1
    stance: asserts
    time: 2024-11-10
"""

# (text to append or replace, line of the error, field)
CASE_ERRORS = {
    "missing field": ("  - id: q2\n    proposition: Q1\n", 18, "source"),
    "unknown source": ("  - id: q2\n    source: nobody\n    proposition: Q1\n", 19, "source"),
    "stance maybe": (
        "  - id: q2\n    source: s-a\n    proposition: Q1\n    stance: maybe\n",
        21,
        "stance",
    ),
    "bad date": (
        "  - id: q2\n    source: s-a\n    proposition: Q1\n    time: 2024-02-30\n",
        21,
        "time",
    ),
    "span not two ints": (
        "  - id: q2\n    source: s-a\n    proposition: Q1\n    span: [1]\n",
        21,
        "span",
    ),
    "duplicate in file": ("  - id: q1\n    source: s-b\n    proposition: Q1\n", 18, "id"),
    "duplicate in store": ("  - id: s1\n    source: s-b\n    proposition: Q1\n", 18, "id"),
    "entry not a mapping": ("  - just text\n", 18, None),
}


@pytest.mark.parametrize("name", list(CASE_ERRORS))
def test_malformed_case_file_is_refused_whole(tmp_path, filled, name) -> None:
    url, before = filled
    extra, line, field = CASE_ERRORS[name]
    path = tmp_path / "case.yaml"
    path.write_text(CASE + extra, encoding="utf-8")
    if field is None:
        result = run("import", str(path), "--db", url)
        assert result.exit_code == 2 and f"{path}:{line}" in result.stderr
        assert _counts(url) == before
    else:
        _assert_refused(url, before, path, line=line, field=field)


def test_a_source_already_in_the_store_is_a_duplicate(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("id: s-b", "id: wapo").replace("source: s-a", "source: wapo"))
    _assert_refused(url, before, path, line=6, field="id")


def test_bad_yaml_names_its_line(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "case.yaml"
    path.write_text(CASE + "  - id: q2\n   source: [unclosed\n", encoding="utf-8")
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2 and "not valid YAML" in result.stderr
    assert f"{path}:" in result.stderr
    assert _counts(url) == before


def test_json_case_files_get_lines_too(tmp_path, filled) -> None:
    url, before = filled
    data = {
        "case": "j",
        "sources": [{"id": "j1", "name": "J"}],
        "propositions": [{"id": "JP", "text": "t"}],
        "statements": [{"id": "js", "source": "j1", "proposition": "JP", "stance": "maybe"}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    line = json.dumps(data, indent=2).splitlines().index('      "stance": "maybe"') + 1
    _assert_refused(url, before, path, line=line, field="stance")
    path.write_text('{"case": "j",\n "sources": [}\n', encoding="utf-8")
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2 and f"{path}:2" in result.stderr and "JSON" in result.stderr


def test_an_unknown_section_and_a_missing_case_id(tmp_path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE + "claims: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown section 'claims'") as info:
        load_case(path)
    assert info.value.line == 18
    path.write_text(CASE.replace("case: test-case\n", ""), encoding="utf-8")
    with pytest.raises(InputError, match="no id"):
        load_case(path)


# -- format and kind inference, CLI options ----------------------------------------------------


def test_format_and_kind_are_inferred(tmp_path) -> None:
    assert detect_format("x.jsonl") == "jsonl"
    assert detect_format("x.CSV") == "csv"
    assert detect_format("x.yml") == "case"
    assert detect_format("x.txt") is None
    case = tmp_path / "c.json"
    case.write_text('{\n "case": "x",\n "sources": []\n}\n')
    assert detect_format(case) == "case"
    lines = tmp_path / "d.json"
    lines.write_text('{"id": "a", "name": "A"}\n{"id": "b", "name": "B"}\n')
    assert detect_format(lines) == "jsonl"
    lines.write_text('{"id": "a", "name": "sources"}\n')  # one record that mentions a section
    assert detect_format(lines) == "jsonl"
    case.write_text('{\n "case": "x",\n "sources": [}\n')  # a broken case file is still one
    assert detect_format(case) == "case"
    assert detect_kind("my-statements.csv", "csv") == "statements"
    rows = tmp_path / "rows.jsonl"
    for first, kind in [
        ({"id": "x", "source": "a", "proposition": "p"}, "statements"),
        ({"id": "x", "name": "n"}, "sources"),
        ({"id": "x", "proposition": "p", "value": "true"}, "resolutions"),
        ({"id": "x", "description": "d", "likelihood_ratio": 2}, "evidence"),
        ({"id": "x", "text": "t"}, "propositions"),
        ({"id": "x", "text": "t", "content_hash": "h"}, "documents"),
    ]:
        rows.write_text(json.dumps(first) + "\n")
        assert detect_kind(rows, "jsonl") == kind


def test_an_undetectable_file_asks_for_kind_or_format(tmp_path, filled) -> None:
    url, before = filled
    path = tmp_path / "data.txt"
    path.write_text("x\n")
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2 and "--format" in result.stderr
    path = tmp_path / "data.jsonl"
    path.write_text('{"id": "x"}\n')
    result = run("import", str(path), "--db", url)
    assert result.exit_code == 2 and "--kind" in result.stderr
    assert _counts(url) == before


def test_cli_import_export_and_listings(tmp_path) -> None:
    url = str(tmp_path / "cli.db")
    assert run("init", "--db", url).exit_code == 0
    assert "up to date" in run("init", "--db", url).output
    src = tmp_path / "people.csv"
    src.write_text("id,name,kind\nwapo,The Washington Post,outlet\npeskov,Peskov,person\n")
    result = run("import", str(src), "--db", url, "--kind", "sources")
    assert result.exit_code == 0 and "Imported 2 sources" in result.output
    listing = json.loads(run("sources", "--db", url, "--json").output)
    assert listing == [
        {"id": "wapo", "name": "The Washington Post", "kind": "outlet"},
        {"id": "peskov", "name": "Peskov", "kind": "person"},
    ]
    out = tmp_path / "sources.jsonl"
    result = run("export", "--kind", "sources", "--db", url, "-o", str(out))
    assert result.exit_code == 0
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["wapo", "peskov"]
    table = run("sources", "--db", url, "--table").output
    assert "The Washington Post" in table and "peskov" in table
    assert run("statements", "--db", url, "--source", "nobody").exit_code == 2


def test_env_var_names_the_store(tmp_path, monkeypatch) -> None:
    url = str(tmp_path / "env.db")
    monkeypatch.setenv("VERACITY_DB", url)
    path = tmp_path / "sources.jsonl"
    path.write_text('{"id": "a", "name": "A"}\n')
    assert run("import", str(path)).exit_code == 0
    assert _counts(url)["sources"] == 1


def test_bundled_case_imports_with_its_questions(tmp_path) -> None:
    assert "kremlin-call" in bundled_cases()
    case = bundled_case("kremlin-call")
    assert {s.id for s in case.sources} >= {"wapo", "peskov", "kremlin"}
    with open_store(str(tmp_path / "k.db")) as store:
        written = import_case(store, case)
        assert written["statements"] == len(case.statements) > 0
        assert store.source("peskov").parent_id == "kremlin"
    with pytest.raises(Exception, match="bundled cases"):
        bundled_case("no-such-case")


def test_parse_record_reads_yaml_booleans_and_numbers_as_values() -> None:
    r = parse_record("resolutions", {"id": "r", "proposition": "P", "value": False})
    assert r.value == "false"
    p = parse_record("propositions", {"id": "p", "text": "n", "values": [1, 2.5]})
    assert p.kind is PropositionKind.CATEGORICAL and p.values == ("1", "2.5")
    with pytest.raises(ValueError, match="binary"):
        parse_record("propositions", {"id": "p", "text": "t", "kind": "binary", "values": ["a"]})


# -- round trips (hypothesis) -------------------------------------------------------------------


def _dump(store: Store, folder: Path, fmt: str) -> list[Path]:
    paths = []
    for kind in KINDS:
        path = folder / f"{kind}.{fmt}"
        with open(path, "w", encoding="utf-8", newline="") as out:
            export_records(store, kind, out, format=fmt)
        paths.append(path)
    return paths


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=contents())
def test_export_then_import_round_trips_any_valid_content(tmp_path, fmt, content) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    with open_store(":memory:") as first:
        fill(first, content)
        paths = _dump(first, folder, fmt)
    with open_store(":memory:") as second:
        for path in paths:
            import_records(second, path, format=fmt)
        for kind in KINDS:
            assert list(second.stream(kind)) == content[kind], kind
        # And a second export is byte for byte the first.
        again = folder / "again"
        again.mkdir()
        for a, b in zip(paths, _dump(second, again, fmt), strict=True):
            assert a.read_bytes() == b.read_bytes()


def test_export_text_is_what_the_docs_show(records, store: Store) -> None:
    fill(store, records)
    first = export_text(store, "statements").splitlines()[0]
    assert json.loads(first) == {
        "id": "s1",
        "source": "wapo",
        "proposition": "P1",
        "stance": "asserts",
        "value": "true",
        "time": "2024-11-10",
        "quote": "Trump spoke with Putin",
        "cites": "familiar",
        "reference": "https://www.washingtonpost.com/",
    }
    header = export_text(store, "statements", "csv").splitlines()[0]
    assert header == (
        "id,source,proposition,stance,value,time,quote,document,span_start,span_end,cites,"
        "reference,corrected"
    )


# -- the JSON Schema and the documentation agree with the reader -----------------------------------


def test_the_schema_accepts_the_bundled_case_and_the_test_case() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    bundled = resources.files("veracity").joinpath("cases", "kremlin-call.yaml").read_text("utf-8")
    jsonschema.validate(load_raw(bundled), schema)
    jsonschema.validate(load_raw(CASE), schema)


@pytest.mark.parametrize("name", ["stance maybe", "span not two ints", "missing field"])
def test_the_schema_refuses_what_the_reader_refuses(name) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    extra, _, _ = CASE_ERRORS[name]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load_raw(CASE + extra), case_schema())
    with pytest.raises(InputError):
        parse_case(CASE + extra)


def test_every_field_is_in_the_schema_and_the_docs() -> None:
    schema = case_schema()
    docs = (Path(__file__).parents[1] / "docs" / "case-file.md").read_text(encoding="utf-8")
    for kind, fields in FIELDS.items():
        singular = "evidence" if kind == "evidence" else kind[:-1]
        assert kind in schema["properties"]
        assert {f.name for f in fields} == set(schema["$defs"][singular]["properties"]), kind
        assert f"### {kind}" in docs, kind
        for f in fields:
            assert f"`{f.name}`" in docs, (kind, f.name)


def test_progress_reports_bytes_and_records(tmp_path) -> None:
    path = tmp_path / "sources.jsonl"
    path.write_text("".join(json.dumps({"id": f"s{n}", "name": "N"}) + "\n" for n in range(2500)))
    calls: list[tuple[int, int, int]] = []
    with open_store(":memory:") as store:
        assert import_records(store, path, progress=lambda *a: calls.append(a)) == (
            "sources",
            2500,
        )
    size = path.stat().st_size
    assert [c[2] for c in calls] == [1000, 2000, 2500]
    assert all(0 < done <= size and total == size for done, total, _ in calls)
    assert calls[-1][0] == size


@pytest.mark.parametrize("style", ["yaml", "json"])
@settings(max_examples=20, deadline=None)
@given(content=contents())
def test_a_case_file_round_trips_any_valid_content(style, content) -> None:
    with open_store(":memory:") as first:
        fill(first, content)
        case = case_from_store(first, case_id="round-trip", title="ünïcode ✓")
    buffer = io.StringIO()
    dump_case(case, buffer, format=style)
    text = buffer.getvalue()
    if jsonschema is not None:  # what we write, the published schema accepts
        raw = json.loads(text) if style == "json" else load_raw(text)
        jsonschema.validate(raw, case_schema())
    loaded = parse_case(text, json_format=style == "json")
    assert (loaded.id, loaded.title) == ("round-trip", "ünïcode ✓")
    with open_store(":memory:") as second:
        import_case(second, loaded)
        for kind in KINDS:
            assert list(second.stream(kind)) == content[kind], kind


def test_cli_exports_a_case_file_that_imports_back(tmp_path, filled) -> None:
    url, before = filled
    out = tmp_path / "whole.yaml"
    result = run("export", "--db", url, "-o", str(out))
    assert result.exit_code == 0, result.output
    fresh = str(tmp_path / "fresh.db")
    assert run("import", str(out), "--db", fresh).exit_code == 0
    assert {k: v for k, v in _counts(fresh).items() if k != "veracity_migrations"} == {
        k: v for k, v in before.items() if k != "veracity_migrations"
    }
    result = run("export", "--db", url, "--format", "csv")
    assert result.exit_code == 2 and "--kind" in result.stderr


def test_csv_cells_may_hold_whole_articles(tmp_path) -> None:
    article = "Пресс-секретарь заявил: «чистый вымысел».\n" * 20000  # ~0.9 MB in one cell
    path = tmp_path / "documents.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["id", "text"], ["d1", article]])
    with open_store(":memory:") as store:
        assert import_records(store, path) == ("documents", 1)
        assert store.document("d1").text == article


# -- the fast road for statements agrees with parse_record -------------------------------------

_CELLS = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from(["asserts", "Denies", " hedges", "maybe", "true", "false", "yes", "1", "x"]),
    st.sampled_from(["2024-11-07", "2024-11-07T09:30:00+03:00", "2024-11-07T09:30:00Z"]),
    st.sampled_from(["2024-13-01", " 2024-11-07", "07/11/2024", "5", "12", "[1, 2]", "３"]),
    st.text(max_size=6),
    st.integers(-3, 10**20),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(-2, 12), max_size=3),
    st.lists(st.text(max_size=2), max_size=2),
)
_NAMES = st.sampled_from(
    [f.name for f in FIELDS["statements"]] + ["span_start", "span_end", "source_id", "bogus"]
)


@settings(max_examples=400, deadline=None)
@given(
    raw=st.dictionaries(_NAMES, _CELLS, max_size=8).map(
        lambda d: {"id": "s1", "source": "wapo", "proposition": "P1"} | d
    ),
    from_text=st.booleans(),
)
def test_the_statement_fast_road_agrees_with_parse_record(raw, from_text) -> None:
    if from_text:  # a CSV row: every cell is text
        raw = {k: "" if v is None else str(v) for k, v in raw.items()}
    fast = fast_statement_row(raw, from_text, {})
    try:
        slow = statement_tuple(parse_record("statements", raw, from_text=from_text))
    except FieldProblem:
        assert fast is None  # the fast road never accepts what parse_record refuses
        return
    assert fast is None or fast == slow


def test_the_fast_road_takes_the_common_rows() -> None:
    # Not a timing: the rows the benchmark and most extractors write must not fall back.
    plain = {
        "id": "s1",
        "source": "a",
        "proposition": "P",
        "stance": "denies",
        "time": "2024-11-10",
    }
    assert fast_statement_row(plain, False, {}) is not None
    full = plain | {"quote": "q", "document": "d", "span": [0, 3], "cites": "b", "corrected": True}
    assert fast_statement_row(full, False, {}) == (
        "s1",
        "a",
        "P",
        "denies",
        "true",
        "2024-11-10",
        "q",
        "d",
        0,
        3,
        "b",
        None,
        True,
    )
    cells = dict.fromkeys(CSV_COLUMNS["statements"], "") | {
        "id": "s1",
        "source": "a",
        "proposition": "P",
        "span_start": "2",
        "span_end": "5",
    }
    assert fast_statement_row(cells, True, {})[8:10] == (2, 5)


def test_jsonl_lines_orjson_refuses_read_as_before(tmp_path, filled) -> None:
    # A BOM, NaN and a blank line go through the json module: imported, not refused.
    url, _ = filled
    path = tmp_path / "statements.jsonl"
    rows = [
        '\ufeff{"id": "n1", "source": "wapo", "proposition": "P1"}',
        "",
        '{"id": "n2", "source": "wapo", "proposition": "P1", "span": [0, 1], "document": "d1"}',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open_store(url) as store:
        assert import_records(store, path) == ("statements", 2)
        assert store.statement("n2").span_end == 1
