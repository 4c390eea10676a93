"""The person's profile: risk factors the article names, and their own thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from core.diary import DiaryInputError, FieldError
from core.vocab import VOLUME_UNITS


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


def profile_errors(profile: Profile) -> list[FieldError]:
    """Every problem with a profile; an empty list means it can be stored."""
    errors = []
    if not 0.5 <= profile.water_target_l <= 6:
        errors.append(
            FieldError("water_target_l", "The daily water target must be between 0.5 and 6 litres.")
        )
    if profile.volume_unit not in VOLUME_UNITS:
        errors.append(FieldError("volume_unit", f"Unknown unit '{profile.volume_unit}'."))
    if not 1 <= profile.long_sitting_h <= 16:
        errors.append(FieldError("long_sitting_h", "Long sitting must be between 1 and 16 hours."))
    if not 1 <= profile.long_standing_h <= 16:
        errors.append(
            FieldError("long_standing_h", "Long standing must be between 1 and 16 hours.")
        )
    if not 1 <= profile.high_stress <= 10:
        errors.append(FieldError("high_stress", "High stress must be between 1 and 10."))
    if not 10 <= profile.long_exercise_min <= 600:
        errors.append(
            FieldError("long_exercise_min", "Long exercise must be between 10 and 600 minutes.")
        )
    return errors


def validate_profile(profile: Profile) -> Profile:
    """Return the profile unchanged, or raise DiaryInputError listing every problem."""
    errors = profile_errors(profile)
    if errors:
        raise DiaryInputError(errors)
    return profile
