"""Opening a diary already at the newest schema needs no Alembic (issue 20): the engine
reads the migration scripts' own revision lines and the stored revision, and hands over to
Alembic only when the schema must change, or is one this code does not know."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from db.engine import (
    alembic_config,
    create_diary_engine,
    current_revision,
    head_revision,
    migration_revisions,
    upgrade_database,
)
from tests.integration.test_cli import cramp_diary


def test_the_revisions_read_without_alembic_are_alembic_s() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert migration_revisions() == {s.revision: s.down_revision for s in scripts.walk_revisions()}
    heads = set(migration_revisions()) - set(migration_revisions().values())
    assert heads == {head_revision()}


def test_a_new_database_is_migrated_and_an_old_one_brought_up(
    new_database_url: Callable[..., str],
) -> None:
    url = new_database_url()
    engine = create_diary_engine(url, migrate=False)
    upgrade_database(engine, "0001")
    engine.dispose()
    engine = create_diary_engine(url)  # not at the head: Alembic upgrades it
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_a_diary_from_a_newer_app_is_refused_with_a_clear_message(
    new_database_url: Callable[..., str], backend: str
) -> None:
    url = new_database_url(migrated=True)
    engine = create_diary_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(Exception, match="9999"):
        create_diary_engine(url)  # an unknown revision goes to Alembic, which refuses it
    run = cramp_diary("export", "--db", url)
    assert run.returncode == 1, run.stderr
    assert "made by a newer version of Cramp Diary" in run.stderr
