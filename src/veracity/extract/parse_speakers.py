"""Who speaks in a parse: the subject of a cue verb (through relative clauses, causatives and
"X issued a statement saying"), the speaker of a quotation before or after it, an inverted
subject ("…, said Peskov"), and the fall-backs when the parser attached no subject. Used by the
routes of ``parsed.py``."""

from __future__ import annotations

import re

from veracity.extract.cues import (
    word_set,
)
from veracity.extract.parse_tokens import lemma_of, sentence_of

RELATIVE = frozenset({"who", "that", "which", "whom"})
# Things a speaker issues that then "say" something: the issuer is the speaker.
ISSUED = word_set(
    """
    statement letter release memo message tweet video ad editorial email e-mail resolution
    article cover op-ed column essay post petition commercial spot mailer flyer brochure
    request note report book speech
    """
)
# Verbs that make someone else act: the object is who then speaks ("leaving many to wonder").
CAUSATIVES = word_set("lead leave prompt cause force drive inspire require allow get")


def grammatical_subject(tok, depth: int = 0):
    """The subject of a cue verb, inherited through "adding that…" and "said … and added";
    "voters saying" → voters; "commentators who suggested" → who (resolved to commentators
    later, see :func:`relative_antecedent`). A passive's subject is not its speaker ("Trump is
    expected to speak"): only an agent ("was announced by the party") is."""
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj", "nsubjpass")]
    if subjects:  # the nearest: "9:30 p.m.\n\nDonald Trump says" has two
        nearest = min(subjects, key=lambda c: abs(c.i - tok.i))
        return None if nearest.dep_ == "nsubjpass" else nearest
    quantity = [  # "Less than a third agreed", "About 4 in 10 say": parsed as modifiers
        c
        for c in tok.children
        if c.i < tok.i and c.dep_ in ("npadvmod", "nummod") and c.pos_ in ("NOUN", "NUM")
    ]
    if quantity:
        return quantity[-1]
    if tok.head.i == tok.i or depth >= 3:
        return None
    if tok.dep_ == "advcl" and tok.tag_ in ("VBN", "VBD") and tok.i == sentence_of(tok).start:
        return None  # "Asked whether…, Devine replied": the asker is not Devine
    if tok.dep_ == "acomp":  # "they are convinced that…"
        return grammatical_subject(tok.head, depth + 1)
    if tok.dep_ == "xcomp" and any(c.dep_ == "acomp" for c in tok.head.children):
        subj = grammatical_subject(tok.head, depth + 1)  # "it is difficult to predict": no speaker
        return None if subj is not None and subj.lower_ == "it" else subj
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ == "acomp":
        return grammatical_subject(tok.head.head, depth + 1)  # "voters were more likely to say"
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = tok.head
        if lemma_of(noun) in ISSUED and noun.dep_ in ("dobj", "pobj"):
            verb = noun.head if noun.dep_ == "dobj" else noun.head.head  # "in an article stating"
            return grammatical_subject(verb, depth + 1) or noun  # "His office put out a statement
        return noun  # saying…": the office speaks; "voters saying…": the voters
    if tok.dep_ == "acl" and tok.tag_ == "VB" and tok.head.pos_ == "NOUN":
        return _governor_subject(tok.head, depth)  # "pointed to a previous case to say"
    if tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:  # "began by saying"
        return grammatical_subject(tok.head.head, depth + 1)
    if tok.dep_ == "xcomp" and lemma_of(tok.head) in CAUSATIVES:  # "led her to declare"
        obj = next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i), None)
        if obj is not None and obj.pos_ in SPEAKER_POS:
            return obj
    if tok.dep_ in ("conj", "xcomp") or (
        tok.tag_ == "VBG" and tok.dep_ in ("advcl", "npadvmod", "dep", "conj")
    ):
        return grammatical_subject(tok.head, depth + 1)
    if tok.dep_ == "advcl" and tok.tag_ != "VBN":
        return grammatical_subject(tok.head, depth + 1)
    return None


def _governor_subject(noun, depth: int):
    """Who has the noun an infinitive hangs on ("gave Beck new impetus to oppose" → Beck; "the
    judge pointed to a case to say" → the judge): the verb's recipient, else its subject."""
    verb = noun.head
    while verb.dep_ in ("prep", "pobj") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    dative = next((c for c in verb.children if c.dep_ == "dative" and c.pos_ in SPEAKER_POS), None)
    return dative or grammatical_subject(verb, depth + 1)


def relative_antecedent(tok):
    """The noun a relative pronoun stands for ("leaders who say" → leaders), else None."""
    if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return None


def speaker_of(tok):
    """The cue's subject; for a participle the parser left hanging ("…, writing “…”"), the
    subject of its sentence's main verb; for a finite verb whose subject the parser attached
    elsewhere ("Mr. Bush - in a line that … - declared"), the nearest subject-like noun before
    it in the sentence."""
    subj = grammatical_subject(tok)
    if subj is None and tok.tag_ == "VBG":
        root = sentence_of(tok).root
        if root.i != tok.i and root.i < tok.i:
            subj = grammatical_subject(root)
    if subj is None and tok.tag_ in FINITE and not any(c.dep_ == "nsubjpass" for c in tok.children):
        subj = _stranded_subject(tok)
    if subj is not None and subj.i < tok.i and _CLOCK.match(subj.text):
        subj = _noun_before(tok, after=subj.i)  # "___. 9:05 a.m. Bernie Sanders is disavowing"
    return subj


_CLOCK = re.compile(r"^(?:\d{1,2}:\d\d|[ap]\.m\.)$", re.I)
NP_INNER = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case"})


def _phrase_head(t, lo: int, hi: int, *, rightward: bool = False):
    """From a word inside a noun phrase up to the phrase's head, staying strictly between token
    indices ``lo`` and ``hi`` (and, if ``rightward``, only moving right)."""
    while t.dep_ in NP_INNER and lo < t.head.i < hi and (not rightward or t.head.i > t.i):
        t = t.head
    return t


def _noun_before(verb, after: int):
    """The head of the noun phrase nearest before ``verb`` and after token ``after``."""
    for t in reversed(verb.doc[after + 1 : verb.i]):
        if t.pos_ in ("PROPN", "NOUN", "PRON") and not _CLOCK.match(t.text):
            return _phrase_head(t, after, verb.i)
    return None


FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _stranded_subject(tok):
    sent = sentence_of(tok)
    for t in reversed(tok.doc[sent.start : tok.i]):
        if t.dep_ in ("nsubj", "nsubjpass", "appos") and t.lower_ not in RELATIVE:
            if t.pos_ in SPEAKER_POS and t.lower_ not in ("it", "there", "this", "what"):
                return t
            return None
    return _adjacent_noun(tok)


def _adjacent_noun(verb):
    """The noun phrase right before a verb, past commas, numbers and adverbs ("Marcel Lehel
    Lazar, 44, said"): what the parser left unattached there is the subject."""
    sent = sentence_of(verb)
    for t in reversed(verb.doc[sent.start : verb.i]):
        if t.is_punct or t.pos_ in ("NUM", "ADV", "AUX", "PART") or t.is_space:
            continue
        if t.pos_ not in ("PROPN", "NOUN") or _CLOCK.match(t.text):
            return None
        return _phrase_head(t, -1, verb.i, rightward=True)
    return None


SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})


def quote_speaker(verb, q: tuple[int, int]):
    """The speaker of a quotation's verb: its subject unless the parser took one from inside the
    quotation ("“We were wrong,” Ramos told AFP" → We); then, or with no subject, the noun next
    to the verb outside the quotation ("…,” said Robin Maynard", "…,” Ramos, 58, told")."""
    subj = speaker_of(verb)
    if subj is not None and not (q[0] <= subj.idx < q[1]):
        return subj
    sent = sentence_of(verb)
    lo, hi = max(sent.start, verb.i - 6), min(sent.end, verb.i + 4)
    outside = [
        t
        for t in verb.doc[lo:hi]
        if t.i != verb.i
        and not (q[0] <= t.idx < q[1])
        and t.pos_ in SPEAKER_POS
        and t.lower_ not in RELATIVE
        and t.dep_ not in ("compound", "poss", "nummod")
    ]
    between = [t for t in outside if t.i < verb.i and t.idx >= q[1]]
    if between:  # "…,” Ramos, 58, told": the first noun after the quotation, end of its run
        k = between[0]
        while k.i + 1 < verb.i and k.doc[k.i + 1].pos_ == "PROPN":
            k = k.doc[k.i + 1]
        return k
    if verb.idx > q[1]:  # "…,” said Robin Maynard"
        after = [t for t in outside if t.i > verb.i and t.head.i == verb.i and t.dep_ != "dobj"]
        if after:
            return after[0]
    return None


def inverted_subject(verb, content_span: tuple[int, int]):
    """The speaker after a cue that follows its content ("…,” added a South Carolina Democrat;
    "…,” tweeted another): the parser often makes it an object or a clause's subject."""
    if content_span[1] > verb.idx:
        return None
    sent = sentence_of(verb)
    for t in verb.doc[verb.i + 1 : min(sent.end, verb.i + 4)]:
        if t.pos_ in ("ADV", "PART") or t.dep_ in ("det", "advmod"):
            continue
        if t.pos_ not in SPEAKER_POS or t.lower_ in RELATIVE or t.lower_ == "that":
            return None
        return _phrase_head(t, -1, sent.end, rightward=True)
    return None
