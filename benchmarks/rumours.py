"""Rumour cascades: a generator of outlets repeating rumours, and the methods that sort them.

    python benchmarks/rumours.py [--seeds 5] [--rumours 300]

Each rumour is one binary proposition ("X happened"), false with probability ``false_rate``:

- an **origin** outlet asserts it (a rumour exists because someone said it);
- **repeaters** (Poisson, mean ``repeaters``) pass it on: a share ``cite`` of them name the
  origin (``Claims.origin``), a share ``same_words`` use the origin's words (``Claims.wording``
  equal to the origin's), the others their own words and no citation (independent-looking);
  a repeater hedges ("reportedly") with probability ``hedge``;
- **corroborators**: when the rumour is true, outlets that found it out themselves (Poisson,
  mean ``corroborators``) assert it in their own words;
- **debunkers**: a few fact-checkers deny a false rumour with probability ``debunk`` each, and
  a true one with probability ``false_debunk`` (their error rate);
- outlets are drawn from a pool with skewed activity; fact-checkers also repeat true news now
  and then, so their assertion record is middling.

Methods: veracity (the default, all columns), the default without the wording column,
majority vote, AccuCopy, Dawid–Skene and one-coin Dawid–Skene (veracity's implementations,
which agree with crowd-kit to 1e-4; ``--crowdkit`` also runs crowd-kit's own on the same claims
with denials turned into "false" labels). Scored: accuracy of the verdict on every rumour, and
"always false" as the floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

from veracity.fusion.claims import Claims
from veracity.fusion.registry import get_method


@dataclass(frozen=True)
class Cascade:
    """Generator settings (the defaults are the benchmark's)."""

    rumours: int = 300
    outlets: int = 120
    checkers: int = 6
    false_rate: float = 0.6
    repeaters: float = 6.0
    cite: float = 0.3
    same_words: float = 0.4
    hedge: float = 0.2
    corroborators: float = 1.5
    debunk: float = 0.35
    false_debunk: float = 0.03
    checker_repeats: float = 0.1


def generate(cfg: Cascade, seed: int) -> tuple[Claims, np.ndarray]:
    """Claims (with origin, stance, time and wording columns) and the truth per rumour."""
    rng = np.random.default_rng(seed)
    activity = 1.0 / np.arange(1, cfg.outlets + 1) ** 0.8
    activity /= activity.sum()
    checkers = [f"checker{k}" for k in range(cfg.checkers)]
    truth = rng.random(cfg.rumours) >= cfg.false_rate  # True: the rumour is true
    src, item, stance, origin, when, words = [], [], [], [], [], []
    n_words = 0

    def add(s: str, r: int, st: int, o: str | None, t: float, w: int) -> None:
        src.append(s)
        item.append(f"r{r}")
        stance.append(st)
        origin.append(o)
        when.append(t)
        words.append(w)

    for r in range(cfg.rumours):
        outlets = rng.choice(cfg.outlets, size=min(cfg.outlets, 40), replace=False, p=activity)
        first = f"outlet{outlets[0]}"
        origin_words = n_words
        n_words += 1
        add(first, r, 1, None, 0.0, origin_words)
        for k in outlets[1 : 1 + rng.poisson(cfg.repeaters)]:
            cites = rng.random() < cfg.cite
            same = rng.random() < cfg.same_words
            w = origin_words if same else n_words
            n_words += 0 if same else 1
            st = 0 if rng.random() < cfg.hedge else 1
            add(f"outlet{k}", r, st, first if cites else None, rng.uniform(0, 2), w)
        if truth[r]:
            used = set(src[-40:])
            for k in outlets[::-1][: rng.poisson(cfg.corroborators)]:
                if f"outlet{k}" not in used:
                    add(f"outlet{k}", r, 1, None, rng.uniform(0, 3), n_words)
                    n_words += 1
        for name in checkers:
            p = cfg.false_debunk if truth[r] else cfg.debunk
            if rng.random() < p:
                add(name, r, -1, None, rng.uniform(1, 4), n_words)
                n_words += 1
            elif truth[r] and rng.random() < cfg.checker_repeats:
                add(name, r, 1, None, rng.uniform(1, 4), n_words)
                n_words += 1
    c = Claims.from_columns(
        src,
        item,
        ["true"] * len(src),
        origins=origin,
        stances=stance,
        times=when,
        candidates={f"r{r}": ["true", "false"] for r in range(cfg.rumours)},
    )
    return c.with_columns(wording=np.array(words)), truth


def verdict_true(m, c: Claims) -> np.ndarray:  # noqa: ANN001 - any fitted Estimator
    """Per rumour: the method's verdict is "true"."""
    return np.asarray(c.value_labels)[m.truth_] == "true"


def crowdkit_verdicts(c: Claims, name: str) -> np.ndarray | None:
    """crowd-kit's own aggregator on the claims, denials as "false" labels (None: absent)."""
    try:
        import pandas as pd
        from crowdkit import aggregation
    except ImportError:
        return None
    a = c.asserted()
    df = pd.DataFrame(
        {
            "worker": np.asarray(a.source_labels)[a.source],
            "task": np.asarray(a.item_labels)[a.item],
            "label": np.asarray(a.value_labels)[a.value],
        }
    )
    labels = getattr(aggregation, name)().fit_predict(df)
    return (labels.reindex(np.asarray(c.item_labels)) == "true").to_numpy()


METHODS = ["veracity", "majority_vote", "accu_copy", "dawid_skene", "dawid_skene_one_coin"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--rumours", type=int, default=300)
    ap.add_argument("--crowdkit", action="store_true")
    args = ap.parse_args()
    cfg = Cascade(rumours=args.rumours)
    print(f"load average {os.getloadavg()}; {cfg}")
    scores: dict[str, list[float]] = {}
    t0 = time.perf_counter()
    for seed in range(args.seeds):
        c, truth = generate(cfg, seed)
        runs = {m: (m, c) for m in METHODS}
        bare = Claims(**{k: getattr(c, k) for k in ("source", "item", "value", "value_item")},
                      n_sources=c.n_sources, n_items=c.n_items, origin=c.origin,
                      stance=c.stance, source_labels=c.source_labels,
                      item_labels=c.item_labels, value_labels=c.value_labels)  # fmt: skip
        runs["veracity (no wording column)"] = ("veracity", bare)
        for label, (method, claims) in runs.items():
            m = get_method(method)().fit(claims)
            scores.setdefault(label, []).append(float(np.mean(verdict_true(m, claims) == truth)))
        if args.crowdkit:
            for name in ("MajorityVote", "DawidSkene", "OneCoinDawidSkene"):
                v = crowdkit_verdicts(c, name)
                if v is not None:
                    scores.setdefault(f"crowd-kit {name}", []).append(float(np.mean(v == truth)))
        scores.setdefault("always false", []).append(float(np.mean(~truth)))
    print(f"{args.seeds} cascades of {cfg.rumours} rumours, {time.perf_counter() - t0:.0f} s")
    print("| method | accuracy (mean over seeds) | min | max |")
    print("|---|---:|---:|---:|")
    for label, v in sorted(scores.items(), key=lambda kv: -np.mean(kv[1])):
        print(f"| {label} | {np.mean(v):.3f} | {min(v):.3f} | {max(v):.3f} |")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
