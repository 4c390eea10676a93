"""What a person reads: days, shares, intervals, rates, durations, counts and clipped text.

Every page, the provider report, its printouts and the red-flag evidence format
numbers through these functions, so a value reads the same wherever it shows:
3,700 seconds is "1 h 1 min" on the Diary page, in a warning sign and on paper.
A value that is missing reads as `MISSING` ("—"), never as "None" or "nan".
"""

from __future__ import annotations

import math
from datetime import date

MISSING = "—"
ELLIPSIS = "…"
VOWELS = "aeiou"


def day_text(day: date, *, weekday: bool = False) -> str:
    """A date as '2 May 2026', or 'Sat 2 May 2026' with `weekday`."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text


def percent(share: float | None) -> str:
    """A share (0.62) as a whole percentage ('62%'), or '—' when there is none."""
    return MISSING if share is None else f"{share * 100:.0f}%"


def interval(low: float | None, high: float | None) -> str:
    """A share's 95% confidence interval as '95% CI 55–70%', or '' when there is none."""
    if low is None or high is None:
        return ""
    return f"95% CI {low * 100:.0f}–{high * 100:.0f}%"


def weekly_rate(value: float | None) -> str:
    """A rate such as cramps a week, with one decimal ('2.5'), or '—'."""
    return MISSING if value is None else f"{value:.1f}"


def score(value: float | None) -> str:
    """A pain score as written ('6', '6.5'), or '—'."""
    return MISSING if value is None else f"{value:g}"


def duration_text(seconds: float | None) -> str:
    """A duration in words: '45 s', '2 min', '1 min 30 s', '1 h 5 min', or '—'.

    Past an hour the seconds are left out: nobody times a cramp that long to the second.
    """
    if seconds is None or math.isnan(seconds):
        return MISSING
    hours, rest = divmod(int(round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    if minutes == 0:
        return f"{secs} s"
    return f"{minutes} min" + (f" {secs} s" if secs else "")


def plural(count: int, word: str) -> str:
    """A count and its noun: '1 cramp', '2 cramps', '1,204 nights', '3 entries'."""
    if count == 1:
        return f"1 {word}"
    if word.endswith("y") and word[-2:-1] not in ("", *VOWELS):
        return f"{count:,} {word[:-1]}ies"
    return f"{count:,} {word}s"


def clip(text: str, limit: int) -> str:
    """One line of the person's text: whitespace collapsed, at most `limit` characters ('…')."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + ELLIPSIS
