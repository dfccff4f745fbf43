"""Attribution candidates from a dependency parse (spaCy): cue verbs, quotes, "according to".

Three routes, in this order, each token in at most one attribution (as in PolNeAR):
1. a cue verb with a clausal complement, an intention (``xcomp``) or, for verbs such as
   "denied" or "announced", an object — the complement is the content;
2. a quotation not yet inside any content, paired with the verb right after it ("…," he said) or
   right before it (He said: "…");
3. "according to X" — X is the speaker, the clause around it the content.
A candidate whose cue lies inside another's content is dropped (the outer one keeps it); an
"according to" inside another's clause becomes that attribution's provenance instead.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from veracity.extract.cues import (
    DENY_CUES,
    DENY_PHRASAL,
    OBJECT_CONTENT_CUES,
    word_set,
)
from veracity.extract.intervals import Containment, QuoteIndex, Stabbing, outermost
from veracity.extract.parse_speakers import (
    ISSUED,
    grammatical_subject,
    inverted_subject,
    quote_speaker,
    relative_antecedent,
    speaker_of,
)
from veracity.extract.parse_tokens import (
    CLOSING_MARKS,
    CONTENT_PREPS,
    FACT_MODALS,
    INTENT_CUES,
    KNOWN_LEMMAS,
    PREP_CUES,
    SENTENCE_END,
    char_span,
    is_cue_verb,
    lemma_of,
    particle,
    root_in,
    sentence_of,
    subtree_tokens,
    token_starts,
)
from veracity.extract.quotes import open_quotes

__all__ = [  # the parse reading's words, wherever they live (extractor.py imports them here)
    "ISSUED",
    "KNOWN_LEMMAS",
    "Candidate",
    "cue_negated",
    "find_candidates",
    "lemma_of",
    "negation_of",
    "relative_antecedent",
    "sentence_of",
]


@dataclass(slots=True)
class Candidate:
    cue_tokens: list  # spaCy tokens
    content_span: tuple[int, int]
    speaker_head: object | None = None  # spaCy token heading the speaker phrase
    kind: str = "reported"
    via_quote: bool = False
    according: bool = False
    cites_head: object | None = None
    content_root: object | None = None
    extra: dict = field(default_factory=dict)
    speaker_chars: tuple[int, int] | None = None  # a speaker given as text, not by the parse

    @property
    def cue_span(self) -> tuple[int, int]:
        first, last = self.cue_tokens[0], self.cue_tokens[-1]
        return first.idx, last.idx + len(last)

    @property
    def cue_lemma(self) -> str:
        head = self.cue_tokens[0]
        prt = particle(head)
        return lemma_of(head) + (f" {prt}" if prt else "")


def _parenthetical(tok) -> bool:
    """A cue set off inside or after its content (", he says," / ", he said Tuesday.") and not
    one with words of its own after it ("; he says he fears…", "he told the AP…")."""
    subj = grammatical_subject(tok)
    if subj is None:
        return False
    own = {t.i for t in subtree_tokens(subj)}
    sent = sentence_of(tok)
    for t in tok.doc[tok.i + 1 : sent.end]:
        if t.is_punct or t.is_space:
            return True
        if t.i not in own and t.dep_ not in ("advmod", "npadvmod", "prep", "pobj", "det", "amod"):
            return False
    return True


def _content_of(tok):
    """(span, root) of a cue verb's content, or None."""
    lemma = lemma_of(tok)
    children = list(tok.children)
    # the clause after the verb first: "you're supporting Trump, I think there are…" gives
    # "think" two clausal children, and what is thought comes after it
    for c in sorted(children, key=lambda c: (c.i < tok.i, c.i)):
        if c.dep_ == "ccomp":
            span = char_span(subtree_tokens(c))
            if span:
                return span, c
    if lemma in DENY_CUES:
        for c in children:  # "denied meeting the envoy"
            if c.dep_ in ("xcomp", "pcomp") or (c.dep_ == "dobj" and c.pos_ == "VERB"):
                span = char_span(subtree_tokens(c))
                if span:
                    return span, c
    if any(c.dep_ == "prt" for c in children) and (lemma, particle(tok)) in DENY_PHRASAL:
        for c in children:  # "pushed back on the report"
            if c.dep_ == "prep":
                span = char_span(subtree_tokens(c)[1:])
                if span:
                    return span, c
    if lemma in PREP_CUES:  # "voted for the bill", "spoke about the economy"
        for c in children:
            if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    span = char_span(subtree_tokens(pobj))
                    if span:
                        return span, pobj
    if lemma in INTENT_CUES:
        for c in children:
            if c.dep_ == "xcomp":
                span = char_span(subtree_tokens(c))
                if span:
                    return span, c
    if lemma in OBJECT_CONTENT_CUES:
        objs = [c for c in children if c.dep_ in ("dobj", "oprd")]
        if objs:
            first = objs[0]
            bare_pronoun = first.pos_ == "PRON" and not any(c.dep_ == "oprd" for c in children)
            if bare_pronoun and (
                first.lower_ not in ("it", "this", "that") or lemma not in ("deny", "confirm")
            ):
                return None
            last = max(
                (c for c in children if c.i > first.i and c.dep_ in ("dobj", "oprd", "prep")),
                key=lambda c: c.i,
                default=first,
            )
            if last.dep_ == "prep" and last.lower_ not in ("as", "of"):
                last = objs[-1]
            toks = tok.doc[first.left_edge.i : last.right_edge.i + 1]
            span = char_span(toks)
            if span:
                return span, first
    return None


def _kind(span: tuple[int, int], quotes: QuoteIndex) -> str:
    inner = quotes.inner(span)
    if not inner:
        return "reported"
    if len(inner) == 1 and inner[0][0] - span[0] <= 1 and span[1] - inner[0][1] <= 2:
        return "direct"
    return "partial"


def _verb_near_quote(doc, text: str, q, covered_cues: set[int]):
    """The verb that introduces quotation ``q``: right after it, else right before it."""
    starts = token_starts(doc)
    first_after = bisect.bisect_left(starts, q[1])
    toks_after = doc[first_after : first_after + 8]
    # a quotation that ends its own sentence ("…tax.”) is followed by narration: only a speech
    # verb ("…tax,” he said / “Stop!” he yelled) introduces it, not any verb ("The party won")
    inner = text[q[0] : q[1]].rstrip(CLOSING_MARKS)
    closed = bool(inner) and inner[-1] in SENTENCE_END
    for n, t in enumerate(toks_after):
        if t.text in SENTENCE_END or "\n" in t.text:
            break
        if (
            t.pos_ in ("VERB", "AUX")
            and t.i not in covered_cues
            and (
                is_cue_verb(t)
                or (
                    not closed
                    and n <= 3
                    and t.pos_ == "VERB"
                    and grammatical_subject(t) is not None
                )
            )
        ):
            return t
    k = bisect.bisect_left(starts, q[0])  # tokens before the opening mark
    while k > 0 and doc[k - 1].idx + len(doc[k - 1]) > q[0]:
        k -= 1
    if k == 0:
        return None
    before = doc[max(0, k - 25) : k]
    last = before[-1]
    if last.is_space and len(before) > 1 and before[-2].text == ":":
        last = before[-2]  # X said:\n\n"…"
    elif "\n" in last.text_with_ws:
        return None
    if last.text not in (",", ":") and not is_cue_verb(last):
        return None
    sent_start = sentence_of(last).start
    window = [t for t in before if t.i >= sent_start]
    for t in reversed(window):
        if t.i in covered_cues:
            continue
        if is_cue_verb(t):
            return t
    for t in reversed(window):
        if t.i not in covered_cues and t.pos_ == "VERB" and grammatical_subject(t) is not None:
            return t
    return None


def _reports_clause(tok) -> bool:
    """A verb outside the lists that still reports: a named or pronoun subject and a
    that-clause ("Trump bragged that …")."""
    if tok.pos_ != "VERB":
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("it", "this", "that", "which", "what"):
        return False
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )


# "Trump: ‘We will win’", "TAPPER: Do you think…", "… - Philip Bump: “…”": a name, a colon, and
# what the named one said, to the end of the line (headlines, transcripts, quoted passages; a
# transcript quoted paragraph by paragraph opens each line with a quotation mark: "WALLACE: …).
_LABEL = re.compile(
    r"(?m)(?:^[\"“]?|[-–—]\s*)(?P<name>[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z(][\w.'’()-]*|and|of|de|van))"
    r"{0,4}):[ \t]+(?P<content>\S[^\n]*)"
)
NAME_PARTICLES = frozenset({"and", "of", "de", "van"})
NOT_SPEAKERS = word_set(
    """
    update updated note editor's editors abstract text exclusive watch video photo photos
    related read source sources breaking correction posted tags filed caption credit image
    warning disclaimer subscribe share click see also more full live transcript summary key
    bottom line first second third last next why what how when where who here this that
    latest name age city job pay date time location place title topic question answer
    origins origin background context claim rating verdict analysis conclusion paid
    sponsored advertisement
    """
)
_GAP_TO_CUE = re.compile(r"^[\s,]*(?:[\w.'’-]+[ \t]+){0,5}$")


def _quote_before_cue(text: str, span, cue, quotes: QuoteIndex):
    """The quotation alone when the parser made a whole passage the content of the verb that
    closes it ("Murphy followed up…: “There's a ton of…,” he said" → the quotation)."""
    for q0, q1 in quotes.ending_between(span[1], span[1] + 2):
        if (
            q1 <= cue.idx
            and span[0] < q0
            and q1 - 2 <= span[1] <= q1
            and _GAP_TO_CUE.match(text[q1 : cue.idx])
        ):
            return q0, q1
    return None


def _label_candidates(doc, text: str) -> list[Candidate]:
    """Speaker labels: the text after "Name:" is the named one's, as a transcript reads."""
    out = []
    starts = token_starts(doc)
    for m in _LABEL.finditer(text):
        name, (c0, c1) = m.group("name"), m.span("content")
        words = name.split()
        first = words[1] if words[0] == "The" and len(words) > 1 else words[0]
        if first.lower().rstrip(".") in NOT_SPEAKERS:
            continue
        if not all(w[0].isupper() or w in NAME_PARTICLES for w in words):
            continue
        colon = bisect.bisect_left(starts, m.end("name"))
        if colon >= len(doc) or doc[colon].text != ":":
            continue

        content = (c0, len(text[:c1].rstrip()))
        if content[1] - content[0] < 8:
            continue
        out.append(
            Candidate(
                cue_tokens=[doc[colon]],
                content_span=content,
                speaker_head=doc[colon - 1],
                kind="reported",
                content_root=root_in(doc, content),
                speaker_chars=m.span("name"),
                extra={"reports_on": True},  # what the labelled one quotes is attributed too
            )
        )
    return out


def find_candidates(doc, quotes: list[tuple[int, int]], text: str) -> list[Candidate]:
    """Attribution candidates in a parsed document of ``text``, one per cue, nested ones
    removed."""
    cands: dict[int, Candidate] = {}
    inside_quotes = Stabbing(quotes + open_quotes(text))
    index = QuoteIndex(quotes)
    # 1. cue verbs with content
    for tok in doc:
        if not (is_cue_verb(tok) or _reports_clause(tok)):
            continue
        if inside_quotes.strictly_inside(tok.idx):
            continue  # speech inside a quotation belongs to the quotation's speaker
        if tok.dep_ == "amod" or tok.tag_ == "VBN" and tok.dep_ == "acl":
            continue  # "the said report", "information published these days"
        found = _content_of(tok)
        if found is None and tok.dep_ == "parataxis" and _parenthetical(tok):
            # "This campaign, he says, is different": the clause around the cue is the content
            head = tok.head
            found = (char_span(subtree_tokens(head)), head)
            if found[0] is None:
                continue
        elif found is None:
            continue
        span, root = found
        if span[0] <= tok.idx < span[1] and root.i != tok.head.i:
            continue
        span = index.extend(span)
        span = _quote_before_cue(text, span, tok, index) or span
        speaker = speaker_of(tok)
        if speaker is not None and index.strictly_inside(speaker.idx):
            speaker = None  # "“I'm voting for anyone but Hillary,” declared Alyssa…": not "I"
        speaker = speaker or inverted_subject(tok, span)
        cands[tok.i] = Candidate(
            cue_tokens=[tok], content_span=span, speaker_head=speaker, content_root=root
        )
    for c in _label_candidates(doc, text):
        cands[c.cue_tokens[0].i] = c
    # 2. quotations no content holds yet
    consumed: set[tuple[int, int]] = set()
    held = Containment([c.content_span for c in cands.values()])
    cue_ids = set(cands)
    for k, q in enumerate(quotes):
        if q in consumed:
            continue
        if held.contains(q):
            continue
        verb = _verb_near_quote(doc, text, q, cue_ids)
        if verb is None:
            continue
        # "…," Blackwell added, "…" — the second half continues the same quotation
        if k + 1 < len(quotes) and verb.idx > q[1]:
            gap = text[q[1] : quotes[k + 1][0]]
            if len(gap) < 120 and not any(ch in gap for ch in ".!?\n"):
                consumed.add(quotes[k + 1])
        cands[verb.i] = Candidate(
            cue_tokens=[verb],
            content_span=q,
            speaker_head=quote_speaker(verb, q) or inverted_subject(verb, q),
            via_quote=True,
            content_root=root_in(doc, q),
        )
        if verb.i in cue_ids:  # a candidate replaced: its content holds nothing any more
            held = Containment([c.content_span for c in cands.values()])
        else:
            held.add(q)
            cue_ids.add(verb.i)
    # 3. according to X
    according: list[Candidate] = []
    for tok in doc[:-1]:
        if tok.lower_ != "according" or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase = doc[tok.i : pobj.right_edge.i + 1]
        sent = sentence_of(tok)
        clause = tok.head if tok.head.i != tok.i else sent.root
        left = doc[sent.start : phrase.start]
        right = doc[phrase.end : sent.end]
        ls, rs = char_span(left), char_span(right)
        span = (ls[0], rs[1]) if ls and rs else ls or rs
        if span is None:
            continue
        according.append(
            Candidate(
                cue_tokens=[tok, to],
                content_span=span,
                speaker_head=pobj,
                kind="according_to",
                according=True,
                content_root=clause,
            )
        )
    # an "according to" attached to a cue verb, or inside a content, is provenance
    out = list(cands.values())
    for a in according:
        host = next(
            (
                c
                for c in out
                if a.cue_tokens[0].head.i == c.cue_tokens[0].i
                or c.content_span[0] <= a.cue_span[0] < c.content_span[1]
            ),
            None,
        )
        if host is not None:  # "X said …, according to Y": X cites Y, and Y reports it
            host.cites_head = a.speaker_head
            a.extra["reports_on"] = True
        out.append(a)
    # 4. keep outermost: drop candidates whose cue sits inside another's content
    out.sort(key=lambda c: c.cue_span)
    held_by_none = outermost(
        [(c.cue_span, None if c.extra.get("reports_on") else c.content_span) for c in out]
    )
    kept = [c for c, alone in zip(out, held_by_none, strict=True) if alone]
    for c in kept:
        if not c.according:
            c.kind = _kind(c.content_span, index)
    return kept


def negation_of(root) -> tuple[bool, bool]:
    """(negated, with a promise/ability modal) for a content's main verb.

    Negated: "did not happen", and also "no troops crossed", "there was no contact".
    """
    if root is None:
        return False, False
    kids = list(root.children)
    negated = any(c.dep_ == "neg" for c in kids) or any(
        c.dep_ in ("nsubj", "nsubjpass", "attr", "dobj")
        and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in kids
    )
    modal = any(c.dep_ == "aux" and c.lower_ in FACT_MODALS for c in kids)
    return negated, modal


def cue_negated(cue) -> bool:
    return any(c.dep_ == "neg" for c in cue.children)
