"""Speakers: the name and the role in a subject phrase, and simple coreference.

"Kremlin spokesman Dmitry Peskov" → name "Dmitry Peskov", role "Kremlin spokesman";
"Helmut Brandstätter, an Austrian Member of the European Parliament" → the appositive is the
role. "he", "she", "the spokesman", "the paper" → the nearest earlier named speaker that fits
(:class:`Antecedents`); "Peskov" or "Mr. Peskov" → the fuller name of the same speaker elsewhere
in the document. A pronoun or a bare quantifier ("some", "others") that nothing fits stays
without a name: it never names a source (see ``mentions``).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from veracity.extract.cues import PRONOUNS_GROUP, PRONOUNS_PERSON, word_set
from veracity.extract.mentions import (
    ORG_NOUNS,
    OUTLET_NOUNS,
    PERSON_NOUNS,
    gender_of,
    gender_of_name,
    is_nameless,
    is_place,
    role_parent,
    split_title,
    strip_honorific,
)
from veracity.extract.quotes import find_quotes

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


def _joined(tok) -> bool:
    """ "X and Y": a token with a coordinating conjunction and a noun joined to it."""
    return any(c.dep_ == "cc" for c in tok.children) and any(
        c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") for c in tok.children
    )


def _others_joined(appos) -> bool:
    """An apposition with more people joined to it: the parse hangs "Craig Bryan, head of …,
    and other scientists" on the apposition; "founder and CEO of …" joins two titles, no one."""
    return any(c.dep_ == "cc" for c in appos.children) and any(
        c.dep_ == "conj"
        and (c.tag_ in ("NNS", "NNPS") or (c.pos_ == "PROPN" and c.lower_ not in PERSON_NOUNS))
        for c in appos.children
    )


_SOMEONE = word_set("someone somebody anyone anybody")
# Names of institutions that are also nouns of a kind ("the Kremlin" is the Kremlin, not the
# organisation quoted last)
_INSTITUTION_NAMES = word_set("kremlin pentagon vatican")


def speaker_phrase(head) -> SpeakerPhrase:
    """Name, role and spans of the subject phrase headed by spaCy token ``head``."""
    doc = head.doc
    if head.lower_ in _SOMEONE:  # "someone like Mr. Clarke": the one named
        like = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "like"), None)
        obj = next((g for g in like.children if g.dep_ == "pobj"), None) if like else None
        if obj is not None and obj.pos_ == "PROPN":
            named = speaker_phrase(obj)
            if named.is_named:
                return dataclasses.replace(named, mention_span=(head.idx, named.mention_span[1]))
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
    appos_joined = any(c.dep_ == "appos" and _others_joined(c) for c in head.children)
    if _joined(head) or appos_joined:
        # "Hillary Clinton and Donald Trump": two speakers, named together as one group
        if appos_joined:  # "Craig Bryan, head of …, and other scientists": all of it
            whole = _edge_trim(list(doc[head.left_edge.i : head.right_edge.i + 1]))
            if whole and not any("\n" in t.text for t in whole):
                tokens = whole
                mention = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
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
    elif head.pos_ == "PROPN" or (head.lower_ in _INSTITUTION_NAMES and head.text[:1].isupper()):
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
            if app and all(t.like_num for t in app):
                continue  # "Jimmy Ghazal, 39,": an age, not a role
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
    if head.lower_ in _INSTITUTION_NAMES and head.text[:1].isupper():
        is_named, label = True, "ORG"  # "the Kremlin": a name, whatever the tagger said
    if (
        is_named
        and ent is None
        and name_tokens[-1].lower_ in PERSON_NOUNS
        and (tokens[0].lower_ == "the" or not gender_of_name(" ".join(t.text for t in name_tokens)))
    ):
        # "The South Carolina Republican", "Former White House Doctor": a description (but
        # "Sam Singer" is a name: a given name says so)
        is_named, label = False, None
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
    # people named as the subject of a sentence outside quotations: (offset, who)
    subjects: list[tuple[int, _Named]] = dataclasses.field(default_factory=list)
    last_seen: dict[str, int] = dataclasses.field(default_factory=dict)  # speaker -> offset
    text: str = ""

    @classmethod
    def empty(cls) -> Antecedents:
        return cls(speakers=[], names=[])

    @classmethod
    def of_document(cls, doc) -> Antecedents:
        """Antecedents with the document's proper-noun runs known up front (so "Peskov" finds
        "Dmitry Peskov" in a caption, or later in the text after a headline)."""
        out = cls.empty()
        run: list = []
        runs: list[list] = []
        headline = _title_case_lines(doc)
        for tok in list(doc) + [None]:
            if tok is not None and tok.idx in headline:
                tok = None
            if tok is not None and tok.pos_ == "PROPN" and "\n" not in tok.text_with_ws[:-1]:
                if run and "\n" in run[-1].whitespace_:
                    runs.append(run)
                    run = []
                run.append(tok)
                continue
            if run:
                runs.append(run)
                run = []
        for run in _joined_by_of(runs):
            out._add_run(run)
        out._find_subjects(doc, headline)
        out.text = doc.text
        return out

    def _honorific_sex(self, surname: str) -> str | None:
        """The sex the text gives a bare surname by "Mr." or "Mrs./Ms." most often ("Mr. Obama"
        nine times: a later "President Obama" is not Michelle Obama); None when it does not
        lean one way."""
        pattern = r"\b{}\.?\s+" + re.escape(surname) + r"\b"
        men = len(re.findall(pattern.format("Mr"), self.text, flags=re.IGNORECASE))
        women = sum(
            len(re.findall(pattern.format(t), self.text, flags=re.IGNORECASE))
            for t in ("Mrs", "Ms")
        )
        if men == women:
            return None
        return "m" if men > women else "f"

    def _times_named(self, key: str) -> int:
        """How often the text writes the first word of a name ("Hillary"), as a word."""
        first = key.split()[0] if key else ""
        if not first:
            return 0
        return len(re.findall(rf"\b{re.escape(first)}\b", self.text, flags=re.IGNORECASE))

    def _find_subjects(self, doc, headline: set[int]) -> None:
        """People who are the subject of a sentence in the narration ("Trump responded by…"):
        a later "he" more likely means them than a speaker quoted before them."""
        quotes = find_quotes(doc.text)
        starts = [q[0] for q in quotes]
        for tok in doc:
            if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.idx in headline:
                continue
            if tok.head.dep_ != "ROOT":
                continue  # "said she felt the 13th Amendment was…": reported, not narrated
            k = bisect.bisect_right(starts, tok.idx) - 1
            if k >= 0 and quotes[k][0] <= tok.idx < quotes[k][1]:
                continue  # inside a quotation: the quoted speaker's words
            run = [t for t in doc[tok.left_edge.i : tok.i + 1] if t.pos_ == "PROPN"]
            words = _name_words(" ".join(t.text for t in run))
            if not words:
                continue
            if tok.head.dep_ == "ROOT" and _guess_label(run) == "ORG" and run[-1].i == tok.i:
                lo = run[0].i - (run[0].i > 0 and doc[run[0].i - 1].lower_ == "the")
                name = doc[lo : tok.i + 1].text
                span = (doc[lo].idx, tok.idx + len(tok))
                self.subjects.append((tok.idx, _Named(name, span, None, "ORG", None)))
                continue
            found = {
                _name_key(n.name): n
                for n in self.names
                if n.label == "PERSON" and _name_words(n.name)[-len(words) :] == words
            }
            if len(found) == 1:
                self.subjects.append((tok.idx, next(iter(found.values()))))

    def mentioned(self, name: str, at: int) -> None:
        """A speaker mentioned at offset ``at`` (by name, pronoun or description)."""
        self.last_seen[_name_key(name)] = at

    def _add_run(self, run) -> None:
        texts = [t.text for t in run]
        label = "ORG" if any(t.lower_ in ("of", "for") for t in run) else _guess_label(run)
        cut = split_title(texts) if label == "PERSON" else 0
        title, run = run[:cut], run[cut:]
        if len(run) < 2 and not (title and run):
            return  # a single word adds no fuller name (but "President Obama" adds his title)
        if any(t.lower_ in CALENDAR for t in run) or run[-1].lower_ in _EVENTS:
            return  # "Election Day", "Monday Night", "World War": no one's name
        doc = run[0].doc
        name = doc[run[0].i : run[-1].i + 1].text
        span = (run[0].idx, run[-1].idx + len(run[-1]))
        gender = gender_of_name(name) if label == "PERSON" else None
        # "Vermont Sen. Bernie Sanders" once in the text: "the senator" later is him
        role = doc[title[0].i : title[-1].i + 1].text if title else None
        self.names.append(_Named(name, span, role, label, gender))

    def add(self, phrase: SpeakerPhrase) -> None:
        if not phrase.is_named:
            return
        gender = phrase.gender
        if gender is None and phrase.label in (None, "PERSON"):
            gender = gender_of_name(phrase.name)
        self.speakers.append(
            _Named(phrase.name, phrase.name_span, phrase.role, phrase.label, gender)
        )

    def add_group(self, name: str, span: tuple[int, int]) -> None:
        """A described speaker ("Twenty-seven states…", "a Bloomberg poll"), whom a later "they"
        or "the poll" may mean."""
        self.speakers.append(_Named(name, span, None, "GROUP", None))

    def add_label(self, name: str, span: tuple[int, int]) -> None:
        """A transcript's speaker label ("TAPPER:"): a person, whom later pronouns may mean."""
        self.speakers.append(_Named(name, span, None, "PERSON", gender_of_name(name)))

    @property
    def seen(self) -> list[Entry]:
        return [n.entry for n in self.speakers]

    def fuller_name(
        self, name: str, at: int | None = None, gender: str | None = None
    ) -> Entry | None:
        """A longer name of the same speaker in this document ("Dmitry Peskov" for "Peskov",
        "Mr. Peskov"; "The Washington Post" for "the Post"): an earlier speaker first, then a
        name anywhere in the text (the nearest before ``at``, else the first after). None when
        two different longer names fit equally ("Clinton" with Bill and Hillary both present
        and neither spoken yet). ``gender`` (from "Mrs." or "Mr." before the name, or said by
        the name itself) rules out a name of the other sex: "Mrs. Clinton" is not Bill."""
        words = _name_words(name)
        if not words:
            return None
        gender = gender or gender_of(name)

        def fits(n: _Named) -> bool:
            if n.label == "GROUP":  # a description is no fuller name ("someone like Mr. X")
                return False
            if gender is not None and n.gender not in (None, gender):
                return False
            full = _name_words(n.name)
            return len(full) > len(words) and full[-len(words) :] == words

        for n in reversed(self.speakers):
            if fits(n):
                return n.entry
        found = [n for n in self.names if fits(n)]
        if not found:
            return self._misspelt(words, gender)
        lean = None if gender is not None else self._honorific_sex(words[-1])
        if lean is not None:  # the text says "Mr. Obama": not Michelle Obama
            found = [n for n in found if n.gender in (None, lean)]
            if not found:
                return None
        distinct = {_name_key(n.name) for n in found}
        if len(distinct) > 1:
            # Bill and Hillary Clinton both named: the one the story names most often by her
            # given name (its subject); the nearest before when they are named as often
            count = Counter({k: self._times_named(k) for k in distinct})
            top = count.most_common(2)
            if top[0][1] > top[1][1]:
                return next(n for n in reversed(found) if _name_key(n.name) == top[0][0]).entry
            before = [n for n in found if at is None or n.span[0] < at]
            return before[-1].entry if before else found[0].entry
        before = [n for n in found if at is None or n.span[0] < at]
        pick = before[-1] if before else found[0]
        return pick.entry

    def _later_subject(self, speaker: _Named, gender: str | None, at: int | None) -> Entry | None:
        """A person made the subject of a sentence after ``speaker`` was last mentioned and
        before the pronoun at ``at``, whose given name says the pronoun's sex ("Trump responded
        by … He said" means Trump, not the fact-checker quoted before); for "it" (``gender``
        "org") an organisation so made subject ("The FBI needs … unless it wants")."""
        if at is None:
            return None
        since = self.last_seen.get(_name_key(speaker.name), speaker.span[0])
        for pos, n in reversed(self.subjects):
            if pos >= at:
                continue
            if pos <= since:
                return None
            if _name_key(n.name) == _name_key(speaker.name):
                return None
            if gender == "org" and n.label == "ORG":  # "The FBI needs … unless it wants"
                return n.entry
            if gender is not None and n.gender == gender:  # a name that says its sex
                return n.entry
        return None

    def _misspelt(self, words: list[str], gender: str | None) -> Entry | None:
        """A surname one letter off the surname of exactly one person named in the document
        ("Wines" for Leslie Wimes, "McLenney" for Tyresha McClenney): the article's own typo.
        Five letters or more, so that short names ("Bush"/"Rush") stay apart."""
        if len(words) != 1 or len(words[0]) < 5:
            return None
        found: dict[str, _Named] = {}
        for n in self.speakers + self.names:
            full = _name_words(n.name)
            if n.label != "PERSON" or len(full) < 2 or full[-1] == words[0]:
                continue
            if gender is not None and n.gender not in (None, gender):
                continue
            if _one_edit(words[0], full[-1]):
                found.setdefault(_name_key(n.name), n)
        return next(iter(found.values())).entry if len(found) == 1 else None

    def _org_described(self, mention: str) -> _Named | None:
        """The one organisation of this document whose name holds two or more words of a
        description of an organisation ("A union representing flight attendants", "Flight
        attendants' union" → the Association of Flight Attendants)."""
        if any(w[:1].isupper() for w in mention.split()[1:]):
            return None  # a name in it ("Craig Bryan, head of the … Center"): not a description
        ws = [
            w.lower().strip(".,'’").removesuffix("'s").removesuffix("’s") for w in mention.split()
        ]
        if not any(w in ORG_NOUNS for w in ws):
            return None
        content = {w for w in ws if len(w) > 2 and w not in ORG_NOUNS and w not in _GLUE}
        kinds = {w for w in ws if w in ORG_NOUNS}
        # "the appeals court" → "Court of Appeals for the 6th Circuit": the kind and a word
        definite = ws[0] == "the" and len(ws) == 3
        if len(content) < (1 if definite else 2):
            return None
        found: dict[str, _Named] = {}
        for n in self.speakers + self.names:
            if n.label == "GROUP":
                continue
            name_words = set(_name_words(n.name))
            if not name_words & (ORG_NOUNS | ORG_WORDS) or len(name_words) < 2:
                continue
            shared = content & name_words
            if len(shared) >= 2 or (definite and shared and kinds <= name_words):
                found.setdefault(_name_key(n.name), n)
        return next(iter(found.values())) if len(found) == 1 else None

    def label_of(self, name: str) -> str | None:
        for n in reversed(self.speakers + self.names + [n for _, n in self.subjects]):
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
                    return self._later_subject(n, gender, at) or n.entry
            if at is not None:
                other = {_name_key(n.name) for n in self.speakers if n.gender not in (None, gender)}
                # a name of the pronoun's sex first, then one whose sex is not known
                for known in (True, False):
                    for n in reversed(self.names):
                        if (
                            n.span[0] < at
                            and not n.is_org
                            and _name_key(n.name) not in other
                            and (n.gender == gender if known else n.gender is None)
                        ):
                            return n.entry
            return None
        if m in ("it", "its"):
            for n in reversed(self.speakers):
                if n.is_org and n.label != "GROUP":
                    return self._later_subject(n, "org", at) or n.entry
            if at is not None:  # "the United States … the target it pledged"
                for pos, n in reversed(self.subjects):
                    if pos < at and n.label == "ORG":
                        return n.entry
                for n in reversed(self.names):
                    if n.span[0] < at and n.is_org:
                        return n.entry
            return None
        if m in PRONOUNS_GROUP:  # the latest speaker, when that is a group or an organisation
            return self.speakers[-1].entry if self.speakers and self.speakers[-1].is_org else None
        if is_nameless(m):
            return None
        named_org = self._org_described(mention)
        if named_org is not None:
            return named_org.entry
        words = m.split()
        if len(words) < 2 or words[0] not in ("the", "this", "that"):
            return None
        if any(w.endswith(("'s", "’s")) for w in words[1:-1]):
            return None  # "the prime minister's spokesman": someone of theirs, not them
        modifiers = mention.split()[1:-1]
        if (
            words[-1].strip(".,") in ORG_NOUNS
            and any(w[:1].isupper() for w in modifiers)
            and not is_place(" ".join(w for w in modifiers if w[:1].isupper()))
        ):
            return None  # "the Trump campaign", "the Obama administration": named by the name
        head = words[-1].strip(".,")
        if head.endswith("s") and head[:-1] in PERSON_NOUNS | ORG_NOUNS | OUTLET_NOUNS:
            return None  # "the officials": a group of its own, not one named speaker
        for n in reversed(self.speakers):  # the role or name says so: "the spokesman"
            if n.label == "GROUP":
                continue
            role = _title_words(n.role)
            if head in role or head in n.name.lower().split() or _same_office(role, head):
                return n.entry
        if at is not None and head in _OFFICES:  # "the president" after "President Obama"
            for n in reversed(self.names):
                role = _title_words(n.role)
                if n.span[0] < at and role and (head in role or _same_office(role, head)):
                    return n.entry
        if head in OUTLET_NOUNS:
            for n in reversed(self.speakers):
                last = _name_words(n.name)[-1:]
                if n.is_org and last and last[0] in OUTLET_WORDS:
                    return n.entry
            return None
        if head in ORG_NOUNS:  # "the administration": an organisation, not a described group
            for n in reversed(self.speakers):
                if n.is_org and n.label != "GROUP":
                    return n.entry
            return None
        if head in PERSON_NOUNS:
            for n in reversed(self.speakers):  # "the spokesman" after "Cameron's spokesman"
                if n.label == "GROUP" and head in _name_words(n.name)[-1:]:
                    return n.entry
            for n in reversed(self.speakers):
                if n.is_org or (gender is not None and n.gender not in (None, gender)):
                    continue
                if _other_role(n.role, head):
                    continue  # "the GOP nominee" is not the judge quoted last
                return n.entry
        for n in reversed(self.speakers):  # "the poll" after "A Bloomberg poll"
            if n.label == "GROUP" and head in _name_words(n.name)[-1:]:
                return n.entry
        return None


_GLUE = word_set("the and for with from that this its their our who which representing")
_EVENTS = word_set("war revolution games olympics cup championship crisis summit")
CALENDAR = word_set(
    """
    day night eve week month year monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    """
)


# Offices a description names: "the judge" may be a Justice, never the nominee.
_OFFICES = {
    w: k
    for k, ws in enumerate(
        [
            "judge justice",
            "nominee candidate",
            "senator sen representative rep congressman congresswoman lawmaker",
            "president president-elect governor gov mayor",
            "spokesman spokeswoman spokesperson",
            "reporter journalist correspondent columnist editor",
            "professor researcher scientist economist analyst expert",
            "attorney lawyer",
        ]
    )
    for w in ws.split()
}


def _title_words(role: str | None) -> list[str]:
    """The words of a role's titles without the organisations in it ("Kremlin spokesperson" →
    ["spokesperson"]): "the Kremlin" is the Kremlin, not its spokesperson."""
    out: list[str] = []
    for part in (role or "").split("; "):
        title, _parent = role_parent(part)
        out.extend(w.strip(".,;()") for w in (title or "").lower().split())
    return out


def _same_office(role_words: list[str], head: str) -> bool:
    """The role names the office the description does ("Justice" for "the judge")."""
    office = _OFFICES.get(head)
    return office is not None and any(_OFFICES.get(w) == office for w in role_words)


def _other_role(role: str | None, head: str) -> bool:
    """The speaker holds another office than the description names ("Justice" for "the
    nominee"); False when either says no office."""
    office = _OFFICES.get(head)
    ws = [w.strip(".,;()") for w in (role or "").lower().split()]
    theirs = {_OFFICES[w] for w in ws if w in _OFFICES}
    return office is not None and bool(theirs) and office not in theirs


# words of four letters or more that a title-case headline may still write in lower case
_TITLE_LOWER = word_set("with from into onto over upon than that amid about after")


def _joined_by_of(runs: list[list]) -> list[list]:
    """Runs of proper nouns joined across "of" / "for" when the first ends in an organisation's
    word ("Association of Flight Attendants", "Bureau of Labor Statistics")."""
    out: list[list] = []
    for run in runs:
        if out:
            prev = out[-1]
            doc = run[0].doc
            gap = doc[prev[-1].i + 1 : run[0].i]
            if (
                len(gap) == 1
                and gap[0].lower_ in ("of", "for")
                and prev[-1].lower_ in ORG_WORDS
                and "\n" not in prev[-1].whitespace_ + gap[0].whitespace_
            ):
                out[-1] = [*prev, gap[0], *run]
                continue
        out.append(run)
    return out


def _title_case_lines(doc) -> set[int]:
    """Token offsets on lines written in title case (a headline: "Derelict Obama and Clinton"),
    whose capitalised words are no names. A line with a lower-case word of four letters or more
    is a sentence ("But NASA's Bill Cooke is skeptical."): title case capitalises those."""
    out: set[int] = set()
    text = doc.text
    start = 0
    for line in text.split("\n"):
        words = line.split()
        if (
            len(words) >= 4
            and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
            and not any(
                w[:1].islower() and len(w.strip(".,;:!?")) >= 4 and w not in _TITLE_LOWER
                for w in words
            )
        ):
            out.update(range(start, start + len(line)))
        start += len(line) + 1
    return out


def _one_edit(a: str, b: str) -> bool:
    """One letter replaced, dropped or added (not two swapped): "wines"/"wimes",
    "mclenney"/"mcclenney"."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _name_words(name: str) -> list[str]:
    words = strip_honorific(name).replace("’s", "").replace("'s", "").lower().split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return [w.strip(".,") for w in words if w.strip(".,")]


def _name_key(name: str) -> str:
    return " ".join(_name_words(name))


__all__ = ["Antecedents", "SpeakerPhrase", "guess_label", "is_description", "speaker_phrase"]
