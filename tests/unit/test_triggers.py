from datetime import date, time, timedelta

import pandas as pd
import pytest

from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.profile import Profile
from core.stats.triggers import (
    MIN_INTERVENTION_NIGHTS,
    compare_intervention,
    factor_presence,
)

START = date(2025, 1, 1)


def build(rows: list[tuple[NightContext, int]]) -> pd.DataFrame:
    """Nights from START with the given context and number of cramps."""
    nights, episodes = [], []
    for i, (context, cramps) in enumerate(rows):
        night = START + timedelta(days=i)
        nights.append(Night(night, context))
        for k in range(cramps):
            episodes.append(Episode(night=night, time=time(1 + k, 0), muscle="calf"))
    frame, _ = frames_from_records(nights, episodes)
    return frame


@pytest.mark.parametrize(
    ("context", "factor", "expected"),
    [
        (NightContext(water_l=1.99), "low_water", True),
        (NightContext(water_l=2.0), "low_water", False),
        (NightContext(exercise_intensity="vigorous"), "vigorous_exercise", True),
        (NightContext(exercise_intensity="moderate"), "vigorous_exercise", False),
        (NightContext(hot=True), "heat", True),
        (NightContext(stretched=False), "no_stretching", True),
        (NightContext(stretched=True), "no_stretching", False),
        (NightContext(sitting_h=6.0), "long_sitting", True),
        (NightContext(sitting_h=5.5), "long_sitting", False),
        (NightContext(hard_floor_h=4.0), "hard_floor", True),
        (NightContext(stress=7), "high_stress", True),
        (NightContext(stress=6), "high_stress", False),
        (NightContext(new_medication=True), "new_medication", True),
    ],
)
def test_factor_presence_follows_the_profile_thresholds(
    context: NightContext, factor: str, expected: bool
) -> None:
    assert bool(factor_presence(build([(context, 0)]), Profile())[factor].iloc[0]) is expected


def test_unknown_context_is_neither_with_nor_without() -> None:
    presence = factor_presence(build([(NightContext(), 0)]), Profile())
    assert presence.isna().all(axis=None)


def test_changing_a_threshold_changes_the_factor() -> None:
    nights = build([(NightContext(water_l=2.2), 0)])
    assert not factor_presence(nights, Profile())["low_water"].iloc[0]
    assert factor_presence(nights, Profile(water_target_l=2.5))["low_water"].iloc[0]


def test_an_intervention_needs_at_least_two_weeks_on_each_side() -> None:
    # Two cramps a night before: a halving would show within days, but the floor holds.
    rows = [(NightContext(), 2)] * 20 + [(NightContext(), 0)] * (MIN_INTERVENTION_NIGHTS - 1)
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(20), ended_on=None
    )
    assert not effect.enough_data
    assert "1 more nights after it" in effect.sentence


def test_an_intervention_that_cut_cramps_to_a_quarter_shows_a_rate_ratio_below_one() -> None:
    rows = [(NightContext(), 2)] * 100 + [(NightContext(), 0), (NightContext(), 1)] * 50
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(100), ended_on=None
    )
    assert effect.enough_data
    assert effect.per_week_before == pytest.approx(14.0)
    assert effect.per_week_after == pytest.approx(3.5)
    assert effect.rate_ratio == pytest.approx(0.25, rel=0.15)  # allowing for the drift too
    assert effect.high is not None and effect.high < 1
    assert effect.verdict == "fewer" and "drop beyond chance" in effect.sentence


def test_an_intervention_needs_blocks_enough_to_tell_spells_from_the_change() -> None:
    rows = [(NightContext(), 2)] * 50 + [(NightContext(), 0), (NightContext(), 1)] * 25
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(50), ended_on=None
    )
    assert not effect.enough_data and effect.too_few_blocks
    assert effect.verdict == "not_enough_data"
    assert "at least 5 blocks of 5 weeks" in effect.sentence


def test_an_ended_intervention_only_counts_its_own_nights_after() -> None:
    rows = [(NightContext(), 1)] * 30 + [(NightContext(), 0)] * 20 + [(NightContext(), 3)] * 20
    effect = compare_intervention(
        build(rows), name="Shoes", started_on=START + timedelta(30), ended_on=START + timedelta(49)
    )
    assert effect.nights_after == 20 and effect.cramps_after == 0


def test_an_intervention_needs_more_nights_when_cramps_before_it_were_rare() -> None:
    # One cramp a week before: far more than two weeks a side are needed to see a halving.
    rows = [(NightContext(), 1 if i % 7 == 0 else 0) for i in range(40)] + [
        (NightContext(), 0)
    ] * 40
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(40), ended_on=None
    )
    assert not effect.enough_data
    assert effect.nights_needed is not None and effect.nights_needed > 100
    assert f"at least {effect.nights_needed} on each side" in effect.sentence


def test_an_intervention_with_no_cramps_before_it_cannot_be_judged() -> None:
    rows = [(NightContext(), 0)] * 30 + [(NightContext(), 1)] * 30
    effect = compare_intervention(
        build(rows), name="Shoes", started_on=START + timedelta(30), ended_on=None
    )
    assert not effect.enough_data and effect.nights_needed is None
    assert "cannot be judged by before and after" in effect.sentence
