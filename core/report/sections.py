"""The sentences of each section of the provider report, from the diary's frames and figures.

Each function answers one of the questions a provider asks (how often, since
when, how bad, how long, when, what it feels like, where, why, what helped)
and returns the lines `core.report.build` puts under that heading. All numbers read
through `core.wording`, so the report words them as the pages do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pandas as pd

from core.article.causes import RISK_FACTORS
from core.article.red_flags import LONG_LASTING_S, SIGNIFICANT_PAIN
from core.diary import NIGHT_WINDOW_END_HOUR, NIGHT_WINDOW_START_HOUR
from core.profile import Profile
from core.stats import analytics
from core.stats.analytics import Frequency, Proportion, Trend
from core.stats.trigger_model import FAMILY_ALPHA, TriggerFinding
from core.stats.triggers import InterventionEffect
from core.vocab import FEELINGS, LIST_SEPARATOR, MUSCLES
from core.wording import (
    clip,
    day_text,
    duration_text,
    interval,
    percent,
    plural,
    score,
    weekly_rate,
)

MAX_NOTES = 10
MAX_NOTE_CHARS = 240
TOP_CAUSES = 6
TOP_MUSCLES = 6
CHANGE_WINDOW_NIGHTS = 28
MIN_WINDOW_NIGHTS = 14

SIDE_WORDS: Mapping[str, str] = {"unknown": "side not given"}

# Lines and the footer kept under them whatever is left out (totals, caveats).
LinesAndFooter = tuple[tuple[str, ...], tuple[str, ...]]


def frequency_lines(
    freq: Frequency, start: date, end: date, nights: pd.DataFrame
) -> tuple[str, ...]:
    """How often: nights logged and covered, cramps a week, cramp-free share, the worst week."""
    days = (end - start).days + 1
    coverage = freq.nights_logged / days if days > 0 else None
    lines = [
        f"{plural(freq.nights_logged, 'night')} logged from {day_text(start)} to "
        f"{day_text(end)} ({percent(coverage)} of the nights in the range): "
        f"{plural(freq.cramps, 'cramp')} on {plural(freq.cramp_nights, 'night')}.",
        f"{weekly_rate(freq.cramps_per_week)} cramps a week and "
        f"{weekly_rate(freq.cramp_nights_per_week)} cramp nights a week "
        "(per seven logged nights).",
        f"{percent(freq.cramp_free.share)} of logged nights were cramp-free "
        f"({interval(freq.cramp_free.low, freq.cramp_free.high)}).",
    ]
    busiest = analytics.weekly_summary(nights)
    logged = busiest[busiest["nights_logged"] > 0]
    if len(logged) >= 2 and freq.cramps:
        top = logged.sort_values(["cramps", "week"], ascending=[False, False]).iloc[0]
        lines.append(
            f"Worst week: {int(top['cramps'])} cramps in the week of "
            f"{day_text(pd.Timestamp(top['week']).date())}."
        )
    return tuple(lines)


def _window_rate(nights: pd.DataFrame, first: date, last: date) -> tuple[int, float] | None:
    days = nights["night"].dt.date
    inside = nights[(days >= first) & (days <= last)]
    if len(inside) < MIN_WINDOW_NIGHTS:
        return None
    return len(inside), 7 * float(inside["episode_count"].sum()) / len(inside)


def change_sentence(nights: pd.DataFrame) -> str | None:
    """Cramps a week in the first four weeks of the range vs. the last four, when both have data."""
    if nights.empty:
        return None
    first_night = nights["night"].min().date()
    last_night = nights["night"].max().date()
    if (last_night - first_night).days + 1 < 2 * CHANGE_WINDOW_NIGHTS:
        return None
    window = timedelta(days=CHANGE_WINDOW_NIGHTS - 1)
    early = _window_rate(nights, first_night, first_night + window)
    late = _window_rate(nights, last_night - window, last_night)
    if early is None or late is None:
        return None
    return (
        f"Cramps a week: {weekly_rate(early[1])} in the first four weeks of this range "
        f"({early[0]} nights logged), {weekly_rate(late[1])} in the last four weeks "
        f"({late[0]} nights logged)."
    )


def history_lines(
    first_entry: date, start: date, nights: pd.DataFrame, trend: Trend
) -> tuple[str, ...]:
    """Since when: the first diary entry, the change over the range and the trend."""
    lines = [
        f"First entry in the diary: {day_text(first_entry)}. The cramps may have begun "
        "earlier; the patient can add what they remember."
    ]
    if first_entry < start:
        lines[0] += f" This report covers the nights from {day_text(start)} on."
    change = change_sentence(nights)
    if change:
        lines.append(change)
    lines.append(trend.sentence)
    return tuple(lines)


def pain_lines(episodes: pd.DataFrame, severity: Mapping[str, float | None]) -> tuple[str, ...]:
    """How bad: median and worst pain, and how many cramps were rated significant."""
    pain = episodes["pain"].dropna()
    if pain.empty:
        return ("No pain scores were logged in this range.",)
    strong = int((pain >= SIGNIFICANT_PAIN).sum())
    return (
        f"Median pain {score(severity['pain_median'])} of 10, worst "
        f"{score(severity['pain_max'])} of 10 ({len(pain)} of "
        f"{plural(len(episodes), 'cramp')} scored).",
        f"{plural(strong, 'cramp')} ({percent(strong / len(pain))}) rated "
        f"{SIGNIFICANT_PAIN} or more.",
    )


def duration_lines(episodes: pd.DataFrame, severity: Mapping[str, float | None]) -> tuple[str, ...]:
    """How long: median and longest duration, and how many lasted past the red-flag limit."""
    duration = episodes["duration_s"].dropna()
    if duration.empty:
        return ("No durations were logged in this range.",)
    long = int((duration > LONG_LASTING_S).sum())
    return (
        f"Median {duration_text(severity['duration_median_s'])}, longest "
        f"{duration_text(severity['duration_max_s'])} ({len(duration)} of "
        f"{plural(len(episodes), 'cramp')} timed).",
        f"{plural(long, 'cramp') if long else 'None'} lasted longer than "
        f"{LONG_LASTING_S // 60} minutes.",
    )


def timing_lines(
    night: Proportion, woke: Proportion, hours: tuple[str, str] | None, by_hour: pd.DataFrame
) -> tuple[str, ...]:
    """When: the share at night, the typical hours, the busiest hour, how many woke the patient."""
    if not night.total or hours is None:
        return ("No cramps in this range.",)
    lines = [
        f"{percent(night.share)} of cramps began at night, between "
        f"{NIGHT_WINDOW_START_HOUR:02d}:00 and {NIGHT_WINDOW_END_HOUR:02d}:00 "
        f"({interval(night.low, night.high)}).",
        f"Half of them began between {hours[0]} and {hours[1]}.",
    ]
    top = by_hour.sort_values("cramps", ascending=False, kind="stable").iloc[0]
    hour = int(top["hour"])
    count = plural(int(top["cramps"]), "cramp")
    lines.append(f"Busiest hour: {hour:02d}:00–{(hour + 1) % 24:02d}:00 ({count}).")
    if woke.total:
        lines.append(
            f"{percent(woke.share)} woke the patient ({interval(woke.low, woke.high)}; "
            f"{woke.total} cramps where this was recorded)."
        )
    return tuple(lines)


def _tokens(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.split(LIST_SEPARATOR).explode().loc[lambda s: s != ""]


def feeling_lines(episodes: pd.DataFrame) -> LinesAndFooter:
    """What it feels like: each feeling's share of cramps, most common first; how many said."""
    if episodes.empty:
        return ("No cramps in this range.",), ()
    felt = _tokens(episodes["felt"])
    noted = int(episodes["felt"].fillna("").astype(str).ne("").sum())
    if felt.empty:
        return ("What the cramps felt like was not recorded.",), ()
    order = {token: i for i, token in enumerate(FEELINGS)}
    found = felt.value_counts()
    counts = sorted(found.items(), key=lambda item: (-int(item[1]), order.get(str(item[0]), 99)))
    lines = [
        f"{FEELINGS.get(str(token), str(token))}: {percent(int(n) / len(episodes))} of cramps "
        f"({int(n)})."
        for token, n in counts
    ]
    return tuple(lines), (f"Recorded for {noted} of {plural(len(episodes), 'cramp')}.",)


def muscle_lines(by_muscle: pd.DataFrame, total: int) -> tuple[str, ...]:
    """Where: cramps per muscle with their sides, the most cramped muscles first."""
    if by_muscle.empty:
        return ("No cramps in this range.",)
    lines = []
    for muscle, part in by_muscle.groupby("muscle", sort=False):
        count = int(part["cramps"].sum())
        sides = ", ".join(
            f"{SIDE_WORDS.get(str(side), str(side))} {int(n)}"
            for side, n in zip(part["side"], part["cramps"], strict=True)
        )
        label = MUSCLES.get(str(muscle), str(muscle))
        lines.append(f"{label}: {plural(count, 'cramp')} ({percent(count / total)}); {sides}.")
    return tuple(lines[:TOP_MUSCLES])


def cause_lines(
    causes: pd.DataFrame, factors: Sequence[TriggerFinding], episodes: int
) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """Why: findings first (kept when shortening), then the cause shares; the test summary last.

    Returns the lines, how many of them are findings, and the footer.
    """
    judged = [f for f in factors if f.verdict != "not_enough_data"]
    linked = [f.sentence for f in factors if f.linked]
    lines = list(linked)
    if episodes and not causes.empty:
        for row in causes.head(TOP_CAUSES).to_dict("records"):
            possible = " (possible only)" if not row["measurable"] else ""
            lines.append(
                f"{row['title']}{possible}: the day before fits in "
                f"{percent(float(row['share']))} of cramps ({int(row['episodes'])})."
            )
    elif episodes:
        lines.append("No cramp in this range has a day-before detail that fits a known cause.")
    waiting = len(factors) - len(judged)
    summary = (
        f"{len(judged)} of {len(factors)} day-before factors could be judged (one Firth "
        "logistic model of cramp nights over all factors at once, allowing for the time of "
        f"year; Holm-adjusted, at most a {percent(FAMILY_ALPHA)} chance of any false alarm)"
    )
    if judged and not linked:
        summary += "; none was linked to cramp nights beyond chance"
    elif linked:
        summary += f"; {len(linked)} linked beyond chance, as above"
    if waiting:
        summary += f"; {waiting} need more logged nights"
    footer = (
        summary + ".",
        "A day before that fits a cause is a pattern in the diary, not proof of the cause.",
    )
    return tuple(lines), len(linked), footer


def relief_lines(relief: pd.DataFrame, cramps: int) -> LinesAndFooter:
    """What helped: each relief method's share of cramps it helped, with a caveat."""
    if not cramps:
        return (), ()
    answered = relief[relief["answered"] > 0] if not relief.empty else relief
    if answered.empty:
        return ("What was tried for relief, and whether it helped, was not recorded.",), ()
    lines = [
        f"{row['label']}: helped with {int(row['helped'])} of "
        f"{plural(int(row['answered']), 'cramp')} ({percent(float(row['share']))}, "
        f"{interval(float(row['low']), float(row['high']))})."
        for row in answered.to_dict("records")
    ]
    caveat = (
        "When several things were tried for one cramp, each gets the credit: an association, "
        "not proof."
    )
    return tuple(lines), (caveat,)


def risk_lines(profile: Profile) -> tuple[str, ...]:
    """The article's risk factors set in the profile, or which ones could be set."""
    present = [
        r.title
        for r in RISK_FACTORS
        if r.profile_field is not None and bool(getattr(profile, r.profile_field))
    ]
    if present:
        return (f"Set in the patient's profile: {', '.join(present)}.",)
    named = ", ".join(r.title.lower() for r in RISK_FACTORS if r.profile_field is not None)
    return (f"None set in the profile ({named}).",)


def note_lines(episodes: pd.DataFrame) -> tuple[str, ...]:
    """The most recent notes, each on one line after its night and muscle."""
    notes = episodes[episodes["note"].fillna("").astype(str).str.strip() != ""]
    if notes.empty:
        return ()
    recent = notes.sort_values(["night", "onset"], ascending=False).head(MAX_NOTES)
    return tuple(
        f"{day_text(pd.Timestamp(row['night']).date())}, "
        f"{MUSCLES.get(str(row['muscle']), str(row['muscle'])).lower()}: "
        f"{clip(str(row['note']), MAX_NOTE_CHARS)}"
        for row in recent.to_dict("records")
    )


def change_lines(effects: Sequence[InterventionEffect]) -> tuple[str, ...]:
    """Changes tried: each change's before-and-after sentence."""
    if not effects:
        return ("No changes (new routine, shoes, supplement, ...) recorded for this range.",)
    return tuple(effect.sentence for effect in effects)


def monthly_frequency(nights: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month of the night: nights logged, cramps and cramps per seven logged nights.

    For charts of long ranges, where weekly bars would be too thin to read.
    """
    columns = ["month", "nights_logged", "cramps", "cramps_per_week"]
    if nights.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "month": nights["night"].dt.to_period("M").dt.to_timestamp(),
            "cramps": nights["episode_count"].astype("int64"),
        }
    )
    grouped = frame.groupby("month").agg(nights_logged=("cramps", "size"), cramps=("cramps", "sum"))
    months = pd.date_range(grouped.index.min(), grouped.index.max(), freq="MS")
    grouped = grouped.reindex(months, fill_value=0).rename_axis("month").reset_index()
    logged = grouped["nights_logged"].where(grouped["nights_logged"] > 0)
    grouped["cramps_per_week"] = 7 * grouped["cramps"] / logged
    return grouped[columns]
