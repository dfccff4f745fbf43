"""Claim stance benchmark: FNC-1 competition test and Emergent headlines, accuracy and speed.

    python benchmarks/stance.py                          # shipped rules: FNC-1 test + Emergent
    python benchmarks/stance.py --model /tmp/fnc.npz     # also a model from `veracity stance train`
    python benchmarks/stance.py --train /tmp/fnc.npz     # train on FNC-1 train first, then score
    python benchmarks/stance.py --skip-rules --emergent-model /tmp/em.npz   # Emergent only

Data (research use, read in place from ../shared/data/nlp, never copied or shipped):

- FNC-1 (fnc1/): headline = claim, body = text; agree/disagree/discuss/unrelated map to
  supports/refutes/discusses/unrelated. Scored on the 25,413 competition-test pairs with the
  official weighting (0.25 for related vs unrelated right, +0.75 for the right related class,
  as % of the maximum), always beside 4-class macro-F1, per-class recall (disagree = refutes)
  and the confusion matrix. Training (``--train``) uses train_*.csv only.
- Emergent (emergent-headlines/): 2,595 headlines about 300 claims, for/against/observing →
  supports/refutes/discusses. Every headline is about its claim, so relatedness is not asked
  (``related=0``). The claims are split in two halves at random (seed 0); a handful of rule
  settings (below) are compared on the first half and the best is reported on the second, next
  to the shipped settings. With ``--emergent-model PATH`` a model is also trained on the tuning
  half as ``veracity stance train --data HALF.csv`` would (research only, never shipped) and
  scored on the other half. FNC-1 was built from Emergent's claims, so an FNC-trained model is
  not scored on Emergent.

Speed: pairs per second of ``classify_many`` over the whole FNC-1 test (cold: the encoder load
and every text's first analysis included), one process, with the load average printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from veracity.stance import StanceModel, classify_many, load_model  # noqa: E402
from veracity.stance.fnc import read_fnc, scores  # noqa: E402
from veracity.stance.result import StanceLabel  # noqa: E402
from veracity.stance.rules import RuleSettings, RulesModel  # noqa: E402

SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
FNC = SHARED / "data" / "nlp" / "fnc1"
EMERGENT = SHARED / "data" / "nlp" / "emergent-headlines" / "url-versions-2015-06-14-clean.csv"
EMERGENT_LABELS: dict[str, StanceLabel] = {  # as veracity.stance.emergent reads them
    "for": "supports",
    "against": "refutes",
    "observing": "discusses",
}
#: the settings compared on Emergent's tuning half (headlines: one sentence, always related)
EMERGENT_GRID: list[dict[str, Any]] = [
    {"hedge_share": h, "lead_denial": d, "headline_attribution": a}
    for h in (0.15, 1.0)
    for d in (0, 1)
    for a in (False, True)
]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def fnc_test(model: StanceModel, label: str) -> dict:
    pairs = read_fnc(FNC, "competition_test")
    t0 = time.perf_counter()
    pred = [r.stance for r in classify_many(((p.claim, p.text) for p in pairs), model=model)]
    secs = time.perf_counter() - t0
    s = scores([p.label for p in pairs], pred)
    out = {"model": label, "pairs": len(pairs), "seconds": round(secs, 1)}
    out["pairs_per_second"] = round(len(pairs) / secs, 1)
    out["load_average"] = load()
    out.update(s.to_dict())
    return out


def calibration(n: int) -> dict:
    """How often the rules are right, by bin of their confidence, on the first ``n`` FNC-1 train
    pairs: the 4-way stance and the related-vs-unrelated call."""
    pairs = read_fnc(FNC, "train")[:n]
    res = list(RulesModel().classify_many((p.claim, p.text) for p in pairs))
    bins: dict[str, list[int]] = {}
    per_stance: dict[str, list[float]] = {}
    for r, p in zip(res, pairs, strict=True):
        lo = min(int(r.confidence * 10), 9) / 10
        b = bins.setdefault(f"{lo:.1f}-{lo + 0.1:.1f}", [0, 0, 0])
        b[0] += 1
        b[1] += r.stance == p.label
        b[2] += (r.stance == "unrelated") == (p.label == "unrelated")
        per_stance.setdefault(r.stance, []).extend([r.confidence, float(r.stance == p.label)])
    return {
        "pairs": n,
        "by_confidence": {
            k: {"n": v[0], "accuracy": round(v[1] / v[0], 3), "related_call": round(v[2] / v[0], 3)}
            for k, v in sorted(bins.items())
        },
        "by_stance": {
            k: {
                "n": len(v) // 2,
                "mean_confidence": round(sum(v[0::2]) / (len(v) // 2), 3),
                "accuracy": round(sum(v[1::2]) / (len(v) // 2), 3),
            }
            for k, v in per_stance.items()
        },
    }


def emergent_rows() -> list[dict[str, str]]:
    with EMERGENT.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_claims(rows: list[dict[str, str]], seed: int = 0) -> tuple[list, list]:
    claims = sorted({r["claimId"] for r in rows})
    random.Random(seed).shuffle(claims)
    tune_ids = set(claims[: len(claims) // 2])
    return [r for r in rows if r["claimId"] in tune_ids], [
        r for r in rows if r["claimId"] not in tune_ids
    ]


def emergent_scores(rows: list[dict[str, str]], settings: RuleSettings | StanceModel) -> dict:
    model = RulesModel(settings) if isinstance(settings, RuleSettings) else settings
    pairs = [(r["claimHeadline"], r["articleHeadline"]) for r in rows]
    pred = [x.stance for x in model.classify_many(pairs)]
    gold = [EMERGENT_LABELS[r["articleHeadlineStance"]] for r in rows]
    s = scores(gold, pred)
    three = ("supports", "refutes", "discusses")
    return {
        "headlines": len(rows),
        "claims": len({r["claimId"] for r in rows}),
        "accuracy": round(s.accuracy, 4),
        "macro_f1_3": round(sum(s.f1[k] for k in three) / 3, 4),
        "recall": {k: round(s.recall[k], 4) for k in three},
        "unrelated_answers": sum(p == "unrelated" for p in pred),
        "confusion": s.confusion,
    }


def emergent_trained(tune: list[dict[str, str]], path: Path) -> tuple[StanceModel, dict]:
    """A model trained on the tuning half as ``veracity stance train --data HALF.csv`` would
    (the half is written as an Emergent-layout CSV first). Research only: never shipped."""
    import tempfile

    from veracity.stance.emergent import read_emergent
    from veracity.stance.trained import train

    with tempfile.TemporaryDirectory() as tmp:
        half = Path(tmp) / "emergent_tune_half.csv"
        with half.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(tune[0]))
            w.writeheader()
            w.writerows(tune)
        t0 = time.perf_counter()
        model = train(read_emergent(half), name=path.stem)
    model.save(path)
    info = {"model": str(path), "seconds": round(time.perf_counter() - t0, 1), "load": load()}
    info["validation_with_offsets"] = model.meta.get("validation", {}).get("with_offsets")
    return load_model(path), info


def emergent(trained_path: Path | None = None) -> dict:
    rows = emergent_rows()
    tune, test = split_claims(rows)
    base = replace(RuleSettings(), related=0.0)
    tried = []
    for change in EMERGENT_GRID:
        s = replace(base, **change)
        tried.append((emergent_scores(tune, s)["accuracy"], change, s))
    best_acc, best_change, best = max(tried, key=lambda t: t[0])
    out = {
        "tuning_half": {json.dumps(c): a for a, c, _ in tried},
        "chosen": best_change,
        "test_half_chosen": emergent_scores(test, best),
        "test_half_shipped": emergent_scores(test, base),
        "test_half_shipped_as_is": emergent_scores(test, RuleSettings()),
    }
    if trained_path is not None:
        model, info = emergent_trained(tune, trained_path)
        out["trained_on_tuning_half"] = info
        out["test_half_trained"] = emergent_scores(test, model)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, help="also score this trained model on FNC-1 test")
    ap.add_argument("--train", type=Path, help="train on FNC-1 train, save here, then score")
    ap.add_argument("--skip-rules", action="store_true")
    ap.add_argument("--skip-emergent", action="store_true")
    ap.add_argument(
        "--emergent-model",
        type=Path,
        help="also train a model on Emergent's tuning half, save it here, score the other half",
    )
    ap.add_argument(
        "--calibration", type=int, metavar="N", help="only: the rules' confidence on N train pairs"
    )
    args = ap.parse_args()
    if not FNC.is_dir():
        sys.exit(f"benchmark data {FNC} is absent")
    results: dict = {}
    if args.calibration:
        print(json.dumps(calibration(args.calibration)))
        return
    if not args.skip_rules:
        results["fnc_test_rules"] = fnc_test(RulesModel(), "rules (shipped)")
        print(json.dumps(results["fnc_test_rules"]), flush=True)
    model_path = args.model
    if args.train:
        from veracity.stance.trained import train

        t0 = time.perf_counter()
        model = train(read_fnc(FNC, "train"), name=args.train.stem)
        model.save(args.train)
        results["train_seconds"] = round(time.perf_counter() - t0, 1)
        results["train_load_average"] = load()
        print(
            json.dumps(
                {
                    "trained": str(args.train),
                    "seconds": results["train_seconds"],
                    "load_average": results["train_load_average"],
                    **model.meta,
                }
            ),
            flush=True,
        )
        model_path = args.train
    if model_path:
        results["fnc_test_trained"] = fnc_test(load_model(model_path), str(model_path))
        print(json.dumps(results["fnc_test_trained"]), flush=True)
    if not args.skip_emergent and EMERGENT.is_file():
        results["emergent"] = emergent(args.emergent_model)
        print(json.dumps(results["emergent"]), flush=True)


if __name__ == "__main__":
    main()
