"""Converting between table rows and the diary's values, and the night row an entry needs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from core.diary import CONTEXT_FIELDS, DiaryInputError, Episode, FieldError, NightContext
from core.vocab import LIST_SEPARATOR
from db.models import ContextSourceRow, EpisodeRow, NightRow


def context_values(context: NightContext) -> dict[str, Any]:
    """A night's context as column values."""
    return {name: getattr(context, name) for name in CONTEXT_FIELDS}


def context_of(row: NightRow) -> NightContext:
    """The context stored on a night row."""
    return NightContext(**{name: getattr(row, name) for name in CONTEXT_FIELDS})


def _split(tokens: str) -> tuple[str, ...]:
    return tuple(tokens.split(LIST_SEPARATOR)) if tokens else ()


def episode_of(row: EpisodeRow, night: date) -> Episode:
    """The cramp stored on an episode row of `night`."""
    return Episode(
        night=night,
        time=row.onset_time,
        muscle=row.muscle,
        side=row.side or None,
        duration_s=row.duration_s,
        pain=row.pain,
        woke=row.woke,
        felt=_split(row.felt),
        relief=_split(row.relief),
        relief_helped=row.relief_helped,
        warning_signs=_split(row.warning_signs),
        note=row.note,
    )


def episode_values(episode: Episode) -> dict[str, Any]:
    """A cramp as column values (without its night)."""
    return {
        "onset_time": episode.time,
        "muscle": episode.muscle,
        "side": episode.side or "",
        "duration_s": episode.duration_s,
        "pain": episode.pain,
        "woke": episode.woke,
        "felt": LIST_SEPARATOR.join(episode.felt),
        "relief": LIST_SEPARATOR.join(episode.relief),
        "relief_helped": episode.relief_helped,
        "warning_signs": LIST_SEPARATOR.join(episode.warning_signs),
        "note": episode.note,
    }


def night_row(session: Session, night: date) -> NightRow | None:
    """The stored row of a night, or None."""
    return session.scalar(select(NightRow).where(col(NightRow.night) == night))


def set_context(row: NightRow, context: NightContext, now: datetime) -> None:
    """Replace the context stored on a night row."""
    for name in CONTEXT_FIELDS:
        setattr(row, name, getattr(context, name))
    row.updated_at = now


def upsert_night(session: Session, night: date, context: NightContext | None) -> NightRow:
    """The night's row, created when new; `context` (when given) replaces the stored one."""
    row = night_row(session, night)
    if row is None:
        row = NightRow(night=night)
        session.add(row)
    elif context is not None:
        _forget_changed_sources(session, row, context)
    if context is not None:
        set_context(row, context, datetime.now(UTC))
    session.flush()
    return row


def _forget_changed_sources(session: Session, row: NightRow, context: NightContext) -> None:
    """An imported value the person changed (or emptied) is theirs now: drop its source."""
    changed = [name for name in CONTEXT_FIELDS if getattr(row, name) != getattr(context, name)]
    if changed:
        session.execute(
            delete(ContextSourceRow).where(
                col(ContextSourceRow.night_id) == row.id, col(ContextSourceRow.field).in_(changed)
            )
        )


def refuse_nul(**texts: str) -> None:
    """Refuse text holding a NUL character: PostgreSQL cannot store it, nor the CSV carry it."""
    bad = [name for name, text in texts.items() if "\x00" in text]
    if bad:
        raise DiaryInputError(
            [
                FieldError(
                    name,
                    "The text holds an invisible NUL character (often pasted from binary "
                    "data), which the diary cannot store. Remove it and save again.",
                )
                for name in bad
            ]
        )


def cramp_count(session: Session, night_id: int | None) -> int:
    """How many cramps are stored for a night row."""
    count = session.scalar(
        select(func.count()).select_from(EpisodeRow).where(col(EpisodeRow.night_id) == night_id)
    )
    return int(count or 0)
