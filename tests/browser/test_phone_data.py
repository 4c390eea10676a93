"""Moving a diary in and out as CSV on a phone: upload, preview, import; download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy import Engine

from core.diary import Episode, NightContext
from core.files.csv_format import COLUMNS, write_diary_csv
from dashboard.pages import DATA
from db.engine import create_diary_engine
from db.repository import add_episode, check_in_cramp_free, list_records, load_frames
from tests.browser import conftest as ui
from tests.browser.conftest import ON_A_PHONE, RunningApp

pytestmark = ON_A_PHONE

HEADER = ",".join(COLUMNS)


def line(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in COLUMNS)


@pytest.fixture
def diary(empty_app: RunningApp) -> Iterator[Engine]:
    """The database the running app writes to, for arranging and checking."""
    engine = create_diary_engine(empty_app.database_url)
    yield engine
    engine.dispose()


def test_an_uploaded_csv_is_previewed_then_imported(
    page: Page, empty_app: RunningApp, diary: Engine
) -> None:
    text = (
        "\n".join(
            [
                HEADER,
                line(night="2026-03-13", time="02:30", muscle="calf", side="left", water_l="1.5"),
                line(night="2026-03-13", time="04:10", muscle="foot", side="left", water_l="1.5"),
                line(night="2026-03-15", time="23:40", muscle="toes", duration_s="45", pain="6"),
                line(night="2026-03-16", stress="3"),
            ]
        )
        + "\n"
    )
    ui.open_page(page, empty_app, DATA)
    upload: FilePayload = {"name": "diary.csv", "mimeType": "text/csv", "buffer": text.encode()}
    uploader = page.get_by_role("region", name="Diary CSV file")
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[upload])
    ui.settle(page)

    ui.no_exception_box(page, empty_app)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("The file holds 3 cramps on 2 nights and 1 cramp-free night.")
    preview = ui.table_rows(page)
    expect(preview.filter(has_text="2026-03-13")).to_have_count(2)
    expect(preview.filter(has_text="toes")).to_have_count(1)
    assert load_frames(engine=diary)[0].empty, "the preview must not write anything"
    ui.save_screenshot(page, "phone-data-preview")

    page.get_by_role("button", name="Import", exact=True).tap()
    ui.settle(page)

    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "Imported: 3 new cramps; 3 new nights (1 of them cramp-free)"
    )
    ui.save_screenshot(page, "phone-data-imported")
    nights, episodes = load_frames(engine=diary)
    assert sorted(episodes["muscle"]) == ["calf", "foot", "toes"]
    assert len(nights) == 3


def test_the_download_is_the_whole_diary_as_csv(
    page: Page, empty_app: RunningApp, diary: Engine, tmp_path: Path
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(
            night=date(2025, 6, 1), time=time(3, 5), muscle="calf", side="right", note="=SUM(A1)"
        ),
        context=NightContext(water_l=1.0, stretched=False),
    )
    check_in_cramp_free(engine=diary, night=date(2025, 6, 2), context=NightContext(stress=2))
    expected = write_diary_csv(*list_records(engine=diary)).encode("utf-8")

    ui.open_page(page, empty_app, DATA)
    ui.no_exception_box(page, empty_app)
    # Waits for the download event itself (the CSV is built on the server when tapped).
    with page.expect_download(timeout=ui.SAFETY_NET_MS) as started:
        page.get_by_role("button", name=re.compile(r"^Download .* \(CSV\)$")).tap()
    download = started.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename.startswith("cramp-diary_")
    assert download.suggested_filename.endswith(".csv")
    content = saved.read_bytes()
    assert content.decode("utf-8").splitlines()[0] == HEADER
    assert "'=SUM(A1)" in content.decode("utf-8")  # a spreadsheet formula is neutralised
    assert content == expected
