"""A bad stored row (a typo'd year, text in a number column) never takes reading down: it is
left out of the frames, listed as a problem, and can be fixed or deleted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, text

from core.diary import DiaryInputError, Episode, NightContext
from db.repair import delete_stored_cramp, delete_stored_night, move_stored_night, stored_problems
from db.repository import add_episode, check_in_cramp_free, diary_span, load_frames

NOW = datetime(2026, 11, 1, 12, 0)


def fill(engine: Engine) -> None:
    for day in range(1, 5):
        add_episode(
            engine=engine,
            episode=Episode(night=date(2026, 5, day), time=time(2, 0), muscle="calf", pain=5),
            context=NightContext(water_l=1.0),
            now=NOW,
        )
    check_in_cramp_free(engine=engine, night=date(2026, 5, 9), context=NightContext())


def tamper(engine: Engine, statement: str) -> None:
    """A change made behind the app's back (an old version, another program)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        connection.execute(text(statement))


def test_a_night_dated_in_the_year_26_is_left_out_listed_and_can_be_moved(engine: Engine) -> None:
    fill(engine)
    tamper(engine, "UPDATE night SET night = '0026-05-01' WHERE night = '2026-05-01'")
    nights, episodes = load_frames(engine=engine)
    assert len(nights) == 4 and len(episodes) == 3
    assert diary_span(engine=engine) == (date(2026, 5, 2), date(2026, 5, 9))
    [problem] = stored_problems(engine=engine)
    assert problem.night == "0026-05-01" and problem.episode_id is None
    assert "not a real date from 2000 on" in problem.message

    with pytest.raises(DiaryInputError, match="already in your diary"):
        move_stored_night(engine=engine, night_id=problem.night_id, night=date(2026, 5, 2), now=NOW)
    move_stored_night(engine=engine, night_id=problem.night_id, night=date(2026, 5, 1), now=NOW)
    assert stored_problems(engine=engine) == []
    assert len(load_frames(engine=engine)[1]) == 4


def test_a_bad_night_can_be_deleted_with_its_cramps(engine: Engine) -> None:
    fill(engine)
    tamper(engine, "UPDATE night SET night = '0026-05-01' WHERE night = '2026-05-01'")
    [problem] = stored_problems(engine=engine)
    assert delete_stored_night(engine=engine, night_id=problem.night_id) == 1
    assert stored_problems(engine=engine) == []
    assert len(load_frames(engine=engine)[1]) == 3


def test_a_night_in_the_future_is_listed_when_the_clock_is_given(engine: Engine) -> None:
    fill(engine)
    tamper(engine, "UPDATE night SET night = '2099-05-09' WHERE night = '2026-05-09'")
    assert stored_problems(engine=engine) == []
    [problem] = stored_problems(engine=engine, now=NOW)
    assert "2099" in problem.message and "future" in problem.message


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE episode SET pain = 'seven' WHERE id = 1", "pain holds 'seven'"),
        ("UPDATE episode SET duration_s = 60.5 WHERE id = 1", "duration_s holds 60.5"),
        ("UPDATE episode SET onset_time = 'half past two' WHERE id = 1", "onset_time holds"),
        ("UPDATE night SET water_l = x'00ff' WHERE id = 1", "water_l holds"),
        ("UPDATE night SET night = 'yesterday' WHERE id = 1", "not a real date from 2000"),
        ("UPDATE night SET stress = 'high' WHERE id = 1", "stress holds 'high'"),
    ],
)
def test_odd_values_in_a_sqlite_diary_are_listed_and_never_raise(
    sqlite_engine: Engine, statement: str, words: str
) -> None:
    fill(sqlite_engine)
    tamper(sqlite_engine, statement)
    _, episodes = load_frames(engine=sqlite_engine)
    assert len(episodes) == 3
    [problem] = stored_problems(engine=sqlite_engine)
    assert words in problem.message
    if problem.episode_id is not None:
        delete_stored_cramp(engine=sqlite_engine, episode_id=problem.episode_id)
    else:
        delete_stored_night(engine=sqlite_engine, night_id=problem.night_id)
    assert stored_problems(engine=sqlite_engine) == []


def test_a_clean_diary_has_no_problems(engine: Engine) -> None:
    fill(engine)
    assert stored_problems(engine=engine, now=NOW + timedelta(days=1)) == []
