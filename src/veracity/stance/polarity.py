"""What the claim itself asserts, before any text is read: a question, a debunk, a negation.

A text's stance toward a claim flips with the claim's own polarity. "Banksy has not been
arrested" is *supported* by an article calling the arrest story a hoax, and "No, a spider did
not crawl through his body" is *refuted* by an article that tells the spider story as fact. A
question ("Did ISIS fighters cross the border?") asserts nothing, so a text can only discuss
it. The rules (:mod:`veracity.stance.rules`) read these three facts about the claim here, once
per claim, by hand-written patterns (no data was fitted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veracity.stance import cues

# A headline that opens by answering "No": "No, Banksy hasn't been arrested", "Brian Williams:
# No, our meteorologist was not …", "#Daysofdarkness: No, there won't be …". An optional short
# label ending in a colon may come first; "No" must be followed by a comma, colon or dash, so
# "No ISIS fighters on the border" (a negated claim, handled as such) does not match.
_OPENING_NO = re.compile(r"^\s*(?:[^:.!?]{1,60}:\s*)?no\s*[,:;!–—-]\s*\S", re.I)

# Negation of what the claim states: "not", "n't", "never", "no", "nobody"… ("without" is not:
# "Man survives a month without food" states that he survived).
_MAIN_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|[a-z]+n[’']t)\b", re.I
)
# A negation after one of these belongs to a subordinate clause, not to what the claim states:
# "ESPN planned a panel that didn't include any women" states that ESPN planned a panel. "that"
# after a verb of saying or knowing opens the stated content ("DHS says that no fighters
# crossed"), so it does not count (_STATING_THAT).
_SUBORDINATE = re.compile(
    r"\b(?:which|who|whom|whose|where|when|because|if|unless|after|before|while|although|"
    r"though|despite|until|since|so|saying|that)\b",
    re.I,
)
# a verb of saying or knowing up to three words before "that" ("told the AP that", "has
# clarified that", "to say that"): the clause is what is stated, not a relative clause
_STATING_THAT = re.compile(
    r"\b(?:say|says|said|tell|tells|told|claim(?:s|ed)?|insist(?:s|ed)?|confirm(?:s|ed)?|"
    r"clarif(?:y|ies|ied)|stat(?:e|es|ed)|report(?:s|ed)?|announc(?:e|es|ed)|add(?:s|ed)?|"
    r"not(?:e|es|ed)|explain(?:s|ed)?|admit(?:s|ted)?|reveal(?:s|ed)?|show(?:s|ed|n)?|"
    r"f(?:ind|inds|ound)|know(?:s|n)?|believ(?:e|es|ed)|think(?:s)?|thought|learn(?:s|ed|t)?|"
    r"mean(?:s|t)?|argu(?:e|es|ed)|maintain(?:s|ed)?|stress(?:es|ed)?|writ(?:e|es)|wrote|"
    r"warn(?:s|ed)?|assur(?:e|es|ed)|emphasi[sz](?:e|es|ed))"
    r"(?:\s+[\w.’'-]+){0,3}\s+$",
    re.I,
)
# ", not X" at a negation: a contrast ("Ticket, Not Arrest"), which affirms what comes before
_CONTRAST = re.compile(r",\s*not$", re.I)
# quoted words are someone else's ("'There is no limit', the minister said …")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")


@dataclass(frozen=True)
class ClaimPolarity:
    """``question``: the claim asks ("…?"). ``calls_false``: it says something is false in its
    own words ("… is a hoax", "debunked"). ``negated``: it negates what it states ("X is not
    dead") or reports a denial of it ("Police deny X"). ``debunks``: it is a debunking
    headline — it calls something false or opens with a flat "No," — so a text that tells the
    story as fact refutes it."""

    question: bool
    calls_false: bool
    negated: bool
    debunks: bool

    @property
    def negative(self) -> bool:
        """The claim denies something, so a text that denies it too agrees with the claim."""
        return self.calls_false or self.negated


def claim_polarity(claim: str, *, calls_false: bool | None = None) -> ClaimPolarity:
    """The polarity of ``claim`` (``calls_false`` may be passed when already known).

    >>> claim_polarity("No, a bird didn't poop on Putin").debunks
    True
    >>> claim_polarity("Did a bird poop on Putin?").question
    True
    >>> claim_polarity("A bird pooped on Putin").negative
    False
    """
    if calls_false is None:
        calls_false = any(
            not _negated_before(claim, m.start()) for m in cues.REFUTE.finditer(claim)
        )
    negated = states_a_negation(claim)
    opening_no = bool(_OPENING_NO.match(claim))
    return ClaimPolarity(
        question=cues.is_question(claim),
        calls_false=calls_false,
        negated=negated or opening_no or reports_a_denial(claim),
        debunks=calls_false or opening_no,
    )


# "Police deny …", "X refutes reports of …": the claim is that something is not so
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|refut(?:e|es|ed|ing)|rebut(?:s|ted)?)\b", re.I
)


def reports_a_denial(claim: str) -> bool:
    """The claim reports a denial ("Met police deny reports of Banksy arrest") or a reversal
    ("Bale drops out of Jobs film"): what it states is that something is not so, so a text
    calling the story false agrees with it, as with a negated claim.

    >>> reports_a_denial("Met police denies reports of Banksy arrest")
    True
    """
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), claim)
    return bool(_DENIAL.search(unquoted) or cues.REVERSAL.search(unquoted))


def states_a_negation(claim: str) -> bool:
    """The claim negates what it states: a negation word outside quotes and outside a
    subordinate clause ("X is not dead": yes; "a panel that didn't include women": no).

    >>> states_a_negation("Banksy has NOT been arrested")
    True
    >>> states_a_negation("ESPN planned a panel that didn't include any women")
    False
    """
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), claim)
    for m in _MAIN_NEGATION.finditer(unquoted):
        if _CONTRAST.search(unquoted, 0, m.end()) and m.group().lower() == "not":
            continue  # "in Nevada, not Texas": a contrast, the rest is affirmed
        if not _in_subordinate_clause(unquoted, m.start()):
            return True
    return False


def _in_subordinate_clause(text: str, pos: int) -> bool:
    for m in _SUBORDINATE.finditer(text, 0, pos):
        if m.group().lower() == "that" and _STATING_THAT.search(text, 0, m.start()):
            continue  # "said that …": the stated content
        return True
    return False


def _negated_before(text: str, start: int) -> bool:
    return bool(cues.NEGATION.search(text[max(0, start - 20) : start].lower()))
