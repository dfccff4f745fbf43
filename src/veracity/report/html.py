"""The one-file HTML report: inline CSS and SVG charts, nothing fetched when it opens."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from veracity import __version__
from veracity.model import Stance
from veracity.report.charts import contribution_chart, reliability_chart
from veracity.report.data import ReportData
from veracity.report.text import describe_probability


def render_html(data: ReportData) -> str:
    env = Environment(
        loader=PackageLoader("veracity.report", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    track = []
    for sid in data.record_holders():
        for st, res in data.track_record(sid):
            right = (st.stance is not Stance.DENIES) == (res.value == st.value)
            track.append((sid, st, res, right))
    sections = [s.html() for s in data.sections if hasattr(s, "html")]
    return env.get_template("report.html").render(
        data=data,
        a=data.assessment,
        version=__version__,
        describe=describe_probability,
        reliability_svg=reliability_chart(data),
        contribution_svgs={
            pa.proposition_id: contribution_chart(data, pa) for pa in data.assessment.propositions
        },
        track_records=track,
        section_html=sections,
    )


def write_html(data: ReportData, path: str | Path) -> Path:
    """Write the report atomically: a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(path)
    return path
