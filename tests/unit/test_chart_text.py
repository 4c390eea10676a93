"""User text in a chart is drawn as typed: Plotly never reads it as markup."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.chart_text import chart_text
from core.stats.triggers import InterventionEffect
from dashboard.ui.figures import intervention_chart, weekly_chart

HOSTILE = '<b>Stretch</b> <a href="http://evil.example">link</a> & <br>more'


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("salt & water", "salt &amp; water"),
        ("&lt;", "&amp;lt;"),  # an entity typed by the person stays as typed
        ('say "hi"', 'say "hi"'),
        ("Calf stretch", "Calf stretch"),
    ],
)
def test_chart_text_escapes_what_plotly_would_read_as_markup(typed: str, drawn: str) -> None:
    assert chart_text(typed) == drawn


def test_change_names_are_escaped_in_the_weekly_and_before_after_charts() -> None:
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-09"]),
            "cramps": [2, 3],
            "cramp_nights": [1, 2],
        }
    )
    effect = InterventionEffect(
        name=HOSTILE,
        started_on=date(2026, 3, 5),
        ended_on=None,
        nights_before=30,
        nights_after=30,
        cramps_before=10,
        cramps_after=5,
        enough_data=True,
        per_week_before=2.3,
        per_week_after=1.2,
    )
    for figure in (
        weekly_chart(weekly, [(date(2026, 3, 5), HOSTILE)]),
        intervention_chart([effect]),
    ):
        spec = figure.to_json()
        assert "<b>" not in spec and "<a href" not in spec and "<br>more" not in spec
        assert "&lt;b&gt;Stretch" in spec
