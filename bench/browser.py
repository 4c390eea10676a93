"""The app in headless Chromium against a bare Streamlit page with three Plotly charts,
both served the same way and timed in turns:

- first view after the server starts (process start -> page drawn), Log and Patterns;
- every page viewed again on a warm server;
- each server's memory after every page has been viewed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.common import REPO, Row, fmt, load_diary, ratio_row, say, ten_year_diary
from dashboard import server as app_server
from dashboard.pages import LOG, PAGES, PATTERNS, AppPage

BARE = REPO / "bench" / "bare_page.py"
FIRST_LOG_TARGET, FIRST_PATTERNS_TARGET, WARM_TARGET = 1.2, 1.5, 1.0
# Drawn: the script has finished (the app's state attribute), the main area holds elements,
# and every Plotly chart on the page has been drawn by Plotly.
DRAWN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const main = document.querySelector("[data-testid='stMain']");
  if (!main || !main.querySelector("h1")) return false;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  return charts.every((c) => c.querySelector(".js-plotly-plot"));
}"""


@dataclass
class Server:
    """A running `streamlit run` and when it was started."""

    process: subprocess.Popen[bytes]
    url: str
    started: float
    serving_s: float

    def memory_mb(self) -> float:
        """Resident memory of the server process (Linux /proc), in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextmanager
def serve(script: Path | None, database: str) -> Iterator[Server]:
    """The app (script None) or another script, served on a free port until the block ends."""
    port = app_server.free_port()
    command = app_server.app_command(port)
    if script is not None:
        command[command.index("run") + 1] = str(script)
    env = {**os.environ, "DATABASE_URL": database}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = app_server.local_url(port)
        if not app_server.wait_until_serving(process, url, timeout_s=180, poll_s=0.02):
            raise RuntimeError(f"the server for {script or 'the app'} did not start")
        yield Server(process, url, started, time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait(timeout=30)


def view(page: Any, url: str) -> float:
    """Open `url` in `page` and wait until it is drawn; the seconds it took.

    The tab first leaves what it showed (untimed): leaving a page with charts costs the
    browser a few hundred milliseconds, which would otherwise land on whichever page
    happens to be opened after Patterns, not on the page being timed.
    """
    page.goto("about:blank")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=180_000, polling=20)
    return time.perf_counter() - start


def page_url(server: Server, app_page: AppPage | None) -> str:
    """Where a page is served (the default page and the bare page at the root)."""
    if app_page is None or app_page.default:
        return server.url
    return f"{server.url}/{app_page.url_path}"


def first_view(
    browser: Any, script: Path | None, database: str, app_page: AppPage | None
) -> tuple[float, float]:
    """Process start -> the page drawn, in a new browser context; and of that, process
    start -> the health check answering (the server's own start)."""
    with serve(script, database) as server:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            view(context.new_page(), page_url(server, app_page))
        finally:
            context.close()
        return time.perf_counter() - server.started, server.serving_s


def first_views(browser: Any, database: str, runs: int) -> list[Row]:
    """First Log and Patterns view after a server start, each against the bare page's."""
    kinds = {"bare": (BARE, None), "log": (None, LOG), "patterns": (None, PATTERNS)}
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    starts: dict[str, list[float]] = {kind: [] for kind in kinds}
    for run in range(runs):
        say(f"browser: first views, round {run + 1}/{runs}")
        for kind, (script, app_page) in kinds.items():
            total, serving = first_view(browser, script, database, app_page)
            times[kind].append(total)
            starts[kind].append(serving)
    median = {kind: statistics.median(values) for kind, values in times.items()}
    start = {kind: statistics.median(values) for kind, values in starts.items()}
    floor = f"bare page, three Plotly charts; server start {fmt(start['bare'])}"
    return [
        ratio_row(
            "First Log view after server start",
            median["log"],
            median["bare"],
            floor,
            FIRST_LOG_TARGET,
            f"server start {fmt(start['log'])}",
        ),
        ratio_row(
            "First Patterns view after server start",
            median["patterns"],
            median["bare"],
            floor,
            FIRST_PATTERNS_TARGET,
            f"server start {fmt(start['patterns'])}",
        ),
    ]


def warm_views(browser: Any, database: str, repeat: int) -> list[Row]:
    """Every page again on a warm server (each visited once first), against the bare page;
    then both servers' memory."""
    with serve(None, database) as app, serve(BARE, database) as bare:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        app_tab, bare_tab = context.new_page(), context.new_page()
        try:
            view(bare_tab, page_url(bare, None))
            for app_page in PAGES:
                say(f"browser: first visit of {app_page.title}")
                view(app_tab, page_url(app, app_page))
            times: dict[str, list[float]] = {p.url_path: [] for p in PAGES}
            floor: list[float] = []
            for run in range(repeat):
                say(f"browser: warm views, round {run + 1}/{repeat}")
                for app_page in PAGES:
                    floor.append(view(bare_tab, page_url(bare, None)))
                    times[app_page.url_path].append(view(app_tab, page_url(app, app_page)))
        finally:
            context.close()
        app_mb, bare_mb = app.memory_mb(), bare.memory_mb()
    bare_s = statistics.median(floor)
    rows = [
        ratio_row(
            f"Warm view: {p.title}",
            statistics.median(times[p.url_path]),
            bare_s,
            "bare page",
            WARM_TARGET,
        )
        for p in PAGES
    ]
    rows.append(
        Row(
            "Server memory after viewing every page",
            f"{app_mb:.0f} MB",
            f"{bare_mb:.0f} MB (bare page's server)",
            f"{app_mb / bare_mb:.1f}×",
        )
    )
    return rows


def bench_browser(runs: int, repeat: int) -> list[Row]:
    """The browser rows; one saying why when there is no Chromium."""
    if not app_server.CHROMIUM.exists():
        return [Row("Browser views", f"n/a (no Chromium at {app_server.CHROMIUM})")]
    from playwright.sync_api import sync_playwright

    nights, episodes = ten_year_diary()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        database = f"sqlite:///{folder}/ten_years.sqlite"
        load_diary(database, nights, episodes)
        browser = playwright.chromium.launch(
            executable_path=str(app_server.CHROMIUM),
            args=list(app_server.CHROMIUM_ARGS),
        )
        try:
            rows = first_views(browser, database, runs)
            rows += warm_views(browser, database, repeat)
        finally:
            browser.close()
    where = f"ten-year diary, {len(nights):,} nights, {len(episodes):,} cramps"
    return [replace(r, name=f"{r.name} ({where})") if "view" in r.name else r for r in rows]
