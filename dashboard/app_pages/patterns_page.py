"""Patterns: how often, when, where, how bad, why, what helps, and did a change work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from core.medicines.factor import list_label, medication_nights, medicine_marks
from core.medicines.medicine import Medicine
from core.profile import Profile
from core.stats.patterns import Patterns, compute_patterns
from core.stats.triggers import BEFORE_AFTER_CAUTION, before_after_cannot_tell, compare_intervention
from core.wording import MISSING, day_text, duration_text, percent, score, weekly_rate
from dashboard.navigation import PageLink, diary_span_or_stop, page_link
from dashboard.pages import CHANGES, LOG
from dashboard.ui import figures
from dashboard.ui.experiment_panels import tested_tips_section
from dashboard.ui.resources import DiaryKey, current_profile, diary_frames, diary_key, get_engine
from dashboard.ui.widgets import literal_markdown, night_range
from db.repository import list_interventions, list_medicines

if TYPE_CHECKING:  # the trigger model is imported when the "Why" section is opened
    from core.stats.trigger_model import TriggerAnalysis

# No toolbar: on a phone it sits on top of the chart's title.
PLOT = {"displayModeBar": False}

engine = get_engine()
profile = current_profile()
st.title("Patterns")

first, last = diary_span_or_stop(
    "Nothing to show yet. Log your cramps — and the nights without them — on the **Log** "
    "page; patterns appear as the diary grows.",
    [PageLink(LOG, "Log an entry")],
)
# The whole diary by default: the trigger analysis needs every night it can get.
start, end = night_range("patterns_range", first, last, default_start=first)
if start > first:
    st.caption(f"From {day_text(start)}; choose an earlier start to see your whole diary.")


# Data, not a resource: every session gets its own copy, so no page can change another's.
@st.cache_data(max_entries=16, show_spinner="Working out your patterns…")
def _patterns(
    _engine: Engine, diary: DiaryKey, start: date, end: date, profile: Profile
) -> Patterns:
    """Everything the page shows, computed once per diary version, range and profile."""
    nights, episodes = diary_frames(start, end)
    # The medicine list, when it holds a medicine of a linked class, is the medication factor.
    nights = medication_nights(nights, _medicines(_engine, diary)).nights
    return compute_patterns(nights, episodes, profile, list_interventions(engine=_engine))


@st.cache_data(max_entries=16, show_spinner="Looking for what goes with your cramps…")
def _triggers(
    _engine: Engine, diary: DiaryKey, start: date, end: date, profile: Profile
) -> TriggerAnalysis:
    """The trigger analysis of the range's nights (the medicine list's nights included),
    computed only when asked for: the slow part of the page."""
    from core.stats.trigger_model import analyse_triggers

    return analyse_triggers(_patterns(_engine, diary, start, end, profile).nights, profile)


@st.cache_data(max_entries=16, show_spinner=False)
def _medicines(_engine: Engine, diary: DiaryKey) -> list[Medicine]:
    """The medicine list, read once per diary version."""
    del diary  # the cache key only
    return list_medicines(engine=_engine)


FIGURES: dict[str, Callable[[Patterns, date, date], go.Figure]] = {
    "weekly": lambda d, s, e: figures.weekly_chart(
        d.weekly, d.change_markers(s, e), medicine_marks(_medicines(engine, diary_key()), s, e)
    ),
    "cramp_free": lambda d, s, e: figures.cramp_free_chart(d.weekly),
    "calendar": lambda d, s, e: figures.calendar_chart(d.calendar),
    "hour": lambda d, s, e: figures.hour_chart(d.by_hour),
    "heatmap": lambda d, s, e: figures.heatmap_chart(d.grid),
    "muscle": lambda d, s, e: figures.muscle_chart(d.by_muscle),
    "duration": lambda d, s, e: figures.duration_chart(d.episodes),
    "pain": lambda d, s, e: figures.pain_chart(d.episodes),
    "severity": lambda d, s, e: figures.severity_over_time_chart(d.monthly),
    "causes": lambda d, s, e: figures.cause_chart(d.measurable_causes()),
    "factors": lambda d, s, e: figures.factor_chart(
        _triggers(engine, diary_key(), s, e, profile).findings
    ),
    "relief": lambda d, s, e: figures.relief_chart(d.relief),
    "interventions": lambda d, s, e: figures.intervention_chart(list(d.effects)),
}


@st.cache_data(max_entries=256, show_spinner=False)
def _figure(
    _engine: Engine, diary: DiaryKey, start: date, end: date, profile: Profile, name: str
) -> go.Figure:
    """A chart, built once per diary version, range and profile."""
    return FIGURES[name](_patterns(_engine, diary, start, end, profile), start, end)


key = diary_key()
data = _patterns(engine, key, start, end, profile)


def chart(name: str, where: Any = st) -> None:
    """Draw one of the page's charts."""
    where.plotly_chart(
        _figure(engine, key, start, end, profile, name),
        config=PLOT,
        key=f"patterns_{name}",
    )


nights = data.nights
episodes = data.episodes
freq = data.frequency


if nights.empty:
    st.info("No nights logged in this range. Widen the dates.")
    st.stop()

cols = st.columns(3)
cols[0].metric("Cramps per week", weekly_rate(freq.cramps_per_week))
cols[1].metric("Cramp nights per week", weekly_rate(freq.cramp_nights_per_week))
cols[2].metric(
    "Cramp-free nights",
    percent(freq.cramp_free.share),
    help=f"95% range {percent(freq.cramp_free.low)}–{percent(freq.cramp_free.high)}",
)
st.caption(
    f"{freq.nights_logged} nights logged, {freq.cramps} cramps. Per week means per seven "
    "logged nights; nights you did not log are not counted as cramp-free."
)


def _how_often() -> None:
    chart("weekly")
    trend = data.trend
    if trend.enough_data:
        st.markdown(trend.sentence)
    else:
        st.caption(trend.sentence)
    chart("cramp_free")
    chart("calendar")


def _when() -> None:
    woke = data.woke
    hours = data.typical_hours
    assert hours is not None  # there are cramps
    st.markdown(
        f"Half of the cramps began between **{hours[0]}** and **{hours[1]}**. "
        + (
            f"**{percent(woke.share)}** woke you "
            f"(95% range {percent(woke.low)}–{percent(woke.high)}, "
            f"{woke.total} cramps where you said)."
            if woke.total
            else ""
        )
    )
    chart("hour")
    chart("heatmap")


def _how_bad() -> None:
    sev = data.severity
    four = st.columns(4)
    median, worst = sev["pain_median"], sev["pain_max"]
    four[0].metric("Median pain", MISSING if median is None else f"{score(median)}/10")
    four[1].metric("Worst pain", MISSING if worst is None else f"{score(worst)}/10")
    four[2].metric("Median length", duration_text(sev["duration_median_s"]))
    four[3].metric("Longest", duration_text(sev["duration_max_s"]))
    left, right = st.columns(2)
    chart("duration", left)
    chart("pain", right)
    if len(data.monthly) >= 2:
        chart("severity")


def _why() -> None:
    from core.medicines.analysis import name_medication
    from core.stats.findings import findings_from_model
    from core.stats.trigger_model import FAMILY_ALPHA, power_sentence

    if episodes.empty or data.measurable_causes().empty:
        st.info("No cramp in this range has a day-before detail that fits a known cause.")
    else:
        chart("causes")
        st.caption(
            "A cause fits a cramp when the day before matches it (for example less water than "
            "your target). Fitting is not proof: the comparison below checks whether cramps are "
            "really more common on such nights."
        )
    st.subheader("Is it more than chance?")
    triggers = _triggers(engine, key, start, end, profile)
    if any(f.odds_ratio is not None for f in triggers.findings):
        chart("factors")
    label = list_label(_medicines(engine, key))
    for finding in findings_from_model(triggers):
        finding = name_medication(finding, label)
        # Only a linked factor or a missing answer gets a mark; a plain sentence needs none.
        # Material icons ship with Streamlit, so no phone shows an empty box for an emoji.
        if finding.linked:
            marker = ":material/priority_high: "
        else:
            marker = "" if finding.tested else ":material/hourglass_empty: "
        st.markdown(marker + finding.summary)
    st.caption(
        "One model looks at every factor at once, so each is judged with the others held "
        "fixed, and allows for the time of year. For amounts (water, hours, stress) it tries "
        "your own threshold, a few others and a steady change per unit, and pays for trying "
        "several. Nights with some details blank still count. A factor is called linked only "
        "when chance is unlikely even after testing all of them (at most a "
        f"{percent(FAMILY_ALPHA)} risk of any false alarm). " + power_sentence(triggers.nights)
    )


def _what_helps() -> None:
    relief = data.relief
    if relief.empty or int(relief["answered"].sum()) == 0:
        st.info("Say what you tried, and whether it helped, when you log a cramp.")
        return
    chart("relief")
    st.caption(
        "When you tried several things for one cramp, each gets the credit, so this shows "
        "what went with relief, not what caused it."
    )


def _changes() -> None:
    effects = data.effects
    if not effects:
        st.info(
            "Record a change you make (a stretching routine, new shoes, …) on the "
            "**Changes** page to compare before and after."
        )
        page_link(PageLink(CHANGES, "Record a change"))
    else:
        if any(e.enough_data for e in effects):
            chart("interventions")
        for effect in effects:
            st.markdown(f"- {literal_markdown(effect.sentence)}")  # holds a name the person typed
    for item in _medicines(engine, key):  # each medicine's start, judged like a change
        effect = compare_intervention(
            data.nights, name=item.name, started_on=item.started_on, ended_on=item.stopped_on
        )
        st.markdown(f"- {literal_markdown(effect.sentence)}")
    st.caption(before_after_cannot_tell() or BEFORE_AFTER_CAUTION)
    tested_tips_section(date.today())  # self-experiments: the fair test of a tip


# One section at a time: a phone scrolls less, and a rerun draws three charts, not thirteen.
SECTIONS: dict[str, Callable[[], None]] = {
    "How often": _how_often,
    "When": _when,
    "Where": lambda: chart("muscle"),
    "How bad": _how_bad,
    "Why": _why,
    "What helps": _what_helps,
    "Changes": _changes,
}
NEEDS_CRAMPS = ("When", "Where", "How bad")  # nothing to draw for these without a cramp
FIRST = next(iter(SECTIONS))
view = st.segmented_control("Show", list(SECTIONS), default=FIRST, key="patterns_view") or FIRST
if view in NEEDS_CRAMPS and episodes.empty:
    st.info("No cramps in this range.")
else:
    SECTIONS[view]()
