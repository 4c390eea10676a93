"""Text the person typed, made safe to put in a chart.

Plotly reads a subset of HTML in every text it draws (titles, annotations,
tick labels, hover labels): `<b>` turns bold and `<a href=…>` becomes a working
link. Every chart passes user text (change names, notes) through `chart_text`.
"""

from __future__ import annotations

from html import escape


def chart_text(text: str) -> str:
    """`text` shown literally by Plotly: &, < and > written as entities, which it decodes."""
    return escape(text, quote=False)
