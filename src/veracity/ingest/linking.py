"""Linking what documents say to the claim the analyst is investigating, by claim stance.

``veracity ingest FILES --claim "TEXT"`` (or ``--proposition P1``) asks the fact-checker's
question: which of these back the claim, which debunk it? Each statement extracted from a
document, and the document's own voice as a whole, is classified against the claim with
:mod:`veracity.stance` and, when it is about it, stored as a statement on that proposition:

- a quoted speaker: ``supports`` keeps the speaker's own stance (Peskov *denies* "that the call
  took place"), ``refutes`` makes it a denial (a hedge stays a hedge), ``discusses`` a hedge;
- the document's voice: the stance of the whole text toward the claim (supports → asserts,
  refutes → denies, discusses → hedges) — a hedge when no sentence that refutes it is the
  document's own (the refutation is in its quotes) —, one statement by the document's source
  quoting the sentence that weighs most; its own sentences about the claim are that
  statement, not more of it;
- ``unrelated`` (or about it with confidence under one half): not linked; it is grouped into
  propositions as without a claim. A speaker's "It is absolutely untrue" right after a linked
  statement of theirs follows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from veracity.errors import InputError
from veracity.extract.attribution import Attribution
from veracity.extract.voice import VOICE
from veracity.model import Stance

MAX_CLAIM_CHARS = 2_000  # a claim is a sentence or two; longer is a document, not a claim
LINK_CONFIDENCE = 0.5  # linked when about the claim more likely than not
DOCUMENT_CUE = "(the article)"  # the cue of the document's stance as a whole
DOCUMENT_STANCE = {"supports": Stance.ASSERTS, "refutes": Stance.DENIES, "discusses": Stance.HEDGES}


@dataclass(frozen=True, slots=True)
class ClaimTarget:
    """The proposition statements are linked to: its id, its text, and whether it is new."""

    id: str
    text: str
    new: bool = False


def claim_target(store, *, claim: str | None, proposition: str | None, new_id) -> ClaimTarget:
    """The proposition named by ``proposition`` (it must exist) or holding ``claim`` (a stored
    proposition with the same text, else a new one with id ``new_id(claim)``)."""
    if claim is not None and proposition is not None:
        raise InputError("give --claim or --proposition, not both", field="claim")
    if proposition is not None:
        p = store.proposition(proposition)  # NotFoundError names it
        return ClaimTarget(p.id, p.text)
    text = " ".join((claim or "").split())
    if not text:
        raise InputError(
            "the claim is empty", field="claim", fix='give the claim\'s text: --claim "…"'
        )
    if len(text) > MAX_CLAIM_CHARS:
        raise InputError(
            f"the claim is {len(text):,} characters, over {MAX_CLAIM_CHARS:,}",
            field="claim",
            fix="give the claim in a sentence or two, not a document",
        )
    for p in store.propositions():
        if " ".join(p.text.split()).casefold() == text.casefold():
            return ClaimTarget(p.id, p.text)
    return ClaimTarget(new_id(text), text, new=True)


def link_to_claim(
    claim: str,
    text: str,
    atts: Sequence[Attribution],
    voice_name: str | None,
    *,
    model=None,
) -> tuple[list[Attribution], list[Attribution]]:
    """``(linked, rest)``: the attributions about ``claim`` with their stance toward it (and
    the document's voice as a whole, when it has a source and is about the claim), and the
    others, left for grouping. A document's own sentences about the claim are dropped when
    the document's statement stands for them."""
    from veracity.stance import classify_many

    verdicts = [
        v.stance if v.stance != "unrelated" and v.confidence >= LINK_CONFIDENCE else None
        for v in classify_many(((claim, a.content) for a in atts), model=model)
    ]
    document = None
    if voice_name:
        own_about = [a for a, v in zip(atts, verdicts, strict=True) if a.kind == VOICE and v]
        document = _document_stance(claim, text, atts, own_about, voice_name, model)
    linked, rest = [], []
    last: dict[str | None, Attribution] = {}  # each speaker's previous linked statement
    for a, v in zip(atts, verdicts, strict=True):
        if v is None and a.kind != VOICE and a.speaker in last and _refers_back(a.content):
            v = "supports"  # "It is absolutely untrue": about what the speaker just said
        if v is None:
            rest.append(a)
            last.pop(a.speaker, None)
        elif a.kind == VOICE:
            if document is None:
                linked.append(a.with_(stance=_toward(a.stance, v)))
        else:
            linked.append(a.with_(stance=_toward(a.stance, v)))
            last[a.speaker] = a
    if document is not None:
        linked.append(document)
    return sorted(linked, key=lambda a: a.content_span), rest


def _document_stance(
    claim: str,
    text: str,
    atts: Sequence[Attribution],
    own_about: Sequence[Attribution],
    voice_name: str,
    model,
) -> Attribution | None:
    """The document's voice toward the claim.

    The stance of the whole text (the claim-stance model reads a debunker quoting experts as
    refuting), with two corrections from who says what:

    - a refutation made only in others' words (a quoted denial, "X said it was a hoax") is a
      hedge: an article that reports a denial does not deny. The outlet's words are every
      sentence no attribution or quotation covers and that reports no one's words — its
      headline, a kicker ("Hoax Alert: …"), a caption or a correction too; not page
      furniture (a link line, "Original url: <…>", whose slug may read "…-never-happened");
    - a debunk in the outlet's own words about the claim ("There is no Father O'Neal in
      Massachusetts", "the video has been doctored") is a denial, whatever the rest of the
      text discusses: the outlet takes the side, and its other sentences only tell the story.

    ``own_about``: the document's own sentences that claim stance finds about the claim.
    Quotes the sentence that weighs most (its own debunk, else its own evidence sentence)."""
    from veracity.stance import classify

    whole = classify(claim, text, model=model)
    related = whole.stance in DOCUMENT_STANCE and whole.confidence >= LINK_CONFIDENCE
    outlet = _outlets_words(text, atts)
    own = [a for a in atts if a.kind == VOICE]
    in_evidence = [
        a for a in own if any(_overlaps((e.start, e.end), a.content_span) for e in whole.evidence)
    ]
    debunks = [
        a
        for a in dict.fromkeys([*own_about, *(in_evidence if related else [])])
        if a.stance is Stance.DENIES
    ]
    if not related and not debunks:
        return None
    stance = DOCUMENT_STANCE[whole.stance] if related else Stance.DENIES
    refuting = [(e.start, e.end) for e in whole.evidence if e.stance == "refutes"]
    if (
        stance is Stance.DENIES
        and refuting
        and not debunks
        and not any(_overlaps(r, o) for r in refuting for o in outlet)
    ):
        # the refutation is all in others' words: the article reports a denial
        stance = Stance.HEDGES
    if debunks:
        stance = Stance.DENIES
        span, quote = debunks[0].content_span, debunks[0].content
    elif whole.evidence:
        mine = [e for e in whole.evidence if any(_overlaps((e.start, e.end), o) for o in outlet)]
        best = max(mine or whole.evidence, key=lambda e: e.score)
        span, quote = (best.start, best.end), best.text
    elif own:
        span, quote = own[0].content_span, own[0].content
    else:
        return None
    return Attribution(
        speaker=voice_name,
        speaker_span=None,
        cue=DOCUMENT_CUE,
        cue_span=(span[0], span[0]),
        content=quote,
        content_span=span,
        stance=stance,
        kind=VOICE,
    )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# why a sentence is not the outlet's own claim, for these reasons only because it is someone
# else's: questions, hypotheses and fragments are still the outlet's words
_SOMEONE_ELSES = frozenset(["attributed", "quoted", "reports someone else's words"])


def _outlets_words(text: str, atts: Sequence[Attribution]) -> list[tuple[int, int]]:
    """Spans of the sentences in the outlet's own words: not page furniture (a byline, a link
    line, "Original url: <…>"), not an attribution's cue or content, not a quotation, not a
    report of what someone said ("The Kremlin Said Trump-Putin Phone Call Never Happened")."""
    from veracity.extract.voice import candidate_sentences

    others = [a for a in atts if a.kind != VOICE]
    return [span for span, _, why in candidate_sentences(text, others) if why not in _SOMEONE_ELSES]


_REFERS = re.compile(r"^[“\"'‘]?\s*(?:this|it|that|these|those)\s+(?:is|was|are|were)\b", re.I)


def _refers_back(content: str) -> bool:
    return bool(_REFERS.match(content.strip()))


def _toward(own: Stance, claim_stance: str) -> Stance:
    """A speaker's stance toward the claim from their stance toward their own words and their
    words' stance toward the claim."""
    if claim_stance == "supports":
        return own
    if claim_stance == "refutes":
        return Stance.HEDGES if own is Stance.HEDGES else Stance.DENIES
    return Stance.HEDGES
