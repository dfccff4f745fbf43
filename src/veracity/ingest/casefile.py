"""A curated case in one YAML or JSON file: its sources, propositions, statements, evidence and
resolutions, with the ACH questions kept raw for ``veracity.ach``.

The format is described in ``docs/case-file.md`` and, as JSON Schema, in ``case.schema.json``
next to this module. Errors name the file, the line of the offending entry (YAML and JSON both:
lines come from the YAML composer, which reads JSON too) and the field.

>>> case = bundled_case("kremlin-call")                    # doctest: +SKIP
>>> import_case(open_store("case.db"), case)                # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from veracity.errors import InputError, NotFoundError
from veracity.ingest.records import (
    FieldProblem,
    add_records,
    canonical_field,
    parse_record,
    record_dict,
)
from veracity.ingest.text_door import check_strings
from veracity.model import Document, Evidence, Proposition, Resolution, Source, Statement
from veracity.store import RecordError, Store, Transaction

#: the record sections of a case file, in the order they are written to the store
SECTIONS: tuple[str, ...] = (
    "sources",
    "documents",
    "propositions",
    "statements",
    "evidence",
    "resolutions",
)
_HEADER = ("case", "title", "description")
_KNOWN = (*_HEADER, *SECTIONS, "questions")

#: ``then`` hooks of ``import_case`` run inside its transaction, e.g. the ACH loader
CaseHook = Callable[[Transaction, "Case"], None]


@dataclass
class Case:
    """A case as loaded: model objects per section, and the ACH questions as written."""

    id: str
    title: str | None = None
    description: str | None = None
    sources: list[Source] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    propositions: list[Proposition] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    questions: list[Any] = field(default_factory=list)
    path: str | None = None  # where it was read from, for messages
    #: (section, index) -> line of that entry, and (section, index, field) -> line of the field
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict, repr=False)

    def line_of(self, section: str, index: int, field_name: str | None = None) -> int | None:
        if field_name is not None and (section, index, field_name) in self.lines:
            return self.lines[(section, index, field_name)]
        return self.lines.get((section, index))

    def counts(self) -> dict[str, int]:
        return {s: len(getattr(self, s)) for s in SECTIONS} | {"questions": len(self.questions)}


def load_case(path: str | Path) -> Case:
    """Read a case file (``.yaml``, ``.yml`` or ``.json``) and check every entry's fields."""
    text = read_case_text(path)
    return parse_case(text, name=str(path), json_format=Path(path).suffix.lower() == ".json")


def read_case_text(path: str | Path) -> str:
    """A case file's (or a questions file's) text: UTF-8, a byte-order mark allowed; a missing
    or undecodable file is an InputError naming it."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=str(path), fix="check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason})", file=str(path), fix="save it as UTF-8"
        ) from None


def bundled_case(name: str) -> Case:
    """A case shipped inside the package (``veracity/cases/<name>.yaml``)."""
    resource = resources.files("veracity").joinpath("cases", f"{name}.yaml")
    if not resource.is_file():
        known = ", ".join(bundled_cases()) or "none"
        raise NotFoundError(f"no bundled case {name!r}; bundled cases: {known}")
    return parse_case(resource.read_text(encoding="utf-8"), name=f"{name}.yaml")


def bundled_cases() -> list[str]:
    folder = resources.files("veracity").joinpath("cases")
    if not folder.is_dir():
        return []
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case file (``case.schema.json``, shipped in the package).

    It checks shapes and types; references between entries and duplicate ids are checked by
    ``import_case``. Validate a YAML file with dates kept as text (``load_raw``).
    """
    text = resources.files("veracity.ingest").joinpath("case.schema.json").read_text("utf-8")
    return json.loads(text)


def load_raw(text: str) -> Any:
    """A case file's text as plain data, dates left as text: what the JSON Schema describes."""
    return yaml.load(text, Loader=_CaseLoader)  # noqa: S506 - a SafeLoader


def parse_case(text: str, *, name: str = "<case>", json_format: bool = False) -> Case:
    """A case from the text of a case file; ``name`` is what messages call the file."""
    data = _load(text, name, json_format)
    lines = _line_map(text)
    if not isinstance(data, dict):
        raise InputError(
            "a case file is a mapping of sections", file=name, line=1, fix="start with `case: <id>`"
        )
    for key in data:
        if key not in _KNOWN:
            raise InputError(
                f"unknown section {key!r}",
                file=name,
                line=lines.get(("top", str(key))),
                field=str(key),
                fix=f"use: {', '.join(_KNOWN)}",
            )
    case_id = data.get("case")
    if not isinstance(case_id, str | int) or isinstance(case_id, bool) or case_id == "":
        raise InputError(
            "the case has no id", file=name, line=1, field="case", fix="add `case: <id>` at the top"
        )
    for key in ("title", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(
                f"{key} must be text", file=name, line=lines.get(("top", key)), field=key
            )
    case = Case(
        id=str(case_id),
        title=data.get("title"),
        description=data.get("description"),
        path=name,
        lines={k: v for k, v in lines.items() if k[0] != "top"},
    )
    for section in SECTIONS:
        entries = _section(data, section, name, lines)
        records = getattr(case, section)
        for index, entry in enumerate(entries):
            where = f"{section}[{index}]"
            if not isinstance(entry, dict):
                raise InputError(
                    f"{where} is not a mapping",
                    file=name,
                    line=case.line_of(section, index),
                    fix=f"write each of {section} as `- id: ...` with its fields",
                )
            try:
                records.append(parse_record(section, entry))
            except FieldProblem as p:
                raise InputError(
                    f"{_label(where, entry)}: {p.message}",
                    file=name,
                    line=case.line_of(section, index, p.field),
                    field=p.field,
                    fix=p.fix,
                ) from None
    questions = data.get("questions") or []
    if not isinstance(questions, list):
        raise InputError(
            "questions must be a list",
            file=name,
            line=lines.get(("top", "questions")),
            field="questions",
        )
    case.questions = questions
    return case


def import_case(store: Store, case: Case, *, then: Iterable[CaseHook] = ()) -> dict[str, int]:
    """Write a whole case in ONE transaction; returns records written per section.

    ``then`` hooks (e.g. the ACH loader storing ``case.questions``) run inside the same
    transaction, so a bad question also leaves the store as it was.
    """
    written: dict[str, int] = {}
    section = SECTIONS[0]
    try:
        with store.transaction() as tx:
            for section in SECTIONS:
                written[section] = add_records(tx, section, getattr(case, section))
            for hook in then:
                hook(tx, case)
    except RecordError as exc:
        entry = getattr(case, section)[exc.index]
        raise InputError(
            f"{section}[{exc.index}] (id {entry.id!r}): {exc.message}",
            file=case.path,
            line=case.line_of(section, exc.index, exc.field),
            field=exc.field,
            fix=exc.fix,
        ) from None
    return written


# -- writing a case file -----------------------------------------------------------------------


def case_from_store(
    store: Store | Transaction,
    *,
    case_id: str = "exported",
    title: str | None = None,
    description: str | None = None,
) -> Case:
    """Everything in the store as one case (ACH questions are exported by ``veracity.ach``)."""
    case = Case(id=case_id, title=title, description=description)
    for section in SECTIONS:
        setattr(case, section, list(store.stream(section)))
    return case


def case_data(case: Case) -> dict[str, Any]:
    """A case as the plain data of a case file, fields spelt as files spell them."""
    data: dict[str, Any] = {"case": case.id}
    for key in ("title", "description"):
        if getattr(case, key) is not None:
            data[key] = getattr(case, key)
    for section in SECTIONS:
        records = getattr(case, section)
        if records:
            data[section] = [record_dict(section, r) for r in records]
    if case.questions:
        data["questions"] = case.questions
    return data


def dump_case(case: Case, out: IO[str], *, format: str = "yaml") -> None:
    """Write a case file that ``load_case`` reads back as the same records."""
    data = case_data(case)
    if format == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format == "yaml":
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        # PyYAML writes a few characters raw that its reader then refuses or folds (NEL, BOM,
        # some controls): if the text does not read back as written, escape all non-ASCII.
        try:
            exact = load_raw(text) == data
        except yaml.YAMLError:
            exact = False
        if not exact:
            text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=100)
        out.write(text)
    else:
        raise InputError(f"unknown case format {format!r}", fix="use yaml or json")


# -- reading the text -------------------------------------------------------------------------


class _CaseLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text until the field reader checks them,
    so a bad date is reported with its line like any other bad value."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(text: str, name: str, json_format: bool) -> Any:
    try:
        if not json_format and _too_deep_for_libyaml(text):
            raise RecursionError  # PyYAML's scanner takes seconds (quadratic) to get there
        data = _parse(text, name, json_format)
    except RecursionError:
        raise InputError(
            "nested too deeply to read", file=name, fix="a case file is a few levels deep"
        ) from None
    except ValueError as exc:  # int("9" * 5000): over Python's limit on digits
        if "digits" in str(exc):
            raise InputError(
                "a number with more than 4,300 digits", file=name, fix="quote it if it is text"
            ) from None
        # a tag YAML cannot build its value with: !!int 'x', !!float 'x', !!binary '%%'
        raise InputError(
            f"a value YAML cannot read ({exc})", file=name, fix="quote it if it is text"
        ) from None
    if not json_format and _expanded_size(data) > MAX_EXPANDED:
        raise InputError(
            f"YAML aliases expand to over {MAX_EXPANDED:,} values (an alias bomb)",
            file=name,
            fix="write the values out instead of repeating aliases of aliases",
        )
    check_strings(data, file=name)
    return data


_DEEP_FLOW = re.compile(r"(?:[\[{][ \t\r\n]*){1000}")  # 1,000 flow collections opened in a row


def _too_deep_for_libyaml(text: str) -> bool:
    """Whether flow collections are nested past libyaml's limit of 1,000 — which the Python
    parser would reach as a RecursionError after seconds (its scanner is quadratic in depth).
    libyaml's scanner (C, linear) decides; where it stops first at another problem (which the
    parser then reports with its line), 1,000 brackets opened in a row decide."""
    if text.count("[") + text.count("{") < 1_000:
        return False
    if not yaml.__with_libyaml__:
        return _DEEP_FLOW.search(text) is not None
    try:
        for _ in yaml.scan(text, Loader=yaml.CSafeLoader):
            pass
    except yaml.YAMLError as exc:
        return "maximum nesting depth" in str(exc) or _DEEP_FLOW.search(text) is not None
    return False


MAX_EXPANDED = 5_000_000  # values once aliases are expanded: 500x the largest case we ship


def _expanded_size(data: Any) -> int:
    """How many values ``data`` holds once every YAML alias is expanded. An alias is the same
    Python object in several places, so "a: &a [x×9], b: &b [*a×9], …" is small in memory and
    exponential to walk (every reader of the case walks it). Counted on the object graph,
    each list or dict once (memoised by identity, iteratively): linear in the file."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = (
            list(node.keys()) + list(node.values())
            if isinstance(node, dict)
            else node
            if isinstance(node, list)
            else None
        )
        if children is None:
            continue
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
            continue
        total = 1
        for c in children:
            total += sizes.get(id(c), 1)
            if total > MAX_EXPANDED:
                break
        sizes[id(node)] = min(total, MAX_EXPANDED + 1)
    return sizes.get(id(data), 1)


def _parse(text: str, name: str, json_format: bool) -> Any:
    if json_format:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON ({exc.msg}, column {exc.colno})",
                file=name,
                line=exc.lineno,
                fix="check brackets, commas and quotes",
            ) from None
    try:
        return yaml.load(text, Loader=_CaseLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"not valid YAML ({exc.problem})",
            file=name,
            line=None if mark is None else mark.line + 1,
            fix="check the indentation and quoting around that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", file=name) from None


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Lines of top-level keys, of each section entry and of each entry's fields.

    Composing (not constructing) reads JSON as well as YAML, with positions, and never
    interprets a value, so it cannot disagree with the loader about what a value is.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    out: dict[tuple[Any, ...], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        out[("top", key.value)] = key.start_mark.line + 1
        if key.value not in SECTIONS or not isinstance(value, yaml.SequenceNode):
            continue
        for index, item in enumerate(value.value):
            out[(key.value, index)] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for k, _ in item.value:
                    if isinstance(k, yaml.ScalarNode):
                        out[(key.value, index, canonical_field(key.value, k.value))] = (
                            k.start_mark.line + 1
                        )
    return out


def _section(data: Mapping[str, Any], section: str, name: str, lines: dict) -> list[Any]:
    entries = data.get(section)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise InputError(
            f"{section} must be a list of entries",
            file=name,
            line=lines.get(("top", section)),
            field=section,
            fix=f"write {section}: followed by `- id: ...` entries",
        )
    return entries


def _label(where: str, entry: Mapping[str, Any]) -> str:
    entry_id = entry.get("id")
    return f"{where} (id {entry_id!r})" if isinstance(entry_id, str | int) else where
