"""An assessment as ClaimReview JSON-LD: ``veracity export --format claimreview``.

One ClaimReview per assessed proposition, from the latest assessment (or the one named). It is
marked as a model estimate, never passed off as a fact-check: the rating's ``alternateName``
starts "Model estimate" and gives the probability and its interval, ``ratingValue`` is the
probability itself on a 0–1 scale, and ``reviewBody`` says so in words, then lists the reasons —
each statement's contribution, as ``veracity explain`` shows them. Reading the file back with
``veracity import --format claimreview`` adds the claims and claimants but no resolution (see
``claimreview_ratings.ESTIMATE``).

The document is one JSON-LD object, ``{"@context": "https://schema.org", "@graph": [...]}``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import IO, Any

from veracity.errors import NotFoundError
from veracity.model import (
    TRUE,
    Assessment,
    Contribution,
    PropositionAssessment,
    PropositionKind,
    SourceKind,
    Stance,
)
from veracity.store import Store, Transaction

#: who the reviews are by (schema.org wants an Organization or Person as a review's author)
AUTHOR = {"@type": "Organization", "name": "veracity (model estimate)"}
REASONS_SHOWN = 20
_SCHEMA_TYPES = {
    SourceKind.PERSON: "Person",
    SourceKind.OUTLET: "NewsMediaOrganization",
    SourceKind.INSTITUTION: "Organization",
}


def _words(p: float) -> str:
    if p >= 0.95:
        return "almost certainly true"
    if p >= 0.8:
        return "very likely true"
    if p >= 0.6:
        return "likely true"
    if p > 0.4:
        return "uncertain"
    if p > 0.2:
        return "likely false"
    if p > 0.05:
        return "very likely false"
    return "almost certainly false"


def claimreview_documents(
    store: Store | Transaction, *, assessment_id: str | None = None
) -> dict[str, Any]:
    """The JSON-LD document (a dict) for the latest assessment, or for ``assessment_id``."""
    if assessment_id is not None:
        assessment = store.assessment(assessment_id)
    else:
        found = store.latest_assessment()
        if found is None:
            raise NotFoundError(
                "the store has no assessment to export — run `veracity assess` first"
            )
        assessment = found
    sources = {s.id: s for s in store.stream("sources")}
    names = {sid: s.name for sid, s in sources.items()}
    kinds = {sid: _SCHEMA_TYPES.get(s.kind, "Organization") for sid, s in sources.items()}
    graph = []
    for pa in assessment.propositions:
        try:
            proposition = store.proposition(pa.proposition_id)
        except NotFoundError:
            continue  # a fusion run over claims that never went through the store
        statements = {s.id: s for s in store.stream("statements", proposition_id=proposition.id)}
        graph.append(_review(assessment, pa, proposition, statements, names, kinds))
    return {"@context": "https://schema.org", "@graph": graph}


def _review(
    a: Assessment,
    pa: PropositionAssessment,
    proposition: Any,
    statements: dict[str, Any],
    names: dict[str, str],
    kinds: dict[str, str],
) -> dict[str, Any]:
    binary = proposition.kind is PropositionKind.BINARY
    value = TRUE if binary else pa.verdict
    p = float(pa.probabilities.get(value, 0.0))
    claim = proposition.text if binary else f"{proposition.text} — {value}"
    interval = ""
    if pa.interval is not None:
        interval = f" (90% interval {pa.interval[0]:.2f}–{pa.interval[1]:.2f})"
    rating_words = f"Model estimate: P(true) = {p:.2f}{interval}, {_words(p)}"
    claimants = []
    dates: list[date] = []
    appearances = []
    for s in statements.values():
        if s.stance is Stance.ASSERTS and s.value == value:
            kind = kinds.get(s.source_id, "Organization")
            person = {"@type": kind, "name": names.get(s.source_id, s.source_id)}
            if person not in claimants:
                claimants.append(person)
            if s.time is not None:
                dates.append(s.time.date() if isinstance(s.time, datetime) else s.time)
            if s.reference and s.reference.startswith(("http://", "https://")):
                appearances.append({"@type": "CreativeWork", "url": s.reference})
    item: dict[str, Any] = {"@type": "Claim"}
    if claimants:
        item["author"] = claimants if len(claimants) > 1 else claimants[0]
    if dates:
        item["datePublished"] = min(dates).isoformat()
    if appearances:
        item["appearance"] = appearances
    reasons = [_reason(c, statements, names) for c in pa.contributions]
    body = (
        f"This is a model estimate, not a fact-check: veracity's {a.method!r} method "
        f"(assessment {a.id}, {a.created.date().isoformat()}) puts the probability that the "
        f"claim is true at {p:.2f}{interval}. It weighs who said what and their track records; "
        "it has not checked the claim against the world."
    )
    if reasons:
        shown = reasons[:REASONS_SHOWN]
        more = len(reasons) - len(shown)
        body += " Reasons (contributions to the log-odds that it is true): " + " ".join(shown)
        if more:
            body += f" …and {more} more (veracity explain {proposition.id})."
    return {
        "@type": "ClaimReview",
        "identifier": proposition.id,
        "claimReviewed": claim,
        "datePublished": a.created.date().isoformat(),
        "author": AUTHOR,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": round(p, 4),
            "worstRating": 0,
            "bestRating": 1,
            "alternateName": rating_words,
        },
        "reviewBody": body,
    }


def _reason(c: Contribution, statements: dict[str, Any], names: dict[str, str]) -> str:
    st = statements.get(c.statement_id)
    if st is None:  # analyst evidence, not a statement: its reason names it
        return f"{c.weight:+.2f} {c.reason}."
    who = names.get(c.source_id, c.source_id)
    when = f" ({st.time.isoformat()[:10]})" if st.time is not None else ""
    quote = f': "{st.quote}"' if st.quote else ""
    counted = "" if c.counted else " (not counted: repeats a cited origin)"
    return f"{c.weight:+.2f} {who} {c.stance}{when}{quote} — {c.reason}{counted}."


def export_claimreviews(
    store: Store | Transaction, out: IO[str], *, assessment_id: str | None = None
) -> int:
    """Write the JSON-LD document to ``out``; returns how many ClaimReviews it holds."""
    document = claimreview_documents(store, assessment_id=assessment_id)
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(document["@graph"])
