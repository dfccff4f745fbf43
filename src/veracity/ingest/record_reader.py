"""Reads one JSON Lines or CSV file of records as model objects (or, for statements, row
tuples), remembering each record's line so that a store error can name it, and counting bytes
for a progress bar."""

from __future__ import annotations

import csv
import json
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from veracity.errors import InputError
from veracity.ingest.fast_statements import fast_statement_row
from veracity.ingest.fields import FieldProblem, parse_record
from veracity.ingest.text_door import check_strings
from veracity.store.rows import statement_tuple

#: called as progress(bytes_read, bytes_total, records_done) while a file is read
Progress = Callable[[int, int, int], None]


class RecordReader:
    """Reads one file as (line, record) pairs, counting bytes for progress."""

    def __init__(self, path: str | Path, kind: str, format: str, progress: Progress | None) -> None:
        self.path = str(path)
        self.kind = kind
        self.format = format
        self.progress = progress
        self.total = os.path.getsize(path)
        self.done = 0
        self.count = 0
        self.lines = array("I")  # line of each record (4 bytes), so a store error can name it
        # set once a line may hold a NUL or a lone surrogate: from then on every record is
        # checked (text_door), so a clean file pays one byte search per line and no more
        self._suspect = False

    def records(self) -> Iterator[Any]:
        """Model objects, one per record."""
        return self._read(None)

    def statement_rows(self) -> Iterator[tuple[Any, ...]]:
        """Statements as table-row tuples (``StatementRow`` order) for ``add_statement_rows``:
        the common record is read straight into its row; anything unusual goes through
        ``parse_record``, which gives the same values and the same messages."""
        times: dict[str, str] = {}
        from_text = self.format == "csv"

        def fast(raw: Mapping[str, Any]) -> tuple[Any, ...] | None:
            return fast_statement_row(raw, from_text, times)

        return self._read(fast)

    def _read(self, fast: Callable[[Any], Any] | None) -> Iterator[Any]:
        rows = self._jsonl() if self.format == "jsonl" else self._csv()
        from_text = self.format == "csv"
        for line, raw in rows:
            if self._suspect:
                check_strings(raw, file=self.path, line=line)
            try:
                record = None if fast is None else fast(raw)
                if record is None:
                    try:
                        record = parse_record(self.kind, raw, from_text=from_text)
                    except FieldProblem as p:
                        raise InputError(
                            p.message, file=self.path, line=line, field=p.field, fix=p.fix
                        ) from None
                    if fast is not None:
                        record = statement_tuple(record)
            except RecursionError:  # a value nested ~1,000 deep (orjson reads up to 1,024)
                raise InputError(
                    "a value nested too deeply to read",
                    file=self.path,
                    line=line,
                    fix="a record is one flat JSON object per line",
                ) from None
            self.lines.append(line)
            self.count += 1
            if self.progress is not None and self.count % 1000 == 0:
                self.progress(self.done, self.total, self.count)
            yield record
        if self.progress is not None:
            self.progress(self.total, self.total, self.count)

    def _physical_lines(self) -> Iterator[tuple[int, str]]:
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                self.done += len(raw)
                if b"\x00" in raw:
                    self._suspect = True
                yield number, self._decode(number, raw)

    def _jsonl(self) -> Iterator[tuple[int, dict[str, Any]]]:
        # orjson reads the common line; a line it refuses (blank, a BOM, NaN, invalid UTF-8…)
        # goes through the json module, whose verdict and messages are the ones users see.
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                self.done += len(raw)
                if b"\\u0000" in raw:  # orjson reads NULs; it refuses lone surrogates (below)
                    self._suspect = True
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    self._suspect = True
                    yield from self._jsonl_lines(((number, self._decode(number, raw)),))
                    continue
                if not isinstance(obj, dict):
                    raise InputError(
                        f"expected a JSON object, got {type(obj).__name__}",
                        file=self.path,
                        line=number,
                        fix='write one object per line: {"id": ..., ...}',
                    )
                yield number, obj

    def _decode(self, number: int, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                file=self.path,
                line=number,
                fix="save the file as UTF-8",
            ) from None
        return text.removeprefix("\ufeff") if number == 1 else text

    def _jsonl_lines(
        self, lines: Iterable[tuple[int, str]]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, text in lines:
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except RecursionError:
                raise InputError(
                    "nested too deeply to read",
                    file=self.path,
                    line=number,
                    fix="a record is one flat JSON object per line",
                ) from None
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON ({exc.msg} at column {exc.colno})",
                    file=self.path,
                    line=number,
                    fix="write one JSON object per line; for a CSV file use --format csv",
                ) from None
            except ValueError:  # int("9" * 5000): over Python's limit on digits
                raise InputError(
                    "a number with more than 4,300 digits",
                    file=self.path,
                    line=number,
                    fix="quote it if it is text",
                ) from None
            if not isinstance(obj, dict):
                raise InputError(
                    f"expected a JSON object, got {type(obj).__name__}",
                    file=self.path,
                    line=number,
                    fix='write one object per line: {"id": ..., ...}',
                )
            yield number, obj

    def _csv(self) -> Iterator[tuple[int, dict[str, str]]]:
        physical = self._physical_lines()
        line_of = {"last": 0}

        def texts() -> Iterator[str]:
            for number, text in physical:
                line_of["last"] = number
                yield text

        # Documents carry whole articles in one cell: lift csv's 128 KiB default cap.
        csv.field_size_limit(2**31 - 1)
        reader = csv.reader(texts())
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not valid CSV ({exc})", file=self.path, line=1) from None
        header = [h.strip() for h in header]
        start = line_of["last"] + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(
                    f"not valid CSV ({exc})", file=self.path, line=start, fix="check the quotes"
                ) from None
            line, start = start, line_of["last"] + 1
            if not any(cells):
                continue
            if len(cells) > len(header):
                raise InputError(
                    f"{len(cells)} cells but the header names {len(header)} columns",
                    file=self.path,
                    line=line,
                    fix="quote cells that contain commas",
                )
            yield line, dict(zip(header, cells, strict=False))
