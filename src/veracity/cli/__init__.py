"""The ``veracity`` command: click commands only, each a thin layer over a library call.

Each feature area owns one module here that defines ``register(group)``; ``COMMAND_MODULES``
lists them. A VeracityError becomes a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from veracity import __version__
from veracity.errors import VeracityError

COMMAND_MODULES: tuple[str, ...] = ("data", "assess", "ach", "web", "tactics", "fuse", "extract")


class VeracityGroup(click.Group):
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


for _name in COMMAND_MODULES:
    importlib.import_module(f"veracity.cli.{_name}").register(cli)


def main() -> None:
    cli(prog_name="veracity")
