"""The tactics part of a report: tagged quotes and each source's tactic profile over time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from veracity.model import Statement
from veracity.tactics import Tag
from veracity.tactics.profile import ProfileRow, tactic_profile

if TYPE_CHECKING:
    from veracity.store import Store

_env = Environment(
    loader=PackageLoader("veracity.report", "templates"),
    autoescape=select_autoescape(["html"]),
)


@dataclass(frozen=True)
class TacticsSection:
    tagged: tuple[tuple[Statement, tuple[Tag, ...]], ...]  # statements that carry tags
    profile: tuple[ProfileRow, ...]
    names: dict[str, str]  # source id -> name

    def rich(self) -> RenderableType:
        t = Table(title="Tactics in statements (rules; see `veracity tactics`)", expand=True)
        t.add_column("source")
        t.add_column("quote, tagged spans underlined", ratio=3)
        t.add_column("tactics", ratio=1)
        for st, tags in self.tagged:
            quote = Text(st.quote or "")
            for tag in tags:
                quote.stylize("underline bold", tag.start, tag.end)
            techniques = ", ".join(sorted({tag.technique.replace("_", " ") for tag in tags}))
            t.add_row(self.names.get(st.source_id, st.source_id), quote, techniques)
        p = Table(title="Tactic profile per source and month")
        for col in ("source", "month", "tactic", "tags", "statements"):
            p.add_column(col)
        for r in self.profile:
            p.add_row(
                self.names.get(r.source_id, r.source_id),
                r.period,
                r.technique.replace("_", " "),
                str(r.count),
                str(r.statements),
            )
        return Group(t, p)

    def html(self) -> str:
        rows = [
            (self.names.get(st.source_id, st.source_id), _marked(st.quote or "", tags), tags)
            for st, tags in self.tagged
        ]
        return _env.get_template("tactics_section.html").render(
            rows=rows, profile=self.profile, names=self.names
        )


def _marked(text: str, tags: tuple[Tag, ...]) -> Markup:
    """The quote with each tagged span in <mark>, overlapping spans merged."""
    spans = sorted((t.start, t.end) for t in tags)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out += [escape(text[pos:a]), Markup("<mark>"), escape(text[a:b]), Markup("</mark>")]
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def tactics_sections(store: Store) -> list[TacticsSection]:
    """A section when the store holds tactic tags (``veracity tactics statements``)."""
    from veracity.store.tactic_tags import stored_tags

    raw = stored_tags(store)
    if not raw:
        return []
    tags = {sid: tuple(Tag(**row) for row in rows) for sid, rows in raw.items()}
    statements = store.statements()
    tagged = tuple((s, tags[s.id]) for s in statements if tags.get(s.id))
    profile = tuple(tactic_profile(statements, tags, period="month"))
    names = {s.id: s.name for s in store.sources()}
    return [TacticsSection(tagged, profile, names)]
