"""Attribution by patterns alone, for when no parsing model is installed (``spacy.blank``).

Covers the common newswire shapes: "…," X said. / X said: "…" / X said (that) … /
according to X, …. Speakers are a run of capitalised words or a pronoun next to the cue.
Less accurate than the parser route (see BENCHMARKS.md), but never silent.
"""

from __future__ import annotations

import re

from veracity.extract.cues import SPEECH_CUES

_IRREGULAR = {
    "say": ["said", "says", "say", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "written", "writing"],
    "think": ["thought", "thinks"],
    "feel": ["felt", "feels"],
    "know": ["knew", "knows"],
    "see": ["saw", "sees"],
    "seek": ["sought", "seeks"],
    "mean": ["meant", "means"],
    "hear": ["heard", "hears"],
    "find": ["found", "finds"],
    "show": ["showed", "shows", "shown"],
    "understand": ["understood", "understands"],
    "forget": ["forgot", "forgets"],
    "deny": ["denied", "denies", "denying"],
    "reply": ["replied", "replies"],
    "testify": ["testified", "testifies"],
    "quip": ["quipped", "quips"],
}


def inflections(lemma: str) -> list[str]:
    """Past, third person and -ing forms of a cue verb (irregular ones listed)."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return [lemma + "d", lemma + "s", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"]
    return [lemma + "ed", lemma + "s", lemma + "ing"]


_FORM_TO_LEMMA = {f: lemma for lemma in SPEECH_CUES for f in inflections(lemma)}
_SAY = sorted(
    {
        f
        for lemma in (
            "say",
            "tell",
            "add",
            "write",
            "state",
            "report",
            "announce",
            "claim",
            "insist",
            "deny",
            "dismiss",
            "explain",
            "note",
            "warn",
            "argue",
            "emphasize",
            "stress",
            "confirm",
            "suggest",
            "tweet",
            "respond",
            "reply",
            "declare",
            "acknowledge",
            "admit",
        )
        for f in inflections(lemma)
    },
    key=len,
    reverse=True,
)
_CUE = "(?P<cue>" + "|".join(_SAY) + ")"
_NAME = (
    r"(?P<speaker>(?:[A-Z][\w.'’\-]*\s+){0,5}[A-Z][\w.'’\-]*|he|she|they|He|She|They"
    r"|(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w'’\-]*\s+){0,3}[a-z][\w'’\-]*)"  # "the defence ministry"
)
QUOTE = r"(?P<q>[“\"][^“”\"\n]{2,2000}[”\"])"

PATTERNS = (
    # "…," he said / "…," said Peskov
    re.compile(QUOTE + r"\s*,?\s*" + _NAME + r"\s+" + _CUE + r"\b"),
    re.compile(QUOTE + r"\s*,?\s*" + _CUE + r"\s+" + _NAME),
    # Peskov said: "…"
    re.compile(_NAME + r"\s+(?:\w+\s+)?" + _CUE + r"\s*[:,]\s*" + QUOTE),
    # Peskov said (that) …
    re.compile(_NAME + r"\s+(?:\w+ly\s+)?" + _CUE + r"\s+(?P<c>(?:that\s+)?[^.!?\n]{8,})"),
)
ACCORDING = re.compile(r"\b(?P<cue>according to)\s+(?P<speaker>[^,.;:\n]{2,80})")


def rule_matches(text: str) -> list[dict]:
    """Spans of attributions found by patterns: speaker, cue, content; no overlaps."""
    found: list[dict] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for pat in PATTERNS:
        for m in pat.finditer(text):
            content_group = "q" if "q" in m.groupdict() and m.group("q") else "c"
            span = m.span(content_group)
            cue = m.span("cue")
            if not free(*span) or not free(*cue):
                continue
            taken.extend([span, cue])
            speaker = m.span("speaker")
            found.append(
                {
                    "speaker_span": speaker,
                    "cue_span": cue,
                    "cue_lemma": _FORM_TO_LEMMA.get(m.group("cue").lower(), m.group("cue").lower()),
                    "content_span": span,
                    "kind": "direct" if content_group == "q" else "reported",
                }
            )
    for m in ACCORDING.finditer(text):
        cue = m.span("cue")
        if not free(*cue):
            continue
        start = text.rfind("\n", 0, cue[0]) + 1
        sent_start = max(start, max((text.rfind(p, 0, cue[0]) + 2 for p in ". "), default=0))
        end_m = re.search(r"[.!?\n]", text[m.end() :])
        sent_end = m.end() + end_m.start() if end_m else len(text)
        span = (sent_start, cue[0]) if cue[0] - sent_start > 10 else (m.end(), sent_end)
        seg = text[span[0] : span[1]]
        lead = len(seg) - len(seg.lstrip(" ,"))
        trail = len(seg) - len(seg.rstrip(" ,"))
        span = (span[0] + lead, span[1] - trail)
        if span[1] - span[0] < 5:
            continue
        found.append(
            {
                "speaker_span": m.span("speaker"),
                "cue_span": cue,
                "cue_lemma": "according to",
                "content_span": span,
                "kind": "according_to",
            }
        )
    found.sort(key=lambda d: d["cue_span"])
    return found
