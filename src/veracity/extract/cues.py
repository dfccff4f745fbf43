"""Word lists that mark attribution and stance: cue verbs, denial and hedging language.

Why lists and not a trained model: the lists are readable, correctable by an analyst, and owe
nothing to research-only corpora. Lemmas are lower case.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce what someone said, wrote, found or thinks (PolNeAR counts thoughts and
# intentions as attributions too).
# Not here: verbs of effort or meaning ("try", "mean", "determine", "focus"): "Clinton tried to end
# the story" reports no statement of hers.
SPEECH_CUES = word_set(
    """
    say tell add write ask note report announce suggest argue describe tweet post explain
    declare claim insist maintain state assert contend allege acknowledge admit concede
    confirm reveal disclose warn caution promise pledge vow predict estimate testify recall
    respond reply answer retort counter complain lament quip joke boast brag remark comment
    observe point mention emphasize emphasise stress underscore reiterate repeat continue
    conclude conclude charge accuse blame criticize criticise praise urge call demand
    propose recommend advise announce inform tout concur agree disagree object protest
    question wonder speculate hint imply indicate signal show find reveal conclude
    demonstrate suggest confirm indicate deny dismiss reject refute rebut dispute
    contest disavow debunk downplay decline refuse cite quote shout yell scream whisper
    mutter murmur exclaim cry plead beg think believe feel know expect hope fear worry doubt
    suspect guess assume reckon figure want wish intend plan seek aim consider
    regard see view understand realize realise recognize recognise acknowledge remember
    forget learn hear read notice explain clarify describe characterize characterise label
    brand dub term tell inform notify assure reassure remind warn convince persuade post
    publish broadcast air print support endorse oppose back favor favour defend attack slam
    blast decry condemn denounce applaud hail welcome laud
    """
)

# Verbs of public evaluation: their object is what the speaker judges ("slammed the plan").
EVALUATION_CUES = word_set(
    """
    attack slam blast mock condemn denounce decry applaud hail welcome laud thank challenge
    ridicule lambast chide scold rebuke fault knock bash taunt insult congratulate commend
    """
)
SPEECH_CUES = SPEECH_CUES | EVALUATION_CUES

# Report verbs whose grammatical object can be the content ("announced his candidacy").
OBJECT_CONTENT_CUES = EVALUATION_CUES | word_set(
    """
    announce deny reject dismiss confirm acknowledge admit reveal report predict propose
    recommend promise pledge vow endorse support oppose criticize criticise praise defend
    blame demand urge dispute question doubt want seek cite describe call dub label brand
    term refute rebut contest disavow debunk repudiate contradict
    """
)

DENY_CUES = word_set(
    """
    deny dismiss reject refute rebut dispute contest disavow debunk repudiate contradict
    """
)
# "pushed back on", "brushed off", "shot down" — verb + particle
DENY_PHRASAL = frozenset({("push", "back"), ("brush", "off"), ("shoot", "down"), ("knock", "down")})

HEDGE_CUES = word_set(
    """
    suggest speculate hint imply guess suspect wonder estimate hope fear worry believe think
    feel expect assume reckon
    """
)

# Phrases that deny a proposition wherever they occur in the content or right after the cue.
DENIAL_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bpure(?:ly)? (?:fiction|fantasy|invention|speculation)\b",
        r"\bfake news\b",
        r"\b(?:absolutely|completely|totally|entirely|simply|categorically) "
        r"(?:untrue|false|wrong)\b",
        r"\buntrue\b",
        r"\bnot (?:true|correct|accurate|the case)\b",
        r"\bno (?:truth|basis|foundation|evidence)\b",
        r"\bnever (?:happened|took place|occurred|existed|said|met|spoke|talked)\b",
        r"\b(?:did|does|do|has|have|had|was|were|is|are)(?: not|n't) "
        r"(?:happen|take place|occur|exist)",
        r"\bthere (?:was|were|is|are|has been|have been) no\b",
        r"\bno such\b",
        r"\b(?:false|baseless|groundless|unfounded|fabricated|fabrication|fiction|nonsense|"
        r"hoax|lies?|lying|rubbish|absurd|ridiculous|made[- ]up|a fantasy|misinformation|"
        r"disinformation|propaganda|slander|smear|defamatory|fake|forged|forgery|doctored)\b",
        r"\bwithout (?:foundation|basis|merit)\b",
        r"\bfalsehoods?\b",
        r"\bmisleading\b",
    )
)

# Phrases of uncertainty: checked before negation, since "not sure" is a hedge, not a denial.
UNCERTAINTY_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\b(?:not|n't) (?:sure|certain|clear|know)\b",
        r"\b(?:unclear|uncertain|unconfirmed)\b",
        r"\b(?:could|would|did|can) not (?:confirm|verify)\b",
        r"\b(?:couldn't|wouldn't|didn't|can't|cannot) (?:confirm|verify)\b",
        r"\bneither confirm(?:ed|s)? nor den(?:y|ied|ies)\b",
        r"\bno way (?:of|to) know",
    )
)

# Words in the content that make a claim uncertain.
HEDGE_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\b(?:may|might|could|possibly|perhaps|maybe|probably|likely|unlikely|reportedly|"
        r"allegedly|apparently|presumably|seemingly|conceivably|supposedly)\b",
        r"\b(?:not (?:sure|certain|clear)|unclear|uncertain|unconfirmed|unknown)\b",
        r"\b(?:seems?|seemed|appears?|appeared) (?:to|that|as if|likely)\b",
        r"\bit (?:is|was) (?:possible|conceivable|too early)\b",
        r"\b(?:is|was|are|were|be) (?:possible|conceivable)\b",
        r"\b(?:neither confirm(?:ed|s)? nor den(?:y|ied|ies))\b",
        r"\b(?:could|would|did|can) not (?:confirm|verify|say)\b",
        r"\b(?:couldn't|wouldn't|didn't|can't|cannot) (?:confirm|verify|say)\b",
        r"\bno comment\b",
        r"\btoo (?:early|soon) to\b",
        r"\bwe (?:do not|don't) know\b",
    )
)

# Cue phrases that themselves hedge ("declined to confirm", "would not comment").
HEDGE_CUE_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\b(?:declin|refus)\w* to (?:confirm|comment|say|discuss|deny|elaborate|specify)",
        r"\b(?:would|could|did) not (?:confirm|comment|say|deny)",
        r"\b(?:wouldn't|couldn't|didn't) (?:confirm|comment|say|deny)",
        r"\bneither confirm",
        r"\bnot (?:immediately )?(?:confirm|respond)",
    )
)

NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"})

# Nouns that name a group of unnamed sources (provenance when cited).
ANONYMOUS_HEADS = word_set(
    """
    people person officials official sources source aides aide insiders insider
    """
)

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "them"})
PRONOUNS_SELF = frozenset({"i", "we", "you", "it", "this", "that"})

# Titles and roles that can precede a name ("Kremlin spokesman Dmitry Peskov").
ROLE_NOUNS = word_set(
    """
    spokesman spokeswoman spokesperson president minister secretary senator governor mayor
    chairman chairwoman chair ceo director chief official officer leader candidate nominee
    representative rep sen gov lawmaker ambassador envoy adviser advisor aide analyst expert
    professor economist strategist commentator journalist reporter correspondent editor
    columnist member deputy prime attorney judge justice general gen colonel commander
    manager founder head speaker whip chancellor king queen prince pope pastor rev dr mr mrs
    ms president-elect vice congressman congresswoman consultant pollster researcher
    scientist commissioner sheriff prosecutor superintendent treasurer comptroller auditor
    inspector
    """
)
