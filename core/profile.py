"""The person's profile: risk factors the article names, and their own thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from core.diary import MAX_SCORE, DiaryInputError, FieldError
from core.vocab import VOLUME_UNITS

# What a person may set each threshold to (low, high); Settings refuses the rest.
WATER_TARGET_L_LIMITS: Final = (0.5, 6.0)
LONG_HOURS_LIMITS: Final = (1.0, 16.0)  # long sitting and long standing
HIGH_STRESS_LIMITS: Final = (1, MAX_SCORE)
LONG_EXERCISE_MIN_LIMITS: Final = (10, 600)


@dataclass(frozen=True)
class Profile:
    """Risk factors (article: "Who gets muscle spasms?") and the thresholds the diary uses."""

    age_65_plus: bool = False
    pregnant: bool = False
    athlete: bool = False
    obesity: bool = False
    water_target_l: float = 2.0
    volume_unit: str = "litres"
    long_sitting_h: float = 6.0
    long_standing_h: float = 4.0
    high_stress: int = 7
    long_exercise_min: int = 90


# The defaults, written only above: the database's profile row and the sample
# diary generator read them from here.
DEFAULT_PROFILE: Final = Profile()


def profile_errors(profile: Profile) -> list[FieldError]:
    """Every problem with a profile; an empty list means it can be stored."""
    errors = []
    low, high = WATER_TARGET_L_LIMITS
    if not low <= profile.water_target_l <= high:
        errors.append(
            FieldError(
                "water_target_l",
                f"The daily water target must be between {low:g} and {high:g} litres.",
            )
        )
    if profile.volume_unit not in VOLUME_UNITS:
        errors.append(FieldError("volume_unit", f"Unknown unit '{profile.volume_unit}'."))
    low, high = LONG_HOURS_LIMITS
    for name, what in (("long_sitting_h", "Long sitting"), ("long_standing_h", "Long standing")):
        if not low <= getattr(profile, name) <= high:
            errors.append(FieldError(name, f"{what} must be between {low:g} and {high:g} hours."))
    low, high = HIGH_STRESS_LIMITS
    if not low <= profile.high_stress <= high:
        errors.append(FieldError("high_stress", f"High stress must be between {low} and {high}."))
    low, high = LONG_EXERCISE_MIN_LIMITS
    if not low <= profile.long_exercise_min <= high:
        errors.append(
            FieldError(
                "long_exercise_min", f"Long exercise must be between {low} and {high} minutes."
            )
        )
    return errors


def validate_profile(profile: Profile) -> Profile:
    """Return the profile unchanged, or raise DiaryInputError listing every problem."""
    errors = profile_errors(profile)
    if errors:
        raise DiaryInputError(errors)
    return profile
