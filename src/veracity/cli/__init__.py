"""The ``veracity`` command: click commands only, each a thin layer over a library call.

Each feature area owns one module here that defines ``register(group)``. ``COMMANDS`` says which
module holds each command; a module is imported only when one of its commands runs (or when
``--help`` lists them), so ``veracity fuse`` does not pay for the web UI's imports. A
VeracityError becomes a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from veracity import __version__
from veracity.errors import VeracityError

#: command name -> the module of veracity.cli that registers it
COMMANDS: dict[str, str] = {
    "init": "data",
    "import": "data",
    "export": "data",
    "sources": "sources",
    "propositions": "data",
    "statements": "data",
    "assess": "assess",
    "explain": "assess",
    "report": "assess",
    "demo": "assess",
    "ach": "ach",
    "serve": "web",
    "user": "web",
    "tactics": "tactics",
    "fuse": "fuse",
    "extract": "extract",
    "ingest": "extract",
    "correct": "extract",
    "stance": "stance",
}


class VeracityGroup(click.Group):
    """Loads command modules on demand and turns VeracityErrors into one-line messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"veracity.cli.{COMMANDS[cmd_name]}")
            module.register(self)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VeracityError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=VeracityGroup)
@click.version_option(__version__, prog_name="veracity")
def cli() -> None:
    """veracity: who asserted what, who denied it, whom to believe, and why."""


def main() -> None:
    cli(prog_name="veracity")
