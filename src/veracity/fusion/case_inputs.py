"""From a case's statements, as columns, to what a fusion method takes.

Resolved propositions are not fused: their statements become track records (Beta–Bernoulli
pseudo-counts per source). Open propositions become integer-coded claims with stance and
provenance; analyst evidence becomes per-value log likelihood ratios.

There is one road: statements arrive as parallel columns (:class:`StatementTable` -- the
shape of the store's ``ClaimColumns``, which a store read fills without a Python object per
row); :func:`statement_table` turns a list of :class:`Statement` into the same shape for a
notebook or a test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from veracity.fusion.claims import NO_ORIGIN, Claims
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

#: stance code -> Stance, for reports
STANCE_OF_CODE = {code: stance for stance, code in STANCE_CODE.items()}
#: the code of "none" in ``cites`` and ``resolved_value``
NONE = -1


class StatementColumns(Protocol):
    """Statements as columns (what ``Store.claim_columns()`` returns)."""

    @property
    def statement_id(self) -> Any: ...  # strings, indexable per row (a list, an Arrow array)
    @property
    def source(self) -> np.ndarray: ...
    @property
    def proposition(self) -> np.ndarray: ...
    @property
    def value(self) -> np.ndarray: ...
    @property
    def stance(self) -> np.ndarray: ...
    @property
    def cites(self) -> np.ndarray: ...
    @property
    def resolved_value(self) -> np.ndarray: ...
    @property
    def source_labels(self) -> np.ndarray: ...
    @property
    def proposition_labels(self) -> np.ndarray: ...
    @property
    def value_labels(self) -> np.ndarray: ...


@dataclass(frozen=True)
class StatementTable:
    """Statements as columns, built from objects (:func:`statement_table`)."""

    statement_id: list[str]
    source: np.ndarray
    proposition: np.ndarray
    value: np.ndarray
    stance: np.ndarray
    cites: np.ndarray
    resolved_value: np.ndarray
    source_labels: np.ndarray
    proposition_labels: np.ndarray
    value_labels: np.ndarray


def _code(labels: list[object]) -> tuple[np.ndarray, np.ndarray, dict[object, int]]:
    index: dict[object, int] = {}
    codes = np.array([index.setdefault(x, len(index)) for x in labels], dtype=np.int32)
    return codes, np.array(list(index), dtype=object), index


def statement_table(
    statements: Sequence[Statement], resolutions: Sequence[Resolution] = ()
) -> StatementTable:
    """Statement objects as columns, with each statement's resolved value (NONE if open)."""
    resolved = {r.proposition_id: r.value for r in resolutions}
    sources: list[object] = [s.source_id for s in statements]
    sources += [s.cites_source_id for s in statements if s.cites_source_id is not None]
    src_all, source_labels, _ = _code(sources)
    n = len(statements)
    src_index = {label: k for k, label in enumerate(source_labels)}
    values: list[object] = [s.value for s in statements]
    values += [v for s in statements if (v := resolved.get(s.proposition_id)) is not None]
    val_all, value_labels, val_index = _code(values)
    prop, prop_labels, _ = _code([s.proposition_id for s in statements])
    return StatementTable(
        statement_id=[s.id for s in statements],
        source=src_all[:n],
        proposition=prop,
        value=val_all[:n],
        stance=np.array([STANCE_CODE[s.stance] for s in statements], dtype=np.int8),
        cites=np.array(
            [
                NONE if s.cites_source_id is None else src_index[s.cites_source_id]
                for s in statements
            ],
            dtype=np.int32,
        ),
        resolved_value=np.array(
            [val_index.get(resolved.get(s.proposition_id), NONE) for s in statements],
            dtype=np.int32,
        ),
        source_labels=source_labels,
        proposition_labels=prop_labels,
        value_labels=value_labels,
    )


@dataclass(frozen=True)
class FusionInputs:
    claims: Claims  #: open claims, with the track records and evidence as columns
    statement_id: Any  #: per claim row, the statement it came from (list or Arrow array)
    prior_correct: np.ndarray  #: per source code, from track records
    prior_incorrect: np.ndarray
    value_log_lr: np.ndarray  #: per value code, from analyst evidence
    evidence: tuple[Evidence, ...]
    family_weight: float

    @property
    def source_labels(self) -> np.ndarray:
        return _labels(self.claims.source_labels)

    @property
    def item_labels(self) -> np.ndarray:
        return _labels(self.claims.item_labels)

    @property
    def value_labels(self) -> np.ndarray:
        return _labels(self.claims.value_labels)

    @cached_property
    def _statement_ids(self) -> list[str]:
        ids = self.statement_id
        return [str(x) for x in (ids.to_pylist() if hasattr(ids, "to_pylist") else ids)]

    def statement(self, row: int) -> str:
        """The id of the statement behind claim row ``row``."""
        return self._statement_ids[row]

    def stance(self, row: int) -> Stance:
        st = self.claims.stance
        return Stance.ASSERTS if st is None else STANCE_OF_CODE[int(st[row])]

    def cites(self, row: int) -> str | None:
        o = self.claims.origin
        if o is None or o[row] == NO_ORIGIN:
            return None
        return str(self.source_labels[o[row]])


def _labels(labels: np.ndarray | None) -> np.ndarray:
    if labels is None:  # build_inputs always codes labels
        raise ValueError("claims without labels")
    return labels


def build_inputs(
    sources: Sequence[Source],
    propositions: Sequence[Proposition],
    open_columns: StatementColumns,
    resolved_columns: StatementColumns,
    evidence: Sequence[Evidence] = (),
    resolutions: Sequence[Resolution] = (),
    *,
    family_weight: float = 0.5,
) -> FusionInputs:
    """Encode an open case for fusion; ``family_weight`` pools records within an institution.

    ``open_columns`` are the statements on unresolved propositions, ``resolved_columns`` those
    on resolved ones (with ``resolved_value``). Every step is vectorised over statements; the
    loops run over sources, propositions and evidence only.
    """
    oc = open_columns
    resolved = {r.proposition_id for r in resolutions}
    # sources: the columns' (speakers and cited), then the case's other sources
    s_labels = list(oc.source_labels)
    s_index = {label: k for k, label in enumerate(s_labels)}
    for s in sources:
        if s.id not in s_index:
            s_index[s.id] = len(s_labels)
            s_labels.append(s.id)
    # items: open propositions with candidate values in case order, then the others stated
    i_labels = [
        p.id for p in propositions if p.id not in resolved and p.kind is not PropositionKind.NUMERIC
    ]
    i_index = {label: k for k, label in enumerate(i_labels)}
    for label in oc.proposition_labels:
        if label not in i_index:
            i_index[label] = len(i_labels)
            i_labels.append(label)
    item_lut = np.array([i_index[x] for x in oc.proposition_labels], dtype=np.int32)
    # values: the columns' vocabulary plus candidate values nobody stated
    v_labels = list(oc.value_labels)
    v_index = {label: k for k, label in enumerate(v_labels)}
    cand_i, cand_v = [], []
    for p in propositions:
        if p.id in resolved or p.kind is PropositionKind.NUMERIC:
            continue
        for v in p.values:
            if v not in v_index:
                v_index[v] = len(v_labels)
                v_labels.append(v)
            cand_i.append(i_index[p.id])
            cand_v.append(v_index[v])
    claims = Claims.from_codes(
        np.asarray(oc.source, dtype=np.int32),
        item_lut[oc.proposition] if len(item_lut) else np.zeros(0, np.int32),
        np.asarray(oc.value, dtype=np.int64),
        n_sources=len(s_labels),
        n_items=len(i_labels),
        source_labels=np.array(s_labels, dtype=object),
        item_labels=np.array(i_labels, dtype=object),
        value_labels=np.array(v_labels, dtype=object),
        origin=np.where(oc.cites == NONE, NO_ORIGIN, oc.cites).astype(np.int32),
        stance=np.asarray(oc.stance, dtype=np.int8),
        candidates=(np.array(cand_i, dtype=np.int64), np.array(cand_v, dtype=np.int64)),
    )
    correct, incorrect = _track_records(sources, resolved_columns, s_index, family_weight)
    log_lr, used = _evidence_log_lr(claims, propositions, evidence, resolved)
    claims = claims.with_columns(
        prior_correct=correct, prior_incorrect=incorrect, value_log_lr=log_lr
    )
    return FusionInputs(
        claims=claims,
        statement_id=oc.statement_id,
        prior_correct=correct,
        prior_incorrect=incorrect,
        value_log_lr=log_lr,
        evidence=tuple(used),
        family_weight=family_weight,
    )


def _track_records(
    sources: Sequence[Source],
    rc: StatementColumns,
    s_index: dict[object, int],
    family_weight: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Correct / incorrect pseudo-counts per source code from statements on resolved
    propositions (hedges left out: they commit to nothing)."""
    n = len(s_index)
    lut = np.array([s_index.get(x, -1) for x in rc.source_labels], dtype=np.int64)
    keep = (np.asarray(rc.resolved_value) != NONE) & (np.asarray(rc.stance) != 0)
    if len(lut) == 0 or not keep.any():
        return np.zeros(n), np.zeros(n)
    src = lut[np.asarray(rc.source)[keep]]
    known = src >= 0
    # a statement about value v claims "v holds" (asserts) or "v does not hold" (denies)
    claimed_true = np.asarray(rc.stance)[keep] >= 0
    holds = np.asarray(rc.value)[keep] == np.asarray(rc.resolved_value)[keep]
    parent = np.full(n, -1, dtype=np.int64)
    for s in sources:
        if s.parent_id is not None and s.parent_id in s_index and s.id in s_index:
            parent[s_index[s.id]] = s_index[s.parent_id]
    return track_record_counts(
        src[known],
        claimed_true[known],
        holds[known],
        n,
        parent=parent,
        family_weight=family_weight,
    )


def _evidence_log_lr(
    claims: Claims,
    propositions: Sequence[Proposition],
    evidence: Sequence[Evidence],
    resolved: set[str],
) -> tuple[np.ndarray, list[Evidence]]:
    """Per value code: the log likelihood ratios of analyst evidence on binary propositions."""
    log_lr = np.zeros(claims.n_values)
    used: list[Evidence] = []
    if not evidence:
        return log_lr, used
    props = {p.id: p for p in propositions}
    items = {label: k for k, label in enumerate(_labels(claims.item_labels))}
    true_code = {
        int(claims.value_item[v]): v for v in np.flatnonzero(_labels(claims.value_labels) == TRUE)
    }
    for e in evidence:
        if e.proposition_id is None or e.proposition_id in resolved:
            continue
        p = props.get(e.proposition_id)
        if p is None or p.kind is not PropositionKind.BINARY:
            continue
        item = items.get(e.proposition_id)
        if item is None or item not in true_code:
            continue
        log_lr[true_code[item]] += np.log(e.likelihood_ratio)
        used.append(e)
    return log_lr, used
