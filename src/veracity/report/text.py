"""The report on a terminal: rich tables that say the number and the reason beside it."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from veracity.model import PropositionAssessment, Stance
from veracity.report.data import ReportData

STANCE_STYLE = {Stance.ASSERTS: "green", Stance.DENIES: "red", Stance.HEDGES: "yellow"}


def describe_probability(p: float) -> str:
    """Words for a probability, on the scale intelligence analysts use (ICD 203)."""
    bands = [
        (0.05, "almost no chance"),
        (0.20, "very unlikely"),
        (0.45, "unlikely"),
        (0.55, "roughly even chance"),
        (0.80, "likely"),
        (0.95, "very likely"),
        (1.01, "almost certain"),
    ]
    return next(words for limit, words in bands if p < limit)


def proposition_panel(data: ReportData, pa: PropositionAssessment) -> RenderableType:
    prop = data.propositions.get(pa.proposition_id)
    p_true = pa.probabilities.get("true")
    head = Text()
    head.append(f"{pa.proposition_id}: ", style="bold")
    head.append(prop.text if prop else "")
    head.append("\n")
    if p_true is not None:
        head.append(f"P(true) = {p_true:.2f}", style="bold cyan")
        if pa.interval:
            lo, hi = pa.interval
            head.append(f"  (90% interval {lo:.2f}–{hi:.2f})")
        head.append(f"  — {describe_probability(p_true)}")
    else:
        best = pa.verdict
        head.append(f"leading value {best!r} with p = {pa.probabilities[best]:.2f}", style="bold")
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for c in pa.contributions:
        st = data.statements.get(c.statement_id)
        who = Text()
        if c.source_id == "analyst":
            who.append("analyst evidence ", style="bold")
            who.append(c.statement_id.removeprefix("evidence:"))
        else:
            who.append(data.source_name(c.source_id), style="bold")
            who.append(" ")
            who.append(str(c.stance), style=STANCE_STYLE.get(c.stance, ""))
            if st is not None and st.time:
                who.append(f" ({st.time})")
            if st is not None and st.quote:
                who.append(f': "{st.quote.strip()}"', style="italic")
        who.append("\n")
        who.append(c.reason, style="dim")
        weight = Text(f"{c.weight:+.2f}" if c.counted else "  —  ", style="bold")
        table.add_row(weight, who)
    head.append("\n\nContributions to the log-odds that it is true:\n", style="underline")
    return Panel(Group(head, table), title="Proposition", border_style="cyan")


def reliability_table(data: ReportData) -> Table:
    t = Table(title=f"Source reliability ({data.assessment.method})")
    t.add_column("source")
    t.add_column("reliability", justify="right")
    t.add_column("90% interval", justify="right")
    t.add_column("why")
    for r in data.reliabilities():
        iv = f"{r.interval[0]:.2f}–{r.interval[1]:.2f}" if r.interval else ""
        t.add_row(data.source_name(r.source_id), f"{r.reliability:.2f}", iv, r.reason)
    return t


def track_record_table(data: ReportData, source_ids: list[str]) -> Table | None:
    t = Table(title="Track records (resolved statements)")
    t.add_column("source")
    t.add_column("date")
    t.add_column("said")
    t.add_column("proposition")
    t.add_column("outcome")
    rows = 0
    for sid in source_ids:
        for st, res in data.track_record(sid):
            right = (st.stance is not Stance.DENIES) == (res.value == st.value)
            prop = data.propositions.get(st.proposition_id)
            t.add_row(
                data.source_name(sid),
                str(st.time or ""),
                Text(str(st.stance), style=STANCE_STYLE.get(st.stance, "")),
                prop.text if prop else st.proposition_id,
                Text(
                    ("held up" if right else "contradicted") + f" ({res.resolved_on or ''})",
                    style="green" if right else "red",
                ),
            )
            rows += 1
    return t if rows else None


def render(data: ReportData, console: Console | None = None) -> None:
    console = console or Console()
    a = data.assessment
    console.rule(f"[bold]{data.title}")
    if data.description:
        console.print(data.description.strip())
    params = ", ".join(f"{k}={v}" for k, v in a.parameters.items())
    console.print(
        f"[dim]assessment {a.id} · method {a.method} · data version {a.data_version}\n"
        f"parameters: {params}[/dim]"
    )
    for note in a.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    for pa in a.propositions:
        console.print(proposition_panel(data, pa))
    console.print(reliability_table(data))
    tr = track_record_table(data, data.record_holders())
    if tr is not None:
        console.print(tr)
    for section in data.sections:
        render_rich = getattr(section, "rich", None)
        if render_rich is not None:
            console.print(render_rich())
