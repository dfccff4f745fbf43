"""RSS and Atom feeds to documents, one per entry, with feedparser.

An entry becomes a document from its linked article when links are followed (and the link is an
article, not the feed itself or another feed), else from the entry's own content or summary.
feedparser is only ever given bytes: it never fetches anything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from veracity.errors import InputError
from veracity.ingest.documents import ReadResult, document_from_text
from veracity.model import Document

MAX_ENTRIES = 500  # a feed with more entries is refused whole: feeds are pages of news
FEED_TIMEOUT = 120.0  # seconds for a feed and every page it links to


class FeedTimeout(InputError):
    """A feed whose linked pages were not all read within its deadline: refused whole, so a
    re-run does not store half of it again and again."""


# fetch_article(url) -> Document; raises InputError. Given by the caller that may use the network.
ArticleFetcher = Callable[[str], Document]


def parse_feed(data: bytes, *, name: str):
    """feedparser's result for well-formed-enough feeds; InputError for anything else."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is lenient, but hostile bytes can still break it
        raise InputError(f"cannot parse feed ({type(exc).__name__})", file=name) from None
    version = parsed.get("version") or ""
    useful = [
        e for e in parsed.entries if any(e.get(k) for k in ("title", "link", "summary", "content"))
    ]
    if not useful and (parsed.get("bozo") or not version):
        reason = parsed.get("bozo_exception")
        raise InputError(
            f"not a readable RSS/Atom feed{f' ({reason})' if reason else ''}",
            file=name,
            fix="check the URL or file is the feed itself",
        )
    return parsed


def _entry_html(entry) -> str | None:
    for content in entry.get("content") or ():
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or entry.get("description")


def _entry_published(entry) -> datetime | None:
    st = entry.get("published_parsed") or entry.get("updated_parsed")
    if not st:
        return None
    try:
        year, month, day, hour, minute, second = st[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _entry_inline_document(entry, *, name: str, retrieved: datetime | None) -> Document:
    from veracity.ingest.html import html_to_text

    raw = _entry_html(entry)
    if not raw or not raw.strip():
        raise InputError("feed entry has no text of its own", file=name)
    title = entry.get("title")
    if "<" in raw:
        try:
            text = html_to_text(raw, name=name)["text"]
        except InputError:
            text = raw
    else:
        text = raw
    return document_from_text(
        text,
        name=name,
        url=entry.get("link"),
        title=title,
        published=_entry_published(entry),
        retrieved=retrieved,
    )


def read_feed(
    data: bytes,
    *,
    name: str,
    feed_urls: frozenset[str] = frozenset(),
    fetch_article: ArticleFetcher | None = None,
    retrieved: datetime | None = None,
    max_entries: int = MAX_ENTRIES,
) -> ReadResult:
    """Documents of a feed's entries and the entries that failed, each with its reason.

    ``feed_urls`` are the feed's own addresses: an entry linking back to one of them (a feed
    that links to itself) is not followed, which is what keeps feed reading from looping.
    A feed of more than ``max_entries`` entries is refused whole (InputError), before any link
    is fetched; so is one whose ``fetch_article`` raises ``FeedTimeout``.
    """
    marks = data.count(b"<item") + data.count(b"<entry")
    if marks > 2 * max_entries:  # counted before parsing: 100,000 nested items took feedparser 30 s
        raise InputError(
            f"feed has about {marks:,} entries, over the limit of {max_entries:,}; "
            "nothing of it was read",
            file=name,
            fix="ingest a feed URL that lists fewer entries (most sites page their feeds)",
        )
    parsed = parse_feed(data, name=name)
    if len(parsed.entries) > max_entries:
        raise InputError(
            f"feed has {len(parsed.entries):,} entries, over the limit of {max_entries:,}; "
            "nothing of it was read",
            file=name,
            fix="ingest a feed URL that lists fewer entries (most sites page their feeds)",
        )
    own = {u.rstrip("/") for u in feed_urls}
    own.update(
        (link.get("href") or "").rstrip("/")
        for link in parsed.feed.get("links", ())
        if link.get("rel") == "self"
    )
    own.discard("")
    docs: list[Document] = []
    problems: list[InputError] = []
    for i, entry in enumerate(parsed.entries, start=1):
        where = f"{name}#entry{i}"
        link = (entry.get("link") or "").rstrip("/")
        try:
            if fetch_article is not None and link:
                if link in own:
                    problems.append(
                        InputError(
                            "entry links back to the feed itself; its link is not followed",
                            file=where,
                        )
                    )
                    docs.append(_entry_inline_document(entry, name=where, retrieved=retrieved))
                    continue
                docs.append(fetch_article(entry.get("link")))
            else:
                docs.append(_entry_inline_document(entry, name=where, retrieved=retrieved))
        except FeedTimeout:
            raise
        except InputError as exc:
            problems.append(exc)
    # the feed's title names the voice of entries that name no publisher of their own
    title = (parsed.feed.get("title") or "").strip() or None
    docs = [d if d.publisher or not title else replace(d, publisher=title) for d in docs]
    return ReadResult(documents=tuple(docs), problems=tuple(problems))
