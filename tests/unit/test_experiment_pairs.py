"""The result compares the tip within each on/off pair, and reads a chosen worthwhile cut."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.experiments import plan_power
from core.experiments.pairs import PairCounts, fit_pairs, pair_comparison
from core.experiments.plan import (
    Experiment,
    last_planned_night,
    night_plans,
)
from core.experiments.result import (
    WORTHWHILE_CHOICES,
    ExperimentResult,
    NightOutcome,
    arm_pairs,
    assess,
    compare_arms,
    night_outcomes,
    pooled_arms,
)
from core.experiments.sizing import cautious_rate, plan_chance, propose_plan
from core.stats.rates import CLEAR_LEVEL, RateComparison
from tests.unit.test_experiments import START, nights_frame

PLAN = Experiment("loose_bedding", START, block_nights=7, pairs=6, seed=2026)


def _finished(
    cramps_by_pair: dict[int, tuple[int, int]], worthwhile: float = 0.2
) -> ExperimentResult:
    plans = night_plans(PLAN)
    frame = nights_frame(
        {
            p.night: cramps_by_pair[p.pair or 0][0 if p.arm == "tip" else 1]
            for p in plans
            if p.pair is not None
        }
    )
    end = last_planned_night(PLAN)
    assert end is not None
    return assess(PLAN, frame, {}, end + timedelta(days=1), worthwhile=worthwhile)


def test_nights_are_grouped_by_pair_and_side() -> None:
    plans = night_plans(PLAN)
    frame = nights_frame({p.night: 1 if p.arm == "tip" else 2 for p in plans})
    end = last_planned_night(PLAN)
    assert end is not None
    pairs = arm_pairs(night_outcomes(PLAN, frame, {}, end))
    assert len(pairs) == 6
    assert all(p == PairCounts(5, 5, 10, 5) for p in pairs)


def test_a_drift_between_pairs_does_not_hide_a_steady_cut_within_them() -> None:
    # Cramps climb from pair to pair (a bad season coming); within each pair the tip halves them.
    drifting = {k: (k + 1, 2 * (k + 1)) for k in range(6)}
    result = _finished(drifting)
    assert result.verdict == "helps"
    assert result.comparison.ratio == pytest.approx(0.5, rel=0.05)
    assert result.pair_fit is not None


def test_a_cut_in_some_pairs_and_a_rise_in_others_is_not_clear() -> None:
    mixed = {k: ((1, 3) if k % 2 else (3, 1)) for k in range(6)}
    result = _finished(mixed)
    assert result.verdict == "unclear"
    # The spread between pairs widens the interval beyond Poisson's.
    fit = result.pair_fit
    assert fit is not None and fit.scale > 1.5


def test_too_few_pairs_with_cramps_fall_back_to_the_pooled_comparison() -> None:
    assert fit_pairs([PairCounts(0, 5, 4, 5), PairCounts(0, 5, 0, 5)]) is None
    assert fit_pairs([PairCounts(0, 5, 4, 5), PairCounts(0, 5, 3, 5)]) is None  # all on one side
    assert fit_pairs([PairCounts(1, 5, 4, 5), PairCounts(2, 5, 3, 5)]) is not None


@pytest.mark.parametrize("fewer", WORTHWHILE_CHOICES)
def test_the_chosen_worthwhile_cut_is_named_and_larger_cuts_are_less_likely(fewer: float) -> None:
    halved = dict.fromkeys(range(6), (2, 4))
    result = _finished(halved, worthwhile=fewer)
    assert result.second_line is not None
    assert f"by {round(fewer * 100)}% or more" in result.second_line
    smaller = _finished(halved, worthwhile=fewer / 2).probability_worthwhile
    chosen = result.probability_worthwhile
    assert chosen is not None and smaller is not None and chosen < smaller


def test_a_worthwhile_cut_is_likely_only_when_the_cut_is_large() -> None:
    halved = dict.fromkeys(range(6), (2, 4))
    assert (_finished(halved, worthwhile=0.1).probability_worthwhile or 0) > 0.9
    assert (_finished(halved, worthwhile=0.5).probability_worthwhile or 1) < 0.6


def test_with_nothing_logged_no_pair_holds_nights() -> None:
    plan = replace(PLAN, pairs=3)
    assert len(arm_pairs(night_outcomes(plan, nights_frame({}), {}, START))) == 0


def test_a_short_diary_is_sized_on_a_cautious_rate_and_so_runs_longer() -> None:
    rate = 10 / 7  # ten cramps a week: a plan well short of the longest
    assert cautious_rate(rate, 14) < cautious_rate(rate, 90) < rate
    on_rate = propose_plan(tip_id="loose_bedding", started_on=START, rate_per_night=rate, seed=1)
    cautious = propose_plan(
        tip_id="loose_bedding", started_on=START, rate_per_night=rate, seed=1, rate_nights=14
    )
    assert cautious.experiment.pairs > on_rate.experiment.pairs
    assert cautious.rate_per_night == rate  # the sentence still names the rate seen
    assert "cautious" in cautious.sentence and "cautious" not in on_rate.sentence


def test_the_chance_is_the_measured_share_read_between_rates() -> None:
    plan = replace(PLAN, pairs=4)
    row = plan_power.CHANCE[(7, 4)]
    at = dict(zip(plan_power.RATES_PER_WEEK, row, strict=True))
    assert plan_chance(plan, 7 / 7) == pytest.approx(at[7.0])
    between = plan_chance(plan, 8.5 / 7)
    assert min(at[7.0], at[10.0]) <= between <= max(at[7.0], at[10.0])
    assert plan_chance(plan, 0.0) == 0.0
    assert plan_chance(plan, 100 / 7) == pytest.approx(at[28.0])  # more cramps only help
    more_pairs = replace(PLAN, pairs=40)  # past the measured plans: the longest's figure
    assert plan_chance(more_pairs, 1.0) == pytest.approx(plan_power.CHANCE[(7, 13)][7])
    sentence = propose_plan(
        tip_id="loose_bedding", started_on=START, rate_per_night=14 / 7, seed=1
    ).sentence
    assert "unlogged" in sentence and "simulated experiments" in sentence


def _both_analyses(
    uneven: dict[int, tuple[int, int]],
) -> tuple[list[NightOutcome], RateComparison, RateComparison]:
    """PLAN run to its end with `uneven[pair]` (tip, usual) cramps a night: the outcomes, and
    the within-pair and pooled comparisons."""
    plans = night_plans(PLAN)
    frame = nights_frame({p.night: uneven[p.pair or 0][0 if p.arm == "tip" else 1] for p in plans})
    end = last_planned_night(PLAN)
    assert end is not None
    outcomes = night_outcomes(PLAN, frame, {}, end)
    within = pair_comparison(pooled_arms(outcomes), fit_pairs(arm_pairs(outcomes)))
    return outcomes, within, pooled_arms(outcomes)


@pytest.mark.parametrize(
    "uneven",
    [
        {k: ((1, 3) if k % 2 else (2, 2)) for k in range(6)},  # within pairs the more cautious
        {k: (k + 1, 2 * (k + 1)) for k in range(6)},  # drifting: pooled the more cautious
    ],
)
def test_helps_needs_both_the_within_pair_and_the_pooled_analysis(
    uneven: dict[int, tuple[int, int]],
) -> None:
    outcomes, within, pooled = _both_analyses(uneven)
    chosen = compare_arms(outcomes).lower_probability
    assert within.lower_probability is not None and pooled.lower_probability is not None
    assert within.lower_probability != pytest.approx(pooled.lower_probability, abs=0.01)
    assert chosen == min(within.lower_probability, pooled.lower_probability)
    assert compare_arms(outcomes).ratio == within.ratio  # the estimate stays the pair model's


@pytest.mark.parametrize(
    "uneven",
    [
        {k: ((3, 1) if k % 2 else (2, 2)) for k in range(6)},  # the tip arm higher in half
        {k: (2 * (k + 1), k + 1) for k in range(6)},  # drifting, the tip arm higher
    ],
)
def test_worse_needs_both_analyses_too(uneven: dict[int, tuple[int, int]]) -> None:
    outcomes, within, pooled = _both_analyses(uneven)
    assert within.lower_probability is not None and pooled.lower_probability is not None
    chosen = compare_arms(outcomes)
    larger = max(within.lower_probability, pooled.lower_probability)
    assert chosen.higher_doubt == larger  # the less sure of the two decides "worse"
    assert chosen.clearly_higher == (larger <= 1 - CLEAR_LEVEL)
    assert chosen.clearly_higher == (within.clearly_higher and pooled.clearly_higher)
