"""Statements as columns for fusion: integer codes and their labels, no Python object per row.

``assess`` needs, for every statement, who said it, about which proposition, which value, with
what stance and citing whom; for millions of statements a ``Statement`` per row costs more than
the fusion. Here rows are fetched in chunks, each chunk becomes Arrow string arrays, and Arrow's
dictionary encoding turns them into integer codes (in order of first appearance, as
``veracity.fusion.claims`` numbers labels). Only the labels (a few per source, proposition and
value) are Python strings; the statement ids stay one Arrow string array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Connection, Select, case, func, select

from veracity.model import STANCE_CODE
from veracity.store import schema

if TYPE_CHECKING:  # pyarrow loads on first use: every CLI command imports the store
    import pyarrow as pa

#: statements fetched per chunk while reading columns
CHUNK_ROWS = 50_000
#: the code of "no such source" in ``cites`` and "no resolution" in ``resolved_value``
NONE = -1


@dataclass(frozen=True, eq=False)
class ClaimColumns:
    """Statements as parallel columns, in the order they were stored.

    ``source`` and ``cites`` share one coding (``source_labels``), so a cited source and the
    same source speaking get the same code; ``cites`` is ``NONE`` where nothing is cited.
    ``value`` codes the value text (``value_labels``) across all propositions: pair it with
    ``proposition`` for per-proposition candidates. ``resolved_value`` (same coding as
    ``value``) is filled by ``Store.resolved_claim_columns`` only, ``NONE`` elsewhere.
    """

    statement_id: pa.ChunkedArray  # strings (chunks of CHUNK_ROWS), one per row
    source: np.ndarray  # int32 codes into source_labels
    proposition: np.ndarray  # int32 codes into proposition_labels
    value: np.ndarray  # int32 codes into value_labels
    stance: np.ndarray  # int8: +1 asserts, -1 denies, 0 hedges
    cites: np.ndarray  # int32 codes into source_labels, NONE if no citation
    resolved_value: np.ndarray  # int32 codes into value_labels, NONE if not resolved
    source_labels: np.ndarray  # object array of str
    proposition_labels: np.ndarray
    value_labels: np.ndarray

    def __len__(self) -> int:
        return int(self.source.shape[0])

    @property
    def holds(self) -> np.ndarray:
        """Per row: the stated value is the resolved one (False where unresolved)."""
        return (self.value == self.resolved_value) & (self.resolved_value != NONE)


def statement_query(*, resolved: bool | None) -> Select[Any]:
    """The statement columns in insertion order; ``resolved`` True/False keeps only statements
    on propositions with / without a resolution (None: all), with the latest resolution's value.
    """
    st, res = schema.statements, schema.resolutions
    latest = (
        select(res.c.proposition_id, func.max(res.c.seq).label("seq"))
        .group_by(res.c.proposition_id)
        .subquery("latest")
    )
    final = (
        select(res.c.proposition_id, res.c.value)
        .join(latest, latest.c.seq == res.c.seq)
        .subquery("final")
    )
    columns = (
        st.c.id,
        st.c.source_id,
        st.c.proposition_id,
        st.c.value,
        case(
            *((st.c.stance == str(text), code) for text, code in STANCE_CODE.items() if code),
            else_=0,
        ).label("stance"),
        st.c.cites_source_id,
        final.c.value.label("resolved_value"),
    )
    query = select(*columns).select_from(
        st.outerjoin(final, final.c.proposition_id == st.c.proposition_id)
    )
    if resolved is True:
        query = query.where(final.c.proposition_id.is_not(None))
    elif resolved is False:
        query = query.where(final.c.proposition_id.is_(None))
    return query.order_by(st.c.seq)


def read_claim_columns(conn: Connection, *, resolved: bool | None) -> ClaimColumns:
    """Run ``statement_query`` and encode it chunk by chunk (memory: the columns, plus one
    chunk of rows).

    The rows come from the driver's own cursor (SQLAlchemy's ``Row`` per row cost more than
    the rest together) — a server-side cursor on PostgreSQL — and each chunk of tuples becomes
    one Arrow struct array in a single call.
    """
    import pyarrow as pa

    names = ("id", "source", "proposition", "value", "stance", "cites", "resolved")
    row_type = pa.struct([(n, pa.int8() if n == "stance" else pa.string()) for n in names])
    query = statement_query(resolved=resolved)  # its only literals are the stance names
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    chunks: list[pa.StructArray] = []
    raw = conn.connection.driver_connection
    assert raw is not None  # an open connection always has its driver's
    postgres = conn.dialect.name == "postgresql"
    cursor = raw.cursor(name="veracity_claim_columns") if postgres else raw.cursor()
    try:
        cursor.execute(sql)
        while part := cursor.fetchmany(CHUNK_ROWS):
            chunks.append(pa.array(part, type=row_type))
    finally:
        cursor.close()
    # Columns stay in their chunks (no copy of the whole text); codes are unified across them.
    col = {n: [c.field(n) for c in chunks] for n in names}
    n = sum(len(c) for c in chunks)
    # source and cites share one dictionary; value and resolved value another
    sources, source_labels = _encode(col["source"] + col["cites"])
    values, value_labels = _encode(col["value"] + col["resolved"])
    proposition, proposition_labels = _encode(col["proposition"])
    stance = pa.chunked_array(col["stance"], type=pa.int8()).to_numpy()
    return ClaimColumns(
        statement_id=pa.chunked_array(col["id"], type=pa.string()),
        source=sources[:n],
        proposition=proposition,
        value=values[:n],
        stance=stance.astype(np.int8, copy=False),
        cites=sources[n:],
        resolved_value=values[n:],
        source_labels=source_labels,
        proposition_labels=proposition_labels,
        value_labels=value_labels,
    )


def _encode(chunks: list[pa.Array]) -> tuple[np.ndarray, np.ndarray]:
    """int32 codes in order of first appearance (nulls -> ``NONE``) and the labels."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not chunks:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=object)
    encoded = pc.dictionary_encode(pa.chunked_array(chunks)).unify_dictionaries()
    indices = pa.chunked_array([c.indices for c in encoded.chunks])
    codes = pc.fill_null(indices, NONE).to_numpy()
    labels = encoded.chunks[0].dictionary.to_numpy(zero_copy_only=False).astype(object)
    return codes.astype(np.int32, copy=False), labels
