"""One careful reading of a (claim, text) pair: which sentences are about the claim, and what
each says of it. Both the rules (:mod:`veracity.stance.rules`) and the trained model's features
(:mod:`veracity.stance.features`) start from a :class:`Reading`, so the evidence sentences an
analyst sees are the same whichever model decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veracity.stance import cues
from veracity.stance.embedding import SentenceEncoder
from veracity.stance.result import StanceLabel
from veracity.stance.sentences import Sentence, content_words, split_sentences, stem

#: sentences read per text; later ones rarely decide stance and long documents must stay fast
MAX_SENTENCES = 80


@dataclass(frozen=True)
class SentenceReading:
    sentence: Sentence
    overlap: float  # share of the claim's content stems found in the sentence
    similarity: float  # cosine of sentence vectors (0 without an encoder)
    relevance: float  # how much the sentence is about the claim, 0–1
    refute_cue: str | None
    hedge_cue: str | None
    support_cue: str | None
    negated: bool  # a negation the claim does not have
    question: bool
    stance: StanceLabel  # the sentence's own stance, read by rule


@dataclass(frozen=True)
class Reading:
    claim: str
    text: str
    claim_stems: frozenset[str]
    sentences: list[SentenceReading]
    text_overlap: float  # share of the claim's content stems anywhere in the text
    claim_negated: bool

    def top(self, n: int = 3) -> list[SentenceReading]:
        return sorted(self.sentences, key=lambda s: -s.relevance)[:n]


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def _negated_cue(text: str, start: int) -> bool:
    """A refutation word preceded closely by a negation ("not a hoax", "no longer denied")."""
    window = text[max(0, start - 20) : start].lower()
    return bool(cues.NEGATION.search(window))


def sentence_stance(
    text: str, *, relevance: float, claim_negated: bool
) -> tuple[StanceLabel, str | None, str | None, str | None, bool, bool]:
    """The rules' stance of one sentence toward the claim, with the cues found."""
    refute = None
    denied_refutation = None  # "not a hoax": a negation spent on a refutation word
    for m in cues.REFUTE.finditer(text):
        if not _negated_cue(text, m.start()):
            refute = m.group()
            break
        denied_refutation = m.group()
    hedge = cues.first(cues.HEDGE, text)
    support = cues.first(cues.SUPPORT, text) or denied_refutation
    negated = bool(cues.NEGATION.search(text)) and not claim_negated and denied_refutation is None
    question = cues.is_question(text)
    stance: StanceLabel
    if refute:
        stance = "refutes"
    elif question:
        stance = "discusses"
    elif negated and relevance >= 0.5:
        stance = "refutes"
    elif hedge:
        stance = "discusses"
    else:
        stance = "supports"
    return stance, refute, hedge, support, negated, question


def read_pairs(pairs: Sequence[tuple[str, str]], encoder: SentenceEncoder | None) -> list[Reading]:
    """Readings of many pairs; sentence vectors are computed in one batch for speed."""
    split = [split_sentences(text)[:MAX_SENTENCES] for _, text in pairs]
    sims: list[np.ndarray] = []
    if encoder is not None:
        claims = [c for c, _ in pairs]
        cv = encoder.encode(claims)
        all_sents = [s.text for ss in split for s in ss]
        sv = encoder.encode(all_sents) if all_sents else np.zeros((0, cv.shape[1]))
        i = 0
        for k, ss in enumerate(split):
            block = sv[i : i + len(ss)]
            sims.append(np.clip(block @ cv[k], 0.0, 1.0) if len(ss) else np.zeros(0))
            i += len(ss)
    out = []
    for k, (claim, text) in enumerate(pairs):
        cstems = frozenset(_stems(claim))
        claim_negated = bool(cues.NEGATION.search(claim))
        readings = []
        for j, s in enumerate(split[k]):
            sstems = _stems(s.text)
            overlap = len(cstems & sstems) / len(cstems) if cstems else 0.0
            sim = float(sims[k][j]) if sims else 0.0
            relevance = max(overlap, sim) if sims else overlap
            stance, refute, hedge, support, negated, question = sentence_stance(
                s.text, relevance=relevance, claim_negated=claim_negated
            )
            readings.append(
                SentenceReading(
                    s, overlap, sim, relevance, refute, hedge, support, negated, question, stance
                )
            )
        all_stems = set().union(*(_stems(s.text) for s in split[k])) if split[k] else set()
        text_overlap = len(cstems & all_stems) / len(cstems) if cstems else 0.0
        out.append(Reading(claim, text, cstems, readings, text_overlap, claim_negated))
    return out
