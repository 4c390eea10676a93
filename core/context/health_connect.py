"""Health Connect's export database, as rows: water and exercise sessions, by night and app.

Android's Health Connect "Export data" writes a zip holding one SQLite file,
health_connect_export.db. Its tables follow Android's own storage: times in
epoch milliseconds (UTC) with the zone offset in seconds beside them, water as
litres, exercise as a type number, and the app that wrote each record by id
in application_info_table. db/ opens the file; this module checks that the
tables are ones it knows (it refuses, never guesses) and reads the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from core.context.intensity import health_connect_intensity
from core.context.values import Collected, ContextImportError, check_amount, local_day
from core.diary import MAX_EXERCISE_MIN, MAX_WATER_L

DATABASE_NAME: Final = "health_connect_export.db"
HYDRATION_TABLE: Final = "hydration_record_table"
EXERCISE_TABLE: Final = "exercise_session_record_table"
APP_TABLE: Final = "application_info_table"
# The columns each table must have for the import to read it.
REQUIRED_COLUMNS: Final[Mapping[str, frozenset[str]]] = {
    HYDRATION_TABLE: frozenset(
        {"start_time", "start_zone_offset", "end_time", "volume", "app_info_id"}
    ),
    EXERCISE_TABLE: frozenset(
        {"start_time", "start_zone_offset", "end_time", "exercise_type", "app_info_id"}
    ),
    APP_TABLE: frozenset({"row_id", "package_name"}),
}
HYDRATION_QUERY: Final = (
    f"SELECT start_time, start_zone_offset, volume, app_info_id FROM {HYDRATION_TABLE}"
)
EXERCISE_QUERY: Final = (
    f"SELECT start_time, start_zone_offset, end_time, exercise_type, app_info_id "
    f"FROM {EXERCISE_TABLE}"
)
APP_QUERY: Final = f"SELECT row_id, package_name FROM {APP_TABLE}"
MAX_OFFSET_S: Final = 18 * 3600  # the widest UTC offset there is


def check_schema(columns: Mapping[str, set[str]]) -> None:
    """Refuse a database whose tables are not Health Connect's as this version knows them.

    `columns` maps each table in the file to its column names. The water or the
    exercise table may be missing (an export without them), not both.
    """
    if HYDRATION_TABLE not in columns and EXERCISE_TABLE not in columns:
        raise ContextImportError(
            f"This database holds neither {HYDRATION_TABLE} nor {EXERCISE_TABLE}, so it is not "
            "a Health Connect export this version knows. Nothing was imported."
        )
    for table, needed in REQUIRED_COLUMNS.items():
        if table not in columns:
            if table == APP_TABLE:
                raise ContextImportError(
                    f"This Health Connect export has no {APP_TABLE}, so the apps that recorded "
                    "each value are unknown. Nothing was imported."
                )
            continue
        missing = sorted(needed - columns[table])
        if missing:
            raise ContextImportError(
                f"The table {table} in this export lacks {', '.join(missing)}: it is a Health "
                "Connect version this app does not know, and it will not guess. Nothing was "
                "imported."
            )


def _local(epoch_ms: Any, offset_s: Any, what: str) -> datetime:
    try:
        offset = int(offset_s or 0)
        moment = datetime.fromtimestamp(int(epoch_ms) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise ContextImportError(
            f"A {what} has the time '{str(epoch_ms)[:30]}', which is not a time. The export is "
            "damaged: nothing was imported."
        ) from None
    if abs(offset) > MAX_OFFSET_S:
        raise ContextImportError(
            f"A {what} has a time-zone offset of {offset} seconds, which no place has. The "
            "export is damaged: nothing was imported."
        )
    return moment.astimezone(timezone(timedelta(seconds=offset)))


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ContextImportError(
            f"A {what} has the amount '{str(value)[:30]}', which is not a number. The export "
            "is damaged: nothing was imported."
        )
    return float(value)


def read_health_connect(
    *,
    hydration: Iterable[tuple[Any, ...]],
    exercise: Iterable[tuple[Any, ...]],
    apps: Mapping[Any, str],
) -> Collected:
    """Water and exercise by night and app, from the rows of HYDRATION_QUERY,
    EXERCISE_QUERY and the app names (APP_QUERY)."""
    collected = Collected()
    for start, offset, volume, app in hydration:
        day = local_day(_local(start, offset, "water record"))
        litres = _number(volume, "water record")
        check_amount(litres, "water", day, MAX_WATER_L, "litres")
        collected.add_water(day, apps.get(app, "unknown app"), litres)
    for start, offset, end, kind, app in exercise:
        began = _local(start, offset, "exercise session")
        ended = _local(end, offset, "exercise session")
        minutes = (ended - began).total_seconds() / 60
        day = local_day(began)
        check_amount(minutes, "exercise", day, MAX_EXERCISE_MIN, "minutes")
        intensity = health_connect_intensity(int(_number(kind, "exercise session")))
        collected.add_workout(day, apps.get(app, "unknown app"), minutes, intensity)
    return collected
