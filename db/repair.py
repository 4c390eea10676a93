"""Stored rows the pages cannot use, and the ways to fix or delete them.

Every entry is checked before it is stored, but a diary written by an older
version or changed by another program can hold a night dated 0026 or text in
a number column. Reading leaves such rows out (db.repository.load_frames);
this module names them and mends them, so one bad row never locks the
person out of their diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, String, cast, delete, func, select, update
from sqlmodel import col

from core.diary import CONTEXT_FIELDS, EARLIEST_NIGHT, DiaryInputError, FieldError, night_errors
from core.frames import CLOCK, EPISODE_DTYPES, NIGHT_DTYPES, readable_frame
from db.models import EpisodeRow, NightRow
from db.repository.sessions import writing

MAX_LISTED = 100


@dataclass(frozen=True)
class StoredProblem:
    """A stored night or cramp the pages leave out, and why. `night` is the date as stored."""

    night_id: int
    episode_id: int | None
    night: str
    message: str


def stored_problems(*, engine: Engine, now: datetime | None = None) -> list[StoredProblem]:
    """Every stored night and cramp with a value the pages cannot use (at most MAX_LISTED);
    with `now`, nights dated after it too."""
    night_text = cast(col(NightRow.night), String).label("night")
    with engine.connect() as connection:
        nights = pd.read_sql(
            select(col(NightRow.id).label("night_id"), night_text, *_columns(NightRow)),
            connection,
        )
        episodes = pd.read_sql(
            select(
                col(EpisodeRow.id).label("episode_id"),
                col(EpisodeRow.night_id),
                cast(col(EpisodeRow.onset_time), String).label("onset_time"),
                *[getattr(EpisodeRow, c) for c in ("duration_s", "pain", "woke", "relief_helped")],
            ),
            connection,
        )
    _, night_reasons = readable_frame(nights, NIGHT_DTYPES)
    _, episode_reasons = readable_frame(episodes, {**EPISODE_DTYPES, "onset_time": CLOCK})
    night_records = nights.to_dict("records")
    shown = {r["night_id"]: str(r["night"]) for r in night_records}
    problems = [
        StoredProblem(int(r["night_id"]), None, str(r["night"]), _in_words(reason))
        for r, reason in zip(night_records, night_reasons, strict=True)
        if reason
    ]
    if now is not None:
        for r, reason in zip(night_records, night_reasons, strict=True):
            night = None if reason else date.fromisoformat(str(r["night"])[:10])
            problems += [
                StoredProblem(int(r["night_id"]), None, str(r["night"]), error.message)
                for error in (night_errors(night, now) if night else [])
            ]
    problems += [
        StoredProblem(
            int(r["night_id"]),
            int(r["episode_id"]),
            shown.get(r["night_id"], ""),
            reason,
        )
        for r, reason in zip(episodes.to_dict("records"), episode_reasons, strict=True)
        if reason
    ]
    return problems[:MAX_LISTED]


def _in_words(reason: str) -> str:
    if reason.startswith("night holds"):  # the date itself: say what to look at
        return f"its date is not a real date from {EARLIEST_NIGHT.year} on (is the year a typo?)."
    return reason


def _columns(model: type[NightRow]) -> list[object]:
    return [getattr(model, c) for c in CONTEXT_FIELDS]


def delete_stored_night(*, engine: Engine, night_id: int) -> int:
    """Delete a night (found by its id, whatever its stored date) with its cramps; return how
    many cramps went with it."""
    with writing(engine) as session:
        count = session.scalar(
            select(func.count()).select_from(EpisodeRow).where(col(EpisodeRow.night_id) == night_id)
        )
        session.execute(delete(EpisodeRow).where(col(EpisodeRow.night_id) == night_id))
        session.execute(delete(NightRow).where(col(NightRow.id) == night_id))
        return int(count or 0)


def delete_stored_cramp(*, engine: Engine, episode_id: int) -> None:
    """Delete one cramp found by its id, whatever it holds."""
    with writing(engine) as session:
        session.execute(delete(EpisodeRow).where(col(EpisodeRow.id) == episode_id))


def move_stored_night(*, engine: Engine, night_id: int, night: date, now: datetime) -> None:
    """Give a stored night (with its cramps) the right date; refused for a date that is not
    valid or is already in the diary."""
    errors = night_errors(night, now)
    if errors:
        raise DiaryInputError(errors)
    with writing(engine) as session:
        taken = session.scalar(select(col(NightRow.id)).where(col(NightRow.night) == night))
        if taken is not None and taken != night_id:
            raise DiaryInputError(
                [
                    FieldError(
                        "night",
                        f"The night {night.isoformat()} is already in your diary. Choose "
                        "another date, or delete this night.",
                    )
                ]
            )
        session.execute(update(NightRow).where(col(NightRow.id) == night_id).values(night=night))
