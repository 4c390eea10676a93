"""What the charts and the report show: frequency, timing, place, severity and relief.

Every function takes the standard frames of `core.frames` and returns a small
DataFrame (or a value with its interval), so the screen and the PDF report
draw the same numbers. Proportions carry Wilson 95% intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.stats.proportion import proportion_confint

from core.diary import NIGHT_BOUNDARY_HOUR, NIGHT_WINDOW_END_HOUR, NIGHT_WINDOW_START_HOUR
from core.vocab import LIST_SEPARATOR, MUSCLES, RELIEF_METHODS, SIDES

# A night runs from its boundary hour (noon) to the next; the hours in the order they happen.
NIGHT_HOURS: tuple[int, ...] = tuple((NIGHT_BOUNDARY_HOUR + h) % 24 for h in range(24))
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Proportion:
    """A share with its Wilson 95% interval; `share` is None when there is nothing to count."""

    count: int
    total: int
    share: float | None
    low: float | None
    high: float | None


def proportion(count: int, total: int) -> Proportion:
    """`count` out of `total`, with a Wilson 95% interval."""
    if total <= 0:
        return Proportion(count, total, None, None, None)
    low, high = proportion_confint(count, total, alpha=0.05, method="wilson")
    return Proportion(count, total, count / total, float(low), float(high))


def _week_start(days: pd.Series) -> pd.Series:
    """The Monday of each day's week."""
    monday: pd.Series = days.dt.normalize() - pd.to_timedelta(
        days.dt.day_of_week.astype("int64"), unit="D"
    )
    return monday


def weekly_summary(nights: pd.DataFrame) -> pd.DataFrame:
    """Per calendar week (Monday of the week the night began): nights logged, cramp nights,
    cramp-free nights, cramps, cramps per logged night and share of cramp-free nights.

    Weeks with no logged nights appear with zero nights, so gaps in the diary show as gaps
    rather than as good weeks.
    """
    columns = ["week", "nights_logged", "cramp_nights", "cramp_free_nights", "cramps"]
    if nights.empty:
        return pd.DataFrame(columns=[*columns, "cramps_per_night", "cramp_free_share"])
    frame = pd.DataFrame(
        {
            "week": _week_start(nights["night"]),
            "cramps": nights["episode_count"].astype("int64"),
            "cramp_night": (nights["episode_count"] > 0).astype("int64"),
        }
    )
    grouped = frame.groupby("week").agg(
        nights_logged=("cramps", "size"),
        cramp_nights=("cramp_night", "sum"),
        cramps=("cramps", "sum"),
    )
    all_weeks = pd.date_range(grouped.index.min(), grouped.index.max(), freq="7D")
    grouped = grouped.reindex(all_weeks, fill_value=0).rename_axis("week").reset_index()
    grouped["cramp_free_nights"] = grouped["nights_logged"] - grouped["cramp_nights"]
    logged = grouped["nights_logged"].where(grouped["nights_logged"] > 0)
    grouped["cramps_per_night"] = grouped["cramps"] / logged
    grouped["cramp_free_share"] = grouped["cramp_free_nights"] / logged
    return grouped[[*columns, "cramps_per_night", "cramp_free_share"]]


@dataclass(frozen=True)
class Frequency:
    """Headline frequency over a range, in the units trials and clinicians use."""

    nights_logged: int
    cramp_nights: int
    cramps: int
    weeks: float
    cramps_per_week: float | None
    cramp_nights_per_week: float | None
    cramp_free: Proportion


def frequency(nights: pd.DataFrame) -> Frequency:
    """Cramps and cramp nights per week of logged nights, and the cramp-free share.

    Per week means per seven logged nights, so unlogged nights do not count as
    cramp-free.
    """
    logged = len(nights)
    cramps = int(nights["episode_count"].sum()) if logged else 0
    cramp_nights = int((nights["episode_count"] > 0).sum()) if logged else 0
    weeks = logged / 7
    return Frequency(
        nights_logged=logged,
        cramp_nights=cramp_nights,
        cramps=cramps,
        weeks=weeks,
        cramps_per_week=cramps / weeks if logged else None,
        cramp_nights_per_week=cramp_nights / weeks if logged else None,
        cramp_free=proportion(logged - cramp_nights, logged),
    )


@dataclass(frozen=True)
class Trend:
    """Change in cramps per night over time: a multiplicative change per 30 days with its CI."""

    per_month: float | None
    low: float | None
    high: float | None
    p_value: float | None
    nights: int
    enough_data: bool

    @property
    def sentence(self) -> str:
        """The change in words, with its interval and whether chance could explain it.

        The report and the Patterns page both print this sentence.
        """
        ratio, ratio_low, ratio_high = self.per_month, self.low, self.high
        if not self.enough_data or ratio is None or ratio_low is None or ratio_high is None:
            return (
                f"A trend needs at least {MIN_TREND_NIGHTS} logged nights over four weeks "
                f"and {MIN_TREND_CRAMPS} cramps; this range has too few."
            )
        change, low, high = ((v - 1) * 100 for v in (ratio, ratio_low, ratio_high))
        direction = "more" if change > 0 else "fewer"
        text = (
            f"Trend over the range: about {abs(change):.0f}% {direction} cramps each month "
            f"(95% CI {low:+.0f}% to {high:+.0f}%)"
        )
        if low > 0 or high < 0:
            return text + "."
        return text + "; chance could explain this, so no clear change."


MIN_TREND_NIGHTS = 28
MIN_TREND_CRAMPS = 5


def trend(nights: pd.DataFrame) -> Trend:
    """A Poisson regression of cramps per night on the date (needs 4 weeks and 5 cramps)."""
    count = len(nights)
    cramps = int(nights["episode_count"].sum()) if count else 0
    span_days = (nights["night"].max() - nights["night"].min()).days if count else 0
    if count < MIN_TREND_NIGHTS or cramps < MIN_TREND_CRAMPS or span_days < 27:
        return Trend(None, None, None, None, count, False)
    months = (nights["night"] - nights["night"].min()).dt.days.to_numpy(dtype=float) / 30.0
    design = np.column_stack([np.ones_like(months), months])
    counts = nights["episode_count"].to_numpy(dtype=float)
    result = GLM(counts, design, family=Poisson()).fit()
    slope = float(result.params[1])
    low, high = (float(v) for v in result.conf_int()[1])
    return Trend(
        per_month=float(np.exp(slope)),
        low=float(np.exp(low)),
        high=float(np.exp(high)),
        p_value=float(result.pvalues[1]),
        nights=count,
        enough_data=True,
    )


def onset_by_hour(episodes: pd.DataFrame) -> pd.DataFrame:
    """Cramps by clock hour of onset, in night order (noon to noon)."""
    hours = pd.to_datetime(episodes["onset"]).dt.hour if not episodes.empty else pd.Series([])
    counts = hours.value_counts().reindex(list(NIGHT_HOURS), fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "hour": list(NIGHT_HOURS),
            "label": [f"{h:02d}:00" for h in NIGHT_HOURS],
            "cramps": counts.to_numpy(dtype="int64"),
            "share": counts.to_numpy(dtype=float) / total if total else 0.0,
        }
    )


def hour_weekday_grid(episodes: pd.DataFrame) -> pd.DataFrame:
    """Cramps by weekday of the night's evening (rows) and hour of onset in night order."""
    grid = pd.DataFrame(0, index=list(WEEKDAYS), columns=list(NIGHT_HOURS), dtype="int64")
    if episodes.empty:
        return grid
    weekday = episodes["night"].dt.day_of_week.map(dict(enumerate(WEEKDAYS)))
    hour = pd.to_datetime(episodes["onset"]).dt.hour
    counts = pd.crosstab(weekday, hour)
    return counts.reindex(index=list(WEEKDAYS), columns=list(NIGHT_HOURS), fill_value=0).astype(
        "int64"
    )


def typical_hours(episodes: pd.DataFrame) -> tuple[str, str] | None:
    """The clock times between which the middle half of cramps began (night order)."""
    if episodes.empty:
        return None
    onset = pd.to_datetime(episodes["onset"])
    # Minutes since the night began (noon), so 23:00 sorts before 02:00.
    minutes = ((onset.dt.hour - NIGHT_BOUNDARY_HOUR) % 24) * 60 + onset.dt.minute
    q1, q3 = np.percentile(minutes.to_numpy(), [25, 75])

    def clock(value: float) -> str:
        total = (int(round(value)) + NIGHT_BOUNDARY_HOUR * 60) % (24 * 60)
        return f"{total // 60:02d}:{total % 60:02d}"

    return clock(q1), clock(q3)


def night_share(episodes: pd.DataFrame) -> Proportion:
    """Share of cramps that began at night (core.diary.NIGHT_WINDOW, 20:00 to 08:00)."""
    if episodes.empty:
        return proportion(0, 0)
    hour = pd.to_datetime(episodes["onset"]).dt.hour
    return proportion(
        int(((hour >= NIGHT_WINDOW_START_HOUR) | (hour < NIGHT_WINDOW_END_HOUR)).sum()),
        len(episodes),
    )


def woke_share(episodes: pd.DataFrame) -> Proportion:
    """Share of cramps that woke the person, among those where it was recorded."""
    known = episodes["woke"].dropna() if not episodes.empty else pd.Series([], dtype="boolean")
    return proportion(int(known.sum()), len(known))


def by_muscle_and_side(episodes: pd.DataFrame) -> pd.DataFrame:
    """Cramps per muscle and side (unknown side as 'unknown'), most frequent muscle first."""
    if episodes.empty:
        return pd.DataFrame(columns=["muscle", "label", "side", "cramps"])
    frame = pd.DataFrame(
        {
            "muscle": episodes["muscle"].astype(str),
            "side": episodes["side"].fillna("unknown").astype(str),
        }
    )
    counts = frame.value_counts().rename("cramps").reset_index()
    order = counts.groupby("muscle")["cramps"].sum().sort_values(ascending=False)
    counts["rank"] = counts["muscle"].map({m: i for i, m in enumerate(order.index)})
    side_order = {**{s: i for i, s in enumerate(SIDES)}, "unknown": len(SIDES)}
    counts["side_rank"] = counts["side"].map(side_order)
    counts = counts.sort_values(["rank", "side_rank"]).drop(columns=["rank", "side_rank"])
    counts.insert(1, "label", counts["muscle"].map(lambda m: MUSCLES.get(m, m)))
    return counts.reset_index(drop=True)


def calendar(nights: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar day in the range: cramps that night, or NaN when not logged."""
    if nights.empty:
        return pd.DataFrame(columns=["night", "cramps", "week", "weekday"])
    days = pd.date_range(nights["night"].min(), nights["night"].max(), freq="D")
    cramps = (
        nights.set_index("night")["episode_count"].astype("float64").reindex(days).rename("cramps")
    )
    frame = cramps.rename_axis("night").reset_index()
    frame["week"] = _week_start(frame["night"])
    frame["weekday"] = frame["night"].dt.day_of_week
    return frame


def severity_summary(episodes: pd.DataFrame) -> dict[str, float | None]:
    """Median and worst pain (0–10) and median and longest duration (seconds)."""
    pain = episodes["pain"].dropna().astype(float) if not episodes.empty else pd.Series([])
    duration = (
        episodes["duration_s"].dropna().astype(float) if not episodes.empty else pd.Series([])
    )
    return {
        "pain_median": float(pain.median()) if len(pain) else None,
        "pain_max": float(pain.max()) if len(pain) else None,
        "duration_median_s": float(duration.median()) if len(duration) else None,
        "duration_max_s": float(duration.max()) if len(duration) else None,
    }


def monthly_severity(episodes: pd.DataFrame) -> pd.DataFrame:
    """Per month of the night: cramps, median pain and median duration (minutes)."""
    if episodes.empty:
        return pd.DataFrame(columns=["month", "cramps", "pain_median", "duration_median_min"])
    frame = pd.DataFrame(
        {
            "month": episodes["night"].dt.to_period("M").dt.to_timestamp(),
            "pain": episodes["pain"].astype("Float64"),
            "duration_min": episodes["duration_s"].astype("Float64") / 60,
        }
    )
    grouped = frame.groupby("month").agg(
        cramps=("pain", "size"),
        pain_median=("pain", "median"),
        duration_median_min=("duration_min", "median"),
    )
    return grouped.reset_index()


def relief_effect(episodes: pd.DataFrame) -> pd.DataFrame:
    """Per relief method: times tried, times the person said it helped (when answered),
    the helped share with its Wilson interval, and the median duration of those cramps.

    When several methods were tried on one cramp, "helped" counts for each of them,
    so these are associations, not proof that one method worked.
    """
    columns = [
        "relief",
        "label",
        "tried",
        "answered",
        "helped",
        "share",
        "low",
        "high",
        "median_duration_s",
    ]
    if episodes.empty:
        return pd.DataFrame(columns=columns)
    # Wrapping the lists in separators makes each token test one fast substring search.
    wrapped = LIST_SEPARATOR + episodes["relief"].fillna("").astype(str) + LIST_SEPARATOR
    helped = episodes["relief_helped"]
    durations = episodes["duration_s"]
    rows = []
    for method in RELIEF_METHODS:
        token = f"{LIST_SEPARATOR}{method}{LIST_SEPARATOR}"
        tried = wrapped.str.contains(token, regex=False).to_numpy(dtype=bool)
        if not tried.any():
            continue
        answered = helped[tried].dropna()
        share = proportion(int(answered.sum()), len(answered))
        method_durations = durations[tried].dropna()
        rows.append(
            {
                "relief": method,
                "label": RELIEF_METHODS[method],
                "tried": int(tried.sum()),
                "answered": len(answered),
                "helped": share.count,
                "share": share.share,
                "low": share.low,
                "high": share.high,
                "median_duration_s": float(method_durations.median())
                if len(method_durations)
                else None,
            }
        )
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["tried", "relief"], ascending=[False, True], ignore_index=True
    )
