from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.engine import create_diary_engine, current_revision, head_revision, upgrade_database
from db.repository import get_profile, list_records, load_frames


def test_a_new_database_is_created_at_the_newest_revision(tmp_path: Path) -> None:
    engine = create_diary_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert current_revision(engine) == head_revision() == "0002"


def test_the_migrations_build_exactly_the_tables_the_models_describe(tmp_path: Path) -> None:
    engine = create_diary_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_revision_0001_diary_upgrades_without_losing_a_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_diary_engine(url, migrate=False)
    upgrade_database(old, "0001")
    assert current_revision(old) == "0001"
    with old.begin() as connection:
        for day in range(1, 31):
            connection.execute(
                text(
                    "INSERT INTO night (id, night, water_l, stress, updated_at) "
                    "VALUES (:id, :night, :water, :stress, '2026-01-01 00:00:00')"
                ),
                {"id": day, "night": f"2026-01-{day:02d}", "water": day / 10, "stress": day % 11},
            )
            connection.execute(
                text(
                    "INSERT INTO episode (night_id, onset_time, muscle, side, duration_s, pain, "
                    "felt, relief, warning_signs, note, created_at) VALUES (:id, '02:30:00', "
                    "'calf', 'left', 60, 5, 'hard_knot', '', '', :note, '2026-01-01 00:00:00')"
                ),
                {"id": day, "note": f"night {day} ✓"},
            )
    old.dispose()

    upgraded = create_diary_engine(url)
    assert current_revision(upgraded) == head_revision()
    nights, episodes = load_frames(engine=upgraded)
    assert len(nights) == 30 and len(episodes) == 30
    assert nights["water_l"].round(1).tolist() == [d / 10 for d in range(1, 31)]
    assert sorted(episodes["note"]) == sorted(f"night {d} ✓" for d in range(1, 31))
    assert get_profile(engine=upgraded).water_target_l == 2.0
    assert len(list_records(engine=upgraded)[1]) == 30


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.sqlite'}"
    create_diary_engine(url).dispose()
    engine = create_diary_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM diary_state")).scalar_one() == 1


def test_the_database_file_is_outside_the_repository_by_default(monkeypatch: object) -> None:
    from db.config import default_database_path, get_database_url

    repo = Path(__file__).resolve().parents[2]
    assert repo not in default_database_path().parents
    monkeypatch.delenv("DATABASE_URL", raising=False)  # type: ignore[attr-defined]
    assert get_database_url().endswith("cramp-diary/diary.sqlite")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite")  # type: ignore[attr-defined]
    assert get_database_url() == "sqlite:////tmp/elsewhere.sqlite"
