"""``assess``, ``explain``, ``report`` and ``demo``: thin wrappers over veracity.assess and
veracity.report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from veracity.assess import assess_store
from veracity.casework import latest_or_assess
from veracity.cli.options import Output, db_option, output_options, summary_option
from veracity.errors import NotFoundError
from veracity.fusion import DEFAULT_METHOD, METHODS
from veracity.model import Assessment
from veracity.report import ReportData
from veracity.report.sections import case_report
from veracity.report.text import describe_probability, proposition_panel, render
from veracity.store import open_store

DEMO_CASE = "kremlin-call"


def _method_option(f):  # noqa: ANN001, ANN202 - click decorator
    return click.option(
        "--method",
        default=None,
        metavar="NAME",
        help=f"Fusion method (default {DEFAULT_METHOD}); one of: {', '.join(sorted(METHODS))}.",
    )(f)


_VERDICT_COLUMNS = ("proposition", "verdict", "p", "interval_low", "interval_high", "in_words")


def _verdict_rows(a: Assessment) -> list[dict[str, Any]]:
    rows = []
    for pa in a.propositions:
        p = pa.probabilities.get("true", pa.probabilities[pa.verdict])
        low, high = pa.interval if pa.interval else (None, None)
        rows.append(
            {
                "proposition": pa.proposition_id,
                "verdict": pa.verdict,
                "p": p,
                "interval_low": low,
                "interval_high": high,
                "in_words": describe_probability(p),
            }
        )
    return rows


@click.command()
@db_option
@_method_option
@output_options(default="table")
def assess(db: str | None, method: str | None, output: Output) -> None:
    """Estimate every open proposition's probability and every source's reliability.

    --json prints the whole assessment; --jsonl and --csv one row per proposition.
    """
    with open_store(db) as store:
        a = assess_store(store, method=method)
        texts = {p.id: p.text for p in store.propositions()}
    if output.format == "json":
        output.document(a)
        return
    if output.machine:
        output.records(_verdict_rows(a), columns=_VERDICT_COLUMNS)
        return

    def render(console: Console) -> None:
        t = Table(title=f"Assessment {a.id} ({a.method}), saved", show_lines=True)
        t.add_column("proposition", overflow="fold", ratio=1, min_width=17)
        t.add_column("verdict")
        t.add_column("p", justify="right")
        t.add_column("interval", justify="right")
        t.add_column("in words")
        for row in _verdict_rows(a):
            iv = (
                f"{row['interval_low']:.2f}–{row['interval_high']:.2f}"
                if row["interval_low"] is not None
                else ""
            )
            text = texts.get(row["proposition"], "")
            text = text if len(text) <= 100 else text[:99] + "…"
            label = Text(row["proposition"], style="bold")
            label.append(f"\n{text}" if text else "", style="")
            t.add_row(label, row["verdict"], f"{row['p']:.2f}", iv, row["in_words"])
        console.print(t)
        for note in a.notes:
            console.print(f"[yellow]note:[/yellow] {note}")
        console.print("[dim]veracity explain PROPOSITION shows the reasons.[/dim]")

    output.document(a, render=render)


@click.command()
@click.argument("proposition")
@db_option
@_method_option
@output_options(formats=("table", "json"), default="table")
def explain(proposition: str, db: str | None, method: str | None, output: Output) -> None:
    """Show each statement's contribution to PROPOSITION: source, stance, weight and why."""
    with open_store(db) as store:
        store.proposition(proposition)  # NotFoundError names it
        a = latest_or_assess(store, method)
        try:
            pa = a.proposition(proposition)
        except KeyError:
            raise NotFoundError(
                f"proposition {proposition!r} is resolved or has no statements, so it was not "
                "assessed — see `veracity statements --proposition` and `veracity export`"
            ) from None
        data = case_report(store, a)
    output.document(pa, render=lambda console: console.print(proposition_panel(data, pa)))


@click.command()
@db_option
@_method_option
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write an HTML file.")
@summary_option
def report(db: str | None, method: str | None, html_path: str | None, output: Output) -> None:
    """Report the latest assessment (made now if there is none), on screen or as HTML.

    --json prints the report's data instead: the assessment, the statements, sources and
    resolutions it rests on, and the HTML file written.
    """
    with open_store(db) as store:
        data = case_report(store, latest_or_assess(store, method))
    if output.format != "json":
        _emit(data, html_path)
        return
    path = None
    if html_path:
        from veracity.report.html import write_html

        path = write_html(data, html_path)
    output.summary(
        {
            "assessment": data.assessment,
            "sources": list(data.sources.values()),
            "propositions": list(data.propositions.values()),
            "resolutions": data.resolutions,
            "html": str(path) if path else None,
        },
        "",
    )


@click.command()
@click.option(
    "--db", default=None, metavar="URL", help="Keep the demo store here (default: a temp file)."
)
@_method_option
@click.option(
    "--html", "html_path", type=click.Path(dir_okay=False), help="Also write an HTML report."
)
def demo(db: str | None, method: str | None, html_path: str | None) -> None:
    """Load the bundled kremlin-call case into a fresh store, assess it and report."""
    from veracity.casework import load_bundled, tag_store_statements

    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="veracity-demo-")) / "demo.db")
    with open_store(db) as store:
        if store.counts().get("statements", 0):
            raise click.UsageError(
                f"the store {db} already holds statements: give the demo a new --db or none"
            )
        case = load_bundled(store, DEMO_CASE)
        tag_store_statements(store)
        a = assess_store(store, method=method)
        data = case_report(store, a, title=case.title, description=case.description)
    _emit(data, html_path)
    click.echo(f"Store: {db}")


def _emit(data: ReportData, html_path: str | None) -> None:
    render(data)
    if html_path:
        from veracity.report.html import write_html

        path = write_html(data, html_path)
        click.echo(f"HTML report written to {path}")


def register(group: click.Group) -> None:
    for command in (assess, explain, report, demo):
        group.add_command(command)
