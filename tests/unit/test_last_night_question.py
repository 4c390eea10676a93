"""Whether the Log page asks if last night's plan was kept: a rule of core, not of the page."""

from __future__ import annotations

from datetime import date, timedelta

from core.diary import NightContext
from core.experiments import plan as experiments
from core.experiments.plan import Experiment, ExperimentRecord, last_night_question

START = date(2026, 3, 2)
STRETCH = Experiment("stretch_before_sleep", START, block_nights=7, pairs=3, seed=2026)
BEDDING = Experiment("loose_bedding", START, block_nights=7, pairs=3, seed=2026)


def night_on(experiment: Experiment, arm: str) -> date:
    """The first night of the experiment whose plan is `arm`."""
    night = START
    while (plan := experiments.plan_for_night(experiment, night)) is None or plan.arm != arm:
        night += timedelta(days=1)
    return night


def test_a_tip_night_asks_about_the_tip_and_a_usual_night_about_the_routine() -> None:
    tip = experiments.TESTABLE_TIP_BY_ID["loose_bedding"]
    record = ExperimentRecord(BEDDING, answers={})
    assert last_night_question(record, night_on(BEDDING, "tip"), None) == tip.tonight
    assert last_night_question(record, night_on(BEDDING, "usual"), None) == tip.usual


def test_nothing_is_asked_before_the_start_or_after_the_stop() -> None:
    record = ExperimentRecord(BEDDING, answers={})
    assert last_night_question(record, START - timedelta(days=1), None) is None
    stopped = Experiment("loose_bedding", START, 7, 3, 2026, stopped_on=START + timedelta(days=3))
    after = ExperimentRecord(stopped, answers={})
    assert last_night_question(after, START + timedelta(days=2), None) is not None
    assert last_night_question(after, START + timedelta(days=3), None) is None


def test_a_paused_night_is_not_asked_about() -> None:
    paused = Experiment(
        "loose_bedding", START, 7, 3, 2026, pauses=(experiments.Pause(START + timedelta(days=4)),)
    )
    record = ExperimentRecord(paused, answers={})
    assert last_night_question(record, START + timedelta(days=5), None) is None


def test_an_answered_night_is_not_asked_again() -> None:
    night = night_on(BEDDING, "tip")
    assert (
        last_night_question(ExperimentRecord(BEDDING, answers={night: True}), night, None) is None
    )
    assert (
        last_night_question(ExperimentRecord(BEDDING, answers={night: False}), night, None) is None
    )


def test_the_day_before_already_answers_for_stretching() -> None:
    record = ExperimentRecord(STRETCH, answers={})
    night = night_on(STRETCH, "tip")
    assert last_night_question(record, night, NightContext(stretched=True)) is None
    assert last_night_question(record, night, NightContext(stretched=False)) is None
    # Logged, but without saying whether they stretched: the question is still needed.
    asked = last_night_question(record, night, NightContext(water_l=1.5))
    assert asked == experiments.TESTABLE_TIP_BY_ID["stretch_before_sleep"].tonight


def test_a_context_field_only_answers_for_the_tip_it_records() -> None:
    """Bedding is not in the day before: a recorded stretch says nothing about it."""
    record = ExperimentRecord(BEDDING, answers={})
    night = night_on(BEDDING, "usual")
    assert last_night_question(record, night, NightContext(stretched=True)) is not None
