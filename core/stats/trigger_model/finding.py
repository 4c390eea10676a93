"""What the trigger model found, factor by factor, and how it is said.

The verdict and the interval come from the same place and always agree:
"linked" needs both the family-wise test (Holm over every factor tested) and a
95% profile-likelihood interval that excludes 1. An interval that excludes 1
without the family-wise test is said for what it is: a hint, not beyond
chance once every factor tested is allowed for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from core.stats import trigger_power
from core.wording import plural

Verdict = Literal["linked", "no_clear_link", "not_enough_data"]


@dataclass(frozen=True)
class TriggerFinding:
    """What the diary says about one factor, in numbers and in one verdict."""

    factor: str
    title: str
    cause_ids: tuple[str, ...]
    verdict: Verdict
    nights_known: int  # nights with this factor's context recorded
    share_present: float | None  # share of those nights with it, at your own threshold
    shape: str | None = None  # the best-fitting shape, in words
    per_unit: bool = False
    odds_ratio: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None  # for the best shape, paid for trying every shape
    p_adjusted: float | None = None  # Holm, over every factor tested
    exact: bool = False  # judged by the exact test for rare factors
    more_nights_needed: int | None = None
    factors_tested: int = 0
    combination: bool = False  # judged beyond its parts (exercise in heat)

    @property
    def linked(self) -> bool:
        """True when the factor is linked beyond chance (the only verdict that claims a link)."""
        return self.verdict == "linked"

    @property
    def direction(self) -> Literal["raises", "lowers"] | None:
        """Whether a linked factor goes with more or fewer cramp nights; None when not linked."""
        if not self.linked or self.odds_ratio is None:
            return None
        return "raises" if self.odds_ratio >= 1 else "lowers"

    @property
    def size(self) -> str | None:
        """The estimate and its interval in words, e.g. 'the odds … 2.6 times as high (…)'."""
        if self.odds_ratio is None or self.shape is None:
            return None
        ratio, low, high = (_ratio(v) for v in (self.odds_ratio, self.low, self.high))
        interval = f"95% CI {low}–{high}"
        if self.per_unit:
            return f"{self.shape}, the odds of a cramp night were {ratio} times ({interval})"
        beyond = " as heat and exercise apart would give" if self.combination else ""
        return (
            f"{self.shape} the odds of a cramp night were {ratio} times as high{beyond} "
            f"({interval})"
        )

    @property
    def sentence(self) -> str:
        """The finding in words a patient can read."""
        name = self.title.lower()
        if self.verdict == "not_enough_data":
            if self.share_present == 0:
                return (
                    f"Not enough data yet for {name}: none of the {self.nights_known} nights "
                    "with it recorded had it, so there is nothing to compare."
                )
            if self.more_nights_needed is None:
                need = f"Not enough data yet for {name}: record it on more nights."
            else:
                nights = "night" if self.more_nights_needed == 1 else "nights"
                need = (
                    f"Not enough data yet for {name}: about {self.more_nights_needed} more "
                    f"{nights} at your rate, with it recorded."
                )
            return f"{need} So far: {self.size}." if self.size else need
        size = self.size or ""
        size = size[0].upper() + size[1:]
        if self.linked:
            tested = plural(self.factors_tested, "factor")
            return f"Linked: {size}. Beyond chance, even with {tested} tested."
        if self.interval_excludes_one:
            tested = plural(self.factors_tested, "factor")
            return (
                f"A hint for {name}, not a link: {size[0].lower()}{size[1:]}. That interval "
                f"leaves out 1, but with {tested} tested one such hint is expected by chance "
                "now and then, so it is not beyond chance."
            )
        return f"No clear link yet with {name}. The best fit: {size} — chance could explain it."

    @property
    def interval_excludes_one(self) -> bool:
        """True when the 95% interval lies wholly above or wholly below 1."""
        if self.low is None or self.high is None:
            return False
        return self.low > 1 or self.high < 1


def _ratio(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


@dataclass(frozen=True)
class TriggerAnalysis:
    """Every factor's finding from one model over the whole range of nights."""

    nights: int
    cramp_nights: int
    findings: tuple[TriggerFinding, ...]
    season_adjusted: bool

    @property
    def linked(self) -> tuple[TriggerFinding, ...]:
        """The findings called linked beyond chance."""
        return tuple(f for f in self.findings if f.linked)


def power_sentence(nights: int) -> str:
    """What the app's own validation measured, for diaries this long (stats.trigger_power)."""
    lengths = sorted(trigger_power.LENGTH_NIGHTS.items(), key=lambda item: item[1])
    length, length_nights = min(lengths, key=lambda item: abs(item[1] - nights))
    found = trigger_power.RATES["threshold"][length]
    alarm = trigger_power.RATES["none"][length]
    shorter = (
        f" Your {nights} nights are fewer than that, so expect it to find less."
        if nights < 0.9 * length_nights
        else ""
    )
    return (
        f"How often this finds a real effect: on {trigger_power.DIARIES} made-up diaries of "
        f"{length}, a 2.5-fold rise in cramp nights on days under 1.5 L of water was found in "
        f"{found:.0%} of them; with nothing planted, something was called linked in "
        f"{alarm:.0%}.{shorter} “Keep logging” is an honest answer."
    )
