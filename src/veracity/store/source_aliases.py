"""Sources beyond their record: the other names a source goes by (aliases, so that the next
ingest finds "Mr. Peskov" in the store instead of guessing again), parents found in texts, and
an analyst's merges and splits — corrections no automatic step may undo, each written in one
transaction with its history rows (``corrections.py``: who, when, why, old → new, for the source
and every statement it moved). Ingest reads the merges back (a merged id redirects to the kept
one). The table is ``migration_sources``'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from veracity.errors import InputError
from veracity.model import Source
from veracity.store import schema
from veracity.store.access import StoreTarget, reading, writing
from veracity.store.corrections import corrections, record_corrections
from veracity.store.migration_sources import source_aliases
from veracity.store.store import Store


def stored_aliases(access: StoreTarget) -> list[tuple[str, str, str]]:
    """Every ``(source_id, alias, key)``, in the order written. ``access``: a Store or an open
    Transaction."""
    with reading(access) as conn:
        rows = conn.execute(
            select(
                source_aliases.c.source_id, source_aliases.c.alias, source_aliases.c.key
            ).order_by(source_aliases.c.seq)
        )
        return [(r.source_id, r.alias, r.key) for r in rows]


def add_aliases(
    access: StoreTarget, aliases: Iterable[tuple[str, str, str]], origin: str = "ingest"
) -> int:
    """Add ``(source_id, alias, key)`` rows."""
    rows = [{"source_id": s, "alias": a, "key": k, "origin": origin} for s, a, k in aliases]
    if rows:
        with writing(access) as conn:
            conn.execute(insert(source_aliases), rows)
    return len(rows)


def set_parents(access: StoreTarget, parents: dict[str, str]) -> None:
    """Give sources that have no parent yet the parent found in a text (never replaces one)."""
    with writing(access) as conn:
        for sid, parent in parents.items():
            conn.execute(
                update(schema.sources)
                .where(schema.sources.c.id == sid, schema.sources.c.parent_id.is_(None))
                .values(parent_id=parent)
            )


def merged_into(access: StoreTarget) -> dict[str, str]:
    """``{merged id: kept id}`` for every merge an analyst made."""
    return {
        c.record_id: c.new
        for c in corrections(access, "sources")
        if c.field == "merged_into" and c.new
    }


def _require(conn: Connection, source_id: str, role: str) -> Source:
    from veracity.store.rows import source_from

    row = conn.execute(select(schema.sources).where(schema.sources.c.id == source_id)).first()
    if row is None:
        raise InputError(
            f"no source {source_id!r}", field=role, fix="see the ids with: veracity sources"
        )
    return source_from(dict(row._mapping))


def merge_sources(
    store: Store, keep: str, other: str, *, who: str, why: str, key: Callable[[str], str]
) -> dict[str, int]:
    """Merge source ``other`` into ``keep`` in one transaction: its statements, citations,
    documents and member sources move to ``keep``, its name and aliases become ``keep``'s
    aliases, and the merge is recorded so that ingest redirects ``other`` to ``keep`` for good.
    ``key`` normalises a name into an alias key (``veracity.ingest.sources.name_key``)."""
    if keep == other:
        raise InputError("a source cannot be merged into itself", field="B", fix="name two ids")
    if not why.strip():
        raise InputError("say why", field="--why", fix='e.g. --why "same person, two spellings"')
    st, src = schema.statements, schema.sources
    moved: dict[str, int] = {}
    with store.transaction() as tx:
        conn = tx.connection
        kept, gone = _require(conn, keep, "A"), _require(conn, other, "B")
        before = {r.id for r in conn.execute(select(st.c.id).where(st.c.source_id == other))}
        moved["statements"] = conn.execute(
            update(st).where(st.c.source_id == other).values(source_id=keep)
        ).rowcount
        moved["citations"] = conn.execute(
            update(st).where(st.c.cites_source_id == other).values(cites_source_id=keep)
        ).rowcount
        moved["documents"] = conn.execute(
            update(schema.documents)
            .where(schema.documents.c.outlet_id == other)
            .values(outlet_id=keep)
        ).rowcount
        moved["members"] = conn.execute(
            update(src).where(src.c.parent_id == other, src.c.id != keep).values(parent_id=keep)
        ).rowcount
        if kept.parent_id == other:
            conn.execute(update(src).where(src.c.id == keep).values(parent_id=gone.parent_id))
        if kept.parent_id is None and gone.parent_id not in (None, keep):
            conn.execute(update(src).where(src.c.id == keep).values(parent_id=gone.parent_id))
        moved["aliases"] = conn.execute(
            update(source_aliases).where(source_aliases.c.source_id == other).values(source_id=keep)
        ).rowcount
        conn.execute(
            insert(source_aliases).values(
                source_id=keep, alias=gone.name, key=key(gone.name), origin="analyst"
            )
        )
        conn.execute(delete(src).where(src.c.id == other))
        record_corrections(
            conn,
            [("sources", other, "merged_into", gone.name, keep)]
            + [("statements", i, "source_id", other, keep) for i in sorted(before)],
            who=who,
            why=why,
        )
    return moved


def split_source(
    store: Store,
    source_id: str,
    new: Source,
    *,
    aliases: Sequence[str] = (),
    statements: Sequence[str] = (),
    documents: Sequence[str] = (),
    who: str,
    why: str,
    key: Callable[[str], str],
) -> dict[str, int]:
    """Split source ``new`` off ``source_id`` in one transaction: the named aliases, the named
    statements and the source's statements quoted from the named documents move to ``new``
    (created if it does not exist); moved statements are marked corrected (re-ingest keeps
    them), and the split is recorded so that ingest never matches one to the other again."""
    if not why.strip():
        raise InputError("say why", field="--why", fix='e.g. --why "two people named Clinton"')
    if new.id == source_id:
        raise InputError("the new source needs its own id", field="--id")
    st = schema.statements
    moved = {"aliases": 0, "statements": 0}
    with store.transaction() as tx:
        conn = tx.connection
        old = _require(conn, source_id, "SOURCE")
        exists = conn.execute(select(schema.sources.c.id).where(schema.sources.c.id == new.id))
        if exists.first() is None:
            tx.add_sources([new])
        keys = {key(a) for a in aliases}
        if keys:
            moved["aliases"] = conn.execute(
                update(source_aliases)
                .where(source_aliases.c.source_id == source_id, source_aliases.c.key.in_(keys))
                .values(source_id=new.id)
            ).rowcount
            have = {
                r.key
                for r in conn.execute(
                    select(source_aliases.c.key).where(source_aliases.c.source_id == new.id)
                )
            }
            rows = [
                {"source_id": new.id, "alias": a, "key": key(a), "origin": "analyst"}
                for a in aliases
                if key(a) not in have
            ]
            if rows:
                conn.execute(insert(source_aliases), rows)
        query = select(st.c.id).where(st.c.source_id == source_id)
        picked: set[str] = set()
        if statements:
            picked |= {r.id for r in conn.execute(query.where(st.c.id.in_(list(statements))))}
            missing = sorted(set(statements) - picked)
            if missing:
                raise InputError(
                    f"not statements of {source_id!r}: {', '.join(missing[:5])}",
                    field="--statement",
                    fix=f"see them with: veracity statements --source {source_id}",
                )
        if documents:
            picked |= {
                r.id for r in conn.execute(query.where(st.c.document_id.in_(list(documents))))
            }
        if picked:
            moved["statements"] = conn.execute(
                update(st)
                .where(st.c.id.in_(sorted(picked)))
                .values(source_id=new.id, corrected=True)
            ).rowcount
        record_corrections(
            conn,
            [("sources", new.id, "split_from", old.id, new.name)]
            + [("sources", new.id, "alias", None, a) for a in aliases]
            + [("statements", i, "source_id", source_id, new.id) for i in sorted(picked)],
            who=who,
            why=why,
        )
    return moved
