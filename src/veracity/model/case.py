"""The case records: sources, documents, propositions, statements, evidence, resolutions.

Everything else in veracity speaks these types; they hold no I/O and import nothing of veracity,
so a notebook can build a case by hand and hand it to any layer.

>>> from veracity.model import Source, SourceKind, Proposition, Statement, Stance
>>> wapo = Source(id="wapo", name="The Washington Post", kind=SourceKind.OUTLET)
>>> p1 = Proposition(id="P1", text="Trump and Putin spoke by phone on 7 November 2024.")
>>> Statement(id="s1", source_id="wapo", proposition_id="P1", stance=Stance.ASSERTS).value
'true'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

TRUE = "true"
FALSE = "false"
BINARY_VALUES: tuple[str, str] = (TRUE, FALSE)


class SourceKind(StrEnum):
    PERSON = "person"
    OUTLET = "outlet"
    INSTITUTION = "institution"
    GOVERNMENT = "government"  # a state, its government and its offices (the Kremlin, the FBI)
    GROUP = "group"  # e.g. "people familiar with the call"
    OTHER = "other"


class Stance(StrEnum):
    """A statement's attitude to its proposition's value.

    A denial of a binary proposition is a claim that it is false; a denial of one value of a
    multi-valued proposition is a claim against that value only.
    """

    ASSERTS = "asserts"
    DENIES = "denies"
    HEDGES = "hedges"


#: the integer code of each stance in claim columns (``Claims.stance``, ``ClaimColumns.stance``):
#: the one table every layer uses. Asserts +1, denies -1, hedges 0 (a weak assertion).
STANCE_CODE: dict[Stance, int] = {Stance.ASSERTS: 1, Stance.DENIES: -1, Stance.HEDGES: 0}


class PropositionKind(StrEnum):
    BINARY = "binary"  # candidate values: true / false
    CATEGORICAL = "categorical"  # mutually exclusive values (a date, a name)
    NUMERIC = "numeric"  # values are numbers; near values support each other


class EvidenceDirection(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"


@dataclass(frozen=True, slots=True)
class Source:
    """Who speaks: a person, an outlet, an institution or an anonymous group."""

    id: str
    name: str
    kind: SourceKind = SourceKind.OTHER
    parent_id: str | None = None  # Peskov -> Kremlin
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An ingested text, kept verbatim so that statement spans stay valid."""

    id: str
    text: str
    content_hash: str
    url: str | None = None
    title: str | None = None
    outlet_id: str | None = None
    published: datetime | None = None
    retrieved: datetime | None = None
    # the publisher's name as the input gave it (HTML og:site_name, a feed's title): read at
    # ingest to name the document's own voice; the store keeps outlet_id, not this
    publisher: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Proposition:
    """A checkable statement about the world: an item with candidate values."""

    id: str
    text: str
    kind: PropositionKind = PropositionKind.BINARY
    values: tuple[str, ...] = BINARY_VALUES
    question_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind is PropositionKind.BINARY and tuple(self.values) != BINARY_VALUES:
            raise ValueError(f"binary proposition {self.id!r} must have values {BINARY_VALUES}")


@dataclass(frozen=True, slots=True)
class Statement:
    """One source's stance on one proposition (or one of its values), at a time.

    ``value`` defaults to ``"true"``: for a binary proposition "X denies P" is stored as
    stance=denies, value="true" — the value the statement is *about* — never pre-negated, so
    the quote and the data say the same thing.
    """

    id: str
    source_id: str
    proposition_id: str
    stance: Stance = Stance.ASSERTS
    value: str = TRUE
    time: datetime | date | None = None
    quote: str | None = None
    document_id: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    cites_source_id: str | None = None  # provenance: passed on from this source
    reference: str | None = None  # URL or bibliographic note
    corrected: bool = False  # set by an analyst; re-extraction never overwrites it

    def __post_init__(self) -> None:
        if (self.span_start is None) != (self.span_end is None):
            raise ValueError(f"statement {self.id!r}: span_start and span_end go together")
        if self.span_start is not None and not 0 <= self.span_start <= (self.span_end or 0):
            raise ValueError(f"statement {self.id!r}: span must satisfy 0 <= start <= end")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Anything else that bears on a proposition, weighed by the analyst.

    ``likelihood_ratio`` is P(evidence | proposition true) / P(evidence | false); 1 is neutral.
    """

    id: str
    description: str
    proposition_id: str | None = None
    likelihood_ratio: float = 1.0
    reference: str | None = None
    time: datetime | date | None = None
    confidence: str | None = None  # as the analyst wrote it: "high", "medium"...

    def __post_init__(self) -> None:
        if not self.likelihood_ratio > 0:
            raise ValueError(f"evidence {self.id!r}: likelihood_ratio must be > 0")

    @property
    def direction(self) -> EvidenceDirection | None:
        if self.likelihood_ratio > 1:
            return EvidenceDirection.SUPPORTS
        if self.likelihood_ratio < 1:
            return EvidenceDirection.OPPOSES
        return None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The established value of a proposition once known; resolutions make track records."""

    id: str
    proposition_id: str
    value: str
    reference: str | None = None
    resolved_on: date | None = None
    note: str | None = None
    source_id: str | None = None  # who established it: a fact-checker, a court, a record
