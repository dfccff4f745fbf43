"""Migration "claimreview": who established a resolution (``resolutions.source_id``).

A fact-checker's ClaimReview resolves a proposition, and the fact-checker is the resolution's
source: the column says whose verdict made the track record, so an analyst can weigh or drop one
checker's verdicts. A store created by migration 1 after this column joined ``schema.resolutions``
already has it (``create_all`` builds the table as declared); an older store gets it here, with
the same index, so both end up with the same schema.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from veracity.store.schema import resolutions


def migrate(conn: Connection) -> None:
    """Add ``resolutions.source_id`` (a reference to ``sources.id``) where it is missing."""
    columns = {c["name"] for c in inspect(conn).get_columns(resolutions.name)}
    if "source_id" in columns:
        return
    quote = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(
        f"ALTER TABLE {quote(resolutions.name)} ADD COLUMN source_id TEXT "
        f"REFERENCES {quote('sources')} (id)"
    )
    for index in resolutions.indexes:
        if [c.name for c in index.columns] == ["source_id"]:
            index.create(conn)
