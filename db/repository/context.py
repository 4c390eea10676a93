"""Context from the phone and the weather: filling blank fields, their sources, undo, and
the weather cache.

A value with no row in context_source was typed; an imported value has one,
pointing at its import, so an import is undone as one step (its values were
blanks, so undoing empties them again) and the person can clear a single value.
A typed change to an imported value makes it the person's own (rows.upsert_night
drops its source).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, delete, func, select
from sqlmodel import Session, col

from core.context.plan import ContextPlan, plan_fills
from core.context.values import (
    IMPORTED_FIELDS,
    SOURCE_NAMES,
    TYPED,
    ContextImportError,
    ValueSource,
)
from core.context.weather import tenths
from core.diary import CONTEXT_FIELDS, NightContext
from db.models import ContextImportRow, ContextSourceRow, NightRow, WeatherDayRow
from db.repository.rows import context_of
from db.repository.sessions import IN_CHUNK, chunks, insert_many, reading, writing


@dataclass(frozen=True)
class ImportRecord:
    """A past import, for the list the person can undo from."""

    id: int
    source: str
    label: str
    imported_at: datetime
    values: int


def _contexts(session: Session) -> dict[date, NightContext]:
    return {row.night: context_of(row) for row in session.scalars(select(NightRow))}


def preview_context_import(
    *, engine: Engine, source: str, imported: Mapping[date, NightContext]
) -> ContextPlan:
    """What importing `imported` would fill (blank fields of nights in the diary), unwritten."""
    with reading(engine) as session:
        return plan_fills(source, imported, _contexts(session))


def apply_context_import(
    *, engine: Engine, source: str, label: str, imported: Mapping[date, NightContext]
) -> ContextPlan:
    """Fill the blanks `imported` can fill, all in one transaction, as one undoable import.

    The plan is made again inside the transaction, so a value typed since the
    preview is never overwritten. Returns what was filled.
    """
    if source not in SOURCE_NAMES or source == TYPED:
        raise ValueError(f"unknown import source {source!r}")
    with writing(engine) as session:
        rows = {row.night: row for row in session.scalars(select(NightRow))}
        plan = plan_fills(source, imported, {n: context_of(r) for n, r in rows.items()})
        if not plan.fills:
            return plan
        batch = ContextImportRow(source=source, label=label[:200])
        session.add(batch)
        session.flush()
        now = datetime.now(UTC)
        for fill in plan.fills:
            setattr(rows[fill.night], fill.field, fill.value)
            rows[fill.night].updated_at = now
        session.flush()
        insert_many(
            session,
            ContextSourceRow,
            [
                {
                    "night_id": rows[f.night].id,
                    "field": f.field,
                    "source": source,
                    "import_id": batch.id,
                }
                for f in plan.fills
            ],
        )
        return plan


def undo_context_import(*, engine: Engine, import_id: int) -> int:
    """Empty again every value an import filled (and still holds); returns how many."""
    with writing(engine) as session:
        batch = session.get(ContextImportRow, import_id)
        if batch is None:
            raise ContextImportError("That import is not in the diary (it was already undone).")
        sources = list(
            session.scalars(
                select(ContextSourceRow).where(col(ContextSourceRow.import_id) == import_id)
            )
        )
        _empty(session, sources)
        session.delete(batch)
        return len(sources)


def _empty(session: Session, sources: list[ContextSourceRow]) -> None:
    night_ids = sorted({s.night_id for s in sources})
    nights: dict[int, NightRow] = {}
    for chunk in chunks(night_ids, IN_CHUNK):
        nights |= {
            row.id: row
            for row in session.scalars(select(NightRow).where(col(NightRow.id).in_(chunk)))
            if row.id is not None
        }
    now = datetime.now(UTC)
    for source in sources:
        setattr(nights[source.night_id], source.field, None)
        nights[source.night_id].updated_at = now
        session.delete(source)
    session.flush()


def clear_imported_value(*, engine: Engine, night: date, field: str) -> None:
    """Empty one imported value of a night; a typed value is refused (edit it instead)."""
    with writing(engine) as session:
        source = session.scalar(
            select(ContextSourceRow)
            .join(NightRow, col(NightRow.id) == col(ContextSourceRow.night_id))
            .where(col(NightRow.night) == night, col(ContextSourceRow.field) == field)
        )
        if source is None:
            raise ContextImportError(
                "That value was typed, not imported: change it by editing the night."
            )
        _empty(session, [source])


def value_sources(
    *, engine: Engine, start: date | None = None, end: date | None = None
) -> dict[date, dict[str, str]]:
    """The source of every stored context value, by night and field ("typed" when typed)."""
    with reading(engine) as session:
        query = select(NightRow)
        if start is not None:
            query = query.where(col(NightRow.night) >= start)
        if end is not None:
            query = query.where(col(NightRow.night) <= end)
        rows = {row.id: row for row in session.scalars(query) if row.id is not None}
        imported = [
            found
            for chunk in chunks(sorted(rows), IN_CHUNK)
            for found in session.execute(
                select(
                    col(ContextSourceRow.night_id),
                    col(ContextSourceRow.field),
                    col(ContextSourceRow.source),
                ).where(col(ContextSourceRow.night_id).in_(chunk))
            ).all()
        ]
    found: dict[date, dict[str, str]] = {
        row.night: {name: TYPED for name in CONTEXT_FIELDS if getattr(row, name) is not None}
        for row in rows.values()
    }
    for night_id, name, source in imported:
        row = rows.get(night_id)
        if row is not None and name in found[row.night]:
            found[row.night][name] = source
    return found


def list_value_sources(*, engine: Engine) -> list[ValueSource]:
    """Every imported value's night, field and source (what a backup carries)."""
    with reading(engine) as session:
        return [
            ValueSource(night, field, source)
            for night, field, source in session.execute(
                select(
                    col(NightRow.night), col(ContextSourceRow.field), col(ContextSourceRow.source)
                )
                .join(NightRow, col(NightRow.id) == col(ContextSourceRow.night_id))
                .order_by(col(NightRow.night), col(ContextSourceRow.field))
            )
        ]


def store_value_sources(
    session: Session, sources: Iterable[ValueSource], night_ids: Mapping[date, int]
) -> None:
    """Write restored sources inside the caller's transaction (nights already inserted);
    a source of a night or field the backup lacks is left out."""
    insert_many(
        session,
        ContextSourceRow,
        [
            {"night_id": night_ids[s.night], "field": s.field, "source": s.source}
            for s in sources
            if s.night in night_ids and s.field in IMPORTED_FIELDS
        ],
    )


def list_context_imports(*, engine: Engine) -> list[ImportRecord]:
    """The imports that can still be undone, newest first."""
    with reading(engine) as session:
        counts = dict(
            session.execute(
                select(col(ContextSourceRow.import_id), func.count()).group_by(
                    col(ContextSourceRow.import_id)
                )
            ).all()
        )
        return [
            ImportRecord(row.id, row.source, row.label, row.imported_at, int(counts.get(row.id, 0)))
            for row in session.scalars(
                select(ContextImportRow).order_by(col(ContextImportRow.id).desc())
            )
            if row.id is not None
        ]


def nights_with_blank(
    *, engine: Engine, field: str, start: date | None = None, end: date | None = None
) -> list[date]:
    """The diary's nights whose `field` is blank, within the dates given."""
    column = getattr(NightRow, field)
    query = select(col(NightRow.night)).where(column.is_(None))
    if start is not None:
        query = query.where(col(NightRow.night) >= start)
    if end is not None:
        query = query.where(col(NightRow.night) <= end)
    with reading(engine) as session:
        return list(session.scalars(query.order_by(col(NightRow.night))))


def cached_weather(
    *, engine: Engine, latitude: float, longitude: float, days: Iterable[date]
) -> dict[date, float | None]:
    """The days already fetched for this rounded place, with their temperatures."""
    wanted = sorted(set(days))
    found: dict[date, float | None] = {}
    with reading(engine) as session:
        for chunk in chunks(wanted, IN_CHUNK):
            for day, value in session.execute(
                select(col(WeatherDayRow.day), col(WeatherDayRow.apparent_max_c)).where(
                    col(WeatherDayRow.lat_tenths) == tenths(latitude),
                    col(WeatherDayRow.lon_tenths) == tenths(longitude),
                    col(WeatherDayRow.day).in_(chunk),
                )
            ):
                found[day] = value
    return found


def store_weather(
    *, engine: Engine, latitude: float, longitude: float, temperatures: Mapping[date, float | None]
) -> None:
    """Keep fetched days (replacing any stored for the same place and day)."""
    lat, lon = tenths(latitude), tenths(longitude)
    days = sorted(temperatures)
    with writing(engine) as session:
        for chunk in chunks(days, IN_CHUNK):
            session.execute(
                delete(WeatherDayRow).where(
                    col(WeatherDayRow.lat_tenths) == lat,
                    col(WeatherDayRow.lon_tenths) == lon,
                    col(WeatherDayRow.day).in_(chunk),
                )
            )
        now = datetime.now(UTC)
        insert_many(
            session,
            WeatherDayRow,
            [
                {
                    "lat_tenths": lat,
                    "lon_tenths": lon,
                    "day": day,
                    "apparent_max_c": temperatures[day],
                    "fetched_at": now,
                }
                for day in days
            ],
        )
