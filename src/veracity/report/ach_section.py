"""The ACH part of a report: each stored question's matrix, scores and sensitivity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import RenderableType

from veracity.ach import Scorecard, render_svg, score_matrix
from veracity.ach.terminal import ach_group
from veracity.casework import load_matrix
from veracity.model import Assessment
from veracity.store.questions import questions

if TYPE_CHECKING:
    from veracity.store import Store

_env = Environment(
    loader=PackageLoader("veracity.report", "templates"),
    autoescape=select_autoescape(["html"]),
)
_env.globals["zip"] = zip


@dataclass(frozen=True)
class AchSection:
    card: Scorecard

    def rich(self) -> RenderableType:
        return ach_group(self.card)

    def html(self) -> str:
        return _env.get_template("ach_section.html").render(
            card=self.card, m=self.card.matrix, heatmap=render_svg(self.card)
        )


def ach_sections(store: Store, assessment: Assessment | None) -> list[AchSection]:
    """One section per question, credibility taken from ``assessment`` where evidence links."""
    return [
        AchSection(score_matrix(load_matrix(store, q.id, assessment=assessment)))
        for q in questions(store)
    ]
