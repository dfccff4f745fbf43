"""Attribution extraction: the seed case, spans, stance on our annotated set, grouping, CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veracity.cli import cli
from veracity.extract import Extractor, load_pipeline
from veracity.extract.grouping import group_attributions
from veracity.extract.quotes import find_quotes
from veracity.extract.stance import classify_stance
from veracity.extract.stance_eval import stance_accuracy
from veracity.model import Stance

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "kremlin-denies-trump-putin-call.md"
OWN = DATA / "extract_kremlin_call.md"
JSON_KEYS = [
    "file",
    "speaker",
    "speaker_span",
    "cue",
    "cue_span",
    "content",
    "content_span",
    "stance",
    "cites",
]


@pytest.fixture(scope="module")
def parsed() -> Extractor:
    ex = Extractor()
    if not ex.parsed:
        pytest.skip("no spaCy English model installed (en_core_web_sm or its re-upload)")
    return ex


@pytest.fixture(scope="module")
def rules() -> Extractor:
    return Extractor(load_pipeline("blank"))


def _find(atts, speaker: str, cue: str | None = None, stance: Stance | None = None):
    found = [
        a
        for a in atts
        if a.speaker
        and speaker.lower() in a.speaker.lower()
        and (cue is None or a.cue.lower() == cue)
        and (stance is None or a.stance is stance)
    ]
    assert found, f"no attribution by {speaker!r} cue={cue!r} stance={stance}: {atts}"
    return found[0]


def _texts() -> list[Path]:
    return [OWN] + ([SEED] if SEED.exists() else [])


# -- the seed case ------------------------------------------------------------------------


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_post_asserts_the_call_with_its_provenance(parsed, path):
    atts = parsed.extract(path.read_text(encoding="utf-8"))
    wapo = _find(atts, "Washington Post", "reported", Stance.ASSERTS)
    assert "Trump" in wapo.content and "Putin" in wapo.content
    assert "Nov. 7" in wapo.content
    assert wapo.cites == "Trump's team"


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_peskov_denies_with_his_quote(parsed, path):
    atts = parsed.extract(path.read_text(encoding="utf-8"))
    dismissal = _find(atts, "Dmitry Peskov", "dismissed", Stance.DENIES)
    assert "pure fiction" in dismissal.content
    assert dismissal.kind == "partial"
    assert dismissal.role is not None and "Kremlin" in dismissal.role
    # "…fake news," he … — the pronoun resolves to Peskov
    full = [a for a in atts if a.kind == "direct" and "absolutely untrue" in a.content]
    assert full and full[0].speaker == "Dmitry Peskov" and full[0].stance is Stance.DENIES


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_brandstatter_quote(parsed, path):
    atts = parsed.extract(path.read_text(encoding="utf-8"))
    b = _find(atts, "Brandstätter")
    assert "not sure whom I should trust less" in b.content
    assert b.kind == "direct"
    assert b.stance is Stance.HEDGES
    assert "Member of the European Parliament".lower() in (b.role or "").lower()


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_peskov_open_to_talks_while_objectives_unchanged(parsed, path):
    atts = parsed.extract(path.read_text(encoding="utf-8"))
    talks = [a for a in atts if a.speaker == "Dmitry Peskov" and "open to" in a.content]
    assert talks, atts
    assert "unchanged" in talks[0].content
    assert talks[0].stance is Stance.ASSERTS


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_post_and_peskov_contradict_on_one_proposition(parsed, path):
    atts = parsed.extract(path.read_text(encoding="utf-8"))
    groups = group_attributions([("doc", a) for a in atts])
    wapo = next(i for i, a in enumerate(atts) if a.speaker == "The Washington Post")
    group = next(g for g in groups if wapo in g.members)
    speakers = {atts[i].speaker: atts[i].stance for i in group.members}
    assert speakers.get("Dmitry Peskov") is Stance.DENIES
    assert group.contradiction
    # the talks statement is another proposition
    talks = next(i for i, a in enumerate(atts) if "open to" in a.content)
    assert talks not in group.members


def test_rules_alone_find_the_key_attributions(rules):
    atts = rules.extract(OWN.read_text(encoding="utf-8"))
    assert _find(atts, "Washington Post", "reported").stance is Stance.ASSERTS
    assert _find(atts, "Peskov", "dismissed").stance is Stance.DENIES
    assert _find(atts, "Brandstätter", "said").stance is Stance.HEDGES
    told = _find(atts, "Peskov", "told")  # "he told" resolved to the last named speaker
    assert "fake news" in told.content


# -- spans --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["parsed", "rules"])
def test_spans_point_at_the_fields(which, request):
    ex = request.getfixturevalue(which)
    for path in _texts():
        text = path.read_text(encoding="utf-8")
        for a in ex.extract(text):
            assert text[a.content_span[0] : a.content_span[1]] == a.content
            assert text[a.cue_span[0] : a.cue_span[1]] == a.cue
            if a.speaker_span is not None:
                assert text[a.speaker_span[0] : a.speaker_span[1]] == a.speaker


def test_quotes_pair_curly_and_straight_marks_and_skip_unbalanced():
    text = 'He said "yes" and “no”.\nShe said "unfinished\n“Fine,” she said.'
    spans = find_quotes(text)
    assert [text[a:b] for a, b in spans] == ['"yes"', "“no”", "“Fine,”"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Peskov said",
                '"',
                "“",
                "”",
                "according to",
                "the ministry",
                "denied",
                " ",
                ",",
                ".",
                "\n\n",
                "that the call",
                "never happened",
                "he",
                "Ünïcödé",
                ":",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_extraction_never_breaks_on_odd_text(text):
    # both routes: spans stay inside the text and equal the fields
    for ex in (_PARSED, _RULES):
        if ex is None:
            continue
        for a in ex.extract(text):
            for (s, e), field in ((a.content_span, a.content), (a.cue_span, a.cue)):
                assert 0 <= s <= e <= len(text)
                assert text[s:e] == field


_RULES = Extractor(load_pipeline("blank"))
_maybe = Extractor()
_PARSED = _maybe if _maybe.parsed else None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_quote_finder_on_any_text(text):
    spans = find_quotes(text)
    last = -1
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a] in '"“«„' and text[b - 1] in '"”»“'
        last = b


# -- stance ------------------------------------------------------------------------------


def test_stance_on_the_annotated_set(parsed):
    rows = [json.loads(x) for x in (DATA / "stance_gold.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) >= 150
    assert all(r["origin"] for r in rows)
    result = stance_accuracy(rows, parsed)
    assert result["gold_counts"]["denies"] >= 50
    assert result["accuracy"] >= 0.85, result["wrong"]


@pytest.mark.parametrize(
    ("cue", "lemma", "content", "negated", "expected"),
    [
        ("said", "say", "the call never happened", False, Stance.DENIES),
        ("said", "say", "the call did not take place", True, Stance.DENIES),
        ("said", "say", "taxes will not rise", True, Stance.ASSERTS),
        ("denied", "deny", "meeting him", False, Stance.DENIES),
        ("said", "say", "the deal may be signed", False, Stance.HEDGES),
        ("said", "say", "I'm not sure", True, Stance.HEDGES),
        ("reported", "report", "the two leaders spoke", False, Stance.ASSERTS),
    ],
)
def test_stance_rules(cue, lemma, content, negated, expected):
    modal = "will" in content
    got, reason = classify_stance(
        cue=cue, cue_lemma=lemma, content=content, content_negated=negated, content_modal=modal
    )
    assert got is expected, reason


def test_declined_to_confirm_hedges(parsed):
    (a,) = [a for a in parsed.extract("The White House declined to confirm the call.")]
    assert a.stance is Stance.HEDGES


# -- CLI --------------------------------------------------------------------------------


def test_extract_cli_prints_jsonl_with_the_issue_keys(tmp_path):
    f = tmp_path / "note.md"
    f.write_text(OWN.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(f), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]  # the summary: stderr
    assert rows
    text = f.read_text(encoding="utf-8")
    for r in rows:
        assert list(r)[: len(JSON_KEYS)] == JSON_KEYS
        assert r["file"] == str(f)
        assert text[r["content_span"][0] : r["content_span"][1]] == r["content"]
        assert r["stance"] in ("asserts", "denies", "hedges")


def test_extract_cli_jobs_give_the_same_rows_as_one_process(parsed, tmp_path):
    files = []
    for i, text in enumerate(
        [OWN.read_text(encoding="utf-8"), '"It never happened," Peskov said.\n', "No quotes."]
    ):
        f = tmp_path / f"t{i}.md"
        f.write_text(text, encoding="utf-8")
        files.append(str(f))
    one = CliRunner().invoke(cli, ["extract", *files, "--jobs", "1"])
    two = CliRunner().invoke(cli, ["extract", *files, "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.output and two.output == one.output
    assert str(files[1]) in two.output


def test_extract_cli_names_a_bad_file(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"caf\xe9 said \x93no\x94")
    result = CliRunner().invoke(cli, ["extract", str(f)])
    assert result.exit_code == 2
    assert "not valid utf-8" in result.output and "bad.txt" in result.output
    ok = CliRunner().invoke(cli, ["extract", str(f), "--encoding", "cp1252", "--model", "blank"])
    assert ok.exit_code == 0, ok.output


def test_ingest_stores_statements_and_keeps_corrections(store_url, tmp_path):
    f = tmp_path / "kremlin.md"
    f.write_text(OWN.read_text(encoding="utf-8"), encoding="utf-8")
    run = CliRunner().invoke
    first = run(cli, ["ingest", str(f), "--db", store_url])
    assert first.exit_code == 0, first.output
    assert "contradiction:" in first.output
    doc_id = next(
        line.split()[1].rstrip(":")
        for line in first.output.splitlines()
        if line.startswith("document ")
    )
    listed = run(cli, ["statements", "--document", doc_id, "--db", store_url, "--json"])
    assert listed.exit_code == 0, listed.output
    rows = (
        json.loads(listed.output)
        if listed.output.strip().startswith("[")
        else [json.loads(x) for x in listed.output.splitlines() if x.strip()]
    )
    peskov = next(r for r in rows if "peskov" in r["source"] and r["stance"] == "denies")
    fixed = run(cli, ["correct", peskov["id"], "--stance", "hedges", "--db", store_url])
    assert fixed.exit_code == 0, fixed.output
    again = run(cli, ["ingest", str(f), "--db", store_url])
    assert "1 duplicates skipped" in again.output
    redo = run(cli, ["ingest", str(f), "--reextract", "--db", store_url])
    assert redo.exit_code == 0, redo.output
    assert "1 corrected statements kept" in redo.output
    from veracity.store import open_store

    with open_store(store_url) as s:
        kept = s.statement(peskov["id"])
        assert kept.stance is Stance.HEDGES and kept.corrected
        assert len(s.documents()) == 1


def test_statements_in_two_documents_join_one_proposition(parsed, store_url):
    """Across documents and across runs: the later denial joins the stored proposition."""
    from veracity.ingest.documents import document_from_text
    from veracity.ingest.statements import ingest_documents
    from veracity.store import open_store

    report = document_from_text(
        "The Washington Post reported that Donald Trump spoke by phone with Vladimir Putin "
        "on Nov. 7.",
        name="post.txt",
    )
    denial = document_from_text(
        "Kremlin spokesman Dmitry Peskov dismissed reports of a phone call between Trump and "
        'Putin as "pure fiction".',
        name="tass.txt",
    )
    other = document_from_text(
        "The ministry said that wheat exports rose by a tenth in October.", name="wheat.txt"
    )
    with open_store(store_url) as store:
        first = ingest_documents(store, [report], parsed)
        second = ingest_documents(store, [denial, other], parsed)
        assert first.propositions == 1 and second.propositions == 1  # only the wheat one is new
        assert second.contradictions == [store.statements(document_id=report.id)[0].proposition_id]
        (wapo,) = store.statements(document_id=report.id)
        (peskov,) = store.statements(document_id=denial.id)
        (wheat,) = store.statements(document_id=other.id)
        assert peskov.proposition_id == wapo.proposition_id != wheat.proposition_id
        assert peskov.stance is Stance.DENIES and wapo.stance is Stance.ASSERTS


def test_typewriter_quotes_and_quotations_left_open():
    from veracity.extract.quotes import open_quotes

    text = "''Mrs. Bush said, 'You weren't in line,''' he recalled. ''No,'' she said.\n\"I worry"
    spans = [text[a:b] for a, b in find_quotes(text)]
    assert spans == ["''Mrs. Bush said, 'You weren't in line,'''", "''No,''"]
    assert [text[a:b] for a, b in open_quotes(text)] == ['"I worry']


def test_quote_speaker_is_never_inside_the_quotation(parsed):
    text = "“We were wrong to not confront him,” Ramos, 58, told AFP in an interview on Monday."
    att = _find(parsed.extract(text), "Ramos", "told")
    assert att.content.startswith("“We were wrong")


def test_speech_verbs_inside_a_multi_paragraph_quotation_are_not_narration(parsed):
    text = 'Baker wrote a note.\n\n"I believe that we may see a resurgence of budget hawks.\n'
    assert not [a for a in parsed.extract(text) if a.cue == "believe"]


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("About 4 in 10 say they want the next president to be bolder.", "say", "10"),
        ("But they are convinced that the president could have done more.", "convinced", "they"),
        ("It is difficult to predict how they will vote on Saturday.", "predict", None),
        ("Asked what a commitment looks like, Devine replied that it was far off.", "Asked", None),
    ],
)
def test_speaker_of_quantities_adjectives_and_expletives(parsed, text, cue, speaker):
    found = [a for a in parsed.extract(text) if a.cue == cue]
    assert found, parsed.extract(text)
    mention = found[0].mention_span
    got = text[mention[0] : mention[1]] if mention else None
    assert (got is None) if speaker is None else (got is not None and speaker in got)


def test_a_statement_saying_is_its_issuer_speaking(parsed):
    text = "His office put out a statement saying the plan was never approved."
    att = next(a for a in parsed.extract(text) if a.cue == "saying")
    assert text[att.mention_span[0] : att.mention_span[1]] == "His office"


def test_extraction_in_worker_processes_matches_one_process(parsed):
    texts = [
        OWN.read_text(encoding="utf-8"),
        '"It never happened," Peskov said.',
        "No quotes here.",
        "The ministry denied that troops crossed the border.",
    ]
    one = list(parsed.extract_many(texts, batch_size=1))
    two = list(parsed.extract_many(texts, batch_size=1, n_process=2))
    assert two == one and any(one)


def test_ingest_jobs_store_what_one_process_stores(parsed, tmp_path):
    files = []
    for i in range(10):  # more than one batch of 8, so the worker processes are used
        f = tmp_path / f"a{i}.md"
        f.write_text(f'"Talks {i} never happened," Peskov said on day {i}.\n', encoding="utf-8")
        files.append(str(f))
    out = {}
    for jobs in ("1", "2"):
        db = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        run = CliRunner().invoke(cli, ["ingest", *files, "--jobs", jobs, "--db", db])
        assert run.exit_code == 0, run.output
        out[jobs] = run.output
    assert "10 documents stored" in out["1"] and "10 statements" in out["1"]
    assert out["2"] == out["1"]


# -- the fast path: the model's attribute ruler and lemmatiser by table lookup ----------------

FAST_TEXT = (
    "We're gonna win, ain't we? C'mon, let's go.  Trump said he was 'not worried'.\n\n"
    "  Officials hoped the talks, which he had denied, would continue; the ministry's "
    "spokesmen dismissed the reports as fake news. Analysts were studying the data, and "
    "she's argued that voters had been misled by ads attacking the plan."
)


def _attributes(doc):
    lemma = [t.lemma_ if t.pos_ in ("VERB", "AUX", "NOUN") else None for t in doc]
    return [(t.pos_, str(t.morph), t.tag_, t.dep_) for t in doc], lemma


def test_fast_attributes_equal_the_full_pipeline(parsed):
    from veracity.extract.fast_attributes import fast_path

    off, fast = fast_path(parsed.nlp)
    assert off == ["attribute_ruler", "lemmatizer"] and fast is not None
    texts = [FAST_TEXT, OWN.read_text(encoding="utf-8")]
    full = list(parsed.nlp.pipe(texts))
    quick = list(parsed._parse(texts, batch_size=8))
    assert parsed.nlp.pipe_names[-2:] == off  # the pipeline itself is left as it was
    for a, b in zip(full, quick, strict=True):
        assert _attributes(a) == _attributes(b)
    # and the extraction is the same
    for text, doc in zip(texts, full, strict=True):
        assert parsed.extract(text) == parsed._from_doc(text, doc)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(FAST_TEXT.split(" ") + ["\n", "  ", "“", "”", "said", "hopes"]), max_size=40
    )
)
def test_fast_attributes_equal_the_full_pipeline_on_any_words(parsed, words):
    from veracity.extract.fast_attributes import fast_path

    off, fast = fast_path(parsed.nlp)
    text = " ".join(words)
    full = parsed.nlp(text)
    with parsed.nlp.select_pipes(disable=off):
        quick = fast(parsed.nlp(text))
    assert _attributes(full) == _attributes(quick)


def test_nested_attributions_with_one_content_start_are_both_stored(parsed, tmp_path):
    # a speaker label's content and an attribution inside it begin at the same character
    text = "JAKE TAPPER: The plan, Schumer said, is dead on arrival in the Senate.\n"
    atts = parsed.extract(text)
    starts = [a.content_span[0] for a in atts if a.speaker]
    assert len(starts) == 2 and len(set(starts)) == 1, atts
    f = tmp_path / "transcript.txt"
    f.write_text(text, encoding="utf-8")
    db = str(tmp_path / "v.db")
    run = CliRunner().invoke(cli, ["ingest", str(f), "--db", db])
    assert run.exit_code == 0, run.output
    listed = CliRunner().invoke(cli, ["statements", "--db", db, "--json"])
    ids = [s["id"] for s in json.loads(listed.output)]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_statement_ids_stay_document_and_content_start():
    from veracity.extract.attribution import Attribution
    from veracity.ingest.statements import statement_ids

    a = Attribution("A", (0, 1), ":", (1, 2), "xyz", (3, 6))
    b = a.with_(speaker="B", cue_span=(7, 12))
    c = a.with_(content_span=(20, 30))
    assert statement_ids("d", [a, b, c]) == ["d:3", "d:3:7", "d:20"]


@pytest.mark.parametrize("grouping, propositions", [("embeddings", 1), ("keywords", 2)])
def test_ingest_grouping_choice(parsed, tmp_path, grouping, propositions):
    pytest.importorskip("model2vec")
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    # the same event in other words: only the embeddings see "phone" and "telephone conversation"
    a.write_text("The Washington Post reported that Trump and Putin spoke by phone.\n")
    b.write_text("Peskov denied that Trump and Putin had a telephone conversation.\n")
    db = str(tmp_path / "v.db")
    run = CliRunner().invoke(cli, ["ingest", str(a), str(b), "--grouping", grouping, "--db", db])
    assert run.exit_code == 0, run.output
    assert f"{propositions} new propositions" in run.output
