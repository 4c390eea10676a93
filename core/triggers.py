"""Honest trigger statistics: is a factor linked to cramp nights in *this* diary?

The unit is the night. For each factor, nights where it was present are
compared with nights where it was absent; nights where it is unknown are left
out (and counted). The finding is the risk of a cramp night (risk ratio with a
Katz 95% interval and Fisher's exact test); the rate of cramps per night is
shown beside it (a Poisson comparison). Many factors are tested at once, so
p-values are adjusted with Benjamini–Hochberg and a factor is flagged only
when its adjusted p is below 0.05. Below a minimum amount of data the answer is
"not enough data yet" and what is needed, never a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from core import rules
from core.profile import Profile
from core.rates import nights_each_side

MIN_NIGHTS_EACH_SIDE = 10
MIN_CRAMP_NIGHTS = 5
MIN_INTERVENTION_NIGHTS = 14  # the floor a side: one odd week must not decide a before/after
BEFORE_AFTER_CAUTION = (
    "Before/after is weak evidence: cramps change with the season (they are about twice as "
    "common in summer), and after a bad spell they often ease on their own (regression to the "
    "mean), so a change may get credit it did not earn. Experiments test a tip fairly."
)
FLAG_LEVEL = 0.05


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


@dataclass(frozen=True)
class FactorComparison:
    """Cramp nights with vs. without one factor, with the uncertainty stated."""

    factor: str
    label: str
    nights_with: int
    nights_without: int
    nights_unknown: int
    cramp_nights_with: int
    cramp_nights_without: int
    cramps_with: int
    cramps_without: int
    enough_data: bool
    more_nights_needed: int | None
    risk_ratio: float | None = None
    risk_low: float | None = None
    risk_high: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    rate_ratio: float | None = None
    rate_low: float | None = None
    rate_high: float | None = None
    flagged: bool = False

    @property
    def sentence(self) -> str:
        """The finding in words a patient can read."""
        if not self.enough_data:
            return (
                f"Not enough data yet for {self.label}: log about {self.more_nights_needed} more "
                "nights, with and without it, with the day's details filled in."
            )
        assert self.risk_ratio is not None and self.p_adjusted is not None
        nights = self.nights_with + self.nights_without
        interval = f"95% CI {_num(self.risk_low)}–{_num(self.risk_high)}, {nights} nights"
        if self.flagged and self.risk_ratio >= 1:
            return (
                f"Cramps were {_num(self.risk_ratio)} times as likely after {self.label} "
                f"({interval})."
            )
        if self.flagged:
            return (
                f"Cramps were less likely after {self.label}: {_num(self.risk_ratio)} times the "
                f"chance of a cramp night ({interval})."
            )
        if self.risk_low is not None and (self.risk_low > 1 or (self.risk_high or 0) < 1):
            return (
                f"Cramp nights were {_num(self.risk_ratio)} times as likely after {self.label} "
                f"({interval}), but with {len(FACTORS)} factors tested at once this could still "
                f"be chance (adjusted p = {self.p_adjusted:.2f})."
            )
        return (
            f"No clear link with {self.label} yet: cramp nights were {_num(self.risk_ratio)} "
            f"times as likely ({interval}), which chance alone could explain."
        )


def _num(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "∞" if value is not None else "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _more_needed(with_: int, without: int, cramp_nights: int, total: int) -> int:
    """Roughly how many more nights (at the current mix) reach every minimum."""
    share_with = with_ / total if total else 0.2
    share_with = min(max(share_with, 0.05), 0.95)
    cramp_rate = cramp_nights / total if total and cramp_nights else 0.1
    needs = [
        (MIN_NIGHTS_EACH_SIDE - with_) / share_with,
        (MIN_NIGHTS_EACH_SIDE - without) / (1 - share_with),
        (MIN_CRAMP_NIGHTS - cramp_nights) / cramp_rate,
    ]
    return max(1, math.ceil(max(needs)))


def compare_factors(nights: pd.DataFrame, profile: Profile) -> list[FactorComparison]:
    """Every factor's comparison, with Benjamini–Hochberg adjustment over those testable."""
    presence = factor_presence(nights, profile)
    counts = nights["episode_count"].to_numpy(dtype="int64")
    cramp_night = counts > 0
    results: list[FactorComparison] = []
    for factor in FACTORS:
        column = presence[factor.id]
        known = column.notna().to_numpy()
        has = column.fillna(False).to_numpy(dtype=bool) & known
        lacks = ~column.fillna(True).to_numpy(dtype=bool) & known
        with_, without = int(has.sum()), int(lacks.sum())
        cn_with, cn_without = int(cramp_night[has].sum()), int(cramp_night[lacks].sum())
        base: dict[str, Any] = {
            "factor": factor.id,
            "label": factor.label,
            "nights_with": with_,
            "nights_without": without,
            "nights_unknown": int((~known).sum()),
            "cramp_nights_with": cn_with,
            "cramp_nights_without": cn_without,
            "cramps_with": int(counts[has].sum()),
            "cramps_without": int(counts[lacks].sum()),
        }
        enough = (
            with_ >= MIN_NIGHTS_EACH_SIDE
            and without >= MIN_NIGHTS_EACH_SIDE
            and cn_with + cn_without >= MIN_CRAMP_NIGHTS
        )
        if not enough:
            more = _more_needed(with_, without, cn_with + cn_without, with_ + without)
            results.append(FactorComparison(**base, enough_data=False, more_nights_needed=more))
            continue
        table = np.array([[cn_with, with_ - cn_with], [cn_without, without - cn_without]])
        _, p_value = fisher_exact(table)
        katz = Table2x2(table, shift_zeros=True)
        risk_low, risk_high = katz.riskratio_confint()
        risk = (cn_with / with_) / (cn_without / without) if cn_without else math.inf
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero count gives an open end
            rate_low, rate_high = confint_poisson_2indep(
                base["cramps_with"], with_, base["cramps_without"], without, method="score"
            )
        rate = (
            (base["cramps_with"] / with_) / (base["cramps_without"] / without)
            if base["cramps_without"]
            else math.inf
        )
        results.append(
            FactorComparison(
                **base,
                enough_data=True,
                more_nights_needed=None,
                risk_ratio=float(risk),
                risk_low=float(risk_low),
                risk_high=float(risk_high),
                p_value=float(p_value),
                rate_ratio=float(rate),
                rate_low=float(rate_low),
                rate_high=float(rate_high),
            )
        )
    tested = [i for i, r in enumerate(results) if r.enough_data]
    if tested:
        _, adjusted, _, _ = multipletests(
            [results[i].p_value for i in tested], alpha=FLAG_LEVEL, method="fdr_bh"
        )
        for i, p_adj in zip(tested, adjusted, strict=True):
            r = results[i]
            results[i] = FactorComparison(
                **{
                    **r.__dict__,
                    "p_adjusted": float(p_adj),
                    "flagged": bool(p_adj < FLAG_LEVEL),
                }
            )
    return results


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
    # before the change (core.rates); never fewer than MIN_INTERVENTION_NIGHTS a side.
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
