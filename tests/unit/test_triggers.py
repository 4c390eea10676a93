from datetime import date, time, timedelta

import pandas as pd
import pytest

from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.profile import Profile
from core.triggers import (
    FACTORS,
    MIN_INTERVENTION_NIGHTS,
    compare_factors,
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


def by_id(nights: pd.DataFrame) -> dict[str, object]:
    return {r.factor: r for r in compare_factors(nights, Profile())}


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


def test_below_the_minimum_it_says_what_more_is_needed_not_a_number() -> None:
    rows = [(NightContext(water_l=1.0), 1)] * 9 + [(NightContext(water_l=3.0), 0)] * 30
    result = by_id(build(rows))["low_water"]
    assert not result.enough_data  # type: ignore[attr-defined]
    assert result.risk_ratio is None  # type: ignore[attr-defined]
    assert "Not enough data yet" in result.sentence  # type: ignore[attr-defined]
    assert result.more_nights_needed >= 1  # type: ignore[attr-defined]


def test_a_strong_link_is_flagged_with_its_interval() -> None:
    rows = (
        [(NightContext(water_l=1.0), 1)] * 15
        + [(NightContext(water_l=1.0), 0)] * 5
        + [(NightContext(water_l=3.0), 1)] * 4
        + [(NightContext(water_l=3.0), 0)] * 56
    )
    result = by_id(build(rows))["low_water"]
    assert result.enough_data and result.flagged  # type: ignore[attr-defined]
    assert result.risk_ratio == pytest.approx((15 / 20) / (4 / 60))  # type: ignore[attr-defined]
    assert result.risk_low < result.risk_ratio < result.risk_high  # type: ignore[attr-defined]
    assert result.p_adjusted < 0.05  # type: ignore[attr-defined]
    assert result.sentence.startswith("Cramps were 11.2 times as likely after days under your")  # type: ignore[attr-defined]
    assert "95% CI" in result.sentence  # type: ignore[attr-defined]


def test_no_difference_is_not_flagged() -> None:
    rows = (
        [(NightContext(stress=9), 1)] * 3
        + [(NightContext(stress=9), 0)] * 17
        + [(NightContext(stress=1), 1)] * 9
        + [(NightContext(stress=1), 0)] * 51
    )
    result = by_id(build(rows))["high_stress"]
    assert result.enough_data and not result.flagged  # type: ignore[attr-defined]
    assert result.risk_ratio == pytest.approx(1.0)  # type: ignore[attr-defined]
    assert "chance" in result.sentence  # type: ignore[attr-defined]


def test_nights_with_unknown_context_are_counted_and_left_out() -> None:
    rows = [(NightContext(water_l=1.0), 1)] * 12 + [(NightContext(), 1)] * 7
    result = by_id(build(rows))["low_water"]
    assert result.nights_unknown == 7 and result.nights_with == 12  # type: ignore[attr-defined]
    assert result.nights_without == 0  # type: ignore[attr-defined]


def test_adjusted_p_is_never_below_the_raw_p() -> None:
    rows = (
        [(NightContext(water_l=1.0, stress=8), 1)] * 12
        + [(NightContext(water_l=3.0, stress=2), 0)] * 40
        + [(NightContext(water_l=3.0, stress=8), 1)] * 3
    )
    for result in compare_factors(build(rows), Profile()):
        if result.enough_data:
            assert result.p_adjusted >= result.p_value  # type: ignore[operator]


def test_every_factor_is_reported_even_on_an_empty_diary() -> None:
    nights, _ = frames_from_records([], [])
    results = compare_factors(nights, Profile())
    assert [r.factor for r in results] == [f.id for f in FACTORS]
    assert not any(r.enough_data for r in results)


def test_an_intervention_needs_at_least_two_weeks_on_each_side() -> None:
    # Two cramps a night before: a halving would show within days, but the floor holds.
    rows = [(NightContext(), 2)] * 20 + [(NightContext(), 0)] * (MIN_INTERVENTION_NIGHTS - 1)
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(20), ended_on=None
    )
    assert not effect.enough_data
    assert "1 more nights after it" in effect.sentence


def test_an_intervention_that_halved_cramps_shows_a_rate_ratio_below_one() -> None:
    rows = [(NightContext(), 2)] * 60 + [(NightContext(), 0), (NightContext(), 1)] * 30
    effect = compare_intervention(
        build(rows), name="Stretching", started_on=START + timedelta(60), ended_on=None
    )
    assert effect.enough_data
    assert effect.per_week_before == pytest.approx(14.0)
    assert effect.per_week_after == pytest.approx(3.5)
    assert effect.rate_ratio == pytest.approx(0.25)
    assert effect.high is not None and effect.high < 1
    assert "real drop" in effect.sentence


def test_an_ended_intervention_only_counts_its_own_nights_after() -> None:
    rows = [(NightContext(), 1)] * 30 + [(NightContext(), 0)] * 20 + [(NightContext(), 3)] * 20
    effect = compare_intervention(
        build(rows), name="Shoes", started_on=START + timedelta(30), ended_on=START + timedelta(49)
    )
    assert effect.nights_after == 20 and effect.cramps_after == 0


def test_a_factor_linked_with_fewer_cramps_is_worded_as_less_likely() -> None:
    protective = [(NightContext(stress=9), 0)] * 30 + [
        (NightContext(stress=1), 1),
        (NightContext(stress=1), 0),
    ] * 15
    low = by_id(build(protective))["high_stress"]
    assert low.flagged and low.risk_ratio == 0  # type: ignore[attr-defined]
    assert low.sentence.startswith("Cramps were less likely after high-stress days")  # type: ignore[attr-defined]
    assert "0.00 times as likely" not in low.sentence  # type: ignore[attr-defined]


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
