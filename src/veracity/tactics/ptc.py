"""The Propaganda Techniques Corpus (PTC) format of SemEval-2020 Task 11, read from strings.

An article is ``article<ID>.txt`` (title, blank line, one sentence per line); labels are TSV
rows ``article_id, technique, start, end`` (technique classification, TC) or ``article_id,
start, end`` (span identification, SI), character offsets, end exclusive. Parsing takes text,
not paths, so the pure core does no I/O: the CLI and the benchmark read the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veracity.errors import InputError
from veracity.tactics.taxonomy import SEMEVAL2020

_ARTICLE_NAME = re.compile(r"article(\d+)")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    article_id: str
    technique: str  # "" for SI rows
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    spans: tuple[GoldSpan, ...] = ()


def article_id(filename: str) -> str | None:
    """``article111111111.txt`` → ``"111111111"``; None for names that are no PTC article."""
    m = _ARTICLE_NAME.search(filename)
    return m.group(1) if m else None


def parse_labels(text: str, *, file: str | None = None) -> list[GoldSpan]:
    """Rows of a TC (4 columns) or SI (3 columns) label file; bad rows raise InputError."""
    out: list[GoldSpan] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) == 4:
            aid, technique, s, e = cols
            if technique not in SEMEVAL2020:
                raise InputError(
                    f"unknown technique {technique!r}",
                    file=file,
                    line=number,
                    field="technique",
                    fix="use the 14 SemEval-2020 labels as spelled in the PTC files",
                )
        elif len(cols) == 3:
            aid, s, e = cols
            technique = ""
        else:
            raise InputError(
                f"expected 3 or 4 tab-separated columns, found {len(cols)}",
                file=file,
                line=number,
                fix="rows are: article_id, [technique,] start, end",
            )
        try:
            start, end = int(s), int(e)
        except ValueError:
            raise InputError(
                "start and end must be integers", file=file, line=number, field="start"
            ) from None
        if not 0 <= start < end:
            raise InputError(
                f"span must satisfy 0 <= start < end, got {start}, {end}",
                file=file,
                line=number,
                field="start",
            )
        out.append(GoldSpan(aid, technique, start, end))
    return out


def attach(texts: dict[str, str], spans: list[GoldSpan]) -> list[Article]:
    """Articles with their gold spans; a span past the end of its article is an InputError."""
    by_article: dict[str, list[GoldSpan]] = {aid: [] for aid in texts}
    for g in spans:
        if g.article_id not in texts:
            continue
        if g.end > len(texts[g.article_id]):
            raise InputError(
                f"span {g.start}-{g.end} runs past the end of article {g.article_id} "
                f"({len(texts[g.article_id])} characters)",
                field="end",
            )
        by_article[g.article_id].append(g)
    return [Article(aid, texts[aid], tuple(by_article[aid])) for aid in sorted(texts)]
