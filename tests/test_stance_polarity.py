"""The claim's own polarity (veracity.stance.polarity) and the rules that use it: a question
claim is only discussed, a negated claim is supported by a debunk, a debunking headline ("No,
…") is refuted by a text that tells the story as fact; and the debunkers' wording added to the
refutation cues."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.stance import classify
from veracity.stance.polarity import claim_polarity, states_a_negation

STORY = "A bird pooped on Vladimir Putin during a speech in Moscow."


def test_a_question_claim_is_discussed_not_refuted():
    claim = "Did a bird poop on Vladimir Putin during a speech?"
    text = "The video of a bird pooping on Vladimir Putin during a speech is a hoax."
    r = classify(claim, text)
    assert r.stance == "discusses" and "question" in r.reason


def test_a_negated_claim_is_supported_by_a_debunk():
    claim = "A bird did not poop on Vladimir Putin during his speech"
    text = "The video of a bird pooping on Vladimir Putin during a speech is a hoax."
    r = classify(claim, text)
    assert r.stance == "supports" and "both say false" in r.reason


def test_a_debunking_headline_is_refuted_by_the_story_told_as_fact():
    claim = "No, a bird didn't poop on Vladimir Putin during a speech"
    r = classify(claim, STORY)
    assert r.stance == "refutes" and "debunks" in r.reason


def test_the_story_told_as_fact_still_supports_the_story():
    r = classify("A bird pooped on Vladimir Putin during a speech", STORY)
    assert r.stance == "supports"


def test_a_negation_in_a_subordinate_clause_is_not_the_claims():
    claim = "ESPN planned a domestic violence panel that didn't include any women"
    text = "ESPN's all-male panel on domestic violence is not real; it was a hoax."
    assert classify(claim, text).stance == "refutes"


@pytest.mark.parametrize(
    ("claim", "negated"),
    [
        ("Banksy has NOT been arrested", True),
        ("Macaulay Culkin is not dead", True),
        ("Homeland Security says terrorists haven't crossed the border", True),
        ("No ISIL fighters on the U.S. border", True),
        ("ESPN planned a panel that didn't include any women", False),
        ("Man survives a month without food", False),
        ("'There is no limit to their depravity', the minister said of the attack", False),
        ("The wife of the leader was detained in Lebanon", False),
    ],
)
def test_states_a_negation(claim, negated):
    assert states_a_negation(claim) is negated


@pytest.mark.parametrize(
    "claim",
    [
        "No, Banksy hasn't been arrested",
        "Brian Williams: No, our meteorologist was not peeing on live TV",
        "No - a Fox News account isn't replying to tweets",
        "Rumor debunked: robots are not patrolling the campus",
    ],
)
def test_debunking_headlines(claim):
    assert claim_polarity(claim).debunks


def test_a_negated_claim_is_not_a_debunking_headline():
    p = claim_polarity("No ISIL fighters on the U.S. border")
    assert p.negated and not p.debunks


_WORDS = st.sampled_from(
    ["the", "mayor", "bought", "a", "boat", "in", "Paris", "report", "said", "big", "red"]
)


@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_polarity_of_plain_and_answered_claims(ws):
    claim = " ".join(ws)
    p = claim_polarity(claim)
    assert not (p.negated or p.debunks or p.question or p.calls_false)
    answered = claim_polarity("No, " + claim)
    assert answered.debunks and answered.negated and answered.negative
    assert claim_polarity(claim + "?").question
    # a negation inside quotes or a subordinate clause does not make the claim negative
    assert not states_a_negation(f'{claim} "we will not stop"')
    assert not states_a_negation(f"{claim} which never happened")


@pytest.mark.parametrize(
    "text",
    [
        "Claims that a bird pooped on Vladimir Putin in Moscow turned out to be exaggerated.",
        "The bird on Putin in Moscow was nothing more than a publicity stunt.",
        "A bird pooped on Putin in Moscow? There's just one problem: the clip is from 2009.",
        "Scientists doubt that a bird pooped on Vladimir Putin in Moscow.",
        "The story of a bird pooping on Vladimir Putin was misinformation.",
    ],
)
def test_debunkers_wording_refutes(text):
    assert classify("A bird pooped on Vladimir Putin in Moscow", text).stance == "refutes"
