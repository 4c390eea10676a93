"""The factors the trigger model judges, and the candidate shapes each may take.

A shape is one way a factor may act: the person's own threshold (the one
tagging and advice use), a few fixed cut points ("days under 1.5 L"), and a
straight line per unit ("per litre less"). Each factor lists its shapes in a
fixed order of preference, simplest first (own threshold, other cut points,
then the straight line): when two shapes fit alike, the first wins
(`core.stats.trigger_model.scores.best_shape`). A new factor (e.g. a named
medicine) is one more `ModelFactor` here, with its shapes and rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.article import rules
from core.diary import CONTEXT_FIELDS
from core.profile import Profile
from core.vocab import INTENSITIES

Array = npt.NDArray[np.float64]
Amounts = Mapping[str, Array]

# Intensities in the vocabulary's order, none to vigorous, as levels 0 to 3.
INTENSITY_LEVEL = {name: float(level) for level, name in enumerate(INTENSITIES)}


@dataclass(frozen=True)
class Shape:
    """One way a factor may act on cramp nights, as a model term built from the amounts."""

    words: str  # completes "the odds of a cramp night were 2 times as high …"
    per_unit: bool  # a straight line: the ratio is per unit ("per litre less")
    term: Callable[[Amounts], Array]  # NaN where the night's amount is not recorded


@dataclass(frozen=True)
class ModelFactor:
    """An article cause the model judges: its fields and its candidate shapes."""

    id: str  # the factor id of core.stats.triggers.FACTORS (for the cause it stands for)
    title: str
    cause_ids: tuple[str, ...]
    fields: tuple[str, ...]
    rule: rules.Rule  # yes/no at the person's own threshold (tagging's and advice's rule)
    shapes: Callable[[Profile], tuple[Shape, ...]]  # the person's own threshold first
    combination: bool = False


def _below(field: str, cut: float) -> Callable[[Amounts], Array]:
    return lambda a: np.where(np.isnan(a[field]), np.nan, (a[field] < cut).astype(float))


def _at_least(field: str, cut: float) -> Callable[[Amounts], Array]:
    return lambda a: np.where(np.isnan(a[field]), np.nan, (a[field] >= cut).astype(float))


def _scaled(field: str, scale: float) -> Callable[[Amounts], Array]:
    return lambda a: a[field] * scale


def _from_rule(a: Amounts) -> Array:
    """Marks the person's own-threshold shape: its term is the factor's rule (article.rules)."""
    raise AssertionError("the own-threshold term is read from the factor's rule")


def _own(words: str) -> Shape:
    return Shape(words, False, _from_rule)


def _others(own: float, grid: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(c for c in grid if not math.isclose(c, own))


def _water(p: Profile) -> tuple[Shape, ...]:
    return (
        _own(f"on days under {p.water_target_l:g} L of water"),
        *(
            Shape(f"on days under {c:g} L of water", False, _below("water_l", c))
            for c in _others(p.water_target_l, (1.0, 1.5, 2.0, 2.5))
        ),
        Shape("per litre less water", True, _scaled("water_l", -1.0)),
    )


def _exercise(p: Profile) -> tuple[Shape, ...]:
    return (
        _own("on days with vigorous exercise"),
        Shape("on days with moderate or vigorous exercise", False, _at_least("intensity", 2)),
        Shape("per half hour of exercise", True, _scaled("exercise_min", 1 / 30)),
        *(
            Shape(
                f"on days with {m} minutes of exercise or more", False, _at_least("exercise_min", m)
            )
            for m in dict.fromkeys((p.long_exercise_min, 60))
        ),
    )


def _hours(field: str, what: str, own: float, grid: tuple[float, ...]) -> tuple[Shape, ...]:
    return (
        _own(f"on days of {own:g} hours {what} or more"),
        *(
            Shape(f"on days of {c:g} hours {what} or more", False, _at_least(field, c))
            for c in _others(own, grid)
        ),
        Shape(f"per hour {what}", True, _scaled(field, 1.0)),
    )


def _stress(p: Profile) -> tuple[Shape, ...]:
    return (
        _own(f"on days of stress {p.high_stress:g}/10 or more"),
        *(
            Shape(f"on days of stress {c:g}/10 or more", False, _at_least("stress", c))
            for c in _others(p.high_stress, (5, 7, 9))
        ),
        Shape("per point of stress (0–10)", True, _scaled("stress", 1.0)),
    )


def _only(words: str) -> Callable[[Profile], tuple[Shape, ...]]:
    return lambda p: (_own(words),)


def _in_heat(level: float, words: str) -> Shape:
    def term(a: Amounts) -> Array:
        both = (a["hot"] == 1) & (a["intensity"] >= level)
        return np.where(np.isnan(a["hot"]) | np.isnan(a["intensity"]), np.nan, both.astype(float))

    return Shape(words, False, term)


def _exercise_in_heat(p: Profile) -> tuple[Shape, ...]:
    return (
        _own("on hot days with some exercise"),
        _in_heat(3, "on hot days with vigorous exercise"),
        _in_heat(2, "on hot days with moderate or vigorous exercise"),
        Shape(
            "per half hour of exercise on a hot day",
            True,
            lambda a: a["hot"] * a["exercise_min"] / 30,
        ),
    )


MODEL_FACTORS: tuple[ModelFactor, ...] = (
    ModelFactor(
        "low_water", "Water", ("dehydration",), ("water_l",), rules.below_water_target, _water
    ),
    ModelFactor(
        "vigorous_exercise",
        "Exercise",
        ("high_intensity_exercise",),
        ("exercise_intensity", "exercise_min"),
        rules.vigorous_exercise,
        _exercise,
    ),
    ModelFactor(
        "heat", "Heat", ("exercise_in_heat",), ("hot",), rules.hot_day, _only("on hot days")
    ),
    ModelFactor(
        "no_stretching",
        "Stretching before bed",
        ("not_enough_stretching",),
        ("stretched",),
        rules.no_stretching,
        _only("on nights you did not stretch before bed"),
    ),
    ModelFactor(
        "long_sitting",
        "Sitting",
        ("long_sitting",),
        ("sitting_h",),
        rules.long_sitting,
        lambda p: _hours("sitting_h", "sitting", p.long_sitting_h, (4, 6, 8, 10)),
    ),
    ModelFactor(
        "hard_floor",
        "Standing on hard floors",
        ("hard_floors",),
        ("hard_floor_h",),
        rules.long_standing,
        lambda p: _hours("hard_floor_h", "on hard floors", p.long_standing_h, (2, 4, 6)),
    ),
    ModelFactor("high_stress", "Stress", ("stress",), ("stress",), rules.high_stress, _stress),
    ModelFactor(
        "new_medication",
        "New or changed medication",
        ("medication_side_effect",),
        ("new_medication",),
        rules.new_medication,
        _only("on days with a new or changed medication"),
    ),
    ModelFactor(
        "exercise_in_heat",
        "Exercise in heat",
        ("exercise_in_heat",),
        ("hot", "exercise_intensity", "exercise_min"),
        rules.exercise_in_heat,
        _exercise_in_heat,
        combination=True,
    ),
)


def amounts(nights: pd.DataFrame) -> dict[str, Array]:
    """The night frame's context as float arrays (NaN where not recorded)."""
    out: dict[str, Array] = {}
    for column in CONTEXT_FIELDS:
        values = nights[column]
        name = column
        if column == "exercise_intensity":
            values, name = values.map(INTENSITY_LEVEL), "intensity"
        out[name] = np.asarray(
            values.astype("Float64").to_numpy(dtype=float, na_value=np.nan), dtype=np.float64
        )
    return out


def rule_values(answer: pd.Series) -> Array:
    """A rule's yes/no/unknown as 1/0/NaN."""
    return np.asarray(answer.astype("Float64").to_numpy(dtype=float, na_value=np.nan))


def field_known(a: Amounts, field: str) -> npt.NDArray[np.bool_]:
    """Nights on which a context field is recorded."""
    return ~np.isnan(a["intensity" if field == "exercise_intensity" else field])


def shape_terms(
    factor: ModelFactor, nights: pd.DataFrame, profile: Profile, a: Amounts
) -> list[tuple[Shape, Array]]:
    """Each of the factor's shapes with its term on these nights, in the factor's order."""
    own = rule_values(factor.rule(nights, profile))
    return [(s, own if s.term is _from_rule else s.term(a)) for s in factor.shapes(profile)]
