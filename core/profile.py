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


# Each ranged threshold: its limits, what an error calls it, and its unit after the limits.
_RANGES: Final = {
    "water_target_l": (WATER_TARGET_L_LIMITS, "The daily water target", " litres"),
    "long_sitting_h": (LONG_HOURS_LIMITS, "Long sitting", " hours"),
    "long_standing_h": (LONG_HOURS_LIMITS, "Long standing", " hours"),
    "high_stress": (HIGH_STRESS_LIMITS, "High stress", ""),
    "long_exercise_min": (LONG_EXERCISE_MIN_LIMITS, "Long exercise", " minutes"),
    "hot_apparent_c": (HOT_APPARENT_C_LIMITS, "The hot threshold", " °C"),
}


def profile_errors(profile: Profile) -> list[FieldError]:
    """Every problem with a profile; an empty list means it can be stored."""
    errors = _range_errors(profile, "water_target_l")
    if profile.volume_unit not in VOLUME_UNITS:
        errors.append(FieldError("volume_unit", f"Unknown unit '{profile.volume_unit}'."))
    errors += _range_errors(
        profile, "long_sitting_h", "long_standing_h", "high_stress", "long_exercise_min"
    )
    errors += _weather_errors(profile)
    return errors


def _range_errors(profile: Profile, *names: str) -> list[FieldError]:
    """The named thresholds that lie outside their limits, in the order named."""
    errors = []
    for name in names:
        (low, high), what, unit = _RANGES[name]
        if not low <= getattr(profile, name) <= high:
            errors.append(FieldError(name, f"{what} must be between {low:g} and {high:g}{unit}."))
    return errors


def _weather_errors(profile: Profile) -> list[FieldError]:
    errors = _range_errors(profile, "hot_apparent_c")
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
