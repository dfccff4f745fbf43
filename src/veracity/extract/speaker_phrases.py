"""The words around a speaker that the parser route reads: whose statement a possessive
names ("his spokesman" → he), a relative clause's noun, quantified speakers ("some officials"),
the parent a role names ("a Kremlin spokesman" → Kremlin), and a speaker's whole noun phrase.
Used by ``Extractor._attribution`` (``extractor.py``)."""

from __future__ import annotations

from veracity.extract.cues import word_set
from veracity.extract.mentions import ORG_NOUNS, is_nameless, role_parent
from veracity.extract.parsed import (
    ISSUED,
    relative_antecedent,
)
from veracity.extract.speaker import Antecedents, guess_label, speaker_phrase

# What a speaker issues and then "says" (the issuer speaks), beyond ``parsed.ISSUED``.
ISSUERS_NOUNS = ISSUED | word_set(
    "brief submission filing analysis study ruling complaint lawsuit motion website site account"
    " decision memoir"
)


_POSSESSIVE = {"his": "he", "her": "she", "its": "it", "their": "they"}


def owner_of(head, antecedents: Antecedents) -> tuple[str, tuple[int, int], str | None] | None:
    """The speaker behind an organisation or a document named by its owner: "his campaign" →
    "Hillary Clinton's campaign" (a named group), "Ivana Trump's brief" → Ivana Trump, "an
    analysis released by the Department of Veterans Affairs" → the department."""
    noun = head.lemma_.lower() or head.lower_
    issued = noun in ISSUERS_NOUNS
    if not (issued or noun in ORG_NOUNS):
        return None
    owner = None
    poss = next((c for c in head.children if c.dep_ == "poss"), None)
    if poss is not None and poss.lower_ in _POSSESSIVE:
        found = antecedents.resolve(_POSSESSIVE[poss.lower_], at=poss.idx)
        if found is not None:
            owner = (found[0], found[1], antecedents.label_of(found[0]))
    elif poss is not None and poss.pos_ == "PROPN":
        named = speaker_phrase(poss)
        fuller = antecedents.fuller_name(named.name, at=named.name_span[0])
        name, span = (fuller[0], fuller[1]) if fuller else (named.name, named.name_span)
        owner = (name, span, named.label)
    elif issued:  # "an analysis released by the VA", "an article by The Associated Press"
        by = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
        if pobj is not None and pobj.pos_ == "PROPN":
            named = speaker_phrase(pobj)
            owner = (named.name, named.name_span, named.label)
        for acl in (c for c in head.children if c.dep_ == "acl"):
            agent = next((c for c in acl.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if pobj is not None and pobj.pos_ == "PROPN":
                named = speaker_phrase(pobj)
                owner = (named.name, named.name_span, named.label)
    if owner is None and issued and poss is None:
        owner = _named_issuer(head, antecedents) or _earlier_issuer(head, noun, antecedents)
    if owner is None:
        return None
    if issued:
        return owner
    return f"{owner[0]}'s {head.text}", owner[1], None


def relative_noun(tok):
    """The noun a relative pronoun stands for: by the parse ("leaders who say"), else the noun
    right before it ("states that may not want")."""
    found = relative_antecedent(tok)
    if found is None and is_nameless(tok.text):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        rel = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
        if rel is not None and rel.lower_ in ("whom", "which"):
            return _quantified_relative(tok, rel)
    if tok.lower_ in ("who", "that", "which") and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        named_or_many = ("NNS", "NNPS", "NNP")
        if (
            prev.pos_ in ("NOUN", "PROPN")
            and (found is None or (found.tag_ not in named_or_many and prev.tag_ in named_or_many))
            and not (tok.lower_ == "who" and _organisation(prev))
        ):
            found = _phrase_head_of(prev)  # the parse hung the clause on a farther noun
    if (
        found is not None
        and found.dep_ == "appos"
        and found.head.pos_ == "PROPN"
        and any(c.dep_ == "det" for c in found.children)
    ):
        # "John Bentel, a tech staffer … who", "Future45, a super PAC that": the apposition
        # describes the name, and the name is who speaks
        return found.head
    return found


def _quantified_relative(tok, rel):
    """ "family members of 9/11 victims, many of whom say": the noun the relative stands for
    (the parse may hang "say" on the main verb: then the noun before the comma, and for
    "whom" the people of an "X of Y" phrase); None when no noun is there."""
    if tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        return _phrase_head_of(tok.head.head)
    doc = tok.doc
    j = tok.i - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN"):
        return None
    noun = _phrase_head_of(doc[j])
    while (
        rel.lower_ == "whom"
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ in ("NOUN", "PROPN")
    ):
        noun = noun.head.head
    return noun


def _organisation(tok) -> bool:
    """The proper noun ends the name of an organisation or a place ("the State Department"):
    "who" stands for a person, so "a staffer at the State Department who told" is the
    staffer."""
    if tok.pos_ != "PROPN":
        return False
    run = [t.text for t in tok.doc[tok.left_edge.i : tok.i + 1] if t.pos_ == "PROPN"]
    return guess_label(" ".join(run) or tok.text) in ("ORG", "GPE")


def _phrase_head_of(tok):
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def quantified(head):
    """The counted noun of a quantity phrase ("a number of cities", "many of the states"): the
    quantity alone names no one."""
    if not is_nameless(head.text):
        return head
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            return pobj
    return head


def parent_in(role: str | None) -> str | None:
    """The organisation a role names ("Kremlin spokesman" → "Kremlin"), from the first part of
    the role that names one."""
    for part in (role or "").split("; "):
        _title, parent = role_parent(part)
        if parent:
            return parent
    return None


def whole_phrase(head, content_span) -> tuple[int, int] | None:
    """The speaker's full noun phrase ("Eva Resnick-Day, an activist for Greenpeace,"), or None
    when it would run into the content or over a line break (a misparse)."""
    doc = head.doc
    toks = list(doc[head.left_edge.i : head.right_edge.i + 1])
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ == "cc"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks or any("\n" in t.text for t in toks):
        return None
    span = (toks[0].idx, toks[-1].idx + len(toks[-1]))
    if span[0] < content_span[1] and content_span[0] < span[1]:
        return None
    return span


_DEFINITE = word_set("the this that")


def _named_issuer(head, antecedents: Antecedents) -> tuple[str, tuple[int, int], str | None] | None:
    """ "a USA TODAY analysis", "a Pentagon report": the name before the noun issued it."""
    names = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if not names:
        return None
    doc = head.doc
    lo, hi = names[0].left_edge.i, names[-1].i
    if any(t.pos_ != "PROPN" for t in doc[lo : hi + 1]):
        return None
    name = doc[lo : hi + 1].text
    span = (doc[lo].idx, doc[hi].idx + len(doc[hi]))
    fuller = antecedents.fuller_name(name, at=span[0])
    if fuller is not None:
        return fuller[0], fuller[1], antecedents.label_of(fuller[0])
    # a document's issuer named by a modifier is an organisation unless known as a person
    return name, span, antecedents.label_of(name) or "ORG"


def _earlier_issuer(head, noun: str, antecedents: Antecedents):
    """ "The statement noted…" after "the Security Council issued a statement", "the book said"
    after "Mariano wrote a memoir": whoever issued a document of that kind earlier in the
    text (the subject of the verb it is the object of). None when none was: who wrote "the
    report" is then not known."""
    det = next((c for c in head.children if c.dep_ == "det"), None)
    if det is None or det.lower_ not in _DEFINITE:
        return None
    kind = _DOCUMENT_KINDS.get(noun, {noun})
    for tok in reversed(head.doc[: head.i]):
        if (tok.lemma_.lower() or tok.lower_) not in kind or tok.dep_ != "dobj":
            continue
        subject = next(
            (c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None
        )
        if subject is None:
            return None
        named = speaker_phrase(subject)
        if not named.is_named:
            return None
        fuller = antecedents.fuller_name(named.name, at=named.name_span[0])
        if fuller is not None:
            return fuller[0], fuller[1], antecedents.label_of(fuller[0])
        return named.name, named.name_span, antecedents.label_of(named.name) or named.label
    return None


# Nouns a text uses for one document in turn ("wrote a memoir … the book said")
_DOCUMENT_KINDS = {
    w: set(group.split())
    for group in (
        "book memoir autobiography biography",
        "statement release",
        "report analysis study review",
        "ruling decision opinion order",
        "letter memo email e-mail",
    )
    for w in group.split()
}
