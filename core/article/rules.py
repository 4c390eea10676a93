"""The rules about the day before a night, each written once: yes, no or unknown per night.

A rule reads the context of core.frames (a nights frame, or an episodes frame
where every cramp carries its night's context) and the person's thresholds
(core.profile.Profile), and answers with a pandas nullable boolean Series
aligned with the frame: True where the rule holds, False where it does not and
<NA> where the context it needs was not recorded. A column absent from the
frame, or a cell that is not of the column's kind (text in a number column),
counts as not recorded.

Every comparison runs in one direction only, so "unknown" is never read as
"no". Rules combine with `&` and `|` in three-valued logic: unknown and no is
no, unknown or yes is yes, anything else with unknown stays unknown.

Who reads them: core.article.tagging tags a cramp only where a rule says yes (unknown
gives no tag); core.stats.triggers compares the nights where a factor says yes with
those where it says no and counts the unknown ones apart; the sample diary
generator plants its effects on these same definitions.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from core.profile import Profile
from core.vocab import INTENSITIES, LIST_SEPARATOR

Rule = Callable[[pd.DataFrame, Profile], pd.Series]

# Intensities that count as having exercised (an intensity of "none" does not).
ACTIVE_INTENSITIES: tuple[str, ...] = tuple(i for i in INTENSITIES if i != "none")


# --- reading a column: its known values, NA where unknown ---------------------------

# Columns already of these dtypes (as core.frames types them) are read as they are.
_TYPED_NUMBERS = (pd.Float64Dtype(), pd.Int64Dtype())
_BOOLEAN = pd.BooleanDtype()
_STRING = pd.StringDtype()


def _unknown(frame: pd.DataFrame, dtype: str) -> pd.Series:
    return pd.Series(pd.NA, index=frame.index, dtype=dtype)


def number(frame: pd.DataFrame, name: str) -> pd.Series:
    """A context column as nullable numbers; NA where missing, not a number, or absent."""
    if name not in frame.columns:
        return _unknown(frame, "Float64")
    column = frame[name]
    if column.dtype in _TYPED_NUMBERS:  # the standard frames' dtypes: nothing to convert
        return column
    return pd.to_numeric(column, errors="coerce").astype("Float64")


def flag(frame: pd.DataFrame, name: str) -> pd.Series:
    """A yes/no context column as nullable booleans; NA where missing or the column is absent."""
    if name not in frame.columns:
        return _unknown(frame, "boolean")
    column = frame[name]
    return column if column.dtype == _BOOLEAN else column.astype("boolean")


def text(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text context column as pandas strings; NA where missing or the column is absent."""
    if name not in frame.columns:
        return _unknown(frame, "string")
    column = frame[name]
    return column if column.dtype == _STRING else column.astype("string")


def _text_in(frame: pd.DataFrame, name: str, allowed: tuple[str, ...]) -> pd.Series:
    values = text(frame, name)
    return values.isin(allowed).astype("boolean").mask(values.isna())


def has_warning_sign(frame: pd.DataFrame, token: str) -> pd.Series:
    """Where the `;`-joined warning_signs column lists `token`.

    Never unknown: a cramp logged without this sign did not have it.
    """
    if "warning_signs" not in frame.columns:
        return pd.Series(False, index=frame.index, dtype="boolean")
    padded = LIST_SEPARATOR + text(frame, "warning_signs").fillna("") + LIST_SEPARATOR
    found = padded.str.contains(f"{LIST_SEPARATOR}{token}{LIST_SEPARATOR}", regex=False)
    return found.astype("boolean").fillna(False)


# --- the rules ---------------------------------------------------------------------


def below_water_target(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Drank less water than the person's daily target."""
    return number(frame, "water_l") < profile.water_target_l


def long_exercise(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Exercised for at least the person's long-session minutes."""
    return number(frame, "exercise_min") >= profile.long_exercise_min


def exercised(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Did some exercise: more than 0 minutes, or a light, moderate or vigorous intensity."""
    return (number(frame, "exercise_min") > 0) | _text_in(
        frame, "exercise_intensity", ACTIVE_INTENSITIES
    )


def vigorous_exercise(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Exercise of vigorous intensity."""
    return _text_in(frame, "exercise_intensity", ("vigorous",))


def hot_day(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """A hot day (or exercise in heat, as the Log form asks it)."""
    return flag(frame, "hot")


def exercise_in_heat(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """A hot day with some exercise; heat alone is not it (the article names exercising in heat)."""
    return hot_day(frame, profile) & exercised(frame, profile)


def no_stretching(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Did not stretch before bed."""
    return ~flag(frame, "stretched")


def long_sitting(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Sat for at least the person's long-sitting hours."""
    return number(frame, "sitting_h") >= profile.long_sitting_h


def long_standing(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Stood on hard floors for at least the person's long-standing hours."""
    return number(frame, "hard_floor_h") >= profile.long_standing_h


def heavy_muscle_load(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """A long workout or a long day on hard floors: both load the same muscles for hours."""
    return long_exercise(frame, profile) | long_standing(frame, profile)


def high_stress(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """Stress at or above the person's high-stress level."""
    return number(frame, "stress") >= profile.high_stress


def new_medication(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """A new or changed medication that day."""
    return flag(frame, "new_medication")


def cramps_all_over(frame: pd.DataFrame, profile: Profile) -> pd.Series:
    """The cramp came with the warning sign "cramps all over the body" (episodes only)."""
    return has_warning_sign(frame, "all_over_body")
