"""What an analyst must be able to trust in claim stance on real articles: the words the
decision rests on are shown, someone else's words are not the text's own, a question is not
an assertion, a web address is not a sentence, a Markdown heading is one unit. The seed
article test reads ``../shared/seed`` (or ``$VERACITY_SHARED/seed``) and skips without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.stance import classify
from veracity.stance.reading import quote_open_after, read_pairs, sentence_cues
from veracity.stance.sentences import split_sentences

CLAIM = "A bird pooped on Vladimir Putin during a speech in Moscow"
STORY = "A bird pooped on Vladimir Putin during a speech in Moscow, a video shows."


@given(st.text(alphabet=st.sampled_from('ab #.?!\n"“”Mr'), max_size=60))
def test_sentence_spans_round_trip_with_headings_and_quotes(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert not s.text.startswith("#") or text[: s.start].strip() != ""


def test_a_markdown_heading_is_one_sentence_without_its_marks():
    text = "\n# The Kremlin Said The Call Never Happened. Why?\n\nBy A. Writer. Body here."
    got = [s.text for s in split_sentences(text)]
    assert got[0] == "The Kremlin Said The Call Never Happened. Why?"
    assert "Body here." in got


def test_closing_quotes_stay_in_their_sentence():
    got = [s.text for s in split_sentences("He called it “fake news.” Then he left.")]
    assert got == ["He called it “fake news.”", "Then he left."]


def test_a_quoted_refutation_is_reported_not_the_texts_own():
    c = sentence_cues("The ministry dismissed the report as “pure fiction” and “fake news.”")
    assert c.refute is None and c.denial is not None
    assert sentence_cues("The report is fake news.").refute == "fake"


def test_a_quotation_over_several_sentences_stays_quoted():
    text = (
        f"{STORY} “This is a vivid example of poor reporting. It is absolutely untrue. It "
        "is pure fiction,” the spokesman said during a briefing."
    )
    r = classify(CLAIM, text)
    assert r.stance != "refutes", r.reason
    reading = read_pairs([(CLAIM, text)], None)[0]
    untrue = [x for x in reading.sentences if "untrue" in x.sentence.text]
    assert untrue and untrue[0].refute_cue is None and untrue[0].denial_cue == "untrue"
    assert quote_open_after("“This is a vivid example.", False)
    assert not quote_open_after("It is pure fiction,” he said.", True)


def test_a_question_with_a_refutation_word_asks():
    text = f"{STORY} Was the video of the bird on Vladimir Putin in Moscow a hoax?"
    assert classify(CLAIM, text).stance == "discusses"
    assert classify(CLAIM, f"{STORY} The video is a hoax.").stance == "refutes"


def test_a_web_address_says_nothing():
    text = f"{STORY}\n\n<https://example.com/2024/bird-on-putin-video-is-a-hoax-never-happened>"
    r = classify(CLAIM, text)
    assert r.stance == "supports"
    assert all("https://" not in e.text for e in r.evidence)


def test_a_refutation_far_from_the_claim_is_shown_and_named_so():
    filler = " ".join(f"Wheat exports rose {i} percent in October." for i in range(6))
    text = f"{STORY} {filler} The rumour about the grain minister is a hoax."
    r = classify(CLAIM, text)
    assert r.stance == "refutes"
    assert "not in a sentence about the claim" in r.reason
    assert any("hoax" in e.text for e in r.evidence)
    for e in r.evidence:
        assert text[e.start : e.end] == e.text


ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
SEED = sorted((SHARED / "seed").glob("*.md")) if (SHARED / "seed").is_dir() else []


@pytest.mark.skipif(not SEED, reason="../shared/seed not present")
def test_the_seed_article_discusses_the_call_and_shows_both_sides():
    text = SEED[0].read_text(encoding="utf-8")
    r = classify("Trump and Putin spoke by phone", text)
    # the article reports the Post's story and Peskov's denial, and its author argues the call
    # took place: it discusses the claim; it does not refute it
    assert r.stance == "discusses", r.reason
    ev = " ".join(e.text for e in r.evidence)
    assert "Washington Post" in ev and "Peskov" in ev
    assert all("https://" not in e.text and not e.text.startswith("#") for e in r.evidence)
    other = classify("Putin is open to talks with Trump about Ukraine", text)
    assert other.stance != "refutes", other.reason


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_negation_with_either_apostrophe_refutes(apostrophe):
    claim = "A spider burrowed under a man's skin in Bali"
    text = f"A spider didn{apostrophe}t burrow under the man's skin in Bali, doctors found."
    assert classify(claim, text).stance == "refutes"
