"""Fact-checkers' verdicts (schema.org ClaimReview) read from pages and feeds: ``veracity import
--format claimreview`` (``claimreview_store.py`` writes them to the store).

Fact-checkers publish each verdict as ClaimReview JSON-LD in the page (``<script
type="application/ld+json">``, alone, in a list or in an ``@graph``), and aggregators collect
them in feeds: the DataCommons feed (``dataFeedElement[].item[]``) and the Google Fact Check Tools
API (``claims[].claimReview[]``). Each review becomes, in one transaction:

- the claimant (``itemReviewed.author``) -> a source, matched to a stored one by the ingest
  resolver (``ingest.sources``: names, aliases, name variants), else a new one;
- ``claimReviewed`` -> a proposition (one per distinct claim text, matched to a stored one);
- the claimant's statement: it asserts the proposition, at the claim's date;
- ``reviewRating`` -> a resolution through the rating map (``claimreview_ratings``) whose source
  is the fact-checker (the review's ``author``, else its ``publisher``). An ambiguous rating
  resolves nothing and is counted.

Resolutions make track records, so the claimant's record now includes this claim. Ids are derived
from the content (``cr-…``), so importing the same feed twice adds nothing the second time.

>>> page = b'''{"@context": "https://schema.org", "@type": "ClaimReview",
...   "claimReviewed": "The moon is made of cheese.", "author": {"name": "CheckCo"},
...   "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Nyone"}},
...   "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"}}'''
>>> [(r.claim, r.claimants[0].name, r.verdict.value) for r in read_claimreviews(page)]
[('The moon is made of cheese.', 'A. Nyone', 'false')]
"""

from __future__ import annotations

import email.utils
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from veracity.ingest.claimreview_jsonld import (
    Document,
    JsonLdProblem,
    number_value,
    pointer,
    read_blocks,
    text_value,
    types_of,
)
from veracity.ingest.claimreview_ratings import ESTIMATE, Verdict, rating_verdict
from veracity.ingest.sources import kind_of
from veracity.model import SourceKind

#: longest text each field may hold; longer is refused as hostile or mislabelled
CLAIM_LIMIT = 10_000
NAME_LIMIT = 500
URL_LIMIT = 4_096
RATING_LIMIT = 2_000
DATE_LIMIT = 64

_PERSON_TYPES = {"Person"}
_OUTLET_TYPES = {"NewsMediaOrganization", "NewsArticle", "WebSite", "Blog"}
_GOVERNMENT_TYPES = {"GovernmentOrganization", "GovernmentOffice", "Country", "State", "City"}
_ORG_TYPES = {
    "Organization",
    "Corporation",
    "NGO",
    "PoliticalParty",
    "EducationalOrganization",
}


@dataclass(frozen=True, slots=True)
class Party:
    """A claimant or a fact-checker as the review names them."""

    name: str
    kind: SourceKind
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    """``reviewRating`` as given: words, number and scale (each may be missing)."""

    text: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """One review, read and checked, before anything touches a store."""

    path: str  # where it sits in the file, e.g. "/dataFeedElement/3/item/0"
    claim: str
    claimants: tuple[Party, ...]
    checker: Party | None
    rating: Rating
    verdict: Verdict
    claim_date: date | datetime | None = None
    appearance: str | None = None  # where the claim was made
    url: str | None = None  # the review itself
    date: date | datetime | None = None  # when it was published

    @property
    def estimate(self) -> bool:
        """Written by ``veracity export --format claimreview``: a model's estimate, no verdict."""
        return self.verdict.kind == ESTIMATE


# -- reading ----------------------------------------------------------------------------------


def read_claimreviews(data: bytes, *, skip_incomplete: bool = False) -> list[ClaimReview]:
    """Every ClaimReview in a JSON-LD document, HTML page or feed, in document order.

    Raises ``JsonLdProblem`` (with the JSON-pointer path of the bad field) for input that cannot
    be read. A review without a claim text or a claimant is an error too, unless
    ``skip_incomplete`` (then it is left out; ``incomplete_reviews`` counts them).
    """
    return list(ClaimReviewReader(skip_incomplete).read(data))


class ClaimReviewReader:
    def __init__(self, skip_incomplete: bool) -> None:
        self.skip_incomplete = skip_incomplete
        self.incomplete: Counter[str] = Counter()

    def read(self, data: bytes) -> Iterable[ClaimReview]:
        found = False
        for block in read_blocks(data):
            doc = Document(block)
            for node, path in doc.nodes():
                if "ClaimReview" in types_of(node):
                    found = True
                    review = self._schema_review(doc, node, path)
                elif _is_fact_check_tools_claim(node):
                    found = True
                    yield from self._fact_check_tools(doc, node, path)
                    continue
                else:
                    continue
                if review is not None:
                    yield review
        if not found:
            raise JsonLdProblem(
                "",
                "no ClaimReview found",
                'give JSON-LD with "@type": "ClaimReview" (a page, a list, an @graph, a '
                "DataFeed), or a Fact Check Tools response with claims[].claimReview[]",
            )

    def _incomplete(self, path: str, message: str, fix: str) -> None:
        if not self.skip_incomplete:
            raise JsonLdProblem(path, message, fix + ", or give --skip-incomplete to leave it out")
        self.incomplete[message] += 1

    # schema.org ClaimReview ---------------------------------------------------------------

    def _schema_review(self, doc: Document, node: dict[str, Any], path: str) -> ClaimReview | None:
        claim_raw, claim_path = doc.prop(node, path, "claimReviewed")
        item, item_path = doc.first(*doc.prop(node, path, "itemReviewed"))
        if item is not None and not isinstance(item, dict):
            if isinstance(item, str):  # a bare URL or name of the work reviewed
                item = {}
            else:
                raise JsonLdProblem(
                    item_path,
                    "itemReviewed should be an object (a Claim or CreativeWork)",
                    'write itemReviewed as {"@type": "Claim", "author": {...}}',
                )
        item = item or {}
        claim = text_value(claim_raw, claim_path, what="claimReviewed", limit=CLAIM_LIMIT)
        if claim is None and item:
            text, text_path = doc.prop(item, item_path, "text")
            claim = text_value(text, text_path, what="itemReviewed.text", limit=CLAIM_LIMIT)
        rating = self._schema_rating(doc, node, path)
        verdict = _verdict(rating, pointer(path, "reviewRating"))
        if claim is None:
            self._incomplete(claim_path, "the review has no claimReviewed", "give the claim's text")
            return None
        author_raw, author_path = doc.prop(item, item_path, "author")
        claimants = self._parties(doc, author_raw, author_path, role="claimant")
        if not claimants and verdict.kind != ESTIMATE:
            self._incomplete(
                author_path,
                "the review names no claimant (itemReviewed.author)",
                'add "author": {"@type": "Person", "name": "..."} to itemReviewed',
            )
            return None
        checker = self._checker(doc, node, path)
        claim_date = self._claim_date(doc, item, item_path)
        url_raw, url_path = doc.prop(node, path, "url")
        date_raw, date_path = doc.prop(node, path, "datePublished")
        return ClaimReview(
            path=path or "/",
            claim=claim,
            claimants=claimants,
            checker=checker,
            rating=rating,
            verdict=verdict,
            claim_date=claim_date,
            appearance=self._appearance(doc, item, item_path),
            url=text_value(url_raw, url_path, what="url", limit=URL_LIMIT),
            date=_date(date_raw, date_path),
        )

    def _schema_rating(self, doc: Document, node: dict[str, Any], path: str) -> Rating:
        raw, rpath = doc.first(*doc.prop(node, path, "reviewRating"))
        if raw is None:
            return Rating()
        if isinstance(raw, str):  # some publishers write the rating as bare text
            return Rating(text=text_value(raw, rpath, what="reviewRating", limit=RATING_LIMIT))
        if not isinstance(raw, dict):
            raise JsonLdProblem(
                rpath,
                "reviewRating should be a Rating object",
                'write {"@type": "Rating", "alternateName": "False", "ratingValue": 1}',
            )
        text = None
        for name in ("alternateName", "name", "ratingExplanation"):
            value, vpath = doc.prop(raw, rpath, name)
            text = text_value(value, vpath, what=f"reviewRating.{name}", limit=RATING_LIMIT)
            if text is not None:
                break
        numbers = {}
        for name in ("ratingValue", "bestRating", "worstRating"):
            value, vpath = doc.prop(raw, rpath, name)
            numbers[name] = number_value(value, vpath, what=name)
        return Rating(text, numbers["ratingValue"], numbers["bestRating"], numbers["worstRating"])

    def _checker(self, doc: Document, node: dict[str, Any], path: str) -> Party | None:
        for name in ("author", "publisher"):
            raw, rpath = doc.prop(node, path, name)
            parties = self._parties(doc, raw, rpath, role="fact-checker")
            if parties:
                return parties[0]
        return None

    def _parties(self, doc: Document, raw: Any, path: str, *, role: str) -> tuple[Party, ...]:
        out = []
        for value, vpath in doc.all(raw, path):
            party = _party(doc, value, vpath, role=role)
            if party is not None:
                out.append(party)
        return tuple(out)

    def _claim_date(self, doc: Document, item: dict[str, Any], path: str) -> date | datetime | None:
        raw, rpath = doc.prop(item, path, "datePublished")
        found = _date(raw, rpath)
        if found is not None:
            return found
        for name in ("firstAppearance", "appearance"):
            work, wpath = doc.first(*doc.prop(item, path, name))
            if isinstance(work, dict):
                raw, rpath = doc.prop(work, wpath, "datePublished")
                found = _date(raw, rpath)
                if found is not None:
                    return found
        return None

    def _appearance(self, doc: Document, item: dict[str, Any], path: str) -> str | None:
        for name in ("firstAppearance", "appearance"):
            work, wpath = doc.first(*doc.prop(item, path, name))
            if isinstance(work, dict):
                work, wpath = doc.prop(work, wpath, "url")
            url = text_value(work, wpath, what=f"itemReviewed.{name}", limit=URL_LIMIT)
            if url is not None:
                return url
        return None

    # Google Fact Check Tools: {"claims": [{"text", "claimant", "claimDate", "claimReview": […]}]}

    def _fact_check_tools(
        self, doc: Document, node: dict[str, Any], path: str
    ) -> Iterable[ClaimReview]:
        claim = text_value(node.get("text"), pointer(path, "text"), what="text", limit=CLAIM_LIMIT)
        claimant = text_value(
            node.get("claimant"), pointer(path, "claimant"), what="claimant", limit=NAME_LIMIT
        )
        claim_date = _date(node.get("claimDate"), pointer(path, "claimDate"))
        reviews = node.get("claimReview")
        reviews_path = pointer(path, "claimReview")
        if not isinstance(reviews, list):
            raise JsonLdProblem(
                reviews_path,
                "claimReview should be a list of reviews",
                'write "claimReview": [{"publisher": {...}, "textualRating": "False"}]',
            )
        if claim is None:
            self._incomplete(pointer(path, "text"), "the claim has no text", "give its text")
            return
        if claimant is None:
            self._incomplete(
                pointer(path, "claimant"),
                "the claim names no claimant",
                'add "claimant": "Name"',
            )
            return
        for i, review in enumerate(reviews):
            rpath = pointer(reviews_path, i)
            if not isinstance(review, dict):
                raise JsonLdProblem(
                    rpath, "a claimReview entry should be an object", "write one object per review"
                )
            rating = Rating(
                text=text_value(
                    review.get("textualRating"),
                    pointer(rpath, "textualRating"),
                    what="textualRating",
                    limit=RATING_LIMIT,
                )
            )
            publisher = review.get("publisher")
            ppath = pointer(rpath, "publisher")
            checker = _party(doc, publisher, ppath, role="fact-checker", site="site")
            yield ClaimReview(
                path=rpath,
                claim=claim,
                claimants=(Party(claimant, kind_of(claimant)),),
                checker=checker,
                rating=rating,
                verdict=_verdict(rating, pointer(rpath, "textualRating")),
                claim_date=claim_date,
                url=text_value(
                    review.get("url"), pointer(rpath, "url"), what="url", limit=URL_LIMIT
                ),
                date=_date(review.get("reviewDate"), pointer(rpath, "reviewDate")),
            )


def _is_fact_check_tools_claim(node: dict[str, Any]) -> bool:
    return "claimReview" in node and "@type" not in node and ("text" in node or "claimant" in node)


def _verdict(rating: Rating, path: str) -> Verdict:
    try:
        return rating_verdict(rating.text, rating.value, best=rating.best, worst=rating.worst)
    except ValueError as exc:
        raise JsonLdProblem(
            path,
            str(exc),
            "give ratingValue between worstRating and bestRating (schema.org's defaults are "
            "1 and 5), or leave the number out and give alternateName",
        ) from None


def _party(doc: Document, value: Any, path: str, *, role: str, site: str = "url") -> Party | None:
    if value is None:
        return None
    if isinstance(value, str) or (isinstance(value, dict) and "@value" in value):
        name = text_value(value, path, what=f"the {role}'s name", limit=NAME_LIMIT)
        return None if name is None else Party(name, kind_of(name))
    if not isinstance(value, dict):
        raise JsonLdProblem(
            path,
            f"the {role} should be a Person or Organization object or a name",
            '{"@type": "Person", "name": "..."}',
        )
    raw, npath = doc.prop(value, path, "name")
    name = text_value(raw, npath, what=f"the {role}'s name", limit=NAME_LIMIT)
    if name is None:
        if len(value) <= 1 and "@id" in value:
            return None  # a reference to a node this document does not hold
        raise JsonLdProblem(npath, f"the {role} has no name", f'give the {role} a "name"')
    url_raw, upath = doc.prop(value, path, site)
    url = text_value(url_raw, upath, what=f"the {role}'s {site}", limit=URL_LIMIT)
    types = types_of(value)
    if types & _PERSON_TYPES:
        kind = SourceKind.PERSON
    elif types & _OUTLET_TYPES or role == "fact-checker":
        kind = SourceKind.OUTLET
    elif types & _GOVERNMENT_TYPES:
        kind = SourceKind.GOVERNMENT
    elif types & _ORG_TYPES:
        kind = SourceKind.INSTITUTION
    else:
        kind = kind_of(name)
    return Party(name, kind, url)


_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y")


def _date(value: Any, path: str) -> date | datetime | None:
    """An ISO 8601 date or datetime, or one of the common spellings fact-checkers use."""
    text = text_value(value, path, what="the date", limit=DATE_LIMIT)
    if text is None:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    raise JsonLdProblem(
        path, f"{text!r} is not a date", "write it as ISO 8601: 2024-11-07 or 2024-11-07T09:30:00Z"
    )
