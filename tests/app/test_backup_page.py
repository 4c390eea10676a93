"""The Data page's backup and restore section, driven through AppTest."""

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from core.files.csv_format import COLUMNS
from core.profile import Profile
from db.backup import backup_csv, backup_sqlite
from db.engine import create_diary_engine
from db.repository import add_episode, get_profile, list_records, save_profile
from tests.app.conftest import by_label

RESTORE = "Backup file (.sqlite or .csv)"
CSV_CONFIRM = (
    "Replace every night and cramp (settings and changes stay) in my diary with this backup"
)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Engine]:
    """A second diary, whose backup the test restores into the app's diary."""
    engine = create_diary_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    for day in (1, 2, 3):
        add_episode(
            engine=engine,
            episode=Episode(
                night=date(2026, 2, day), time=time(2, 0), muscle="thigh_back", note="<i>x</i>"
            ),
            context=NightContext(water_l=1.0),
        )
    save_profile(engine=engine, profile=Profile(water_target_l=3.0))
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def seed(diary: Engine) -> None:
    """Every test here starts from a diary of one calf cramp."""
    add_episode(
        engine=diary,
        episode=Episode(night=date(2026, 3, 13), time=time(2, 30), muscle="calf"),
        context=None,
    )


def upload_backup(at: AppTest, name: str, data: bytes) -> AppTest:
    uploader = by_label(at.file_uploader, RESTORE)
    uploader.set_value((name, data, "application/octet-stream"))  # type: ignore[attr-defined]
    return at.run()


def open_with_upload(open_page: Callable[[str], AppTest], name: str, data: bytes) -> AppTest:
    """The Data page with `data` chosen as the backup to restore, under the file name `name`."""
    return upload_backup(open_page("app_pages/data_page.py"), name, data)


def restore_csv_of(open_page: Callable[[str], AppTest], other: Engine) -> AppTest:
    """Upload `other`'s CSV backup on the Data page, tick the confirmation and press Restore."""
    at = open_with_upload(open_page, "backup.csv", backup_csv(other))
    by_label(at.checkbox, CSV_CONFIRM).check()  # type: ignore[attr-defined]
    restored: AppTest = by_label(at.run().button, "Restore").click().run()  # type: ignore[attr-defined]
    return restored


def refused(open_page: Callable[[str], AppTest], diary: Engine, name: str, data: bytes) -> AppTest:
    """Upload `data` over a one-cramp diary: the page must run, show an error, offer no
    Restore button and leave the diary as it was. Returns the page for the test's own checks."""
    before = list_records(engine=diary)
    at = open_with_upload(open_page, name, data)
    assert not at.exception
    assert at.error
    assert not [b for b in at.button if b.label == "Restore"]
    assert list_records(engine=diary) == before
    return at


def test_the_data_page_offers_the_csv_and_the_database_file(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Whole diary (CSV)" in labels
    assert "Database file (SQLite)" in labels
    assert not at.exception


def test_a_database_backup_is_restored_only_after_confirming(
    open_page: Callable[[str], AppTest], diary: Engine, other: Engine
) -> None:
    at = open_with_upload(open_page, "backup.sqlite", backup_sqlite(other))
    assert not at.exception and not at.error
    assert any("The backup holds **3 cramps** on **3 nights**" in m.value for m in at.markdown)
    restore = by_label(at.button, "Restore")
    assert restore.disabled  # type: ignore[attr-defined]
    assert [e.muscle for e in list_records(engine=diary)[1]] == ["calf"]

    by_label(
        at.checkbox, "Replace every night, cramp, setting and change in my diary with this backup"
    ).check()  # type: ignore[attr-defined]
    at = at.run()
    at = by_label(at.button, "Restore").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert "Restored: your diary now holds 3 cramps on 3 nights." in at.success[0].value
    assert list_records(engine=diary) == list_records(engine=other)
    assert get_profile(engine=diary).water_target_l == 3.0
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download 3 cramps and 3 nights (CSV)" in labels  # the page shows the new diary


def test_a_csv_backup_is_restored_and_the_settings_kept(
    open_page: Callable[[str], AppTest], diary: Engine, other: Engine
) -> None:
    save_profile(engine=diary, profile=Profile(water_target_l=2.5))
    at = restore_csv_of(open_page, other)
    assert not at.exception and not at.error
    assert list_records(engine=diary) == list_records(engine=other)
    assert get_profile(engine=diary).water_target_l == 2.5


def test_a_file_that_is_not_a_diary_is_refused_with_a_reason(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = refused(open_page, diary, "holiday.sqlite", b"SQLite format 3\x00" + b"?" * 900)
    assert "This file cannot be restored" in at.error[0].value
    assert "cannot be read as a SQLite database" in at.error[0].value


def test_a_bad_csv_backup_lists_its_problems_as_text(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    header = backup_csv(diary).splitlines()[0]
    bad = header + b"\n2026-03-20,02:30,<img src=x onerror=alert(1)>,,,,,,,,,,,,,,,,,,\n"
    at = refused(open_page, diary, "backup.csv", bad)
    assert "not a valid diary CSV" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["Column"].tolist() == ["muscle"]
    assert "<img src=x onerror=alert(1)>" in problems["Problem"].tolist()[0]
    assert all("<img" not in m.value for m in at.markdown)


def test_each_new_backup_file_must_be_confirmed_afresh(
    open_page: Callable[[str], AppTest], diary: Engine, other: Engine
) -> None:
    at = open_with_upload(open_page, "first.csv", backup_csv(other))
    by_label(at.checkbox, CSV_CONFIRM).check()  # type: ignore[attr-defined]
    at = at.run()
    assert not by_label(at.button, "Restore").disabled  # type: ignore[attr-defined]
    at = upload_backup(at, "second.csv", backup_csv(diary))
    assert by_label(at.checkbox, CSV_CONFIRM).value is False  # type: ignore[attr-defined]
    assert by_label(at.button, "Restore").disabled  # type: ignore[attr-defined]


def test_a_restore_can_be_undone_in_one_click(
    open_page: Callable[[str], AppTest], diary: Engine, other: Engine
) -> None:
    before = list_records(engine=diary)
    at = restore_csv_of(open_page, other)
    assert list_records(engine=diary) == list_records(engine=other)
    assert "Safety copies (1)" in [e.label for e in at.expander]

    at = by_label(at.button, "Undo the last restore").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert list_records(engine=diary) == before


def test_a_csv_of_a_header_and_a_row_of_commas_cannot_empty_the_diary(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    empty = (",".join(COLUMNS) + "\n" + "," * (len(COLUMNS) - 1) + "\n").encode()
    at = refused(open_page, diary, "backup.csv", empty)
    assert "not a valid diary CSV" in at.error[0].value
    assert "has a header but no rows" in at.dataframe[0].value["Problem"][0]


def test_a_database_with_text_in_a_number_column_is_refused_on_every_rerun(
    open_page: Callable[[str], AppTest], diary: Engine, other: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "tampered.sqlite"
    path.write_bytes(backup_sqlite(other))
    with closing(sqlite3.connect(path)) as database:
        database.executescript(
            "PRAGMA ignore_check_constraints = ON; UPDATE episode SET pain = 'seven';"
        )
    at = open_with_upload(open_page, "backup.sqlite", path.read_bytes())
    for _ in range(2):  # the refusal is remembered, not lost, on the next rerun
        assert not at.exception
        assert "values the diary cannot store" in at.error[0].value
        at = at.run()
