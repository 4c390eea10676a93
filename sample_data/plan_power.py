"""Measure the chance each plan shows a halving, for core/experiments/plan_power.py.

A plan's promise ("a good chance, 80%, to show it if the tip halves your
cramps") must be what the result's own analysis delivers, so it is measured:
for every block length and number of pairs a plan can have, and a grid of
cramp rates, `--runs` simulated people follow the plan with a tip that halves
their cramps, a tenth of the nights not logged and a tenth not following the
plan (clean runs of sample_data/experiment_validation.py), and the share whose
result says "It seems to help" is the chance.

    python -m sample_data.plan_power            # print the table
    python -m sample_data.plan_power --write    # and write core/experiments/plan_power.py
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from core.experiments.plan import MAX_BLOCK_NIGHTS, MIN_BLOCK_NIGHTS, MIN_PAIRS, Experiment
from core.experiments.sizing import most_pairs
from sample_data.experiment_validation import START, simulate_plan

RATES_PER_WEEK = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 14.0, 21.0, 28.0)
HALVING = 0.5
FIRST_SEED = 20_000
TABLE = Path(__file__).resolve().parent.parent / "core" / "experiments" / "plan_power.py"


def plans() -> list[tuple[int, int]]:
    """Every (block nights, pairs) a proposed plan can have."""
    return [
        (block, pairs)
        for block in range(MIN_BLOCK_NIGHTS, MAX_BLOCK_NIGHTS + 1)
        for pairs in range(MIN_PAIRS, most_pairs(block) + 1)
    ]


def measure(cell: tuple[int, int, float, int, int]) -> float:
    """The share of `runs` simulated people whose plan showed the halving."""
    block, pairs, per_week, runs, seed = cell
    plan = Experiment("loose_bedding", START, block, pairs, 0)
    answers = simulate_plan(
        plan, per_week=per_week, effect=HALVING, realistic=False, runs=runs, seed=seed
    )
    return sum(verdict == "helps" for verdict, _ in answers) / runs


def measure_all(runs: int) -> dict[tuple[int, int], tuple[float, ...]]:
    """The chance for every plan and rate, `runs` people each (two processes)."""
    cells = [
        (block, pairs, per_week, runs, FIRST_SEED + i * len(RATES_PER_WEEK) + j)
        for i, (block, pairs) in enumerate(plans())
        for j, per_week in enumerate(RATES_PER_WEEK)
    ]
    with ProcessPoolExecutor(max_workers=2) as pool:
        shares = list(pool.map(measure, cells, chunksize=4))
    width = len(RATES_PER_WEEK)
    return {plan: tuple(shares[i * width : (i + 1) * width]) for i, plan in enumerate(plans())}


def module_text(table: dict[tuple[int, int], tuple[float, ...]], runs: int) -> str:
    """The source of core/experiments/plan_power.py."""
    rows = "\n".join(
        f"    {plan}: ({', '.join(f'{c:.3f}' for c in chances)}),"
        for plan, chances in table.items()
    )
    return f'''"""The chance a plan shows a halving, measured: see sample_data/plan_power.py.

Written by `python -m sample_data.plan_power --write` (do not edit by hand).
"""

RUNS = {runs}
RATES_PER_WEEK = {RATES_PER_WEEK!r}
# CHANCE[(block_nights, pairs)][i] is the chance at RATES_PER_WEEK[i] cramps a week.
CHANCE: dict[tuple[int, int], tuple[float, ...]] = {{
{rows}
}}  # fmt: skip
'''


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the table; print it, and with --write store it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="simulated people per figure")
    parser.add_argument("--write", action="store_true", help="write " + str(TABLE))
    args = parser.parse_args(argv)
    text = module_text(measure_all(args.runs), args.runs)
    print(text)  # noqa: T201
    if args.write:
        TABLE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
