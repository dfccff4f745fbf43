"""Fetch a URL for ingestion: every hop checked, a wall-clock deadline, limits, or an error.

Why so strict: an analyst's batch must not hang on a server that never answers (or answers a
byte a second), fill memory with a video, store a login page's HTML as an article — or be
turned against the network it runs in. A page can redirect anywhere, so each hop is checked:

* only ``http`` and ``https``, on the first URL and on every redirect (never ``ftp:``, ``file:``);
* the host is resolved once, and *every* address it resolves to must be public: loopback,
  private, link-local (169.254.169.254, cloud metadata), shared, multicast, reserved and
  unspecified addresses are refused, IPv6 and IPv4-mapped IPv6 alike, unless
  ``allow_private`` (``veracity ingest --allow-private``); the connection then goes to that
  checked address, so a second DNS answer (rebinding) is never asked for;
* at most ``MAX_REDIRECTS`` redirects;
* one deadline for the whole fetch, redirects included: the socket is shut when it passes, so a
  server trickling its headers is cut off too;
* a body shorter than its ``Content-Length`` (or broken chunking) is an error, not an article;
* malformed status lines, header lines over 64 KiB and more than 100 headers are errors (the
  limits of Python's ``http.client``).

Proxies from the environment are not used: the address checked must be the one connected to.

>>> [address_refusal(a) for a in ("169.254.169.254", "::ffff:10.0.0.1", "93.184.216.34")]
['link-local', 'private', None]
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from veracity import __version__
from veracity.errors import InputError

DEFAULT_TIMEOUT = 15.0  # seconds, for the whole fetch (redirects included), not per read
MAX_FETCH_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
    }
)
_REDIRECTS = (301, 302, 303, 307, 308)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses it resolves to; the default asks the system resolver once
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched resource: the bytes, and what the server said they are."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses may be connected to: public ones, or any with ``allow_private``.

    ``also_allow`` lets named networks through as if public (a known intranet host; the tests'
    loopback server) while the rest of the private space stays refused."""

    allow_private: bool = False
    also_allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default=())

    def refusal(self, address: str) -> str | None:
        """Why ``address`` may not be connected to, or None."""
        if self.allow_private:
            return None
        ip = ipaddress.ip_address(address)
        if any(ip in net for net in self.also_allow):
            return None
        return address_refusal(address)


def address_refusal(address: str) -> str | None:
    """The kind of non-public address this is ("loopback", "private"…), or None if public."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_refusal(str(embedded)) or (None if ip.ipv4_mapped else _v6_kind(ip))
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "not public"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _v6_kind(ip: ipaddress.IPv6Address) -> str | None:
    return None if ip.is_global else "not public"


def is_url(text: str) -> bool:
    """True for what is meant as an http(s) address, even a malformed one ("http://[", a bracket
    in the host): fetching it then refuses it with its reason (exit 2), where urlsplit's
    ValueError was a traceback."""
    try:
        return urlsplit(text).scheme in SCHEMES
    except ValueError:
        return text.lower().startswith(tuple(f"{scheme}://" for scheme in SCHEMES))


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the system's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_FETCH_BYTES,
    accept: frozenset[str] = ACCEPTED_TYPES,
    allow_private: bool = False,
    policy: AddressPolicy | None = None,
    resolver: Resolver = system_resolver,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """GET ``url``; raise InputError on a refused address or scheme, timeout, HTTP error,
    malformed answer, wrong type, or too many bytes. ``timeout`` bounds the whole fetch."""
    policy = policy or AddressPolicy(allow_private=allow_private)
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        where = url if current == url else f"{url} (redirected to {current})"
        status, reason, headers, body = _get(
            current,
            where=where,
            deadline=deadline,
            timeout=timeout,
            max_bytes=max_bytes,
            accept=accept,
            policy=policy,
            resolver=resolver,
        )
        if status in _REDIRECTS:
            location = headers.get("Location")
            if not location:
                raise InputError(f"HTTP {status} redirect without a Location", file=where)
            current = urljoin(current, location.strip())
            continue
        if not 200 <= status < 300:
            raise InputError(f"HTTP {status} {reason}", file=where)
        return Fetched(
            url=url,
            final_url=current,
            content_type=(headers.get_content_type() or "").lower(),
            charset=headers.get_content_charset(),
            body=body,
        )
    raise InputError(
        f"more than {max_redirects} redirects", file=url, fix="give the final URL of the page"
    )


def _target(url: str, where: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of an http(s) URL, or InputError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"malformed URL ({exc})", file=where) from None
    if parts.scheme not in SCHEMES:
        raise InputError(
            f"{parts.scheme or 'no'} scheme: only http and https are fetched",
            file=where,
            fix="give a URL starting with https://",
        )
    host = parts.hostname
    if not host:
        raise InputError("URL has no host", file=where)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def _checked_address(host: str, port: int, *, where: str, policy, resolver) -> str:
    """The address to connect to: ``host`` resolved once, every answer allowed by the policy."""
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host!r} ({exc})", file=where) from None
    if not addresses:
        raise InputError(f"{host!r} resolves to no address", file=where)
    for address in addresses:
        try:
            why = policy.refusal(address)
        except ValueError:
            raise InputError(f"{host!r} resolves to {address!r}, not an IP", file=where) from None
        if why is not None:
            raise InputError(
                f"{host} is {address}, a {why} address: not fetched",
                file=where,
                fix="internal addresses are refused; give --allow-private to fetch them",
            )
    return addresses[0]


def _get(url: str, *, where, deadline, timeout, max_bytes, accept, policy, resolver):
    """One request: (status, reason, headers, body); the body only for a 2xx answer."""
    scheme, host, port, path = _target(url, where)
    address = _checked_address(host, port, where=where, policy=policy, resolver=resolver)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise InputError(f"no complete answer within {timeout:g} s", file=where)
    conn = _connection(scheme, host, port, address, remaining)
    watchdog = _Watchdog(conn, remaining)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.putheader("User-Agent", f"veracity/{__version__} (+ingest)")
        conn.putheader("Accept", ", ".join(sorted(accept)))
        conn.putheader("Connection", "close")
        conn.endheaders()
        response = conn.getresponse()
        headers = response.headers
        status = response.status
        if watchdog.fired:
            raise InputError(f"no complete answer within {timeout:g} s", file=where)
        if status in _REDIRECTS or not 200 <= status < 300:
            return status, response.reason, headers, b""
        ctype = (headers.get_content_type() or "").lower()
        if ctype not in accept:
            raise InputError(
                f"content type {ctype!r} is not an article or a feed",
                file=where,
                fix="give the URL of an HTML page, a text file or an RSS/Atom feed",
            )
        declared = _content_length(headers, where)
        if declared is not None and declared > max_bytes:
            raise InputError(
                f"response is {declared:,} bytes, over the limit of {max_bytes:,}", file=where
            )
        body = _read_body(response, max_bytes, where)
        if watchdog.fired:  # the socket was shut: what was read may end anywhere
            raise InputError(f"no complete answer within {timeout:g} s", file=where)
        if declared is not None and len(body) != declared and not response.chunked:
            raise InputError(
                f"body is {len(body):,} bytes, its Content-Length says {declared:,}",
                file=where,
                fix="the connection was cut: try again later",
            )
        return status, response.reason, headers, body
    except InputError:
        if watchdog.fired:
            raise InputError(f"no complete answer within {timeout:g} s", file=where) from None
        raise
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if watchdog.fired or isinstance(exc, TimeoutError | socket.timeout):
            raise InputError(f"no complete answer within {timeout:g} s", file=where) from None
        raise InputError(f"malformed or cut HTTP answer ({_describe(exc)})", file=where) from None
    finally:
        watchdog.cancel()
        conn.close()


def _describe(exc: BaseException) -> str:
    """One line: a bad status line arrives with its own line break (and any bytes a server
    sent), which would break the one-line error message."""
    text = " ".join(str(exc).split())
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    name = type(exc).__name__
    return f"{name}: {text[:80]}" if text else name


def _content_length(headers, where: str) -> int | None:
    values = headers.get_all("Content-Length") or []
    if not values:
        return None
    distinct = {v.strip() for v in values}
    value = next(iter(distinct))
    if len(distinct) != 1 or not (value.isascii() and value.isdigit()):  # "²".isdigit() too
        raise InputError(f"unusable Content-Length {', '.join(values)[:60]!r}", file=where)
    return int(value)


def _read_body(response: http.client.HTTPResponse, max_bytes: int, where: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(65536)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise InputError(f"response is over the limit of {max_bytes:,} bytes", file=where)
        chunks.append(chunk)
    return b"".join(chunks)


def _connection(scheme: str, host: str, port: int, address: str, timeout: float):
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = cls(host, port, timeout=timeout)
    conn.pinned_address = address
    return conn


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever the host name resolves to now."""

    pinned_address = ""

    def connect(self) -> None:
        ip = ipaddress.ip_address(self.pinned_address.split("%", 1)[0])
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)  # no getaddrinfo: an address, not a name
        try:
            sock.settimeout(self.timeout)
            sock.connect((self.pinned_address, self.port))
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS to a checked address; the certificate is checked against the host name."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


class _Watchdog:
    """Shuts the connection's socket when the deadline passes: a socket timeout bounds each
    read, not the sum of them, and a server can send one header byte per second forever."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.fired = False
        self._conn = conn
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()
