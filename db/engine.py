"""The engine: one per database URL, with SQLite tuned for a diary, and migrations applied."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text

from db.config import private_file

if TYPE_CHECKING:
    from alembic.config import Config

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


# Alembic is imported only when a schema has to change (or be inspected by a migration
# tool): importing it costs a start about half a second, and a diary already at the newest
# schema, the usual case, needs none of it (see migration_revisions and create_diary_engine).


def alembic_config() -> Config:
    """An Alembic configuration pointing at this package's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (by default the newest)."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this code knows (as Alembic reads the scripts)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@cache
def migration_revisions() -> dict[str, str | None]:
    """Each migration's revision and the revision it follows, read from the scripts' own
    `revision = ...` and `down_revision = ...` lines without importing Alembic."""
    revisions: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        values[target.id] = node.value.value
        if isinstance(values.get("revision"), str):
            down = values.get("down_revision")
            revisions[values["revision"]] = down if isinstance(down, str) else None
    return revisions


def _single_head() -> str | None:
    """The one revision no other follows, or None when the scripts branch (then Alembic
    decides)."""
    revisions = migration_revisions()
    heads = set(revisions) - {down for down in revisions.values() if down is not None}
    return next(iter(heads)) if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the database already has the newest schema, read without Alembic."""
    head = _single_head()
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        stored = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return [row[0] for row in stored] == [head]


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
    if migrate and not _at_head(engine):
        upgrade_database(engine)
    return engine
