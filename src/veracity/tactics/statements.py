"""Tags for a case's statements: each quote's own tags plus mixed signals across statements.

A source that offers talks on Monday and calls its aims non-negotiable on Tuesday sends mixed
signals although neither quote does alone. :func:`tag_statements` adds, to each of the two
statements, a ``mixed_signals`` tag over the cue that makes its half (the offer, the position).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from veracity.model import Statement
from veracity.tactics.detectors import mixed_signals_across
from veracity.tactics.tag import Tag
from veracity.tactics.tagger import RuleTagger, Tagger, merge_overlapping


def tag_statements(
    statements: Iterable[Statement],
    tagger: Tagger,
    *,
    rules: RuleTagger | None = None,
    window: timedelta = timedelta(days=7),
) -> dict[str, list[Tag]]:
    """Statement id → tags of its quote, including mixed signals shared with another statement.

    ``rules`` finds the cues for the cross-statement detector (``tagger`` itself when it is a
    RuleTagger); without one, only each quote's own tags are returned.
    """
    quoted: Sequence[Statement] = [s for s in statements if s.quote]
    out = dict(
        zip(
            (s.id for s in quoted),
            tagger.tag_many(s.quote or "" for s in quoted),
            strict=True,
        )
    )
    rules = rules if rules is not None else (tagger if isinstance(tagger, RuleTagger) else None)
    if rules is None:
        return out
    by_id = {s.id: s for s in quoted}
    for signal in mixed_signals_across(quoted, rules.cues, window=window):
        for sid, component in (
            (signal.offer_statement_id, "offer_of_talks"),
            (signal.position_statement_id, "firm_position"),
        ):
            for cue in rules.cues(by_id[sid].quote or ""):
                if cue.component == component:
                    out[sid].append(
                        Tag("mixed_signals", cue.start, cue.end, signal.confidence, signal.rule)
                    )
    return {sid: merge_overlapping(tags) for sid, tags in out.items()}
