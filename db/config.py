"""Where the diary lives: the database URL, read from the environment at call time."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "cramp-diary"


def default_database_path() -> Path:
    """The SQLite file in the per-user data directory (never inside the repository)."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "diary.sqlite"


def get_database_url() -> str:
    """`DATABASE_URL` when set, else the SQLite file in the per-user data directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"
