"""Every read and write of the diary. The only module that opens database sessions.

Each public function takes the engine, opens one short session and, when it
writes, does all of its work in one transaction: it either happens whole or
not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    String,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from core.csv_format import DiaryImportError, ParsedDiary, RowError
from core.diary import (
    CONTEXT_FIELDS,
    EARLIEST_NIGHT,
    DiaryInputError,
    Episode,
    FieldError,
    Night,
    NightContext,
    context_errors,
    episode_errors,
    validate_context,
    validate_episode,
    validate_night,
)
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
from core.profile import Profile, profile_errors, validate_profile
from core.vocab import INTERVENTION_KINDS, LIST_SEPARATOR
from db.engine import WRITE
from db.models import DiaryStateRow, EpisodeRow, InterventionRow, NightRow, ProfileRow

IMPORT_CHUNK = 5_000
T = TypeVar("T")
IN_CHUNK = 500  # values per SQL IN (...): well under every backend's parameter limit


# --- sessions ----------------------------------------------------------------


@contextmanager
def _reading(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@contextmanager
def _writing(engine: Engine) -> Iterator[Session]:
    """A session whose work commits whole, bumps the diary version, or rolls back."""
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        yield session
        _bump_version(session)


def _bump_version(session: Session) -> None:
    # One UPDATE with an expression, so two concurrent writers each move the version on.
    session.execute(
        update(DiaryStateRow)
        .where(col(DiaryStateRow.id) == 1)
        .values(version=col(DiaryStateRow.version) + 1)
    )
    if session.get(DiaryStateRow, 1) is None:
        session.add(DiaryStateRow(id=1, version=1))


def diary_version(*, engine: Engine) -> int:
    """A number that changes whenever anything in the diary changes (for caching)."""
    with _reading(engine) as session:
        version = session.scalar(
            select(col(DiaryStateRow.version)).where(col(DiaryStateRow.id) == 1)
        )
        return int(version or 0)


# --- conversions -------------------------------------------------------------


def _chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _context_values(context: NightContext) -> dict[str, Any]:
    return {name: getattr(context, name) for name in CONTEXT_FIELDS}


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows with one Core executemany (the ORM's bulk path goes row by row)."""
    if rows:
        session.execute(insert(table.__table__), rows)


def _context_of(row: NightRow) -> NightContext:
    return NightContext(**{name: getattr(row, name) for name in CONTEXT_FIELDS})


def _split(tokens: str) -> tuple[str, ...]:
    return tuple(tokens.split(LIST_SEPARATOR)) if tokens else ()


def _episode_of(row: EpisodeRow, night: date) -> Episode:
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


def _episode_values(episode: Episode) -> dict[str, Any]:
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


def _night_row(session: Session, night: date) -> NightRow | None:
    return session.scalar(select(NightRow).where(col(NightRow.night) == night))


def _upsert_night(session: Session, night: date, context: NightContext | None) -> NightRow:
    """The night's row, created when new; `context` (when given) replaces the stored one."""
    row = _night_row(session, night)
    if row is None:
        row = NightRow(night=night)
        session.add(row)
    if context is not None:
        for name in CONTEXT_FIELDS:
            setattr(row, name, getattr(context, name))
        row.updated_at = datetime.now(UTC)
    session.flush()
    return row


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


def _refuse_nul(**texts: str) -> None:
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


# --- episodes and nights -----------------------------------------------------


def add_episode(
    *, engine: Engine, episode: Episode, context: NightContext | None, now: datetime | None = None
) -> int:
    """Store one cramp (and its night's context, when given); return the new episode's id."""
    validate_episode(episode, now)
    _refuse_nul(note=episode.note)
    if context is not None:
        validate_context(context)
    try:
        with _writing(engine) as session:
            night = _upsert_night(session, episode.night, context)
            assert night.id is not None
            row = EpisodeRow(night_id=night.id, **_episode_values(episode))
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
    validate_episode(episode, now)
    _refuse_nul(note=episode.note)
    if context is not None:
        validate_context(context)
    try:
        with _writing(engine) as session:
            row = session.get(EpisodeRow, episode_id)
            if row is None:
                raise DiaryInputError([FieldError("episode", "That entry no longer exists.")])
            old_night_id = row.night_id
            night = _upsert_night(session, episode.night, context)
            assert night.id is not None
            row.night_id = night.id
            for name, value in _episode_values(episode).items():
                setattr(row, name, value)
            session.flush()
            if old_night_id != night.id:
                _drop_night_if_empty(session, old_night_id)
    except IntegrityError:
        raise _duplicate_error(episode) from None


def _drop_night_if_empty(session: Session, night_id: int) -> bool:
    remaining = session.scalar(
        select(func.count()).select_from(EpisodeRow).where(col(EpisodeRow.night_id) == night_id)
    )
    if remaining:
        return False
    session.execute(delete(NightRow).where(col(NightRow.id) == night_id))
    return True


def delete_episode(*, engine: Engine, episode_id: int) -> bool:
    """Delete one cramp. A night left with no cramps goes too (it was not a cramp-free night).

    Returns True when the night was removed with it.
    """
    with _writing(engine) as session:
        row = session.get(EpisodeRow, episode_id)
        if row is None:
            return False
        night_id = row.night_id
        session.delete(row)
        session.flush()
        return _drop_night_if_empty(session, night_id)


def get_episode(*, engine: Engine, episode_id: int) -> Episode | None:
    """One stored cramp, or None."""
    with _reading(engine) as session:
        row = session.get(EpisodeRow, episode_id)
        if row is None:
            return None
        night = session.get(NightRow, row.night_id)
        assert night is not None
        return _episode_of(row, night.night)


def check_in_cramp_free(
    *, engine: Engine, night: date, context: NightContext, now: datetime | None = None
) -> None:
    """Record a cramp-free night with the day's context; refused if that night has cramps, or
    its date is before EARLIEST_NIGHT or (with `now`) has not begun."""
    validate_night(night, now)
    validate_context(context)
    with _writing(engine) as session:
        row = _night_row(session, night)
        if row is not None and row.id is not None:
            count = session.scalar(
                select(func.count())
                .select_from(EpisodeRow)
                .where(col(EpisodeRow.night_id) == row.id)
            )
            if count:
                raise DiaryInputError(
                    [
                        FieldError(
                            "night",
                            f"You logged {count} cramp{'s' if count != 1 else ''} for the night "
                            f"of {night:%d %b %Y}, so it cannot be cramp-free. Delete "
                            "them in the Diary first if they were a mistake.",
                        )
                    ]
                )
        _upsert_night(session, night, context)


def get_night_context(*, engine: Engine, night: date) -> NightContext | None:
    """The stored context of a night, or None when the night is not in the diary."""
    with _reading(engine) as session:
        row = _night_row(session, night)
        return None if row is None else _context_of(row)


def update_night_context(*, engine: Engine, night: date, context: NightContext) -> None:
    """Replace the context of a stored night."""
    validate_context(context)
    with _writing(engine) as session:
        if _night_row(session, night) is None:
            raise DiaryInputError([FieldError("night", "That night is not in the diary.")])
        _upsert_night(session, night, context)


def delete_night(*, engine: Engine, night: date) -> int:
    """Delete a night with all its cramps; return how many cramps went with it."""
    with _writing(engine) as session:
        row = _night_row(session, night)
        if row is None:
            return 0
        count = session.scalar(
            select(func.count()).select_from(EpisodeRow).where(col(EpisodeRow.night_id) == row.id)
        )
        session.execute(delete(NightRow).where(col(NightRow.id) == row.id))
        return int(count or 0)


def last_muscle_and_side(*, engine: Engine) -> tuple[str | None, str | None]:
    """The muscle and side of the most recently logged cramp (the Log form's defaults)."""
    with _reading(engine) as session:
        row = session.scalars(
            select(EpisodeRow).order_by(col(EpisodeRow.id).desc()).limit(1)
        ).first()
        if row is None:
            return None, None
        return row.muscle, row.side or None


# --- whole-diary reads ---------------------------------------------------------


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
    morning = clock.dt.hour < 12
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
    with _reading(engine) as session:
        night_rows = session.scalars(
            select(NightRow).where(*_between(col(NightRow.night), start, end))
        ).all()
        nights = [Night(r.night, _context_of(r)) for r in night_rows]
        dates = {r.id: r.night for r in night_rows}
        episode_rows = session.scalars(
            select(EpisodeRow)
            .join(NightRow, col(NightRow.id) == col(EpisodeRow.night_id))
            .where(*_between(col(NightRow.night), start, end))
        ).all()
        episodes = [_episode_of(r, dates[r.night_id]) for r in episode_rows]
    return nights, episodes


def diary_span(*, engine: Engine) -> tuple[date, date] | None:
    """The first and last night in the diary, or None when it is empty."""
    with _reading(engine) as session:
        first, last = session.execute(
            select(func.min(col(NightRow.night)), func.max(col(NightRow.night))).where(
                # A stored typo (the year 0026) must not stretch every page's date range.
                col(NightRow.night).between(EARLIEST_NIGHT, date(9999, 12, 31))
            )
        ).one()
        if first is None:
            return None
        return first, last


# --- import ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    nights_added: int
    nights_updated: int
    episodes_added: int
    episodes_already_there: int
    cramp_free_nights_added: int

    @property
    def changes_anything(self) -> bool:
        """False when every row of the file is already in the diary."""
        return bool(self.nights_added or self.nights_updated or self.episodes_added)


def import_diary(
    *,
    engine: Engine,
    parsed: ParsedDiary,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
) -> ImportSummary:
    """Merge a checked file into the diary, all or nothing.

    A cramp already stored identically is skipped (so importing a file twice
    adds nothing). A stored value is never overwritten: context the file gives
    for an empty field fills it, and any disagreement rejects the whole file
    with the row and column. `dry_run` checks and counts without writing.
    """
    dates = list(parsed.nights)
    errors: list[RowError] = []
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        stored_nights: dict[date, NightRow] = {}
        for chunk in _chunks(dates):
            for row in session.scalars(select(NightRow).where(col(NightRow.night).in_(chunk))):
                stored_nights[row.night] = row
        stored_by_id = {r.id: r.night for r in stored_nights.values()}
        stored_episodes: dict[tuple[object, ...], Episode] = {}
        ids = list(stored_by_id)
        for chunk_ids in _chunks(ids):
            for episode_row in session.scalars(
                select(EpisodeRow).where(col(EpisodeRow.night_id).in_(chunk_ids))
            ):
                episode = _episode_of(episode_row, stored_by_id[episode_row.night_id])
                stored_episodes[episode.key()] = episode

        nights_with_stored_cramps = {key[0] for key in stored_episodes}
        new_nights: list[dict[str, Any]] = []
        updated_nights: list[tuple[NightRow, NightContext]] = []
        for night, context in parsed.nights.items():
            stored = stored_nights.get(night)
            row_number = parsed.night_rows[night]
            if stored is None:
                new_nights.append({"night": night, **_context_values(context)})
                continue
            stored_context = _context_of(stored)
            for name in context.conflicts_with(stored_context):
                errors.append(
                    RowError(
                        row_number,
                        name,
                        f"Your diary already has {_show(getattr(stored_context, name))} for the "
                        f"night of {night}; the file says {_show(getattr(context, name))}. "
                        "Correct one of them so they agree.",
                    )
                )
            merged = context.merged_over(stored_context)
            if merged != stored_context:
                updated_nights.append((stored, merged))

        cramp_free_in_file = set(parsed.cramp_free_nights)
        for night in sorted(cramp_free_in_file & nights_with_stored_cramps):
            errors.append(
                RowError(
                    parsed.night_rows[night],
                    "time",
                    f"The file says the night of {night} was cramp-free, but your diary has "
                    "cramps logged for it.",
                )
            )

        to_insert: list[tuple[Episode, int]] = []
        already_there = 0
        for episode, row_number in zip(parsed.episodes, parsed.episode_rows, strict=True):
            if "\x00" in episode.note:  # the parser refuses these; a hand-made ParsedDiary may not
                errors.append(RowError(row_number, "note", "The note holds a NUL character."))
                continue
            stored_episode = stored_episodes.get(episode.key())
            if stored_episode is None:
                to_insert.append((episode, row_number))
            elif stored_episode == episode:
                already_there += 1
            else:
                differing = [
                    f.name
                    for f in dataclasses.fields(Episode)
                    if getattr(episode, f.name) != getattr(stored_episode, f.name)
                ]
                errors.append(
                    RowError(
                        row_number,
                        differing[0],
                        "This cramp is already in your diary with different details "
                        f"({', '.join(differing)}). Edit it in the Diary, or fix the file.",
                    )
                )
        if errors:
            raise DiaryImportError(errors)

        summary = ImportSummary(
            nights_added=len(new_nights),
            nights_updated=len(updated_nights),
            episodes_added=len(to_insert),
            episodes_already_there=already_there,
            cramp_free_nights_added=sum(1 for n in new_nights if n["night"] in cramp_free_in_file),
        )
        if dry_run or not summary.changes_anything:
            return summary  # nothing was changed, so committing writes nothing

        now = datetime.now(UTC)
        if new_nights:
            for values in new_nights:
                values["updated_at"] = now
            _insert_many(session, NightRow, new_nights)
        for row, merged in updated_nights:
            for name in CONTEXT_FIELDS:
                setattr(row, name, getattr(merged, name))
            row.updated_at = now
        session.flush()
        night_ids: dict[date, int] = {n: r.id for n, r in stored_nights.items() if r.id is not None}
        new_dates = [n["night"] for n in new_nights]
        for chunk in _chunks(new_dates):
            for night_id, night in session.execute(
                select(col(NightRow.id), col(NightRow.night)).where(col(NightRow.night).in_(chunk))
            ):
                night_ids[night] = night_id
        total = max(len(to_insert), 1)
        for chunk_start in range(0, len(to_insert), IMPORT_CHUNK):
            chunk_rows = [
                {"night_id": night_ids[e.night], "created_at": now, **_episode_values(e)}
                for e, _ in to_insert[chunk_start : chunk_start + IMPORT_CHUNK]
            ]
            _insert_many(session, EpisodeRow, chunk_rows)
            if progress is not None:
                progress(min((chunk_start + IMPORT_CHUNK) / total, 1.0))
        _bump_version(session)
    return summary


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --- profile -------------------------------------------------------------------

PROFILE_FIELDS = tuple(f.name for f in dataclasses.fields(Profile))


def get_profile(*, engine: Engine) -> Profile:
    """The stored profile, or the defaults when none is stored yet."""
    with _reading(engine) as session:
        row = session.get(ProfileRow, 1)
        if row is None:
            return Profile()
        return Profile(**{name: getattr(row, name) for name in PROFILE_FIELDS})


def save_profile(*, engine: Engine, profile: Profile) -> None:
    """Store the profile (risk factors and thresholds)."""
    validate_profile(profile)
    with _writing(engine) as session:
        row = session.get(ProfileRow, 1) or ProfileRow(id=1)
        for name in PROFILE_FIELDS:
            setattr(row, name, getattr(profile, name))
        session.add(row)


# --- interventions ---------------------------------------------------------------


@dataclass(frozen=True)
class Intervention:
    """A dated change the person made; `ended_on` None means it is still going on."""

    name: str
    kind: str
    started_on: date
    ended_on: date | None = None
    note: str = ""
    id: int | None = None


def intervention_errors(item: Intervention, today: date | None = None) -> list[FieldError]:
    """Every problem with an intervention; `today` (when given) refuses a start in the future."""
    errors = []
    if not item.name.strip():
        errors.append(FieldError("name", "Give the change a name, e.g. 'Calf stretch at bedtime'."))
    if len(item.name) > 200:
        errors.append(FieldError("name", "Keep the name under 200 characters."))
    if item.kind not in INTERVENTION_KINDS:
        errors.append(FieldError("kind", f"Unknown kind of change '{item.kind}'."))
    if today is not None and item.started_on > today:
        errors.append(FieldError("started_on", "The start date is in the future."))
    if item.ended_on is not None and item.ended_on < item.started_on:
        errors.append(FieldError("ended_on", "The end date is before the start date."))
    return errors


def save_intervention(*, engine: Engine, intervention: Intervention, today: date) -> int:
    """Add (id None) or replace an intervention; return its id."""
    errors = intervention_errors(intervention, today)
    if errors:
        raise DiaryInputError(errors)
    _refuse_nul(name=intervention.name, note=intervention.note)
    values: dict[str, Any] = {
        "name": intervention.name.strip(),
        "kind": intervention.kind,
        "started_on": intervention.started_on,
        "ended_on": intervention.ended_on,
        "note": intervention.note,
    }
    with _writing(engine) as session:
        if intervention.id is None:
            row = InterventionRow(**values)
            session.add(row)
        else:
            found = session.get(InterventionRow, intervention.id)
            if found is None:
                raise DiaryInputError([FieldError("intervention", "That change no longer exists.")])
            row = found
            for name, value in values.items():
                setattr(row, name, value)
        session.flush()
        assert row.id is not None
        return row.id


def list_interventions(*, engine: Engine) -> list[Intervention]:
    """Every intervention, oldest first."""
    with _reading(engine) as session:
        rows = session.scalars(
            select(InterventionRow).order_by(
                col(InterventionRow.started_on), col(InterventionRow.id)
            )
        ).all()
        return [
            Intervention(
                id=r.id,
                name=r.name,
                kind=r.kind,
                started_on=r.started_on,
                ended_on=r.ended_on,
                note=r.note,
            )
            for r in rows
        ]


def delete_intervention(*, engine: Engine, intervention_id: int) -> None:
    """Delete an intervention."""
    with _writing(engine) as session:
        session.execute(delete(InterventionRow).where(col(InterventionRow.id) == intervention_id))


# --- replacing the whole diary (restoring a backup) ----------------------------------


def diary_problems(
    *,
    nights: list[Night],
    episodes: list[Episode],
    profile: Profile | None = None,
    interventions: list[Intervention] | None = None,
) -> list[FieldError]:
    """Every reason a whole diary (say, from a backup) cannot be stored; empty when it can."""
    problems: list[FieldError] = []
    seen_nights: set[date] = set()
    for night in nights:
        if night.night in seen_nights:
            problems.append(FieldError("night", f"The night of {night.night} appears twice."))
        seen_nights.add(night.night)
        problems += [
            FieldError(e.field, f"Night of {night.night}: {e.message}")
            for e in context_errors(night.context)
        ]
    seen_keys: set[tuple[object, ...]] = set()
    for episode in episodes:
        where = f"Cramp on the night of {episode.night} at {episode.time:%H:%M}"
        if episode.key() in seen_keys:
            problems.append(FieldError("time", f"{where} appears twice."))
        seen_keys.add(episode.key())
        problems += [FieldError(e.field, f"{where}: {e.message}") for e in episode_errors(episode)]
        if "\x00" in episode.note:
            problems.append(FieldError("note", f"{where}: the note holds a NUL character."))
    if profile is not None:
        problems += [FieldError(e.field, f"Settings: {e.message}") for e in profile_errors(profile)]
    for item in interventions or []:
        problems += [
            FieldError(e.field, f"Change '{item.name[:60]}': {e.message}")
            for e in intervention_errors(item)
        ]
    return problems


def replace_diary(
    *,
    engine: Engine,
    nights: list[Night],
    episodes: list[Episode],
    profile: Profile | None = None,
    interventions: list[Intervention] | None = None,
) -> None:
    """Replace every night and cramp (and the profile and interventions, when given), at once.

    One transaction: afterwards the diary holds exactly what was given, or, on
    any problem, exactly what it held before.
    """
    problems = diary_problems(
        nights=nights, episodes=episodes, profile=profile, interventions=interventions
    )
    if problems:
        raise DiaryInputError(problems)
    contexts = {n.night: n.context for n in nights}
    for episode in episodes:
        contexts.setdefault(episode.night, NightContext())
    now = datetime.now(UTC)
    with _writing(engine) as session:
        session.execute(delete(EpisodeRow))
        session.execute(delete(NightRow))
        if contexts:
            _insert_many(
                session,
                NightRow,
                [
                    {"night": night, "updated_at": now, **_context_values(context)}
                    for night, context in sorted(contexts.items())
                ],
            )
        night_ids = {
            night: night_id
            for night_id, night in session.execute(select(col(NightRow.id), col(NightRow.night)))
        }
        for chunk_start in range(0, len(episodes), IMPORT_CHUNK):
            _insert_many(
                session,
                EpisodeRow,
                [
                    {"night_id": night_ids[e.night], "created_at": now, **_episode_values(e)}
                    for e in episodes[chunk_start : chunk_start + IMPORT_CHUNK]
                ],
            )
        if profile is not None:
            row = session.get(ProfileRow, 1) or ProfileRow(id=1)
            for name in PROFILE_FIELDS:
                setattr(row, name, getattr(profile, name))
            session.add(row)
        if interventions is not None:
            session.execute(delete(InterventionRow))
            for item in sorted(interventions, key=lambda i: (i.started_on, i.id or 0)):
                session.add(
                    InterventionRow(
                        name=item.name,
                        kind=item.kind,
                        started_on=item.started_on,
                        ended_on=item.ended_on,
                        note=item.note,
                    )
                )
