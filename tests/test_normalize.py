"""Value normalisers: the spellings seen in the benchmark data, and properties on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.normalize import (
    is_missing,
    normalize_authors,
    normalize_number,
    normalize_text,
    normalize_time,
    parse_number,
    parse_time,
    time_minutes,
)


# ---- authors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spelling",
    [
        "Knuth, Donald E.",
        "KNUTH, DONALD E.",
        "Donald E. Knuth",
        "Knuth Donald",
        "knuth, donald e.;",
        "Knuth, Donald (Author)",
    ],
)
def test_author_spellings_of_one_list_agree(spelling: str) -> None:
    assert normalize_authors(spelling) == "donald knuth"


def test_author_lists_ignore_order_separators_and_editor_notes() -> None:
    a = normalize_authors("Hirschbuhl, John J. (EDT)/ Bishop, Dwight (EDT)")
    b = normalize_authors("Dwight Bishop, John Hirschbuhl")
    assert a == b == "bishop dwight hirschbuhl john"
    assert normalize_authors("Joshua Bloch Neal Gafter") == normalize_authors(
        "bloch, joshua ;  gafter, neal;"
    )
    assert normalize_authors("Adams &amp; Scollard") == "adams scollard"


def test_a_missing_or_extra_author_still_differs() -> None:
    full = normalize_authors("Lippman, Stanley B.; Lajoie, Josee; Moo, Barbara E.")
    truncated = normalize_authors("Lippman, Stanley B./ Lajoie, Josee/ Moo,")
    assert full != truncated


@pytest.mark.parametrize("blank", ["Not Available", "", "  ", "N/A", "unknown", None])
def test_author_placeholders_are_missing(blank: object) -> None:
    assert normalize_authors(blank) is None


# ---- times ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4:55 p.m.", "16:55"),
        ("7:10 AM", "07:10"),
        ("Dec 01 - 7:10pm", "19:10"),
        ("2011-12-01 07:10", "07:10"),
        ("6:59aDec 1", "06:59"),
        ("10:34A 12-01-11", "10:34"),
        ("2:46P", "14:46"),
        ("12:00noon", "12:00"),
        ("12:15 a.m.  Fri 02-Dec-2011", "00:15"),
        ("12/2/11 6:35 a.m.", "06:35"),
        ("Thu  20:00", "20:00"),
        ("6:47 p.m. (Estimated runway)", "18:47"),
        ("1:32 p.m.            Delayed", "13:32"),
        ("10:39 p.m.&nbsp(Estimated)", "22:39"),
        ("10:30 p.m.*", "22:30"),
    ],
)
def test_flight_time_spellings(text: str, expected: str) -> None:
    assert normalize_time(text) == expected


@pytest.mark.parametrize("text", ["Not Available", "Contact Airline", "Dec 02 Not Available", ""])
def test_time_placeholders_are_missing(text: str) -> None:
    assert normalize_time(text) is None


def test_time_zones_convert_only_when_asked() -> None:
    assert normalize_time("7:10 PM EST") == "19:10"
    assert normalize_time("7:10 PM EST", to_utc=True) == "00:10"
    assert time_minutes("19:10 UTC+2", to_utc=True) == 17 * 60 + 10
    assert parse_time("07:10 -05:30").tz_offset == -330


def test_dates_are_kept_beside_the_time() -> None:
    t = parse_time("12:15 a.m.  Fri 02-Dec-2011")
    assert (t.year, t.month, t.day, t.minutes) == (2011, 12, 2, 15)
    t = parse_time("2011-12-01 07:10")
    assert (t.year, t.month, t.day, t.minutes) == (2011, 12, 1, 430)


@pytest.mark.parametrize("text", ["25:10", "13:10 p.m.", "7:61", "99"])
def test_impossible_times_are_rejected(text: str) -> None:
    assert normalize_time(text) is None


# ---- numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234.0),
        ("1.2 million", 1_200_000.0),
        ("about 3.5 billion", 3.5e9),
        ("12k", 12_000.0),
        ("1.234.567", 1_234_567.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,5", 1.5),
        ("-3.5e3", -3500.0),
        ("478403", 478403.0),
        ("est. 99,000 (2005)", 99_000.0),
    ],
)
def test_number_spellings(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_number_labels_are_canonical() -> None:
    assert normalize_number("478,403") == normalize_number("478403.0") == "478403"
    assert normalize_number("0.25") == "0.25"
    assert normalize_number("n/a") is None
    assert normalize_number("no digits here") is None


# ---- text -------------------------------------------------------------------------------
def test_text_folds_case_accents_entities_and_punctuation() -> None:
    assert normalize_text("  Café&nbsp;CRÈME,  l'été! ") == "cafe creme l ete"
    assert is_missing("Not Available.") and not is_missing("Available")


# ---- properties on arbitrary text ---------------------------------------------------------
NORMALISERS = [normalize_authors, normalize_time, normalize_number, normalize_text]
texts = st.text(max_size=60) | st.from_regex(
    r"[0-9]{1,2}:[0-9]{2} ?(a\.m\.|p\.m\.|AM|pm)?( [A-Z]{3})?|[0-9,.]{1,12}( million|k)?"
    r"|[A-Za-z]{2,8}, [A-Za-z. ]{1,12}(; [A-Za-z]{2,8})?",
    fullmatch=True,
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalisers_never_crash_and_are_idempotent(text: str) -> None:
    for normalise in NORMALISERS:
        once = normalise(text)
        assert once is None or isinstance(once, str)
        if once is not None:
            assert normalise(once) == once, (normalise.__name__, text, once)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_any_clock_time_round_trips_in_both_notations(h: int, m: int) -> None:
    twelve = f"{(h % 12) or 12}:{m:02d} {'p.m.' if h >= 12 else 'a.m.'}"
    assert normalize_time(twelve) == normalize_time(f"{h:02d}:{m:02d}") == f"{h:02d}:{m:02d}"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_grouped_integers_parse_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert normalize_number(f"{n:,}") == str(n)
