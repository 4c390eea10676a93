"""Every number input and slider on the pages allows exactly what core's rules allow: its
maximum is the constant the validation, the database's check constraints and the CSV checks
read, so a form can never offer a value the diary would refuse (or refuse one it takes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.context.weather import MAX_LATITUDE, MAX_LONGITUDE
from core.diary import (
    MAX_DURATION_S,
    MAX_EXERCISE_MIN,
    MAX_HOURS,
    MAX_SCORE,
    MAX_WATER_L,
    NightContext,
)
from core.experiments.plan import DEFAULT_BLOCK_NIGHTS, MAX_PLAN_NIGHTS, MIN_PAIRS
from core.profile import (
    HIGH_STRESS_LIMITS,
    HOT_APPARENT_C_LIMITS,
    LONG_EXERCISE_MIN_LIMITS,
    LONG_HOURS_LIMITS,
    WATER_TARGET_L_LIMITS,
)
from db.repository import add_episode
from tests.app.conftest import by_label
from tests.entries import calf_cramp

# label -> (min, max) from core. Minimums of zero let the page's own check explain a value
# below a threshold's minimum (or a duration of 0) instead of the input silently refusing it.
LIMITS: dict[str, tuple[float, float]] = {
    "Water drunk (L)": (0.0, MAX_WATER_L),
    "Stress (0–10)": (0, MAX_SCORE),
    "Exercise (minutes)": (0, MAX_EXERCISE_MIN),
    "Hours sitting": (0.0, MAX_HOURS),
    "Hours standing on hard floors": (0.0, MAX_HOURS),
    "…or the exact duration in seconds": (0, MAX_DURATION_S),
    "Pain (0 = none, 10 = worst imaginable)": (0, MAX_SCORE),
    "Daily water target (L)": (0.0, WATER_TARGET_L_LIMITS[1]),
    "Long sitting (hours)": (0.0, LONG_HOURS_LIMITS[1]),
    "Long standing on hard floors (hours)": (0.0, LONG_HOURS_LIMITS[1]),
    "High stress (0–10)": (0, HIGH_STRESS_LIMITS[1]),
    "Long exercise (minutes)": (0, LONG_EXERCISE_MIN_LIMITS[1]),
    "Latitude": (-MAX_LATITUDE, MAX_LATITUDE),
    "Longitude": (-MAX_LONGITUDE, MAX_LONGITUDE),
    "Hot above (°C, feels like)": HOT_APPARENT_C_LIMITS,
    "On/off pairs (each pair: one block with the tip, one without)": (
        MIN_PAIRS,
        MAX_PLAN_NIGHTS // DEFAULT_BLOCK_NIGHTS,
    ),
}


def limits_shown(at: AppTest) -> dict[str, tuple[float | None, float | None]]:
    """The bounds of every number input and slider on the page, by label."""
    shown: dict[str, tuple[float | None, float | None]] = {}
    for widget in at.number_input:
        shown[widget.label] = (widget.min, widget.max)
    for slider in at.slider:
        shown[slider.label] = (slider.min, slider.max)
    return shown


def differences(shown: dict[str, tuple[float | None, float | None]]) -> list[str]:
    problems = []
    for label, bounds in shown.items():
        if label not in LIMITS:
            problems.append(f"{label!r} has no limits from core in this test")
        elif bounds != pytest.approx(LIMITS[label]):
            problems.append(f"{label!r} allows {bounds}, core allows {LIMITS[label]}")
    return problems


@pytest.mark.parametrize(
    "page", ["app_pages/log_page.py", "app_pages/settings_page.py", "app_pages/experiments_page.py"]
)
def test_each_page_s_inputs_allow_what_core_allows(
    open_page: Callable[[str], AppTest], page: str
) -> None:
    at = open_page(page)
    if page == "app_pages/log_page.py":  # its "The day before" inputs are made once opened
        for form in ("log_cramp", "log_checkin"):
            at.session_state[f"{form}_day_before"] = True
        at = at.run()
        assert "Hours sitting" in limits_shown(at)
    shown = limits_shown(at)
    assert shown, "no number inputs found: the page or this test changed"
    assert not differences(shown)


def test_the_diary_correction_form_allows_what_core_allows(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(engine=diary, episode=calf_cramp(), context=NightContext())
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(0).run()  # type: ignore[attr-defined]
    shown = limits_shown(at)
    assert "…or the exact duration in seconds" in shown and "Hours sitting" in shown
    assert not differences(shown)


def test_a_limit_out_of_step_is_caught() -> None:
    assert differences({"Stress (0–10)": (0, MAX_SCORE)}) == []
    assert differences({"…or the exact duration in seconds": (0, 100_000)}) == [
        f"'…or the exact duration in seconds' allows (0, 100000), core allows (0, {MAX_DURATION_S})"
    ]
    assert differences({"Long sitting (hours)": (0.0, None)})
    assert differences({"A new input": (0, 1)}) == [
        "'A new input' has no limits from core in this test"
    ]
