"""Phone exports built the way the phones write them, for tests and the bench.

Apple Health: export.zip with apple_health_export/export.xml, starting with the
internal DTD the Health app writes (element declarations only). Health Connect:
a zip holding health_connect_export.db, a real SQLite file with Android's table
and column names.
"""

from __future__ import annotations

import io
import random
import sqlite3
import zipfile
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Final
from xml.sax.saxutils import quoteattr

APPLE_PROLOG: Final = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type                  CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
  sum                   CDATA #IMPLIED
  unit                  CDATA #IMPLIED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-03-20 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1950-04-02"
  HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
APPLE_END: Final = "</HealthData>\n"
APPLE_MEMBER: Final = "apple_health_export/export.xml"
PHONE: Final = "Ann’s iPhone"
WATCH: Final = "Ann’s Apple Watch"
DEVICE: Final = (
    "&lt;&lt;HKDevice: 0x2817&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone&gt;"
)


def stamp(moment: datetime) -> str:
    """A moment as Apple Health writes it: '2026-03-14 08:30:00 +0100'."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def water(moment: datetime, amount: float, unit: str = "mL", source: str = PHONE) -> str:
    """One DietaryWater record."""
    when = quoteattr(stamp(moment))
    return (
        f' <Record type="HKQuantityTypeIdentifierDietaryWater" sourceName={quoteattr(source)} '
        f'sourceVersion="17.2" unit="{unit}" creationDate={when} startDate={when} '
        f'endDate={when} value="{amount:g}">\n'
        '  <MetadataEntry key="HKWasUserEntered" value="1"/>\n </Record>\n'
    )


def steps(moment: datetime, count: int) -> str:
    """One StepCount record (what most of a real export is)."""
    when = quoteattr(stamp(moment))
    end = quoteattr(stamp(moment + timedelta(minutes=10)))
    return (
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName={quoteattr(PHONE)} '
        f'sourceVersion="17.2" device="{DEVICE}" unit="count" creationDate={end} '
        f'startDate={when} endDate={end} value="{count}"/>\n'
    )


def workout(moment: datetime, minutes: float, kind: str = "Running", source: str = WATCH) -> str:
    """One Workout, with a statistics child as the watch writes them."""
    start, end = quoteattr(stamp(moment)), quoteattr(stamp(moment + timedelta(minutes=minutes)))
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes:g}" '
        f'durationUnit="min" sourceName={quoteattr(source)} sourceVersion="10.2" '
        f"creationDate={end} startDate={start} endDate={end}>\n"
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
        f'startDate={start} endDate={end} sum="250" unit="Cal"/>\n </Workout>\n'
    )


def ring(day: str, minutes: int) -> str:
    """One ActivitySummary (the day's rings)."""
    return (
        f' <ActivitySummary dateComponents="{day}" activeEnergyBurned="420" '
        f'appleExerciseTime="{minutes}" appleExerciseTimeGoal="30" appleStandHours="10"/>\n'
    )


def apple_xml(body: Iterable[str], prolog: str = APPLE_PROLOG) -> bytes:
    """A whole export.xml around the given elements."""
    return (prolog + "".join(body) + APPLE_END).encode()


def zipped(member: str, data: bytes) -> bytes:
    """A zip holding one file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


def apple_zip(body: Iterable[str]) -> bytes:
    """export.zip as the Health app writes it."""
    return zipped(APPLE_MEMBER, apple_xml(body))


def write_large_apple_export(target: IO[bytes], size_bytes: int, seed: int = 2026) -> int:
    """Write an export.xml of about `size_bytes` (mostly step counts, some water and
    workouts, as in a real one) to `target`; returns the number of water records."""
    rnd = random.Random(seed)
    target.write(APPLE_PROLOG.encode())
    written = len(APPLE_PROLOG)
    start = datetime.fromisoformat("2021-01-01T07:00:00+01:00")
    waters = 0
    index = 0
    while written < size_bytes:
        moment = start + timedelta(minutes=7 * index)
        if index % 25 == 0:
            text = water(
                moment, rnd.choice((150, 250, 330, 500)), source=rnd.choice((PHONE, WATCH))
            )
            waters += 1
        elif index % 2000 == 0:
            text = workout(moment, rnd.randint(15, 90), rnd.choice(("Running", "Walking", "Yoga")))
        else:
            text = steps(moment, rnd.randint(1, 900))
        data = text.encode()
        target.write(data)
        written += len(data)
        index += 1
    target.write(APPLE_END.encode())
    return waters


# --- Health Connect ------------------------------------------------------------------

HC_SCHEMA: Final = """
CREATE TABLE application_info_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  package_name TEXT NOT NULL UNIQUE, app_name TEXT, app_icon BLOB, record_types_used TEXT);
CREATE TABLE hydration_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT,
  client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER,
  recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL,
  start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER,
  local_date INTEGER, volume REAL NOT NULL);
CREATE TABLE exercise_session_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT,
  client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER,
  recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL,
  start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER,
  local_date INTEGER, notes TEXT, exercise_type INTEGER NOT NULL, title TEXT,
  has_route INTEGER, planned_exercise_session_id BLOB);
"""
HC_MEMBER: Final = "health_connect_export.db"


@dataclass(frozen=True)
class Drink:
    """A hydration record: when (aware), litres, and the app's package name."""

    moment: datetime
    litres: float
    app: str = "com.google.android.apps.fitness"


@dataclass(frozen=True)
class Session:
    """An exercise session: start (aware), minutes, type number, app."""

    moment: datetime
    minutes: float
    exercise_type: int = 56
    app: str = "com.google.android.apps.fitness"


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds())


def health_connect_db(
    drinks: Iterable[Drink] = (), sessions: Iterable[Session] = (), schema: str = HC_SCHEMA
) -> bytes:
    """health_connect_export.db as bytes: a real SQLite database."""
    with closing(sqlite3.connect(":memory:")) as database:
        database.executescript(schema)
        apps: dict[str, int] = {}

        def app_id(name: str) -> int:
            if name not in apps:
                cursor = database.execute(
                    "INSERT INTO application_info_table (package_name, app_name) VALUES (?, ?)",
                    (name, name.rsplit(".", 1)[-1]),
                )
                apps[name] = int(cursor.lastrowid or 0)
            return apps[name]

        for number, drink in enumerate(drinks):
            database.execute(
                "INSERT INTO hydration_record_table (uuid, last_modified_time, app_info_id, "
                "start_time, start_zone_offset, end_time, end_zone_offset, volume) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (f"h{number}".encode(), _ms(drink.moment), app_id(drink.app), _ms(drink.moment),
                 _offset(drink.moment), _ms(drink.moment) + 1000, _offset(drink.moment),
                 drink.litres),
            )  # fmt: skip
        for number, session in enumerate(sessions):
            end = session.moment + timedelta(minutes=session.minutes)
            database.execute(
                "INSERT INTO exercise_session_record_table (uuid, last_modified_time, "
                "app_info_id, start_time, start_zone_offset, end_time, end_zone_offset, "
                "exercise_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (f"e{number}".encode(), _ms(end), app_id(session.app), _ms(session.moment),
                 _offset(session.moment), _ms(end), _offset(end), session.exercise_type),
            )  # fmt: skip
        database.commit()
        return database.serialize()


def health_connect_zip(drinks: Iterable[Drink] = (), sessions: Iterable[Session] = ()) -> bytes:
    """The zip Health Connect's export writes."""
    return zipped(HC_MEMBER, health_connect_db(drinks, sessions))
