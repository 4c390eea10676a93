"""Reading the whole diary, or a span of nights: as frames for the pages, as values for export."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, String, cast, func, select
from sqlmodel import col

from core.diary import CONTEXT_FIELDS, EARLIEST_NIGHT, NIGHT_BOUNDARY_HOUR, Episode, Night
from db.models import EpisodeRow, NightRow
from db.repository.rows import context_of, episode_of
from db.repository.sessions import reading

if TYPE_CHECKING:
    import pandas as pd

# pandas (half a second to import) is imported by load_frames alone: `cramp-diary export`
# and the backups read values (list_records) and must not wait for it.


def _between(column: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def load_frames(
    *, engine: Engine, start: date | None = None, end: date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (nights, episodes) frames of core.frames for nights from `start` to `end`.

    Tolerant: a stored row with an unreadable value is left out, never raised
    (db.repair.stored_problems lists it for the person to fix).
    """
    import pandas as pd

    from core.frames import (
        CLOCK,
        EPISODE_DTYPES,
        NIGHT_DTYPES,
        empty_episodes,
        empty_nights,
        readable_frame,
        typed_episodes,
        typed_nights,
    )

    night_text = cast(col(NightRow.night), String).label("night")  # parsed here, tolerantly
    night_cols = [night_text, *[getattr(NightRow, c) for c in CONTEXT_FIELDS]]
    counts = (
        select(col(EpisodeRow.night_id), func.count().label("episode_count"))
        .group_by(col(EpisodeRow.night_id))
        .subquery()
    )
    nights_query = (
        select(*night_cols, func.coalesce(counts.c.episode_count, 0).label("episode_count"))
        .outerjoin(counts, counts.c.night_id == col(NightRow.id))
        .where(*_between(col(NightRow.night), start, end))
        .order_by(col(NightRow.night))
    )
    episodes_query: Any = (
        select(
            col(EpisodeRow.id).label("episode_id"),
            night_text,
            cast(col(EpisodeRow.onset_time), String).label("onset_time"),
            col(EpisodeRow.muscle),
            col(EpisodeRow.side),
            col(EpisodeRow.duration_s),
            col(EpisodeRow.pain),
            col(EpisodeRow.woke),
            col(EpisodeRow.felt),
            col(EpisodeRow.relief),
            col(EpisodeRow.relief_helped),
            col(EpisodeRow.warning_signs),
            col(EpisodeRow.note),
            *[getattr(NightRow, c) for c in CONTEXT_FIELDS],
        )
        .join(NightRow, col(NightRow.id) == col(EpisodeRow.night_id))
        .where(*_between(col(NightRow.night), start, end))
        .order_by(col(NightRow.night), col(EpisodeRow.id))
    )
    with engine.connect() as connection:
        nights = pd.read_sql(nights_query, connection)
        episodes = pd.read_sql(episodes_query, connection)
    nights, _ = readable_frame(nights, NIGHT_DTYPES)
    episodes, _ = readable_frame(episodes, {**EPISODE_DTYPES, "onset_time": CLOCK})
    if nights.empty:
        return empty_nights(), empty_episodes()
    nights_frame = typed_nights(nights)
    if episodes.empty:
        return nights_frame, empty_episodes()
    clock = episodes["onset_time"]
    clock_text = clock.dt.strftime("%H:%M")
    night_day = pd.to_datetime(episodes["night"])
    morning = clock.dt.hour < NIGHT_BOUNDARY_HOUR
    episodes["time"] = clock_text
    episodes["onset"] = (
        night_day
        + pd.to_timedelta(morning.astype(int), unit="D")
        + pd.to_timedelta(clock.dt.hour * 60 + clock.dt.minute, unit="min")
    )
    episodes["side"] = episodes["side"].replace("", None)
    frame = typed_episodes(episodes)
    frame = frame.sort_values(["night", "onset", "episode_id"], ignore_index=True)
    return nights_frame, frame


def list_records(
    *, engine: Engine, start: date | None = None, end: date | None = None
) -> tuple[list[Night], list[Episode]]:
    """The diary as values (for export), nights from `start` to `end`."""
    with reading(engine) as session:
        night_rows = session.scalars(
            select(NightRow).where(*_between(col(NightRow.night), start, end))
        ).all()
        nights = [Night(r.night, context_of(r)) for r in night_rows]
        dates = {r.id: r.night for r in night_rows}
        episode_rows = session.scalars(
            select(EpisodeRow)
            .join(NightRow, col(NightRow.id) == col(EpisodeRow.night_id))
            .where(*_between(col(NightRow.night), start, end))
        ).all()
        episodes = [episode_of(r, dates[r.night_id]) for r in episode_rows]
    return nights, episodes


def diary_span(*, engine: Engine) -> tuple[date, date] | None:
    """The first and last night in the diary, or None when it is empty."""
    with reading(engine) as session:
        first, last = session.execute(
            select(func.min(col(NightRow.night)), func.max(col(NightRow.night))).where(
                # A stored typo (the year 0026) must not stretch every page's date range.
                col(NightRow.night).between(EARLIEST_NIGHT, date(9999, 12, 31))
            )
        ).one()
        if first is None:
            return None
        return first, last
