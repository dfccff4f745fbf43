"""Pictures for reports, drawn with matplotlib and embedded as inline SVG (one-file HTML)."""

from __future__ import annotations

import io

from veracity.model import PropositionAssessment
from veracity.report.data import ReportData


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

    plt.rcParams.update({"font.size": 10, "svg.fonttype": "none"})
    return plt


def reliability_chart(data: ReportData) -> str:
    """Each speaking source's reliability with its interval, most reliable on top."""
    plt = _pyplot()
    rows = list(reversed(data.reliabilities()))
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.2))
    names = [data.source_name(r.source_id) for r in rows]
    vals = [r.reliability for r in rows]
    ax.barh(names, vals, color="#4c78a8", alpha=0.85)
    for i, r in enumerate(rows):
        if r.interval:
            ax.plot(r.interval, [i, i], color="black", lw=1.5)
            ax.plot(r.interval, [i, i], "|", color="black", ms=10)
    ax.axvline(0.5, color="grey", ls="--", lw=1)
    ax.set_xlim(0, 1)
    ax.set_xlabel("reliability: chance that what the source says turns out right")
    ax.set_title(f"Source reliability ({data.assessment.method}), bars: mean, lines: interval")
    return _svg(fig)


def contribution_chart(data: ReportData, pa: PropositionAssessment) -> str:
    """How each statement and evidence item moved the log-odds that the proposition is true."""
    plt = _pyplot()
    rows = [c for c in pa.contributions]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.2))
    labels = [
        ("analyst: " + c.statement_id.removeprefix("evidence:"))
        if c.source_id == "analyst"
        else f"{data.source_name(c.source_id)} ({c.stance})"
        for c in rows
    ]
    weights = [c.weight if c.counted else 0.0 for c in rows]
    colors = ["#54a24b" if w >= 0 else "#e45756" for w in weights]
    ax.barh(labels[::-1], weights[::-1], color=colors[::-1])
    ax.axvline(0, color="black", lw=1)
    ax.set_xlabel("log-odds contribution towards 'true'")
    p = pa.probabilities.get("true")
    ax.set_title(f"{pa.proposition_id}: P(true) = {p:.2f}" if p is not None else pa.proposition_id)
    return _svg(fig)
