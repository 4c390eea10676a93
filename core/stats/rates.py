"""Comparing two cramp rates, and how likely a comparison is to show a real change.

Cramps on a night are counted, so two stretches of nights are compared as two
Poisson rates. The comparison is Bayesian with the same weak Gamma prior on
both rates (shape `PRIOR_SHAPE`, rate 0: Jeffreys' prior for a Poisson rate,
which says nothing about either rate). The posteriors are Gamma, and then the
share of the first rate in the sum of the two (each scaled by its nights)
follows a Beta distribution. That gives, in closed form from scipy:

- the probability that the first rate is lower than the second, and
- an interval for the rate ratio (first / second): 95% of the posterior.

`chance_to_show` is the power of the rule "the probability is at least
`CLEAR_LEVEL`", summed exactly over the Poisson outcomes (no simulation); the
before/after of a change uses it for the nights each side needs. A
self-experiment's plan does not: its analysis within pairs has far less power
than this pooled rule, so its chance is measured (core/experiments/plan_power.py).

The Poisson model assumes nights are independent. Cramps come in runs (a bad
week, a season), which makes real data noisier than the model; the randomised
on/off blocks of a self-experiment spread such runs over both arms, and the
simulations in tests/unit/test_experiment_validation.py check the rule's error
rates with clustered cramps too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import beta, poisson

PRIOR_SHAPE = 0.5  # Jeffreys' prior for a Poisson rate: neutral between the two rates
CLEAR_LEVEL = 0.95  # a change is "clear" when the posterior gives it at least 95%
INTERVAL = 0.95  # the rate ratio's interval covers 95% of the posterior
HALVING = 0.5  # the effect a plan is sized to show: cramps halved
_TAIL = 1e-7  # Poisson outcomes rarer than this are left out of the power sum


@dataclass(frozen=True)
class RateComparison:
    """Cramps per night in a `first` and a `second` stretch of nights, compared.

    `ratio` is the first rate over the second (None without cramps or nights to
    compare), `low`/`high` its 95% interval, and `lower_probability` the
    probability that the first rate is really the lower one. When two analyses
    must agree (a self-experiment's), `lower_probability` is the smaller of
    theirs and `higher_doubt` the larger: "clearly higher" then needs both.
    """

    cramps_first: int
    nights_first: int
    cramps_second: int
    nights_second: int
    ratio: float | None
    low: float | None
    high: float | None
    lower_probability: float | None
    higher_doubt: float | None = None

    @property
    def clearly_lower(self) -> bool:
        """True when the first rate is lower with at least CLEAR_LEVEL probability."""
        return self.lower_probability is not None and self.lower_probability >= CLEAR_LEVEL

    @property
    def clearly_higher(self) -> bool:
        """True when the first rate is higher with at least CLEAR_LEVEL probability."""
        doubt = self.lower_probability if self.higher_doubt is None else self.higher_doubt
        return doubt is not None and doubt <= 1 - CLEAR_LEVEL


def _ratio_from_share(share: float, nights_first: int, nights_second: int) -> float:
    """The rate ratio that a share of the (night-scaled) total stands for."""
    if share >= 1.0:
        return float("inf")
    return share / (1.0 - share) * nights_second / nights_first


def compare_rates(
    cramps_first: int,
    nights_first: int,
    cramps_second: int,
    nights_second: int,
    dispersion: float = 1.0,
) -> RateComparison:
    """Compare cramps per night in two stretches of nights (see the module docstring).

    `dispersion` (at least 1) is how much noisier than Poisson the counts are
    (see `block_dispersion`); the evidence is divided by it, as in a
    quasi-Poisson model, so runs of bad weeks widen the interval.
    """
    if min(cramps_first, nights_first, cramps_second, nights_second) < 0:
        raise ValueError("Counts of cramps and nights cannot be negative.")
    if not dispersion >= 1.0:
        raise ValueError("The dispersion is at least 1.")
    empty = RateComparison(
        cramps_first, nights_first, cramps_second, nights_second, None, None, None, None
    )
    if nights_first == 0 or nights_second == 0:
        return empty
    a = cramps_first / dispersion + PRIOR_SHAPE
    b = cramps_second / dispersion + PRIOR_SHAPE
    split = nights_first / (nights_first + nights_second)
    lower = float(beta.cdf(split, a, b))
    if cramps_first + cramps_second == 0:
        # No cramps on either side: nothing to compare, whatever the prior says.
        return RateComparison(
            cramps_first, nights_first, cramps_second, nights_second, None, None, None, lower
        )
    tail = (1.0 - INTERVAL) / 2
    low_share, high_share = beta.ppf([tail, 1.0 - tail], a, b)
    ratio = (
        (cramps_first / nights_first) / (cramps_second / nights_second)
        if cramps_second
        else float("inf")
    )
    return RateComparison(
        cramps_first,
        nights_first,
        cramps_second,
        nights_second,
        ratio=float(ratio),
        low=_ratio_from_share(float(low_share), nights_first, nights_second),
        high=_ratio_from_share(float(high_share), nights_first, nights_second),
        lower_probability=lower,
    )


def block_dispersion(blocks: Sequence[tuple[int, int, bool]]) -> float:
    """How much more cramp counts vary between blocks than Poisson allows (at least 1).

    `blocks` are (cramps, nights, first side?) per block of nights. Each block
    is expected to hold its side's overall rate times its nights; Pearson's
    chi-square over the blocks, divided by its degrees of freedom, estimates
    the extra variation (a quasi-Poisson dispersion). With fewer than three
    blocks holding nights there is nothing to estimate it from and it is 1.
    """
    used = [(c, n, first) for c, n, first in blocks if n > 0]
    totals: dict[bool, tuple[int, int]] = {}
    for c, n, first in used:
        cramps, nights = totals.get(first, (0, 0))
        totals[first] = (cramps + c, nights + n)
    freedom = len(used) - len(totals)
    if freedom < 1:
        return 1.0
    chi_square = 0.0
    for c, n, first in used:
        cramps, nights = totals[first]
        expected = n * cramps / nights
        if expected > 0:
            chi_square += (c - expected) ** 2 / expected
    return max(1.0, chi_square / freedom)


def chance_to_show(
    rate_per_night: float, nights_first: int, nights_second: int, ratio: float = HALVING
) -> float:
    """How likely the comparison is to call the first rate clearly lower.

    `rate_per_night` is the second stretch's true rate and `ratio` the true
    effect (first over second). The sum runs over every likely pair of Poisson
    counts; with `ratio` 1 the answer is the rule's false-alarm rate.
    """
    if rate_per_night <= 0 or nights_first <= 0 or nights_second <= 0:
        return 0.0
    mean_first = rate_per_night * ratio * nights_first
    mean_second = rate_per_night * nights_second
    first = np.arange(int(poisson.ppf(1 - _TAIL, mean_first)) + 1)
    second = np.arange(int(poisson.ppf(1 - _TAIL, mean_second)) + 1)
    split = nights_first / (nights_first + nights_second)
    lower = beta.cdf(split, first[:, None] + PRIOR_SHAPE, second[None, :] + PRIOR_SHAPE)
    weights = np.outer(poisson.pmf(first, mean_first), poisson.pmf(second, mean_second))
    return float(np.sum(weights * (lower >= CLEAR_LEVEL)))


REAL_CHANCE = 0.5  # "a real chance": a halving would show at least as often as not
MOST_NIGHTS_EACH_SIDE = 365  # past a year a side, season and life change too much to compare


def nights_each_side(rate_per_night: float, ratio: float = HALVING) -> int | None:
    """The fewest nights on each side of a comparison that give a real chance to show `ratio`.

    `rate_per_night` is the rate on the side being compared against. None when
    even MOST_NIGHTS_EACH_SIDE a side would show it less than REAL_CHANCE of the
    time (or there are no cramps to lower).
    """
    if (
        rate_per_night <= 0
        or chance_to_show(rate_per_night, MOST_NIGHTS_EACH_SIDE, MOST_NIGHTS_EACH_SIDE, ratio)
        < REAL_CHANCE
    ):
        return None
    low, high = 1, MOST_NIGHTS_EACH_SIDE
    while low < high:  # the chance grows with the nights (up to Poisson steps): bisect
        middle = (low + high) // 2
        if chance_to_show(rate_per_night, middle, middle, ratio) >= REAL_CHANCE:
            high = middle
        else:
            low = middle + 1
    return low
