"""Reading JSON-LD as fact-check pages and feeds write it: bytes to nodes, with a path for each.

The ClaimReview reader asks three things of a document: where its JSON is (a whole file, or the
``<script type="application/ld+json">`` blocks of an HTML page), what a node's property is under
the spellings JSON-LD allows (``claimReviewed``, ``schema:claimReviewed``,
``http://schema.org/claimReviewed``, a ``{"@value": …}`` object, a one-item list, an ``{"@id"}``
reference to a node elsewhere in the document), and where a bad value sits — a JSON-pointer path
such as ``/dataFeedElement/3/item/0/reviewRating/ratingValue``, which every error names.

Hostile input is refused here with that path and the fix: text that is not UTF-8, JSON nested
deeper than ``MAX_DEPTH``, lone UTF-16 surrogates (``"\\ud800"``), strings longer than their
field allows, values of the wrong type.
"""

from __future__ import annotations

import codecs
import functools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import orjson

from veracity.errors import InputError

#: deeper JSON than this is refused (a ClaimReview in a feed sits about 8 levels down)
MAX_DEPTH = 64
#: a file larger than this is refused before it is read into memory
MAX_BYTES = 256 << 20

_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/", "sdo:")


class JsonLdProblem(ValueError):
    """A value that cannot be read; the importer adds the file name."""

    def __init__(self, path: str, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.fix = fix

    def error(self, file: str | None) -> InputError:
        return InputError(self.message, file=file, field=self.path or "/", fix=self.fix)


def pointer(path: str, key: str | int) -> str:
    """``path`` and one more step, escaped as RFC 6901 says (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    if type(key) is int:
        return f"{path}/{key}"
    step = str(key)
    if "~" in step or "/" in step:
        step = step.replace("~", "~0").replace("/", "~1")
    return f"{path}/{step}"


# -- bytes to JSON values ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """One JSON value of a document, and the path prefix its nodes are reported under."""

    value: Any
    prefix: str  # "" for a JSON file, "script[2]" for the second JSON-LD block of a page


def check_size(n_bytes: int) -> None:
    """Refuse a file over ``MAX_BYTES`` (callers with a path check before reading it)."""
    if n_bytes > MAX_BYTES:
        raise JsonLdProblem(
            "",
            f"the file is {n_bytes / 2**20:.0f} MiB, more than the {MAX_BYTES >> 20} MiB "
            "one import reads",
            "split the feed into smaller files and import each",
        )


def read_blocks(data: bytes) -> list[Block]:
    """The JSON values of a JSON file or of an HTML page's JSON-LD script blocks."""
    check_size(len(data))
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        html = _decode_html(data)
        scripts = _ld_json_scripts(html)
        if not scripts:
            raise JsonLdProblem(
                "",
                'the page has no <script type="application/ld+json"> block',
                "give a fact-check page with ClaimReview markup, or its JSON-LD as a .json file",
            )
        return [
            Block(_parse_json(text, f"script[{n}]"), f"script[{n}]")
            for n, text in enumerate(scripts, start=1)
        ]
    return [Block(_parse_json(_decode_utf8(data, ""), ""), "")]


def _decode_utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonLdProblem(
            where,
            f"not UTF-8 text ({exc.reason} at byte {exc.start})",
            "save the file as UTF-8 (JSON must be UTF-8), e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _decode_html(data: bytes) -> str:
    """UTF-8, unless the page's ``<meta charset>`` names another encoding Python knows."""
    found = _META_CHARSET.search(data[:4096])
    codec = "utf-8"
    if found:
        try:
            codec = codecs.lookup(found.group(1).decode("ascii")).name
        except LookupError:
            codec = "utf-8"
    if codec == "utf-8":
        return _decode_utf8(data, "")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise JsonLdProblem(
            "",
            f"not {codec} text as the page declares ({exc.reason} at byte {exc.start})",
            "fix the page's <meta charset> or save it as UTF-8",
        ) from None


class _ScriptFinder(HTMLParser):
    """Collects the text of ``<script type="application/ld+json">`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            if kind.split(";")[0].strip().lower() == "application/ld+json":
                self._open = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def _ld_json_scripts(html: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    out = []
    for text in finder.scripts:
        text = text.strip()
        # Some CMSs wrap the JSON in a CDATA section or an HTML comment.
        for start, end in (("<![CDATA[", "]]>"), ("<!--", "-->"), ("//<![CDATA[", "//]]>")):
            if text.startswith(start) and text.endswith(end):
                text = text[len(start) : -len(end)].strip()
        if text:
            out.append(text)
    return out


def _parse_json(text: str, where: str) -> Any:
    # orjson reads the common document fast; anything it refuses (too deep, NaN, a lone
    # surrogate escape, a syntax error) is read again by the json module, whose verdict and
    # line/column messages are the ones users see — and which lets a lone surrogate through to
    # the field check that names its path.
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        value = _careful_json(text, where)
    return value


def _careful_json(text: str, where: str) -> Any:
    depth = _max_depth(text)
    if depth > MAX_DEPTH:
        raise _too_deep(where or "/", depth)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JsonLdProblem(
            where or "/",
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            "fix the JSON (a trailing comma or an unquoted key is a common cause)",
        ) from None
    except (ValueError, RecursionError) as exc:
        raise JsonLdProblem(where or "/", f"not valid JSON ({exc})", "fix the JSON") from None


def _too_deep(path: str, depth: int | None = None) -> JsonLdProblem:
    how = f"{depth} levels" if depth is not None else f"more than {MAX_DEPTH} levels"
    return JsonLdProblem(
        path,
        f"JSON nested {how} deep, more than the {MAX_DEPTH} a ClaimReview needs",
        "check that the file is a ClaimReview page or feed; flatten the nesting",
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# A whole JSON string (escapes included) or one bracket; strings are skipped whole.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _max_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings, found without recursion, so that a
    hostile file is refused before ``json`` can hit Python's recursion limit."""
    depth = deepest = 0
    for m in _TOKENS.finditer(text):
        ch = m.group()
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


# -- nodes and properties ---------------------------------------------------------------------


def types_of(node: dict[str, Any]) -> set[str]:
    """A node's ``@type`` values without their schema.org prefix ({"ClaimReview"})."""
    raw = node.get("@type")
    if raw is None:
        raw = node.get("type")
    if type(raw) is str:
        return {_type_name(raw)}
    values = raw if isinstance(raw, list) else [raw]
    return {_type_name(v) for v in values if isinstance(v, str)}


@functools.lru_cache(maxsize=4096)
def _type_name(raw: str) -> str:
    return strip_prefix(raw)


@functools.cache
def _spellings(name: str) -> tuple[str, ...]:
    return tuple(p + name for p in _PREFIXES)


def strip_prefix(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


class Document:
    """One JSON value with its ``@id`` index, so that references resolve within the document."""

    def __init__(self, block: Block) -> None:
        self.root = block.value
        self.prefix = block.prefix
        self.by_id: dict[str, tuple[dict[str, Any], str]] = {}
        self._nodes = list(self._walk())
        for node, path in self._nodes:
            ident = node.get("@id")
            if isinstance(ident, str) and len(node) > 1:
                self.by_id.setdefault(ident, (node, path))

    def nodes(self) -> Iterator[tuple[dict[str, Any], str]]:
        """Every JSON object in the document with its path, outermost first."""
        return iter(self._nodes)

    def _walk(self) -> Iterator[tuple[dict[str, Any], str]]:
        # an explicit stack, not recursion: depth is bounded by MAX_DEPTH anyway, but a walk
        # that cannot overflow needs no such argument
        stack: list[tuple[Any, str, int]] = [(self.root, self.prefix, 1)]
        pop, push = stack.pop, stack.append
        while stack:
            value, path, depth = pop()
            if depth > MAX_DEPTH:
                raise _too_deep(path)
            # children pushed last-first, so that nodes come out in document order
            if type(value) is dict:
                yield value, path
                for key, child in reversed(value.items()):
                    if type(child) is dict or type(child) is list:
                        push((child, pointer(path, key), depth + 1))
            elif type(value) is list:
                for i in range(len(value) - 1, -1, -1):
                    child = value[i]
                    if type(child) is dict or type(child) is list:
                        push((child, f"{path}/{i}", depth + 1))

    def prop(self, node: dict[str, Any], path: str, name: str) -> tuple[Any, str]:
        """``node``'s property ``name`` under any of its spellings, and the value's path."""
        if name in node:
            return node[name], f"{path}/{name}"
        for key in _spellings(name):
            if key in node:
                return node[key], pointer(path, key)
        return None, f"{path}/{name}"

    def resolve(self, value: Any, path: str) -> tuple[Any, str]:
        """Follow an ``{"@id": …}`` reference to the node it names in this document."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            found = self.by_id.get(value["@id"]) if isinstance(value["@id"], str) else None
            if found is not None:
                return found
        return value, path

    def first(self, value: Any, path: str) -> tuple[Any, str]:
        """A one-value view of a property that JSON-LD lets be a list: its first item."""
        if isinstance(value, list):
            if not value:
                return None, path
            return self.resolve(value[0], pointer(path, 0))
        return self.resolve(value, path)

    def all(self, value: Any, path: str) -> list[tuple[Any, str]]:
        if value is None:
            return []
        if isinstance(value, list):
            return [self.resolve(v, pointer(path, i)) for i, v in enumerate(value) if v is not None]
        return [self.resolve(value, path)]


# -- typed values -----------------------------------------------------------------------------


def text_value(value: Any, path: str, *, what: str, limit: int) -> str | None:
    """A text value (a string, ``{"@value": "…"}`` or a list whose first item is one), stripped;
    None if absent or empty. Refuses other types, lone surrogates and text over ``limit``."""
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if value is None:
        return None
    if not isinstance(value, str):
        raise JsonLdProblem(
            path,
            f"{what} should be text, got {_kind(value)}",
            f"write {what} as a JSON string",
        )
    check_text(value, path, what=what, limit=limit)
    value = " ".join(value.split())
    return value or None


def check_text(value: str, path: str, *, what: str, limit: int) -> None:
    if len(value) > limit:
        raise JsonLdProblem(
            path,
            f"{what} is {len(value):,} characters, more than the {limit:,} it may have",
            f"shorten {what}; check that the field holds what its name says",
        )
    nul = value.find("\x00")
    if nul >= 0:  # PostgreSQL cannot store it; SQLite's length() stops at it
        raise JsonLdProblem(
            path,
            f"{what} holds a NUL character at character {nul}",
            "remove it (a NUL is not text)",
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JsonLdProblem(
            path,
            f"{what} holds a lone UTF-16 surrogate (\\u{ord(value[exc.start]):04x} at character "
            f"{exc.start})",
            "write the character as a pair of \\u escapes or as UTF-8, or remove it",
        ) from None


def number_value(value: Any, path: str, *, what: str) -> float | None:
    """A number given as a JSON number or as numeric text; None if absent or empty."""
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and len(value) <= 40:
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        shown = repr(value) if isinstance(value, str | int | float) else _kind(value)
        raise JsonLdProblem(
            path,
            f"{what} should be a number, got {shown[:60]}",
            f"write {what} as a number such as 1 or 4.5",
        )
    return number


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
    }.get(type(value), type(value).__name__)
