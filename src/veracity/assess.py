"""Run a fusion method over a case and turn its result into an :class:`Assessment`.

One road: statements reach the fusion layer as columns (``Store.claim_columns()`` for a store,
:func:`~veracity.fusion.case_inputs.statement_table` for objects), become integer-coded
:class:`~veracity.fusion.Claims` with track records and analyst evidence as claim columns, and
every registered method is fitted the same way, ``fit(claims)``. A method's ``uses`` says which
of those columns it reads; the assessment notes what it ignored.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from veracity.fusion import DEFAULT_METHOD, Estimator, get_method
from veracity.fusion.case_inputs import (
    FusionInputs,
    StatementColumns,
    build_inputs,
    statement_table,
)
from veracity.model import (
    Assessment,
    Contribution,
    Evidence,
    Proposition,
    PropositionAssessment,
    Resolution,
    Source,
    SourceReliability,
    Stance,
    Statement,
)

if TYPE_CHECKING:
    from veracity.store import Store


def data_version(
    columns: Sequence[StatementColumns],
    evidence: Sequence[Evidence],
    resolutions: Sequence[Resolution],
) -> str:
    """A short hash of everything an assessment read, to tell stale assessments apart."""
    h = hashlib.sha256()
    for cols in columns:
        for arr in (cols.source, cols.proposition, cols.value, cols.stance, cols.cites):
            h.update(np.ascontiguousarray(arr).tobytes())
        for labels in (cols.source_labels, cols.proposition_labels, cols.value_labels):
            h.update("\x1f".join(map(str, labels)).encode())
        ids = cols.statement_id
        for chunk in getattr(ids, "chunks", ()):  # Arrow strings: hash the buffers
            for buf in chunk.buffers():
                if buf is not None:
                    h.update(buf)
        if not hasattr(ids, "chunks"):
            h.update("\x1f".join(map(str, ids)).encode())  # type: ignore[call-overload]
    for e in sorted(evidence, key=lambda e: e.id):
        h.update(f"E|{e.id}|{e.proposition_id}|{e.likelihood_ratio!r}\n".encode())
    for r in sorted(resolutions, key=lambda r: r.id):
        h.update(f"R|{r.id}|{r.proposition_id}|{r.value}\n".encode())
    return h.hexdigest()[:16]


def assess_records(
    sources: Sequence[Source],
    propositions: Sequence[Proposition],
    statements: Sequence[Statement],
    evidence: Sequence[Evidence] = (),
    resolutions: Sequence[Resolution] = (),
    *,
    method: str | None = None,
    params: dict[str, object] | None = None,
    family_weight: float = 0.5,
) -> Assessment:
    """Assess every open proposition of a case given as objects (a notebook, a test)."""
    resolved = {r.proposition_id for r in resolutions}
    open_st = [s for s in statements if s.proposition_id not in resolved]
    closed = [s for s in statements if s.proposition_id in resolved]
    return assess_columns(
        sources,
        propositions,
        statement_table(open_st),
        statement_table(closed, resolutions),
        evidence,
        resolutions,
        method=method,
        params=params,
        family_weight=family_weight,
    )


def assess_columns(
    sources: Sequence[Source],
    propositions: Sequence[Proposition],
    open_columns: StatementColumns,
    resolved_columns: StatementColumns,
    evidence: Sequence[Evidence] = (),
    resolutions: Sequence[Resolution] = (),
    *,
    method: str | None = None,
    params: dict[str, object] | None = None,
    family_weight: float = 0.5,
) -> Assessment:
    """Assess every open proposition with one method, statements given as columns."""
    method = method or DEFAULT_METHOD
    inputs = build_inputs(
        sources,
        propositions,
        open_columns,
        resolved_columns,
        evidence,
        resolutions,
        family_weight=family_weight,
    )
    est = get_method(method)(**(params or {}))
    notes: list[str] = []
    if inputs.claims.n_claims:
        est.fit(inputs.claims)
        props = _proposition_results(est, inputs)
        trust = np.asarray(est.trust_, dtype=float)
        iterations, converged = int(est.iterations_), bool(est.converged_)
    else:
        props, trust, iterations, converged = (), np.full(len(sources), np.nan), 0, True
        notes.append("no statements on open propositions: nothing to fuse")
    uses = est.uses
    if "priors" not in uses and len(resolutions):
        notes.append(f"method {method!r} does not use track records; resolutions were ignored")
    if "evidence" not in uses and inputs.evidence:
        notes.append(f"method {method!r} does not use analyst evidence; it was ignored")
    parameters = dict(est.params())
    parameters["family_weight"] = family_weight
    parameters["uses"] = sorted(uses & {"priors", "evidence"})
    return Assessment(
        id=uuid.uuid4().hex[:12],
        method=method,
        parameters=_jsonable(parameters),
        created=datetime.now(UTC),
        data_version=data_version((open_columns, resolved_columns), evidence, resolutions),
        propositions=props,
        sources=_source_results(est, inputs, trust, uses_record="priors" in uses),
        iterations=iterations,
        converged=converged,
        notes=tuple(notes),
    )


def assess_store(
    store: Store,
    *,
    method: str | None = None,
    params: dict[str, object] | None = None,
    save: bool = True,
) -> Assessment:
    """Assess the whole store and (by default) save the assessment in it.

    Statements are read as columns (``Store.claim_columns``), never as one object per row.
    """
    assessment = assess_columns(
        store.sources(),
        store.propositions(),
        store.claim_columns(),
        store.resolved_claim_columns(),
        store.evidence(),
        store.resolutions(),
        method=method,
        params=params,
    )
    if save:
        store.save_assessment(assessment)
    return assessment


def _proposition_results(est: Estimator, inputs: FusionInputs) -> tuple[PropositionAssessment, ...]:
    c = inputs.claims
    interval = getattr(est, "probability_interval_", None)
    evidence_of: dict[str, list[Evidence]] = {}
    for e in inputs.evidence:  # grouped once: a scan per proposition is quadratic
        evidence_of.setdefault(str(e.proposition_id), []).append(e)
    out = []
    for item in range(c.n_items):
        expl = est.explain(item)
        probs = {str(inputs.value_labels[v]): float(p) for v, p in expl.probabilities.items()}
        lead = int(est.truth_[item])
        true_code = [v for v in expl.probabilities if inputs.value_labels[v] == "true"]
        shown = true_code[0] if true_code else lead
        iv = None
        if interval is not None:
            iv = (float(interval[shown, 0]), float(interval[shown, 1]))
        contributions = []
        for vote in expl.votes:
            r = vote.claim
            contributions.append(
                Contribution(
                    statement_id=inputs.statement(r) if r is not None else "",
                    source_id=str(inputs.source_labels[vote.source]),
                    stance=inputs.stance(r) if r is not None else Stance.ASSERTS,
                    value=str(inputs.value_labels[vote.value]),
                    weight=float(vote.weight),
                    reason=_with_provenance(vote.reason, None if r is None else inputs.cites(r)),
                    counted=vote.counted,
                )
            )
        for e in evidence_of.get(str(inputs.item_labels[item]), ()):
            contributions.append(
                Contribution(
                    statement_id=f"evidence:{e.id}",
                    source_id="analyst",
                    stance=Stance.ASSERTS if e.likelihood_ratio >= 1 else Stance.DENIES,
                    value="true",
                    weight=float(np.log(e.likelihood_ratio)),
                    reason=f"evidence {e.id}: likelihood ratio {e.likelihood_ratio:g}, "
                    "given by the analyst",
                )
            )
        out.append(
            PropositionAssessment(
                proposition_id=str(inputs.item_labels[item]),
                probabilities=probs,
                interval=iv,
                contributions=tuple(contributions),
            )
        )
    return tuple(out)


def _with_provenance(reason: str, cites: str | None) -> str:
    if cites is None or f"passes on {cites}" in reason:
        return reason
    return f"{reason}; passes on {cites} (statements from one origin count once)"


def _source_results(
    est: Estimator, inputs: FusionInputs, trust: np.ndarray, *, uses_record: bool
) -> tuple[SourceReliability, ...]:
    iv = getattr(est, "trust_interval_", None)
    out = []
    for code, label in enumerate(inputs.source_labels):
        if code >= trust.size or not np.isfinite(trust[code]):
            continue
        correct = float(inputs.prior_correct[code])
        incorrect = float(inputs.prior_incorrect[code])
        if not uses_record:
            reason = "track record not used by this method"
        elif correct + incorrect:
            reason = (
                f"track record: {correct:g} correct, {incorrect:g} incorrect "
                f"(a family's record counts {inputs.family_weight:g}×)"
            )
        else:
            reason = "no track record: prior only"
        out.append(
            SourceReliability(
                source_id=str(label),
                reliability=float(trust[code]),
                interval=None if iv is None else (float(iv[code, 0]), float(iv[code, 1])),
                n_resolved=round(correct + incorrect),
                n_correct=round(correct),
                reason=f"{est.trust_scale}; {reason}",
            )
        )
    return tuple(out)


def _jsonable(d: dict[str, object]) -> dict[str, object]:
    """Parameters as JSON-safe values (arrays are summarised, not stored)."""
    out: dict[str, object] = {}
    for k, v in d.items():
        if isinstance(v, np.ndarray):
            out[k] = f"array[{v.size}]"
        else:
            try:
                json.dumps(v)
                out[k] = v
            except TypeError:
                out[k] = repr(v)
    return out
