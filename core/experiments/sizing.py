"""Sizing a plan: how long an experiment must run, from the person's own cramp rate."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import gamma

from core.experiments.plan import (
    DEFAULT_BLOCK_NIGHTS,
    MAX_PLAN_NIGHTS,
    MIN_PAIRS,
    Experiment,
    planned_nights,
)
from core.experiments.plan_power import CHANCE, RATES_PER_WEEK
from core.stats.rates import PRIOR_SHAPE
from core.wording import percent

TARGET_CHANCE = 0.8  # the usual aim of a trial: four in five chances to see a real effect
MIN_USEFUL_CHANCE = 0.5  # below this, the experiment would more likely miss a halving than see it
RATE_WINDOW_NIGHTS = 90  # the cramp rate a plan is sized on: the last three months logged
MIN_RATE_NIGHTS = 14  # fewer logged nights give too rough a rate to size a plan on
CAUTIOUS_QUANTILE = 0.1  # a plan is sized on the rate's lower 10%: a good spell misleads less
# What the measured chances (core.experiments.plan_power) allow for: the share of nights not
# logged, and of nights the plan was not followed (sample_data.experiment_validation uses them).
EXPECTED_UNLOGGED = 0.1
EXPECTED_UNFOLLOWED = 0.1


def cramp_rate(nights: pd.DataFrame, before: date) -> tuple[float, int] | None:
    """Cramps per night over the last RATE_WINDOW_NIGHTS logged nights before `before`.

    Returns (rate, nights used), or None with fewer than MIN_RATE_NIGHTS logged.
    """
    if nights.empty:
        return None
    earlier = nights[nights["night"] < pd.Timestamp(before)].tail(RATE_WINDOW_NIGHTS)
    if len(earlier) < MIN_RATE_NIGHTS:
        return None
    return float(earlier["episode_count"].sum()) / len(earlier), len(earlier)


def cautious_rate(rate_per_night: float, nights: int) -> float:
    """The lower CAUTIOUS_QUANTILE of the cramp rate, from `nights` logged at `rate_per_night`.

    The rate seen over a few weeks may be a bad spell's; sizing on it would
    promise more than the plan gives. This is the Jeffreys posterior's quantile
    (Gamma with the cramps plus a half, over the nights), as in core.stats.rates.
    """
    if nights <= 0:
        raise ValueError("A rate needs at least one logged night.")
    cramps = rate_per_night * nights
    return float(gamma.ppf(CAUTIOUS_QUANTILE, cramps + PRIOR_SHAPE) / nights)


@dataclass(frozen=True)
class PlanAdvice:
    """How long a plan should run, and what chance it has of showing a halving."""

    experiment: Experiment
    rate_per_night: float | None
    chance: float | None  # of showing a halving at the sizing rate, as measured (plan_chance)
    answerable: bool
    sizing_rate: float | None = None  # the cautious rate the plan was sized on

    @property
    def weeks(self) -> int:
        """The plan's length in weeks (rounded up)."""
        return -(-planned_nights(self.experiment) // 7)

    @property
    def sentence(self) -> str:
        """The plan's length and its chance, in words."""
        plan = self.experiment
        weeks = (
            f"{self.weeks} weeks ({plan.pairs} on/off pairs of {plan.block_nights}-night blocks)"
        )
        if self.rate_per_night is None:
            return (
                f"This plan runs {weeks}. Your diary does not yet hold {MIN_RATE_NIGHTS} "
                "logged nights, so the app cannot say how likely it is to give an answer; "
                "log a couple of weeks first for a plan sized to you."
            )
        assert self.chance is not None
        rate = per_week_text(self.rate_per_night)
        chance = percent(self.chance)
        if not self.answerable:
            return (
                f"At about {rate}, even {weeks} would show a halving of your cramps only "
                f"{chance} of the time. An experiment cannot answer this for you: there are "
                "too few cramps to tell a change from chance."
            )
        word = "a good" if self.chance >= TARGET_CHANCE else "only a fair"
        cautious = ""
        if self.sizing_rate is not None and self.sizing_rate < self.rate_per_night:
            cautious = f" (sized on a cautious {per_week_text(self.sizing_rate)})"
        return (
            f"At about {rate}{cautious}, {weeks} give {word} chance ({chance}) to show it if "
            f"the tip halves your cramps: in simulated experiments at that rate, with "
            f"{percent(EXPECTED_UNLOGGED)} of the nights unlogged and "
            f"{percent(EXPECTED_UNFOLLOWED)} not following the plan, that share ended "
            '"It seems to help". Cramps that come in spells make it lower.'
        )


def per_week_text(rate_per_night: float) -> str:
    """A rate as 'N cramps a week' (or a month when below one a week)."""
    weekly = rate_per_night * 7
    if weekly >= 1:
        number = f"{weekly:.1f}".removesuffix(".0")
        return f"{number} cramp{'' if number == '1' else 's'} a week"
    monthly = rate_per_night * 30
    if monthly >= 0.95:
        return f"{monthly:.0f} cramp{'s' if round(monthly) != 1 else ''} a month"
    return "less than one cramp a month"


def plan_chance(experiment: Experiment, rate_per_night: float) -> float:
    """The chance the plan's result says "helps" when the tip halves the cramps.

    Measured, not computed: `core.experiments.plan_power` holds the share of
    simulated people whose result said so, for every block length and number of
    pairs, with a tenth of the nights not logged and a tenth not following the
    plan. Between its cramp rates the figure is interpolated on the log of the
    rate; below the lowest it falls to 0 at no cramps; above the highest it stays
    at the highest's (more cramps only help). More pairs than measured get the
    most measured pairs' figure (more pairs only help).
    """
    measured = [p for b, p in CHANCE if b == experiment.block_nights]
    if rate_per_night <= 0 or not measured:
        return 0.0
    pairs = min(max(measured), max(experiment.pairs, min(measured)))
    chances = CHANCE[(experiment.block_nights, pairs)]
    per_week = rate_per_night * 7
    if per_week <= RATES_PER_WEEK[0]:
        return chances[0] * per_week / RATES_PER_WEEK[0]
    logs = np.log(RATES_PER_WEEK)
    return float(np.interp(np.log(per_week), logs, chances))


def most_pairs(block_nights: int) -> int:
    """The most on/off pairs a proposed plan of `block_nights` blocks runs to (half a year)."""
    return max(MIN_PAIRS, MAX_PLAN_NIGHTS // (2 * block_nights))


def propose_plan(
    *,
    tip_id: str,
    started_on: date,
    rate_per_night: float | None,
    seed: int,
    block_nights: int = DEFAULT_BLOCK_NIGHTS,
    pairs: int | None = None,
    rate_nights: int | None = None,
) -> PlanAdvice:
    """A plan for a tip: the fewest pairs reaching TARGET_CHANCE (or `pairs` when given).

    With `rate_nights` (the logged nights behind `rate_per_night`) the plan is
    sized on the cautious rate (`cautious_rate`); without, on the rate itself.
    """
    observed = rate_per_night
    if rate_per_night is not None and rate_nights is not None:
        rate_per_night = cautious_rate(rate_per_night, rate_nights)
    base = Experiment(tip_id, started_on, block_nights, MIN_PAIRS, seed)
    most = most_pairs(block_nights)
    if pairs is not None:
        chosen = replace(base, pairs=pairs)
    elif rate_per_night is None:
        chosen = base
    else:
        chosen = replace(base, pairs=most)
        for count in range(MIN_PAIRS, most + 1):
            candidate = replace(base, pairs=count)
            if plan_chance(candidate, rate_per_night) >= TARGET_CHANCE:
                chosen = candidate
                break
    if rate_per_night is None or observed is None:
        return PlanAdvice(chosen, None, None, answerable=True)
    chance = plan_chance(chosen, rate_per_night)
    best = max(chance, plan_chance(replace(base, pairs=most), rate_per_night))
    return PlanAdvice(
        chosen, observed, chance, answerable=best >= MIN_USEFUL_CHANCE, sizing_rate=rate_per_night
    )
