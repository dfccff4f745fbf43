"""Group attributions about the same event into propositions, and flag contradictions.

Two statements are about the same proposition when their contents mean the same: cosine
similarity of sentence embeddings (the static model of :mod:`veracity.extract.embedding`), half
of it from the texts with their names masked (so "Trump and Putin spoke by phone" and "Putin is
open to talks with Trump" are not one event merely for their actors), plus a bonus for the
names and numbers they share; never when both give dates and none agree. Denial language
("pure fiction", "fake news", "rumors of") is taken out before embedding: a denial and the
claim it denies are about one proposition. Without an embedder (model2vec not installed) the
older measure is used: overlap of content words, proper names counted twice.
A statement with no content words of its own ("It is absolutely untrue") refers back: it joins
the proposition of the same speaker's previous statement in that document. A proposition that
one source asserts and another denies is a contradiction.

Assignment is greedy in order of mention: a statement joins the group whose statements it is
most similar to on average (average link; single link, the most similar one, for keywords) if
that reaches the threshold, else starts a group. Joining a stored proposition (``existing``,
one text among thousands in a store) takes its own threshold and at least one content word in
common. The weights and thresholds were chosen on half the claims of the Emergent headlines,
among settings that keep the seed case right (WaPo and Peskov on one proposition, Peskov's
"open to talks" on another) and the phone/telephone paraphrase together, and scored on the
other half (``benchmarks/grouping.py``; BENCHMARKS.md, "Grouping").

>>> from veracity.extract.attribution import Attribution
>>> from veracity.model import Stance
>>> a = Attribution("WaPo", (0, 4), "reported", (5, 13), "Trump and Putin spoke by phone", (14, 44))
>>> b = a.with_(speaker="Peskov", content="no phone call between Trump and Putin",
...             stance=Stance.DENIES)
>>> [g.contradiction for g in group_attributions([("d1", a), ("d2", b)], embedder=None)]
[True]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

from veracity.extract.attribution import Attribution
from veracity.extract.canonical import positive_form
from veracity.extract.cues import DENIAL_PATTERNS, word_set
from veracity.extract.embedding import Embedder, default_embedder, unit_rows
from veracity.extract.voice import VOICE
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
THRESHOLD = 0.5  # keyword overlap (no embedder)
EMBEDDING_THRESHOLD = 0.42  # cosine + entity bonus, within one batch
STORED_THRESHOLD = 0.5  # to join a stored proposition (one text among many: stricter)
ENTITY_WEIGHT = 0.2  # added to the cosine per unit of shared-entity overlap
NAME_BLIND = 0.3  # share of the cosine taken with names masked out

AUTO: Literal["auto"] = "auto"


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


_LEAD = re.compile(r"^[\s“”\"'‘’]*(?:that|whether|if)\s+", re.I)
_HEARSAY = re.compile(
    r"\b(?:all |the |any )?(?:rumou?rs?|reports?|claims?|allegations?|suggestions?|talk)"
    r"\s+(?:of|that|about)\s+",
    re.I,
)


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def proposition_text(content: str) -> str:
    """What a content says happened, without the speaker's verdict on it: Markdown links,
    quotation marks, a leading "that", "rumors of", a debunking frame ("there is no evidence
    that"), the main negation (:func:`~veracity.extract.canonical.positive_form`) and denial
    phrases ("pure fiction") removed."""
    text = _LEAD.sub("", _MD_LINK.sub(r"\1", content))
    text = positive_form(text)
    text = _HEARSAY.sub(" ", text)
    for pattern in DENIAL_PATTERNS:
        text = pattern.sub(" ", text)
    text = re.sub(r"[“”\"‘’]|(?<!\w)'|'(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:.") or content


@dataclass(frozen=True, slots=True)
class PropositionGroup:
    """Statements about one proposition: indices into the input, and whether they conflict."""

    id: str
    text: str
    members: tuple[int, ...]
    contradiction: bool
    existing: bool = False  # the id is a stored proposition's
    # each member's stance toward this proposition, where grouping decided it (a document's own
    # sentence that refutes the proposition it joins denies it); else the attribution's stance
    stances: tuple[Stance, ...] = ()


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


class _Scores(Protocol):
    """Similarities of a statement to the earlier statements and to stored propositions."""

    def earlier(self, i: int) -> np.ndarray: ...

    def seed(self, i: int) -> np.ndarray: ...


# stored propositions come back with every ingested document: their words are kept per text
_seed_keywords = lru_cache(maxsize=100_000)(keywords)
_seed_dates = lru_cache(maxsize=100_000)(dates)


class KeywordScores:
    """Keyword overlap (:func:`similarity`), computed when asked."""

    def __init__(self, texts: Sequence[str], seeds: Sequence[str]) -> None:
        self.keys = [keywords(t) for t in texts]
        self.when = [dates(t) for t in texts]
        self.seed_keys = [_seed_keywords(t) for t in seeds]
        self.seed_when = [_seed_dates(t) for t in seeds]

    def earlier(self, i: int) -> np.ndarray:
        ki, di = self.keys[i], self.when[i]
        return np.array(
            [similarity(ki, self.keys[j], di, self.when[j]) for j in range(i)], dtype=float
        )

    def seed(self, i: int) -> np.ndarray:
        ki, di = self.keys[i], self.when[i]
        return np.array(
            [similarity(ki, k, di, d) for k, d in zip(self.seed_keys, self.seed_when, strict=True)],
            dtype=float,
        )


def _incidence(sets: Sequence[frozenset], index: dict):
    """Sparse 0/1 matrix: row r has a 1 in column index[x] for each x in sets[r]."""
    from scipy import sparse  # only the embedding path needs it; scipy is slow to import

    rows = [r for r, s in enumerate(sets) for _ in s]
    cols = [index[x] for s in sets for x in s]
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(index), 1)))


def _shared_counts(rows: Sequence[frozenset], cols: Sequence[frozenset]):
    """(|A∩B|, |A|, |B|) for every row set A and column set B, as dense arrays."""
    index: dict = {}
    for s in cols:
        for x in s:
            index.setdefault(x, len(index))
    r = _incidence([frozenset(x for x in s if x in index) for s in rows], index)
    c = _incidence(cols, index)
    shared = np.asarray((r @ c.T).todense(), dtype=np.float32)
    return shared, np.array([len(s) for s in rows])[:, None], np.array([len(s) for s in cols])


@lru_cache(maxsize=100_000)
def _features(content: str) -> tuple[str, frozenset[str], frozenset, str, frozenset[str]]:
    """Proposition text, its entities, its dates, it without its names, and its content words
    (pure, so kept per text: every ingested document meets all stored propositions again)."""
    prop = proposition_text(content)
    words = frozenset(w for w in keywords(prop) if not w.startswith("#"))
    return prop, entities(prop), dates(prop), without_names(prop), words


class EmbeddingScores:
    """Cosine of the proposition texts' embeddings — ``name_blind`` of it from the texts with
    their names taken out (:func:`without_names`), the rest from the whole texts — plus
    ``entity_weight`` times the overlap coefficient of their entities; 0 when both give dates
    and none agree. All pairs at once."""

    def __init__(
        self,
        texts: Sequence[str],
        seeds: Sequence[str],
        embedder: Embedder,
        *,
        entity_weight: float = ENTITY_WEIGHT,
        name_blind: float = NAME_BLIND,
    ) -> None:
        feats = [_features(t) for t in [*texts, *seeds]]
        props = [f[0] for f in feats]
        n = len(texts)
        score = np.zeros((n, len(props)), dtype=np.float32)
        if props:
            if name_blind < 1:
                vec = unit_rows(embedder.encode(props))
                score += (1 - name_blind) * (vec[:n] @ vec.T)
            if name_blind > 0:
                # names seen in the new statements are masked wherever they stand; a stored
                # proposition's text is masked on its own (the same text, the same vector)
                known = frozenset().union(*(f[1] for f in feats[:n]))
                masked = [without_names(p, known) for p in props[:n]]
                masked += [f[3] for f in feats[n:]]
                vec = unit_rows(embedder.encode(masked))
                score += name_blind * (vec[:n] @ vec.T)
        if entity_weight and props:
            ents = [f[1] for f in feats]
            score += entity_weight * _overlap(ents[:n], ents)
        if props:
            when = [f[2] for f in feats]
            score[_disagree(when[:n], when)] = 0.0
        if seeds and n:
            # a stored proposition is one text among thousands: some are bound to be close by
            # chance, so joining one also takes a content word in common
            words = [f[4] for f in feats]
            shared, _, _ = _shared_counts(words[:n], words[n:])
            score[:, n:][shared == 0] = 0.0
        self._pairs, self._seeds = score[:, :n], score[:, n:]

    def earlier(self, i: int) -> np.ndarray:
        return self._pairs[i, :i]

    def seed(self, i: int) -> np.ndarray:
        return self._seeds[i]


def _overlap(rows: Sequence[frozenset], cols: Sequence[frozenset]) -> np.ndarray:
    """Overlap coefficient |A∩B| / min(|A|, |B|) of every row set with every column set."""
    shared, nr, nc = _shared_counts(rows, cols)
    smaller = np.minimum(nr, nc).astype(np.float32)
    return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def _disagree(rows: Sequence[frozenset], cols: Sequence[frozenset]) -> np.ndarray:
    """True where both give dates and none agree."""
    shared, nr, nc = _shared_counts(rows, cols)
    return (nr > 0) & (nc > 0) & (shared == 0)


def group_attributions(
    items: Sequence[tuple[str, Attribution]],
    *,
    existing: Sequence[tuple[str, str]] = (),
    threshold: float | None = None,
    embedder: Embedder | None | Literal["auto"] = AUTO,
    entity_weight: float = ENTITY_WEIGHT,
    name_blind: float = NAME_BLIND,
    linkage: Literal["single", "average"] | None = None,
    stored_threshold: float | None = None,
    relate: Relate | None = None,
) -> list[PropositionGroup]:
    """Propositions over ``(document_id, attribution)`` pairs, in order of first mention.

    ``existing`` are known propositions ``(id, text)`` (from the store): a statement close
    enough to one joins it, and that group keeps its id. Groups of existing propositions that
    no statement joined are not returned. ``embedder`` is ``"auto"`` (the shipped static model
    if model2vec is installed, else keywords), ``None`` (keywords) or any :class:`Embedder`;
    ``threshold`` and ``linkage`` default to those chosen for the measure in use (keywords:
    0.5, single link; embeddings: see ``EMBEDDING_THRESHOLD``, average link). ``relate``
    (claim stance, see :data:`Relate`) decides whether a document's own sentence is about the
    proposition it is similar to, and whether it refutes it (it then denies it).
    """
    if isinstance(embedder, str):
        if embedder != AUTO:
            raise ValueError(f"embedder must be 'auto', None or an Embedder, not {embedder!r}")
        embedder = default_embedder()
    contents = [a.content for _, a in items]
    seeds = [text for _, text in existing]
    scores: _Scores
    if embedder is None:
        scores = KeywordScores(contents, seeds)
        threshold = THRESHOLD if threshold is None else threshold
        stored_threshold = threshold if stored_threshold is None else stored_threshold
        linkage = linkage or "single"
    else:
        scores = EmbeddingScores(
            contents, seeds, embedder, entity_weight=entity_weight, name_blind=name_blind
        )
        threshold = EMBEDDING_THRESHOLD if threshold is None else threshold
        stored_threshold = STORED_THRESHOLD if stored_threshold is None else stored_threshold
        linkage = linkage or "average"
    keys = [keywords(c) for c in contents]
    groups: list[list[int]] = []
    group_of: list[int] = []
    seeded: dict[int, int] = {}  # group index -> index into ``existing``
    last_by_speaker: dict[tuple[str, str | None], int] = {}
    stances = [a.stance for _, a in items]
    for i, (doc_id, att) in enumerate(items):
        target = None
        if att.kind != VOICE and refers_back(att.content, keys[i]):
            prev = last_by_speaker.get((doc_id, att.speaker))
            if prev is not None:
                target = group_of[prev]
        else:
            found = _candidates(
                i, group_of, seeded, scores, threshold, stored_threshold, len(existing), linkage
            )
            if att.kind == VOICE:  # claims other sources make first: that is what it bears on
                found.sort(
                    key=lambda c: c >= 0 and all(items[j][1].kind == VOICE for j in groups[c])
                )
            target = None
            for cand in found:
                if att.kind != VOICE and not _voice_only(cand, groups, items):
                    target = cand
                    break
                # a document's own sentence, or a proposition only documents' voices hold:
                # similar is not enough, it must be about it (claim stance)
                verdict = _voice_verdict(
                    att, _text_of(cand, groups, items, existing, seeded), relate
                )
                if verdict is not None:
                    target = cand
                    if verdict == "refutes" and att.stance is Stance.ASSERTS:
                        stances[i] = Stance.DENIES
                    break
            if target is not None and target < 0:  # first statement on a stored proposition
                groups.append([])
                seeded[len(groups) - 1] = -1 - target
                target = len(groups) - 1
        if target is None:
            groups.append([i])
            target = len(groups) - 1
        else:
            groups[target].append(i)
        group_of.append(target)
        last_by_speaker[(doc_id, att.speaker)] = i
    if any(st is not a.stance for st, (_, a) in zip(stances, items, strict=True)):
        items = [(d, a.with_(stance=st)) for st, (d, a) in zip(stances, items, strict=True)]
    return [
        _group(g, members, items, existing, seeded.get(g), stances)
        for g, members in enumerate(groups)
    ]


def _voice_only(
    target: int, groups: list[list[int]], items: Sequence[tuple[str, Attribution]]
) -> bool:
    """True for a group of this batch that only documents' own sentences hold."""
    return target >= 0 and all(items[j][1].kind == VOICE for j in groups[target])


def _text_of(
    target: int,
    groups: list[list[int]],
    items: Sequence[tuple[str, Attribution]],
    existing: Sequence[tuple[str, str]],
    seeded: dict[int, int],
) -> str:
    """The proposition text a statement would join: a stored one's, else its group's lead."""
    if target < 0:
        return existing[-1 - target][1]
    if target in seeded:
        return existing[seeded[target]][1]
    return display_text([items[i][1] for i in groups[target]])


#: claim stance of a text toward a proposition: "supports", "refutes", "discusses" when the
#: text is about it, ``None`` when not (``veracity.stance`` gives one; extract may not import it)
Relate = Callable[[str, str], str | None]


def _voice_verdict(att: Attribution, proposition: str, relate: Relate | None) -> str | None:
    """Claim stance of a document's own sentence toward the proposition it is closest to (or
    of a statement toward a proposition only the document's voice holds); ``None`` to stand
    alone. An outlet's sentences share names with the story's claims without being
    about them ("both Trump and Putin are familiar with deception"); similarity alone let
    them in. Without ``relate``, similarity decides ("supports")."""
    if relate is None:
        return "supports"
    return relate(proposition, proposition_text(att.content))


_TRAILING = re.compile(r"(?:[\s,;:]+(?:as|and|or|of|a|an|the|with|by|but))+[\s,;:.]*$", re.I)


def display_text(atts: Sequence[Attribution]) -> str:
    """A proposition's text from its statements: the first assertion as written (without a
    leading "that", quotation marks or Markdown), else the first statement in positive form
    (a denial's polarity is its stance, never its text)."""
    lead = next((a for a in atts if a.stance is Stance.ASSERTS), None)
    if lead is not None:
        text = _LEAD.sub("", _MD_LINK.sub(r"\1", lead.content.strip(" “”\"'")))
        return text.strip() or lead.content
    text = proposition_text(atts[0].content)
    return _TRAILING.sub("", text).strip() or atts[0].content


def _best_group(
    i: int,
    group_of: list[int],
    seeded: dict[int, int],
    scores: _Scores,
    threshold: float,
    stored_threshold: float,
    n_existing: int,
    linkage: str,
) -> int | None:
    """The group (index ≥ 0) or not yet joined stored proposition (-1 - k) that statement ``i``
    is most similar to, if that reaches ``threshold`` (the first of :func:`_candidates`)."""
    found = _candidates(
        i, group_of, seeded, scores, threshold, stored_threshold, n_existing, linkage, limit=1
    )
    return found[0] if found else None


def _candidates(
    i: int,
    group_of: list[int],
    seeded: dict[int, int],
    scores: _Scores,
    threshold: float,
    stored_threshold: float,
    n_existing: int,
    linkage: str,
    *,
    limit: int = 3,
) -> list[int]:
    """Groups (index ≥ 0) that statement ``i`` reaches ``threshold`` with, most similar first;
    if none, not yet joined stored propositions (-1 - k) that reach ``stored_threshold``. A
    group's similarity is that of its most similar statement (single link) or the mean over its
    statements (average link); a stored proposition's text counts as one more statement of its
    group."""
    row = np.asarray(scores.earlier(i), dtype=float)
    n_groups = max(group_of, default=-1) + 1
    seed_row = scores.seed(i) if n_existing else None
    if n_groups:
        labels = np.asarray(group_of[:i])
        if linkage == "single":
            per_group = np.full(n_groups, -np.inf)
            np.maximum.at(per_group, labels, row)
        else:
            total = np.bincount(labels, weights=row, minlength=n_groups)
            count = np.bincount(labels, minlength=n_groups).astype(float)
            per_group = np.divide(total, count, out=np.full(n_groups, -np.inf), where=count > 0)
        for g, k in seeded.items():
            s = float(seed_row[k])  # type: ignore[index]
            if linkage == "single":
                per_group[g] = max(per_group[g], s)
            else:
                c = np.sum(labels == g)
                per_group[g] = (per_group[g] * c + s) / (c + 1) if c else s
        order = np.argsort(-per_group, kind="stable")[:limit]
        close = [int(g) for g in order if per_group[g] >= threshold]
        if close:
            return close
    if seed_row is not None and len(seed_row):
        free = np.array(seed_row, dtype=float)
        free[list(seeded.values())] = -np.inf
        order = np.argsort(-free, kind="stable")[:limit]
        return [-1 - int(k) for k in order if free[k] >= stored_threshold]
    return []


def _group(
    g: int,
    members: list[int],
    items: Sequence[tuple[str, Attribution]],
    existing: Sequence[tuple[str, str]],
    seed: int | None,
    stances: Sequence[Stance],
) -> PropositionGroup:
    atts = [items[i][1] for i in members]
    asserting = {a.speaker for a in atts if a.stance is Stance.ASSERTS}
    denying = {a.speaker for a in atts if a.stance is Stance.DENIES}
    conflict = bool(asserting and denying and (asserting | denying) != (asserting & denying))
    if seed is not None:
        pid, text = existing[seed]
    else:
        text = display_text(atts)
        pid = f"P{g + 1}"
    return PropositionGroup(
        id=pid,
        text=text,
        members=tuple(members),
        contradiction=conflict,
        existing=seed is not None,
        stances=tuple(stances[i] for i in members),
    )
