"""Where the diary lives: the database URL, read from the environment at call time.

A health diary on a shared computer is nobody else's business, so every folder
and file the app makes for it is readable by its owner only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "cramp-diary"
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def app_data_folder() -> Path:
    """The per-user data folder (never inside the repository), created owner-only."""
    folder = private_folder(Path(user_data_dir(APP_NAME, appauthor=False)))
    # The app's own folder: also tighten one an older version left world-readable.
    folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def default_database_path() -> Path:
    """The SQLite file in the per-user data directory."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "diary.sqlite"


def private_folder(path: Path) -> Path:
    """Create `path` and any missing parents readable by the owner only (0700).

    A folder that already exists is left as it is: it may be shared on purpose
    (`/tmp`, a synced folder the person chose).
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER_MODE, exist_ok=True)
        folder.chmod(PRIVATE_FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> None:
    """Create `path` empty and owner-only (0600) if missing, or tighten one this user owns."""
    private_folder(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        status = path.stat()
        if status.st_uid == os.getuid() and status.st_mode & 0o077:
            path.chmod(PRIVATE_FILE_MODE)
    else:
        os.close(descriptor)


def write_private(path: Path, data: bytes) -> None:
    """Write `path` owner-only (0600, whatever the umask) and whole.

    The bytes go to a temporary file beside it (mkstemp makes it 0600), are
    flushed to the disk, then renamed over `path`: a reader, or a crash, sees the
    old file or the new one, never half of one. Raises OSError; nothing is left
    behind then.
    """
    descriptor, partial = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    # The rename itself is on the disk only once the folder is.
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def get_database_url() -> str:
    """`DATABASE_URL` when set, else the SQLite file in the per-user data directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    app_data_folder()
    return f"sqlite:///{default_database_path()}"
