"""Benchmarks: `make bench` (`python -m bench`) prints a table of figures; it asserts nothing.

1. Cold start: `streamlit run` started -> health check answers -> Log page drawn in Chromium.
2. Warm rerun of every page (Streamlit's AppTest, median of several reruns) on an empty
   diary and on a ten-year diary (3,650 nights, about 5,000 cramps), and their ratio.
3. CSV import and export of 100,000 rows, against `pandas.read_csv` + `DataFrame.to_sql`
   (and `read_sql_table` + `to_csv`) with a fresh SQLite file each.
4. Cause tagging and the Patterns page's analytics on one million episodes, and tagging
   one episode (`tag_episode`, which runs the same code on a one-row frame).
5. Hostile files: the time and peak memory to refuse each pathological CSV.

Progress goes to stderr, the table (Markdown, ready for the README) to stdout.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock_time
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import create_engine

from core.diary import Episode, Night, NightContext
from core.files.csv_format import parse_diary_csv, write_diary_csv
from core.profile import Profile
from dashboard.pages import ENTRY, PAGES, AppPage
from dashboard.server import app_command, free_port, local_url, wait_until_serving
from db.engine import create_diary_engine
from db.repository import import_diary, list_records
from sample_data.generator import DiaryParams, generate_diary, generate_frames

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
LAST_NIGHT = date(2026, 10, 31)

# Ten years of nights, all logged, with about 5,000 cramps (more than most people have).
TEN_YEARS = DiaryParams(base_risk=0.6, extra_cramps_mean=1.05, unlogged_share=0.0)
TEN_YEAR_NIGHTS = 3_650
# A million episodes: far more than a person logs, so nearly every night has a cramp
# and most have eight or nine. Pandas' nanosecond timestamps span at most 292 years,
# so the million come from two such diaries over the same 100,000 nights (274 years).
MILLION = DiaryParams(base_risk=0.94, max_risk=0.95, extra_cramps_mean=12.0, unlogged_share=0.0)
MILLION_NIGHTS = 100_000
MILLION_SEEDS = (1, 2)
CSV_ROWS = 100_000
MIN_TIMED_S = 1.0
MAX_RERUNS = 50
EPISODES = 1_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    name: str
    measured: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _fmt(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def _timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        elapsed, _ = _timed(action)
        times.append(elapsed)
    return statistics.median(times)


def _load(url: str, nights: Sequence[Night], episodes: Sequence[Episode]) -> None:
    engine = create_diary_engine(url)
    try:
        parsed = parse_diary_csv(write_diary_csv(nights, episodes).encode("utf-8"))
        import_diary(engine=engine, parsed=parsed)
    finally:
        engine.dispose()


# --- 1. cold start -------------------------------------------------------------


def bench_cold_start(runs: int) -> list[Row]:
    """Process start to health check, and to the Log page drawn in a browser."""
    browser: Any = None
    playwright: Any = None
    if CHROMIUM.exists():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
    health: list[float] = []
    drawn: list[float] = []
    try:
        for run in range(runs):
            _say(f"cold start {run + 1}/{runs}")
            with tempfile.TemporaryDirectory() as folder:
                port = free_port()
                url = local_url(port)
                env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/diary.sqlite"}
                start = time.perf_counter()
                process = subprocess.Popen(
                    app_command(port),
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    if not wait_until_serving(process, url, timeout_s=120, poll_s=0.02):
                        return [Row("Cold start", "failed: the server did not start")]
                    health.append(time.perf_counter() - start)
                    if browser is not None:
                        context = browser.new_context(viewport={"width": 390, "height": 844})
                        page = context.new_page()
                        page.goto(url)
                        page.wait_for_selector(
                            "[data-testid='stApp'][data-test-script-state='notRunning']"
                        )
                        page.wait_for_selector("h1")
                        drawn.append(time.perf_counter() - start)
                        context.close()
                finally:
                    process.terminate()
                    process.wait(timeout=30)
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()
    rows = [Row("Cold start: process start → health check answers", _fmt(min(health)))]
    if drawn:
        rows.append(Row("Cold start: process start → Log page drawn (Chromium)", _fmt(min(drawn))))
    else:
        rows.append(Row("Cold start: Log page drawn", f"n/a (no Chromium at {CHROMIUM})"))
    return rows


# --- 2. warm reruns ------------------------------------------------------------


def _warm_rerun(page: AppPage, repeat: int) -> float | str:
    """Median time of a rerun of one page after it has run once (caches warm)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ENTRY), default_timeout=600).run()
    if not page.default:
        at.switch_page(page.file).run()
    at.run()
    if at.exception:
        return "error: " + str(at.exception[0].value).splitlines()[0]
    # Fast pages are rerun more often, so that a millisecond of noise does not decide a ratio.
    times: list[float] = []
    while len(times) < repeat or (sum(times) < MIN_TIMED_S and len(times) < MAX_RERUNS):
        elapsed, _ = _timed(at.run)
        times.append(elapsed)
    return statistics.median(times)


def bench_page_reruns(repeat: int) -> list[Row]:
    """Every page on an empty diary and on a ten-year diary."""
    import streamlit as st
    from streamlit.logger import set_log_level

    set_log_level(logging.ERROR)  # AppTest outside a server warns about every cache call
    nights, episodes = generate_diary(
        start=LAST_NIGHT - timedelta(days=TEN_YEAR_NIGHTS - 1),
        nights=TEN_YEAR_NIGHTS,
        seed=10,
        params=TEN_YEARS,
    )
    saved_url = os.environ.get("DATABASE_URL")
    times: dict[str, dict[str, float | str]] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            diaries = {
                "empty": f"sqlite:///{folder}/empty.sqlite",
                "ten-year": f"sqlite:///{folder}/ten_years.sqlite",
            }
            _load(diaries["ten-year"], nights, episodes)
            for label, url in diaries.items():
                os.environ["DATABASE_URL"] = url
                st.cache_data.clear()
                st.cache_resource.clear()
                for page in PAGES:
                    _say(f"warm rerun: {page.title} on the {label} diary")
                    times.setdefault(page.file, {})[label] = _warm_rerun(page, repeat)
            st.cache_resource.clear()  # closes nothing, but drops the engines before the files go
    finally:
        if saved_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved_url

    rows = []
    for page in PAGES:
        empty, big = times[page.file]["empty"], times[page.file]["ten-year"]
        name = f"Warm rerun: {page.title}"
        if isinstance(empty, str) or isinstance(big, str):
            rows.append(Row(name, str(empty if isinstance(empty, str) else big)))
            continue
        ratio = big / empty
        rows.append(
            Row(
                name,
                f"{_fmt(big)} (ten years: {len(nights):,} nights, {len(episodes):,} cramps)",
                f"{_fmt(empty)} (empty diary)",
                f"{ratio:.1f}×",
                "≤ 1.5×",
                ratio <= 1.5,
            )
        )
    return rows


# --- 3. CSV --------------------------------------------------------------------


def diary_of_rows(rows: int, seed: int) -> tuple[list[Night], list[Episode]]:
    """A realistic generated diary cut to exactly `rows` CSV rows (cramps + cramp-free nights)."""
    span = int(rows * 1.1)
    nights, episodes = generate_diary(
        start=LAST_NIGHT - timedelta(days=span - 1), nights=span, seed=seed
    )
    by_night: dict[date, list[Episode]] = {}
    for episode in episodes:
        by_night.setdefault(episode.night, []).append(episode)
    kept_nights: list[Night] = []
    kept_episodes: list[Episode] = []
    left = rows
    for night in nights:
        if left == 0:
            break
        own = by_night.get(night.night, [])[:left]
        kept_nights.append(night)
        kept_episodes.extend(own)
        left -= max(len(own), 1)
    return kept_nights, kept_episodes


@dataclass
class _CsvTimes:
    parse: float = float("inf")
    write: float = float("inf")
    baseline_import: float = float("inf")
    export: float = float("inf")
    baseline_export: float = float("inf")


def _csv_round(folder: Path, source: Path, run: int, best: _CsvTimes) -> bool:
    """One import and export each way, into fresh databases; keep the best times in `best`.

    Returns whether the app's export reproduced the imported file byte for byte.
    """
    engine = create_diary_engine(f"sqlite:///{folder}/diary{run}.sqlite")  # schema: untimed
    baseline_engine = create_engine(f"sqlite:///{folder}/baseline{run}.sqlite")
    out, baseline_out = folder / f"export{run}.csv", folder / f"baseline_export{run}.csv"
    try:
        parse_s, parsed = _timed(lambda: parse_diary_csv(source.read_bytes()))
        write_s, _ = _timed(lambda: import_diary(engine=engine, parsed=parsed))
        baseline_s, _ = _timed(
            lambda: pd.read_csv(source).to_sql("diary", baseline_engine, index=False)
        )
        export_s, _ = _timed(
            lambda: out.write_bytes(write_diary_csv(*list_records(engine=engine)).encode())
        )
        baseline_export_s, _ = _timed(
            lambda: pd.read_sql_table("diary", baseline_engine).to_csv(baseline_out, index=False)
        )
    finally:
        engine.dispose()
        baseline_engine.dispose()
    if parse_s + write_s < best.parse + best.write:
        best.parse, best.write = parse_s, write_s
    best.baseline_import = min(best.baseline_import, baseline_s)
    best.export = min(best.export, export_s)
    best.baseline_export = min(best.baseline_export, baseline_export_s)
    return out.read_bytes() == source.read_bytes()


def bench_csv(rows: int, runs: int) -> list[Row]:
    """Import (every cell checked, merged into the database) and export, against plain pandas.

    The app and the baseline take turns, and the best of `runs` rounds counts, so that
    a busy moment on the machine does not land on one side only.
    """
    _say(f"CSV: generating a {rows:,}-row diary")
    nights, episodes = diary_of_rows(rows, seed=100)
    best = _CsvTimes()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "diary.csv"
        source.write_bytes(write_diary_csv(nights, episodes).encode("utf-8"))
        same = True
        for run in range(runs):
            _say(f"CSV: import and export, round {run + 1}/{runs}")
            same &= _csv_round(folder, source, run, best)
    import_s = best.parse + best.write
    return [
        Row(
            f"CSV import, {rows:,} rows (check every cell + merge)",
            f"{_fmt(import_s)} (check {_fmt(best.parse)}, write {_fmt(best.write)})",
            f"{_fmt(best.baseline_import)} (read_csv + to_sql)",
            f"{import_s / best.baseline_import:.1f}×",
            "≤ 4×",
            import_s / best.baseline_import <= 4,
        ),
        Row(
            f"CSV export, {rows:,} rows" + (" (identical to the file imported)" if same else ""),
            _fmt(best.export),
            f"{_fmt(best.baseline_export)} (read_sql_table + to_csv)",
            f"{best.export / best.baseline_export:.1f}×",
        ),
    ]


# --- 4. tagging and analytics --------------------------------------------------


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None


def _frame_functions(module: ModuleType) -> list[tuple[str, Callable[..., object], str]]:
    """Public functions of `module` that take just the nights or just the episodes frame."""
    found: list[tuple[str, Callable[..., object], str]] = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        required = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if required in (["nights"], ["episodes"]):
            found.append((name, function, required[0]))
    return found


def _analytics(
    analytics: ModuleType, nights: pd.DataFrame, episodes: pd.DataFrame, tags: pd.DataFrame
) -> tuple[float, list[str]]:
    """Time every frame function of core.stats.analytics, plus the Patterns page's cause shares
    when that module exists; return the total and what ran."""
    frames = {"nights": nights, "episodes": episodes}
    calls: list[tuple[str, Callable[[], object]]] = [
        (name, partial(function, frames[arg]))
        for name, function, arg in _frame_functions(analytics)
    ]
    advice = _optional("core.article.advice")
    if advice is not None and hasattr(advice, "cause_shares"):
        calls.append(("cause_shares", lambda: advice.cause_shares(tags, len(episodes))))
    # The trigger model is timed on its own, on ten years (bench_why): it is the Why section's.
    total = 0.0
    notes = []
    for name, call in calls:
        try:
            elapsed, _ = _timed(call)
        except Exception as error:  # a module still being written must not stop the bench
            notes.append(f"{name}: failed ({type(error).__name__})")
            continue
        total += elapsed
        notes.append(f"{name} {_fmt(elapsed)}")
    return total, notes


def _million_diaries(count: int) -> list[tuple[int, int]]:
    """(seed, nights) of the generated diaries whose episodes, in turn, make up `count`."""
    plan = []
    left = count
    per_night = 8.0  # a little under what MILLION gives, so the last diary is big enough
    for seed in MILLION_SEEDS:
        nights = min(MILLION_NIGHTS, int(left / per_night) + 1_000)
        plan.append((seed, nights))
        left -= int(nights * per_night)
        if left <= 0:
            break
    return plan


def million_frames(count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (nights, episodes) frames of exactly `count` episodes (see MILLION)."""
    start = LAST_NIGHT - timedelta(days=MILLION_NIGHTS - 1)
    nights = pd.DataFrame()
    parts: list[pd.DataFrame] = []
    for seed, span in _million_diaries(count):
        night_frame, episode_frame = generate_frames(
            start=start, nights=span, seed=seed, params=MILLION
        )
        episode_frame["episode_id"] += sum(len(p) for p in parts)
        parts.append(episode_frame)
        if nights.empty:
            nights = night_frame
    episodes = pd.concat(parts, ignore_index=True).iloc[:count].copy()
    counts = nights["night"].map(episodes["night"].value_counts()).fillna(0)
    nights["episode_count"] = counts.astype(nights["episode_count"].dtype)
    return nights, episodes


def bench_tagging(episode_count: int) -> tuple[list[Row], list[str]]:
    """Vectorised tagging and analytics on a million episodes; tagging one episode."""
    tagging = _optional("core.article.tagging")
    analytics = _optional("core.stats.analytics")
    if tagging is None and analytics is None:
        return [
            Row("Tagging", "n/a (core.article.tagging not present)"),
            Row("Analytics", "n/a (core.stats.analytics not present)"),
        ], []
    _say(f"tagging: generating {episode_count:,} episodes")
    nights, episodes = million_frames(episode_count)
    where = f"{len(episodes):,} episodes, {len(nights):,} nights"
    profile = Profile()
    rows: list[Row] = []
    notes: list[str] = []
    tag_s: float | None = None
    tags = pd.DataFrame()
    if tagging is None:
        rows.append(Row("Tagging", "n/a (core.article.tagging not present)"))
    else:
        _say("tagging: vectorised")
        tags = tagging.tag_episodes(episodes, profile)
        tag_s = _median_time(lambda: tagging.tag_episodes(episodes, profile), 3)
        rows.append(
            Row(f"Tagging (`tag_episodes`), {where}", f"{_fmt(tag_s)} ({len(tags):,} tags)")
        )
    analytics_s: float | None = None
    if analytics is None:
        rows.append(Row("Analytics", "n/a (core.stats.analytics not present)"))
    else:
        _say("analytics")
        analytics_s, ran = _analytics(analytics, nights, episodes, tags)
        rows.append(Row(f"Analytics (the Patterns page's figures), {where}", _fmt(analytics_s)))
        notes.append("Analytics timed: " + ", ".join(ran) + ".")
    if tag_s is not None and analytics_s is not None:
        total = tag_s + analytics_s
        rows.append(Row("Tagging + analytics", _fmt(total), target="< 3 s", met=total < 3))
    if tagging is not None:
        # tag_episode runs tag_episodes on a one-row frame: what a Diary detail costs.
        _say("tagging: one episode")
        episode = Episode(LAST_NIGHT, clock_time(3, 0), "calf")
        context = NightContext(water_l=1.5, exercise_min=120, stress=8, hard_floor_h=5.0)
        one_s = _median_time(lambda: tagging.tag_episode(episode, context, profile), 20)
        rows.append(Row("Tagging one episode (`tag_episode`, a Diary detail)", _fmt(one_s)))
    return rows, notes


# --- the Why section ------------------------------------------------------------


def bench_why(repeat: int) -> list[Row]:
    """The Why section's compute on a ten-year diary (one model over every factor, plus the
    cause shares), as after a new entry: nothing cached, median of `repeat` runs."""
    from core.article.advice import cause_shares
    from core.article.tagging import tag_episodes
    from core.stats.trigger_model import analyse_triggers

    nights, episodes = generate_frames(
        start=LAST_NIGHT - timedelta(days=TEN_YEAR_NIGHTS - 1),
        nights=TEN_YEAR_NIGHTS,
        seed=7,
        params=TEN_YEARS,
    )
    profile = Profile()

    def why() -> None:
        cause_shares(tag_episodes(episodes, profile), len(episodes))
        analyse_triggers(nights, profile)

    _say("Why section on ten years …")
    why()  # imports and first-call set-up are the server's, not the rerun's
    median = _median_time(why, repeat)
    model = _median_time(lambda: analyse_triggers(nights, profile), repeat)
    return [
        Row(
            "Why section compute, ten-year diary (cold cache)",
            f"{_fmt(median)} (of which the trigger model {_fmt(model)}; {len(nights):,} nights)",
            target="< 300 ms",
            met=median < 0.3,
        )
    ]


# --- hostile files ----------------------------------------------------------------

HOSTILE_TARGET_S = 2.0


def hostile_files() -> dict[str, bytes]:
    """Files built to make a reader slow or greedy (tests/integration/test_hostile_csv.py)."""
    from core.files.csv_format import COLUMNS

    header = ",".join(COLUMNS).encode()
    return {
        "a header of 1,000,000 columns": b",".join(b"c%d" % i for i in range(1_000_000)),
        "a header of 5,000 repeated names": b",".join([b"night"] * 5_000) + b"\n",
        "a row of 1,000,000 cells": header + b"\n" + b"," * 1_000_000 + b"\n",
        "a quote left open atop 45 MB": header + b'\n2026-03-13,"' + b"x,calf\n" * 6_400_000,
        "20,000 bad rows": header + b"\n" + b"0026-13-45,25:99,leg,,,,,,,,,,,,,,,,,,\n" * 20_000,
        "Excel Unicode text, 20 MB": (
            ",".join(COLUMNS) + "\n" + ("2026-03-13,02:30,calf" + "," * 18 + "\n") * 250_000
        ).encode("utf-16"),
    }


def bench_hostile() -> list[Row]:
    """Time (best of two) and peak Python memory to refuse each hostile file."""
    import tracemalloc

    from core.files.csv_format import DiaryImportError

    def refuse(data: bytes) -> None:
        try:
            parse_diary_csv(data)
        except DiaryImportError:
            return
        raise AssertionError("a hostile file was accepted")

    rows = []
    for name, data in hostile_files().items():
        _say(f"hostile: {name}")
        seconds = min(_timed(partial(refuse, data))[0] for _ in range(2))
        tracemalloc.start()
        refuse(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(
            Row(
                f"Refuse {name} ({len(data) / 1e6:.1f} MB)",
                f"{_fmt(seconds)}, peak {peak / 1e6:.0f} MB",
                target=f"< {HOSTILE_TARGET_S:.0f} s",
                met=seconds < HOSTILE_TARGET_S,
            )
        )
    return rows


# --- the table -----------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| Benchmark | Measured | Compared with | Ratio | Target | Met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.name} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {met} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the chosen benchmarks (all by default) and print the table."""
    sections = ("start", "pages", "csv", "tagging", "hostile", "why")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sections, action="append", help="run just this part")
    parser.add_argument("--repeat", type=int, default=5, help="timed reruns per page (median)")
    parser.add_argument("--starts", type=int, default=3, help="cold starts (best is reported)")
    parser.add_argument("--csv-runs", type=int, default=3, help="CSV rounds (best is reported)")
    args = parser.parse_args(argv)
    chosen = args.only or list(sections)

    began = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []
    if "start" in chosen:
        rows += bench_cold_start(args.starts)
    if "pages" in chosen:
        rows += bench_page_reruns(args.repeat)
    if "csv" in chosen:
        rows += bench_csv(CSV_ROWS, args.csv_runs)
    if "tagging" in chosen:
        tagging_rows, tagging_notes = bench_tagging(EPISODES)
        rows += tagging_rows
        notes += tagging_notes
    if "why" in chosen:
        rows += bench_why(args.repeat)

    if "hostile" in chosen:
        rows += bench_hostile()

    cpu = platform.processor() or platform.machine()
    print(
        f"Cramp Diary benchmarks, {date.today():%Y-%m-%d}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}; "
        f"took {time.perf_counter() - began:.0f} s.\n"
    )
    print(table(rows))
    for note in notes:
        print(f"\n{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
