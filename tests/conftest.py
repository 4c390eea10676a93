"""Shared fixtures: a real diary database on each backend the app supports.

`engine` (and `database_url`, `new_database_url`) run every test that uses
them twice: on a SQLite file in a temporary directory and on a throwaway
PostgreSQL server that this module starts once per test session (once per
xdist worker, each on its own free port) and stops afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine

from dashboard.server import free_port
from db.engine import create_diary_engine

REPO = Path(__file__).resolve().parents[1]
COLLECTED_ON = date.today()


@pytest.fixture(autouse=True)
def _today_after_midnight(request: pytest.FixtureRequest) -> None:
    """A test module that takes `TODAY` from the clock gets it anew when the run crosses
    midnight: the module is run again in its own namespace, so `TODAY` and everything
    derived from it (a start 60 days back, tomorrow) match the app's `date.today()`."""
    module = request.module
    if module.__dict__.get("TODAY") == COLLECTED_ON and date.today() != COLLECTED_ON:
        importlib.reload(module)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]

PG_TOOLS = ("initdb", "pg_ctl", "postgres")
DEBIAN_PG_BINS = "/usr/lib/postgresql/*/bin"  # Debian keeps each version's tools off PATH
MISSING_PG = (
    "The PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or "
    "under /usr/lib/postgresql/*/bin. The tests run every database test on PostgreSQL too, "
    "so install them (Debian/Ubuntu: apt-get install postgresql; .ci/run does this)."
)


# --- a throwaway PostgreSQL server ---------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl: from PATH, else Debian's versioned directory."""
    found = [shutil.which(tool) for tool in PG_TOOLS]
    if all(found):
        return Path(str(found[0])).resolve().parent
    candidates = glob.glob(DEBIAN_PG_BINS)

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(path).parent.name))

    for directory in sorted(candidates, key=version, reverse=True):
        if all((Path(directory) / tool).exists() for tool in PG_TOOLS):
            return Path(directory)
    return None


@dataclass
class PostgresServer:
    """A PostgreSQL server for the tests, reachable on 127.0.0.1 without a password."""

    bin_dir: Path
    base: Path
    port: int
    as_postgres_user: bool
    template_ready: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def create_database(self, *, migrated: bool = False) -> str:
        """A new database, empty or (copied from a template) migrated; returns its name."""
        name = f"diary_{uuid.uuid4().hex[:12]}"
        template = self._migrated_template() if migrated else "template1"
        with self._admin() as admin:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return name

    def _migrated_template(self) -> str:
        # Copying a migrated database is ten times faster than migrating a new one.
        if not self.template_ready:
            with self._admin() as admin:
                admin.execute("CREATE DATABASE diary_template")
            create_diary_engine(self.url("diary_template")).dispose()
            self.template_ready = True
        return "diary_template"

    def drop_database(self, name: str) -> None:
        with self._admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres_user:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        init = self.run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C",
        )
        if init.returncode != 0:
            pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        for _attempt in range(5):
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c timezone=UTC"
            )
            started = self.run(
                "pg_ctl", "-D", str(self.data_dir), "-l", str(self.base / "log"), "-w",
                "-o", options, "start",
            )  # fmt: skip
            if started.returncode == 0:
                return
        log = (self.base / "log").read_text(errors="replace")
        pytest.fail(f"pg_ctl could not start PostgreSQL:\n{started.stderr}\n{log}")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL in a temporary directory (as the `postgres` user when running as root)."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.fail(MISSING_PG)
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="cramp-pg-"))
    if as_root:  # initdb refuses to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("Running as root needs a 'postgres' user to start PostgreSQL as.")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    server = PostgresServer(bin_dir=bin_dir, base=base, port=0, as_postgres_user=as_root)
    try:
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


# --- one fresh database per test, on each backend -------------------------------


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend this run of the test uses: 'sqlite' or 'postgresql'."""
    return str(request.param)


@pytest.fixture
def new_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., str]]:
    """Makes a new database on this test's backend and returns its URL.

    Empty by default; `migrated=True` may hand over one already at the newest
    schema (create_diary_engine then has nothing to do).
    """
    made: list[str] = []
    counter = iter(range(1_000_000))
    server: PostgresServer | None = None
    if backend == "postgresql":
        server = request.getfixturevalue("postgres_server")

    def make(*, migrated: bool = False) -> str:
        if server is None:
            return f"sqlite:///{tmp_path / f'diary-{next(counter)}.sqlite'}"
        name = server.create_database(migrated=migrated)
        made.append(name)
        return server.url(name)

    yield make
    if server is not None:
        for name in made:
            server.drop_database(name)


@pytest.fixture
def database_url(new_database_url: Callable[..., str]) -> str:
    """The URL of an empty database on this test's backend."""
    return new_database_url()


@pytest.fixture
def engine(new_database_url: Callable[..., str]) -> Iterator[Engine]:
    """A migrated, empty diary on this test's backend."""
    engine = create_diary_engine(new_database_url(migrated=True))
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite'}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated, empty diary in a SQLite file (for what only SQLite has)."""
    engine = create_diary_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _safety_copies_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Safety copies of a PostgreSQL diary go to the test's folder, not the user's data folder."""
    monkeypatch.setenv("CRAMP_DIARY_SAFETY_COPIES", str(tmp_path / "server-safety-copies"))
