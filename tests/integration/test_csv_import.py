from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from core.diary import Episode, Night, NightContext, sorted_episodes
from core.files.csv_format import COLUMNS, DiaryImportError, parse_diary_csv, write_diary_csv
from db.engine import create_diary_engine
from db.repository import (
    add_episode,
    check_in_cramp_free,
    diary_version,
    import_diary,
    list_records,
    load_frames,
)
from tests.entries import calf_cramp
from tests.unit.test_csv_format import diaries

NOW = datetime(2026, 11, 1, 12, 0)


def row(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in COLUMNS)


def csv_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "diary.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def export(engine: Engine) -> str:
    return write_diary_csv(*list_records(engine=engine))


def import_file(engine: Engine, path: Path) -> object:
    return import_diary(engine=engine, parsed=parse_diary_csv(path.read_bytes(), now=NOW))


def test_export_then_import_into_an_empty_diary_reproduces_it(
    engine: Engine, tmp_path: Path, new_database_url: Callable[..., str]
) -> None:
    add_episode(
        engine=engine,
        episode=calf_cramp(
            duration_s=75,
            pain=7,
            felt=("hard_knot", "soreness_after"),
            relief_helped=False,
            note='=cmd|"/c calc"!A1',
        ),
        context=NightContext(
            water_l=1.25, exercise_min=45, exercise_intensity="vigorous", hot=True, stress=6
        ),
        now=NOW,
    )
    check_in_cramp_free(
        engine=engine, night=date(2026, 3, 14), context=NightContext(stretched=True)
    )
    path = tmp_path / "export.csv"
    path.write_bytes(export(engine).encode("utf-8"))

    fresh = create_diary_engine(new_database_url(migrated=True))
    import_file(fresh, path)
    assert export(fresh).encode("utf-8") == path.read_bytes()
    assert list_records(engine=fresh) == list_records(engine=engine)
    fresh.dispose()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(diary=diaries())
def test_any_diary_survives_export_and_import(
    new_database_url: Callable[..., str], diary: tuple[list[Night], list[Episode]]
) -> None:
    nights, episodes = diary
    target = create_diary_engine(new_database_url(migrated=True))
    import_diary(engine=target, parsed=parse_diary_csv(write_diary_csv(nights, episodes).encode()))
    stored_nights, stored_episodes = list_records(engine=target)
    assert {n.night: n.context for n in stored_nights} == {n.night: n.context for n in nights}
    assert sorted_episodes(stored_episodes) == sorted_episodes(episodes)
    assert export(target) == write_diary_csv(nights, episodes)
    target.dispose()


def test_importing_the_same_file_twice_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        row(night="2026-03-13", time="02:30", muscle="calf", water_l="1.5"),
        row(night="2026-03-14"),
    )
    first = import_file(engine, path)
    version = diary_version(engine=engine)
    second = import_diary(engine=engine, parsed=parse_diary_csv(path.read_bytes()))
    assert first.episodes_added == 1 and first.cramp_free_nights_added == 1  # type: ignore[attr-defined]
    assert second.episodes_added == 0 and second.episodes_already_there == 1
    assert not second.changes_anything
    assert diary_version(engine=engine) == version
    assert len(load_frames(engine=engine)[1]) == 1


def test_one_bad_row_rejects_the_file_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    check_in_cramp_free(engine=engine, night=date(2026, 1, 1), context=NightContext(stress=2))
    before = export(engine)
    rows = [row(night=f"2026-02-{d:02d}", time="02:30", muscle="calf") for d in range(1, 28)]
    rows.append(row(night="2026-02-28", time="02:30", muscle="calf", pain="eleven"))
    with pytest.raises(DiaryImportError) as caught:
        import_file(engine, csv_file(tmp_path, *rows))
    assert [(e.row, e.column) for e in caught.value.errors] == [(29, "pain")]
    assert export(engine) == before


def test_a_file_disagreeing_with_stored_context_is_rejected(engine: Engine, tmp_path: Path) -> None:
    check_in_cramp_free(engine=engine, night=date(2026, 3, 13), context=NightContext(water_l=2.0))
    before = export(engine)
    path = csv_file(
        tmp_path,
        row(night="2026-03-14", time="02:00", muscle="foot"),
        row(night="2026-03-13", water_l="1.0"),
    )
    with pytest.raises(DiaryImportError) as caught:
        import_file(engine, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "water_l")]
    assert "2.0" in caught.value.errors[0].message
    assert export(engine) == before


def test_a_file_fills_in_context_the_diary_lacks(engine: Engine, tmp_path: Path) -> None:
    check_in_cramp_free(engine=engine, night=date(2026, 3, 13), context=NightContext(water_l=2.0))
    summary = import_file(
        engine, csv_file(tmp_path, row(night="2026-03-13", water_l="2.0", stress="3"))
    )
    assert summary.nights_updated == 1  # type: ignore[attr-defined]
    nights, _ = load_frames(engine=engine)
    assert nights["stress"].tolist() == [3]
    assert nights["water_l"].tolist() == [2.0]


def test_a_stored_cramp_with_other_details_is_a_conflict(engine: Engine, tmp_path: Path) -> None:
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 13), time=time(2, 30), muscle="calf", pain=5),
        context=None,
        now=NOW,
    )
    path = csv_file(tmp_path, row(night="2026-03-13", time="02:30", muscle="calf", pain="8"))
    with pytest.raises(DiaryImportError) as caught:
        import_file(engine, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "pain")]


def test_a_file_calling_a_night_with_stored_cramps_cramp_free_is_rejected(
    engine: Engine, tmp_path: Path
) -> None:
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 13), time=time(2, 30), muscle="calf"),
        context=None,
        now=NOW,
    )
    with pytest.raises(DiaryImportError) as caught:
        import_file(engine, csv_file(tmp_path, row(night="2026-03-13")))
    assert "cramp-free" in caught.value.errors[0].message


def test_a_dry_run_counts_without_writing(engine: Engine, tmp_path: Path) -> None:
    path = csv_file(tmp_path, row(night="2026-03-13", time="02:30", muscle="calf"))
    summary = import_diary(engine=engine, parsed=parse_diary_csv(path.read_bytes()), dry_run=True)
    assert summary.episodes_added == 1
    assert load_frames(engine=engine)[1].empty


def test_large_import_reports_progress_and_stores_every_row(engine: Engine, tmp_path: Path) -> None:
    rows = []
    start = date(2010, 1, 1).toordinal()
    for i in range(12_000):
        night = date.fromordinal(start + i // 2).isoformat()
        rows.append(row(night=night, time="02:30" if i % 2 else "23:10", muscle="calf"))
    seen: list[float] = []
    parsed = parse_diary_csv(csv_file(tmp_path, *rows).read_bytes())
    import_diary(engine=engine, parsed=parsed, progress=seen.append)
    assert len(load_frames(engine=engine)[1]) == 12_000
    assert seen[-1] == 1.0 and len(seen) >= 2


def test_the_committed_demo_diary_imports(engine: Engine) -> None:
    demo = Path(__file__).resolve().parents[2] / "sample_data" / "demo_diary.csv"
    summary = import_diary(engine=engine, parsed=parse_diary_csv(demo.read_bytes(), now=NOW))
    assert summary.nights_added > 150
    assert export(engine).encode("utf-8") == demo.read_bytes()
