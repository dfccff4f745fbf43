"""Words and phrases that say a text refutes, hedges or questions a claim.

Written by hand for veracity (no corpus was mined for them), so they may ship: an analyst can
read and correct every entry. Each list answers one question about a sentence:

- REFUTE: does it call something false in its own words ("hoax", "debunked", "no evidence
  that", "fake")?
- DENIAL: does it report someone's denial ("the ministry denied")? That discusses a claim.
- HEDGE: does it report without vouching ("reportedly", "claims", "allegedly", "rumours")?
- NEGATION: is a verb negated ("did not", "never", "isn't")?
- SUPPORT: does it vouch ("confirmed", "officially", "it is true")?
"""

from __future__ import annotations

import re


def _patterns(*parts: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I)


REFUTE = _patterns(
    r"hoax(?:es|ed)?",
    r"debunk(?:s|ed|ing)?",
    r"fake[ds]?",
    r"fak(?:ing|ery)",
    r"false(?:ly|hood)?",
    r"untrue",
    r"not true",
    r"isn[’']t true",
    r"wasn[’']t true",
    r"no truth",
    r"no evidence(?: (?:that|of|to))?",
    r"no proof",
    r"(?:a |the )?myth",
    r"fabricat(?:ed|ion|ions)",
    r"made[- ]up",
    r"satir(?:e|ical)",
    r"spoof",
    r"prank(?:s|ster)?",
    r"photoshop(?:ped)?",
    r"doctored",
    r"misleading",
    r"bogus",
    r"baseless",
    r"groundless",
    r"rumou?rs? (?:is|are|was|were) (?:false|untrue|wrong)",
    r"dispel(?:s|led)?",
    r"retract(?:s|ed|ion)?",
    r"(?:was|is|were|are|been) wrong",
    r"not (?:real|genuine|authentic|accurate|correct|the case)",
    r"never (?:happened|existed|took place|occurred)",
    r"did(?: not|n[’']t) (?:happen|exist|take place|occur)",
    r"urban legend",
    r"conspiracy theor(?:y|ies)",
    r"nonsense",
    r"rubbish",
    r"(?:raises?|raising|cast(?:s|ing)?) doubts?",
    r"doubts? (?:about|over|on|that|whether)",
    r"question(?:s|ed|ing)? whether",
    r"(?:turned|turns) out to be (?:false|fake|a hoax)",
    r"no such",
    r"staged",
    r"fictional",
    r"fiction",
    # debunkers' wording beyond "hoax" (added this session; every entry written by hand)
    r"exaggerat(?:ed|ion|ions|ing)",
    r"embellish(?:ed|ment|ments)",
    r"(?:publicity|marketing|pr) stunt",
    r"(?:is|was|are|were|be|been|as) (?:just |simply |really )?nothing more than",
    r"(?:just|only) one problem",
    r"too good to be true",
    r"misinformation",
    r"disinformation",
    r"erroneous(?:ly)?",
    r"inaccurate",
    r"wrongly",
    r"april fools?",
    r"not so fast",
    r"no (?:basis|foundation)",
    r"nowhere near",
    r"far[- ]?fetched",
    r"contrary to (?:\w+ ){0,2}(?:reports?|claims?|rumou?rs?|speculation|allegations?)",
)

# Someone else's denial, reported: the text tells of a dispute without taking a side itself
# ("the ministry denied the report" discusses the report; "the report is a hoax" refutes it).
DENIAL = _patterns(
    r"den(?:y|ies|ied|ying|ial|ials)",
    r"refut(?:e|es|ed|ing)",
    r"rebut(?:s|ted)?",
    r"dismiss(?:es|ed|ing)?",
    r"reject(?:s|ed|ing)?",
    r"unfounded",
    r"disput(?:e|es|ed|ing)",
)

# A reversal: someone withdraws from what a story said they would do ("Christian Bale drops out
# of the Steve Jobs film" against "Bale to play Jobs"). Leading a headline or an article, it
# refutes; a claim that states one is negative (see :mod:`.polarity`).
REVERSAL = _patterns(
    r"withdr(?:aw|aws|awn|ew|awing) (?:from|out)",
    r"(?:drop|pull|back|bow)(?:s|ed|ing)? out",
    r"bail(?:s|ed|ing)? (?:on|out)",
    r"quit(?:s|ting)?",
    r"exit(?:s|ed|ing)?",
    r"call(?:s|ed|ing)? off",
    r"u-turn(?:s|ed)?",
    r"walk(?:s|ed|ing)? back",
    r"backtrack(?:s|ed|ing)?",
)

HEDGE = _patterns(
    r"reported(?:ly)?",
    r"alleged(?:ly)?",
    r"claim(?:s|ed|ing)?",
    r"purport(?:s|ed|edly|ing)?",
    r"supposed(?:ly)?",
    r"apparent(?:ly)?",
    r"rumou?r(?:s|ed)?",
    r"unconfirmed",
    r"unverified",
    r"could not (?:be )?(?:confirm|verif)(?:y|ied)",
    r"(?:can|could|did)(?: not|n[’']t) (?:independently )?(?:confirm|verify)",
    r"according to",
    r"appear(?:s|ed)? to",
    r"seem(?:s|ed)? to",
    r"may|might|could|possibly|perhaps|maybe",
    r"suggest(?:s|ed)?",
    r"if true",
    r"it is (?:not )?clear",
    r"unclear",
    r"speculat(?:e|es|ed|ion)",
    r"investigat(?:e|es|ed|ing|ion)",
    r"circulat(?:ing|ed)",
    r"viral",
    # a forecast or a guess is not a report of fact ("BMO forecasts …", "… tipped to bid")
    r"(?:most |more )?likely",
    r"probably",
    r"predict(?:s|ed|ions?)?",
    r"forecasts?",
    r"tipped to",
    r"prognosticat\w*",
    r"(?:thought|said) to be",
    # uncertainty about the very thing claimed ("fate unknown", "in doubt", "confusion")
    r"unknown",
    r"in doubt",
    r"doubtful",
    r"confusion",
    r"questions? (?:raised|remain|over|about)",
)

# Verbs of saying: a claim that is itself a report ("the priest says he met God") is echoed,
# not hedged, by a text that reports the same saying ("Priest claims God is female").
SAYING = _patterns(
    r"says?",
    r"said",
    r"saying",
    r"claim(?:s|ed|ing)?",
    r"tell(?:s|ing)?",
    r"told",
    r"declar(?:e|es|ed|ing)",
    r"announc(?:e|es|ed|ing)",
    r"insist(?:s|ed|ing)?",
    r"stat(?:e|es|ed|ing)",
)

SUPPORT = _patterns(
    r"confirm(?:s|ed|ing)?",
    r"officially",
    r"it is true",
    r"indeed",
    r"announced",
    r"verified",
    r"in fact",
    r"proves?",
    r"proof that",
    r"revealed",
)

NEGATION = _patterns(
    r"not",
    r"no",
    r"never",
    r"none",
    r"nobody",
    r"nothing",
    r"neither",
    r"nor",
    r"without",
    r"[a-z]+n[’']t",  # a curly apostrophe too ("don’t"), as most news sites write it
    r"cannot",
)

# who speaks, named by role ("analyst", "monitor", "senator"): a headline that opens or closes
# with one passes on what that speaker says
_ROLE = (
    r"(?:analysts?|senators?|parents?|customers?|reports?|officials?|sources?|police|"
    r"witness(?:es)?|experts?|ministers?|study|survey|monitor|watchdog|paper|insiders?|"
    r"spokes(?:man|woman|person)|investigators?|lawyers?|researchers?|scientists?|groups?)"
)

# Attribution in a headline ("…, witnesses say", "X: WSJ", "believed to"): the outlet passes the
# claim on without vouching for it. Too common in article bodies to mean that there, so the rules
# use it only where asked (RuleSettings.attribution_hedges).
ATTRIBUTION = re.compile(
    # any case: headlines are often in title case ("…, Iraqi Officials Say")
    r"(?i:\b(?:says?|said|told|tells|according to|sources?|believed to|suspected|in talks|"
    r"report(?:s|ed)?|officials?)\b)"
    # a source named after a spaced dash or a colon at the end: "… - senior official", "…: WSJ"
    r"|(?:\s[-–—]|:)\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}\s*$"
    # …or a speaker named by role, at either end: "…: monitor", "Analyst: X will …"
    r"|(?i:(?:\s[-–—]|:)\s*(?:[\w.]+\s){0,2}" + _ROLE + r"\s*$)"
    r"|(?i:^\s*(?:[\w.'’-]+\s){0,2}" + _ROLE + r"\s*:)",
)

# a claim quoted or named as a claim: "the claim that", "rumours that", "reports that"
CLAIM_FRAME = _patterns(
    r"(?:the )?(?:claims?|rumou?rs?|reports?|stor(?:y|ies)|allegations?|assertions?|"
    r"suggestions?|idea|notion) (?:that|of|about)",
    r"so-called",
    r"viral (?:story|video|photo|image|post|claim)",
)


def is_question(sentence: str) -> bool:
    """A direct question: it ends in "?" (a headline like "Did X happen?" discusses X)."""
    return sentence.rstrip(" \"'”’)").endswith("?")


def count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group() if m else None
