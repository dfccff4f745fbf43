"""Accuracy of every registered fusion method on every gold set, and calibration of the default.

Run from the repository root (needs ``../shared/data/td``; see ``benchmarks/datasets.py``)::

    python benchmarks/accuracy.py            # prints the tables
    python benchmarks/accuracy.py --write    # also replaces the section in BENCHMARKS.md

Accuracy is the share of gold items whose chosen value equals the gold value after
normalisation (a gold value no source claimed counts as wrong). Calibration of the default
("veracity"): top-label expected calibration error with 15 equal-width bins, and the multi-class
Brier score (sum over an item's candidate values of (p - [value is gold])^2, averaged over gold
items). Anchors are the figures given in issue 3, measured by its author on the same files.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import REPO, Dataset, available, load  # noqa: E402

from veracity.fusion.calibration import (  # noqa: E402
    brier_score,
    expected_calibration_error,
    paired_sign_test,
)
from veracity.fusion.claims import Claims  # noqa: E402
from veracity.fusion.registry import METHODS  # noqa: E402

DEFAULT = "veracity"
N_BINS = 15
SECTION = "## Truth discovery: accuracy and calibration"
COMMAND = "python benchmarks/accuracy.py --write"

#: issue 12's anchors: crowd-kit's MajorityVote, DawidSkene, OneCoinDawidSkene -- run here as
#: veracity's implementations, which tests/test_fusion_methods.py holds to crowd-kit within 1e-4
CROWDKIT_ANCHORS = ("majority_vote", "dawid_skene", "dawid_skene_one_coin")

#: best Python peer per set, from issue 3 (truthdiscovery on web sets, crowd-kit DS on crowd)
ANCHORS: dict[str, tuple[float, str]] = {
    "book": (0.89, "truthdiscovery PooledInvestment"),
    "flight-2011-12-01": (0.94, "truthdiscovery PooledInvestment"),
    "population": (0.83, "truthdiscovery Investment"),
    "rte": (0.928, "crowd-kit DawidSkene"),
    "dog": (0.843, "crowd-kit DawidSkene"),
    "bluebird": (0.889, "crowd-kit DawidSkene"),
    "web": (0.829, "crowd-kit DawidSkene"),
    "d_jn-product": (0.940, "crowd-kit DawidSkene"),
    "d_sentiment": (0.960, "crowd-kit DawidSkene"),
    "s4_Relevance": (0.617, "crowd-kit DawidSkene"),
    "s5_AdultContent": (0.766, "crowd-kit DawidSkene"),
}

#: published figures quoted by issue 3. The papers were found (Yin, Han & Yu, "Truth discovery
#: with multiple conflicting information providers on the web", KDD 2007 / TKDE 20(6) 2008,
#: doi:10.1109/TKDE.2007.190745; Li, Dong, Lyons, Meng & Srivastava, "Truth finding on the deep
#: web: is the problem solved?", PVLDB 6(2) 2012, arXiv:1503.00303) but the search tool returned
#: only their abstracts, so the figures themselves are the issue's, not re-checked.
PUBLISHED: dict[str, str] = {
    "book": "TruthFinder ≈ 0.95 (Yin et al. KDD 2007; own author-list scoring, full Book set)",
    "flight-2011-12-01": "AccuCopy ≈ 0.95 (Li et al. PVLDB 2012; full Flight data, not the subset)",
}


NOTES = """\
The default (`veracity`, `src/veracity/fusion/default/`) runs with ONE configuration on every
set: prior strength 2 pseudo-claims (4 until 8 Dec 2026; chosen leave-sets-out, see the next
section) at the contested-item mean accuracy (that mean itself under
a hyperprior of 10 pseudo-claims at 0.69 -- the median of the means the model estimates, gold-
free, on these 16 sets; 0.692-0.693 with any one set left out -- floored at 0.55), separate
denial accuracies (hyperprior centre 0.8, a judgement: no set here has denials), **leave-item-
out weighing** outside label families (a claim weighs its source's accuracy predicted from
the source's *other* items: the item's own expected counts come out of the source's record
and of the population mean), confusion prior 0.01 pseudo-counts per row centred on the
family's pooled confusion, family rule (>= 20 items and >= half of all items sharing 2-8
candidate labels; confusion matrices or one-coin accuracies chosen per family by BIC; on
two-label families a denial is the other label's claim), hedges at 0.25 of an assertion,
similarity 0.5 (numbers: relative kernel, scale 1%; labels: word Jaccard >= 0.3), copy
detection on open-valued items (>= 3 shared false values, Poisson chance < 1e-4, copy rate
0.8, up to 3 rounds), EM tolerance 1e-3, temperature fitted by leave-one-claim-out prediction
on <= 50,000 held-out claims (shrunk with 200 pseudo-claims). No gold label is used in
fitting. Caveat: the older constants were chosen while looking at these sets. Numbers
(`Claims.value_number`) are given for population (numbers) and flight (clock minutes): data
representation, not per-set tuning. The crowd-kit anchors are veracity's implementations of
MajorityVote / DawidSkene / OneCoinDawidSkene (held to crowd-kit within 1e-4 by
tests/test_fusion_methods.py), run in the same process on the same claims."""


#: what was measured to choose the design (kept with the script so that --write keeps it)
FINDINGS = """\
Sets looked at while choosing: all 16 below, for every design in both lists. How a choice
generalises is estimated leave-sets-out in the next section (choose on 8 sets, count on the
other 8, over all 12,870 halvings).

Tried on 8 Dec 2026 (fuseacc; every row one configuration on all 16 sets in one process, a
harness over the same loaders at load 8-10):

- **prior strength 2 instead of 4** (kept): at or above the best crowd-kit anchor on 10 of 16
  (8 before: population and rte move to the anchor), ECE <= 0.05 on 6 of 16 either way; chosen
  on half the sets, a prior strength held on the other half (next section). Small cases move:
  the seed article's P(call) 0.60 -> 0.67, `veracity demo` P1 0.86 -> 0.89 (Peskov's record of
  1 right and 2.5 wrong now weighs more against the population's denial accuracy: his denial
  +0.41 -> +0.68 in favour); rumour cascades unchanged (300: 0.769; 60: 0.413; 15: 0.440).
- prior strength fitted per fit by empirical Bayes (the Beta-binomial marginal likelihood of
  the sources' expected right / wrong counts, per M-step): it chose 1.2-2.4 on the web sets and
  4-11 on the crowd sets; at or above the anchor on 7 of 16 -- dropped (the marginal likelihood
  wants more shrinkage on crowd sets than accuracy does).
- label-family structure chosen by split-half agreement (sources split in two halves, two
  seeds; the structure whose halves' verdicts agree more) instead of BIC: one-coin on trec
  (0.592), confusion on ZenCrowd_all (0.797) and dog (0.838) -- worse than BIC, dropped.
- plug-in confusion (log of the posterior mean) in EM under BIC's choice, prior strength 2:
  10 of 16 (d_jn-product reaches the anchor, trec -0.003 and s4_Relevance -0.008 fall below)
  -- dropped; as the reported probabilities only (after EM): ECE 6 of 16 (bluebird 0.096 ->
  0.079) -- dropped.
- confusion prior of 1 pseudo-count per row instead of 0.01: 11 of 16 (s4_Relevance +0.002,
  d_jn-product -0.002), ECE 6 of 16, but the rumour cascades (300 rumours, 5 seeds) fall from
  0.769 to 0.429 (0.1: 0.622; 0.001: 10 of 16, no gain) -- 0.01 kept.
- which gaps are real: the paired sign test in the table below. d_jn-product (26 items only the
  default got right against 64 only DawidSkene did) and ZenCrowd_all (27 / 91) are losses
  beyond chance, dog (11 / 23, p 0.06) nearly; s4_Relevance, CF and SP are 1-9 items either
  way. d_jn-product's loss goes with E[log] of confusion rows from a 0.01 prior: a worker's
  label it has never given for a class weighs as a near-veto (plug-in rows fix it, but cost
  s4_Relevance more).
- bagging over sources (Poisson(1) weight per source, 8 refits) as the reported posterior: ECE
  ZenCrowd_all 0.034, s4_Relevance 0.082, trec 0.099, but accuracy falls where items lose their
  few sources (flight 0.685, web 0.749) and it costs 8 fits -- dropped; a temperature fitted to
  the bagged posterior (cross-entropy): ECE <= 0.05 on 4 of 16 -- dropped.
- the calibration bound (next section): even a temperature chosen per set WITH the gold labels
  reaches ECE <= 0.05 on 11 of 16 (with a design effect too, 11); population, bluebird, trec,
  s4_Relevance and s5_AdultContent stay above 0.05 whatever the map. The target (12 of 16) is
  out of reach of any rescaling of this model's scores; the gold-free temperature gets 6.

Tried on 7 Dec 2026 (fuseacc; same kind of harness at load 6-16):

- **leave-item-out weighing outside label families** (kept): ECE <= 0.05 on 6 of 16 (5
  before); accuracy book 0.930 -> 0.920 (one book of 100), rte 0.924 -> 0.925, web 0.840 ->
  0.839, the other 13 sets equal. Why it is there: on small cases the default no longer
  credits the majority with its own verdict (FNC-1 hoaxes, seed article: Rumours section).
- leave-item-out on family rows too (confusion rows with the row's own count out): >= anchor
  on 5 of 16 (forced confusion: CF 0.787, s5_AdultContent 0.715, web 0.726) -- dropped.
- plug-in confusion (log of the posterior mean instead of E[log]): dog 0.843, d_jn-product
  0.940, web under confusion 0.821, but s4_Relevance 0.609, s5_AdultContent 0.739, CF 0.817 --
  dropped.
- confusion prior shrinking toward each source's one-coin matrix, its strength fitted per fit
  by marginal likelihood (the data decides how far): forced confusion >= anchor on 7 of 13
  crowd sets (8 of 13 with the pooled-confusion prior); ZenCrowd_all 0.798 -- dropped.
- family model chosen by the held-out likelihood of 10 % of the votes (two seeds) instead of
  BIC: confusion on dog (0.838, still -0.006) and s5_AdultContent (0.769), one-coin on rte
  (0.925), confusion on ZenCrowd_all (0.797): the same count -- BIC kept (no extra fits).
- temperature fitted on 10 % held-out votes with the model refitted on the other 90 %
  (cross-fitting) instead of leave-one-claim-out: T within 15 % of the leave-one-out fit on
  13 sets (flight 0.48 against 2.87, trec 1.48 / 1.14, s4_Relevance 1.76 / 1.14); ECE <=
  0.05 on 6 of 16 either way (web 0.050, trec 0.156, s4_Relevance 0.210 better, CF 0.052
  worse) -- not kept.
- a design effect for votes whose errors go together (log-odds of an item with n votes x
  1 / (1 + (n - 1) rho), rho from the over-dispersion of agreement counts, gold-free), with and
  without the temperature on top: ECE <= 0.05 on 3 and 5 of 16 (rho 0 on trec and
  s4_Relevance, whose gold disagrees with the crowd's consensus) -- not kept.
- a temperature fitted so that posteriors from a random half of the votes predict the full
  fit's verdicts (self-agreement): T 0.6-2.5, ECE <= 0.05 on 3 of 16 -- the halves share the
  crowd's errors, so it cannot see over-confidence; not kept.
- the leave-one-claim-out temperature with the held-out claim's own count also taken out of
  its source's confusion row: on the 6 sets where the confusion model is chosen ECE moves by
  0.000-0.009 (bluebird 0.096 -> 0.087, ZenCrowd_all 0.160 -> 0.155), none crosses 0.05 --
  not kept.

ZenCrowd_all, the largest miss: the confusion model puts 37 % of the items in class "1"
(gold: 22 %). Two heavy workers label "0" about 80 % of the time whatever the class, so the
confusion model discounts their "0"s while the one-coin model counts them (0.828). BIC and
held-out likelihood both prefer the confusion model, so no gold-free rule tried here picks
one-coin there."""


def make(name: str, ds: Dataset):  # noqa: ANN201 - any Estimator
    return METHODS[name]()


def claims_of(ds: Dataset) -> Claims:
    """The set's claims with its numbers as a column (methods that compare numbers read it)."""
    return ds.claims if ds.numbers is None else ds.claims.with_columns(value_number=ds.numbers)


def score(ds: Dataset, method: str) -> dict[str, object]:
    gi, gv = ds.gold_codes()
    t0 = time.perf_counter()
    try:
        m = make(method, ds).fit(claims_of(ds))
    except Exception as exc:  # a method that fails is reported, not hidden
        return {"error": f"{type(exc).__name__}: {exc}"[:80]}
    seconds = time.perf_counter() - t0
    truth = m.truth_[gi]
    correct = truth == gv
    out: dict[str, object] = {
        "accuracy": float(correct.mean()),
        "correct": correct,  # per gold item, for the paired comparison
        "seconds": seconds,
        "iterations": m.iterations_,
        "converged": m.converged_,
    }
    if method == DEFAULT:
        c = ds.claims
        p = m.probabilities_
        conf = p[truth]
        p_gold = np.where(gv >= 0, p[np.maximum(gv, 0)], 0.0)
        sum_sq = c.item_sum(p**2)[gi]
        write_reliability_svg(ds.name, conf, correct)
        out.update(
            ece=expected_calibration_error(conf, correct, N_BINS),
            brier=brier_score(p_gold, sum_sq),
            mean_confidence=float(conf.mean()),
            temperature=float(getattr(m, "temperature_", 1.0)),
            model=", ".join(
                f"{k} BIC {v[0]:.0f}" for k, v in getattr(m, "model_choice_", {}).items()
            ),
        )
    return out


FIGURES = REPO / "benchmarks" / "figures"


def reliability_svg(name: str, confidence: np.ndarray, correct: np.ndarray) -> str:
    """A reliability diagram: per confidence bin, accuracy (bars) against the diagonal."""
    size, pad = 240, 30
    bins = np.minimum((confidence * N_BINS).astype(int), N_BINS - 1)
    count = np.bincount(bins, minlength=N_BINS)
    acc = np.bincount(bins, weights=correct.astype(float), minlength=N_BINS)
    ece = expected_calibration_error(confidence, correct, N_BINS)
    w = size / N_BINS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * pad}" '
        f'height="{size + 2 * pad}" font-family="sans-serif" font-size="11">',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="white" stroke="#888"/>',
        f'<line x1="{pad}" y1="{pad + size}" x2="{pad + size}" y2="{pad}" stroke="#c33" '
        'stroke-dasharray="4 3"/>',
    ]
    for k in np.flatnonzero(count):
        h = size * acc[k] / count[k]
        shade = 0.3 + 0.7 * count[k] / count.max()  # darker bars hold more items
        parts.append(
            f'<rect x="{pad + k * w:.1f}" y="{pad + size - h:.1f}" width="{w - 1:.1f}" '
            f'height="{h:.1f}" fill="#36c" fill-opacity="{shade:.2f}"/>'
        )
    parts.append(
        f'<text x="{pad}" y="{pad - 10}">{name}: ECE {ece:.3f}, n={confidence.size} '
        "(bars: accuracy per confidence bin)</text>"
    )
    parts.append(f'<text x="{pad}" y="{pad + size + 18}">confidence 0 … 1</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def write_reliability_svg(name: str, confidence: np.ndarray, correct: np.ndarray) -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"reliability-{name}.svg").write_text(reliability_svg(name, confidence, correct))


def run(names: list[str], methods: list[str]) -> dict[str, dict[str, dict[str, object]]]:
    results: dict[str, dict[str, dict[str, object]]] = {}
    for name in names:
        ds = load(name)
        results[name] = {}
        for method in methods:
            r = score(ds, method)
            results[name][method] = r
            acc = r.get("accuracy")
            shown = f"{acc:.3f}" if isinstance(acc, float) else r.get("error")
            print(f"{name:18s} {method:22s} {shown}", file=sys.stderr, flush=True)
    return results


def _fmt(r: dict[str, object]) -> str:
    if "error" in r:
        return "error"
    return f"{r['accuracy']:.3f}"


def goals(results: dict[str, dict[str, dict[str, object]]]) -> str:
    """Issue 12's two targets, counted from this run."""
    short, ece_ok, n = [], 0, 0
    for name, res in results.items():
        ours = res.get(DEFAULT, {})
        if "accuracy" not in ours:
            continue
        n += 1
        best = max(float(res[m]["accuracy"]) for m in CROWDKIT_ANCHORS if "accuracy" in res[m])
        if float(ours["accuracy"]) < best:
            short.append(f"{name} {float(ours['accuracy']) - best:+.3f}")
        ece_ok += float(ours["ece"]) <= 0.05
    return (
        f"Against issue 12's goals, from this run: at or above the best crowd-kit anchor on "
        f"{n - len(short)} of {n}"
        + (f" -- **MISSED** on {len(short)} ({', '.join(short)})" if short else " -- met")
        + f"; ECE <= 0.05 on {ece_ok} of {n}"
        + (" -- met." if ece_ok >= 12 else " -- **MISSED** (target 12).")
    )


def tables(results: dict[str, dict[str, dict[str, object]]], methods: list[str]) -> str:
    lines = [goals(results), ""]
    lines.append(
        "| set | majority vote | **veracity** (default) | best crowd-kit anchor (same run) | "
        "≥ it | items only the default / only the anchor got right (sign test p) | "
        "best anchor (issue 3) | ≥ anchor | ≥ majority vote | best registered method |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    significant = []
    for name, res in results.items():
        mv = res.get("majority_vote", {}).get("accuracy")
        ours = res.get(DEFAULT, {}).get("accuracy")
        anchor = ANCHORS.get(name)
        best = max(
            ((m, r["accuracy"]) for m, r in res.items() if "accuracy" in r),
            key=lambda t: t[1],
            default=(None, float("nan")),
        )
        a_txt = f"{anchor[0]:.3f} ({anchor[1]})" if anchor else "—"
        ge_a = (
            "—"
            if anchor is None or ours is None
            else ("yes" if ours >= anchor[0] else "**MISSED**")
        )
        ge_mv = "—" if mv is None or ours is None else ("yes" if ours >= mv else "**MISSED**")
        ck = max(
            (
                (m, float(res[m]["accuracy"]))
                for m in CROWDKIT_ANCHORS
                if "accuracy" in res.get(m, {})
            ),
            key=lambda t: t[1],
            default=None,
        )
        ck_txt, ge_ck, paired = "—", "—", "—"
        if ck is not None and ours is not None:
            ck_txt = f"{ck[1]:.3f} ({ck[0]})"
            ge_ck = "yes" if ours >= ck[1] else f"**MISSED** ({ours - ck[1]:+.3f})"
            wins, losses, pval = paired_sign_test(res[DEFAULT]["correct"], res[ck[0]]["correct"])
            paired = f"{wins} / {losses} (p {pval:.2f})"
            if pval < 0.05:
                significant.append(f"{name} ({'better' if wins > losses else 'worse'})")
        lines.append(
            f"| {name} | {mv:.3f} | **{ours:.3f}** | {ck_txt} | {ge_ck} | {paired} | {a_txt} | "
            f"{ge_a} | {ge_mv} | {best[0]} {best[1]:.3f} |"
        )
    lines.append("")
    lines.append(
        "Differences from the best crowd-kit anchor beyond chance (exact sign test on the items "
        "only one of the two got right, p < 0.05): "
        + (", ".join(significant) if significant else "none")
        + "."
    )
    lines.append("")
    lines.append(
        "Published figures quoted by the issue (other data cuts and scoring; the figures are "
        "the issue's — only the papers' abstracts could be retrieved to check them):"
    )
    for name, text in PUBLISHED.items():
        lines.append(f"- {name}: {text}")
    lines.append("")
    lines.append(
        "All registered methods (accuracy on the gold items; `error` = the method failed):"
    )
    lines.append("")
    lines.append("| method | " + " | ".join(results) + " |")
    lines.append("|---|" + "---|" * len(results))
    for m in methods:
        lines.append(f"| {m} | " + " | ".join(_fmt(results[n][m]) for n in results) + " |")
    lines.append("")
    lines.append(
        f"Calibration of the default (top-label ECE, {N_BINS} equal-width bins; multi-class "
        "Brier score; T = the gold-free temperature it fitted; model = the family model it chose):"
    )
    lines.append("")
    lines.append(
        "| set | ECE | ECE ≤ 0.05 | Brier | mean confidence | accuracy | T | model | diagram |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for name, res in results.items():
        r = res.get(DEFAULT, {})
        if "ece" not in r:
            continue
        ok = "yes" if r["ece"] <= 0.05 else "**MISSED**"
        model = r["model"] or "one-coin (no family)"
        lines.append(
            f"| {name} | {r['ece']:.3f} | {ok} | {r['brier']:.3f} | {r['mean_confidence']:.3f} | "
            f"{r['accuracy']:.3f} | {r['temperature']:.2f} | {model} | "
            f"[svg](benchmarks/figures/reliability-{name}.svg) |"
        )
    lines.append("")
    lines.append("Seconds per fit of the default (2 shared cores, ~7 engineers: noisy):")
    lines.append("")
    lines.append(
        ", ".join(
            f"{n} {res[DEFAULT]['seconds']:.1f}s" for n, res in results.items() if DEFAULT in res
        )
    )
    return "\n".join(lines)


def replace_section(section: str, body: str, *, before: str | None = None) -> None:
    """Put ``section`` (its heading and ``body``) in BENCHMARKS.md: in place of the section of
    that heading, else before the heading ``before``, else at the end."""
    path = REPO / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{section}\n\n{body}\n"
    if section in text:
        start = text.index(section)
        nxt = text.find("\n## ", start + len(section))
        text = text[:start] + block + ("\n" + text[nxt + 1 :] if nxt >= 0 else "")
    elif before is not None and before in text:
        at = text.index(before)
        text = text[:at] + block + "\n" + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)


def write_section(body: str) -> None:
    replace_section(SECTION, body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    ap.add_argument("--sets", help="comma-separated set names (default: all available)")
    ap.add_argument("--methods", help="comma-separated method names (default: all registered)")
    args = ap.parse_args()
    names = args.sets.split(",") if args.sets else available()
    if not names:
        print("no benchmark data under ../shared/data/td (set VERACITY_SHARED)", file=sys.stderr)
        sys.exit(0)
    methods = args.methods.split(",") if args.methods else list(METHODS)
    if DEFAULT not in methods and DEFAULT in METHODS:
        methods.append(DEFAULT)
    t0, load0 = time.time(), os.getloadavg()[0]
    results = run(names, methods)
    load1 = os.getloadavg()[0]
    started = time.strftime("%H:%M UTC %d %b %Y", time.gmtime(t0))
    body = "\n".join(
        [
            f"Command: `{COMMAND}` (data: `../shared/data/td/`, research data, not shipped; "
            "loaders and evaluation conventions in `benchmarks/datasets.py`).",
            "",
            NOTES,
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores shared; "
            f"whole run {time.time() - t0:.0f} s from {started}, load average {load0:.1f} at the "
            f"start, {load1:.1f} at the end.",
            "",
            FINDINGS,
            "",
            tables(results, methods),
        ]
    )
    print(body)
    if args.write:
        write_section(body)


if __name__ == "__main__":
    main()
