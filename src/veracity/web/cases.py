"""Cases: each case is a store of its own, and a person switches between them in the browser.

The store ``veracity serve --db`` names is the *home* case (``main``): it also holds the
accounts. With ``--cases DIR`` every ``DIR/NAME.db`` is another case (SQLite), and analysts can
create new ones from the browser. A person's current case rides in their session cookie, so two
people can work on different cases on one server.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from starlette.requests import Request

from veracity.errors import InputError, NotFoundError
from veracity.store import Store, open_store

HOME = "main"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class Cases:
    """The home store and the case stores in ``folder`` (opened on first use, then kept)."""

    def __init__(self, home: Store, folder: str | Path | None = None) -> None:
        self.home = home
        self.folder = Path(folder).expanduser() if folder else None
        self._open: dict[str, Store] = {HOME: home}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        found = sorted(p.stem for p in self.folder.glob("*.db")) if self.folder else []
        return [HOME] + [n for n in found if n != HOME and _NAME.match(n)]

    def exists(self, name: str) -> bool:
        return name == HOME or (
            self.folder is not None
            and bool(_NAME.match(name))
            and (self.folder / f"{name}.db").is_file()
        )

    def store(self, name: str) -> Store:
        if not self.exists(name):
            raise NotFoundError(f"no case {name!r}; the cases are: {', '.join(self.names())}")
        with self._lock:
            if name not in self._open:
                assert self.folder is not None
                self._open[name] = open_store(str(self.folder / f"{name}.db"))
            return self._open[name]

    def create(self, name: str) -> Store:
        """A new empty case (a new SQLite store in the cases folder)."""
        if self.folder is None:
            raise InputError(
                "this server has no cases folder: start it with `veracity serve --cases DIR` "
                "to create cases in the browser"
            )
        if not _NAME.match(name):
            raise InputError(
                "a case name is 1-63 characters of a-z, 0-9 and '-', starting with a letter or "
                "digit",
                field="name",
            )
        if self.exists(name):
            raise InputError(f"case {name!r} exists already", field="name")
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            store = open_store(str(self.folder / f"{name}.db"))
            self._open[name] = store
        return store

    def close(self) -> None:
        for name, store in self._open.items():
            if name != HOME:
                store.close()


def current_case(request: Request) -> str:
    """The case the request's session works on (``main`` unless switched)."""
    name = request.scope.get("state", {}).get("case") or HOME
    return str(name)


def store_of(request: Request) -> Store:
    """The store of the request's current case."""
    cases: Cases = request.app.state.cases
    name = current_case(request)
    return cases.store(name) if cases.exists(name) else cases.home
