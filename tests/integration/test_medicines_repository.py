"""The medicine list in the database (SQLite and PostgreSQL): refusals change nothing, and the
list survives backup -> restore and CSV export -> import exactly."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from core.diary import DiaryInputError, Episode, NightContext
from core.medicines.csv_file import parse_medicines_csv, write_medicines_csv
from core.medicines.medicine import Medicine
from db.backup import backup_csv, read_backup, restore_backup
from db.engine import create_diary_engine
from db.repository import (
    add_episode,
    delete_medicine,
    diary_version,
    import_medicines,
    list_medicines,
    save_medicine,
    stop_medicine,
)
from db.safety_copies import SAFETY_COPIES_ENV

TODAY = date.today()
START = TODAY - timedelta(days=60)
LIST = [
    Medicine(
        name="Hydrochlorothiazide",
        dose="25 mg",
        purpose="blood pressure",
        started_on=START,
        stopped_on=START + timedelta(days=20),
        note="=1+1 <b>x</b>\nsecond line",
    ),
    Medicine(name="Hydrochlorothiazide", started_on=START + timedelta(days=30)),
    Medicine(name="Atorvastatin", dose="20 mg", started_on=START + timedelta(days=5)),
]


def stored(engine: Engine) -> list[Medicine]:
    for item in LIST:
        save_medicine(engine=engine, medicine=item, today=TODAY)
    return list_medicines(engine=engine)


def without_ids(items: list[Medicine]) -> list[tuple[object, ...]]:
    return sorted((m.name, m.dose, m.purpose, m.started_on, m.stopped_on, m.note) for m in items)  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (Medicine(name="Lipitor", started_on=TODAY + timedelta(days=1)), "in the future"),
        (Medicine(name="Lipitor", started_on=TODAY, stopped_on=START), "before the start"),
        (Medicine(name="", started_on=TODAY), "Give the medicine's name"),
        (Medicine(name="x" * 201, started_on=TODAY), "limit is 200"),
        (Medicine(name="atorvastatin", started_on=TODAY), "overlaps"),
        (Medicine(name="hydrochlorothiazide", started_on=START + timedelta(days=10)), "overlaps"),
    ],
)
def test_a_bad_medicine_is_refused_and_nothing_changes(
    engine: Engine, item: Medicine, words: str
) -> None:
    before = stored(engine)
    version = diary_version(engine=engine)
    with pytest.raises(DiaryInputError, match=words):
        save_medicine(engine=engine, medicine=item, today=TODAY)
    assert list_medicines(engine=engine) == before
    assert diary_version(engine=engine) == version


def test_an_edit_that_would_overlap_is_refused(engine: Engine) -> None:
    before = stored(engine)
    statin = next(m for m in before if m.name == "Atorvastatin")
    renamed = dataclasses.replace(statin, name="Hydrochlorothiazide")  # inside the first spell
    with pytest.raises(DiaryInputError, match="overlaps"):
        save_medicine(engine=engine, medicine=renamed, today=TODAY)
    assert list_medicines(engine=engine) == before


def test_stop_and_delete(engine: Engine) -> None:
    stored(engine)
    stopped = stop_medicine(engine=engine, name="atorvastatin", stopped_on=TODAY, today=TODAY)
    assert stopped.stopped_on == TODAY
    with pytest.raises(DiaryInputError, match="not a medicine you are taking now"):
        stop_medicine(engine=engine, name="Atorvastatin", stopped_on=TODAY, today=TODAY)
    assert stopped.id is not None
    delete_medicine(engine=engine, medicine_id=stopped.id)
    with pytest.raises(DiaryInputError, match="no medicine"):
        delete_medicine(engine=engine, medicine_id=stopped.id)
    assert [m.name for m in list_medicines(engine=engine)] == ["Hydrochlorothiazide"] * 2


def test_the_table_itself_refuses_a_stop_before_the_start(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO medicine (name, dose, purpose, started_on, stopped_on, note) "
                "VALUES ('x', '', '', '2026-02-01', '2026-01-01', '')"
            )
        )


def test_the_list_survives_csv_export_and_import_exactly(
    engine: Engine, new_database_url: object
) -> None:
    original = stored(engine)
    data = write_medicines_csv(original).encode("utf-8")
    other = create_diary_engine(new_database_url())  # type: ignore[operator]
    try:
        assert import_medicines(engine=other, medicines=parse_medicines_csv(data), today=TODAY) == 3
        assert without_ids(list_medicines(engine=other)) == without_ids(original)
        # Twice adds nothing.
        assert import_medicines(engine=other, medicines=parse_medicines_csv(data), today=TODAY) == 0
    finally:
        other.dispose()


def test_an_import_that_overlaps_the_stored_list_changes_nothing(engine: Engine) -> None:
    before = stored(engine)
    clash = [
        Medicine(name="Lipitor", started_on=START),
        Medicine(name="Atorvastatin", started_on=START + timedelta(days=40)),
    ]
    with pytest.raises(DiaryInputError, match="overlaps"):
        import_medicines(engine=engine, medicines=clash, today=TODAY)
    assert list_medicines(engine=engine) == before


def test_the_list_survives_backup_and_restore_exactly(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SAFETY_COPIES_ENV, str(tmp_path))  # where a server diary's copies go
    add_episode(
        engine=engine,
        episode=Episode(night=START, time=time(2, 0), muscle="calf"),
        context=NightContext(),
    )
    original = stored(engine)
    # A SQLite copy of the diary, whatever its database: the safety copy a restore makes
    # (of a CSV backup, which keeps the list) is what a backup file holds.
    data = restore_backup(engine=engine, backup=read_backup(backup_csv(engine))).path.read_bytes()
    assert without_ids(list_medicines(engine=engine)) == without_ids(original)
    for item in original:
        assert item.id is not None
        delete_medicine(engine=engine, medicine_id=item.id)
    restore_backup(engine=engine, backup=read_backup(data))
    assert without_ids(list_medicines(engine=engine)) == without_ids(original)
    # A CSV backup holds nights and cramps only: restoring one keeps the list.
    restore_backup(engine=engine, backup=read_backup(backup_csv(engine)))
    assert without_ids(list_medicines(engine=engine)) == without_ids(original)
