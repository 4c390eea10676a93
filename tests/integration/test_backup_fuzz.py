"""Fuzzing restore: any file is a backup that restores and reads back whole, or the app's own
refusal, and a refusal changes nothing."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing, suppress
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from core.diary import Episode, NightContext
from core.files.csv_format import DiaryImportError
from core.interventions import Intervention
from core.profile import Profile
from db.backup import SQLITE_HEADER, BackupError, DiaryBackup, backup_sqlite, read_backup
from db.backup import restore_backup as restore
from db.engine import create_diary_engine
from db.repository import (
    add_episode,
    check_in_cramp_free,
    list_records,
    load_frames,
    save_intervention,
    save_profile,
)
from tests.unit.test_csv_fuzz import mangled_files

NOW = datetime(2026, 11, 1, 12, 0)
# Columns another program might write anything into.
TARGETS = [
    ("night", "night"),
    ("night", "water_l"),
    ("night", "exercise_min"),
    ("night", "hot"),
    ("night", "stress"),
    ("episode", "onset_time"),
    ("episode", "night_id"),
    ("episode", "duration_s"),
    ("episode", "pain"),
    ("episode", "woke"),
    ("episode", "muscle"),
    ("episode", "felt"),
    ("profile", "water_target_l"),
    ("profile", "high_stress"),
    ("intervention", "started_on"),
    ("intervention", "name"),
]
VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=8),
    st.sampled_from(["0026-05-01", "2099-01-02", "2026-02-30", "25:00", "1", "0", "calf", ""]),
)


@cache
def good_backup() -> bytes:
    """A small real diary file, with every kind of record."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_diary_engine(f"sqlite:///{Path(folder) / 'source.sqlite'}")
        for i in range(6):
            night = date(2026, 3, 1) + timedelta(days=i)
            if i % 3 == 0:
                check_in_cramp_free(engine=engine, night=night, context=NightContext(stress=3))
                continue
            add_episode(
                engine=engine,
                episode=Episode(night=night, time=time(2, i), muscle="calf", pain=i),
                context=NightContext(water_l=1.5, hot=True),
                now=NOW,
            )
        save_profile(engine=engine, profile=Profile(water_target_l=2.5))
        save_intervention(
            engine=engine,
            intervention=Intervention(
                name="Stretch", kind="stretching", started_on=date(2026, 3, 2)
            ),
            today=date(2026, 4, 1),
        )
        data = backup_sqlite(engine)
        engine.dispose()
    return data


def tampered(changes: list[tuple[tuple[str, str], object]]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tampered.sqlite"
        path.write_bytes(good_backup())
        with closing(sqlite3.connect(path)) as database:
            database.execute("PRAGMA ignore_check_constraints = ON")
            for (table, column), value in changes:
                with suppress(sqlite3.IntegrityError):  # NOT NULL and UNIQUE still hold
                    database.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = 1', (value,)
                    )
            database.commit()
        return path.read_bytes()


def restores_or_is_refused(engine: Engine, data: bytes) -> None:
    before = list_records(engine=engine)
    try:
        backup = read_backup(data, now=NOW)
    except (BackupError, DiaryImportError) as refused:
        assert str(refused)
        assert list_records(engine=engine) == before
        return
    assert isinstance(backup, DiaryBackup) and backup.nights
    restore(engine=engine, backup=backup)
    nights, episodes = load_frames(engine=engine)  # what was accepted reads back whole
    assert len(episodes) == len(backup.episodes)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(changes=st.lists(st.tuples(st.sampled_from(TARGETS), VALUES), min_size=1, max_size=3))
@example(changes=[(("episode", "pain"), "seven")])
@example(changes=[(("episode", "duration_s"), 60.5)])
@example(changes=[(("night", "water_l"), b"\x00\xff")])
@example(changes=[(("night", "night"), "0026-05-01")])
@example(changes=[(("episode", "night_id"), 999)])
def test_a_tampered_database_backup_restores_whole_or_is_refused(
    sqlite_engine: Engine, changes: list[tuple[tuple[str, str], object]]
) -> None:
    restores_or_is_refused(sqlite_engine, tampered(changes))


@SETTINGS
@given(flips=st.lists(st.tuples(st.integers(100, 20_000), st.integers(0, 255)), max_size=6))
def test_a_database_backup_with_damaged_bytes_restores_whole_or_is_refused(
    sqlite_engine: Engine, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(good_backup())
    for position, value in flips:
        if position < len(data):
            data[position] = value
    restores_or_is_refused(sqlite_engine, bytes(data))


@SETTINGS
@given(data=mangled_files() | st.binary(max_size=2000).map(lambda b: SQLITE_HEADER + b))
def test_a_mangled_csv_or_database_header_restores_whole_or_is_refused(
    sqlite_engine: Engine, data: bytes
) -> None:
    restores_or_is_refused(sqlite_engine, data)
