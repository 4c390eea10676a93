"""Diaries made the way real ones are: spells, a summer rise, gaps in runs.

`sample_data.scenarios` draws every night on its own from a fixed rate. Real
diaries do not look like that, and a method that is honest on independent
nights can cry wolf on real ones. A realistic diary here differs in five ways
(each one a field of `Realism`):

- **Risk in spells.** The person's underlying cramp risk is a level that is
  redrawn every two to three weeks from a gamma distribution with mean 1
  (over-dispersed: a bad spell can have three times the risk of a good one).
- **A summer rise.** The risk follows a yearly wave, highest in mid-July and
  about twice as high as in mid-January (the article: cramps are more common
  in summer). Hot days follow the same wave, as in `scenarios`.
- **Context in spells of its own.** Stress and hours of sitting come in spells
  (a busy fortnight at work), and a new medicine is taken for a few weeks at a
  time. Unless a planted effect says so, none of it changes the risk.
- **Logging gaps in runs.** Forgotten nights come in runs (a holiday, a week
  away from the phone), not one by one.
- **A hook for experiments.** `extra_ratio` sees every night's true risk and
  returns a ratio multiplying it, so an experiment can plant a tip's effect and
  let the person skip the tip more often on high-risk nights (`skips_when_risky`).

`clean=True` switches all five off and gives today's independent nights (as in
`scenarios`), so a validation can show clean and realistic side by side.

A planted factor effect reuses the scenarios' truths (`scenario="threshold"`,
…; `"none"` plants nothing), and `change` plants a before/after effect: from
a date on, the risk is multiplied by a ratio. Same arguments, same diary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict, Unpack

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.diary import CONTEXT_FIELDS
from core.frames import typed_episodes, typed_nights
from core.vocab import LIST_SEPARATOR
from sample_data.episodes import NIGHT_MIN, NOON_MIN, draw_episodes
from sample_data.generator import spells
from sample_data.scenarios import (
    SCENARIO_START,
    SCENARIOS,
    Scenario,
    context_truth,
    written_values,
)
from sample_data.truth import DEFAULT_PARAMS

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
# Given every night's true cramp-night risk and the diary's random generator, a ratio per night.
ExtraRatio = Callable[[Array, np.random.Generator], Array]

SUMMER_PEAK_DAY = 196  # mid-July, as in sample_data.scenarios
YEAR_DAYS = 365.25


@dataclass(frozen=True)
class Realism:
    """How far a diary departs from independent nights; `Realism.clean()` departs not at all.

    `spell_nights` is the range (inclusive) of a risk spell's length;
    `spell_shape` the gamma shape of its level (mean 1, standard deviation
    1/sqrt(shape); None keeps the level at 1). `summer_ratio` is the risk in
    mid-July over the risk in mid-January. Stress and sitting spells last
    `context_spell_nights` on average; a new medicine is taken in spells of
    `medicine_nights` on average on `medicine_share` of nights. Unlogged nights
    come in runs of `gap_run_nights` on average (1 means one by one).
    """

    spell_nights: tuple[int, int] = (14, 21)
    spell_shape: float | None = 2.0
    summer_ratio: float = 2.0
    context_spell_nights: float = 10.0
    medicine_share: float = 0.10
    medicine_nights: float = 21.0
    gap_run_nights: float = 6.0

    def __post_init__(self) -> None:
        low, high = self.spell_nights
        if not 1 <= low <= high:
            raise ValueError("spell_nights must be (low, high) with 1 <= low <= high.")
        if self.spell_shape is not None and not self.spell_shape > 0:
            raise ValueError("spell_shape must be positive (or None for no spells).")
        if not self.summer_ratio > 0:
            raise ValueError("summer_ratio must be positive.")
        if self.context_spell_nights < 1 or self.medicine_nights < 1 or self.gap_run_nights < 1:
            raise ValueError("Spell and run lengths are at least one night.")
        if not 0 < self.medicine_share < self.medicine_nights / (self.medicine_nights + 1):
            raise ValueError("medicine_share must be above 0 and short of always.")

    @classmethod
    def clean(cls) -> Realism:
        """Independent nights: no risk spells, no season, context and gaps night by night."""
        return cls(
            spell_shape=None,
            summer_ratio=1.0,
            context_spell_nights=1.0,
            medicine_nights=1.0,
            medicine_share=DEFAULT_PARAMS.new_medication_share,
            gap_run_nights=1.0,
        )

    @property
    def is_clean(self) -> bool:
        """True when every night is drawn independently of the others."""
        return self == Realism.clean()


REALISTIC = Realism()
CLEAN = Realism.clean()


@dataclass(frozen=True)
class PlantedChange:
    """A change the person made: from `started_on` (to `ended_on`, if given) risk × `ratio`."""

    started_on: date
    ratio: float
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if not self.ratio > 0:
            raise ValueError("A change's ratio must be positive.")
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("A change cannot end before it starts.")


@dataclass(frozen=True)
class RealisticDiary:
    """A drawn diary: the logged nights (a `core.frames` nights frame) and the hidden truth.

    `days` are every calendar day of the span, `risk` each day's true chance of
    a cramp night (after every planted effect), and `logged` which days appear
    in `nights` (in order).
    """

    nights: pd.DataFrame
    days: pd.DatetimeIndex
    risk: Array
    logged: Mask = field(repr=False)


def skips_when_risky(
    risk: Array, rng: np.random.Generator, *, share: float = 0.2, skew: float = 2.0
) -> Mask:
    """Nights on which the person skips a tip: `share` of nights on average, more when risky.

    The chance of skipping a night is proportional to its risk to the power
    `skew` (0: unrelated to risk, the fair case), scaled so that the average is
    `share`; capped at 1. For experiment simulations (non-adherence).
    """
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1.")
    if len(risk) == 0:
        return np.zeros(0, dtype=bool)
    weight = np.power(risk, skew)
    chance = np.minimum(share * weight / weight.mean(), 1.0)
    skipped: Mask = rng.random(len(risk)) < chance
    return skipped


def _risk_spells(rng: np.random.Generator, n: int, realism: Realism) -> Array:
    """The person's underlying risk level night by night: gamma levels held for a spell each."""
    if realism.spell_shape is None or n == 0:
        return np.ones(n)
    low, high = realism.spell_nights
    lengths = rng.integers(low, high + 1, size=n // low + 1)
    shape = realism.spell_shape
    levels = rng.gamma(shape, 1 / shape, size=len(lengths))
    by_night: Array = np.repeat(levels, lengths)[:n]
    return by_night


def _summer(days: pd.DatetimeIndex) -> Array:
    """1 in mid-July, -1 in mid-January."""
    wave: Array = np.cos(2 * np.pi * (days.day_of_year.to_numpy() - SUMMER_PEAK_DAY) / YEAR_DAYS)
    return wave


def _context(
    rng: np.random.Generator, days: pd.DatetimeIndex, realism: Realism, scenario: Scenario
) -> dict[str, Array]:
    """The true amounts of every day, drawn as in `scenarios` but with spells where real."""
    return context_truth(
        rng,
        _summer(days),
        scenario,
        spell_nights=realism.context_spell_nights,
        medicine_share=realism.medicine_share,
        medicine_nights=realism.medicine_nights,
    )


def _change_ratio(days: pd.DatetimeIndex, change: PlantedChange | None) -> Array:
    if change is None:
        return np.ones(len(days))
    on = days >= pd.Timestamp(change.started_on)
    if change.ended_on is not None:
        on &= days <= pd.Timestamp(change.ended_on)
    ratio: Array = np.where(on, change.ratio, 1.0)
    return ratio


def realistic_diary(
    *,
    nights: int,
    seed: int,
    start: date = SCENARIO_START,
    clean: bool = False,
    realism: Realism = REALISTIC,
    scenario: Scenario | str = "none",
    change: PlantedChange | None = None,
    extra_ratio: ExtraRatio | None = None,
) -> RealisticDiary:
    """A seeded diary of `nights` calendar days from `start`, minus the unlogged ones.

    `clean=True` ignores `realism` and draws independent nights. The true risk
    of a night is the generator's base risk × the risk spell × the summer wave
    (scaled to average 1 over a year) × the planted `scenario` ratio × the
    planted `change` × `extra_ratio(risk so far, rng)`, capped at the
    generator's maximum risk. A cramp night has 1 + Poisson(0.3) cramps.
    """
    if nights < 0:
        raise ValueError("nights cannot be negative.")
    r = CLEAN if clean else realism
    s = SCENARIOS[scenario] if isinstance(scenario, str) else scenario
    p = DEFAULT_PARAMS
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, periods=nights, freq="D")
    truth = _context(rng, days, r, s)
    amplitude = np.log(r.summer_ratio) / 2
    # exp(a cos) averages I0(a) over a year: divide it out so the yearly mean risk stays the base.
    season = np.exp(amplitude * _summer(days)) / np.i0(amplitude)
    risk = p.base_risk * _risk_spells(rng, nights, r) * season
    risk = risk * s.ratio(truth) * _change_ratio(days, change)
    if extra_ratio is not None:
        risk = risk * extra_ratio(np.minimum(risk, p.max_risk), rng)
    risk = np.minimum(risk, p.max_risk)
    cramp = rng.random(nights) < risk
    counts = np.where(cramp, 1 + np.minimum(rng.poisson(p.extra_cramps_mean, nights), 8), 0)

    blank_night = rng.random(nights) < p.blank_night_share
    known = ~(
        blank_night[:, None] | (rng.random((nights, len(CONTEXT_FIELDS))) < p.blank_field_share)
    )
    if r.gap_run_nights <= 1:
        logged: Mask = rng.random(nights) >= p.unlogged_share
    else:
        logged = ~spells(rng, nights, p.unlogged_share, r.gap_run_nights)
    written = written_values(truth)
    frame = pd.DataFrame({"night": days, "episode_count": counts})
    for i, name in enumerate(CONTEXT_FIELDS):
        column = pd.Series(written[name]).astype(object)
        frame[name] = column.where(known[:, i], None)
    return RealisticDiary(
        nights=typed_nights(frame[logged].reset_index(drop=True)),
        days=days,
        risk=risk,
        logged=logged,
    )


class DiaryOptions(TypedDict, total=False):
    """`realistic_diary`'s optional arguments (its defaults apply to those left out)."""

    start: date
    clean: bool
    realism: Realism
    scenario: Scenario | str
    change: PlantedChange | None
    extra_ratio: ExtraRatio | None


def realistic_nights(*, nights: int, seed: int, **options: Unpack[DiaryOptions]) -> pd.DataFrame:
    """Just the nights frame of `realistic_diary` (same arguments, same diary)."""
    return realistic_diary(nights=nights, seed=seed, **options).nights


def episodes_for(nights: pd.DataFrame, seed: int) -> pd.DataFrame:
    """An episodes frame for a nights frame: `episode_count` cramps a night, details as the
    generator draws them (onset, muscle, pain, …), the night's context repeated; seeded."""
    rng = np.random.default_rng(seed)
    counts = nights["episode_count"].to_numpy(dtype=np.int64)
    minute, details = draw_episodes(rng, counts, DEFAULT_PARAMS)
    row = np.repeat(np.arange(len(nights)), counts)
    stamps = nights["night"].to_numpy(dtype="datetime64[ns]")[row]
    for name in ("felt", "relief", "warning_signs"):
        details[name] = [LIST_SEPARATOR.join(tokens) for tokens in details[name]]
    clock = (NOON_MIN + minute) % NIGHT_MIN
    context = {name: nights[name].to_numpy(dtype=object)[row] for name in CONTEXT_FIELDS}
    return typed_episodes(
        pd.DataFrame(
            {
                "episode_id": np.arange(1, len(minute) + 1),
                "night": stamps,
                "time": [f"{c // 60:02d}:{c % 60:02d}" for c in clock.tolist()],
                "onset": stamps + (NOON_MIN + minute).astype("timedelta64[m]"),
                **details,
                **context,
            }
        )
    )


def realistic_frames(
    *, nights: int, seed: int, clean: bool = False, scenario: Scenario | str = "none"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nights, episodes) frames of a realistic diary from `SCENARIO_START`, like
    `sample_data.generator.generate_frames` makes them; same arguments, same diary."""
    frame = realistic_nights(nights=nights, seed=seed, clean=clean, scenario=scenario)
    return frame, episodes_for(frame, seed)
