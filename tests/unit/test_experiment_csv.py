"""The experiments CSV: the schedule night by night, with cramps and adherence."""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from core.experiments.plan import Experiment, ExperimentRecord, Pause, night_plans
from core.experiments.schedule_csv import EXPERIMENT_COLUMNS, write_experiments_csv

START = date(2026, 3, 2)
PLAN = Experiment(
    "stretch_before_sleep",
    START,
    block_nights=7,
    pairs=3,
    seed=4,
    pauses=(Pause(START + timedelta(days=8), START + timedelta(days=10)),),
)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_header_alone_when_there_are_no_experiments() -> None:
    assert write_experiments_csv([], pd.DataFrame(), START) == ",".join(EXPERIMENT_COLUMNS) + "\n"


def test_one_row_per_night_with_plan_outcome_and_adherence() -> None:
    nights = pd.DataFrame(
        {
            "night": pd.to_datetime([START, START + timedelta(days=1)]),
            "episode_count": pd.array([2, 0], dtype="Int64"),
            "stretched": pd.array([None, True], dtype="boolean"),
        }
    )
    record = ExperimentRecord(PLAN, {START: False})
    today = START + timedelta(days=5)
    rows = _rows(write_experiments_csv([record], nights, today))
    assert len(rows) == len(night_plans(PLAN, through=today)) == 3 * 2 * 7 + 2
    first, second, third = rows[:3]
    assert first["night"] == START.isoformat() and first["block"] == "1"
    assert (first["logged"], first["cramps"], first["followed"]) == ("true", "2", "false")
    expected_followed = "true" if second["plan"] == "tip" else "false"
    assert (second["cramps"], second["followed"]) == ("0", expected_followed)
    assert (third["logged"], third["cramps"], third["followed"]) == ("false", "", "")
    assert first["counted"] == "false" and rows[2]["counted"] == "true"
    assert rows[10]["night"] == (START + timedelta(days=10)).isoformat()
    assert [r["plan"] for r in rows[8:10]] == ["paused", "paused"]
    future = rows[-1]
    assert (future["logged"], future["cramps"], future["followed"]) == ("", "", "")
    assert {r["seed"] for r in rows} == {"4"} and {r["status"] for r in rows} == {"running"}


def test_the_readme_lists_the_columns_in_order() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "\n" + ",".join(EXPERIMENT_COLUMNS) + "\n" in readme
