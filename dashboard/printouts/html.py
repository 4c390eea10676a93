"""The provider report as one self-contained HTML file with the interactive Plotly charts.

Plotly's JavaScript is embedded once, inline, so the file opens offline (for
sending by e-mail or through a patient portal). Every piece of text goes
through `html.escape`: notes and questions are the person's own words and are
never read as markup.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from core.report.build import ProviderReport
from dashboard.ui import figures

PLOT_CONFIG = {"displaylogo": False, "responsive": True}

STYLE = """
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #111; max-width: 58rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.4; font-size: 15px; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #888; margin: 1.4rem 0 .4rem; }
.subtitle, .note { color: #555; font-size: .85rem; }
.flags { border: 3px solid #000; padding: .4rem .9rem; margin: 1rem 0; }
.flags h2 { border: 0; margin-top: .3rem; text-transform: uppercase; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); border: 1px solid #888;
           margin: 1rem 0; }
.figure { border: 1px solid #ccc; padding: .35rem .5rem; }
.figure .label, .figure .detail { font-size: .78rem; color: #555; }
.figure .value { font-size: 1.35rem; font-weight: bold; }
.chart { margin: .6rem 0; page-break-inside: avoid; }
ul { margin: .2rem 0; padding-left: 1.3rem; }
section { page-break-inside: avoid; }
@media (max-width: 40rem) { .figures { grid-template-columns: repeat(2, 1fr); } }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } }
"""


def _figures(report: ProviderReport) -> dict[str, go.Figure]:
    charts = {"weekly": figures.weekly_chart(report.weekly)}
    if report.frequency.cramps:
        charts["hour"] = figures.hour_chart(report.by_hour)
        charts["muscles"] = figures.muscle_chart(report.by_muscle)
    return charts


def _chart_html(charts: dict[str, go.Figure]) -> dict[str, str]:
    html: dict[str, str] = {}
    for i, (name, figure) in enumerate(charts.items()):
        html[name] = figure.to_html(
            full_html=False,
            include_plotlyjs=i == 0,  # the library once, inline: the file works offline
            config=PLOT_CONFIG,
        )
    return html


def _list(items: tuple[str, ...] | list[str]) -> str:
    rows = "".join(f'<li dir="auto">{escape(item)}</li>' for item in items)
    return f"<ul>{rows}</ul>"


def _red_flags(report: ProviderReport) -> str:
    if not report.red_flag_groups:
        return (
            f'<div class="flags"><h2>Warning signs</h2><p>{escape(report.red_flag_note)}</p></div>'
        )
    parts = ['<div class="flags"><h2>Warning signs found in this diary</h2>']
    for group in report.red_flag_groups:
        parts.append(f"<p><strong>{escape(group.heading)}:</strong> {escape(group.advice)}</p>")
        items = "".join(
            f"<li><strong>{escape(f.title)}:</strong> {escape(f.evidence)}.</li>"
            for f in group.flags
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _key_figures(report: ProviderReport) -> str:
    boxes = "".join(
        '<div class="figure">'
        f'<div class="label">{escape(f.label)}</div>'
        f'<div class="value">{escape(f.value)}</div>'
        f'<div class="detail">{escape(f.detail)}</div>'
        "</div>"
        for f in report.key_figures
    )
    return f'<div class="figures">{boxes}</div>'


def render_html(report: ProviderReport) -> str:
    """The report as a complete, self-contained HTML document."""
    plots = _chart_html(_figures(report))
    body = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
        _red_flags(report),
        _key_figures(report),
    ]
    for section in report.sections:
        body.append(
            f"<section><h2>{escape(section.title)}</h2>{_list(section.all_lines)}</section>"
        )
        if section.id == "frequency":
            body.append(f'<div class="chart">{plots["weekly"]}</div>')
        if section.id == "timing" and "hour" in plots:
            body.append(f'<div class="chart">{plots["hour"]}</div>')
        if section.id == "muscles" and "muscles" in plots:
            body.append(f'<div class="chart">{plots["muscles"]}</div>')
    questions = _list(report.questions) if report.questions else "<p>None written down.</p>"
    body.append(f"<section><h2>Questions the patient wants to ask</h2>{questions}</section>")
    body.append(f'<p class="note">{escape(report.disclaimer)}</p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)} ({escape(report.start.isoformat())} to "
        f"{escape(report.end.isoformat())})</title>"
        f"<style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
