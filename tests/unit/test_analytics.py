from datetime import date, time, timedelta

import numpy as np
import pandas as pd
import pytest

from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.stats import analytics

MONDAY = date(2026, 3, 2)


def diary(
    cramp_nights: dict[int, list[Episode]] | None = None, free: range = range(0)
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nights numbered from MONDAY; episodes given per night offset."""
    episodes = [e for items in (cramp_nights or {}).values() for e in items]
    nights = [Night(MONDAY + timedelta(days=d)) for d in free]
    return frames_from_records(nights, episodes)


def cramp(day: int, clock: time = time(2, 0), **fields: object) -> Episode:
    return Episode(night=MONDAY + timedelta(days=day), time=clock, muscle="calf", **fields)  # type: ignore[arg-type]


def test_frequency_counts_per_seven_logged_nights() -> None:
    nights, _ = diary({0: [cramp(0), cramp(0, time(3, 0))], 3: [cramp(3)]}, free=range(1, 3))
    freq = analytics.frequency(nights)
    assert (freq.nights_logged, freq.cramp_nights, freq.cramps) == (4, 2, 3)
    assert freq.cramps_per_week == pytest.approx(3 / (4 / 7))
    assert freq.cramp_nights_per_week == pytest.approx(2 / (4 / 7))
    assert freq.cramp_free.share == 0.5
    assert freq.cramp_free.low is not None and freq.cramp_free.low < 0.5 < freq.cramp_free.high  # type: ignore[operator]


def test_frequency_of_an_empty_diary_has_no_numbers() -> None:
    nights, _ = diary()
    freq = analytics.frequency(nights)
    assert freq.cramps_per_week is None and freq.cramp_free.share is None


def test_weekly_summary_groups_by_monday_and_shows_empty_weeks() -> None:
    nights, _ = diary({0: [cramp(0)], 6: [cramp(6), cramp(6, time(4, 0))], 15: [cramp(15)]})
    weekly = analytics.weekly_summary(nights)
    assert weekly["week"].dt.date.tolist() == [
        MONDAY,
        MONDAY + timedelta(7),
        MONDAY + timedelta(14),
    ]
    assert weekly["cramps"].tolist() == [3, 0, 1]
    assert weekly["cramp_nights"].tolist() == [2, 0, 1]
    assert weekly["nights_logged"].tolist() == [2, 0, 1]
    assert pd.isna(weekly["cramps_per_night"].iloc[1])


def test_onset_by_hour_runs_from_noon_to_noon() -> None:
    _, episodes = diary({0: [cramp(0, time(23, 30)), cramp(0, time(2, 10)), cramp(0, time(2, 50))]})
    by_hour = analytics.onset_by_hour(episodes)
    assert by_hour["hour"].tolist()[:2] == [12, 13]
    assert by_hour["hour"].tolist()[-1] == 11
    counts = dict(zip(by_hour["hour"], by_hour["cramps"], strict=True))
    assert counts[23] == 1 and counts[2] == 2 and sum(counts.values()) == 3


def test_typical_hours_cross_midnight_in_night_order() -> None:
    clocks = [time(22, 0), time(23, 0), time(1, 0), time(3, 0)]
    _, episodes = diary({d: [cramp(d, c)] for d, c in enumerate(clocks)})
    first, last = analytics.typical_hours(episodes)  # type: ignore[misc]
    assert first.startswith("22") or first.startswith("23")
    assert last.startswith("01") or last.startswith("02")


def test_hour_weekday_grid_uses_the_evening_weekday() -> None:
    _, episodes = diary({0: [cramp(0, time(2, 0))]})  # Monday night, early Tuesday
    grid = analytics.hour_weekday_grid(episodes)
    assert grid.loc["Mon", 2] == 1
    assert int(grid.to_numpy().sum()) == 1


def test_woke_share_ignores_unknown_answers() -> None:
    _, episodes = diary({0: [cramp(0, woke=True)], 1: [cramp(1, woke=False)], 2: [cramp(2)]})
    share = analytics.woke_share(episodes)
    assert (share.count, share.total, share.share) == (1, 2, 0.5)


def test_night_share_counts_evening_to_morning() -> None:
    _, episodes = diary({0: [cramp(0, time(21, 0))], 1: [cramp(1, time(15, 0))]})
    assert analytics.night_share(episodes).share == 0.5


def test_muscle_and_side_counts_most_common_muscle_first() -> None:
    episodes = [
        Episode(night=MONDAY, time=time(1, 0), muscle="foot", side="left"),
        Episode(night=MONDAY, time=time(2, 0), muscle="calf", side="left"),
        Episode(night=MONDAY, time=time(3, 0), muscle="calf", side="right"),
        Episode(night=MONDAY, time=time(4, 0), muscle="calf"),
    ]
    _, frame = frames_from_records([], episodes)
    table = analytics.by_muscle_and_side(frame)
    assert table["muscle"].tolist() == ["calf", "calf", "calf", "foot"]
    assert table["side"].tolist() == ["left", "right", "unknown", "left"]
    assert table["label"].tolist()[0] == "Calf"


def test_calendar_marks_unlogged_nights_as_missing() -> None:
    nights, _ = diary({0: [cramp(0)], 2: [cramp(2)]})
    days = analytics.calendar(nights)
    assert len(days) == 3
    assert days["cramps"].iloc[0] == 1.0 and days["cramps"].iloc[2] == 1.0
    assert pd.isna(days["cramps"].iloc[1])


def test_severity_summary_gives_median_and_worst() -> None:
    _, episodes = diary(
        {
            0: [cramp(0, pain=3, duration_s=30)],
            1: [cramp(1, pain=9, duration_s=600)],
            2: [cramp(2, pain=5, duration_s=90)],
        }
    )
    assert analytics.severity_summary(episodes) == {
        "pain_median": 5.0,
        "pain_max": 9.0,
        "duration_median_s": 90.0,
        "duration_max_s": 600.0,
    }


def test_relief_effect_counts_each_method_and_only_answered_help() -> None:
    _, episodes = diary(
        {
            0: [cramp(0, relief=("stretch",), relief_helped=True, duration_s=60)],
            1: [cramp(1, relief=("stretch", "walk"), relief_helped=False, duration_s=120)],
            2: [cramp(2, relief=("walk",), duration_s=30)],
        }
    )
    table = analytics.relief_effect(episodes).set_index("relief")
    assert table.loc["stretch", "tried"] == 2 and table.loc["stretch", "helped"] == 1
    assert table.loc["walk", "tried"] == 2 and table.loc["walk", "answered"] == 1
    assert table.loc["walk", "share"] == 0.0
    assert table.loc["stretch", "median_duration_s"] == 90.0


def test_trend_needs_four_weeks_and_five_cramps() -> None:
    nights, _ = diary({d: [cramp(d)] for d in range(0, 20, 5)}, free=range(1, 27))
    assert not analytics.trend(nights).enough_data
    assert analytics.trend(nights).sentence.startswith(
        "A trend needs at least 28 logged nights spread over 4 blocks of 5 weeks"
    )


SHORT = "Trend over the range (too short to allow for the time of year): "


@pytest.mark.parametrize(
    ("per_month", "low", "high", "sentence"),
    [
        (
            1.25,
            1.05,
            1.5,
            SHORT + "about 25% more cramps each month (95% CI +5% to +50%).",
        ),
        (
            0.8,
            0.7,
            0.95,
            SHORT + "about 20% fewer cramps each month (95% CI -30% to -5%).",
        ),
        (
            0.9,
            0.7,
            1.2,
            SHORT + "about 10% fewer cramps each month (95% CI -30% to +20%); "
            "chance (or a spell of good or bad weeks) could explain this, so no clear change.",
        ),
    ],
)
def test_the_trend_reads_as_one_sentence_with_its_interval(
    per_month: float, low: float, high: float, sentence: str
) -> None:
    trend = analytics.Trend(per_month, low, high, p_value=0.01, nights=90, enough_data=True)
    assert trend.sentence == sentence


def test_trend_sees_a_clear_rise() -> None:
    # Over two years, cramp nights rise steadily from one in twenty to one in two.
    share = np.cumsum(0.05 + 0.45 * np.arange(730) / 730)
    cramp_days = [d for d in range(1, 730) if int(share[d]) > int(share[d - 1])]
    rising = {d: [cramp(d)] for d in cramp_days}
    episodes = [e for items in rising.values() for e in items]
    free = [d for d in range(730) if d not in rising]
    nights, _ = frames_from_records([Night(MONDAY + timedelta(days=d)) for d in free], episodes)
    result = analytics.trend(nights)
    assert result.enough_data and result.per_month is not None
    assert result.low is not None and result.low > 1
    assert result.verdict == "rising" and result.season_adjusted


def test_empty_frames_give_empty_tables_not_errors() -> None:
    nights, episodes = diary()
    assert analytics.weekly_summary(nights).empty
    assert analytics.onset_by_hour(episodes)["cramps"].sum() == 0
    assert analytics.by_muscle_and_side(episodes).empty
    assert analytics.relief_effect(episodes).empty
    assert analytics.monthly_severity(episodes).empty
    assert analytics.typical_hours(episodes) is None
    assert analytics.woke_share(episodes).share is None
    assert analytics.calendar(nights).empty


def test_context_is_irrelevant_to_frequency() -> None:
    nights, _ = frames_from_records([Night(MONDAY, NightContext(stress=9))], [])
    assert analytics.frequency(nights).cramps == 0
