"""Planted truths the trigger analysis is checked against: diaries where we know what matters.

Built on `sample_data.generator` (the same episode-free night frames, the same
blanks and forgotten nights), but with the day's context drawn as amounts that
vary with the time of year, and the truth planted on amounts rather than on
the person's thresholds:

- `threshold`: 2.5 times the cramp-night risk on days under 1.5 L of water,
  a threshold the person does not know (their target stays at 2.0 L).
- `combined`: 2 times the risk on hot days with vigorous exercise, and
  nothing from either alone (the article's "exercising in extreme heat").
- `innocent`: 2.5 times the risk on nights without the stretch before bed;
  long-sitting days are also the days the stretch is skipped, but sitting
  itself does nothing.
- `dose`: a smooth effect of stress, 1.2 times the risk per point above 5
  (and 1/1.2 per point below).
- `none`: nothing matters.

Hot days come mostly in summer and water follows the heat a little, so the
time of year is there to be confused with a cause. The base risk is the
generator's (12% of nights).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.diary import CONTEXT_FIELDS
from core.frames import typed_nights
from sample_data.generator import EXERCISE_MINUTES_MEDIAN, nights_in_months, spells
from sample_data.truth import DEFAULT_PARAMS

Array = npt.NDArray[np.float64]
Risk = Callable[[dict[str, npt.NDArray[np.float64]]], Array]

WATER_THRESHOLD_L = 1.5
# An active person: vigorous exercise on 30% of days, hot days on 25% (most in summer), so that
# about one night in thirteen has both and the article's combination can show at all.
HOT_SHARE = 0.25
INTENSITY_SHARES = (0.30, 0.20, 0.20, 0.30)  # none, light, moderate, vigorous
SCENARIO_START = date(2025, 1, 1)
LENGTHS: dict[str, int] = {"6 months": nights_in_months(6), "12 months": nights_in_months(12)}


@dataclass(frozen=True)
class Scenario:
    """A planted truth: the ratio of cramp-night risk on each night, from its true amounts."""

    name: str
    description: str
    target: str  # the factor id that should be found ("" when nothing should)
    ratio: Risk
    stretch_follows_sitting: bool = False


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "threshold",
            "2.5× cramp-night risk on days under 1.5 L of water (target left at 2.0 L)",
            "low_water",
            lambda c: np.where(c["water_l"] < WATER_THRESHOLD_L, 2.5, 1.0),
        ),
        Scenario(
            "combined",
            "2× on hot days with vigorous exercise, nothing from either alone",
            "exercise_in_heat",
            lambda c: np.where((c["hot"] == 1) & (c["intensity"] == 3), 2.0, 1.0),
        ),
        Scenario(
            "innocent",
            "2.5× on nights without stretching; long sitting goes with it but does nothing",
            "no_stretching",
            lambda c: np.where(c["stretched"] == 0, 2.5, 1.0),
            stretch_follows_sitting=True,
        ),
        Scenario(
            "dose",
            "1.2× per point of stress above 5 (smooth, no threshold)",
            "high_stress",
            lambda c: 1.2 ** (c["stress"] - 5),
        ),
        Scenario("none", "nothing planted", "", lambda c: np.ones(len(c["water_l"]))),
    )
}


def spelled_normal(
    rng: np.random.Generator, n: int, mean: float, sd: float, spell_nights: float
) -> Array:
    """Normal values whose mean moves in spells: half the variance between spells, half within.

    With spells of one night this is a plain normal draw with the same spread.
    """
    if spell_nights <= 1:
        return rng.normal(mean, sd, n)
    starts = np.flatnonzero(np.r_[True, rng.random(max(n - 1, 0)) < 1 / spell_nights])
    spell_of_night = np.cumsum(np.isin(np.arange(n), starts)) - 1
    spell_mean = rng.normal(mean, sd / np.sqrt(2), len(starts))
    values: Array = spell_mean[spell_of_night] + rng.normal(0, sd / np.sqrt(2), n)
    return values


def rounded(values: Array, step: float, low: float, high: float) -> Array:
    """`values` rounded to multiples of `step` within [low, high], never -0.0."""
    rounded: Array = (np.clip(np.rint(values / step), low / step, high / step) + 0.0) * step
    return rounded


def context_truth(
    rng: np.random.Generator,
    summer: Array,
    scenario: Scenario,
    *,
    spell_nights: float = 1.0,
    medicine_share: float = DEFAULT_PARAMS.new_medication_share,
    medicine_nights: float = 1.0,
) -> dict[str, Array]:
    """The true amounts of every day (`summer`: each day's season, 1 in mid-July); with
    spells above one night, sitting, stress and a new medicine come in spells."""
    n = len(summer)
    hot = (rng.random(n) < np.clip(HOT_SHARE * (1 + 0.9 * summer), 0, 1)).astype(float)
    water = rounded(rng.normal(1.7 + 0.15 * hot, 0.5, n), 0.1, 0.5, 4.0)
    intensity = rng.choice(4, size=n, p=INTENSITY_SHARES).astype(float)
    medians = np.array(list(EXERCISE_MINUTES_MEDIAN.values()))[intensity.astype(int)]
    minutes = np.where(
        intensity == 0, 0, np.clip(np.rint(medians * np.exp(rng.normal(0, 0.4, n)) / 5) * 5, 5, 240)
    )
    spell = spell_nights
    sitting = rounded(spelled_normal(rng, n, 4.3, 2.5, spell), 0.5, 0, 14)
    if scenario.stretch_follows_sitting:
        skip = np.where(sitting >= 6, 0.6, 0.15)
    else:
        skip = np.full(n, DEFAULT_PARAMS.no_stretching_share)
    stretched = (rng.random(n) >= skip).astype(float)
    hard_floor = rounded(rng.normal(2.3, 1.5, n), 0.5, 0, 10)
    stress = rounded(spelled_normal(rng, n, 5.0, 2.0, spell), 1, 0, 10)
    if medicine_nights <= 1:
        medication = (rng.random(n) < medicine_share).astype(float)
    else:
        medication = spells(rng, n, medicine_share, medicine_nights).astype(float)
    return {
        "water_l": water,
        "intensity": intensity,
        "exercise_min": minutes,
        "hot": hot,
        "stretched": stretched,
        "sitting_h": sitting,
        "hard_floor_h": hard_floor,
        "stress": stress,
        "new_medication": medication,
    }


def written_values(truth: dict[str, Array]) -> dict[str, object]:
    """The truth as the diary writes it: counts as whole numbers, yes/no as booleans."""
    levels = np.array(list(EXERCISE_MINUTES_MEDIAN), dtype=object)
    return {
        "water_l": truth["water_l"],
        "exercise_min": truth["exercise_min"].astype(int),
        "exercise_intensity": levels[truth["intensity"].astype(int)],
        "hot": truth["hot"] == 1,
        "stretched": truth["stretched"] == 1,
        "sitting_h": truth["sitting_h"],
        "hard_floor_h": truth["hard_floor_h"],
        "stress": truth["stress"].astype(int),
        "new_medication": truth["new_medication"] == 1,
    }


def scenario_nights(
    scenario: Scenario | str, *, nights: int, seed: int, start: date = SCENARIO_START
) -> pd.DataFrame:
    """A night frame (`core.frames` columns) with the scenario's truth planted; seeded."""
    s = SCENARIOS[scenario] if isinstance(scenario, str) else scenario
    p = DEFAULT_PARAMS
    rng = np.random.default_rng(seed)
    n = nights
    days = pd.date_range(start, periods=n, freq="D")
    summer = np.cos(2 * np.pi * (days.day_of_year.to_numpy() - 196) / 365.25)  # 1 mid-July

    truth = context_truth(rng, summer, s)
    risk = np.minimum(p.base_risk * s.ratio(truth), p.max_risk)
    cramp = rng.random(n) < risk
    counts = np.where(cramp, 1 + np.minimum(rng.poisson(p.extra_cramps_mean, n), 8), 0)

    blank_night = rng.random(n) < p.blank_night_share
    known = ~(blank_night[:, None] | (rng.random((n, len(CONTEXT_FIELDS))) < p.blank_field_share))
    logged = rng.random(n) >= p.unlogged_share
    written = written_values(truth)
    frame = pd.DataFrame({"night": days, "episode_count": counts})
    for i, field in enumerate(CONTEXT_FIELDS):
        column = pd.Series(written[field]).astype(object)
        frame[field] = column.where(known[:, i], None)
    return typed_nights(frame[logged].reset_index(drop=True))
