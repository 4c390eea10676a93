"""The person's profile: risk factors the article names, and their own thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from core.context.weather import MAX_LATITUDE, MAX_LONGITUDE
from core.diary import MAX_SCORE, DiaryInputError, FieldError
from core.vocab import VOLUME_UNITS

# What a person may set each threshold to (low, high); Settings refuses the rest.
WATER_TARGET_L_LIMITS: Final = (0.5, 6.0)
LONG_HOURS_LIMITS: Final = (1.0, 16.0)  # long sitting and long standing
HIGH_STRESS_LIMITS: Final = (1, MAX_SCORE)
LONG_EXERCISE_MIN_LIMITS: Final = (10, 600)
# "Hot": the day's maximum apparent (feels-like) temperature above this, in °C. 27 °C is
# where the US National Weather Service's heat index starts its "caution" band (fatigue is
# possible with exposure and activity), the article's exercising-in-heat cause.
DEFAULT_HOT_APPARENT_C: Final = 27.0
HOT_APPARENT_C_LIMITS: Final = (15.0, 45.0)


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
    hot_apparent_c: float = DEFAULT_HOT_APPARENT_C
    # Weather is opt-in: None until the person gives a place (stored rounded to 0.1°).
    weather_latitude: float | None = None
    weather_longitude: float | None = None


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
    errors += _weather_errors(profile)
    return errors


def _weather_errors(profile: Profile) -> list[FieldError]:
    errors = []
    low, high = HOT_APPARENT_C_LIMITS
    if not low <= profile.hot_apparent_c <= high:
        errors.append(
            FieldError(
                "hot_apparent_c", f"The hot threshold must be between {low:g} and {high:g} °C."
            )
        )
    place = (profile.weather_latitude, profile.weather_longitude)
    if (place[0] is None) != (place[1] is None):
        errors.append(
            FieldError("weather_latitude", "Give both latitude and longitude, or neither.")
        )
    for name, value, limit in (
        ("weather_latitude", place[0], MAX_LATITUDE),
        ("weather_longitude", place[1], MAX_LONGITUDE),
    ):
        if value is not None and not (-limit <= value <= limit and round(value, 1) == value):
            errors.append(
                FieldError(name, f"{value} is not a place rounded to 0.1° within ±{limit:g}.")
            )
    return errors


def validate_profile(profile: Profile) -> Profile:
    """Return the profile unchanged, or raise DiaryInputError listing every problem."""
    DiaryInputError.refuse_any(profile_errors(profile))
    return profile
