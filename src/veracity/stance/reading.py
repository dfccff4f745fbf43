"""One careful reading of a (claim, text) pair: which sentences are about the claim, and what
each says of it. Both the rules (:mod:`veracity.stance.rules`) and the trained model's features
(:mod:`veracity.stance.features`) start from a :class:`Reading`, so the evidence sentences an
analyst sees are the same whichever model decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from veracity.stance import cues
from veracity.stance.embedding import SentenceEncoder
from veracity.stance.polarity import claim_polarity, states_a_negation
from veracity.stance.result import StanceLabel
from veracity.stance.sentences import Sentence, content_words, split_sentences, stem, words

#: sentences read per text; later ones rarely decide stance and long documents must stay fast
MAX_SENTENCES = 80
#: a negation refutes only in a sentence at least this much about the claim (hand-set)
NEGATION_RELEVANCE = 0.5


@dataclass(frozen=True)
class SentenceReading:
    sentence: Sentence
    overlap: float  # share of the claim's content stems found in the sentence
    similarity: float  # cosine of sentence vectors (0 without an encoder)
    relevance: float  # how much the sentence is about the claim, 0–1
    refute_cue: str | None
    hedge_cue: str | None
    support_cue: str | None
    denial_cue: str | None
    attribution_cue: str | None
    negated: bool  # a negation the claim does not have
    question: bool
    stance: StanceLabel  # the sentence's own stance, read by rule
    reversal_cue: str | None = None  # "drops out of", "pulls out": refutes where it leads


@dataclass(frozen=True)
class Reading:
    claim: str
    text: str
    claim_stems: frozenset[str]
    sentences: list[SentenceReading]
    text_overlap: float  # share of the claim's content stems anywhere in the text
    claim_negated: bool
    claim_false: bool = False  # the claim itself says something is false ("X was a hoax")
    bigram_overlap: float = 0.0  # share of the claim's word bigrams found in the text
    doc_similarity: float = 0.0  # cosine of the claim with the text's mean sentence vector
    claim_question: bool = False  # the claim asks ("Did X happen?"): a text can only discuss it
    claim_debunks: bool = False  # "No, X didn't …" / "X is a hoax": telling X as fact refutes it

    def top(self, n: int = 3) -> list[SentenceReading]:
        return sorted(self.sentences, key=lambda s: -s.relevance)[:n]


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def _bigrams(text: str) -> set[tuple[str, str]]:
    ws = [stem(w) for w in words(text)]
    return set(zip(ws, ws[1:], strict=False))


def _negated_cue(text: str, start: int) -> bool:
    """A refutation word preceded closely by a negation ("not a hoax", "no longer denied")."""
    window = text[max(0, start - 20) : start].lower()
    return bool(cues.NEGATION.search(window))


@dataclass(frozen=True)
class SentenceCues:
    """What a sentence says regardless of the claim (computed once per sentence)."""

    refute: str | None  # a refutation word not itself negated
    denied_refutation: str | None  # "not a hoax": a negation spent on a refutation word
    hedge: str | None
    support: str | None
    negation: bool
    question: bool
    denial: str | None = None  # a reported denial ("X denied the report")
    attribution: str | None = None  # "…, officials say"
    hedges: tuple[str, ...] = ()  # every hedge word, lower case (``hedge`` is the first)
    reversal: str | None = None  # "drops out of", "pulls out of" (outside quotes)

    def hedge_beyond(self, claim_hedges: frozenset[str], claim_says: bool = False) -> str | None:
        """The first hedge word the claim does not use itself: a claim that says "priest
        claims" is echoed, not hedged, by a text that says "claims" too — or "says": when the
        claim reports a saying, any verb of saying in the text repeats it."""
        if not claim_hedges and not claim_says:
            return self.hedge
        return next(
            (
                h
                for h in self.hedges
                if h not in claim_hedges and not (claim_says and cues.SAYING.fullmatch(h))
            ),
            None,
        )

    def attribution_beyond(self, claim_says: bool) -> str | None:
        """The attribution, unless it is only a verb of saying and the claim reports a saying
        itself ("Pope tells boy …" against the claim "Pope Francis told a boy …")."""
        if claim_says and self.attribution and cues.SAYING.fullmatch(self.attribution.strip()):
            return None
        return self.attribution


#: quoted words: «he called it "fake news"» reports someone's refutation, it is not the text's
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)')
_CLOSING = re.compile(r'["”]')
#: a web address is a name, not words: "…/phone-call-never-happened-why" says nothing itself
_URL = re.compile(r"<?(?:https?://|www\.)\S+>?")


def _words_only(sentence: str) -> str:
    """A sentence without its web addresses (their words are a name, not a statement)."""
    return _URL.sub(" ", sentence) if "/" in sentence else sentence


def quote_open_after(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open at the end of ``text`` (curly quotes by kind,
    straight ones by parity): a quote that runs over several sentences ("“This is … untrue. It
    is pure fiction,” he said") keeps its later sentences someone else's words."""
    state = open_before
    for ch in text:
        if ch == "“":
            state = True
        elif ch == "”":
            state = False
        elif ch == '"':
            state = not state
    return state


def sentence_cues(text: str, *, in_quote: bool = False) -> SentenceCues:
    """A sentence's cues; ``in_quote``: it starts inside a quotation opened before it."""
    text = _URL.sub(lambda m: " " * len(m.group()), text)
    refute = None
    denied = None
    quoted = None
    quotes = [m.span() for m in _QUOTED.finditer(text)]
    if in_quote:
        close = _CLOSING.search(text)
        quotes.append((0, close.end() if close else len(text)))
    for m in cues.REFUTE.finditer(text):
        if any(a <= m.start() < b for a, b in quotes):
            quoted = quoted or m.group()
            continue
        if not _negated_cue(text, m.start()):
            refute = m.group()
            break
        denied = m.group()
    hedges = tuple(m.group().lower() for m in cues.HEDGE.finditer(text))
    return SentenceCues(
        refute=refute,
        denied_refutation=denied,
        hedge=cues.first(cues.HEDGE, text),
        support=cues.first(cues.SUPPORT, text) or denied,
        # only a negation of what the sentence states: not one in a subordinate clause ("a nun
        # who had no idea she was pregnant gave birth") or a contrast ("in Nevada, not Texas")
        negation=states_a_negation(text),
        question=cues.is_question(text),
        denial=cues.first(cues.DENIAL, text) or quoted,
        attribution=cues.first(cues.ATTRIBUTION, text),
        hedges=hedges,
        reversal=next(
            (
                m.group()
                for m in cues.REVERSAL.finditer(text)
                if not any(a <= m.start() < b for a, b in quotes)
            ),
            None,
        ),
    )


def sentence_stance(
    c: SentenceCues, *, relevance: float, claim_negated: bool, hedge: str | None
) -> StanceLabel:
    """The rules' stance of one sentence toward the claim: its own refutation words first, then
    a negation the claim lacks (in a sentence mostly about the claim), then questions, reported
    denials and hedges; otherwise it reports the claim as so."""
    negated = c.negation and not claim_negated and c.denied_refutation is None
    if c.question:
        return "discusses"  # "Was the video a hoax?" asks; it does not say so
    if c.refute:
        return "refutes"
    if negated and relevance >= NEGATION_RELEVANCE:
        return "refutes"
    if c.denial or hedge:
        return "discusses"
    return "supports"


@dataclass(frozen=True)
class TextAnalysis:
    """A text's sentences, their stems, cues and vectors: what does not depend on the claim."""

    sentences: list[Sentence]
    stems: list[frozenset[str]]
    all_stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    cues: list[SentenceCues]
    vectors: np.ndarray | None  # (sentences, dim), unit rows; None without an encoder


@dataclass
class TextCache:
    """Analyses remembered by text (at most ``max_items``, oldest dropped): FNC-1 pairs each
    article with ~28 headlines, and a user checks many claims against the same files."""

    max_items: int = 4096
    items: dict[str, TextAnalysis] = field(default_factory=dict)

    def analyse(self, texts: Sequence[str], encoder: SentenceEncoder | None) -> list[TextAnalysis]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.items]
        if missing:
            split = [split_sentences(t)[:MAX_SENTENCES] for t in missing]
            vecs = None
            if encoder is not None:
                flat = [_words_only(s.text) for ss in split for s in ss]
                vecs = encoder.encode(flat) if flat else None
            i = 0
            for t, ss in zip(missing, split, strict=True):
                stems = [frozenset(_stems(_words_only(s.text))) for s in ss]
                block = None
                if encoder is not None:
                    block = vecs[i : i + len(ss)] if vecs is not None else np.zeros((0, 1))
                i += len(ss)
                self.items[t] = TextAnalysis(
                    ss,
                    stems,
                    frozenset().union(*stems) if stems else frozenset(),
                    frozenset(_bigrams(t)),
                    _cues_in_order(t, ss),
                    block,
                )
            while len(self.items) > self.max_items:
                del self.items[next(iter(self.items))]
        return [self.items[t] for t in texts]


def _cues_in_order(text: str, sentences: list[Sentence]) -> list[SentenceCues]:
    """Each sentence's cues, knowing whether a quotation runs into it (a paragraph break
    closes any quotation left open)."""
    out = []
    open_quote = False
    prev_end = 0
    for s in sentences:
        if "\n\n" in text[prev_end : s.start]:
            open_quote = False
        out.append(sentence_cues(s.text, in_quote=open_quote))
        open_quote = quote_open_after(s.text, open_quote)
        prev_end = s.end
    return out


def read_pairs(
    pairs: Sequence[tuple[str, str]],
    encoder: SentenceEncoder | None,
    cache: TextCache | None = None,
) -> list[Reading]:
    """Readings of many pairs; new texts are split and encoded in one batch for speed."""
    cache = cache if cache is not None else TextCache()
    analyses = cache.analyse([t for _, t in pairs], encoder)
    claim_vecs = encoder.encode([c for c, _ in pairs]) if encoder is not None else None
    out = []
    for k, (claim, text) in enumerate(pairs):
        a = analyses[k]
        cstems = frozenset(_stems(claim))
        polarity = claim_polarity(claim, calls_false=sentence_cues(claim).refute is not None)
        claim_negated = polarity.negated
        claim_hedges = frozenset(m.group().lower() for m in cues.HEDGE.finditer(claim))
        claim_says = bool(cues.SAYING.search(claim))
        sims = None
        if claim_vecs is not None and a.vectors is not None and len(a.sentences):
            sims = np.clip(a.vectors @ claim_vecs[k], 0.0, 1.0)
        readings = []
        for j, s in enumerate(a.sentences):
            overlap = len(cstems & a.stems[j]) / len(cstems) if cstems else 0.0
            # a sentence with no content words (a web address, "Why?") is about nothing
            sim = float(sims[j]) if sims is not None and a.stems[j] else 0.0
            relevance = max(overlap, sim)
            c = a.cues[j]
            hedge = c.hedge_beyond(claim_hedges, claim_says)
            stance = sentence_stance(
                c, relevance=relevance, claim_negated=claim_negated, hedge=hedge
            )
            readings.append(
                SentenceReading(
                    s,
                    overlap,
                    sim,
                    relevance,
                    c.refute,
                    hedge,
                    c.support,
                    c.denial,
                    c.attribution_beyond(claim_says),
                    c.negation and not claim_negated and c.denied_refutation is None,
                    c.question,
                    stance,
                    c.reversal,
                )
            )
        text_overlap = len(cstems & a.all_stems) / len(cstems) if cstems else 0.0
        cbigrams = _bigrams(claim)
        bigram_overlap = len(cbigrams & a.bigrams) / len(cbigrams) if cbigrams else 0.0
        doc_similarity = 0.0
        if claim_vecs is not None and a.vectors is not None and len(a.sentences):
            mean = a.vectors.mean(axis=0)
            norm = float(np.linalg.norm(mean))
            doc_similarity = float(mean @ claim_vecs[k]) / norm if norm > 0 else 0.0
        out.append(
            Reading(
                claim,
                text,
                cstems,
                readings,
                text_overlap,
                claim_negated,
                polarity.calls_false,
                bigram_overlap,
                doc_similarity,
                polarity.question,
                polarity.debunks,
            )
        )
    return out
