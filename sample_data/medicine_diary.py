"""Planted diaries for the medicine list: cramps rise while on a thiazide for three weeks.

The context is a realistic generated diary with no planted effect
(sample_data.generator, `Effects.none()`); the per-night "new or changed
medication" flag is left blank on every night, so only the medicine list can
tell the analysis about the medicine. On the nights on the medicine, a night is
a cramp night with probability `on_risk` (the generator's base risk is 0.12).

`python -m sample_data.medicine_diary` measures how often the analysis calls
the medication factor linked (its power) and how often it does with no effect
(the false alarms), the figures README states.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from core.medicines.medicine import Medicine
from sample_data.generator import generate_frames
from sample_data.truth import DEFAULT_PARAMS, Effects

START = date(2026, 1, 1)
NIGHTS = 180
ON_FROM_NIGHT = 120  # the medicine starts on the 121st night ...
ON_NIGHTS = 21  # ... and is taken for three weeks
PLANTED_RISK = 0.5  # a cramp night on about half the nights on the medicine


def thiazide_diary(
    seed: int, *, on_risk: float | None = PLANTED_RISK
) -> tuple[pd.DataFrame, list[Medicine]]:
    """A nights frame and its medicine list; `on_risk` None plants no effect at all."""
    frame, _ = generate_frames(start=START, nights=NIGHTS, seed=seed, effects=Effects.none())
    frame = frame.copy()
    frame["new_medication"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    began = START + timedelta(days=ON_FROM_NIGHT)
    stopped = began + timedelta(days=ON_NIGHTS - 1)
    days = frame["night"].dt.date
    on = ((days >= began) & (days <= stopped)).to_numpy()
    if on_risk is not None:
        rng = np.random.default_rng(seed + 1_000_003)
        counts = frame["episode_count"].to_numpy(dtype="int64").copy()
        counts[on] = rng.binomial(1, on_risk, int(on.sum()))
        frame["episode_count"] = pd.array(counts, dtype="Int64")
    medicine = Medicine(
        name="Hydrochlorothiazide", dose="25 mg", started_on=began, stopped_on=stopped
    )
    return frame, [medicine]


def linked_share(diaries: int, on_risk: float | None, first_seed: int = 0) -> float:
    """The share of planted diaries whose medication factor is called linked."""
    from core.medicines.analysis import analyse_with_medicines
    from core.profile import Profile

    linked = 0
    for seed in range(first_seed, first_seed + diaries):
        nights, medicines = thiazide_diary(seed, on_risk=on_risk)
        analysis = analyse_with_medicines(nights, Profile(), medicines)
        linked += any(f.factor == "new_medication" and f.linked for f in analysis.factors)
    return linked / diaries


def main(argv: Sequence[str] | None = None) -> int:
    """Print the power and false-alarm rate of the list-based medication factor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diaries", type=int, default=200)
    args = parser.parse_args(argv)
    print(f"base risk {DEFAULT_PARAMS.base_risk}, {NIGHTS} nights, {ON_NIGHTS} on the medicine")  # noqa: T201
    for risk in (0.4, PLANTED_RISK, 0.6, None):
        share = linked_share(args.diaries, risk)
        print(f"on_risk {risk}: linked in {share:.1%} of {args.diaries} diaries")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
