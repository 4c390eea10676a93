from dataclasses import replace
from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine, text

from core.diary import DiaryInputError, NightContext
from core.interventions import Intervention
from core.profile import Profile
from db.repository import (
    add_episode,
    check_in_cramp_free,
    delete_episode,
    delete_intervention,
    delete_night,
    diary_span,
    diary_version,
    get_episode,
    get_night_context,
    get_profile,
    last_muscle_and_side,
    list_interventions,
    list_records,
    load_frames,
    save_intervention,
    save_profile,
    update_episode,
    update_night_context,
)
from tests.entries import NIGHT, calf_cramp

CALF = calf_cramp(relief=("stretch", "walk"), note="Woke me twice")
NOW = datetime(2026, 3, 20, 9, 0)


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_an_episode_is_stored_with_every_field(engine: Engine) -> None:
    episode_id = add_episode(
        engine=engine, episode=CALF, context=NightContext(water_l=1.2), now=NOW
    )
    assert get_episode(engine=engine, episode_id=episode_id) == CALF
    assert get_night_context(engine=engine, night=NIGHT) == NightContext(water_l=1.2)


def test_the_database_file_uses_wal_and_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_a_refused_episode_writes_nothing(engine: Engine) -> None:
    with pytest.raises(DiaryInputError) as caught:
        add_episode(engine=engine, episode=replace(CALF, pain=14), context=NightContext(), now=NOW)
    assert [e.field for e in caught.value.errors] == ["pain"]
    assert count(engine, "night") == 0
    assert count(engine, "episode") == 0


def test_bad_context_refuses_the_episode_too(engine: Engine) -> None:
    with pytest.raises(DiaryInputError):
        add_episode(engine=engine, episode=CALF, context=NightContext(stress=40), now=NOW)
    assert count(engine, "episode") == 0


def test_a_future_episode_is_refused(engine: Engine) -> None:
    with pytest.raises(DiaryInputError):
        add_episode(engine=engine, episode=CALF, context=None, now=datetime(2026, 3, 14, 2, 0))


def test_the_same_cramp_twice_is_refused_and_the_first_kept(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    with pytest.raises(DiaryInputError) as caught:
        add_episode(engine=engine, episode=replace(CALF, pain=2), context=None, now=NOW)
    assert "already logged" in str(caught.value)
    assert count(engine, "episode") == 1
    assert load_frames(engine=engine)[1]["pain"].tolist() == [6]


def test_database_constraints_refuse_what_validation_would(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    with pytest.raises(Exception, match="CHECK|constraint"), engine.begin() as connection:
        connection.execute(text("UPDATE episode SET pain = 42"))
    with pytest.raises(Exception, match="UNIQUE|constraint"), engine.begin() as connection:
        connection.execute(
            text("INSERT INTO night (night, updated_at) VALUES ('2026-03-13', '2026-03-13')")
        )


def test_deleting_a_night_deletes_its_episodes(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    add_episode(engine=engine, episode=replace(CALF, time=time(3, 0)), context=None, now=NOW)
    assert delete_night(engine=engine, night=NIGHT) == 2
    assert count(engine, "episode") == 0
    assert count(engine, "night") == 0


def test_the_database_cascades_episodes_with_their_night(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM night"))
    assert count(engine, "episode") == 0


def test_deleting_the_last_cramp_of_a_night_removes_the_night(engine: Engine) -> None:
    first = add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    second = add_episode(
        engine=engine, episode=replace(CALF, time=time(4, 0)), context=None, now=NOW
    )
    assert delete_episode(engine=engine, episode_id=first) is False
    assert count(engine, "night") == 1
    assert delete_episode(engine=engine, episode_id=second) is True
    assert count(engine, "night") == 0


def test_a_cramp_free_check_in_is_stored_with_its_context(engine: Engine) -> None:
    check_in_cramp_free(engine=engine, night=NIGHT, context=NightContext(stretched=True))
    nights, episodes = load_frames(engine=engine)
    assert nights["episode_count"].tolist() == [0]
    assert nights["stretched"].tolist() == [True]
    assert episodes.empty


def test_a_check_in_is_refused_for_a_night_with_cramps(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=NightContext(water_l=2.0), now=NOW)
    with pytest.raises(DiaryInputError, match="cannot be cramp-free"):
        check_in_cramp_free(engine=engine, night=NIGHT, context=NightContext(water_l=0.5))
    assert get_night_context(engine=engine, night=NIGHT) == NightContext(water_l=2.0)


def test_a_cramp_on_a_checked_in_night_keeps_the_context(engine: Engine) -> None:
    check_in_cramp_free(engine=engine, night=NIGHT, context=NightContext(stress=4))
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    assert get_night_context(engine=engine, night=NIGHT) == NightContext(stress=4)


def test_updating_an_episode_can_move_it_to_another_night(engine: Engine) -> None:
    episode_id = add_episode(engine=engine, episode=CALF, context=NightContext(stress=1), now=NOW)
    moved = replace(CALF, night=date(2026, 3, 15), pain=3)
    update_episode(engine=engine, episode_id=episode_id, episode=moved, context=None, now=NOW)
    assert get_episode(engine=engine, episode_id=episode_id) == moved
    assert get_night_context(engine=engine, night=NIGHT) is None  # emptied night went away


def test_a_refused_update_leaves_the_stored_episode(engine: Engine) -> None:
    episode_id = add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    with pytest.raises(DiaryInputError):
        update_episode(
            engine=engine,
            episode_id=episode_id,
            episode=replace(CALF, duration_s=0),
            context=None,
            now=NOW,
        )
    assert get_episode(engine=engine, episode_id=episode_id) == CALF


def test_night_context_can_be_corrected(engine: Engine) -> None:
    check_in_cramp_free(engine=engine, night=NIGHT, context=NightContext(stress=4))
    update_night_context(engine=engine, night=NIGHT, context=NightContext(stress=5, hot=True))
    assert get_night_context(engine=engine, night=NIGHT) == NightContext(stress=5, hot=True)


def test_last_muscle_and_side_are_the_newest_entry(engine: Engine) -> None:
    assert last_muscle_and_side(engine=engine) == (None, None)
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    add_episode(
        engine=engine,
        episode=replace(CALF, time=time(3, 0), muscle="foot", side=None),
        context=None,
        now=NOW,
    )
    assert last_muscle_and_side(engine=engine) == ("foot", None)


def test_every_write_changes_the_diary_version(engine: Engine) -> None:
    versions = [diary_version(engine=engine)]
    episode_id = add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    versions.append(diary_version(engine=engine))
    delete_episode(engine=engine, episode_id=episode_id)
    versions.append(diary_version(engine=engine))
    save_profile(engine=engine, profile=Profile(water_target_l=2.5))
    versions.append(diary_version(engine=engine))
    assert len(set(versions)) == 4


def test_a_refused_write_does_not_change_the_version(engine: Engine) -> None:
    before = diary_version(engine=engine)
    with pytest.raises(DiaryInputError):
        add_episode(engine=engine, episode=replace(CALF, pain=-1), context=None, now=NOW)
    assert diary_version(engine=engine) == before


def test_frames_put_morning_cramps_on_the_next_calendar_day(engine: Engine) -> None:
    add_episode(engine=engine, episode=CALF, context=None, now=NOW)
    add_episode(engine=engine, episode=replace(CALF, time=time(22, 15)), context=None, now=NOW)
    episodes = load_frames(engine=engine)[1]
    assert episodes["onset"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2026-03-13 22:15",
        "2026-03-14 02:30",
    ]


def test_frames_and_records_can_be_limited_to_a_date_range(engine: Engine) -> None:
    for day in (10, 11, 12):
        check_in_cramp_free(engine=engine, night=date(2026, 3, day), context=NightContext())
    nights, _ = load_frames(engine=engine, start=date(2026, 3, 11), end=date(2026, 3, 11))
    assert nights["night"].dt.day.tolist() == [11]
    records, _ = list_records(engine=engine, start=date(2026, 3, 11))
    assert [n.night.day for n in records] == [11, 12]
    assert diary_span(engine=engine) == (date(2026, 3, 10), date(2026, 3, 12))


def test_profile_defaults_then_round_trips(engine: Engine) -> None:
    assert get_profile(engine=engine) == Profile()
    mine = Profile(age_65_plus=True, water_target_l=2.4, volume_unit="cups", high_stress=8)
    save_profile(engine=engine, profile=mine)
    assert get_profile(engine=engine) == mine


def test_a_bad_profile_is_refused_and_the_old_one_kept(engine: Engine) -> None:
    save_profile(engine=engine, profile=Profile(water_target_l=2.4))
    with pytest.raises(DiaryInputError):
        save_profile(engine=engine, profile=Profile(water_target_l=40))
    assert get_profile(engine=engine).water_target_l == 2.4


def test_interventions_are_added_edited_ended_and_deleted(engine: Engine) -> None:
    today = date(2026, 4, 1)
    new_id = save_intervention(
        engine=engine,
        intervention=Intervention(
            name="Calf stretch at bedtime", kind="stretching", started_on=date(2026, 3, 1)
        ),
        today=today,
    )
    ended = Intervention(
        id=new_id,
        name="Calf stretch at bedtime",
        kind="stretching",
        started_on=date(2026, 3, 1),
        ended_on=date(2026, 3, 20),
    )
    save_intervention(engine=engine, intervention=ended, today=today)
    assert list_interventions(engine=engine) == [ended]
    with pytest.raises(DiaryInputError):
        save_intervention(
            engine=engine,
            intervention=replace(ended, ended_on=date(2026, 2, 1)),
            today=today,
        )
    delete_intervention(engine=engine, intervention_id=new_id)
    assert list_interventions(engine=engine) == []
