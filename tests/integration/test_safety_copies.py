"""Safety copies before a restore: whole or absent, owner-only, never lost to a failed restore,
and an undo that passes over a damaged copy and says so."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.diary import DiaryInputError, Episode, Night
from db.backup import (
    BackupError,
    DiaryBackup,
    backup_sqlite,
    read_backup,
    restore_backup,
    undo_last_restore,
)
from db.engine import create_diary_engine
from db.repository import add_episode, list_records
from db.safety_copies import (
    MAX_SAFETY_COPIES,
    copy_paths,
    list_safety_copies,
    safety_copy_folder,
    write_safety_copy,
)
from tests.integration.killed_restore import POINTS, main


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default umask, under which files come out world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def log(engine: Engine, *nights: date) -> None:
    for night in nights:
        add_episode(
            engine=engine,
            episode=Episode(night=night, time=time(3, 0), muscle="calf"),
            context=None,
        )


def a_backup(tmp_path: Path, *nights: date) -> DiaryBackup:
    """A checked backup of another diary holding a cramp on each of `nights`."""
    other = create_diary_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        log(other, *nights)
        return read_backup(backup_sqlite(other))
    finally:
        other.dispose()


def nights_of(engine: Engine) -> list[date]:
    return sorted(n.night for n in list_records(engine=engine)[0])


def test_a_truncated_newest_copy_is_skipped_and_undo_names_the_one_it_used(
    engine: Engine, tmp_path: Path
) -> None:
    log(engine, date(2026, 5, 1))
    first = restore_backup(engine=engine, backup=a_backup(tmp_path, date(2026, 6, 1)))
    second = restore_backup(engine=engine, backup=a_backup(tmp_path, date(2026, 6, 2)))
    data = second.path.read_bytes()
    second.path.write_bytes(data[: len(data) // 2])  # a disk that filled up while writing
    listed = list_safety_copies(engine=engine)
    assert [c.path for c in listed] == [second.path, first.path]
    assert [c.readable for c in listed] == [False, True]

    undone = undo_last_restore(engine=engine)
    assert nights_of(engine) == [date(2026, 5, 1)]  # the diary before the first restore
    assert undone.restored.path == first.path
    assert [c.path for c in undone.skipped] == [second.path]
    message = undone.message()
    assert "(1 night, 1 cramp) is back" in message
    assert "could not be read" in message and second.made_label in message


def test_undo_refuses_when_no_copy_can_be_read(sqlite_engine: Engine, tmp_path: Path) -> None:
    log(sqlite_engine, date(2026, 5, 1))
    copy = restore_backup(engine=sqlite_engine, backup=a_backup(tmp_path, date(2026, 6, 1)))
    copy.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(BackupError, match="None of the 1 safety copies can be read"):
        undo_last_restore(engine=sqlite_engine)
    assert nights_of(sqlite_engine) == [date(2026, 6, 1)]


def test_a_failed_restore_keeps_every_copy_there_was(sqlite_engine: Engine, tmp_path: Path) -> None:
    log(sqlite_engine, date(2026, 5, 1))
    folder = safety_copy_folder(sqlite_engine)
    for _ in range(MAX_SAFETY_COPIES):
        write_safety_copy(folder, backup_sqlite(sqlite_engine))
    before = {p: p.read_bytes() for p in copy_paths(folder)}
    # The same night twice: refused inside the restore, after the safety copy was made.
    clash = DiaryBackup(kind="csv", nights=[Night(date(2026, 6, 1))] * 2, episodes=[])
    with pytest.raises(DiaryInputError):
        restore_backup(engine=sqlite_engine, backup=clash)
    assert {p: p.read_bytes() for p in copy_paths(folder)} == before
    assert nights_of(sqlite_engine) == [date(2026, 5, 1)]


def test_a_safety_copy_is_owner_only_under_a_loose_umask(
    sqlite_engine: Engine, tmp_path: Path, loose_umask: None
) -> None:
    log(sqlite_engine, date(2026, 5, 1))
    copy = restore_backup(engine=sqlite_engine, backup=a_backup(tmp_path, date(2026, 6, 1)))
    assert stat.S_IMODE(copy.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.path.parent.stat().st_mode) == 0o700
    assert not list(copy.path.parent.glob(".*"))  # no temporary file left beside it


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_restore_keeps_the_good_copies_and_the_diary_whole(
    sqlite_engine: Engine, tmp_path: Path, point: str
) -> None:
    log(sqlite_engine, date(2026, 5, 1))
    folder = safety_copy_folder(sqlite_engine)
    for _ in range(MAX_SAFETY_COPIES):
        write_safety_copy(folder, backup_sqlite(sqlite_engine))
    before = {p: p.read_bytes() for p in copy_paths(folder)}
    backup_file = tmp_path / "backup.sqlite"
    other = create_diary_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    log(other, date(2026, 6, 1))
    backup_file.write_bytes(backup_sqlite(other))
    other.dispose()

    # A forked child has the modules loaded already; it kills itself at `point`.
    pid = os.fork()
    if pid == 0:
        try:
            main(str(sqlite_engine.url.database), str(backup_file), point)
        finally:
            os._exit(1)  # never back into pytest
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status

    for path, data in before.items():  # every good copy is still there, unchanged
        assert path.read_bytes() == data
    assert nights_of(sqlite_engine) in ([date(2026, 5, 1)], [date(2026, 6, 1)])
    assert all(c.readable for c in list_safety_copies(engine=sqlite_engine))
    # The next restore and undo work, and leave no temporary file behind.
    restore_backup(engine=sqlite_engine, backup=read_backup(backup_file.read_bytes()))
    undo_last_restore(engine=sqlite_engine)
    assert not list(folder.glob(".*"))
    assert len(copy_paths(folder)) == MAX_SAFETY_COPIES
