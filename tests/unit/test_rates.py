"""Comparing two cramp rates: the closed-form Poisson–Gamma comparison and its power."""

import math

import numpy as np
import pytest
from scipy.stats import gamma

from core.stats.rates import (
    CLEAR_LEVEL,
    PRIOR_SHAPE,
    REAL_CHANCE,
    block_dispersion,
    chance_to_show,
    compare_rates,
    nights_each_side,
)


def test_equal_rates_are_even_odds_and_a_ratio_of_one() -> None:
    result = compare_rates(10, 30, 10, 30)
    assert result.ratio == 1.0
    assert result.lower_probability == pytest.approx(0.5)
    assert result.low is not None and result.high is not None
    assert result.low < 1 < result.high
    assert not result.clearly_lower and not result.clearly_higher


def test_the_closed_form_agrees_with_sampling_the_two_gamma_posteriors() -> None:
    rng = np.random.default_rng(7)
    first = gamma.rvs(3 + PRIOR_SHAPE, scale=1 / 40, size=400_000, random_state=rng)
    second = gamma.rvs(12 + PRIOR_SHAPE, scale=1 / 35, size=400_000, random_state=rng)
    result = compare_rates(3, 40, 12, 35)
    assert result.lower_probability == pytest.approx(np.mean(first < second), abs=0.003)
    ratios = first / second
    assert result.low == pytest.approx(np.quantile(ratios, 0.025), rel=0.02)
    assert result.high == pytest.approx(np.quantile(ratios, 0.975), rel=0.02)


def test_many_fewer_cramps_on_the_first_side_is_clearly_lower() -> None:
    result = compare_rates(4, 60, 20, 60)
    assert result.ratio == pytest.approx(0.2)
    assert result.clearly_lower and result.high is not None and result.high < 1


def test_many_more_cramps_on_the_first_side_is_clearly_higher() -> None:
    assert compare_rates(20, 60, 4, 60).clearly_higher


@pytest.mark.parametrize(
    "counts", [(0, 0, 5, 30), (5, 30, 0, 0), (0, 30, 0, 30)], ids=["no first", "no second", "none"]
)
def test_no_nights_or_no_cramps_give_no_ratio(counts: tuple[int, int, int, int]) -> None:
    result = compare_rates(*counts)
    assert result.ratio is None and result.low is None and result.high is None


def test_no_cramps_without_the_tip_gives_an_infinite_ratio() -> None:
    result = compare_rates(5, 30, 0, 30)
    assert result.ratio == math.inf and result.clearly_higher


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        compare_rates(-1, 10, 1, 10)


def test_with_no_effect_the_chance_to_show_one_is_the_false_alarm_rate() -> None:
    assert chance_to_show(2 / 7, 60, 60, ratio=1.0) == pytest.approx(1 - CLEAR_LEVEL, abs=0.015)


def test_the_chance_grows_with_more_nights_and_more_cramps() -> None:
    assert chance_to_show(2 / 7, 30, 30) < chance_to_show(2 / 7, 90, 90)
    assert chance_to_show(1 / 7, 60, 60) < chance_to_show(4 / 7, 60, 60)
    assert chance_to_show(0.0, 60, 60) == 0.0


def test_the_exact_chance_agrees_with_simulated_experiments() -> None:
    rng = np.random.default_rng(11)
    rate, nights = 3 / 7, 45
    shown = [
        compare_rates(
            int(rng.poisson(rate * 0.5 * nights)), nights, int(rng.poisson(rate * nights)), nights
        ).clearly_lower
        for _ in range(3000)
    ]
    assert chance_to_show(rate, nights, nights) == pytest.approx(np.mean(shown), abs=0.03)


def test_poisson_like_blocks_have_no_extra_dispersion() -> None:
    assert block_dispersion([(2, 5, True), (3, 5, True), (4, 5, False), (5, 5, False)]) == 1.0


def test_blocks_swinging_between_none_and_many_cramps_are_overdispersed() -> None:
    blocks = [(0, 5, True), (10, 5, True), (0, 5, False), (12, 5, False), (1, 5, True)]
    assert block_dispersion(blocks) > 3


def test_too_few_blocks_give_a_dispersion_of_one() -> None:
    assert block_dispersion([(0, 5, True), (9, 5, False)]) == 1.0


def test_dispersion_widens_the_interval_but_keeps_the_ratio() -> None:
    plain, noisy = compare_rates(5, 30, 15, 30), compare_rates(5, 30, 15, 30, dispersion=3.0)
    assert plain.ratio == noisy.ratio
    assert noisy.low is not None and plain.low is not None and noisy.low < plain.low
    assert (noisy.lower_probability or 0) < (plain.lower_probability or 0)
    with pytest.raises(ValueError, match="dispersion"):
        compare_rates(5, 30, 15, 30, dispersion=0.5)


def test_fewer_cramps_need_more_nights_a_side_for_a_real_chance() -> None:
    one, four = nights_each_side(1 / 7), nights_each_side(4 / 7)
    assert one is not None and four is not None and four < one
    assert chance_to_show(1 / 7, one, one) >= REAL_CHANCE
    assert chance_to_show(1 / 7, one - 5, one - 5) < REAL_CHANCE


def test_no_cramps_or_too_few_give_no_real_chance() -> None:
    assert nights_each_side(0.0) is None
    assert nights_each_side(1 / 90) is None
