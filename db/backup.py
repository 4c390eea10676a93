"""Backups: the whole diary as CSV, a consistent copy of a SQLite diary, and restoring either.

Restoring replaces the diary's contents (after the page has asked for
confirmation) in one transaction. A SQLite backup holds everything: nights,
cramps, settings, interventions and self-experiments. A CSV backup holds nights
and cramps only, so restoring one keeps the rest already stored.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from core.csv_format import parse_diary_csv, write_diary_csv
from core.diary import DiaryInputError, Episode, FieldError, Night
from core.experiments import ExperimentRecord
from core.interventions import Intervention
from core.profile import Profile
from core.whole_diary import diary_problems
from db.engine import alembic_config, create_diary_engine
from db.repository import (
    get_profile,
    list_experiments,
    list_interventions,
    list_records,
    replace_diary,
)

SQLITE_HEADER = b"SQLite format 3\x00"
DIARY_TABLES = frozenset({"night", "episode", "alembic_version"})
MAX_LISTED_PROBLEMS = 50


class BackupError(DiaryInputError):
    """A file that cannot be restored: `message` says why in plain words; `details` lists
    the entries at fault (their text comes from the file, so show it as plain text)."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__([FieldError("file", message)])
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DiaryBackup:
    """A checked backup, ready to restore. `profile`, `interventions` and `experiments` are
    None in a CSV."""

    kind: str  # "sqlite" or "csv"
    nights: list[Night]
    episodes: list[Episode]
    profile: Profile | None = None
    interventions: list[Intervention] | None = None
    experiments: list[ExperimentRecord] | None = None


def is_sqlite(engine: Engine) -> bool:
    """True when the diary is a SQLite file (which `backup_sqlite` can copy)."""
    return engine.dialect.name == "sqlite"


def backup_csv(engine: Engine) -> bytes:
    """The whole diary as a diary CSV file (UTF-8)."""
    return write_diary_csv(*list_records(engine=engine)).encode("utf-8")


def backup_sqlite(engine: Engine) -> bytes:
    """A consistent copy of the SQLite diary file, made with SQLite's online backup API.

    The copy is one snapshot even while other tabs write, and is a single
    self-contained file (rollback journal, not WAL) that any SQLite tool opens.
    """
    if not is_sqlite(engine):
        raise ValueError("Only a SQLite diary can be copied as a file.")
    with tempfile.TemporaryDirectory(prefix="cramp-backup-") as folder:
        target = Path(folder) / "backup.sqlite"
        pooled = engine.raw_connection()
        try:
            source = pooled.driver_connection
            assert isinstance(source, sqlite3.Connection)
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            pooled.close()
        return target.read_bytes()


def read_backup(data: bytes) -> DiaryBackup:
    """Check a backup file (SQLite database or diary CSV) and read what it holds.

    Raises BackupError for a database that is not a readable, intact diary this
    version knows, and DiaryImportError (with rows and columns) for a bad CSV.
    """
    if data.startswith(SQLITE_HEADER):
        return _read_sqlite(data)
    parsed = parse_diary_csv(data)
    nights = [Night(night, context) for night, context in parsed.nights.items()]
    backup = DiaryBackup(kind="csv", nights=nights, episodes=list(parsed.episodes))
    _check(backup)
    return backup


def restore_backup(*, engine: Engine, backup: DiaryBackup) -> None:
    """Replace the diary's contents with the backup's, all in one transaction."""
    replace_diary(
        engine=engine,
        nights=backup.nights,
        episodes=backup.episodes,
        profile=backup.profile,
        interventions=backup.interventions,
        experiments=backup.experiments,
    )


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _read_sqlite(data: bytes) -> DiaryBackup:
    with tempfile.TemporaryDirectory(prefix="cramp-restore-") as folder:
        path = Path(folder) / "restore.sqlite"
        path.write_bytes(data)
        try:
            with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
                integrity = database.execute("PRAGMA integrity_check").fetchall()
                tables = {
                    name
                    for (name,) in database.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                }
                revisions = (
                    [r for (r,) in database.execute("SELECT version_num FROM alembic_version")]
                    if "alembic_version" in tables
                    else []
                )
        except sqlite3.DatabaseError:
            raise BackupError(
                "This file cannot be read as a SQLite database: it is damaged, or not a "
                "Cramp Diary backup."
            ) from None
        if integrity != [("ok",)]:
            raise BackupError(
                "This database file is damaged (SQLite's integrity check failed), so it "
                "cannot be restored. Try an older backup, or the CSV backup."
            )
        if not DIARY_TABLES <= tables:
            raise BackupError(
                "This SQLite database is not a Cramp Diary backup: it has no diary tables."
            )
        if len(revisions) != 1 or revisions[0] not in _known_revisions():
            # The revision comes from the file: name it only when it looks like one.
            named = [str(r) for r in revisions if re.fullmatch(r"\w{1,32}", str(r))]
            raise BackupError(
                f"This backup was made by a version of Cramp Diary this one does not know "
                f"(schema {', '.join(named) or 'unknown'}). Update the app, then restore it."
            )
        # An older backup is brought up to date on the copy, then read like any diary.
        copy = create_diary_engine(f"sqlite:///{path}")
        try:
            nights, episodes = list_records(engine=copy)
            backup = DiaryBackup(
                kind="sqlite",
                nights=nights,
                episodes=episodes,
                profile=get_profile(engine=copy),
                interventions=list_interventions(engine=copy),
                experiments=list_experiments(engine=copy),
            )
        except (SQLAlchemyError, ValueError, TypeError, KeyError):
            raise BackupError(
                "The diary in this file cannot be read (some values are not what the diary "
                "stores). It cannot be restored."
            ) from None
        finally:
            copy.dispose()
    _check(backup)
    return backup


def _check(backup: DiaryBackup) -> None:
    problems = diary_problems(
        nights=backup.nights,
        episodes=backup.episodes,
        profile=backup.profile,
        interventions=backup.interventions,
        experiments=backup.experiments,
    )
    if problems:
        raise BackupError(
            f"This backup holds {len(problems)} entr{'y' if len(problems) == 1 else 'ies'} "
            "the diary cannot accept, so it cannot be restored.",
            details=[p.message for p in problems[:MAX_LISTED_PROBLEMS]],
        )
