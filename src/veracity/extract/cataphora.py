"""Descriptions in a headline or lede that name their speaker only later.

News stories open on a description and name the person in the next paragraphs: "Former DNC
chairman calls for Clinton contingency plan. / A former Democratic National Committee chairman
says … / … said Don Fowler". Read in order, "Former DNC chairman" has no antecedent and would
become a described group of its own; it is the person the story then names. Rule: a singular
description of a person in the story's first three paragraphs, said before any person is named
as a speaker, is the first person named as a speaker after it whose role does not name another
office and whose sex does not contradict it — preferring, among those, one whose role shares a
word with the description ("Member of House panel" … "Rep. Adam Schiff, the top Democrat on the
House Intelligence Committee").

>>> from veracity.extract.attribution import Attribution
>>> lede = Attribution(None, None, "says", (20, 24), "x", (25, 26), mention_span=(0, 19))
>>> lede = lede.with_(speaker="Former DNC chairman")
>>> named = Attribution("Don Fowler", (60, 70), "said", (55, 59), "y", (0, 1),
...                     mention_span=(60, 70), speaker_label="PERSON")
>>> text = "Former DNC chairman says x.\\n\\n" + " " * 40
>>> [a.speaker for a in name_lede_descriptions(text, [lede, named])]
['Don Fowler', 'Don Fowler']
"""

from __future__ import annotations

from veracity.extract.attribution import Attribution
from veracity.extract.cues import word_set
from veracity.extract.mentions import PERSON_NOUNS, gender_of, gender_of_name, is_nameless
from veracity.extract.speaker import _OFFICES, _other_role

LEDE_PARAGRAPHS = 3  # headline, standfirst or first paragraph, the next paragraph


def lede_end(text: str) -> int:
    """Offset where the story's first three paragraphs end (lines of four words or more: a
    time stamp such as "2:45 p.m." or a section label is no paragraph)."""
    seen = 0
    pos = 0
    for line in text.split("\n"):
        pos += len(line) + 1
        if len(line.split()) >= 4:
            seen += 1
            if seen == LEDE_PARAGRAPHS:
                return pos
    return len(text)


def _words(text: str) -> list[str]:
    return [w.strip(".,;:’'\"").lower() for w in text.split() if w.strip(".,;:’'\"")]


def person_description(text: str) -> str | None:
    """The office or person noun of a singular description of one person ("Former DNC
    chairman" → "chairman", "Lawmaker" → "lawmaker"), else None (a group, a pronoun, a
    name)."""
    ws = _words(text)
    if not ws or is_nameless(text) or ws[0] in ("some", "many", "two", "three", "several"):
        return None
    if ws[-1].endswith("s") and ws[-1][:-1] in PERSON_NOUNS:
        return None  # "officials": many
    for w in ws:
        if w in _OFFICES or w in PERSON_NOUNS:
            return w
    return None


# words of a role that say nothing of which office ("Former Pennsylvania Gov." shares only
# "former" with "Former DNC chairman")
_VAGUE = word_set("former current senior chief deputy acting then longtime onetime")


def _shares(description: str, att: Attribution) -> bool:
    """The named speaker's role says something the description says (a word of four letters
    or more, or the same office)."""
    mine = {w for w in _words(description) if len(w) >= 4 and w not in _VAGUE}
    theirs = set(_words(att.role or ""))
    if mine & theirs:
        return True
    offices = {_OFFICES[w] for w in mine if w in _OFFICES}
    return any(_OFFICES.get(w) in offices for w in theirs)


def name_lede_descriptions(text: str, atts: list[Attribution]) -> list[Attribution]:
    """The attributions with each headline or lede description of one person given the person
    named after it (see the module docstring); others unchanged."""
    end = lede_end(text)
    named = sorted(
        (a for a in atts if a.speaker_label == "PERSON" and a.mention_span is not None),
        key=lambda a: a.mention_span[0] if a.mention_span else 0,
    )
    if not named:
        return atts
    first_named = named[0].mention_span[0] if named[0].mention_span else 0
    out = []
    for a in atts:
        span = a.mention_span
        said = text[span[0] : span[1]] if span else ""
        office = person_description(said) if a.speaker and a.speaker_label is None else None
        if span is None or office is None or span[0] >= min(end, first_named):
            out.append(a)
            continue
        gender = gender_of(said)
        fits = [
            n
            for n in named
            if n.mention_span
            and n.mention_span[0] > span[0]
            and not _other_role(n.role, office)
            and (gender is None or gender_of_name(n.speaker or "") in (None, gender))
        ]
        pick = next((n for n in fits if _shares(said, n)), fits[0] if fits else None)
        if pick is None:
            out.append(a)
            continue
        out.append(
            a.with_(
                speaker=pick.speaker,
                speaker_span=pick.speaker_span,
                speaker_label="PERSON",
                role=a.role or pick.role,
                parent=pick.parent,
            )
        )
    return out


__all__ = ["lede_end", "name_lede_descriptions", "person_description"]
