"""``veracity serve`` (the web workbench) and ``veracity user`` (its accounts)."""

from __future__ import annotations

import sys
import webbrowser

import click

from veracity.cli.options import Output, db_option, open_store_from_ctx, output_options
from veracity.errors import ConfigError


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port.")
@click.option(
    "--auth",
    type=click.Choice(["token", "accounts", "none"]),
    default="token",
    show_default=True,
    help="token: a one-time login link printed here; accounts: names and passwords from "
    "`veracity user add`; none: no login (loopback only).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another host name the server answers to (repeatable); requests naming any other "
    "Host are refused (DNS rebinding).",
)
@click.option(
    "--cases",
    "cases_dir",
    default=None,
    metavar="DIR",
    help="A folder of further cases (SQLite stores), created and switched in the browser; "
    "--db stays the home case and holds the accounts.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the UI in a browser.")
def serve(
    db: str | None,
    host: str,
    port: int,
    auth: str,
    allowed_hosts: tuple[str, ...],
    cases_dir: str | None,
    open_browser: bool,
) -> None:
    """Work on a case in the browser: browse, search, correct, add, rate, export.

    Bound to loopback it is for you alone (a one-time login link); for a team, add accounts
    with `veracity user add` and serve with --auth accounts. It refuses to listen beyond this
    machine without a login.
    """
    import uvicorn

    from veracity.store.accounts import list_users
    from veracity.web import create_app
    from veracity.web.security import hosts_for, is_loopback

    if not is_loopback(host):
        if auth == "none":
            raise ConfigError(
                f"refusing to serve on {host} without a login: anyone who can reach this "
                "machine could change the case — use --auth accounts (or token), or --host "
                "127.0.0.1"
            )
        click.secho(
            f"WARNING: listening on {host}: anyone on the network can reach this server. "
            "Traffic is plain HTTP — put it behind a TLS proxy for anything but a trusted LAN.",
            fg="red",
            bold=True,
            err=True,
        )
    app = create_app(
        db, auth=auth, allowed_hosts=hosts_for(host, allowed_hosts), cases_dir=cases_dir
    )
    if auth == "accounts" and not list_users(app.state.store):
        raise ConfigError(
            "no accounts in this store: add one first with `veracity user add NAME --role admin`"
        )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}"
    if auth == "token":
        url += app.state.guard.login_path()
        click.echo("veracity workbench: open this link to log in (it works once):")
        click.echo(f"    {url}")
    else:
        click.echo(f"veracity workbench on {url}/ (Ctrl-C stops it)")
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.group()
def user() -> None:
    """Accounts of a team workbench (`veracity serve --auth accounts`)."""


@user.command("add")
@db_option
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "editor", "admin"]),
    default="analyst",
    show_default=True,
    help="viewer reads; analyst adds, corrects, rates and assesses; editor also resolves; "
    "admin also manages accounts.",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
def user_add(db: str | None, name: str, role: str, password_stdin: bool) -> None:
    """Add an account NAME with a role; asks for its password (stored as a scrypt hash)."""
    from veracity.store.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = open_store_from_ctx()
    made = add_user(store, name, role, password)
    click.echo(f"added {made.name} ({made.role})")


@user.command("list")
@db_option
@output_options
def user_list(db: str | None, output: Output) -> None:
    """The accounts and their roles."""
    from veracity.store.accounts import list_users

    output.records(
        (
            {"name": u.name, "role": u.role, "disabled": u.disabled}
            for u in list_users(open_store_from_ctx())
        ),
        columns=("name", "role", "disabled"),
        title="Accounts",
        empty="No accounts yet: veracity user add NAME",
    )


@user.command("role")
@db_option
@click.argument("name")
@click.argument("role", type=click.Choice(["viewer", "analyst", "editor", "admin"]))
def user_role(db: str | None, name: str, role: str) -> None:
    """Change an account's role (applies to its open sessions at once)."""
    from veracity.store.accounts import set_role

    set_role(open_store_from_ctx(), name, role)
    click.echo(f"{name} is now {role}")


@user.command("disable")
@db_option
@click.argument("name")
def user_disable(db: str | None, name: str) -> None:
    """Disable an account (its open sessions end at their next request)."""
    from veracity.store.accounts import disable_user

    disable_user(open_store_from_ctx(), name)
    click.echo(f"{name} disabled")


def register(group: click.Group) -> None:
    group.add_command(serve)
    group.add_command(user)
