"""Self-experiments (n-of-1 trials): test a prevention tip by switching it on and off.

Watching a diary shows what goes together; whether a tip helps is answered by
doing it in some blocks of nights and not in others, in an order chosen by
chance. The plan here:

- Blocks of `block_nights` (7 to 14) nights, in pairs: one block with the tip,
  one with the usual routine. At least `MIN_PAIRS` pairs, so that a run of bad
  weeks or a season cannot line up with one arm by accident.
- Which block of a pair comes first is drawn at random from a stored `seed`
  (Python's `random.Random`, whose sequence for an integer seed is fixed), so
  the schedule can be rebuilt and checked at any time.
- The first `WASHOUT_NIGHTS` nights of each block (and after a pause) are not
  counted: a routine just started may not act yet, and one just dropped may
  still act (carry-over).
- How long to run comes from the person's own cramp rate: the shortest plan
  whose chance to show a halving (core.rates.chance_to_show) is at least
  `TARGET_CHANCE`, up to `MAX_PLAN_NIGHTS`. When even that has less than
  `MIN_USEFUL_CHANCE` the plan says plainly that an experiment cannot answer.

The result compares cramps per counted night with and without the tip
(core.rates.compare_rates). Nights the person said they did not follow the
plan, nights not logged, paused nights and washout nights are left out and
counted. Until the planned last night has passed a look is an interim look and
never called a result.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

import pandas as pd

from core.causes import PREVENTION_TIP_BY_ID
from core.diary import FieldError
from core.rates import (
    CLEAR_LEVEL,
    HALVING,
    RateComparison,
    block_dispersion,
    chance_to_show,
    compare_rates,
)
from core.wording import percent, plural

MIN_BLOCK_NIGHTS = 7  # a week: every weekday in every block, so weekly habits cancel out
MAX_BLOCK_NIGHTS = 14  # two weeks: longer blocks give a drifting season more room
DEFAULT_BLOCK_NIGHTS = 7
MIN_PAIRS = 3  # fewer on/off pairs let one bad stretch decide the answer
WASHOUT_NIGHTS = 2  # a routine may take a night or two to act, or to wear off
TARGET_CHANCE = 0.8  # the usual aim of a trial: four in five chances to see a real effect
MIN_USEFUL_CHANCE = 0.5  # below this, the experiment would more likely miss a halving than see it
MAX_PLAN_NIGHTS = 26 * 7  # half a year: longer than most people keep a routine up
RATE_WINDOW_NIGHTS = 90  # the cramp rate a plan is sized on: the last three months logged
MIN_RATE_NIGHTS = 14  # fewer logged nights give too rough a rate to size a plan on
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


# --- sizing a plan ----------------------------------------------------------------


def cramp_rate(nights: pd.DataFrame, before: date) -> tuple[float, int] | None:
    """Cramps per night over the last RATE_WINDOW_NIGHTS logged nights before `before`.

    Returns (rate, nights used), or None with fewer than MIN_RATE_NIGHTS logged.
    """
    if nights.empty:
        return None
    earlier = nights[nights["night"] < pd.Timestamp(before)].tail(RATE_WINDOW_NIGHTS)
    if len(earlier) < MIN_RATE_NIGHTS:
        return None
    return float(earlier["episode_count"].sum()) / len(earlier), len(earlier)


@dataclass(frozen=True)
class PlanAdvice:
    """How long a plan should run, and what chance it has of showing a halving."""

    experiment: Experiment
    rate_per_night: float | None
    chance: float | None  # of showing a halving, with every night logged
    answerable: bool

    @property
    def weeks(self) -> int:
        """The plan's length in weeks (rounded up)."""
        return -(-planned_nights(self.experiment) // 7)

    @property
    def sentence(self) -> str:
        """The plan's length and its chance, in words."""
        plan = self.experiment
        weeks = (
            f"{self.weeks} weeks ({plan.pairs} on/off pairs of {plan.block_nights}-night blocks)"
        )
        if self.rate_per_night is None:
            return (
                f"This plan runs {weeks}. Your diary does not yet hold {MIN_RATE_NIGHTS} "
                "logged nights, so the app cannot say how likely it is to give an answer; "
                "log a couple of weeks first for a plan sized to you."
            )
        assert self.chance is not None
        rate = per_week_text(self.rate_per_night)
        chance = percent(self.chance)
        if not self.answerable:
            return (
                f"At about {rate}, even {weeks} would show a halving of your cramps only "
                f"{chance} of the time. An experiment cannot answer this for you: there are "
                "too few cramps to tell a change from chance."
            )
        word = "a good" if self.chance >= TARGET_CHANCE else "only a fair"
        return (
            f"At about {rate}, {weeks} give {word} chance ({chance}) to show it if the tip "
            "halves your cramps, when you log every night and follow the plan."
        )


def per_week_text(rate_per_night: float) -> str:
    """A rate as 'N cramps a week' (or a month when below one a week)."""
    weekly = rate_per_night * 7
    if weekly >= 1:
        number = f"{weekly:.1f}".removesuffix(".0")
        return f"{number} cramp{'' if number == '1' else 's'} a week"
    monthly = rate_per_night * 30
    if monthly >= 0.95:
        return f"{monthly:.0f} cramp{'s' if round(monthly) != 1 else ''} a month"
    return "less than one cramp a month"


def plan_chance(experiment: Experiment, rate_per_night: float) -> float:
    """The chance the plan shows a halving, if every night is logged and followed."""
    counted = counted_per_arm(experiment)
    return chance_to_show(rate_per_night, counted, counted, HALVING)


def propose_plan(
    *,
    tip_id: str,
    started_on: date,
    rate_per_night: float | None,
    seed: int,
    block_nights: int = DEFAULT_BLOCK_NIGHTS,
    pairs: int | None = None,
) -> PlanAdvice:
    """A plan for a tip: the fewest pairs reaching TARGET_CHANCE (or `pairs` when given)."""
    base = Experiment(tip_id, started_on, block_nights, MIN_PAIRS, seed)
    most = max(MIN_PAIRS, MAX_PLAN_NIGHTS // (2 * block_nights))
    if pairs is not None:
        chosen = replace(base, pairs=pairs)
    elif rate_per_night is None:
        chosen = base
    else:
        chosen = replace(base, pairs=most)
        for count in range(MIN_PAIRS, most + 1):
            candidate = replace(base, pairs=count)
            if plan_chance(candidate, rate_per_night) >= TARGET_CHANCE:
                chosen = candidate
                break
    if rate_per_night is None:
        return PlanAdvice(chosen, None, None, answerable=True)
    chance = plan_chance(chosen, rate_per_night)
    best = max(chance, plan_chance(replace(base, pairs=most), rate_per_night))
    return PlanAdvice(chosen, rate_per_night, chance, answerable=best >= MIN_USEFUL_CHANCE)


# --- adherence and the result ----------------------------------------------------------


def followed_plan(tip_id: str, arm: Arm, answer: bool | None, context_value: object) -> bool | None:
    """Whether a night followed its plan: from the night's context when it records it.

    A tip whose context field is filled in (e.g. `stretched`) answers by itself:
    on a tip night the field must be true, on a usual night false. Otherwise the
    person's one-tap answer counts; None when neither is known.
    """
    tip = TESTABLE_TIP_BY_ID.get(tip_id)
    if tip is not None and tip.context_field is not None and isinstance(context_value, bool):
        return context_value == (arm == "tip")
    return answer


@dataclass(frozen=True)
class NightOutcome:
    """One experiment night with what the diary holds for it."""

    plan: NightPlan
    logged: bool
    cramps: int | None
    followed: bool | None

    @property
    def used(self) -> bool:
        """True when the night enters the comparison."""
        return self.plan.counted and self.logged and self.followed is not False


def night_outcomes(
    experiment: Experiment,
    nights: pd.DataFrame,
    answers: Mapping[date, bool | None],
    through: date,
) -> list[NightOutcome]:
    """Each experiment night up to `through` with its cramps and adherence."""
    tip = TESTABLE_TIP_BY_ID.get(experiment.tip_id)
    field = tip.context_field if tip else None
    by_night: dict[date, tuple[int, object]] = {}
    if not nights.empty:
        days = nights["night"].dt.date.tolist()
        counts = nights["episode_count"].fillna(0).astype("int64").tolist()
        values = nights[field].tolist() if field else [None] * len(days)
        by_night = {
            d: (c, None if v is None or v is pd.NA else bool(v))
            for d, c, v in zip(days, counts, values, strict=True)
        }
    outcomes = []
    for plan in night_plans(experiment, through=through):
        if plan.night > through:
            break
        stored = by_night.get(plan.night)
        followed = (
            followed_plan(experiment.tip_id, plan.arm, answers.get(plan.night), stored[1])
            if plan.arm is not None and stored is not None
            else answers.get(plan.night)
        )
        outcomes.append(
            NightOutcome(
                plan,
                logged=stored is not None,
                cramps=stored[0] if stored else None,
                followed=followed,
            )
        )
    return outcomes


@dataclass(frozen=True)
class ExperimentResult:
    """What an experiment shows so far (`final` only once its last night has passed)."""

    experiment: Experiment
    status: Status
    final: bool
    comparison: RateComparison
    nights_so_far: int
    paused_nights: int
    washout_nights: int
    not_logged: int
    not_followed: int
    followed: int
    adherence_unknown: int

    @property
    def adherence(self) -> float | None:
        """The share of nights with a known answer that followed the plan."""
        known = self.followed + self.not_followed
        return self.followed / known if known else None

    @property
    def verdict(self) -> Literal["helps", "worse", "unclear", "no_data"]:
        """The answer in one word (never "helps" or "worse" before the end)."""
        c = self.comparison
        if c.ratio is None:
            return "no_data"
        if not self.final:
            return "unclear"
        if c.clearly_lower:
            return "helps"
        if c.clearly_higher:
            return "worse"
        return "unclear"

    @property
    def probability_helps(self) -> float | None:
        """The probability that cramps are less frequent with the tip."""
        return self.comparison.lower_probability

    @property
    def sentence(self) -> str:
        """The result (or interim look) in plain words."""
        title = f"“{tip_title(self.experiment.tip_id)}”"
        c = self.comparison
        counts = (
            f"{plural(c.cramps_first, 'cramp')} in {plural(c.nights_first, 'counted night')} "
            f"with the tip, {c.cramps_second} in {c.nights_second} without"
        )
        if c.ratio is None:
            if c.nights_first == 0 or c.nights_second == 0:
                lead = "Interim look" if not self.final else "Result"
                return (
                    f"{lead} for {title}: no counted nights on "
                    f"{'both sides' if c.nights_first == c.nights_second == 0 else 'one side'} "
                    "yet, so nothing to compare."
                )
            return f"{title}: no cramps in the counted nights ({counts}), so nothing to compare."
        ratio = _ratio_text(c)
        chance = percent(c.lower_probability)
        if not self.final:
            return (
                f"Interim look, not a result — {title}: so far {counts}; {ratio}. "
                "Looks along the way move up and down by chance; wait for the planned end."
            )
        if self.verdict == "helps":
            return (
                f"Result for {title}: it seems to help. {counts}; {ratio}. "
                f"The probability that the tip lowers your cramps is {chance}."
            )
        if self.verdict == "worse":
            return (
                f"Result for {title}: cramps were more frequent with the tip. {counts}; "
                f"{ratio}. The probability that it lowers them is only {chance}."
            )
        return (
            f"Result for {title}: no clear answer. {counts}; {ratio}. The probability "
            f"that the tip lowers your cramps is {chance}, short of the "
            f"{percent(CLEAR_LEVEL)} that would make it clear. Small effects need "
            "longer experiments; a tip you like may still be worth keeping."
        )


def _ratio_text(c: RateComparison) -> str:
    assert c.ratio is not None and c.low is not None and c.high is not None
    if c.ratio == float("inf"):
        ratio = "no cramps without the tip"
    else:
        ratio = f"{c.ratio:.2f} times the cramps per night"
    high = "∞" if c.high == float("inf") else f"{c.high:.2f}"
    return f"{ratio} with the tip (95% interval {c.low:.2f}–{high})"


def assess(
    experiment: Experiment,
    nights: pd.DataFrame,
    answers: Mapping[date, bool | None],
    today: date,
) -> ExperimentResult:
    """The experiment's result so far: nights up to last night (the night before `today`)."""
    through = today - timedelta(days=1)
    outcomes = night_outcomes(experiment, nights, answers, through)
    state = status(experiment, today)
    on = [o for o in outcomes if o.used and o.plan.arm == "tip"]
    off = [o for o in outcomes if o.used and o.plan.arm == "usual"]
    in_plan = [o for o in outcomes if o.plan.arm is not None]
    blocks: dict[int, tuple[int, int, bool]] = {}
    for o in (*on, *off):
        assert o.plan.block is not None
        cramps, used, _ = blocks.get(o.plan.block, (0, 0, True))
        blocks[o.plan.block] = (cramps + (o.cramps or 0), used + 1, o.plan.arm == "tip")
    comparison = compare_rates(
        sum(o.cramps or 0 for o in on),
        len(on),
        sum(o.cramps or 0 for o in off),
        len(off),
        dispersion=block_dispersion(list(blocks.values())),
    )
    return ExperimentResult(
        experiment=experiment,
        status=state,
        final=state == "finished",
        comparison=comparison,
        nights_so_far=len(in_plan),
        paused_nights=sum(1 for o in outcomes if o.plan.arm is None),
        washout_nights=sum(1 for o in in_plan if not o.plan.counted),
        not_logged=sum(1 for o in in_plan if not o.logged),
        not_followed=sum(1 for o in in_plan if o.followed is False),
        followed=sum(1 for o in in_plan if o.followed is True),
        adherence_unknown=sum(1 for o in in_plan if o.logged and o.followed is None),
    )


def schedule_frame(experiment: Experiment, through: date | None = None) -> pd.DataFrame:
    """The plan block by block: `block` (from 1), `plan` ("tip"/"usual"/"paused"), `first`,
    `last` and `counted` (how many of its nights count when logged and followed)."""
    rows: list[dict[str, object]] = []
    for plan in night_plans(experiment, through=through):
        label = plan.arm or "paused"
        block = None if plan.block is None else plan.block + 1
        if rows and rows[-1]["plan"] == label and rows[-1]["block"] == block:
            rows[-1]["last"] = plan.night
            rows[-1]["counted"] = int(str(rows[-1]["counted"])) + plan.counted
        else:
            rows.append(
                {
                    "block": block,
                    "plan": label,
                    "first": plan.night,
                    "last": plan.night,
                    "counted": int(plan.counted),
                }
            )
    frame = pd.DataFrame(rows, columns=["block", "plan", "first", "last", "counted"])
    return frame.astype({"block": "Int64", "plan": "string", "counted": "int64"})


def result_sentences(
    records: Sequence[ExperimentRecord], nights: pd.DataFrame, today: date
) -> list[str]:
    """Each experiment's result (or interim look) in words, in the order given."""
    return [assess(r.experiment, nights, r.answers, today).sentence for r in records]


def block_rates(
    experiment: Experiment,
    nights: pd.DataFrame,
    answers: Mapping[date, bool | None],
    today: date,
) -> pd.DataFrame:
    """Cramps per used night in each block so far: `block` (from 1), `plan` ("tip"/"usual"),
    `first` (its first night), `nights` (used in the comparison), `cramps` and `per_night`
    (None for a block with no used night yet)."""
    rows: dict[int, dict[str, object]] = {}
    for outcome in night_outcomes(experiment, nights, answers, today - timedelta(days=1)):
        plan = outcome.plan
        if plan.block is None:
            continue
        row = rows.setdefault(
            plan.block,
            {
                "block": plan.block + 1,
                "plan": plan.arm,
                "first": plan.night,
                "nights": 0,
                "cramps": 0,
            },
        )
        if outcome.used:
            row["nights"] = int(str(row["nights"])) + 1
            row["cramps"] = int(str(row["cramps"])) + (outcome.cramps or 0)
    frame = pd.DataFrame(
        list(rows.values()), columns=["block", "plan", "first", "nights", "cramps"]
    ).astype({"block": "int64", "plan": "string", "nights": "int64", "cramps": "int64"})
    used = frame["nights"].where(frame["nights"] > 0)
    return frame.assign(per_night=(frame["cramps"] / used).astype("Float64"))
