"""The provider visit report: every number and sentence it prints, built from the diary.

`build_report` reads the standard frames of `core.frames` for a date range and
answers the questions the article says a provider asks (how bad, when, how
long, what it feels like, since when), plus frequency in the units trials and
clinicians use, where, possible causes, changes tried, relief, red flags, risk
factors and the patient's own questions; `core.report.sections` words each
section. The PDF, the HTML file, the plain text and the page preview all print
from the one `ProviderReport`, so paper and screen show the same numbers.
Nothing here draws or writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from core import wording
from core.article.advice import cause_shares
from core.article.causes import (
    NOT_MEDICAL_ADVICE,
    PROVIDER_QUESTION_BY_ID,
    PROVIDER_QUESTIONS,
    ProviderQuestion,
)
from core.article.red_flags import RedFlagFinding, RedFlagGroup, group_by_level
from core.article.tagging import tag_episodes
from core.diary import NIGHT_WINDOW
from core.medicines.analysis import trigger_findings
from core.medicines.medicine import Medicine
from core.profile import Profile
from core.report.medicines import medicine_lines
from core.report.sections import (
    cause_lines,
    change_lines,
    duration_lines,
    feeling_lines,
    frequency_lines,
    history_lines,
    monthly_frequency,
    muscle_lines,
    note_lines,
    pain_lines,
    relief_lines,
    risk_lines,
    timing_lines,
)
from core.stats import analytics
from core.stats.analytics import Frequency, Proportion, Trend
from core.stats.trigger_model import TriggerFinding
from core.stats.triggers import InterventionEffect, compare_intervention

# The article's questions a patient may want to ask (tickable on the page).
PATIENT_QUESTIONS: tuple[ProviderQuestion, ...] = tuple(
    q for q in PROVIDER_QUESTIONS if q.asked_by == "patient"
)
MAX_OWN_QUESTIONS = 10
MAX_QUESTION_CHARS = 300
DEFAULT_REPORT_DAYS = 91  # about three months: what a provider asks about at a visit

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


@dataclass(frozen=True, eq=False)
class ProviderReport:
    """Everything the provider report prints, and the frames its charts draw."""

    start: date
    end: date
    today: date
    title: str
    subtitle: str
    key_figures: tuple[KeyFigure, ...]
    red_flag_groups: tuple[RedFlagGroup, ...]
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
    factors: tuple[TriggerFinding, ...]
    effects: tuple[InterventionEffect, ...]
    tested_tips: tuple[str, ...] = ()  # the self-experiments' result sentences

    @property
    def red_flags(self) -> tuple[RedFlagFinding, ...]:
        """Every red flag found, most urgent level first."""
        return tuple(flag for group in self.red_flag_groups for flag in group.flags)

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


def _if_known(template: str, value: float | None, word: Callable[[float], str]) -> str:
    """`template` with the worded value in it, or nothing when the value is not known."""
    return "" if value is None else template.format(word(value))


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
            wording.weekly_rate(freq.cramps_per_week),
            f"{wording.plural(freq.cramps, 'cramp')} in "
            f"{wording.plural(freq.nights_logged, 'logged night')}",
        ),
        KeyFigure(
            "Cramp nights per week",
            wording.weekly_rate(freq.cramp_nights_per_week),
            f"{wording.plural(freq.cramp_nights, 'night')} with cramps",
        ),
        KeyFigure(
            "Cramp-free nights",
            wording.percent(freq.cramp_free.share),
            wording.interval(freq.cramp_free.low, freq.cramp_free.high),
        ),
        KeyFigure(
            "Pain, median (0–10)",
            wording.score(severity["pain_median"]),
            _if_known("worst {} of 10", severity["pain_max"], wording.score),
        ),
        KeyFigure(
            "Duration, median",
            wording.duration_text(severity["duration_median_s"]),
            _if_known("longest {}", severity["duration_max_s"], wording.duration_text),
        ),
        KeyFigure(
            f"At night ({NIGHT_WINDOW})",
            wording.percent(night.share),
            f"half between {hours[0]} and {hours[1]}" if hours else "no cramps",
        ),
        KeyFigure(
            "Woke the patient",
            wording.percent(woke.share),
            f"of {wording.plural(woke.total, 'cramp')} recorded" if woke.total else "not recorded",
        ),
        KeyFigure(
            "First diary entry",
            wording.day_text(first_entry),
            "the cramps may be older",
        ),
    )


def _questions(selected: Iterable[str], own: str | Iterable[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for question_id in selected:
        question = PROVIDER_QUESTION_BY_ID.get(question_id)
        if question is None or question.asked_by != "patient":
            raise ReportError(f"There is no question '{question_id}' to add to the report.")
        chosen.append(question.title)
    lines = own.splitlines() if isinstance(own, str) else list(own)
    written = [wording.clip(line, MAX_QUESTION_CHARS) for line in lines if line.strip()]
    return tuple(dict.fromkeys([*chosen, *written[:MAX_OWN_QUESTIONS]]))


def _report_range(
    nights: pd.DataFrame, start: date | None, end: date | None, first_entry: date | None
) -> tuple[date, date, date]:
    """The range's first and last night and the diary's first entry, or why there is no report."""
    if nights.empty:
        where = (
            f" between {wording.day_text(start)} and {wording.day_text(end)}"
            if start and end
            else " in this range"
        )
        raise ReportError(
            f"No nights are logged{where}, so there is nothing to report. Choose dates that "
            "include nights you logged (with or without cramps)."
        )
    first_night = nights["night"].min().date()
    start = start or first_night
    end = end or nights["night"].max().date()
    if end < start:
        raise ReportError("The end date of the report is before its start date.")
    return start, end, min(first_entry or start, first_night)


def _sections(
    report: ProviderReport,
    nights: pd.DataFrame,
    episodes: pd.DataFrame,
    profile: Profile,
    medicines: Sequence[Medicine] = (),
) -> tuple[ReportSection, ...]:
    """Every section with something to say, in the order printed."""
    lines, footer = medicine_lines(medicines, nights, report.start, report.end)

    def titled(question_id: str) -> str:
        return PROVIDER_QUESTION_BY_ID[question_id].title

    freq, severity, count = report.frequency, report.severity, len(episodes)
    feelings, feelings_total = feeling_lines(episodes)
    causes, findings, cause_footer = cause_lines(report.causes, report.factors, count)
    relief, relief_caveat = relief_lines(report.relief, count)
    history = history_lines(report.first_entry, report.start, nights, report.trend)
    timing = timing_lines(report.night, report.woke, report.typical_hours, report.by_hour)
    about_cramps: tuple[ReportSection, ...] = (
        ReportSection("pain", titled("pain_severity"), pain_lines(episodes, severity), ESSENTIAL),
        ReportSection(
            "duration", titled("duration"), duration_lines(episodes, severity), ESSENTIAL
        ),
        ReportSection("timing", titled("timing"), timing, ESSENTIAL, 2),
        ReportSection("feel", titled("feel"), feelings, DETAIL, 2, feelings_total),
        ReportSection(
            "muscles",
            "Where: muscles and sides",
            muscle_lines(report.by_muscle, count),
            DETAIL,
        ),
    )
    if episodes.empty:
        about_cramps = (ReportSection("cramps", "The cramps", (NO_CRAMPS,), ESSENTIAL),)
    sections = (
        ReportSection(
            "frequency",
            "How often",
            frequency_lines(freq, report.start, report.end, nights),
            ESSENTIAL,
            3,
        ),
        ReportSection("history", titled("onset_history"), history, ESSENTIAL, 3),
        *about_cramps,
        ReportSection(
            "causes", "Possible causes in the diary", causes, SUPPORTING, findings, cause_footer
        ),
        ReportSection(
            "changes",
            "Changes tried and their effect",
            change_lines(report.effects),
            SUPPORTING,
        ),
        ReportSection("medicines", "Medicines", lines, SUPPORTING, len(lines), footer),
        ReportSection("tested", "Tips tested and their result", report.tested_tips, SUPPORTING),
        ReportSection("relief", "What relieved the cramps", relief, SUPPORTING, 1, relief_caveat),
        ReportSection("risk", "Risk factors the article names", risk_lines(profile), DETAIL),
        ReportSection(
            "notes",
            "Notes from the diary (most recent first)",
            note_lines(episodes),
            OPTIONAL,
            0,
        ),
    )
    return tuple(s for s in sections if s.lines)


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
    credits: Sequence[str] = (),
    medicines: Sequence[Medicine] = (),
) -> ProviderReport:
    """The provider report for the nights in the frames (a date range of the diary).

    `interventions` are (name, started_on, ended_on) of the changes the person
    made; those overlapping the range are compared before vs. after. `red_flags`
    are the findings of `core.article.red_flags.find_red_flags` for the same frames.
    `questions` are ids of `PATIENT_QUESTIONS`; `own_questions` is free text, one
    question a line. `start`/`end` default to the first and last night logged,
    `first_entry` (the first night in the whole diary) to `start`. `tested_tips`
    are the self-experiments' result sentences (core.experiments), printed as
    they are. `credits` name the sources of data the report relies on (the weather's
    licence asks for it), printed after the disclaimer. `medicines` is the medicine list:
    listed in its own block, and the medication factor when it holds a medicine of a
    linked class.
    Raises ReportError when no night is logged in the range.
    """
    start, end, first_entry = _report_range(nights, start, end, first_entry)
    freq = analytics.frequency(nights)
    severity = analytics.severity_summary(episodes)
    night = analytics.night_share(episodes)
    woke = analytics.woke_share(episodes)
    hours = analytics.typical_hours(episodes)
    report = ProviderReport(
        start=start,
        end=end,
        today=today,
        title="Muscle cramp diary: summary for a healthcare visit",
        subtitle=(
            f"Nights {wording.day_text(start)} – {wording.day_text(end)} · "
            f"prepared {wording.day_text(today)} from "
            "the patient's own diary (Cramp Diary)"
        ),
        key_figures=_key_figures(freq, severity, night, woke, hours, first_entry),
        red_flag_groups=group_by_level(red_flags),
        red_flag_note="" if red_flags else RED_FLAG_NONE,
        sections=(),  # filled in below, from the figures of this report
        questions=_questions(questions, own_questions),
        disclaimer=" ".join((NOT_MEDICAL_ADVICE, *credits)),
        frequency=freq,
        severity=dict(severity),
        night=night,
        woke=woke,
        typical_hours=hours,
        trend=analytics.trend(nights),
        first_entry=first_entry,
        weekly=analytics.weekly_summary(nights),
        monthly=monthly_frequency(nights),
        by_hour=analytics.onset_by_hour(episodes),
        by_muscle=analytics.by_muscle_and_side(episodes),
        causes=cause_shares(tag_episodes(episodes, profile), len(episodes)),
        relief=analytics.relief_effect(episodes),
        factors=trigger_findings(nights, profile, medicines),
        effects=tuple(
            compare_intervention(nights, name=name, started_on=started, ended_on=ended)
            for name, started, ended in interventions
            if started <= end and (ended is None or ended >= start)
        ),
        tested_tips=tuple(tested_tips),
    )
    return replace(report, sections=_sections(report, nights, episodes, profile, medicines))


def default_report_start(first: date, last: date) -> date:
    """The first night of a report by default: the last three months, or the whole diary."""
    return max(first, last - timedelta(days=DEFAULT_REPORT_DAYS - 1))


def report_text(report: ProviderReport) -> str:
    """The whole report as plain text (the print-friendly view and a check on the renderers)."""
    out = [report.title, report.subtitle, "", "WARNING SIGNS"]
    for group in report.red_flag_groups:
        out.append(f"{group.heading}: {group.advice}")
        out.extend(f"- {f.title}: {f.evidence}." for f in group.flags)
    if not report.red_flag_groups:
        out.append(report.red_flag_note)
    out.extend(["", "KEY FIGURES"])
    for figure in report.key_figures:
        detail = f" ({figure.detail})" if figure.detail else ""
        out.append(f"- {figure.label}: {figure.value}{detail}")
    for section in report.sections:
        out.extend(["", section.title.upper()])
        out.extend(f"- {line}" for line in section.all_lines)
    out.extend(["", "QUESTIONS FOR THE PROVIDER"])
    out.extend(f"- {q}" for q in report.questions or ("(none)",))
    out.extend(["", report.disclaimer])
    return "\n".join(out)
