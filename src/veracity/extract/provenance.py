"""Provenance: whom an attribution passes on ("citing people familiar with the call").

Found in three places: "citing X" in the attribution's sentence; "according to X" inside its
clause (found by the parser, see ``parsed``); and a later sentence about where a speaker's
information came from ("The Washington Post's evidence came from Trump's team"), which applies
to every attribution of that speaker in the document.
"""

from __future__ import annotations

import re

_CITING = re.compile(
    r"\b(?:citing|quoting|based on (?:information|accounts|interviews) (?:from|with))\s+"
    r"(?P<src>[^,.;:\n“”\"]{3,120})",
    re.I,
)
_NAME = r"(?:The |the )?(?:[A-Z][\w.\-]*(?:\s+|$)){0,5}?[A-Z][\w.\-]*"
OUTLET_NOUNS = ("newspaper", "paper", "outlet", "publication", "broadcaster", "agency", "daily")
_OUTLET_NOUN = r"(?:[Tt]he (?:" + "|".join(OUTLET_NOUNS) + r"))"
_OUTLET_NAME_WORDS = frozenset(
    ("post", "times", "news", "journal", "herald", "tribune", "guardian", "telegraph", "press")
)
_CAME_FROM = re.compile(
    rf"(?P<who>{_OUTLET_NOUN}|{_NAME})(?:'s|’s|’|') "
    r"(?:evidence|information|sources?|reporting|report|account|story|tip|leak|claims?)\s+(?:had\s+)?(?:came|comes|come|was|were|is|are)\s+"
    r"(?:obtained\s+|provided\s+)?(?:from|by)\s+(?P<src>[^,.;:\n]{3,120})"
)


def citing_in(sentence: str) -> str | None:
    """The source named by "citing X" (or "quoting X") in a sentence."""
    m = _CITING.search(sentence)
    return m.group("src").strip() if m else None


def document_provenance(text: str) -> list[tuple[str, str]]:
    """``(speaker, source)`` pairs stated anywhere in the text ("X's evidence came from Y")."""
    out = []
    for m in _CAME_FROM.finditer(text):
        who = m.group("who").strip()
        who = re.sub(r"^(?:that|and|but|so)\s+", "", who, flags=re.I)
        out.append((who, m.group("src").strip()))
    return out


def same_speaker(a: str, b: str) -> bool:
    """Loose match of two names: "The Washington Post" ~ "the Post", "Dmitry Peskov" ~ "Peskov"."""
    norm = lambda s: [w for w in re.findall(r"\w+", s.lower()) if w not in ("the", "a", "an")]  # noqa: E731
    wa, wb = norm(a), norm(b)
    if not wa or not wb:
        return False
    for raw, generic, name in ((a, wa, wb), (b, wb, wa)):  # "the newspaper" ~ "The … Post"
        if len(generic) == 1 and generic[0] in OUTLET_NOUNS:
            return raw.lower().startswith("the ") and name[-1] in _OUTLET_NAME_WORDS
    return wa[-1] == wb[-1] or set(wa) <= set(wb) or set(wb) <= set(wa)
