"""The truth a generated diary is drawn from: the planted effects, how a realistic diary
looks apart from them, and the risk ratios and cramp-night share that follow (what the
trigger statistics are checked against). See `sample_data.generator` for the drawing."""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.stats.triggers import FACTORS as TRIGGER_FACTORS

FACTORS: tuple[str, ...] = tuple(factor.id for factor in TRIGGER_FACTORS)


@dataclass(frozen=True)
class Effects:
    """Planted effects: ratios multiplying the chance of a cramp night when a factor is present.

    The defaults are the demo truth: low water doubles the risk, vigorous
    exercise in heat doubles it (an interaction: either one alone does nothing),
    and everything else, stress included, has no effect. Tested one at a time,
    the interaction shows as a small effect of both `vigorous_exercise` and
    `heat` (about 1.2 with the default prevalences); see `expected_risk_ratios`.
    """

    low_water: float = 2.0
    vigorous_exercise: float = 1.0
    heat: float = 1.0
    no_stretching: float = 1.0
    long_sitting: float = 1.0
    hard_floor: float = 1.0
    high_stress: float = 1.0
    new_medication: float = 1.0
    vigorous_in_heat: float = 2.0

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"The ratio for {f.name} must be a positive number (got {value}).")

    @classmethod
    def none(cls) -> Effects:
        """No effect at all: every ratio is 1."""
        return cls(**dict.fromkeys((f.name for f in dataclasses.fields(cls)), 1.0))

    @classmethod
    def only(cls, **ratios: float) -> Effects:
        """Just the given effects, e.g. `Effects.only(low_water=2.5)`; every other ratio is 1."""
        return dataclasses.replace(cls.none(), **ratios)


@dataclass(frozen=True)
class DiaryParams:
    """How a realistic diary looks, apart from the planted effects.

    `base_risk` is the chance of a cramp night when no factor is present. Each
    `*_share` of a factor is the share of nights on which it is present.
    `new_medication` comes in spells: a change is rare, but the days after it
    are "new medication" days for `new_medication_nights` on average.
    """

    base_risk: float = 0.12
    max_risk: float = 0.95
    extra_cramps_mean: float = 0.3
    low_water_share: float = 0.20
    vigorous_share: float = 0.20
    hot_share: float = 0.20
    no_stretching_share: float = 0.25
    long_sitting_share: float = 0.25
    hard_floor_share: float = 0.20
    high_stress_share: float = 0.20
    new_medication_share: float = 0.18
    new_medication_nights: float = 14.0
    unlogged_share: float = 0.08
    blank_night_share: float = 0.04
    blank_field_share: float = 0.12
    blank_episode_field_share: float = 0.03

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name.endswith("_share") and not 0 <= value <= 1:
                raise ValueError(f"{f.name} must be between 0 and 1 (got {value}).")
        for name, share in self.factor_shares().items():
            if not 0 < share < 1:
                raise ValueError(f"The share of nights with {name} must be above 0 and below 1.")
        if not 0 < self.base_risk <= self.max_risk < 1:
            raise ValueError("Need 0 < base_risk <= max_risk < 1.")
        if self.extra_cramps_mean < 0:
            raise ValueError("extra_cramps_mean cannot be negative.")
        if self.new_medication_nights < 1:
            raise ValueError("new_medication_nights must be at least 1.")
        if self.new_medication_share >= self.new_medication_nights / (
            self.new_medication_nights + 1
        ):
            raise ValueError("new_medication_share is too high for spells that short.")

    def factor_shares(self) -> dict[str, float]:
        """The share of nights each factor is present on, by factor name (see `FACTORS`)."""
        return {
            "low_water": self.low_water_share,
            "vigorous_exercise": self.vigorous_share,
            "heat": self.hot_share,
            "no_stretching": self.no_stretching_share,
            "long_sitting": self.long_sitting_share,
            "hard_floor": self.hard_floor_share,
            "high_stress": self.high_stress_share,
            "new_medication": self.new_medication_share,
        }


DEMO_EFFECTS = Effects()
DEFAULT_PARAMS = DiaryParams()


def night_risk(
    present: dict[str, npt.NDArray[np.bool_]], effects: Effects, params: DiaryParams
) -> npt.NDArray[np.float64]:
    """The chance of a cramp night given which factors are present."""
    ratio = np.ones(len(present["low_water"]))
    for name in FACTORS:
        ratio *= np.where(present[name], getattr(effects, name), 1.0)
    both = present["vigorous_exercise"] & present["heat"]
    ratio *= np.where(both, effects.vigorous_in_heat, 1.0)
    return np.minimum(params.base_risk * ratio, params.max_risk)


def _every_combination(
    params: DiaryParams,
) -> tuple[dict[str, npt.NDArray[np.bool_]], npt.NDArray[np.float64]]:
    """Every combination of present factors, with the share of nights that have it."""
    combos = np.array(list(itertools.product((False, True), repeat=len(FACTORS))))
    present = {name: combos[:, i] for i, name in enumerate(FACTORS)}
    weight = np.ones(len(combos))
    for name, share in params.factor_shares().items():
        weight *= np.where(present[name], share, 1 - share)
    return present, weight


def expected_risk_ratios(
    effects: Effects = DEMO_EFFECTS, params: DiaryParams = DEFAULT_PARAMS
) -> dict[str, float]:
    """The true risk ratio of a cramp night, nights with vs. without each factor on its own."""
    present, weight = _every_combination(params)
    risk = night_risk(present, effects, params)
    ratios = {}
    for name in FACTORS:
        with_it = present[name]
        risk_with = np.average(risk[with_it], weights=weight[with_it])
        risk_without = np.average(risk[~with_it], weights=weight[~with_it])
        ratios[name] = float(risk_with / risk_without)
    return ratios


def expected_cramp_night_share(
    effects: Effects = DEMO_EFFECTS, params: DiaryParams = DEFAULT_PARAMS
) -> float:
    """The true share of nights with at least one cramp."""
    present, weight = _every_combination(params)
    return float(np.average(night_risk(present, effects, params), weights=weight))
