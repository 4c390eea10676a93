"""The throwaway PostgreSQL server the tests start: found where Debian puts it, and cleaned up."""

from pathlib import Path

import psycopg
import pytest

from tests import conftest
from tests.conftest import PostgresServer, postgres_bin_dir


def fake_bin(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for tool in conftest.PG_TOOLS:
        (folder / tool).write_text("")
    return folder


def test_without_postgres_on_path_the_debian_folder_of_the_newest_version_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = fake_bin(tmp_path / "9.6" / "bin"), fake_bin(tmp_path / "15" / "bin")
    monkeypatch.setattr(conftest.shutil, "which", lambda _: None)
    monkeypatch.setattr(conftest, "DEBIAN_PG_BINS", str(tmp_path / "*" / "bin"))
    assert postgres_bin_dir() == new
    assert old.exists()


def test_without_any_postgres_there_is_no_folder_and_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest.shutil, "which", lambda _: None)
    monkeypatch.setattr(conftest, "DEBIAN_PG_BINS", str(tmp_path / "*" / "bin"))
    assert postgres_bin_dir() is None
    assert "apt-get install postgresql" in conftest.MISSING_PG


@pytest.mark.postgres
def test_the_server_gives_each_test_database_its_own_name_and_drops_it(
    postgres_server: PostgresServer,
) -> None:
    names = {postgres_server.create_database() for _ in range(3)}
    assert len(names) == 3
    for name in names:
        postgres_server.drop_database(name)
    with psycopg.connect(postgres_server.url("postgres").replace("+psycopg", "")) as admin:
        left = admin.execute("SELECT datname FROM pg_database").fetchall()
    assert not names & {name for (name,) in left}
    assert postgres_server.url("x").startswith("postgresql+psycopg://postgres@127.0.0.1:")
