"""Stance of an attribution toward its content's proposition: asserts, denies or hedges.

Decided in order, first match wins, so that each outcome has one readable reason:
1. a hedging cue phrase ("declined to confirm", "would not comment")              → hedges
2. a negated denial cue ("did not deny")                                         → hedges
3. a denial cue verb ("denied", "dismissed", "pushed back on")                   → denies
4. denial language in the content ("pure fiction", "fake news", "never happened") → denies
5. uncertainty in the content ("not sure", "could not confirm")                   → hedges
6. the content's main verb negated, for an event or a fact ("the call did not take place")
   and not a promise or an ability ("will not raise taxes")                      → denies
7. a hedging cue verb ("suggested", "speculated") or hedging words in the content → hedges
8. otherwise                                                                     → asserts
"""

from __future__ import annotations

from veracity.extract.cues import (
    DENIAL_PATTERNS,
    DENY_CUES,
    HEDGE_CUE_PATTERNS,
    HEDGE_CUES,
    HEDGE_PATTERNS,
    UNCERTAINTY_PATTERNS,
)
from veracity.model import Stance


def classify_stance(
    *,
    cue: str,
    cue_lemma: str,
    content: str,
    cue_context: str = "",
    cue_negated: bool = False,
    content_negated: bool = False,
    content_modal: bool = False,
) -> tuple[Stance, str]:
    """``(stance, reason)``. ``cue_context`` is the text around the cue ("declined to confirm")."""
    around = f"{cue_context} {cue}"
    for pat in HEDGE_CUE_PATTERNS:
        if hit := pat.search(around):
            return Stance.HEDGES, f"hedging cue {hit.group()!r}"
    lemma = cue_lemma.lower()
    if lemma in DENY_CUES or lemma in ("push back", "brush off", "shoot down", "knock down"):
        if cue_negated:
            return Stance.HEDGES, f"negated denial cue {cue!r}"
        return Stance.DENIES, f"denial cue {cue!r}"
    for pat in DENIAL_PATTERNS:
        m = pat.search(content)
        if m:
            return Stance.DENIES, f"denial language {m.group()!r}"
    for pat in UNCERTAINTY_PATTERNS:
        m = pat.search(content)
        if m:
            return Stance.HEDGES, f"uncertainty {m.group()!r}"
    if content_negated and not content_modal:
        return Stance.DENIES, "the content's main verb is negated"
    if lemma in HEDGE_CUES:
        return Stance.HEDGES, f"hedging cue {cue!r}"
    for pat in HEDGE_PATTERNS:
        m = pat.search(content)
        if m:
            return Stance.HEDGES, f"hedging language {m.group()!r}"
    return Stance.ASSERTS, "reporting cue, no denial or hedging language"
