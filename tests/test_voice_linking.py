"""The document's own stance toward the analyst's claim: who in the text takes which side.

A fake claim-stance model answers from a script, so each test pins one decision of
:func:`veracity.ingest.linking.link_to_claim`: a refutation only in someone's quoted words is
the outlet's hedge; a debunk in the outlet's own words (a kicker, a correction, "There is no
…") is its denial even when the text as a whole reads as discussing the claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from veracity.extract.attribution import Attribution
from veracity.extract.voice import VOICE, VOICE_CUE, candidate_sentences, voice_stance
from veracity.ingest.linking import DOCUMENT_CUE, link_to_claim
from veracity.model import Stance
from veracity.stance import ClaimStance, EvidenceSentence

CLAIM = "A priest who died for 48 minutes met God"


class Scripted:
    """Claim stance from a script: the whole text gets ``whole``; a shorter text gets the
    stance of the first scripted phrase it contains, else unrelated."""

    name = "scripted"

    def __init__(self, whole: ClaimStance, phrases: dict[str, str]) -> None:
        self.whole, self.phrases = whole, phrases

    def classify_many(self, pairs: Iterable[tuple[str, str]]) -> Iterator[ClaimStance]:
        for _claim, text in pairs:
            if len(text) > 200:
                yield self.whole
                continue
            hit = next((s for p, s in self.phrases.items() if p in text), None)
            yield ClaimStance(hit or "unrelated", 0.9)


def _own(text: str, sentence: str) -> Attribution:
    start = text.index(sentence)
    stance, _ = voice_stance(sentence)
    return Attribution(
        "Outlet",
        None,
        VOICE_CUE,
        (start, start),
        sentence,
        (start, start + len(sentence)),
        stance=stance,
        kind=VOICE,
    )


def _quoted(text: str, speaker: str, cue: str, content: str) -> Attribution:
    c, s = text.index(cue), text.index(content)
    return Attribution(speaker, (0, 1), cue, (c, c + len(cue)), content, (s, s + len(content)))


def _evidence(text: str, sentence: str, stance: str) -> EvidenceSentence:
    start = text.index(sentence)
    return EvidenceSentence(sentence, start, start + len(sentence), stance, 0.8)  # type: ignore[arg-type]


REPORTED_DENIAL = (
    "A priest who was declared dead for 48 minutes says he met God, and that she is a woman. "
    "The story spread quickly on social media over the weekend and many readers shared it. "
    'The diocese said that "the story is a hoax" and that no such priest works there. '
    "The priest could not be reached for comment by the time this article was published."
)


def test_a_refutation_only_in_quoted_words_is_the_outlets_hedge():
    text = REPORTED_DENIAL
    hoax = "the story is a hoax"
    diocese = _quoted(text, "The diocese", "said", hoax)
    model = Scripted(
        ClaimStance(
            "refutes",
            0.9,
            [
                _evidence(
                    text,
                    text[text.index("The diocese") : text.index("there.") + 6],
                    "refutes",
                )
            ],
        ),
        {hoax: "refutes"},
    )
    linked, _ = link_to_claim(CLAIM, text, [diocese], "Outlet", model=model)
    document = next(a for a in linked if a.cue == DOCUMENT_CUE)
    assert document.speaker == "Outlet" and document.stance is Stance.HEDGES
    quoted = next(a for a in linked if a.speaker == "The diocese")
    assert quoted.stance is Stance.DENIES


DEBUNK_IN_OWN_WORDS = (
    "Hoax Alert: Father O'Neal, Who Met God and Thinks She Is a Woman, Is Made Up\n\n"
    "A story about a priest who died for 48 minutes and met a female God went viral this week. "
    "He claims that she is a warm and comforting motherly figure, the story goes. "
    "There is no 71-year-old Father John O'Neal in Massachusetts whose heart stopped for 48 "
    "minutes."
)


def test_a_debunk_in_the_outlets_own_words_is_its_denial_though_the_text_discusses():
    text = DEBUNK_IN_OWN_WORDS
    sentences = [s for _, s, why in candidate_sentences(text) if not why]
    assert sentences[0].startswith("Hoax Alert:")  # a kicker is the outlet speaking
    own = [_own(text, s) for s in sentences]
    there_is_no = next(a for a in own if a.content.startswith("There is no"))
    assert there_is_no.stance is Stance.DENIES
    model = Scripted(ClaimStance("discusses", 0.8, []), {"Father John O'Neal": "supports"})
    linked, rest = link_to_claim(CLAIM, text, own, "Outlet", model=model)
    (document,) = [a for a in linked if a.cue == DOCUMENT_CUE]
    assert document.stance is Stance.DENIES and document.content == there_is_no.content
    # the outlet's own sentences about the claim are that one statement, not more of it
    assert not [a for a in linked if a.kind == VOICE and a.cue != DOCUMENT_CUE]


def test_a_debunk_about_the_claim_links_an_article_read_as_unrelated():
    text = DEBUNK_IN_OWN_WORDS
    own = [_own(text, s) for _, s, why in candidate_sentences(text) if not why]
    model = Scripted(ClaimStance("unrelated", 0.7, []), {"Father John O'Neal": "supports"})
    linked, _ = link_to_claim(CLAIM, text, own, "Outlet", model=model)
    assert [(a.cue, a.stance) for a in linked] == [(DOCUMENT_CUE, Stance.DENIES)]
    # and nothing is linked when no sentence of its own is about the claim
    model = Scripted(ClaimStance("unrelated", 0.7, []), {})
    assert link_to_claim(CLAIM, text, own, "Outlet", model=model)[0] == []


def test_an_article_that_repeats_the_claim_is_not_made_a_denial():
    text = (
        "A Catholic priest from Massachusetts was dead for 48 minutes before medics restarted "
        "his heart, and he says that he met God. There is no doubt that the story will be "
        "shared widely by believers. The priest recovered fully and returned home to his "
        "parish on Sunday, where he plans to write a book about it."
    )
    own = [_own(text, s) for _, s, why in candidate_sentences(text) if not why]
    assert not [a for a in own if a.stance is Stance.DENIES]  # "There is no doubt" asserts
    model = Scripted(ClaimStance("supports", 0.8, []), {"priest": "supports"})
    linked, _ = link_to_claim(CLAIM, text, own, "Outlet", model=model)
    assert [a.stance for a in linked if a.cue == DOCUMENT_CUE] == [Stance.ASSERTS]


def test_page_furniture_is_not_the_outlets_voice_but_a_correction_is():
    text = (
        "Photo: The priest in hospital, handed out by his family in Boston.\n\n"
        "Related article: Priests and near-death experiences in the news.\n\n"
        "Correction: This post first presented the video of the priest as real footage.\n\n"
        "UPDATE: No priest of that name has ever worked in a parish in Boston.\n"
    )
    why = {s.split(":")[0]: w for _, s, w in candidate_sentences(text)}
    assert "Photo" not in why and "Related article" not in why
    assert why["Correction"] == "" and why["UPDATE"] == ""


def test_a_contradiction_needs_a_denial_about_the_assertion():
    from veracity.extract.grouping import opposed_about_one_claim

    def att(speaker: str, content: str, stance: Stance) -> Attribution:
        return Attribution(speaker, (0, 1), "said", (2, 6), content, (7, 7 + len(content)), stance)

    items = [
        ("d1", att("Dylan Thomas", "a spider crawled under my skin in Bali", Stance.ASSERTS)),
        ("d2", att("Obama", "the sanctions have not resolved the problem", Stance.DENIES)),
        ("d3", att("Mark Harvey", "no spider can live under human skin", Stance.DENIES)),
        ("d4", att("Dylan Thomas", "the spider did not come from the hotel bed", Stance.DENIES)),
    ]
    asked: list[tuple[str, str]] = []

    def relate(proposition: str, text: str) -> str | None:
        asked.append((proposition, text))
        return "supports" if "spider" in text and "spider" in proposition else None

    assert not opposed_about_one_claim((0, 1), items, relate)  # not about each other
    assert opposed_about_one_claim((0, 1, 2), items, relate)
    assert not opposed_about_one_claim((0, 3), items, relate)  # one speaker, both sides
    assert (
        "a spider crawled under my skin in Bali",
        "the sanctions have resolved the problem",
    ) in asked


def test_a_refutation_in_a_reported_headline_or_a_url_slug_is_not_the_outlets():
    text = (
        "# The Ministry Said the Priest Story Never Happened\n\n"
        "A priest who died for 48 minutes says he met God, a story shared widely this week by "
        "readers of several tabloids in Boston and beyond, with photos of the hospital.\n\n"
        "Original url: <https://example.com/2015/02/priest-story-never-happened-why>\n"
    )
    slug = text.index("<https")
    model = Scripted(
        ClaimStance(
            "refutes",
            0.9,
            [
                _evidence(text, "The Ministry Said the Priest Story Never Happened", "refutes"),
                EvidenceSentence(text[slug:-1], slug, len(text) - 1, "refutes", 0.7),
            ],
        ),
        {},
    )
    linked, _ = link_to_claim(CLAIM, text, [], "Outlet", model=model)
    assert [(a.cue, a.stance) for a in linked] == [(DOCUMENT_CUE, Stance.HEDGES)]
