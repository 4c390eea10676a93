"""Benchmarks: `make bench` (`python -m bench`) prints a table of figures; it asserts nothing.

Each figure that has a target is a ratio against a floor measured in the same run, the two
taking turns, so a busy moment on the machine lands on both:

- cli:     `cramp-diary export` / `import` of a ten-year diary vs pandas scripts (cli_speed)
- browser: first Log and Patterns view after server start, every page warm, and the
           server's memory, vs a bare Streamlit page with three Plotly charts (browser)
- reruns:  every page's warm rerun under AppTest, empty vs heavy ten-year diary (reruns)
- csv:     75,000-row import and export in-process vs pandas (csv_speed)
- tagging: tagging and analytics on a million episodes (compute)
- why:     the Why section's compute on a ten-year diary (compute)
- hostile: the time and memory to refuse hostile files (hostile)

Progress goes to stderr, the table (Markdown, ready for the README) to stdout. Other
benchmark modules run on their own (`make bench` runs each in BENCH_MODULES).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable, Sequence
from datetime import date

from bench.common import Row, table

SECTIONS = ("cli", "browser", "reruns", "csv", "tagging", "why", "hostile")


def _runners(args: argparse.Namespace) -> dict[str, Callable[[], tuple[list[Row], list[str]]]]:
    """Each section as a call returning its rows and notes (imported only when chosen)."""

    def cli() -> tuple[list[Row], list[str]]:
        from bench.cli_speed import bench_cli

        return bench_cli(args.runs), []

    def browser() -> tuple[list[Row], list[str]]:
        from bench.browser import bench_browser

        return bench_browser(args.runs, args.repeat), []

    def reruns() -> tuple[list[Row], list[str]]:
        from bench.reruns import bench_page_reruns

        return bench_page_reruns(args.repeat), []

    def csv() -> tuple[list[Row], list[str]]:
        from bench.csv_speed import CSV_ROWS, bench_csv

        return bench_csv(CSV_ROWS, args.runs), []

    def tagging() -> tuple[list[Row], list[str]]:
        from bench.compute import EPISODES, bench_tagging

        return bench_tagging(EPISODES)

    def why() -> tuple[list[Row], list[str]]:
        from bench.compute import bench_why

        return bench_why(args.repeat), []

    def hostile() -> tuple[list[Row], list[str]]:
        from bench.hostile import bench_hostile

        return bench_hostile(), []

    return {
        "cli": cli,
        "browser": browser,
        "reruns": reruns,
        "csv": csv,
        "tagging": tagging,
        "why": why,
        "hostile": hostile,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the chosen sections (all by default) and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run just this part")
    parser.add_argument("--repeat", type=int, default=3, help="timed repeats (median)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of starts (median)")
    args = parser.parse_args(argv)
    chosen = args.only or list(SECTIONS)
    runners = _runners(args)

    began = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []
    for section in SECTIONS:
        if section in chosen:
            section_rows, section_notes = runners[section]()
            rows += section_rows
            notes += section_notes

    cpu = platform.processor() or platform.machine()
    print(
        f"Cramp Diary benchmarks, {date.today():%Y-%m-%d}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
        f"load average {os.getloadavg()[0]:.1f}; took {time.perf_counter() - began:.0f} s.\n"
    )
    print(table(rows))
    for note in notes:
        print(f"\n{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
