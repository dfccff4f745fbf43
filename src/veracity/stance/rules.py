"""The shipped default: stance by rule, with relatedness from word overlap and the packaged
sentence embeddings. Nothing here was learned from research-only data: every constant in
:class:`RuleSettings` was set by hand and checked on FNC-1 *train* (BENCHMARKS.md, "Claim
stance", says which figure each check gave).

How a text's stance toward a claim is decided, in order:

1. **unrelated** when the claim's content words and meaning are not in the text
   (relatedness = mean of the best sentence's relevance and the share of the claim's content
   words found anywhere in the text, below ``related``).
2. **discusses** when the claim is a question ("Did X happen?" asserts nothing to agree with;
   :mod:`.polarity`).
3. **refutes** when the text calls something false in its own words ("hoax", "debunked",
   "no evidence that", "fake", "made up", "satire", "exaggerated") and that word is not itself
   negated ("not a hoax"), or when enough sentences about the claim negate what it affirms, or
   when a headline or an article's lead reports a denial ("Police deny …": what a text leads
   with is its stance). A debunker who quotes the claim ("The claim that X is a hoax") is
   caught here because the quoting sentence carries the refutation word. When the claim itself
   says something is false or negates it ("the video was staged", "X is not dead"), a text
   that calls the story false **supports** it.
4. **discusses** when enough of the sentences about the claim hedge ("reportedly", "claims",
   "allegedly"), ask ("Did X?"), or report someone else's denial further down an article (the
   outlet tells of a dispute without taking a side); in a headline, attribution ("…, officials
   say") is a hedge too.
5. **refutes** when the claim is a debunking headline ("No, X didn't …", "X is a hoax") and
   the text tells X as fact; otherwise **supports**.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from veracity.stance.embedding import SentenceEncoder, default_encoder
from veracity.stance.reading import Reading, SentenceReading, TextCache, read_pairs
from veracity.stance.result import ClaimStance, EvidenceSentence


@dataclass(frozen=True)
class RuleSettings:
    """Hand-set thresholds; BENCHMARKS.md ("Claim stance") lists the settings tried on FNC-1
    train and what each gave. None was fitted by an optimiser."""

    related: float = 0.35  # relatedness at or above which the text is about the claim
    relevant: float = 0.3  # sentence relevance at or above which its cues count
    lead: int = 2  # the first sentences (headline, lead) always count
    refute_share: float = 0.15  # share of counted sentences refuting, to refute
    refute_anywhere: int = 1  # own-voice refutation words anywhere in the text, to refute
    hedge_share: float = 0.15  # share of counted sentences hedging, to call it discussion
    denial_refutes: bool = False  # a reported denial ("officials denied it") counts as refuting
    attribution_hedges: bool = False  # "…, officials say" counts as hedging in any text
    headline_attribution: bool = True  # …and in a one-sentence text (a headline, a post)
    lead_denial: int = 1  # a denial in the first sentence (a headline, an article's lead) refutes
    evidence: int = 3  # evidence sentences returned
    polarity: bool = True  # read the claim's own polarity (question, negation, debunk; below)


class RulesModel:
    """Claim stance by rule. ``encoder=None`` uses word overlap alone (no model files)."""

    name = "rules"

    def __init__(
        self,
        settings: RuleSettings | None = None,
        *,
        encoder: SentenceEncoder | None = None,
        use_encoder: bool = True,
    ) -> None:
        self.settings = settings or RuleSettings()
        self._encoder = encoder
        self._use_encoder = use_encoder
        self.cache = TextCache()

    @property
    def encoder(self) -> SentenceEncoder | None:
        if self._encoder is None and self._use_encoder:
            self._encoder = default_encoder()
        return self._encoder

    def classify_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[ClaimStance]:
        return [self.decide(r) for r in read_pairs(pairs, self.encoder, self.cache)]

    def classify_many(
        self, pairs: Iterable[tuple[str, str]], *, batch: int = 64
    ) -> Iterator[ClaimStance]:
        it = iter(pairs)
        while chunk := list(islice(it, batch)):
            yield from self.classify_pairs(chunk)

    def decide(self, reading: Reading) -> ClaimStance:
        s = self.settings
        evidence = evidence_of(reading, s.evidence)
        if not reading.sentences:
            return ClaimStance("unrelated", 1.0, [], "empty text")
        top = reading.top(1)[0]
        relatedness = 0.5 * top.relevance + 0.5 * reading.text_overlap
        if relatedness < s.related:
            conf = _sigmoid((s.related - relatedness) * 10)
            return ClaimStance("unrelated", conf, evidence, f"relatedness {relatedness:.2f}")
        counted = [
            r for i, r in enumerate(reading.sentences) if i < s.lead or r.relevance >= s.relevant
        ]
        n = len(counted)
        # a headline leads with what it chooses to tell: attribution there is the outlet's
        # own hedge ("…, officials say") and a denial its stance ("Police deny …"), as is a
        # denial in an article's lead; further down an article body "said" and "denied" are
        # everywhere and mean nothing of the kind
        headline = len(reading.sentences) == 1
        attributing = s.attribution_hedges or (s.headline_attribution and headline)
        lead_rows = reading.sentences[: s.lead_denial]
        refuting = [
            r
            for r in counted
            if r.stance == "refutes"
            or ((s.denial_refutes or r in lead_rows) and r.denial_cue and not r.question)
            or (r in lead_rows and r.reversal_cue and not r.question)
        ]
        hedging = [
            r
            for r in counted
            if r not in refuting
            and (r.stance == "discusses" or (attributing and r.attribution_cue))
        ]
        # the text's own refutation words anywhere, not in a question ("Was it a hoax?" asks)
        own_refutations = [r for r in reading.sentences if r.refute_cue and not r.question]
        related_conf = _sigmoid((relatedness - s.related) * 10)
        if s.polarity and reading.claim_question:
            # a question asserts nothing: a text can answer it but not agree or disagree
            conf = related_conf * 0.75
            return ClaimStance("discusses", conf, evidence, "the claim is a question")
        refutes = len(refuting) / n >= s.refute_share if refuting else False
        if s.refute_anywhere and len(own_refutations) >= s.refute_anywhere:
            refutes = True
        if refutes:
            first = (refuting or own_refutations)[0]
            evidence = with_sentence(evidence, first)
            cue = first.refute_cue or first.denial_cue or first.reversal_cue
            cue = cue or "a negation of the claim"
            share = max(len(refuting) / n, min(1.0, len(own_refutations) / 4))
            conf = related_conf * min(0.95, 0.5 + share)
            # a refutation only far from the claim's words may be about something else in a
            # text about several things: say so, and show the sentence (with_sentence above)
            where = "" if refuting else ", not in a sentence about the claim"
            if reading.claim_false or (s.polarity and reading.claim_negated):
                # the claim itself calls something false ("X was a hoax") or denies it ("X is
                # not dead"): a text that calls the story false agrees with it
                why = f"the claim and the text both say false ({cue!r}{where})"
                return ClaimStance("supports", conf, evidence, why)
            return ClaimStance("refutes", conf, evidence, f"refutation {cue!r}{where}")
        if hedging and len(hedging) / n >= s.hedge_share:
            h = hedging[0]
            evidence = with_sentence(evidence, h)
            hedge = "a question" if h.question else None
            hedge = hedge or h.hedge_cue or h.denial_cue or h.attribution_cue or "hedging"
            conf = related_conf * min(0.95, 0.5 + len(hedging) / n)
            return ClaimStance("discusses", conf, evidence, f"hedging {hedge!r}")
        conf = related_conf * 0.75
        if s.polarity and reading.claim_debunks:
            # "No, X didn't …" / "X is a hoax", and the text tells X as fact
            why = "the claim debunks a story the text reports as fact"
            return ClaimStance("refutes", conf, evidence, why)
        return ClaimStance("supports", conf, evidence, "reports the claim without hedging")


def evidence_of(reading: Reading, n: int) -> list[EvidenceSentence]:
    """The ``n`` sentences most about the claim (relevance > 0), most relevant first."""
    return [
        EvidenceSentence(r.sentence.text, r.sentence.start, r.sentence.end, r.stance, r.relevance)
        for r in reading.top(n)
        if r.relevance > 0
    ]


def with_sentence(evidence: list[EvidenceSentence], r: SentenceReading) -> list[EvidenceSentence]:
    """The evidence with the sentence that decided the stance added when it is not among the
    most relevant ones: an analyst must see the words the decision rests on."""
    if any(e.start == r.sentence.start for e in evidence):
        return evidence
    s = r.sentence
    return [*evidence, EvidenceSentence(s.text, s.start, s.end, r.stance, r.relevance)]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
