"""Property tests for the ClaimReview rating map and reader: what holds for any input."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.ingest.claimreview import read_claimreviews
from veracity.ingest.claimreview_jsonld import JsonLdProblem
from veracity.ingest.claimreview_ratings import (
    FALSE_BELOW,
    RATING_CLASSES,
    TRUE_ABOVE,
    Verdict,
    normalise_rating,
    rating_class,
    rating_verdict,
    scaled_rating,
)

KNOWN = sorted(RATING_CLASSES)


@st.composite
def decorated(draw: st.DrawFn) -> tuple[str, str]:
    """A known rating as a fact-checker might type it: any case, hyphens or extra spaces for
    spaces, trailing punctuation, an explanation after a colon."""
    words = draw(st.sampled_from(KNOWN))
    seps = st.sampled_from([" ", "  ", "-", " - ".strip(), "_"])
    out = ""
    for i, w in enumerate(words.split(" ")):
        cased = "".join(c.upper() if draw(st.booleans()) else c for c in w)  # "PaNts"
        out += (draw(seps) if i else "") + cased
    out = draw(st.sampled_from(["", " ", "\t"])) + out + draw(st.sampled_from(["", "!", ".", " "]))
    tail = draw(
        st.sampled_from(["", ": the figure is from 2015.", ". See our sources", " (updated)"])
    )
    return words, out + tail


@given(decorated())
def test_case_spacing_and_punctuation_do_not_change_a_ratings_class(pair: tuple[str, str]) -> None:
    words, typed = pair
    assert rating_class(typed) == RATING_CLASSES[words]


@given(st.sampled_from(KNOWN), st.sampled_from(["Our ruling: ", "Rating: ", "This claim is "]))
def test_an_opener_before_the_rating_is_skipped(words: str, opener: str) -> None:
    assert rating_class(opener + words.capitalize() + ".") == RATING_CLASSES[words]


@given(st.text(max_size=200))
def test_any_text_gives_a_verdict_and_only_true_or_false_resolve(text: str) -> None:
    v = rating_verdict(text)
    assert isinstance(v, Verdict)
    assert v.value in (None, "true", "false")
    assert (v.value is not None) == (v.kind in ("true", "false"))
    assert normalise_rating(text) == normalise_rating(normalise_rating(text))


scales = st.tuples(st.integers(-10, 10), st.integers(1, 20)).map(
    lambda t: (float(t[0]), float(t[0] + t[1]))
)


@given(scales, st.floats(0, 1))
def test_numbers_resolve_by_where_they_sit_on_their_scale(scale, where: float) -> None:
    worst, best = scale
    value = worst + where * (best - worst)
    s = scaled_rating(value, best=best, worst=worst)
    v = rating_verdict(None, value, best=best, worst=worst)
    if s < FALSE_BELOW - 1e-9:
        assert v.value == "false"
    elif s > TRUE_ABOVE + 1e-9:
        assert v.value == "true"
    else:
        assert v.value is None and v.kind == "mixed"


@given(scales, st.floats(0, 1), st.floats(0, 1))
def test_a_higher_rating_is_never_less_true(scale, a: float, b: float) -> None:
    worst, best = scale
    order = {"false": 0, None: 1, "true": 2}
    lo, hi = sorted((a, b))
    v_lo = rating_verdict(None, worst + lo * (best - worst), best=best, worst=worst).value
    v_hi = rating_verdict(None, worst + hi * (best - worst), best=best, worst=worst).value
    assert order[v_lo] <= order[v_hi]


@given(st.sampled_from(KNOWN), scales, st.floats(0, 1))
def test_words_decide_unless_the_number_says_the_opposite(words, scale, where) -> None:
    worst, best = scale
    value = worst + where * (best - worst)
    v = rating_verdict(words, value, best=best, worst=worst)
    by_words = RATING_CLASSES[words]
    by_number = rating_verdict(None, value, best=best, worst=worst).kind
    if {by_words, by_number} == {"true", "false"}:
        assert v.kind == "disagree" and v.value is None
    else:
        assert v.kind == by_words


# -- the reader -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "@id",
                    "@graph",
                    "claimReviewed",
                    "itemReviewed",
                    "author",
                    "name",
                    "reviewRating",
                    "ratingValue",
                    "bestRating",
                    "worstRating",
                    "alternateName",
                    "datePublished",
                    "url",
                    "claims",
                    "claimReview",
                    "text",
                    "claimant",
                    "dataFeedElement",
                    "item",
                ]
            )
            | st.text(max_size=5),
            children | st.just("ClaimReview"),
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(json_values)
def test_the_reader_returns_reviews_or_names_a_problem_never_crashes(value: object) -> None:
    data = json.dumps(value).encode()
    try:
        reviews = read_claimreviews(data, skip_incomplete=True)
    except JsonLdProblem as problem:
        assert problem.path == "/" or problem.path.startswith("/") or problem.path == ""
        assert problem.message
        return
    for r in reviews:
        assert r.claim and (r.claimants or r.estimate)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)


@given(names, names, names, st.sampled_from(KNOWN))
def test_a_well_formed_review_reads_back_what_was_written(
    claim: str, claimant: str, checker: str, rating: str
) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": checker},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    page = (
        '<html><script type="application/ld+json">'
        + json.dumps({"@graph": [review]}).replace("</", "<\\/")
        + "</script></html>"
    )
    (r,) = read_claimreviews(page.encode())
    assert r.claim == " ".join(claim.split())
    assert r.claimants[0].name == " ".join(claimant.split())
    assert r.checker is not None and r.checker.name == " ".join(checker.split())
    assert r.verdict.kind == RATING_CLASSES[rating]
