"""Writing many nights and cramps at once, for imports and restores."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from core.diary import Episode, NightContext
from db.models import EpisodeRow, NightRow
from db.repository.rows import context_values, episode_values
from db.repository.sessions import IMPORT_CHUNK, chunks, insert_many


def insert_nights(
    session: Session, contexts: Mapping[date, NightContext], now: datetime
) -> dict[date, int]:
    """Add new nights, in the given order; return their ids by night."""
    insert_many(
        session,
        NightRow,
        [
            {"night": night, **context_values(context), "updated_at": now}
            for night, context in contexts.items()
        ],
    )
    ids: dict[date, int] = {}
    for chunk in chunks(list(contexts)):
        for night_id, night in session.execute(
            select(col(NightRow.id), col(NightRow.night)).where(col(NightRow.night).in_(chunk))
        ):
            ids[night] = night_id
    return ids


def insert_episodes(
    session: Session,
    episodes: Sequence[Episode],
    night_ids: Mapping[date, int],
    now: datetime,
    progress: Callable[[float], None] | None = None,
) -> None:
    """Add new cramps in bulk, in the given order; `progress` hears the share done."""
    total = max(len(episodes), 1)
    for chunk_start in range(0, len(episodes), IMPORT_CHUNK):
        insert_many(
            session,
            EpisodeRow,
            [
                {"night_id": night_ids[e.night], "created_at": now, **episode_values(e)}
                for e in episodes[chunk_start : chunk_start + IMPORT_CHUNK]
            ],
        )
        if progress is not None:
            progress(min((chunk_start + IMPORT_CHUNK) / total, 1.0))
