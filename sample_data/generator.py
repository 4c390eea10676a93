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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Any, Required, TypedDict, Unpack

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.diary import (
    CONTEXT_FIELDS,
    MAX_SCORE,
    Episode,
    Night,
    NightContext,
)
from core.files.csv_format import write_diary_csv
from core.frames import typed_episodes, typed_nights
from core.profile import DEFAULT_PROFILE
from core.stats.triggers import factor_presence
from core.vocab import LIST_SEPARATOR
from sample_data.episodes import NIGHT_MIN, NOON_MIN, blanked, choose, draw_episodes
from sample_data.truth import (
    DEFAULT_PARAMS,
    DEMO_EFFECTS,
    FACTORS,
    DiaryParams,
    Effects,
    night_risk,
)
from sample_data.truth import (
    expected_cramp_night_share as expected_cramp_night_share,
)
from sample_data.truth import (
    expected_risk_ratios as expected_risk_ratios,
)

# The thresholds the truth is read with and drawn around: the profile's defaults.
PROFILE = DEFAULT_PROFILE

DEMO_SEED = 2026
DEMO_END = date(2026, 10, 31)
DEMO_MONTHS = 6.0
DEMO_CSV = Path(__file__).with_name("demo_diary.csv")
DAYS_PER_MONTH = 30.44

EXERCISE_MINUTES_MEDIAN: dict[str, float] = {"none": 0, "light": 30, "moderate": 45, "vigorous": 60}
# Among the nights without vigorous exercise: none, light, moderate.
OTHER_INTENSITY_SHARES = (0.45, 0.30, 0.25)

_MAX_EXTRA_CRAMPS = 8


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


def spells(
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


@dataclass(frozen=True)
class _Drawn:
    """A generated diary as columns: logged nights with their context, and episodes."""

    nights: npt.NDArray[np.datetime64]
    context: dict[str, list[Any]]
    episode_counts: npt.NDArray[np.int64]
    episode_night: npt.NDArray[np.intp]
    minute: npt.NDArray[np.int64]  # minutes after noon of the night's date
    episode: dict[str, list[Any]]


class DiaryRecipe(TypedDict, total=False):
    """What a generated diary is made from: `nights` nights from `start`, drawn with `seed`,
    with the planted `effects` (default DEMO_EFFECTS) and the diary's `params` (default
    DEFAULT_PARAMS). The same recipe gives the same diary, as records or as frames."""

    start: Required[date]
    nights: Required[int]
    seed: Required[int]
    effects: Effects
    params: DiaryParams


def _draw(recipe: DiaryRecipe) -> _Drawn:
    unknown = set(recipe) - set(DiaryRecipe.__annotations__)
    if unknown:  # a misspelt ingredient would otherwise be quietly left at its default
        raise TypeError(f"not part of a diary recipe: {', '.join(sorted(unknown))}")
    start, nights, seed = recipe["start"], recipe["nights"], recipe["seed"]
    effects = recipe.get("effects", DEMO_EFFECTS)
    params = recipe.get("params", DEFAULT_PARAMS)
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
    intensity = choose(rng, intensity_shares, n)
    medians = np.array(list(EXERCISE_MINUTES_MEDIAN.values()))[intensity]
    spread = np.exp(rng.normal(0, 0.4, n))
    exercise_min = np.where(
        intensity == 0, 0, np.clip(np.rint(medians * spread / 5) * 5, 5, 240)
    ).astype(np.int64)
    hot = rng.random(n) < p.hot_share
    stretched = rng.random(n) >= p.no_stretching_share
    # (threshold, share at or above it, sd, step, high) of each measured field, drawn in turn.
    sitting_h, hard_floor_h, stress_score = (
        _measure(rng, n, at_least=at_least, share=share, sd=sd, step=step, low=0, high=high)
        for at_least, share, sd, step, high in (
            (PROFILE.long_sitting_h, p.long_sitting_share, 2.5, 0.5, 14),
            (PROFILE.long_standing_h, p.hard_floor_share, 1.5, 0.5, 10),
            (PROFILE.high_stress, p.high_stress_share, 2.0, 1, MAX_SCORE),
        )
    )
    stress = stress_score.astype(np.int64)
    new_medication = spells(rng, n, p.new_medication_share, p.new_medication_nights)

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
    cramp_night = rng.random(n) < night_risk(present, effects, p)
    extra = np.minimum(rng.poisson(p.extra_cramps_mean, n), _MAX_EXTRA_CRAMPS)
    counts = np.where(cramp_night, 1 + extra, 0).astype(np.int64)

    # 2. What was written down, and 3. which nights were logged at all.
    whole_night_blank = rng.random(n) < p.blank_night_share
    known = ~(
        whole_night_blank[:, None] | (rng.random((n, len(CONTEXT_FIELDS))) < p.blank_field_share)
    )
    logged = np.flatnonzero(rng.random(n) >= p.unlogged_share)

    context = {
        name: blanked(truth[name][logged], known[logged, i])
        for i, name in enumerate(CONTEXT_FIELDS)
    }
    night_dates = np.datetime64(start, "D") + logged.astype("timedelta64[D]")
    counts = counts[logged]
    episode_night = np.repeat(np.arange(len(logged)), counts)
    minute, episode = draw_episodes(rng, counts, p)
    return _Drawn(
        nights=night_dates,
        context=context,
        episode_counts=counts,
        episode_night=episode_night,
        minute=minute,
        episode=episode,
    )


def _clock(minute_after_noon: int) -> time:
    minutes = (NOON_MIN + minute_after_noon) % NIGHT_MIN
    return time(minutes // 60, minutes % 60)


def generate_diary(**recipe: Unpack[DiaryRecipe]) -> tuple[list[Night], list[Episode]]:
    """A diary of the `nights` nights from `start`, minus forgotten ones; same seed, same diary.

    Returns every logged night (cramp-free or not) and the episodes in onset order.
    """
    drawn = _draw(recipe)
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


def generate_frames(**recipe: Unpack[DiaryRecipe]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same diary as `generate_diary`, straight to the (nights, episodes) analysis frames.

    Equal to `core.frames.frames_from_records(*generate_diary(...))`, without
    building a Python object per record, for large benchmark diaries.
    """
    drawn = _draw(recipe)
    night_stamps = drawn.nights.astype("datetime64[ns]")
    nights_frame = typed_nights(
        pd.DataFrame(
            {"night": night_stamps, **drawn.context, "episode_count": drawn.episode_counts}
        )
    )
    episode_stamps = night_stamps[drawn.episode_night]
    clock = (NOON_MIN + drawn.minute) % NIGHT_MIN
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
                "onset": episode_stamps + (NOON_MIN + drawn.minute).astype("timedelta64[m]"),
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
