"""``init``, ``import``, ``export`` and the listings ``sources``, ``propositions``,
``statements``: thin wrappers over veracity.store and veracity.ingest."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import click
from rich.table import Table

from veracity.cli.options import (
    Output,
    byte_progress,
    db_option,
    open_store_from_ctx,
    output_options,
    stderr_console,
    summary_option,
)
from veracity.errors import InputError
from veracity.ingest.casefile import case_from_store, dump_case, load_case
from veracity.ingest.records import (
    CSV_COLUMNS,
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
@summary_option
def import_(
    file: str,
    kind: str | None,
    fmt: str | None,
    skip_incomplete: bool,
    db: str | None,
    output: Output,
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
        from veracity.ingest.claimreview_store import import_claimreviews

        report = import_claimreviews(open_store_from_ctx(), file, skip_incomplete=skip_incomplete)
        output.summary(
            {"file": file, "claimreview": report},
            f"Imported ClaimReview from {file}: {report.summary()}.",
        )
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
        output.summary(
            {"file": file, "case": case.id, "imported": written},
            f"Imported case {case.id!r} from {file}: {summary or 'nothing'}.",
        )
        return
    with byte_progress(f"importing {Path(file).name}") as progress:
        kind, n = import_records(store, file, kind=kind, format=fmt, progress=progress)
    output.summary({"file": file, "imported": {kind: n}}, f"Imported {n} {kind} from {file}.")


@click.command()
@click.option("--kind", type=click.Choice(KINDS), help="Which records (for jsonl and csv).")
@click.option("--case-id", metavar="ID", help="The case id a case file gets (default: its name).")
@db_option
@output_options(
    formats=(*FORMATS, "case", "claimreview"),
    default="jsonl",
    suffixes={".yaml": "case", ".yml": "case", ".json": "case"},
    output_help="Write here (default: stdout); the extension chooses the format "
    "(.jsonl, .csv; .yaml or .json: a case file).",
)
def export(kind: str | None, case_id: str | None, db: str | None, output: Output) -> None:
    """Write records as JSON Lines or CSV (one kind), everything as a case file (--case: YAML,
    or JSON with -o x.json), or the latest assessment as ClaimReview JSON-LD (--claimreview,
    marked as a model estimate).

    What it writes, ``veracity import`` reads back as the same records.
    """
    fmt = output.format
    suffix = output.path.suffix.lower() if output.path else ""
    if fmt == "case" and kind is not None and output.chosen_by == "suffix":
        fmt = "jsonl"  # -o statements.yaml --kind statements: records, not a case
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
            raise InputError("a case file holds every kind", fix="drop --kind, or use --jsonl")
        case = case_from_store(
            store, case_id=case_id or (output.path.stem if output.path else "exported")
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
                fix=f"give --kind {'|'.join(KINDS)}, or --case for everything",
            )
        chosen: str = kind

        def write(out: IO[str]) -> int:
            return export_records(store, chosen, out, format=fmt)

        what = kind
    with output.open() as out:
        n = write(out)
    where = f" to {output.path}." if output.path else "."
    stderr_console().print(f"Exported {n} {what}{where}")


# -- listings --------------------------------------------------------------------------------


def _cut(text: str | None, width: int = 60) -> str:
    if text is None:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def list_sources(output: Output) -> None:
    """``veracity sources`` without a subcommand (the group lives in ``cli/sources.py``)."""
    store = open_store_from_ctx()
    output.records(
        (record_dict("sources", s) for s in store.stream("sources")),
        columns=("id", "name", "kind", "parent"),
        csv_columns=CSV_COLUMNS["sources"],
        title="Sources",
        empty="No sources yet: veracity import FILE",
    )


@click.command()
@db_option
@output_options
def propositions(db: str | None, output: Output) -> None:
    """List the propositions and their candidate values."""
    store = open_store_from_ctx()
    output.records(
        (
            record_dict("propositions", p) | {"values": list(p.values)}
            for p in store.stream("propositions")
        ),
        columns=("id", "kind", "values", "text"),
        csv_columns=CSV_COLUMNS["propositions"],
        title="Propositions",
        empty="No propositions yet: veracity import FILE",
    )


def _statements_table(rows: list[Mapping[str, Any]]) -> Table:
    table = Table(title="Statements")
    for column in ("id", "source", "stance", "value", "proposition", "time", "cites"):
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("quote", ratio=1, min_width=20)
    for s in rows:
        table.add_row(
            s["id"],
            s["source"],
            str(s.get("stance", "asserts")),
            str(s.get("value", "true")),
            s["proposition"],
            str(s.get("time") or ""),
            s.get("cites") or "",
            _cut(s.get("quote")),
        )
    return table


@click.command()
@click.option("--proposition", "proposition_id", metavar="ID", help="Only this proposition's.")
@click.option("--source", "source_id", metavar="ID", help="Only this source's.")
@click.option("--document", "document_id", metavar="ID", help="Only those quoted from it.")
@db_option
@output_options
def statements(
    proposition_id: str | None,
    source_id: str | None,
    document_id: str | None,
    db: str | None,
    output: Output,
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
    output.records(
        (record_dict("statements", s) for s in rows),
        columns=("id", "source", "stance", "value", "proposition", "time", "cites", "quote"),
        csv_columns=CSV_COLUMNS["statements"],
        table=_statements_table,
        empty="No statements match.",
    )


def register(group: click.Group) -> None:
    # ``sources`` is listed through the group in cli/sources.py (with merge and split)
    for command in (init, import_, export, propositions, statements):
        group.add_command(command)
