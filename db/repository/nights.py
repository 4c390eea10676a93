"""Nights and their context: cramp-free check-ins, reading, changing and deleting a night."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, delete
from sqlmodel import col

from core.diary import (
    DiaryInputError,
    FieldError,
    NightContext,
    validate_context,
    validate_night,
)
from core.wording import plural
from db.models import NightRow
from db.repository.rows import context_of, cramp_count, night_row, upsert_night
from db.repository.sessions import reading, writing


def check_in_cramp_free(
    *, engine: Engine, night: date, context: NightContext, now: datetime | None = None
) -> None:
    """Record a cramp-free night with the day's context; refused if that night has cramps, or
    its date is before EARLIEST_NIGHT or (with `now`) has not begun."""
    validate_night(night, now)
    validate_context(context)
    with writing(engine) as session:
        row = night_row(session, night)
        count = cramp_count(session, row.id) if row is not None and row.id is not None else 0
        if count:
            raise DiaryInputError(
                [
                    FieldError(
                        "night",
                        f"You logged {plural(count, 'cramp')} for the night "
                        f"of {night:%d %b %Y}, so it cannot be cramp-free. Delete "
                        "them in the Diary first if they were a mistake.",
                    )
                ]
            )
        upsert_night(session, night, context)


def get_night_context(*, engine: Engine, night: date) -> NightContext | None:
    """The stored context of a night, or None when the night is not in the diary."""
    with reading(engine) as session:
        row = night_row(session, night)
        return None if row is None else context_of(row)


def update_night_context(*, engine: Engine, night: date, context: NightContext) -> None:
    """Replace the context of a stored night."""
    validate_context(context)
    with writing(engine) as session:
        if night_row(session, night) is None:
            raise DiaryInputError([FieldError("night", "That night is not in the diary.")])
        upsert_night(session, night, context)


def delete_night(*, engine: Engine, night: date) -> int:
    """Delete a night with all its cramps; return how many cramps went with it."""
    with writing(engine) as session:
        row = night_row(session, night)
        if row is None:
            return 0
        count = cramp_count(session, row.id)
        session.execute(delete(NightRow).where(col(NightRow.id) == row.id))
        return count
