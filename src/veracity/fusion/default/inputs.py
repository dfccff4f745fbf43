"""What a fit of the default model derives from the claims before EM: weights, provenance, priors.

Nothing here depends on the estimate; :class:`Prepared` is computed once per fit and read by
every EM round, every model variant and the explanation.

Provenance, declared and implicit:

- a claim that cites an origin (``Claims.origin``) is the origin's claim: rows that say the same
  (value, stance) from one attributed source count once;
- claims in the same words (``Claims.wording``: one code per distinct text) on the same
  (item, value, stance) from different sources are one report repeated: the earliest
  (``Claims.time``, then row order) counts fully, every repeat at ``REPEAT_WEIGHT``. Many outlets
  copying one origin's sentence then add little, whether or not they say whom they copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from veracity.fusion.claims import NO_ORIGIN, Claims
from veracity.fusion.similarity import value_similarity

#: a hedge ("reportedly") is an assertion at this strength
HEDGE_STRENGTH = 0.25
#: weight of a claim repeating another source's words on the same value (the first counts 1)
REPEAT_WEIGHT = 0.1


@dataclass(frozen=True)
class Prepared:
    """Per-claim, per-source and per-value arrays a fit reads (see the module docstring)."""

    src: np.ndarray  #: attributed source per claim (the origin when cited)
    counted: np.ndarray  #: False for a repeat of an attributed statement already counted
    base: np.ndarray  #: claim weight x counted x hedge strength x repeat weight
    repeat: np.ndarray  #: True for a verbatim repeat of an earlier report
    deny: np.ndarray  #: claim is a denial
    n_false: np.ndarray  #: per item: number of false candidates (at least 1)
    log_n_row: np.ndarray  #: per claim: log of its item's n_false
    prior_c: np.ndarray  #: per source: resolved statements right (track record)
    prior_i: np.ndarray  #: per source: resolved statements wrong
    invertible: np.ndarray  #: per source: the record alone shows it worse than chance
    llr: np.ndarray  #: per value: analyst evidence, log likelihood ratio
    sim: sp.csr_matrix  #: values x values similarity within items
    contested: np.ndarray  #: per claim: its item has two claimed values, or it is a denial
    open_row: np.ndarray  #: per claim: its item is in no label family (copying is looked for)


def provenance(c: Claims) -> tuple[np.ndarray, np.ndarray]:
    """Attributed source per row (the origin when cited) and whether the row counts.

    Rows that say the same (value, stance) from the same attributed source count once: the
    origin's own statement first, else the first passing-on.
    """
    if c.origin is None:
        return c.source, np.ones(c.n_claims, dtype=bool)
    cited = c.origin != NO_ORIGIN
    attributed = np.where(cited, c.origin, c.source).astype(np.int64)
    stance = np.ones(c.n_claims, np.int64) if c.stance is None else c.stance.astype(np.int64)
    key = (attributed * 3 + (stance + 1)) * (c.n_values + 1) + c.value
    order = np.lexsort((np.arange(c.n_claims), cited, key))
    first = np.ones(order.size, dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    counted = np.zeros(c.n_claims, dtype=bool)
    counted[order[first]] = True
    return attributed, counted


def verbatim_repeats(c: Claims, src: np.ndarray) -> np.ndarray:
    """Per row: True when an earlier row from another source said the same value in the same
    words (same ``wording`` code, item value and stance). Earliest by ``time``, then row."""
    out = np.zeros(c.n_claims, dtype=bool)
    if c.wording is None:
        return out
    known = np.flatnonzero(c.wording >= 0)
    if known.size < 2:
        return out
    stance = np.ones(known.size, np.int64) if c.stance is None else c.stance[known] + 1
    key = (c.wording[known].astype(np.int64) * 3 + stance) * (c.n_values + 1) + c.value[known]
    when = np.zeros(known.size) if c.time is None else np.nan_to_num(c.time[known], nan=np.inf)
    order = np.lexsort((known, when, key))
    first = np.ones(order.size, dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    # a source repeating its own words is not a second report either way: leave it to
    # provenance; only other sources' repeats are discounted
    head = np.maximum.accumulate(np.where(first, np.arange(order.size), 0))
    other = src[known[order]] != src[known[order[head]]]
    out[known[order[~first & other]]] = True
    return out


def prepare(c: Claims, *, similarity: float, open_items: np.ndarray) -> Prepared:
    """The arrays of :class:`Prepared` for ``claims``; near-equal values support each other on
    ``open_items`` only (items in a label family have no "near" labels)."""
    n_s = c.n_sources
    prior_c = np.zeros(n_s) if c.prior_correct is None else c.prior_correct
    prior_i = np.zeros(n_s) if c.prior_incorrect is None else c.prior_incorrect
    llr = np.zeros(c.n_values) if c.value_log_lr is None else c.value_log_lr
    stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
    src, counted = provenance(c)
    repeat = verbatim_repeats(c, src)
    base = np.ones(c.n_claims) if c.weight is None else np.asarray(c.weight, np.float64)
    base = base * counted * np.where(stance == 0, HEDGE_STRENGTH, 1.0)
    base = base * np.where(repeat, REPEAT_WEIGHT, 1.0)
    deny = stance < 0
    n_false = np.maximum(c.values_per_item - 1, 1).astype(np.float64)
    sim = (
        value_similarity(c, c.value_number, items=open_items)
        if similarity > 0
        else sp.csr_matrix((c.n_values, c.n_values))
    )
    # Beta(1, 1) plus the record: worse than chance on the record alone
    invertible = (prior_c + prior_i > 0) & (prior_c < prior_i)
    claimed = np.zeros(c.n_values, dtype=bool)
    claimed[c.value[counted & ~deny]] = True
    distinct = np.bincount(c.value_item, weights=claimed, minlength=c.n_items)
    return Prepared(
        src=src,
        counted=counted,
        base=base,
        repeat=repeat,
        deny=deny,
        n_false=n_false,
        log_n_row=np.log(n_false[c.item]),
        prior_c=np.asarray(prior_c, np.float64),
        prior_i=np.asarray(prior_i, np.float64),
        invertible=invertible,
        llr=np.asarray(llr, np.float64),
        sim=sim,
        contested=(distinct[c.item] >= 2) | deny,
        open_row=np.asarray(open_items, bool)[c.item],
    )
