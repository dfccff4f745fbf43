"""The numbers behind the words: Heuer's scale, PARC's weights, and the likelihood-ratio mapping.

Everything an ACH score multiplies by is defined here, once, so that a reader can check it.

**Heuer's weighted inconsistency (as PARC ACH 1.1).** Only disconfirming evidence counts:
I counts 1, II counts 2, and CC, C, N, NA count 0 (PARC shows them as -1 and -2). Each item's
count is multiplied by its credibility weight and its relevance weight, Low = 1/√2, Medium = 1,
High = √2 (ACH 1.1 technical description, PARC with Richards Heuer; the weights are as given
there and summarised at https://www.herox.com/IARPAGFChallenge/forum/thread/2677). The hypothesis
with the *least* weighted inconsistency leads.

**Credibility as a probability.** veracity gives every evidence item a credibility
``c`` in [0, 1]: the probability that the item is true (for an item linked to a proposition, the
assessment's probability of that value; for a statement, the reliability of its source). The
analyst's Low / Medium / High map to c = 1/2, 1/√2, 1 and the Heuer credibility weight is
``√2 · c``, which gives back PARC's 1/√2, 1, √2 exactly and extends it to any probability: an
item the assessment thinks is probably false weighs little.

**The Bayesian score.** Each step on Heuer's scale is read as a factor of ``LR_BASE`` = 2 in the
likelihood of seeing the evidence under the hypothesis, relative to a neutral hypothesis:
CC → 4, C → 2, N → 1, I → 1/2, II → 1/4, NA and unrated → 1 (no information). Relevance is an
exponent: ``LR = 2 ** (step · relevance weight)``, so a High-relevance CC is 2^(2√2) ≈ 7.1. The
item's credibility tempers the ratio as a mixture — with probability c the item is true and
carries its ratio, otherwise it says nothing — so the factor used is ``c · LR + (1 − c)``: it
moves towards 1 as c falls and is never stronger than the untempered ratio. With a uniform prior
the posterior over hypotheses is the normalised product of these factors. The choice of 2 per step
is a convention (as PARC's √2 per level is), stated so that it can be changed and argued about.
"""

from __future__ import annotations

import math

from veracity.model.ach import Consistency, Level

#: the likelihood factor of one step on Heuer's scale
LR_BASE = 2.0

#: PARC ACH's inconsistency counts: only disconfirming ratings count
INCONSISTENCY: dict[Consistency, int] = {
    Consistency.CC: 0,
    Consistency.C: 0,
    Consistency.N: 0,
    Consistency.I: 1,
    Consistency.II: 2,
    Consistency.NA: 0,
}

#: the credibility probability of the analyst's levels; √2·c gives PARC's weights back
LEVEL_CREDIBILITY: dict[Level, float] = {
    Level.LOW: 0.5,
    Level.MEDIUM: 1 / math.sqrt(2),
    Level.HIGH: 1.0,
}


def inconsistency(step: float) -> float:
    """Heuer's count for a (possibly averaged) step: I (-1) → 1, II (-2) → 2, others → 0."""
    return max(0.0, -step)


def credibility_weight(probability: float) -> float:
    """PARC's credibility weight for a credibility probability (√2·c; 1/2 → 1/√2, 1 → √2)."""
    return math.sqrt(2) * probability


def likelihood_ratio(step: float, relevance: float) -> float:
    """The untempered ratio of a step with a relevance weight: ``LR_BASE ** (step · relevance)``."""
    return LR_BASE ** (step * relevance)


def tempered(ratio: float, credibility: float) -> float:
    """The ratio an item of credibility ``c`` actually carries: ``c · ratio + (1 − c)``."""
    return credibility * ratio + (1.0 - credibility)
