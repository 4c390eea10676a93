"""Safety copies: the diary saved as a SQLite file just before a restore, so it can be undone.

A copy is written whole or not at all (a temporary file, flushed to the disk,
then renamed), owner-only, in a folder beside the diary. Only a restore that
went through prunes the oldest copies, so a restore that fails or is killed
never costs a good copy. Undo puts back the newest copy that can be read; a
damaged one (a disk that filled up, a file someone cut short) is skipped and
named. db.backup makes and restores the copies; this module keeps the files.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from core.wording import plural
from db.config import default_database_path, private_folder, write_private

MAX_SAFETY_COPIES = 10
SAFETY_COPIES_ENV = "CRAMP_DIARY_SAFETY_COPIES"  # for a diary on a database server
_PREFIX = "before-restore_"
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class SafetyCopy:
    """A copy of the diary saved just before a restore."""

    path: Path
    made_at: datetime  # UTC
    nights: int | None  # None when the file cannot be read
    cramps: int | None

    @property
    def readable(self) -> bool:
        """Whether the file is an intact SQLite database holding a diary."""
        return self.nights is not None

    @property
    def made_label(self) -> str:
        """When it was made, in this computer's time, for people."""
        return self.made_at.astimezone().strftime("%a %d %b %Y %H:%M")

    def described(self) -> str:
        """“the copy made Mon 30 Nov 2026 21:04 (12 nights, 3 cramps)”."""
        held = (
            f" ({plural(self.nights, 'night')}, {plural(self.cramps or 0, 'cramp')})"
            if self.nights is not None
            else ""
        )
        return f"the copy made {self.made_label}{held}"


@dataclass(frozen=True)
class UndoResult:
    """What an undo put back, and the newer copies it had to pass over."""

    restored: SafetyCopy
    skipped: list[SafetyCopy] = field(default_factory=list)

    def message(self) -> str:
        """The sentence the Data page and `cramp-diary restore --undo` both show."""
        text = f"The last restore was undone: {self.restored.described()} is back."
        if self.skipped:
            names = ", ".join(c.made_label for c in self.skipped)
            text += f" Newer copies could not be read and were skipped ({names})."
        return text


def safety_copy_folder(engine: Engine) -> Path:
    """Where the engine's safety copies live: beside a SQLite diary file; for a database
    server, the folder named by CRAMP_DIARY_SAFETY_COPIES, else one in the per-user data
    folder for each database."""
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        diary = Path(database)
        return diary.parent / f"{diary.stem}-safety-copies"
    configured = os.environ.get(SAFETY_COPIES_ENV, "").strip()
    if configured:
        return Path(configured)
    where = f"{engine.url.host or 'local'}-{engine.url.port or ''}-{database}"
    return default_database_path().parent / "safety-copies" / re.sub(r"[^\w.-]", "_", where)


def write_safety_copy(folder: Path, data: bytes) -> Path:
    """Store `data` (a SQLite diary file) as the newest copy; nothing older is removed."""
    private_folder(folder)
    for stale in folder.glob(f".{_PREFIX}*.partial"):  # left by a restore that was killed
        stale.unlink(missing_ok=True)
    path = folder / f"{_PREFIX}{datetime.now(UTC):{_STAMP}}.sqlite"
    write_private(path, data)
    return path


def prune_safety_copies(folder: Path) -> None:
    """Keep the newest MAX_SAFETY_COPIES (called only once a restore went through)."""
    for old in copy_paths(folder)[MAX_SAFETY_COPIES:]:
        old.unlink(missing_ok=True)


def copy_paths(folder: Path) -> list[Path]:
    """The copies' files, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{_PREFIX}*.sqlite"), reverse=True)


def list_safety_copies(*, engine: Engine) -> list[SafetyCopy]:
    """The kept safety copies, newest first (an unreadable one has no counts)."""
    return [describe_copy(path) for path in copy_paths(safety_copy_folder(engine))]


def describe_copy(path: Path) -> SafetyCopy:
    """The copy at `path`: when it was made and what it holds, if it can be read."""
    made_at = datetime.strptime(path.stem.removeprefix(_PREFIX), _STAMP).replace(tzinfo=UTC)
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
            # A copy cut short still opens; the quick check reads every page.
            if database.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return SafetyCopy(path, made_at, None, None)
            nights = database.execute("SELECT count(*) FROM night").fetchone()[0]
            cramps = database.execute("SELECT count(*) FROM episode").fetchone()[0]
    except sqlite3.Error:
        return SafetyCopy(path, made_at, None, None)
    return SafetyCopy(path, made_at, int(nights), int(cramps))
