"""A matrix as files people already use: JSON (everything the scorecard knows) and CSV (one row
per current rating, with the evidence item's credibility and where it came from)."""

from __future__ import annotations

import csv
import io
import json

from veracity.ach.scorecard import Scorecard

CSV_COLUMNS: tuple[str, ...] = (
    "question",
    "evidence",
    "description",
    "hypothesis",
    "rating",
    "analyst",
    "time",
    "note",
    "link",
    "credibility",
    "credibility_origin",
    "credibility_reason",
    "relevance",
)


def to_json(card: Scorecard) -> str:
    return json.dumps(card.to_dict(), indent=2, ensure_ascii=False) + "\n"


def to_csv(card: Scorecard) -> str:
    m = card.matrix
    items = {e.id: e for e in m.evidence}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in m.ratings:
        e = items[r.evidence_id]
        cred = m.credibility_of(e.id)
        link = e.proposition_id or e.statement_id or ""
        writer.writerow(
            (
                m.question.id,
                e.id,
                e.description,
                r.hypothesis_id,
                r.consistency.value,
                r.analyst,
                r.time.isoformat() if r.time else "",
                r.note,
                f"{e.link.value}:{link}" if link else e.link.value,
                f"{cred.probability:.4f}",
                cred.origin,
                cred.reason,
                e.relevance.value,
            )
        )
    return buf.getvalue()
