"""The Patterns page's figures come from one core function as one typed value."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

import pytest

from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.interventions import Intervention
from core.profile import DEFAULT_PROFILE
from core.stats import analytics
from core.stats.patterns import Patterns, compute_patterns

START = date(2026, 3, 2)


def _diary() -> tuple[list[Night], list[Episode]]:
    nights = [Night(START + timedelta(days=d), NightContext(water_l=1.0)) for d in range(1, 40, 2)]
    episodes = [
        Episode(night=START + timedelta(days=d), time=time(2, 30), muscle="calf", pain=6)
        for d in range(0, 40, 2)
    ]
    return nights, episodes


def test_the_patterns_are_the_analytics_of_the_range() -> None:
    nights, episodes = frames_from_records(*_diary())
    change = Intervention("Stretching", "stretching", START + timedelta(days=20))
    found = compute_patterns(nights, episodes, DEFAULT_PROFILE, [change])
    assert isinstance(found, Patterns)
    assert found.frequency == analytics.frequency(nights)
    assert found.woke == analytics.woke_share(episodes)
    assert found.typical_hours == analytics.typical_hours(episodes)
    assert [e.name for e in found.effects] == ["Stretching"]
    assert found.interventions == (change,)
    assert found.change_markers(START, START + timedelta(days=19)) == []
    assert found.change_markers(START, START + timedelta(days=20)) == [
        (change.started_on, "Stretching")
    ]
    measurable = found.measurable_causes()
    assert {"label", "count"} <= set(measurable.columns)
    assert set(measurable["label"]) <= set(found.causes["title"])


def test_the_result_is_frozen() -> None:
    nights, episodes = frames_from_records([], [])
    found = compute_patterns(nights, episodes, DEFAULT_PROFILE, [])
    assert found.effects == () and found.typical_hours is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.trend = found.trend  # type: ignore[misc]
