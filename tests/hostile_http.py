"""A hostile HTTP server on 127.0.0.1 for the fetcher's tests and the reliability benchmark.

Each path maps to a behaviour: raw bytes to send (then close), or a function given the socket
(to trickle, stall, or send something no well-behaved server would). ``{BASE}`` in the bytes
becomes the server's own ``http://127.0.0.1:PORT``. Only ever binds loopback.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable

Behaviour = bytes | Callable[[socket.socket], None]


def response(
    body: bytes = b"<html><body><p>Peskov said the call never happened.</p></body></html>",
    *,
    status: str = "200 OK",
    ctype: str = "text/html; charset=utf-8",
    headers: tuple[str, ...] = (),
    length: int | None = None,
) -> bytes:
    """Raw bytes of an HTTP/1.1 answer; ``length`` overrides the Content-Length sent."""
    head = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}"]
    head.append(f"Content-Length: {len(body) if length is None else length}")
    head.extend(headers)
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def redirect(location: str, status: str = "302 Found") -> bytes:
    return response(b"", status=status, headers=(f"Location: {location}",))


def trickle(data: bytes, every: float) -> Callable[[socket.socket], None]:
    """Send ``data`` one byte at a time, ``every`` seconds apart (a header that never ends)."""

    def run(sock: socket.socket) -> None:
        for i in range(len(data)):
            sock.sendall(data[i : i + 1])
            time.sleep(every)

    return run


class HostileServer:
    """``with HostileServer({"/path": behaviour}) as base: …`` — ``base`` is its URL."""

    def __init__(self, routes: dict[str, Behaviour] | None = None) -> None:
        self.routes: dict[str, Behaviour] = dict(routes or {})
        self.requests: list[str] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return self.base

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            line = request.split(b"\r\n", 1)[0].decode("latin-1")
            path = line.split(" ")[1] if line.count(" ") >= 2 else "/"
            self.requests.append(path)
            behaviour = self.routes.get(path, response(b"not here", status="404 Not Found"))
            if callable(behaviour):
                behaviour(conn)
            else:
                conn.sendall(behaviour.replace(b"{BASE}", self.base.encode()))
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
