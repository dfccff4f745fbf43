"""Document-level detectors: tactics that no single phrase shows.

Mixed signals are the standard case: "Putin is open to discussions with Trump" is harmless
alone, and so is "Russia's war objectives remain unchanged"; said together by the same source
within a short window they offer talks while ruling out any outcome of them. The detectors
read the component matches of the rules (``offer_of_talks``, ``firm_position``) and pair them:
within a text by sentence distance, and across one source's statements by time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from veracity.model import Statement
from veracity.tactics.tag import Tag


@dataclass(frozen=True, slots=True)
class Cue:
    """A component match: which component, in which sentence, at which characters."""

    component: str
    sentence: int
    start: int
    end: int


#: confidence of a mixed-signals tag by sentence distance between the two cues
MIXED_SIGNALS_CONFIDENCE = {0: 0.85, 1: 0.7, 2: 0.6}


def mixed_signals(cues: Sequence[Cue], *, window: int = 2) -> list[Tag]:
    """Pair each offer of talks with the nearest firm position within ``window`` sentences.

    The tag spans from the first cue's start to the second cue's end, so the analyst sees both
    halves. One tag per offer (the nearest position wins; ties go to the later one, since the
    typical form is "open to talks, but …").
    """
    offers = [c for c in cues if c.component == "offer_of_talks"]
    firms = [c for c in cues if c.component == "firm_position"]
    tags: list[Tag] = []
    used: set[tuple[int, int]] = set()
    for offer in offers:
        near = [f for f in firms if abs(f.sentence - offer.sentence) <= window]
        if not near:
            continue
        best = min(near, key=lambda f: (abs(f.sentence - offer.sentence), -f.start))
        start, end = min(offer.start, best.start), max(offer.end, best.end)
        if (start, end) in used:
            continue
        used.add((start, end))
        distance = abs(best.sentence - offer.sentence)
        confidence = MIXED_SIGNALS_CONFIDENCE.get(distance, 0.5)
        tags.append(Tag("mixed_signals", start, end, confidence, "detector.mixed_signals"))
    return tags


@dataclass(frozen=True, slots=True)
class StatementSignal:
    """Mixed signals spread over two statements of one source: ids of both, and the confidence."""

    technique: str
    source_id: str
    offer_statement_id: str
    position_statement_id: str
    confidence: float
    rule: str = "detector.mixed_signals_across"


def _as_datetime(value: datetime | date | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def mixed_signals_across(
    statements: Iterable[Statement],
    cues_of: Callable[[str], Sequence[Cue]],
    *,
    window: timedelta = timedelta(days=7),
) -> list[StatementSignal]:
    """Mixed signals between statements of the same source no more than ``window`` apart.

    ``cues_of`` finds the component cues in a quote (``RuleTagger.cues``). Statements without
    a time pair only with statements of the same document. Pairs within one statement are left
    to :func:`mixed_signals`, which sees the text.
    """
    by_source: dict[str, list[tuple[Statement, set[str]]]] = {}
    for s in statements:
        if not s.quote:
            continue
        kinds = {c.component for c in cues_of(s.quote)}
        if kinds & {"offer_of_talks", "firm_position"}:
            by_source.setdefault(s.source_id, []).append((s, kinds))
    out: list[StatementSignal] = []
    for source_id, items in sorted(by_source.items()):
        for a, kinds_a in items:
            if "offer_of_talks" not in kinds_a:
                continue
            for b, kinds_b in items:
                if b.id == a.id or "firm_position" not in kinds_b:
                    continue
                ta, tb = _as_datetime(a.time), _as_datetime(b.time)
                if ta is not None and tb is not None:
                    if abs(ta - tb) > window:
                        continue
                    gap_days = abs(ta - tb) / timedelta(days=1)
                    confidence = 0.7 if gap_days <= 1 else 0.6
                elif a.document_id is not None and a.document_id == b.document_id:
                    confidence = 0.6
                else:
                    continue
                out.append(StatementSignal("mixed_signals", source_id, a.id, b.id, confidence))
    return out
