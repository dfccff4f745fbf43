"""Speakers: the name and the role in a subject phrase, and simple coreference.

"Kremlin spokesman Dmitry Peskov" → name "Dmitry Peskov", role "Kremlin spokesman";
"Helmut Brandstätter, an Austrian Member of the European Parliament" → the appositive is the
role. "he", "she", "the spokesman" → the nearest earlier named speaker that fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from veracity.extract.cues import PRONOUNS_GROUP, PRONOUNS_PERSON, word_set

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


# Last words that make a proper name an organisation rather than a person (used without NER).
ORG_WORDS = word_set(
    """
    post times news journal herald tribune guardian telegraph press agency service kremlin
    ministry department office house council committee commission party campaign government
    administration court police army navy bank inc corp company group institute university
    network tv radio channel reuters ap afp bbc cnn fox msnbc nbc abc cbs npr tass ria
    interfax senate congress parliament union association foundation fund center centre
    """
)


def _guess_label(run) -> str:
    last = run[-1].lower_
    if last in ORG_WORDS or (len(run) == 1 and run[0].text.isupper() and len(run[0]) > 1):
        return "ORG"
    return "PERSON"


@dataclass(frozen=True, slots=True)
class SpeakerPhrase:
    name: str
    name_span: tuple[int, int]
    mention_span: tuple[int, int]  # the whole subject phrase, without relative clauses
    role: str | None
    is_named: bool  # a proper name, not a pronoun or a common noun ("officials")
    label: str | None  # PERSON, ORG… when the name is an entity


def _edge_trim(tokens):
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def speaker_phrase(head) -> SpeakerPhrase:
    """Name, role and spans of the subject phrase headed by spaCy token ``head``."""
    doc = head.doc
    cut = (
        {"relcl", "acl", "appos", "advcl", "punct", "prep"}
        if head.pos_ == "PROPN"
        else {
            "relcl",
            "acl",
            "appos",
            "advcl",
        }
    )
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in cut]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(t.children)
    idx = sorted(t.i for t in keep)
    # contiguous run around the head only (skip detached pieces)
    lo = hi = head.i
    s = set(idx)
    while lo - 1 in s and "\n" not in doc[lo - 1].text:  # a phrase never spans a line break
        lo -= 1
    while hi + 1 in s and "\n" not in doc[hi + 1].text:
        hi += 1
    tokens = _edge_trim(list(doc[lo : hi + 1]))
    if not tokens:
        tokens = [head]
    mention = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    role_parts: list[str] = []
    name_tokens = tokens
    label = None
    ent = None
    if head.ent_iob_ in ("B", "I"):  # only when the pipeline has an entity recogniser
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    if ent is not None and ent.label_ in NAME_LABELS:
        name_tokens = [t for t in tokens if ent.start <= t.i < ent.end] or [head]
        label = ent.label_
        before = [t for t in tokens if t.i < ent.start and t.dep_ not in ("det", "poss", "case")]
        if before:
            role_parts.append(doc[before[0].i : before[-1].i + 1].text)
    elif head.pos_ == "PROPN":
        run = [head]
        j = head.i - 1
        while j >= tokens[0].i and doc[j].pos_ == "PROPN":
            run.insert(0, doc[j])
            j -= 1
        label = _guess_label(run)
        prev = doc[run[0].i - 1] if run[0].i > tokens[0].i else None
        if prev is not None and prev.text == "The" and label == "ORG":
            run.insert(0, prev)  # "The Washington Post" is the name, not "Washington Post"
        name_tokens = run
        before = [t for t in tokens if t.i < run[0].i and t.dep_ not in ("det", "poss", "case")]
        if before:
            role_parts.append(doc[before[0].i : before[-1].i + 1].text)
    for c in head.children:
        if c.dep_ == "appos":
            app = _edge_trim(list(doc[c.left_edge.i : c.right_edge.i + 1]))
            if app:
                role_parts.append(doc[app[0].i : app[-1].i + 1].text)
    # strip a leading determiner from the name ("the Kremlin" stays, "The Washington Post" stays)
    name_span = (name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1]))
    name = doc[name_tokens[0].i : name_tokens[-1].i + 1].text
    is_named = label is not None or head.pos_ == "PROPN"
    return SpeakerPhrase(
        name=name,
        name_span=name_span,
        mention_span=mention,
        role="; ".join(role_parts) or None,
        is_named=is_named,
        label=label,
    )


@dataclass(slots=True)
class Antecedents:
    """Named speakers seen so far in one document, for resolving later pronouns and roles."""

    people: list[tuple[str, tuple[int, int], str | None]]  # name, span, role
    groups: list[tuple[str, tuple[int, int], str | None]]
    seen: list[tuple[str, tuple[int, int], str | None]]  # both, in text order

    @classmethod
    def empty(cls) -> Antecedents:
        return cls(people=[], groups=[], seen=[])

    def add(self, phrase: SpeakerPhrase) -> None:
        if not phrase.is_named:
            return
        entry = (phrase.name, phrase.name_span, phrase.role)
        if phrase.label in (None, "PERSON"):
            self.people.append(entry)
        else:
            self.groups.append(entry)
        self.seen.append(entry)

    def fuller_name(self, name: str) -> tuple[str, tuple[int, int], str | None] | None:
        """An earlier, longer name of the same speaker ("Dmitry Peskov" for "Peskov")."""
        words = name.lower().split()
        for entry in reversed(self.seen):
            full = entry[0].lower().split()
            if len(full) > len(words) and full[-len(words) :] == words:
                return entry
        return None

    def resolve(self, mention: str) -> tuple[str, tuple[int, int], str | None] | None:
        """The antecedent of a pronoun or a role noun phrase, if one fits."""
        m = mention.lower().strip()
        if m in PRONOUNS_PERSON:
            return self.people[-1] if self.people else None
        if m in PRONOUNS_GROUP:
            return self.groups[-1] if self.groups else None
        words = m.split()
        if words and words[0] in ("the", "this", "that") and len(words) >= 2:
            head = words[-1]
            for entry in reversed(self.seen):
                role = (entry[2] or "").lower()
                if head in role.split() or head in entry[0].lower().split():
                    return entry
        return None
