"""One entry point for every ingest input: a file, a directory, a URL or a feed.

``veracity ingest`` and notebooks call :func:`read_input`; it decides the kind from the URL
scheme, the suffix, the content type and the first bytes, and returns complete documents plus
the failures (each an InputError naming the file or URL and why).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from veracity.errors import InputError
from veracity.ingest.documents import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    MAX_BYTES,
    TEXT_SUFFIXES,
    ReadResult,
    decode_text,
    document_from_text,
    read_document_file,
    sniff_kind,
)
from veracity.ingest.feeds import FEED_TIMEOUT, FeedTimeout
from veracity.ingest.fetch import (
    DEFAULT_TIMEOUT,
    AddressPolicy,
    Fetched,
    Resolver,
    fetch,
    is_url,
    system_resolver,
)
from veracity.model import Document

READABLE_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES) - {""}


def _fetched_text(got: Fetched, *, encoding: str | None) -> str:
    from veracity.ingest.documents import _html_charset

    declared = encoding or got.charset
    if declared is None and got.content_type in ("text/html", "application/xhtml+xml"):
        declared = _html_charset(got.body)
    return decode_text(got.body, name=got.url, encoding=declared)


def _article_from_fetched(got: Fetched, *, encoding: str | None, retrieved: datetime) -> Document:
    kind = sniff_kind(got.body, content_type=got.content_type)
    if kind == "feed":
        raise InputError(
            "link leads to a feed, not an article; feeds are not followed from feeds", file=got.url
        )
    text = _fetched_text(got, encoding=encoding)
    if kind == "html":
        from veracity.ingest.html import html_document

        return html_document(text, name=got.url, url=got.final_url, retrieved=retrieved)
    return document_from_text(text, name=got.url, url=got.final_url, retrieved=retrieved)


def read_url(
    url: str,
    *,
    follow_links: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    allow_private: bool = False,
    feed_timeout: float = FEED_TIMEOUT,
    policy: AddressPolicy | None = None,
    resolver: Resolver = system_resolver,
) -> ReadResult:
    """An article page, a text file or a feed (whose entries' links are fetched once each,
    each checked as the feed was, all within ``feed_timeout`` seconds or the feed is refused).
    """
    policy = policy or AddressPolicy(allow_private=allow_private)
    feed_deadline = time.monotonic() + feed_timeout
    got = fetch(url, timeout=timeout, max_bytes=max_bytes, policy=policy, resolver=resolver)
    now = datetime.now(UTC)
    if sniff_kind(got.body, content_type=got.content_type) != "feed":
        return ReadResult(documents=(_article_from_fetched(got, encoding=encoding, retrieved=now),))
    from veracity.ingest.feeds import read_feed

    def fetch_article(link: str) -> Document:
        left = feed_deadline - time.monotonic()
        if left <= 0:
            raise FeedTimeout(
                f"the feed's pages were not all read within {feed_timeout:g} s; "
                "nothing of it was stored",
                file=url,
                fix="ingest it with --no-follow (the entries' own text), or raise --feed-timeout",
            )
        page = fetch(
            link,
            timeout=min(timeout, left),
            max_bytes=max_bytes,
            policy=policy,
            resolver=resolver,
        )
        return _article_from_fetched(page, encoding=encoding, retrieved=datetime.now(UTC))

    return read_feed(
        got.body,
        name=url,
        feed_urls=frozenset({url, got.final_url}),
        fetch_article=fetch_article if follow_links else None,
        retrieved=now,
    )


def read_input(
    spec: str,
    *,
    follow_links: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    allow_private: bool = False,
    feed_timeout: float = FEED_TIMEOUT,
    policy: AddressPolicy | None = None,
    resolver: Resolver = system_resolver,
) -> ReadResult:
    """Documents from a path (file or directory, recursively), a URL or a feed."""
    if is_url(spec):
        try:
            return read_url(
                spec,
                follow_links=follow_links,
                timeout=timeout,
                max_bytes=max_bytes,
                encoding=encoding,
                allow_private=allow_private,
                feed_timeout=feed_timeout,
                policy=policy,
                resolver=resolver,
            )
        except InputError as exc:
            return ReadResult(problems=(exc,))
    path = Path(spec)
    files = (
        sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
        if path.is_dir()
        else [path]
    )
    docs: list[Document] = []
    problems: list[InputError] = []
    for f in files:
        try:
            got = read_document_file(f, encoding=encoding, max_bytes=max_bytes)
        except InputError as exc:
            problems.append(exc)
            continue
        docs.extend(got.documents)
        problems.extend(got.problems)
    return ReadResult(documents=tuple(docs), problems=tuple(problems))


def deduplicate(documents: list[Document] | tuple[Document, ...]) -> list[Document]:
    """Documents with distinct content hashes, first seen kept."""
    seen: set[str] = set()
    out: list[Document] = []
    for d in documents:
        if d.content_hash not in seen:
            seen.add(d.content_hash)
            out.append(d)
    return out
