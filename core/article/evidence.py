"""The evidence a cause tag carries, in plain words: what the day before held against the
person's own threshold ("1.0 L of water, below your 2.0 L target"). Each function reads the
values of its rule's inputs, in the order the rule in core.article.tagging lists them."""

from __future__ import annotations

from collections.abc import Callable

from core.article import rules
from core.article.threshold_text import pair, whole
from core.profile import Profile

Value = float | str | bool | None
Values = tuple[Value, ...]


def as_number(value: Value) -> float | None:
    """The value when it is a number, else None."""
    return value if isinstance(value, float) else None


def as_text(value: Value) -> str | None:
    """The value when it is text, else None."""
    return value if isinstance(value, str) else None


def heat_evidence(values: Values, profile: Profile) -> str:
    """A hot day with the exercise done (minutes, intensity)."""
    minutes, intensity = as_number(values[0]), as_text(values[1])
    parts = []
    if minutes is not None and minutes > 0:
        parts.append(f"{whole(minutes)} min of")
    if intensity in rules.ACTIVE_INTENSITIES:
        parts.append(str(intensity))
    return f"A hot day with {' '.join(parts)} exercise"


def water_evidence(values: Values, profile: Profile) -> str:
    """The water drunk against the daily target."""
    water = as_number(values[0]) or 0.0
    shown, target = pair(water, profile.water_target_l)
    return f"{shown} L of water, below your {target} L target"


def hours_evidence(what: str, mark: str) -> Callable[[Values, Profile], str]:
    """The evidence of long sitting or standing: hours against the person's mark."""

    def evidence(values: Values, profile: Profile) -> str:
        hours = as_number(values[0]) or 0.0
        threshold = profile.long_sitting_h if mark == "sitting" else profile.long_standing_h
        shown, limit = pair(hours, threshold)
        return f"{shown} h {what}, at or above your {limit} h mark for long {mark}"

    return evidence


def fatigue_evidence(values: Values, profile: Profile) -> str:
    """The minutes of exercise against the long-session mark."""
    minutes = as_number(values[0]) or 0.0
    return (
        f"{whole(minutes)} min of exercise, at or above your "
        f"{whole(float(profile.long_exercise_min))} min mark for a long session"
    )


def overuse_evidence(values: Values, profile: Profile) -> str:
    """A long workout and/or long standing on hard floors, each against its mark."""
    minutes, hours = as_number(values[0]), as_number(values[1])
    long_workout, long_standing = values[2] is True, values[3] is True
    parts = []
    if long_workout and minutes is not None:
        parts.append(
            f"{whole(minutes)} min of exercise (your long-session mark is "
            f"{whole(float(profile.long_exercise_min))} min)"
        )
    if long_standing and hours is not None:
        shown, limit = pair(hours, profile.long_standing_h)
        parts.append(f"{shown} h standing on hard floors (your long-standing mark is {limit} h)")
    return "A heavy day for your muscles: " + " and ".join(parts)


def stress_evidence(values: Values, profile: Profile) -> str:
    """The stress score against the high-stress level."""
    stress = as_number(values[0]) or 0.0
    return (
        f"Stress {whole(stress)}/10, at or above your high-stress level of "
        f"{whole(float(profile.high_stress))}"
    )


def constant_evidence(text: str) -> Callable[[Values, Profile], str]:
    """Evidence that is the same words whatever the values."""

    def evidence(values: Values, profile: Profile) -> str:
        return text

    return evidence
