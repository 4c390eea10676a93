"""Browser fixtures: the real app under `streamlit run`, driven by Debian's headless Chromium.

Each test module gets its own server (module scope) on a free loopback port
with a throwaway SQLite diary, so the modules can run in parallel under
pytest-xdist (`--dist loadfile`) without sharing state.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from dashboard.pages import EXPERIMENTS, AppPage
from dashboard.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    app_command,
    free_port,
    local_url,
    wait_until_serving,
)
from db.engine import create_diary_engine
from tests.conftest import REPO
from tests.entries import load_demo

SCREENSHOTS = REPO / "screenshots"
# Every wait in the browser tests is for an event: the server answers its health check, the
# script has finished, an element is drawn, a download has started. The limit on each is only
# a safety net that stops a broken app from hanging the suite, far beyond what a loaded 2-core
# machine running every test needs: a slow machine makes a test slower, never red.
SAFETY_NET_S = 300.0
SAFETY_NET_MS = int(SAFETY_NET_S * 1000)
STARTUP_TIMEOUT_S = SAFETY_NET_S
# Streamlit renders some widgets from code chunks loaded after the script has run.
RENDER_TIMEOUT_MS = SAFETY_NET_MS
# Playwright's own defaults (5 s for an expect, 30 s for an action or a download) are such
# clock budgets; every page and assertion here waits for its event up to the safety net.
expect.set_options(timeout=SAFETY_NET_MS)

PHONE_CONTEXT: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    # Streamlit tells phones by their user agent (it folds the menu away after a tap).
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
}
# What every phone test module sets as its `pytestmark`.
ON_A_PHONE = [pytest.mark.browser, pytest.mark.browser_context_args(**PHONE_CONTEXT)]
DESKTOP_CONTEXT: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
# Apple's and Google's guidelines agree on about 44 CSS pixels for a finger.
MIN_TOUCH_PX = 44.0


# Pages whose charts need more than the demo diary holds: the Experiments page draws its
# block chart only once an experiment exists, and the demo diary has none.
CHARTS_NEED_AN_EXPERIMENT = (EXPERIMENTS,)


def draws_charts(page: AppPage) -> bool:
    """Whether the page's own code puts a Plotly chart on screen for the demo diary."""
    if page in CHARTS_NEED_AN_EXPERIMENT:
        return False
    return "plotly_chart(" in page.path.read_text(encoding="utf-8")


# --- the server ----------------------------------------------------------------


@dataclass(frozen=True)
class RunningApp:
    """A `streamlit run` of the real app and the database it writes to."""

    url: str
    database_url: str
    log_path: Path

    def server_log_tail(self, lines: int = 40) -> str:
        """The end of the server's output (where Streamlit writes an exception's traceback)."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def page_url(self, page: AppPage | None = None) -> str:
        if page is None or page.default:
            return f"{self.url}/"
        return f"{self.url}/{page.url_path}"


StartApp = Callable[[str, Path], RunningApp]


@pytest.fixture(scope="session")
def start_app() -> Iterator[StartApp]:
    """A function that starts the app on a database and returns it once it serves."""
    processes: list[subprocess.Popen[bytes]] = []

    def _start(database_url: str, log_path: Path) -> RunningApp:
        port = free_port()
        url = local_url(port)
        env = {**os.environ, "DATABASE_URL": database_url}
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                app_command(port, "--server.fileWatcherType", "none"),
                cwd=REPO,  # so that .streamlit/config.toml applies
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        if not wait_until_serving(process, url, timeout_s=STARTUP_TIMEOUT_S, poll_s=0.2):
            process.kill()
            output = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(
                f"`streamlit run` did not serve {url} within {STARTUP_TIMEOUT_S:.0f} s "
                f"(exit code {process.poll()}). Its output:\n{output}"
            )
        return RunningApp(url=url, database_url=database_url, log_path=log_path)

    yield _start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def empty_app(start_app: StartApp, tmp_path_factory: pytest.TempPathFactory) -> RunningApp:
    """The app on an empty diary of its own (one per test module)."""
    folder = tmp_path_factory.mktemp("empty_app")
    return start_app(f"sqlite:///{folder / 'diary.sqlite'}", folder / "server.log")


@pytest.fixture(scope="module")
def demo_app(start_app: StartApp, tmp_path_factory: pytest.TempPathFactory) -> RunningApp:
    """The app on a diary holding the committed six-month demo diary."""
    folder = tmp_path_factory.mktemp("demo_app")
    database_url = f"sqlite:///{folder / 'diary.sqlite'}"
    engine = create_diary_engine(database_url)
    try:
        load_demo(engine)
    finally:
        engine.dispose()
    return start_app(database_url, folder / "server.log")


# --- the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a browser downloaded by `playwright install`."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}, which is missing. "
            "Install it with `apt-get install -y chromium` (.ci/run does this).",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": list(CHROMIUM_ARGS),
    }


def patient(context: BrowserContext) -> BrowserContext:
    """A browser context whose actions, navigations and downloads wait up to the safety net."""
    context.set_default_timeout(SAFETY_NET_MS)
    context.set_default_navigation_timeout(SAFETY_NET_MS)
    return context


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    """pytest-playwright's context (behind its `page`), as patient as the others."""
    return patient(context)


@pytest.fixture(scope="module")
def desktop_page(browser: Browser) -> Iterator[Page]:
    """One desktop browser tab for a whole module (its cache makes page loads quick)."""
    context = patient(browser.new_context(**DESKTOP_CONTEXT))
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone_page(browser: Browser) -> Iterator[Page]:
    """One phone browser tab for a whole module."""
    context = patient(browser.new_context(**PHONE_CONTEXT))
    yield context.new_page()
    context.close()


def settle(page: Page) -> None:
    """Wait until Streamlit is connected, has finished the script and has drawn every element."""
    app = page.locator("[data-testid='stApp']")
    expect(app).to_have_attribute(
        "data-test-connection-state", "CONNECTED", timeout=RENDER_TIMEOUT_MS
    )
    # A rerun may be requested just after a click; give it a moment to start.
    page.wait_for_timeout(150)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=RENDER_TIMEOUT_MS)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    # A page that crashed shows the exception box instead of its title.
    rendered = page.locator("h1, [data-testid='stException']").first
    expect(rendered).to_be_visible(timeout=RENDER_TIMEOUT_MS)


def open_page(page: Page, app: RunningApp, nav_page: AppPage | None = None) -> None:
    """Load one page of the app (the default page when none is named) and wait for it."""
    page.goto(app.page_url(nav_page))
    settle(page)


def save_screenshot(page: Page, name: str) -> Path:
    """Keep a picture of the whole page under screenshots/ for a person to look at.

    Streamlit scrolls inside its own container, so the viewport is stretched to
    the content's height for the picture and then put back.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    assert viewport is not None
    height = int(page.get_by_test_id("stMain").evaluate("main => main.scrollHeight"))
    try:
        page.set_viewport_size(
            {"width": viewport["width"], "height": max(viewport["height"], height)}
        )
        page.wait_for_timeout(300)
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(viewport)
    return path


def open_and_show(page: Page, app: RunningApp, nav_page: AppPage, screen: str) -> None:
    """Open one navigation page, keep its picture as `<screen>-<slug>.png`, and fail when
    Streamlit shows an exception box on it."""
    open_page(page, app, nav_page)
    save_screenshot(page, f"{screen}-{nav_page.slug}")
    no_exception_box(page, app)


def table_rows(page: Page) -> Locator:
    """The rows of the tables (st.dataframe) on the page.

    The grid is drawn on a canvas; its rows are also in a hidden table kept for
    screen readers (only the rows in view), which is what this reads.
    """
    return page.get_by_test_id("stDataFrame").locator("[role='row']")


def no_exception_box(page: Page, app: RunningApp) -> None:
    """Fail, with the server's traceback, when Streamlit shows its exception box."""
    boxes = page.locator("[data-testid='stException']")
    if boxes.count():
        pytest.fail(
            f"{page.url} shows an exception: {boxes.all_inner_texts()}\n"
            f"The server's output ends with:\n{app.server_log_tail()}"
        )
