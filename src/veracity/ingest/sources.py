"""One source per real-world speaker: extracted speaker names matched to stored sources.

Why a resolver and not a slug of the name: "Dmitry Peskov", "Dmitri Peskov" and "Mr. Peskov"
are one speaker, "AP" is "The Associated Press", "the Post" after "The Washington Post" is that
paper — and "Bill Clinton" is not "Hillary Clinton". A source made per spelling splits one
speaker's track record in two and counts one report twice.

How a name is matched, most certain first (:meth:`SourceResolver.resolve`):

1. its normalised key (accents folded, titles, "the" and punctuation dropped) is a stored
   source's name or alias;
2. a person's full name whose given names fit a stored person's with the same surname
   ("Dmitri"/"Dmitry", "Donald J. Trump"/"Donald Trump", "H. Clinton") — one such person only;
3. a surname alone ("Peskov") or an outlet's last word ("the Post") when exactly one stored
   source fits it; with two (Bill and Hillary Clinton) it stays a source of its own;
4. an acronym and the name it abbreviates ("AP" / "Associated Press"), one candidate only.

A person never matches an organisation. Merges and splits an analyst made (``veracity
sources merge|split``) win over all of this: a merged id redirects to the kept one, and a
split moves the aliases that named the split-off source to it. A description with no name
("officials", "a spokesman") is a source of that document only: officials quoted by two papers
are not one speaker.

>>> name_key("Mr. Dmitri Peskov's"), name_key("The Associated Press")
('dmitri peskov', 'associated press')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from veracity.extract.cues import word_set
from veracity.extract.mentions import HONORIFICS, is_nameless, repair_mojibake
from veracity.model import Source, SourceKind

OUTLET_WORDS = word_set(
    """
    post times news journal herald tribune guardian telegraph press agency reuters ap afp
    bbc cnn fox msnbc nbc abc cbs npr tass ria interfax network tv radio magazine gazette daily
    breitbart politico axios bloomberg economist observer mail express mirror sun independent
    chronicle examiner inquirer star globe review standard report dispatch wire today
    """
)
GOVERNMENT_WORDS = word_set(
    """
    government ministry department administration kremlin pentagon senate congress parliament
    embassy police army navy military cabinet presidency duma assembly council commission
    court state fbi cia nsa dhs doj
    """
)
INSTITUTION_WORDS = word_set(
    """
    office house committee party campaign bank company corp inc group institute university
    college union association foundation fund center centre agency bureau organization
    organisation federation league coalition board trust society club
    """
)
SUFFIXES = word_set("jr sr ii iii iv")
_PARENTHESIS = re.compile(r"^(.+?)\s*\((.+)\)\s*$")
_STOP = word_set("of the and for & de")


def name_key(name: str) -> str:
    """The form names are compared in: accents folded, lower case, leading titles and "the"
    dropped, possessive and punctuation removed."""
    name = repair_mojibake(name)  # "FranÃ§ois" is "François"
    name = re.sub(r"['’]s\b", "", name)
    name = re.sub(r"['’‘`]", "", name)  # O’Neill = O'Neill = ONeill
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = name.lower().replace(".", "")
    words = re.sub(r"[^a-z0-9&]+", " ", name).split()
    while len(words) > 1 and (words[0] in HONORIFICS or words[0] in ("the", "a", "an")):
        words = words[1:]
    return " ".join(words)


def kind_of(name: str, label: str | None = None, described: bool = False) -> SourceKind:
    """person, outlet, government, institution or group, from the extractor's label and the
    words of the name ("The Washington Post" outlet, "the State Department" government, NASA
    institution — an acronym is never a person)."""
    if described:
        return SourceKind.GROUP
    words = name_key(name).split()
    if not words:
        return SourceKind.OTHER
    if label == "GPE":
        return SourceKind.GOVERNMENT
    if label == "NORP":
        return SourceKind.GROUP
    acronym = _acronym_form(name) is not None
    if label == "PERSON" and not acronym:  # the extractor saw a person: only the last word
        if words[-1] in OUTLET_WORDS:  # of an organisation's name overrules it
            return SourceKind.OUTLET
        if words[-1] in GOVERNMENT_WORDS:
            return SourceKind.GOVERNMENT
        if words[-1] in INSTITUTION_WORDS:
            return SourceKind.INSTITUTION
        return SourceKind.PERSON
    if words[-1] in OUTLET_WORDS or "news" in words or "times" in words:
        return SourceKind.OUTLET
    if any(w in GOVERNMENT_WORDS for w in words) or " ".join(words[-2:]) == "white house":
        return SourceKind.GOVERNMENT
    if any(w in INSTITUTION_WORDS for w in words) or acronym or label == "ORG":
        return SourceKind.INSTITUTION
    if label == "PERSON" or name[:1].isupper():
        return SourceKind.PERSON
    return SourceKind.OTHER


def _acronym_form(name: str) -> str | None:
    """ "AP", "A.P.", "NASA" → the letters in lower case; None for other names."""
    bare = name.strip()
    bare = re.sub(r"^(?:the|The)\s+", "", bare).replace(".", "")
    if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper():
        return bare.lower()
    return None


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _STOP)


# letters that spell one sound in transliterated names: Dmitri/Dmitry, Nikolai/Nicolai,
# Elisabeth/Elizabeth
_SPELLING_PAIRS = frozenset({frozenset("iy"), frozenset("ck"), frozenset("sz")})
_FEMININE_ENDING = re.compile(r"(?:a|ine|ina|ette|elle)$")


def _close(a: str, b: str) -> bool:
    """Two spellings or forms of one given name: "dmitry"/"dmitri", "phillip"/"philip" (one
    letter that spells the same sound, or a doubled letter), "chris"/"christopher" (a short form
    of four letters or more). Never two names one letter apart ("mark"/"mary", "john"/"joan")
    nor a man's name and the woman's name built on it ("christopher"/"christina",
    "alexander"/"alexandra")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short):  # a short form: "chris" for "christopher", not "christina"
        return not (_FEMININE_ENDING.search(long_) and not _FEMININE_ENDING.search(short))
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(diff) == 1 and frozenset(diff[0]) in _SPELLING_PAIRS
    if len(long_) - len(short) != 1:
        return False
    for i in range(len(long_)):  # one letter more: only a doubled one ("phillip")
        if long_[:i] + long_[i + 1 :] == short:
            return (i > 0 and long_[i - 1] == long_[i]) or (
                i + 1 < len(long_) and long_[i + 1] == long_[i]
            )
    return False


def _compatible_given(a: str, b: str) -> bool:
    """One given name and another, or its initial."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _close(a, b)


def _person_parts(key: str) -> tuple[list[str], str, str]:
    words = key.split()
    suffix = words.pop() if len(words) > 1 and words[-1] in SUFFIXES else ""
    return words[:-1], (words[-1] if words else ""), suffix


def same_person(a: str, b: str) -> bool:
    """True when two full names (keys) can name one person: same surname and suffix, first
    names equal, an initial of each other or two spellings of one name, and middle names
    compatible: the same number, each the same name or its initial — or one name without
    middle names where the other has only initials ("donald trump" / "donald j trump"). A
    middle name written out is part of how its bearer is named: "john bel edwards" is not
    "john edwards", "b heath mitchell" not "bill mitchell".

    >>> same_person("dmitri peskov", "dmitry peskov"), same_person("d j trump", "donald trump")
    (True, True)
    >>> same_person("bill clinton", "hillary clinton"), same_person("al gore jr", "al gore")
    (False, False)
    >>> same_person("john bel edwards", "john edwards")
    False
    >>> same_person("george h w bush", "george w bush")
    False
    """
    ga, sa, xa = _person_parts(a)
    gb, sb, xb = _person_parts(b)
    if sa != sb or xa != xb or not ga or not gb:
        return False
    if not _compatible_given(ga[0], gb[0]):
        return False
    ma, mb = ga[1:], gb[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(
            _compatible_given(x, y) for x, y in zip(ma, mb, strict=True)
        )
    return all(len(m) == 1 for m in ma + mb)


def _is_person(kind: SourceKind) -> bool:
    return kind is SourceKind.PERSON


def source_slug(name: str) -> str:
    """The id a new source gets: ``src-`` and its name in ASCII ("The Washington Post" →
    ``src-washington-post``), the ids ingest has always given."""
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60]
    return f"src-{slug or hashlib.sha1(name.encode()).hexdigest()[:8]}"


_TIMES = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night
    today yesterday tomorrow week weekend month year last this next early late
    """
)
_UNCLOSED = re.compile(r"\s*[(\[][^)\]]*$")
_TWO_PEOPLE = re.compile(r"[A-Za-z.]\s+(?:and|&)\s+[A-Z]")


def _without_titles(name: str) -> str:
    """A person's name without the titles and punctuation a label or headline put before it
    ("McCain Challenger Kelli Ward" → "Kelli Ward", "OK Gov Fallin" → "Fallin")."""
    from veracity.extract.mentions import split_title

    words = name.lstrip("-–—•*:;,. ").split()
    cut = split_title(words) if len(words) > 1 else 0
    return " ".join(words[cut:]) or name


# "Trump's team", "the Kremlin's press service": a description, but of one named group
_NAMED_POSSESSOR = re.compile(r"\b[A-Z][\w.-]*['’]s?\b")
# "the Trump campaign", "the Obama administration": a body named by whom it serves
_NAMED_BODY = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){1,3}(?:campaign|administration|camp|transition team)$"
)


def _site(url: str | None) -> str:
    """The host of a URL without "www.", or "" (no URL, or a malformed one such as a feed's
    ``https://news.e[]xample/a``, which urlsplit refuses with a ValueError)."""
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


@dataclass(slots=True)
class SourceResolver:
    """Matches speaker names to sources, creating the sources and aliases that are new.

    Load it once per ingest (:meth:`from_store`), call :meth:`resolve` per speaker, and write
    :meth:`take_new` in the document's transaction.
    """

    sources: dict[str, Source] = field(default_factory=dict)
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_surname: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_last_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_initials: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    redirects: dict[str, str] = field(default_factory=dict)
    new_sources: list[Source] = field(default_factory=list)
    new_aliases: list[tuple[str, str, str]] = field(default_factory=list)
    new_parents: dict[str, str] = field(default_factory=dict)
    _keys_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _created_in: dict[str, str] = field(default_factory=dict)  # new source → its document

    @classmethod
    def from_store(cls, access) -> SourceResolver:
        """The resolver over a store's sources, aliases and analysts' merges and splits."""
        from veracity.store.source_aliases import merged_into, stored_aliases

        r = cls()
        for s in access.sources():
            r._index(s)
        for sid, alias, key in stored_aliases(access):
            r._index_name(sid, alias, key)
        r.redirects.update(merged_into(access))  # a split moved its aliases: no redirect
        return r

    @classmethod
    def of_sources(cls, sources: Iterable[Source]) -> SourceResolver:
        r = cls()
        for s in sources:
            r._index(s)
        return r

    # -- indexes ---------------------------------------------------------------------------

    def _index(self, s: Source) -> None:
        self.sources[s.id] = s
        self._index_name(s.id, s.name, name_key(s.name))
        inner = _PARENTHESIS.match(s.name)
        if inner:  # "People familiar with the call (Trump's team)": both names are its own
            for part in inner.groups():
                self._index_name(s.id, part, name_key(part))

    def _index_name(self, sid: str, name: str, key: str) -> None:
        if not key or key in self._keys_of[sid]:
            return
        self._keys_of[sid].add(key)
        self.by_key[key].append(sid)
        words = key.split()
        src = self.sources.get(sid)
        if src is None:
            return
        if _is_person(src.kind):
            _given, surname, _suffix = _person_parts(key)
            if surname:
                self.by_surname[surname].add(sid)
        elif words:
            self.by_last_word[words[-1]].add(sid)
            if len(words) > 1:
                self.by_initials[_initials(key)].add(sid)
        acronym = _acronym_form(name)
        if acronym:
            self.by_initials[acronym].add(sid)

    def _final(self, sid: str) -> str:
        seen = set()
        while sid in self.redirects and sid not in seen:
            seen.add(sid)
            sid = self.redirects[sid]
        return sid

    # -- resolving -------------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        *,
        label: str | None = None,
        role: str | None = None,
        parent: str | None = None,
        document_id: str | None = None,
        described: bool | None = None,
    ) -> str | None:
        """The id of the source ``name`` names, created if new; None for a name that is only a
        pronoun or a quantifier (such a mention never names a source)."""
        name = " ".join(name.split())
        name = _UNCLOSED.sub("", name)  # "a Catholic priest in America (": no "("
        # "Three's" is "Three" (the possessive comes off a new source's name): nameless too
        if not name or is_nameless(re.sub(r"['’]s?$", "", name)):
            return None
        if all(w in _TIMES for w in name_key(name).split()):
            return None  # "Thursday morning": when, not who
        if described is None:
            described = label is None and not name[:1].isupper()
        kind = kind_of(name, label, described)
        if kind is SourceKind.PERSON and _TWO_PEOPLE.search(name):
            described, kind = True, SourceKind.GROUP  # "Mark Blumenthal and Jon Cohen:"
        if described:
            return self._described(name, role, document_id)
        if kind is SourceKind.PERSON:  # "OK Gov Fallin", "-Pollster Ann Selzer": the name
            name = _without_titles(name)
        key = name_key(name)
        if not key:
            return None
        sid = self._match(name, key, kind, parent)
        if sid is None and _is_person(kind) and document_id:
            sid = self._surname_of_this_document(name, key, document_id)
        if sid is None:
            sid = self._create(name, kind, role)
            if document_id:
                self._created_in[sid] = document_id
        elif key not in self._keys_of[sid] and not self._bare_surname(sid, key):
            self.new_aliases.append((sid, name, key))
            self._index_name(sid, name, key)
        if parent:
            self._set_parent(sid, parent)
        return sid

    def _match(
        self, name: str, key: str, kind: SourceKind, parent: str | None = None
    ) -> str | None:
        person = _is_person(kind)
        parent_id = self._known(parent) if parent else None

        def fits(sid: str) -> bool:
            src = self.sources.get(sid)
            return src is not None and _is_person(src.kind) == person

        def one_of(cands: set[str]) -> str | None:
            """The one candidate a name that is not the same name may mean: a candidate with
            another parent is another person ("Mitchell, a Pentagon spokesman" is not the
            Mitchell of the Fed); of several, the one with this parent, if only one has it."""
            if parent:
                cands = {c for c in cands if self._parent_fits(c, parent_id)}
                if len(cands) > 1 and parent_id is not None:
                    same = {c for c in cands if self.sources[c].parent_id == parent_id}
                    cands = same or cands
            return next(iter(cands)) if len(cands) == 1 else None

        # the same name is the same source, whatever kind was guessed for it ("Obama" the
        # subject of a verb and "Obama" in a headline); the same kind first if there are two
        same_name = [self._final(s) for s in self.by_key.get(key, [])]
        exact = [s for s in same_name if fits(s)] or same_name
        if exact:
            return exact[0]
        words = key.split()
        if person and len(words) >= 2:
            _given, surname, _suffix = _person_parts(key)
            same = {
                self._final(s)
                for s in self.by_surname.get(surname, ())
                if fits(self._final(s)) and any(same_person(key, k) for k in self._keys_of[s])
            }
            return one_of(same)
        if person and len(words) == 1:  # a surname alone: only when one person has it
            owners = {self._final(s) for s in self.by_surname.get(words[0], ()) if fits(s)}
            return one_of(owners)
        if not person:
            acronym = _acronym_form(name)
            pool = (
                self.by_initials.get(acronym or _initials(key), set())
                if (acronym or len(words) > 1)
                else set()
            )
            hits = {
                self._final(s)
                for s in pool
                if fits(s) and (acronym is not None or _acronym_form(self.sources[s].name))
            }
            if len(hits) == 1:
                return hits.pop()
            if len(words) == 1:  # "the Post": one stored outlet ends with it
                last = {
                    self._final(s)
                    for s in self.by_last_word.get(words[0], ())
                    if fits(s) and len(name_key(self.sources[s].name).split()) > 1
                }
                if len(last) == 1:
                    return last.pop()
        return None

    def _bare_surname(self, sid: str, key: str) -> bool:
        """A person's surname alone is no alias of theirs: stored, it would send every later
        "Mitchell" to the first Mitchell matched (the surname index finds it anyway)."""
        return _is_person(self.sources[sid].kind) and len(key.split()) == 1

    def _known(self, name: str) -> str | None:
        """The stored source a parent's name names, without creating one."""
        key = name_key(name)
        if not key:
            return None
        return self._match(name, key, kind_of(name, "ORG"))

    def _parent_fits(self, sid: str, parent_id: str | None) -> bool:
        """A candidate with no parent fits any; one with a parent only the same parent (an
        unknown parent is another organisation)."""
        own = self.sources[sid].parent_id or self.new_parents.get(sid)
        return own is None or (parent_id is not None and self._final(own) == parent_id)

    def _surname_of_this_document(self, name: str, key: str, document_id: str) -> str | None:
        """A person this document named by the surname alone before giving the full name
        ("Cooke said…" then "Bill Cooke"): the same person, who now has the full name. Only
        within one document, and only a source that has no other name yet."""
        _given, surname, _suffix = _person_parts(key)
        for sid in self.by_key.get(surname, []):
            src = self.sources.get(sid)
            if (
                src is not None
                and _is_person(src.kind)
                and self._created_in.get(sid) == document_id
                and self._keys_of[sid] == {surname}
            ):
                self._rename(sid, name, key)
                return sid
        return None

    def _rename(self, sid: str, name: str, key: str) -> None:
        """A new source found under its surname gets the full name it is now called by (the
        surname stays its alias); the name is only changed before the source is written."""
        from veracity.extract.mentions import strip_honorific

        for i, s in enumerate(self.new_sources):
            if s.id == sid:
                old_key = name_key(s.name)  # the surname: no alias (see _bare_surname)
                self.by_key[old_key] = [x for x in self.by_key[old_key] if x != sid]
                self._keys_of[sid].discard(old_key)
                self.new_sources[i] = self.sources[sid] = Source(
                    id=s.id,
                    name=strip_honorific(re.sub(r"(?<=\w)['’]s?$", "", name)),
                    kind=s.kind,
                    parent_id=s.parent_id,
                    description=s.description,
                    url=s.url,
                )
                self._index_name(sid, name, key)

    def _create(self, name: str, kind: SourceKind, role: str | None) -> str:
        name = repair_mojibake(name)
        name = re.sub(r"^(?:the)\s+(?=[A-Z])", "The ", name)
        name = re.sub(r"(?<=\w)['’]s?$", "", name)  # "Donald Trump's" names Donald Trump
        if kind is SourceKind.PERSON:
            from veracity.extract.mentions import strip_honorific

            name = strip_honorific(name)
        base = source_slug(name)
        sid, n = base, 2
        while sid in self.sources:
            sid, n = f"{base}-{n}", n + 1
        src = Source(id=sid, name=name, kind=kind, description=role)
        self.sources[sid] = src
        self.new_sources.append(src)
        self._index_name(sid, name, name_key(name))
        return sid

    def _described(self, name: str, role: str | None, document_id: str | None) -> str:
        """A description ("officials", "a spokesman"): a source of this document only — unless a
        stored group has exactly that name or alias (an analyst's "Trump's team")."""
        for sid in self.by_key.get(name_key(name), []):
            src = self.sources.get(self._final(sid))
            if src is not None and src.kind is SourceKind.GROUP and "(in doc-" not in src.name:
                return src.id
        if _NAMED_BODY.match(name):  # "the Trump campaign": one body across documents
            body = self.resolve(re.sub(r"^[Tt]he\s+", "", name), label="ORG", described=False)
            if body is not None:
                return body
        if _NAMED_POSSESSOR.search(name):  # one group across documents, like a name
            name = re.sub(r"^(?:the)\s+", "", name)
            sid = self._create(name, SourceKind.GROUP, role)
            return sid
        scope = (document_id or "").removeprefix("doc-")[:12]
        label = f"{name} (in {document_id})" if document_id else name
        key = name_key(label)
        for sid in self.by_key.get(key, []):
            return self._final(sid)
        base = source_slug(name) + (f"-{scope}" if scope else "")
        sid, n = base, 2
        while sid in self.sources:
            sid, n = f"{base}-{n}", n + 1
        src = Source(id=sid, name=label, kind=SourceKind.GROUP, description=role)
        self.sources[sid] = src
        self.new_sources.append(src)
        self._index_name(sid, label, key)
        return sid

    def _set_parent(self, sid: str, parent: str) -> None:
        """Give the source its parent organisation ("Kremlin spokesman" → The Kremlin) unless
        it has one, or the parent would be itself."""
        src = self.sources[sid]
        if src.parent_id is not None or sid in self.new_parents:
            return
        pid = self.resolve(parent, label="ORG", described=False)
        if pid is None or pid == sid or self.sources[pid].parent_id == sid:
            return
        if any(s.id == sid for s in self.new_sources):
            i = next(i for i, s in enumerate(self.new_sources) if s.id == sid)
            updated = Source(
                id=src.id,
                name=src.name,
                kind=src.kind,
                parent_id=pid,
                description=src.description,
                url=src.url,
            )
            self.new_sources[i] = updated
            self.sources[sid] = updated
        else:
            self.new_parents[sid] = pid

    def outlet(self, *, name: str | None = None, url: str | None = None) -> str | None:
        """The source of type outlet that published a document: matched by the site of its URL
        (a stored source with a URL on that site), else by name; created from what is known."""
        host = _site(url)
        if host:
            for sid, src in self.sources.items():
                if src.url and _site(src.url) == host:
                    return self._final(sid)
        if name:  # a publisher is an outlet even when its name does not say so ("USA Today")
            key = name_key(name)
            if not key or is_nameless(name):
                return None
            found = self._match(name, key, SourceKind.OUTLET)
            if found is None:
                return self._create(name, SourceKind.OUTLET, None)
            if key not in self._keys_of[found]:
                self.new_aliases.append((found, name, key))
                self._index_name(found, name, key)
            return found
        if host:
            from veracity.extract.publishers import outlet_name

            sid = self._create(outlet_name(host) or host, SourceKind.OUTLET, None)
            i = len(self.new_sources) - 1
            s = self.new_sources[i]
            self.new_sources[i] = Source(id=s.id, name=s.name, kind=s.kind, url=f"https://{host}/")
            self.sources[sid] = self.new_sources[i]
            return sid
        return None

    def take_new(self) -> tuple[list[Source], list[tuple[str, str, str]], dict[str, str]]:
        """The sources, aliases and parents found since the last call, for the caller to write
        (parents of new sources come first, as ``add_sources`` wants)."""
        out = (self.new_sources, self.new_aliases, self.new_parents)
        self.new_sources, self.new_aliases, self.new_parents = [], [], {}
        return out


# -- analysts' corrections ------------------------------------------------------------------


def merge(store, keep: str, other: str, *, who: str, why: str) -> dict[str, int]:
    """Merge source ``other`` into ``keep`` (statements, citations, documents, members and
    names move; the merge is recorded with who, when and why). Re-ingesting never undoes it:
    ``other``'s names are now ``keep``'s aliases and its id redirects to ``keep``."""
    from veracity.store.source_aliases import merge_sources

    return merge_sources(store, keep, other, who=who, why=why, key=name_key)


def split(
    store,
    source_id: str,
    *,
    new_id: str,
    name: str,
    kind: SourceKind | None = None,
    aliases: Iterable[str] = (),
    statements: Iterable[str] = (),
    documents: Iterable[str] = (),
    who: str,
    why: str,
) -> dict[str, int]:
    """Split a new source off ``source_id``: the given aliases, statements and the source's
    statements quoted from the given documents move to it (recorded with who, when and why).
    Moved statements are marked corrected and the aliases now name the new source, so
    re-ingesting never undoes the split."""
    from veracity.store.source_aliases import split_source

    old = store.source(source_id)
    new = Source(id=new_id, name=name, kind=kind or old.kind, parent_id=old.parent_id)
    return split_source(
        store,
        source_id,
        new,
        aliases=list(aliases) or [name],
        statements=list(statements),
        documents=list(documents),
        who=who,
        why=why,
        key=name_key,
    )
