"""Simulated self-experiments: how often the result says "helps", rightly and wrongly.

For `python -m sample_data.validate` (which reports experiments beside the other
methods) and the test suite. Each simulated person has a true cramp rate,
follows the plan the app proposes for that rate (`core.experiments.sizing`),
and logs nights the way people do: some never logged, some with the plan not
followed. The tip either does nothing (`effect=1`: every "helps" is false) or
halves the cramps (`effect=0.5`: "helps" is the power). The result is read
through the same `assess` the Experiments page uses, as randomised (intention
to treat). The length is fixed at the start (extending is refused once the
first night is over), so no extension enters the figures.

Clean runs: independent nights, a tenth not logged and a tenth not followed
at random. Realistic runs: risk in spells (each week's rate times a Gamma(2,
1/2) factor) and the tip skipped mostly on high-risk nights
(`sample_data.realistic.skips_when_risky`), the case where leaving out
unfollowed nights makes a useless tip look helpful.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from core.experiments.plan import Experiment, last_planned_night, night_plans
from core.experiments.result import assess
from core.experiments.sizing import EXPECTED_UNFOLLOWED, EXPECTED_UNLOGGED, propose_plan
from sample_data.realistic import skips_when_risky

START = date(2026, 1, 5)
NOT_LOGGED = EXPECTED_UNLOGGED  # a tenth of the nights never logged
NOT_FOLLOWED = EXPECTED_UNFOLLOWED  # a tenth of the nights the plan not followed (and said so)
WEEK_SHAPE = 2.0  # Gamma shape of the week-to-week swing in realistic runs
RISKY_SKEW = 2.0  # realistic runs: skipping the tip goes with risk squared


@dataclass(frozen=True)
class ExperimentRates:
    """Shares of simulated experiments whose result said "helps" (and "worse")."""

    runs: int
    helps: float
    worse: float
    helps_per_protocol: float  # had unfollowed nights been left out (the old analysis)
    promised: float  # the chance the plan promised for a halving (measured, plan_power)


def run_experiment(
    plan: Experiment, *, per_week: float, effect: float, realistic: bool, rng: np.random.Generator
) -> tuple[str, bool]:
    """One simulated person following `plan`: the result's verdict, analysed as randomised,
    and whether leaving out unfollowed nights (per protocol) would have called it lower."""
    plans = night_plans(plan)
    n = len(plans)
    weeks = n // 7 + 1
    swing = rng.gamma(WEEK_SHAPE, 1 / WEEK_SHAPE, weeks) if realistic else np.ones(weeks)
    base = per_week / 7 * swing[np.arange(n) // 7]
    if realistic:
        skipped = skips_when_risky(base, rng, share=NOT_FOLLOWED, skew=RISKY_SKEW)
    else:
        skipped = rng.random(n) < NOT_FOLLOWED
    on_tip = np.array([p.arm == "tip" for p in plans])
    doing_tip = on_tip != skipped  # a skipped night does the other arm's routine
    cramps = rng.poisson(base * np.where(doing_tip, effect, 1.0))
    logged = rng.random(n) >= NOT_LOGGED
    frame = pd.DataFrame(
        {
            "night": pd.to_datetime([p.night for p in plans])[logged],
            "episode_count": pd.array(cramps[logged], dtype="Int64"),
        }
    )
    answers: dict[date, bool | None] = {
        p.night: not bool(s) for p, s in zip(plans, skipped, strict=True)
    }
    end = last_planned_night(plan)
    assert end is not None
    result = assess(plan, frame, answers, end + timedelta(days=1))
    pp = result.per_protocol
    return result.verdict, pp is not None and pp.clearly_lower


def simulate_plan(
    plan: Experiment, *, per_week: float, effect: float, realistic: bool, runs: int, seed: int
) -> list[tuple[str, bool]]:
    """`runs` people following `plan` (its order redrawn for each): `run_experiment`'s answers."""
    rng = np.random.default_rng(seed)
    return [
        run_experiment(
            replace(plan, seed=run), per_week=per_week, effect=effect, realistic=realistic, rng=rng
        )
        for run in range(runs)
    ]


def simulate_experiments(
    *, per_week: float, effect: float, realistic: bool, runs: int = 200, seed: int = 0
) -> ExperimentRates:
    """`runs` simulated experiments at `per_week` cramps with a tip multiplying the rate by
    `effect`, each following the plan the app proposes for that rate; realistic runs have
    spells and skip the tip on high-risk nights."""
    advice = propose_plan(
        tip_id="loose_bedding", started_on=START, rate_per_night=per_week / 7, seed=0
    )
    answers = simulate_plan(
        advice.experiment,
        per_week=per_week,
        effect=effect,
        realistic=realistic,
        runs=runs,
        seed=seed,
    )
    verdicts = [verdict for verdict, _ in answers]
    return ExperimentRates(
        runs=runs,
        helps=verdicts.count("helps") / runs,
        worse=verdicts.count("worse") / runs,
        helps_per_protocol=sum(pp for _, pp in answers) / runs,
        promised=advice.chance or 0.0,
    )


def experiment_figures(
    *, runs: int = 200, per_week: float = 4.0, seed: int = 0
) -> dict[str, dict[str, float]]:
    """False "helps" (tip does nothing) and power (tip halves cramps), clean and realistic.

    `{"clean": {"false_helps": …, "power": …, "false_helps_per_protocol": …}, "realistic": …}`
    """
    out: dict[str, dict[str, float]] = {}
    for kind in ("clean", "realistic"):
        realistic = kind == "realistic"
        null = simulate_experiments(
            per_week=per_week, effect=1.0, realistic=realistic, runs=runs, seed=seed
        )
        halved = simulate_experiments(
            per_week=per_week, effect=0.5, realistic=realistic, runs=runs, seed=seed + 1
        )
        out[kind] = {
            "false_helps": null.helps,
            "false_helps_per_protocol": null.helps_per_protocol,
            "power": halved.helps,
        }
    return out
