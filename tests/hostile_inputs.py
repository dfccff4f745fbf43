"""Hostile inputs for every reader, generated from valid seeds the way an attacker mutates a
file: values swapped for hostile ones (NUL, lone surrogates, ``²``, 1e400, 2^63, 5,000 digits,
deep nesting), bytes flipped, lines cut, repeated or reordered. Used by the fuzz tests (a few
hundred inputs) and ``benchmarks/reliability.py`` (thousands). Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from hostile_grammar import generate

HOSTILE_VALUES: list[str] = [
    "\\u0000",
    "a\\u0000b",
    "\\ud800",
    "\\udfff\\ud800",
    "²",
    "٣",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "9223372036854775808",
    "2147483648",
    "-1",
    "9" * 5000,
    "0." + "0" * 400 + "1",
    "",
    " ",
    "null",
    "true",
    "[]",
    "{}",
    "[" * 3000 + "]" * 3000,
    "\\\\",
    '\\"',
    "'",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE statements;--",
    "\u202e\u200b",
    "x" * 70_000,
]

RAW_INSERTS: list[bytes] = [
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",  # a surrogate in UTF-8 bytes: invalid UTF-8
    b"\r",
    b"\n\n",
    b'"',
    b"\\",
    b"{" * 100_000,
    b"[" * 100_000,
    b"- " * 5_000,
    b"&" * 50,
    b"<!ENTITY x 'y'>",
    b"]]>",
    b"\t",
    b",",
    b":",
]

SEEDS: dict[str, bytes] = {
    "sources.jsonl": (
        b'{"id": "lavrov{N}", "name": "Sergei Lavrov", "kind": "person"}\n'
        b'{"id": "tass{N}", "name": "TASS", "kind": "outlet", "url": "https://tass.com"}\n'
    ),
    "statements.jsonl": (
        b'{"id": "s1-{N}", "source": "peskov", "proposition": "P1", "stance": "denies", '
        b'"time": "2024-11-10", "quote": "pure fiction", "document": "d1", "span_start": 0, '
        b'"span_end": 4}\n'
        b'{"id": "s2-{N}", "source": "wapo", "proposition": "P1", "stance": "asserts"}\n'
    ),
    "evidence.jsonl": (
        b'{"id": "e1-{N}", "proposition": "P1", "description": "call log", "likelihood_ratio": 3}\n'
    ),
    "sources.csv": b"id,name,kind\nlavrov{N},Sergei Lavrov,person\ntass{N},TASS,outlet\n",
    "statements.csv": (
        b"id,source,proposition,stance,time,quote\n"
        b"s1-{N},peskov,P1,denies,2024-11-10,pure fiction\n"
        b"s2-{N},wapo,P1,asserts,,\n"
    ),
    "case.yaml": (
        b"case: kremlin{N}\ntitle: Kremlin call\n"
        b"sources:\n  - id: peskov{N}\n    name: Dmitry Peskov\n    kind: person\n"
        b"propositions:\n  - id: P{N}\n    text: Trump and Putin spoke by phone\n"
        b"statements:\n  - id: s{N}\n    source: peskov{N}\n"
        b"    proposition: P{N}\n    stance: denies\n"
        b"evidence:\n  - id: e{N}\n    proposition: P{N}\n    description: log\n"
        b"    likelihood_ratio: 2\n"
    ),
    "case.json": json.dumps(
        {
            "case": "kremlin{N}",
            "title": "Kremlin call",
            "sources": [{"id": "peskov{N}", "name": "Dmitry Peskov", "kind": "person"}],
            "propositions": [{"id": "P{N}", "text": "Trump and Putin spoke by phone"}],
            "statements": [
                {"id": "s{N}", "source": "peskov{N}", "proposition": "P{N}", "stance": "denies"}
            ],
        }
    ).encode(),
    "claims.csv": b"source,item,value,weight\na,i1,x,1\nb,i1,y,0.5\nc,i2,z,2\na,i2,z,1\n",
    "article.html": (
        b"<html><head><title>Call</title><meta charset='utf-8'></head><body><article>"
        b"<h1>Kremlin denies call</h1><p>Dmitry Peskov said the call &laquo;never "
        b"happened&raquo;.</p></article></body></html>"
    ),
    "feed.xml": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        b"<item><title>Call</title><link>https://news.example/a</link>"
        b"<description>Peskov said the call never happened.</description></item>"
        b"</channel></rss>"
    ),
    "feed.atom": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
        b'<entry><title>Call</title><link href="https://news.example/a"/><id>u:1</id>'
        b"<updated>2024-11-10T12:00:00Z</updated>"
        b"<summary>Peskov said the call never happened.</summary></entry></feed>"
    ),
    "claimreview.json": json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://checks.example/{N}",
            "datePublished": "2024-11-02",
            "claimReviewed": "The city's crime rate doubled {N}.",
            "author": {"@type": "Organization", "name": "Example Fact Check"},
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "Sam Speaker"},
                "datePublished": "2024-10-30",
            },
            "reviewRating": {"@type": "Rating", "alternateName": "Mostly False"},
        }
    ).encode(),
    "response.http": (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 44\r\n\r\n"
        b"<p>Peskov said the call never happened.</p>"
    ),
}

_VALUE_SPOTS = {  # where a value sits, per format: swap one for a hostile value
    "jsonl": (b'"', b'"'),
    "json": (b'"', b'"'),
    "csv": (b",", b","),
    "yaml": (b": ", b"\n"),
}


def _format(name: str) -> str:
    return {"jsonl": "jsonl", "json": "json", "csv": "csv", "yaml": "yaml"}.get(
        name.rsplit(".", 1)[-1], "raw"
    )


def mutate(seed: bytes, name: str, rng: random.Random) -> bytes:
    """One hostile variant of ``seed`` (a file called ``name``)."""
    data = bytearray(seed)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        op = rng.random()
        if op < 0.45:
            data = bytearray(_swap_value(bytes(data), name, rng))
        elif op < 0.6:
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice(RAW_INSERTS)
        elif op < 0.7 and data:
            at = rng.randrange(len(data))
            data[at] = rng.randrange(256)
        elif op < 0.78 and data:
            del data[rng.randrange(len(data)) :]
        elif op < 0.86 and data:
            a = rng.randrange(len(data))
            b = min(len(data), a + rng.randrange(1, 200))
            data[b:b] = data[a:b] * rng.choice((1, 2, 50))
        elif op < 0.93:
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines)
            data = bytearray(b"\n".join(lines))
        else:
            data = bytearray(_bomb(name, rng))
    return bytes(data)


def _swap_value(data: bytes, name: str, rng: random.Random) -> bytes:
    fmt = _format(name)
    value = rng.choice(HOSTILE_VALUES)
    if fmt in ("jsonl", "json"):
        # a JSON value: a string (escapes kept as escapes) or, for numeric-looking ones, bare
        bare = value and (value[0].isdigit() or value[0] in "-[{" or value in ("null", "true"))
        token = value.encode() if bare and rng.random() < 0.6 else b'"' + value.encode() + b'"'
        spots = [i for i in range(len(data)) if data[i : i + 2] == b": "]
        if not spots:
            return data + token
        at = rng.choice(spots) + 2
        end = at
        depth = 0
        while end < len(data) and (depth or data[end : end + 1] not in (b",", b"}", b"\n")):
            if data[end : end + 1] == b'"':
                end = data.find(b'"', end + 1)
                if end < 0:
                    end = len(data)
                    break
            end += 1
        return data[:at] + token + data[end:]
    if fmt == "csv":
        text = value.encode("utf-8", "surrogatepass").replace(b"\\u0000", b"\x00")
        lines = data.split(b"\n")
        row = rng.randrange(len(lines))
        cells = lines[row].split(b",")
        cells[rng.randrange(len(cells))] = text if rng.random() < 0.5 else b'"' + text + b'"'
        lines[row] = b",".join(cells)
        return b"\n".join(lines)
    if fmt == "yaml":
        spots = [i for i in range(len(data)) if data[i : i + 2] == b": "]
        if not spots:
            return data + value.encode()
        at = rng.choice(spots) + 2
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        token = value.encode() if rng.random() < 0.5 else b'"' + value.encode() + b'"'
        return data[:at] + token + data[end:]
    at = rng.randrange(len(data) + 1)
    return data[:at] + value.encode("utf-8", "surrogatepass") + data[at:]


def _bomb(name: str, rng: random.Random) -> bytes:
    fmt = _format(name)
    depth = rng.choice((1_000, 5_000, 100_000))
    if fmt in ("jsonl", "json"):
        return b'{"id": ' + b"[" * depth + b"]" * depth + b"}\n"
    if fmt == "yaml":
        return b"title: " + b"[" * depth + b"]" * depth + b"\n"
    if fmt == "csv":
        return b"id,name\n" + b'"' * depth + b"\n"
    if name.endswith(".html"):
        return b"<div>" * depth + b"text" + b"</div>" * depth
    if name.endswith((".xml", ".atom")):
        return b"<rss><channel>" + b"<item>" * depth + b"</item>" * depth + b"</channel></rss>"
    return b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * depth + b"\r\n"


SEEDS["claimreview.html"] = (
    b'<html><head><script type="application/ld+json">'
    + SEEDS["claimreview.json"]
    + b"</script></head><body><p>A fact check.</p></body></html>"
)


def _parquet_seed() -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    table = pa.table(
        {
            "source": ["a", "b", "c", "a"],
            "item": ["i1", "i1", "i2", "i2"],
            "value": ["x", "y", "z", "z"],
            "weight": [1.0, 0.5, 2.0, 1.0],
        }
    )
    pq.write_table(table, out)
    return out.getvalue()


SEEDS["claims.parquet"] = _parquet_seed()


def iter_inputs(name: str, n: int, seed: int = 0) -> Iterator[bytes]:
    """``n`` hostile files for reader ``name``, the same for the same ``seed``: alternately a
    mutated seed (bytes flipped, values swapped) and one built from the format's grammar
    (``hostile_grammar``: wrong types, bombs, framing that lies)."""
    rng = random.Random(f"{name}:{seed}")
    for i in range(n):
        if i % 2 == 0:
            yield mutate(SEEDS[name], name, rng)
        else:
            yield generate(name, rng)


def inputs(name: str, n: int, seed: int = 0) -> list[bytes]:
    """``iter_inputs`` as a list."""
    return list(iter_inputs(name, n, seed))
