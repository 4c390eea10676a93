"""Warm reruns of every page under Streamlit's AppTest (no browser, no network): the
median of repeated reruns on an empty diary and on a heavy ten-year diary (about 5,000
cramps), and their ratio: what a page's own work costs as the diary grows."""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
from datetime import timedelta

from bench.common import LAST_NIGHT, TEN_YEAR_NIGHTS, Row, fmt, load_diary, say, timed
from dashboard.pages import ENTRY, PAGES, AppPage
from sample_data.generator import generate_diary
from sample_data.truth import DiaryParams

# Ten years of nights, all logged, with about 5,000 cramps (more than most people have).
HEAVY_TEN_YEARS = DiaryParams(base_risk=0.6, extra_cramps_mean=1.05, unlogged_share=0.0)
MIN_TIMED_S = 1.0
MAX_RERUNS = 50


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
        elapsed, _ = timed(at.run)
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
        params=HEAVY_TEN_YEARS,
    )
    saved_url = os.environ.get("DATABASE_URL")
    times: dict[str, dict[str, float | str]] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            diaries = {
                "empty": f"sqlite:///{folder}/empty.sqlite",
                "ten-year": f"sqlite:///{folder}/ten_years.sqlite",
            }
            load_diary(diaries["ten-year"], nights, episodes)
            for label, url in diaries.items():
                os.environ["DATABASE_URL"] = url
                st.cache_data.clear()
                st.cache_resource.clear()
                for page in PAGES:
                    say(f"warm rerun: {page.title} on the {label} diary")
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
                f"{fmt(big)} (ten years: {len(nights):,} nights, {len(episodes):,} cramps)",
                f"{fmt(empty)} (empty diary)",
                f"{ratio:.1f}×",
                "≤ 1.5×",
                ratio <= 1.5,
            )
        )
    return rows
