"""Hostile inputs built from each format's grammar rather than by flipping bytes of a seed.

Byte mutation mostly yields files that fail at the first parse; the edge cases that break
readers sit deeper: a well-formed file whose *values* are wrong in type or size, a YAML
alias bomb, an XML entity bomb, a CSV field past the csv module's limit, a Parquet column of
the wrong type, an HTTP answer whose framing lies. ``generate(name, rng)`` writes one such file
for every reader of ``hostile_run.COMMANDS`` (and ``response.http``). Deterministic for a
``random.Random``.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable

# -- values -------------------------------------------------------------------------------------

#: JSON tokens written as they are (not every one is valid JSON: that is the point)
RAW_JSON = [
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "9" * 5000,
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "-1",
    "0",
    "1.5",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    '"\\ud800"',
    '"\\udfff x"',
    '"a\\u0000b"',
    '"\\u0000"',
    '"²"',
    '"٣"',
    '"  "',
    '""',
    '"\\u202e\\u200b"',
    '"<script>alert(1)</script>"',
    '"Robert\'); DROP TABLE statements;--"',
    '"' + "x" * 70_000 + '"',
    '"2024-13-45"',
    '"0000-00-00T25:61:61"',
    '"99999-01-01"',
    '"1e400"',
    '"-0"',
    '"asserts"',
    '"denies"',
    '"P1"',
    '"peskov"',
    '"d1"',
]

#: words a value may legitimately take (so that deep paths are reached, not refused at once)
GOOD = {
    "id": ['"x{N}"', '"y{N}-1"'],
    "source": ['"peskov"', '"wapo"', '"nobody"'],
    "proposition": ['"P1"', '"P9"'],
    "stance": ['"asserts"', '"denies"', '"hedges"', '"retracts"', '"neutral"', '"ASSERTS"'],
    "time": ['"2024-11-10"', '"2024-11-10T12:00:00Z"', '"yesterday"'],
    "quote": ['"pure fiction"', '"a \\"quoted\\" word"'],
    "document": ['"d1"', '"d0"'],
    "span_start": ["0", "4", "26", "27"],
    "span_end": ["4", "26", "27", "1000"],
    "name": ['"Sergei Lavrov"', '"TASS"'],
    "kind": ['"person"', '"outlet"', '"robot"'],
    "url": ['"https://tass.com"', '"javascript:alert(1)"', '"http://127.0.0.1/"'],
    "description": ['"call log"'],
    "likelihood_ratio": ["3", "0.5", "0", "1e308", "1e-320"],
    "text": ['"Claim text"'],
}

KIND_FIELDS = {
    "sources.jsonl": ["id", "name", "kind", "url"],
    "statements.jsonl": [
        "id",
        "source",
        "proposition",
        "stance",
        "time",
        "quote",
        "document",
        "span_start",
        "span_end",
    ],
    "evidence.jsonl": ["id", "proposition", "description", "likelihood_ratio"],
}


def _json_value(rng: random.Random, field: str, depth: int = 0) -> str:
    r = rng.random()
    if r < 0.45 and field in GOOD:
        return rng.choice(GOOD[field])
    if r < 0.8 or depth > 3:
        return rng.choice(RAW_JSON)
    if r < 0.88:
        n = rng.choice((2, 64, 1_000, 100_000))
        return "[" * n + "]" * n
    if r < 0.94:
        items = [_json_value(rng, field, depth + 1) for _ in range(rng.randrange(4))]
        return "[" + ", ".join(items) + "]"
    return "{" + f'"{field}": {_json_value(rng, field, depth + 1)}' + "}"


def _json_object(rng: random.Random, fields: list[str]) -> str:
    chosen = [f for f in fields if rng.random() < 0.85]
    rng.shuffle(chosen)
    if rng.random() < 0.15:
        chosen.append(rng.choice(["extra", "ID", "", "id", "__proto__", "\\u0000"]))
    if rng.random() < 0.1 and chosen:
        chosen.append(chosen[0])  # a duplicate key
    return "{" + ", ".join(f'"{f}": {_json_value(rng, f)}' for f in chosen) + "}"


def _jsonl(name: str) -> Callable[[random.Random], bytes]:
    fields = KIND_FIELDS.get(name, ["id", "name"])

    def gen(rng: random.Random) -> bytes:
        lines = []
        for _ in range(rng.choice((1, 1, 2, 3, 5))):
            r = rng.random()
            if r < 0.85:
                lines.append(_json_object(rng, fields))
            else:
                lines.append(rng.choice(["[1, 2]", '"text"', "42", "null", "", "   ", "{", "}"]))
        end = rng.choice(("\n", "\n", "\r\n", "\r", "\u2028"))
        data = end.join(lines) + rng.choice(("\n", "", "\n\n"))
        raw = data.encode("utf-8", "surrogatepass")
        return (b"\xef\xbb\xbf" if rng.random() < 0.05 else b"") + raw

    return gen


# -- CSV ----------------------------------------------------------------------------------------

CSV_HEADERS = {
    "sources.csv": ["id", "name", "kind", "url"],
    "statements.csv": ["id", "source", "proposition", "stance", "time", "quote"],
    "claims.csv": ["source", "item", "value", "weight", "origin"],
}

CSV_CELLS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",
    "1e400",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "0",
    "-1",
    "9" * 5000,
    "9223372036854775808",
    '"',
    '""',
    '"unterminated',
    "a\nb",
    "a\rb",
    "\ufeff",
    "\u202e",
    "=cmd|' /C calc'!A0",
    "x" * 70_000,
    "x" * 200_000,  # past the csv module's default field limit (131,072)
    "asserts",
    "denies",
    "peskov",
    "P1",
    "2024-11-10",
]


def _csv_cell(rng: random.Random, column: str, good_row: int) -> str:
    if rng.random() < 0.55:
        if column in ("id", "item"):
            return f"{column}{{N}}-{good_row}"
        if column == "weight":
            return rng.choice(("1", "0.5", "2"))
        if column == "value":
            return rng.choice(("x", "y", "z"))
        g = GOOD.get(column)
        if g:
            return json.loads(rng.choice(g).replace("{N}", "0"))
        return "s" + str(good_row % 3)
    cell = rng.choice(CSV_CELLS)
    if any(ch in cell for ch in ',"\n\r') and rng.random() < 0.7:
        cell = '"' + cell.replace('"', '""') + '"'
    return cell


def _csv(name: str) -> Callable[[random.Random], bytes]:
    header = CSV_HEADERS[name]

    def gen(rng: random.Random) -> bytes:
        cols = [c for c in header if rng.random() < 0.9] or header[:1]
        if rng.random() < 0.1:
            cols.append(rng.choice(["", "extra", cols[0], " id", "ID"]))
        if rng.random() < 0.2:
            rng.shuffle(cols)
        sep = rng.choice(",,,,,,;\t|")
        end = rng.choice(("\n", "\n", "\r\n", "\r"))
        rows = [sep.join(cols)] if rng.random() < 0.95 else []
        for r in range(rng.choice((0, 1, 2, 3, 6, 40))):
            width = len(cols) + rng.choice((0, 0, 0, 0, -1, 1, 5))
            rows.append(sep.join(_csv_cell(rng, cols[i % len(cols)], r) for i in range(width)))
        data = end.join(rows) + rng.choice((end, ""))
        enc = rng.choice(("utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "utf-8-sig"))
        return data.encode(enc, "surrogatepass" if enc.startswith("utf-8") else "replace")

    return gen


# -- case files (YAML / JSON) -------------------------------------------------------------------


def _case_json(rng: random.Random) -> bytes:
    parts = {
        "case": lambda: rng.choice(['"kremlin{N}"', *RAW_JSON[:12]]),
        "title": lambda: rng.choice(['"Kremlin call"', *RAW_JSON]),
        "sources": lambda: _list(rng, KIND_FIELDS["sources.jsonl"]),
        "propositions": lambda: _list(rng, ["id", "text"]),
        "statements": lambda: _list(rng, KIND_FIELDS["statements.jsonl"]),
        "evidence": lambda: _list(rng, KIND_FIELDS["evidence.jsonl"]),
    }
    keys = [k for k in parts if rng.random() < 0.85]
    if rng.random() < 0.1:
        keys.append(rng.choice(["unknown", "sources", "version"]))
    body = ", ".join(f'"{k}": {parts.get(k, lambda: "1")()}' for k in keys)
    doc = "{" + body + "}"
    if rng.random() < 0.05:
        doc = rng.choice(("[", "[[")) * 2000 + doc
    return doc.encode("utf-8", "surrogatepass")


def _list(rng: random.Random, fields: list[str]) -> str:
    r = rng.random()
    if r < 0.1:
        return rng.choice(RAW_JSON)
    return "[" + ", ".join(_json_object(rng, fields) for _ in range(rng.choice((0, 1, 2)))) + "]"


YAML_SCALARS = [
    "~",
    "null",
    ".inf",
    "-.inf",
    ".nan",
    "yes",
    "no",
    "0x1F",
    "0o17",
    "1_000",
    "9" * 5000,
    "1e400",
    "2024-13-45",
    "2024-11-10",
    "2001-12-14t21:59:43.10-05:00",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!float 'x'",
    "!!int 'x'",
    "'\\ud800'",
    '"\\ud800"',
    '"a\\0b"',
    '"\\x00"',
    "²",
    "|\n    block\n    text",
    ">-\n    folded",
    "[" * 5000 + "]" * 5000,
    "{a: {b: {c: 1}}}",
    "*undefined",
    "&anchor value",
    "'" + "x" * 70_000 + "'",
    "@reserved",
    "`reserved",
    "%TAG",
]


def _yaml_value(rng: random.Random, field: str) -> str:
    if rng.random() < 0.5 and field in GOOD:
        return rng.choice(GOOD[field]).strip('"') if rng.random() < 0.5 else rng.choice(GOOD[field])
    return rng.choice(YAML_SCALARS)


def _yaml_items(rng: random.Random, fields: list[str], indent: str = "  ") -> str:
    out = []
    for _ in range(rng.choice((0, 1, 1, 2))):
        keys = [f for f in fields if rng.random() < 0.85] or fields[:1]
        lines = [f"{k}: {_yaml_value(rng, k)}" for k in keys]
        out.append(indent + "- " + ("\n" + indent + "  ").join(lines))
    return "\n".join(out) if out else indent + "[]"


def _yaml_bomb(rng: random.Random) -> str:
    """Billion laughs by aliases: small on disk, exponential once expanded."""
    levels = rng.choice((5, 9, 12))
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"title: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def _case_yaml(rng: random.Random) -> bytes:
    r = rng.random()
    if r < 0.07:
        text = _yaml_bomb(rng) + "case: bomb{N}\n"
    elif r < 0.1:
        text = "---\ncase: a{N}\n---\ncase: b{N}\n"
    elif r < 0.13:
        text = "base: &b {id: peskov{N}, name: P}\nsources:\n  - <<: *b\n    kind: person\n"
    else:
        parts = []
        for key, fields in (
            ("case", None),
            ("title", None),
            ("sources", KIND_FIELDS["sources.jsonl"]),
            ("propositions", ["id", "text"]),
            ("statements", KIND_FIELDS["statements.jsonl"]),
            ("evidence", KIND_FIELDS["evidence.jsonl"]),
        ):
            if rng.random() < 0.12:
                continue
            if fields is None:
                value = "kremlin{N}" if key == "case" and rng.random() < 0.7 else None
                parts.append(f"{key}: {value or rng.choice(YAML_SCALARS)}")
            else:
                parts.append(f"{key}:\n" + _yaml_items(rng, fields))
        if rng.random() < 0.1:
            parts.append(rng.choice(parts) if parts else "case: dup")  # a duplicate key
        text = "\n".join(parts) + "\n"
    if rng.random() < 0.05:
        text = "\t" + text  # a tab where YAML forbids one
    return text.encode("utf-8", "surrogatepass")


# -- ClaimReview --------------------------------------------------------------------------------


def _claimreview(rng: random.Random) -> dict:
    def maybe(value):
        return value if rng.random() < 0.8 else _hostile_py(rng)

    review: dict = {
        "@context": maybe("https://schema.org"),
        "@type": maybe(rng.choice(["ClaimReview", ["ClaimReview", "Review"], "Review"])),
        "url": maybe("https://checks.example/{N}"),
        "datePublished": maybe(rng.choice(["2024-11-02", "2024-13-45", "", "1e400"])),
        "claimReviewed": maybe("The city's crime rate doubled {N}."),
        "author": maybe({"@type": "Organization", "name": maybe("Example Fact Check")}),
        "itemReviewed": maybe(
            {
                "@type": "Claim",
                "author": maybe({"@type": "Person", "name": maybe("Sam Speaker")}),
                "datePublished": maybe("2024-10-30"),
                "appearance": maybe([{"url": maybe("https://x.example/")}]),
            }
        ),
        "reviewRating": maybe(
            {
                "@type": "Rating",
                "ratingValue": maybe(rng.choice(["2", 2, "1e400", -1, "²", "NaN"])),
                "bestRating": maybe(rng.choice(["5", 5, 0, "0", "1e308"])),
                "worstRating": maybe(rng.choice(["1", 1, 5, "-1e308"])),
                "alternateName": maybe(rng.choice(["Mostly False", "True", "Pants on Fire", ""])),
            }
        ),
    }
    for key in list(review):
        if rng.random() < 0.08:
            del review[key]
    return review


def _hostile_py(rng: random.Random):
    return rng.choice(
        [
            None,
            True,
            0,
            -1,
            10**40,
            1.5,
            "",
            " ",
            "\x00",
            "\ud800",
            "²",
            "x" * 70_000,
            [],
            {},
            [None],
            {"@type": "Thing"},
            {"@id": "_:b0"},
            [[[[["deep"]]]]],
        ]
    )


def _claimreview_doc(rng: random.Random) -> str:
    reviews = [_claimreview(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
    shape = rng.random()
    if shape < 0.3:
        doc: object = reviews[0]
    elif shape < 0.5:
        doc = reviews
    elif shape < 0.7:
        doc = {"@context": "https://schema.org", "@graph": reviews}
    elif shape < 0.85:
        doc = {
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
        }
    else:
        doc = {"claims": [{"text": r.get("claimReviewed"), "claimReview": [r]} for r in reviews]}
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    if rng.random() < 0.05:
        text = "[" * 3000 + text + "]" * 3000
    return text


def _claimreview_json(rng: random.Random) -> bytes:
    return _claimreview_doc(rng).encode("utf-8", "surrogatepass")


def _claimreview_html(rng: random.Random) -> bytes:
    blocks = []
    for _ in range(rng.choice((1, 1, 2))):
        body = _claimreview_doc(rng) if rng.random() < 0.85 else rng.choice(["{", "", "</script>"])
        kind = rng.choice(["application/ld+json"] * 5 + ["text/javascript", "APPLICATION/LD+JSON"])
        blocks.append(f'<script type="{kind}">{body}</script>')
    page = "<html><head>" + "".join(blocks) + "</head><body><p>A fact check.</p></body></html>"
    return page.encode("utf-8", "surrogatepass")


# -- claims Parquet -----------------------------------------------------------------------------


def _parquet(rng: random.Random) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = rng.choice((0, 1, 3, 10, 200))
    columns: dict[str, pa.Array] = {}
    for col in ("source", "item", "value", "weight", "origin"):
        if col in ("weight", "origin") and rng.random() < 0.5 or rng.random() < 0.05:
            continue
        columns[col if rng.random() < 0.95 else col.upper()] = _parquet_column(rng, col, n)
    if rng.random() < 0.05:
        columns["extra"] = pa.array([rng.random() for _ in range(n)])
    table = pa.table(columns) if columns else pa.table({"x": pa.array([], pa.int64())})
    out = io.BytesIO()
    pq.write_table(table, out)
    data = out.getvalue()
    if rng.random() < 0.15:  # a damaged file: cut, or a byte flipped
        b = bytearray(data)
        if rng.random() < 0.5:
            del b[rng.randrange(len(b)) :]
        else:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        data = bytes(b)
    return data


def _parquet_column(rng: random.Random, col: str, n: int):
    import pyarrow as pa

    kind = rng.random()
    if kind < 0.5:  # the right type, with hostile values now and then
        if col == "weight":
            pool = [1.0, 0.5, 0.0, -1.0, 1e308, float("inf"), float("nan"), 5e-324, None]
            return pa.array([rng.choice(pool) if rng.random() < 0.3 else 1.0 for _ in range(n)])
        pool_s = ["", "\x00", "x" * 10_000, "²", None, "a\nb"]
        base = {"source": "s", "item": "i", "value": "v", "origin": "o"}[col]
        return pa.array(
            [
                rng.choice(pool_s) if rng.random() < 0.2 else f"{base}{rng.randrange(4)}"
                for _ in range(n)
            ],
            pa.string(),
        )
    if kind < 0.6:
        return pa.array([rng.randrange(-(2**63), 2**63) for _ in range(n)], pa.int64())
    if kind < 0.7:
        return pa.array([bytes([rng.randrange(256)]) * 3 for _ in range(n)], pa.binary())
    if kind < 0.78:
        return pa.array([rng.random() < 0.5 for _ in range(n)])
    if kind < 0.85:
        return pa.nulls(n)
    if kind < 0.92:
        return pa.array([[1, 2]] * n, pa.list_(pa.int64()))
    return pa.array([{"a": 1}] * n)


# -- claims CSV (fuse) --------------------------------------------------------------------------


def _claims_csv(rng: random.Random) -> bytes:
    if rng.random() < 0.3:  # a well-formed file with hostile weights: the numeric edge
        pool = ["1", "0", "0", "1e308", "1e-320", "-1", "nan", "inf", "1e400", ""]
        weights = [rng.choice(pool) for _ in range(rng.choice((1, 2, 4, 12)))]
        rows = ["source,item,value,weight"] + [
            f"s{i % 3},i{i % 2},{'xyz'[i % 3]},{w}" for i, w in enumerate(weights)
        ]
        return ("\n".join(rows) + "\n").encode()
    return _csv("claims.csv")(rng)


# -- HTML ---------------------------------------------------------------------------------------

TAGS = [
    "p",
    "div",
    "article",
    "main",
    "section",
    "span",
    "a",
    "b",
    "blockquote",
    "q",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "math",
    "table",
    "td",
    "li",
    "pre",
    "textarea",
    "title",
    "h1",
]
TEXTS = [
    'Dmitry Peskov said the call "never happened".',
    "“Pure fiction,” the Kremlin said.",
    "&laquo;never&raquo; &amp; &#0; &#xD800; &#99999999; &#x110000; &bogus; &",
    "\x00",
    "\ud800",
    "²",
    '"' * 2000,
    "x" * 50_000,
    "<!-- unterminated",
    "<![CDATA[ x ]]>",
    "</p></div></body>",
    "a\r\nb\rc",
    "\u202e\u200b\ufeff",
]


def _html_node(rng: random.Random, depth: int) -> str:
    if depth > 6 or rng.random() < 0.35:
        return rng.choice(TEXTS)
    tag = rng.choice(TAGS)
    attrs = ""
    if rng.random() < 0.3:
        attrs = rng.choice(
            [
                ' href="javascript:alert(1)"',
                ' class="' + "c" * 5000 + '"',
                ' lang="en" dir="rtl"',
                " hidden",
                ' style="display:none"',
                ' id="a" id="b"',
                " x=" + "'" * 3,
            ]
        )
    inner = "".join(_html_node(rng, depth + 1) for _ in range(rng.choice((0, 1, 2, 3))))
    close = f"</{tag}>" if rng.random() < 0.85 else ""
    return f"<{tag}{attrs}>{inner}{close}"


def _html(rng: random.Random) -> bytes:
    charset = rng.choice(["utf-8", "utf-8", "latin-1", "utf-16", "x-evil", "", "UTF-7", "cp1252"])
    head = f"<meta charset='{charset}'>" if rng.random() < 0.8 else ""
    if rng.random() < 0.2:
        head += f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    title = rng.choice(["Call", "", "x" * 5000, "\x00", "<script>t</script>"])
    body = "".join(_html_node(rng, 0) for _ in range(rng.choice((1, 2, 4))))
    if rng.random() < 0.05:
        n = rng.choice((1_000, 10_000, 100_000))
        body = "<div>" * n + body + "</div>" * n
    doctype = rng.choice(["<!DOCTYPE html>", "", "<?xml version='1.0'?>", "<!DOCTYPE x ["])
    page = f"{doctype}<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    enc = rng.choice(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"])
    if enc == "utf-8":
        return page.encode("utf-8", "surrogatepass")
    return page.encode(enc, "replace")


# -- feeds --------------------------------------------------------------------------------------

ENTITY_BOMB = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
)
EXTERNAL_ENTITY = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LINKS = [
    "https://news.example/a",
    "http://127.0.0.2/internal",
    "http://169.254.169.254/latest/meta-data/",
    "ftp://news.example/a",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "//news.example/b",
    "/relative",
    "",
    "https://" + "a" * 5000 + ".example/",
    "http://[::1]/",
    "http://user:pw@news.example/",
    "https://news.example/\x00",
]
FEED_TEXT = [
    "Peskov said the call never happened.",
    "&lt;p&gt;Peskov said &amp;quot;no&amp;quot;.&lt;/p&gt;",
    "<![CDATA[<p>“Fiction,” Peskov said.</p>]]>",
    "&e;",
    "&x;",
    "&undefined;",
    "&#0;",
    "&#xD800;",
    "",
    "x" * 50_000,
    '"' * 3000,
]
DATES = ["Mon, 10 Nov 2024 12:00:00 GMT", "2024-11-10T12:00:00Z", "not a date", "9999-99-99", ""]


def _feed(atom: bool) -> Callable[[random.Random], bytes]:
    def gen(rng: random.Random) -> bytes:
        n = rng.choice((0, 1, 1, 2, 3, 5, 40, 501))
        entries = []
        for _ in range(n):
            title, link = rng.choice(FEED_TEXT[:3] + ["Call"]), rng.choice(LINKS)
            text, date = rng.choice(FEED_TEXT), rng.choice(DATES)
            if rng.random() < 0.5:
                link = "https://news.example/a"
            if atom:
                entries.append(
                    f'<entry><title>{title}</title><link href="{link}"/><id>u:{rng.random()}'
                    f"</id><updated>{date}</updated><summary type='html'>{text}</summary>"
                    f"<content type='{rng.choice(['html', 'xhtml', 'text'])}'>{text}</content>"
                    "</entry>"
                )
            else:
                entries.append(
                    f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
                    f"<description>{text}</description></item>"
                )
        head = rng.choice(["", "", "", ENTITY_BOMB, EXTERNAL_ENTITY])
        decl = rng.choice(
            [
                '<?xml version="1.0"?>',
                '<?xml version="1.0" encoding="utf-8"?>',
                '<?xml version="1.0" encoding="x-evil"?>',
                '<?xml version="1.0" encoding="utf-16"?>',
                "",
            ]
        )
        if atom:
            doc = (
                f'{decl}{head}<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
                + "".join(entries)
                + "</feed>"
            )
        else:
            doc = (
                f'{decl}{head}<rss version="2.0"><channel><title>News</title>'
                + "".join(entries)
                + "</channel></rss>"
            )
        if rng.random() < 0.1:
            doc = doc[: rng.randrange(len(doc) + 1)]  # cut short
        return doc.encode("utf-8", "surrogatepass")

    return gen


# -- HTTP answers -------------------------------------------------------------------------------


def _http(rng: random.Random) -> bytes:
    body = rng.choice(
        [
            b"<p>Peskov said the call never happened.</p>",
            b"",
            b"\x00" * 100,
            b"\xff\xfe<\x00p\x00>\x00",
            b"x" * 300_000,
            b"\x1f\x8b\x08\x00" + b"\x00" * 40,  # says gzip, is not
        ]
    )
    status = rng.choice(
        [
            "HTTP/1.1 200 OK",
            "HTTP/1.0 200 OK",
            "HTTP/1.1 200",
            "HTTP/1.1 999 Weird",
            "HTTP/1.1 -1 Minus",
            "HTTP/1.1 20 Short",
            "HTTP/2 200",
            "HTTP/1.1 200 " + "O" * 70_000,
            "ICY 200 OK",
            "HTTP/1.1 204 No Content",
            "HTTP/1.1 304 Not Modified",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.1 500 Server Error",
            "HTTP/1.1 301 Moved",
            "HTTP/1.1 307 Temporary",
            "HTTP/1.1 100 Continue",
            "",
        ]
    )
    headers = []
    ctype = rng.choice(
        [
            "text/html; charset=utf-8",
            "text/html; charset=x-evil",
            "text/html; charset=utf-16",
            "application/rss+xml",
            "application/octet-stream",
            "image/png",
            "",
            "text/html; charset=" + "u" * 5000,
        ]
    )
    if ctype:
        headers.append(f"Content-Type: {ctype}")
    framing = rng.random()
    if framing < 0.35:
        headers.append(f"Content-Length: {len(body)}")
    elif framing < 0.5:
        lie = rng.choice([len(body) + 10, max(0, len(body) - 5), -1, 10**30, "abc", "1, 2", "²"])
        headers.append(f"Content-Length: {lie}")
    elif framing < 0.55:
        headers += [f"Content-Length: {len(body)}", f"Content-Length: {len(body) + 1}"]
    elif framing < 0.8:
        headers.append("Transfer-Encoding: chunked")
        body = _chunked(body, rng)
    if "30" in status[:12] and "304" not in status:
        headers.append(
            "Location: "
            + rng.choice(
                [
                    "http://127.0.0.2/",
                    "http://169.254.169.254/",
                    "ftp://x/",
                    "/r",
                    "",
                    "http://[::ffff:127.0.0.1]/",
                    "http://0x7f000001/",
                    "http://2130706433/",
                    "http://localhost./",
                    "gopher://x/",
                ]
            )
        )
    if rng.random() < 0.1:
        headers += [f"X-{i}: y" for i in range(rng.choice((99, 101, 1000)))]
    if rng.random() < 0.05:
        headers.append("X-Big: " + "h" * 70_000)
    if rng.random() < 0.05:
        headers.append("Content-Encoding: gzip")
    if rng.random() < 0.05:
        headers.append(" folded: continuation")
    end = rng.choice((b"\r\n", b"\r\n", b"\r\n", b"\n"))
    head = end.join(h.encode("latin-1", "replace") for h in [status, *headers])
    return head + end + end + body


def _chunked(body: bytes, rng: random.Random) -> bytes:
    r = rng.random()
    if r < 0.5:
        return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    if r < 0.6:
        return b"%x\r\n" % (len(body) + 100) + body + b"\r\n0\r\n\r\n"  # a chunk that lies
    if r < 0.7:
        return b"ffffffffffffffffffff\r\n" + body
    if r < 0.8:
        return b"-5\r\n" + body
    if r < 0.9:
        return b"%x;ext=" % len(body) + b"x" * 70_000 + b"\r\n" + body + b"\r\n0\r\n\r\n"
    return b"%x\r\n" % len(body) + body  # no last chunk


GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    "sources.jsonl": _jsonl("sources.jsonl"),
    "statements.jsonl": _jsonl("statements.jsonl"),
    "evidence.jsonl": _jsonl("evidence.jsonl"),
    "sources.csv": _csv("sources.csv"),
    "statements.csv": _csv("statements.csv"),
    "case.yaml": _case_yaml,
    "case.json": _case_json,
    "claimreview.json": _claimreview_json,
    "claimreview.html": _claimreview_html,
    "claims.csv": _claims_csv,
    "claims.parquet": _parquet,
    "article.html": _html,
    "feed.xml": _feed(atom=False),
    "feed.atom": _feed(atom=True),
    "response.http": _http,
}


def generate(name: str, rng: random.Random) -> bytes:
    """One hostile file for reader ``name``, built from its format's grammar."""
    return GENERATORS[name](rng)
