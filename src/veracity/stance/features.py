"""Numeric features of a :class:`~veracity.stance.reading.Reading`, for trained stance models.

The kinds the FNC-1 front runners found useful, built from what a reading already holds:
relatedness (word, bigram and embedding overlap of claim and text, overall, in the lead and in
the best sentences), and stance cues (refutation, hedging, support, negation, questions) counted
over the whole text, its lead, the sentences most about the claim, and weighted by relevance;
plus the claim's own cues (a headline that says "hoax" or asks a question), and the shipped
rules' decision on the pair (:class:`~veracity.stance.rules.RulesModel`), so a trained model
starts from what the hand-written rules conclude (the claim's polarity, a headline's hedge).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from veracity.stance.reading import Reading, SentenceReading
from veracity.stance.result import STANCES
from veracity.stance.rules import RulesModel

_RULES = RulesModel(use_encoder=False)  # decides from a reading; never encodes itself

_CUES = ("refute", "hedge", "support", "negated", "question", "denial", "attribution")
_GROUPS = ("all", "lead", "top3", "relevant")

FEATURE_NAMES: tuple[str, ...] = (
    "text_overlap",
    "bigram_overlap",
    "doc_similarity",
    "top1_relevance",
    "max_overlap",
    "max_similarity",
    "top3_relevance",
    "lead_overlap",
    "lead_similarity",
    "mean_similarity",
    "claim_words",
    "log_sentences",
    "claim_refute",
    "claim_hedge",
    "claim_question",
    "claim_negation",
    "claim_false",
    *(f"{g}_{c}" for g in _GROUPS for c in _CUES),
    "weighted_refute",
    "weighted_hedge",
    "weighted_support",
    "refute_max_relevance",
    "hedge_max_relevance",
    "support_max_relevance",
    "log_refute_count",
    # the shipped rules' own decision (stacking): the trees may trust or overrule it
    "rules_supports",
    "rules_refutes",
    "rules_discusses",
    "rules_unrelated",
    "rules_confidence",
)


def _flags(r: SentenceReading) -> tuple[float, ...]:
    return (
        float(r.refute_cue is not None),
        float(r.hedge_cue is not None),
        float(r.support_cue is not None),
        float(r.negated),
        float(r.question),
        float(r.denial_cue is not None),
        float(r.attribution_cue is not None),
    )


def _shares(rows: Sequence[SentenceReading]) -> list[float]:
    if not rows:
        return [0.0] * len(_CUES)
    f = np.array([_flags(r) for r in rows])
    return list(f.mean(axis=0))


def features(reading: Reading) -> list[float]:
    """One row of :data:`FEATURE_NAMES` values."""
    ss = reading.sentences
    from veracity.stance import cues

    claim = reading.claim
    claim_cues = [
        float(bool(cues.REFUTE.search(claim))),
        float(bool(cues.HEDGE.search(claim))),
        float(cues.is_question(claim)),
        float(reading.claim_negated),
        float(reading.claim_false),
    ]
    decision = _RULES.decide(reading)
    rules = [float(decision.stance == k) for k in STANCES] + [decision.confidence]
    if not ss:
        return (
            [0.0] * 10
            + [float(len(reading.claim_stems)), 0.0, *claim_cues]
            + [0.0] * (len(FEATURE_NAMES) - 17 - len(rules))
            + rules
        )
    top = reading.top(3)
    rel = np.array([r.relevance for r in ss])
    flags = np.array([_flags(r) for r in ss])
    groups = (
        ss,
        ss[:2],
        top,
        [r for r in ss if r.relevance >= 0.3],
    )
    weights = rel / rel.sum() if rel.sum() > 0 else np.zeros_like(rel)
    weighted = weights @ flags[:, :3]

    def max_rel(col: int) -> float:
        hit = flags[:, col] > 0
        return float(rel[hit].max()) if hit.any() else 0.0

    row = [
        reading.text_overlap,
        reading.bigram_overlap,
        reading.doc_similarity,
        top[0].relevance,
        max(r.overlap for r in ss),
        max(r.similarity for r in ss),
        float(np.mean([r.relevance for r in top])),
        ss[0].overlap,
        ss[0].similarity,
        float(np.mean([r.similarity for r in ss])),
        float(len(reading.claim_stems)),
        math.log1p(len(ss)),
        *claim_cues,
    ]
    for g in groups:
        row.extend(_shares(g))
    row.extend(float(x) for x in weighted)
    row.extend([max_rel(0), max_rel(1), max_rel(2), math.log1p(float(flags[:, 0].sum()))])
    row.extend(rules)
    return row


def feature_matrix(readings: Sequence[Reading]) -> np.ndarray:
    return np.array([features(r) for r in readings], dtype=np.float32).reshape(
        len(readings), len(FEATURE_NAMES)
    )
