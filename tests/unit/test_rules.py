"""The rules about the day before a night: yes, no or unknown, never unknown read as no."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from core.article import rules
from core.article.tagging import RULES
from core.diary import Night, NightContext
from core.frames import frames_from_records
from core.profile import DEFAULT_PROFILE, Profile
from core.stats.triggers import FACTORS


def nights_frame(*contexts: NightContext) -> pd.DataFrame:
    nights = [Night(date(2026, 3, 1) + timedelta(days=i), c) for i, c in enumerate(contexts)]
    frame, _ = frames_from_records(nights, [])
    return frame


def answers(
    rule: rules.Rule, *contexts: NightContext, profile: Profile = DEFAULT_PROFILE
) -> list[bool | None]:
    result = rule(nights_frame(*contexts), profile)
    assert str(result.dtype) == "boolean"
    return [None if value is pd.NA else bool(value) for value in result]


def test_a_comparison_says_yes_no_or_unknown() -> None:
    below = NightContext(water_l=1.0)
    at_target = NightContext(water_l=DEFAULT_PROFILE.water_target_l)
    assert answers(rules.below_water_target, below, at_target, NightContext()) == [
        True,
        False,
        None,
    ]


def test_a_threshold_is_read_from_the_profile() -> None:
    context = NightContext(stress=5)
    assert answers(rules.high_stress, context, profile=Profile(high_stress=5)) == [True]
    assert answers(rules.high_stress, context, profile=Profile(high_stress=6)) == [False]


@pytest.mark.parametrize(
    ("context", "answer"),
    [
        (NightContext(hot=True, exercise_min=30), True),
        (NightContext(hot=True, exercise_min=0, exercise_intensity="none"), False),
        (NightContext(hot=False), False),  # no heat: no, whatever the exercise
        (NightContext(exercise_min=0, exercise_intensity="none"), False),  # no exercise: no
        (NightContext(hot=True), None),
        (NightContext(exercise_min=45), None),
    ],
)
def test_combined_rules_follow_three_valued_logic(
    context: NightContext, answer: bool | None
) -> None:
    assert answers(rules.exercise_in_heat, context) == [answer]


def test_heavy_load_is_yes_when_either_load_is_long_even_if_the_other_is_unknown() -> None:
    long_standing = NightContext(hard_floor_h=DEFAULT_PROFILE.long_standing_h)
    short_both = NightContext(exercise_min=10, hard_floor_h=1.0)
    short_workout_only = NightContext(exercise_min=10)
    assert answers(rules.heavy_muscle_load, long_standing, short_both, short_workout_only) == [
        True,
        False,
        None,
    ]


def test_a_frame_without_the_column_reads_as_unknown() -> None:
    frame = pd.DataFrame({"night": [date(2026, 3, 1)]})
    assert rules.no_stretching(frame, DEFAULT_PROFILE).isna().all()


def test_tagging_and_the_trigger_analysis_point_at_the_same_rules() -> None:
    shared = {rule.holds for rule in RULES} & {factor.present for factor in FACTORS}
    assert rules.below_water_target in shared and rules.long_standing in shared
    assert len(shared) == 7  # every factor but heat, which alone is not a cause's rule
