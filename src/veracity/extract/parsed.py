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
    SPEECH_CUES,
    word_set,
)
from veracity.extract.intervals import Containment, QuoteIndex, Stabbing, outermost
from veracity.extract.quotes import QUOTE_CHARS, open_quotes
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
        prt = _prt(head)
        return lemma_of(head) + (f" {prt}" if prt else "")


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


def _char_span(tokens) -> tuple[int, int] | None:
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


def _subtree_tokens(tok):
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1]


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


def _subject(tok, depth: int = 0):
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
        return _subject(tok.head, depth + 1)
    if tok.dep_ == "xcomp" and any(c.dep_ == "acomp" for c in tok.head.children):
        subj = _subject(tok.head, depth + 1)  # "it is difficult to predict": no speaker
        return None if subj is not None and subj.lower_ == "it" else subj
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ == "acomp":
        return _subject(tok.head.head, depth + 1)  # "voters were more likely to say"
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = tok.head
        if lemma_of(noun) in ISSUED and noun.dep_ in ("dobj", "pobj"):
            verb = noun.head if noun.dep_ == "dobj" else noun.head.head  # "in an article stating"
            return _subject(verb, depth + 1) or noun  # "His office put out a statement
        return noun  # saying…": the office speaks; "voters saying…": the voters
    if tok.dep_ == "acl" and tok.tag_ == "VB" and tok.head.pos_ == "NOUN":
        return _governor_subject(tok.head, depth)  # "pointed to a previous case to say"
    if tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:  # "began by saying"
        return _subject(tok.head.head, depth + 1)
    if tok.dep_ == "xcomp" and lemma_of(tok.head) in CAUSATIVES:  # "led her to declare"
        obj = next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i), None)
        if obj is not None and obj.pos_ in SPEAKER_POS:
            return obj
    if tok.dep_ in ("conj", "xcomp") or (
        tok.tag_ == "VBG" and tok.dep_ in ("advcl", "npadvmod", "dep", "conj")
    ):
        return _subject(tok.head, depth + 1)
    if tok.dep_ == "advcl" and tok.tag_ != "VBN":
        return _subject(tok.head, depth + 1)
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
    return dative or _subject(verb, depth + 1)


def _parenthetical(tok) -> bool:
    """A cue set off inside or after its content (", he says," / ", he said Tuesday.") and not
    one with words of its own after it ("; he says he fears…", "he told the AP…")."""
    subj = _subject(tok)
    if subj is None:
        return False
    own = {t.i for t in _subtree_tokens(subj)}
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
            span = _char_span(_subtree_tokens(c))
            if span:
                return span, c
    if lemma in DENY_CUES:
        for c in children:  # "denied meeting the envoy"
            if c.dep_ in ("xcomp", "pcomp") or (c.dep_ == "dobj" and c.pos_ == "VERB"):
                span = _char_span(_subtree_tokens(c))
                if span:
                    return span, c
    if any(c.dep_ == "prt" for c in children) and (lemma, _prt(tok)) in DENY_PHRASAL:
        for c in children:  # "pushed back on the report"
            if c.dep_ == "prep":
                span = _char_span(_subtree_tokens(c)[1:])
                if span:
                    return span, c
    if lemma in PREP_CUES:  # "voted for the bill", "spoke about the economy"
        for c in children:
            if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    span = _char_span(_subtree_tokens(pobj))
                    if span:
                        return span, pobj
    if lemma in INTENT_CUES:
        for c in children:
            if c.dep_ == "xcomp":
                span = _char_span(_subtree_tokens(c))
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
            span = _char_span(toks)
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


def _prt(tok) -> str:
    return next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")


def _is_cue_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = lemma_of(tok)
    return lemma in SPEECH_CUES or lemma in PREP_CUES or (lemma, _prt(tok)) in DENY_PHRASAL


def _verb_near_quote(doc, text: str, q, covered_cues: set[int]):
    """The verb that introduces quotation ``q``: right after it, else right before it."""
    starts = _token_starts(doc)
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
                _is_cue_verb(t)
                or (not closed and n <= 3 and t.pos_ == "VERB" and _subject(t) is not None)
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
    if last.text not in (",", ":") and not _is_cue_verb(last):
        return None
    sent_start = sentence_of(last).start
    window = [t for t in before if t.i >= sent_start]
    for t in reversed(window):
        if t.i in covered_cues:
            continue
        if _is_cue_verb(t):
            return t
    for t in reversed(window):
        if t.i not in covered_cues and t.pos_ == "VERB" and _subject(t) is not None:
            return t
    return None


def _token_starts(doc) -> list[int]:
    starts = doc.user_data.get("veracity_starts")
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data["veracity_starts"] = starts
    return starts


def _root_in(doc, span: tuple[int, int]):
    starts = _token_starts(doc)
    toks = doc[bisect.bisect_left(starts, span[0]) : bisect.bisect_left(starts, span[1])]
    for t in toks:
        if (t.head.i == t.i or not (span[0] <= t.head.idx < span[1])) and not t.is_punct:
            return t
    return toks[0] if toks else None


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


def relative_antecedent(tok):
    """The noun a relative pronoun stands for ("leaders who say" → leaders), else None."""
    if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return None


def _speaker_of(tok):
    """The cue's subject; for a participle the parser left hanging ("…, writing “…”"), the
    subject of its sentence's main verb; for a finite verb whose subject the parser attached
    elsewhere ("Mr. Bush - in a line that … - declared"), the nearest subject-like noun before
    it in the sentence."""
    subj = _subject(tok)
    if subj is None and tok.tag_ == "VBG":
        root = sentence_of(tok).root
        if root.i != tok.i and root.i < tok.i:
            subj = _subject(root)
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


def _quote_speaker(verb, q: tuple[int, int]):
    """The speaker of a quotation's verb: its subject unless the parser took one from inside the
    quotation ("“We were wrong,” Ramos told AFP" → We); then, or with no subject, the noun next
    to the verb outside the quotation ("…,” said Robin Maynard", "…,” Ramos, 58, told")."""
    subj = _speaker_of(verb)
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


def _inverted_subject(verb, content_span: tuple[int, int]):
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


# "Trump: ‘We will win’", "TAPPER: Do you think…", "… - Philip Bump: “…”": a name, a colon, and
# what the named one said, to the end of the line (headlines, transcripts, quoted passages).
_LABEL = re.compile(
    r"(?m)(?:^|[-–—]\s*)(?P<name>[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z(][\w.'’()-]*|and|of|de|van))"
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
    starts = _token_starts(doc)
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
                content_root=_root_in(doc, content),
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
        if not (_is_cue_verb(tok) or _reports_clause(tok)):
            continue
        if inside_quotes.strictly_inside(tok.idx):
            continue  # speech inside a quotation belongs to the quotation's speaker
        if tok.dep_ == "amod" or tok.tag_ == "VBN" and tok.dep_ == "acl":
            continue  # "the said report", "information published these days"
        found = _content_of(tok)
        if found is None and tok.dep_ == "parataxis" and _parenthetical(tok):
            # "This campaign, he says, is different": the clause around the cue is the content
            head = tok.head
            found = (_char_span(_subtree_tokens(head)), head)
            if found[0] is None:
                continue
        elif found is None:
            continue
        span, root = found
        if span[0] <= tok.idx < span[1] and root.i != tok.head.i:
            continue
        span = index.extend(span)
        span = _quote_before_cue(text, span, tok, index) or span
        speaker = _speaker_of(tok)
        if speaker is not None and index.strictly_inside(speaker.idx):
            speaker = None  # "“I'm voting for anyone but Hillary,” declared Alyssa…": not "I"
        speaker = speaker or _inverted_subject(tok, span)
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
            speaker_head=_quote_speaker(verb, q) or _inverted_subject(verb, q),
            via_quote=True,
            content_root=_root_in(doc, q),
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
        ls, rs = _char_span(left), _char_span(right)
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
