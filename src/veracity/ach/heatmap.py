"""The ACH matrix as a heatmap: one self-contained inline SVG, no scripts, no fonts to fetch.

Rows are evidence items (with their credibility and where it came from), columns hypotheses
(with Heuer's weighted inconsistency and the Bayesian posterior under the header). A cell's colour
is its rating averaged over analysts, green for consistent through red for inconsistent; grey is
NA, white unrated; a dot marks a cell the analysts disagree on. Hovering shows the notes.

>>> from veracity.model.ach import Question, Hypothesis, AchEvidence, Rating, Consistency
>>> from veracity.ach.matrix import build_matrix
>>> m = build_matrix(Question("q", "Why?"), [Hypothesis("H1", "q", "a")],
...                  [AchEvidence("E1", "q", "seen")], [Rating("q", "E1", "H1", Consistency.II)])
>>> svg = render_svg(m)
>>> svg.startswith("<svg") and "II" in svg
True
"""

from __future__ import annotations

from html import escape

from veracity.ach.matrix import ASSESSMENT, Matrix, consensus_step, step_to_consistency
from veracity.ach.scorecard import Scorecard, score_matrix
from veracity.model.ach import Consistency

# Diverging palette (ColorBrewer RdYlGn-like), by step from II (-2) to CC (+2).
_STOPS: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (-2.0, (178, 24, 43)),
    (-1.0, (244, 165, 130)),
    (0.0, (247, 247, 247)),
    (1.0, (166, 217, 106)),
    (2.0, (26, 150, 65)),
)
_NA = "#d0d0d0"
_UNRATED = "#ffffff"

_LABEL_W = 330
_CRED_W = 84
_CELL_W = 64
_ROW_H = 30
_HEAD_H = 78
_FOOT_H = 56
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif"


def step_colour(step: float) -> str:
    """The fill for an (averaged) step on Heuer's scale, interpolated between the palette stops."""
    step = max(-2.0, min(2.0, step))
    for (s0, c0), (s1, c1) in zip(_STOPS, _STOPS[1:], strict=False):
        if s0 <= step <= s1:
            t = (step - s0) / (s1 - s0)
            r, g, b = (round(a + (z - a) * t) for a, z in zip(c0, c1, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    raise AssertionError("unreachable: step clamped to [-2, 2]")


def render_svg(matrix: Matrix | Scorecard, *, title: str | None = None) -> str:
    """The matrix (or an already computed scorecard) as an SVG string to inline in HTML."""
    card = matrix if isinstance(matrix, Scorecard) else score_matrix(matrix)
    m = card.matrix
    n_h, n_e = len(m.hypotheses), len(m.evidence)
    width = _LABEL_W + _CRED_W + _CELL_W * max(n_h, 1) + 16
    height = _HEAD_H + _ROW_H * n_e + _FOOT_H + (24 if title else 0)
    top = 24 if title else 0
    disputed = {(c.evidence_id, c.hypothesis_id) for c in card.disagreement.cells if c.spread > 0}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="{_FONT}" '
        f'aria-label="{escape("ACH matrix: " + m.question.text)}">',
        f"<title>{escape('ACH matrix: ' + m.question.text)}</title>",
    ]
    if title:
        out.append(f'<text x="4" y="16" font-size="14" font-weight="600">{escape(title)}</text>')
    x0 = _LABEL_W + _CRED_W
    out.append(_text(4, top + _HEAD_H - 8, "Evidence", size=12, weight="600"))
    out.append(_text(_LABEL_W + 4, top + _HEAD_H - 8, "credibility", size=11, weight="600"))
    leaders_h, leaders_b = set(card.heuer_leaders), set(card.bayes_leaders)
    for j, (h, s, p) in enumerate(zip(m.hypotheses, card.heuer, card.posterior, strict=True)):
        cx = x0 + j * _CELL_W + _CELL_W / 2
        mark = " ★" if h.id in leaders_b else ""
        out.append(
            f"<g><title>{escape(h.id + ': ' + h.text)}</title>"
            + _text(cx, top + 18, h.id + mark, size=13, weight="700", anchor="middle")
            + _text(
                cx,
                top + 38,
                f"{s.weighted:.2f}",
                size=11,
                anchor="middle",
                weight="700" if h.id in leaders_h else "400",
            )
            + _text(cx, top + 56, f"{p:.0%}", size=11, anchor="middle")
            + "</g>"
        )
    out.append(
        _text(x0 - 6, top + 38, "weighted inconsistency (lower is better)", size=10, anchor="end")
    )
    out.append(_text(x0 - 6, top + 56, "posterior", size=10, anchor="end"))
    for i, e in enumerate(m.evidence):
        y = top + _HEAD_H + i * _ROW_H
        cred = m.credibility_of(e.id)
        diag = card.diagnosticity[i]
        label = _clip(f"{e.id} {e.description}", 46)
        dim = "" if diag.diagnostic else ' fill-opacity="0.55"'
        out.append(
            f"<g><title>{escape(e.id + ': ' + e.description)}"
            f"{escape(' — not diagnostic' if not diag.diagnostic else '')}</title>"
            f'<text x="4" y="{y + 19}" font-size="12"{dim}>{escape(label)}</text></g>'
        )
        origin = "▲" if cred.origin == ASSESSMENT else ""
        out.append(
            f"<g><title>{escape(cred.reason + '; relevance ' + e.relevance.value)}</title>"
            + _text(_LABEL_W + 4, y + 19, f"{cred.probability:.2f} {origin}", size=12)
            + "</g>"
        )
        for j, h in enumerate(m.hypotheses):
            x = x0 + j * _CELL_W
            rs = m.cell_ratings(e.id, h.id)
            step = consensus_step(rs) if rs else None
            if not rs:
                fill, label_c = _UNRATED, ""
            elif step is None:
                fill, label_c = _NA, "NA"
            else:
                fill, label_c = step_colour(step), step_to_consistency(step).value
            notes = "; ".join(
                f"{r.analyst}: {r.consistency.value}" + (f" — {r.note}" if r.note else "")
                for r in rs
            )
            tip = f"{e.id} × {h.id}" + (f": {notes}" if notes else ": unrated")
            ink = "#ffffff" if step is not None and abs(step) >= 1.75 else "#222222"
            out.append(
                f"<g><title>{escape(tip)}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{_CELL_W - 2}" height="{_ROW_H - 2}" '
                f'rx="3" fill="{fill}" stroke="#bbbbbb" stroke-width="0.5"/>'
                + _text(x + _CELL_W / 2, y + 19, label_c, anchor="middle", fill=ink, weight="600")
                + (
                    f'<circle cx="{x + _CELL_W - 8}" cy="{y + 8}" r="3" fill="#333333"/>'
                    if (e.id, h.id) in disputed
                    else ""
                )
                + "</g>"
            )
    y = top + _HEAD_H + n_e * _ROW_H + 18
    lx = 4
    for c in (Consistency.CC, Consistency.C, Consistency.N, Consistency.I, Consistency.II):
        out.append(
            f'<rect x="{lx}" y="{y - 11}" width="14" height="14" rx="2" '
            f'fill="{step_colour(float(c.step or 0))}" stroke="#bbbbbb" stroke-width="0.5"/>'
        )
        out.append(_text(lx + 18, y, f"{c.value} {c.label}", size=11))
        lx += 128
    out.append(
        _text(
            4,
            y + 22,
            "▲ credibility from the assessment; ★ Bayesian leader; bold: least weighted "
            "inconsistency; ● analysts disagree",
            size=11,
        )
    )
    out.append("</svg>")
    return "".join(out)


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 12,
    weight: str = "400",
    anchor: str = "start",
    fill: str = "#222222",
) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(content)}</text>'
    )


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
