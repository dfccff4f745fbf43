"""Stance accuracy on annotated attributions: the figure BENCHMARKS.md reports.

A gold row is ``{"text", "cue", "speaker", "stance", "origin"}``: the attribution in ``text``
whose cue is ``cue`` should have stance ``stance``. A row whose attribution is not found counts
as wrong — a missed attribution has no stance.
"""

from __future__ import annotations

from collections import Counter


def pick(attributions, cue: str):
    """The attribution with this cue (case-insensitive, first), else None."""
    cue = cue.lower().strip()
    for a in attributions:
        if a.cue.lower().strip() == cue:
            return a
    for a in attributions:
        if cue in a.cue.lower() or a.cue.lower() in cue:
            return a
    return None


def stance_accuracy(rows: list[dict], extractor) -> dict:
    """Accuracy, per-class recall, the confusion counts and the rows it got wrong."""
    texts = [r["text"] for r in rows]
    confusion: Counter = Counter()
    wrong = []
    for row, atts in zip(rows, extractor.extract_many(texts), strict=True):
        a = pick(atts, row["cue"])
        got = str(a.stance) if a is not None else "missed"
        confusion[(row["stance"], got)] += 1
        if got != row["stance"]:
            wrong.append({"id": row.get("id"), "gold": row["stance"], "got": got})
    n = len(rows)
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    classes = sorted({g for g, _ in confusion})
    recall = {
        c: round(confusion[(c, c)] / max(1, sum(v for (g, _), v in confusion.items() if g == c)), 3)
        for c in classes
    }
    return {
        "n": n,
        "accuracy": round(correct / n, 3) if n else 0.0,
        "recall_per_class": recall,
        "gold_counts": {c: sum(v for (g, _), v in confusion.items() if g == c) for c in classes},
        "missed": sum(v for (_, p), v in confusion.items() if p == "missed"),
        "wrong": wrong,
    }
