"""Self-experiments on clean and realistic diaries: false "helps" and power.

`measure_experiments` is what `python -m sample_data.validate` calls for the
experiment rows of its clean-and-realistic table. It runs the simulation of
`sample_data.experiment_validation`: simulated people at 4 cramps a week follow
the plan the app proposes, with a tip that does nothing (false "helps") and
one that halves cramps (power), read through the same `assess` the page uses.
Clean runs: independent nights, nights unlogged and the plan skipped at
random. Realistic runs: cramps in spells and the tip skipped mostly on
high-risk nights (`sample_data.realistic.skips_when_risky`). The length is
fixed at the start, so there are no extensions to simulate.

Runtime: EXPERIMENTS_PER_DIARY simulated experiments per requested diary and
measure (the default 40 diaries: 200 experiments each, a few seconds per
measure).
"""

from __future__ import annotations

from sample_data.experiment_validation import simulate_experiments
from sample_data.validate_changes import Rate

MEASURES: dict[str, str] = {
    "experiment_false": "Experiments: a tip that does nothing called “helps”",
    "experiment_power": "Experiments: a tip that halves cramps called “helps”",
}
FALSE_HELPS_TARGET = 0.05
EXPERIMENTS_PER_DIARY = 5  # one simulated experiment is cheap; 5 per diary steadies the shares
PER_WEEK = 4.0  # the simulated people's cramp rate (the plan is sized on it)


def measure_experiments(diaries: int, *, clean: bool) -> dict[str, Rate]:
    """Rates for MEASURES over `diaries` × EXPERIMENTS_PER_DIARY simulated experiments."""
    runs = diaries * EXPERIMENTS_PER_DIARY
    seed = 0 if clean else 1000
    null = simulate_experiments(
        per_week=PER_WEEK, effect=1.0, realistic=not clean, runs=runs, seed=seed
    )
    halved = simulate_experiments(
        per_week=PER_WEEK, effect=0.5, realistic=not clean, runs=runs, seed=seed + 1
    )
    return {
        "experiment_false": Rate(round(null.helps * runs), runs),
        "experiment_power": Rate(round(halved.helps * runs), runs),
    }
