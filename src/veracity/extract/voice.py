"""The outlet's own voice: a document's headline and unattributed claims as its statements.

An article that repeats a rumour in its own words, or debunks it ("there is no evidence that…"),
takes a side as surely as the people it quotes; leaving its own sentences out made every
debunking outlet invisible. So the sentences no attribution covers become statements by the
document's source (:func:`document_voice`), when they are claims:

- not a question, not a caption, byline, link line or disclaimer (boilerplate);
- not the author's open hypothesis ("Perhaps Moscow wants…", "If so, …", "Could it be…");
- a clause with a subject and a finite verb and at least three content words (not a fragment);
- not itself a report ("The Kremlin said the call never happened"): that is someone else's
  claim, which the extractor's attributions are for.

The stance of the voice toward what the sentence says: ``denies`` when it debunks ("there is no
evidence that", "the hoax", "is false", "never happened"), ``hedges`` when it keeps its
distance ("reportedly", "allegedly", "appears to"), else ``asserts``. The content is the
sentence as written; :func:`veracity.extract.canonical.canonical_text` makes the proposition.

Whose voice: :func:`publisher_name` — the name given by the analyst, else an opinion piece's
byline author (the outlet disclaims the views), else the publisher from metadata (HTML
og:site_name, a feed's title), else the outlet named by the URL's domain (also a URL the text
gives as its origin), else a byline author.

>>> voice_stance("There is no evidence that the mayor resigned.")[0]
<Stance.DENIES: 'denies'>
>>> voice_stance("The mayor reportedly resigned on Monday.")[0]
<Stance.HEDGES: 'hedges'>
>>> outlet_from_domain("https://www.theglobeandmail.com/a/b")
'The Globe and Mail'
>>> outlet_from_domain("https://www.bbc.co.uk/news/1")
'BBC'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from veracity.extract.attribution import Attribution
from veracity.extract.cues import DENIAL_PATTERNS, SPEECH_CUES, word_set
from veracity.model import Stance

VOICE = "voice"  # Attribution.kind of a document's own sentence
VOICE_CUE = "(own words)"  # its cue: the outlet says it in its own words
HEADLINE_CUE = "(headline)"  # … in its headline
LEAD_CUE = "(lead)"  # … in its first paragraph
LEAD_WORDS = 10  # the lead is the first paragraph of at least this many words (not a caption)

# Debunking frames: the sentence denies what follows or what it is about. Frames only, not a
# debunking word anywhere: "It originated on the satirical website…" asserts where a story
# came from; "The story is satire" denies it.
_VERDICT = (
    r"(?:a |an )?(?:hoax|false|untrue|fake|myth|lie|fabrication|fabricated|bogus|satire|"
    r"satirical|made[- ]up|not true|not real|a joke|fiction|baseless|unfounded|nonsense)"
)
DEBUNK_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bno (?:evidence|proof|sign|indication|record|confirmation)\b",
        r"\b(?:is|are|was|were|be|been|proved|proven|turned out to be|appears to be|"
        r"seems to be|'s)\s+(?:(?:almost |most |all but )?(?:certainly|likely|probably|"
        r"completely|totally|entirely|just|simply|all|nothing but|clearly|obviously)\s+)?"
        + _VERDICT
        + r"\b",
        r"\b(?:has|have|had) been (?:debunked|disproved|disproven|refuted|denied)\b",
        r"\bdebunk(?:s|ed|ing)? "
        r"(?:the|a|this|that|these|claims?|reports?|rumou?rs?|stor(?:y|ies))\b",
        r"\bfalsely (?:claim|report|stat|suggest|attribut)\w*",
        r"\bthe (?:hoax|myth|false (?:claim|report|story|rumou?r)) (?:that|of)\b",
        r"\bcast(?:s|ing)? (?:serious |some )?doubts? (?:on|over|upon) (?:the )?"
        r"(?:claims?|reports?|stor(?:y|ies)|rumou?rs?|suggestions?) (?:that|of)\b",
        r"\b(?:been|be|is|was|were|are) (?:\w+ly )?(?:doctored|faked|photoshopped|forged)\b",
        # "There is no Father O'Neal in Massachusetts", "There was no urinating on air": the
        # sentence denies that something exists or happened; not "there is no doubt that…"
        r"^\W*(?:(?:but|and|so|however|in fact|actually),?\s+)?there (?:is|was|are|were|has "
        r"been|have been) (?:absolutely |simply |actually )?no (?!doubt|question|way|need|reason|"
        r"shortage|end|telling|denying|point|time|chance|place|longer|more|less|one|other|"
        r"better|excuse|word|comment|response|answer|easy|clear|mistaking|substitute)",
        *(p.pattern for p in DENIAL_PATTERNS[:8]),  # "pure fiction", "untrue", "never happened"
    )
)
# Keeping its distance: the outlet passes the claim on without vouching for it.
HEDGE_WORDS = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?red|unconfirmed|"
    r"purport(?:s|ed|ing)? to|claiming to|said to be|"
    r"unverified|(?:is|are|was|were) (?:said|believed|thought|alleged|rumou?red|reported) to|"
    r"(?:appears?|seems?|appeared|seemed) to|may have|might have|could have|according to)\b",
    re.I,
)
# The author's open hypotheses and conditionals: not claims.
HYPOTHESIS_START = re.compile(
    r"^[\s\"“‘'(]*(?:perhaps|maybe|possibly|conceivably|presumably|suppose|imagine|"
    r"what if|if|unless|whether|could|would|might|should|let us|let's)\b",
    re.I,
)
# Lines that are not prose: "**Related article:** …", "Photo: …", "Original url: <…>", links.
# Only labels known to open page furniture: "Correction: …", "UPDATE: …" and a kicker such as
# "Hoax Alert: Father O'Neal … Is Made Up" are the outlet speaking in its own words.
LABEL_LINE = re.compile(
    r"^\s*(?:\*\*|__)?(?:related(?: articles?| stories| story| links?| coverage| content)?|"
    r"read (?:more|also|next)|also read|see also|more|more on this|photos?|photograph|"
    r"top (?:photo|image)|featured image|images?|pictures?|pic|video|watch|listen|credits?|"
    r"captions?|sources?|via|h/t|hat tip|tags?|filed under|topics?|share(?: this)?|"
    r"advertisement|sponsored|original (?:url|link|article)|url|links?|editor['’]?s note|"
    r"disclaimer|copyright|contact|e-?mail|follow(?: us)?|subscribe|newsletter|click here)"
    r":(?:\*\*|__)?\s",
    re.I,
)
LINK_ONLY = re.compile(r"^\s*[<(\[]?\s*(?:https?://|www\.)\S+\s*[>)\]]?\s*$")
DISCLAIMER = re.compile(
    r"\b(?:views|opinions) expressed\b.{0,80}\b(?:do not|don't|not) necessarily\b", re.I | re.S
)
BYLINE = re.compile(
    r"^\s*(?:[*_]{1,2})?(?:by|written by)\s+\[?(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})"
    r"\]?(?:\([^)]*\))?",
    re.I,
)
ORIGIN_URL = re.compile(
    r"^\s*(?:[*_]{1,2})?(?:original (?:url|link|article)|source|url|canonical(?: url)?|"
    r"first published (?:at|on|by))\s*:?(?:[*_]{1,2})?\s*:?\s*<?(?P<url>https?://[^\s>)]+)",
    re.I | re.M,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
FUNCTION_WORDS = word_set(
    """
    a an the and or but if of to in on at by for with from as that this these those it its is
    are was were be been being has have had do does did will would shall should can could may
    might must not no never nor so than then there their they them he she his her him we our us
    i me my you your who whom which what when where why how all any some such very just also
    about into over after before between during while because one two others other another
    here its itself himself herself themselves someone something anyone anything everyone
    everything nobody nothing
    """
)
_SPEECH_FORMS = re.compile(  # verbs only: "claims" and "reports" are nouns as often
    r"\b(?:said|says|told|tells|claimed|reported|announced|denied|denies|insisted|insists|"
    r"stated|confirmed|confirms|according to|wrote|writes|tweeted|asserted|alleges)\b",
    re.I,
)


def content_words(text: str) -> list[str]:
    """Words that carry content: not function words, not one or two letters."""
    return [
        w for w in _WORD.findall(text) if len(w) > 2 and w.lower().strip("'’") not in FUNCTION_WORDS
    ]


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \"”’')*_").endswith("?")


def is_hypothesis(sentence: str) -> bool:
    """The author's open hypothesis or a conditional: "Perhaps…", "If that is the case…"."""
    return bool(HYPOTHESIS_START.match(sentence))


_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|did|does|do|can|could|may|might|must|"
    r"shall|should)\b|\b[a-z]{3,}ed\b|n't\b",
    re.I,
)


def is_fragment(text: str) -> bool:
    """A pronoun, "others", a lone name, a noun phrase: fewer than three content words (a
    number counts as one), unless two of them make a clause with a finite verb ("Talks never
    happened")."""
    n = len(content_words(text)) + len(re.findall(r"\b\d[\d,.]*\b", text))
    return n < 2 or (n < 3 and not _FINITE.search(text))


def voice_stance(sentence: str) -> tuple[Stance, str]:
    """``(stance, reason)`` of a document's own sentence toward what it says."""
    for pat in DEBUNK_PATTERNS:
        m = pat.search(sentence)
        if m:
            return Stance.DENIES, f"debunking language {m.group()!r}"
    m = HEDGE_WORDS.search(sentence)
    if m:
        return Stance.HEDGES, f"distancing language {m.group()!r}"
    return Stance.ASSERTS, "the outlet's own words"


# -- whose voice ---------------------------------------------------------------------------------


def outlet_from_domain(url: str) -> str | None:
    """An outlet's name from its URL's domain, as a reader would write it
    (:func:`veracity.extract.publishers.outlet_name`): ``www.washingtonpost.com`` → "The
    Washington Post", ``theglobeandmail.com`` → "The Globe and Mail"."""
    from veracity.extract.publishers import outlet_name

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed address ("http://[::1") names no outlet
        return None
    return outlet_name(host) if host else None


def byline_author(text: str, *, lines: int = 15) -> str | None:
    """The author named by a byline ("By Jane Doe") in the first lines of a text."""
    for line in text.splitlines()[:lines]:
        m = BYLINE.match(line)
        if m:
            return m.group("name").strip()
    return None


def origin_url(text: str) -> str | None:
    """A URL the text gives as its own origin ("Original url: <https://…>", "Source: …")."""
    m = ORIGIN_URL.search(text)
    return m.group("url") if m else None


def publisher_name(
    text: str,
    *,
    url: str | None = None,
    publisher: str | None = None,
    given: str | None = None,
) -> str | None:
    """Whose voice a document's own sentences are (see the module's docstring for the order)."""
    if given and given.strip():
        return given.strip()
    author = byline_author(text)
    if author and DISCLAIMER.search(text):
        return author
    if publisher and publisher.strip():
        return publisher.strip()
    for candidate in (url, origin_url(text)):
        if candidate:
            name = outlet_from_domain(candidate)
            if name:
                return name
    return author


# -- the sentences -------------------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of non-empty lines."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n[^\S\n]*[^\s][^\n]*)*", text):
        out.append(m.span())
    return out


def _is_boilerplate(block: str, text: str) -> bool:
    stripped = block.strip()
    if LABEL_LINE.match(stripped) or LINK_ONLY.match(stripped) or BYLINE.match(stripped):
        return True
    if DISCLAIMER.search(stripped):
        return True
    # a wholly emphasised line (a caption, a standfirst credit) or one without a sentence end
    return re.fullmatch(r"[*_]+[^*_]+[*_]+", stripped) is not None


_ABBREVIATION = re.compile(
    r"(?:^|[\s(.])(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Prof|Inc|Co|Corp|Ltd|No|"
    r"vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])$"
)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``; abbreviations ("U.S.", "Nov.") do not end
    a sentence (the next word is lower case or a digit, or the stop follows one letter)."""
    spans: list[tuple[int, int]] = []
    cut = start
    for m in re.finditer(r"[.!?…]+[\"”’')\]]*(?=\s+|$)", text[start:end]):
        stop = start + m.end()
        before = text[max(start, start + m.start() - 6) : start + m.start()]
        after = text[stop : stop + 3].lstrip()
        abbrev = m.group() == "." and _ABBREVIATION.search(before) is not None
        if abbrev or (after[:1].islower() or after[:1].isdigit()):
            continue
        spans.append((cut, stop))
        cut = stop
    if cut < end and text[cut:end].strip():
        spans.append((cut, end))
    out = []
    for a, b in spans:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append((a + lead, a + trail))
    return out


def _clean(sentence: str) -> str:
    """Markdown out: links keep their text, emphasis marks and heading marks go."""
    # no "[" inside the link text: "[^\]]*" ran from every "[" to the end of a text of
    # 100,000 "[" and back (quadratic: over 100 s found by the fuzz); now linear
    s = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", sentence)
    s = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", s)
    return re.sub(r"^#+\s*", "", s).strip()


# "PENCE: Well, …" (a transcript), not the outlet's own "UPDATE: …" or "CORRECTION: …"
# An author's remark on the questions the text has raised ("there seem to be no clear answers",
# "no one has been able to provide a credible answer to that"): about the discussion, not the
# world; it would only ever meet another remark like it.
_ABOUT_ITS_QUESTIONS = re.compile(
    r"\bno (?:\w+ )?answers?\b|\banswers? to (?:that|this|these|those|it|them)\b|"
    r"\b(?:valid|open|essential|key|big|real|unanswered) questions?\b|"
    r"\bthe question (?:remains|is)\b",
    re.I,
)
_TRANSCRIPT = re.compile(
    r"^[\s\"“‘']*(?!(?:UPDATED?|CORRECTION|CLARIFICATION)\b)[A-Z][A-Z.' -]{1,40}:\s"
)


def _quoted(span: tuple[int, int], quotes: Sequence[tuple[int, int]], text: str) -> bool:
    """Someone's words, not the outlet's: the sentence lies inside a quotation, or opens or
    closes one (a quoted paragraph whose speaker is named sentences later)."""
    a, b = span
    if any(x <= a and b <= y + 1 for x, y in quotes):
        return True
    raw = text[a:b].strip()
    return raw[:1] in '“"‘' or raw.startswith("''") or raw.rstrip(".,")[-1:] in '”"'


def _covered(span: tuple[int, int], atts: Sequence[Attribution]) -> bool:
    a, b = span
    for att in atts:
        for x, y in (att.content_span, att.cue_span):
            if x < b and a < y:
                return True
    return False


def _place(blocks: list[tuple[int, int]], text: str) -> dict[tuple[int, int], str]:
    """The cue for each block's sentences: the headline (a first line that is a heading or has
    no final stop), the lead (the first paragraph of :data:`LEAD_WORDS` words or more), or the
    body."""
    out: dict[tuple[int, int], str] = {}
    prose = [blk for blk in blocks if not _is_boilerplate(text[blk[0] : blk[1]], text)]
    if prose:
        first = text[prose[0][0] : prose[0][1]].strip()
        if "\n" not in first and (first.startswith("#") or not first.endswith((".", "”", '"'))):
            out[prose[0]] = HEADLINE_CUE
    for blk in prose:
        if blk in out:
            continue
        if len(_WORD.findall(text[blk[0] : blk[1]])) >= LEAD_WORDS:
            out[blk] = LEAD_CUE
            break
    return out


def candidate_sentences(
    text: str, attributions: Sequence[Attribution] = ()
) -> list[tuple[tuple[int, int], str, str]]:
    """``(span, sentence, why_not)`` for every sentence of the text; ``why_not`` is "" for a
    candidate claim in the document's own voice, else the reason it is not one."""
    return [(span, s, why) for span, s, why, _ in _candidates(text, attributions)]


def _candidates(
    text: str, attributions: Sequence[Attribution]
) -> list[tuple[tuple[int, int], str, str, str]]:
    from veracity.extract.quotes import find_quotes

    out = []
    blocks = _blocks(text)
    place = _place(blocks, text)
    quotes = find_quotes(text)
    for a, b in blocks:
        block = text[a:b]
        if _is_boilerplate(block, text):
            continue
        cue = place.get((a, b), VOICE_CUE)
        for span in _sentences(text, a, b):
            raw = text[span[0] : span[1]]
            sentence = _clean(raw)
            if not sentence:
                continue  # Markdown marks only ("#", "**")
            why = ""
            if _covered(span, attributions):
                why = "attributed"
            elif is_question(sentence):
                why = "question"
            elif _quoted(span, quotes, text) or _TRANSCRIPT.match(sentence):
                why = "quoted"
            elif is_hypothesis(sentence):
                why = "hypothesis"
            elif _ABOUT_ITS_QUESTIONS.search(sentence):
                why = "about the text's own questions"
            elif is_fragment(sentence):
                why = "fragment"
            elif _SPEECH_FORMS.search(sentence):
                why = "reports someone else's words"
            out.append((span, sentence, why, cue))
    return out


def _has_common_word(text: str) -> bool:
    """A content word in lower case: text that says something of something, not only names
    (in Title Case every word counts, as capitals say little there)."""
    words = content_words(text)
    title_case = words and all(w[:1].isupper() for w in words) and len(words) >= 4
    return any(w[:1].islower() for w in words) or bool(title_case and not _NAMES_ONLY.search(text))


_NAMES_ONLY = re.compile(r"[/;|]")  # credit lines: "NBC News/YouTube; Getty Images"


def has_clause(doc) -> bool:
    """A parsed sentence with a finite verb and a subject (a claim, not a caption or a list)."""
    for tok in doc:
        if tok.dep_ == "ROOT":
            finite = tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
                for c in tok.children
            )
            subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children)
            lemma = tok.lemma_.lower()
            if lemma in SPEECH_CUES and any(c.dep_ == "ccomp" for c in tok.children):
                return False  # "X said Y" that the extractor missed: someone else's claim
            if not (finite and subject):
                return False
            return not _refers_back(tok)
    return False


def _refers_back(root) -> bool:
    """ "These are certainly valid questions": a pronoun subject and a copula, nothing said of
    the world that stands alone."""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    copula = root.lemma_ == "be" or any(c.dep_ == "cop" for c in root.children)
    pronoun = subj is not None and subj.lower_ in ("this", "these", "those", "that", "it", "they")
    clause = any(c.dep_ in ("ccomp", "xcomp", "advcl") for c in root.children)
    return copula and pronoun and not clause


def document_voice(
    text: str,
    speaker: str,
    attributions: Sequence[Attribution] = (),
    *,
    nlp=None,
) -> list[Attribution]:
    """The document's own claims as attributions to ``speaker`` (kind :data:`VOICE`), in text
    order. ``nlp`` (a spaCy pipeline with a parser) checks each candidate for a clause;
    without one, the candidate's length and its final stop stand in."""
    cands = [(span, s, cue) for span, s, why, cue in _candidates(text, attributions) if not why]
    if not cands:
        return []
    if nlp is not None and "parser" in getattr(nlp, "pipe_names", ()):
        docs = list(nlp.pipe([s for _, s, _ in cands]))
        # a headline may be a noun phrase ("World's oldest burger"), parsed poorly in Title
        # Case; one of names only ("NBC Nightly News/YouTube; Mike Seidel") is a credit line
        cands = [
            c
            for c, d in zip(cands, docs, strict=True)
            if has_clause(d) or (c[2] == HEADLINE_CUE and _has_common_word(c[1]))
        ]
    else:
        cands = [c for c in cands if len(_WORD.findall(c[1])) >= 5]
    out = []
    for span, sentence, cue in cands:
        stance, _ = voice_stance(sentence)
        out.append(
            Attribution(
                speaker=speaker,
                speaker_span=None,
                cue=cue,
                cue_span=(span[0], span[0]),
                content=sentence,
                content_span=span,
                stance=stance,
                kind=VOICE,
            )
        )
    return out
