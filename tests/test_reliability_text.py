"""Bounded cost on hostile text: runs of marks, one endless sentence, quotation storms, long
documents parsed in batches, a time budget that refuses a document whole. Each speed-up is also
checked to give exactly what the slow code it replaced gave."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.cli import cli
from veracity.extract import Extractor, load_pipeline
from veracity.extract.batches import PUNCT_RUN, WORD_RUN, pieces, tokenizer_safe
from veracity.extract.extractor import ExtractionBudgetError
from veracity.extract.intervals import Containment, QuoteIndex, Stabbing, outermost
from veracity.extract.pipeline import has_parser
from veracity.extract.quotes import find_quotes


@pytest.fixture(scope="module")
def parsed() -> Extractor:
    nlp = load_pipeline()
    if not has_parser(nlp):
        pytest.skip("no spaCy model with a parser installed")
    return Extractor(nlp)


HOSTILE = {
    "straight quotes": '"' * 16_000,
    "curly openers": "“" * 16_000,
    "brackets and emoji": "(😀" * 8_000,
    "quotation storm": ('"x," he said. ' * 2000)[:16_000],
    "endless colon chain": ("He said: " * 2000)[:16_000],
    "labels and according to": ('SMITH: "no." According to Smith, it rained. ' * 400)[:16_000],
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_16_kb_of_hostile_text_is_extracted_in_bounded_time(parsed, name):
    text = HOSTILE[name]
    started = time.monotonic()
    atts = parsed.extract(text)
    spent = time.monotonic() - started
    assert spent < 20, f"{name}: {spent:.1f} s (16 KB of quotes took 68 s before the guard)"
    for a in atts:
        assert text[a.content_span[0] : a.content_span[1]] == a.content
        assert text[a.cue_span[0] : a.cue_span[1]] == a.cue


def test_cost_does_not_grow_with_the_square_of_a_run(parsed):
    parsed.extract('"' * 1000)  # warm
    t0 = time.monotonic()
    parsed.extract('"' * 8_000)
    small = time.monotonic() - t0
    t0 = time.monotonic()
    parsed.extract('"' * 64_000)
    large = time.monotonic() - t0
    # x8 the input: linear is ~x8, quadratic x64 (slack for a loaded machine)
    assert large < max(2.0, 8 * 4 * small), (small, large)


def test_long_text_is_parsed_in_batches_with_spans_into_the_whole(parsed):
    para = (
        'Dmitry Peskov, the Kremlin spokesman, said the call "never happened". '
        "He added that the report was false.\n\n"
    )
    text = "".join(f"Item {i}. " + para for i in range(60))
    batched = Extractor(parsed.nlp, batch_chars=1_000)
    whole = parsed.extract(text)
    cut = batched.extract(text)
    assert len(list(pieces(text, 1_000))) > 5
    assert [(a.speaker, a.cue_span, a.content_span, a.stance) for a in cut] == [
        (a.speaker, a.cue_span, a.content_span, a.stance) for a in whole
    ]
    # "He" in a later piece is still Peskov: the named speakers are carried across pieces
    assert {a.speaker for a in cut} == {"Dmitry Peskov"}
    for a in cut:
        assert text[a.speaker_span[0] : a.speaker_span[1]] == "Dmitry Peskov"


def test_time_budget_refuses_the_document_whole(parsed):
    slow = Extractor(parsed.nlp, time_budget=1e-6, batch_chars=2_000)
    with pytest.raises(ExtractionBudgetError, match="time budget"):
        slow.extract("Peskov said it was false.\n\n" * 200)


def test_cli_time_budget_and_max_bytes_exit_2_and_print_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text('"It never happened," Peskov said.\n\n' * 300, encoding="utf-8")
    r = CliRunner().invoke(cli, ["extract", str(f), "--time-budget", "0.000001"])
    assert r.exit_code == 2 and r.stdout == ""
    assert "a.txt" in r.stderr and "time budget" in r.stderr and "--time-budget" in r.stderr
    r = CliRunner().invoke(cli, ["extract", str(f), "--max-bytes", "100"])
    assert r.exit_code == 2 and r.stdout == "" and "--max-bytes" in r.stderr
    r = CliRunner().invoke(cli, ["extract", str(f), "--model", "blank"])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["speaker"] == "Peskov"


# -- the pieces the parser sees ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "“”.(😀\n '), max_size=600))
def test_tokenizer_safe_keeps_length_and_bounds_every_run(text):
    safe = tokenizer_safe(text)
    assert len(safe) == len(text)
    run = punct = 0
    for a, b in zip(text, safe, strict=True):
        assert b == a or b == " "
        run = 0 if b.isspace() else run + 1
        punct = 0 if b.isspace() or b.isalnum() or b == "_" else punct + 1
        assert run <= WORD_RUN and punct <= PUNCT_RUN
    if all(len(w) <= PUNCT_RUN for w in text.split()):
        assert safe == text  # ordinary text is untouched


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(1, 50))
def test_pieces_cover_the_text_in_order_within_the_limit(text, limit):
    got = list(pieces(text, limit))
    assert got[0][0] == 0 and got[-1][1] == len(text)
    for (_, b), (c, _) in zip(got, got[1:], strict=False):
        assert b == c
    assert all(b - a <= limit for a, b in got)


# -- the log-time look-ups against the scans they replace -------------------------------------

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))
)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(-2, 95))
def test_stabbing_equals_the_scan(ss, x):
    assert Stabbing(ss).strictly_inside(x) == any(a < x < b for a, b in ss)


@settings(max_examples=150, deadline=None)
@given(spans, spans, st.tuples(st.integers(0, 90), st.integers(0, 10)))
def test_containment_equals_the_scan(first, added, q):
    q = (q[0], q[0] + q[1])
    c = Containment(first)
    for s in added:
        c.add(s)
    everything = first + added
    assert c.contains(q) == any(a <= q[0] and q[1] <= b for a, b in everything)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            spans.filter(bool).map(lambda x: x[0]),
            st.one_of(st.none(), spans.filter(bool).map(lambda x: x[0])),
        )
    )
)
def test_outermost_equals_the_scan(entries):
    want = [
        not any(
            j != i and c is not None and c[0] <= p[0] and p[1] <= c[1]
            for j, (_, c) in enumerate(entries)
        )
        for i, (p, _) in enumerate(entries)
    ]
    assert outermost(entries) == want


def _extend_scan(span, quotes):
    s, e = span
    for q0, q1 in quotes:
        if q0 < e and s < q1:
            s, e = min(s, q0), max(e, q1)
    return s, e


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \"“”«»„'\n"), max_size=200), spans, st.integers(0, 3))
def test_quote_index_equals_the_scans(text, probes, slack):
    quotes = find_quotes(text)
    for qs in (quotes, list(reversed(quotes))):  # as find_quotes gives them, and unsorted
        index = QuoteIndex(qs)
        for span in probes:
            assert index.extend(span) == _extend_scan(span, qs)
            assert index.inner(span) == [q for q in qs if span[0] <= q[0] and q[1] <= span[1]]
            lo = span[1]
            assert index.ending_between(lo, lo + slack) == [
                q for q in qs if lo <= q[1] <= lo + slack
            ]


def _find_quotes_before(text):
    """find_quotes as it was before the guard (quadratic on unclosed openers), for reference."""
    import re

    spans = []
    for para in re.finditer(r"[^\n]+", text):
        p, offset, i, n = para.group(), para.start(), 0, len(para.group())
        while i < n:
            c = p[i]
            if p.startswith("''", i):
                j = p.find("''", i + 2)
                if j < 0:
                    break
                if j + 2 < n and p[j + 2] == "'":
                    j += 1
                spans.append((offset + i, offset + j + 2))
                i = j + 2
            elif c == '"':
                j = p.find('"', i + 1)
                if j < 0:
                    break
                spans.append((offset + i, offset + j + 1))
                i = j + 1
            elif c in "“«„":
                closers = {"“": "”", "«": "»", "„": "“”"}[c]
                j = min((k for k in (p.find(x, i + 1) for x in closers) if k >= 0), default=-1)
                if j < 0:
                    i += 1
                    continue
                spans.append((offset + i, offset + j + 1))
                i = j + 1
            else:
                i += 1
    return sorted(spans)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("a \"“”«»„'\n"), max_size=300))
def test_find_quotes_is_unchanged(text):
    assert find_quotes(text) == _find_quotes_before(text)


def test_unclosed_openers_are_linear():
    started = time.monotonic()
    assert find_quotes("“" * 200_000 + "«" * 200_000) == []
    assert time.monotonic() - started < 10  # the rescans of every unclosed mark: hours
