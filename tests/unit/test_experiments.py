"""Self-experiments: the randomised on/off schedule, tonight's plan, adherence and the result."""

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from core.article.causes import PREVENTION_TIP_BY_ID
from core.experiments.plan import (
    MAX_BLOCK_NIGHTS,
    MIN_BLOCK_NIGHTS,
    MIN_PAIRS,
    TESTABLE_TIPS,
    WASHOUT_NIGHTS,
    Experiment,
    Pause,
    counted_per_arm,
    experiment_errors,
    last_planned_night,
    night_plans,
    pair_orders,
    plan_for_night,
    status,
    tonight_text,
)
from core.experiments.result import assess, block_rates, followed_plan
from core.experiments.sizing import (
    MIN_RATE_NIGHTS,
    TARGET_CHANCE,
    cramp_rate,
    per_week_text,
    plan_chance,
    propose_plan,
)
from tests.unit.test_causes import _article_path, _normalise, _runs, _words

START = date(2026, 12, 1)
PLAN = Experiment("stretch_before_sleep", START, block_nights=7, pairs=3, seed=2026)


def nights_frame(
    counts: dict[date, int], stretched: dict[date, bool] | None = None
) -> pd.DataFrame:
    """A nights frame holding only what experiments read."""
    days = sorted(counts)
    return pd.DataFrame(
        {
            "night": pd.to_datetime(days),
            "episode_count": pd.array([counts[d] for d in days], dtype="Int64"),
            "stretched": pd.array([(stretched or {}).get(d) for d in days], dtype="boolean"),
        }
    )


def test_every_pair_holds_one_tip_block_and_one_usual_block() -> None:
    plans = night_plans(PLAN)
    assert len(plans) == 3 * 2 * 7
    for pair in range(3):
        arms = Counter(p.arm for p in plans if p.pair == pair)
        assert arms == {"tip": 7, "usual": 7}


def test_the_same_seed_gives_the_same_schedule_and_adding_pairs_keeps_the_first() -> None:
    assert night_plans(PLAN) == night_plans(replace(PLAN))
    assert pair_orders(2026, 10)[:3] == pair_orders(2026, 3)
    longer = night_plans(replace(PLAN, pairs=5))
    assert longer[: len(night_plans(PLAN))] == night_plans(PLAN)


def test_the_order_within_pairs_is_random_not_fixed() -> None:
    firsts = [o for seed in range(200) for o in pair_orders(seed, 3)]
    assert 0.4 < sum(firsts) / len(firsts) < 0.6
    assert len({pair_orders(seed, 6) for seed in range(50)}) > 20


def test_the_first_nights_of_every_block_are_not_counted() -> None:
    plans = night_plans(PLAN)
    for block in range(6):
        counted = [p.counted for p in plans if p.block == block]
        assert counted == [False] * WASHOUT_NIGHTS + [True] * (7 - WASHOUT_NIGHTS)
    assert sum(p.counted for p in plans if p.arm == "tip") == counted_per_arm(PLAN)


def test_a_pause_moves_the_rest_of_the_plan_later_and_restarts_the_washout() -> None:
    paused = replace(PLAN, pauses=(Pause(START + timedelta(days=4), START + timedelta(days=7)),))
    plans = night_plans(paused)
    assert [p.arm for p in plans[4:7]] == [None, None, None]
    planned_end = last_planned_night(PLAN)
    assert planned_end is not None
    assert last_planned_night(paused) == planned_end + timedelta(days=3)
    after = plans[7:9]
    assert [p.block for p in after] == [0, 0] and not any(p.counted for p in after)
    assert plans[9].counted


def test_an_open_pause_leaves_the_end_unknown_and_the_night_paused() -> None:
    paused = replace(PLAN, pauses=(Pause(START + timedelta(days=3)),))
    assert last_planned_night(paused) is None
    assert status(paused, START + timedelta(days=10)) == "paused"
    night = START + timedelta(days=10)
    assert plan_for_night(paused, night) is not None
    assert "paused" in (tonight_text(paused, night) or "")


def test_stopping_ends_the_plan_and_counts_as_stopped_before_the_end() -> None:
    stopped = replace(PLAN, stopped_on=START + timedelta(days=10))
    assert night_plans(stopped)[-1].night == START + timedelta(days=9)
    assert status(stopped, START + timedelta(days=11)) == "stopped"
    assert plan_for_night(stopped, START + timedelta(days=10)) is None


def test_status_runs_until_the_last_planned_night_has_passed() -> None:
    end = last_planned_night(PLAN)
    assert end == START + timedelta(days=41)
    assert status(PLAN, end) == "running"
    assert status(PLAN, end + timedelta(days=1)) == "finished"


def test_tonight_names_the_tip_or_the_usual_routine() -> None:
    texts = {tonight_text(PLAN, p.night) for p in night_plans(PLAN)}
    assert texts == {
        "Tonight: stretch your legs before bed.",
        "Tonight: your usual routine, no stretching before bed.",
    }
    assert tonight_text(PLAN, START - timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (replace(PLAN, tip_id="healthy_weight"), "tip"),
        (replace(PLAN, block_nights=MIN_BLOCK_NIGHTS - 1), "block_nights"),
        (replace(PLAN, block_nights=MAX_BLOCK_NIGHTS + 1), "block_nights"),
        (replace(PLAN, pairs=MIN_PAIRS - 1), "pairs"),
        (replace(PLAN, pairs=100), "pairs"),
        (replace(PLAN, seed=-1), "seed"),
        (replace(PLAN, started_on=START - timedelta(days=1)), "started_on"),
        (replace(PLAN, stopped_on=START - timedelta(days=1)), "stopped_on"),
        (replace(PLAN, pauses=(Pause(START + timedelta(days=3), START),)), "pauses"),
    ],
    ids=[
        "untestable tip",
        "short block",
        "long block",
        "too few pairs",
        "too long",
        "bad seed",
        "starts in the past",
        "stops before start",
        "pause ends before it begins",
    ],
)
def test_a_bad_plan_is_refused_field_by_field(change: Experiment, field: str) -> None:
    assert [e.field for e in experiment_errors(change, START)] == [field]


def test_a_good_plan_has_no_errors() -> None:
    assert experiment_errors(PLAN, START) == []


def test_every_testable_tip_is_one_of_the_articles_tips_in_the_apps_own_words() -> None:
    article_runs = _runs(_words(_normalise(_article_path().read_text(encoding="utf-8"))), 6)
    for tip in TESTABLE_TIPS:
        assert tip.tip_id in PREVENTION_TIP_BY_ID
        for text in (tip.tonight, tip.usual):
            assert not _runs(_words(text), 6) & article_runs, text


@pytest.mark.parametrize(
    ("per_week", "expected"),
    [(2, "2 cramps a week"), (1, "1 cramp a week"), (2.5, "2.5 cramps a week"),
     (7 / 30, "1 cramp a month"), (0.1, "less than one cramp a month")],
)  # fmt: skip
def test_rates_read_as_cramps_a_week_or_a_month(per_week: float, expected: str) -> None:
    assert per_week_text(per_week / 7) == expected


def test_the_plan_is_the_shortest_that_reaches_the_target_chance() -> None:
    advice = propose_plan(tip_id=PLAN.tip_id, started_on=START, rate_per_night=14 / 7, seed=1)
    assert advice.answerable and advice.chance is not None
    assert advice.chance >= TARGET_CHANCE
    shorter = replace(advice.experiment, pairs=advice.experiment.pairs - 1)
    assert advice.experiment.pairs == MIN_PAIRS or plan_chance(shorter, 2.0) < TARGET_CHANCE
    assert "good chance" in advice.sentence


def test_more_cramps_need_a_shorter_plan() -> None:
    def weeks(per_week: float) -> int:
        return propose_plan(
            tip_id=PLAN.tip_id, started_on=START, rate_per_night=per_week / 7, seed=1
        ).weeks

    assert weeks(21) < weeks(14) < weeks(7)


def test_one_cramp_a_month_cannot_be_answered_and_the_plan_says_so() -> None:
    advice = propose_plan(tip_id=PLAN.tip_id, started_on=START, rate_per_night=1 / 30, seed=1)
    assert not advice.answerable
    assert "cannot answer" in advice.sentence and "1 cramp a month" in advice.sentence


def test_without_a_rate_the_plan_asks_for_more_logged_nights() -> None:
    advice = propose_plan(tip_id=PLAN.tip_id, started_on=START, rate_per_night=None, seed=1)
    assert advice.experiment.pairs == MIN_PAIRS and advice.chance is None
    assert f"{MIN_RATE_NIGHTS} logged nights" in advice.sentence


def test_the_person_may_choose_longer_blocks_and_more_pairs() -> None:
    advice = propose_plan(
        tip_id=PLAN.tip_id, started_on=START, rate_per_night=0.3, seed=1, block_nights=14, pairs=8
    )
    assert (advice.experiment.block_nights, advice.experiment.pairs) == (14, 8)
    assert advice.weeks == 32


def test_the_cramp_rate_uses_recent_logged_nights_before_the_start() -> None:
    counts = {START - timedelta(days=d): (1 if d % 2 else 0) for d in range(1, 21)}
    counts[START] = 9  # the start night itself is not part of the baseline
    rate = cramp_rate(nights_frame(counts), START)
    assert rate == (0.5, 20)
    assert cramp_rate(nights_frame(dict(list(counts.items())[:5])), START) is None


@pytest.mark.parametrize(
    ("arm", "answer", "stretched", "expected"),
    [
        ("tip", None, True, True),
        ("tip", True, False, False),  # the recorded context wins over a tap
        ("usual", None, True, False),
        ("usual", None, False, True),
        ("tip", True, None, True),
        ("tip", None, None, None),
    ],
)
def test_a_stretching_night_follows_its_plan_by_the_stretched_field(
    arm: str, answer: bool | None, stretched: bool | None, expected: bool | None
) -> None:
    assert followed_plan("stretch_before_sleep", arm, answer, stretched) is expected  # type: ignore[arg-type]


def test_a_tip_without_a_context_field_uses_the_answer() -> None:
    assert followed_plan("loose_bedding", "tip", False, True) is False


def _all_logged(plan: Experiment, tip_cramps: int, usual_cramps: int) -> pd.DataFrame:
    return nights_frame(
        {p.night: tip_cramps if p.arm == "tip" else usual_cramps for p in night_plans(plan)}
    )


def test_a_finished_experiment_with_far_fewer_cramps_on_tip_nights_says_it_helps() -> None:
    plan = replace(PLAN, pairs=6)
    end = last_planned_night(plan)
    assert end is not None
    result = assess(plan, _all_logged(plan, 0, 1), {}, end + timedelta(days=1))
    assert result.final and result.verdict == "helps"
    assert result.comparison.nights_first == result.comparison.nights_second == 30
    assert result.washout_nights == 6 * 2 * WASHOUT_NIGHTS
    assert (result.probability_helps or 0) > 0.99
    assert result.sentence.startswith("Result for “Stretch before bed”: it seems to help.")


def test_a_look_before_the_end_is_interim_and_never_called_a_result() -> None:
    plan = replace(PLAN, pairs=6)
    result = assess(plan, _all_logged(plan, 0, 1), {}, START + timedelta(days=30))
    assert not result.final and result.status == "running"
    assert result.verdict == "unclear"
    assert result.sentence.startswith("Interim look, not a result")
    assert "Result" not in result.sentence


def test_stopped_early_is_interim_too() -> None:
    plan = replace(PLAN, stopped_on=START + timedelta(days=30))
    result = assess(plan, _all_logged(plan, 0, 1), {}, START + timedelta(days=60))
    assert result.status == "stopped" and not result.final
    assert result.sentence.startswith("Interim look")


def test_equal_rates_give_no_clear_answer() -> None:
    plan = replace(PLAN, pairs=6)
    end = last_planned_night(plan)
    assert end is not None
    result = assess(plan, _all_logged(plan, 1, 1), {}, end + timedelta(days=1))
    assert result.verdict == "unclear"
    assert "no clear answer" in result.sentence
    assert result.probability_helps == pytest.approx(0.5)


def test_no_cramps_at_all_has_nothing_to_compare() -> None:
    end = last_planned_night(PLAN)
    assert end is not None
    result = assess(PLAN, _all_logged(PLAN, 0, 0), {}, end + timedelta(days=1))
    assert result.verdict == "no_data" and "nothing to compare" in result.sentence


def test_unlogged_nights_are_left_out_and_unfollowed_ones_count_as_randomised() -> None:
    plans = night_plans(PLAN)
    counted = [p for p in plans if p.counted]
    skipped, broken = counted[0], counted[1]
    frame = nights_frame(
        {p.night: 1 for p in plans if p.night != skipped.night},
        stretched={broken.night: broken.arm != "tip"},  # the opposite of the plan
    )
    answers = {counted[2].night: True}
    end = last_planned_night(PLAN)
    assert end is not None
    result = assess(PLAN, frame, answers, end + timedelta(days=1))
    assert result.not_logged == 1 and result.not_followed == 1 and result.followed == 1
    used = result.comparison.nights_first + result.comparison.nights_second
    assert used == 2 * counted_per_arm(PLAN) - 1  # intention to treat: only the unlogged night
    assert result.per_protocol is not None
    followed = result.per_protocol.nights_first + result.per_protocol.nights_second
    assert followed == 2 * counted_per_arm(PLAN) - 2
    assert result.second_line is not None and "second look" in result.second_line
    assert result.adherence == 0.5
    assert result.adherence_unknown == len(plans) - 3


def test_only_nights_up_to_last_night_are_assessed() -> None:
    result = assess(PLAN, _all_logged(PLAN, 1, 1), {}, START + timedelta(days=3))
    assert result.nights_so_far == 3


def test_block_rates_give_cramps_per_used_night_block_by_block() -> None:
    frame = _all_logged(PLAN, 0, 2)
    today = START + timedelta(days=10)  # blocks 1 and 2 done in part
    blocks = block_rates(PLAN, frame, {}, today)
    assert blocks["block"].tolist() == [1, 2]
    first = blocks.iloc[0]
    assert first["nights"] == 5 and first["per_night"] == (0 if first["plan"] == "tip" else 2)
    assert blocks.iloc[1]["nights"] == 3 - WASHOUT_NIGHTS  # nights 8 to 10, two not counted
    early = block_rates(PLAN, frame, {}, START + timedelta(days=8))
    assert early.iloc[1]["nights"] == 0 and pd.isna(early.iloc[1]["per_night"])
