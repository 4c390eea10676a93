"""The issue's examples of trend and before/after, on realistic diaries: the earlier plain
Poisson regression claimed them; the model that knows spells and seasons does not."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from core.stats.analytics import trend
from core.stats.time_series import fit_rate
from core.stats.triggers import compare_intervention
from sample_data.realistic import PlantedChange, realistic_nights
from sample_data.validate_changes import YEAR_NIGHTS, change_start, diary_start, naive_fit

QUIET_TREND_SEED = 5000  # nothing changed; plain Poisson called it "falling"
SUMMER_CHANGE_SEED = 5009  # a change that did nothing, started in May; plain Poisson: "more"


def test_a_spell_is_no_longer_called_a_clear_trend() -> None:
    nights = realistic_nights(
        nights=YEAR_NIGHTS, seed=QUIET_TREND_SEED, start=diary_start(QUIET_TREND_SEED)
    )
    assert trend(nights, naive_fit).verdict == "falling"
    result = trend(nights)
    assert result.verdict == "no_clear_change" and result.season_adjusted
    assert "could explain this, so no clear change" in result.sentence
    assert "allowing for the time of year" in result.sentence


def test_a_change_started_before_summer_is_not_blamed_for_summer() -> None:
    seed = SUMMER_CHANGE_SEED
    started = change_start(seed)
    assert started.month == 5
    nights = realistic_nights(
        nights=YEAR_NIGHTS,
        seed=seed,
        start=diary_start(seed),
        change=PlantedChange(started_on=started, ratio=1.0),
    )
    naive = compare_intervention(
        nights, name="Magnesium", started_on=started, ended_on=None, method=naive_fit
    )
    assert naive.verdict == "more"
    effect = compare_intervention(nights, name="Magnesium", started_on=started, ended_on=None)
    assert effect.verdict == "no_clear_change" and effect.season_adjusted
    assert effect.low is not None and effect.high is not None and effect.low < 1 < effect.high
    assert "could be chance" in effect.sentence


@pytest.mark.parametrize("seed", range(20))
def test_verdict_and_interval_come_from_one_fit_and_agree(seed: int) -> None:
    nights = realistic_nights(nights=YEAR_NIGHTS, seed=seed)
    fitted = fit_rate(nights)
    assert fitted is not None
    assert fitted.low < fitted.ratio < fitted.high
    result = trend(nights)
    assert (result.per_month, result.low, result.high) == (fitted.ratio, fitted.low, fitted.high)
    expected = "rising" if fitted.low > 1 else "falling" if fitted.high < 1 else "no_clear_change"
    assert result.verdict == expected


def test_a_large_real_drop_on_independent_nights_is_found() -> None:
    started = date(2025, 7, 1)
    nights = realistic_nights(
        nights=2 * YEAR_NIGHTS,
        seed=3,
        clean=True,
        change=PlantedChange(started_on=started, ratio=0.25),
    )
    effect = compare_intervention(nights, name="Stretch", started_on=started, ended_on=None)
    assert effect.verdict == "fewer"
    assert effect.rate_ratio is not None and 0.1 < effect.rate_ratio < 0.6
    assert np.isfinite([effect.low, effect.high]).all()
