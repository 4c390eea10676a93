"""Every page of the navigation on a phone screen, with the demo diary loaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from dashboard.pages import PAGES, AppPage
from tests.browser.conftest import (
    RunningApp,
    open_and_show,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("nav_page", PAGES, ids=lambda p: p.slug)
def test_every_page_renders_the_demo_diary_on_a_phone_without_an_error(
    phone_page: Page, demo_app: RunningApp, nav_page: AppPage
) -> None:
    open_and_show(phone_page, demo_app, nav_page, "phone")
    # Nothing may stick out sideways: a phone page scrolls only up and down.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
