"""The provider report as a self-contained HTML file."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from core.diary import Night
from core.files.csv_format import parse_diary_csv
from core.frames import frames_from_records
from core.profile import Profile
from core.report.build import ProviderReport, build_report
from core.stats import analytics
from dashboard.printouts.html import render_html
from tests.conftest import REPO

DEMO = REPO / "sample_data" / "demo_diary.csv"
ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def demo_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    parsed = parse_diary_csv(DEMO.read_bytes())
    return frames_from_records([Night(n, c) for n, c in parsed.nights.items()], parsed.episodes)


def make_report(nights: pd.DataFrame, episodes: pd.DataFrame, **options: object) -> ProviderReport:
    defaults: dict[str, object] = {
        "profile": Profile(),
        "interventions": [],
        "red_flags": [],
        "today": date(2026, 11, 1),
    }
    return build_report(nights, episodes, **{**defaults, **options})  # type: ignore[arg-type]


def test_the_html_is_one_file_that_works_offline(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    page = render_html(make_report(*demo_frames))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=", page)  # nothing loaded from elsewhere
    assert "<link" not in page
    assert page.count("Plotly.newPlot") == 3  # three interactive charts
    assert len(re.findall(r"plotly\.js v\d", page)) == 1  # the library once, inline


def test_the_html_shows_the_same_numbers_as_core(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    nights, episodes = demo_frames
    page = render_html(make_report(nights, episodes))
    freq = analytics.frequency(nights)
    assert freq.cramps_per_week is not None
    assert f"{freq.cramps_per_week:.1f} cramps a week" in page
    median = analytics.severity_summary(episodes)["pain_median"]
    assert f"Median pain {median:g} of 10" in page


def test_user_text_is_escaped_never_markup(demo_frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    nights, episodes = demo_frames
    noted = episodes.copy()
    noted.loc[noted.index[-1], "note"] = ATTACK
    page = render_html(make_report(nights, noted, own_questions=f"Question {ATTACK}"))
    assert ATTACK not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Question &lt;script&gt;" in page
