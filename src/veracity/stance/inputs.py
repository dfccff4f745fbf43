"""Checking what people give claim stance: claims, text files and pairs CSVs.

Everything is checked before anything is classified, so a bad row stops the run with the file,
the row and the fix (exit 2 on the CLI) and no output at all; once the input is known good,
results stream out one per pair.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from veracity.errors import InputError

#: a claim is a sentence or a short paragraph; longer input is almost surely the wrong argument
MAX_CLAIM_CHARS = 2_000
#: texts beyond this are cut (stance reads the first sentences of a text anyway)
MAX_TEXT_CHARS = 2_000_000

PAIR_COLUMNS = ("id", "claim", "text")


def check_claim(
    claim: str, *, file: str | None = None, line: int | None = None, field_name: str = "claim"
) -> str:
    """The claim, stripped; InputError if it is empty or longer than MAX_CLAIM_CHARS."""
    c = claim.strip()
    field = field_name
    if not c:
        raise InputError(
            "the claim is empty", file=file, line=line, field=field, fix="give the claim's text"
        )
    if len(c) > MAX_CLAIM_CHARS:
        raise InputError(
            f"the claim is {len(c):,} characters (at most {MAX_CLAIM_CHARS:,})",
            file=file,
            line=line,
            field=field,
            fix="state the claim in a sentence or two; put long text in the text column or FILE",
        )
    return c


def decode_text(data: bytes, *, file: str, limit: int | None = MAX_TEXT_CHARS) -> str:
    """UTF-8 text of a file, cut at ``limit`` characters (None: whole); InputError for binary
    or non-UTF-8 content."""
    if b"\x00" in data[:8192]:
        raise InputError(
            "a binary file, not text", file=file, fix="give a text, Markdown or HTML file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 (byte {exc.start})",
            file=file,
            fix="convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    return text if limit is None else text[:limit]


def read_text_file(path: str, *, limit: int | None = MAX_TEXT_CHARS) -> str:
    """A text file (``-`` for standard input), checked by :func:`decode_text`."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    return decode_text(data, file=path, limit=limit)


@dataclass(frozen=True)
class PairRow:
    id: str
    claim: str
    text: str
    line: int


def read_pairs_csv(path: str) -> list[PairRow]:
    """Every row of a pairs CSV (columns ``id, claim, text``; others ignored), all checked.

    The file is read whole (only each row's text is cut at MAX_TEXT_CHARS): a pairs file of
    many articles is far longer than one text, and cutting it would drop rows silently."""
    text = read_text_file(path, limit=None)
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in PAIR_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)} (found: {', '.join(header) or 'none'})",
            file=path,
            line=1,
            fix="the first row must name the columns id,claim,text",
        )
    rows: list[PairRow] = []
    seen: dict[str, int] = {}
    try:
        for r in reader:
            line = reader.line_num
            if None in r or any(r.get(c) is None for c in PAIR_COLUMNS):
                raise InputError(
                    "wrong number of fields",
                    file=path,
                    line=line,
                    fix="quote fields that hold commas or line breaks",
                )
            rid = r["id"].strip()
            if not rid:
                raise InputError(
                    "empty id", file=path, line=line, field="id", fix="give each row an id"
                )
            if rid in seen:
                raise InputError(
                    f"id {rid!r} repeats line {seen[rid]}",
                    file=path,
                    line=line,
                    field="id",
                    fix="make ids unique",
                )
            seen[rid] = line
            claim = check_claim(r["claim"], file=path, line=line)
            rows.append(PairRow(rid, claim, r["text"][:MAX_TEXT_CHARS], line))
    except csv.Error as exc:
        raise InputError(f"not valid CSV ({exc})", file=path, line=reader.line_num) from None
    return rows
