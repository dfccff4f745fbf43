"""Fact-checkers' ratings to a proposition's value: the documented map behind ClaimReview import.

A ClaimReview rates a claim in words (``alternateName``: "Pants on Fire", "Mostly True",
"Misleading"…) and, often, on a number scale (``ratingValue`` between ``worstRating`` and
``bestRating``). A track record needs a yes or no: was the claimant right? So each rating falls in
one of these classes, and only the first two resolve the proposition:

- ``true`` — the claim holds ("True", "Mostly True", "Correct", "Accurate", "One Pinocchio"…);
- ``false`` — it does not ("False", "Pants on Fire", "Mostly False", "Misleading", "Fake"…);
- ``mixed`` — the ambiguous middle ("Half True", "Mixture", "Missing context", "Two
  Pinocchios"…): no resolution, counted;
- ``unproven`` — not established either way ("Unproven", "Unverified", "No evidence"…);
- ``not-a-claim`` — not a truth rating at all ("Satire", "Opinion", "Full Flop"…);
- ``estimate`` — a model's estimate, as ``veracity export --format claimreview`` writes it; never
  a verdict.

Words are compared after folding case, accents, punctuation and spacing ("PANTS-ON-FIRE!" is
"pants on fire"); a long rating is read by its leading clause ("False: the photo is from 2015").
Numbers are scaled to [0, 1] by ``(value - worst) / (best - worst)`` (schema.org's defaults: best
5, worst 1): below 0.4 is false, above 0.6 true, between them (3 of 1–5; mostly-false and
half-true of PolitiFact's 1–6) the ambiguous middle. When both are given the words decide — they
are what the fact-checker wrote for readers — unless the number says the opposite (words true,
number false or the reverse): then the review is left unresolved and counted as a disagreement
(schema.org's own example pairs the words "True" with 1 of 6).

>>> rating_verdict("Pants on Fire!").value
'false'
>>> rating_verdict(None, 4, best=5, worst=1).value
'true'
>>> rating_verdict("Half True").kind
'mixed'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TRUE_CLASS = "true"
FALSE_CLASS = "false"
MIXED = "mixed"
UNPROVEN = "unproven"
NOT_A_CLAIM = "not-a-claim"
ESTIMATE = "estimate"
#: kinds of "no verdict" that are not a class of rating
UNKNOWN = "unknown"  # words not in the map and no usable number
DISAGREE = "disagree"  # words and number point opposite ways
NO_RATING = "no-rating"  # neither words nor number

#: scaled numeric ratings strictly below this are false, strictly above ``TRUE_ABOVE`` true
FALSE_BELOW = 0.4
TRUE_ABOVE = 0.6
#: schema.org's defaults for a Rating without bestRating / worstRating
DEFAULT_BEST = 5.0
DEFAULT_WORST = 1.0

_CLASS_WORDS: dict[str, str] = {
    TRUE_CLASS: """
        true | mostly true | correct | mostly correct | accurate | mostly accurate
        | largely accurate | largely true | broadly true | verified | confirmed | real | right
        | correct attribution | geppetto checkmark | one pinocchio | no pinocchios
        """,
    FALSE_CLASS: """
        false | pants on fire | pants fire | mostly false | barely true | incorrect
        | mostly incorrect | inaccurate | mostly inaccurate | wrong | very wrong | fake
        | fake news | hoax | fabricated | fabrication | misleading | partly false | partially false
        | distorts the facts | spins the facts | exaggerated | exaggeration | exaggerates
        | altered | altered photo | altered video | manipulated | manipulated media | doctored
        | miscaptioned | misattributed | false context | false connection | not true | untrue
        | baseless | unfounded | debunked | scam | conspiracy theory | four pinocchios
        | three pinocchios | bottomless pinocchio | whopper | false and misleading | imposter
        """,
    MIXED: """
        half true | mixture | mixed | partly true | partially true | half correct
        | missing context | lacks context | needs context | cherry picks | cherry picking
        | two pinocchios | issue is more complex | somewhat true | somewhat false
        | true and false | half right | out of context | outdated | in dispute | disputed
        """,
    UNPROVEN: """
        unproven | unverified | unverifiable | unsupported | no evidence | lacks evidence
        | not enough evidence | insufficient evidence | research in progress | too early to tell
        | undetermined | unsubstantiated | unclear | legend
        """,
    NOT_A_CLAIM: """
        satire | labeled satire | opinion | not a claim | not rated | no rating | parody
        | full flop | half flip | no flip | flip flop | explainer | in the works | stalled
        | compromise | promise kept | promise broken
        """,
}

#: normalised rating words -> class (the table in docs/claimreview.md is written from this)
RATING_CLASSES: dict[str, str] = {
    words.strip(): cls
    for cls, block in _CLASS_WORDS.items()
    for words in block.split("|")
    if words.strip()
}

# Openers that come before the rating itself in a sentence-like rating ("Our ruling: False").
_OPENERS = (
    "rating",
    "verdict",
    "ruling",
    "our ruling",
    "our rating",
    "this is",
    "this claim is",
    "the claim is",
    "claim is",
    "it is",
    "this is a",
)
_CLAUSE_END = re.compile(r"[.:;!?(\[\u2013\u2014]|,\s|\s-\s")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one review's rating says about its claim.

    ``value`` is ``"true"``, ``"false"`` or None (no resolution); ``kind`` is the rating's class
    or, when there is none, why (``unknown``, ``disagree``, ``no-rating``); ``reason`` says it in
    words for a resolution's note.
    """

    value: str | None
    kind: str
    reason: str


def normalise_rating(text: str) -> str:
    """Fold case, accents, punctuation and spacing: "  Pants-on-Fire! " -> "pants on fire"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    folded = folded.replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub(" ", folded).strip()


def rating_class(text: str) -> str | None:
    """The class of a textual rating, or None if the map does not know it.

    The whole text is tried first, then its leading clause, each without an opener such as
    "Our ruling:"; a text that starts "model estimate" is veracity's own export.
    """
    whole = normalise_rating(text)
    if whole.startswith("model estimate"):
        return ESTIMATE
    clauses = [normalise_rating(c) for c in _CLAUSE_END.split(text, maxsplit=2)]
    candidates = [whole, clauses[0]]
    if len(clauses) > 1 and clauses[0] in _OPENERS:  # "Our ruling: False."
        candidates.append(clauses[1])
    for words in candidates:
        if words in RATING_CLASSES:
            return RATING_CLASSES[words]
        for opener in _OPENERS:
            if words.startswith(opener + " ") and words[len(opener) + 1 :] in RATING_CLASSES:
                return RATING_CLASSES[words[len(opener) + 1 :]]
    return None


def scaled_rating(value: float, *, best: float | None = None, worst: float | None = None) -> float:
    """``value`` on [0, 1] between ``worst`` (0) and ``best`` (1); ValueError if out of range."""
    hi = DEFAULT_BEST if best is None else best
    lo = DEFAULT_WORST if worst is None else worst
    if not hi > lo:
        raise ValueError(f"bestRating {hi:g} is not above worstRating {lo:g}")
    if not lo <= value <= hi:
        raise ValueError(f"ratingValue {value:g} is outside worstRating {lo:g}..bestRating {hi:g}")
    return (value - lo) / (hi - lo)


def scale_class(scaled: float) -> str:
    """``false`` below 0.4, ``true`` above 0.6, ``mixed`` between (both ends included)."""
    if scaled < FALSE_BELOW - 1e-9:
        return FALSE_CLASS
    if scaled > TRUE_ABOVE + 1e-9:
        return TRUE_CLASS
    return MIXED


_VALUE_OF = {TRUE_CLASS: "true", FALSE_CLASS: "false"}


def rating_verdict(
    text: str | None,
    value: float | None = None,
    *,
    best: float | None = None,
    worst: float | None = None,
) -> Verdict:
    """The verdict of a rating given as words, a number, or both (see the module docstring).

    Raises ValueError for a number outside its scale (the reader names the field).
    """
    from_words = rating_class(text) if text is not None and text.strip() else None
    from_number = None
    number_note = ""
    if value is not None:
        s = scaled_rating(value, best=best, worst=worst)
        from_number = scale_class(s)
        hi = DEFAULT_BEST if best is None else best
        lo = DEFAULT_WORST if worst is None else worst
        number_note = f"{value:g} on {lo:g}..{hi:g}"
    shown = f'"{text.strip()}"' if text is not None and text.strip() else ""
    if from_words is not None:
        opposite = {from_words, from_number} == {TRUE_CLASS, FALSE_CLASS}
        if opposite:
            return Verdict(None, DISAGREE, f"rated {shown} but {number_note}: they disagree")
        reason = f"rated {shown}" + (f" ({number_note})" if number_note else "")
        return Verdict(_VALUE_OF.get(from_words), from_words, reason)
    if from_number is not None:
        reason = f"rated {number_note}" + (f" ({shown} not in the rating map)" if shown else "")
        return Verdict(_VALUE_OF.get(from_number), from_number, reason)
    if shown:
        return Verdict(None, UNKNOWN, f"rated {shown}, which the rating map does not know")
    return Verdict(None, NO_RATING, "no rating given")


_CLASS_MEANING = {
    TRUE_CLASS: "resolution **true**",
    FALSE_CLASS: "resolution **false**",
    MIXED: "no resolution (the ambiguous middle), counted",
    UNPROVEN: "no resolution (not established), counted",
    NOT_A_CLAIM: "no resolution (not a truth rating), counted",
}


def rating_map_markdown() -> str:
    """The rating map as the Markdown table in docs/claimreview.md (a test keeps them equal)."""
    lines = ["| class | becomes | rating words (after folding case, accents and punctuation) |"]
    lines.append("|---|---|---|")
    for cls, meaning in _CLASS_MEANING.items():
        words = sorted(w for w, c in RATING_CLASSES.items() if c == cls)
        lines.append(f"| `{cls}` | {meaning} | {', '.join(words)} |")
    return "\n".join(lines) + "\n"
