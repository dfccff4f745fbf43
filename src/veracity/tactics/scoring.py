"""SemEval-2020 Task 11 metrics, re-implemented from the task's definitions.

Span identification (SI) gives partial credit for overlap (Da San Martino et al. 2019/2020):
with S the predicted and T the gold spans of all articles, each set merged so that no two spans
of one article overlap,

    P = Σ_{s∈S} Σ_{t∈T} |s∩t| / |s|  ÷  |S|        R = Σ_{s∈S} Σ_{t∈T} |s∩t| / |t|  ÷  |T|

(pairs from different articles do not intersect). The per-technique variant does the same
within one technique. Technique classification (TC) labels given gold spans; its micro-F1 is
accuracy when every span gets one label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    n_predicted: int
    n_gold: int


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans joined (touching spans stay apart, as in the official scorer)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _prf(p_num: float, p_den: int, r_num: float, r_den: int) -> PRF:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f = 2 * p * r / (p + r) if p > 0 and r > 0 else (1.0 if p_den == 0 and r_den == 0 else 0.0)
    return PRF(p, r, f, p_den, r_den)


def si_score(predicted: Mapping[str, Sequence[Span]], gold: Mapping[str, Sequence[Span]]) -> PRF:
    """The SI partial-overlap precision, recall and F1 over all articles."""
    p_num = r_num = 0.0
    p_den = r_den = 0
    for aid in set(predicted) | set(gold):
        pred = [s for s in merge_spans(predicted.get(aid, ())) if s[1] > s[0]]
        ref = merge_spans(gold.get(aid, ()))
        p_den += len(pred)
        r_den += len(ref)
        j0 = 0
        for ps, pe in pred:
            while j0 < len(ref) and ref[j0][1] <= ps:
                j0 += 1
            j = j0
            while j < len(ref) and ref[j][0] < pe:
                gs, ge = ref[j]
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    p_num += inter / (pe - ps)
                    r_num += inter / (ge - gs)
                j += 1
    return _prf(p_num, p_den, r_num, r_den)


def technique_scores(
    predicted: Mapping[str, Sequence[tuple[str, int, int]]],
    gold: Mapping[str, Sequence[tuple[str, int, int]]],
) -> dict[str, PRF]:
    """SI scores within each technique: a predicted span earns credit only on gold of its kind."""
    techniques = {t for spans in (*predicted.values(), *gold.values()) for t, _, _ in spans}
    out: dict[str, PRF] = {}
    for tech in sorted(techniques):
        p = {a: [(s, e) for t, s, e in v if t == tech] for a, v in predicted.items()}
        g = {a: [(s, e) for t, s, e in v if t == tech] for a, v in gold.items()}
        out[tech] = si_score(p, g)
    return out


def tc_scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, dict[str, PRF]]:
    """Micro-F1 over all spans and precision/recall/F1 per technique, for TC."""
    if len(gold) != len(predicted):
        raise ValueError("one prediction per gold span")
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    micro = correct / len(gold) if gold else 0.0
    n_gold, n_pred = Counter(gold), Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    per: dict[str, PRF] = {}
    for tech in sorted(set(n_gold) | set(n_pred)):
        per[tech] = _prf(hits[tech], n_pred[tech], hits[tech], n_gold[tech])
    return micro, per
