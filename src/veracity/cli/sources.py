"""``veracity sources`` (the listing) and its analyst corrections ``merge`` and ``split``: thin
wrappers over veracity.ingest.sources."""

from __future__ import annotations

import click

from veracity.cli.options import Output, db_option, open_store_from_ctx, output_options


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): say so, do not crash
        return "unknown"


def _who(f):
    return click.option(
        "--who",
        default=lambda: _login_name(),
        show_default="your login name",
        help="Who makes the correction (kept in its history).",
    )(f)


def _why(f):
    return click.option("--why", required=True, help="Why (kept in the correction's history).")(f)


@click.group(invoke_without_command=True)
@db_option
@output_options
@click.pass_context
def sources(ctx: click.Context, db: str | None, output: Output) -> None:
    """List the sources: who speaks, of what kind, belonging to whom.

    With a subcommand: correct them (merge two into one, split one in two). Corrections are
    kept with who, when and why, and re-ingesting never undoes them.
    """
    if ctx.invoked_subcommand is not None:
        return
    from veracity.cli.data import list_sources

    list_sources(output)


@sources.command()
@click.argument("keep", metavar="A")
@click.argument("other", metavar="B")
@_who
@_why
@db_option
def merge(keep: str, other: str, who: str, why: str, db: str | None) -> None:
    """Merge source B into source A: one speaker under two ids.

    B's statements, citations, documents and members move to A, B's names become A's aliases,
    and B is removed; ingest then finds A for B's names.
    """
    from veracity.ingest.sources import merge as merge_sources

    moved = merge_sources(open_store_from_ctx(), keep, other, who=who, why=why)
    click.echo(
        f"merged {other} into {keep}: {moved['statements']} statements, "
        f"{moved['citations']} citations, {moved['documents']} documents, "
        f"{moved['members']} members, {moved['aliases']} aliases moved"
    )


@sources.command()
@click.argument("source_id", metavar="SOURCE")
@click.option("--id", "new_id", required=True, help="Id of the source split off.")
@click.option("--name", required=True, help="Its name.")
@click.option("--alias", "aliases", multiple=True, help="A name that means it (repeatable).")
@click.option("--statement", "statements", multiple=True, help="A statement of it (repeatable).")
@click.option(
    "--document",
    "documents",
    multiple=True,
    help="A document in which SOURCE's statements are its (repeatable).",
)
@_who
@_why
@db_option
def split(
    source_id: str,
    new_id: str,
    name: str,
    aliases: tuple[str, ...],
    statements: tuple[str, ...],
    documents: tuple[str, ...],
    who: str,
    why: str,
    db: str | None,
) -> None:
    """Split a source in two: two speakers under one id (two people named Clinton).

    The new source gets the given names (default: --name) and statements; moved statements are
    marked corrected, so re-ingesting keeps them where they are.
    """
    from veracity.ingest.sources import split as split_source

    moved = split_source(
        open_store_from_ctx(),
        source_id,
        new_id=new_id,
        name=name,
        aliases=aliases,
        statements=statements,
        documents=documents,
        who=who,
        why=why,
    )
    click.echo(
        f"split {new_id} off {source_id}: {moved['statements']} statements, "
        f"{moved['aliases']} aliases moved"
    )


@sources.command("corrections")
@db_option
@output_options
def corrections_(db: str | None, output: Output) -> None:
    """The history of merges and splits: who, when, what, why."""
    from veracity.store.corrections import corrections

    output.records(
        (
            {
                "source": c.record_id,
                "change": c.field,
                "old": c.old,
                "new": c.new,
                "who": c.who,
                "at": c.at,
                "why": c.why,
            }
            for c in corrections(open_store_from_ctx(), "sources")
        ),
        columns=("at", "who", "source", "change", "old", "new", "why"),
        title="Source corrections",
        empty="No merges or splits yet.",
    )


def register(group: click.Group) -> None:
    group.add_command(sources)
