"""A case's progress over its versions and session dates, drawn by pygal as
server-side SVG: coherence status, alliance (SRS, WAI-SR) and outcome (ORS),
with the thresholds of the clinic's policy drawn in. The same figures make the
table beside it, for screen readers."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pygal
from flask import Response
from pygal.style import Style

from domain.vocabulary import Role
from web.pages import case_data as data
from web.pages.auth import page
from web.pages.blueprint import pages
from web.resources.common import services

SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)
STATUS_LEVEL = {"coherent": 0, "attention": 1, "incoherent": 2}
MEASURED = {"AllianceMeasured": "latest_alliance", "OutcomeMeasured": "latest_outcome"}
INSTRUMENTS = {"srs": "SRS", "wai_sr": "WAI-SR", "ors": "ORS"}
SVG_HEADERS = {
    # An <img> SVG runs no script; pygal's own styles are inline.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
STYLE = Style(
    background="white", plot_background="white", foreground="#1f2933",
    foreground_strong="#1f2933", foreground_subtle="#52606d",
    colors=("#1d4ed8", "#047857", "#b45309", "#1d4ed8", "#047857", "#7c3aed"),
    font_family="sans-serif", label_font_size=11, legend_font_size=12,
)  # fmt: skip


def thresholds() -> list[dict[str, Any]]:
    """The policy's alliance thresholds, as the chart and its table state them."""
    policy = services().cases.policy
    return [
        {"instrument": "SRS", "value": policy.srs_low_at_most,
         "words": f"SRS at or below {policy.srs_low_at_most} is low"},
        {"instrument": "WAI-SR", "value": policy.wai_sr_low_below,
         "words": f"WAI-SR below {policy.wai_sr_low_below} is low"},
    ]  # fmt: skip


def figures(read: data.CaseRead) -> list[dict[str, Any]]:
    """One row per version: its date, the coherence status it left, and the
    score measured at it, if any."""
    rows = []
    for step in read.steps:
        row: dict[str, Any] = {
            "version": step.version,
            "date": f"{step.timestamp:%Y-%m-%d}",
            "status": step.coherence["status"],
            "SRS": None, "WAI-SR": None, "ORS": None,
        }  # fmt: skip
        measure = step.plan.get(MEASURED.get(step.event_type, ""), None)
        if measure and measure["version"] == step.version:
            instrument = INSTRUMENTS.get(measure["instrument"], measure["instrument"])
            row[instrument] = measure["score"]
            row["date"] = str(measure["session_date"])
        rows.append(row)
    return rows


def chart_svg(read: data.CaseRead) -> bytes:
    rows = figures(read)
    chart = pygal.Line(
        js=[], style=STYLE, width=960, height=420, range=(0, 60),
        secondary_range=(0, 2), x_label_rotation=40, show_minor_x_labels=False,
        x_labels_major_every=max(1, len(rows) // 12), truncate_legend=-1,
        legend_at_bottom=True, legend_at_bottom_columns=3,
        title=f"{read.client_ref}: scores and coherence by version",
        x_title="version and date", y_title="score",
        disable_xml_declaration=False, dots_size=4,
    )  # fmt: skip
    chart.x_labels = [f"v{r['version']} {r['date']}" for r in rows]
    for instrument in ("SRS", "WAI-SR", "ORS"):
        chart.add(instrument, [r[instrument] for r in rows])
    for line in thresholds():
        chart.add(
            f"policy: {line['words']}", [line["value"]] * len(rows),
            show_dots=False, stroke_style={"dasharray": "6, 4", "width": 2},
        )  # fmt: skip
    chart.add(
        "coherence (0 coherent, 1 attention, 2 incoherent)",
        [STATUS_LEVEL.get(r["status"], 2) for r in rows],
        secondary=True, interpolate=None, show_dots=False,
        stroke_style={"width": 3},
    )  # fmt: skip
    # With js=[] pygal links no script, but still inlines its config for one.
    return SCRIPT.sub(b"", chart.render())


@pages.route("/cases/<uuid:case_id>/chart.svg")
@page(Role.CLINICIAN, Role.SUPERVISOR)
def chart(case_id: UUID) -> Response:
    read = data.read_case(case_id, "chart")
    return Response(chart_svg(read), mimetype="image/svg+xml", headers=SVG_HEADERS)
