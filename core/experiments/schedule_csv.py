"""The experiments CSV: every self-experiment's schedule, night by night, with what happened.

One file, UTF-8, comma-separated, header row, one row per night of each
experiment (planned nights still to come included, their outcome empty). The
columns, in order, are `EXPERIMENT_COLUMNS`; README ("Experiments CSV")
describes each. Every value comes from the app's own vocabulary, numbers and
dates: no typed text, so nothing a spreadsheet could run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

import pandas as pd

from core.experiments.plan import ExperimentRecord, night_plans, status
from core.experiments.result import night_outcomes

EXPERIMENT_COLUMNS: tuple[str, ...] = (
    "experiment",
    "tip",
    "started_on",
    "block_nights",
    "pairs",
    "seed",
    "status",
    "night",
    "block",
    "plan",
    "counted",
    "logged",
    "cramps",
    "followed",
)


def _bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def write_experiments_csv(
    records: Iterable[ExperimentRecord], nights: pd.DataFrame, today: date
) -> str:
    """The experiments CSV for these records, outcomes read from the nights frame.

    Nights up to last night (the night before `today`) carry `logged`,
    `cramps` and `followed`; later planned nights leave them empty.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPERIMENT_COLUMNS)
    last = date.fromordinal(today.toordinal() - 1)
    for number, record in enumerate(sorted(records, key=lambda r: r.experiment.started_on), 1):
        experiment = record.experiment
        outcomes = {
            o.plan.night: o for o in night_outcomes(experiment, nights, record.answers, last)
        }
        fixed = [
            number,
            experiment.tip_id,
            experiment.started_on.isoformat(),
            experiment.block_nights,
            experiment.pairs,
            experiment.seed,
            status(experiment, today),
        ]
        for plan in night_plans(experiment, through=today):
            outcome = outcomes.get(plan.night)
            writer.writerow(
                [
                    *fixed,
                    plan.night.isoformat(),
                    "" if plan.block is None else plan.block + 1,
                    plan.arm or "paused",
                    _bool(plan.counted),
                    "" if outcome is None else _bool(outcome.logged),
                    "" if outcome is None or outcome.cramps is None else outcome.cramps,
                    "" if outcome is None else _bool(outcome.followed),
                ]
            )
    return out.getvalue()
