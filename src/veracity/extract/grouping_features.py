"""What grouping compares in a statement's content: its content words (``keywords``), dates,
names and numbers (``entities``), the text with names masked (``without_names``), the text a
proposition is stated as (``proposition_text``), keyword ``similarity`` and ``refers_back``.
Used by the scorers (``grouping_scores``) and the assignment (``grouping``)."""

from __future__ import annotations

import re

from veracity.extract.canonical import positive_form
from veracity.extract.cues import DENIAL_PATTERNS, word_set

STOPWORDS = word_set(
    """
    a an the and or but if of to in on at by for with from as that this these those it its is
    are was were be been being has have had do does did will would shall should can could may
    might must not no never nor so than then there their they them he she his her him we our us
    i me my you your who whom which what when where why how all any some such very just also
    about into over after before between during while because said says say told according
    pure fiction fake news absolutely untrue simply false true lie lies nonsense rumors rumours
    rumor rumour reports report claims claim allegations allegation quite even only more most
    one two mr mrs ms dr
    """
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DATE = re.compile(
    r"\b(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2})\b"
)


def keywords(text: str) -> frozenset[str]:
    """Lower-cased content words; a capitalised word also as ``#word`` (names count twice)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    out = set()
    for w in words:
        lw = w.lower().rstrip("'’s").rstrip("’")
        if lw in STOPWORDS or len(lw) < 3:
            continue
        out.add(lw)
        if w[0].isupper():
            out.add("#" + lw)  # proper names count twice
    return frozenset(out)


def dates(text: str) -> frozenset[tuple[int, int]]:
    return frozenset(
        (MONTHS[m.group("m")[:3].lower()], int(m.group("d"))) for m in _DATE.finditer(text)
    )


_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}s?\b")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[\s“\"‘'(]*$")


def _name_words(text: str, known: frozenset[str] = frozenset()) -> tuple[list[re.Match], bool]:
    """Capitalised content words that are names, and whether the text is in Title Case. A
    sentence's first word is a name only if it is in ``known`` (names seen elsewhere)."""
    words = list(_WORD.finditer(text))
    capitalised = [m for m in words if m.group()[0].isupper()]
    # Title Case: no long word in lower case ("Two Blokes Dared To Eat 20-Year-Old Burger")
    title_case = len(words) > 3 and not any(
        m.group()[0].islower() and len(m.group()) >= 4 for m in words
    )
    names = [
        m
        for m in capitalised
        if m.group().lower() not in STOPWORDS
        and len(m.group()) >= 3
        and (
            title_case or _stem(m.group()) in known or not _SENTENCE_START.search(text[: m.start()])
        )
    ]
    return names, title_case


def _stem(word: str) -> str:
    return word.lower().rstrip("'’s").rstrip("’")


def entities(text: str) -> frozenset[str]:
    """Names, acronyms and numbers in a text: ``u.s.`` → ``us``, ``nato``, ``19``, and
    capitalised content words — not a sentence's first word, unless the text is in Title Case
    (a headline), where every capitalised word counts because capitals there say little."""
    out = {m.group().replace(".", "").lower() for m in _ACRONYM.finditer(text)}
    out |= {m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    names, _ = _name_words(text)
    return frozenset(out | {_stem(m.group()) for m in names})


def without_names(text: str, known: frozenset[str] = frozenset()) -> str:
    """The text with its names and acronyms taken out ("Putin met Trump" → "met"): what is
    said of whom, for telling apart two events with the same actors. A sentence's first word
    goes only if it is in ``known`` (lower-cased names found elsewhere). Title Case text is
    returned whole (there, capitals do not mark names)."""
    names, title_case = _name_words(text, known)
    if title_case:
        return text
    spans = sorted([m.span() for m in names] + [m.span() for m in _ACRONYM.finditer(text)])
    out, at = [], 0
    for a, b in spans:
        if a >= at:
            out.append(text[at:a])
            at = b
    out.append(text[at:])
    masked = re.sub(r"\s+", " ", " ".join(out)).strip()
    return masked if len(_WORD.findall(masked)) >= 2 else text


LEADING_THAT = re.compile(r"^[\s“”\"'‘’]*(?:that|whether|if)\s+", re.I)
_HEARSAY = re.compile(
    r"\b(?:all |the |any )?(?:rumou?rs?|reports?|claims?|allegations?|suggestions?|talk)"
    r"\s+(?:of|that|about)\s+",
    re.I,
)


# No "[" inside the link text and no "(" inside the target: with "[^\]]*" every "[" of a run of
# 100,000 scanned to the end of the text and back (quadratic: 27 s of CPU for one 100 KB HTML
# article in the fuzz run); this way each attempt stops at the next bracket, linear in the text.
MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")


def proposition_text(content: str) -> str:
    """What a content says happened, without the speaker's verdict on it: Markdown links,
    quotation marks, a leading "that", "rumors of", a debunking frame ("there is no evidence
    that"), the main negation (:func:`~veracity.extract.canonical.positive_form`) and denial
    phrases ("pure fiction") removed."""
    text = LEADING_THAT.sub("", MARKDOWN_LINK.sub(r"\1", content))
    text = positive_form(text)
    text = _HEARSAY.sub(" ", text)
    for pattern in DENIAL_PATTERNS:
        text = pattern.sub(" ", text)
    text = re.sub(r"[“”\"‘’]|(?<!\w)'|'(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:.") or content


def similarity(ka: frozenset[str], kb: frozenset[str], da: frozenset, db: frozenset) -> float:
    """Keyword overlap coefficient; 0 unless they share two words, one of them not a name (two
    statements that merely name Trump and Putin are not about the same event), and 0 when both
    give dates and none agree."""
    if da and db and not (da & db):
        return 0.0
    shared = ka & kb
    names = {w[1:] for w in ka | kb if w.startswith("#")}
    plain = [w for w in shared if not w.startswith("#")]
    if len(plain) < 2 or not any(w not in names for w in plain):
        return 0.0
    return len(shared) / min(len(ka), len(kb))


_REFERS_BACK = re.compile(r"^[“\"'‘]?\s*(?:this|it|that|these|those)\s+(?:is|was|are|were)\b", re.I)


def refers_back(content: str, keys: frozenset[str]) -> bool:
    """True for content that is about something said before ("It is absolutely untrue")."""
    return len([w for w in keys if not w.startswith("#")]) < 2 or bool(
        _REFERS_BACK.match(content.strip())
    )
