"""CSV import and export of 75,000 rows in this process, against `pandas.read_csv` +
`DataFrame.to_sql` (and `read_sql_table` + `to_csv`), each into a fresh SQLite file."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine

from bench.common import LAST_NIGHT, Row, fmt, say, timed
from core.diary import Episode, Night
from core.files.csv_format import parse_diary_csv, write_diary_csv
from db.engine import create_diary_engine
from db.repository import import_diary, list_records
from sample_data.generator import generate_diary
from sample_data.truth import DEFAULT_PARAMS

CSV_ROWS = 75_000


# The app takes no night before 2000, so 75,000 rows need about eight cramps a night: each night a
# cramp night with many more cramps than a real diary (the generator's most is nine), the rest of
# the diary as generated.
FIRST_NIGHT = date(2000, 1, 1)
DENSE = replace(DEFAULT_PARAMS, base_risk=0.95, max_risk=0.99, extra_cramps_mean=12.0)


def diary_of_rows(rows: int, seed: int) -> tuple[list[Night], list[Episode]]:
    """A generated diary cut to exactly `rows` CSV rows (cramps + cramp-free nights), its
    nights from 2000 on (the earliest the app accepts) with about eight cramps each."""
    span = (LAST_NIGHT - FIRST_NIGHT).days + 1
    nights, episodes = generate_diary(start=FIRST_NIGHT, nights=span, seed=seed, params=DENSE)
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
        parse_s, parsed = timed(lambda: parse_diary_csv(source.read_bytes()))
        write_s, _ = timed(lambda: import_diary(engine=engine, parsed=parsed))
        baseline_s, _ = timed(
            lambda: pd.read_csv(source).to_sql("diary", baseline_engine, index=False)
        )
        export_s, _ = timed(
            lambda: out.write_bytes(write_diary_csv(*list_records(engine=engine)).encode())
        )
        baseline_export_s, _ = timed(
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
    say(f"CSV: generating a {rows:,}-row diary")
    nights, episodes = diary_of_rows(rows, seed=100)
    best = _CsvTimes()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "diary.csv"
        source.write_bytes(write_diary_csv(nights, episodes).encode("utf-8"))
        same = True
        for run in range(runs):
            say(f"CSV: import and export, round {run + 1}/{runs}")
            same &= _csv_round(folder, source, run, best)
    import_s = best.parse + best.write
    return [
        Row(
            f"CSV import, {rows:,} rows (check every cell + merge)",
            f"{fmt(import_s)} (check {fmt(best.parse)}, write {fmt(best.write)})",
            f"{fmt(best.baseline_import)} (read_csv + to_sql)",
            f"{import_s / best.baseline_import:.1f}×",
            "≤ 4×",
            import_s / best.baseline_import <= 4,
        ),
        Row(
            f"CSV export, {rows:,} rows" + (" (identical to the file imported)" if same else ""),
            fmt(best.export),
            f"{fmt(best.baseline_export)} (read_sql_table + to_csv)",
            f"{best.export / best.baseline_export:.1f}×",
        ),
    ]
