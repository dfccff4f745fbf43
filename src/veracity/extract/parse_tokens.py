"""The token helpers of the parse reading (``parsed.py``): what counts as a cue's lemma
(``lemma_of``, forgiving the tagger's lemma errors on known cues), a token's sentence, spans of
tokens in characters, and the cue-word lists the three routes share."""

from __future__ import annotations

import bisect

from veracity.extract.cues import (
    DENY_CUES,
    DENY_PHRASAL,
    OBJECT_CONTENT_CUES,
    SPEECH_CUES,
    word_set,
)
from veracity.extract.quotes import QUOTE_CHARS
from veracity.extract.rules import inflections

INTENT_CUES = frozenset(
    [
        "want",
        "plan",
        "seek",
        "hope",
        "intend",
        "aim",
        "refuse",
        "decline",
        "promise",
        "pledge",
        "vow",
        "expect",
        "urge",
        "threaten",
        "vote",
        "agree",
        "offer",
    ]
)
PREP_CUES = word_set(
    """
    vote campaign speak talk comment complain worry warn argue push call advocate lobby rail
    fight testify joke boast brag write tweet post lash hit weigh reflect
    """
)
CONTENT_PREPS = frozenset({"for", "on", "about", "against", "of", "over"})
FACT_MODALS = frozenset({"will", "would", "shall", "can", "must", "wo", "ca", "'ll"})
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
SENTENCE_END = frozenset(".?!")
CLOSING_MARKS = "\"”»“'"
KNOWN_LEMMAS = SPEECH_CUES | OBJECT_CONTENT_CUES | DENY_CUES | INTENT_CUES | PREP_CUES


def lemma_of(tok) -> str:
    """The token's lemma, repaired where the small model's lemmatiser misses a cue verb
    ("hopes" → "hop"): a known cue whose inflection the word is wins."""
    lemma = tok.lemma_.lower() or tok.lower_  # words the fast path does not lemmatise
    if lemma in KNOWN_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
        return lemma
    return _CUE_FORMS.get(tok.lower_, lemma)


_CUE_FORMS = {f: lemma for lemma in sorted(KNOWN_LEMMAS) for f in inflections(lemma)}


def sentence_of(tok):
    """``tok.sent``, from a per-document index: spaCy's own walks the document every call."""
    doc = tok.doc
    index = doc.user_data.get("veracity_sentences")
    if index is None:
        sents = list(doc.sents)
        index = ([s.start for s in sents], sents)
        doc.user_data["veracity_sentences"] = index
    starts, sents = index
    return sents[bisect.bisect_right(starts, tok.i) - 1]


def char_span(tokens) -> tuple[int, int] | None:
    """The tokens' characters without the punctuation (other than quotation marks) at either
    end. Indexed, not copied: a cue's subtree can be the rest of a document, once per cue."""
    i, j = 0, len(tokens)
    while i < j and tokens[i].is_punct and tokens[i].text not in QUOTE_CHARS:
        i += 1
    while j > i and tokens[j - 1].is_punct and tokens[j - 1].text not in QUOTE_CHARS:
        j -= 1
    if i >= j:
        return None
    last = tokens[j - 1]
    return tokens[i].idx, last.idx + len(last)


def subtree_tokens(tok):
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1]


def particle(tok) -> str:
    return next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")


def is_cue_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = lemma_of(tok)
    return lemma in SPEECH_CUES or lemma in PREP_CUES or (lemma, particle(tok)) in DENY_PHRASAL


def token_starts(doc) -> list[int]:
    starts = doc.user_data.get("veracity_starts")
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data["veracity_starts"] = starts
    return starts


def root_in(doc, span: tuple[int, int]):
    starts = token_starts(doc)
    toks = doc[bisect.bisect_left(starts, span[0]) : bisect.bisect_left(starts, span[1])]
    for t in toks:
        if (t.head.i == t.i or not (span[0] <= t.head.idx < span[1])) and not t.is_punct:
            return t
    return toks[0] if toks else None
