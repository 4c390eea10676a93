"""The day-before factors as yes/no at the person's thresholds, and before/after comparisons.

`FACTORS` says, for each article cause the diary can measure, whether a night
had it at the person's own threshold (yes / no / unknown). Whether a factor
goes with cramp nights is judged by one model over all of them at once, in
`core.stats.trigger_model`; these yes/no columns are its starting shapes and what the
person's own threshold means. `compare_intervention` compares cramps per night
before and after a change the person made, as a rate ratio with its interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from core.article import rules
from core.profile import Profile
from core.stats.rates import nights_each_side

MIN_INTERVENTION_NIGHTS = 14  # the floor a side: one odd week must not decide a before/after
BEFORE_AFTER_CAUTION = (
    "Before/after is weak evidence: cramps change with the season (they are about twice as "
    "common in summer), and after a bad spell they often ease on their own (regression to the "
    "mean), so a change may get credit it did not earn. Experiments test a tip fairly."
)


@dataclass(frozen=True)
class Factor:
    """Something about the day before a night that may go with cramps."""

    id: str
    label: str  # completes "Cramps were 2 times as likely after …"
    cause_ids: tuple[str, ...]
    present: rules.Rule  # yes / no / unknown per night


FACTORS: tuple[Factor, ...] = (
    Factor("low_water", "days under your water target", ("dehydration",), rules.below_water_target),
    Factor(
        "vigorous_exercise",
        "days with vigorous exercise",
        ("high_intensity_exercise",),
        rules.vigorous_exercise,
    ),
    Factor("heat", "hot days", ("exercise_in_heat",), rules.hot_day),
    Factor(
        "no_stretching",
        "nights you did not stretch before bed",
        ("not_enough_stretching",),
        rules.no_stretching,
    ),
    Factor("long_sitting", "days of long sitting", ("long_sitting",), rules.long_sitting),
    Factor(
        "hard_floor",
        "days of long standing on hard floors",
        ("hard_floors",),
        rules.long_standing,
    ),
    Factor("high_stress", "high-stress days", ("stress",), rules.high_stress),
    Factor(
        "new_medication",
        "days with a new or changed medication",
        ("medication_side_effect",),
        rules.new_medication,
    ),
)


def factor_presence(nights: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """One nullable boolean column per factor (NA where the context is unknown)."""
    return pd.DataFrame(
        {factor.id: factor.present(nights, profile) for factor in FACTORS}, index=nights.index
    )


def _num(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "∞" if value is not None else "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


@dataclass(frozen=True)
class InterventionEffect:
    """Cramps per week before vs. after a change, as a rate ratio with its interval."""

    name: str
    started_on: date
    ended_on: date | None
    nights_before: int
    nights_after: int
    cramps_before: int
    cramps_after: int
    enough_data: bool
    per_week_before: float | None = None
    per_week_after: float | None = None
    rate_ratio: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    nights_needed: int | None = MIN_INTERVENTION_NIGHTS  # a side; None: no real chance at all

    @property
    def sentence(self) -> str:
        """The before/after comparison in words."""
        if not self.enough_data:
            if self.nights_needed is None:
                return (
                    f"“{self.name}” cannot be judged by before and after: with so few cramps "
                    f"before it ({self.cramps_before} in {self.nights_before} nights), even a "
                    "year on each side would rarely show a halving."
                )
            need_before = max(self.nights_needed - self.nights_before, 0)
            need_after = max(self.nights_needed - self.nights_after, 0)
            parts = []
            if need_before:
                parts.append(f"{need_before} more nights before it")
            if need_after:
                parts.append(f"{need_after} more nights after it")
            return (
                f"Not enough data yet to judge “{self.name}”: it needs "
                f"{' and '.join(parts)} (at least {self.nights_needed} on each side, so that "
                "a halving of your cramps would have a real chance to show)."
            )
        assert self.rate_ratio is not None
        nights = f"{self.nights_before} nights before, {self.nights_after} after"
        interval = f"95% CI {_num(self.low)}–{_num(self.high)}; {nights}"
        change = (
            f"Cramps went from {self.per_week_before:.1f} to {self.per_week_after:.1f} a week "
            f"after “{self.name}”: {_num(self.rate_ratio)} times the rate before ({interval})."
        )
        if self.high is not None and self.high < 1:
            return change + (
                " That is a real drop beyond chance, though season or other changes may explain it."
            )
        if self.low is not None and self.low > 1:
            return change + " Cramps became more frequent."
        return change + " The difference could be chance."


def compare_intervention(
    nights: pd.DataFrame, *, name: str, started_on: date, ended_on: date | None
) -> InterventionEffect:
    """Cramps per logged night before the start vs. from the start to the end (or today)."""
    days = nights["night"].to_numpy(dtype="datetime64[D]")
    counts = nights["episode_count"].to_numpy(dtype="int64")
    before = days < np.datetime64(started_on, "D")
    after = days >= np.datetime64(started_on, "D")
    if ended_on is not None:
        after &= days <= np.datetime64(ended_on, "D")
    n_before, n_after = int(before.sum()), int(after.sum())
    c_before, c_after = int(counts[before].sum()), int(counts[after].sum())
    base: dict[str, Any] = {
        "name": name,
        "started_on": started_on,
        "ended_on": ended_on,
        "nights_before": n_before,
        "nights_after": n_after,
        "cramps_before": c_before,
        "cramps_after": c_after,
    }
    # Enough nights means enough for a halving to have a real chance to show, at the rate
    # before the change (core.stats.rates); never fewer than MIN_INTERVENTION_NIGHTS a side.
    computed = (
        nights_each_side(c_before / n_before)
        if n_before >= MIN_INTERVENTION_NIGHTS
        else MIN_INTERVENTION_NIGHTS
    )
    needed = None if computed is None else max(computed, MIN_INTERVENTION_NIGHTS)
    base["nights_needed"] = needed
    if needed is None or n_before < needed or n_after < needed:
        return InterventionEffect(**base, enough_data=False)
    low, high = confint_poisson_2indep(c_after, n_after, c_before, n_before, method="score")
    test = test_poisson_2indep(c_after, n_after, c_before, n_before, method="score")
    ratio = (c_after / n_after) / (c_before / n_before) if c_before else math.inf
    return InterventionEffect(
        **base,
        enough_data=True,
        per_week_before=7 * c_before / n_before,
        per_week_after=7 * c_after / n_after,
        rate_ratio=float(ratio),
        low=float(low),
        high=float(high),
        p_value=float(test.pvalue),
    )
