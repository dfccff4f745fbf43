"""Similarity scorers for grouping: ``KeywordScores`` (content-word overlap, no model) and
``EmbeddingScores`` (cosine of static sentence embeddings, half with names masked, plus shared
names and numbers; never when dates disagree), with the thresholds and weights chosen on the
Emergent headlines (``grouping.py``'s docstring says how)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from veracity.extract.embedding import Embedder, unit_rows
from veracity.extract.grouping_features import (
    dates,
    entities,
    keywords,
    proposition_text,
    similarity,
    without_names,
)

THRESHOLD = 0.5  # keyword overlap (no embedder)
EMBEDDING_THRESHOLD = 0.42  # cosine + entity bonus, within one batch
STORED_THRESHOLD = 0.5  # to join a stored proposition (one text among many: stricter)
ENTITY_WEIGHT = 0.2  # added to the cosine per unit of shared-entity overlap
NAME_BLIND = 0.3  # share of the cosine taken with names masked out


class Scores(Protocol):
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
