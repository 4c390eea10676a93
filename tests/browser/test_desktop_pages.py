"""Every page of the navigation on a desktop screen, with the demo diary loaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.pages import PAGES, AppPage
from tests.browser.conftest import (
    RunningApp,
    draws_charts,
    no_exception_box,
    open_and_show,
    open_page,
)

pytestmark = pytest.mark.browser


def test_the_pages_tested_here_are_the_apps_navigation(
    desktop_page: Page, demo_app: RunningApp
) -> None:
    open_page(desktop_page, demo_app)
    links = desktop_page.get_by_test_id("stSidebarNavLink")
    expect(links).to_have_count(len(PAGES))
    shown = [
        (link.get_by_test_id("stMarkdownContainer").inner_text(), link.get_attribute("href"))
        for link in links.all()
    ]
    assert shown == [(p.title, demo_app.page_url(p)) for p in PAGES]
    assert {
        "app_pages/log_page.py",
        "app_pages/diary_page.py",
        "app_pages/data_page.py",
        "app_pages/settings_page.py",
    } <= {p.file for p in PAGES}


@pytest.mark.parametrize("nav_page", PAGES, ids=lambda p: p.slug)
def test_every_page_renders_the_demo_diary_without_an_error(
    desktop_page: Page, demo_app: RunningApp, nav_page: AppPage
) -> None:
    open_and_show(desktop_page, demo_app, nav_page, "desktop")
    current = desktop_page.locator("[data-testid='stSidebarNavLink'][aria-current='page']")
    expect(current.get_by_test_id("stMarkdownContainer")).to_have_text(nav_page.title)


@pytest.mark.parametrize("nav_page", PAGES, ids=lambda p: p.slug)
def test_a_page_shows_charts_exactly_when_its_code_draws_them(
    desktop_page: Page, demo_app: RunningApp, nav_page: AppPage
) -> None:
    open_page(desktop_page, demo_app, nav_page)
    charts = desktop_page.locator(".js-plotly-plot")
    if draws_charts(nav_page):
        expect(charts.first).to_be_visible()
        for chart in charts.all():
            if chart.is_visible():  # charts on tabs not open are drawn when opened
                expect(chart.locator(".main-svg").first).to_be_attached()
    else:
        expect(charts).to_have_count(0)
    no_exception_box(desktop_page, demo_app)


@pytest.mark.parametrize("nav_page", [p for p in PAGES if not p.default], ids=lambda p: p.slug)
def test_a_page_opened_by_its_address_finds_the_server_at_once(
    desktop_page: Page, demo_app: RunningApp, nav_page: AppPage
) -> None:
    # The page shell says the server is at the root (dashboard/phone/guard.py): else the
    # browser asks under the page's address first and waits after its 404.
    asked: list[str] = []
    desktop_page.on("request", lambda request: asked.append(request.url))
    open_page(desktop_page, demo_app, nav_page)
    under_page = [u for u in asked if u.startswith(f"{demo_app.page_url(nav_page)}/")]
    assert under_page == []
    assert f"{demo_app.url}/_stcore/health" in asked
    expect(desktop_page.get_by_role("heading", level=1).first).to_be_visible()
    current = desktop_page.locator("[data-testid='stSidebarNavLink'][aria-current='page']")
    expect(current.get_by_test_id("stMarkdownContainer")).to_have_text(nav_page.title)
