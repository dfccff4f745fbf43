"""Run a fusion method over a case and turn its result into an :class:`Assessment`.

The pure part (:func:`assess_records`) takes model objects, so a notebook can assess a case
without a database; :func:`assess_store` reads the store, runs it and saves the result. Any
registered method plugs in: priors from track records and evidence likelihood ratios are passed
to the methods whose constructor takes them (``prior_correct``, ``prior_incorrect``,
``value_log_lr``), and the others fuse the bare claims.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from veracity.fusion import DEFAULT_METHOD, Estimator, get_method
from veracity.fusion.case_inputs import FusionInputs, build_inputs
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

_INPUT_PARAMS = ("prior_correct", "prior_incorrect", "value_log_lr")


def make_estimator(method: str, inputs: FusionInputs, **params: object) -> Estimator:
    """Instantiate a registered method, handing it the case's priors where it can use them."""
    cls = get_method(method)
    accepted = inspect.signature(cls.__init__).parameters
    kwargs = {k: getattr(inputs, k) for k in _INPUT_PARAMS if k in accepted}
    kwargs.update(params)
    return cls(**kwargs)


def data_version(
    statements: Sequence[Statement],
    evidence: Sequence[Evidence],
    resolutions: Sequence[Resolution],
) -> str:
    """A short hash of everything an assessment read, to tell stale assessments apart."""
    h = hashlib.sha256()
    for s in sorted(statements, key=lambda s: s.id):
        h.update(
            f"S|{s.id}|{s.source_id}|{s.proposition_id}|{s.stance}|{s.value}|"
            f"{s.cites_source_id}\n".encode()
        )
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
    """Assess every open proposition of a case with one method."""
    method = method or DEFAULT_METHOD
    inputs = build_inputs(
        sources, propositions, statements, evidence, resolutions, family_weight=family_weight
    )
    est = make_estimator(method, inputs, **(params or {}))
    notes: list[str] = []
    if inputs.claims.n_claims:
        est.fit(inputs.claims)
        props = _proposition_results(est, inputs)
        trust = np.asarray(est.trust_, dtype=float)
        iterations, converged = int(est.iterations_), bool(est.converged_)
    else:
        props, trust, iterations, converged = (), np.full(len(sources), np.nan), 0, True
        notes.append("no statements on open propositions: nothing to fuse")
    recorded = {k for k in _INPUT_PARAMS if k in inspect.signature(type(est).__init__).parameters}
    if "prior_correct" not in recorded and len(resolutions):
        notes.append(f"method {method!r} does not use track records; resolutions were ignored")
    parameters = dict(est.params())
    parameters["family_weight"] = family_weight
    parameters["uses"] = sorted(recorded)
    return Assessment(
        id=uuid.uuid4().hex[:12],
        method=method,
        parameters=_jsonable(parameters),
        created=datetime.now(UTC),
        data_version=data_version(statements, evidence, resolutions),
        propositions=props,
        sources=_source_results(est, inputs, trust, uses_record="prior_correct" in recorded),
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
    """Assess the whole store and (by default) save the assessment in it."""
    assessment = assess_records(
        store.sources(),
        store.propositions(),
        store.statements(),
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
        evidence_of.setdefault(e.proposition_id, []).append(e)
    out = []
    for item in range(c.n_items):
        expl = est.explain(item)
        probs = {str(c.value_labels[v]): float(p) for v, p in expl.probabilities.items()}
        lead = int(est.truth_[item])
        true_code = [v for v in expl.probabilities if c.value_labels[v] == "true"]
        shown = true_code[0] if true_code else lead
        iv = None
        if interval is not None:
            iv = (float(interval[shown, 0]), float(interval[shown, 1]))
        contributions = []
        for vote in expl.votes:
            st = inputs.statements[vote.claim] if vote.claim is not None else None
            contributions.append(
                Contribution(
                    statement_id=st.id if st else "",
                    source_id=str(c.source_labels[vote.source]),
                    stance=st.stance if st else Stance.ASSERTS,
                    value=str(c.value_labels[vote.value]),
                    weight=float(vote.weight),
                    reason=_with_provenance(vote.reason, st),
                    counted=vote.counted,
                )
            )
        for e in evidence_of.get(str(c.item_labels[item]), ()):
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
                proposition_id=str(c.item_labels[item]),
                probabilities=probs,
                interval=iv,
                contributions=tuple(contributions),
            )
        )
    return tuple(out)


def _with_provenance(reason: str, st: Statement | None) -> str:
    if st is None or st.cites_source_id is None or f"passes on {st.cites_source_id}" in reason:
        return reason
    return f"{reason}; passes on {st.cites_source_id} (statements from one origin count once)"


def _source_results(
    est: Estimator, inputs: FusionInputs, trust: np.ndarray, *, uses_record: bool
) -> tuple[SourceReliability, ...]:
    c = inputs.claims
    iv = getattr(est, "trust_interval_", None)
    out = []
    for code, label in enumerate(c.source_labels):
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
