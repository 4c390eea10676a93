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
from typing import Any, Literal

import numpy as np
import pandas as pd

from core.article import rules
from core.profile import Profile
from core.stats.rates import REAL_CHANCE, nights_each_side
from core.stats.time_series import BLOCK_NIGHTS, MIN_CHANGE_BLOCKS, RateMethod, fit_rate

MIN_INTERVENTION_NIGHTS = 14  # the floor a side: one odd week must not decide a before/after
BEFORE_AFTER_CAUTION = (
    "Before/after is weak evidence: cramps change with the season (they are about twice as "
    "common in summer), and after a bad spell they often ease on their own (regression to the "
    "mean), so a change may get credit it did not earn. Experiments test a tip fairly."
)


def before_after_cannot_tell() -> str | None:
    """What the Changes page says when before/after is too weak to tell: None when a true
    halving is found at least half the time (`rates.REAL_CHANCE`).

    The figures are measured on realistic one-year diaries by `python -m sample_data.validate
    --write` (core/stats/change_power.py), never claimed.
    """
    from core.stats import change_power

    power = change_power.REALISTIC["change_power"]
    if power >= REAL_CHANCE:
        return None
    false = change_power.REALISTIC["change_false"]
    return (
        "Before and after cannot tell whether a change works. On realistic one-year diaries "
        "(cramps in spells of a few weeks, more in summer), a change that truly halved cramps "
        f"was called “fewer” in only {power:.0%} of them, and one that did nothing was called "
        f"fewer or more in {false:.0%}. To find out whether a tip helps you, test it on the "
        "Experiments page: on and off in random order, so spells and seasons fall on both sides."
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


ChangeVerdict = Literal["fewer", "more", "no_clear_change", "not_enough_data"]


@dataclass(frozen=True)
class InterventionEffect:
    """Cramps per week before vs. after a change, and the change's rate ratio with its interval.

    `rate_ratio`, `low` and `high` come from one interrupted-time-series fit
    (`core.stats.time_series`): after/before, allowing for spells, the drift
    over time and (`season_adjusted`) the time of year. `too_few_blocks` is
    set when the sides had nights enough but too short a span for that model.
    """

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
    season_adjusted: bool = False
    too_few_blocks: bool = False

    @property
    def verdict(self) -> ChangeVerdict:
        """The result in one word, read off the interval (so the two never disagree)."""
        if not self.enough_data or self.low is None or self.high is None:
            return "not_enough_data"
        if self.high < 1:
            return "fewer"
        if self.low > 1:
            return "more"
        return "no_clear_change"

    def as_record(self) -> dict[str, str | float | None]:
        """The comparison for scripts (`cramp-diary analyse --json`); a ratio that is not a
        finite number is None."""

        def finite(value: float | None) -> float | None:
            return value if value is not None and math.isfinite(value) else None

        return {
            "name": self.name,
            "started_on": self.started_on.isoformat(),
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "verdict": self.verdict,
            "rate_ratio": finite(self.rate_ratio),
            "low": finite(self.low),
            "high": finite(self.high),
        }

    @property
    def sentence(self) -> str:
        """The before/after comparison in words: the one wording every screen and print uses."""
        if self.verdict == "not_enough_data":
            return self._not_enough_sentence()
        assert self.rate_ratio is not None
        nights = f"{self.nights_before} nights before, {self.nights_after} after"
        interval = f"95% CI {_num(self.low)}–{_num(self.high)}; {nights}"
        allowing = (
            "spells, the drift over time and the time of year"
            if self.season_adjusted
            else ("spells and the drift over time")
        )
        change = (
            f"Cramps went from {self.per_week_before:.1f} to {self.per_week_after:.1f} a week "
            f"after “{self.name}”. Allowing for {allowing}, that is {_num(self.rate_ratio)} "
            f"times the rate before ({interval})."
        )
        if self.verdict == "fewer":
            return change + " That is a drop beyond chance, though other changes may explain it."
        if self.verdict == "more":
            return change + " Cramps became more frequent, beyond chance."
        return change + " The difference could be chance, a spell of good or bad weeks."

    def _not_enough_sentence(self) -> str:
        if self.nights_needed is None:
            return (
                f"“{self.name}” cannot be judged by before and after: with so few cramps "
                f"before it ({self.cramps_before} in {self.nights_before} nights), even a "
                "year on each side would rarely show a halving."
            )
        if self.too_few_blocks:
            return (
                f"Not enough data yet to judge “{self.name}”: the nights before and after it "
                f"must span at least {MIN_CHANGE_BLOCKS} blocks of {BLOCK_NIGHTS // 7} weeks, "
                "so that spells of good and bad weeks can be told from the change."
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


def compare_intervention(
    nights: pd.DataFrame,
    *,
    name: str,
    started_on: date,
    ended_on: date | None,
    method: RateMethod | None = None,
) -> InterventionEffect:
    """Cramps per logged night before the start vs. from the start to the end (or today).

    The ratio comes from the interrupted time series of `core.stats.time_series`
    (`method` replaces it; validation checks a deliberately naive one with it).
    """
    days = nights["night"].to_numpy(dtype="datetime64[D]")
    counts = nights["episode_count"].fillna(0).to_numpy(dtype="int64")
    before = days < np.datetime64(started_on, "D")
    used = np.ones(len(days), dtype=bool)
    if ended_on is not None:
        used = days <= np.datetime64(ended_on, "D")
    after = ~before & used
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
    fitted = (method or fit_rate)(nights[used].reset_index(drop=True), after[used])
    if fitted is None:
        return InterventionEffect(**base, enough_data=False, too_few_blocks=True)
    return InterventionEffect(
        **base,
        enough_data=True,
        per_week_before=7 * c_before / n_before,
        per_week_after=7 * c_after / n_after,
        rate_ratio=fitted.ratio,
        low=fitted.low,
        high=fitted.high,
        p_value=fitted.p_value,
        season_adjusted=fitted.season_adjusted,
    )
