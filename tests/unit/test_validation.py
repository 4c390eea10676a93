from dataclasses import replace
from datetime import date, datetime, time

import pytest

from core.diary import (
    EARLIEST_NIGHT,
    MAX_DURATION_S,
    MAX_NOTE_CHARS,
    DiaryInputError,
    NightContext,
    context_errors,
    episode_errors,
    night_errors,
    validate_episode,
    validate_night,
)
from core.profile import Profile, profile_errors
from tests.entries import CALF_CRAMP as GOOD


def fields_of(errors: list) -> list[str]:  # type: ignore[type-arg]
    return [e.field for e in errors]


def test_a_complete_episode_has_no_errors() -> None:
    assert episode_errors(GOOD, now=datetime(2026, 3, 14, 8, 0)) == []


@pytest.mark.parametrize(
    ("duration", "ok"),
    [(0, False), (-5, False), (1, True), (MAX_DURATION_S, True), (MAX_DURATION_S + 1, False)],
)
def test_duration_must_be_positive_and_at_most_four_hours(duration: int, ok: bool) -> None:
    errors = episode_errors(replace(GOOD, duration_s=duration))
    assert (errors == []) is ok
    if not ok:
        assert fields_of(errors) == ["duration_s"]


@pytest.mark.parametrize(("pain", "ok"), [(-1, False), (0, True), (10, True), (11, False)])
def test_pain_is_zero_to_ten(pain: int, ok: bool) -> None:
    assert (episode_errors(replace(GOOD, pain=pain)) == []) is ok


def test_a_time_in_the_future_is_refused_with_a_message() -> None:
    now = datetime(2026, 3, 14, 2, 0)
    errors = episode_errors(GOOD, now=now)  # 02:30 on 14 March is after 02:00
    assert fields_of(errors) == ["time"]
    assert "future" in errors[0].message


def test_an_onset_exactly_now_is_accepted() -> None:
    assert episode_errors(GOOD, now=datetime(2026, 3, 14, 2, 30)) == []


def test_unknown_muscle_side_and_tokens_are_named() -> None:
    bad = replace(
        GOOD,
        muscle="calves",
        side="middle",
        felt=("itchy",),
        relief=("prayer",),
        warning_signs=("fever",),
    )
    assert set(fields_of(episode_errors(bad))) == {
        "muscle",
        "side",
        "felt",
        "relief",
        "warning_signs",
    }


def test_missing_muscle_asks_for_it() -> None:
    errors = episode_errors(replace(GOOD, muscle=""))
    assert errors[0].message == "Choose the muscle that cramped."


def test_relief_helped_without_relief_is_refused() -> None:
    assert fields_of(episode_errors(replace(GOOD, relief=(), relief_helped=True))) == [
        "relief_helped"
    ]


def test_repeated_tokens_are_refused() -> None:
    assert fields_of(episode_errors(replace(GOOD, felt=("twitching", "twitching")))) == ["felt"]


def test_note_longer_than_the_limit_is_refused() -> None:
    assert episode_errors(replace(GOOD, note="x" * MAX_NOTE_CHARS)) == []
    assert fields_of(episode_errors(replace(GOOD, note="x" * (MAX_NOTE_CHARS + 1)))) == ["note"]


def test_validate_episode_raises_with_every_problem() -> None:
    with pytest.raises(DiaryInputError) as caught:
        validate_episode(replace(GOOD, pain=12, duration_s=0))
    assert set(fields_of(caught.value.errors)) == {"pain", "duration_s"}


@pytest.mark.parametrize(
    ("context", "field"),
    [
        (NightContext(water_l=-0.1), "water_l"),
        (NightContext(water_l=15.5), "water_l"),
        (NightContext(water_l=float("nan")), "water_l"),
        (NightContext(exercise_min=-1), "exercise_min"),
        (NightContext(exercise_min=1441), "exercise_min"),
        (NightContext(stress=11), "stress"),
        (NightContext(sitting_h=25.0), "sitting_h"),
        (NightContext(hard_floor_h=-1.0), "hard_floor_h"),
        (NightContext(sitting_h=14.0, hard_floor_h=11.0), "hard_floor_h"),
        (NightContext(exercise_intensity="extreme"), "exercise_intensity"),
    ],
)
def test_out_of_range_context_is_refused(context: NightContext, field: str) -> None:
    assert fields_of(context_errors(context)) == [field]


def test_an_empty_context_is_valid_and_empty() -> None:
    assert context_errors(NightContext()) == []
    assert NightContext().is_empty()
    assert not NightContext(stress=0).is_empty()


def test_context_merge_fills_gaps_and_conflicts_name_fields() -> None:
    stored = NightContext(water_l=1.0, stress=3)
    incoming = NightContext(water_l=1.5, hot=True)
    assert incoming.conflicts_with(stored) == ["water_l"]
    assert NightContext(hot=True).merged_over(stored) == NightContext(
        water_l=1.0, stress=3, hot=True
    )


def test_a_night_that_has_not_begun_is_refused() -> None:
    # After noon tonight's night has begun; before noon the latest night is last night's.
    evening = datetime(2026, 3, 14, 21, 0)
    assert validate_night(date(2026, 3, 14), evening) == date(2026, 3, 14)
    with pytest.raises(DiaryInputError):
        validate_night(date(2026, 3, 15), evening)
    with pytest.raises(DiaryInputError):
        validate_night(date(2026, 3, 14), datetime(2026, 3, 14, 9, 0))


@pytest.mark.parametrize("night", [date(26, 5, 1), date(1926, 5, 1), date(1999, 12, 31)])
def test_a_night_before_the_earliest_year_is_refused_naming_the_year(night: date) -> None:
    [error] = night_errors(night)
    assert error.field == "night"
    assert str(EARLIEST_NIGHT.year) in error.message and night.isoformat() in error.message


def test_the_earliest_night_itself_is_accepted() -> None:
    assert night_errors(EARLIEST_NIGHT, datetime(2026, 3, 14, 9, 0)) == []


def test_a_future_night_names_the_year_and_the_night_not_the_time() -> None:
    episode = replace(GOOD, night=date(2099, 1, 2), time=time(2, 10))
    errors = episode_errors(episode, now=datetime(2026, 3, 14, 9, 0))
    assert fields_of(errors) == ["night"]
    assert "2099" in errors[0].message and "future" in errors[0].message


def test_a_later_time_tonight_is_blamed_on_the_time_with_the_year() -> None:
    episode = replace(GOOD, night=date(2026, 3, 14), time=time(23, 0))
    errors = episode_errors(episode, now=datetime(2026, 3, 14, 21, 0))
    assert fields_of(errors) == ["time"]
    assert "2026" in errors[0].message


def test_an_impossible_year_is_refused_even_without_a_clock() -> None:
    assert fields_of(episode_errors(replace(GOOD, night=date(26, 5, 1)))) == ["night"]


def test_default_profile_is_valid_and_bad_thresholds_are_named() -> None:
    assert profile_errors(Profile()) == []
    bad = Profile(water_target_l=0.1, volume_unit="gallons", high_stress=0)
    assert fields_of(profile_errors(bad)) == ["water_target_l", "volume_unit", "high_stress"]
