"""Migrations: a new database gets the newest schema; every revision keeps every row."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    Table,
    create_engine,
    insert,
    inspect,
    select,
    text,
)
from sqlmodel import Session, SQLModel

import db.models  # noqa: F401
from core.diary import Episode
from db.engine import (
    alembic_config,
    create_diary_engine,
    current_revision,
    head_revision,
    upgrade_database,
)
from db.models import EpisodeRow, NightRow
from db.repository import add_episode, get_profile, list_interventions, list_records, load_frames

REVISIONS = [
    (script.revision, script.down_revision)
    for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    if script.down_revision is not None
]
WRITTEN = datetime(2026, 1, 1, 8, 30, 15)


def _table(columns: tuple[str, ...], *values: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Rows of one table written as a header and value tuples, one tuple a row."""
    assert all(len(row) == len(columns) for row in values)
    return [dict(zip(columns, row, strict=True)) for row in values]


def _nights_and_episodes() -> dict[str, list[dict[str, Any]]]:
    """Nights and cramps as revision 0001 stores them, with every kind of value and gap."""
    nights, episodes = [], []
    notes = ["", "plain", "emoji 🦵💤", "עברית مرحبا", "quote ' and \" and ;", "=SUM(A1)"]
    for i in range(40):
        nights.append(
            {
                "id": i + 1,
                "night": date(2025, 12, 1) + timedelta(days=i),
                "water_l": None if i % 5 == 0 else round(0.25 * (i % 12), 2),
                "exercise_min": None if i % 3 else i * 5,
                "exercise_intensity": [None, "none", "light", "moderate", "vigorous"][i % 5],
                "hot": [None, True, False][i % 3],
                "stretched": [True, None, False][i % 3],
                "sitting_h": None if i % 4 else 7.5,
                "hard_floor_h": None if i % 6 else 2.0,
                "stress": None if i % 7 == 0 else i % 11,
                "new_medication": [False, None][i % 2],
                "updated_at": WRITTEN + timedelta(minutes=i),
            }
        )
        for j in range(i % 3):  # some nights are cramp-free
            episodes.append(
                {
                    "night_id": i + 1,
                    "onset_time": time(2 + j, (7 * i) % 60) if j else time(23, i % 60),
                    "muscle": ["calf", "foot", "thigh_back"][j],
                    "side": ["", "left", "right", "both"][(i + j) % 4],
                    "duration_s": None if i % 8 == 0 else 30 + i,
                    "pain": None if i % 9 == 0 else i % 11,
                    "woke": [True, False, None][(i + j) % 3],
                    "felt": "hard_knot;soreness_after" if j else "",
                    "relief": "stretch" if i % 2 else "",
                    "relief_helped": (i % 4 == 1) if i % 2 else None,
                    "warning_signs": "numbness" if i == 13 else "",
                    "note": notes[(i + j) % len(notes)],
                    "created_at": WRITTEN + timedelta(seconds=i * 10 + j),
                }
            )
    return {"night": nights, "episode": episodes}


def _with_profile_and_interventions() -> dict[str, list[dict[str, Any]]]:
    """Revision 0002 adds the profile, interventions and the diary version."""
    rows = _nights_and_episodes()
    rows["profile"] = [
        {
            "id": 1,
            "age_65_plus": True,
            "pregnant": False,
            "athlete": True,
            "obesity": False,
            "water_target_l": 2.4,
            "volume_unit": "cups",
            "long_sitting_h": 5.5,
            "long_standing_h": 3.0,
            "high_stress": 8,
            "long_exercise_min": 60,
        }
    ]
    rows["intervention"] = _table(
        ("id", "name", "kind", "started_on", "ended_on", "note"),
        (1, "Calf stretch at bedtime", "stretching", date(2025, 12, 10), None, ""),
        (2, "Magnesium (my provider's idea)", "other", date(2025, 12, 1), date(2025, 12, 20),
         "<b>not bold</b>"),
    )  # fmt: skip
    return rows


def _with_experiments() -> dict[str, list[dict[str, Any]]]:
    """Revision 0004 adds self-experiments, their pauses and the check-in's answers."""
    rows = _with_profile_and_interventions()
    rows["experiment"] = [
        {
            "id": 1,
            "tip_id": "stretch_before_sleep",
            "started_on": date(2025, 12, 2),
            "block_nights": 7,
            "pairs": 3,
            "seed": 2026,
            "stopped_on": None,
        }
    ]
    rows["experiment_pause"] = [
        {"id": 1, "experiment_id": 1, "paused_on": date(2025, 12, 9), "resumed_on": None}
    ]
    rows["experiment_night"] = [
        {"id": 1, "experiment_id": 1, "night": date(2025, 12, 3), "followed": True},
        {"id": 2, "experiment_id": 1, "night": date(2025, 12, 4), "followed": None},
    ]
    return rows


def _with_medicines() -> dict[str, list[dict[str, Any]]]:
    """Revision 0005 adds the medicine list."""
    rows = _with_experiments()
    rows["medicine"] = _table(
        ("id", "name", "dose", "purpose", "started_on", "stopped_on", "note"),
        (1, "Hydrochlorothiazide", "25 mg each morning", "blood pressure", date(2025, 11, 20),
         None, "<b>not bold</b>"),
        (2, "Atorvastatin", "", "", date(2025, 10, 1), date(2025, 11, 1), ""),
    )  # fmt: skip
    return rows


def _with_context_sources() -> dict[str, list[dict[str, Any]]]:
    """Revision 0006 adds imports, value sources, the weather cache and profile columns."""
    rows = _with_medicines()
    rows["profile"] = [
        {**row, "hot_apparent_c": 29.5, "weather_latitude": 52.5, "weather_longitude": 13.4}
        for row in rows["profile"]
    ]
    rows["context_import"] = [
        {"id": 1, "source": "apple_health", "label": "export.zip", "imported_at": WRITTEN}
    ]
    rows["context_source"] = [
        {"id": 1, "night_id": 2, "field": "water_l", "source": "apple_health", "import_id": 1},
        {"id": 2, "night_id": 3, "field": "hot", "source": "weather", "import_id": None},
    ]
    rows["weather_day"] = [
        {"id": 1, "lat_tenths": 525, "lon_tenths": 134, "day": date(2025, 12, 2),
         "apparent_max_c": 3.5, "fetched_at": WRITTEN},
    ]  # fmt: skip
    return rows


# What to store at each revision before upgrading from it. A new migration needs
# the revision before it here; its upgrade test fails until it is added.
SEEDS: dict[str, Callable[[], dict[str, list[dict[str, Any]]]]] = {
    "0001": _nights_and_episodes,
    "0002": _with_profile_and_interventions,
    "0003": _with_profile_and_interventions,  # 0003 changed column types, not tables
    "0004": _with_experiments,
    "0005": _with_medicines,
    "0006": _with_context_sources,  # for the revision after it
}


def _tables(connection: Connection) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return {name: t for name, t in metadata.tables.items() if name != "alembic_version"}


def _comparable(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # the test server runs in UTC
    return value


def _snapshot(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """Every row of every diary table, in primary-key order."""
    with engine.connect() as connection:
        tables = _tables(connection)
        return {
            name: [
                {k: _comparable(v) for k, v in row._mapping.items()}
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for name, table in tables.items()
        }


def test_a_new_database_is_created_at_the_newest_revision(database_url: str) -> None:
    engine = create_diary_engine(database_url)
    assert current_revision(engine) == head_revision() == "0006"
    engine.dispose()


def test_the_migrations_build_exactly_the_tables_the_models_describe(database_url: str) -> None:
    engine = create_diary_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def _check_constraints(engine: Engine) -> dict[str, list[tuple[str | None, str]]]:
    inspector = inspect(engine)
    return {
        table: sorted(
            (check["name"], " ".join(str(check["sqltext"]).split()))
            for check in inspector.get_check_constraints(table)
        )
        for table in SQLModel.metadata.tables
    }


def test_the_migrations_build_exactly_the_check_constraints_the_models_describe(
    new_database_url: Callable[..., str],
) -> None:
    # The models' checks are built from core's limits: a limit changed there
    # without a revision that changes the stored check fails here.
    migrated = create_diary_engine(new_database_url())
    from_models = create_engine(new_database_url())
    SQLModel.metadata.create_all(from_models)
    try:
        assert _check_constraints(migrated) == _check_constraints(from_models)
    finally:
        migrated.dispose()
        from_models.dispose()


def test_every_revision_has_data_to_upgrade_from() -> None:
    missing = [down for _, down in REVISIONS if down not in SEEDS]
    assert not missing, f"add rows for revision(s) {missing} to SEEDS"


@pytest.mark.parametrize(("revision", "previous"), REVISIONS, ids=[r for r, _ in REVISIONS])
def test_upgrading_to_each_revision_keeps_every_row(
    database_url: str, revision: str, previous: str
) -> None:
    engine = create_diary_engine(database_url, migrate=False)
    upgrade_database(engine, previous)
    seed = SEEDS[str(previous)]()
    with engine.begin() as connection:
        tables = _tables(connection)
        for name, rows in seed.items():
            connection.execute(insert(tables[name]), rows)
    before = _snapshot(engine)
    assert sum(len(rows) for rows in before.values()) >= 79

    upgrade_database(engine, revision)
    assert current_revision(engine) == revision
    after = _snapshot(engine)
    for name, rows in before.items():
        assert name in after, f"table {name} disappeared"
        assert len(after[name]) == len(rows), f"table {name} lost or gained rows"
        for old, new in zip(rows, after[name], strict=True):
            shared = old.keys() & new.keys()
            assert {k: old[k] for k in shared} == {k: new[k] for k in shared}, name
    engine.dispose()


def test_a_revision_0001_diary_upgrades_to_the_newest_and_reads_back(database_url: str) -> None:
    old = create_diary_engine(database_url, migrate=False)
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

    upgraded = create_diary_engine(database_url)
    assert current_revision(upgraded) == head_revision()
    nights, episodes = load_frames(engine=upgraded)
    assert len(nights) == 30 and len(episodes) == 30
    assert nights["water_l"].round(1).tolist() == [d / 10 for d in range(1, 31)]
    assert sorted(episodes["note"]) == sorted(f"night {d} ✓" for d in range(1, 31))
    assert get_profile(engine=upgraded).water_target_l == 2.0
    assert len(list_records(engine=upgraded)[1]) == 30
    assert list_interventions(engine=upgraded) == []
    with Session(upgraded) as session:
        created = session.scalars(select(EpisodeRow.created_at)).first()  # type: ignore[call-overload]
    assert created == datetime(2026, 1, 1, tzinfo=UTC)
    upgraded.dispose()


def test_stored_times_read_back_in_utc_whatever_the_server_time_zone(
    database_url: str, backend: str
) -> None:
    engine = create_diary_engine(database_url)
    if backend == "postgresql":  # a server far from UTC shows a wrong zone at once
        with engine.begin() as connection:
            connection.exec_driver_sql(
                f"ALTER DATABASE {engine.url.database} SET timezone TO 'Pacific/Kiritimati'"
            )
        engine.dispose()
    before = datetime.now(UTC)
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 13), time=time(2, 30), muscle="calf"),
        context=None,
    )
    with Session(engine) as session:
        created = session.scalars(select(EpisodeRow.created_at)).one()  # type: ignore[call-overload]
        updated = session.scalars(select(NightRow.updated_at)).one()  # type: ignore[call-overload]
    engine.dispose()
    for stamp in (created, updated):
        assert stamp.utcoffset() == timedelta(0)
        assert abs(stamp - before) < timedelta(minutes=1)


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    create_diary_engine(database_url).dispose()
    engine = create_diary_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM diary_state")).scalar_one() == 1
    engine.dispose()


def test_the_database_file_is_outside_the_repository_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from db.config import default_database_path, get_database_url

    repo = Path(__file__).resolve().parents[2]
    assert repo not in default_database_path().parents
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert get_database_url().endswith("cramp-diary/diary.sqlite")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite")
    assert get_database_url() == "sqlite:////tmp/elsewhere.sqlite"
