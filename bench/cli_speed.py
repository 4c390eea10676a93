"""`cramp-diary export` and `import` of the ten-year diary, each a whole command run in its
own interpreter, against the plainest pandas script doing the same (the floor), taking
turns, with PYTHONDONTWRITEBYTECODE=1 as on managed machines: nothing is compiled on the
way, so what is imported and how is what counts."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Row, ratio_row, say, ten_year_diary, timed
from core.files.csv_format import write_diary_csv

TARGET = 1.5

# The floors: what a person with pandas would write to do the same by hand.
EXPORT_FLOOR = """
import sys
import pandas as pd
from sqlalchemy import create_engine
engine = create_engine(f"sqlite:///{sys.argv[1]}")
query = "SELECT * FROM night LEFT JOIN episode ON episode.night_id = night.id ORDER BY night.night"
pd.read_sql(query, engine).to_csv(sys.argv[2], index=False)
"""
IMPORT_FLOOR = """
import sys
import pandas as pd
from sqlalchemy import create_engine
pd.read_csv(sys.argv[1]).to_sql("diary", create_engine(f"sqlite:///{sys.argv[2]}"), index=False)
"""


def _command() -> list[str]:
    """The installed `cramp-diary` script, run by this interpreter."""
    return [sys.executable, str(Path(sys.executable).with_name("cramp-diary"))]


def _run(args: list[str]) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    elapsed, done = timed(
        lambda: subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[1:3])} failed: {done.stderr[-500:]}")
    return elapsed


def bench_cli(runs: int) -> list[Row]:
    """Median of `runs` rounds; in each, the app and its floor run one after the other."""
    from db.engine import create_diary_engine

    nights, episodes = ten_year_diary()
    times: dict[str, list[float]] = {"export": [], "export floor": [], "import": [], "floor": []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "diary.csv"
        source.write_text(write_diary_csv(nights, episodes), encoding="utf-8")
        empty = folder / "empty.sqlite"
        create_diary_engine(f"sqlite:///{empty}").dispose()  # made as the app makes it
        full = folder / "full.sqlite"
        shutil.copy(empty, full)
        _run([*_command(), "import", str(source), "--db", str(full)])
        for run in range(runs):
            say(f"CLI export and import, round {run + 1}/{runs}")
            target = folder / f"diary{run}.sqlite"
            shutil.copy(empty, target)  # an empty diary, as after the first start
            times["import"].append(_run([*_command(), "import", str(source), "--db", str(target)]))
            floor_db = folder / f"floor{run}.sqlite"
            floor_import = [sys.executable, "-c", IMPORT_FLOOR, str(source), str(floor_db)]
            times["floor"].append(_run(floor_import))
            out = folder / f"out{run}.csv"
            times["export"].append(_run([*_command(), "export", "-o", str(out), "--db", str(full)]))
            floor_out = folder / f"floor{run}.csv"
            floor_export = [sys.executable, "-c", EXPORT_FLOOR, str(full), str(floor_out)]
            times["export floor"].append(_run(floor_export))
        same = out.read_bytes() == source.read_bytes()
    median = {key: statistics.median(values) for key, values in times.items()}
    where = f"{len(nights):,} nights, {len(episodes):,} cramps"
    return [
        ratio_row(
            f"`cramp-diary export`, ten-year diary ({where})",
            median["export"],
            median["export floor"],
            "pandas read_sql + to_csv",
            TARGET,
            "the file imported, byte for byte" if same else "",
        ),
        ratio_row(
            f"`cramp-diary import`, ten-year diary ({where}), every cell checked",
            median["import"],
            median["floor"],
            "pandas read_csv + to_sql",
            TARGET,
        ),
    ]
