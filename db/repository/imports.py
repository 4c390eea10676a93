"""Importing a checked diary file: load what it touches, plan the merge, apply it at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from core.diary import Episode
from core.files.csv_format import ParsedDiary
from core.files.import_plan import ImportPlan, ImportSummary, plan_import
from db.engine import WRITE
from db.models import EpisodeRow, NightRow
from db.repository.bulk import insert_episodes, insert_nights
from db.repository.rows import context_of, episode_of, set_context
from db.repository.sessions import bump_version, chunks


def import_diary(
    *,
    engine: Engine,
    parsed: ParsedDiary,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
) -> ImportSummary:
    """Merge a checked file into the diary, all or nothing (rules: core.files.import_plan).

    A cramp already stored identically is skipped (so importing a file twice
    adds nothing). A stored value is never overwritten: context the file gives
    for an empty field fills it, and any disagreement rejects the whole file
    with the row and column. `dry_run` checks and counts without writing.
    """
    # A writing session even for a dry run, so the plan is made on what the write would see.
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        stored_nights = _stored_nights(session, list(parsed.nights))
        plan = plan_import(
            parsed,
            {night: context_of(row) for night, row in stored_nights.items()},
            _stored_episodes(session, stored_nights),
        )
        if dry_run or not plan.summary.changes_anything:
            return plan.summary  # nothing was changed, so committing writes nothing
        _apply(session, plan, stored_nights, progress)
        bump_version(session)
    return plan.summary


def _stored_nights(session: Session, dates: list[date]) -> dict[date, NightRow]:
    """The stored rows of the nights the file mentions."""
    rows: dict[date, NightRow] = {}
    for chunk in chunks(dates):
        for row in session.scalars(select(NightRow).where(col(NightRow.night).in_(chunk))):
            rows[row.night] = row
    return rows


def _stored_episodes(session: Session, nights: dict[date, NightRow]) -> list[Episode]:
    """The stored cramps of those nights."""
    night_of_id = {row.id: row.night for row in nights.values()}
    episodes: list[Episode] = []
    for chunk in chunks(list(night_of_id)):
        for row in session.scalars(select(EpisodeRow).where(col(EpisodeRow.night_id).in_(chunk))):
            episodes.append(episode_of(row, night_of_id[row.night_id]))
    return episodes


def _apply(
    session: Session,
    plan: ImportPlan,
    stored_nights: dict[date, NightRow],
    progress: Callable[[float], None] | None,
) -> None:
    """Write the plan inside the caller's transaction."""
    now = datetime.now(UTC)
    for night, merged in plan.filled_nights.items():
        set_context(stored_nights[night], merged, now)
    session.flush()
    night_ids = {night: row.id for night, row in stored_nights.items() if row.id is not None}
    night_ids |= insert_nights(session, plan.new_nights, now)
    insert_episodes(session, plan.new_episodes, night_ids, now, progress)
