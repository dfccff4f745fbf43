"""Who may do what, and the browser defences around every request.

The model (after Jupyter's token URL and Datasette's actor cookie and asgi-csrf):

- **Modes.** ``token``: one person on their own machine; the server prints a one-time login
  URL carrying a random token, whose first use sets the session cookie (the token is then
  spent). ``accounts``: a team server; people log in with a name and password kept as scrypt
  hashes in the store (``veracity user add``). ``none``: no login, loopback only (tests,
  kiosks); every visitor acts as ``local`` with the admin role.
- **Sessions** are a signed cookie (HMAC-SHA256), HttpOnly, SameSite=Lax, Secure over HTTPS,
  holding the account name and a random CSRF nonce. In accounts mode the role is re-read from
  the store on each request, so a disabled account or a changed role applies at once.
- **CSRF.** Every non-GET request must carry the session's nonce, as the ``csrf_token`` form
  field or the ``X-CSRF-Token`` header; requests a browser marks cross-site
  (``Sec-Fetch-Site``) or whose ``Origin`` is another host are refused before that. A form
  posted from another origin, or a ``no-cors`` fetch, therefore changes nothing.
- **GETs never write.** Views that write accept only POST; the middleware asks a stronger role
  for unsafe methods (``analyst``), and views that need ``editor``/``admin`` say so.
- **Headers.** A CSP without inline script (``script-src 'self'``), ``frame-ancestors 'none'``
  and ``X-Frame-Options: DENY`` (no framing), ``nosniff``, ``Referrer-Policy: same-origin``
  (a login URL never leaks to another site; ``no-referrer`` would make Chromium send
  ``Origin: null`` with our own forms), and a same-origin resource policy (another site's
  ``<img>`` or ``no-cors`` fetch gets nothing back).
- **Allowed hosts.** A request whose ``Host`` is not one the server answers to is refused
  (DNS rebinding: a hostile name resolving to 127.0.0.1 reaches the port, but not the app).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from veracity.errors import ConfigError
from veracity.store.accounts import ROLES, User, at_least, get_user

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MODES = ("token", "accounts", "none")
COOKIE = "veracity_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_SECONDS = 12 * 3600
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: paths anyone may reach without a session (the login page and the static files)
PUBLIC_PREFIXES = ("/login", "/static/", "/logout")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: POSTs that change only the session, not the case: a viewer may make them
SESSION_POSTS = ("/cases/switch",)
MAX_FORM_BYTES = 64 << 20
MAX_FAILURES, FAILURE_WINDOW = (
    5,
    60.0,
)  # uploads of a few documents; larger imports belong to the CLI

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Charts are SVG documents loaded through <img>: they style themselves inline and run nothing.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is making a request: an account name and a role, plus the session's CSRF nonce."""

    name: str
    role: str
    csrf: str = ""

    def may(self, role: str) -> bool:
        return at_least(self.role, role)


class Signer:
    """Signs small JSON payloads so a cookie can carry them without a server-side table."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ConfigError("the session secret needs at least 16 bytes")
        self._key = hashlib.sha256(b"veracity-session\x00" + secret).digest()

    def sign(self, payload: dict[str, Any]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
        mac = hmac.new(self._key, body, hashlib.sha256).digest()
        return (body + b"." + base64.urlsafe_b64encode(mac)).decode().replace("=", "")

    def unsign(self, value: str, *, max_age: float = SESSION_SECONDS) -> dict[str, Any] | None:
        """The payload if the signature holds and it is younger than ``max_age``, else None."""
        try:
            body, mac = (_unpad(part) for part in value.split("."))
            want = hmac.new(self._key, body, hashlib.sha256).digest()
            if not hmac.compare_digest(base64.urlsafe_b64decode(mac), want):
                return None
            payload = json.loads(base64.urlsafe_b64decode(body))
        except (ValueError, TypeError):
            return None
        if not isinstance(payload, dict) or time.time() - float(payload.get("t", 0)) > max_age:
            return None
        return payload


def _unpad(part: str) -> bytes:
    return (part + "=" * (-len(part) % 4)).encode()


@dataclass
class Guard:
    """The security settings of one running workbench (see the module docstring)."""

    mode: str = "token"
    allowed_hosts: tuple[str, ...] = LOOPBACK
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    login_token: str | None = None
    store: Any = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"--auth must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.mode == "token" and not self.login_token:
            self.login_token = secrets.token_urlsafe(24)
        self.signer = Signer(self.secret)
        self._failures: dict[str, list[float]] = {}
        self.allowed_hosts = tuple(h.lower().strip("[]") for h in self.allowed_hosts)

    # -- the login token (token mode) -------------------------------------------------------

    def login_path(self) -> str:
        """The one-time login link's path and query (token mode)."""
        return f"/login?token={quote(self.login_token or '')}"

    def spend_token(self, token: str) -> bool:
        """True once for the right token: the link logs one browser in, then is spent."""
        if self.mode != "token" or not self.login_token or not token:
            return False
        if not hmac.compare_digest(token.encode(), self.login_token.encode()):
            return False
        self.login_token = None
        return True

    # -- failed logins --------------------------------------------------------------------

    def throttled(self, name: str) -> bool:
        """Whether ``name`` had ``MAX_FAILURES`` failed logins in the last ``FAILURE_WINDOW``
        seconds (password guessing is slowed to a few tries a minute per account)."""
        now = time.time()
        recent = [t for t in self._failures.get(name, []) if now - t < FAILURE_WINDOW]
        self._failures[name] = recent
        return len(recent) >= MAX_FAILURES

    def failed(self, name: str) -> None:
        self._failures.setdefault(name, []).append(time.time())

    # -- sessions ---------------------------------------------------------------------------

    def session_cookie(
        self, name: str | None, role: str | None, case: str | None = None
    ) -> tuple[str, str]:
        """A fresh cookie value and its CSRF nonce (name None: an anonymous visitor); ``case``
        is the case the session works on (None: the home case)."""
        nonce = secrets.token_urlsafe(24)
        payload = {"u": name, "r": role, "c": nonce, "t": time.time(), "k": case}
        return self.signer.sign(payload), nonce

    def read_session(self, scope: Scope) -> dict[str, Any] | None:
        value = Request(scope).cookies.get(COOKIE)
        return self.signer.unsign(value) if value else None

    def actor_of(self, session: dict[str, Any] | None) -> Actor | None:
        """The signed-in actor, or None for an anonymous visitor."""
        if self.mode == "none":
            return Actor("local", "admin", (session or {}).get("c", ""))
        if not session or not session.get("u"):
            return None
        name, role = str(session["u"]), str(session.get("r") or "")
        if self.mode == "accounts":
            user: User | None = get_user(self.store, name) if self.store is not None else None
            if user is None or user.disabled:
                return None
            role = user.role
        return Actor(name, role, str(session.get("c", "")))

    def host_allowed(self, scope: Scope) -> bool:
        host = ""
        for key, value in scope.get("headers", []):
            if key == b"host":
                host = value.decode("latin-1").lower()
                break
        if host.startswith("["):
            name = host[1 : host.find("]")] if "]" in host else host
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return "*" in self.allowed_hosts or name in self.allowed_hosts


def cookie_header(value: str, *, secure: bool, max_age: int = SESSION_SECONDS) -> str:
    flags = f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}"
    return flags + ("; Secure" if secure else "")


class GuardMiddleware:
    """Host check, authentication, CSRF and security headers around the whole app."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        guard = self.guard
        if not guard.host_allowed(scope):
            await _plain(400, "Host not allowed: this server answers to its own name only")(
                scope, receive, send
            )
            return
        session = guard.read_session(scope)
        new_cookie: str | None = None
        if session is None:  # every visitor gets a CSRF nonce, even before logging in
            new_cookie, nonce = guard.session_cookie(None, None)
            session = {"u": None, "r": None, "c": nonce}
        if guard.mode == "accounts" and session.get("u"):
            from starlette.concurrency import run_in_threadpool

            actor = await run_in_threadpool(guard.actor_of, session)
        else:
            actor = guard.actor_of(session)
        state = scope.setdefault("state", {})
        state["guard"] = guard
        state["actor"] = actor
        state["csrf"] = session.get("c", "")
        state["case"] = session.get("k")
        path: str = scope["path"]
        method: str = scope["method"]
        public = path.startswith(PUBLIC_PREFIXES)
        if method not in SAFE_METHODS:
            refusal = _cross_site(scope)
            if refusal is None:
                receive, refusal = await _check_csrf(scope, receive, str(session.get("c", "")))
            if refusal is not None:
                await _plain(403, refusal)(scope, receive, send)
                return
        if not public:
            if actor is None:
                await _login_first(scope, new_cookie)(scope, receive, send)
                return
            needed = "viewer" if method in SAFE_METHODS or path in SESSION_POSTS else "analyst"
            if not actor.may(needed):
                await _plain(403, f"your role ({actor.role}) may not do this; needs {needed}")(
                    scope, receive, send
                )
                return
        if new_cookie is not None:
            send = _with_cookie(send, new_cookie, secure=scope.get("scheme") == "https")
        await self.app(scope, receive, send)


def _plain(status: int, message: str) -> Response:
    return PlainTextResponse(message, status_code=status)


def _login_first(scope: Scope, new_cookie: str | None) -> Response:
    path = scope["path"]
    if scope["method"] in SAFE_METHODS and not path.endswith((".json", ".csv", ".jsonl")):
        target = path + ("?" + scope["query_string"].decode() if scope["query_string"] else "")
        response: Response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    else:
        response = JSONResponse({"ok": False, "error": "log in first"}, status_code=401)
    if new_cookie:
        response.headers.append(
            "set-cookie", cookie_header(new_cookie, secure=scope.get("scheme") == "https")
        )
    return response


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cross_site(scope: Scope) -> str | None:
    """Refuse what the browser itself says comes from elsewhere, before reading any body."""
    fetch_site = _header(scope, b"sec-fetch-site")
    if fetch_site in ("cross-site", "same-site"):
        return "cross-site request refused"
    origin = _header(scope, b"origin")
    if origin and origin != "null":
        host = _header(scope, b"host") or ""
        if origin.split("://", 1)[-1].lower() != host.lower():
            return "cross-origin request refused"
    elif origin == "null":
        return "request from an opaque origin refused"
    return None


async def _check_csrf(scope: Scope, receive: Receive, nonce: str) -> tuple[Receive, str | None]:
    """Compare the request's token with the session's; the body is read once and replayed.

    The token comes from the ``X-CSRF-Token`` header (programs) or the ``csrf_token`` field
    (forms). The body, a form or a JSON object, is parsed here once and left for the view in
    ``scope["state"]["form"]``, so a JSON call reaches the same views as a form.
    """
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return receive, "client went away"
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_FORM_BYTES:
            return receive, f"request larger than {MAX_FORM_BYTES >> 20} MB refused"
    kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    form: Any = {}
    if kind == "application/json":
        try:
            form = json.loads(bytes(body) or b"{}")
        except ValueError:
            return receive, "the JSON body cannot be read"
        if not isinstance(form, dict):
            return receive, "the JSON body must be an object"
    elif kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await Request(scope, _replay(bytes(body))).form(max_part_size=MAX_FORM_BYTES)
    scope.setdefault("state", {})["form"] = form
    header = _header(scope, CSRF_HEADER.encode())
    token = header if header is not None else str(form.get(CSRF_FIELD) or "")
    if not nonce or not hmac.compare_digest(token.encode(), nonce.encode()):
        return receive, "CSRF token missing or wrong: reload the page and try again"
    return _replay(bytes(body)), None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", CSP.encode()))
            message["headers"] = headers
        await send(message)

    return wrapped


def _with_cookie(send: Send, value: str, *, secure: bool) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(k.lower() == b"set-cookie" for k, _ in headers):
                headers.append((b"set-cookie", cookie_header(value, secure=secure).encode()))
            message["headers"] = headers
        await send(message)

    return wrapped


def actor(request: Request) -> Actor:
    """The request's actor (the middleware has refused anonymous requests to views)."""
    found = request.scope.get("state", {}).get("actor")
    if found is None:
        raise PermissionError("not logged in")
    return found


def require(request: Request, role: str) -> Actor:
    """The actor, if they hold ``role``; otherwise a 403 (views call this before writing)."""
    who = actor(request)
    if not who.may(role):
        from veracity.web.errors import Forbidden

        raise Forbidden(f"your role ({who.role}) may not do this; it needs {role} or above")
    return who


def hosts_for(bind: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The names a server bound to ``bind`` answers to: loopback, the bound address, and for a
    wildcard bind this machine's own name and addresses, plus ``extra`` (``--allowed-host``)."""
    names = set(LOOPBACK) | {h.lower() for h in extra}
    if bind in ("0.0.0.0", "::", ""):
        import socket

        host = socket.gethostname()
        names.add(host.lower())
        with contextlib.suppress(OSError):
            names.update(socket.gethostbyname_ex(host)[2])
    else:
        names.add(bind.lower().strip("[]"))
    return tuple(sorted(names))


def is_loopback(bind: str) -> bool:
    return bind in LOOPBACK or bind.startswith("127.")


def secret_from_env() -> bytes | None:
    """``$VERACITY_SECRET`` keeps team sessions valid across restarts (else a random secret)."""
    value = os.environ.get("VERACITY_SECRET")
    return value.encode() if value else None


__all__ = [
    "Actor",
    "Guard",
    "GuardMiddleware",
    "MODES",
    "ROLES",
    "Signer",
    "actor",
    "hosts_for",
    "is_loopback",
    "require",
]
