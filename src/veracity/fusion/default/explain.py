"""Why the default model says what it says: each claim's tempered log-odds contribution.

A contribution is what the claim added to its value's log-score: positive for an assertion
(or a hedge, at ``HEDGE_STRENGTH``), negative for a denial, zero for a repeat already counted; the
reason names the source's accuracy with its interval, its track record, copy discounts and
verbatim repeats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import special

from veracity.fusion.base import ItemExplanation, SourceVote
from veracity.fusion.claims import NO_ORIGIN
from veracity.fusion.default.em import row_weights
from veracity.fusion.default.inputs import HEDGE_STRENGTH, REPEAT_WEIGHT

if TYPE_CHECKING:
    from veracity.fusion.default.estimator import Veracity


def explain_item(m: Veracity, item: int) -> ItemExplanation:
    """The explanation of one item under a fitted :class:`Veracity`."""
    c = m.claims_
    prep, state = m.prepared_, m.state_
    acc, fam = state.accuracy, state.families
    rows = c.rows_of(item)
    vals = c.values_of(item)
    stance = np.ones(c.n_claims, np.int8) if c.stance is None else c.stance
    labels = c.source_labels
    name = (lambda s: str(labels[s])) if labels is not None else str
    weights = row_weights(prep, state.rows, acc, at=rows) / m.temperature_
    denial_trust = acc.alpha_d / (acc.alpha_d + acc.beta_d)
    votes = []
    for k, r in enumerate(rows.tolist()):
        s = int(prep.src[r])
        st = int(stance[r])
        reason = _source_reason(m, s)
        weight = float(weights[k])
        if fam.in_family[r] and (st >= 0 or fam.deny_in_family[r]):
            f = fam.of_item[item]
            x = fam.class_index[c.value[r]]
            # a denial on a two-label item is the other label's claim, against this one
            said = 1 - x if st < 0 else x
            col = acc.confusion[f].elog[s, :, said]
            others = (col.sum() - col[said]) / max(col.size - 1, 1)
            lift = float(state.w[r] * (col[said] - others) / m.temperature_)
            weight = -lift if st < 0 else lift
            reason += "; class-conditional confusion of the source"
        elif acc.ell_row is not None and st >= 0:
            held = float(special.expit(acc.ell_row[r]))
            reason += f"; weighed at {held:.2f} (prior and record on other propositions)"
        if c.origin is not None and c.origin[r] != NO_ORIGIN:
            reason += f"; passes on {name(int(c.origin[r]))}"
            if not prep.counted[r]:
                reason += ", already counted"
        if prep.repeat[r]:
            reason += f"; repeats another source's words: weight x{REPEAT_WEIGHT:g}"
        if state.discount[r] > 0:
            reason += f"; copies a detected original: weight x{1 - state.discount[r]:.2f}"
        if st < 0 and prep.invertible[s] and weight > 0:
            reason += "; denial from a source worse than chance on its record: counts in favour"
        elif st < 0:
            d = denial_trust[s] if acc.ell_d_row is None else special.expit(acc.ell_d_row[r])
            reason += f"; denial (denials' accuracy {d:.2f}): evidence against"
        elif st == 0:
            reason += f"; hedge: weight x{HEDGE_STRENGTH:g}"
        votes.append(
            SourceVote(
                source=int(c.source[r]),
                value=int(c.value[r]),
                weight=weight if prep.counted[r] else 0.0,
                stance=st,
                counted=bool(prep.counted[r]),
                reason=reason,
                claim=r,
            )
        )
    return ItemExplanation(
        item=item,
        truth=int(m.truth_[item]),
        probabilities={int(v): float(m.probabilities_[v]) for v in vals},
        votes=tuple(votes),
        summary=f"log-odds sum of accuracy-weighted claims, tempered by T={m.temperature_:.2f}",
    )


def _source_reason(m: Veracity, s: int) -> str:
    """What is said of source ``s`` in every explanation (formatted once per source per fit:
    an assessment explains every proposition, a million claims among a few hundred sources)."""
    cache: dict[int, str] = m.__dict__.setdefault("_source_reasons", {})
    if s not in cache:
        prep = m.prepared_
        lo, hi = m.trust_interval_[s]
        reason = f"accuracy {m.trust_[s]:.2f} [{lo:.2f}, {hi:.2f}]"
        if prep.prior_c[s] or prep.prior_i[s]:
            reason += f"; track record {prep.prior_c[s]:g} right, {prep.prior_i[s]:g} wrong"
            if prep.invertible[s]:
                reason += " (worse than chance: what it says counts the other way)"
        cache[s] = reason
    return cache[s]
