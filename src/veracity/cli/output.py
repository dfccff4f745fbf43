"""One output vocabulary for every command that prints records or a result: ``--json``,
``--jsonl``, ``--csv``, ``--table`` (the default on a terminal) and ``-o/--output FILE``,
as sqlite-utils gives every command the same ``--nl/--csv/--tsv``. A person learns them once.

>>> @click.command()
... @output_options
... def sources(output: Output) -> None:
...     output.records([{"id": "wapo", "name": "The Washington Post"}], columns=["id", "name"])
>>> from click.testing import CliRunner
>>> print(CliRunner().invoke(sources, ["--jsonl"]).output, end="")
{"id": "wapo", "name": "The Washington Post"}
>>> print(CliRunner().invoke(sources, ["--csv"]).output, end="")
id,name
wapo,The Washington Post

Off a terminal, a listing of records prints JSON Lines unless told otherwise; a command whose
result is a document drawn for reading (``assess``, ``explain``, ``ach matrix``) keeps drawing
it (``default="table"``), and ``--json`` gives the document itself.

A command with other output kinds names them (``@output_options(formats=("json", "csv",
"svg"))``) and writes them itself from ``output.format`` and ``output.open()``. Old spellings
(``--format X``, ``--out FILE``) are accepted, hidden, for one release.
"""

from __future__ import annotations

import csv
import functools
import itertools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar, overload

import click
from rich.console import Console, RenderableType
from rich.table import Table

from veracity.model.jsonable import plain, to_json

F = TypeVar("F", bound=Callable[..., Any])

#: what a listing can print; ``table`` is for people, the rest for programs
RECORD_FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv")
#: the only formats that have a flag of their own in every listing, for the help text
_HELP = {
    "table": "A table for reading (the default on a terminal).",
    "json": "One JSON document (a list of records).",
    "jsonl": "JSON Lines: one object per record.",
    "csv": "CSV with a header row.",
}
_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


@dataclass
class Output:
    """Where and how a command prints: the chosen ``format`` and the ``path`` (None: stdout).

    ``records`` prints rows in any record format; ``document`` one JSON value or a rendering;
    ``summary`` a command's result (``--json`` or a line of text); ``open`` gives the stream,
    for a command that writes its own format (written beside the file and renamed, so a
    failure leaves no half-written file).
    """

    format: str
    path: Path | None = None
    formats: tuple[str, ...] = RECORD_FORMATS
    #: "flag" (given on the command line), "suffix" (-o's extension) or "default"
    chosen_by: str = "default"
    console: Console = field(default_factory=lambda: Console(soft_wrap=False))

    @property
    def machine(self) -> bool:
        """True when a program reads the output (anything but a table)."""
        return self.format != "table"

    @contextmanager
    def open(self) -> Iterator[IO[str]]:
        if self.path is None:
            yield sys.stdout
            return
        handle, temp = tempfile.mkstemp(
            dir=self.path.parent or Path("."), prefix=f".{self.path.name}."
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                yield out
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def records(
        self,
        rows: Iterable[Mapping[str, Any]],
        *,
        columns: Sequence[str],
        title: str | None = None,
        empty: str = "Nothing to list.",
        csv_columns: Sequence[str] | None = None,
        table: Callable[[list[Mapping[str, Any]]], RenderableType] | None = None,
    ) -> int:
        """Print ``rows`` (dicts; model values become JSON values) and return how many.

        ``columns`` are the table's; ``csv_columns`` the CSV header (default: the first row's
        keys); JSON and JSON Lines keep every key. ``table`` draws the rows its own way (any rich
        renderable). Streams for
        every format but the table.
        """
        n = 0
        with self.open() as out:
            if self.format == "table":
                kept = list(rows)
                n = len(kept)
                shown = table(kept) if table is not None else _table(kept, columns, title)
                console = self.console if self.path is None else Console(file=out, width=120)
                console.print(shown if kept else f"[dim]{empty}[/dim]")
            elif self.format == "jsonl":
                for row in rows:
                    out.write(json.dumps(plain(row), ensure_ascii=False) + "\n")
                    n += 1
            elif self.format == "json":
                out.write("[")
                for n, row in enumerate(rows, start=1):
                    out.write(",\n" if n > 1 else "\n")
                    out.write(json.dumps(plain(row), ensure_ascii=False))
                out.write("\n]\n" if n else "]\n")
            elif self.format == "csv":
                stream = iter(rows)
                first = next(stream, None)
                header = list(csv_columns or (first.keys() if first is not None else columns))
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(header)
                for row in () if first is None else itertools.chain([first], stream):
                    writer.writerow([_cell(plain(row.get(c))) for c in header])
                    n += 1
            else:
                raise click.UsageError(f"records cannot be written as {self.format}")
        self._wrote(n, "records")
        return n

    def document(self, value: Any, *, render: Callable[[Console], None] | None = None) -> None:
        """One result: as indented JSON (``--json``), else drawn by ``render`` on the console."""
        with self.open() as out:
            if self.format == "json" or render is None:
                out.write(to_json(value, indent=2) + "\n")
            else:
                render(self.console if self.path is None else Console(file=out, width=120))
        self._wrote(None, "")

    def summary(self, data: Mapping[str, Any], text: str) -> None:
        """What a command did: ``data`` as JSON with ``--json``, else ``text`` for a person."""
        if self.format == "json":
            with self.open() as out:
                out.write(to_json(data, indent=2) + "\n")
        else:
            click.echo(text)

    def _wrote(self, n: int | None, what: str) -> None:
        if self.path is not None:
            count = f"{n:,} {what} " if n is not None else ""
            click.echo(f"wrote {count}to {self.path}", err=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(rows: list[Mapping[str, Any]], columns: Sequence[str], title: str | None) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_text(plain(row.get(c))) for c in columns))
    return table


def _text(value: Any, width: int = 80) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@overload
def output_options(f: F) -> F: ...
@overload
def output_options(
    f: None = None,
    *,
    formats: Sequence[str] = RECORD_FORMATS,
    default: str = "jsonl",
    suffixes: Mapping[str, str] | None = None,
    legacy: Mapping[str, str] | None = None,
    output_help: str = "Write to FILE instead of standard output.",
) -> Callable[[F], F]: ...
def output_options(
    f: F | None = None,
    *,
    formats: Sequence[str] = RECORD_FORMATS,
    default: str = "jsonl",
    suffixes: Mapping[str, str] | None = None,
    legacy: Mapping[str, str] | None = None,
    output_help: str = "Write to FILE instead of standard output.",
) -> F | Callable[[F], F]:
    """Give a command ``--<format>`` flags for ``formats`` and ``-o/--output FILE``; it
    receives an ``Output`` as ``output``.

    The format is the flag given, else the one ``-o``'s extension names (``suffixes`` adds to
    .json/.jsonl/.csv), else ``table`` when standard output is a terminal, else ``default``.
    The hidden ``--format X`` (``legacy`` maps old names: ``{"text": "table"}``) and ``--out``
    are the old spellings. Apply it below ``@click.command()``, like any option.
    """
    if f is None:
        return functools.partial(  # type: ignore[return-value]
            output_options,
            formats=formats,
            default=default,
            suffixes=suffixes,
            legacy=legacy,
            output_help=output_help,
        )
    names = tuple(formats)
    by_suffix = {k: v for k, v in _SUFFIXES.items() if v in names} | dict(suffixes or {})
    old_names = dict(legacy or {})

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        flags = [name for name in names if kwargs.pop(f"output_as_{name}", False)]
        old = kwargs.pop("output_format_legacy", None)
        path = kwargs.pop("output_path", None)
        old_path = kwargs.pop("output_path_legacy", None)
        if old is not None:
            flags.append(old_names.get(old, old))
        if len(set(flags)) > 1:
            shown = ", ".join(f"--{n}" for n in names[:-1]) + f" or --{names[-1]}"
            raise click.UsageError(f"use just one of {shown}")
        if path is not None and old_path is not None:
            raise click.UsageError("use -o/--output only (--out is its old spelling)")
        path = path if path is not None else old_path
        target = Path(path) if path is not None and path != "-" else None
        chosen_by = "default"
        if flags:
            chosen, chosen_by = flags[0], "flag"
        elif target is not None and target.suffix.lower() in by_suffix:
            chosen, chosen_by = by_suffix[target.suffix.lower()], "suffix"
        elif target is None and "table" in names and sys.stdout.isatty():
            chosen = "table"
        else:
            chosen = default
        kwargs["output"] = Output(chosen, target, names, chosen_by)
        return f(*args, **kwargs)

    options = [
        click.option(
            f"--{name}", f"output_as_{name}", is_flag=True, help=_HELP.get(name, f"{name}.")
        )
        for name in names
    ]
    options += [
        click.option(
            "-o",
            "--output",
            "output_path",
            type=click.Path(dir_okay=False, writable=True),
            default=None,
            metavar="FILE",
            help=output_help,
        ),
        click.option(
            "--format",
            "output_format_legacy",
            type=click.Choice([*names, *old_names]),
            default=None,
            hidden=True,
        ),
        click.option(
            "--out",
            "output_path_legacy",
            type=click.Path(dir_okay=False),
            default=None,
            hidden=True,
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command  # type: ignore[return-value]


def summary_option(f: F | None = None, *, name: str = "output") -> Any:
    """``--json`` for a command that does something and then says what (``ingest``,
    ``import``, ``fuse``, ``report``): it receives an ``Output`` as ``output`` (or ``name``)
    and calls ``output.summary(data, text)``."""
    if f is None:
        return functools.partial(summary_option, name=name)

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        as_json = kwargs.pop("output_as_json", False)
        kwargs[name] = Output("json" if as_json else "text", None, ("json",))
        return f(*args, **kwargs)

    flag = click.option(
        "--json", "output_as_json", is_flag=True, help="Say what was done as one JSON object."
    )
    return flag(command)


def output_file_option(*, required: bool = False, help: str) -> Callable[[F], F]:
    """``-o/--output FILE`` (old spelling ``--out``, hidden) for a command that writes a file
    of its own kind (``fuse``'s results, ``tactics train``'s model); received as ``output``,
    a ``Path``."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def command(*args: Any, **kwargs: Any) -> Any:
            path, old = kwargs.pop("output_path", None), kwargs.pop("output_path_legacy", None)
            if path is not None and old is not None:
                raise click.UsageError("use -o/--output only (--out is its old spelling)")
            path = path if path is not None else old
            if path is None and required:
                raise click.UsageError("Missing option '-o' / '--output'.")
            kwargs["output"] = Path(path) if path is not None else None
            return f(*args, **kwargs)

        new = click.option(
            "--out", "output_path_legacy", type=click.Path(dir_okay=False), hidden=True
        )(command)
        new = click.option(
            "-o",
            "--output",
            "output_path",
            type=click.Path(dir_okay=False),
            metavar="FILE",
            help=help + (" [required]" if required else ""),
        )(new)
        return new  # type: ignore[return-value]

    return decorate
