"""Pictures for reports, drawn with matplotlib and embedded as inline SVG (one-file HTML)."""

from __future__ import annotations

import io
from typing import Protocol

from veracity.model import PropositionAssessment, SourceReliability
from veracity.report.data import ReportData


class Names(Protocol):
    """What a chart needs of a report: a source's name by id."""

    def source_name(self, source_id: str) -> str: ...


def _svg(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog: the SVG sits inside HTML


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: reports are drawn headless
    import matplotlib.pyplot as plt

    # Names and quotes are data: no TeX, no mathtext ('Fund $\\nosuchcommand$ news' is text).
    plt.rcParams.update(
        {"font.size": 10, "svg.fonttype": "none", "text.usetex": False, "text.parse_math": False}
    )
    return plt


#: most bars a chart draws; past this the middle of the ranking is summarised in one line
TOP_BARS = 40


def reliability_chart(data: ReportData, *, top: int = TOP_BARS) -> str:
    """Each speaking source's reliability with its interval, most reliable on top.

    With more than ``top`` sources, the most and least reliable ``top // 2`` are drawn and the
    rest summarised in one labelled row, so 2,000 sources still make a readable chart.
    """
    everyone = data.reliabilities()
    names_by_id = {r.source_id: data.source_name(r.source_id) for r in everyone}
    return reliability_bars(everyone, names_by_id, data.assessment.method, top=top)


def reliability_bars(
    everyone: list[SourceReliability], names_by_id: dict[str, str], method: str, *, top: int
) -> str:
    """The drawing behind :func:`reliability_chart` (``everyone`` most reliable first)."""
    plt = _pyplot()
    rest: list[SourceReliability] = []
    if len(everyone) > top:
        half = max(1, top // 2)
        rest = everyone[half:-half]
        everyone = everyone[:half] + everyone[-half:]
    rows = list(reversed(everyone))
    fig, ax = plt.subplots(figsize=(7, 0.45 * (len(rows) + bool(rest)) + 1.2))
    names = [names_by_id.get(r.source_id, r.source_id) for r in rows]
    if rest:
        split = len(rows) - len(everyone) // 2
        mean = sum(r.reliability for r in rest) / len(rest)
        names.insert(split, f"… {len(rest)} more sources (mean {mean:.2f})")
        rows.insert(split, SourceReliability(source_id="", reliability=mean, interval=None))
    vals = [r.reliability for r in rows]
    # positions, not names, on the axis: two sources may share a name
    ax.barh(range(len(rows)), vals, color="#4c78a8", alpha=0.85)
    ax.set_yticks(range(len(rows)), names)
    for i, r in enumerate(rows):
        if r.interval:
            ax.plot(r.interval, [i, i], color="black", lw=1.5)
            ax.plot(r.interval, [i, i], "|", color="black", ms=10)
    ax.axvline(0.5, color="grey", ls="--", lw=1)
    ax.set_xlim(0, 1)
    ax.set_xlabel("reliability: chance that what the source says turns out right")
    ax.set_title(f"Source reliability ({method}), bars: mean, lines: interval")
    return _svg(fig)


def contribution_chart(
    data: ReportData | Names, pa: PropositionAssessment, *, top: int = TOP_BARS
) -> str:
    """How each statement and evidence item moved the log-odds that the proposition is true.

    Past ``top`` contributions, the strongest ``top`` are drawn and the rest summed in one row.
    """
    plt = _pyplot()
    rows = list(pa.contributions)
    weights = [c.weight if c.counted else 0.0 for c in rows]
    labels = [
        ("analyst: " + c.statement_id.removeprefix("evidence:"))
        if c.source_id == "analyst"
        else f"{data.source_name(c.source_id)} ({c.stance})"
        for c in rows
    ]
    if len(rows) > top:
        keep = sorted(range(len(rows)), key=lambda i: -abs(weights[i]))[:top]
        kept = sorted(keep)
        rest = sum(w for i, w in enumerate(weights) if i not in set(keep))
        n_rest = len(rows) - len(kept)
        labels = [labels[i] for i in kept] + [f"… {n_rest} more, summed"]
        weights = [weights[i] for i in kept] + [rest]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(weights) + 1.2))
    colors = ["#54a24b" if w >= 0 else "#e45756" for w in weights]
    ax.barh(range(len(weights)), weights[::-1], color=colors[::-1])
    ax.set_yticks(range(len(weights)), labels[::-1])
    ax.axvline(0, color="black", lw=1)
    ax.set_xlabel("log-odds contribution towards 'true'")
    p = pa.probabilities.get("true")
    ax.set_title(f"{pa.proposition_id}: P(true) = {p:.2f}" if p is not None else pa.proposition_id)
    return _svg(fig)
