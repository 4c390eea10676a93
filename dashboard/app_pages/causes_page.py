"""Causes & advice: warning signs first, then what the diary points to and what to try."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from core.article.advice import cause_shares, rank_suggestions
from core.article.causes import CAUSE_BY_ID, NOT_MEDICAL_ADVICE, RED_FLAGS, RISK_FACTORS
from core.article.red_flags import find_red_flags, group_by_level
from core.article.tagging import possible_unmeasured_causes, tag_episodes
from core.medicines.classes import PRESCRIBER_WORDING
from core.medicines.factor import linked_medicines
from core.profile import Profile
from core.vocab import MUSCLES
from core.wording import percent
from dashboard.navigation import PageLink, page_link
from dashboard.pages import SETTINGS
from dashboard.ui.experiment_panels import test_this_button
from dashboard.ui.resources import DiaryKey, current_profile, diary_frames, diary_key, get_engine
from dashboard.ui.widgets import literal_markdown
from db.repository import list_medicines

SHOWN_BEHIND = 20  # cramps listed under each tip; the count covers all of them

engine = get_engine()
profile = current_profile()
st.title("Causes & advice")
st.caption(NOT_MEDICAL_ADVICE)


@st.cache_data(max_entries=8, show_spinner=False)  # a copy per session: no shared frames
def _advice(_engine: Engine, diary: DiaryKey, profile: Profile, today: date) -> dict[str, Any]:
    """Red flags, cause shares and ranked suggestions, once per diary version and profile."""
    del diary  # the cache key only
    nights, episodes = diary_frames()
    tags = tag_episodes(episodes, profile)
    suggestions = rank_suggestions(tags, episodes)
    return {
        "episode_count": len(episodes),
        "red_flags": find_red_flags(nights, episodes, today),
        "shares": cause_shares(tags, len(episodes)),
        "suggestions": suggestions,
        # The latest cramps behind each tip, as small tables made once per diary version.
        "behind": {
            s.tip.id: _latest(episodes, s.episode_ids) for s in suggestions if s.episode_count
        },
    }


def _latest(episodes: pd.DataFrame, ids: tuple[int, ...]) -> pd.DataFrame:
    behind = episodes[episodes["episode_id"].isin(ids)].tail(SHOWN_BEHIND).iloc[::-1]
    return pd.DataFrame(
        {
            "Night": behind["night"].dt.date,
            "Time": behind["time"],
            "Muscle": behind["muscle"].map(lambda m: MUSCLES.get(m, m)),
        }
    )


data = _advice(engine, diary_key(), profile, date.today())
total: int = data["episode_count"]

st.header("Warning signs", divider="red")
findings = data["red_flags"]
for group in group_by_level(findings):
    urgent = group.level == "emergency"
    for finding in group.flags:
        (st.error if urgent else st.warning)(
            f"**{finding.title}** — {finding.evidence}\n\n{group.advice}",
            icon="🚨" if urgent else "⚠️",
        )
if not findings:
    st.success("No warning signs found in your diary.", icon="✅")
with st.expander("When to see a provider, and when to go to the emergency room"):
    st.markdown("**Call your local emergency number or go to the ER for:**")
    st.markdown(
        "\n".join(f"- {f.title}: {f.explanation}" for f in RED_FLAGS if f.level == "emergency")
    )
    st.markdown("**See your healthcare provider about:**")
    st.markdown(
        "\n".join(f"- {f.title}: {f.explanation}" for f in RED_FLAGS if f.level == "provider")
    )

if total == 0:  # also an empty diary
    st.info(
        "Log some cramps, with what the day before was like, and this page will show which "
        "known causes fit them and which advice fits you best."
    )

st.header("What your cramps have in common", divider="gray")
shares: pd.DataFrame = data["shares"]
measured = shares[shares["measurable"]]
if total == 0:
    st.caption("No cramps logged yet.")
elif measured.empty:
    st.info(
        "None of your cramps has day-before details that fit a known cause yet. Fill in "
        '"The day before" when you log: water, exercise, heat, stretching, sitting, standing.'
    )
else:
    table = pd.DataFrame(
        {
            "Cause": measured["title"],
            "Cramps": measured["episodes"],
            "Share of your cramps": measured["share"] * 100,
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "Share of your cramps": st.column_config.ProgressColumn(
                "Share of your cramps", format="%.0f%%", min_value=0, max_value=100
            )
        },
    )
    st.caption(
        f"Out of {total} cramps. A cause fits a cramp when the day before matches it "
        "(your thresholds are in Settings). Fitting is not proof — Patterns → Why checks "
        "whether cramps are really more common on such nights."
    )
# The medication cause, named: a medicine of a linked class the person takes now.
taking = [
    m
    for m in linked_medicines(list_medicines(engine=engine))
    if m.stopped_on is None or m.stopped_on >= date.today()
]
if taking:
    st.markdown(f"**{CAUSE_BY_ID['medication_side_effect'].title}** — on your medicine list now:")
    for item in taking:
        assert item.drug_class is not None
        st.markdown(
            f"- {literal_markdown(item.name)}: {literal_markdown(item.drug_class.evidence)}"
        )
    st.caption(PRESCRIBER_WORDING)
with st.expander("Causes a diary cannot see"):
    for tag in possible_unmeasured_causes():
        cause = CAUSE_BY_ID[tag.cause_id]
        st.markdown(f"- **{cause.title}** (possible): {tag.evidence}")

st.header("What to try", divider="gray")
for suggestion in data["suggestions"]:
    tip = suggestion.tip
    if suggestion.episode_count:
        causes = ", ".join(CAUSE_BY_ID[c].title.lower() for c in suggestion.cause_ids)
        st.markdown(
            f"**{tip.title}** — answers {causes}, which fit "
            f"{suggestion.episode_count} of your {total} cramps "
            f"({percent(suggestion.share)}).\n\n{tip.explanation}"
        )
        title = f"The {suggestion.episode_count} cramps behind this" + (
            f" (the latest {SHOWN_BEHIND})" if suggestion.episode_count > SHOWN_BEHIND else ""
        )
        with st.expander(title):
            st.dataframe(data["behind"][tip.id], hide_index=True)
    elif suggestion.general_night_advice:
        st.markdown(
            f"**{tip.title}** — for night cramps, always worth trying.\n\n{tip.explanation}"
        )
    else:
        st.markdown(f"**{tip.title}** — {tip.explanation}")
    test_this_button(tip.id, key=f"causes_test_{tip.id}")

st.header("Your risk factors", divider="gray")
ticked = [r for r in RISK_FACTORS if r.profile_field and getattr(profile, r.profile_field)]
if ticked:
    for risk in ticked:
        st.markdown(f"- **{risk.title}**: {risk.explanation}")
else:
    st.caption("None ticked.")
page_link(PageLink(SETTINGS, "Edit your risk factors in Settings"))
