"""Patterns: how often, when, where, how bad, why, what helps, and did a change work."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from core.article.advice import cause_shares
from core.article.tagging import tag_episodes
from core.medicines.analysis import name_medication
from core.medicines.factor import medication_nights
from core.medicines.medicine import Medicine
from core.profile import Profile
from core.stats import analytics
from core.stats.findings import findings_from_model
from core.stats.trigger_model import FAMILY_ALPHA, TriggerAnalysis, analyse_triggers, power_sentence
from core.stats.triggers import BEFORE_AFTER_CAUTION, compare_intervention
from core.wording import MISSING, day_text, duration_text, percent, score, weekly_rate
from dashboard.navigation import PageLink, diary_span_or_stop, page_link
from dashboard.pages import CHANGES, LOG
from dashboard.ui import figures
from dashboard.ui.experiment_panels import tested_tips_section
from dashboard.ui.resources import DiaryKey, current_profile, diary_frames, diary_key, get_engine
from dashboard.ui.widgets import literal_markdown, night_range
from db.repository import list_interventions, list_medicines

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


# Resources, not data: the page only reads these, so no copy is made on each rerun.
@st.cache_resource(max_entries=16, show_spinner="Working out your patterns…")
def _patterns(
    _engine: Engine, diary: DiaryKey, start: date, end: date, profile: Profile
) -> dict[str, Any]:
    """Everything the page shows, computed once per diary version, range and profile."""
    del diary  # the cache key only
    nights, episodes = diary_frames(start, end)
    tags = tag_episodes(episodes, profile)
    interventions = list_interventions(engine=_engine)
    medicines = list_medicines(engine=_engine)
    # The medicine list, when it holds a medicine of a linked class, is the medication factor.
    medication = medication_nights(nights, medicines)
    return {
        "nights": nights,
        "episodes": episodes,
        "weekly": analytics.weekly_summary(nights),
        "frequency": analytics.frequency(nights),
        "trend": analytics.trend(nights),
        "by_hour": analytics.onset_by_hour(episodes),
        "grid": analytics.hour_weekday_grid(episodes),
        "woke": analytics.woke_share(episodes),
        "typical_hours": analytics.typical_hours(episodes),
        "by_muscle": analytics.by_muscle_and_side(episodes),
        "calendar": analytics.calendar(nights),
        "severity": analytics.severity_summary(episodes),
        "monthly": analytics.monthly_severity(episodes),
        "causes": cause_shares(tags, len(episodes)),
        "relief": analytics.relief_effect(episodes),
        "triggers": analyse_triggers(medication.nights, profile),
        "medication_label": medication.label,
        "interventions": interventions,
        "medicines": medicines,
        "effects": [
            compare_intervention(nights, name=i.name, started_on=i.started_on, ended_on=i.ended_on)
            for i in interventions
        ]
        + [
            compare_intervention(
                nights, name=m.name, started_on=m.started_on, ended_on=m.stopped_on
            )
            for m in medicines
        ],
    }


def _markers(data: dict[str, Any], start: date, end: date) -> list[tuple[date, str]]:
    return [(i.started_on, i.name) for i in data["interventions"] if start <= i.started_on <= end]


def _medicine_markers(data: dict[str, Any], start: date, end: date) -> list[tuple[date, str]]:
    items: list[Medicine] = data["medicines"]
    marks = [(m.started_on, f"{m.name} started") for m in items]
    marks += [(m.stopped_on, f"{m.name} stopped") for m in items if m.stopped_on is not None]
    return [(day, label) for day, label in marks if start <= day <= end]


FIGURES: dict[str, Callable[[dict[str, Any], date, date], go.Figure]] = {
    "weekly": lambda d, s, e: figures.weekly_chart(
        d["weekly"], _markers(d, s, e), _medicine_markers(d, s, e)
    ),
    "cramp_free": lambda d, s, e: figures.cramp_free_chart(d["weekly"]),
    "calendar": lambda d, s, e: figures.calendar_chart(d["calendar"]),
    "hour": lambda d, s, e: figures.hour_chart(d["by_hour"]),
    "heatmap": lambda d, s, e: figures.heatmap_chart(d["grid"]),
    "muscle": lambda d, s, e: figures.muscle_chart(d["by_muscle"]),
    "duration": lambda d, s, e: figures.duration_chart(d["episodes"]),
    "pain": lambda d, s, e: figures.pain_chart(d["episodes"]),
    "severity": lambda d, s, e: figures.severity_over_time_chart(d["monthly"]),
    "causes": lambda d, s, e: figures.cause_chart(_measurable(d["causes"])),
    "factors": lambda d, s, e: figures.factor_chart(d["triggers"].findings),
    "relief": lambda d, s, e: figures.relief_chart(d["relief"]),
    "interventions": lambda d, s, e: figures.intervention_chart(d["effects"]),
}


def _measurable(shares: pd.DataFrame) -> pd.DataFrame:
    return shares[shares["measurable"]].rename(columns={"title": "label", "episodes": "count"})


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(
    _engine: Engine, diary: DiaryKey, start: date, end: date, profile: Profile, name: str
) -> go.Figure:
    """A chart, built once per diary version, range and profile (figures are never changed)."""
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


nights: pd.DataFrame = data["nights"]
episodes: pd.DataFrame = data["episodes"]
freq: analytics.Frequency = data["frequency"]


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

# One section at a time: a phone scrolls less, and a rerun draws three charts, not thirteen.
SECTIONS = ("How often", "When", "Where", "How bad", "Why", "What helps", "Changes")
view = (
    st.segmented_control("Show", SECTIONS, default=SECTIONS[0], key="patterns_view")
    or (SECTIONS[0])
)

if view == "How often":
    chart("weekly")
    trend: analytics.Trend = data["trend"]
    if trend.enough_data:
        st.markdown(trend.sentence)
    else:
        st.caption(trend.sentence)
    chart("cramp_free")
    chart("calendar")

if view == "When":
    if episodes.empty:
        st.info("No cramps in this range.")
    else:
        woke: analytics.Proportion = data["woke"]
        hours = data["typical_hours"]
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

if view == "Where":
    if episodes.empty:
        st.info("No cramps in this range.")
    else:
        chart("muscle")

if view == "How bad":
    if episodes.empty:
        st.info("No cramps in this range.")
    else:
        sev = data["severity"]
        cols = st.columns(4)
        median, worst = sev["pain_median"], sev["pain_max"]
        cols[0].metric("Median pain", MISSING if median is None else f"{score(median)}/10")
        cols[1].metric("Worst pain", MISSING if worst is None else f"{score(worst)}/10")
        cols[2].metric("Median length", duration_text(sev["duration_median_s"]))
        cols[3].metric("Longest", duration_text(sev["duration_max_s"]))
        left, right = st.columns(2)
        chart("duration", left)
        chart("pain", right)
        if len(data["monthly"]) >= 2:
            chart("severity")

if view == "Why":
    shares: pd.DataFrame = data["causes"]
    measurable = _measurable(shares)
    if episodes.empty or measurable.empty:
        st.info("No cramp in this range has a day-before detail that fits a known cause.")
    else:
        chart("causes")
        st.caption(
            "A cause fits a cramp when the day before matches it (for example less water than "
            "your target). Fitting is not proof: the comparison below checks whether cramps are "
            "really more common on such nights."
        )
    st.subheader("Is it more than chance?")
    triggers: TriggerAnalysis = data["triggers"]
    if any(f.odds_ratio is not None for f in triggers.findings):
        chart("factors")
    for finding in findings_from_model(triggers):
        finding = name_medication(finding, data["medication_label"])
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

if view == "What helps":
    relief: pd.DataFrame = data["relief"]
    if relief.empty or int(relief["answered"].sum()) == 0:
        st.info("Say what you tried, and whether it helped, when you log a cramp.")
    else:
        chart("relief")
        st.caption(
            "When you tried several things for one cramp, each gets the credit, so this shows "
            "what went with relief, not what caused it."
        )

if view == "Changes":
    effects = data["effects"]
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

if view == "Changes":
    st.caption(BEFORE_AFTER_CAUTION)
    tested_tips_section(date.today())  # self-experiments: the fair test of a tip
