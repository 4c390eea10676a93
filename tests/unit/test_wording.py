"""Every number a person reads is worded one way, by core.wording."""

from __future__ import annotations

import math
from datetime import date

import pytest

from core.wording import (
    MISSING,
    clip,
    day_text,
    duration_text,
    interval,
    percent,
    plural,
    score,
    weekly_rate,
)


@pytest.mark.parametrize(
    ("day", "weekday", "text"),
    [
        (date(2026, 5, 2), False, "2 May 2026"),
        (date(2026, 5, 2), True, "Sat 2 May 2026"),
        (date(2025, 11, 30), False, "30 Nov 2025"),
        (date(2026, 1, 1), True, "Thu 1 Jan 2026"),
    ],
)
def test_a_day_reads_without_a_leading_zero(day: date, weekday: bool, text: str) -> None:
    assert day_text(day, weekday=weekday) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.62, "62%"), (0.0, "0%"), (1.0, "100%"), (0.005, "0%"), (0.996, "100%"), (None, MISSING)],
)
def test_a_share_reads_as_a_whole_percentage(share: float | None, text: str) -> None:
    assert percent(share) == text


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0.55, 0.7, "95% CI 55–70%"),
        (0.0, 0.21, "95% CI 0–21%"),
        (None, 0.5, ""),
        (0.5, None, ""),
    ],
)
def test_an_interval_names_its_confidence(low: float | None, high: float | None, text: str) -> None:
    assert interval(low, high) == text


@pytest.mark.parametrize(
    ("value", "text"), [(2.45, "2.5"), (0.0, "0.0"), (12.0, "12.0"), (None, MISSING)]
)
def test_a_weekly_rate_has_one_decimal(value: float | None, text: str) -> None:
    assert weekly_rate(value) == text


@pytest.mark.parametrize(("value", "text"), [(6.0, "6"), (6.5, "6.5"), (0.0, "0"), (None, MISSING)])
def test_a_pain_score_reads_as_written(value: float | None, text: str) -> None:
    assert score(value) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.6, "1 min"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (15 * 60 + 1, "15 min 1 s"),
        (3600, "1 h"),
        (3700, "1 h 1 min"),  # the Diary, the red flags and the report all read it this way
        (3900, "1 h 5 min"),
        (7325, "2 h 2 min"),
        (None, MISSING),
        (math.nan, MISSING),
    ],
)
def test_a_duration_reads_as_words(seconds: float | None, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("count", "word", "text"),
    [
        (1, "cramp", "1 cramp"),
        (0, "cramp", "0 cramps"),
        (2, "night", "2 nights"),
        (1204, "night", "1,204 nights"),
        (3, "entry", "3 entries"),
        (1, "entry", "1 entry"),
        (2, "day", "2 days"),  # a vowel before the y: just an s
        (2, "logged night", "2 logged nights"),
        (2, "y", "2 ys"),
    ],
)
def test_a_count_carries_its_noun_in_the_right_number(count: int, word: str, text: str) -> None:
    assert plural(count, word) == text


@pytest.mark.parametrize(
    ("text", "limit", "clipped"),
    [
        ("short", 10, "short"),
        ("  two\n lines\there ", 20, "two lines here"),
        ("exactly ten", 11, "exactly ten"),
        ("one word too many", 10, "one word…"),
        ("abcdefghijkl", 5, "abcd…"),
    ],
)
def test_the_persons_text_is_one_line_within_its_limit(text: str, limit: int, clipped: str) -> None:
    assert clip(text, limit) == clipped
    assert len(clip(text, limit)) <= limit
