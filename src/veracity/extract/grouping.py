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
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from veracity.extract.attribution import Attribution
from veracity.extract.embedding import Embedder, default_embedder
from veracity.extract.grouping_features import (
    LEADING_THAT,
    MARKDOWN_LINK,
    dates,
    entities,
    keywords,
    proposition_text,
    refers_back,
    similarity,
    without_names,
)
from veracity.extract.grouping_scores import (
    EMBEDDING_THRESHOLD,
    ENTITY_WEIGHT,
    NAME_BLIND,
    STORED_THRESHOLD,
    THRESHOLD,
    EmbeddingScores,
    KeywordScores,
    Scores,
)
from veracity.extract.voice import VOICE
from veracity.model import Stance

#: the features and scorers live beside this module; their public names are grouping's too
__all__ = [
    "AUTO",
    "EMBEDDING_THRESHOLD",
    "ENTITY_WEIGHT",
    "NAME_BLIND",
    "STORED_THRESHOLD",
    "THRESHOLD",
    "EmbeddingScores",
    "KeywordScores",
    "PropositionGroup",
    "Relate",
    "dates",
    "display_text",
    "entities",
    "opposed_about_one_claim",
    "group_attributions",
    "keywords",
    "proposition_text",
    "refers_back",
    "similarity",
    "without_names",
]
RESCUE = 0.6  # a denial's similarity bar, as a share of the usual, when claim stance agrees

AUTO: Literal["auto"] = "auto"


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
    scores: Scores
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
            if not found and relate is not None and att.stance is Stance.DENIES:
                # a denial that no proposition is close enough to: the claim it denies may be
                # worded apart from it ("no evidence that a spider burrowed…" against "he had a
                # spider crawl under his skin"); nearer candidates, if claim stance says so
                found = _candidates(
                    i,
                    group_of,
                    seeded,
                    scores,
                    threshold * RESCUE,
                    stored_threshold * RESCUE,
                    len(existing),
                    linkage,
                )
                found = [
                    c
                    for c in found
                    if _voice_verdict(att, _text_of(c, groups, items, existing, seeded), relate)
                    in ("supports", "refutes")
                ][:1]
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
    out = [
        _group(g, members, items, existing, seeded.get(g), stances)
        for g, members in enumerate(groups)
    ]
    if relate is not None:
        out = [
            g
            if not g.contradiction or opposed_about_one_claim(g.members, items, relate)
            else replace(g, contradiction=False)
            for g in out
        ]
    return out


PAIRS_CHECKED = 4  # assertions (and denials) of a group read against each other, at most


def opposed_about_one_claim(
    members: Sequence[int], items: Sequence[tuple[str, Attribution]], relate: Relate
) -> bool:
    """True when one source asserts and another denies *the same claim* in a group: some
    denial's proposition is about some assertion by claim stance. Greedy grouping joins a
    statement to a group it is similar to on average, so a group can hold an assertion and a
    denial that are not about each other (Obama's "pressure hasn't resolved the problem"
    beside "Russia violated a 1987 treaty"); those made most flagged contradictions on
    articles nobody wrote for us (BENCHMARKS.md, "Articles to a case")."""
    atts = [items[i][1] for i in members]
    asserting = [a for a in atts if a.stance is Stance.ASSERTS][:PAIRS_CHECKED]
    denying = [a for a in atts if a.stance is Stance.DENIES][:PAIRS_CHECKED]
    return any(
        a.speaker != d.speaker
        and relate(proposition_text(a.content), proposition_text(d.content)) is not None
        for a in asserting
        for d in denying
    )


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


# what a denial's verdict leaves dangling once taken out ("The story … is a [hoax]", "A video
# … has proved to be a [fake]", "rumors of a call as [pure fiction] and [fake news]")
_TRAILING = re.compile(
    r"(?:[\s,;:]+(?:as|and|or|of|a|an|the|with|by|but|is|are|was|were|be|been|being|to|"
    r"has|have|had|proved|proven|turned out|appears?|seems?|appeared|seemed))+[\s,;:.]*$",
    re.I,
)


def display_text(atts: Sequence[Attribution]) -> str:
    """A proposition's text from its statements: the first assertion as written (without a
    leading "that", quotation marks or Markdown), else the first statement in positive form
    (a denial's polarity is its stance, never its text)."""
    lead = next((a for a in atts if a.stance is Stance.ASSERTS), None)
    if lead is not None:
        text = LEADING_THAT.sub("", MARKDOWN_LINK.sub(r"\1", lead.content.strip(" “”\"'")))
        return text.strip() or lead.content
    text = proposition_text(atts[0].content)
    return _TRAILING.sub("", text).strip() or atts[0].content


def _best_group(
    i: int,
    group_of: list[int],
    seeded: dict[int, int],
    scores: Scores,
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
    scores: Scores,
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
