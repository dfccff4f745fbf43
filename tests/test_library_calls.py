"""What the CLI and the web UI both do, called as library functions: a statement's correction
with its history, "the latest assessment or a new one", importing ACH questions, assembling a
tactics tagger, a Dask scheduler, and the one JSON serialiser."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum

import pytest

from conftest import fill
from veracity.casework import import_questions, latest_or_assess
from veracity.errors import InputError, NotFoundError
from veracity.model import Stance, Statement
from veracity.model.jsonable import plain, to_json
from veracity.store import Store, corrections
from veracity.store.corrections import correct_statement

# -- correct_statement ---------------------------------------------------------------------------


def test_a_correction_is_stored_marked_and_kept_in_history(store: Store, records) -> None:
    fill(store, records)
    got = correct_statement(
        store, "s2", who="ana", why="he hedged", stance="hedges", source_id="kremlin"
    )
    assert got == store.statement("s2")
    assert got.stance is Stance.HEDGES and got.source_id == "kremlin" and got.corrected
    history = corrections(store, "statements", "s2")
    assert [(c.field, c.old, c.new, c.who, c.why) for c in history] == [
        ("stance", "denies", "hedges", "ana", "he hedged"),
        ("source_id", "peskov", "kremlin", "ana", "he hedged"),
    ]
    assert all(c.at.tzinfo is not None and c.at <= datetime.now(UTC) for c in history)
    assert corrections(store, "statements", "s1") == []


def test_a_correction_that_changes_nothing_still_records_the_confirmation(
    store: Store, records
) -> None:
    fill(store, records)
    correct_statement(store, "s2", who="ana", stance="denies")
    assert store.statement("s2").corrected
    assert [(c.field, c.new) for c in corrections(store)] == [("corrected", "True")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"source_id": "nobody"}, "source"),
        ({"proposition_id": "P404"}, "proposition"),
        ({"stance": "shrugs"}, "stance"),
        ({"quote": "rewritten"}, "quote"),
        ({}, None),
    ],
)
def test_a_bad_correction_names_the_field_and_writes_nothing(
    store: Store, records, changes, field
) -> None:
    fill(store, records)
    before = store.statement("s2")
    with pytest.raises(InputError) as err:
        correct_statement(store, "s2", who="ana", **changes)
    assert err.value.field == field
    assert store.statement("s2") == before
    assert corrections(store) == []


def test_a_correction_needs_a_known_statement_and_a_person(store: Store, records) -> None:
    fill(store, records)
    with pytest.raises(NotFoundError):
        correct_statement(store, "s404", who="ana", stance="hedges")
    with pytest.raises(InputError, match="who"):
        correct_statement(store, "s2", who=" ", stance="hedges")


def test_a_correction_joins_an_open_transaction(store: Store, records) -> None:
    fill(store, records)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        correct_statement(tx, "s2", who="ana", stance="hedges")
        raise RuntimeError("the rest of the import failed")
    assert store.statement("s2").stance is Stance.DENIES and corrections(store) == []


def test_the_cli_correction_records_who_and_why(store_url, records) -> None:
    from click.testing import CliRunner

    from veracity.cli import cli
    from veracity.store import open_store

    with open_store(store_url) as store:
        fill(store, records)
    args = ["correct", "s2", "--stance", "hedges", "--who", "ana", "--why", "see the transcript"]
    r = CliRunner().invoke(cli, [*args, "--db", store_url])
    assert r.exit_code == 0, r.output
    with open_store(store_url) as store:
        (c,) = corrections(store)
    assert (c.who, c.why, c.old, c.new) == ("ana", "see the transcript", "denies", "hedges")


# -- latest_or_assess -------------------------------------------------------------------------


def test_latest_or_assess_assesses_once_then_reuses(store: Store, records) -> None:
    fill(store, records)
    assert store.latest_assessment() is None
    first = latest_or_assess(store)
    assert store.latest_assessment() == first
    assert latest_or_assess(store).id == first.id
    other = latest_or_assess(store, "majority_vote")
    assert other.method == "majority_vote" and other.id != first.id
    assert latest_or_assess(store, "majority_vote").id == other.id


# -- import_questions -------------------------------------------------------------------------

QUESTIONS = """\
questions:
  - id: Q1
    text: Why did the Kremlin deny the call?
    hypotheses:
      - {id: H1, text: It did not happen}
      - {id: H2, text: Denying costs nothing}
    evidence:
      - id: E1
        description: The denial was loud.
        ratings: {H1: C, H2: I}
"""


def test_import_questions_reads_a_file_into_the_store(store: Store, tmp_path) -> None:
    from veracity.store import questions as storage

    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    assert import_questions(store, path) == 1
    assert [q.id for q in storage.questions(store)] == ["Q1"]


def test_import_questions_names_the_line_of_bad_yaml(store: Store, tmp_path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONS.replace("    text: Why", "   text: [Why"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_questions(store, path)
    assert err.value.file == str(path) and err.value.line is not None
    with pytest.raises(InputError, match="no such file"):
        import_questions(store, tmp_path / "missing.yaml")


# -- make_tagger and the Dask scheduler ---------------------------------------------------------


def test_make_tagger_combines_rules_and_a_model() -> None:
    from veracity.tactics import CombinedTagger, RuleTagger, Tag, make_tagger

    class Fixed:
        def tag(self, text: str) -> list[Tag]:
            return [Tag("loaded_language", 0, 2, 0.9, "model")]

        def tag_many(self, texts):
            return (self.tag(t) for t in texts)

    both = make_tagger(window=3, model=Fixed())
    assert isinstance(both, CombinedTagger)
    assert isinstance(both.taggers[0], RuleTagger) and both.taggers[0].window == 3
    text = "It is pure fiction."
    assert {t.rule for t in both.tag(text)} >= {"model"}
    assert make_tagger(rules=False, model=Fixed()).tag(text) == Fixed().tag(text)


def test_dask_scheduler_refuses_an_unknown_name() -> None:
    pytest.importorskip("dask")
    from veracity.fusion.distributed.scheduler import dask_scheduler

    with pytest.raises(InputError) as err, dask_scheduler("nonsense"):
        pass
    assert err.value.field == "scheduler"
    with dask_scheduler("threads") as run_on:
        assert run_on == "threads"


# -- one JSON serialiser ----------------------------------------------------------------------


class _Colour(StrEnum):
    RED = "red"


def test_plain_gives_json_values_for_every_model_type() -> None:
    st = Statement("S1", "a", "P1", Stance.DENIES, time=datetime(2024, 11, 11, 12, tzinfo=UTC))
    got = plain({"s": st, "when": date(2024, 1, 2), "c": _Colour.RED, "xs": {2, 1}})
    assert got["s"]["stance"] == "denies" and got["s"]["time"] == "2024-11-11T12:00:00+00:00"
    assert got["when"] == "2024-01-02" and got["c"] == "red" and got["xs"] == [1, 2]
    assert plain(float("nan")) is None
    assert json.loads(to_json(got)) == got


def test_cli_and_web_print_an_assessment_alike(store_url, records) -> None:
    """``veracity assess --json`` and the web page's ``.json`` twin serialise the same way."""
    from click.testing import CliRunner

    from veracity.cli import cli
    from veracity.store import open_store

    with open_store(store_url) as store:
        fill(store, records)
    r = CliRunner().invoke(cli, ["assess", "--json", "--db", store_url])
    assert r.exit_code == 0, r.output
    printed = json.loads(r.output)
    with open_store(store_url) as store:
        saved = store.latest_assessment()
    assert printed == plain(saved)
    assert printed["created"] == saved.created.isoformat()
