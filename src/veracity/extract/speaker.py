"""Speakers: the name and the role in a subject phrase, and simple coreference.

"Kremlin spokesman Dmitry Peskov" → name "Dmitry Peskov", role "Kremlin spokesman";
"Helmut Brandstätter, an Austrian Member of the European Parliament" → the appositive is the
role. "he", "she", "the spokesman", "the paper" → the nearest earlier named speaker that fits
(:class:`Antecedents`); "Peskov" or "Mr. Peskov" → the fuller name of the same speaker elsewhere
in the document. A pronoun or a bare quantifier ("some", "others") that nothing fits stays
without a name: it never names a source (see ``mentions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veracity.extract.cues import PRONOUNS_GROUP, PRONOUNS_PERSON, word_set
from veracity.extract.mentions import (
    ORG_NOUNS,
    OUTLET_NOUNS,
    PERSON_NOUNS,
    gender_of,
    is_nameless,
    is_place,
    split_title,
    strip_honorific,
)

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


# Last words that make a proper name an organisation rather than a person (used without NER).
ORG_WORDS = word_set(
    """
    post times news journal herald tribune guardian telegraph press agency service kremlin
    ministry department office house council committee commission party campaign government
    administration court police army navy bank inc corp company group institute university
    network tv radio channel reuters ap afp bbc cnn fox msnbc nbc abc cbs npr tass ria
    interfax senate congress parliament union association foundation fund center centre
    pentagon agency bureau authority organization organisation institution corporation
    """
)
OUTLET_WORDS = word_set(
    """
    post times news journal herald tribune guardian telegraph press agency network tv radio
    reuters ap afp bbc cnn fox msnbc nbc abc cbs npr tass ria interfax magazine gazette daily
    """
)


def _guess_label(run) -> str:
    if is_place(" ".join(t.text for t in run)):
        return "GPE"
    last = run[-1].lower_
    if last in ORG_WORDS or (len(run) == 1 and run[0].text.isupper() and len(run[0]) > 1):
        return "ORG"
    return "PERSON"


def guess_label(name: str) -> str | None:
    """PERSON or ORG for a name given as text (the pattern route has no parse); None for a
    description in lower case ("officials")."""
    words = name.split()
    if not words or not words[-1][:1].isupper():
        return None
    if is_place(name):
        return "GPE"
    last = words[-1].lower()
    if last in ORG_WORDS or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1):
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
    gender: str | None = None  # "m"/"f" when an honorific or pronoun says so


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
    if any(c.dep_ == "cc" for c in head.children) and any(
        c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") for c in head.children
    ):
        # "Hillary Clinton and Donald Trump": two speakers, named together as one group
        return SpeakerPhrase(
            name=doc[tokens[0].i : tokens[-1].i + 1].text,
            name_span=mention,
            mention_span=mention,
            role=None,
            is_named=False,
            label=None,
        )
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
        if prev is not None and prev.text == "The" and label in ("ORG", "GPE"):
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
    gender = gender_of(doc[tokens[0].i : tokens[-1].i + 1].text)
    if head.pos_ == "PROPN" and label in (None, "PERSON"):  # "Sen. Bernie Sanders", "Mr. Peskov"
        cut_at = split_title([t.text for t in name_tokens])
        if cut_at:
            title = [t.text for t in name_tokens[:cut_at]]
            gender = gender or gender_of(title[0])
            kept = " ".join(w for w in title if w.lower() not in _BARE_HONORIFICS)
            if kept:
                role_parts.insert(0, kept)
            name_tokens = name_tokens[cut_at:]
    elif head.pos_ == "PROPN" and label == "ORG":
        name_tokens = _with_of_phrase(name_tokens)  # "the Bureau of Labor Statistics"
    is_named = label is not None or head.pos_ == "PROPN"
    if is_named and ent is None and _common_word(name_tokens):
        is_named, label = False, None  # "Judge rejects…", "Poll:", "bloc", "Many Americans"
    if not is_named:  # "Her campaign manager, Robby Mook": the apposition names the speaker
        appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if appos is None:  # "The head of Nasa's … Office, Bill Cooke": the parse hangs it lower
            appos = next(
                (
                    t
                    for t in doc[tokens[0].i : tokens[-1].i + 1]
                    if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.dep_ == "pobj"
                ),
                None,
            )
        if appos is not None:
            named = speaker_phrase(appos)
            if named.is_named and named.label in (None, "PERSON"):
                own = doc[tokens[0].i : head.i + 1].text
                return SpeakerPhrase(
                    name=named.name,
                    name_span=named.name_span,
                    mention_span=mention,
                    role="; ".join(x for x in (own, named.role) if x) or None,
                    is_named=True,
                    label=named.label,
                    gender=gender or named.gender,
                )
    name_span = (name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1]))
    name = doc[name_tokens[0].i : name_tokens[-1].i + 1].text
    return SpeakerPhrase(
        name=name,
        name_span=name_span,
        mention_span=mention,
        role="; ".join(role_parts) or None,
        is_named=is_named,
        label=label,
        gender=gender,
    )


DESCRIPTION_NOUNS = word_set("poll polls survey study report analysis court judge bloc panel")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|at|ist|ite)s$")  # Americans, Democrats, Socialists


def is_description(name: str) -> bool:
    """A one-word label or name that describes rather than names ("Poll", "Judge")."""
    words = name.split()
    return len(words) == 1 and (
        words[0].lower() in DESCRIPTION_NOUNS
        or words[0].lower() in PERSON_NOUNS
        or words[0].lower() in ORG_NOUNS
    )


def _common_word(tokens) -> bool:
    """A one-word "name" that is a common noun the parser took for one: a capitalised role or
    description in a headline ("Judge", "Poll"), a lower-case word ("bloc"), a plural demonym
    or party ("Americans", "Democrats": a described group, not one speaker)."""
    if len(tokens) != 1:
        return False
    word = tokens[0].text
    low = word.lower()
    return (
        word[:1].islower()
        or low in PERSON_NOUNS
        or low in ORG_NOUNS
        or low in DESCRIPTION_NOUNS
        or bool(_DEMONYM.match(word))
    )


_BARE_HONORIFICS = word_set("mr mr. mrs mrs. ms ms. miss dr dr. sir dame")


def _with_of_phrase(name_tokens):
    """An organisation's name with its "of" phrase when that is a name too ("Bureau" → "Bureau
    of Labor Statistics", "University of Chicago")."""
    last = name_tokens[-1]
    doc = last.doc
    nxt = last.i + 1
    if nxt + 1 < len(doc) and doc[nxt].lower_ in ("of", "for") and doc[nxt + 1].pos_ == "PROPN":
        end = nxt + 1
        while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and "\n" not in doc[end].text:
            end += 1
        return list(doc[name_tokens[0].i : end + 1])
    return name_tokens


Entry = tuple[str, tuple[int, int], str | None]  # name, span of the name, role


@dataclass(slots=True)
class _Named:
    name: str
    span: tuple[int, int]
    role: str | None
    label: str | None
    gender: str | None

    @property
    def entry(self) -> Entry:
        return self.name, self.span, self.role

    @property
    def is_org(self) -> bool:
        return self.label not in (None, "PERSON")


@dataclass(slots=True)
class Antecedents:
    """Named speakers seen so far in one document (and every proper name in it), for resolving
    later pronouns, descriptions and short names."""

    speakers: list[_Named]
    names: list[_Named]  # every run of proper nouns in the document, in text order

    @classmethod
    def empty(cls) -> Antecedents:
        return cls(speakers=[], names=[])

    @classmethod
    def of_document(cls, doc) -> Antecedents:
        """Antecedents with the document's proper-noun runs known up front (so "Peskov" finds
        "Dmitry Peskov" in a caption, or later in the text after a headline)."""
        out = cls.empty()
        run: list = []
        headline = _title_case_lines(doc)
        for tok in list(doc) + [None]:
            if tok is not None and tok.idx in headline:
                tok = None
            if tok is not None and tok.pos_ == "PROPN" and "\n" not in tok.text_with_ws[:-1]:
                if run and "\n" in run[-1].whitespace_:
                    out._add_run(run)
                    run = []
                run.append(tok)
                continue
            if run:
                out._add_run(run)
                run = []
        return out

    def _add_run(self, run) -> None:
        texts = [t.text for t in run]
        label = _guess_label(run)
        cut = split_title(texts) if label == "PERSON" else 0
        run = run[cut:]
        if len(run) < 2:
            return  # a single word adds no fuller name
        name = run[0].doc[run[0].i : run[-1].i + 1].text
        span = (run[0].idx, run[-1].idx + len(run[-1]))
        self.names.append(_Named(name, span, None, label, None))

    def add(self, phrase: SpeakerPhrase) -> None:
        if not phrase.is_named:
            return
        self.speakers.append(
            _Named(phrase.name, phrase.name_span, phrase.role, phrase.label, phrase.gender)
        )

    def add_group(self, name: str, span: tuple[int, int]) -> None:
        """A described speaker ("Twenty-seven states…", "a Bloomberg poll"), whom a later "they"
        or "the poll" may mean."""
        self.speakers.append(_Named(name, span, None, "GROUP", None))

    def add_label(self, name: str, span: tuple[int, int]) -> None:
        """A transcript's speaker label ("TAPPER:"): a person, whom later pronouns may mean."""
        self.speakers.append(_Named(name, span, None, "PERSON", None))

    @property
    def seen(self) -> list[Entry]:
        return [n.entry for n in self.speakers]

    def fuller_name(self, name: str, at: int | None = None) -> Entry | None:
        """A longer name of the same speaker in this document ("Dmitry Peskov" for "Peskov",
        "Mr. Peskov"; "The Washington Post" for "the Post"): an earlier speaker first, then a
        name anywhere in the text (the nearest before ``at``, else the first after). None when
        two different longer names fit equally ("Clinton" with Bill and Hillary both present
        and neither spoken yet)."""
        words = _name_words(name)
        if not words:
            return None

        def fits(n: _Named) -> bool:
            if n.label == "GROUP":  # a description is no fuller name ("someone like Mr. X")
                return False
            full = _name_words(n.name)
            return len(full) > len(words) and full[-len(words) :] == words

        for n in reversed(self.speakers):
            if fits(n):
                return n.entry
        found = [n for n in self.names if fits(n)]
        if not found:
            return None
        distinct = {_name_key(n.name) for n in found}
        if len(distinct) > 1:
            before = [n for n in found if at is None or n.span[0] < at]
            return before[-1].entry if before else found[0].entry
        before = [n for n in found if at is None or n.span[0] < at]
        pick = before[-1] if before else found[0]
        return pick.entry

    def label_of(self, name: str) -> str | None:
        for n in reversed(self.speakers + self.names):
            if n.name == name:
                return n.label
        return None

    def resolve(self, mention: str, at: int | None = None) -> Entry | None:
        """The antecedent of a pronoun or a description ("the spokesman", "the paper"), if one
        fits; None for a bare quantifier, for "I", "we", "you", and when nothing fits. A
        pronoun with no earlier speaker takes the nearest full name of a person before ``at``
        ("Hillary Clinton collapsed on Sunday. … she said")."""
        m = mention.lower().strip()
        gender = gender_of(m)
        if m in PRONOUNS_PERSON:
            for n in reversed(self.speakers):
                if not n.is_org and (n.gender is None or n.gender == gender):
                    return n.entry
            if at is not None:
                other = {_name_key(n.name) for n in self.speakers if n.gender not in (None, gender)}
                for n in reversed(self.names):
                    if n.span[0] < at and not n.is_org and _name_key(n.name) not in other:
                        return n.entry
            return None
        if m in ("it", "its"):
            for n in reversed(self.speakers):
                if n.is_org and n.label != "GROUP":
                    return n.entry
            if at is not None:  # "the United States … the target it pledged"
                for n in reversed(self.names):
                    if n.span[0] < at and n.is_org:
                        return n.entry
            return None
        if m in PRONOUNS_GROUP:  # the latest speaker, when that is a group or an organisation
            return self.speakers[-1].entry if self.speakers and self.speakers[-1].is_org else None
        if is_nameless(m):
            return None
        words = m.split()
        if len(words) < 2 or words[0] not in ("the", "this", "that"):
            return None
        head = words[-1].strip(".,")
        if head.endswith("s") and head[:-1] in PERSON_NOUNS | ORG_NOUNS | OUTLET_NOUNS:
            return None  # "the officials": a group of its own, not one named speaker
        for n in reversed(self.speakers):  # the role or name says so: "the spokesman"
            if n.label == "GROUP":
                continue
            role = (n.role or "").lower().replace(",", " ").split()
            if head in role or head in n.name.lower().split():
                return n.entry
        if head in OUTLET_NOUNS:
            for n in reversed(self.speakers):
                last = _name_words(n.name)[-1:]
                if n.is_org and last and last[0] in OUTLET_WORDS:
                    return n.entry
            return None
        if head in ORG_NOUNS:
            for n in reversed(self.speakers):
                if n.is_org:
                    return n.entry
            return None
        if head in PERSON_NOUNS:
            for n in reversed(self.speakers):
                if not n.is_org and (gender is None or n.gender in (None, gender)):
                    return n.entry
        for n in reversed(self.speakers):  # "the poll" after "A Bloomberg poll"
            if n.label == "GROUP" and head in _name_words(n.name)[-1:]:
                return n.entry
        return None


def _title_case_lines(doc) -> set[int]:
    """Token offsets on lines written in title case (a headline: "Derelict Obama and Clinton"),
    whose capitalised words are no names."""
    out: set[int] = set()
    text = doc.text
    start = 0
    for line in text.split("\n"):
        words = line.split()
        if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words):
            out.update(range(start, start + len(line)))
        start += len(line) + 1
    return out


def _name_words(name: str) -> list[str]:
    words = strip_honorific(name).replace("’s", "").replace("'s", "").lower().split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return [w.strip(".,") for w in words if w.strip(".,")]


def _name_key(name: str) -> str:
    return " ".join(_name_words(name))


__all__ = ["Antecedents", "SpeakerPhrase", "guess_label", "is_description", "speaker_phrase"]
