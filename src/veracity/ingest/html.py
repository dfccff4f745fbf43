"""HTML pages to article text: boilerplate (menus, footers, comments) removed with trafilatura.

The text kept is trafilatura's plain-text output; it becomes the document's verbatim text, so
statement spans point into it, not into the HTML.
"""

from __future__ import annotations

import warnings
from datetime import datetime

from veracity.errors import InputError
from veracity.ingest.documents import document_from_text
from veracity.model import Document


def html_to_text(html: str, *, name: str | None = None, url: str | None = None) -> dict:
    """``{"text", "title", "published", "publisher"}`` for an HTML page; InputError if no
    article text.

    Malformed markup is repaired by lxml; a page with no readable text is an error, not an empty
    document.
    """
    import trafilatura

    if not html.strip():
        raise InputError("empty HTML page", file=name or url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml/trafilatura FutureWarnings on odd trees
        try:
            found = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                favor_recall=True,
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on hostile markup
            raise InputError(
                f"cannot parse HTML ({type(exc).__name__})", file=name or url
            ) from None
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        raise InputError(
            "no article text found in the HTML page",
            file=name or url,
            fix="check that the page holds the article itself, not a script that loads it",
        )
    published = _parse_date(getattr(found, "date", None))
    # whose voice the article's own sentences are: og:site_name, else the author metadata
    publisher = getattr(found, "sitename", None) or getattr(found, "author", None)
    return {
        "text": text,
        "title": getattr(found, "title", None),
        "published": published,
        "publisher": publisher.strip()
        if isinstance(publisher, str) and publisher.strip()
        else None,
    }


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def html_document(
    html: str,
    *,
    name: str | None = None,
    url: str | None = None,
    retrieved: datetime | None = None,
) -> Document:
    """A Document of an HTML page's article text."""
    page = html_to_text(html, name=name, url=url)
    return document_from_text(
        page["text"],
        name=name,
        url=url,
        title=page["title"],
        published=page["published"],
        retrieved=retrieved,
        publisher=page["publisher"],
    )
