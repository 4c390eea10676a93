"""Simulated self-experiments: how often the result says "helps", rightly and wrongly.

Each simulated person has a true cramp rate, follows the plan the app proposes
for that rate, and logs nights the way people do (some nights never logged,
some nights the plan not followed, said so in the check-in). The tip either
halves the cramps or does nothing. The result is read through the same
`assess` the Experiments page uses. The figures are in README ("How well a
self-experiment answers").

`clustered` adds the runs real cramps come in: each week's rate is the
person's rate times a Gamma(2, 1/2) factor (good and bad weeks), which the
Poisson model behind the result does not know about.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from core.experiments.plan import last_planned_night, night_plans
from core.experiments.result import assess
from core.experiments.sizing import propose_plan
from sample_data.experiment_validation import simulate_experiments
from sample_data.validate_experiments import EXPERIMENTS_PER_DIARY, measure_experiments
from sample_data.validate_experiments import MEASURES as EXPERIMENT_MEASURES

START = date(2026, 1, 5)
RUNS = 300
NOT_LOGGED = 0.10  # a tenth of the nights never logged
NOT_FOLLOWED = 0.10  # a tenth of the nights the plan not followed (and said so)
WEEK_SHAPE = 2.0  # Gamma shape of the week-to-week swing in the clustered runs


@dataclass(frozen=True)
class Outcome:
    helps: float  # share of runs whose result says "helps"
    worse: float
    chance: float  # what the plan promised for a halving, every night logged


def simulate(per_week: float, effect: float, *, clustered: bool = False, seed: int = 0) -> Outcome:
    """RUNS experiments at `per_week` cramps with a tip that multiplies the rate by `effect`."""
    rng = np.random.default_rng(seed)
    advice = propose_plan(
        tip_id="loose_bedding", started_on=START, rate_per_night=per_week / 7, seed=0
    )
    verdicts = []
    for run in range(RUNS):
        plan = replace(advice.experiment, seed=run)
        plans = night_plans(plan)
        weeks = len(plans) // 7 + 1
        swing = rng.gamma(WEEK_SHAPE, 1 / WEEK_SHAPE, weeks) if clustered else np.ones(weeks)
        logged = rng.random(len(plans)) >= NOT_LOGGED
        kept = rng.random(len(plans)) >= NOT_FOLLOWED
        doing_tip = np.array([(p.arm == "tip") == k for p, k in zip(plans, kept, strict=True)])
        rates = per_week / 7 * swing[np.arange(len(plans)) // 7] * np.where(doing_tip, effect, 1)
        cramps = rng.poisson(rates)
        frame = pd.DataFrame(
            {
                "night": pd.to_datetime([p.night for p in plans])[logged],
                "episode_count": pd.array(cramps[logged], dtype="Int64"),
            }
        )
        answers = {p.night: bool(k) for p, k in zip(plans, kept, strict=True)}
        end = last_planned_night(plan)
        assert end is not None
        verdicts.append(assess(plan, frame, answers, end + timedelta(days=1)).verdict)
    assert advice.chance is not None
    return Outcome(
        helps=verdicts.count("helps") / RUNS,
        worse=verdicts.count("worse") / RUNS,
        chance=advice.chance,
    )


@pytest.mark.parametrize("per_week", [2, 4, 7])
def test_a_tip_that_does_nothing_is_rarely_called_helpful(per_week: int) -> None:
    outcome = simulate(per_week, effect=1.0, seed=per_week)
    assert outcome.helps <= 0.08  # the rule's 5% false alarms, plus simulation noise
    assert outcome.worse <= 0.08


@pytest.mark.parametrize("per_week", [2, 4, 7])
def test_a_tip_that_halves_cramps_is_found_about_as_often_as_the_plan_promised(
    per_week: int,
) -> None:
    outcome = simulate(per_week, effect=0.5, seed=100 + per_week)
    # A tenth of the nights unlogged and a tenth not followed cost some of the chance: analysed
    # as randomised, an unfollowed night still counts on its planned side and dilutes the effect
    # (the plan's promise assumes every night logged and followed).
    assert outcome.chance - 0.35 <= outcome.helps <= outcome.chance + 0.05
    assert outcome.worse == 0.0


def test_clustered_cramps_raise_false_alarms_only_a_little() -> None:
    outcome = simulate(4, effect=1.0, clustered=True, seed=7)
    assert outcome.helps <= 0.12


def test_clustered_cramps_still_show_a_halving_most_of_the_time_at_four_a_week() -> None:
    outcome = simulate(4, effect=0.5, clustered=True, seed=8)
    assert outcome.helps >= 0.35  # as randomised, unfollowed nights dilute the halving


@pytest.mark.validation
def test_skipping_the_tip_on_bad_nights_does_not_make_a_useless_tip_look_helpful() -> None:
    # Realistic: spells of bad weeks, and the tip skipped mostly on high-risk nights. Analysed as
    # randomised, a useless tip is called helpful about as rarely as the rule's 5% allows.
    rates = simulate_experiments(per_week=4, effect=1.0, realistic=True, runs=300, seed=21)
    assert rates.helps <= 0.08  # 5%, plus simulation noise (300 runs)


@pytest.mark.validation
def test_a_halving_is_still_found_in_realistic_experiments() -> None:
    rates = simulate_experiments(per_week=4, effect=0.5, realistic=True, runs=150, seed=22)
    assert rates.helps >= 0.2


def test_the_validate_hook_measures_experiments_clean_and_realistic() -> None:
    for clean in (True, False):
        rates = measure_experiments(8, clean=clean)  # 40 simulated experiments per measure
        assert set(rates) == set(EXPERIMENT_MEASURES)
        assert all(r.judged == 8 * EXPERIMENTS_PER_DIARY for r in rates.values())
        power, false = rates["experiment_power"].share, rates["experiment_false"].share
        assert power is not None and false is not None and power > false
