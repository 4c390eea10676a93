"""Weather questions and answers, and the import preview: pure functions."""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest

from core.context.plan import describe_plan, plan_fills
from core.context.values import APPLE_HEALTH, ContextImportError
from core.context.weather import (
    FORECAST_PAST_DAYS,
    is_hot,
    parse_daily,
    requests_for,
    rounded_place,
)
from core.diary import NightContext

TODAY = date(2026, 7, 20)


def test_the_place_is_rounded_to_a_tenth_of_a_degree_before_anything_else() -> None:
    assert rounded_place(52.5234, 13.4114) == (52.5, 13.4)
    assert rounded_place(-33.86, 151.21) == (-33.9, 151.2)


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (0, -181), (float("nan"), 0)])
def test_a_place_not_on_earth_is_refused(lat: float, lon: float) -> None:
    with pytest.raises(ContextImportError):
        rounded_place(lat, lon)


def test_a_question_sends_only_the_rounded_place_the_dates_and_the_variable() -> None:
    (request,) = requests_for([date(2026, 5, 1), date(2026, 5, 30)], TODAY)
    sent = parse_qs(request.query(52.5, 13.4))
    assert sent == {
        "latitude": ["52.5"],
        "longitude": ["13.4"],
        "daily": ["apparent_temperature_max"],
        "timezone": ["auto"],
        "start_date": ["2026-05-01"],
        "end_date": ["2026-05-30"],
    }


def test_old_days_go_to_the_archive_recent_ones_to_the_forecast_in_two_requests_at_most() -> None:
    days = [TODAY - timedelta(days=n) for n in (400, 100, 30, 3, 0)]
    requests = requests_for(days, TODAY)
    assert [(r.api, r.start, r.end) for r in requests] == [
        ("archive", TODAY - timedelta(days=400), TODAY - timedelta(days=30)),
        ("forecast", TODAY - timedelta(days=3), TODAY),
    ]
    assert "past_days" in requests[1].query(0, 0)
    assert requests_for([TODAY - timedelta(days=FORECAST_PAST_DAYS + 1)], TODAY)[0].api == "archive"
    assert requests_for([], TODAY) == []


def _answer(days: list[str], values: list[float | None]) -> str:
    return json.dumps(
        {"latitude": 52.52, "longitude": 13.42, "utc_offset_seconds": 7200,
         "daily_units": {"time": "iso8601", "apparent_temperature_max": "°C"},
         "daily": {"time": days, "apparent_temperature_max": values}}
    )  # fmt: skip


def test_an_answer_is_read_day_by_day_with_gaps_kept_as_unknown() -> None:
    assert parse_daily(_answer(["2026-07-01", "2026-07-02"], [31.2, None])) == {
        date(2026, 7, 1): 31.2,
        date(2026, 7, 2): None,
    }


@pytest.mark.parametrize(
    "text",
    ["<html>", '{"daily": {"time": ["2026-07-01"]}}', '{"error": true, "reason": "bad"}',
     _answer(["2026-07-01"], [1.0, 2.0]), _answer(["July"], [1.0])],
)  # fmt: skip
def test_an_answer_in_another_form_is_refused(text: str) -> None:
    with pytest.raises(ContextImportError):
        parse_daily(text)


def test_hot_means_above_the_threshold() -> None:
    assert [is_hot(t, 27.0) for t in (26.9, 27.0, 27.1, None)] == [False, False, True, None]


def test_the_plan_fills_blanks_only_on_nights_in_the_diary() -> None:
    imported = {
        date(2026, 3, 1): NightContext(water_l=1.5, exercise_min=30, exercise_intensity="light"),
        date(2026, 3, 2): NightContext(water_l=2.0),
        date(2026, 3, 3): NightContext(water_l=1.0),
    }
    stored = {date(2026, 3, 1): NightContext(water_l=0.5), date(2026, 3, 2): NightContext()}
    plan = plan_fills(APPLE_HEALTH, imported, stored)
    assert [(f.night.day, f.field, f.value) for f in plan.fills] == [
        (1, "exercise_min", 30),
        (1, "exercise_intensity", "light"),
        (2, "water_l", 2.0),
    ]
    assert (plan.nights_not_in_diary, plan.fields_already_set) == (1, 1)
    lines = describe_plan(plan, "Apple Health")
    assert lines[0] == (
        "Apple Health fills 2 nights: water on 1 night, exercise minutes on 1 night, "
        "exercise intensity on 1 night."
    )
    assert any("never adds nights" in line for line in lines)


def test_exercise_minutes_and_intensity_are_filled_together_or_not_at_all() -> None:
    imported = {
        date(2026, 3, 1): NightContext(exercise_min=30, exercise_intensity="vigorous"),
        date(2026, 3, 2): NightContext(exercise_min=45, exercise_intensity="light"),
    }
    stored = {
        date(2026, 3, 1): NightContext(exercise_intensity="light"),  # typed: keep the pair
        date(2026, 3, 2): NightContext(),
    }
    plan = plan_fills(APPLE_HEALTH, imported, stored)
    assert [(f.night.day, f.field) for f in plan.fills] == [
        (2, "exercise_min"),
        (2, "exercise_intensity"),
    ]
    assert plan.fields_already_set == 2
