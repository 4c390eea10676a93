"""Files the command line writes hold the diary: each is owner-only (0600) under any umask,
and `restore --undo` does what the Data page's Undo button does."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from core.diary import Episode
from dashboard.cli import app
from db.engine import create_diary_engine
from db.repository import add_episode, list_records
from tests.entries import restore_twice_and_damage_newest


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default umask, under which files come out world-readable (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def diary(database_url: str) -> Iterator[tuple[str, Engine]]:
    engine = create_diary_engine(database_url)
    for day in (1, 2, 3):
        add_episode(
            engine=engine,
            episode=Episode(night=date(2026, 3, day), time=time(2, 0), muscle="calf"),
            context=None,
        )
    yield database_url, engine
    engine.dispose()


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "-o", "{folder}/backup.csv"],
        ["export", "-o", "{folder}/export.csv"],
        ["report", "-o", "{folder}/report.pdf"],
    ],
    ids=["backup", "export", "report"],
)
def test_each_file_written_is_owner_only(
    diary: tuple[str, Engine], tmp_path: Path, loose_umask: None, command: list[str]
) -> None:
    url, _ = diary
    args = [a.format(folder=tmp_path) for a in command]
    target = Path(args[-1])
    run(*args, "--db", url)
    assert target.stat().st_size > 0
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_sqlite_backup_replaces_a_world_readable_file_with_an_owner_only_one(
    sqlite_url: str, tmp_path: Path, loose_umask: None
) -> None:
    create_diary_engine(sqlite_url).dispose()
    target = tmp_path / "backup.sqlite"
    target.write_bytes(b"an old backup")
    target.chmod(0o644)
    run("backup", "-o", str(target), "--db", sqlite_url)
    assert target.read_bytes().startswith(b"SQLite format 3")
    assert mode(target) == 0o600


def test_restore_undo_puts_back_the_newest_readable_copy_like_the_page(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    before = list_records(engine=engine)
    good, damaged = restore_twice_and_damage_newest(engine, tmp_path)

    said = run("restore", "--undo", "--db", url)

    assert list_records(engine=engine) == before
    assert f"{good.described()} is back" in " ".join(said.split())
    assert damaged.made_label in said and "could not be read" in said


def test_restore_without_a_file_or_undo_is_a_usage_error(sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["restore", "--yes", "--db", sqlite_url])
    assert result.exit_code == 2
    assert "give the backup FILE" in result.output
