"""Adding, changing, deleting and reading single cramps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from core.diary import (
    DiaryInputError,
    Episode,
    FieldError,
    NightContext,
    validate_context,
    validate_episode,
)
from db.models import EpisodeRow, NightRow
from db.repository.rows import cramp_count, episode_of, episode_values, refuse_nul, upsert_night
from db.repository.sessions import reading, writing


def _duplicate_error(episode: Episode) -> DiaryInputError:
    side = f" ({episode.side})" if episode.side else ""
    return DiaryInputError(
        [
            FieldError(
                "time",
                f"A {episode.muscle} cramp{side} at {episode.time:%H:%M} is already logged for "
                f"the night of {episode.night:%d %b %Y}. Edit that entry instead.",
            )
        ]
    )


def _checked(episode: Episode, context: NightContext | None, now: datetime | None) -> None:
    validate_episode(episode, now)
    refuse_nul(note=episode.note)
    if context is not None:
        validate_context(context)


def add_episode(
    *, engine: Engine, episode: Episode, context: NightContext | None, now: datetime | None = None
) -> int:
    """Store one cramp (and its night's context, when given); return the new episode's id."""
    _checked(episode, context, now)
    try:
        with writing(engine) as session:
            night = upsert_night(session, episode.night, context)
            assert night.id is not None
            row = EpisodeRow(night_id=night.id, **episode_values(episode))
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id
    except IntegrityError:
        raise _duplicate_error(episode) from None


def update_episode(
    *,
    engine: Engine,
    episode_id: int,
    episode: Episode,
    context: NightContext | None,
    now: datetime | None = None,
) -> None:
    """Replace a stored cramp (possibly moving it to another night) and that night's context."""
    _checked(episode, context, now)
    try:
        with writing(engine) as session:
            row = session.get(EpisodeRow, episode_id)
            if row is None:
                raise DiaryInputError([FieldError("episode", "That entry no longer exists.")])
            old_night_id = row.night_id
            night = upsert_night(session, episode.night, context)
            assert night.id is not None
            row.night_id = night.id
            for name, value in episode_values(episode).items():
                setattr(row, name, value)
            session.flush()
            if old_night_id != night.id:
                _drop_night_if_empty(session, old_night_id)
    except IntegrityError:
        raise _duplicate_error(episode) from None


def _drop_night_if_empty(session: Session, night_id: int) -> bool:
    if cramp_count(session, night_id):
        return False
    session.execute(delete(NightRow).where(col(NightRow.id) == night_id))
    return True


def delete_episode(*, engine: Engine, episode_id: int) -> bool:
    """Delete one cramp. A night left with no cramps goes too (it was not a cramp-free night).

    Returns True when the night was removed with it.
    """
    with writing(engine) as session:
        row = session.get(EpisodeRow, episode_id)
        if row is None:
            return False
        night_id = row.night_id
        session.delete(row)
        session.flush()
        return _drop_night_if_empty(session, night_id)


def get_episode(*, engine: Engine, episode_id: int) -> Episode | None:
    """One stored cramp, or None."""
    with reading(engine) as session:
        row = session.get(EpisodeRow, episode_id)
        if row is None:
            return None
        night = session.get(NightRow, row.night_id)
        assert night is not None
        return episode_of(row, night.night)


def last_muscle_and_side(*, engine: Engine) -> tuple[str | None, str | None]:
    """The muscle and side of the most recently logged cramp (the Log form's defaults)."""
    with reading(engine) as session:
        row = session.scalars(
            select(EpisodeRow).order_by(col(EpisodeRow.id).desc()).limit(1)
        ).first()
        if row is None:
            return None, None
        return row.muscle, row.side or None
