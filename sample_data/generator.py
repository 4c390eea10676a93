"""Deterministic, seeded cramp diaries with effects planted on purpose.

A generated diary is a known truth that the trigger statistics can be checked
against. Each day is made in three steps:

1. The truth. Every context field is drawn for every night, the factors are
   read off it by the trigger analysis' own rules (core.stats.triggers.FACTORS, with
   the default thresholds of core.profile: `low_water` is water below the
   default water target, and so on),
   and the night is a cramp night with probability
   `base_risk * product of the ratios of the factors present`, capped at
   `max_risk`. The factors are drawn independently of each other, so the risk
   ratio an analysis should find for one factor on its own is exactly what
   `expected_risk_ratios` computes.
2. What was written down. Some context fields are then left blank, sometimes a
   whole night's context. A blank field hides a factor from the analysis but
   the factor still acted on the truth: blanking is independent of everything,
   so leaving unknown nights out of a comparison does not bias it.
3. What was logged at all. Some nights are forgotten and simply do not appear,
   again independently of everything (cramp nights are forgotten as often as
   quiet ones).

`python -m sample_data.generator --months 6 --seed 2026 --end 2026-10-31 --out
sample_data/demo_diary.csv` writes the committed demo diary.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.diary import (
    CONTEXT_FIELDS,
    MAX_SCORE,
    NIGHT_BOUNDARY_HOUR,
    Episode,
    Night,
    NightContext,
)
from core.files.csv_format import write_diary_csv
from core.frames import typed_episodes, typed_nights
from core.profile import DEFAULT_PROFILE
from core.stats.triggers import FACTORS as TRIGGER_FACTORS
from core.stats.triggers import factor_presence
from core.vocab import LIST_SEPARATOR

FACTORS: tuple[str, ...] = tuple(factor.id for factor in TRIGGER_FACTORS)

# The thresholds the truth is read with and drawn around: the profile's defaults.
PROFILE = DEFAULT_PROFILE

DEMO_SEED = 2026
DEMO_END = date(2026, 10, 31)
DEMO_MONTHS = 6.0
DEMO_CSV = Path(__file__).with_name("demo_diary.csv")
DAYS_PER_MONTH = 30.44

# Episode details: shares seen in people with nocturnal leg cramps, in vocabulary order.
MUSCLE_SHARES: dict[str, float] = {
    "calf": 0.65,
    "foot": 0.12,
    "toes": 0.07,
    "thigh_front": 0.04,
    "thigh_back": 0.06,
    "hip": 0.012,
    "back": 0.01,
    "neck": 0.006,
    "arm": 0.008,
    "hand": 0.01,
    "chest": 0.003,
    "abdomen": 0.005,
    "ribcage": 0.003,
    "other": 0.003,
}
SIDE_SHARES: dict[str, float] = {"left": 0.46, "right": 0.44, "both": 0.10}
FELT_SHARES: dict[str, float] = {
    "twitching": 0.15,
    "hard_knot": 0.55,
    "distorted": 0.10,
    "soreness_after": 0.40,
}
RELIEF_GIVEN_SHARE = 0.80
RELIEF_SHARES: dict[str, float] = {
    "stretch": 0.60,
    "massage": 0.40,
    "walk": 0.35,
    "heat": 0.05,
    "ice": 0.03,
    "otc_pain_reliever": 0.05,
    "muscle_relaxant": 0.01,
}
RELIEF_HELPED_SHARE = 0.65
WOKE_SHARE = 0.85
WARNING_SHARE = 0.01
WARNING_SHARES: dict[str, float] = {
    "swelling": 0.20,
    "numbness": 0.30,
    "skin_changes": 0.10,
    "all_over_body": 0.10,
    "toxic_contact": 0.05,
    "muscle_weakness": 0.25,
}
NOTE_SHARE = 0.05
NOTES: tuple[str, ...] = (
    "Woke me from deep sleep",
    "Toes curled under, could not straighten them",
    "Long car journey today",
    "Walked it off in the kitchen",
    "Came back after I lay down again",
    "Calf still sore in the morning",
    "Sheets tucked in tight",
    "On my feet all day at work",
    "Had a glass of wine in the evening",
    "Pointed my foot while stretching in bed",
)
EXERCISE_MINUTES_MEDIAN: dict[str, float] = {"none": 0, "light": 30, "moderate": 45, "vigorous": 60}
# Among the nights without vigorous exercise: none, light, moderate.
OTHER_INTENSITY_SHARES = (0.45, 0.30, 0.25)

_NOON_MIN = NIGHT_BOUNDARY_HOUR * 60  # when a night begins, in minutes after midnight
_NIGHT_MIN = 24 * 60
_MAX_EXTRA_CRAMPS = 8
_MAX_GAP_MIN = 120  # with at most 8 gaps the cramps of a night always fit in it


@dataclass(frozen=True)
class Effects:
    """Planted effects: ratios multiplying the chance of a cramp night when a factor is present.

    The defaults are the demo truth: low water doubles the risk, vigorous
    exercise in heat doubles it (an interaction: either one alone does nothing),
    and everything else, stress included, has no effect. Tested one at a time,
    the interaction shows as a small effect of both `vigorous_exercise` and
    `heat` (about 1.2 with the default prevalences); see `expected_risk_ratios`.
    """

    low_water: float = 2.0
    vigorous_exercise: float = 1.0
    heat: float = 1.0
    no_stretching: float = 1.0
    long_sitting: float = 1.0
    hard_floor: float = 1.0
    high_stress: float = 1.0
    new_medication: float = 1.0
    vigorous_in_heat: float = 2.0

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"The ratio for {f.name} must be a positive number (got {value}).")

    @classmethod
    def none(cls) -> Effects:
        """No effect at all: every ratio is 1."""
        return cls(**dict.fromkeys((f.name for f in dataclasses.fields(cls)), 1.0))

    @classmethod
    def only(cls, **ratios: float) -> Effects:
        """Just the given effects, e.g. `Effects.only(low_water=2.5)`; every other ratio is 1."""
        return dataclasses.replace(cls.none(), **ratios)


@dataclass(frozen=True)
class DiaryParams:
    """How a realistic diary looks, apart from the planted effects.

    `base_risk` is the chance of a cramp night when no factor is present. Each
    `*_share` of a factor is the share of nights on which it is present.
    `new_medication` comes in spells: a change is rare, but the days after it
    are "new medication" days for `new_medication_nights` on average.
    """

    base_risk: float = 0.12
    max_risk: float = 0.95
    extra_cramps_mean: float = 0.3
    low_water_share: float = 0.20
    vigorous_share: float = 0.20
    hot_share: float = 0.20
    no_stretching_share: float = 0.25
    long_sitting_share: float = 0.25
    hard_floor_share: float = 0.20
    high_stress_share: float = 0.20
    new_medication_share: float = 0.18
    new_medication_nights: float = 14.0
    unlogged_share: float = 0.08
    blank_night_share: float = 0.04
    blank_field_share: float = 0.12
    blank_episode_field_share: float = 0.03

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name.endswith("_share") and not 0 <= value <= 1:
                raise ValueError(f"{f.name} must be between 0 and 1 (got {value}).")
        for name, share in self.factor_shares().items():
            if not 0 < share < 1:
                raise ValueError(f"The share of nights with {name} must be above 0 and below 1.")
        if not 0 < self.base_risk <= self.max_risk < 1:
            raise ValueError("Need 0 < base_risk <= max_risk < 1.")
        if self.extra_cramps_mean < 0:
            raise ValueError("extra_cramps_mean cannot be negative.")
        if self.new_medication_nights < 1:
            raise ValueError("new_medication_nights must be at least 1.")
        if self.new_medication_share >= self.new_medication_nights / (
            self.new_medication_nights + 1
        ):
            raise ValueError("new_medication_share is too high for spells that short.")

    def factor_shares(self) -> dict[str, float]:
        """The share of nights each factor is present on, by factor name (see `FACTORS`)."""
        return {
            "low_water": self.low_water_share,
            "vigorous_exercise": self.vigorous_share,
            "heat": self.hot_share,
            "no_stretching": self.no_stretching_share,
            "long_sitting": self.long_sitting_share,
            "hard_floor": self.hard_floor_share,
            "high_stress": self.high_stress_share,
            "new_medication": self.new_medication_share,
        }


DEMO_EFFECTS = Effects()
DEFAULT_PARAMS = DiaryParams()


def _risk(
    present: dict[str, npt.NDArray[np.bool_]], effects: Effects, params: DiaryParams
) -> npt.NDArray[np.float64]:
    """The chance of a cramp night given which factors are present."""
    ratio = np.ones(len(present["low_water"]))
    for name in FACTORS:
        ratio *= np.where(present[name], getattr(effects, name), 1.0)
    both = present["vigorous_exercise"] & present["heat"]
    ratio *= np.where(both, effects.vigorous_in_heat, 1.0)
    return np.minimum(params.base_risk * ratio, params.max_risk)


def _every_combination(
    params: DiaryParams,
) -> tuple[dict[str, npt.NDArray[np.bool_]], npt.NDArray[np.float64]]:
    """Every combination of present factors, with the share of nights that have it."""
    combos = np.array(list(itertools.product((False, True), repeat=len(FACTORS))))
    present = {name: combos[:, i] for i, name in enumerate(FACTORS)}
    weight = np.ones(len(combos))
    for name, share in params.factor_shares().items():
        weight *= np.where(present[name], share, 1 - share)
    return present, weight


def expected_risk_ratios(
    effects: Effects = DEMO_EFFECTS, params: DiaryParams = DEFAULT_PARAMS
) -> dict[str, float]:
    """The true risk ratio of a cramp night, nights with vs. without each factor on its own."""
    present, weight = _every_combination(params)
    risk = _risk(present, effects, params)
    ratios = {}
    for name in FACTORS:
        with_it = present[name]
        risk_with = np.average(risk[with_it], weights=weight[with_it])
        risk_without = np.average(risk[~with_it], weights=weight[~with_it])
        ratios[name] = float(risk_with / risk_without)
    return ratios


def expected_cramp_night_share(
    effects: Effects = DEMO_EFFECTS, params: DiaryParams = DEFAULT_PARAMS
) -> float:
    """The true share of nights with at least one cramp."""
    present, weight = _every_combination(params)
    return float(np.average(_risk(present, effects, params), weights=weight))


def _measure(
    rng: np.random.Generator,
    n: int,
    *,
    at_least: float,
    share: float,
    sd: float,
    step: float,
    low: float,
    high: float,
) -> npt.NDArray[np.float64]:
    """Normal measurements rounded to `step` within [low, high], `share` of them >= `at_least`.

    The mean is set so that exactly `share` of the unrounded values round to
    `at_least` or more; the values are exact multiples of `step` (2.3, not
    2.3000000000000003) and never -0.0, so they write to CSV as typed.
    """
    per_unit = round(1 / step)
    mean = at_least - step / 2 - sd * NormalDist().inv_cdf(1 - share)
    steps = np.clip(np.rint(rng.normal(mean, sd, n) * per_unit), low * per_unit, high * per_unit)
    return (steps + 0.0) / per_unit


def _spells(
    rng: np.random.Generator, n: int, share: float, mean_length: float
) -> npt.NDArray[np.bool_]:
    """On/off spells with geometric lengths, on for `share` of the time, starting at random."""
    if n == 0:
        return np.zeros(0, dtype=bool)
    mean_off = mean_length * (1 - share) / share
    pieces: list[npt.NDArray[np.bool_]] = []
    total = 0
    on = bool(rng.random() < share)
    while total < n:
        pairs = int(n / (mean_length + mean_off)) + 2
        on_lengths = rng.geometric(1 / mean_length, pairs)
        off_lengths = rng.geometric(1 / mean_off, pairs)
        first, second = (on_lengths, off_lengths) if on else (off_lengths, on_lengths)
        lengths = np.column_stack([first, second]).ravel()
        states = np.tile([on, not on], pairs)
        pieces.append(np.repeat(states, lengths))
        total += int(lengths.sum())
    return np.concatenate(pieces)[:n]


def _choice(rng: np.random.Generator, shares: dict[str, float], size: int) -> npt.NDArray[np.intp]:
    weights = np.array(list(shares.values()))
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def _blanked(values: npt.NDArray[Any], known: npt.NDArray[np.bool_]) -> list[Any]:
    """Plain Python values, None where the value was not written down."""
    return [v if k else None for v, k in zip(values.tolist(), known.tolist(), strict=True)]


def _tokens(chosen: npt.NDArray[np.bool_], vocabulary: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(t for t, c in zip(vocabulary, row, strict=True) if c) for row in chosen.tolist()]


@dataclass(frozen=True)
class _Drawn:
    """A generated diary as columns: logged nights with their context, and episodes."""

    nights: npt.NDArray[np.datetime64]
    context: dict[str, list[Any]]
    episode_counts: npt.NDArray[np.int64]
    episode_night: npt.NDArray[np.intp]
    minute: npt.NDArray[np.int64]  # minutes after noon of the night's date
    episode: dict[str, list[Any]]


def _draw(start: date, nights: int, seed: int, effects: Effects, params: DiaryParams) -> _Drawn:
    if nights < 0:
        raise ValueError("nights cannot be negative.")
    rng = np.random.default_rng(seed)
    n = nights
    p = params

    # 1. The truth of every day and night.
    water_l = _measure(
        rng,
        n,
        at_least=PROFILE.water_target_l,
        share=1 - p.low_water_share,
        sd=0.5,
        step=0.1,
        low=0.8,
        high=3.5,
    )
    vigorous_weights = [(1 - p.vigorous_share) * s for s in OTHER_INTENSITY_SHARES]
    intensity_shares = dict(
        zip(EXERCISE_MINUTES_MEDIAN, [*vigorous_weights, p.vigorous_share], strict=True)
    )
    intensity = _choice(rng, intensity_shares, n)
    medians = np.array(list(EXERCISE_MINUTES_MEDIAN.values()))[intensity]
    spread = np.exp(rng.normal(0, 0.4, n))
    exercise_min = np.where(
        intensity == 0, 0, np.clip(np.rint(medians * spread / 5) * 5, 5, 240)
    ).astype(np.int64)
    hot = rng.random(n) < p.hot_share
    stretched = rng.random(n) >= p.no_stretching_share
    sitting_h = _measure(
        rng,
        n,
        at_least=PROFILE.long_sitting_h,
        share=p.long_sitting_share,
        sd=2.5,
        step=0.5,
        low=0,
        high=14,
    )
    hard_floor_h = _measure(
        rng,
        n,
        at_least=PROFILE.long_standing_h,
        share=p.hard_floor_share,
        sd=1.5,
        step=0.5,
        low=0,
        high=10,
    )
    stress = _measure(
        rng,
        n,
        at_least=PROFILE.high_stress,
        share=p.high_stress_share,
        sd=2.0,
        step=1,
        low=0,
        high=MAX_SCORE,
    ).astype(np.int64)
    new_medication = _spells(rng, n, p.new_medication_share, p.new_medication_nights)

    truth: dict[str, npt.NDArray[Any]] = {
        "water_l": water_l,
        "exercise_min": exercise_min,
        "exercise_intensity": np.array(list(EXERCISE_MINUTES_MEDIAN))[intensity],
        "hot": hot,
        "stretched": stretched,
        "sitting_h": sitting_h,
        "hard_floor_h": hard_floor_h,
        "stress": stress,
        "new_medication": new_medication,
    }
    # Every value of the truth is known, so every factor is a plain yes or no.
    presence = factor_presence(pd.DataFrame(truth), PROFILE)
    present = {name: presence[name].to_numpy(dtype=bool) for name in FACTORS}
    cramp_night = rng.random(n) < _risk(present, effects, p)
    extra = np.minimum(rng.poisson(p.extra_cramps_mean, n), _MAX_EXTRA_CRAMPS)
    counts = np.where(cramp_night, 1 + extra, 0).astype(np.int64)

    # 2. What was written down, and 3. which nights were logged at all.
    whole_night_blank = rng.random(n) < p.blank_night_share
    known = ~(
        whole_night_blank[:, None] | (rng.random((n, len(CONTEXT_FIELDS))) < p.blank_field_share)
    )
    logged = np.flatnonzero(rng.random(n) >= p.unlogged_share)

    context = {
        name: _blanked(truth[name][logged], known[logged, i])
        for i, name in enumerate(CONTEXT_FIELDS)
    }
    night_dates = np.datetime64(start, "D") + logged.astype("timedelta64[D]")
    counts = counts[logged]
    episode_night = np.repeat(np.arange(len(logged)), counts)
    minute, episode = _draw_episodes(rng, counts, p)
    return _Drawn(
        nights=night_dates,
        context=context,
        episode_counts=counts,
        episode_night=episode_night,
        minute=minute,
        episode=episode,
    )


def _draw_episodes(
    rng: np.random.Generator, counts: npt.NDArray[np.int64], p: DiaryParams
) -> tuple[npt.NDArray[np.int64], dict[str, list[Any]]]:
    """Every episode's onset (minutes after noon) and details, night by night in onset order."""
    per_night = counts[counts > 0]
    m = int(per_night.sum())
    first = np.cumsum(per_night) - per_night

    # Onset: mostly 22:00-06:00, peaking around 03:00; later cramps of a night follow the first.
    peak = rng.normal(27 * 60 - _NOON_MIN, 100, len(per_night))
    anytime = rng.uniform(21 * 60 - _NOON_MIN, 33 * 60 - _NOON_MIN, len(per_night))
    first_onset = np.clip(
        np.rint(np.where(rng.random(len(per_night)) < 0.88, peak, anytime)), 0, _NIGHT_MIN - 1
    )
    gaps = np.minimum(np.rint(5 + rng.exponential(40, m)), _MAX_GAP_MIN)
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[first], per_night)
    minute = np.repeat(first_onset, per_night) + elapsed
    overrun = np.maximum(minute[first + per_night - 1] - (_NIGHT_MIN - 1), 0)
    minute = (minute - np.repeat(overrun, per_night)).astype(np.int64)

    muscle = np.array(list(MUSCLE_SHARES))[_choice(rng, MUSCLE_SHARES, m)]
    side = np.array(list(SIDE_SHARES))[_choice(rng, SIDE_SHARES, m)]
    duration = np.clip(np.rint(np.exp(rng.normal(math.log(90), 0.7, m))), 5, 30 * 60)
    # Longer cramps hurt more: pain 2-10, centred on 6.
    pain_p = np.clip(0.5 + 0.08 * np.log(duration / 90), 0.25, 0.75)
    pain = 2 + rng.binomial(8, pain_p)
    woke = rng.random(m) < WOKE_SHARE
    felt = rng.random((m, len(FELT_SHARES))) < np.array(list(FELT_SHARES.values()))
    relief_given = rng.random(m) < RELIEF_GIVEN_SHARE
    relief = rng.random((m, len(RELIEF_SHARES))) < np.array(list(RELIEF_SHARES.values()))
    fallback = _choice(rng, RELIEF_SHARES, m)
    missing = relief_given & ~relief.any(axis=1)
    relief[missing, fallback[missing]] = True
    relief[~relief_given] = False
    helped = rng.random(m) < RELIEF_HELPED_SHARE
    warned = rng.random(m) < WARNING_SHARE
    warning = np.zeros((m, len(WARNING_SHARES)), dtype=bool)
    warning[np.flatnonzero(warned), _choice(rng, WARNING_SHARES, m)[warned]] = True
    note_index = rng.integers(len(NOTES), size=m)
    noted = rng.random(m) < NOTE_SHARE
    written = rng.random((m, 5)) >= p.blank_episode_field_share

    return minute, {
        "muscle": muscle.tolist(),
        "side": _blanked(side, written[:, 0]),
        "duration_s": _blanked(duration.astype(np.int64), written[:, 1]),
        "pain": _blanked(pain.astype(np.int64), written[:, 2]),
        "woke": _blanked(woke, written[:, 3]),
        "felt": _tokens(felt, list(FELT_SHARES)),
        "relief": _tokens(relief, list(RELIEF_SHARES)),
        "relief_helped": _blanked(helped, written[:, 4] & relief_given),
        "warning_signs": _tokens(warning, list(WARNING_SHARES)),
        "note": [
            NOTES[i] if k else "" for i, k in zip(note_index.tolist(), noted.tolist(), strict=True)
        ],
    }


def _clock(minute_after_noon: int) -> time:
    minutes = (_NOON_MIN + minute_after_noon) % _NIGHT_MIN
    return time(minutes // 60, minutes % 60)


def generate_diary(
    *,
    start: date,
    nights: int,
    seed: int,
    effects: Effects = DEMO_EFFECTS,
    params: DiaryParams = DEFAULT_PARAMS,
) -> tuple[list[Night], list[Episode]]:
    """A diary of the `nights` nights from `start`, minus forgotten ones; same seed, same diary.

    Returns every logged night (cramp-free or not) and the episodes in onset order.
    """
    drawn = _draw(start, nights, seed, effects, params)
    dates: list[date] = drawn.nights.tolist()
    names = list(drawn.context)
    contexts = [
        NightContext(**dict(zip(names, values, strict=True)))
        for values in zip(*drawn.context.values(), strict=True)
    ]
    night_list = [Night(night=d, context=c) for d, c in zip(dates, contexts, strict=True)]
    episode_dates = [dates[i] for i in drawn.episode_night.tolist()]
    fields = list(drawn.episode)
    episodes = [
        Episode(night=night, time=_clock(minute), **dict(zip(fields, details, strict=True)))
        for night, minute, *details in zip(
            episode_dates, drawn.minute.tolist(), *drawn.episode.values(), strict=True
        )
    ]
    return night_list, episodes


def generate_frames(
    *,
    start: date,
    nights: int,
    seed: int,
    effects: Effects = DEMO_EFFECTS,
    params: DiaryParams = DEFAULT_PARAMS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same diary as `generate_diary`, straight to the (nights, episodes) analysis frames.

    Equal to `core.frames.frames_from_records(*generate_diary(...))`, without
    building a Python object per record, for large benchmark diaries.
    """
    drawn = _draw(start, nights, seed, effects, params)
    night_stamps = drawn.nights.astype("datetime64[ns]")
    nights_frame = typed_nights(
        pd.DataFrame(
            {"night": night_stamps, **drawn.context, "episode_count": drawn.episode_counts}
        )
    )
    episode_stamps = night_stamps[drawn.episode_night]
    clock = (_NOON_MIN + drawn.minute) % _NIGHT_MIN
    episode_context = {
        name: [values[i] for i in drawn.episode_night.tolist()]
        for name, values in drawn.context.items()
    }
    details = dict(drawn.episode)
    for name in ("felt", "relief", "warning_signs"):
        details[name] = [LIST_SEPARATOR.join(tokens) for tokens in details[name]]
    episodes_frame = typed_episodes(
        pd.DataFrame(
            {
                "episode_id": np.arange(1, len(drawn.minute) + 1),
                "night": episode_stamps,
                "time": [f"{c // 60:02d}:{c % 60:02d}" for c in clock.tolist()],
                "onset": episode_stamps + (_NOON_MIN + drawn.minute).astype("timedelta64[m]"),
                **details,
                **episode_context,
            }
        )
    )
    return nights_frame, episodes_frame


def nights_in_months(months: float) -> int:
    """The number of nights in a span of months (30.44 nights a month)."""
    return round(months * DAYS_PER_MONTH)


def demo_diary() -> tuple[list[Night], list[Episode]]:
    """The committed demo diary: six months ending 2026-10-31, seed 2026, the demo effects."""
    nights = nights_in_months(DEMO_MONTHS)
    return generate_diary(
        start=DEMO_END - timedelta(days=nights - 1), nights=nights, seed=DEMO_SEED
    )


def write_csv(path: Path | str, nights: Sequence[Night], episodes: Sequence[Episode]) -> None:
    """Write a diary to `path` as diary CSV, byte for byte as `write_diary_csv` makes it."""
    Path(path).write_bytes(write_diary_csv(nights, episodes).encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate a diary and write it as CSV."""
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generator",
        description="Write a deterministic sample cramp diary as CSV.",
    )
    span = parser.add_mutually_exclusive_group()
    span.add_argument("--months", type=float, help=f"months to cover (default {DEMO_MONTHS:g})")
    span.add_argument("--nights", type=int, help="nights to cover")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument(
        "--end", type=date.fromisoformat, default=DEMO_END, help="the last night, YYYY-MM-DD"
    )
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--no-effects", action="store_true", help="plant no effect at all")
    args = parser.parse_args(argv)
    if args.nights is not None:
        nights: int = args.nights
    else:
        nights = nights_in_months(args.months if args.months is not None else DEMO_MONTHS)
    if nights < 1:
        parser.error("the diary needs at least one night")
    effects = Effects.none() if args.no_effects else DEMO_EFFECTS
    night_list, episodes = generate_diary(
        start=args.end - timedelta(days=nights - 1), nights=nights, seed=args.seed, effects=effects
    )
    write_csv(args.out, night_list, episodes)
    cramp_nights = len({e.night for e in episodes})
    print(
        f"Wrote {args.out}: {len(night_list)} nights logged of {nights}, "
        f"{cramp_nights} with cramps, {len(episodes)} cramps."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
