"""A night's number printed next to the person's threshold, as tag evidence shows it.

`pair` prints both with one decimal, and more only when one decimal would make
a value below the threshold look equal to it ("1.96 L ... below your 2.00 L
target"). `pair_keys` says, for a whole column at once, which values `pair`
prints alike, so tagging can write each distinct sentence once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

# Rounding the float product x * 10**places gives Python's correctly rounded
# digits except within a hair of a tie; rows that close are formatted by Python.
_TIE_MARGIN = 1e-9
_MAX_PLACES = 3


def pair(value: float, threshold: float) -> tuple[str, str]:
    """A value and its threshold with one decimal, more only when one would hide a difference."""
    for places in range(1, _MAX_PLACES + 1):
        shown = f"{value:.{places}f}", f"{threshold:.{places}f}"
        if shown[0] != shown[1] or value == threshold:
            return shown
    return repr(value), repr(threshold)


def whole(value: float) -> str:
    """Minutes or a 0-10 score: no decimals when it is a whole number."""
    return f"{value:.0f}" if value.is_integer() else f"{value:g}"


def pair_keys(values: npt.NDArray[np.float64], threshold: float) -> list[npt.NDArray[Any]]:
    """Keys that are equal for two values exactly when `pair` prints them alike.

    Grouping by what is printed (not by the raw value) keeps the number of
    distinct evidence texts small even when every value differs. Values whose
    printing cannot be settled in numpy (near a rounding tie, negative or not
    finite) are keyed by their raw value instead, so Python formats each one.
    """
    places = np.zeros(values.size, dtype=np.int64)
    digits = np.zeros(values.size, dtype=np.float64)
    unsure = ~np.isfinite(values) | (values < 0)
    undecided = ~unsure
    equal = values == threshold
    with np.errstate(invalid="ignore", over="ignore"):
        for place in range(1, _MAX_PLACES + 1):
            scaled = values * 10.0**place
            rounded = np.rint(scaled)
            distance_to_tie = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5)
            near_tie = distance_to_tie <= _TIE_MARGIN * np.maximum(1.0, np.abs(scaled))
            unsure |= undecided & near_tie
            undecided &= ~unsure
            threshold_digits = float(int(f"{threshold:.{place}f}".replace(".", "")))
            settled = undecided & ((rounded != threshold_digits) | equal)
            places[settled] = place
            digits[settled] = rounded[settled]
            undecided &= ~settled
    # Still equal at three places: `pair` falls back to repr, so key by value.
    unsure |= undecided
    places[unsure] = 0
    raw = np.where(unsure, values, 0.0)
    return [places, digits, raw]
