"""Fetch a URL for ingestion: a timeout, a size limit and a content-type check, or an error.

Why so strict: an analyst's batch must not hang on a server that never answers, fill memory with
a video, or store a login page's HTML as an article. Only http(s); nothing else is fetched.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from veracity import __version__
from veracity.errors import InputError

DEFAULT_TIMEOUT = 15.0  # seconds, for the whole fetch, not per read
MAX_FETCH_BYTES = 10 * 1024 * 1024
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


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched resource: the bytes, and what the server said they are."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_FETCH_BYTES,
    accept: frozenset[str] = ACCEPTED_TYPES,
) -> Fetched:
    """GET ``url``; raise InputError on timeout, HTTP error, wrong type or too many bytes."""
    if not is_url(url):
        raise InputError("not an http(s) URL", file=url, fix="give a URL starting with https://")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"veracity/{__version__} (+ingest)",
            "Accept": ", ".join(sorted(accept)),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            ctype = (headers.get_content_type() or "").lower()
            if ctype not in accept:
                raise InputError(
                    f"content type {ctype!r} is not an article or a feed",
                    file=url,
                    fix="give the URL of an HTML page, a text file or an RSS/Atom feed",
                )
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(
                    f"response is {int(length):,} bytes, over the limit of {max_bytes:,}",
                    file=url,
                )
            chunks: list[bytes] = []
            total = 0
            while True:
                if time.monotonic() > deadline:
                    raise InputError(f"no complete answer within {timeout:g} s", file=url)
                chunk = response.read1(65536)  # returns what arrived: the deadline holds
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(f"response is over the limit of {max_bytes:,} bytes", file=url)
                chunks.append(chunk)
            return Fetched(
                url=url,
                final_url=response.geturl(),
                content_type=ctype,
                charset=headers.get_content_charset(),
                body=b"".join(chunks),
            )
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}", file=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise InputError(f"no answer within {timeout:g} s", file=url) from None
        raise InputError(f"cannot fetch: {reason}", file=url) from None
    except TimeoutError:
        raise InputError(f"no answer within {timeout:g} s", file=url) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot fetch: {exc}", file=url) from None
