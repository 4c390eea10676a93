"""Context imports on a real diary (SQLite and PostgreSQL): blanks filled, typed values kept,
sources shown and carried in backups, undo exact; phone export files told apart and refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.context.values import APPLE_HEALTH, HEALTH_CONNECT, TYPED, WEATHER, ContextImportError
from core.diary import Episode, NightContext
from db.backup import backup_sqlite, read_backup, restore_backup
from db.context_files import read_phone_export
from db.repository import (
    add_episode,
    apply_context_import,
    check_in_cramp_free,
    clear_imported_value,
    diary_version,
    list_context_imports,
    list_records,
    preview_context_import,
    undo_context_import,
    update_night_context,
    value_sources,
)
from sample_data.health_exports import (
    HC_MEMBER,
    PHONE,
    WATCH,
    Drink,
    Session,
    apple_xml,
    apple_zip,
    health_connect_db,
    health_connect_zip,
    water,
    workout,
    zipped,
)
from tests.unit.test_apple_health import BILLION_LAUGHS

NOW = datetime(2026, 3, 20, 9, 0)
N1, N2, N3 = date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 16)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _diary(engine: Engine) -> None:
    """Three nights: one with typed water, one cramp night with nothing, one cramp-free."""
    check_in_cramp_free(engine=engine, night=N1, context=NightContext(water_l=2.5, stress=4))
    add_episode(
        engine=engine,
        episode=Episode(night=N2, time=time(3, 10), muscle="calf"),
        context=NightContext(),
    )
    check_in_cramp_free(engine=engine, night=N3, context=NightContext())


def _state(engine: Engine) -> tuple[list[object], list[object]]:
    nights, episodes = list_records(engine=engine)
    return sorted(nights, key=lambda n: n.night), sorted(episodes, key=lambda e: e.key())


def _export() -> dict[date, NightContext]:
    data = apple_zip(
        [
            water(at("2026-03-14T09:00:00+01:00"), 900),
            water(at("2026-03-15T09:00:00+01:00"), 500, source=PHONE),
            water(at("2026-03-15T09:00:00+01:00"), 750, source=WATCH),
            workout(at("2026-03-15T18:00:00+01:00"), 40, "Running"),
            water(at("2026-03-17T09:00:00+01:00"), 1000),  # a night not in the diary
        ]
    )
    return read_phone_export(io.BytesIO(data), now=NOW).nights


def test_an_import_fills_only_blanks_and_never_adds_nights(engine: Engine) -> None:
    _diary(engine)
    plan = preview_context_import(engine=engine, source=APPLE_HEALTH, imported=_export())
    assert plan.per_field() == {"water_l": 1, "exercise_min": 1, "exercise_intensity": 1}
    assert (plan.nights_not_in_diary, plan.fields_already_set) == (1, 1)
    before = diary_version(engine=engine)
    apply_context_import(engine=engine, source=APPLE_HEALTH, label="export.zip", imported=_export())
    nights, _ = list_records(engine=engine)
    by_night = {n.night: n.context for n in nights}
    assert set(by_night) == {N1, N2, N3}
    assert by_night[N1] == NightContext(water_l=2.5, stress=4)  # typed, untouched
    assert by_night[N2] == NightContext(
        water_l=0.75, exercise_min=40, exercise_intensity="vigorous"
    )
    assert diary_version(engine=engine) > before
    sources = value_sources(engine=engine)
    assert sources[N1] == {"water_l": TYPED, "stress": TYPED}
    assert sources[N2] == {
        "water_l": APPLE_HEALTH,
        "exercise_min": APPLE_HEALTH,
        "exercise_intensity": APPLE_HEALTH,
    }


def test_undo_restores_the_diary_exactly(engine: Engine) -> None:
    _diary(engine)
    before = _state(engine)
    apply_context_import(engine=engine, source=APPLE_HEALTH, label="export.zip", imported=_export())
    assert _state(engine) != before
    (record,) = list_context_imports(engine=engine)
    assert (record.source, record.label, record.values) == (APPLE_HEALTH, "export.zip", 3)
    assert undo_context_import(engine=engine, import_id=record.id) == 3
    assert _state(engine) == before
    assert value_sources(engine=engine)[N2] == {}
    assert list_context_imports(engine=engine) == []
    with pytest.raises(ContextImportError, match="already undone"):
        undo_context_import(engine=engine, import_id=record.id)


def test_importing_twice_fills_nothing_the_second_time(engine: Engine) -> None:
    _diary(engine)
    apply_context_import(engine=engine, source=APPLE_HEALTH, label="a", imported=_export())
    again = apply_context_import(engine=engine, source=APPLE_HEALTH, label="b", imported=_export())
    assert again.fills == ()
    assert len(list_context_imports(engine=engine)) == 1


def test_an_imported_value_can_be_cleared_but_a_typed_one_cannot(engine: Engine) -> None:
    _diary(engine)
    apply_context_import(engine=engine, source=APPLE_HEALTH, label="a", imported=_export())
    clear_imported_value(engine=engine, night=N2, field="water_l")
    nights = {n.night: n.context for n in list_records(engine=engine)[0]}
    assert nights[N2].water_l is None and nights[N2].exercise_min == 40
    with pytest.raises(ContextImportError, match="typed"):
        clear_imported_value(engine=engine, night=N1, field="water_l")


def test_a_typed_change_makes_an_imported_value_the_persons_own(engine: Engine) -> None:
    _diary(engine)
    apply_context_import(engine=engine, source=APPLE_HEALTH, label="a", imported=_export())
    update_night_context(
        engine=engine,
        night=N2,
        context=NightContext(water_l=1.25, exercise_min=40, exercise_intensity="vigorous"),
    )
    assert value_sources(engine=engine)[N2]["water_l"] == TYPED
    assert value_sources(engine=engine)[N2]["exercise_min"] == APPLE_HEALTH
    (record,) = list_context_imports(engine=engine)
    undo_context_import(engine=engine, import_id=record.id)
    nights = {n.night: n.context for n in list_records(engine=engine)[0]}
    assert nights[N2] == NightContext(water_l=1.25)  # the typed value survives the undo


def test_health_connect_fills_what_it_holds(engine: Engine) -> None:
    _diary(engine)
    data = health_connect_zip(
        [Drink(at("2026-03-15T10:00:00+05:30"), 0.4), Drink(at("2026-03-16T07:00:00-05:00"), 1.1)],
        [Session(at("2026-03-16T17:00:00-05:00"), 35, 79)],
    )
    read = read_phone_export(io.BytesIO(data), now=NOW)
    assert read.kind == HEALTH_CONNECT
    apply_context_import(engine=engine, source=read.kind, label="hc.zip", imported=read.nights)
    nights = {n.night: n.context for n in list_records(engine=engine)[0]}
    assert nights[N2] == NightContext(water_l=0.4)
    assert nights[N3] == NightContext(water_l=1.1, exercise_min=35, exercise_intensity="light")
    assert value_sources(engine=engine)[N3]["water_l"] == HEALTH_CONNECT


def test_sources_travel_in_a_sqlite_backup(sqlite_engine: Engine, tmp_path: Path) -> None:
    _diary(sqlite_engine)
    apply_context_import(engine=sqlite_engine, source=WEATHER, label="w",
                         imported={N3: NightContext(hot=True)})  # fmt: skip
    saved = backup_sqlite(sqlite_engine)
    undo_context_import(
        engine=sqlite_engine, import_id=list_context_imports(engine=sqlite_engine)[0].id
    )
    restore_backup(engine=sqlite_engine, backup=read_backup(saved))
    assert value_sources(engine=sqlite_engine)[N3] == {"hot": WEATHER}
    clear_imported_value(engine=sqlite_engine, night=N3, field="hot")
    assert value_sources(engine=sqlite_engine)[N3] == {}


# --- files that are not what they claim ---------------------------------------------


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _not_an_export() -> bytes:
    return zipped("holiday/photo.txt", b"not health data")


def _unknown_schema() -> bytes:
    schema = "CREATE TABLE hydration_record_table (row_id INTEGER, when_ms INTEGER, ml REAL);"
    return zipped(HC_MEMBER, health_connect_db(schema=schema))


def assert_refused(data: bytes, message: str) -> None:
    """Reading `data` as a phone export fails with a ContextImportError matching `message`."""
    with pytest.raises(ContextImportError, match=message):
        read_phone_export(io.BytesIO(data), now=NOW)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (_not_an_export(), "neither an Apple Health export"),
        (_truncated(apple_zip([water(at("2026-03-14T09:00:00+01:00"), 250)] * 50)), "damaged"),
        (_unknown_schema(), "lacks"),
        (b"%PDF-1.7 a letter", "neither"),
        (zipped(HC_MEMBER, b"SQLite format 3\x00" + b"\x00" * 200), "damaged"),
    ],
    ids=["0 bytes", "other zip", "truncated zip", "unknown schema", "pdf", "damaged database"],
)
def test_a_file_that_is_not_a_usable_export_is_refused_with_the_reason(
    data: bytes, message: str
) -> None:
    assert_refused(data, message)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (apple_xml([water(at("2026-03-14T09:00:00+01:00"), 250)]), APPLE_HEALTH),
        (apple_zip([water(at("2026-03-14T09:00:00+01:00"), 250)]), APPLE_HEALTH),
        (health_connect_db([Drink(at("2026-03-14T09:00:00+01:00"), 0.25)]), HEALTH_CONNECT),
        (health_connect_zip([Drink(at("2026-03-14T09:00:00+01:00"), 0.25)]), HEALTH_CONNECT),
    ],
    ids=["apple xml", "apple zip", "health connect db", "health connect zip"],
)
def test_each_kind_of_export_is_told_apart_by_its_content(data: bytes, kind: str) -> None:
    read = read_phone_export(io.BytesIO(data), now=NOW)
    assert (read.kind, read.nights) == (kind, {N1: NightContext(water_l=0.25)})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (apple_zip([water(at("2026-03-14T09:00:00+01:00"), 21, "L")]), "more than"),
        (apple_zip([water(at("2026-03-14T09:00:00+01:00"), -5, "L")]), "negative"),
        (apple_zip([water(at("2026-03-24T09:00:00+01:00"), 250)]), "has not come yet"),
        (zipped("apple_health_export/export.xml", BILLION_LAUGHS), "declares XML entities"),
        (health_connect_zip([Drink(at("2026-03-14T09:00:00+01:00"), 25.0)]), "more than"),
        (health_connect_zip([Drink(at("2026-04-14T09:00:00+01:00"), 1.0)]), "has not come"),
    ],
    ids=["21 L", "negative", "future", "billion laughs in a zip", "hc 25 L", "hc future"],
)
def test_absurd_amounts_future_days_and_entity_tricks_in_zips_are_refused(
    data: bytes, message: str
) -> None:
    assert_refused(data, message)


def test_a_zip_whose_content_is_corrupt_is_refused() -> None:
    data = bytearray(apple_zip([water(at("2026-03-14T09:00:00+01:00"), 250)] * 200))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.infolist()[0].header_offset + 200
    data[offset : offset + 50] = b"\xff" * 50
    with pytest.raises(ContextImportError, match="damaged"):
        read_phone_export(io.BytesIO(bytes(data)), now=NOW)


def test_a_health_connect_session_of_thirty_hours_is_refused() -> None:
    data = health_connect_zip([], [Session(at("2026-03-14T06:00:00+00:00"), 30 * 60)])
    with pytest.raises(ContextImportError, match="more than a day"):
        read_phone_export(io.BytesIO(data), now=NOW)
