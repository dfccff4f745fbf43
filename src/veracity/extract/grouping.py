"""Group attributions about the same event into propositions, and flag contradictions.

No embeddings here (no small static model ships in a package we may use — see BENCHMARKS.md):
two statements are about the same proposition when their content words overlap enough (overlap
coefficient of lemma-like keywords, proper names counted twice) and their dates, if both give
one, agree. A statement with no content words of its own ("It is absolutely untrue") refers
back: it joins the proposition of the same speaker's previous statement in that document.
A proposition that one source asserts and another denies is a contradiction.

>>> from veracity.extract.attribution import Attribution
>>> from veracity.model import Stance
>>> a = Attribution("WaPo", (0, 4), "reported", (5, 13), "Trump and Putin spoke by phone", (14, 44))
>>> b = a.with_(speaker="Peskov", content="no phone call between Trump and Putin",
...             stance=Stance.DENIES)
>>> [g.contradiction for g in group_attributions([("d1", a), ("d2", b)])]
[True]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from veracity.extract.attribution import Attribution
from veracity.extract.cues import word_set
from veracity.model import Stance

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
SYNONYMS = {
    "conversation": "call",
    "conversations": "call",
    "phone": "call",
    "telephone": "call",
    "calls": "call",
    "spoke": "call",
    "talked": "call",
}
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
THRESHOLD = 0.5


def keywords(text: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    out = set()
    for w in words:
        lw = w.lower().rstrip("'’s").rstrip("’")
        if lw in STOPWORDS or len(lw) < 3:
            continue
        out.add(SYNONYMS.get(lw, lw))
        if w[0].isupper():
            out.add("#" + lw)  # proper names count twice
    return frozenset(out)


def dates(text: str) -> frozenset[tuple[int, int]]:
    return frozenset(
        (MONTHS[m.group("m")[:3].lower()], int(m.group("d"))) for m in _DATE.finditer(text)
    )


@dataclass(frozen=True, slots=True)
class PropositionGroup:
    """Statements about one proposition: indices into the input, and whether they conflict."""

    id: str
    text: str
    members: tuple[int, ...]
    contradiction: bool
    existing: bool = False  # the id is a stored proposition's


def similarity(ka: frozenset[str], kb: frozenset[str], da: frozenset, db: frozenset) -> float:
    """Overlap coefficient; 0 unless they share two words, one of them not a name (two
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


def group_attributions(
    items: Sequence[tuple[str, Attribution]],
    *,
    existing: Sequence[tuple[str, str]] = (),
    threshold: float = THRESHOLD,
) -> list[PropositionGroup]:
    """Propositions over ``(document_id, attribution)`` pairs, in order of first mention.

    ``existing`` are known propositions ``(id, text)`` (from the store): a statement close
    enough to one joins it, and that group keeps its id. Groups of existing propositions that
    no statement joined are not returned.
    """
    keys = [keywords(a.content) for _, a in items]
    when = [dates(a.content) for _, a in items]
    seed_keys = [keywords(text) for _, text in existing]
    seed_dates = [dates(text) for _, text in existing]
    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    seeded: dict[int, int] = {}  # group index -> index into ``existing``
    last_by_speaker: dict[tuple[str, str | None], int] = {}
    for i, (doc_id, att) in enumerate(items):
        target = None
        if refers_back(att.content, keys[i]):
            prev = last_by_speaker.get((doc_id, att.speaker))
            if prev is not None:
                target = group_of[prev]
        else:
            best = 0.0
            for g, members in enumerate(groups):
                sims = [similarity(keys[i], keys[j], when[i], when[j]) for j in members]
                if g in seeded:
                    k = seeded[g]
                    sims.append(similarity(keys[i], seed_keys[k], when[i], seed_dates[k]))
                s = max(sims)
                if s >= threshold and s > best:
                    best, target = s, g
            if target is None:
                for k in range(len(existing)):
                    if k in seeded.values():
                        continue
                    s = similarity(keys[i], seed_keys[k], when[i], seed_dates[k])
                    if s >= threshold and s > best:
                        best, target = s, -1 - k
            if target is not None and target < 0:  # first statement on a stored proposition
                groups.append([])
                seeded[len(groups) - 1] = -1 - target
                target = len(groups) - 1
        if target is None:
            groups.append([i])
            target = len(groups) - 1
        else:
            groups[target].append(i)
        group_of[i] = target
        last_by_speaker[(doc_id, att.speaker)] = i
    out = []
    for g, members in enumerate(groups):
        atts = [items[i][1] for i in members]
        asserting = {a.speaker for a in atts if a.stance is Stance.ASSERTS}
        denying = {a.speaker for a in atts if a.stance is Stance.DENIES}
        conflict = bool(asserting and denying and (asserting | denying) != (asserting & denying))
        if g in seeded:
            pid, text = existing[seeded[g]]
        else:
            lead = next((a for a in atts if a.stance is Stance.ASSERTS), atts[0])
            text = re.sub(r"^(?:that|whether)\s+", "", lead.content.strip(" “”\"'"), flags=re.I)
            pid = f"P{g + 1}"
        out.append(
            PropositionGroup(
                id=pid,
                text=text,
                members=tuple(members),
                contradiction=conflict,
                existing=g in seeded,
            )
        )
    return out
