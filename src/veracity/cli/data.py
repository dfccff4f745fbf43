"""``init``, ``import``, ``export`` and the listings ``sources``, ``propositions``,
``statements``: thin wrappers over veracity.store and veracity.ingest."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console
from rich.table import Table

from veracity.cli.options import (
    byte_progress,
    db_option,
    json_option,
    open_store_from_ctx,
    stderr_console,
)
from veracity.errors import InputError
from veracity.ingest.casefile import case_from_store, dump_case, load_case
from veracity.ingest.records import (
    FORMATS,
    export_records,
    import_records,
    record_dict,
    resolve_format,
)
from veracity.store import KINDS


@click.command()
@db_option
def init(db: str | None) -> None:
    """Create the store, or bring an existing one up to the current schema."""
    store = open_store_from_ctx(migrate=False)
    applied = store.migrate()
    if applied:
        done = ", ".join(f"{m.version} {m.name}" for m in applied)
        click.echo(f"Store {store.url}: applied migrations {done}.")
    else:
        click.echo(f"Store {store.url} is up to date.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(KINDS), help="What the JSONL/CSV file holds.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "case", "claimreview"]),
    help="Default: from the extension (.jsonl, .csv; .yaml/.json for a case file). "
    "claimreview: fact-checkers' ClaimReview JSON-LD (a page, or a feed) as resolved claims.",
)
@click.option(
    "--skip-incomplete",
    is_flag=True,
    help="claimreview: leave out reviews without a claim or a claimant (counted) instead of "
    "stopping.",
)
@db_option
def import_(
    file: str, kind: str | None, fmt: str | None, skip_incomplete: bool, db: str | None
) -> None:
    """Import FILE in one transaction: a case file, JSON Lines / CSV records of one kind, or
    ClaimReview JSON-LD (docs/claimreview.md).

    A bad row stops the import with its file, line and field, and the store stays as it was.
    """
    if fmt == "claimreview":
        if kind is not None:
            raise InputError(
                "--kind is for JSONL and CSV files", file=file, fix="drop --kind for ClaimReview"
            )
        from veracity.ingest.claimreview import import_claimreviews

        report = import_claimreviews(open_store_from_ctx(), file, skip_incomplete=skip_incomplete)
        click.echo(f"Imported ClaimReview from {file}: {report.summary()}.")
        return
    fmt = resolve_format(file, fmt)
    store = open_store_from_ctx()
    if fmt == "case":
        if kind is not None:
            raise InputError(
                "--kind is for JSONL and CSV files", file=file, fix="drop --kind for a case file"
            )
        from veracity.casework import import_full_case

        case = load_case(file)
        written = import_full_case(store, case)
        summary = ", ".join(f"{n} {section}" for section, n in written.items() if n)
        click.echo(f"Imported case {case.id!r} from {file}: {summary or 'nothing'}.")
        return
    with byte_progress(f"importing {Path(file).name}") as progress:
        kind, n = import_records(store, file, kind=kind, format=fmt, progress=progress)
    click.echo(f"Imported {n} {kind} from {file}.")


@click.command()
@click.option("--kind", type=click.Choice(KINDS), help="Which records (for jsonl and csv).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "case", "claimreview"]),
    help="jsonl, csv, case (the whole store as one case file: YAML, or JSON with -o x.json), or "
    "claimreview (the latest assessment as ClaimReview JSON-LD, marked as a model estimate). "
    "Default: from -o's extension, else jsonl.",
)
@click.option("--case-id", metavar="ID", help="The case id a case file gets (default: its name).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout)."
)
@db_option
def export(
    kind: str | None, fmt: str | None, case_id: str | None, output: str | None, db: str | None
) -> None:
    """Write records as JSON Lines or CSV (one kind), or everything as a case file.

    What it writes, ``veracity import`` reads back as the same records.
    """
    suffix = Path(output).suffix.lower() if output else ""
    if fmt is None:
        by_suffix = {".csv": "csv", ".yaml": "case", ".yml": "case", ".json": "case"}
        fmt = by_suffix.get(suffix, "jsonl")
        if fmt == "case" and kind is not None:
            fmt = "jsonl"
    store = open_store_from_ctx()
    if fmt == "claimreview":
        if kind is not None:
            raise InputError("a ClaimReview export holds assessed propositions", fix="drop --kind")
        from veracity.ingest.claimreview_export import export_claimreviews

        def write(out: IO[str]) -> int:
            return export_claimreviews(store, out)

        what = "ClaimReviews (model estimates)"
    elif fmt == "case":
        if kind is not None:
            raise InputError(
                "a case file holds every kind", fix="drop --kind, or use --format jsonl"
            )
        case = case_from_store(
            store, case_id=case_id or (Path(output).stem if output else "exported")
        )
        style = "json" if suffix == ".json" else "yaml"

        def write(out: IO[str]) -> int:
            dump_case(case, out, format=style)
            return sum(case.counts().values())

        what = "records as a case file"
    else:
        if kind is None:
            raise InputError(
                f"which records? {fmt} files hold one kind",
                fix=f"give --kind {'|'.join(KINDS)}, or --format case for everything",
            )
        chosen: str = kind

        def write(out: IO[str]) -> int:
            return export_records(store, chosen, out, format=fmt)

        what = kind
    n = write(sys.stdout) if output is None else _export_file(write, Path(output))
    stderr_console().print(f"Exported {n} {what}" + (f" to {output}." if output else "."))


def _export_file(write: Callable[[IO[str]], int], path: Path) -> int:
    # Write beside the target and rename: a failed export never leaves half a file behind.
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            n = write(out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return n


# -- listings --------------------------------------------------------------------------------


def _emit_json(kind: str, records: Iterable[Any], out: IO[str]) -> None:
    out.write("[")
    for n, record in enumerate(records):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(record_dict(kind, record), ensure_ascii=False))
    out.write("\n]\n")


def _cut(text: str | None, width: int = 60) -> str:
    if text is None:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _show(table: Table, empty: str) -> None:
    console = Console()
    if table.row_count:
        console.print(table)
    else:
        console.print(f"[dim]{empty}[/dim]")


@click.command()
@db_option
@json_option
def sources(db: str | None, as_json: bool) -> None:
    """List the sources: who speaks, of what kind, belonging to whom."""
    store = open_store_from_ctx()
    if as_json:
        _emit_json("sources", store.stream("sources"), sys.stdout)
        return
    table = Table(title="Sources")
    for column in ("id", "name", "kind", "parent"):
        table.add_column(column)
    for s in store.stream("sources"):
        table.add_row(s.id, s.name, str(s.kind), s.parent_id or "")
    _show(table, "No sources yet: veracity import FILE")


@click.command()
@db_option
@json_option
def propositions(db: str | None, as_json: bool) -> None:
    """List the propositions and their candidate values."""
    store = open_store_from_ctx()
    if as_json:
        _emit_json("propositions", store.stream("propositions"), sys.stdout)
        return
    table = Table(title="Propositions")
    for column in ("id", "kind", "values", "text"):
        table.add_column(column)
    for p in store.stream("propositions"):
        table.add_row(p.id, str(p.kind), " | ".join(p.values), _cut(p.text, 80))
    _show(table, "No propositions yet: veracity import FILE")


@click.command()
@click.option("--proposition", "proposition_id", metavar="ID", help="Only this proposition's.")
@click.option("--source", "source_id", metavar="ID", help="Only this source's.")
@click.option("--document", "document_id", metavar="ID", help="Only those quoted from it.")
@db_option
@json_option
def statements(
    proposition_id: str | None,
    source_id: str | None,
    document_id: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """List statements: who took which stance on what, when, citing whom."""
    store = open_store_from_ctx()
    # Name a missing filter target instead of printing an empty list.
    if proposition_id is not None:
        store.proposition(proposition_id)
    if source_id is not None:
        store.source(source_id)
    if document_id is not None:
        store.document(document_id)
    rows = store.stream(
        "statements",
        proposition_id=proposition_id,
        source_id=source_id,
        document_id=document_id,
    )
    if as_json:
        _emit_json("statements", rows, sys.stdout)
        return
    table = Table(title="Statements")
    for column in ("id", "source", "stance", "value", "proposition", "time", "cites"):
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("quote", ratio=1, min_width=20)
    for s in rows:
        table.add_row(
            s.id,
            s.source_id,
            str(s.stance),
            s.value,
            s.proposition_id,
            s.time.isoformat() if s.time is not None else "",
            s.cites_source_id or "",
            _cut(s.quote),
        )
    _show(table, "No statements match.")


def register(group: click.Group) -> None:
    # ``sources`` is listed through the group in cli/sources.py (with merge and split)
    for command in (init, import_, export, propositions, statements):
        group.add_command(command)
