"""Propositions in canonical positive form, and which contents can be propositions at all.

A denial carries its polarity in the statement's stance, so the proposition it denies must be
stated positively: "X denied that Y", "Y is not true", "there is no evidence that Y", "Y never
happened" are all *Y*, denied. Keeping the negation in the text *and* the stance ``denies``
counts the denial twice (it reads as asserting that Y is false, denied). And a content that says
nothing checkable — a pronoun, "others", a lone name, a question, an intention ("to sow
distrust"), an action named by a gerund ("escalating the conflict") — is not a proposition.

>>> positive_form("the Russian president had not once suggested that the goals might be altered")
'the Russian president had suggested that the goals might be altered'
>>> positive_form("There is no evidence that the mayor resigned.")
'the mayor resigned.'
>>> positive_form("The call never happened")
'The call happened'
>>> not_a_proposition("others")
'fragment (under three content words)'
>>> not_a_proposition("to sow distrust among Western allies")
'an intention, not a claim'
>>> not_a_proposition("I'm not sure whom I should trust less...")
"an open question of the speaker's, not a claim"
"""

from __future__ import annotations

import re

from veracity.extract.voice import content_words, is_fragment, is_question

# Frames that debunk what follows: removed, what follows is the proposition.
_DEBUNK_FRAMES = tuple(
    re.compile(p, re.I)
    for p in (
        r"^.{0,40}?\bthere (?:is|was|has been|are|were)(?: still| simply| absolutely)? no "
        r"(?:evidence|proof|sign|indication|truth|basis|confirmation)(?: whatsoever)?"
        r"(?: to (?:support|suggest|back up|show))?\s*(?:that|of|for)?\s+",
        r"^.{0,40}?\b(?:it is|it's|it was) (?:not true|untrue|false|a (?:hoax|myth|lie)) that\s+",
        r"^.{0,60}?\bcast(?:s|ing)? (?:serious |some )?doubts? (?:on|over|upon) (?:the )?"
        r"(?:claims?|reports?|stor(?:y|ies)|rumou?rs?|suggestions?) (?:that|of)\s+",
        r"^(?:the |a |an )?(?:viral |false |fake |bogus )?"
        r"(?:hoax|myth|rumou?r|story|claim|report|reports|rumou?rs|claims)\s+(?:that|of)\s+",
    )
)
_AUX_NOT = re.compile(
    r"\b(?P<aux>did|does|do|has|have|had|was|were|is|are|could|would|will|can|should)"
    r"(?:\s+not|n['’]t)(?:\s+(?:once|ever|even|actually))?\s+",
    re.I,
)
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}
_IRREGULAR_NOT = re.compile(r"\b(?P<aux>wo|ca|sha)n['’]t\s+", re.I)
_NEVER = re.compile(r"\bnever\s+", re.I)
# "there is no spider under his skin" → "there is a spider…"; not the idioms whose "no" is no
# negation of a fact ("there is no doubt that…", "no reason that a spider would…")
_THERE_NO = re.compile(
    r"\b(?P<there>there (?:is|was|are|were|has been|have been)) no\s+(?!(?:doubt|question|way|"
    r"need|reason|point|telling|denying|shortage|end|excuse|mistaking|substitute)\b)",
    re.I,
)
_LEAD_ADVERB = re.compile(
    r"^[\s\"“‘']*(?:reportedly|allegedly|apparently|supposedly|purportedly),?\s+", re.I
)
_CONTENT_LEAD = re.compile(r"^[\s“”\"'‘’]*(?:that|whether|if)\s+", re.I)
_GERUND_EXCEPTIONS = frozenset(
    [
        "nothing",
        "something",
        "anything",
        "everything",
        "king",
        "thing",
        "string",
        "spring",
        "evening",
        "morning",
        "building",
        "meeting",
        "ceiling",
        "wedding",
        "during",
        "bring",
        "sing",
        "sting",
        "swing",
        "wing",
        "ring",
    ]
)


def positive_form(text: str) -> str:
    """``text`` with its debunking frame and its first main negation taken out."""
    out = _LEAD_ADVERB.sub("", text)
    for frame in _DEBUNK_FRAMES:
        stripped = frame.sub("", out, count=1)
        if stripped != out and len(content_words(stripped)) >= 2:
            out = stripped
            break
    m = _THERE_NO.search(out)
    if m:
        return out[: m.start()] + m.group("there") + " a " + out[m.end() :]
    m = _IRREGULAR_NOT.search(out)
    if m:
        aux = _CONTRACTED[m.group("aux").lower()]
        return out[: m.start()] + aux + " " + out[m.end() :]
    m = _AUX_NOT.search(out)
    if m:
        return out[: m.start()] + m.group("aux") + " " + out[m.end() :]
    return _NEVER.sub("", out, count=1)


# "I'm not sure whom I should trust less", "I'm glad for you to tell what happened": the speaker
# says how they feel or what they do not know, not what is the case. With a clause after it
# ("I'm sure that the call took place", "we are certain the vote was rigged") it is a claim.
_FIRST_PERSON_STATE = re.compile(
    r"^(?:i|we)(?:\s+am|\s+are|['’]m|['’]re)\s+(?:(?:not|so|very|really|just|truly|quite|"
    r"still|absolutely|entirely|deeply|too)\s+)*(?:sure|certain|glad|happy|sorry|afraid|proud|"
    r"grateful|thankful|delighted|pleased|excited|worried|concerned|confused|curious|"
    r"honou?red|humbled|sad|saddened|disappointed|unsure|uncertain|thrilled|shocked|"
    r"surprised|relieved)\b",
    re.I,
)
_WH_WORDS = frozenset(
    ["who", "whom", "whose", "what", "which", "whether", "if", "how", "why", "when", "where"]
)


def not_a_proposition(content: str) -> str:
    """Why ``content`` cannot be a proposition ("" when it can)."""
    stripped = content.strip(" \t\n“”\"'‘’")
    text = _CONTENT_LEAD.sub("", stripped)
    # "that raising taxes is…", a quotation: a clause whose subject may be a gerund
    clause = text != stripped or content.lstrip()[:1] in "“\"'‘"
    if not text.split():
        return "empty"
    if is_question(text):
        return "a question"
    if re.fullmatch(r"\[[^\]]*\]\.?|\([^)]*\)\.?", text.strip()):
        return "an editorial note in brackets"  # "[Collected via Twitter, October 2014]"
    first = text.split(None, 1)[0].lower().strip(",.;:")
    if first == "to" and len(text.split()) > 1:
        return "an intention, not a claim"
    if (
        not clause
        and first.endswith("ing")
        and first not in _GERUND_EXCEPTIONS
        and text[0].islower()
    ):
        return "an action, not a claim"
    feeling = _FIRST_PERSON_STATE.match(text)
    if feeling:
        after = text[feeling.end() :].lstrip(" ,").split(None, 1)
        nxt = after[0].lower().strip(",.;:!…") if after else ""
        if nxt in _WH_WORDS:
            return "an open question of the speaker's, not a claim"
        if not nxt or nxt in ("for", "to", "about", "of", "with", "at", "by", "..."):
            return "the speaker's own state of mind, not a claim"
    if is_fragment(text):
        return "fragment (under three content words)"
    if "/" in text and not any(w[:1].islower() for w in content_words(text)):
        return "a credit line (names only)"  # "NBC Nightly News/YouTube; Mike Seidel/YouTube"
    return ""


_REFERS_BACK = re.compile(r"^[“\"'‘]?\s*(?:this|it|that|these|those)\s+(?:is|was|are|were)\b", re.I)
_HYPOTHESIS_LEAD = re.compile(
    r"^[\s\"“‘'(*_]*(?:perhaps|maybe|possibly|conceivably|suppose|imagine|what if|if|unless|"
    r"could|would|might)\b",
    re.I,
)
_ENDS = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)|\n\s*\n")
_NON_FINITE_DEPS = frozenset(
    {
        "pcomp",
        "pobj",
        "csubj",
        "csubjpass",
        "nsubj",
        "nsubjpass",
        "acl",
        "amod",
        "compound",
        "dobj",
        "appos",
        "attr",
    }
)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or sentences) holding ``text[start:end]``."""
    left = window = max(0, start - 2000)  # a window, so long documents stay linear
    for m in _ENDS.finditer(text, window, start):
        left = m.end()
    after = _ENDS.search(text, end)
    right = after.end() if after else len(text)
    while left < right and text[left].isspace():
        left += 1
    return left, right


# Words that open a line of a fact-check's or a page's furniture ("Claim: …", "Status: False",
# "Origins: …", "Example: [Collected via Twitter]"): what follows is the outlet's own, not a
# transcript of someone called "Status"
LABEL_SPEAKERS = frozenset(
    [
        "claim",
        "claims",
        "status",
        "rating",
        "verdict",
        "ruling",
        "our ruling",
        "description",
        "origin",
        "origins",
        "example",
        "examples",
        "circulating since",
        "summary",
        "update",
        "updated",
        "correction",
        "clarification",
        "note",
        "editor's note",
        "photo",
        "source",
        "sources",
        "read more",
        "related",
        "watch",
        "video",
    ]
)


def attribution_problem(att, text: str, nlp=None) -> str:
    """Why an attribution should not become a statement ("" when it should): it sits in a
    question or an open hypothesis of the author's, its cue is not a report but a gerund
    ("of Peskov denying events", "Denying the call casts…"), or its content is no proposition
    (:func:`not_a_proposition`; a short content that refers back, "It is untrue", is kept: it
    joins its speaker's previous statement)."""
    if att.cue.strip() == ":" and (att.speaker or "").strip().lower() in LABEL_SPEAKERS:
        return "a label, not a speaker"  # "Status: False", "Description: Fake news / Satire"
    first = min(att.cue_span[0], att.content_span[0])
    last = max(att.cue_span[1], att.content_span[1])
    a, b = sentence_around(text, first, last)
    sentence = text[a:b]
    if is_question(sentence) or is_question(att.content):
        return "in a question"
    if _HYPOTHESIS_LEAD.match(sentence):
        return "the author's hypothesis"
    why = not_a_proposition(att.content)
    if why.startswith("fragment") and _REFERS_BACK.match(att.content.strip()):
        why = ""
    if why.startswith("fragment") and _characterises(att):
        why = ""  # "Democrats described the showdown as ominous": the showdown is ominous
    if why:
        return why
    parser = nlp is not None and "parser" in nlp.pipe_names
    if (
        att.cue.lower().endswith("ing")
        and parser
        and _gerund_cue(nlp(sentence), att.cue_span[0] - a)
    ):
        return "the cue is a gerund, not a report"
    return ""


_CHARACTERISING_CUES = frozenset(
    [
        "described",
        "describes",
        "describe",
        "describing",
        "characterized",
        "characterised",
        "characterizes",
        "characterises",
        "portrayed",
        "portrays",
        "painted",
        "paints",
        "depicted",
        "depicts",
        "branded",
        "brands",
        "labeled",
        "labelled",
        "labels",
        "dismissed",
        "dismisses",
    ]
)
_AS_WHAT = re.compile(r"^\s*\S.*?\s+as\s+(?:an?\s+|the\s+)?[\w'’-]{3,}", re.I)


def _characterises(att) -> bool:
    """A cue that characterises its object ("described the showdown as ominous"): the content
    "X as Y" says that X is Y, a claim though it has two content words."""
    return att.cue.lower() in _CHARACTERISING_CUES and bool(_AS_WHAT.match(att.content))


def _gerund_cue(doc, offset: int) -> bool:
    tok = next((t for t in doc if t.idx == offset), None)
    if tok is None or tok.tag_ != "VBG":
        return False
    seen = 0
    while tok.dep_ == "conj" and seen < 5:  # "distorting reality or denying events"
        tok, seen = tok.head, seen + 1
    if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False  # "Moscow is aiming", "he was saying"
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    own_subject = subject is not None
    if tok.dep_ == "pcomp" and tok.head.lower_ == "with":
        return False
    if subject is not None:
        before = subject.left_edge.i - 1
        if before >= 0 and subject.doc[before].lower_ == "with":
            return False  # "with European leaders warning that…": a report, absolutely put
    return (
        tok.dep_ in _NON_FINITE_DEPS
        or own_subject  # "of Peskov distorting reality": a gerund clause with its own subject
        or (tok.dep_ == "ROOT" and tok.i == tok.sent.start)
    )
