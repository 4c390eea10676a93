"""How hard a workout was, from its activity type (README: "From your phone").

The diary's intensities are none / light / moderate / vigorous. A phone knows
the kind of workout, not the effort, so each kind gets the effort it usually
takes (the compendium of physical activities puts walking, yoga and golf
below 3 METs, jogging, hard cycling, ball games and interval training at 6 or
more). A kind not listed counts as moderate.
"""

from __future__ import annotations

from typing import Final

DEFAULT_INTENSITY: Final = "moderate"

# Apple Health: HKWorkoutActivityType<Name>, by <Name>.
APPLE_LIGHT: Final = frozenset(
    {"Walking", "Yoga", "Pilates", "Flexibility", "MindAndBody", "Cooldown", "TaiChi", "Golf",
     "Fishing", "Bowling", "PreparationAndRecovery", "Archery", "Curling"}
)  # fmt: skip
APPLE_VIGOROUS: Final = frozenset(
    {"Running", "HighIntensityIntervalTraining", "CrossTraining", "Boxing", "Kickboxing",
     "MartialArts", "JumpRope", "StairClimbing", "Stairs", "Soccer", "Basketball", "Rugby",
     "Squash", "Racquetball", "Rowing", "CrossCountrySkiing", "Hockey", "Lacrosse",
     "AmericanFootball", "AustralianFootball", "Handball", "WaterPolo", "Climbing"}
)  # fmt: skip

# Health Connect: ExerciseSessionRecord.EXERCISE_TYPE_* numbers.
HEALTH_CONNECT_LIGHT: Final = frozenset(
    {79, 83, 48, 71, 32, 33, 58}  # walking, yoga, pilates, stretching, golf, breathing, sailing
)
HEALTH_CONNECT_VIGOROUS: Final = frozenset(
    {56, 57, 36, 11, 44, 64, 5, 55, 66, 50, 53, 54, 68, 69, 10, 80, 28, 29, 35, 38, 51}
    # running, treadmill, HIIT, boxing, martial arts, soccer, basketball, rugby, squash,
    # racquetball, rowing, rowing machine, stairs, stair machine, boot camp, water polo,
    # American and Australian football, handball, ice hockey, rock climbing
)


def apple_intensity(activity_type: str) -> str:
    """The intensity of an Apple Health workout type (HKWorkoutActivityTypeRunning...)."""
    name = activity_type.removeprefix("HKWorkoutActivityType")
    if name in APPLE_LIGHT:
        return "light"
    if name in APPLE_VIGOROUS:
        return "vigorous"
    return DEFAULT_INTENSITY


def health_connect_intensity(exercise_type: int) -> str:
    """The intensity of a Health Connect exercise type number."""
    if exercise_type in HEALTH_CONNECT_LIGHT:
        return "light"
    if exercise_type in HEALTH_CONNECT_VIGOROUS:
        return "vigorous"
    return DEFAULT_INTENSITY
