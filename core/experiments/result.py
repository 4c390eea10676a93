"""Adherence and the result: what each night shows, and what the experiment found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

import pandas as pd
from scipy.stats import beta

from core.experiments.pairs import PairCounts, PairFit, fit_pairs, pair_comparison
from core.experiments.plan import (
    TESTABLE_TIP_BY_ID,
    Arm,
    Experiment,
    ExperimentRecord,
    NightPlan,
    Status,
    night_plans,
    status,
    tip_title,
)
from core.stats.rates import (
    CLEAR_LEVEL,
    PRIOR_SHAPE,
    RateComparison,
    block_dispersion,
    compare_rates,
)
from core.wording import percent, plural


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
        """True when the night enters the comparison: as randomised (intention to treat).

        A night the plan was not followed still counts on its planned side:
        people skip a tip on bad nights, and leaving those nights out makes a
        useless tip look helpful (issue 19: 10% false "helps" against 5%).
        """
        return self.plan.counted and self.logged

    @property
    def used_per_protocol(self) -> bool:
        """True when the night enters the per-protocol comparison (the plan was followed)."""
        return self.used and self.followed is not False


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


WORTHWHILE_FEWER = 0.2  # by default a tip is worth it when it cuts cramps by a fifth or more
WORTHWHILE_CHOICES = (0.1, 0.2, 0.3, 0.5)  # the cuts the person may count as worth it instead


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
    per_protocol: RateComparison | None = None  # nights that followed the plan only
    dispersion: float = 1.0  # the main comparison's over-dispersion between blocks
    worthwhile: float = WORTHWHILE_FEWER  # the cut in cramps the person counts as worth it
    pair_fit: PairFit | None = None  # the within-pair model behind `comparison`, when fitted

    @property
    def probability_worthwhile(self) -> float | None:
        """The probability that the tip cuts cramps by at least `worthwhile`."""
        if self.pair_fit is not None and 0 <= self.worthwhile < 1:
            return self.pair_fit.probability_below(1.0 - self.worthwhile)
        return probability_at_least(self.comparison, self.worthwhile, self.dispersion)

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
    def second_line(self) -> str | None:
        """The chance of a worthwhile cut, and the per-protocol figure, after the result."""
        if not self.final or self.comparison.ratio is None:
            return None
        parts = []
        worth = self.probability_worthwhile
        if worth is not None:
            parts.append(
                f"The probability that it cuts your cramps by {percent(self.worthwhile)} or "
                f"more: {percent(worth)}."
            )
        pp = self.per_protocol
        if pp is not None and pp.ratio is not None and self.not_followed:
            parts.append(
                f"Counting only the nights that followed the plan: {_ratio_text(pp)}. That "
                "figure is a second look, not the result: nights skipped on bad days bias it."
            )
        return " ".join(parts) or None

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


def arm_dispersion(outcomes: Sequence[NightOutcome], per_protocol: bool = False) -> float:
    """How much more cramp counts vary between the experiment's blocks than Poisson allows."""
    blocks: dict[int, tuple[int, int, bool]] = {}
    for o in outcomes:
        if not (o.used_per_protocol if per_protocol else o.used) or o.plan.block is None:
            continue
        cramps, nights, _ = blocks.get(o.plan.block, (0, 0, True))
        blocks[o.plan.block] = (cramps + (o.cramps or 0), nights + 1, o.plan.arm == "tip")
    return block_dispersion(list(blocks.values()))


def arm_pairs(outcomes: Sequence[NightOutcome], per_protocol: bool = False) -> list[PairCounts]:
    """Cramps and used nights on each side of each on/off pair."""
    sides: dict[int, list[int]] = {}
    for o in outcomes:
        if not (o.used_per_protocol if per_protocol else o.used) or o.plan.pair is None:
            continue
        row = sides.setdefault(o.plan.pair, [0, 0, 0, 0])
        at = 0 if o.plan.arm == "tip" else 2
        row[at] += o.cramps or 0
        row[at + 1] += 1
    return [PairCounts(*sides[k]) for k in sorted(sides)]


def pooled_arms(outcomes: Sequence[NightOutcome], per_protocol: bool = False) -> RateComparison:
    """Tip nights against usual nights pooled, with the spread between blocks as dispersion."""
    used = [o for o in outcomes if (o.used_per_protocol if per_protocol else o.used)]
    on = [o for o in used if o.plan.arm == "tip"]
    off = [o for o in used if o.plan.arm == "usual"]
    return compare_rates(
        sum(o.cramps or 0 for o in on),
        len(on),
        sum(o.cramps or 0 for o in off),
        len(off),
        dispersion=arm_dispersion(outcomes, per_protocol),
    )


def compare_arms(outcomes: Sequence[NightOutcome], per_protocol: bool = False) -> RateComparison:
    """Tip nights against usual nights, compared within each on/off pair (`pairs.fit_pairs`).

    The pooled comparison stands when the pair model cannot be fitted (too few
    pairs with cramps, or every cramp on one side). The probability that the tip
    lowers cramps is the smaller of the two analyses', so "helps" needs both;
    "worse" needs both too (the larger of the two must be low).
    """
    pooled = pooled_arms(outcomes, per_protocol)
    within = pair_comparison(pooled, fit_pairs(arm_pairs(outcomes, per_protocol)))
    if within.lower_probability is None or pooled.lower_probability is None:
        return within
    # The more cautious of the two probabilities: within pairs alone let 5.4% of useless tips
    # through in 1000 realistic runs (spells and skips on bad nights), requiring both 4.6%.
    # Taking the smaller alone made "worse" the less cautious claim: 9.5% of 200 realistic runs
    # at 14 cramps a week called a useless tip "worse".
    probabilities = (within.lower_probability, pooled.lower_probability)
    return replace(within, lower_probability=min(probabilities), higher_doubt=max(probabilities))


def probability_at_least(
    comparison: RateComparison, fewer: float, dispersion: float = 1.0
) -> float | None:
    """The probability that the tip cuts cramps by at least the share `fewer` (0.2: 20%).

    From the same posterior as the result (`core.stats.rates.compare_rates`,
    with the same `dispersion`): the rate ratio at most 1 - `fewer`.
    """
    c = comparison
    if c.nights_first == 0 or c.nights_second == 0 or not 0 <= fewer < 1:
        return None
    ratio = 1.0 - fewer
    split = ratio * c.nights_first / (ratio * c.nights_first + c.nights_second)
    a = c.cramps_first / dispersion + PRIOR_SHAPE
    b = c.cramps_second / dispersion + PRIOR_SHAPE
    return float(beta.cdf(split, a, b))


def _counts(in_plan: Sequence[NightOutcome]) -> dict[str, int]:
    return {
        "nights_so_far": len(in_plan),
        "washout_nights": sum(1 for o in in_plan if not o.plan.counted),
        "not_logged": sum(1 for o in in_plan if not o.logged),
        "not_followed": sum(1 for o in in_plan if o.followed is False),
        "followed": sum(1 for o in in_plan if o.followed is True),
        "adherence_unknown": sum(1 for o in in_plan if o.logged and o.followed is None),
    }


def assess(
    experiment: Experiment,
    nights: pd.DataFrame,
    answers: Mapping[date, bool | None],
    today: date,
    worthwhile: float = WORTHWHILE_FEWER,
) -> ExperimentResult:
    """The experiment's result so far: nights up to last night (the night before `today`).

    Analysed as randomised (every logged, counted night on its planned side),
    within each on/off pair; the per-protocol comparison (nights that followed
    the plan) is a second line. `worthwhile` is the share fewer cramps the
    person counts as worth it (0.2: a fifth fewer).
    """
    through = today - timedelta(days=1)
    outcomes = night_outcomes(experiment, nights, answers, through)
    state = status(experiment, today)
    return ExperimentResult(
        experiment=experiment,
        status=state,
        final=state == "finished",
        comparison=compare_arms(outcomes),
        per_protocol=compare_arms(outcomes, per_protocol=True),
        dispersion=arm_dispersion(outcomes),
        worthwhile=worthwhile,
        pair_fit=fit_pairs(arm_pairs(outcomes)),
        paused_nights=sum(1 for o in outcomes if o.plan.arm is None),
        **_counts([o for o in outcomes if o.plan.arm is not None]),
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
