"""``veracity serve``: the local web UI over a store."""

from __future__ import annotations

import webbrowser

import click

from veracity.cli.options import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the UI in a browser.")
def serve(db: str | None, host: str, port: int, open_browser: bool) -> None:
    """Browse propositions, sources, reasons and hypotheses in a local web UI."""
    import uvicorn

    from veracity.web import create_app

    app = create_app(db)
    url = f"http://{host}:{port}/"
    click.echo(f"veracity UI on {url} (Ctrl-C stops it)")
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(group: click.Group) -> None:
    group.add_command(serve)
