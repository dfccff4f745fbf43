"""The outlet's own voice, canonical positive propositions, and what is not a proposition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.extract import Extractor
from veracity.extract.attribution import Attribution
from veracity.extract.canonical import attribution_problem, not_a_proposition, positive_form
from veracity.extract.grouping import display_text, group_attributions
from veracity.extract.voice import (
    HEADLINE_CUE,
    LEAD_CUE,
    VOICE,
    candidate_sentences,
    document_voice,
    is_fragment,
    outlet_from_domain,
    publisher_name,
    voice_stance,
)
from veracity.ingest.documents import document_from_text
from veracity.ingest.statements import ingest_documents
from veracity.model import Stance

ARTICLE = """# Mayor of Springfield resigned after audit, officials say

By Jane Roe

The mayor of Springfield resigned on Monday after an audit found missing funds, the city
council said in a statement. The audit covered the budgets of the last three years.

Perhaps the mayor wants to run for governor instead. Could the council have known earlier?

There is no evidence that the mayor took money for himself. Reportedly, the mayor repaid
part of the funds in March.

**Related article:** [Springfield budget in crisis](#)

Original url: <https://www.springfieldtimes.com/2024/mayor>
"""


@pytest.fixture(scope="module")
def parsed() -> Extractor:
    ex = Extractor()
    if not ex.parsed:
        pytest.skip("no spaCy English model installed (en_core_web_sm or its re-upload)")
    return ex


# -- stance of the voice ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("There is no evidence that the mayor took money for himself.", Stance.DENIES),
        ("The story about the mayor's yacht is a hoax.", Stance.DENIES),
        ("The photo of the flooded highway turned out to be fake.", Stance.DENIES),
        ("The mayor reportedly repaid part of the funds.", Stance.HEDGES),
        ("The mayor is said to have left the city.", Stance.HEDGES),
        ("The mayor resigned on Monday after the audit.", Stance.ASSERTS),
        ("Scientists have cast doubt over claims that a spider burrowed in.", Stance.DENIES),
        ("There is no Father John O'Neal in any Boston parish.", Stance.DENIES),
        ("There is no doubt that the mayor resigned.", Stance.ASSERTS),
        ("The video has been doctored to show a bird on his shoulder.", Stance.DENIES),
        ("A video purporting to show a bird on Putin's shoulder spread.", Stance.HEDGES),
    ],
)
def test_voice_stance(sentence, stance):
    assert voice_stance(sentence)[0] is stance


# -- canonical positive form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "positive"),
    [
        (
            "the president had not once suggested that the goals changed",
            "the president had suggested that the goals changed",
        ),
        ("the call did not take place", "the call did take place"),
        ("The call never happened", "The call happened"),
        ("There is no evidence that God is a woman", "God is a woman"),
        ("there was no phone call between them", "there was a phone call between them"),
        ("The council won't raise taxes", "The council will raise taxes"),
        ("Reportedly, the mayor repaid the funds", "the mayor repaid the funds"),
        ("Scientists cast doubt on claims that a spider burrowed in", "a spider burrowed in"),
        # "no reason", "no doubt" are no negation of a fact: flipping them said the opposite
        (
            "this is impossible and there is no reason that a spider would do that",
            "this is impossible and there is no reason that a spider would do that",
        ),
    ],
)
def test_positive_form_takes_out_the_frame_and_the_negation(text, positive):
    assert positive_form(text) == positive


def test_a_denial_never_keeps_its_negation_in_the_proposition():
    """Peskov's "had not once suggested" used to keep its negation *and* get stance denies."""
    a = Attribution(
        "Dmitry Peskov",
        (0, 6),
        "emphasized",
        (7, 17),
        "that the Russian president had not once suggested that the goals of the war might "
        "be altered",
        (18, 110),
        stance=Stance.DENIES,
    )
    text = display_text([a])
    assert "not" not in text.split() and "had suggested" in text
    (g,) = group_attributions([("d", a)], embedder=None)
    assert g.text == text and g.stances == (Stance.DENIES,)


def test_the_proposition_is_the_assertion_as_written_when_there_is_one():
    a = Attribution("A", None, "said", (0, 1), "that the bridge was closed on Monday", (0, 9))
    b = a.with_(speaker="B", stance=Stance.DENIES, content="the bridge was not closed")
    assert display_text([b, a]) == "the bridge was closed on Monday"


# -- what is not a proposition ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("others", "fragment"),
        ("him", "fragment"),
        ("Vladimir Putin", "fragment"),
        ("a presidential candidate", "fragment"),
        ("Did the call take place?", "a question"),
        ("to sow distrust among Western allies", "an intention"),
        ("escalating the conflict in Ukraine", "an action"),
        ("NBC Nightly News/YouTube; Mike Seidel/YouTube", "a credit line"),
        ("I'm not sure whom I should trust less...", "an open question"),
        ("we are not certain whether the vote was rigged", "an open question"),
        ("“I’m glad for you to tell what really happened,”", "the speaker's own state of mind"),
        ("I am so proud of the whole team", "the speaker's own state of mind"),
        ("[Collected via Twitter, October 2014]", "an editorial note"),
    ],
)
def test_not_a_proposition(content, why):
    assert not_a_proposition(content).startswith(why)


@pytest.mark.parametrize(
    "content",
    [
        "Talks never happened",
        "the call took place on Nov. 7",
        "that the audit found 3 errors",
        "I am sure that the call took place on Thursday",  # a claim, held with certainty
        "We are certain the vote was rigged in three states",
    ],
)
def test_short_clauses_are_propositions(content):
    assert not_a_proposition(content) == ""


@given(st.text(max_size=60))
def test_fragment_and_positive_form_never_fail(text):
    is_fragment(text)
    assert isinstance(positive_form(text), str)
    assert isinstance(not_a_proposition(text), str)


def test_attributions_in_questions_and_hypotheses_and_gerunds_are_left_out(parsed):
    text = (
        "Could Moscow be aiming to avoid embarrassing the president? "
        "Perhaps the Kremlin says that the talks failed. "
        "This would be the first instance of Peskov deliberately denying events that occurred. "
        "Peskov said that the talks had failed in October."
    )
    atts = parsed.extract(text)
    kept = [a for a in atts if not attribution_problem(a, text, parsed.nlp)]
    assert [a.content for a in kept] == ["that the talks had failed in October"]


# -- the document's own sentences ------------------------------------------------------------


def test_candidate_sentences_leave_out_questions_hypotheses_and_boilerplate():
    why = {s: w for _, s, w in candidate_sentences(ARTICLE)}
    assert why["Could the council have known earlier?"] == "question"
    assert why["Perhaps the mayor wants to run for governor instead."] == "hypothesis"
    assert not any("Related article" in s or "Original url" in s for s in why)
    assert not any(s.startswith("By Jane") for s in why)
    assert why["There is no evidence that the mayor took money for himself."] == ""


def test_remarks_on_the_texts_own_questions_are_not_claims():
    text = (
        "Why did the council wait a year? These are certainly valid questions. But at the "
        "moment, there seem to be no clear answers. So far, no one has been able to provide a "
        "credible answer to that. The council met on Monday and answered questions from "
        "residents about the audit."
    )
    why = {s: w for _, s, w in candidate_sentences(text)}
    assert why["But at the moment, there seem to be no clear answers."].startswith("about")
    assert why["So far, no one has been able to provide a credible answer to that."] != ""
    assert (
        why["The council met on Monday and answered questions from residents about the audit."]
        == ""
    )


def test_document_voice(parsed):
    atts = parsed.extract(ARTICLE)
    own = document_voice(ARTICLE, "Springfield Times", atts, nlp=parsed.nlp)
    by_text = {a.content: a for a in own}
    assert all(a.kind == VOICE and a.speaker == "Springfield Times" for a in own)
    assert by_text["There is no evidence that the mayor took money for himself."].stance is (
        Stance.DENIES
    )
    hedge = next(a for a in own if a.content.startswith("Reportedly"))
    assert hedge.stance is Stance.HEDGES
    assert not any("Perhaps" in a.content or a.content.endswith("?") for a in own)
    # the headline reports the officials' words: theirs, not the outlet's
    assert not any(a.cue == HEADLINE_CUE for a in own)
    assert by_text["The audit covered the budgets of the last three years."].cue == LEAD_CUE
    for a in own:
        assert ARTICLE[a.content_span[0] : a.content_span[1]].startswith(a.content[:10])


# -- whose voice -----------------------------------------------------------------------------


def test_publisher_name_order():
    opinion = "By Jane Roe\n\nText.\n\nThe views expressed do not necessarily reflect ours."
    assert publisher_name(ARTICLE, given="Analyst's Name") == "Analyst's Name"
    assert publisher_name(opinion, publisher="Daily Planet") == "Jane Roe"
    assert publisher_name(ARTICLE, publisher="Daily Planet") == "Daily Planet"
    assert publisher_name(ARTICLE, url="https://www.cnn.com/x") == "CNN"
    assert publisher_name(ARTICLE) == "Springfield Times"  # the URL the text gives
    assert publisher_name("By Jane Roe\n\nText.") == "Jane Roe"
    assert publisher_name("Just text.") is None


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.washingtonpost.com/world/", "The Washington Post"),
        ("https://www.theguardian.com/a", "The Guardian"),
        ("https://www.bbc.co.uk/news/1", "BBC"),
        ("https://abcnews.go.com/x", "ABC News"),
        ("https://edition.cnn.com/2024/x", "CNN"),
        ("https://www.themoscowtimes.com/2024/11/12/x", "The Moscow Times"),
        # not known: split into words when every piece is a word, else whole
        ("https://www.theglobeandmail.com/world/", "The Globe and Mail"),
        ("http://worldnewsdailyreport.com/x", "World News Daily Report"),
        ("https://www.some-local-paper.co.uk/a", "Some Local Paper"),
        ("https://www.zerohedge.com/a", "Zero Hedge"),
        ("https://wnd.com/a", "WND"),
        ("https://www.inquisitr.com/a", "Inquisitr"),  # "in qui sit r" is no reading
        ("not a url", None),
        ("http://127.0.0.1/x", None),
        ("http://[::1", None),
    ],
)
def test_outlet_from_domain(url, name):
    assert outlet_from_domain(url) == name


# -- ingest ----------------------------------------------------------------------------------


def test_ingest_stores_the_outlets_voice_and_no_hypothesis(parsed, store):
    doc = document_from_text(ARTICLE, name="mayor.md")
    report = ingest_documents(store, [doc], parsed, embedder=None)
    by_source = {}
    for s in store.statements():
        by_source.setdefault(s.source_id, []).append(s)
    outlet = by_source["src-springfield-times"]
    assert {s.stance for s in outlet} >= {Stance.DENIES, Stance.HEDGES}
    props = {p.id: p.text for p in store.propositions()}
    denial = next(s for s in outlet if s.stance is Stance.DENIES)
    assert props[denial.proposition_id] == "the mayor took money for himself"
    assert report.voice == len(outlet)
    assert (store.document(doc.id).outlet_id or "") == "src-springfield-times"
    assert not any(
        "Perhaps" in s.quote or s.quote.rstrip().endswith("?") for s in store.statements()
    )


def test_ingest_source_option_names_the_voice(parsed, store):
    doc = document_from_text("The bridge on Main Street was closed on Monday for repairs.\n")
    ingest_documents(store, [doc], parsed, embedder=None, source="Town Gazette")
    (s,) = store.statements()
    assert s.source_id == "src-town-gazette" and s.stance is Stance.ASSERTS


def test_ingest_without_voice(parsed, store):
    doc = document_from_text("The bridge on Main Street was closed on Monday for repairs.\n")
    report = ingest_documents(store, [doc], parsed, embedder=None, source="X", voice=False)
    assert report.statements == 0 and not store.statements()


# -- linking to the analyst's claim ----------------------------------------------------------

DEBUNK = """The claim that a shark swam down a flooded highway in Houston is a hoax.

The photo of a shark on a flooded Houston highway has been shared thousands of times this week.
There is no evidence that a shark swam down a flooded highway in Houston; the picture was
edited from an old photo taken off South Africa.
"""
REPORT = """A shark swam down a flooded highway in Houston on Sunday, residents said.

"A shark swam right down the highway past my house," said Jane Roe, a resident of Houston.
The city's mayor said he could not confirm the report.
"""
SHARK = "A shark swam down a flooded highway in Houston"


def test_ingest_claim_links_the_debunk_and_the_report(parsed, store):
    docs = [
        document_from_text(DEBUNK, url="https://www.factcheck-daily.com/shark"),
        document_from_text(REPORT, url="https://www.houstonnews.com/shark"),
    ]
    report = ingest_documents(store, docs, parsed, embedder=None, claim=SHARK)
    (target,) = [p for p in store.propositions() if p.text == SHARK]
    on_claim = {(s.source_id, s.stance) for s in store.statements(proposition_id=target.id)}
    assert ("src-fact-check-daily", Stance.DENIES) in on_claim
    assert ("src-jane-roe", Stance.ASSERTS) in on_claim
    assert target.id in report.contradictions and report.linked >= 2
    # the outlet's voice toward the claim is one statement, not one per sentence
    assert sum(1 for src, _ in on_claim if src == "src-fact-check-daily") == 1


def test_ingest_proposition_links_to_a_stored_one(parsed, store):
    ingest_documents(store, [document_from_text(REPORT)], parsed, embedder=None, claim=SHARK)
    (target,) = [p for p in store.propositions() if p.text == SHARK]
    doc = document_from_text(DEBUNK, url="https://www.factcheck-daily.com/shark")
    ingest_documents(store, [doc], parsed, embedder=None, proposition=target.id)
    stances = {s.stance for s in store.statements(proposition_id=target.id)}
    assert stances >= {Stance.ASSERTS, Stance.DENIES}
    assert len([p for p in store.propositions() if p.text == SHARK]) == 1


def test_ingest_claim_bad_input_writes_nothing(parsed, store):
    from veracity.errors import InputError, NotFoundError

    doc = document_from_text(REPORT)
    with pytest.raises(InputError):
        ingest_documents(store, [doc], parsed, claim="   ")
    with pytest.raises(InputError):
        ingest_documents(store, [doc], parsed, claim="x" * 5000)
    with pytest.raises(NotFoundError):
        ingest_documents(store, [doc], parsed, proposition="P404")
    assert not store.documents() and not store.statements()


def test_cli_ingest_claim(parsed, tmp_path):
    from click.testing import CliRunner

    from veracity.cli import cli

    f = tmp_path / "debunk.md"
    f.write_text(DEBUNK, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    run = CliRunner().invoke(
        cli, ["ingest", str(f), "--claim", SHARK, "--source", "Fact Check Daily", "--db", db]
    )
    assert run.exit_code == 0, run.output
    assert "linked to the claim" in run.output
    both = CliRunner().invoke(cli, ["ingest", str(f), "--claim", "a", "--proposition", "P1"])
    assert both.exit_code == 2 and "not both" in both.output
    run = CliRunner().invoke(cli, ["propositions", "--json", "--db", db])
    assert SHARK in run.output


@given(st.text(max_size=80))
def test_outlet_from_domain_never_fails(host):
    for url in (host, f"https://{host}/a"):
        name = outlet_from_domain(url)
        assert name is None or (name.strip() and name == name.strip())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_voice_sentences_point_into_the_text(text):
    for (a, b), sentence, _ in candidate_sentences(text):
        assert 0 <= a < b <= len(text)
        assert sentence.strip()
    for att in document_voice(text, "Outlet"):
        a, b = att.content_span
        assert 0 <= a < b <= len(text) and att.speaker == "Outlet"


class _TwoWay:
    """A fake embedder: cosine 0.35 between a text about a chest and any other."""

    def encode(self, texts):
        import numpy as np

        return np.array([[1.0, 0.0] if "chest" in t else [0.35, 0.9368] for t in texts])


def test_a_denial_meets_the_claim_it_denies_when_claim_stance_says_so():
    claim = Attribution(
        "Dylan Thomas",
        (0, 12),
        "said",
        (13, 17),
        "a tropical spider was living in his chest for three days",
        (18, 70),
    )
    debunk = Attribution(
        "Fact Check Daily",
        None,
        "(own words)",
        (100, 100),
        "There is no evidence that a spider burrowed into the man's body.",
        (100, 165),
        stance=Stance.DENIES,
        kind=VOICE,
    )
    items = [("d1", claim), ("d2", debunk)]
    apart = group_attributions(items, embedder=_TwoWay())
    assert len(apart) == 2  # similarity alone (0.35) is under the bar
    asked = []

    def relate(proposition, text):
        asked.append((proposition, text))
        return "refutes"

    (one,) = group_attributions(items, embedder=_TwoWay(), relate=relate)
    assert one.members == (0, 1) and one.contradiction
    assert asked and "spider burrowed" in asked[0][1]
    assert len(group_attributions(items, embedder=_TwoWay(), relate=lambda p, t: None)) == 2


def test_cli_ingest_says_when_a_documents_voice_has_no_name(parsed, tmp_path):
    from click.testing import CliRunner

    from veracity.cli import cli

    f = tmp_path / "plain.txt"
    f.write_text(
        "The mayor of Springfield resigned on Monday after an audit found missing funds.\n\n"
        "There is no evidence that the mayor took money for himself, the council said.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'v.db'}"
    run = CliRunner().invoke(cli, ["ingest", str(f), "--db", db])
    assert run.exit_code == 0, run.output
    assert "1 documents name no publisher" in run.output and "--source" in run.output
    run = CliRunner().invoke(cli, ["ingest", str(f), "--db", db, "--reextract", "--source", "X"])
    assert run.exit_code == 0 and "name no publisher" not in run.output


def test_a_characterisation_is_a_claim_though_short():
    """ "Democrats described the showdown as ominous": the showdown is ominous (PolNeAR)."""
    text = "Democrats described the showdown as ominous."
    said = Attribution(
        "Democrats", (0, 9), "described", (10, 19), "the showdown as ominous", (20, 43)
    )
    assert attribution_problem(said, text) == ""
    bare = said.with_(cue="said", content="the showdown")
    assert attribution_problem(bare, text).startswith("fragment")


def test_a_fact_checks_label_line_is_no_speaker():
    """ "Status: False (see details below)" is the outlet's verdict, not a transcript of a
    speaker called Status (FNC-1 body 1303, a snopes-style box)."""
    text = "Status: False (see details below)\n"
    status = Attribution("Status", (0, 6), ":", (6, 7), "False (see details below)", (8, 32))
    assert attribution_problem(status, text) == "a label, not a speaker"
    pence = status.with_(speaker="PENCE", content="Well, the call took place on Monday.")
    assert attribution_problem(pence, "PENCE: Well, the call took place on Monday.") == ""


@pytest.mark.parametrize(
    ("denial", "shown"),
    [
        ("The story about the mayor's yacht is a hoax.", "The story about the mayor's yacht"),
        (
            "A video of a bird on Putin's shoulder during a speech has proved to be a fake.",
            "A video of a bird on Putin's shoulder during a speech",
        ),
        ("all rumors of a phone call as “pure fiction” and “fake news.”", "a phone call"),
        ("the call never happened", "the call happened"),
    ],
)
def test_a_denied_propositions_text_has_no_dangling_verdict(denial, shown):
    """Only denials: the text is what is denied, without the verdict's copula left hanging
    ("The story … is a", FNC-1 debunks as an analyst saw them in `veracity propositions`)."""
    a = Attribution("X", None, "said", (0, 0), denial, (0, len(denial)), stance=Stance.DENIES)
    assert display_text([a]) == shown
