"""The provider visit report: every number and sentence it prints, built from the diary.

`build_report` reads the standard frames of `core.frames` for a date range and
answers the questions the article says a provider asks (how bad, when, how
long, what it feels like, since when), plus frequency in the units trials and
clinicians use, where, possible causes, changes tried, relief, red flags, risk
factors and the patient's own questions. The PDF, the HTML file and the page
preview all print from the one `ProviderReport`, so paper and screen show the
same numbers. Nothing here draws or writes files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from core import analytics
from core.advice import cause_shares
from core.analytics import Frequency, Proportion, Trend
from core.causes import (
    NOT_MEDICAL_ADVICE,
    PROVIDER_QUESTION_BY_ID,
    PROVIDER_QUESTIONS,
    RISK_FACTORS,
    ProviderQuestion,
)
from core.profile import Profile
from core.red_flags import (
    LEVEL_ADVICE,
    LEVEL_HEADINGS,
    LONG_LASTING_S,
    SIGNIFICANT_PAIN,
    RedFlagFinding,
)
from core.tagging import tag_episodes
from core.triggers import (
    FACTORS,
    FactorComparison,
    InterventionEffect,
    compare_factors,
    compare_intervention,
)
from core.vocab import FEELINGS, LIST_SEPARATOR, MUSCLES

# The article's questions a patient may want to ask (tickable on the page).
PATIENT_QUESTIONS: tuple[ProviderQuestion, ...] = tuple(
    q for q in PROVIDER_QUESTIONS if q.asked_by == "patient"
)
MAX_OWN_QUESTIONS = 10
MAX_QUESTION_CHARS = 300
MAX_NOTES = 10
MAX_NOTE_CHARS = 240
TOP_CAUSES = 6
TOP_MUSCLES = 6
CHANGE_WINDOW_NIGHTS = 28
MIN_WINDOW_NIGHTS = 14

SIDE_WORDS: Mapping[str, str] = {"unknown": "side not given"}

# Lower numbers matter more; the PDF shortens the highest numbers first to stay on two pages.
ESSENTIAL, DETAIL, SUPPORTING, OPTIONAL = 0, 1, 2, 3

SHORT_DISCLAIMER = "Not medical advice: a summary of the patient's own diary; it cannot diagnose."


class ReportError(ValueError):
    """A report that cannot be made, with a message the person understands."""


@dataclass(frozen=True)
class KeyFigure:
    """One headline number for the top of the report."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class ReportSection:
    """A titled block of sentences; `priority` says how readily the PDF may shorten it.

    When a shorter version is needed, `lines` are dropped from the end, but never
    the first `keep` of them; the `footer` lines (totals, caveats) always stay.
    """

    id: str
    title: str
    lines: tuple[str, ...]
    priority: int
    keep: int = 1
    footer: tuple[str, ...] = ()

    @property
    def all_lines(self) -> tuple[str, ...]:
        """The lines and then the footer, as printed when nothing is left out."""
        return self.lines + self.footer


@dataclass(frozen=True)
class RedFlagLine:
    """A red flag found in the diary, as the report prints it."""

    level: str
    heading: str
    title: str
    evidence: str
    advice: str


@dataclass(frozen=True, eq=False)
class ProviderReport:
    """Everything the provider report prints, and the frames its charts draw."""

    start: date
    end: date
    today: date
    title: str
    subtitle: str
    key_figures: tuple[KeyFigure, ...]
    red_flags: tuple[RedFlagLine, ...]
    red_flag_note: str
    sections: tuple[ReportSection, ...]
    questions: tuple[str, ...]
    disclaimer: str
    frequency: Frequency
    severity: Mapping[str, float | None]
    night: Proportion
    woke: Proportion
    typical_hours: tuple[str, str] | None
    trend: Trend
    first_entry: date
    weekly: pd.DataFrame
    monthly: pd.DataFrame
    by_hour: pd.DataFrame
    by_muscle: pd.DataFrame
    causes: pd.DataFrame
    relief: pd.DataFrame
    factors: tuple[FactorComparison, ...]
    effects: tuple[InterventionEffect, ...]

    @property
    def file_stem(self) -> str:
        """The file name without extension, naming the date range."""
        return f"cramp-diary-report_{self.start.isoformat()}_{self.end.isoformat()}"

    def section(self, section_id: str) -> ReportSection:
        """The section with this id."""
        for found in self.sections:
            if found.id == section_id:
                return found
        raise KeyError(section_id)


# --- formatting -------------------------------------------------------------------------


def day_text(day: date) -> str:
    """A date as '2 May 2026'."""
    return f"{day.day} {day:%b %Y}"


def percent(share: float | None) -> str:
    """A share as a whole percentage ('62%'), or '—' when there is none."""
    return "—" if share is None else f"{share * 100:.0f}%"


def interval(low: float | None, high: float | None) -> str:
    """A share's 95% interval as '95% CI 55–70%'."""
    if low is None or high is None:
        return ""
    return f"95% CI {low * 100:.0f}–{high * 100:.0f}%"


def per_week(value: float | None) -> str:
    """A weekly rate with one decimal."""
    return "—" if value is None else f"{value:.1f}"


def duration_text(seconds: float | None) -> str:
    """A duration in words: '45 s', '2 min', '1 min 30 s', '1 h 5 min'."""
    if seconds is None or math.isnan(seconds):
        return "—"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    if minutes == 0:
        return f"{secs} s"
    return f"{minutes} min" + (f" {secs} s" if secs else "")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _clip(text: str, limit: int) -> str:
    """One line of user text: whitespace collapsed, at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


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


# --- the parts --------------------------------------------------------------------------


def _frequency_lines(
    freq: Frequency, start: date, end: date, nights: pd.DataFrame
) -> tuple[str, ...]:
    days = (end - start).days + 1
    coverage = freq.nights_logged / days if days > 0 else None
    lines = [
        f"{_count(freq.nights_logged, 'night')} logged from {day_text(start)} to "
        f"{day_text(end)} ({percent(coverage)} of the nights in the range): "
        f"{_count(freq.cramps, 'cramp')} on {_count(freq.cramp_nights, 'night')}.",
        f"{per_week(freq.cramps_per_week)} cramps a week and "
        f"{per_week(freq.cramp_nights_per_week)} cramp nights a week (per seven logged nights).",
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
        f"Cramps a week: {early[1]:.1f} in the first four weeks of this range "
        f"({early[0]} nights logged), {late[1]:.1f} in the last four weeks "
        f"({late[0]} nights logged)."
    )


def trend_sentence(trend: Trend) -> str:
    """The month-on-month change in cramps per night, with its interval, in words."""
    if not trend.enough_data or trend.per_month is None:
        return (
            f"A trend needs at least {analytics.MIN_TREND_NIGHTS} logged nights over four weeks "
            f"and {analytics.MIN_TREND_CRAMPS} cramps; this range has too few."
        )
    assert trend.low is not None and trend.high is not None
    change, low, high = ((v - 1) * 100 for v in (trend.per_month, trend.low, trend.high))
    direction = "more" if change > 0 else "fewer"
    text = (
        f"Trend over the range: about {abs(change):.0f}% {direction} cramps each month "
        f"(95% CI {low:+.0f}% to {high:+.0f}%)"
    )
    if low > 0 or high < 0:
        return text + "."
    return text + "; chance could explain this, so no clear change."


def _history_lines(
    first_entry: date, start: date, nights: pd.DataFrame, trend: Trend
) -> tuple[str, ...]:
    lines = [
        f"First entry in the diary: {day_text(first_entry)}. The cramps may have begun "
        "earlier; the patient can add what they remember."
    ]
    if first_entry < start:
        lines[0] += f" This report covers the nights from {day_text(start)} on."
    change = change_sentence(nights)
    if change:
        lines.append(change)
    lines.append(trend_sentence(trend))
    return tuple(lines)


def _pain_lines(episodes: pd.DataFrame, severity: Mapping[str, float | None]) -> tuple[str, ...]:
    pain = episodes["pain"].dropna()
    if pain.empty:
        return ("No pain scores were logged in this range.",)
    strong = int((pain >= SIGNIFICANT_PAIN).sum())
    return (
        f"Median pain {_score(severity['pain_median'])} of 10, worst "
        f"{_score(severity['pain_max'])} of 10 ({len(pain)} of "
        f"{_count(len(episodes), 'cramp')} scored).",
        f"{_count(strong, 'cramp')} ({percent(strong / len(pain))}) rated "
        f"{SIGNIFICANT_PAIN} or more.",
    )


def _duration_lines(
    episodes: pd.DataFrame, severity: Mapping[str, float | None]
) -> tuple[str, ...]:
    duration = episodes["duration_s"].dropna()
    if duration.empty:
        return ("No durations were logged in this range.",)
    long = int((duration > LONG_LASTING_S).sum())
    return (
        f"Median {duration_text(severity['duration_median_s'])}, longest "
        f"{duration_text(severity['duration_max_s'])} ({len(duration)} of "
        f"{_count(len(episodes), 'cramp')} timed).",
        f"{_count(long, 'cramp') if long else 'None'} lasted longer than "
        f"{LONG_LASTING_S // 60} minutes.",
    )


def _timing_lines(
    night: Proportion, woke: Proportion, hours: tuple[str, str] | None, by_hour: pd.DataFrame
) -> tuple[str, ...]:
    if not night.total or hours is None:
        return ("No cramps in this range.",)
    lines = [
        f"{percent(night.share)} of cramps began at night, between 20:00 and 08:00 "
        f"({interval(night.low, night.high)}).",
        f"Half of them began between {hours[0]} and {hours[1]}.",
    ]
    top = by_hour.sort_values("cramps", ascending=False, kind="stable").iloc[0]
    hour = int(top["hour"])
    count = _count(int(top["cramps"]), "cramp")
    lines.append(f"Busiest hour: {hour:02d}:00–{(hour + 1) % 24:02d}:00 ({count}).")
    if woke.total:
        lines.append(
            f"{percent(woke.share)} woke the patient ({interval(woke.low, woke.high)}; "
            f"{woke.total} cramps where this was recorded)."
        )
    return tuple(lines)


def _tokens(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.split(LIST_SEPARATOR).explode().loc[lambda s: s != ""]


def _feeling_lines(episodes: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
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
    return tuple(lines), (f"Recorded for {noted} of {_count(len(episodes), 'cramp')}.",)


def _muscle_lines(by_muscle: pd.DataFrame, total: int) -> tuple[str, ...]:
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
        lines.append(f"{label}: {_count(count, 'cramp')} ({percent(count / total)}); {sides}.")
    return tuple(lines[:TOP_MUSCLES])


def _cause_lines(
    causes: pd.DataFrame, factors: Sequence[FactorComparison], episodes: int
) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """Findings first (kept when shortening), then the cause shares; the test summary last."""
    tested = [f for f in factors if f.enough_data]
    flagged = [f.sentence for f in tested if f.flagged]
    lines = list(flagged)
    if episodes and not causes.empty:
        for row in causes.head(TOP_CAUSES).to_dict("records"):
            possible = " (possible only)" if not row["measurable"] else ""
            lines.append(
                f"{row['title']}{possible}: the day before fits in "
                f"{percent(float(row['share']))} of cramps ({int(row['episodes'])})."
            )
    elif episodes:
        lines.append("No cramp in this range has a day-before detail that fits a known cause.")
    waiting = len(factors) - len(tested)
    summary = (
        f"{len(tested)} of {len(FACTORS)} day-before factors could be tested (cramp nights with "
        "vs. without, Fisher's exact test, Benjamini–Hochberg adjusted)"
    )
    if tested and not flagged:
        summary += "; none was linked to cramp nights beyond chance"
    elif flagged:
        summary += f"; {len(flagged)} linked beyond chance, as above"
    if waiting:
        summary += f"; {waiting} need more logged nights"
    footer = (
        summary + ".",
        "A day before that fits a cause is a pattern in the diary, not proof of the cause.",
    )
    return tuple(lines), len(flagged), footer


def _relief_lines(relief: pd.DataFrame, cramps: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not cramps:
        return (), ()
    answered = relief[relief["answered"] > 0] if not relief.empty else relief
    if answered.empty:
        return ("What was tried for relief, and whether it helped, was not recorded.",), ()
    lines = [
        f"{row['label']}: helped with {int(row['helped'])} of "
        f"{_count(int(row['answered']), 'cramp')} ({percent(float(row['share']))}, "
        f"{interval(float(row['low']), float(row['high']))})."
        for row in answered.to_dict("records")
    ]
    caveat = (
        "When several things were tried for one cramp, each gets the credit: an association, "
        "not proof."
    )
    return tuple(lines), (caveat,)


def _risk_lines(profile: Profile) -> tuple[str, ...]:
    present = [
        r.title
        for r in RISK_FACTORS
        if r.profile_field is not None and bool(getattr(profile, r.profile_field))
    ]
    if present:
        return (f"Set in the patient's profile: {', '.join(present)}.",)
    named = ", ".join(r.title.lower() for r in RISK_FACTORS if r.profile_field is not None)
    return (f"None set in the profile ({named}).",)


def _note_lines(episodes: pd.DataFrame) -> tuple[str, ...]:
    notes = episodes[episodes["note"].fillna("").astype(str).str.strip() != ""]
    if notes.empty:
        return ()
    recent = notes.sort_values(["night", "onset"], ascending=False).head(MAX_NOTES)
    return tuple(
        f"{day_text(pd.Timestamp(row['night']).date())}, "
        f"{MUSCLES.get(str(row['muscle']), str(row['muscle'])).lower()}: "
        f"{_clip(str(row['note']), MAX_NOTE_CHARS)}"
        for row in recent.to_dict("records")
    )


def _change_lines(effects: Sequence[InterventionEffect]) -> tuple[str, ...]:
    if not effects:
        return ("No changes (new routine, shoes, supplement, ...) recorded for this range.",)
    return tuple(effect.sentence for effect in effects)


def _questions(selected: Iterable[str], own: str | Iterable[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for question_id in selected:
        question = PROVIDER_QUESTION_BY_ID.get(question_id)
        if question is None or question.asked_by != "patient":
            raise ReportError(f"There is no question '{question_id}' to add to the report.")
        chosen.append(question.title)
    lines = own.splitlines() if isinstance(own, str) else list(own)
    written = [_clip(line, MAX_QUESTION_CHARS) for line in lines if line.strip()]
    return tuple(dict.fromkeys([*chosen, *written[:MAX_OWN_QUESTIONS]]))


def _red_flag_lines(findings: Sequence[RedFlagFinding]) -> tuple[RedFlagLine, ...]:
    return tuple(
        RedFlagLine(
            level=f.level,
            heading=LEVEL_HEADINGS[f.level],
            title=f.title,
            evidence=f.evidence,
            advice=LEVEL_ADVICE[f.level],
        )
        for f in findings
    )


NO_CRAMPS = (
    "No cramps were logged in this range: every logged night was cramp-free, so there is no "
    "pain, duration, timing or place to report."
)

RED_FLAG_NONE = (
    "No warning signs found in this range. The diary checks pain of 8 or more, cramps "
    "over 15 minutes, leg cramps that wake, frequent or worsening cramps, and the signs "
    "ticked with a cramp (swelling, numbness, skin changes, weakness, cramps all over the "
    "body, contact with a poison)."
)


def _key_figures(
    freq: Frequency,
    severity: Mapping[str, float | None],
    night: Proportion,
    woke: Proportion,
    hours: tuple[str, str] | None,
    first_entry: date,
) -> tuple[KeyFigure, ...]:
    return (
        KeyFigure(
            "Cramps per week",
            per_week(freq.cramps_per_week),
            f"{_count(freq.cramps, 'cramp')} in {_count(freq.nights_logged, 'logged night')}",
        ),
        KeyFigure(
            "Cramp nights per week",
            per_week(freq.cramp_nights_per_week),
            f"{_count(freq.cramp_nights, 'night')} with cramps",
        ),
        KeyFigure(
            "Cramp-free nights",
            percent(freq.cramp_free.share),
            interval(freq.cramp_free.low, freq.cramp_free.high),
        ),
        KeyFigure(
            "Pain, median (0–10)",
            _score(severity["pain_median"]),
            f"worst {_score(severity['pain_max'])} of 10"
            if severity["pain_max"] is not None
            else "",
        ),
        KeyFigure(
            "Duration, median",
            duration_text(severity["duration_median_s"]),
            f"longest {duration_text(severity['duration_max_s'])}"
            if severity["duration_max_s"] is not None
            else "",
        ),
        KeyFigure(
            "At night (20:00–08:00)",
            percent(night.share),
            f"half between {hours[0]} and {hours[1]}" if hours else "no cramps",
        ),
        KeyFigure(
            "Woke the patient",
            percent(woke.share),
            f"of {_count(woke.total, 'cramp')} recorded" if woke.total else "not recorded",
        ),
        KeyFigure(
            "First diary entry",
            day_text(first_entry),
            "the cramps may be older",
        ),
    )


# --- the report -------------------------------------------------------------------------


def build_report(
    nights: pd.DataFrame,
    episodes: pd.DataFrame,
    *,
    profile: Profile,
    interventions: Sequence[tuple[str, date, date | None]],
    red_flags: Sequence[RedFlagFinding],
    today: date,
    start: date | None = None,
    end: date | None = None,
    questions: Iterable[str] = (),
    own_questions: str | Iterable[str] = (),
    first_entry: date | None = None,
    tested_tips: Sequence[str] = (),
) -> ProviderReport:
    """The provider report for the nights in the frames (a date range of the diary).

    `interventions` are (name, started_on, ended_on) of the changes the person
    made; those overlapping the range are compared before vs. after. `red_flags`
    are the findings of `core.red_flags.find_red_flags` for the same frames.
    `questions` are ids of `PATIENT_QUESTIONS`; `own_questions` is free text, one
    question a line. `start`/`end` default to the first and last night logged,
    `first_entry` (the first night in the whole diary) to `start`. `tested_tips`
    are the self-experiments' result sentences (core.experiments), printed as
    they are.
    Raises ReportError when no night is logged in the range.
    """
    if nights.empty:
        where = (
            f" between {day_text(start)} and {day_text(end)}" if start and end else " in this range"
        )
        raise ReportError(
            f"No nights are logged{where}, so there is nothing to report. Choose dates that "
            "include nights you logged (with or without cramps)."
        )
    start = start or nights["night"].min().date()
    end = end or nights["night"].max().date()
    if end < start:
        raise ReportError("The end date of the report is before its start date.")
    first_entry = min(first_entry or start, nights["night"].min().date())

    freq = analytics.frequency(nights)
    severity = analytics.severity_summary(episodes)
    night = analytics.night_share(episodes)
    woke = analytics.woke_share(episodes)
    hours = analytics.typical_hours(episodes)
    trend = analytics.trend(nights)
    by_hour = analytics.onset_by_hour(episodes)
    by_muscle = analytics.by_muscle_and_side(episodes)
    relief = analytics.relief_effect(episodes)
    causes = cause_shares(tag_episodes(episodes, profile), len(episodes))
    factors = tuple(compare_factors(nights, profile))
    effects = tuple(
        compare_intervention(nights, name=name, started_on=started, ended_on=ended)
        for name, started, ended in interventions
        if started <= end and (ended is None or ended >= start)
    )

    def titled(question_id: str) -> str:
        return PROVIDER_QUESTION_BY_ID[question_id].title

    feelings, feelings_total = _feeling_lines(episodes)
    cause_lines, findings, cause_footer = _cause_lines(causes, factors, len(episodes))
    relief_lines, relief_caveat = _relief_lines(relief, len(episodes))

    sections = (
        ReportSection(
            "frequency", "How often", _frequency_lines(freq, start, end, nights), ESSENTIAL, 3
        ),
        ReportSection(
            "history",
            titled("onset_history"),
            _history_lines(first_entry, start, nights, trend),
            ESSENTIAL,
            3,
        ),
    )
    about_cramps: tuple[ReportSection, ...] = (
        ReportSection("pain", titled("pain_severity"), _pain_lines(episodes, severity), ESSENTIAL),
        ReportSection(
            "duration", titled("duration"), _duration_lines(episodes, severity), ESSENTIAL
        ),
        ReportSection(
            "timing", titled("timing"), _timing_lines(night, woke, hours, by_hour), ESSENTIAL, 2
        ),
        ReportSection("feel", titled("feel"), feelings, DETAIL, 2, feelings_total),
        ReportSection(
            "muscles", "Where: muscles and sides", _muscle_lines(by_muscle, len(episodes)), DETAIL
        ),
    )
    if episodes.empty:
        about_cramps = (ReportSection("cramps", "The cramps", (NO_CRAMPS,), ESSENTIAL),)
    supporting = (
        ReportSection(
            "causes",
            "Possible causes in the diary",
            cause_lines,
            SUPPORTING,
            findings,
            cause_footer,
        ),
        ReportSection(
            "changes", "Changes tried and their effect", _change_lines(effects), SUPPORTING
        ),
        ReportSection("tested", "Tips tested and their result", tuple(tested_tips), SUPPORTING),
        ReportSection(
            "relief", "What relieved the cramps", relief_lines, SUPPORTING, 1, relief_caveat
        ),
        ReportSection("risk", "Risk factors the article names", _risk_lines(profile), DETAIL),
        ReportSection(
            "notes", "Notes from the diary (most recent first)", _note_lines(episodes), OPTIONAL, 0
        ),
    )
    return ProviderReport(
        start=start,
        end=end,
        today=today,
        title="Muscle cramp diary: summary for a healthcare visit",
        subtitle=(
            f"Nights {day_text(start)} – {day_text(end)} · prepared {day_text(today)} from "
            "the patient's own diary (Cramp Diary)"
        ),
        key_figures=_key_figures(freq, severity, night, woke, hours, first_entry),
        red_flags=_red_flag_lines(red_flags),
        red_flag_note="" if red_flags else RED_FLAG_NONE,
        sections=tuple(s for s in (*sections, *about_cramps, *supporting) if s.lines),
        questions=_questions(questions, own_questions),
        disclaimer=NOT_MEDICAL_ADVICE,
        frequency=freq,
        severity=dict(severity),
        night=night,
        woke=woke,
        typical_hours=hours,
        trend=trend,
        first_entry=first_entry,
        weekly=analytics.weekly_summary(nights),
        monthly=monthly_frequency(nights),
        by_hour=by_hour,
        by_muscle=by_muscle,
        causes=causes,
        relief=relief,
        factors=factors,
        effects=effects,
    )


def report_text(report: ProviderReport) -> str:
    """The whole report as plain text (the print-friendly view and a check on the renderers)."""
    out = [report.title, report.subtitle, ""]
    out.append("WARNING SIGNS")
    if report.red_flags:
        for level in ("emergency", "provider"):
            found = [f for f in report.red_flags if f.level == level]
            if not found:
                continue
            out.append(f"{found[0].heading}: {found[0].advice}")
            out.extend(f"- {f.title}: {f.evidence}." for f in found)
    else:
        out.append(report.red_flag_note)
    out.append("")
    out.append("KEY FIGURES")
    for figure in report.key_figures:
        detail = f" ({figure.detail})" if figure.detail else ""
        out.append(f"- {figure.label}: {figure.value}{detail}")
    for section in report.sections:
        out.extend(["", section.title.upper()])
        out.extend(f"- {line}" for line in section.all_lines)
    out.extend(["", "QUESTIONS FOR THE PROVIDER"])
    if report.questions:
        out.extend(f"- {q}" for q in report.questions)
    else:
        out.append("- (none)")
    out.extend(["", report.disclaimer])
    return "\n".join(out)
