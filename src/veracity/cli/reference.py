"""The CLI reference in docs/cli.md, made from ``--help`` so it cannot drift (Datasette does
the same). Regenerate with ``python -m veracity.cli.reference > docs/cli.md``."""

from __future__ import annotations

import click

from veracity.cli import cli


def _walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(click.Context(command))):
            sub = command.get_command(click.Context(command), name)
            if sub is not None and not sub.hidden:
                out += _walk(sub, [*path, name])
    return out


def reference() -> str:
    parts = [
        "# CLI reference",
        "",
        "Made from `--help` by `python -m veracity.cli.reference > docs/cli.md`; "
        "`tests/test_docs.py` fails when it is out of date.",
        "",
    ]
    for path, command in _walk(cli, ["veracity"]):
        name = " ".join(path)
        ctx = click.Context(command, info_name=name, terminal_width=100, max_content_width=100)
        parts += [f"## {name}", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
