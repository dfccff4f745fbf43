"""Reading stance data in the Emergent layout (Ferreira & Vlachos 2016): one CSV of headlines.

Columns ``claimHeadline, articleHeadline, articleHeadlineStance, claimId`` (others ignored);
labels ``for / against / observing`` map to ``supports / refutes / discusses``. The claim is
``claimHeadline`` and the text ``articleHeadline``. Every headline is about its claim, so the
data has no "unrelated" pairs; a model trained on it never answers "unrelated".

Pairs are grouped by ``claimId`` (:attr:`StancePair.body_id`), so ``veracity stance train``
holds out whole claims, never single rows, when it sets its class offsets.
"""

from __future__ import annotations

import csv
from pathlib import Path

from veracity.errors import InputError
from veracity.stance.fnc import StancePair, csv_rows
from veracity.stance.result import StanceLabel

EMERGENT_LABELS: dict[str, StanceLabel] = {
    "for": "supports",
    "against": "refutes",
    "observing": "discusses",
}
EMERGENT_COLUMNS = ("claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId")


def is_emergent_csv(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header names the Emergent columns."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return all(c in header for c in EMERGENT_COLUMNS)


def read_emergent(path: Path) -> list[StancePair]:
    """The labelled headline pairs of an Emergent-layout CSV (InputError naming the row and
    field for a bad one)."""
    if not path.is_file():
        raise InputError("no such file", file=str(path), fix="give the Emergent CSV")
    out: list[StancePair] = []
    for i, r in enumerate(csv_rows(path, EMERGENT_COLUMNS), start=2):
        raw = (r["articleHeadlineStance"] or "").strip().lower()
        label = EMERGENT_LABELS.get(raw)
        if label is None:
            raise InputError(
                f"unknown stance {raw!r}",
                file=str(path),
                line=i,
                field="articleHeadlineStance",
                fix="use for, against or observing",
            )
        claim, text, claim_id = r["claimHeadline"], r["articleHeadline"], r["claimId"]
        for name, value in (("claimHeadline", claim), ("claimId", claim_id)):
            if not (value or "").strip():
                raise InputError(
                    f"empty {name}", file=str(path), line=i, field=name, fix=f"fill in {name}"
                )
        out.append(StancePair(claim, text or "", label, f"emergent:{claim_id}"))
    if not out:
        raise InputError("no rows", file=str(path), fix="the CSV has a header but no data")
    return out
