"""Cramps over time, honest about spells and seasons: the trend and before/after a change.

Cramps come in spells of a few weeks and rise in summer, so nights are neither
independent nor alike. A Poisson regression on single nights takes a bad
fortnight for a trend, and summer for the effect of whatever started in spring.
Both questions are answered by one model here (`fit_rate`):

- **Five-week blocks.** The logged nights are summed per block of
  `BLOCK_NIGHTS` nights from the first night: cramps, nights logged (the
  exposure), and the block's mean time, season and share of nights after a
  change. A block is longer than a spell, so neighbouring blocks are nearly
  independent; within a block, a spell only adds variance.
- **Over-dispersion.** A quasi-Poisson GLM (statsmodels): the Poisson
  estimates, with the variance scaled by Pearson's chi-square over the
  residual degrees of freedom (never below 1: a diary cannot be more regular
  than Poisson evidence allows), and Student's t intervals on those degrees
  of freedom.
- **The season.** The trigger model's yearly wave (sine and cosine of the day
  of the year, `core.stats.trigger_model`) is in the model once the diary
  spans `SEASON_SPAN_NIGHTS` (most of a year) and there are blocks enough to
  spare for it. A shorter diary's result says it is not adjusted for the time
  of year.
- **Trend** is the ratio per 30 days of a log-linear time term.
  **Before/after** is an interrupted time series: the same terms plus a step
  for the nights after the change, whose ratio is the change's effect.

The verdict is read off the interval of the same fit (above 1, below 1, or
across it), so verdict and interval can never disagree. How often these
verdicts are wrong, and how often a real halving is found, is measured on
realistic diaries by `python -m sample_data.validate` and stored in
`core.stats.change_power`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

Array = npt.NDArray[np.float64]

# Five weeks: longer than a spell of two to three weeks, so neighbouring blocks are nearly
# independent (four-week blocks still gave 7% false trends on realistic diaries).
BLOCK_NIGHTS = 35
MIN_FREEDOM = 2  # residual degrees of freedom a fit needs to estimate its own noise
DAYS_PER_MONTH = 30.0
LEVEL = 0.95
MIN_TREND_BLOCKS = 2 + MIN_FREEDOM  # a trend has two terms: the level and the time
MIN_CHANGE_BLOCKS = 3 + MIN_FREEDOM  # before/after adds the step
# Over less than most of a year a yearly wave is just another drift or step: it would absorb
# the very trend or change asked about. (The trigger model, judging factors night by night,
# can use it sooner.)
SEASON_SPAN_NIGHTS = 300


@dataclass(frozen=True)
class RateFit:
    """One fitted ratio (per 30 days for a trend, after/before for a step) with its interval.

    `ratio`, `low` and `high` come from the same fit, so `low < ratio < high`
    always; `season_adjusted` says whether the yearly wave was in the model.
    """

    ratio: float
    low: float
    high: float
    p_value: float
    season_adjusted: bool
    blocks: int

    @property
    def above_one(self) -> bool:
        """The whole interval is above 1: clearly more."""
        return self.low > 1

    @property
    def below_one(self) -> bool:
        """The whole interval is below 1: clearly fewer."""
        return self.high < 1


# How a ratio is fitted: the nights, and for before/after the nights that had the change
# (None for a trend). Injected so that validation can check a deliberately naive method too.
RateMethod = Callable[[pd.DataFrame, npt.NDArray[np.bool_] | None], RateFit | None]


def yearly_wave(nights: pd.DataFrame) -> npt.NDArray[np.float64]:
    """The time of year as two columns, sine and cosine of the day of the year: the season
    term here and in the trigger model (core.stats.trigger_model)."""
    angle = 2 * np.pi * nights["night"].dt.day_of_year.to_numpy(dtype=float) / 365.25
    return np.column_stack([np.sin(angle), np.cos(angle)])


def blocks(nights: pd.DataFrame, step: npt.NDArray[np.bool_] | None = None) -> pd.DataFrame:
    """Logged nights summed per block of BLOCK_NIGHTS nights from the first night.

    Columns: cramps, nights (logged), months (mean time since the first night),
    sin and cos (mean yearly wave), step (share of the block's nights after a change).
    """
    days = (nights["night"] - nights["night"].min()).dt.days.to_numpy(dtype=np.int64)
    wave = yearly_wave(nights)
    frame = pd.DataFrame(
        {
            "block": days // BLOCK_NIGHTS,
            "cramps": nights["episode_count"].fillna(0).to_numpy(dtype=float),
            "nights": 1.0,
            "months": days / DAYS_PER_MONTH,
            "sin": wave[:, 0],
            "cos": wave[:, 1],
            "step": np.zeros(len(nights)) if step is None else step.astype(float),
        }
    )
    return frame.groupby("block").agg(
        cramps=("cramps", "sum"),
        nights=("nights", "sum"),
        months=("months", "mean"),
        sin=("sin", "mean"),
        cos=("cos", "mean"),
        step=("step", "mean"),
    )


def _design(table: pd.DataFrame, step: bool, season: bool) -> Array:
    columns = ["months", *(["step"] if step else []), *(["sin", "cos"] if season else [])]
    design: Array = np.column_stack([np.ones(len(table)), table[columns].to_numpy(dtype=float)])
    return design


def _with_season(nights: pd.DataFrame, table: pd.DataFrame, terms: int) -> bool | None:
    """Whether the yearly wave goes in (True/False), or None when even without it the blocks
    are too few for the terms."""
    span = int((nights["night"].max() - nights["night"].min()).days) + 1
    if span >= SEASON_SPAN_NIGHTS and len(table) - terms - 2 >= MIN_FREEDOM:
        return True
    if len(table) - terms >= MIN_FREEDOM:
        return False
    return None


def fit_rate(nights: pd.DataFrame, step: npt.NDArray[np.bool_] | None = None) -> RateFit | None:
    """The trend (step None) or the step's ratio, from the quasi-Poisson block model above.

    None when the blocks are too few to estimate the noise, or there are no cramps at all.
    """
    # statsmodels loads slowly: only when a fit is wanted (the command line starts fast).
    from statsmodels.genmod.families import Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    if nights.empty or float(nights["episode_count"].fillna(0).sum()) == 0:
        return None
    table = blocks(nights, step)
    has_step = step is not None
    season = _with_season(nights, table, 3 if has_step else 2)
    if season is None:
        return None
    design = _design(table, has_step, season)
    model = GLM(
        table["cramps"].to_numpy(dtype=float),
        design,
        family=Poisson(),
        exposure=table["nights"].to_numpy(dtype=float),
    )
    first = model.fit()
    # Quasi-Poisson: Pearson's dispersion, floored at 1 (never narrower than Poisson).
    scale = max(1.0, float(first.pearson_chi2) / float(first.df_resid))
    result = model.fit(scale=scale, use_t=True)
    term = 2 if has_step else 1
    estimate = float(result.params[term])
    low, high = (float(v) for v in result.conf_int(alpha=1 - LEVEL)[term])
    if not all(np.isfinite([estimate, low, high])):
        return None
    return RateFit(  # the time term is in months of 30 days: its ratio is per month
        ratio=float(np.exp(estimate)),
        low=float(np.exp(low)),
        high=float(np.exp(high)),
        p_value=float(result.pvalues[term]),
        season_adjusted=season,
        blocks=len(table),
    )
