"""The store suite: on SQLite always, on PostgreSQL when VERACITY_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Column, Integer, Table, Text, inspect, select

import veracity.store.bulk as store_module
from conftest import contents, fill, write_records
from veracity.errors import ConfigError, InputError, NotFoundError
from veracity.model import (
    Assessment,
    Contribution,
    Document,
    Evidence,
    Proposition,
    PropositionAssessment,
    Resolution,
    Source,
    SourceReliability,
    Stance,
    Statement,
)
from veracity.store import KINDS, MIGRATIONS, Migration, Store, open_store, resolve_url
from veracity.store import columns as columns_module
from veracity.store import migrations as migrations_module
from veracity.store.schema import CORE_TABLES, metadata

# -- schema and migrations ------------------------------------------------------------------


def test_a_fresh_store_has_every_table_and_records_its_migrations(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {t.name for t in CORE_TABLES} | {"veracity_migrations"} <= names
    with store.engine.connect() as conn:
        done = migrations_module.applied(conn)
    assert [(m.version, m.name) for m in done] == [(m.version, m.name) for m in MIGRATIONS]
    assert done[0].applied_at.tzinfo is not None
    assert store.pending_migrations() == []


def test_reopening_applies_nothing_and_keeps_the_data(store_url: str, records) -> None:
    with open_store(store_url) as first:
        fill(first, records)
    with open_store(store_url) as second:
        assert second.migrate() == []
        assert [s.id for s in second.sources()] == [s.id for s in records["sources"]]


def test_a_feature_migration_appended_to_the_list_creates_its_table(store: Store) -> None:
    tags = Table(
        "test_feature_tags",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("statement_id", Text),
        extend_existing=True,
    )
    feature = Migration(MIGRATIONS[-1].version + 1, "test_feature", lambda conn: tags.create(conn))
    try:
        applied = migrations_module.migrate(store.engine, [*MIGRATIONS, feature])
        assert applied == [feature]
        assert "test_feature_tags" in store.counts()
        assert migrations_module.migrate(store.engine, [*MIGRATIONS, feature]) == []
        # Code that does not know migration 2 refuses the store rather than misread it.
        with store.engine.connect() as conn, pytest.raises(ConfigError, match="newer veracity"):
            migrations_module.pending(conn)
    finally:
        metadata.remove(tags)


def test_a_failing_migration_leaves_no_trace(store: Store) -> None:
    def broken(conn) -> None:
        Table("test_half", metadata, Column("id", Integer, primary_key=True)).create(conn)
        raise RuntimeError("boom")

    try:
        with pytest.raises(RuntimeError):
            migrations_module.migrate(store.engine, [*MIGRATIONS, Migration(99, "broken", broken)])
    finally:
        metadata.remove(metadata.tables["test_half"])
    assert "test_half" not in inspect(store.engine).get_table_names()
    assert store.pending_migrations() == []


def test_migration_order_is_checked() -> None:
    migrations_module.check_order(MIGRATIONS)
    with pytest.raises(ConfigError, match="increase"):
        migrations_module.check_order([Migration(2, "b", "x:y"), Migration(1, "a", "x:y")])
    with pytest.raises(ConfigError, match="unique"):
        migrations_module.check_order([Migration(1, "a", "x:y"), Migration(2, "a", "x:y")])


# -- round trips ----------------------------------------------------------------------------


def test_every_kind_of_record_round_trips_exactly(store: Store, records) -> None:
    fill(store, records)
    assert store.sources() == records["sources"]
    assert store.documents() == records["documents"]
    assert store.propositions() == records["propositions"]
    assert store.statements() == records["statements"]
    assert store.evidence() == records["evidence"]
    assert store.resolutions() == records["resolutions"]


def test_times_keep_their_type_and_timezone(store: Store, records) -> None:
    fill(store, records)
    s1, s2, s3 = store.statements()
    assert type(s1.time).__name__ == "date"
    assert s2.time.utcoffset() == timedelta(hours=3)
    assert s3.time.tzinfo is None  # naive stays naive
    assert store.document("d1").retrieved.microsecond == 123456


def test_single_lookups_and_missing_ids(store: Store, records) -> None:
    fill(store, records)
    assert store.source("kremlin").url == "http://kremlin.ru"
    assert store.proposition("P2").values == ("2024-11-07", "2024-11-08", "none")
    assert store.document_by_hash("h-d1").id == "d1"
    assert store.document_by_hash("nope") is None
    for lookup in (store.source, store.proposition, store.document, store.statement):
        with pytest.raises(NotFoundError, match="'nope'"):
            lookup("nope")


def test_statement_filters(store: Store, records) -> None:
    fill(store, records)
    assert [s.id for s in store.statements(proposition_id="P1")] == ["s1", "s2"]
    assert [s.id for s in store.statements(source_id="wapo")] == ["s1", "s3"]
    assert [s.id for s in store.statements(document_id="d1")] == ["s2"]
    assert [s.id for s in store.statements(proposition_id="P2", source_id="peskov")] == []
    assert [e.id for e in store.evidence(proposition_id="P1")] == ["e1"]


def test_listings_keep_insertion_order_across_batches(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SIZE", 7)
    ids = [f"src{n}" for n in range(50, 0, -1)]  # not in sorted order
    assert store.add_sources(Source(i, i.upper()) for i in ids) == 50
    assert [s.id for s in store.stream("sources")] == ids


def test_counts_cover_every_table(store: Store, records) -> None:
    fill(store, records)
    counts = store.counts()
    assert counts["sources"] == 4
    assert counts["statements"] == 3
    assert counts["evidence"] == 2
    assert counts["veracity_migrations"] == len(MIGRATIONS)


class _Rollback(Exception):
    """Raised to end a transaction without committing."""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=contents())
def test_any_valid_content_reads_back_as_written(store: Store, content) -> None:
    # Every example writes into a transaction that is then rolled back: the store stays empty
    # between examples, on PostgreSQL as on SQLite.
    with pytest.raises(_Rollback), store.transaction() as tx:
        write_records(tx, content)
        for kind in KINDS:
            assert list(tx.stream(kind)) == content[kind], kind
        raise _Rollback
    assert store.counts()["sources"] == 0


# -- refusals: nothing half-written ----------------------------------------------------------


def _refused(store: Store, action, *, field: str, match: str | None) -> InputError:
    before = store.counts()
    with pytest.raises(InputError, match=match) as info:
        action()
    assert info.value.field == field
    assert store.counts() == before
    return info.value


def test_duplicate_ids_are_refused(store: Store, records) -> None:
    fill(store, records)
    _refused(
        store,
        lambda: store.add_sources([Source("new", "New"), Source("wapo", "Again")]),
        field="id",
        match="already in the store",
    )
    err = _refused(
        store,
        lambda: store.add_propositions([Proposition("P9", "x"), Proposition("P9", "y")]),
        field="id",
        match="appears twice",
    )
    assert err.index == 1


def test_duplicates_across_batches_are_refused(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SIZE", 3)
    sources = [Source(f"s{n}", "x") for n in range(5)] + [Source("s1", "again")]
    err = _refused(store, lambda: store.add_sources(sources), field="id", match="'s1'")
    assert err.index == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_id": "nobody"}, "source"),
        ({"proposition_id": "P404"}, "proposition"),
        ({"cites_source_id": "nobody"}, "cites"),
        ({"document_id": "d404"}, "document"),
        ({"value": "maybe"}, "value"),
        ({"document_id": "d1", "span_start": 5, "span_end": 5000}, "span"),
    ],
)
def test_bad_statement_references_name_the_field(store: Store, records, change, field) -> None:
    fill(store, records)
    bad = dataclasses.replace(Statement("s9", "wapo", "P1"), **change)
    good = Statement("s8", "wapo", "P1")
    err = _refused(store, lambda: store.add_statements([good, bad]), field=field, match=None)
    assert err.index == 1


def test_other_unknown_references(store: Store, records) -> None:
    fill(store, records)
    _refused(
        store,
        lambda: store.add_resolutions([Resolution("r9", "P404", "true")]),
        field="proposition",
        match="unknown proposition 'P404'",
    )
    _refused(
        store,
        lambda: store.add_resolutions([Resolution("r9", "P1", "2024-11-07")]),
        field="value",
        match="not a value",
    )
    _refused(
        store,
        lambda: store.add_evidence([Evidence("e9", "x", "P404")]),
        field="proposition",
        match="P404",
    )
    _refused(
        store,
        lambda: store.add_documents([Document("d9", "t", "h", outlet_id="nobody")]),
        field="outlet",
        match="nobody",
    )
    _refused(
        store,
        lambda: store.add_evidence([Evidence("e9", "x", "P1", float("inf"))]),
        field="likelihood_ratio",
        match="likelihood_ratio",
    )


def test_a_parent_may_come_later_in_the_same_call(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SIZE", 2)
    chain = [Source(f"c{n}", "x", parent_id=f"c{n + 1}") for n in range(5)] + [Source("c5", "x")]
    assert store.add_sources(chain) == 6
    assert store.source("c0").parent_id == "c1"


def test_an_unknown_parent_is_refused(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SIZE", 2)
    sources = [Source("a", "A"), Source("b", "B", parent_id="ghost"), Source("c", "C")]
    err = _refused(store, lambda: store.add_sources(sources), field="parent", match="'ghost'")
    assert err.index == 1
    _refused(
        store,
        lambda: store.add_sources([Source("me", "Me", parent_id="me")]),
        field="parent",
        match="itself",
    )


def test_a_transaction_is_all_or_nothing(store: Store, records) -> None:
    before = store.counts()
    with pytest.raises(InputError), store.transaction() as tx:
        tx.add_sources(records["sources"])
        tx.add_propositions(records["propositions"])
        assert tx.source("wapo").name == "The Washington Post"  # visible inside
        tx.add_statements([Statement("s1", "wapo", "P404")])
    assert store.counts() == before


def test_a_listing_inside_a_transaction_does_not_disturb_later_writes(store: Store) -> None:
    # A streamed read used to leave the connection streaming, breaking later INSERTs (PG).
    with store.transaction() as tx:
        tx.add_sources([Source("a", "A")])
        assert [s.id for s in tx.sources()] == ["a"]
        tx.add_sources([Source("b", "B")])
    assert [s.id for s in store.sources()] == ["a", "b"]


# -- corrections and re-extraction -------------------------------------------------------------


def test_update_statement_marks_it_corrected(store: Store, records) -> None:
    fill(store, records)
    fixed = dataclasses.replace(store.statement("s2"), stance=Stance.HEDGES, quote="edited")
    store.update_statement(fixed)
    again = store.statement("s2")
    assert again.stance is Stance.HEDGES and again.quote == "edited" and again.corrected
    with pytest.raises(NotFoundError):
        store.update_statement(Statement("s404", "wapo", "P1"))
    _refused(
        store,
        lambda: store.update_statement(dataclasses.replace(fixed, source_id="nobody")),
        field="source",
        match="nobody",
    )


def test_re_extraction_replaces_all_but_corrected_statements(store: Store, records) -> None:
    fill(store, records)
    store.update_statement(dataclasses.replace(store.statement("s1"), quote="analyst"))
    rerun = [
        Statement("s1", "wapo", "P1", quote="machine"),
        Statement("s2", "peskov", "P1", Stance.DENIES, quote="machine"),
        Statement("s4", "kremlin", "P1", Stance.DENIES, quote="machine"),
    ]
    assert store.add_statements(rerun, replace=True) == 2
    assert store.statement("s1").quote == "analyst"
    assert store.statement("s2").quote == "machine"
    assert store.statement("s4").quote == "machine"
    with pytest.raises(InputError, match="already in the store"):
        store.add_statements(rerun)


# -- assessments ------------------------------------------------------------------------------


def _assessment(aid: str, method: str = "track_record") -> Assessment:
    return Assessment(
        id=aid,
        method=method,
        parameters={"prior": [1, 1], "note": "β"},
        created=datetime(2026, 11, 26, 20, 0, tzinfo=timezone(timedelta(hours=-5))),
        data_version="abc123",
        propositions=(
            PropositionAssessment(
                "P1",
                {"true": 0.8, "false": 0.2},
                interval=(0.6, 0.93),
                contributions=(
                    Contribution("s1", "wapo", Stance.ASSERTS, "true", 1.5, "record 3/4"),
                    Contribution("s2", "peskov", Stance.DENIES, "true", -0.2, "cites", False),
                ),
            ),
            PropositionAssessment("P2", {"2024-11-07": 1.0}),
        ),
        sources=(
            SourceReliability("wapo", 0.75, (0.5, 0.9), 4, 3, "Beta(1,1) prior"),
            SourceReliability("peskov", 0.2),
        ),
        iterations=3,
        converged=False,
        notes=("first", "second"),
    )


def test_assessments_round_trip_and_the_latest_is_found(store: Store) -> None:
    assert store.latest_assessment() is None
    first = _assessment("a1")
    store.save_assessment(first)
    store.save_assessment(_assessment("a2", method="majority_vote"))
    assert store.assessment("a1") == first
    assert store.latest_assessment().id == "a2"
    assert store.latest_assessment("track_record") == first
    assert store.latest_assessment("nothing") is None
    with pytest.raises(InputError, match="already"):
        store.save_assessment(first)
    with pytest.raises(NotFoundError):
        store.assessment("a404")


def test_unstorable_parameters_are_refused(store: Store) -> None:
    bad = dataclasses.replace(_assessment("a1"), parameters={"f": object()})
    _refused(store, lambda: store.save_assessment(bad), field="parameters", match="parameters")


# -- where the store lives ---------------------------------------------------------------------


def test_url_resolution(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("VERACITY_DB", raising=False)
    assert resolve_url(None).database == "veracity.db"
    monkeypatch.setenv("VERACITY_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    assert resolve_url("x.db").get_backend_name() == "sqlite"
    assert resolve_url("postgresql://u:secret@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert "secret" not in str(resolve_url("postgresql://u:secret@h/db"))
    with pytest.raises(ConfigError, match="SQLite or PostgreSQL"):
        resolve_url("mysql://u@h/db")


def test_a_missing_folder_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "x.db"))


def test_a_file_that_is_not_a_database_is_a_config_error(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    with pytest.raises(ConfigError, match="not a database"):
        open_store(str(path))


def test_a_locked_database_is_a_config_error_not_a_traceback(tmp_path, monkeypatch) -> None:
    import sqlite3

    monkeypatch.setenv("VERACITY_LOCK_WAIT", "0.5")  # writers otherwise wait 600 s, retrying

    from sqlalchemy import event

    path = str(tmp_path / "locked.db")
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with open_store(path, migrate=False) as store:

            @event.listens_for(store.engine, "connect")
            def impatient(dbapi_connection, _record) -> None:
                dbapi_connection.execute("PRAGMA busy_timeout = 100")

            store.engine.dispose()  # new connections get the short timeout
            with pytest.raises(ConfigError, match="locked"):
                store.add_sources([Source("x", "X")])
            assert [s.id for s in store.sources()] == []  # WAL: reading still works
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_unreachable_postgres_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="cannot open the store"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path) -> None:
    with open_store(str(tmp_path / "v.db")) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # The database itself refuses a dangling reference, not only the store's checks.
        from veracity.store.schema import statements

        with pytest.raises(Exception, match="FOREIGN KEY"), store.engine.begin() as conn:
            conn.execute(
                statements.insert().values(
                    id="x", source_id="no", proposition_id="no", stance="asserts", value="true"
                )
            )
        with store.engine.connect() as conn:
            assert conn.execute(select(statements.c.id)).all() == []


def test_the_default_store_is_veracity_db_in_the_working_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("VERACITY_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        store.add_sources([Source("a", "A")])
    assert (tmp_path / "veracity.db").exists()


def test_concurrent_writers_queue_instead_of_failing(store_url: str) -> None:
    """Read-then-write transactions from several connections at once all succeed (SQLite: the
    write lock is taken at BEGIN IMMEDIATE, so nobody fails on a lock upgrade half-way)."""
    import threading

    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with open_store(store_url) as mine:
                for j in range(15):
                    with mine.transaction() as tx:
                        tx.sources()
                        tx.add_sources([Source(f"w{k}-{j}", "writer")])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    open_store(store_url).close()
    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as store:
        assert store.counts()["sources"] == 60


# -- columns for fusion ----------------------------------------------------------------------


def _decoded(c) -> list[tuple]:
    """ClaimColumns back to one tuple per row, through the labels."""
    src, prop, val = c.source_labels, c.proposition_labels, c.value_labels
    stance = {1: "asserts", -1: "denies", 0: "hedges"}
    return [
        (
            sid,
            src[c.source[k]],
            prop[c.proposition[k]],
            val[c.value[k]],
            stance[int(c.stance[k])],
            None if c.cites[k] < 0 else src[c.cites[k]],
            None if c.resolved_value[k] < 0 else val[c.resolved_value[k]],
        )
        for k, sid in enumerate(c.statement_id.to_pylist())
    ]


def _expected(statements, resolutions) -> list[tuple]:
    resolved = {r.proposition_id: r.value for r in resolutions}  # the latest counts
    return [
        (
            s.id,
            s.source_id,
            s.proposition_id,
            s.value,
            str(s.stance),
            s.cites_source_id,
            resolved.get(s.proposition_id),
        )
        for s in statements
    ]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=contents())
def test_claim_columns_match_the_statements(store: Store, content, monkeypatch) -> None:
    monkeypatch.setattr(columns_module, "CHUNK_ROWS", 2)  # several chunks per read
    with pytest.raises(_Rollback), store.transaction() as tx:
        write_records(tx, content)
        statements, resolutions = tx.statements(), tx.resolutions()
        every = _expected(statements, resolutions)
        assert _decoded(tx.claim_columns(exclude_resolved=False)) == every
        assert _decoded(tx.claim_columns()) == [row for row in every if row[-1] is None]
        resolved = tx.resolved_claim_columns()
        assert _decoded(resolved) == [row for row in every if row[-1] is not None]
        assert resolved.holds.tolist() == [row[3] == row[-1] for row in every if row[-1]]
        raise _Rollback


def test_claim_columns_code_labels_in_order_of_first_appearance(store: Store, records) -> None:
    fill(store, records)
    store.add_statements(
        [
            Statement("x1", "peskov", "P1", Stance.DENIES, cites_source_id="wapo"),
            Statement("x2", "wapo", "P1", Stance.HEDGES),
        ]
    )
    c = store.claim_columns(exclude_resolved=False)
    n = len(store.statements())
    assert len(c) == n and c.source.dtype == np.int32 and c.stance.dtype == np.int8
    # labels appear in the order rows first name them; a cited source shares the speakers' codes
    firsts = list(dict.fromkeys(s.source_id for s in store.statements()))
    assert c.source_labels.tolist()[: len(firsts)] == firsts
    assert c.source_labels[c.cites[-2]] == "wapo"
    assert c.stance[-2:].tolist() == [-1, 0]


def test_claim_columns_of_an_empty_store(store: Store) -> None:
    c = store.claim_columns()
    assert len(c) == 0 and len(c.statement_id) == 0 and c.source_labels.size == 0


# -- bulk statement writes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Statement("late", "nobody", "P1"), "source"),
        (Statement("late", "wapo", "P1", cites_source_id="nobody"), "cites"),
        (Statement("s1", "wapo", "P1"), "id"),  # already stored
    ],
)
def test_the_database_refusing_a_later_batch_names_the_record(
    store: Store, records, monkeypatch, bad, field
) -> None:
    # Unknown sources and stored ids pass the in-memory screen and are refused by the
    # database's keys: the batch is undone and the record-by-record checks name the culprit.
    fill(store, records)
    before = store.counts()
    monkeypatch.setattr(store_module, "BATCH_SIZE", 3)
    good = [Statement(f"g{n}", "wapo", "P1") for n in range(7)]
    err = _refused(store, lambda: store.add_statements([*good, bad]), field=field, match=None)
    assert err.index == 7
    assert store.counts() == before


def test_statement_rows_and_statements_write_the_same(store: Store, records) -> None:
    from veracity.store.rows import statement_tuple

    fill(store, records)
    made = [
        Statement("t1", "wapo", "P1", Stance.HEDGES, time=datetime(2024, 1, 2, 3, 4, tzinfo=UTC)),
        Statement(
            "t2",
            "peskov",
            "P1",
            Stance.DENIES,
            quote="no",
            document_id="d1",
            span_start=0,
            span_end=2,
            cites_source_id="wapo",
            corrected=True,
        ),
    ]
    assert store.add_statement_rows(statement_tuple(s) for s in made) == 2
    assert [store.statement(s.id) for s in made] == made


def _statement_indexes(store: Store) -> list[tuple[str, tuple[str, ...]]]:
    found = inspect(store.engine).get_indexes("statements")
    return sorted((i["name"], tuple(i["column_names"])) for i in found)


def test_a_large_import_leaves_every_index_in_place(store: Store, records, monkeypatch) -> None:
    # With tiny batches, an import that doubles the table drops the secondary indexes on
    # SQLite and builds them again; a failed one rolls the drop back.
    fill(store, records)
    indexes = _statement_indexes(store)
    assert len(indexes) >= 5
    monkeypatch.setattr(store_module, "BATCH_SIZE", 3)
    many = [Statement(f"m{n}", "wapo", "P1") for n in range(20)]
    assert store.add_statements(many) == 20
    assert _statement_indexes(store) == indexes
    bad = [Statement(f"b{n}", "wapo", "P1") for n in range(30)] + [Statement("m3", "wapo", "P1")]
    err = _refused(store, lambda: store.add_statements(bad), field="id", match="'m3'")
    assert err.index == 30
    assert _statement_indexes(store) == indexes
    assert [s.id for s in store.statements(source_id="wapo")][-20:] == [s.id for s in many]
