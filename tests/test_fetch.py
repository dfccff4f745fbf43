"""The fetcher against a hostile server: internal redirects, trickled headers, short bodies,
malformed answers, feeds that point inward. Nothing leaves 127.0.0.1: refused addresses are
refused before any connection, and the only server is the loopback fixture, let through by an
``AddressPolicy`` that allows exactly 127.0.0.1 (``allow_private`` would let 127.0.0.2 and 10.x
through too, which is what these tests check is refused)."""

from __future__ import annotations

import ipaddress
import socket
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_http import HostileServer, redirect, response, trickle
from veracity.errors import InputError
from veracity.ingest.feeds import read_feed
from veracity.ingest.fetch import AddressPolicy, address_refusal, fetch
from veracity.ingest.inputs import read_input

FIXTURE_ONLY = AddressPolicy(also_allow=(ipaddress.ip_network("127.0.0.1/32"),))
ARTICLE = response()


def feed(entries: list[str]) -> bytes:
    items = "".join(
        f"<item><title>e{i}</title><link>{link}</link><description>text {i}</description></item>"
        for i, link in enumerate(entries)
    )
    xml = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    return response(xml.encode(), ctype="application/rss+xml")


@pytest.fixture
def server():
    s = HostileServer({"/article": ARTICLE})
    with s:
        yield s


def get(url: str, **kw):
    kw.setdefault("policy", FIXTURE_ONLY)
    kw.setdefault("timeout", 3)
    return fetch(url, **kw)


def test_the_fixture_itself_is_fetched(server):
    got = get(f"{server.base}/article")
    assert b"never happened" in got.body and got.content_type == "text/html"


def test_loopback_is_refused_by_default(server):
    with pytest.raises(InputError, match="loopback address: not fetched.*--allow-private"):
        fetch(f"{server.base}/article")
    assert server.requests == []  # refused before connecting
    assert b"never happened" in fetch(f"{server.base}/article", allow_private=True).body


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://127.0.0.2:{PORT}/secret", "loopback"),
        ("http://10.0.0.7/admin", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:{PORT}/", "loopback"),
        ("http://[::ffff:127.0.0.1]:{PORT}/", "loopback"),
        ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0:{PORT}/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[fd00::1]/", "private"),
        ("ftp://127.0.0.1/etc/passwd", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:11211/", "only http and https"),
    ],
)
@pytest.mark.parametrize("status", ["301 Moved Permanently", "302 Found", "307 Temporary Redirect"])
def test_redirects_inward_are_refused(server, target, why, status):
    server.routes["/go"] = redirect(target.replace("{PORT}", str(server.port)), status)
    with pytest.raises(InputError, match=why) as err:
        get(f"{server.base}/go")
    assert "redirected to" in str(err.value)
    assert server.requests == ["/go"]


def test_a_name_resolving_to_any_internal_address_is_refused():
    def resolver(host, port):
        return ["93.184.216.34", "10.0.0.1"]  # one public answer does not excuse the other

    with pytest.raises(InputError, match="10.0.0.1, a private address"):
        fetch("http://news.example/", resolver=resolver)


def test_the_checked_address_is_the_one_connected_to(server, monkeypatch):
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    def no_second_lookup(*a, **kw):
        raise AssertionError("a second DNS lookup (rebinding) was made")

    monkeypatch.setattr(socket, "getaddrinfo", no_second_lookup)
    got = get(f"http://news.example:{server.port}/article", resolver=resolver)
    assert b"never happened" in got.body and calls == ["news.example"]


def test_redirect_count_is_bounded(server):
    server.routes["/loop"] = redirect("/loop")
    with pytest.raises(InputError, match="more than 5 redirects"):
        get(f"{server.base}/loop")
    assert len(server.requests) == 6


def test_relative_redirect_to_the_same_server_is_followed(server):
    server.routes["/old"] = redirect("/article", "308 Permanent Redirect")
    got = get(f"{server.base}/old")
    assert got.final_url == f"{server.base}/article"


def test_a_trickled_header_hits_the_deadline(server):
    server.routes["/trickle"] = trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000, 0.05)
    started = time.monotonic()
    with pytest.raises(InputError, match="no complete answer within 1 s"):
        get(f"{server.base}/trickle", timeout=1)
    assert time.monotonic() - started < 2


def test_a_trickled_body_hits_the_deadline(server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
    server.routes["/slowbody"] = trickle(head + b"a" * 1000, 0.01)
    started = time.monotonic()
    with pytest.raises(InputError, match="within 1 s"):
        get(f"{server.base}/slowbody", timeout=1)
    assert time.monotonic() - started < 2


def test_a_body_shorter_than_its_content_length_is_refused(server):
    server.routes["/short"] = response(b"only this", ctype="text/plain", length=5000)
    with pytest.raises(InputError, match="Content-Length says 5,000"):
        get(f"{server.base}/short")


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 abc\r\n\r\n",
        b"NOTHTTP\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000 + b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhel",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: -1\r\n\r\nx",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
        b"Content-Length: 4\r\n\r\nabcd",
        b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n",
        b"",
        # "\xb2" is "²" once headers are read as latin-1: str.isdigit() says yes, int() no
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \xb2\r\n\r\nx",
    ],
)
def test_malformed_answers_are_input_errors(server, raw):
    server.routes["/bad"] = raw
    with pytest.raises(InputError) as refused:
        get(f"{server.base}/bad")
    assert "\n" not in str(refused.value)  # one line, whatever the server sent


def test_feed_links_inward_are_refused_and_others_read(server):
    server.routes["/feed.xml"] = feed(
        [
            "{BASE}/article",
            "http://127.0.0.2/internal",
            "http://169.254.169.254/latest/meta-data/",
            "ftp://{BASE}/x",
        ]
    )
    got = read_input(f"{server.base}/feed.xml", policy=FIXTURE_ONLY, timeout=3)
    assert len(got.documents) == 1 and "never happened" in got.documents[0].text
    problems = " | ".join(map(str, got.problems))
    assert "loopback" in problems and "link-local" in problems and "only http" in problems
    assert server.requests == ["/feed.xml", "/article"]


def test_a_feed_over_the_entry_limit_is_refused_whole():
    xml = feed([f"http://news.example/{i}" for i in range(600)]).split(b"\r\n\r\n", 1)[1]
    with pytest.raises(InputError, match="600 entries, over the limit of 500; nothing of it"):
        read_feed(xml, name="big.xml", fetch_article=lambda url: pytest.fail("fetched"))


def test_a_feed_of_stalling_links_is_refused_whole_within_its_deadline(server):
    stall = trickle(b"HTTP/1.1 200 OK\r\n" + b"X: " + b"a" * 100, 0.1)
    for i in range(20):
        server.routes[f"/stall{i}"] = stall
    server.routes["/stalling.xml"] = feed(
        ["{BASE}/article"] + [f"{{BASE}}/stall{i}" for i in range(20)]
    )
    started = time.monotonic()
    got = read_input(
        f"{server.base}/stalling.xml", policy=FIXTURE_ONLY, timeout=0.5, feed_timeout=1.2
    )
    assert time.monotonic() - started < 3
    assert got.documents == ()  # the article read first is not stored either
    (problem,) = got.problems
    assert "not all read within 1.2 s; nothing of it was stored" in str(problem)


def test_public_addresses_pass():
    assert address_refusal("93.184.216.34") is None
    assert address_refusal("2606:4700:4700::1111") is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda status, headers, body: status + b"".join(headers) + b"\r\n" + body,
            st.sampled_from([b"HTTP/1.1 200 OK\r\n", b"HTTP/1.0 302 Found\r\n", b"HTTP/1.1 "]),
            st.lists(
                st.sampled_from(
                    [
                        b"Content-Type: text/html\r\n",
                        b"Content-Type: text/plain; charset=utf-8\r\n",
                        b"Content-Length: 3\r\n",
                        b"Content-Length: 99999999999999999999\r\n",
                        b"Transfer-Encoding: chunked\r\n",
                        b"Location: http://10.0.0.1/\r\n",
                        b"Location: /article\r\n",
                        b"Location: \xff\xfe\r\n",
                        b"X: \x00\r\n",
                        b": no name\r\n",
                    ]
                ),
                max_size=6,
            ),
            st.binary(max_size=200),
        ),
    )
)
def test_any_answer_is_a_page_or_an_input_error(server, raw):
    server.routes["/fuzz"] = raw
    started = time.monotonic()
    try:
        got = get(f"{server.base}/fuzz", timeout=2)
    except InputError:
        pass
    else:
        assert isinstance(got.body, bytes)
    assert time.monotonic() - started < 3
