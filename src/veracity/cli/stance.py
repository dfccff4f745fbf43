"""``veracity stance``: which texts support, refute, discuss or ignore a claim.

``veracity stance --claim TEXT FILE…`` and ``veracity stance --pairs PAIRS.csv`` are short for
``veracity stance check …``; ``veracity stance train`` fits a model on FNC-1-layout data. Thin
wrappers over :mod:`veracity.stance`.

All input is read and checked before the first result is printed (a bad file or row exits 2
with nothing written); then one result per pair streams out as soon as it is known.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from veracity.cli.options import Output, output_file_option, output_options, stderr_console
from veracity.errors import InputError


class _DefaultToCheck(click.Group):
    """A group whose options or files, given without a subcommand, go to ``check``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _model(path: str | None):  # noqa: ANN202 - a StanceModel, imported lazily
    from veracity.stance import default_model, load_model

    return load_model(path) if path else default_model()


def _progress(total: int) -> Progress:
    console = stderr_console()
    return Progress(
        TextColumn("[bold]stance"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal or total < 2,
    )


@click.group(name="stance", cls=_DefaultToCheck)
def stance() -> None:
    """Claim stance: does each text support, refute, discuss or not concern a claim?

    veracity stance --claim TEXT FILE… is short for veracity stance check --claim TEXT FILE….
    """


@stance.command(name="check")
@click.option("--claim", default=None, metavar="TEXT", help="The claim to check FILEs against.")
@click.option(
    "--pairs",
    "pairs_path",
    default=None,
    metavar="CSV",
    help="A CSV with columns id,claim,text: one result per row (- for standard input).",
)
@click.argument("files", nargs=-1, metavar="FILE…")
@click.option(
    "--model",
    "model_path",
    default=None,
    metavar="MODEL",
    help="A model from `veracity stance train` (default: the shipped rules).",
)
@output_options
def check(
    claim: str | None,
    pairs_path: str | None,
    files: tuple[str, ...],
    model_path: str | None,
    output: Output,
) -> None:
    """The stance of each FILE (or each row of --pairs) toward the claim, with evidence.

    Each result gives the stance (supports, refutes, discusses, unrelated), a confidence, and
    the evidence sentences with their character spans in the text and their own stance.
    """
    from veracity.stance import classify_many
    from veracity.stance.inputs import check_claim, read_pairs_csv, read_text_file

    if (claim is None) == (pairs_path is None):
        raise InputError("give either --claim TEXT with files, or --pairs CSV")
    ids: list[str]
    pairs: list[tuple[str, str]]
    if pairs_path is not None:
        if files:
            raise InputError(
                f"files given with --pairs: {files[0]}",
                fix="put the texts in the CSV's text column",
            )
        rows = read_pairs_csv(pairs_path)
        ids, pairs = [r.id for r in rows], [(r.claim, r.text) for r in rows]
        key = "id"
    else:
        assert claim is not None
        c = check_claim(claim, field_name="--claim")
        if not files:
            raise InputError("no files to check", fix="name one or more text files, or - for stdin")
        ids = list(files)
        pairs = [(c, read_text_file(f)) for f in files]
        key = "file"
    model = _model(model_path)  # a bad --model fails here, before any output
    results = classify_many(iter(pairs), model=model)
    with _progress(len(pairs)) as bar:
        task = bar.add_task("stance", total=len(pairs))

        def counted() -> Iterator[dict[str, Any]]:
            for rid, r in zip(ids, results, strict=True):
                bar.advance(task)
                yield {key: rid, **r.to_dict()}

        output.records(
            counted(),
            columns=(key, "stance", "confidence"),
            table=lambda rows: _table(key, rows),
        )


def _table(key: str, rows: list[Mapping[str, Any]]) -> Table:
    from rich.markup import escape

    table = Table(key, "stance", "confidence", "evidence")
    for d in rows:
        ev = d["evidence"][0]["text"] if d["evidence"] else ""
        # names and quotes are data, never markup
        table.add_row(escape(d[key]), d["stance"], f"{d['confidence']:.2f}", escape(ev[:160]))
    return table


@stance.command(name="train")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    required=True,
    help="A folder in the FNC-1 layout: NAME_stances.csv (Headline, Body ID, Stance) and "
    "NAME_bodies.csv (Body ID, articleBody), every NAME_stances.csv in it used; or a CSV in the "
    "Emergent layout (claimHeadline, articleHeadline, articleHeadlineStance, claimId).",
)
@click.option(
    "--format",
    "data_format",
    type=click.Choice(["auto", "fnc", "emergent"]),
    default="auto",
    show_default=True,
    help="The layout of --data; auto: a folder is FNC-1, a CSV whose header names the Emergent "
    "columns is Emergent.",
)
@output_file_option(required=True, help="The model file.")
def train(data: Path, data_format: str, output: Path) -> None:
    """Train a stance model (gradient-boosted trees over overlap, embedding and cue features).

    veracity ships only rules: FNC-1 and Emergent are research-only, so a model trained on them
    stays with you. A model trained on Emergent's headlines (no unrelated pairs) never answers
    "unrelated". The file holds plain arrays (.npz, no pickle) and is written only when
    training succeeds.
    """
    from veracity.stance.embedding import default_encoder
    from veracity.stance.trained import train as fit

    pairs = _training_pairs(data, data_format)
    console = stderr_console()
    with Progress(
        TextColumn("[bold]reading pairs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("features", total=len(pairs))
        model = fit(
            pairs,
            encoder=default_encoder(),
            name=output.stem,
            progress=lambda done: bar.update(task, completed=done),
        )
    model.save(output)
    console.print(f"wrote {output} (trained on {len(pairs):,} pairs from {data})")


def _training_pairs(data: Path, data_format: str) -> list[Any]:
    """Labelled pairs from --data in the given (or detected) layout."""
    from veracity.stance.emergent import is_emergent_csv, read_emergent
    from veracity.stance.fnc import read_fnc

    if data_format == "auto":
        if data.is_dir():
            data_format = "fnc"
        elif data.is_file() and is_emergent_csv(data):
            data_format = "emergent"
        elif data.is_file():
            raise InputError(
                "not a layout stance train reads",
                file=str(data),
                line=1,
                fix="give an FNC-1 folder (NAME_stances.csv + NAME_bodies.csv) or a CSV with "
                "the columns claimHeadline, articleHeadline, articleHeadlineStance, claimId",
            )
        else:
            raise InputError("no such file or folder", file=str(data))
    return read_emergent(data) if data_format == "emergent" else read_fnc(data)


def register(group: click.Group) -> None:
    group.add_command(stance)
