from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.diary import last_night, night_of, onset_of


def test_cramp_before_noon_belongs_to_previous_night() -> None:
    assert night_of(datetime(2026, 3, 14, 2, 30)) == date(2026, 3, 13)


def test_cramp_in_the_evening_belongs_to_that_date() -> None:
    assert night_of(datetime(2026, 3, 13, 23, 15)) == date(2026, 3, 13)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(11, 59), date(2026, 3, 13)),
        (time(12, 0), date(2026, 3, 14)),
        (time(0, 0), date(2026, 3, 13)),
    ],
)
def test_noon_is_the_boundary_between_nights(clock: time, expected: date) -> None:
    assert night_of(datetime.combine(date(2026, 3, 14), clock)) == expected


def test_new_year_morning_belongs_to_new_years_eve() -> None:
    assert night_of(datetime(2027, 1, 1, 3, 0)) == date(2026, 12, 31)


def test_morning_clock_time_of_a_night_is_on_the_next_calendar_day() -> None:
    assert onset_of(date(2026, 2, 28), time(1, 0)) == datetime(2026, 3, 1, 1, 0)
    assert onset_of(date(2026, 2, 28), time(22, 0)) == datetime(2026, 2, 28, 22, 0)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_onset_of_undoes_night_of(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert onset_of(night_of(moment), moment.time()) == moment


def test_last_night_is_the_evening_before_today() -> None:
    assert last_night(date(2026, 3, 14)) == date(2026, 3, 13)
