"""Reading documents: text, HTML, feeds and URLs — and hostile input, which must give a clear
error and no partial document. URLs are served by a local http.server, never the network."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.cli import cli
from veracity.errors import InputError
from veracity.ingest.documents import (
    content_hash,
    decode_text,
    read_document_file,
    sniff_kind,
)
from veracity.ingest.feeds import parse_feed, read_feed
from veracity.ingest.fetch import fetch
from veracity.ingest.html import html_to_text
from veracity.ingest.inputs import deduplicate, read_input

ARTICLE_HTML = """<!doctype html><html><head><title>Kremlin denies call</title>
<meta property="article:published_time" content="2024-11-11"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Kremlin denies call</h1>
<p>Kremlin spokesman Dmitry Peskov said on Monday that the report was "pure fiction".</p>
<p>The Washington Post reported that the two leaders had spoken by phone on Nov. 7.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def feed_xml(base: str, entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in entries
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<link>{base}</link><description>d</description>{items}</channel></rss>"
    )


# -- files ----------------------------------------------------------------------------------


def test_text_is_kept_verbatim_and_hashed(tmp_path):
    text = "Peskov said: “It is pure fiction.”\n\n\tIndented line.\n"
    f = tmp_path / "a.md"
    f.write_text(text, encoding="utf-8")
    (doc,) = read_document_file(f).documents
    assert doc.text == text
    assert doc.content_hash == content_hash(text)
    assert doc.title == "Peskov said: “It is pure fiction.”"


def test_html_boilerplate_is_removed(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(ARTICLE_HTML, encoding="utf-8")
    (doc,) = read_document_file(f).documents
    assert "pure fiction" in doc.text and "Nov. 7" in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text
    assert doc.title == "Kremlin denies call"
    assert doc.published is not None and doc.published.year == 2024


def test_binary_file_is_refused(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        read_document_file(f)


def test_huge_file_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="over the limit"):
        read_document_file(f)


def test_wrong_encoding_is_named_not_guessed(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Peskov: “c’est faux”, café".encode("cp1252"))
    with pytest.raises(InputError, match="not valid utf-8 at byte") as err:
        read_document_file(f)
    assert err.value.fix and "--encoding" in err.value.fix
    (doc,) = read_document_file(f, encoding="cp1252").documents
    assert doc.text == "Peskov: “c’est faux”, café"


def test_utf16_with_bom_reads(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("Peskov said no.".encode("utf-16"))
    (doc,) = read_document_file(f).documents
    assert doc.text == "Peskov said no."


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>bold <div>Peskov said the call never happened. "
        "The Washington Post stood by its report of the call.",
        "<p>Peskov said it was fiction.</p></div></div></body></html></html>",
        "<<<<>>>><p>Peskov said it was fiction, and the Post said it was not.</p><<",
    ],
)
def test_malformed_html_gives_text_or_a_clear_error(tmp_path, html):
    f = tmp_path / "bad.html"
    f.write_text(html, encoding="utf-8")
    try:
        result = read_document_file(f)
    except InputError as exc:
        assert "bad.html" in str(exc)
        return
    (doc,) = result.documents
    assert "Peskov" in doc.text
    assert "<" not in doc.text


def test_html_without_article_text_is_an_error(tmp_path):
    f = tmp_path / "script.html"
    f.write_text("<html><head><script>var a=1;</script></head><body></body></html>", "utf-8")
    with pytest.raises(InputError, match="no article text"):
        read_document_file(f)


def test_directory_is_read_recursively_and_duplicates_dropped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Peskov said no.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("Peskov said no.", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01")  # not a readable suffix: ignored
    got = read_input(str(tmp_path))
    assert len(got.documents) == 2 and not got.problems
    assert len(deduplicate(got.documents)) == 1


def test_feed_file_entries_become_documents(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(
        feed_xml(
            "http://example.invalid/",
            [
                ("One", "http://example.invalid/1", "Peskov said the call never happened."),
                ("Two", "http://example.invalid/2", "The Post said it had."),
            ],
        ),
        encoding="utf-8",
    )
    got = read_document_file(f)
    assert [d.title for d in got.documents] == ["One", "Two"]
    assert got.documents[0].url == "http://example.invalid/1"


def test_garbage_feed_is_an_error():
    with pytest.raises(InputError, match="not a readable RSS/Atom feed"):
        parse_feed(b"<rss><channel><item>", name="x.rss")


# -- URLs: a local server --------------------------------------------------------------------


class Site(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path not in self.routes:
            self.send_error(404)
            return
        ctype, body = self.routes[self.path]
        body = body.replace(b"{BASE}", base.encode())
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    Site.routes = {
        "/article": ("text/html; charset=utf-8", ARTICLE_HTML.encode()),
        "/plain": ("text/plain; charset=cp1252", "Peskov: “no”".encode("cp1252")),
        "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        "/big": ("text/plain", b"a" * 200_000),
        "/self.xml": (
            "application/rss+xml",
            feed_xml(
                "{BASE}/self.xml",
                [
                    ("Me", "{BASE}/self.xml", "This entry links back to its own feed."),
                    ("Article", "{BASE}/article", "summary"),
                    ("Other feed", "{BASE}/other.xml", "summary of another feed"),
                ],
            ).encode(),
        ),
        "/other.xml": (
            "application/rss+xml",
            feed_xml("{BASE}/other.xml", [("Back", "{BASE}/self.xml", "loop")]).encode(),
        ),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/slow"
    sock.close()


def test_url_article(site):
    got = read_input(f"{site}/article", allow_private=True)
    (doc,) = got.documents
    assert "pure fiction" in doc.text and doc.url == f"{site}/article"


def test_url_charset_from_the_header(site):
    (doc,) = read_input(f"{site}/plain", allow_private=True).documents
    assert doc.text == "Peskov: “no”"


def test_url_wrong_content_type(site):
    with pytest.raises(InputError, match="content type 'image/png'"):
        fetch(f"{site}/image", allow_private=True)


def test_url_size_limit(site):
    with pytest.raises(InputError, match="over the limit"):
        fetch(f"{site}/big", max_bytes=100_000, allow_private=True)


def test_url_that_never_answers(silent_server):
    got = read_input(silent_server, timeout=0.5, allow_private=True)
    assert not got.documents
    (problem,) = got.problems
    assert "answer within 0.5 s" in str(problem)


def test_url_404_is_named(site):
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{site}/missing", allow_private=True)


def test_feed_that_links_to_itself_does_not_loop(site):
    got = read_input(f"{site}/self.xml", allow_private=True)
    titles = [d.title for d in got.documents]
    # the self-link is not followed (its own text is used); the article is fetched;
    # a link to another feed is refused, not followed
    assert "Kremlin denies call" in titles
    assert any("links back to the feed itself" in str(p) for p in got.problems)
    assert any("leads to a feed, not an article" in str(p) for p in got.problems)
    assert len(got.documents) == 2


def test_ingest_cli_reports_bad_inputs_and_stores_only_whole_documents(site, tmp_path):
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    good = tmp_path / "good.txt"
    good.write_text("Peskov said the call never happened.", encoding="utf-8")
    db = tmp_path / "v.db"
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(bad),
            str(good),
            f"{site}/image",
            "--allow-private",
            "--db",
            str(db),
            "--model",
            "blank",
        ],
    )
    assert result.exit_code == 2
    assert "binary" in result.output and "image/png" in result.output
    assert "1 documents stored" in result.output
    from veracity.store import open_store

    with open_store(str(db)) as s:
        assert [d.text for d in s.documents()] == ["Peskov said the call never happened."]


# -- fuzzing ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_returns_garbage(data):
    try:
        text = decode_text(data, name="fuzz")
    except InputError:
        return
    assert isinstance(text, str)
    assert (
        "\ufffd" not in text or "\ufffd".encode() in data or data[:2] in (b"\xff\xfe", b"\xfe\xff")
    )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1000), st.sampled_from(["", ".html", ".xml", ".txt"]))
def test_sniff_kind_always_answers(data, suffix):
    assert sniff_kind(data, suffix=suffix) in ("feed", "html", "text")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_feed_parser_raises_only_input_errors(data):
    try:
        got = read_feed(data, name="fuzz.xml")
    except InputError:
        return
    for doc in got.documents:
        assert doc.text.strip()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div>",
                "<",
                ">",
                "&amp;",
                "Peskov said no.",
                "<script>",
                "<html>",
                "</body>",
                "“",
                "\x00",
                " ",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_html_parser_raises_only_input_errors(html):
    try:
        page = html_to_text(html, name="fuzz.html")
    except InputError:
        return
    assert page["text"].strip()


def test_extract_spans_hold_after_html_ingest(tmp_path):
    """The stored text is the extracted article text: spans index it, not the HTML."""
    from veracity.extract import Extractor, load_pipeline

    f = tmp_path / "page.html"
    f.write_text(ARTICLE_HTML, encoding="utf-8")
    (doc,) = read_document_file(f).documents
    for a in Extractor(load_pipeline("blank")).extract(doc.text):
        assert doc.text[a.content_span[0] : a.content_span[1]] == a.content


def test_paths_are_named_in_errors(tmp_path):
    missing = tmp_path / "nope.txt"
    got = read_input(str(missing))
    (problem,) = got.problems
    assert str(missing) in str(problem) and "no such file" in str(problem)
    assert Path(missing).name in str(problem)
