"""``veracity ach``: build, rate, score and export Analysis of Competing Hypotheses matrices.

Thin wrappers over ``veracity.ach`` (pure scoring), ``veracity.store.questions`` (the store)
and ``veracity.casework`` (the two joined).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.console import Console

from veracity.ach import export
from veracity.ach.casefile import parse_rating
from veracity.ach.scorecard import Scorecard, score_matrix
from veracity.ach.terminal import ach_renderables, matrix_table
from veracity.casework import load_matrix
from veracity.cli.options import (
    Output,
    db_option,
    open_store_from_ctx,
    output_options,
    summary_option,
)
from veracity.errors import InputError
from veracity.model.ach import DEFAULT_ANALYST, AchEvidence, Hypothesis, Level, Question, Rating
from veracity.store import questions as storage

_LEVELS = click.Choice([lv.value for lv in Level], case_sensitive=False)


def _scorecard(
    db: str | None, question_id: str, analyst: str | None, assessment: bool, method: str | None
) -> Scorecard:
    store = open_store_from_ctx()
    matrix = load_matrix(store, question_id, use_latest_assessment=assessment, method=method)
    if analyst is not None:
        if analyst not in matrix.analysts:
            raise InputError(
                f"no ratings by analyst {analyst!r} in question {question_id!r}",
                field="analyst",
                fix=f"use one of: {', '.join(matrix.analysts) or '(nobody has rated yet)'}",
            )
        matrix = matrix.only(analyst)
    return score_matrix(matrix)


def _matrix_options(f: Any) -> Any:
    f = click.option("--analyst", default=None, help="Only this analyst's ratings.")(f)
    f = click.option(
        "--assessment/--no-assessment",
        default=True,
        help="Take credibility from the latest assessment (default) or from the analyst only.",
    )(f)
    f = click.option("--method", default=None, help="Use the latest assessment of this method.")(f)
    return db_option(f)


@click.group(name="ach")
def ach() -> None:
    """Analysis of Competing Hypotheses: questions, hypotheses, evidence, ratings, scores."""


@ach.command(name="new")
@click.argument("question_id")
@click.argument("text")
@click.option("--description", default=None)
@db_option
def new(question_id: str, text: str, description: str | None, db: str | None) -> None:
    """Start a matrix: QUESTION_ID and the question's TEXT."""
    store = open_store_from_ctx()
    storage.add_question(store, Question(question_id, text, description))
    click.echo(f"question {question_id} created")


@ach.command(name="list")
@output_options
@db_option
def list_(output: Output, db: str | None) -> None:
    """List the questions in the store."""
    store = open_store_from_ctx()
    output.records(
        (
            {"id": q.id, "text": q.text, "description": q.description}
            for q in storage.questions(store)
        ),
        columns=("id", "text"),
        title="ACH questions",
        empty="No questions yet: veracity ach new ID TEXT",
    )


@ach.command(name="hypothesis")
@click.argument("question_id")
@click.argument("hypothesis_id")
@click.argument("text")
@db_option
def hypothesis(question_id: str, hypothesis_id: str, text: str, db: str | None) -> None:
    """Add a hypothesis (a column) to a question."""
    store = open_store_from_ctx()
    storage.add_hypotheses(store, [Hypothesis(hypothesis_id, question_id, text)])
    click.echo(f"hypothesis {hypothesis_id} added to {question_id}")


@ach.command(name="evidence")
@click.argument("question_id")
@click.argument("evidence_id")
@click.argument("description")
@click.option("--proposition", default=None, help="Link a proposition: credibility from P(value).")
@click.option("--value", default=None, help="The proposition's value it stands for (default true).")
@click.option("--statement", default=None, help="Link a statement: its source's reliability.")
@click.option("--credibility", type=_LEVELS, default="medium", show_default=True)
@click.option("--relevance", type=_LEVELS, default="medium", show_default=True)
@click.option("--reference", default=None)
@db_option
def evidence(
    question_id: str,
    evidence_id: str,
    description: str,
    proposition: str | None,
    value: str | None,
    statement: str | None,
    credibility: str,
    relevance: str,
    reference: str | None,
    db: str | None,
) -> None:
    """Add an evidence item (a row): free text, or linked with --proposition or --statement."""
    if proposition and statement:
        raise InputError(
            "an evidence item links a proposition or a statement, not both",
            field="statement",
            fix="use just one of --proposition or --statement",
        )
    if value is not None and proposition is None:
        raise InputError("--value needs --proposition", field="value", fix="add --proposition ID")
    item = AchEvidence(
        evidence_id,
        question_id,
        description,
        proposition_id=proposition,
        value=value or "true",
        statement_id=statement,
        credibility=Level(credibility.lower()),
        relevance=Level(relevance.lower()),
        reference=reference,
    )
    store = open_store_from_ctx()
    storage.add_evidence(store, [item])
    click.echo(f"evidence {evidence_id} added to {question_id} ({item.link.value})")


@ach.command(name="rate")
@click.argument("question_id")
@click.argument("evidence_id")
@click.argument("cells", nargs=-1, required=True, metavar="HYPOTHESIS=RATING...")
@click.option("--analyst", default=DEFAULT_ANALYST, show_default=True, help="Who rates.")
@click.option("--note", default="", help="Why (applies to every cell given).")
@db_option
def rate(
    question_id: str,
    evidence_id: str,
    cells: tuple[str, ...],
    analyst: str,
    note: str,
    db: str | None,
) -> None:
    """Rate an evidence item against hypotheses on Heuer's scale: H1=I H2=CC (CC C N I II NA)."""
    ratings = []
    for cell in cells:
        hid, sep, rating = cell.partition("=")
        if not sep or not hid or not rating:
            raise InputError(
                f"cannot read {cell!r} as HYPOTHESIS=RATING",
                field="cells",
                fix="write e.g. H1=I H2=CC",
            )
        consistency = parse_rating(rating, field=f"cells.{hid}")
        ratings.append(
            Rating(question_id, evidence_id, hid.strip(), consistency, analyst=analyst, note=note)
        )
    store = open_store_from_ctx()
    n = storage.add_ratings(store, ratings)
    click.echo(f"{n} rating(s) of {evidence_id} recorded for {analyst}")


@ach.command(name="matrix")
@click.argument("question_id")
@output_options(formats=("table", "json"), default="table")
@_matrix_options
def matrix(
    question_id: str,
    output: Output,
    analyst: str | None,
    assessment: bool,
    method: str | None,
    db: str | None,
) -> None:
    """Print the matrix: ratings (averaged over analysts), credibility, and both scores."""
    card = _scorecard(db, question_id, analyst, assessment, method)
    _print_card(output, card, lambda console: console.print(matrix_table(card)))


@ach.command(name="score")
@click.argument("question_id")
@output_options(formats=("table", "json"), default="table")
@_matrix_options
def score(
    question_id: str,
    output: Output,
    analyst: str | None,
    assessment: bool,
    method: str | None,
    db: str | None,
) -> None:
    """Score a matrix: Heuer's weighted inconsistency, the Bayesian posterior, diagnosticity,
    disagreement between analysts and sensitivity."""
    card = _scorecard(db, question_id, analyst, assessment, method)
    _print_card(output, card, lambda console: console.print(*ach_renderables(card)))


def _print_card(output: Output, card: Scorecard, render: Callable[[Console], None]) -> None:
    if output.format == "json":
        with output.open() as out:
            out.write(export.to_json(card))
        return
    output.document(card, render=render)


@ach.command(name="export")
@click.argument("question_id")
@output_options(formats=("json", "csv", "svg"), default="json", suffixes={".svg": "svg"})
@_matrix_options
def export_(
    question_id: str,
    output: Output,
    analyst: str | None,
    assessment: bool,
    method: str | None,
    db: str | None,
) -> None:
    """Export a matrix with its scores (to stdout unless -o FILE): --json the whole scorecard,
    --csv one row per rating, --svg the heatmap."""
    card = _scorecard(db, question_id, analyst, assessment, method)
    if output.format == "csv":
        text = export.to_csv(card)
    elif output.format == "json":
        text = export.to_json(card)
    else:
        from veracity.ach.heatmap import render_svg

        text = render_svg(card) + "\n"
    with output.open() as out:
        out.write(text)
    if output.path is not None:
        click.echo(f"wrote {output.path}", err=True)


@ach.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
@summary_option
def import_(path: str, db: str | None, output: Output) -> None:
    """Import questions from a YAML or JSON file: a list of questions (the case file's
    ``questions:`` section) or a mapping with a ``questions`` key. One transaction."""
    from veracity.casework import import_questions

    n = import_questions(open_store_from_ctx(), path)
    output.summary({"file": path, "questions": n}, f"{n} question(s) imported from {path}")


def register(group: click.Group) -> None:
    group.add_command(ach)
