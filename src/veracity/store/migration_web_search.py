"""Migration "web_search": a full-text index on statements' quotes, for the workbench search.

``LIKE '%words%'`` reads every statement (300 ms at 100k on a busy machine, and again for the
count and each facet). With an index, a search is a lookup:

- SQLite: an FTS5 table over ``statements.quote`` with external content (the text is not
  stored twice), kept in step by triggers on insert, update of the quote, and delete.
- PostgreSQL: a GIN index on ``to_tsvector('simple', quote)`` (the ``simple`` configuration:
  no stemming or stop words, as with FTS5's ``unicode61``), maintained by PostgreSQL itself.

``veracity.store.browse`` searches statements through it: each word of the query must occur
in the quote, the last one as a word or a word's beginning ("denied" finds "denied", "fake
new" finds "fake news"); other tables keep the substring search (they are small).
"""

from __future__ import annotations

from sqlalchemy import Connection

FTS_TABLE = "statements_fts"
PG_INDEX = "ix_statements_quote_fts"

_SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(quote, content='statements', "
    "content_rowid='seq', tokenize='unicode61 remove_diacritics 2')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON statements BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, quote) VALUES (new.seq, new.quote); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON statements BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, quote) VALUES ('delete', old.seq, old.quote); "
    "END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF quote ON statements BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, quote) VALUES ('delete', old.seq, old.quote); "
    f"INSERT INTO {FTS_TABLE}(rowid, quote) VALUES (new.seq, new.quote); END",
]

_POSTGRES = [
    f"CREATE INDEX {PG_INDEX} ON statements USING gin (to_tsvector('simple', coalesce(quote, '')))",
]


def migrate(conn: Connection) -> None:
    """Create the index (inside the migration's transaction)."""
    for sql in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRES:
        conn.exec_driver_sql(sql)
