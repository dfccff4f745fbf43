"""Reading stance data in the FNC-1 layout, and scoring predictions the way FNC-1 did.

Layout (what ``veracity stance train --data DIR`` reads): ``DIR/<name>_stances.csv`` with
columns ``Headline, Body ID, Stance`` and ``DIR/<name>_bodies.csv`` with ``Body ID,
articleBody``. Labels ``agree / disagree / discuss / unrelated`` map to ``supports / refutes /
discusses / unrelated``; the headline is the claim and the body the text.

The FNC-1 score gives 0.25 for a right related/unrelated call and another 0.75 for the right
related class (agree/disagree/discuss), reported as a share of the best possible score. It can be
gamed (right relatedness plus "discuss" for every related pair scores 83 % with disagree recall
0), so :func:`scores` always reports 4-class macro-F1 and per-class recall beside it.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from veracity.errors import InputError
from veracity.stance.result import STANCES, StanceLabel

FNC_LABELS: dict[str, StanceLabel] = {
    "agree": "supports",
    "disagree": "refutes",
    "discuss": "discusses",
    "unrelated": "unrelated",
}


@dataclass(frozen=True)
class StancePair:
    claim: str
    text: str
    label: StanceLabel
    body_id: str


def csv_rows(path: Path, need: Sequence[str]) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in need if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    f"missing column(s) {', '.join(missing)}",
                    file=str(path),
                    line=1,
                    fix=f"the header must name {', '.join(need)}",
                )
            return list(reader)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason})", file=str(path), fix="save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", file=str(path)) from None


def read_fnc(data: Path, name: str | None = None) -> list[StancePair]:
    """The labelled pairs of ``data/<name>_stances.csv`` with their bodies. Without ``name``,
    every ``*_stances.csv`` in ``data`` (each with its own ``*_bodies.csv``) is read."""
    if not data.is_dir():
        raise InputError("not a folder", file=str(data), fix="pass the folder holding the CSVs")
    names = (
        [name]
        if name
        else sorted(p.name[: -len("_stances.csv")] for p in data.glob("*_stances.csv"))
    )
    if not names:
        raise InputError(
            "no *_stances.csv here",
            file=str(data),
            fix="FNC-1 layout: NAME_stances.csv (Headline, Body ID, Stance) + NAME_bodies.csv",
        )
    out: list[StancePair] = []
    for n in names:
        stances_path, bodies_path = data / f"{n}_stances.csv", data / f"{n}_bodies.csv"
        for p in (stances_path, bodies_path):
            if not p.is_file():
                raise InputError("file missing", file=str(p), fix=f"put {p.name} beside the other")
        bodies = {
            r["Body ID"]: r["articleBody"]
            for r in csv_rows(bodies_path, ("Body ID", "articleBody"))
        }
        for i, r in enumerate(csv_rows(stances_path, ("Headline", "Body ID", "Stance")), start=2):
            label = FNC_LABELS.get(r["Stance"].strip().lower())
            if label is None:
                raise InputError(
                    f"unknown stance {r['Stance']!r}",
                    file=str(stances_path),
                    line=i,
                    field="Stance",
                    fix="use agree, disagree, discuss or unrelated",
                )
            body = bodies.get(r["Body ID"])
            if body is None:
                raise InputError(
                    f"Body ID {r['Body ID']!r} is not in {bodies_path.name}",
                    file=str(stances_path),
                    line=i,
                    field="Body ID",
                )
            out.append(StancePair(r["Headline"], body, label, f"{n}:{r['Body ID']}"))
    return out


@dataclass(frozen=True)
class StanceScores:
    fnc: float  # FNC-1 score as a share of the maximum
    macro_f1: float
    accuracy: float
    recall: dict[str, float]
    f1: dict[str, float]
    confusion: list[list[int]]  # rows gold, columns predicted, in STANCES order

    def to_dict(self) -> dict[str, object]:
        return {
            "fnc": round(self.fnc, 4),
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "recall": {k: round(v, 4) for k, v in self.recall.items()},
            "f1": {k: round(v, 4) for k, v in self.f1.items()},
            "confusion": self.confusion,
        }


def fnc_points(gold: StanceLabel, pred: StanceLabel) -> float:
    """FNC-1's points for one pair."""
    points = 0.0
    if (gold == "unrelated") == (pred == "unrelated"):
        points += 0.25
    if gold != "unrelated" and gold == pred:
        points += 0.75
    return points


def scores(gold: Sequence[StanceLabel], pred: Sequence[StanceLabel]) -> StanceScores:
    """FNC-1 score (share of max), macro-F1 over the four classes, recall, confusion."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    index = {s: i for i, s in enumerate(STANCES)}
    confusion = [[0] * len(STANCES) for _ in STANCES]
    for g, p in zip(gold, pred, strict=True):
        confusion[index[g]][index[p]] += 1
    best = sum(1.0 if g != "unrelated" else 0.25 for g in gold)
    got = sum(fnc_points(g, p) for g, p in zip(gold, pred, strict=True))
    recall: dict[str, float] = {}
    f1: dict[str, float] = {}
    for s, i in index.items():
        tp = confusion[i][i]
        gold_n = sum(confusion[i])
        pred_n = sum(row[i] for row in confusion)
        recall[s] = tp / gold_n if gold_n else 0.0
        prec = tp / pred_n if pred_n else 0.0
        f1[s] = 2 * prec * recall[s] / (prec + recall[s]) if prec + recall[s] else 0.0
    n = len(gold)
    return StanceScores(
        fnc=got / best if best else 0.0,
        macro_f1=sum(f1.values()) / len(f1),
        accuracy=sum(confusion[i][i] for i in range(len(STANCES))) / n if n else 0.0,
        recall=recall,
        f1=f1,
        confusion=confusion,
    )
