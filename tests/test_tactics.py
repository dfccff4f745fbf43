"""Tactics: the seed's tactics are found, neutral reporting is left alone, taxonomies agree,
offsets index the text as read, and the CLI, store and trained model work end to end."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veracity.cli import cli
from veracity.errors import ConfigError, InputError
from veracity.model import Proposition, Source, Statement
from veracity.tactics import (
    CORRESPONDENCES,
    SEMEVAL2020,
    SEMEVAL2023,
    TAXONOMIES,
    VERACITY,
    Relation,
    RuleTagger,
    Tag,
    in_taxonomy,
    mixed_signals_across,
    translate,
)
from veracity.tactics.profile import period_of, tactic_profile
from veracity.tactics.ptc import GoldSpan, attach, parse_labels
from veracity.tactics.rules import RULES
from veracity.tactics.scoring import merge_spans, si_score, tc_scores, technique_scores
from veracity.tactics.taxonomy import NEGOTIATION_TACTICS

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERACITY_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "kremlin-denies-trump-putin-call.md"
QUOTES = REPO / "tests" / "data" / "tactics_seed_quotes.txt"

DENIAL = (
    "This is a particularly vivid example of the quality of information published these days, "
    "even in quite reputable publications. It is absolutely untrue. It is pure fiction, simply "
    "fake news"
)
TALKS = "Putin is open to discussions with Trump on Ukraine, but Russia's war objectives remain"


@pytest.fixture(scope="module")
def tagger() -> RuleTagger:
    return RuleTagger()


def _within(tags: list[Tag], start: int, end: int) -> set[str]:
    return {t.technique for t in tags if t.start < end and start < t.end}


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The sentence that starts with ``needle``: up to the next full stop or line end."""
    start = text.index(needle)
    ends = [i for i in (text.find(". ", start + len(needle) - 1), text.find("\n", start)) if i >= 0]
    return start, min(ends) if ends else len(text)


# ---- the seed ---------------------------------------------------------------------------------


def _check_seed_quotes(tagger: RuleTagger, text: str, neutral: list[str]) -> None:
    tags = tagger.tag(text)
    for t in tags:
        assert 0 <= t.start < t.end <= len(text)
    denial = _within(tags, *_sentence(text, "This is a particularly vivid example"))
    assert "discrediting_the_messenger" in denial
    untrue = _within(tags, *_sentence(text, "It is absolutely untrue. It is pure fiction"))
    assert "blanket_denial" in untrue
    fake = [
        t for t in tags if t.technique == "blanket_denial" and "fake news" in text[t.start : t.end]
    ]
    assert fake, "'simply fake news' is a blanket denial"
    messenger = [t for t in tags if t.technique == "discrediting_the_messenger"]
    assert any("reputable publications" in text[t.start : t.end] for t in messenger)
    for sentence in neutral:
        start, end = _sentence(text, sentence)
        assert _within(tags, start, end) == set(), sentence


def test_short_quotes_get_the_seed_tactics(tagger: RuleTagger) -> None:
    text = QUOTES.read_text("utf-8")
    neutral = [
        "On Sunday evening a newspaper reported that the two presidents had spoken by phone",
        "The conversation was said to have focused on the war in Ukraine.",
        "On Monday the Kremlin spokesman answered questions at his daily briefing.",
        "The White House declined to comment on the report.",
        "Analysts in Kyiv and Brussels said they would follow the story closely.",
    ]
    _check_seed_quotes(tagger, text, neutral)
    tags = tagger.tag(text)
    mixed = [t for t in tags if t.technique == "mixed_signals"]
    assert len(mixed) == 1
    span = text[mixed[0].start : mixed[0].end]
    assert span.startswith("open to discussions") and span.endswith("remain unchanged")


def test_the_quotes_alone(tagger: RuleTagger) -> None:
    assert {t.technique for t in tagger.tag(DENIAL + ".")} == {
        "blanket_denial",
        "discrediting_the_messenger",
    }
    assert {t.technique for t in tagger.tag(TALKS + " unchanged.")} == {"mixed_signals"}
    # either half alone is no mixed signal
    assert tagger.tag("Putin is open to discussions with Trump on Ukraine.") == []
    assert tagger.tag("Russia's war objectives remain unchanged.") == []


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not here (a user's clone)")
def test_seed_article(tagger: RuleTagger) -> None:
    text = SEED.read_bytes().decode("utf-8")
    neutral = [
        "On the evening of Nov. 10, The Washington Post",
        "The conversation focused on peace in Europe, with Trump expressing interest in further "
        "discussions to resolve the conflict in Ukraine.",
        "Reportedly, Trump explicitly warned Putin against escalating the conflict in Ukraine",
        "It is clear that Trump initiated to conversation with Putin",
        "Another indication that the call took place is the recent discussion between Ukrainian "
        "President Volodymyr Zelensky, Trump and Elon Musk.",
        "This suggests a relatively low likelihood of deliberate deception by Trump.",
        "The first lies in the issue of status",
        "Moscow views the war in Ukraine as an extension of conventional politics.",
    ]
    _check_seed_quotes(tagger, text, neutral)
    tags = tagger.tag(text)
    start, end = _sentence(text, "Kremlin spokesperson Peskov, just days after Trump")
    assert "mixed_signals" in _within(tags, start, end)


def test_mixed_signals_across_statements(tagger: RuleTagger) -> None:
    def st_(i: str, src: str, quote: str, day: int) -> Statement:
        return Statement(i, src, "P1", quote=quote, time=date(2024, 11, day))

    statements = [
        st_("a", "peskov", "Putin is open to discussions with Trump.", 8),
        st_("b", "peskov", "Our objectives remain unchanged.", 9),
        st_("c", "peskov", "Our goals have not changed.", 30),  # outside a week
        st_("d", "zakharova", "Our objectives remain unchanged.", 8),  # another source
    ]
    found = mixed_signals_across(statements, tagger.cues)
    assert [(s.source_id, s.offer_statement_id, s.position_statement_id) for s in found] == [
        ("peskov", "a", "b")
    ]


# ---- taxonomies -------------------------------------------------------------------------------


def test_taxonomy_sizes_and_names() -> None:
    assert len(SEMEVAL2020.techniques) == 14
    assert len(SEMEVAL2023.techniques) == 23
    assert len(VERACITY.techniques) == len(NEGOTIATION_TACTICS) + 23
    for tax in TAXONOMIES.values():
        assert len(set(tax.names)) == len(tax.names)
    # the PTC label set as the corpus README spells it
    assert "Whataboutism,Straw_Men,Red_Herring" in SEMEVAL2020
    assert "False_Dilemma-No_Choice" in SEMEVAL2023


def test_every_correspondence_names_real_labels() -> None:
    for c in CORRESPONDENCES:
        assert c.source in TAXONOMIES[c.source_taxonomy], c
        assert c.target in TAXONOMIES[c.target_taxonomy], c


def test_translation_is_consistent() -> None:
    # every 2020 class is reached from at least one 2023 technique
    reached = {translate(t, "semeval2023", "semeval2020") for t in SEMEVAL2023.names}
    assert set(SEMEVAL2020.names) <= reached
    # exact matches round-trip
    for c in CORRESPONDENCES:
        if c.relation is Relation.EXACT and c.source_taxonomy == "semeval2023":
            assert translate(c.target, c.target_taxonomy, c.source_taxonomy) == c.source
    # a translated label is a label of the target taxonomy
    for src in TAXONOMIES.values():
        for dst in TAXONOMIES:
            for name in src.names:
                out = translate(name, src.name, dst)
                assert out is None or out in TAXONOMIES[dst]
    # merged 2020 classes have no single finer label
    assert translate("Whataboutism,Straw_Men,Red_Herring", "semeval2020", "semeval2023") is None
    # related-only correspondences never re-label
    assert translate("blanket_denial", "veracity", "semeval2023") is None
    assert (
        translate("mixed_signals", "veracity", "semeval2023") == "Obfuscation-Vagueness-Confusion"
    )
    assert translate("mixed_signals", "veracity", "semeval2020") is None


def test_translate_errors() -> None:
    with pytest.raises(ConfigError):
        translate("Loaded_Language", "semeval2099", "veracity")
    with pytest.raises(ConfigError):
        translate("not_a_label", "veracity", "semeval2020")


def test_rules_emit_veracity_labels() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert (r.technique in VERACITY) if r.emit else r.technique == ""
        assert 0 < r.confidence <= 1
        assert r.phrases or r.patterns


def test_in_taxonomy_relabels_and_drops() -> None:
    tags = [Tag("mixed_signals", 0, 5, 0.8, "x"), Tag("blanket_denial", 6, 9, 0.8, "y")]
    out = in_taxonomy(tags, "semeval2023")
    assert [(t.technique, t.taxonomy) for t in out] == [
        ("Obfuscation-Vagueness-Confusion", "semeval2023")
    ]


# ---- offsets and robustness --------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_tagging_never_crashes_and_stays_in_bounds(tagger: RuleTagger, text: str) -> None:
    for t in tagger.tag(text):
        assert 0 <= t.start < t.end <= len(text)
        assert t.technique in VERACITY
        assert 0 <= t.confidence <= 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_offsets_follow_non_ascii_prefixes(tagger: RuleTagger, prefix: str) -> None:
    text = prefix + "\n\nIt is pure fiction, simply fake news."
    spans = [text[t.start : t.end] for t in tagger.tag(text) if t.technique == "blanket_denial"]
    assert any("pure fiction" in s for s in spans)
    assert any(s.endswith("fake news") for s in spans)


# ---- CLI ----------------------------------------------------------------------------------------


def test_cli_jsonl_end_to_end(tmp_path: Path) -> None:
    text = "Ünïcödé — “ça” 🙂\r\n" + DENIAL + ".\n" + TALKS + " unchanged.\n"
    f = tmp_path / "quotes.txt"
    f.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["tactics", str(f), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows
    for row in rows:
        assert set(row) == {"file", "start", "end", "technique", "confidence", "rule"}
        assert row["file"] == str(f)
        assert text[row["start"] : row["end"]].strip()
    by = {r["technique"]: text[r["start"] : r["end"]] for r in rows}
    assert by["blanket_denial"] in text and "fake news" in " ".join(
        text[r["start"] : r["end"]] for r in rows if r["technique"] == "blanket_denial"
    )
    assert by["mixed_signals"].startswith("open to discussions")

    again = CliRunner().invoke(cli, ["tactics", "tag", str(f), "--taxonomy", "semeval2023"])
    techniques = {json.loads(line)["technique"] for line in again.output.splitlines()}
    assert techniques == {"Obfuscation-Vagueness-Confusion", "Questioning_the_Reputation"}


@settings(max_examples=15, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(["\n", "\r\n", " "]),
)
def test_cli_offsets_index_the_decoded_file(prefix: str, newline: str) -> None:
    text = prefix + newline + "It is pure fiction, simply fake news." + newline + "Ünï 🙂"
    with tempfile.TemporaryDirectory() as folder:
        f = Path(folder) / "t.txt"
        f.write_bytes(text.encode("utf-8"))
        result = CliRunner().invoke(cli, ["tactics", str(f)])
    assert result.exit_code == 0, result.output
    spans = [text[r["start"] : r["end"]] for r in map(json.loads, result.output.splitlines())]
    assert "simply fake news" in " ".join(spans)
    assert any(s.startswith("It is pure fiction") or s == "pure fiction" for s in spans)


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    result = CliRunner().invoke(cli, ["tactics", str(bad)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["tactics", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_cli_taxonomy_listing() -> None:
    result = CliRunner().invoke(cli, ["tactics", "taxonomy", "--taxonomy", "semeval2020", "--json"])
    assert result.exit_code == 0
    assert [r["name"] for r in json.loads(result.output)] == list(SEMEVAL2020.names)
    table = CliRunner().invoke(cli, ["tactics", "taxonomy"])
    assert "| semeval2023 | False_Dilemma-No_Choice | semeval2020 | Black-and-White_Fallacy" in (
        table.output
    )


# ---- store and profiles -------------------------------------------------------------------------


def test_tags_stored_and_profiled(store, store_url: str) -> None:
    store.add_sources([Source("peskov", "Dmitry Peskov")])
    store.add_propositions([Proposition("P1", "Trump and Putin spoke on 7 Nov 2024.")])
    store.add_statements(
        [
            Statement("s1", "peskov", "P1", quote=DENIAL + ".", time=date(2024, 11, 11)),
            Statement("s2", "peskov", "P1", quote=TALKS + " unchanged.", time=date(2024, 11, 8)),
            Statement("s3", "peskov", "P1", quote="No comment.", time=date(2024, 12, 1)),
            # mixed signals spread over two statements two days apart
            Statement(
                "s4", "peskov", "P1", quote="We are ready for dialogue.", time=date(2024, 11, 20)
            ),
            Statement(
                "s5", "peskov", "P1", quote="Our goals have not changed.", time=date(2024, 11, 22)
            ),
        ]
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["tactics", "statements", "--db", store_url])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["tactics", "statements", "--db", store_url])  # replaces, not adds
    assert again.exit_code == 0
    result = runner.invoke(cli, ["tactics", "profile", "--db", store_url, "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["source_id"], r["period"], r["technique"]): r for r in json.loads(result.output)}
    assert rows[("peskov", "2024-11", "blanket_denial")]["statements"] == 1
    assert rows[("peskov", "2024-11", "discrediting_the_messenger")]["count"] == 2
    mixed = rows[("peskov", "2024-11", "mixed_signals")]
    assert (mixed["count"], mixed["statements"]) == (3, 3)  # s2 alone; s4 and s5 together
    assert all(period != "2024-12" for _, period, _ in rows)


def test_profile_periods() -> None:
    s = [
        Statement("a", "x", "P", time=date(2024, 11, 11)),
        Statement("b", "x", "P", time=None),
    ]
    tags = {
        "a": [Tag("blanket_denial", 0, 1, 1, "r")] * 2,
        "b": [Tag("blanket_denial", 0, 1, 1, "r")],
    }
    rows = tactic_profile(s, tags, period="week")
    assert [(r.period, r.count, r.statements) for r in rows] == [
        ("2024-W46", 2, 1),
        ("undated", 1, 1),
    ]
    assert period_of(date(2024, 11, 11), "all") == "all"


def test_tag_statements_adds_cross_statement_signals(tagger: RuleTagger) -> None:
    from veracity.tactics.statements import tag_statements

    statements = [
        Statement("a", "peskov", "P1", quote="We are open to talks.", time=date(2024, 11, 8)),
        Statement("b", "peskov", "P1", quote="Our aims remain unchanged.", time=date(2024, 11, 9)),
        Statement("c", "other", "P1", quote="Our aims remain unchanged.", time=date(2024, 11, 9)),
    ]
    tags = tag_statements(statements, tagger)
    assert [(t.technique, t.rule) for t in tags["a"]] == [
        ("mixed_signals", "detector.mixed_signals_across")
    ]
    b = tags["b"][0]
    assert statements[1].quote[b.start : b.end] == "aims remain unchanged"
    assert tags["c"] == []


# ---- PTC format and the SemEval scorers ----------------------------------------------------------


def test_si_score_worked_by_hand() -> None:
    # predicted 0-10 overlaps gold 5-15 by 5 and gold 0-3 by 3
    s = si_score({"a": [(0, 10)]}, {"a": [(5, 15), (0, 3)]})
    assert s.precision == pytest.approx((5 / 10 + 3 / 10) / 1)
    assert s.recall == pytest.approx((5 / 10 + 3 / 3) / 2)
    assert merge_spans([(5, 9), (0, 3), (2, 6), (9, 12)]) == [(0, 9), (9, 12)]
    # overlapping predictions are merged first, so repeating a span earns nothing
    assert si_score({"a": [(0, 10), (0, 10)]}, {"a": [(0, 10)]}).f1 == pytest.approx(1.0)
    assert si_score({}, {"a": [(0, 1)]}).f1 == 0.0


_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


@given(_spans, _spans)
def test_si_score_is_bounded_and_perfect_on_gold(pred: list, gold: list) -> None:
    s = si_score({"a": pred}, {"a": gold})
    assert 0 <= s.precision <= 1 + 1e-9 and 0 <= s.recall <= 1 + 1e-9 and 0 <= s.f1 <= 1 + 1e-9
    if gold:
        assert si_score({"a": gold}, {"a": gold}).f1 == pytest.approx(1.0)
    merged = merge_spans(pred)
    assert all(a[1] <= b[0] for a, b in zip(merged, merged[1:], strict=False))


@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[0-9]{1,9}", fullmatch=True),
            st.sampled_from(SEMEVAL2020.names),
            st.integers(0, 10_000),
            st.integers(1, 500),
        ),
        max_size=20,
    )
)
def test_parse_labels_round_trip(rows: list) -> None:
    text = "".join(f"{a}\t{t}\t{s}\t{s + n}\n" for a, t, s, n in rows)
    assert parse_labels(text) == [GoldSpan(a, t, s, s + n) for a, t, s, n in rows]


def test_technique_and_tc_scores() -> None:
    per = technique_scores({"a": [("X", 0, 4), ("Y", 0, 4)]}, {"a": [("X", 0, 4)]})
    assert per["X"].precision == 1.0 and per["Y"].precision == 0.0
    micro, per_tc = tc_scores(["A", "A", "B"], ["A", "B", "B"])
    assert micro == pytest.approx(2 / 3)
    assert per_tc["B"].precision == pytest.approx(0.5) and per_tc["B"].recall == 1.0


def test_parse_labels_and_errors() -> None:
    rows = parse_labels("1\tDoubt\t0\t4\n1\t5\t9\n")
    assert rows == [GoldSpan("1", "Doubt", 0, 4), GoldSpan("1", "", 5, 9)]
    with pytest.raises(InputError, match="x.labels:2"):
        parse_labels("1\tDoubt\t0\t4\n1\tNope\t0\t4\n", file="x.labels")
    with pytest.raises(InputError):
        parse_labels("1\tDoubt\t5\t4\n")
    with pytest.raises(InputError):
        attach({"1": "abc"}, [GoldSpan("1", "Doubt", 0, 9)])


# ---- the trained model (tiny synthetic PTC-format data: tests the code, not the accuracy) --------


def _write_ptc(folder: Path) -> None:
    phrases = [
        ("a disgrace to America", "Loaded_Language"),
        ("the witch hunt", "Name_Calling,Labeling"),
        ("Make America Great Again", "Slogans"),
    ]
    labels = []
    for i in range(12):
        phrase, tech = phrases[i % 3]
        text = f"Title {i}\n\nThe senator spoke on Tuesday.\nThey called it {phrase} again.\n"
        aid = str(100 + i)
        (folder / f"article{aid}.txt").write_text(text, encoding="utf-8")
        s = text.index(phrase)
        labels.append(f"{aid}\t{tech}\t{s}\t{s + len(phrase)}")
    (folder / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")


def test_train_and_tag_with_a_model(tmp_path: Path) -> None:
    data = tmp_path / "ptc"
    data.mkdir()
    _write_ptc(data)
    model_file = tmp_path / "model.bin"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "tactics",
            "train",
            "--data",
            str(data),
            "--out",
            str(model_file),
        ],
    )
    assert result.exit_code == 0, result.output
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
        ],
    )
    assert out.exit_code == 0, out.output
    text = probe.read_text("utf-8")
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert rows and all(r["rule"] == "model.sentence+svm" for r in rows)
    assert any(
        r["technique"] == "Name_Calling,Labeling" and "witch hunt" in text[r["start"] : r["end"]]
        for r in rows
    )
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"not a model")
    bad = runner.invoke(cli, ["tactics", str(probe), "--model", str(garbage)])
    assert bad.exit_code == 2 and "not a veracity tactics model" in bad.output
