"""Backups: a consistent copy of the SQLite file, and a restore that refuses anything else."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from core.diary import DiaryInputError, Episode, Night, NightContext
from core.files.csv_format import COLUMNS, DiaryImportError
from core.interventions import Intervention
from core.profile import Profile
from db.backup import (
    SQLITE_HEADER,
    BackupError,
    DiaryBackup,
    backup_csv,
    backup_sqlite,
    read_backup,
    restore_backup,
    undo_last_restore,
)
from db.engine import create_diary_engine, upgrade_database
from db.repository import (
    add_episode,
    bulk,
    check_in_cramp_free,
    diary_version,
    get_profile,
    list_interventions,
    list_records,
    save_intervention,
    save_profile,
)
from db.safety_copies import MAX_SAFETY_COPIES, list_safety_copies, safety_copy_folder

NOW = datetime(2026, 11, 1, 12, 0)
PROFILE = Profile(age_65_plus=True, water_target_l=2.5, volume_unit="cups", high_stress=8)
CHANGE = Intervention(
    name="Calf stretch at bedtime", kind="stretching", started_on=date(2026, 3, 1), note="<b>x</b>"
)


def fill(engine: Engine, nights: int = 20) -> None:
    """A small diary with every kind of record."""
    for i in range(nights):
        night = date(2026, 3, 1) + timedelta(days=i)
        if i % 3 == 0:
            check_in_cramp_free(engine=engine, night=night, context=NightContext(stress=i % 11))
            continue
        add_episode(
            engine=engine,
            episode=Episode(
                night=night,
                time=time(2, i),
                muscle="calf",
                side="left",
                duration_s=60 + i,
                pain=i % 11,
                woke=True,
                felt=("hard_knot",),
                relief=("stretch",),
                relief_helped=bool(i % 2),
                note=f"=night {i} 🦵 <script>",
            ),
            context=NightContext(water_l=1.5, hot=i % 2 == 0),
            now=NOW,
        )
    save_profile(engine=engine, profile=PROFILE)
    save_intervention(engine=engine, intervention=CHANGE, today=date(2026, 4, 1))


def contents(engine: Engine) -> tuple[object, ...]:
    nights, episodes = list_records(engine=engine)
    return (
        sorted(nights, key=lambda n: n.night),
        sorted(episodes, key=lambda e: e.key()),
        get_profile(engine=engine),
        [replace(i, id=None) for i in list_interventions(engine=engine)],
    )


def test_a_sqlite_backup_restores_everything_into_another_diary(
    sqlite_engine: Engine, engine: Engine
) -> None:
    fill(sqlite_engine)
    data = backup_sqlite(sqlite_engine)
    assert data.startswith(SQLITE_HEADER)
    add_episode(  # the target diary's own entries are replaced
        engine=engine,
        episode=Episode(night=date(2025, 1, 1), time=time(3, 0), muscle="hand"),
        context=None,
        now=NOW,
    )
    version = diary_version(engine=engine)

    backup = read_backup(data)
    assert (backup.kind, len(backup.nights), len(backup.episodes)) == ("sqlite", 20, 13)
    restore_backup(engine=engine, backup=backup)
    assert contents(engine) == contents(sqlite_engine)
    assert diary_version(engine=engine) > version


def test_a_sqlite_backup_is_one_self_contained_file(sqlite_engine: Engine, tmp_path: Path) -> None:
    fill(sqlite_engine, nights=5)
    path = tmp_path / "copy.sqlite"
    path.write_bytes(backup_sqlite(sqlite_engine))
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM episode").fetchone() == (3,)


def test_a_sqlite_backup_holds_what_is_still_in_the_write_ahead_log(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    fill(sqlite_engine, nights=5)
    database = Path(str(sqlite_engine.url.database))
    plain_copy = tmp_path / "plain-copy.sqlite"
    plain_copy.write_bytes(database.read_bytes())  # what copying the file by hand would give
    with sqlite3.connect(plain_copy) as copy:
        tables = copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert ("episode",) not in tables  # even the tables are still only in the log
    backup = read_backup(backup_sqlite(sqlite_engine))
    assert len(backup.episodes) == 3


def test_backups_taken_while_another_tab_writes_are_each_consistent(
    sqlite_engine: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    base = diary_version(engine=sqlite_engine)
    writer_engine = create_diary_engine(sqlite_url, migrate=False)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(150):
                add_episode(
                    engine=writer_engine,
                    episode=Episode(
                        night=date(2026, 1, 1) + timedelta(days=i // 3),
                        time=time(1 + i % 3, 0),
                        muscle="calf",
                    ),
                    context=None,
                    now=NOW,
                )
        except BaseException as error:  # reported to the test below
            failures.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    seen: set[int] = set()
    while writer.is_alive() or not seen:
        path = tmp_path / f"backup-{len(seen)}.sqlite"
        path.write_bytes(backup_sqlite(sqlite_engine))
        with sqlite3.connect(path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (episodes,) = copy.execute("SELECT count(*) FROM episode").fetchone()
            (version,) = copy.execute("SELECT version FROM diary_state").fetchone()
        assert version - base == episodes  # each write adds one cramp and one version
        seen.add(episodes)
    writer.join()
    writer_engine.dispose()
    assert failures == []
    assert len(seen) > 1  # the backups did happen while the writer wrote


def test_a_csv_backup_restores_nights_and_cramps_and_keeps_the_settings(engine: Engine) -> None:
    fill(engine)
    data = backup_csv(engine)
    _, _, profile, changes = contents(engine)
    expected_nights, expected_episodes, _, _ = contents(engine)
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 6, 1), time=time(3, 0), muscle="foot"),
        context=None,
        now=NOW,
    )
    backup = read_backup(data)
    assert (backup.kind, backup.profile, backup.interventions) == ("csv", None, None)
    restore_backup(engine=engine, backup=backup)
    assert contents(engine) == (expected_nights, expected_episodes, profile, changes)


def test_restoring_an_empty_diary_backup_empties_the_diary(
    engine: Engine, new_database_url: Callable[..., str]
) -> None:
    fill(engine, nights=4)
    empty = create_diary_engine(new_database_url(migrated=True))
    backup = DiaryBackup(kind="sqlite", nights=[], episodes=[], profile=Profile(), interventions=[])
    restore_backup(engine=engine, backup=backup)
    assert contents(engine) == contents(empty)
    empty.dispose()


def test_an_old_sqlite_backup_is_upgraded_and_restored(engine: Engine, tmp_path: Path) -> None:
    old_path = tmp_path / "old.sqlite"
    old = create_diary_engine(f"sqlite:///{old_path}", migrate=False)
    upgrade_database(old, "0001")
    with old.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO night (id, night, water_l, updated_at) "
                "VALUES (1, '2026-01-05', 1.25, '2026-01-06 08:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO episode (night_id, onset_time, muscle, side, felt, relief, "
                "warning_signs, note, created_at) VALUES (1, '02:30:00', 'calf', 'left', '', '', "
                "'', 'from an old version', '2026-01-06 08:00:00')"
            )
        )
    old.dispose()
    restore_backup(engine=engine, backup=read_backup(old_path.read_bytes()))
    nights, episodes = list_records(engine=engine)
    assert nights == [Night(date(2026, 1, 5), NightContext(water_l=1.25))]
    assert [e.note for e in episodes] == ["from an old version"]


def _sqlite_file(tmp_path: Path, statements: list[str]) -> bytes:
    path = tmp_path / "made.sqlite"
    with sqlite3.connect(path) as database:
        for statement in statements:
            database.execute(statement)
    return path.read_bytes()


def _diary_file(tmp_path: Path, change: str) -> bytes:
    """A real diary backup, then one change made behind the app's back."""
    source = create_diary_engine(f"sqlite:///{tmp_path / 'source.sqlite'}")
    fill(source, nights=4)
    path = tmp_path / "tampered.sqlite"
    path.write_bytes(backup_sqlite(source))
    source.dispose()
    with closing(sqlite3.connect(path)) as database:
        # As another program might: the schema's CHECK rules and foreign keys not enforced.
        database.executescript(f"PRAGMA ignore_check_constraints = ON; {change}")
    return path.read_bytes()


def _damaged(tmp_path: Path) -> bytes:
    source = create_diary_engine(f"sqlite:///{tmp_path / 'source.sqlite'}")
    fill(source, nights=40)
    data = bytearray(backup_sqlite(source))
    source.dispose()
    page = 4096
    noise = random.Random(3).randbytes(page * 2)
    data[page * 2 : page * 4] = noise  # pages 3 and 4: table and index pages
    return bytes(data)


REFUSED: dict[str, tuple[Callable[[Path], bytes], type[Exception], str]] = {
    "random bytes": (
        lambda _: random.Random(1).randbytes(3000),
        DiaryImportError,
        "not a text file",
    ),
    "a spreadsheet that is not a diary": (
        lambda _: b"name,amount\nrent,900\n",
        DiaryImportError,
        "Missing column",
    ),
    "a diary CSV with a bad row": (
        lambda _: (
            b"night,time,muscle,side,duration_s,pain,woke,felt,relief,relief_helped,"
            b"warning_signs,note,water_l,exercise_min,exercise_intensity,hot,stretched,"
            b"sitting_h,hard_floor_h,stress,new_medication\n"
            b"2026-03-13,02:30,leg,,,,,,,,,,,,,,,,,,\n"
        ),
        DiaryImportError,
        "Unknown muscle",
    ),
    "a database header with garbage after it": (
        lambda _: SQLITE_HEADER + random.Random(2).randbytes(8000),
        BackupError,
        "cannot be read as a SQLite database",
    ),
    "a damaged diary database": (_damaged, BackupError, "damaged"),
    "another program's database": (
        lambda p: _sqlite_file(p, ["CREATE TABLE contacts (name TEXT)"]),
        BackupError,
        "not a Cramp Diary backup",
    ),
    "a diary from a newer version": (
        lambda p: _diary_file(p, "UPDATE alembic_version SET version_num = '9999'"),
        BackupError,
        "does not know (schema 9999)",
    ),
    "a diary with values the app never writes": (
        lambda p: _diary_file(p, "UPDATE episode SET muscle = 'leg' WHERE id = 1"),
        BackupError,
        "entry the diary cannot accept",
    ),
    "a diary with unreadable times": (
        lambda p: _diary_file(p, "UPDATE episode SET onset_time = 'half past two'"),
        BackupError,
        "values the diary cannot store",
    ),
    "text in a number column": (
        lambda p: _diary_file(p, "UPDATE episode SET pain = 'seven' WHERE id = 1"),
        BackupError,
        "values the diary cannot store",
    ),
    "bytes in a number column": (
        lambda p: _diary_file(p, "UPDATE night SET water_l = x'00ff' WHERE id = 2"),
        BackupError,
        "values the diary cannot store",
    ),
    "a decimal in a whole-number column": (
        lambda p: _diary_file(p, "UPDATE episode SET duration_s = 60.5 WHERE id = 1"),
        BackupError,
        "values the diary cannot store",
    ),
    "a yes/no column holding 2": (
        lambda p: _diary_file(p, "UPDATE episode SET woke = 2 WHERE id = 1"),
        BackupError,
        "values the diary cannot store",
    ),
    "a cramp whose night row is missing": (
        lambda p: _diary_file(
            p, "DELETE FROM night WHERE id = (SELECT night_id FROM episode ORDER BY id LIMIT 1)"
        ),
        BackupError,
        "values the diary cannot store",
    ),
    "a night dated in the year 26": (
        lambda p: _diary_file(p, "UPDATE night SET night = '0026-05-01' WHERE id = 1"),
        BackupError,
        "cannot accept",
    ),
    "a night dated 2099": (
        lambda p: _diary_file(p, "UPDATE night SET night = '2099-05-01' WHERE id = 1"),
        BackupError,
        "cannot accept",
    ),
    "a database with no nights": (
        lambda p: _diary_file(p, "DELETE FROM episode; DELETE FROM night;"),
        BackupError,
        "holds no nights",
    ),
    "a CSV of a header and a row of commas": (
        lambda _: (",".join(COLUMNS) + "\n" + "," * (len(COLUMNS) - 1) + "\n").encode(),
        DiaryImportError,
        "has a header but no rows",
    ),
    "a CSV saved as Excel's Unicode Text": (
        lambda _: (",".join(COLUMNS) + "\n2026-03-13,02:30,calf" + "," * 18 + "\n").encode(
            "utf-16"
        ),
        DiaryImportError,
        "CSV UTF-8",
    ),
}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("UPDATE episode SET pain = 'seven' WHERE id = 1", "'pain' that is not a whole number"),
        ("UPDATE episode SET duration_s = 60.5 WHERE id = 1", "'duration_s' that is not a whole"),
        ("UPDATE night SET water_l = x'00ff' WHERE id = 2", "'water_l' that is not a number"),
        ("UPDATE episode SET onset_time = 'half past two'", "'onset_time' that are not a clock"),
        ("DELETE FROM night WHERE id = 2", "belong to a night that is missing"),
    ],
)
def test_a_wrong_value_in_a_database_backup_is_named_by_column(
    tmp_path: Path, change: str, words: str
) -> None:
    with pytest.raises(BackupError) as caught:
        read_backup(_diary_file(tmp_path, change))
    assert any(words in line for line in caught.value.details), caught.value.details


def test_a_future_night_in_a_backup_names_the_year(tmp_path: Path) -> None:
    data = _diary_file(tmp_path, "UPDATE night SET night = '2099-05-01' WHERE id = 1")
    with pytest.raises(BackupError) as caught:
        read_backup(data, now=NOW)
    assert any("2099" in line and "future" in line for line in caught.value.details)


@pytest.mark.parametrize("kind", list(REFUSED))
def test_a_file_that_is_not_a_valid_diary_is_refused_and_nothing_changes(
    sqlite_engine: Engine, tmp_path: Path, kind: str
) -> None:
    make, error_type, words = REFUSED[kind]
    fill(sqlite_engine, nights=3)
    before = contents(sqlite_engine)
    with pytest.raises(error_type) as caught:
        read_backup(make(tmp_path))
    assert words in str(caught.value)
    assert contents(sqlite_engine) == before


def test_a_revision_name_that_is_not_one_is_not_repeated_in_the_message(tmp_path: Path) -> None:
    data = _diary_file(tmp_path, "UPDATE alembic_version SET version_num = '![x](http://e.test)'")
    with pytest.raises(BackupError) as caught:
        read_backup(data)
    assert "(schema unknown)" in caught.value.message
    assert "http" not in caught.value.message


def test_the_entries_a_backup_cannot_hold_are_listed(tmp_path: Path) -> None:
    data = _diary_file(tmp_path, "UPDATE episode SET muscle = '<b>leg</b>'")
    with pytest.raises(BackupError) as caught:
        read_backup(data)
    assert len(caught.value.details) == 2
    assert "Unknown muscle '<b>leg</b>'" in caught.value.details[0]


def test_a_restore_that_fails_half_way_leaves_the_diary_as_it_was(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(engine)
    before = contents(engine)
    backup = DiaryBackup(
        kind="csv",
        nights=[Night(date(2025, 1, d)) for d in range(1, 11)],
        episodes=[
            Episode(night=date(2025, 1, d), time=time(2, 0), muscle="calf") for d in range(1, 11)
        ],
    )
    real = bulk.episode_values

    def failing(episode: Episode) -> dict[str, object]:
        if episode.night.day == 7:  # old rows are deleted and new nights inserted by now
            raise RuntimeError("the disk is full")
        return real(episode)

    monkeypatch.setattr(bulk, "episode_values", failing)
    with pytest.raises(RuntimeError):
        restore_backup(engine=engine, backup=backup)
    assert contents(engine) == before


def test_a_backup_with_bad_entries_is_refused_when_restoring_too(engine: Engine) -> None:
    fill(engine, nights=3)
    before = contents(engine)
    bad = DiaryBackup(
        kind="csv",
        nights=[Night(date(2025, 1, 1), NightContext(stress=40))],
        episodes=[Episode(night=date(2025, 1, 1), time=time(2, 0), muscle="calf", pain=11)] * 2,
    )
    with pytest.raises(DiaryInputError) as caught:
        restore_backup(engine=engine, backup=bad)
    assert {e.field for e in caught.value.errors} == {"stress", "pain", "time"}
    assert contents(engine) == before


def test_only_a_sqlite_diary_can_be_copied_as_a_file(engine: Engine, backend: str) -> None:
    if backend == "sqlite":
        assert backup_sqlite(engine).startswith(SQLITE_HEADER)
    else:
        with pytest.raises(ValueError, match="Only a SQLite diary"):
            backup_sqlite(engine)


def _other_backup(tmp_path: Path) -> DiaryBackup:
    source = create_diary_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    add_episode(
        engine=source,
        episode=Episode(night=date(2025, 6, 1), time=time(3, 0), muscle="foot"),
        context=None,
    )
    data = backup_sqlite(source)
    source.dispose()
    return read_backup(data)


def test_every_restore_first_saves_a_safety_copy_that_undo_puts_back(
    engine: Engine, tmp_path: Path
) -> None:
    fill(engine, nights=5)
    before = contents(engine)
    copy = restore_backup(engine=engine, backup=_other_backup(tmp_path))
    assert contents(engine) != before
    assert copy.path.exists() and copy.path.stat().st_mode & 0o777 == 0o600
    assert copy.path.parent.stat().st_mode & 0o777 == 0o700
    assert (copy.nights, copy.cramps) == (5, 3)
    assert list_safety_copies(engine=engine) == [copy]

    undo_last_restore(engine=engine)
    assert contents(engine) == before
    assert len(list_safety_copies(engine=engine)) == 2  # the undo can itself be undone


def test_a_sqlite_diary_keeps_its_safety_copies_beside_it(sqlite_engine: Engine) -> None:
    diary = Path(str(sqlite_engine.url.database))
    assert safety_copy_folder(sqlite_engine) == diary.parent / f"{diary.stem}-safety-copies"


def test_only_the_newest_safety_copies_are_kept(sqlite_engine: Engine, tmp_path: Path) -> None:
    fill(sqlite_engine, nights=2)
    backup = _other_backup(tmp_path)
    made = [
        restore_backup(engine=sqlite_engine, backup=backup) for _ in range(MAX_SAFETY_COPIES + 2)
    ]
    kept = list_safety_copies(engine=sqlite_engine)
    assert kept == made[::-1][:MAX_SAFETY_COPIES]
    assert kept[-1].made_at < kept[0].made_at


def test_undo_without_a_safety_copy_says_so(sqlite_engine: Engine) -> None:
    with pytest.raises(BackupError, match="no safety copy"):
        undo_last_restore(engine=sqlite_engine)


def test_a_safety_copy_keeps_a_bad_stored_row_as_it_was(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    fill(sqlite_engine, nights=2)
    with sqlite_engine.begin() as connection:
        connection.execute(text("UPDATE night SET night = '0026-05-01' WHERE id = 1"))
    copy = restore_backup(engine=sqlite_engine, backup=_other_backup(tmp_path))
    with closing(sqlite3.connect(copy.path)) as database:
        assert ("0026-05-01",) in database.execute("SELECT night FROM night").fetchall()
