"""How often does the trigger analysis find a planted truth, and how often does it cry wolf?

`python -m sample_data.validate` first draws `--diaries` diaries per scenario
(`sample_data.scenarios`) and length (six and twelve months), runs the app's
model (`core.stats.trigger_model`) and the app's earlier one-factor-at-a-time test
(`old_flags`, kept here as the reference) on the same diaries, prints
the table that README shows, and with `--write` stores the new method's
figures in `core/stats/trigger_power.py`, where the app reads what it says about its
own power.

Then it puts clean diaries (independent nights) beside realistic ones (spells, a
summer rise, gaps in runs: `sample_data.realistic`) for the trend and
before/after (`sample_data.validate_changes`, `--change-diaries` one-year
diaries per measure), the triggers (`--diaries` one-year diaries per row) and
self-experiments (`sample_data.validate_experiments`), and with `--write`
stores the trend and before/after figures in `core/stats/change_power.py`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests
from threadpoolctl import threadpool_limits

from core.profile import Profile
from core.stats.trigger_model import analyse_triggers
from core.stats.triggers import FACTORS, factor_presence
from sample_data.realistic import realistic_nights
from sample_data.scenarios import LENGTHS, SCENARIOS, scenario_nights
from sample_data.validate_changes import MEASURES as CHANGE_MEASURES
from sample_data.validate_changes import (
    YEAR_NIGHTS,
    Rate,
    change_power_module,
    measure_changes,
)
from sample_data.validate_experiments import EXPERIMENTS_PER_DIARY, measure_experiments
from sample_data.validate_experiments import MEASURES as EXPERIMENT_MEASURES

POWER_MODULE = Path(__file__).resolve().parent.parent / "core" / "stats" / "trigger_power.py"
CHANGE_POWER_MODULE = POWER_MODULE.with_name("change_power.py")
FIRST_SEED = 1000  # apart from the seeds the test suite uses

Flags = Callable[[pd.DataFrame], set[str]]


def new_flags(nights: pd.DataFrame) -> set[str]:
    """The factors the app's model calls linked."""
    return {f.factor for f in analyse_triggers(nights, Profile()).linked}


def old_flags(nights: pd.DataFrame, profile: Profile | None = None) -> set[str]:
    """The factors the app's earlier test flagged: one factor at a time, yes/no at the
    person's thresholds, Fisher's exact test, Benjamini–Hochberg at 5% over the factors with
    at least 10 known nights on each side and 5 cramp nights (kept here as the reference)."""
    presence = factor_presence(nights, profile or Profile())
    cramp = (nights["episode_count"] > 0).to_numpy()
    tested: list[str] = []
    p_values: list[float] = []
    for factor in FACTORS:
        column = presence[factor.id]
        known = column.notna().to_numpy()
        has = column.fillna(False).to_numpy(dtype=bool) & known
        lacks = known & ~has
        if min(has.sum(), lacks.sum()) < 10 or cramp[known].sum() < 5:
            continue
        table = [
            [cramp[has].sum(), (~cramp[has]).sum()],
            [cramp[lacks].sum(), (~cramp[lacks]).sum()],
        ]
        tested.append(factor.id)
        p_values.append(float(fisher_exact(table)[1]))
    if not tested:
        return set()
    rejected = multipletests(p_values, alpha=0.05, method="fdr_bh")[0]
    return {f for f, r in zip(tested, rejected, strict=True) if r}


MEASURES: dict[str, tuple[str, Callable[[set[str]], bool]]] = {
    "threshold": ("low water found", lambda f: "low_water" in f),
    "combined": ("exercise in heat found", lambda f: "exercise_in_heat" in f),
    "combined_parts": (
        "heat or exercise linked",
        lambda f: bool({"heat", "vigorous_exercise"} & f),
    ),
    "innocent": ("sitting wrongly linked", lambda f: "long_sitting" in f),
    "innocent_found": ("skipped stretch found", lambda f: "no_stretching" in f),
    "dose": ("stress dose found", lambda f: "high_stress" in f),
    "none": ("any factor linked", bool),
}


def measure(diaries: int, first_seed: int = FIRST_SEED) -> dict[str, dict[str, dict[str, float]]]:
    """Rates per measure, length and method ("new", "old"), over `diaries` seeded diaries each."""
    methods: dict[str, Flags] = {"new": new_flags, "old": old_flags}
    flagged: dict[tuple[str, str, str], list[set[str]]] = {}
    for scenario in SCENARIOS:
        for length, nights in LENGTHS.items():
            diaries_drawn = [
                scenario_nights(scenario, nights=nights, seed=seed)
                for seed in range(first_seed, first_seed + diaries)
            ]
            for method, flags in methods.items():
                flagged[scenario, length, method] = [flags(d) for d in diaries_drawn]
    return {
        key: {
            length: {
                method: sum(map(test, flagged[key.split("_")[0], length, method])) / diaries
                for method in methods
            }
            for length in LENGTHS
        }
        for key, (_, test) in MEASURES.items()
    }


def table(rates: dict[str, dict[str, dict[str, float]]], diaries: int) -> str:
    """The README table: each measure, new beside old, six and twelve months."""
    lines = [
        "| planted truth | measure | 6 months new | 6 months old | 12 months new | 12 months old |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, (label, _) in MEASURES.items():
        scenario = SCENARIOS[key.split("_")[0]]
        cells = [
            f"{rates[key][length][m]:.0%}" if m in rates[key][length] else "—"
            for length in LENGTHS
            for m in ("new", "old")
        ]
        lines.append(f"| {scenario.description} | {label} | " + " | ".join(cells) + " |")
    lines.append(f"\n{diaries} diaries per row and length.")
    return "\n".join(lines)


def power_module(rates: dict[str, dict[str, dict[str, float]]], diaries: int) -> str:
    """The source of core/stats/trigger_power.py: the new method's measured rates."""
    rows = []
    for key in MEASURES:
        cells = ", ".join(f'"{length}": {rates[key][length]["new"]:.3f}' for length in LENGTHS)
        rows.append(f'    "{key}": {{{cells}}},')
    return (
        '"""What the trigger analysis finds on planted diaries: measured, not claimed.\n\n'
        "Written by `python -m sample_data.validate --write` (do not edit by hand); the\n"
        "scenarios are in sample_data/scenarios.py. Each rate is the share of diaries.\n"
        '"""\n\n'
        f"DIARIES = {diaries}\n"
        f"LENGTH_NIGHTS = {{{', '.join(f'{k!r}: {v}' for k, v in LENGTHS.items())}}}\n"
        "RATES: dict[str, dict[str, float]] = {\n" + "\n".join(rows) + "\n}\n"
    ).replace("'", '"')


TRIGGER_MEASURES: dict[str, tuple[str, str, Callable[[set[str]], bool]]] = {
    "trigger_false": (
        "Triggers: any factor linked when nothing matters (family-wise)",
        "none",
        bool,
    ),
    "trigger_power": (
        "Triggers: 2.5× risk under 1.5 L of water found",
        "threshold",
        lambda f: "low_water" in f,
    ),
}
TARGETS: dict[str, str] = {
    "trend_false": "≤ 6%",
    "change_false": "≤ 6%",
    "trigger_false": "≤ 10%",
    "experiment_false": "≤ 5%",
}


def measure_triggers(diaries: int, *, clean: bool) -> dict[str, Rate]:
    """The trigger rows of the side-by-side table, on one-year diaries."""
    rates = {}
    for key, (_, scenario, test) in TRIGGER_MEASURES.items():
        hits = sum(
            test(
                new_flags(
                    realistic_nights(nights=YEAR_NIGHTS, seed=seed, clean=clean, scenario=scenario)
                )
            )
            for seed in range(FIRST_SEED, FIRST_SEED + diaries)
        )
        rates[key] = Rate(hits, diaries)
    return rates


def side_by_side(clean: dict[str, Rate], realistic: dict[str, Rate]) -> str:
    """The README table: each measure, its target, clean beside realistic diaries."""
    labels = {
        **CHANGE_MEASURES,
        **{k: label for k, (label, _, _) in TRIGGER_MEASURES.items()},
        **EXPERIMENT_MEASURES,
    }
    lines = [
        "| measure (one-year diaries) | target | clean | realistic |",
        "| --- | --- | --- | --- |",
    ]

    def cell(rate: Rate | None) -> str:
        if rate is None or rate.share is None:
            return "not measured yet"
        return f"{rate.share:.1%} ({rate.count}/{rate.judged})"

    for key, label in labels.items():
        target = TARGETS.get(key, "power")
        lines.append(
            f"| {label} | {target} | {cell(clean.get(key))} | {cell(realistic.get(key))} |"
        )
    return "\n".join(lines)


def measure_side_by_side(
    change_diaries: int, trigger_diaries: int
) -> tuple[dict[str, Rate], dict[str, Rate]]:
    """(clean, realistic) rates of every measure of the side-by-side table."""
    out = []
    for clean in (True, False):
        rates = {
            **measure_changes(change_diaries, clean=clean),
            **measure_triggers(trigger_diaries, clean=clean),
        }
        rates.update(measure_experiments(trigger_diaries, clean=clean))
        out.append(rates)
    return out[0], out[1]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, print the table, optionally store the figures."""
    parser = argparse.ArgumentParser(prog="python -m sample_data.validate", description=__doc__)
    parser.add_argument("--diaries", type=int, default=40, help="diaries per scenario and length")
    parser.add_argument(
        "--change-diaries",
        type=int,
        default=200,
        help="one-year diaries per trend and before/after measure",
    )
    parser.add_argument(
        "--only", choices=("all", "triggers", "side-by-side"), default="all", help="which tables"
    )
    parser.add_argument("--write", action="store_true", help="store the figures for the app")
    args = parser.parse_args(argv)
    if args.diaries < 1 or args.change_diaries < 1:
        parser.error("--diaries and --change-diaries must be at least 1")
    with threadpool_limits(1, "blas"):  # many small fits: threads only contend
        if args.only in ("all", "triggers"):
            rates = measure(args.diaries)
            print(table(rates, args.diaries))
            if args.write:
                POWER_MODULE.write_text(power_module(rates, args.diaries), encoding="utf-8")
                print(f"Wrote {POWER_MODULE}")
        if args.only in ("all", "side-by-side"):
            clean, realistic = measure_side_by_side(args.change_diaries, args.diaries)
            print()
            print(side_by_side(clean, realistic))
            print(
                f"\n{args.change_diaries} diaries per trend and before/after measure, "
                f"{args.diaries} per trigger measure, "
                f"{EXPERIMENTS_PER_DIARY * args.diaries} experiments per experiment measure."
            )
            if args.write:
                source = change_power_module(realistic, clean, args.change_diaries)
                CHANGE_POWER_MODULE.write_text(source, encoding="utf-8")
                print(f"Wrote {CHANGE_POWER_MODULE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
