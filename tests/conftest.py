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
from veracity.store import Store, open_store, resolve_url

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
        tx.add_sources(records.get("sources", []))
        tx.add_documents(records.get("documents", []))
        tx.add_propositions(records.get("propositions", []))
        tx.add_statements(records.get("statements", []))
        tx.add_evidence(records.get("evidence", []))
        tx.add_resolutions(records.get("resolutions", []))
