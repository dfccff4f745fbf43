"""The matrix and its scores as rich renderables, for ``veracity ach`` and ``veracity demo``.

Builds tables; prints nothing (the caller owns the console)::

    from rich.console import Console
    Console().print(*ach_renderables(score_matrix(matrix)))
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from veracity.ach.matrix import ASSESSMENT, consensus_step, step_to_consistency
from veracity.ach.scorecard import Scorecard
from veracity.ach.sensitivity import WhatIf

_STYLE = {
    "CC": "bold white on green4",
    "C": "black on dark_sea_green2",
    "N": "black on grey93",
    "I": "black on light_salmon1",
    "II": "bold white on red3",
    "NA": "black on grey70",
}


def matrix_table(card: Scorecard, *, width: int = 26) -> Table:
    """Evidence down, hypotheses across; the two scores under the columns. Fits 80 columns
    for up to six hypotheses."""
    m = card.matrix
    disputed = {(c.evidence_id, c.hypothesis_id) for c in card.disagreement.cells if c.spread}
    table = Table(
        title=f"ACH matrix — {m.question.text}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    table.add_column("evidence", max_width=width, overflow="ellipsis", no_wrap=True)
    table.add_column("cred.", justify="right", no_wrap=True, min_width=5)
    table.add_column("rel", justify="center", no_wrap=True)
    for h in m.hypotheses:
        table.add_column(h.id, justify="center", no_wrap=True, min_width=4)
    for e, d in zip(m.evidence, card.diagnosticity, strict=True):
        cred = m.credibility_of(e.id)
        mark = " ▲" if cred.origin == ASSESSMENT else ""
        label = Text(f"{e.id} {' '.join(e.description.split())}")
        if not d.diagnostic:
            label.stylize("dim")
        cells: list[RenderableType] = []
        for h in m.hypotheses:
            rs = m.cell_ratings(e.id, h.id)
            if not rs:
                cells.append(Text("·", style="dim"))
                continue
            c = step_to_consistency(consensus_step(rs)).value
            star = "*" if (e.id, h.id) in disputed else ""
            cells.append(Text(f" {c}{star} ", style=_STYLE[c]))
        table.add_row(label, f"{cred.probability:.2f}{mark}", e.relevance.value[0].upper(), *cells)
    table.add_section()
    lead_h, lead_b = set(card.heuer_leaders), set(card.bayes_leaders)
    table.add_row(
        Text("inconsistency (weighted)", style="bold"),
        "",
        "",
        *[
            Text(f"{s.weighted:.2f}", style="bold" if s.hypothesis_id in lead_h else "")
            for s in card.heuer
        ],
    )
    table.add_row(
        Text("posterior", style="bold"),
        "",
        "",
        *[
            Text(f"{p:.0%}", style="bold" if h in lead_b else "")
            for h, p in zip(m.hypothesis_ids, card.posterior, strict=True)
        ],
    )
    table.caption = (
        "cred. ▲ from the assessment · rel: relevance · * analysts disagree · dim: not "
        "diagnostic · bold: least inconsistent / most probable"
    )
    table.caption_justify = "left"
    return table


def hypotheses_table(card: Scorecard) -> Table:
    m = card.matrix
    table = Table(title="Hypotheses", title_justify="left")
    table.add_column("id")
    table.add_column("hypothesis", max_width=60)
    table.add_column("inconsistency", justify="right")
    table.add_column("weighted", justify="right")
    table.add_column("posterior", justify="right")
    for h, s, p in zip(m.hypotheses, card.heuer, card.posterior, strict=True):
        star = " ★" if h.id in card.bayes_leaders else ""
        table.add_row(h.id + star, h.text, f"{s.inconsistency:g}", f"{s.weighted:.2f}", f"{p:.1%}")
    return table


def credibility_table(card: Scorecard) -> Table:
    m = card.matrix
    table = Table(title="Evidence credibility and diagnosticity", title_justify="left")
    table.add_column("evidence")
    table.add_column("credibility", justify="right")
    table.add_column("from", max_width=60)
    table.add_column("diagnosticity (bits)", justify="right")
    for e, d in zip(m.evidence, card.diagnosticity, strict=True):
        cred = m.credibility_of(e.id)
        table.add_row(
            e.id,
            f"{cred.probability:.2f} (×{cred.weight:.2f})",
            cred.reason,
            f"{d.bits:.2f}" + ("" if d.diagnostic else " (not diagnostic)"),
        )
    return table


def sensitivity_table(card: Scorecard, *, limit: int = 8) -> Table:
    table = Table(title="Sensitivity: what the conclusion hangs on", title_justify="left")
    table.add_column("evidence")
    table.add_column("if")
    table.add_column("Heuer leader", justify="center")
    table.add_column("Bayes leader", justify="center")
    table.add_column("leader's posterior", justify="right")
    table.add_column("break-even credibility", justify="right")
    for s in card.sensitivity[:limit]:
        table.add_row(
            s.evidence_id,
            "discounted" if s.what_if is WhatIf.DISCOUNT else "reversed",
            _leaders(s.heuer_leaders, s.changes_heuer),
            _leaders(s.bayes_leaders, s.changes_bayes),
            f"{s.leader} {s.leader_posterior_before:.0%}→{s.leader_posterior_after:.0%}",
            "" if s.breakeven_credibility is None else f"{s.breakeven_credibility:.2g}",
        )
    if not card.sensitivity:
        table.add_row("(no rated evidence)", "", "", "", "", "")
    table.caption = (
        "discounted: credibility 0 · reversed: CC↔II, C↔I · red: the leader changes · "
        "break-even: below this credibility the Bayesian leader changes"
    )
    table.caption_justify = "left"
    return table


def disagreement_table(card: Scorecard) -> Table | None:
    d = card.disagreement
    if len(d.analysts) < 2:
        return None
    table = Table(title="Analysts", title_justify="left")
    table.add_column("analyst")
    table.add_column("cells rated", justify="right")
    table.add_column("Heuer leader", justify="center")
    table.add_column("Bayes leader", justify="center")
    table.add_column("cells in dispute")
    for a in d.analysts:
        mine = [
            f"{c.evidence_id}×{c.hypothesis_id} ({dict(c.ratings).get(a.analyst, '?')})"
            for c in d.cells
            if a.analyst in dict(c.ratings)
        ]
        table.add_row(
            a.analyst,
            str(a.cells_rated),
            ", ".join(a.heuer_leaders),
            ", ".join(a.bayes_leaders),
            ", ".join(mine[:6]) + (" …" if len(mine) > 6 else ""),
        )
    return table


def ach_renderables(card: Scorecard) -> list[RenderableType]:
    """Everything ``veracity ach score`` (and the demo) prints, in order."""
    out: list[RenderableType] = [
        matrix_table(card),
        hypotheses_table(card),
        credibility_table(card),
    ]
    d = disagreement_table(card)
    if d is not None:
        out.append(d)
    out.append(sensitivity_table(card))
    out.append(Text(_summary(card)))
    return out


def ach_group(card: Scorecard) -> Group:
    return Group(*ach_renderables(card))


def _leaders(ids: tuple[str, ...], changed: bool) -> Text:
    return Text(", ".join(ids), style="bold red" if changed else "")


def _summary(card: Scorecard) -> str:
    heuer = ", ".join(card.heuer_leaders)
    bayes = ", ".join(card.bayes_leaders)
    text = f"Least inconsistent: {heuer} (Heuer). Most probable: {bayes} (Bayesian, uniform prior)."
    flips = {
        w: sorted(s.evidence_id for s in card.sensitivity if s.what_if is w and s.changes_bayes)
        for w in WhatIf
    }
    discounted, reversed_ = flips[WhatIf.DISCOUNT], flips[WhatIf.REVERSE]
    if discounted and discounted == reversed_:
        text += f" The Bayesian lead changes if {_either(discounted)} is discounted or reversed."
    else:
        if discounted:
            text += f" The Bayesian lead changes if {_either(discounted)} is discounted."
        if reversed_:
            text += f" It changes if {_either(reversed_)} is reversed."
    if not any(s.changes_bayes for s in card.sensitivity):
        text += " No single evidence item, discounted or reversed, changes the Bayesian lead."
    return text


def _either(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " or " + ids[-1]
