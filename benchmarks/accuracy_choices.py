"""Design choices of the default, judged leave-sets-out: choose on some sets, count on the others.

Run from the repository root (needs ``../shared/data/td``; see ``benchmarks/datasets.py``)::

    python benchmarks/accuracy_choices.py            # prints the tables
    python benchmarks/accuracy_choices.py --write    # also replaces its section in BENCHMARKS.md

Each variant is ONE configuration of :class:`~veracity.fusion.default.Veracity` run on every
gold set (nothing per set). For every way of splitting the sets into two halves, the variant
with the most sets at or above the best crowd-kit anchor on the first half (ties: the shipped
default) is "chosen", and its count on the second half is what choosing that way would have
given on sets it was not chosen on. The same for calibration (ECE <= 0.05). A variant that only
wins on the half it was chosen on shows up as no better than the default on the other half.

The calibration bound is NOT a method: per set it picks, with the gold labels, the temperature
(and the design effect rho: log-odds of an item with n votes divided by 1 + (n - 1) rho) with
the lowest ECE. It says how far any gold-free fit of those maps could get at best.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import CROWDKIT_ANCHORS, N_BINS, claims_of, replace_section  # noqa: E402
from datasets import available, load  # noqa: E402

from veracity.fusion.calibration import expected_calibration_error  # noqa: E402
from veracity.fusion.default import Veracity  # noqa: E402
from veracity.fusion.registry import METHODS  # noqa: E402

SECTION = "## Truth discovery: design choices, leave-sets-out"
COMMAND = "python benchmarks/accuracy_choices.py --write"
DEFAULT = "default"

#: one configuration each; "default" is the shipped one
VARIANTS: dict[str, dict[str, object]] = {
    DEFAULT: {},
    "prior_strength=1": {"prior_strength": 1.0},
    "prior_strength=4 (before)": {"prior_strength": 4.0},
    "prior_strength=8": {"prior_strength": 8.0},
    "prior_strength=16": {"prior_strength": 16.0},
    "family_model=one-coin": {"family_model": "one-coin"},
    "family_model=confusion": {"family_model": "confusion"},
    "leave_item_out=False": {"leave_item_out": False},
    "calibrate=False (T=1)": {"calibrate": False},
}

#: how the shipped prior strength was chosen (kept with the script so that --write keeps it)
NOTES = """\
How prior strength 2 was chosen (fuseacc, 8 Dec 2026, 02:21 UTC, load 8-10): a first run of
this script with 4 as the default and 2 among the variants. Chosen on one half of the sets,
a variant reached the best anchor on 4.78 of the 8 held-out sets, the default of then (4) on
4.00; the choice fell on prior strength 1 in 7,380 of the 12,870 halvings and on 2 in 3,941.
All 16 sets were looked at. 2 rather than 1 is a judgement: 1 reaches the anchor on 11 sets
against 10 but loses a set on calibration (5 against 6) and lets a small case's few records
swing the verdict further (seed article P(call) 0.80 with 1, 0.67 with 2, 0.60 with 4). The
table below is the run after the change: choosing again on half the sets no longer beats the
shipped default on the other half."""

BOUND_T = np.exp(np.linspace(np.log(0.25), np.log(16.0), 25))
BOUND_RHO = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)


def measure(names: list[str]) -> tuple[dict, dict]:
    """Per set: anchors' and variants' (accuracy, ECE), and the calibration bound."""
    res: dict[str, dict[str, tuple[float, float]]] = {}
    bound: dict[str, tuple[float, float, float, float, float]] = {}
    for name in names:
        ds = load(name)
        c = claims_of(ds)
        gi, gv = ds.gold_codes()
        res[name] = {}
        for a in CROWDKIT_ANCHORS:
            m = METHODS[a]().fit(c)
            res[name][a] = (float((m.truth_[gi] == gv).mean()), float("nan"))
        for label, kwargs in VARIANTS.items():
            m = Veracity(**kwargs).fit(c)  # type: ignore[arg-type]
            truth = m.truth_[gi]
            correct = truth == gv
            ece = expected_calibration_error(m.probabilities_[truth], correct, N_BINS)
            res[name][label] = (float(correct.mean()), ece)
            if label == "calibrate=False (T=1)":
                bound[name] = _bound(c, m, gi, gv)
        print(name, {k: round(v[0], 3) for k, v in res[name].items()}, file=sys.stderr)
    return res, bound


def _bound(c, m, gi, gv) -> tuple[float, float, float, float, float]:  # noqa: ANN001
    """Gold-chosen best (ECE, T) over temperatures, and (ECE, T, rho) with the design effect."""
    s = m.scores_
    n = np.bincount(c.item, weights=m.state_.w, minlength=c.n_items)
    best_t = (np.inf, 1.0)
    best_tr = (np.inf, 1.0, 0.0)
    for t in BOUND_T:
        for rho in BOUND_RHO:
            d = (1.0 + np.maximum(n - 1.0, 0.0) * rho)[c.value_item]
            p = c.item_softmax(s / (t * d))
            truth = c.item_argmax(p)[gi]
            e = expected_calibration_error(p[truth], truth == gv, N_BINS)
            if rho == 0.0 and e < best_t[0]:
                best_t = (e, float(t))
            if e < best_tr[0]:
                best_tr = (e, float(t), rho)
    return best_t[0], best_t[1], best_tr[0], best_tr[1], best_tr[2]


def _counts(res: dict, names: list[str], label: str) -> tuple[int, int, float]:
    """(sets >= best anchor, sets with ECE <= 0.05, mean margin over the best anchor)."""
    ge = ece = 0
    margin = 0.0
    for n in names:
        best = max(res[n][a][0] for a in CROWDKIT_ANCHORS)
        acc, e = res[n][label]
        ge += acc >= best - 1e-12
        ece += e <= 0.05
        margin += acc - best
    return ge, ece, margin / max(len(names), 1)


def leave_sets_out(res: dict, names: list[str]) -> dict[str, dict[str, object]]:
    """Choose on every half, count on the other half (accuracy and calibration separately)."""
    labels = list(VARIANTS)
    half = len(names) // 2
    out: dict[str, dict[str, object]] = {}
    for key, idx in (("accuracy", 0), ("calibration", 1)):
        chosen_counts, default_counts = [], []
        picks: dict[str, int] = dict.fromkeys(labels, 0)
        for a in itertools.combinations(range(len(names)), half):
            sa = [names[i] for i in a]
            sb = [n for i, n in enumerate(names) if i not in a]

            def rank(lab: str, sa: list[str] = sa, idx: int = idx) -> tuple[int, float, int]:
                ge, ece, margin = _counts(res, sa, lab)
                return ((ge, margin) if idx == 0 else (ece, 0.0)) + (int(lab == DEFAULT),)

            pick = max(labels, key=rank)
            picks[pick] += 1
            chosen_counts.append(_counts(res, sb, pick)[idx])
            default_counts.append(_counts(res, sb, DEFAULT)[idx])
        out[key] = {
            "splits": len(chosen_counts),
            "held_out": len(names) - half,
            "chosen": float(np.mean(chosen_counts)),
            "default": float(np.mean(default_counts)),
            "picks": {k: v for k, v in sorted(picks.items(), key=lambda t: -t[1]) if v},
        }
    return out


def report(res: dict, bound: dict, names: list[str], seconds: float, when: str = "") -> str:
    lines = [
        f"Command: `{COMMAND}` (the same sets and loaders as the accuracy section; whole run "
        f"{seconds:.0f} s, {when}). Every variant is one configuration on all {len(names)} sets.",
        "",
        NOTES,
        "",
        "| variant | sets ≥ best crowd-kit anchor | sets with ECE ≤ 0.05 | mean margin over the "
        "best anchor |",
        "|---|---|---|---|",
    ]
    for lab in VARIANTS:
        ge, ece, margin = _counts(res, names, lab)
        lines.append(f"| {lab} | {ge} of {len(names)} | {ece} of {len(names)} | {margin:+.4f} |")
    lines += ["", "Accuracy per set (the best crowd-kit anchor of the same run first):", ""]
    lines.append("| set | best anchor | " + " | ".join(VARIANTS) + " |")
    lines.append("|---|---|" + "---|" * len(VARIANTS))
    for n in names:
        best = max(res[n][a][0] for a in CROWDKIT_ANCHORS)
        lines.append(
            f"| {n} | {best:.3f} | "
            + " | ".join(f"{res[n][lab][0]:.3f}" for lab in VARIANTS)
            + " |"
        )
    lso = leave_sets_out(res, names)
    lines += [
        "",
        "Leave-sets-out (choose the variant on one half of the sets, count on the other):",
        "",
    ]
    for key, r in lso.items():
        target = "at or above the best anchor" if key == "accuracy" else "with ECE ≤ 0.05"
        picks = ", ".join(f"{k} {v}" for k, v in r["picks"].items())  # type: ignore[union-attr]
        lines.append(
            f"- {key}: over {r['splits']} splits, the variant chosen on one half has "
            f"{r['chosen']:.2f} of {r['held_out']} held-out sets {target}; the shipped default "
            f"{r['default']:.2f}. Chosen: {picks}."
        )
    t_ok = sum(b[0] <= 0.05 for b in bound.values())
    tr_ok = sum(b[2] <= 0.05 for b in bound.values())
    lines += [
        "",
        "Calibration bound (gold-chosen per set -- a ceiling for any gold-free temperature, not "
        f"a method): best temperature alone reaches ECE ≤ 0.05 on {t_ok} of {len(bound)}; "
        f"temperature and design effect together on {tr_ok} of {len(bound)}.",
        "",
        "| set | best ECE, temperature only (T) | best ECE, temperature + design effect (T, rho) |",
        "|---|---|---|",
    ]
    for n, b in bound.items():
        lines.append(f"| {n} | {b[0]:.3f} ({b[1]:.2f}) | {b[2]:.3f} ({b[3]:.2f}, {b[4]}) |")
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace this section in BENCHMARKS.md, or put it after the accuracy section."""
    replace_section(SECTION, body, before="## Truth discovery: rumour cascades")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = ap.parse_args()
    names = available()
    if not names:
        print("no benchmark data under ../shared/data/td (set VERACITY_SHARED)", file=sys.stderr)
        sys.exit(0)
    t0, load0 = time.time(), os.getloadavg()[0]
    res, bound = measure(names)
    when = f"{time.strftime('%H:%M UTC %d %b %Y', time.gmtime(t0))}, load average {load0:.1f}"
    body = report(res, bound, names, time.time() - t0, f"{when} to {os.getloadavg()[0]:.1f}")
    print(body)
    if args.write:
        write_section(body)


if __name__ == "__main__":
    main()
