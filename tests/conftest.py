"""Shared fixtures: a store on every backend available, and a small case to put in it.

``store`` runs a test once on a SQLite file and, when ``VERACITY_TEST_POSTGRES_URL`` is set (as
``.ci/run`` does), once more on PostgreSQL in a fresh schema dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from veracity.model import (
    Document,
    Evidence,
    Proposition,
    PropositionKind,
    Resolution,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from veracity.store import RecordAccess, Store, open_store, resolve_url

POSTGRES_URL = os.environ.get("VERACITY_TEST_POSTGRES_URL")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL, reason="set VERACITY_TEST_POSTGRES_URL to test PostgreSQL"
            ),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'veracity.db'}"
        return
    base = resolve_url(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()


def kremlin_records() -> dict[str, list]:
    """A small case with every kind of record and every awkward value: unicode, None, times."""
    text_ = "Трамп и Путин говорили? «Это чистый вымысел», — сказал Песков."
    moscow = timezone(timedelta(hours=3))
    return {
        "sources": [
            Source("peskov", "Dmitry Peskov", SourceKind.PERSON, parent_id="kremlin"),
            Source("kremlin", "The Kremlin", SourceKind.INSTITUTION, url="http://kremlin.ru"),
            Source("wapo", "The Washington Post", SourceKind.OUTLET, description="US daily"),
            Source("familiar", "People familiar with the call", SourceKind.GROUP),
        ],
        "documents": [
            Document(
                "d1",
                text=text_,
                content_hash="h-d1",
                url="https://example.org/peskov",
                outlet_id="wapo",
                published=datetime(2024, 11, 11, 10, 5, tzinfo=moscow),
                retrieved=datetime(2024, 11, 12, 8, 0, 0, 123456, tzinfo=UTC),
            )
        ],
        "propositions": [
            Proposition("P1", "Trump and Putin spoke by phone on 2024-11-07."),
            Proposition(
                "P2",
                "The date of the call",
                kind=PropositionKind.CATEGORICAL,
                values=("2024-11-07", "2024-11-08", "none"),
                question_id="Q1",
            ),
        ],
        "statements": [
            Statement(
                "s1",
                "wapo",
                "P1",
                Stance.ASSERTS,
                time=date(2024, 11, 10),
                quote="Trump spoke with Putin",
                cites_source_id="familiar",
                reference="https://www.washingtonpost.com/",
            ),
            Statement(
                "s2",
                "peskov",
                "P1",
                Stance.DENIES,
                time=datetime(2024, 11, 11, 12, 0, tzinfo=moscow),
                quote="«Это чистый вымысел»",
                document_id="d1",
                span_start=24,
                span_end=43,
            ),
            Statement(
                "s3",
                "wapo",
                "P2",
                Stance.HEDGES,
                value="2024-11-07",
                time=datetime(2024, 11, 10, 9, 30),
            ),
        ],
        "evidence": [
            Evidence("e1", "Readout pattern of earlier calls", "P1", 2.5, time=date(2024, 11, 12)),
            Evidence("e2", "No Kremlin readout", None, 0.8, confidence="low"),
        ],
        "resolutions": [
            Resolution(
                "r1",
                "P2",
                "2024-11-07",
                reference="later reporting",
                resolved_on=date(2024, 12, 1),
                note="ünïcödé ✓",
            ),
        ],
    }


@pytest.fixture
def records() -> dict[str, list]:
    return kremlin_records()


def fill(store: Store, records: dict[str, list]) -> None:
    """Write a records dict (as ``kremlin_records`` returns) in one transaction."""
    with store.transaction() as tx:
        write_records(tx, records)


def write_records(target: RecordAccess, records: dict[str, list]) -> None:
    """Write a records dict through a store or a transaction, in dependency order."""
    target.add_sources(records.get("sources", []))
    target.add_documents(records.get("documents", []))
    target.add_propositions(records.get("propositions", []))
    target.add_statements(records.get("statements", []))
    target.add_evidence(records.get("evidence", []))
    target.add_resolutions(records.get("resolutions", []))


# -- hypothesis: any valid content -----------------------------------------------------------------

# Any text PostgreSQL and UTF-8 can hold: no NUL, no lone surrogates.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
)
optional = st.none() | texts
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
datetimes = st.datetimes(timezones=st.none() | offsets)
times = st.none() | st.dates() | datetimes
# Ids with characters that CSV and JSON must quote or escape.
ID_TAILS = ["", " ", "é", "Ж", ",", '"', "|", "\n"]


@st.composite
def contents(draw) -> dict[str, list]:
    """A valid set of records: unique ids, references that exist, values that fit."""
    ids = iter(range(10**6))

    def new_id(prefix: str) -> str:
        tail = draw(st.sampled_from(ID_TAILS))
        return f"{prefix}{next(ids)}{tail}"

    n_sources = draw(st.integers(1, 5))
    source_ids = [new_id("s") for _ in range(n_sources)]
    sources = [
        Source(
            sid,
            draw(texts),
            draw(st.sampled_from(list(SourceKind))),
            parent_id=draw(
                st.none() | st.sampled_from([x for x in source_ids if x != sid] or [None])
            ),
            description=draw(optional),
            url=draw(optional),
        )
        for sid in source_ids
    ]
    documents = [
        Document(
            new_id("d"),
            text=draw(texts),
            content_hash=draw(texts),
            url=draw(optional),
            title=draw(optional),
            outlet_id=draw(st.none() | st.sampled_from(source_ids)),
            published=draw(st.none() | datetimes),
            retrieved=draw(st.none() | datetimes),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    propositions = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            propositions.append(Proposition(new_id("p"), draw(texts), question_id=draw(optional)))
        else:
            values = tuple(draw(st.lists(texts, min_size=2, max_size=4, unique=True)))
            kind = draw(st.sampled_from([PropositionKind.CATEGORICAL, PropositionKind.NUMERIC]))
            propositions.append(Proposition(new_id("p"), draw(texts), kind, values))
    statements = []
    for _ in range(draw(st.integers(0, 6))):
        p = draw(st.sampled_from(propositions))
        doc = draw(st.none() | st.sampled_from(documents)) if documents else None
        span = (None, None)
        if draw(st.booleans()):
            limit = len(doc.text) if doc else 2**31 - 1
            a, b = sorted(draw(st.lists(st.integers(0, limit), min_size=2, max_size=2)))
            span = (a, b)
        statements.append(
            Statement(
                new_id("st"),
                draw(st.sampled_from(source_ids)),
                p.id,
                draw(st.sampled_from(list(Stance))),
                draw(st.sampled_from(p.values)),
                time=draw(times),
                quote=draw(optional),
                document_id=doc.id if doc else None,
                span_start=span[0],
                span_end=span[1],
                cites_source_id=draw(st.none() | st.sampled_from(source_ids)),
                reference=draw(optional),
                corrected=draw(st.booleans()),
            )
        )
    evidence = [
        Evidence(
            new_id("e"),
            draw(texts),
            draw(st.none() | st.sampled_from([p.id for p in propositions])),
            draw(st.floats(min_value=1e-300, max_value=1e300, allow_subnormal=False)),
            reference=draw(optional),
            time=draw(times),
            confidence=draw(optional),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    resolutions = []
    for p in draw(st.lists(st.sampled_from(propositions), max_size=3)):
        resolutions.append(
            Resolution(
                new_id("r"),
                p.id,
                draw(st.sampled_from(p.values)),
                reference=draw(optional),
                resolved_on=draw(st.none() | st.dates()),
                note=draw(optional),
            )
        )
    return {
        "sources": sources,
        "documents": documents,
        "propositions": propositions,
        "statements": statements,
        "evidence": evidence,
        "resolutions": resolutions,
    }
