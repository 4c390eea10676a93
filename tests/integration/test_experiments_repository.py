"""Stored self-experiments: start, pause, resume, extend, stop, answers, backup and restore."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from sqlalchemy import Engine, text

from core.diary import DiaryInputError, Episode, NightContext
from core.experiments.plan import Experiment, ExperimentRecord, Pause, status
from db.backup import backup_sqlite, read_backup, restore_backup
from db.repository import (
    add_episode,
    check_in_cramp_free,
    current_experiment,
    delete_experiment,
    diary_version,
    extend_experiment,
    list_experiments,
    pause_experiment,
    record_adherence,
    replace_diary,
    resume_experiment,
    start_experiment,
    stop_experiment,
)

TODAY = date(2026, 3, 2)  # in the past: a backup refuses nights still to come
PLAN = Experiment("stretch_before_sleep", TODAY, block_nights=7, pairs=3, seed=99)


def test_a_started_experiment_reads_back_as_planned(engine: Engine) -> None:
    before = diary_version(engine=engine)
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    [record] = list_experiments(engine=engine)
    assert record.experiment == replace(PLAN, id=new_id)
    assert record.answers == {}
    assert diary_version(engine=engine) > before
    assert current_experiment(engine=engine, today=TODAY) == record


def test_a_second_experiment_is_refused_while_one_is_going_on(engine: Engine) -> None:
    start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    with pytest.raises(DiaryInputError, match="still being tested"):
        start_experiment(
            engine=engine, experiment=replace(PLAN, tip_id="loose_bedding"), today=TODAY
        )
    assert len(list_experiments(engine=engine)) == 1


def test_a_bad_plan_is_refused_and_nothing_is_stored(engine: Engine) -> None:
    with pytest.raises(DiaryInputError) as raised:
        start_experiment(engine=engine, experiment=replace(PLAN, pairs=1), today=TODAY)
    assert [e.field for e in raised.value.errors] == ["pairs"]
    assert list_experiments(engine=engine) == []


def test_the_database_refuses_a_block_length_out_of_range(engine: Engine) -> None:
    with pytest.raises(Exception, match="block_range|CHECK"), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO experiment (tip_id, started_on, block_nights, pairs, seed) "
                "VALUES ('loose_bedding', '2026-12-01', 30, 3, 1)"
            )
        )


def test_pause_resume_extend_and_stop(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    pause_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=3))
    [record] = list_experiments(engine=engine)
    assert record.experiment.pauses == (Pause(TODAY + timedelta(days=3)),)
    assert status(record.experiment, TODAY + timedelta(days=4)) == "paused"
    with pytest.raises(DiaryInputError, match="Only a running test"):
        pause_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=4))

    resume_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=5))
    extend_experiment(engine=engine, experiment_id=new_id, more_pairs=2, today=TODAY)
    with pytest.raises(DiaryInputError, match="length is fixed once the first night is over"):
        extend_experiment(
            engine=engine, experiment_id=new_id, more_pairs=1, today=TODAY + timedelta(days=6)
        )
    [record] = list_experiments(engine=engine)
    assert record.experiment.pauses == (Pause(TODAY + timedelta(days=3), TODAY + timedelta(5)),)
    assert record.experiment.pairs == 5

    stop_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=20))
    [record] = list_experiments(engine=engine)
    assert record.experiment.stopped_on == TODAY + timedelta(days=20)
    assert current_experiment(engine=engine, today=TODAY + timedelta(days=20)) is None
    with pytest.raises(DiaryInputError, match="already ended"):
        stop_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=21))


def test_stopping_while_paused_closes_the_pause(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    pause_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=2))
    stop_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=6))
    [record] = list_experiments(engine=engine)
    assert record.experiment.pauses == (Pause(TODAY + timedelta(2), TODAY + timedelta(6)),)


def test_resuming_the_same_day_forgets_the_pause(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    pause_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=2))
    resume_experiment(engine=engine, experiment_id=new_id, today=TODAY + timedelta(days=2))
    assert list_experiments(engine=engine)[0].experiment.pauses == ()


def test_extending_past_the_longest_plan_is_refused(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    with pytest.raises(DiaryInputError, match="weeks"):
        extend_experiment(engine=engine, experiment_id=new_id, more_pairs=100, today=TODAY)
    assert list_experiments(engine=engine)[0].experiment.pairs == 3


def test_answers_are_stored_changed_and_kept_per_night(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    record_adherence(engine=engine, experiment_id=new_id, night=TODAY, followed=True)
    record_adherence(engine=engine, experiment_id=new_id, night=TODAY + timedelta(1), followed=True)
    record_adherence(
        engine=engine, experiment_id=new_id, night=TODAY + timedelta(1), followed=False
    )
    assert list_experiments(engine=engine)[0].answers == {
        TODAY: True,
        TODAY + timedelta(1): False,
    }
    with pytest.raises(DiaryInputError, match="not part of this test"):
        record_adherence(
            engine=engine, experiment_id=new_id, night=TODAY - timedelta(1), followed=True
        )


def test_deleting_an_experiment_takes_its_answers_but_not_the_diary(engine: Engine) -> None:
    new_id = start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    check_in_cramp_free(engine=engine, night=TODAY, context=NightContext(stretched=True))
    record_adherence(engine=engine, experiment_id=new_id, night=TODAY, followed=True)
    delete_experiment(engine=engine, experiment_id=new_id)
    assert list_experiments(engine=engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM experiment_night")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM night")).scalar() == 1


def test_replacing_the_diary_replaces_experiments_whole(engine: Engine) -> None:
    start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    other = ExperimentRecord(
        Experiment(
            "loose_bedding",
            date(2026, 1, 5),
            14,
            4,
            7,
            pauses=(Pause(date(2026, 2, 1), date(2026, 2, 8)),),
            stopped_on=date(2026, 4, 1),
        ),
        {date(2026, 1, 5): True, date(2026, 1, 6): None},
    )
    replace_diary(engine=engine, nights=[], episodes=[], experiments=[other])
    [stored] = list_experiments(engine=engine)
    assert replace(stored.experiment, id=None) == other.experiment
    assert stored.answers == other.answers


def test_a_bad_experiment_in_a_restore_changes_nothing(engine: Engine) -> None:
    start_experiment(engine=engine, experiment=PLAN, today=TODAY)
    bad = ExperimentRecord(replace(PLAN, block_nights=3), {})
    with pytest.raises(DiaryInputError, match="block lasts"):
        replace_diary(engine=engine, nights=[], episodes=[], experiments=[bad])
    assert [r.experiment.tip_id for r in list_experiments(engine=engine)] == [PLAN.tip_id]


def test_a_sqlite_backup_carries_experiments_and_answers(sqlite_engine: Engine) -> None:
    new_id = start_experiment(engine=sqlite_engine, experiment=PLAN, today=TODAY)
    add_episode(
        engine=sqlite_engine,
        episode=Episode(night=TODAY, time=time(2, 0), muscle="calf"),
        context=NightContext(stretched=False),
    )
    record_adherence(engine=sqlite_engine, experiment_id=new_id, night=TODAY, followed=False)
    pause_experiment(engine=sqlite_engine, experiment_id=new_id, today=TODAY + timedelta(4))
    saved = list_experiments(engine=sqlite_engine)
    data = backup_sqlite(sqlite_engine)

    delete_experiment(engine=sqlite_engine, experiment_id=new_id)
    backup = read_backup(data)
    assert backup.experiments is not None and len(backup.experiments) == 1
    restore_backup(engine=sqlite_engine, backup=backup)
    [restored] = list_experiments(engine=sqlite_engine)
    assert replace(restored.experiment, id=None) == replace(saved[0].experiment, id=None)
    assert restored.answers == {TODAY: False}
