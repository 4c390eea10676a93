"""What every benchmark module shares: the results table, timing, and the diaries timed."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from core.diary import Episode, Night
from sample_data.generator import generate_diary
from sample_data.truth import DiaryParams

REPO = Path(__file__).resolve().parents[1]
LAST_NIGHT = date(2026, 10, 31)

# A ten-year diary as a new user brings one: 3,650 nights, every one logged, with about
# 950 cramps (the generator's realistic risks, a little raised).
TEN_YEAR_NIGHTS = 3_650
TEN_YEARS = DiaryParams(base_risk=0.165, unlogged_share=0.0)
TEN_YEAR_SEED = 10

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


def say(message: str) -> None:
    """Progress, on stderr (the table goes to stdout)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def fmt(seconds: float) -> str:
    """Seconds as people read them: 12.3 ms, 456 ms, 1.23 s."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """How long `action` took, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_time(action: Callable[[], object], repeat: int) -> float:
    """The median time of `repeat` calls of `action`."""
    return statistics.median(timed(action)[0] for _ in range(repeat))


def ratio_row(
    name: str, measured: float, floor: float, floor_name: str, target: float, note: str = ""
) -> Row:
    """A row comparing `measured` with a floor measured in the same run."""
    ratio = measured / floor
    return Row(
        name,
        fmt(measured) + (f" ({note})" if note else ""),
        f"{fmt(floor)} ({floor_name})",
        f"{ratio:.2f}×",
        f"≤ {target:g}×",
        ratio <= target,
    )


def ten_year_diary() -> tuple[list[Night], list[Episode]]:
    """The ten-year diary (deterministic)."""
    return generate_diary(
        start=LAST_NIGHT - timedelta(days=TEN_YEAR_NIGHTS - 1),
        nights=TEN_YEAR_NIGHTS,
        seed=TEN_YEAR_SEED,
        params=TEN_YEARS,
    )


def load_diary(url: str, nights: Sequence[Night], episodes: Sequence[Episode]) -> None:
    """Store a diary at `url` (made and migrated first), as an import would."""
    from core.files.csv_format import parse_diary_csv, write_diary_csv
    from db.engine import create_diary_engine
    from db.repository import import_diary

    engine = create_diary_engine(url)
    try:
        parsed = parse_diary_csv(write_diary_csv(nights, episodes).encode("utf-8"))
        import_diary(engine=engine, parsed=parsed)
    finally:
        engine.dispose()


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
