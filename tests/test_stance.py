"""Claim stance (veracity.stance): the behaviours the rules handle on purpose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.errors import InputError
from veracity.stance import STANCES, ClaimStance, classify, classify_many, load_model
from veracity.stance.rules import RulesModel
from veracity.stance.sentences import split_sentences

CLAIM = "A shark swam down a flooded highway in Houston"


@pytest.mark.parametrize(
    "text",
    [
        "The photo of a shark swimming on a flooded Houston highway is a hoax.",
        "Experts have debunked the picture of a shark on the flooded highway in Houston.",
        "There is no evidence that a shark swam down a flooded highway in Houston.",
        "That shark on the flooded Houston highway? Fake, the photographer admitted.",
        "No shark swam down any flooded highway in Houston, police said.",
    ],
)
def test_refutation_language_and_negation_refute(text):
    assert classify(CLAIM, text).stance == "refutes"


def test_a_debunker_quoting_the_claim_refutes():
    text = (
        '"A shark swam down a flooded highway in Houston," read the viral post. '
        "The image was made up: it was photoshopped from a 2005 picture, fact-checkers found."
    )
    assert classify(CLAIM, text).stance == "refutes"


@pytest.mark.parametrize(
    "text",
    [
        "A shark reportedly swam down a flooded highway in Houston.",
        "A man claims a shark swam down a flooded highway in Houston.",
        "Did a shark really swim down a flooded highway in Houston?",
    ],
)
def test_hedging_and_questions_discuss(text):
    assert classify(CLAIM, text).stance == "discusses"


def test_a_plain_report_supports():
    text = "A shark swam down a flooded highway in Houston on Sunday, police confirmed."
    assert classify(CLAIM, text).stance == "supports"


def test_a_negated_refutation_word_does_not_refute():
    text = "The shark photographed on the flooded highway in Houston is not a hoax."
    assert classify(CLAIM, text).stance != "refutes"


def test_an_unrelated_text():
    r = classify(CLAIM, "Wheat exports rose in October as prices fell in Chicago.")
    assert r.stance == "unrelated"


def test_unrelated_without_the_encoder_too():
    model = RulesModel(use_encoder=False)
    assert classify(CLAIM, "Wheat exports rose in October.", model=model).stance == "unrelated"
    hoax = "The shark on the flooded Houston highway is a hoax."
    assert classify(CLAIM, hoax, model=model).stance == "refutes"


def test_evidence_spans_point_into_the_text():
    text = (
        "Storms hit Texas on Sunday.\n\nA picture shows a shark on a flooded highway in "
        "Houston. It is a hoax, the Weather Service said."
    )
    r = classify(CLAIM, text)
    assert r.evidence
    for e in r.evidence:
        assert text[e.start : e.end] == e.text
        assert e.stance in STANCES and 0.0 <= e.score <= 1.0
    assert "shark" in r.evidence[0].text
    assert 0.0 <= r.confidence <= 1.0


def test_classify_many_keeps_order_and_is_lazy():
    pairs = [(CLAIM, "Wheat exports rose."), (CLAIM, "The Houston highway shark is a hoax.")]
    out = classify_many(iter(pairs))
    assert not isinstance(out, list)
    stances = [r.stance for r in out]
    assert stances == ["unrelated", "refutes"]


def test_result_as_json_row():
    d = classify(CLAIM, "The Houston highway shark is a hoax.").to_dict()
    assert set(d) == {"stance", "confidence", "reason", "evidence"}
    assert d["evidence"][0]["start"] == 0


def test_empty_text_is_unrelated():
    assert classify(CLAIM, "") == ClaimStance("unrelated", 1.0, [], "empty text")


def test_load_model_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such stance model"):
        load_model(tmp_path / "nope.npz")


@given(st.text(alphabet=st.sampled_from('ab .?!\n"Mr'), max_size=60))
def test_sentence_spans_round_trip(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_a_reported_denial_in_an_article_discusses():
    text = (
        "The picture of the shark on the flooded highway in Houston was shared widely. "
        "Houston police denied that a shark swam down a flooded highway in the city."
    )
    r = classify(CLAIM, text)
    assert r.stance == "discusses" and "denied" in r.reason


def test_an_article_that_leads_with_a_denial_refutes():
    text = (
        "Houston police denied that a shark swam down a flooded highway in the city. "
        "The picture of the shark on the flooded highway in Houston was shared widely."
    )
    r = classify(CLAIM, text)
    assert r.stance == "refutes" and "denied" in r.reason


def test_a_headline_leading_with_a_denial_refutes():
    text = "Houston police deny that a shark swam down a flooded highway"
    r = classify(CLAIM, text)
    assert r.stance == "refutes" and "deny" in r.reason


def test_a_claim_of_falsity_is_supported_by_a_debunk():
    claim = "The photo of a shark on a flooded Houston highway is a hoax"
    text = "That viral photo of a shark on a flooded highway in Houston is fake, experts say."
    assert classify(claim, text).stance == "supports"


def test_headline_attribution_hedges_in_a_headline_not_in_an_article():
    from dataclasses import replace

    from veracity.stance.rules import RuleSettings

    headline = "Shark Swam Down Flooded Houston Highway, Witnesses Say"
    assert classify(CLAIM, headline).stance == "discusses"
    body = (
        "A shark swam down a flooded highway in Houston, witnesses said. "
        "The shark on the flooded Houston highway was filmed by a driver."
    )
    assert classify(CLAIM, body).stance == "supports"
    off = RulesModel(replace(RuleSettings(), headline_attribution=False))
    assert classify(CLAIM, headline, model=off).stance == "supports"


def test_the_claims_own_hedge_word_is_not_the_texts_hedge():
    claim = "God is a woman, says priest who died for 48 minutes, he claims"
    text = (
        "A priest who died for 48 minutes claims God is a woman. "
        "The priest was declared dead and woke up two days later."
    )
    r = classify(claim, text)
    assert r.stance == "supports", r.reason
    hedged = "A priest who died for 48 minutes reportedly said God is a woman."
    assert classify(claim, hedged).stance == "discusses"


def test_a_claim_that_reports_a_saying_is_echoed_by_any_verb_of_saying():
    claim = "A Catholic priest who was declared clinically dead says he met God"
    assert classify(claim, "Back-from-the-dead Catholic priest claims he met God").stance == (
        "supports"
    )
    assert (
        classify(
            "Pope Francis told a boy dogs go to heaven", "Pope tells boy dogs go to heaven"
        ).stance
        == "supports"
    )
    # a hedge that is not a verb of saying still hedges
    assert classify(claim, "Catholic priest reportedly met God after dying").stance == ("discusses")


@pytest.mark.parametrize(
    "headline",
    [
        "BMO forecasts a shark will swim down a flooded highway in Houston",
        "Shark likely to swim down flooded Houston highway",
        "Fate of the shark on the flooded Houston highway unknown",
        "Confusion surrounds shark on flooded Houston highway",
        "Analyst: shark swam down a flooded highway in Houston",
        "Shark swam down a flooded highway in Houston: monitor",
    ],
)
def test_forecasts_uncertainty_and_a_named_role_discuss_in_a_headline(headline):
    assert classify(CLAIM, headline).stance == "discusses"


@pytest.mark.parametrize(
    "headline",
    [
        # a negation in a subordinate clause or a contrast does not deny what is stated
        "Shark that nobody expected swam down a flooded highway in Houston",
        "Shark swam down a flooded highway in Houston, not Dallas",
        "Shark swam down a flooded Houston highway so traffic did not move",
    ],
)
def test_a_negation_outside_the_main_clause_does_not_refute(headline):
    assert classify(CLAIM, headline).stance == "supports"


def test_a_claim_that_reports_a_denial_is_supported_by_a_debunk():
    claim = "Houston police deny that a shark swam down a flooded highway"
    text = "The photo of a shark on a flooded Houston highway is a hoax, experts found."
    r = classify(claim, text)
    assert r.stance == "supports", r.reason


def test_a_negation_in_what_someone_is_said_to_have_stated_refutes():
    claim = "Lebanon detained the wife of the ISIS leader"
    text = (
        "An Iraqi official told the Associated Press that the woman detained in Lebanon was "
        "not the wife of the ISIS leader."
    )
    assert classify(claim, text).stance == "refutes"
    text = "The woman says that, contrary to reports, she was never detained in Lebanon."
    assert classify(claim, text).stance == "refutes"


def test_a_reversal_leading_a_text_refutes_and_a_claim_of_one_is_negative():
    claim = "Christian Bale to play Steve Jobs in an upcoming biopic"
    assert classify(claim, "Christian Bale drops out of Steve Jobs biopic").stance == "refutes"
    body = (
        "Christian Bale will play Steve Jobs in the upcoming biopic, Aaron Sorkin said. "
        "Filming starts in the spring; the cast was told it would be a long shoot."
    )
    assert classify(claim, body).stance == "supports"
    negative = "Christian Bale pulls out of the Steve Jobs biopic"
    r = classify(negative, "The report that Christian Bale will play Steve Jobs is false.")
    assert r.stance == "supports", r.reason
