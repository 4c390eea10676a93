"""Stored self-experiments (see core.experiments): plans, pauses and the check-in's answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Engine, delete, select
from sqlmodel import Session, col

from core.diary import DiaryInputError, FieldError
from core.experiments.plan import (
    LENGTH_FIXED,
    Experiment,
    ExperimentRecord,
    Pause,
    active,
    experiment_errors,
    length_can_change,
    tip_title,
)
from db.models import ExperimentNightRow, ExperimentPauseRow, ExperimentRow
from db.repository.sessions import insert_many, reading, writing

PLAN_COLUMNS = ("tip_id", "started_on", "block_nights", "pairs", "seed", "stopped_on")


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise DiaryInputError(errors)


def _experiment(session: Session, row: ExperimentRow) -> Experiment:
    pauses = session.scalars(
        select(ExperimentPauseRow)
        .where(col(ExperimentPauseRow.experiment_id) == row.id)
        .order_by(col(ExperimentPauseRow.paused_on))
    ).all()
    return Experiment(
        id=row.id,
        pauses=tuple(Pause(p.paused_on, p.resumed_on) for p in pauses),
        **{name: getattr(row, name) for name in PLAN_COLUMNS},
    )


def _stored(session: Session, experiment_id: int) -> tuple[ExperimentRow, Experiment]:
    row = session.get(ExperimentRow, experiment_id)
    if row is None:
        raise DiaryInputError([FieldError("experiment", "That experiment no longer exists.")])
    return row, _experiment(session, row)


def start_experiment(*, engine: Engine, experiment: Experiment, today: date) -> int:
    """Store a new experiment; refused while another one is running or paused."""
    _refuse(experiment_errors(experiment, today))
    with writing(engine) as session:
        rows = session.scalars(select(ExperimentRow)).all()
        for other in (_experiment(session, r) for r in rows):
            if active(other, today):
                raise DiaryInputError(
                    [
                        FieldError(
                            "experiment",
                            f"“{tip_title(other.tip_id)}” is still being tested. Two tests at "
                            "once would blur each other: stop that one first.",
                        )
                    ]
                )
        row = ExperimentRow(**{name: getattr(experiment, name) for name in PLAN_COLUMNS})
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def list_experiments(*, engine: Engine) -> list[ExperimentRecord]:
    """Every experiment with its answers, newest first."""
    with reading(engine) as session:
        rows = session.scalars(
            select(ExperimentRow).order_by(
                col(ExperimentRow.started_on).desc(), col(ExperimentRow.id).desc()
            )
        ).all()
        answers: dict[int, dict[date, bool | None]] = {}
        for night in session.scalars(select(ExperimentNightRow)).all():
            answers.setdefault(night.experiment_id, {})[night.night] = night.followed
        return [ExperimentRecord(_experiment(session, r), answers.get(r.id or 0, {})) for r in rows]


def current_experiment(*, engine: Engine, today: date) -> ExperimentRecord | None:
    """The experiment running or paused today, if any."""
    for record in list_experiments(engine=engine):
        if active(record.experiment, today):
            return record
    return None


def pause_experiment(*, engine: Engine, experiment_id: int, today: date) -> None:
    """Leave nights out of the experiment from tonight until it is resumed."""
    with writing(engine) as session:
        _, experiment = _stored(session, experiment_id)
        if not active(experiment, today) or any(p.resumed_on is None for p in experiment.pauses):
            raise DiaryInputError([FieldError("experiment", "Only a running test can pause.")])
        paused_on = max(today, experiment.started_on)
        # A pause that begins where the last one ended simply reopens it.
        last = experiment.pauses[-1] if experiment.pauses else None
        if last is not None and last.resumed_on == paused_on:
            session.execute(
                delete(ExperimentPauseRow).where(
                    col(ExperimentPauseRow.experiment_id) == experiment_id,
                    col(ExperimentPauseRow.paused_on) == last.paused_on,
                )
            )
            paused_on = last.paused_on
        session.add(ExperimentPauseRow(experiment_id=experiment_id, paused_on=paused_on))


def resume_experiment(*, engine: Engine, experiment_id: int, today: date) -> None:
    """Take the experiment up again from tonight, where its schedule left off."""
    with writing(engine) as session:
        _, experiment = _stored(session, experiment_id)
        open_pause = session.scalar(
            select(ExperimentPauseRow).where(
                col(ExperimentPauseRow.experiment_id) == experiment_id,
                col(ExperimentPauseRow.resumed_on).is_(None),
            )
        )
        if open_pause is None or experiment.stopped_on is not None:
            raise DiaryInputError([FieldError("experiment", "This test is not paused.")])
        if today <= open_pause.paused_on:
            session.delete(open_pause)  # paused and resumed before any night went by
        else:
            open_pause.resumed_on = today


def extend_experiment(*, engine: Engine, experiment_id: int, more_pairs: int, today: date) -> None:
    """Add on/off pairs to an experiment before its first night has passed.

    The length is fixed once the first night is over: lengthening a test while
    its interim look seems promising makes a useless tip look helpful far more
    often than the 5% its result allows (issue 19 measured about 10–13%).
    """
    with writing(engine) as session:
        row, experiment = _stored(session, experiment_id)
        if not active(experiment, today):
            raise DiaryInputError(
                [FieldError("experiment", "Only a test still going on can be made longer.")]
            )
        if not length_can_change(experiment, today):
            raise DiaryInputError([FieldError("experiment", LENGTH_FIXED)])
        longer = dataclasses.replace(experiment, pairs=experiment.pairs + more_pairs)
        _refuse(experiment_errors(longer))
        row.pairs = longer.pairs


def stop_experiment(*, engine: Engine, experiment_id: int, today: date) -> None:
    """End the experiment: tonight and later nights are no longer part of it."""
    with writing(engine) as session:
        row, experiment = _stored(session, experiment_id)
        if not active(experiment, today):
            raise DiaryInputError([FieldError("experiment", "This test has already ended.")])
        row.stopped_on = max(today, experiment.started_on)
        open_pause = session.scalar(
            select(ExperimentPauseRow).where(
                col(ExperimentPauseRow.experiment_id) == experiment_id,
                col(ExperimentPauseRow.resumed_on).is_(None),
            )
        )
        if open_pause is not None:
            if open_pause.paused_on >= row.stopped_on:
                session.delete(open_pause)
            else:
                open_pause.resumed_on = row.stopped_on


def delete_experiment(*, engine: Engine, experiment_id: int) -> None:
    """Delete an experiment with its pauses and answers (the diary's nights stay)."""
    with writing(engine) as session:
        session.execute(delete(ExperimentRow).where(col(ExperimentRow.id) == experiment_id))


def record_adherence(
    *, engine: Engine, experiment_id: int, night: date, followed: bool | None
) -> None:
    """Store the check-in's answer for one night of an experiment (None forgets it)."""
    with writing(engine) as session:
        _, experiment = _stored(session, experiment_id)
        if night < experiment.started_on or (
            experiment.stopped_on is not None and night >= experiment.stopped_on
        ):
            raise DiaryInputError(
                [FieldError("night", f"The night of {night:%d %b %Y} is not part of this test.")]
            )
        row = session.scalar(
            select(ExperimentNightRow).where(
                col(ExperimentNightRow.experiment_id) == experiment_id,
                col(ExperimentNightRow.night) == night,
            )
        )
        if row is None:
            session.add(
                ExperimentNightRow(experiment_id=experiment_id, night=night, followed=followed)
            )
        else:
            row.followed = followed


def replace_experiments(session: Session, records: Iterable[ExperimentRecord]) -> None:
    """Replace every stored experiment, inside the caller's transaction (already checked)."""
    session.execute(delete(ExperimentNightRow))
    session.execute(delete(ExperimentPauseRow))
    session.execute(delete(ExperimentRow))
    for record in records:
        plan = record.experiment
        row = ExperimentRow(**{name: getattr(plan, name) for name in PLAN_COLUMNS})
        session.add(row)
        session.flush()
        insert_many(
            session,
            ExperimentPauseRow,
            [
                {"experiment_id": row.id, "paused_on": p.paused_on, "resumed_on": p.resumed_on}
                for p in plan.pauses
            ],
        )
        insert_many(
            session,
            ExperimentNightRow,
            [
                {"experiment_id": row.id, "night": night, "followed": followed}
                for night, followed in sorted(record.answers.items())
            ],
        )
