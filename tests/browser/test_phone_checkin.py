"""The morning check-in on a phone: a cramp-free night in one tap."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from core.diary import last_night
from dashboard.pages import DIARY
from tests.browser.conftest import (
    PHONE_CONTEXT,
    RunningApp,
    no_exception_box,
    open_page,
    save_screenshot,
    settle,
    table_rows,
)

pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(**PHONE_CONTEXT)]


def test_one_tap_records_last_night_as_cramp_free(page: Page, empty_app: RunningApp) -> None:
    open_page(page, empty_app)
    night = last_night(date.today())

    page.get_by_role("button", name="No cramps last night").tap()
    settle(page)

    no_exception_box(page, empty_app)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_text(
        f"Saved: no cramps on the night of {night:%A %d %B}."
    )
    save_screenshot(page, "phone-log-checked-in")
    open_page(page, empty_app, DIARY)
    free = page.get_by_test_id("stMetric").filter(has_text="Cramp-free nights")
    expect(free.get_by_test_id("stMetricValue")).to_have_text("1")
    row = table_rows(page).filter(has_text="No cramps")
    expect(row).to_contain_text(night.isoformat())
