"""An attribution: who (speaker), how (cue), what (content), with which stance, citing whom.

Spans are ``(start, end)`` character offsets into the text the extractor was given, so
``text[start:end]`` is the field's text. ``speaker`` is the named speaker after coreference
("he" → "Dmitry Peskov"), and ``speaker_span`` points at that name where it occurs in the text;
``mention_span`` is where the speaker is mentioned in the attribution itself ("he"). A mention
that is only a pronoun or a quantifier and resolves to no name leaves ``speaker`` None (with
``mention_span`` still set): such words never name a source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from veracity.model import Stance

Span = tuple[int, int]


class Kind:
    """How the content is given: verbatim, partly verbatim, or in the reporter's words."""

    DIRECT = "direct"  # a whole quotation: "It is pure fiction," he said.
    PARTIAL = "partial"  # a quoted phrase in reported speech: dismissed them as "pure fiction"
    REPORTED = "reported"  # X said that …, X reported …
    ACCORDING_TO = "according_to"  # according to X, …


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution found in a text."""

    speaker: str | None
    speaker_span: Span | None
    cue: str
    cue_span: Span
    content: str
    content_span: Span
    stance: Stance = Stance.ASSERTS
    cites: str | None = None
    role: str | None = None  # "Kremlin spokesman"; "an Austrian Member of the European Parliament"
    kind: str = Kind.REPORTED
    mention_span: Span | None = None  # the speaker as mentioned here ("he"), before coreference
    speaker_label: str | None = None  # PERSON, ORG, GPE… as the extractor judged the name
    parent: str | None = None  # the organisation in the role ("Kremlin spokesman" → "Kremlin")

    def with_(self, **changes) -> Attribution:
        return replace(self, **changes)

    def as_json(self, file: str | None = None) -> dict:
        """The ``veracity extract --format jsonl`` record: the issue's keys, then role and kind."""
        return {
            "file": file,
            "speaker": self.speaker,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "cue": self.cue,
            "cue_span": list(self.cue_span),
            "content": self.content,
            "content_span": list(self.content_span),
            "stance": str(self.stance),
            "cites": self.cites,
            "role": self.role,
            "kind": self.kind,
            "mention_span": list(self.mention_span) if self.mention_span else None,
            "parent": self.parent,
            "speaker_label": self.speaker_label,
        }
