"""An experiment's plan: the testable tips, the on/off blocks, tonight's plan and its status."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from core.article.causes import PREVENTION_TIP_BY_ID
from core.diary import FieldError, NightContext

MIN_BLOCK_NIGHTS = 7  # a week: every weekday in every block, so weekly habits cancel out
MAX_BLOCK_NIGHTS = 14  # two weeks: longer blocks give a drifting season more room
DEFAULT_BLOCK_NIGHTS = 7
MIN_PAIRS = 3  # fewer on/off pairs let one bad stretch decide the answer
WASHOUT_NIGHTS = 2  # a routine may take a night or two to act, or to wear off
MAX_PLAN_NIGHTS = 26 * 7  # half a year: longer than most people keep a routine up
MAX_SEED = 2**31 - 1

Arm = Literal["tip", "usual"]
Status = Literal["running", "paused", "stopped", "finished"]


@dataclass(frozen=True)
class TestableTip:
    """A prevention tip that can be switched on and off from one night to the next.

    `tonight` and `usual` complete "Tonight: …"; `context_field` names a
    night-context field that already records whether the tip was done (then
    the check-in need not ask).
    """

    tip_id: str
    tonight: str
    usual: str
    context_field: str | None = None


# The article's tips that act within a day and can be dropped again without harm.
# Not here: fitness and weight (they take months), and medicines (never stop one
# without a provider).
TESTABLE_TIPS: tuple[TestableTip, ...] = (
    TestableTip(
        "stretch_before_sleep",
        "stretch your legs before bed",
        "your usual routine, no stretching before bed",
        context_field="stretched",
    ),
    TestableTip(
        "loose_bedding",
        "leave the sheets loose around your feet",
        "your usual routine, bedding as you always have it",
    ),
    TestableTip(
        "foot_position_in_bed",
        "prop your feet so the toes point up, or let them hang off the bed",
        "your usual routine, lie as you always do",
    ),
    TestableTip(
        "drink_water",
        "drink water steadily through the day",
        "your usual routine, drink as you always do",
    ),
    TestableTip(
        "stretch_regularly",
        "stretch the muscles that cramp, a few times through the day",
        "your usual routine, no extra stretching",
    ),
    TestableTip(
        "well_fitting_shoes",
        "wear your best-fitting shoes all day",
        "your usual routine, the shoes you normally wear",
    ),
)
TESTABLE_TIP_BY_ID: Mapping[str, TestableTip] = {t.tip_id: t for t in TESTABLE_TIPS}


def tip_title(tip_id: str) -> str:
    """The tip's title, or its id when the tip is unknown (an old backup)."""
    tip = PREVENTION_TIP_BY_ID.get(tip_id)
    return tip.title if tip else tip_id


@dataclass(frozen=True)
class Pause:
    """Nights left out of an experiment: from `paused_on` to the night before `resumed_on`."""

    paused_on: date
    resumed_on: date | None = None


@dataclass(frozen=True)
class Experiment:
    """A planned (and perhaps running) test of one tip.

    Nights are named by their evening, as everywhere in the diary. `stopped_on`
    is the first night no longer part of it.
    """

    tip_id: str
    started_on: date
    block_nights: int
    pairs: int
    seed: int
    pauses: tuple[Pause, ...] = ()
    stopped_on: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class ExperimentRecord:
    """An experiment with the check-in's answers ("did you follow the plan?") by night."""

    experiment: Experiment
    answers: Mapping[date, bool | None]


def active(experiment: Experiment, today: date) -> bool:
    """True while an experiment is running or paused (not stopped, not finished)."""
    return status(experiment, today) in ("running", "paused")


@dataclass(frozen=True)
class NightPlan:
    """What one night of an experiment asks: `arm` None while paused."""

    night: date
    arm: Arm | None
    block: int | None = None  # 0-based block number
    pair: int | None = None  # 0-based pair number
    counted: bool = False  # False in a block's first nights, after a pause, or while paused


def experiment_errors(experiment: Experiment, today: date | None = None) -> list[FieldError]:
    """Every problem with an experiment's plan; `today` refuses a start in the past."""
    errors = []
    if experiment.tip_id not in TESTABLE_TIP_BY_ID:
        errors.append(FieldError("tip", "This tip cannot be tested by switching it on and off."))
    if not MIN_BLOCK_NIGHTS <= experiment.block_nights <= MAX_BLOCK_NIGHTS:
        errors.append(
            FieldError(
                "block_nights",
                f"A block lasts from {MIN_BLOCK_NIGHTS} to {MAX_BLOCK_NIGHTS} nights.",
            )
        )
    if experiment.pairs < MIN_PAIRS:
        errors.append(
            FieldError("pairs", f"An experiment needs at least {MIN_PAIRS} on/off pairs.")
        )
    elif experiment.pairs * 2 * experiment.block_nights > 2 * MAX_PLAN_NIGHTS:
        errors.append(FieldError("pairs", f"Keep the plan under {2 * MAX_PLAN_NIGHTS // 7} weeks."))
    if not 0 <= experiment.seed <= MAX_SEED:
        errors.append(FieldError("seed", "The random seed is out of range."))
    if today is not None and experiment.id is None and experiment.started_on < today:
        errors.append(FieldError("started_on", "An experiment starts tonight or later."))
    if experiment.stopped_on is not None and experiment.stopped_on < experiment.started_on:
        errors.append(FieldError("stopped_on", "It cannot stop before it starts."))
    last_resume: date | None = experiment.started_on
    for pause in experiment.pauses:
        if last_resume is None or pause.paused_on < last_resume:
            errors.append(FieldError("pauses", "Pauses must follow one another in time."))
            break
        if pause.resumed_on is not None and pause.resumed_on <= pause.paused_on:
            errors.append(FieldError("pauses", "A pause ends after it begins."))
            break
        last_resume = pause.resumed_on
    return errors


def pair_orders(seed: int, pairs: int) -> tuple[bool, ...]:
    """For each pair, True when its tip block comes first (drawn from `seed`)."""
    draw = random.Random(seed)
    # One draw per pair in turn, so adding pairs later keeps the earlier ones.
    return tuple(draw.random() < 0.5 for _ in range(pairs))


def new_seed() -> int:
    """A fresh random seed for a new plan."""
    return random.SystemRandom().randint(0, MAX_SEED)


def planned_nights(experiment: Experiment) -> int:
    """How many experiment nights the plan holds (paused nights not included)."""
    return experiment.pairs * 2 * experiment.block_nights


def counted_per_arm(experiment: Experiment) -> int:
    """How many nights each arm counts when every night is logged and nothing is paused."""
    return experiment.pairs * (experiment.block_nights - WASHOUT_NIGHTS)


def _paused(experiment: Experiment, night: date) -> bool:
    return any(
        p.paused_on <= night and (p.resumed_on is None or night < p.resumed_on)
        for p in experiment.pauses
    )


def night_plans(experiment: Experiment, through: date | None = None) -> list[NightPlan]:
    """Every night of the experiment in date order, with its arm, block and whether it counts.

    The schedule runs over experiment nights: a paused night moves the rest of
    the plan one night later. The list ends at the planned last night, the night
    before `stopped_on`, or (while a pause is open) at `through`.
    """
    orders = pair_orders(experiment.seed, experiment.pairs)
    total = planned_nights(experiment)
    plans: list[NightPlan] = []
    night, index, since_break = experiment.started_on, 0, 0
    while index < total:
        if experiment.stopped_on is not None and night >= experiment.stopped_on:
            break
        if experiment.pauses and _paused(experiment, night):
            if not _resumes(experiment, night) and (through is None or night > through):
                break  # an open pause: the rest of the plan waits for the resume
            plans.append(NightPlan(night, None))
            since_break = 0
        else:
            block, position = divmod(index, experiment.block_nights)
            pair, second = divmod(block, 2)
            tip_first = orders[pair]
            arm: Arm = "tip" if tip_first != bool(second) else "usual"
            counted = position >= WASHOUT_NIGHTS and since_break >= WASHOUT_NIGHTS
            plans.append(NightPlan(night, arm, block, pair, counted))
            index += 1
            since_break += 1
        night += timedelta(days=1)
    return plans


def _resumes(experiment: Experiment, night: date) -> bool:
    """True when the pause holding `night` has an end date."""
    return any(
        p.paused_on <= night and p.resumed_on is not None and night < p.resumed_on
        for p in experiment.pauses
    )


def plan_for_night(experiment: Experiment, night: date) -> NightPlan | None:
    """The plan for one night, or None when the night is not part of the experiment."""
    if night < experiment.started_on:
        return None
    for plan in night_plans(experiment, through=night):
        if plan.night == night:
            return plan
    return None


def last_planned_night(experiment: Experiment) -> date | None:
    """The planned last night (None while a pause is open: it moves every night)."""
    if any(p.resumed_on is None for p in experiment.pauses) and experiment.stopped_on is None:
        return None
    plans = night_plans(experiment)
    return plans[-1].night if plans else None


def status(experiment: Experiment, today: date) -> Status:
    """Running, paused, stopped early or finished, as of `today`."""
    if experiment.stopped_on is not None:
        end = last_planned_night(replace(experiment, stopped_on=None, pauses=_closed(experiment)))
        finished = end is not None and experiment.stopped_on > end
        return "finished" if finished else "stopped"
    if any(p.resumed_on is None for p in experiment.pauses):
        return "paused"
    end = last_planned_night(experiment)
    return "finished" if end is not None and today > end else "running"


def _closed(experiment: Experiment) -> tuple[Pause, ...]:
    """The pauses with an open one closed where the experiment stopped."""
    return tuple(
        p if p.resumed_on is not None else Pause(p.paused_on, experiment.stopped_on)
        for p in experiment.pauses
    )


def tonight_text(experiment: Experiment, night: date) -> str | None:
    """'Tonight: …' for the Log page, or None when tonight is not part of the experiment."""
    plan = plan_for_night(experiment, night)
    tip = TESTABLE_TIP_BY_ID.get(experiment.tip_id)
    if plan is None or tip is None:
        return None
    if plan.arm is None:
        return f"Experiment “{tip_title(tip.tip_id)}” is paused: live as you like tonight."
    return f"Tonight: {tip.tonight if plan.arm == 'tip' else tip.usual}."


def last_night_question(
    record: ExperimentRecord, night: date, context: NightContext | None
) -> str | None:
    """What last night's plan asked, when the Log page should ask whether it was kept.

    None (nothing to ask) when the night is not part of the experiment or was paused,
    when it is already answered, or when the night's context (`context`, the day
    before as logged) already records whether the tip was done, e.g. "Stretched
    before bed": the diary then knows, and asking again could only contradict it.
    """
    experiment = record.experiment
    plan = plan_for_night(experiment, night)
    tip = TESTABLE_TIP_BY_ID.get(experiment.tip_id)
    if plan is None or plan.arm is None or night in record.answers or tip is None:
        return None
    if tip.context_field is not None and context is not None:
        if getattr(context, tip.context_field) is not None:
            return None
    return tip.tonight if plan.arm == "tip" else tip.usual
