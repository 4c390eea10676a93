"""The realistic diaries: seeded, shaped like the app's frames, and really in spells."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from core.frames import EPISODE_DTYPES, NIGHT_DTYPES
from sample_data.realistic import (
    PlantedChange,
    Realism,
    realistic_diary,
    realistic_frames,
    realistic_nights,
    skips_when_risky,
)


def test_same_seed_same_diary_and_the_app_shape() -> None:
    first, episodes = realistic_frames(nights=200, seed=5)
    second, _ = realistic_frames(nights=200, seed=5)
    pd.testing.assert_frame_equal(first, second)
    assert list(first.columns) == list(NIGHT_DTYPES)
    assert list(episodes.columns) == list(EPISODE_DTYPES)
    assert len(episodes) == first["episode_count"].sum()
    assert not first.equals(realistic_nights(nights=200, seed=6))


def test_clean_is_realism_switched_off() -> None:
    assert Realism.clean().is_clean and not Realism().is_clean
    clean = realistic_diary(nights=730, seed=3, clean=True)
    assert np.ptp(clean.risk) == 0  # nothing planted: every night has the base risk


def test_realistic_risk_comes_in_spells_with_a_summer_rise() -> None:
    diary = realistic_diary(nights=3 * 365, seed=4)
    risk = pd.Series(diary.risk, index=diary.days)
    # Spells: tomorrow's risk is mostly today's.
    assert risk.autocorr(1) > 0.8
    by_month = risk.groupby(risk.index.month).mean()
    assert by_month[[6, 7, 8]].mean() > 1.3 * by_month[[12, 1, 2]].mean()


def test_gaps_come_in_runs() -> None:
    realistic = realistic_diary(nights=2000, seed=8).logged
    clean = realistic_diary(nights=2000, seed=8, clean=True).logged

    def runs(logged: np.ndarray) -> int:
        return int(np.sum(np.diff(logged.astype(int)) == -1))

    # About as many forgotten nights, in far fewer runs.
    assert abs((~realistic).mean() - (~clean).mean()) < 0.04
    assert runs(realistic) * 3 < runs(clean)


def test_a_planted_change_and_the_experiment_hook() -> None:
    change = PlantedChange(started_on=date(2025, 7, 1), ratio=0.5)
    plain = realistic_diary(nights=365, seed=9)
    halved = realistic_diary(nights=365, seed=9, change=change)
    after = plain.days >= pd.Timestamp(change.started_on)
    assert np.allclose(halved.risk[after], plain.risk[after] * 0.5)
    assert np.allclose(halved.risk[~after], plain.risk[~after])
    seen: list[np.ndarray] = []

    def hook(risk: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        seen.append(risk)
        return np.full(len(risk), 2.0)

    doubled = realistic_diary(nights=365, seed=9, extra_ratio=hook)
    assert np.allclose(seen[0], plain.risk)
    assert np.allclose(doubled.risk, np.minimum(plain.risk * 2, 0.95))


def test_skipping_is_more_likely_on_risky_nights() -> None:
    rng = np.random.default_rng(1)
    risk = np.r_[np.full(5000, 0.05), np.full(5000, 0.3)]
    skipped = skips_when_risky(risk, rng, share=0.2, skew=2.0)
    assert 0.17 < skipped.mean() < 0.23
    assert skipped[5000:].mean() > 5 * skipped[:5000].mean()
    fair = skips_when_risky(risk, rng, share=0.2, skew=0.0)
    assert abs(fair[5000:].mean() - fair[:5000].mean()) < 0.03
