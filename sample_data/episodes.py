"""The cramps of a generated diary: when in the night they start and what is written about
each (muscle, side, duration, pain, feelings, relief, warning signs, note), drawn with
shares seen in people with nocturnal leg cramps. Used by `sample_data.generator` and
`sample_data.realistic`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from core.diary import NIGHT_BOUNDARY_HOUR
from sample_data.truth import DiaryParams

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
NOON_MIN = NIGHT_BOUNDARY_HOUR * 60  # when a night begins, in minutes after midnight
NIGHT_MIN = 24 * 60
_MAX_GAP_MIN = 120  # with at most 8 gaps the cramps of a night always fit in it


def choose(rng: np.random.Generator, shares: dict[str, float], size: int) -> npt.NDArray[np.intp]:
    """`size` indexes into `shares`, each drawn with its (normalised) share."""
    weights = np.array(list(shares.values()))
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def blanked(values: npt.NDArray[Any], known: npt.NDArray[np.bool_]) -> list[Any]:
    """The values as a list, None where not `known` (a field left blank)."""
    """Plain Python values, None where the value was not written down."""
    return [v if k else None for v, k in zip(values.tolist(), known.tolist(), strict=True)]


def _tokens(chosen: npt.NDArray[np.bool_], vocabulary: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(t for t, c in zip(vocabulary, row, strict=True) if c) for row in chosen.tolist()]


def draw_episodes(
    rng: np.random.Generator, counts: npt.NDArray[np.int64], p: DiaryParams
) -> tuple[npt.NDArray[np.int64], dict[str, list[Any]]]:
    """Every episode's onset (minutes after noon) and details, night by night in onset order."""
    per_night = counts[counts > 0]
    m = int(per_night.sum())
    first = np.cumsum(per_night) - per_night

    # Onset: mostly 22:00-06:00, peaking around 03:00; later cramps of a night follow the first.
    peak = rng.normal(27 * 60 - NOON_MIN, 100, len(per_night))
    anytime = rng.uniform(21 * 60 - NOON_MIN, 33 * 60 - NOON_MIN, len(per_night))
    first_onset = np.clip(
        np.rint(np.where(rng.random(len(per_night)) < 0.88, peak, anytime)), 0, NIGHT_MIN - 1
    )
    gaps = np.minimum(np.rint(5 + rng.exponential(40, m)), _MAX_GAP_MIN)
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[first], per_night)
    minute = np.repeat(first_onset, per_night) + elapsed
    overrun = np.maximum(minute[first + per_night - 1] - (NIGHT_MIN - 1), 0)
    minute = (minute - np.repeat(overrun, per_night)).astype(np.int64)

    muscle = np.array(list(MUSCLE_SHARES))[choose(rng, MUSCLE_SHARES, m)]
    side = np.array(list(SIDE_SHARES))[choose(rng, SIDE_SHARES, m)]
    duration = np.clip(np.rint(np.exp(rng.normal(math.log(90), 0.7, m))), 5, 30 * 60)
    # Longer cramps hurt more: pain 2-10, centred on 6.
    pain_p = np.clip(0.5 + 0.08 * np.log(duration / 90), 0.25, 0.75)
    pain = 2 + rng.binomial(8, pain_p)
    woke = rng.random(m) < WOKE_SHARE
    felt = rng.random((m, len(FELT_SHARES))) < np.array(list(FELT_SHARES.values()))
    relief_given = rng.random(m) < RELIEF_GIVEN_SHARE
    relief = rng.random((m, len(RELIEF_SHARES))) < np.array(list(RELIEF_SHARES.values()))
    fallback = choose(rng, RELIEF_SHARES, m)
    missing = relief_given & ~relief.any(axis=1)
    relief[missing, fallback[missing]] = True
    relief[~relief_given] = False
    helped = rng.random(m) < RELIEF_HELPED_SHARE
    warned = rng.random(m) < WARNING_SHARE
    warning = np.zeros((m, len(WARNING_SHARES)), dtype=bool)
    warning[np.flatnonzero(warned), choose(rng, WARNING_SHARES, m)[warned]] = True
    note_index = rng.integers(len(NOTES), size=m)
    noted = rng.random(m) < NOTE_SHARE
    written = rng.random((m, 5)) >= p.blank_episode_field_share

    return minute, {
        "muscle": muscle.tolist(),
        "side": blanked(side, written[:, 0]),
        "duration_s": blanked(duration.astype(np.int64), written[:, 1]),
        "pain": blanked(pain.astype(np.int64), written[:, 2]),
        "woke": blanked(woke, written[:, 3]),
        "felt": _tokens(felt, list(FELT_SHARES)),
        "relief": _tokens(relief, list(RELIEF_SHARES)),
        "relief_helped": blanked(helped, written[:, 4] & relief_given),
        "warning_signs": _tokens(warning, list(WARNING_SHARES)),
        "note": [
            NOTES[i] if k else "" for i, k in zip(note_index.tolist(), noted.tolist(), strict=True)
        ],
    }
