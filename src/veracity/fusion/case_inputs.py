"""From the case records (model objects) to what a fusion method takes.

Resolved propositions are not fused: their statements become track records (Beta–Bernoulli
pseudo-counts per source). Open propositions become integer-coded claims with stance and
provenance; analyst evidence becomes per-value log likelihood ratios.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veracity.fusion.claims import Claims
from veracity.fusion.track_record import track_record_counts
from veracity.model import (
    STANCE_CODE,
    TRUE,
    Evidence,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    Stance,
    Statement,
)


@dataclass(frozen=True)
class FusionInputs:
    claims: Claims
    statements: tuple[Statement, ...]  # one per claim row, same order
    prior_correct: np.ndarray  # per source code, from track records
    prior_incorrect: np.ndarray
    value_log_lr: np.ndarray  # per value code, from analyst evidence
    evidence: tuple[Evidence, ...]
    family_weight: float

    def source_code(self, source_id: str) -> int:
        return int(np.flatnonzero(self.claims.source_labels == source_id)[0])

    def value_code(self, proposition_id: str, value: str) -> int:
        c = self.claims
        item = int(np.flatnonzero(c.item_labels == proposition_id)[0])
        hits = np.flatnonzero((c.value_item == item) & (c.value_labels == value))
        return int(hits[0])


def build_inputs(
    sources: Sequence[Source],
    propositions: Sequence[Proposition],
    statements: Sequence[Statement],
    evidence: Sequence[Evidence] = (),
    resolutions: Sequence[Resolution] = (),
    *,
    family_weight: float = 0.5,
) -> FusionInputs:
    """Encode an open case for fusion; ``family_weight`` pools records within an institution."""
    resolved = {r.proposition_id: r.value for r in resolutions}
    props = {p.id: p for p in propositions}
    open_statements = tuple(s for s in statements if s.proposition_id not in resolved)
    candidates = {
        p.id: list(p.values)
        for p in propositions
        if p.id not in resolved and p.kind is not PropositionKind.NUMERIC
    }
    claims = Claims.from_columns(
        [s.source_id for s in open_statements],
        [s.proposition_id for s in open_statements],
        [s.value for s in open_statements],
        origins=[s.cites_source_id for s in open_statements],
        stances=[STANCE_CODE[s.stance] for s in open_statements],
        candidates=candidates,
        known_sources=[s.id for s in sources],
    )
    codes = {label: i for i, label in enumerate(claims.source_labels)}

    # track records from resolved statements
    res_st = [s for s in statements if s.proposition_id in resolved and s.source_id in codes]
    src = np.array([codes[s.source_id] for s in res_st], dtype=np.int64)
    claimed_true = np.array([s.stance is not Stance.DENIES for s in res_st], dtype=bool)
    # a statement about value v claims "v holds" (asserts) or "v does not hold" (denies)
    holds = np.array([resolved[s.proposition_id] == s.value for s in res_st], dtype=bool)
    hedge = np.array([s.stance is Stance.HEDGES for s in res_st], dtype=bool)
    parent = np.full(claims.n_sources, -1, dtype=np.int64)
    by_id = {s.id: s for s in sources}
    for label, code in codes.items():
        src_rec = by_id.get(label)
        if src_rec is not None and src_rec.parent_id in codes:
            parent[code] = codes[src_rec.parent_id]
    if res_st:
        correct, incorrect = track_record_counts(
            src[~hedge],
            claimed_true[~hedge],
            holds[~hedge],
            claims.n_sources,
            parent=parent,
            family_weight=family_weight,
        )
    else:
        correct = incorrect = np.zeros(claims.n_sources)

    log_lr = np.zeros(claims.n_values)
    used = []
    for e in evidence:
        if e.proposition_id is None or e.proposition_id in resolved:
            continue
        p = props.get(e.proposition_id)
        if p is None or p.kind is not PropositionKind.BINARY:
            continue
        item = np.flatnonzero(claims.item_labels == e.proposition_id)
        if item.size == 0:
            continue
        hit = np.flatnonzero((claims.value_item == item[0]) & (claims.value_labels == TRUE))
        log_lr[hit] += np.log(e.likelihood_ratio)
        used.append(e)
    return FusionInputs(
        claims=claims,
        statements=open_statements,
        prior_correct=correct,
        prior_incorrect=incorrect,
        value_log_lr=log_lr,
        evidence=tuple(used),
        family_weight=family_weight,
    )
