"""Simulated self-experiments: how often the result says "helps", rightly and wrongly.

Each simulated person has a true cramp rate, follows the plan the app proposes
for that rate, and logs nights the way people do (some nights never logged,
some nights the plan not followed, said so in the check-in). The tip either
halves the cramps or does nothing. The result is read through the same
`assess` the Experiments page uses (sample_data/experiment_validation.py).
The figures are in README ("How well a self-experiment answers"). Realistic
runs add what real diaries do: each week's rate swings (good and bad weeks)
and the tip is skipped mostly on high-risk nights.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from core.experiments import plan_power
from core.experiments.plan import Experiment, counted_per_arm
from core.experiments.sizing import propose_plan
from core.stats.rates import HALVING, chance_to_show
from sample_data.experiment_validation import START, simulate_experiments
from sample_data.plan_power import RATES_PER_WEEK, measure, module_text, plans
from sample_data.validate_experiments import EXPERIMENTS_PER_DIARY, measure_experiments
from sample_data.validate_experiments import MEASURES as EXPERIMENT_MEASURES

RUNS = 300
Z_995 = 2.81  # the two-sided 99.5% point of the normal law


def promise_kept(promised: float, found: float, runs: int) -> bool:
    """Whether `found` (a share of `runs` new simulated experiments) agrees with the promise
    (itself a share of plan_power.RUNS): within the 99.5% band of the two shares' difference."""
    variance = max(promised * (1 - promised), 0.01) * (1 / runs + 1 / plan_power.RUNS)
    return abs(found - promised) <= Z_995 * math.sqrt(variance) + 1 / runs


def old_promise(experiment: Experiment, per_week: float) -> float:
    """The promise before it was measured: the pooled rule's chance, a tenth of nights lost."""
    counted = int(counted_per_arm(experiment) * 0.9)
    return chance_to_show(per_week / 7, counted, counted, HALVING)


@pytest.mark.parametrize("per_week", [2, 4, 7])
def test_a_tip_that_does_nothing_is_rarely_called_helpful(per_week: int) -> None:
    outcome = simulate_experiments(
        per_week=per_week, effect=1.0, realistic=False, runs=RUNS, seed=per_week
    )
    assert outcome.helps <= 0.08  # the rule's 5% false alarms, plus simulation noise
    assert outcome.worse <= 0.08


@pytest.mark.validation
def test_a_plan_shows_a_halving_as_often_as_it_promises_and_the_old_promise_would_fail() -> None:
    # The plan's chance is the measured share of core/experiments/plan_power.py; new simulated
    # people (other seeds) at four rates must find a halving about that often. The earlier
    # promise, the pooled rule's chance, claimed far more than the analysis gives (at 14 a
    # week 86% against about a third): the same check refuses it.
    old_kept = []
    for per_week in (2, 4, 7, 14):
        advice = propose_plan(
            tip_id="loose_bedding", started_on=START, rate_per_night=per_week / 7, seed=0
        )
        outcome = simulate_experiments(
            per_week=per_week, effect=0.5, realistic=False, runs=RUNS, seed=100 + per_week
        )
        assert advice.chance is not None and outcome.worse <= 0.02
        assert promise_kept(advice.chance, outcome.helps, RUNS), (per_week, advice.chance)
        old_kept.append(promise_kept(old_promise(advice.experiment, per_week), outcome.helps, RUNS))
    assert not any(old_kept[1:])


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


def test_the_stored_chances_cover_every_plan_and_rate_and_regenerate_as_written() -> None:
    assert set(plan_power.CHANCE) == set(plans())  # every block length and number of pairs
    assert all(len(row) == len(RATES_PER_WEEK) for row in plan_power.CHANCE.values())
    assert plan_power.RATES_PER_WEEK == RATES_PER_WEEK
    assert all(0.0 <= c <= 1.0 for row in plan_power.CHANCE.values() for c in row)
    # The generator writes the module as stored: the same text from the same figures.
    stored = Path(plan_power.__file__).read_text(encoding="utf-8")
    assert module_text(plan_power.CHANCE, plan_power.RUNS) == stored
    assert 0.0 <= measure((7, 3, 4.0, 10, 1)) <= 1.0
