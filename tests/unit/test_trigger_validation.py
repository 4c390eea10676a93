"""Is the trigger analysis honest? Checked on diaries with a known planted truth.

A few seeded diaries per scenario (sample_data/scenarios.py), other seeds than
`python -m sample_data.validate` uses. Each count must be what the stored
validation figures (core/stats/trigger_power.py, 40 diaries each) make likely: at
least the 0.5% point of the binomial law for what should be found, at most the
99.5% point (of a 10% false-alarm rate or the stored one, whichever is higher)
for what should not. So a real loss of power or a rise in false alarms fails,
and the figures the app quotes cannot drift from what the method does.
"""

from collections.abc import Callable
from dataclasses import replace

import pytest
from scipy.stats import binom

from core.stats import trigger_power
from core.stats.trigger_model import DEFAULT_CONFIG, ModelConfig, power_sentence
from sample_data.scenarios import LENGTHS, scenario_nights
from sample_data.trigger_check import trigger_check
from sample_data.validate import MEASURES, new_flags, old_flags

DIARIES = 10
SEEDS = range(DIARIES)
MAX_FALSE_ALARMS = 0.10


def hits(scenario: str, length: str, test: Callable[[set[str]], bool]) -> int:
    return sum(
        test(new_flags(scenario_nights(scenario, nights=LENGTHS[length], seed=s))) for s in SEEDS
    )


@pytest.mark.parametrize(
    ("key", "length"),
    [("threshold", "12 months"), ("threshold", "6 months"), ("innocent_found", "12 months")],
)
def test_a_planted_effect_is_found_as_often_as_stored(key: str, length: str) -> None:
    stored = trigger_power.RATES[key][length]
    found = hits(key.split("_")[0], length, MEASURES[key][1])
    assert found >= binom.ppf(0.005, DIARIES, stored)


@pytest.mark.parametrize(("key", "length"), [("none", "12 months"), ("innocent", "12 months")])
def test_false_alarms_stay_within_what_the_stored_figures_allow(key: str, length: str) -> None:
    allowed = max(trigger_power.RATES[key][length], MAX_FALSE_ALARMS)
    alarms = hits(key, length, MEASURES[key][1])
    assert alarms <= binom.isf(0.005, DIARIES, allowed)


def test_the_stored_figures_come_from_enough_diaries_and_every_length() -> None:
    assert trigger_power.DIARIES >= 40
    assert trigger_power.LENGTH_NIGHTS == LENGTHS
    for key in MEASURES:
        assert set(trigger_power.RATES[key]) == set(LENGTHS)


def test_the_power_sentence_quotes_the_stored_figures() -> None:
    found = trigger_power.RATES["threshold"]["12 months"]
    alarm = trigger_power.RATES["none"]["12 months"]
    sentence = power_sentence(365)
    assert f"found in {found:.0%}" in sentence
    assert f"linked in {alarm:.0%}" in sentence
    assert "fewer than that" in power_sentence(100)


def test_the_old_one_at_a_time_test_misses_a_threshold_it_was_not_told() -> None:
    diary = scenario_nights("threshold", nights=LENGTHS["12 months"], seed=3)
    assert "low_water" in new_flags(diary)
    assert "low_water" not in old_flags(diary)


# --- the check itself must be able to fail ------------------------------------------------------

CHECK_DIARIES = 24  # half a minute a run: realistic diaries with month-long spells


@pytest.mark.validation
def test_the_model_passes_its_null_diary_check() -> None:
    result = trigger_check(DEFAULT_CONFIG, diaries=CHECK_DIARIES)
    assert result.passed, result.failures


@pytest.mark.validation
@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(replace(DEFAULT_CONFIG, pay_for_shapes=False), id="no-payment-for-shapes"),
        pytest.param(replace(DEFAULT_CONFIG, family_alpha=0.30), id="family-wise-level-30%"),
    ],
)
def test_the_null_diary_check_fails_for_a_deliberately_broken_model(broken: ModelConfig) -> None:
    result = trigger_check(broken, diaries=CHECK_DIARIES)
    assert not result.passed
