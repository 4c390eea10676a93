"""How often the trend and before/after cry wolf, and how often they find a real halving.

Each measure draws one-year diaries (`sample_data.realistic`), clean
(independent nights) and realistic (spells, a summer rise, gaps in runs) with
the same seeds, and counts the diaries where the app's verdict is wrong or,
for a planted halving, right:

- trend, nothing changed: a "rising" or "falling" verdict is a false claim;
- trend, cramps halve steadily over the year: "falling" is found;
- before/after, a change that did nothing started on a random day between
  the 90th and the 275th: "fewer" or "more" is a false claim;
- before/after, the same change truly halving cramps: "fewer" is found.

`method` is the fit behind both verdicts (`core.stats.time_series.fit_rate`
by default); `naive_fit` is the earlier plain Poisson regression, kept as the
reference the validation must be able to tell apart (tests inject it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import binom
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM

from core.stats.analytics import trend
from core.stats.time_series import LEVEL, RateFit, RateMethod, fit_rate
from core.stats.triggers import compare_intervention
from sample_data.realistic import PlantedChange, realistic_nights
from sample_data.scenarios import SCENARIO_START

YEAR_NIGHTS = 365
FIRST_SEED = 5000  # apart from the seeds of the trigger validation and the test suite
HALVING = 0.5
# A change starts between these days of the year: at least three months on either side.
CHANGE_FROM_DAY, CHANGE_TO_DAY = 90, 275
CHANGE_NAME = "planted change"

MEASURES: dict[str, str] = {
    "trend_false": "Trend: “clear change” when nothing changed",
    "trend_power": "Trend: a steady halving over the year found",
    "change_false": "Before/after: a change that did nothing called fewer or more",
    "change_power": "Before/after: a change that halved cramps called fewer",
}
FALSE_CLAIM_TARGET = 0.06  # issue 19: at most 6% false claims for the trend and before/after


def naive_fit(nights: pd.DataFrame, step: npt.NDArray[np.bool_] | None = None) -> RateFit | None:
    """The app's earlier method, kept as the reference: a plain Poisson regression on single
    nights (the date, and the step for before/after), blind to spells, over-dispersion and
    the season."""
    counts = nights["episode_count"].fillna(0).to_numpy(dtype=float)
    if counts.sum() == 0:
        return None
    months = (nights["night"] - nights["night"].min()).dt.days.to_numpy(dtype=float) / 30.0
    columns = [np.ones(len(nights)), months]
    if step is not None:
        columns.append(step.astype(float))
    result = GLM(counts, np.column_stack(columns), family=Poisson()).fit()
    term = len(columns) - 1
    low, high = (float(v) for v in result.conf_int(alpha=1 - LEVEL)[term])
    with np.errstate(over="ignore"):  # no cramps on one side: an interval up to infinity
        ratio, low, high = np.exp([float(result.params[term]), low, high])
    return RateFit(
        ratio=float(ratio),
        low=float(low),
        high=float(high),
        p_value=float(result.pvalues[term]),
        season_adjusted=False,
        blocks=len(nights),
    )


def _steady_halving(
    risk: npt.NDArray[np.float64], _: np.random.Generator
) -> npt.NDArray[np.float64]:
    ratio: npt.NDArray[np.float64] = HALVING ** (np.arange(len(risk)) / len(risk))
    return ratio


def diary_start(seed: int) -> date:
    """A diary's first night: any day of the year (a diary started in April sees summer in
    its first half), drawn from the seed."""
    return SCENARIO_START + timedelta(days=int(np.random.default_rng([seed, 1]).integers(365)))


def change_start(seed: int) -> date:
    """The planted change's first night: three to nine months into the diary."""
    day = int(np.random.default_rng([seed, 2]).integers(CHANGE_FROM_DAY, CHANGE_TO_DAY + 1))
    return diary_start(seed) + timedelta(days=day)


def trend_claims(
    diaries: int,
    *,
    clean: bool,
    halving: bool = False,
    method: RateMethod = fit_rate,
    first_seed: int = FIRST_SEED,
) -> tuple[int, int]:
    """(diaries called rising or falling, diaries judged) over seeded one-year diaries; with
    `halving`, (diaries called falling, diaries judged) when cramps halve over the year."""
    claims = judged = 0
    for seed in range(first_seed, first_seed + diaries):
        nights = realistic_nights(
            nights=YEAR_NIGHTS,
            seed=seed,
            start=diary_start(seed),
            clean=clean,
            extra_ratio=_steady_halving if halving else None,
        )
        verdict = trend(nights, method).verdict
        judged += verdict != "not_enough_data"
        claims += verdict == "falling" if halving else verdict in ("rising", "falling")
    return claims, judged


def change_claims(
    diaries: int,
    *,
    clean: bool,
    ratio: float = 1.0,
    method: RateMethod = fit_rate,
    first_seed: int = FIRST_SEED,
) -> tuple[int, int]:
    """(diaries called fewer or more, diaries judged) for a planted change of `ratio` 1; for
    another ratio, (diaries called fewer, diaries judged)."""
    claims = judged = 0
    for seed in range(first_seed, first_seed + diaries):
        start = change_start(seed)
        nights = realistic_nights(
            nights=YEAR_NIGHTS,
            seed=seed,
            start=diary_start(seed),
            clean=clean,
            change=PlantedChange(started_on=start, ratio=ratio),
        )
        verdict = compare_intervention(
            nights, name=CHANGE_NAME, started_on=start, ended_on=None, method=method
        ).verdict
        judged += verdict != "not_enough_data"
        claims += verdict == "fewer" if ratio < 1 else verdict in ("fewer", "more")
    return claims, judged


@dataclass(frozen=True)
class Rate:
    """A count of diaries out of those judged, and the share."""

    count: int
    judged: int

    @property
    def share(self) -> float | None:
        """count / judged, None when no diary was judged."""
        return self.count / self.judged if self.judged else None


def within_target(rate: Rate, target: float, confidence: float = 0.99) -> bool:
    """Whether `rate.count` out of `rate.judged` is what a method with a true rate of `target`
    gives in `confidence` of validations: at most the binomial `confidence` quantile.

    So a method exactly at its target passes 99% of the time, and one well above it fails.
    """
    return rate.count <= int(binom.ppf(confidence, rate.judged, target))


def measure_changes(diaries: int, *, clean: bool, method: RateMethod = fit_rate) -> dict[str, Rate]:
    """Every measure of MEASURES over `diaries` seeded one-year diaries."""
    return {
        "trend_false": Rate(*trend_claims(diaries, clean=clean, method=method)),
        "trend_power": Rate(*trend_claims(diaries, clean=clean, halving=True, method=method)),
        "change_false": Rate(*change_claims(diaries, clean=clean, method=method)),
        "change_power": Rate(*change_claims(diaries, clean=clean, ratio=HALVING, method=method)),
    }


def change_power_module(realistic: dict[str, Rate], clean: dict[str, Rate], diaries: int) -> str:
    """The source of core/stats/change_power.py: the measured rates, realistic and clean."""

    def rows(rates: dict[str, Rate]) -> str:
        return "\n".join(f'    "{k}": {(r.share or 0.0):.3f},' for k, r in rates.items())

    return (
        '"""What the trend and before/after find on one-year diaries: measured, not claimed.\n\n'
        "Written by `python -m sample_data.validate --write` (do not edit by hand); the\n"
        "diaries are in sample_data/realistic.py and the measures in\n"
        "sample_data/validate_changes.py. Each rate is the share of judged diaries.\n"
        '"""\n\n'
        f"DIARIES = {diaries}\n"
        f"LENGTH_NIGHTS = {YEAR_NIGHTS}\n"
        "REALISTIC: dict[str, float] = {\n" + rows(realistic) + "\n}\n"
        "CLEAN: dict[str, float] = {\n" + rows(clean) + "\n}\n"
    )
