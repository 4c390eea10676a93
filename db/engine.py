"""The engine: one per database URL, with SQLite tuned for a diary, and migrations applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url

from db.config import private_file

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE = {"diary_write": True}
# Any fixed number: the key of the one PostgreSQL advisory lock that diary writes queue on.
POSTGRES_WRITE_LOCK = 0x0C4A_3D1A


def _tune_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for writes.

    pysqlite starts transactions lazily, so a transaction that reads before it
    writes can meet another writer and fail at once with "database is locked"
    instead of waiting; taking the write lock at BEGIN makes writers queue.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("diary_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def _serialise_postgres_writes(engine: Engine) -> None:
    """Diary writes on PostgreSQL take one lock first, so they queue like SQLite's.

    A write reads before it writes (is this night stored? is this cramp already
    there?). Under READ COMMITTED two writers could both decide to create the
    same night, and the second would fail on the unique index; a
    transaction-scoped advisory lock makes them take turns instead.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("diary_write"):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")


def alembic_config() -> Config:
    """An Alembic configuration pointing at this package's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (by default the newest)."""
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _make_sqlite_file_private(url: str) -> None:
    """Create the diary file owner-only (0600) before SQLite does it with 0644.

    SQLite gives its -wal and -shm files the main file's permissions, so they
    follow. In-memory databases and `file:` URIs are left to SQLite.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    private_file(path)
    for companion in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        if companion.exists():
            private_file(companion)


def create_diary_engine(url: str, *, migrate: bool = True) -> Engine:
    """An engine for `url` (SQLite file or any SQLAlchemy URL), migrated to the newest schema."""
    if url.startswith("sqlite"):
        _make_sqlite_file_private(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        _tune_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            _serialise_postgres_writes(engine)
    if migrate:
        upgrade_database(engine)
    return engine
