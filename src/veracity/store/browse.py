"""Paged, searchable, sortable, faceted reading of the record tables, as Datasette's tables.

Which tables and columns are listed, searched, sorted and faceted is ``browse_tables.py``.

One page costs a handful of indexed queries whatever the store's size: the rows of the page
(``size`` + 1, to know whether there is a next one), their count, and a few facet counts. Pages
follow each other by **keyset** (``after``: the sort value and ``seq`` of the last row seen),
never by OFFSET, so page 2,000 is as quick as page 1 and a row added meanwhile is neither
skipped nor shown twice.

Search is ``LIKE '%words%'`` over each table's text columns (case-insensitive on both SQLite
and PostgreSQL through ``lower()``): no index to keep in step with imports, a full scan that
takes tens of milliseconds at 100k rows. A full-text index (FTS5, tsvector) is the next step
when stores grow past a million statements.

>>> from veracity.store import open_store
>>> from veracity.model import Source
>>> store = open_store(":memory:")
>>> _ = store.add_sources([Source(id=f"s{i}", name=f"Source {i}") for i in range(5)])
>>> page = browse(store, "sources", size=2)
>>> [r["id"] for r in page.rows], page.count
(['s0', 's1'], 5)
>>> [r["id"] for r in browse(store, "sources", size=2, after=page.next).rows]
['s2', 's3']
"""

from __future__ import annotations

import base64
import json
import re
import time
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy import (
    column as sql_column,
)
from sqlalchemy import (
    table as sql_table,
)
from sqlalchemy.exc import DBAPIError, OperationalError

from veracity.errors import InputError
from veracity.store import schema
from veracity.store.access import StoreTarget, reading
from veracity.store.browse_tables import SPECS, TableSpec, spec
from veracity.store.migration_web_search import FTS_TABLE

MAX_SIZE = 1000
FACET_SIZE = 10
#: a search counts its matches up to this many, then says "10,000+" (a rare word still scans)
COUNT_CAP = 10_000
#: milliseconds all of a page's facets may take together, as Datasette's facet_time_limit_ms;
#: a facet that would take longer is left out and named, and the page still answers
FACET_BUDGET = 150.0


#: an unfiltered PostgreSQL table estimated to hold more rows than this shows the estimate
ESTIMATE_ABOVE = 100_000


def _estimate(conn: Connection, t: Any) -> int | None:
    """PostgreSQL's estimate of the rows of ``t`` (kept by ANALYZE and autovacuum), when it is
    big; None on SQLite, for a small table, or one never analysed. ``count(*)`` reads every
    row: 42 ms at 160k statements on the shared machine, for a figure the page shows as
    "about"."""
    if conn.dialect.name != "postgresql":
        return None
    got = conn.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:name)"), {"name": t.name}
    ).scalar()
    if got is None or got < ESTIMATE_ABOVE:
        return None
    return int(got)


def _count(
    conn: Connection,
    t: Any,
    where: list[ColumnElement[bool]],
    *,
    capped: bool,
    key: ColumnElement[Any] | None = None,
) -> tuple[int, bool]:
    if not capped:
        return conn.execute(select(func.count()).select_from(t).where(*where)).scalar_one(), False
    inner = select(t.c.seq if key is None else key).where(*where).limit(COUNT_CAP + 1).subquery()
    n = conn.execute(select(func.count()).select_from(inner)).scalar_one()
    return min(n, COUNT_CAP), n > COUNT_CAP


class _Budget:
    """Runs queries until a time budget is spent; a query that would overrun is cut off.

    SQLite: a progress handler interrupts the statement. PostgreSQL: ``statement_timeout``
    inside a savepoint, so a cancelled facet leaves the page's transaction usable.
    """

    def __init__(self, conn: Connection, milliseconds: float) -> None:
        self.conn = conn
        self.deadline = time.perf_counter() + milliseconds / 1000
        self.sqlite = conn.dialect.name == "sqlite"

    def run(self, query: Any) -> list[Any] | None:
        left = self.deadline - time.perf_counter()
        if left <= 0:
            return None
        if self.sqlite:
            raw: Any = self.conn.connection.driver_connection
            deadline = self.deadline
            raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 2000)
            try:
                return list(self.conn.execute(query))
            except OperationalError:
                return None
            finally:
                raw.set_progress_handler(None, 0)
        try:
            with self.conn.begin_nested():
                self.conn.execute(text(f"SET LOCAL statement_timeout = {max(1, int(left * 1000))}"))
                return list(self.conn.execute(query))
        except (OperationalError, DBAPIError):
            return None


@dataclass
class Page:
    """One page of a table: rows, how many rows match, the cursor of the next page, facets."""

    table: str
    rows: list[dict[str, Any]]
    count: int
    next: str | None
    facets: dict[str, list[tuple[Any, int]]]
    sort: str
    desc: bool
    q: str
    filters: dict[str, str]
    labels: dict[str, dict[str, str]]
    #: True when ``count`` is a floor: more rows match than ``COUNT_CAP`` (searches only)
    count_capped: bool = False
    #: facets left out because counting them would have taken longer than the page's budget
    skipped_facets: list[str] = field(default_factory=list)
    #: True when ``count`` is PostgreSQL's own estimate of a big table's rows (``_estimate``)
    count_estimated: bool = False

    def label(self, column: str, value: Any) -> str:
        """The name of what ``value`` in ``column`` points at (the id itself if unknown)."""
        return self.labels.get(column, {}).get(str(value), str(value))


def _column(s: TableSpec, name: str) -> ColumnElement[Any]:
    if name == "month" and s.date:
        return func.substr(s.table.c[s.date], 1, 7)
    return s.table.c[name]


_WORD = re.compile(r"\w+")
#: the SQLite full-text table, to join on its rowid (``migration_web_search``)
_FTS = sql_table(FTS_TABLE, sql_column("rowid", Integer))
#: columns with a handful of values: a poor index to search by when another filter is given
_FEW_VALUES = frozenset({"stance", "corrected", "converged", "kind", "method", "value"})


def _dialect(store: StoreTarget) -> str:
    if isinstance(store, Connection):
        return str(store.dialect.name)
    engine = getattr(store, "engine", None)
    if engine is not None:
        return str(engine.dialect.name)
    with reading(store) as conn:
        return str(conn.dialect.name)


def _fulltext(s: TableSpec, words: list[str], dialect: str) -> ColumnElement[bool]:
    """Every word, the last one as a word or a word's beginning (as one types), through the
    full-text index (see ``migration_web_search``); the words are reduced to letters and
    digits, so a query can never be read as the index's own syntax. Only the last word is a
    prefix: a prefix is a range of the index to merge, and on PostgreSQL two of them made the
    first page of a 27,000-match search take 85 ms against 20 ms (GIN, 140k statements)."""
    t = s.table
    column = t.c[s.fulltext or ""]
    if dialect == "postgresql":
        query = " & ".join([*words[:-1], f"{words[-1]}:*"])
        # coalesce(quote, '') as a literal, exactly as the index is built
        # (``migration_web_search``): a bound parameter there is another expression
        vector = func.to_tsvector(
            literal_column("'simple'"), func.coalesce(column, literal_column("''"))
        )
        return vector.op("@@")(func.to_tsquery(literal_column("'simple'"), query))
    fts = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match").bindparams(
        match=_match(words)
    )
    return t.c.seq.in_(fts.columns(rowid=Integer))


def _match(words: list[str]) -> str:
    """An FTS5 query: each word quoted (never the index's own syntax), the last a prefix."""
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    return " ".join([*quoted[:-1], quoted[-1] + "*"])


def _joins_index(conn: Connection, s: TableSpec, q: str, dialect: str) -> bool:
    """Whether a SQLite search can join the full-text table: yes unless ``q`` is also the id
    of a record (a search finds a statement by its id too; that rare case keeps the OR)."""
    if dialect != "sqlite" or not s.fulltext or not _WORD.findall(q.lower()):
        return False
    return conn.execute(select(s.table.c.id).where(s.table.c.id == q)).first() is None


def _where(
    s: TableSpec,
    q: str,
    filters: Mapping[str, str],
    dialect: str = "sqlite",
    *,
    joined: bool = False,
) -> list[ColumnElement[bool]]:
    """The conditions of a page. ``joined`` (SQLite, see ``_joins_index``): search through
    the full-text table joined on its rowid rather than ``seq IN (its matches)``, which
    copies every match into a temporary table first (50 ms against 8 ms for 19,000 matches
    of 100k statements)."""
    t = s.table
    clauses: list[ColumnElement[bool]] = []
    if q:
        words = _WORD.findall(q.lower())
        if s.fulltext and words and joined:
            match = literal_column(FTS_TABLE).op("MATCH")(_match(words))
            clauses += [t.c.seq == _FTS.c.rowid, match]
        elif s.fulltext and words:
            clauses.append(or_(_fulltext(s, words, dialect), t.c.id == q))
        else:
            pattern = q.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
            pattern = "%" + pattern + "%"
            clauses.append(or_(*(func.lower(t.c[c]).like(pattern, escape="\\") for c in s.search)))
    for name, value in filters.items():
        if name in ("since", "until") and s.date:
            col = t.c[s.date]
            clauses.append(col >= value if name == "since" else col < value)
        elif name == "month" and s.date:
            clauses.append(func.substr(t.c[s.date], 1, 7) == value)
        elif name in s.facets or name in s.columns:
            col = t.c[name]
            if dialect == "sqlite" and name in _FEW_VALUES and len(filters) + bool(q) > 1:
                # SQLite keeps no statistics here (no ANALYZE), so it would pick the index of
                # a column with three values over a selective one (stance over source_id: 58 ms
                # against 2 ms at 100k statements); ``+column`` keeps it off that index
                col = literal_column(  # type: ignore[assignment]
                    f"+{t.name}.{name}", type_=col.type
                )
            if name in ("corrected", "converged"):
                clauses.append(col == (value.lower() in ("1", "true", "yes")))
            elif value == "":
                clauses.append(col.is_(None))
            else:
                clauses.append(col == value)
        else:
            raise InputError(
                f"cannot filter {s.name} on {name!r}; filter on one of "
                f"{', '.join(s.facets + s.columns)}",
                field=name,
            )
    return clauses


def _months(
    conn: Connection, s: TableSpec, where: list[ColumnElement[bool]], budget: _Budget
) -> list[tuple[Any, int]] | None:
    """The month facet as one indexed range count per month (grouping by ``substr(date)``
    reads every row); None past 36 months or when the budget runs out."""
    assert s.date is not None
    col = s.table.c[s.date]
    bounds = budget.run(select(func.min(col), func.max(col)).where(*where, col.is_not(None)))
    if not bounds or bounds[0][0] is None:
        return [] if bounds is not None else None
    first, last = str(bounds[0][0])[:7], str(bounds[0][1])[:7]
    months: list[str] = []
    y, m = int(first[:4]), int(first[5:7])
    while f"{y:04d}-{m:02d}" <= last and len(months) <= 36:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if len(months) > 36:
        return None
    out: list[tuple[Any, int]] = []
    for month in months:
        y, m = int(month[:4]), int(month[5:7])
        nxt = f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"
        got = budget.run(
            select(func.count()).select_from(s.table).where(*where, col >= month, col < nxt)
        )
        if got is None:
            return None
        if got[0][0]:
            out.append((month, int(got[0][0])))
    return sorted(out, key=lambda mv: -mv[1])[:FACET_SIZE]


def _cursor(value: Any, seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, seq]).encode()).decode().rstrip("=")


def _uncursor(token: str) -> tuple[Any, int]:
    try:
        value, seq = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return value, int(seq)
    except (ValueError, TypeError):
        raise InputError(
            "the _next cursor is damaged: start from the first page", field="_next"
        ) from None


def browse(
    store: StoreTarget,
    table: str,
    *,
    q: str = "",
    filters: Mapping[str, str] | None = None,
    sort: str = "seq",
    desc: bool = False,
    after: str | None = None,
    size: int = 50,
    facets: bool = True,
) -> Page:
    """One page of ``table`` (see the module docstring)."""
    s = spec(table)
    filters = dict(filters or {})
    if sort not in s.sorts:
        raise InputError(f"cannot sort {table} by {sort!r}; use one of {', '.join(s.sorts)}")
    size = max(1, min(int(size), MAX_SIZE))
    t = s.table
    dialect = _dialect(store)
    with reading(store) as conn:
        joined = _joins_index(conn, s, q, dialect)
        where = _where(s, q, filters, dialect, joined=joined)
        # a search's rows come in the full-text index's own order (its rowid is the seq):
        # ordering by statements.seq instead sorts every match before the first page
        seq_key: ColumnElement[Any] = _FTS.c.rowid if joined else t.c.seq
        key = seq_key if sort == "seq" else func.coalesce(t.c[sort], "")
        query = select(t.c.seq, *(t.c[c] for c in s.columns)).where(*where)
        if after:
            value, seq = _uncursor(after)
            if sort == "seq":
                query = query.where(seq_key < seq if desc else seq_key > seq)
            elif desc:
                query = query.where(or_(key < value, and_(key == value, seq_key < seq)))
            else:
                query = query.where(or_(key > value, and_(key == value, seq_key > seq)))
        order: list[Any]
        if sort == "seq":
            order = [seq_key.desc() if desc else seq_key]
        else:
            order = [key.desc(), seq_key.desc()] if desc else [key, seq_key]
        query = query.order_by(*order).limit(size + 1)
        found = [dict(r._mapping) for r in conn.execute(query)]
        estimated = False
        if not after and len(found) <= size:
            count, capped = len(found), False  # the whole answer is on this page
        elif not where and (estimate := _estimate(conn, t)) is not None:
            count, capped, estimated = estimate, False, True
        elif joined and not filters:
            # the full-text table alone knows how many quotes match (8 ms against 39 ms
            # through the join, which reads each matching statement)
            count, capped = _count(conn, _FTS, where[-1:], capped=True, key=_FTS.c.rowid)
        else:
            count, capped = _count(conn, t, where, capped=bool(q))
        facet_counts: dict[str, list[tuple[Any, int]]] = {}
        skipped: list[str] = []
        if facets:
            wanted = [name for name in s.facets if name not in filters]
            facet_counts, skipped = _facets(conn, s, where, wanted, count, narrowed=bool(where))
        more = len(found) > size
        found = found[:size]
        labels = _labels(conn, s, found, facet_counts)
    next_token = None
    if more and found:
        last = found[-1]
        next_token = _cursor(
            last["seq"] if sort == "seq" else (last[sort] if last[sort] is not None else ""),
            last["seq"],
        )
    for row in found:
        row.pop("seq", None)
    return Page(
        table,
        found,
        count,
        next_token,
        facet_counts,
        sort,
        desc,
        q,
        filters,
        labels,
        capped,
        skipped,
        estimated,
    )


#: a filtered or searched page counts its facets in one pass over at most this many matching
#: rows (one read instead of one GROUP BY per facet, each of which would look every match up
#: again: 5,000 rows take ~30 ms); past it the facets are left out and named (the page says
#: to narrow the search), as they are when they overrun the time budget. Reading the facet
#: columns of 18,000 matches took 110-160 ms on the shared machine, most of a page's budget.
FACET_ROWS = 5_000
#: unfiltered facets of a big table are kept this long, unless a row is added or corrected
FACET_CACHE_SECONDS = 60.0
#: per engine (a weak key: a closed store's entries go with it), per table
_facet_cache: weakref.WeakKeyDictionary[Any, dict[str, tuple[tuple[Any, ...], float, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _facets(
    conn: Connection,
    s: TableSpec,
    where: list[ColumnElement[bool]],
    wanted: list[str],
    count: int,
    *,
    narrowed: bool,
) -> tuple[dict[str, list[tuple[Any, int]]], list[str]]:
    """The facet counts of a page, and the facets left out.

    Up to ``FACET_ROWS`` matching rows (a filtered or searched page, or a small table): one
    pass that reads the facet columns of every match and counts them here. An unfiltered big
    table: one indexed GROUP BY per facet under the time budget, kept in memory until a row is
    added or corrected (``_fingerprint``) or ``FACET_CACHE_SECONDS`` pass, so paging through
    100k statements does not count them again for every page.
    """
    if not wanted:
        return {}, []
    budget = _Budget(conn, FACET_BUDGET)
    if count <= FACET_ROWS:
        got = _facets_one_pass(s, where, wanted, budget)
        if got is not None:
            return got, []
        return {}, list(wanted)
    if narrowed:
        return {}, list(wanted)
    per_table = _facet_cache.setdefault(conn.engine, {})
    fingerprint = _fingerprint(conn, s, count)
    cached = per_table.get(s.name)
    now = time.monotonic()
    if cached and cached[0] == fingerprint and now - cached[1] < FACET_CACHE_SECONDS:
        return cached[2]
    result = _facets_grouped(conn, s, where, wanted, budget)
    per_table[s.name] = (fingerprint, now, result)
    return result


def _fingerprint(conn: Connection, s: TableSpec, count: int) -> tuple[Any, ...]:
    """What changes when a row is added, removed or corrected (every edit is in the history)."""
    from veracity.store.migration_corrections import corrections

    last = conn.execute(select(func.max(s.table.c.seq))).scalar()
    edits = conn.execute(select(func.max(corrections.c.seq))).scalar()
    return (count, last, edits)


def _facets_one_pass(
    s: TableSpec, where: list[ColumnElement[bool]], wanted: list[str], budget: _Budget
) -> dict[str, list[tuple[Any, int]]] | None:
    from collections import Counter

    columns = [s.table.c[s.date or ""] if n == "month" else s.table.c[n] for n in wanted]
    rows = budget.run(select(*columns).where(*where).limit(FACET_ROWS + 1))
    if rows is None or len(rows) > FACET_ROWS:
        return None
    out: dict[str, list[tuple[Any, int]]] = {}
    for i, name in enumerate(wanted):
        if name == "month":
            counter = Counter(str(r[i])[:7] for r in rows if r[i] is not None)
        else:
            counter = Counter(r[i] for r in rows)
        ranked = sorted(counter.items(), key=lambda vn: (-vn[1], vn[0] is None, str(vn[0])))
        out[name] = ranked[:FACET_SIZE]
    return out


def _facets_grouped(
    conn: Connection,
    s: TableSpec,
    where: list[ColumnElement[bool]],
    wanted: list[str],
    budget: _Budget,
) -> tuple[dict[str, list[tuple[Any, int]]], list[str]]:
    facet_counts: dict[str, list[tuple[Any, int]]] = {}
    skipped: list[str] = []
    for name in wanted:
        if name == "month" and s.date:
            got_months = _months(conn, s, where, budget)
            if got_months is None:
                skipped.append(name)
            else:
                facet_counts[name] = got_months
            continue
        col = _column(s, name)
        n = func.count().label("n")
        facet_q = (
            select(col.label("v"), n)
            .where(*where)
            .group_by(col)
            .order_by(n.desc(), col)
            .limit(FACET_SIZE)
        )
        got = budget.run(facet_q)
        if got is None:
            skipped.append(name)
        else:
            facet_counts[name] = [(r.v, r.n) for r in got]
    return facet_counts, skipped


def _labels(
    conn: Any,
    s: TableSpec,
    rows: list[dict[str, Any]],
    facet_counts: Mapping[str, list[tuple[Any, int]]],
) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for column, (target, label) in s.labels.items():
        ids = {str(r[column]) for r in rows if r.get(column) is not None}
        ids |= {str(v) for v, _ in facet_counts.get(column, []) if v is not None}
        if not ids:
            continue
        tt = schema.RECORD_TABLES[target]
        found = conn.execute(select(tt.c.id, tt.c[label]).where(tt.c.id.in_(sorted(ids))))
        out[column] = {r[0]: r[1] for r in found}
    return out


def stream(
    store: StoreTarget,
    table: str,
    *,
    q: str = "",
    filters: Mapping[str, str] | None = None,
    chunk: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Every matching row, in insertion order, read ``chunk`` rows per query (exports)."""
    s = spec(table)
    t = s.table
    where = _where(s, q, dict(filters or {}), _dialect(store))
    last = 0
    while True:
        query = (
            select(t.c.seq, *(t.c[c] for c in s.columns))
            .where(*where, t.c.seq > last)
            .order_by(t.c.seq)
            .limit(chunk)
        )
        with reading(store) as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        if not rows:
            return
        last = rows[-1]["seq"]
        for row in rows:
            row.pop("seq")
            yield row
        if len(rows) < chunk:
            return


__all__ = ["MAX_SIZE", "Page", "SPECS", "TableSpec", "browse", "spec", "stream"]
