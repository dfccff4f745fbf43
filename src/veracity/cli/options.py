"""Options every command shares, defined once so that a person learns them once.

Output: ``output_options`` (``--json/--jsonl/--csv/--table``, ``-o/--output FILE``) on every
listing and every command that prints records, ``summary_option`` (``--json``) on commands that
report what they did, ``output_file_option`` where a command writes a file of its own kind.
They live in ``veracity.cli.output`` and are re-exported here.

>>> @click.command()
... @db_option
... @output_options
... def sources(db, output):
...     store = open_store_from_ctx()   # the --db store, closed when the command ends
...     output.records(({"id": s.id} for s in store.sources()), columns=["id"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from veracity.cli.output import (
    RECORD_FORMATS,
    Output,
    output_file_option,
    output_options,
    summary_option,
)

if TYPE_CHECKING:
    from veracity.store import Store

#: ``veracity.store.ENV_VAR``, repeated so that a command that never opens a store (``extract``,
#: ``fuse``) does not import SQLAlchemy to declare ``--db`` (a test checks the two agree)
ENV_VAR = "VERACITY_DB"

__all__ = [
    "RECORD_FORMATS",
    "Output",
    "byte_progress",
    "db_option",
    "open_store_from_ctx",
    "output_file_option",
    "output_options",
    "stderr_console",
    "summary_option",
]

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = (
    "The store: a SQLite file path or sqlite:///FILE, or postgresql+psycopg://USER@HOST/DB "
    "(default ./veracity.db)."
)


def db_option(f: F) -> F:
    """``--db URL`` (also ``$VERACITY_DB``); the command receives it as ``db``, checked: an
    empty value, an in-memory store or an unknown driver is refused before anything runs."""
    return click.option(
        "--db",
        "db",
        envvar=ENV_VAR,
        show_envvar=True,
        default=None,
        metavar="URL",
        help=DB_HELP,
        callback=_checked_db,
    )(f)


def _checked_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from veracity.errors import ConfigError
    from veracity.store.engine import refuse_ephemeral, resolve_url

    try:
        refuse_ephemeral(resolve_url(value))
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def open_store_from_ctx(ctx: click.Context | None = None, *, migrate: bool = True) -> Store:
    """The store named by the command's ``--db`` (or $VERACITY_DB, or ./veracity.db).

    Closed automatically when the command finishes.
    """
    from veracity.store import open_store

    ctx = ctx or click.get_current_context()
    url = ctx.params.get("db")
    store = open_store(url, migrate=migrate, on_migrate=_say_upgrade(url))
    ctx.call_on_close(store.close)
    return store


def _say_upgrade(url: str | None) -> Callable[[list, list], None]:
    """On stderr, when an existing store's schema is behind this veracity: which store, from
    which version to which, and what it means (a new store is created silently)."""

    def say(pending: list, known: list) -> None:
        if len(pending) == len(known):
            return  # a new store: nothing to upgrade
        from veracity.store.engine import resolve_url

        where = resolve_url(url).render_as_string(hide_password=True)
        done = [m.version for m in known if m not in pending]
        names = ", ".join(f"{m.version} {m.name}" for m in pending)
        click.echo(
            f"Upgrading the store {where} from schema version {max(done)} to "
            f"{pending[-1].version} ({len(pending)} migration{'s' if len(pending) > 1 else ''}: "
            f"{names}). This runs once; commands of an older veracity cannot use it afterwards.",
            err=True,
        )

    return say


def stderr_console() -> Console:
    """Where progress and notes go, so stdout stays clean for data (``export > file``)."""
    return Console(stderr=True)


@contextmanager
def byte_progress(description: str) -> Iterator[Callable[[int, int, int], None]]:
    """A rich progress bar over a file's bytes; yields ``progress(done, total, records)``.

    Shown only on a terminal; in a pipe or a test it stays silent.
    """
    from rich.progress import (  # here, not at import: start-up of every command
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = stderr_console()
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with bar:
        task = bar.add_task(description, total=None, records=0)

        def update(done: int, total: int, records: int) -> None:
            bar.update(task, completed=done, total=total, records=records)

        yield update
