"""Read texts from files into :class:`~veracity.model.Document`, verbatim and whole or not at all.

Why verbatim: statements point into a document by character offsets, so the text stored is
exactly the text the extractor saw. Why whole or not at all: a reader either returns a complete
document or raises :class:`~veracity.errors.InputError` naming the file and the fix — never a
truncated or half-decoded text.

>>> doc = document_from_text("Peskov said it was fiction.", name="note.txt")
>>> doc.id, doc.content_hash[:8]
('doc-b0b4dec8f1af', 'b0b4dec8')
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from veracity.errors import InputError
from veracity.model import Document

MAX_BYTES = 10 * 1024 * 1024  # a news article is rarely over 1 MB; 10 MB leaves room for feeds
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one ingest input gave: complete documents, and the parts that failed, with reasons."""

    documents: tuple[Document, ...] = ()
    problems: tuple[InputError, ...] = field(default_factory=tuple)


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: documents with the same text are the same document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_from_text(
    text: str,
    *,
    name: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    retrieved: datetime | None = None,
    publisher: str | None = None,
) -> Document:
    """A Document whose id is derived from its content hash (same text, same id);
    ``publisher`` names the voice of its own sentences (see ``veracity.extract.voice``)."""
    if not text.strip():
        raise InputError("no text to ingest", file=name or url, fix="check the input is not empty")
    from veracity.ingest.text_door import check_strings

    # the address and publisher too: a feed's link holding a NUL (fuzz input feed.xml #2510)
    # was stored by SQLite and a DataError traceback on PostgreSQL
    check_strings(
        {"text": text, "title": title, "url": url, "publisher": publisher},
        file=name or (url or "").replace("\x00", "\\x00") or "<text>",
    )
    h = content_hash(text)
    return Document(
        id=f"doc-{h[:12]}",
        text=text,
        content_hash=h,
        url=url,
        title=title or _first_line_title(text),
        published=published,
        retrieved=retrieved,
        publisher=publisher,
    )


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read: NULs or many control bytes."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def decode_text(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode bytes strictly: UTF-8 (BOM allowed) unless an encoding is given or declared.

    A wrong guess would silently corrupt quotes and shift every span, so an undecodable byte is
    an error that names its offset, never a replacement character.
    """
    if looks_binary(data):
        raise InputError(
            "looks like a binary file, not text",
            file=name,
            fix="give a .txt, .md, .html or feed file, or a URL to one",
        )
    if encoding is None:
        if data.startswith(codecs.BOM_UTF8):
            encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown text encoding {encoding!r}", file=name, fix="use e.g. utf-8 or cp1252"
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} at byte {exc.start}",
            file=name,
            fix="re-encode the file as UTF-8, or pass --encoding (e.g. cp1252, latin-1)",
        ) from None


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing files over ``max_bytes`` before reading them."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                file=name,
                fix="split it, or raise the limit with --max-bytes",
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory", file=name, fix="give the files inside it") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None
    if len(data) > max_bytes:  # grew while we looked
        raise InputError(f"file is over the limit of {max_bytes:,} bytes", file=name)
    return data


def read_text_file(
    path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> str:
    """A file's text exactly as read (UTF-8 unless told), for extraction offsets."""
    p = Path(path)
    return decode_text(read_bytes(p, max_bytes=max_bytes), name=str(p), encoding=encoding)


def sniff_kind(data: bytes, *, suffix: str = "", content_type: str = "") -> str:
    """'feed', 'html' or 'text' from the content type, the suffix and the first bytes."""
    ct = content_type.split(";")[0].strip().lower()
    if ct in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    head = data[:2048].lstrip().lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if ct in ("text/html", "application/xhtml+xml") or suffix.lower() in HTML_SUFFIXES:
        return "html"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if suffix.lower() in FEED_SUFFIXES and head.startswith(b"<"):
        return "feed"
    return "text"


def read_document_file(
    path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> ReadResult:
    """Read one file of any supported kind: text, Markdown, HTML or an RSS/Atom feed.

    Feeds are read from the file only (entries' inline content); links are not followed.
    """
    # Local imports keep ``documents`` free of the optional HTML/feed parsers until needed.
    p = Path(path)
    data = read_bytes(p, max_bytes=max_bytes)
    kind = sniff_kind(data, suffix=p.suffix)
    now = datetime.now(UTC)
    if kind == "feed":
        from veracity.ingest.feeds import read_feed

        return read_feed(data, name=str(p), retrieved=now)
    if kind == "html":
        from veracity.ingest.html import html_document

        text = decode_text(data, name=str(p), encoding=encoding or _html_charset(data))
        return ReadResult(documents=(html_document(text, name=str(p), retrieved=now),))
    text = decode_text(data, name=str(p), encoding=encoding)
    return ReadResult(documents=(document_from_text(text, name=str(p), retrieved=now),))


def _html_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in its first bytes (``<meta charset=…>``), if any."""
    import re

    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None
