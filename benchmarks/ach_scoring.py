"""Speed of scoring an ACH matrix: build, Heuer + Bayes + diagnosticity + disagreement +
sensitivity (``score_matrix``), and the SVG heatmap, on synthetic matrices.

    python benchmarks/ach_scoring.py --hypotheses 8 --evidence 200 --analysts 3

Ratings are drawn at random (seeded); every cell is rated by every analyst. Prints wall time per
stage and the peak resident memory of this process. Timings on a shared machine are noisy:
compare runs made together.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from veracity.ach import build_matrix, render_svg, score_matrix
from veracity.model import AchEvidence, Consistency, Hypothesis, Level, Question, Rating


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def synthetic(n_h: int, n_e: int, n_a: int, seed: int = 0):
    rnd = random.Random(seed)
    q = Question("q", "synthetic")
    hyps = [Hypothesis(f"H{i}", "q", f"hypothesis {i}", position=i) for i in range(n_h)]
    levels = list(Level)
    items = [
        AchEvidence(f"E{i}", "q", f"item {i}", credibility=rnd.choice(levels),
                    relevance=rnd.choice(levels), position=i)
        for i in range(n_e)
    ]  # fmt: skip
    scale = list(Consistency)
    ratings = [
        Rating("q", e.id, h.id, rnd.choice(scale), f"analyst{a}")
        for a in range(n_a)
        for e in items
        for h in hyps
    ]
    return q, hyps, items, ratings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hypotheses", type=int, default=8)
    ap.add_argument("--evidence", type=int, default=200)
    ap.add_argument("--analysts", type=int, default=3)
    args = ap.parse_args()
    q, hyps, items, ratings = synthetic(args.hypotheses, args.evidence, args.analysts)
    t0 = time.perf_counter()
    m = build_matrix(q, hyps, items, ratings)
    t1 = time.perf_counter()
    card = score_matrix(m)
    t2 = time.perf_counter()
    svg = render_svg(card)
    t3 = time.perf_counter()
    print(
        f"{args.hypotheses} hypotheses × {args.evidence} items × {args.analysts} analysts "
        f"({len(ratings):,} ratings): build {t1 - t0:.3f} s, score {t2 - t1:.3f} s "
        f"({len(card.sensitivity)} what-ifs), heatmap {t3 - t2:.3f} s ({len(svg) / 1e3:.0f} kB); "
        f"peak RSS {_peak_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
