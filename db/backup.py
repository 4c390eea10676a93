"""Backups: the whole diary as CSV, a consistent copy of a SQLite diary, and restoring either.

Restoring replaces the diary's contents (after the page has asked for
confirmation) in one transaction. A SQLite backup holds everything: nights,
cramps, settings, interventions, self-experiments, medicines and where imported
values came from. A CSV backup holds nights and cramps only, so restoring one keeps
the rest already stored.

Before every restore the diary as it stands is saved as a safety copy: a
SQLite diary file (whatever the diary's own database) kept by db.safety_copies.
`undo_last_restore` puts the newest readable one back; the Data page and
`cramp-diary restore --undo` both call it.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Date, DateTime, Engine, Float, Integer, Time, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from core.context.values import ValueSource
from core.diary import DiaryInputError, Episode, FieldError, Night, night_errors
from core.experiments.plan import ExperimentRecord
from core.files.csv_format import DiaryImportError, parse_diary_csv
from core.files.whole_diary import DiaryContents, diary_problems
from core.interventions import Intervention
from core.medicines.medicine import Medicine
from core.profile import Profile
from db.engine import create_diary_engine, migration_revisions
from db.models import (
    ContextImportRow,
    ContextSourceRow,
    EpisodeRow,
    ExperimentNightRow,
    ExperimentPauseRow,
    ExperimentRow,
    InterventionRow,
    MedicineRow,
    NightRow,
    ProfileRow,
    WeatherDayRow,
)
from db.repository import (
    get_profile,
    list_experiments,
    list_interventions,
    list_medicines,
    list_records,
    list_value_sources,
    replace_diary,
)
from db.safety_copies import (
    SafetyCopy,
    UndoResult,
    copy_paths,
    describe_copy,
    prune_safety_copies,
    safety_copy_folder,
    write_safety_copy,
)

SQLITE_HEADER = b"SQLite format 3\x00"
DIARY_TABLES = frozenset({"night", "episode", "alembic_version"})
MAX_LISTED_PROBLEMS = 50
# The tables a backup brings back, in the order their rows can be inserted.
RESTORED_TABLES = (
    NightRow,
    EpisodeRow,
    ProfileRow,
    InterventionRow,
    ExperimentRow,  # before its pauses and nights, which refer to it
    ExperimentPauseRow,
    ExperimentNightRow,
    MedicineRow,
    ContextImportRow,  # before the sources that refer to it
    ContextSourceRow,
    WeatherDayRow,
)


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
    """A checked backup, ready to restore. `profile`, `interventions`, `experiments` and
    `medicines` are None in a CSV."""

    kind: str  # "sqlite" or "csv"
    nights: list[Night]
    episodes: list[Episode]
    profile: Profile | None = None
    interventions: list[Intervention] | None = None
    experiments: list[ExperimentRecord] | None = None
    sources: list[ValueSource] | None = None  # where imported values came from (SQLite only)
    medicines: list[Medicine] | None = None


def _contents(backup: DiaryBackup) -> DiaryContents:
    """What both the check and the restore take from a backup."""
    return DiaryContents(
        nights=backup.nights,
        episodes=backup.episodes,
        profile=backup.profile,
        interventions=backup.interventions,
        experiments=backup.experiments,
        medicines=backup.medicines,
    )


def is_sqlite(engine: Engine) -> bool:
    """True when the diary is a SQLite file (which `backup_sqlite` can copy)."""
    return engine.dialect.name == "sqlite"


def backup_csv(engine: Engine) -> bytes:
    """The whole diary as a diary CSV file (UTF-8)."""
    from db.export import export_csv  # here: it brings in the statistics, which restoring needs not

    return export_csv(engine=engine)


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


def read_backup(data: bytes, now: datetime | None = None) -> DiaryBackup:
    """Check a backup file (SQLite database or diary CSV) and read what it holds.

    Raises BackupError for a database that is not a readable, intact diary this
    version knows (or one with no nights, or nights dated before the diary's
    first year or after `now`, default the present), and DiaryImportError (with
    rows and columns) for a bad CSV.
    """
    now = now or datetime.now()
    if data.startswith(SQLITE_HEADER):
        backup = _read_sqlite(data)
    else:
        parsed = parse_diary_csv(data, now=now)
        nights = [Night(night, context) for night, context in parsed.nights.items()]
        backup = DiaryBackup(kind="csv", nights=nights, episodes=list(parsed.episodes))
    _check(backup, now)
    return backup


def restore_backup(*, engine: Engine, backup: DiaryBackup) -> SafetyCopy:
    """Save a safety copy of the diary, then replace its contents with the backup's, all in
    one transaction. Returns the safety copy (which `undo_last_restore` puts back).

    The oldest copies are pruned only once the restore went through: a restore that
    fails or is killed leaves every copy there was.
    """
    folder = safety_copy_folder(engine)
    data = backup_sqlite(engine) if is_sqlite(engine) else _sqlite_copy_of(engine)
    path = write_safety_copy(folder, data)
    try:
        replace_diary(engine=engine, sources=backup.sources, **_contents(backup))
    except Exception:
        path.unlink(missing_ok=True)  # the diary is as it was, and so is the newest copy
        raise
    prune_safety_copies(folder)
    return describe_copy(path)


def undo_last_restore(*, engine: Engine) -> UndoResult:
    """Put back the newest safety copy that can be read (the diary as it is now is saved
    first, so an undo can be undone too); a newer copy that cannot be is skipped and named.

    Raises BackupError when there is no copy, or none can be restored.
    """
    copies = [describe_copy(path) for path in copy_paths(safety_copy_folder(engine))]
    if not copies:
        raise BackupError("There is no safety copy: no restore has been made on this diary.")
    skipped: list[SafetyCopy] = []
    for copy in copies:
        try:
            backup = read_backup(copy.path.read_bytes())
        except (DiaryInputError, DiaryImportError, OSError):  # cut short, it is no CSV either
            skipped.append(copy)
            continue
        restore_backup(engine=engine, backup=backup)
        return UndoResult(restored=copy, skipped=skipped)
    raise BackupError(
        f"None of the {len(copies)} safety copies can be read, so there is nothing to undo "
        "with. Restore a backup of your own instead."
    )


# --- safety copies -------------------------------------------------------------


def _sqlite_copy_of(engine: Engine) -> bytes:
    """The diary on a database server as a SQLite diary file, row for row (no checks, so
    a bad stored row is kept too)."""
    with tempfile.TemporaryDirectory(prefix="cramp-safety-") as folder:
        target_path = Path(folder) / "copy.sqlite"
        target = create_diary_engine(f"sqlite:///{target_path}")
        try:
            with engine.connect() as source, target.begin() as copy:
                for model in RESTORED_TABLES:
                    table = SQLModel.metadata.tables[str(model.__tablename__)]
                    rows = [dict(r) for r in source.execute(select(table)).mappings()]
                    if rows:
                        copy.execute(insert(table), rows)
        finally:
            target.dispose()
        with closing(sqlite3.connect(target_path)) as database:
            database.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        return target_path.read_bytes()


def _known_revisions() -> set[str]:
    return set(migration_revisions())


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
        except (sqlite3.Error, ValueError):  # ValueError: text that is not UTF-8
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
        try:
            _check_stored_values(path)
        except BackupError:
            raise
        except (sqlite3.Error, ValueError):
            raise BackupError(
                "This database file is damaged (some of its text cannot be read), so it "
                "cannot be restored. Try an older backup, or the CSV backup."
            ) from None
        # An older backup is brought up to date on the copy, then read like any diary.
        try:
            return _records_of(f"sqlite:///{path}")
        except (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, KeyError, ArithmeticError):
            raise BackupError(
                "The diary in this file cannot be read (some values are not what the diary "
                "stores, or the file is damaged). It cannot be restored."
            ) from None


def _records_of(url: str) -> DiaryBackup:
    copy = create_diary_engine(url)
    try:
        nights, episodes = list_records(engine=copy)
        return DiaryBackup(
            kind="sqlite",
            nights=nights,
            episodes=episodes,
            profile=get_profile(engine=copy),
            interventions=list_interventions(engine=copy),
            experiments=list_experiments(engine=copy),
            sources=list_value_sources(engine=copy),
            medicines=list_medicines(engine=copy),
        )
    finally:
        copy.dispose()


def _check(backup: DiaryBackup, now: datetime) -> None:
    if not backup.nights and not backup.episodes:
        raise BackupError(
            "This backup holds no nights at all, so restoring it would empty your diary. "
            "Choose a backup that holds your diary."
        )
    dates = sorted({n.night for n in backup.nights} | {e.night for e in backup.episodes})
    problems = [error for night in dates for error in night_errors(night, now)]
    problems += diary_problems(**_contents(backup))
    if problems:
        raise BackupError(
            f"This backup holds {len(problems)} entr{'y' if len(problems) == 1 else 'ies'} "
            "the diary cannot accept, so it cannot be restored.",
            details=[p.message for p in problems[:MAX_LISTED_PROBLEMS]],
        )


# --- the values in a SQLite backup ------------------------------------------------------

# What SQLite may hold in a column of each kind (see `typeof`), and a test of the value
# that SQLAlchemy will later parse: a bad one would fail only when read, half-way through.
_STORAGE: dict[type, tuple[tuple[str, ...], str, str]] = {
    Boolean: (("integer",), "{c} IN (0, 1)", "true or false"),
    Integer: (("integer",), "1", "a whole number"),
    Float: (("integer", "real"), "1", "a number"),
    Date: (("text",), "date({c}) = {c}", "a date"),
    Time: (("text",), "time({c}) IS NOT NULL", "a clock time"),
    DateTime: (("text",), "datetime({c}) IS NOT NULL", "a date and time"),
}
_TABLE_WORDS = {
    "night": "nights",
    "episode": "cramps",
    "profile": "settings",
    "intervention": "changes",
    "context_source": "value sources",
    "weather_day": "weather days",
    "medicine": "medicines",
}


def _check_stored_values(path: Path) -> None:
    """Refuse a SQLite backup holding a value of the wrong type (text in a number column, a
    decimal in a whole-number column) or a cramp whose night is missing."""
    problems: list[str] = []
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
        for model in RESTORED_TABLES:
            table = SQLModel.metadata.tables[str(model.__tablename__)]
            present = {row[1] for row in database.execute(f'PRAGMA table_info("{table.name}")')}
            for column in table.columns:
                problems += _column_problems(
                    database, table.name, column.name, column.type, present
                )
        orphans = database.execute(
            "SELECT count(*) FROM episode WHERE night_id NOT IN (SELECT id FROM night)"
        ).fetchone()[0]
    if orphans:
        problems.append(
            f"{orphans:,} cramp{'s' if orphans != 1 else ''} in this backup belong to a night "
            "that is missing from it, so restoring would lose them."
        )
    if problems:
        raise BackupError(
            "This backup holds values the diary cannot store (it may have been changed by "
            "another program), so it cannot be restored. Try another backup, or the CSV backup.",
            details=problems[:MAX_LISTED_PROBLEMS],
        )


def _column_problems(
    database: sqlite3.Connection, table: str, column: str, kind: object, present: set[str]
) -> list[str]:
    rule = next((r for t, r in _STORAGE.items() if isinstance(kind, t)), None)
    if column not in present or rule is None:
        return []  # text columns hold anything; a column an older version lacked is added later
    types, valid, words = rule
    allowed = ", ".join(f"'{t}'" for t in types)
    quoted = f'"{column}"'
    count = database.execute(
        f'SELECT count(*) FROM "{table}" WHERE {quoted} IS NOT NULL AND '
        f"(typeof({quoted}) NOT IN ({allowed}) OR NOT ({valid.format(c=quoted)}))"
    ).fetchone()[0]
    if not count:
        return []
    return [
        f"The {_TABLE_WORDS.get(table, table)} have {count:,} value{'s' if count != 1 else ''} "
        f"in '{column}' that {'is' if count == 1 else 'are'} not {words}."
    ]
