"""One source per real-world speaker, and never one for two: full names, initials and middle
names, parents, a surname given before the full name, publishers as outlets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.ingest.sources import SourceResolver, _close, same_person
from veracity.model import Source, SourceKind

GIVEN = st.sampled_from(
    [
        "john",
        "joan",
        "mark",
        "mary",
        "bill",
        "hillary",
        "dmitry",
        "dmitri",
        "chris",
        "christopher",
        "christina",
        "alexander",
        "alexandra",
        "george",
        "b",
        "j",
        "h",
    ]
)
MIDDLE = st.lists(st.sampled_from(["bel", "heath", "j", "w", "h", "rodham", "walker"]), max_size=2)
SURNAME = st.sampled_from(["edwards", "mitchell", "clinton", "bush", "peskov"])


def _name(first: str, middle: list[str], last: str) -> str:
    return " ".join([first, *middle, last])


@given(GIVEN, MIDDLE, SURNAME, GIVEN, MIDDLE, SURNAME)
def test_same_person_is_symmetric_and_needs_the_surname(f1, m1, s1, f2, m2, s2):
    a, b = _name(f1, m1, s1), _name(f2, m2, s2)
    assert same_person(a, b) == same_person(b, a)
    if s1 != s2:
        assert not same_person(a, b)


@given(GIVEN, MIDDLE, SURNAME)
def test_a_written_out_middle_name_is_never_ignored(first, middle, surname):
    """With a middle name written out, the name without it is another person's (John Bel
    Edwards is not John Edwards); with initials only, it may be the same one."""
    full = _name(first, middle, surname)
    bare = _name(first, [], surname)
    if any(len(m) > 1 for m in middle):
        assert not same_person(full, bare)
    elif len(first) > 1:
        assert same_person(full, bare)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("john bel edwards", "john edwards", False),
        ("b heath mitchell", "bill mitchell", False),
        ("donald j trump", "donald trump", True),
        ("george h w bush", "george w bush", False),
        ("george herbert walker bush", "george h w bush", True),
        ("dmitri peskov", "dmitry peskov", True),
        ("mark smith", "mary smith", False),
        ("john smith", "joan smith", False),
        ("christopher wallace", "chris wallace", True),
        ("christopher lee", "christina lee", False),
        ("alexander smith", "alexandra smith", False),
        ("phillip morris", "philip morris", True),
        ("al gore jr", "al gore", False),
    ],
)
def test_full_names_of_one_person(a, b, same):
    assert same_person(a, b) is same


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10)


@given(NAME, st.data())
def test_two_given_names_one_letter_apart_are_two_names(name, data):
    """Mark/Mary, John/Joan: one letter changed is another name, unless the two letters spell
    one sound in transliteration (i/y, c/k, s/z)."""
    i = data.draw(st.integers(min_value=1, max_value=len(name) - 1))
    letter = data.draw(st.sampled_from("abdefghjlmnopqrtuvwx"))
    other = name[:i] + letter + name[i + 1 :]
    if {name[i], letter} not in ({"i", "y"}, {"c", "k"}, {"s", "z"}) and other != name:
        assert not _close(name, other)
    assert _close(name, other) == _close(other, name)


def _resolver(*sources: Source) -> SourceResolver:
    return SourceResolver.of_sources(sources)


def test_people_who_merely_share_a_surname_stay_apart_in_either_order():
    for first, second in (
        ("John Edwards", "John Bel Edwards"),
        ("Bill Mitchell", "B. Heath Mitchell"),
    ):
        for a, b in ((first, second), (second, first)):
            r = _resolver()
            assert r.resolve(a, label="PERSON", document_id="doc-1") != r.resolve(
                b, label="PERSON", document_id="doc-2"
            )


def test_a_parent_tells_apart_people_with_one_surname():
    r = _resolver(
        Source("fed", "Federal Reserve", SourceKind.GOVERNMENT),
        Source("pentagon", "Pentagon", SourceKind.GOVERNMENT),
        Source("m1", "Ann Mitchell", SourceKind.PERSON, parent_id="fed"),
        Source("m2", "Tom Mitchell", SourceKind.PERSON, parent_id="pentagon"),
    )
    assert r.resolve("Mitchell", label="PERSON", parent="the Pentagon") == "m2"
    assert r.resolve("Mitchell", label="PERSON", parent="Federal Reserve") == "m1"
    assert r.resolve("Mitchell", label="PERSON") not in ("m1", "m2")  # no way to tell


def test_a_person_with_another_parent_is_another_person():
    r = _resolver(
        Source("kremlin", "The Kremlin", SourceKind.GOVERNMENT),
        Source("peskov", "Dmitry Peskov", SourceKind.PERSON, parent_id="kremlin"),
    )
    assert r.resolve("Peskov", label="PERSON", parent="Kremlin") == "peskov"
    assert r.resolve("Peskov", label="PERSON", parent="Acme Corp") != "peskov"
    assert r.resolve("Dmitry Peskov", label="PERSON", parent="Acme Corp") == "peskov"  # same name


def test_a_surname_before_the_full_name_is_the_same_person_in_that_document():
    r = _resolver()
    a = r.resolve("Cooke", label="PERSON", document_id="doc-1")
    b = r.resolve("Bill Cooke", label="PERSON", document_id="doc-1")
    assert a == b
    sources, _aliases, _ = r.take_new()
    assert [s.name for s in sources] == ["Bill Cooke"]
    assert r.resolve("Cooke", label="PERSON", document_id="doc-2") == a  # one Cooke known


def test_a_surname_from_another_document_is_not_renamed():
    r = _resolver()
    a = r.resolve("Cooke", label="PERSON", document_id="doc-1")
    b = r.resolve("Jennifer Cooke", label="PERSON", document_id="doc-2")
    assert a != b


def test_a_publisher_is_an_outlet_whatever_its_name():
    r = _resolver()
    sid = r.outlet(name="USA Today")
    assert sid is not None and r.sources[sid].kind is SourceKind.OUTLET
    assert r.outlet(name="USA TODAY") == sid


def test_titles_and_stray_brackets_come_off_a_new_persons_name():
    r = _resolver()
    ward = r.resolve("McCain Challenger Kelli Ward", label="PERSON", document_id="doc-1")
    assert r.resolve("Kelli Ward", label="PERSON") == ward
    assert r.sources[ward].name == "Kelli Ward"
    priest = r.resolve("a Catholic priest in America (", document_id="doc-1", described=True)
    assert priest is not None and "(" not in r.sources[priest].name.split(" (in ")[0]


def test_two_people_named_together_are_a_group_of_that_document():
    r = _resolver()
    sid = r.resolve("Mark Blumenthal and Jon Cohen", label="PERSON", document_id="doc-1")
    assert sid is not None and r.sources[sid].kind is SourceKind.GROUP
    assert r.resolve("Mark Blumenthal", label="PERSON") != sid


def test_the_campaign_of_someone_is_one_body_across_documents():
    r = _resolver()
    a = r.resolve("The Trump campaign", document_id="doc-1", described=True)
    b = r.resolve("the Trump campaign", document_id="doc-2", described=True)
    assert a == b and r.sources[a].kind is not SourceKind.PERSON
    assert r.resolve("the campaign", document_id="doc-3", described=True) != a


def test_a_time_is_no_source_and_a_site_is_named_as_readers_know_it():
    r = _resolver()
    assert r.resolve("Thursday morning", document_id="doc-1", described=True) is None
    assert r.resolve("Thursday morning", label="PERSON") is None
    sid = r.outlet(url="https://www.nytimes.com/2016/09/12/us/politics/x.html")
    assert sid is not None and r.sources[sid].name == "The New York Times"
