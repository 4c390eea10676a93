"""Diary: every night and cramp, newest first; correct or delete an entry."""

import dataclasses
import math
from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from core.article.causes import CAUSE_BY_ID
from core.article.tagging import POSSIBLE, tag_episode
from core.diary import DiaryInputError, NightContext, night_of
from core.frames import diary_entries
from core.vocab import MUSCLES, SIDES, WARNING_SIGNS, label
from core.wording import day_text, duration_text, plural
from dashboard.navigation import PageLink, diary_span_or_stop
from dashboard.pages import DATA, LOG
from dashboard.ui.resources import (
    DiaryKey,
    current_profile,
    diary_frames,
    diary_key,
    get_engine,
    show_input_error,
)
from dashboard.ui.widgets import context_inputs, episode_inputs, night_range
from db.repository import (
    delete_episode,
    delete_night,
    get_episode,
    get_night_context,
    update_episode,
    update_night_context,
)

PAGE_SIZE = 50

engine = get_engine()
st.title("Diary")

first, last = diary_span_or_stop(
    "Your diary is empty. Log a cramp, or a night without cramps, on the **Log** page — "
    "or bring in an earlier diary as a CSV file on the **Data** page.",
    [
        PageLink(LOG, "Log your first entry"),
        PageLink(DATA, "Import a CSV file", ":material/upload:"),
    ],
)
left, right = st.columns([3, 2])
start, end = night_range("diary_range", first, last, left)
muscles = right.multiselect(
    "Muscles",
    options=list(MUSCLES),
    format_func=MUSCLES.__getitem__,
    key="diary_muscles",
    placeholder="All muscles",
)


@st.cache_data(max_entries=32, show_spinner=False)
def _entries(
    _engine: Engine, diary: DiaryKey, start: date, end: date, muscles: tuple[str, ...]
) -> tuple[dict[str, int], pd.DataFrame]:
    """The counts and the filtered entries, newest first, once per diary version and filter."""
    del diary  # the cache key only
    nights, episodes = diary_frames(start, end)
    entries = diary_entries(nights, episodes)
    if muscles:
        entries = entries[entries["muscle"].isin(list(muscles))].reset_index(drop=True)
    cramp_nights = int((nights["episode_count"] > 0).sum())
    counts = {
        "nights": len(nights),
        "cramp_nights": cramp_nights,
        "cramp_free": len(nights) - cramp_nights,
        "cramps": len(episodes),
    }
    return counts, entries


@st.cache_data(max_entries=64, show_spinner=False)
def _page_of(
    _engine: Engine, diary: DiaryKey, start: date, end: date, muscles: tuple[str, ...], page: int
) -> pd.DataFrame:
    """One page of entries: what a rerun copies out of the cache, whatever the diary's size."""
    _, entries = _entries(_engine, diary, start, end, muscles)
    return entries.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


@st.cache_data(max_entries=32, show_spinner=False)
def _counts(
    _engine: Engine, diary: DiaryKey, start: date, end: date, muscles: tuple[str, ...]
) -> tuple[dict[str, int], int]:
    counts, entries = _entries(_engine, diary, start, end, muscles)
    return counts, len(entries)


key = diary_key()
filters = (start, end, tuple(muscles))
counts, total_entries = _counts(engine, key, *filters)

cols = st.columns(4)
cols[0].metric("Nights logged", counts["nights"])
cols[1].metric("Cramp nights", counts["cramp_nights"])
cols[2].metric("Cramp-free nights", counts["cramp_free"])
cols[3].metric("Cramps", counts["cramps"])

if total_entries == 0:
    st.info("No entries match these filters. Widen the dates or clear the muscle filter.")
    st.stop()

# Only one page of entries is drawn, so a ten-year diary costs a rerun what a new one does.
page_count = math.ceil(total_entries / PAGE_SIZE)
page = 1
if page_count > 1:
    page = int(
        st.number_input(
            f"Page (of {page_count}, {PAGE_SIZE} entries each, newest first)",
            min_value=1,
            max_value=page_count,
            value=1,
            step=1,
            key="diary_page",
        )
    )
entries = _page_of(engine, key, *filters, page)


def _describe(row: pd.Series) -> str:
    night = row["night"].date()
    if row["kind"] == "cramp-free":
        return f"{day_text(night, weekday=True)} · no cramps"
    side = f" {row['side']}" if pd.notna(row["side"]) else ""
    return (
        f"{day_text(night, weekday=True)} · {row['time']} · {label(MUSCLES, row['muscle'])}{side}"
    )


def _warning_labels(tokens: object) -> str:
    if not isinstance(tokens, str) or not tokens:
        return ""
    return ", ".join(label(WARNING_SIGNS, t) for t in tokens.split(";"))


shown = pd.DataFrame(
    {
        "Night": entries["night"].dt.date,
        "Time": entries["time"].fillna(""),
        "Muscle": [
            "No cramps" if k == "cramp-free" else label(MUSCLES, m)
            for k, m in zip(entries["kind"], entries["muscle"], strict=True)
        ],
        "Side": [label(SIDES, s) if isinstance(s, str) else "" for s in entries["side"]],
        "Duration": [duration_text(None if pd.isna(d) else int(d)) for d in entries["duration_s"]],
        "Pain": entries["pain"],
        "Woke": entries["woke"],
        "Warning signs": [_warning_labels(w) for w in entries["warning_signs"]],
        "Note": entries["note"].fillna(""),
    }
)
st.dataframe(
    shown,
    hide_index=True,
    column_config={
        "Night": st.column_config.DateColumn("Night", format="ddd D MMM YYYY"),
        "Pain": st.column_config.NumberColumn("Pain", help="0–10"),
        "Woke": st.column_config.CheckboxColumn("Woke"),
        "Note": st.column_config.TextColumn("Note", width="medium"),
    },
    height=min(38 + 35 * len(shown), 420),
)
st.caption(f"{plural(total_entries, 'entry')}, newest first; showing page {page} of {page_count}.")

st.subheader("Correct or delete an entry")
positions = list(range(len(entries)))
picked = st.selectbox(
    "Entry",
    options=positions,
    format_func=lambda i: _describe(entries.iloc[int(i)]),
    index=None,
    placeholder="Choose an entry (type to search)",
    key="diary_pick",
)
if picked is None:
    st.stop()

entry = entries.iloc[picked]
entry_night: date = entry["night"].date()
profile = current_profile()  # the unit and thresholds of the forms below

if entry["kind"] == "cramp-free":
    with st.form(f"diary_night_{entry_night}"):
        st.markdown(f"**Night of {entry_night:%A %d %B %Y}: no cramps.** The day before:")
        context = context_inputs(
            f"diary_night_ctx_{entry_night}",
            get_night_context(engine=engine, night=entry_night),
            profile.volume_unit,
        )
        if st.form_submit_button("Save changes", type="primary"):
            try:
                update_night_context(engine=engine, night=entry_night, context=context)
            except DiaryInputError as error:
                show_input_error(error)
            else:
                st.toast("Night updated.", icon="✅")
                st.rerun()
    target = ("night", entry_night.isoformat())
    what = f"the cramp-free night of {day_text(entry_night)}"
else:
    episode_id = int(entry["episode_id"])
    stored = get_episode(engine=engine, episode_id=episode_id)
    if stored is None:
        st.warning("That entry was just deleted elsewhere.")
        st.stop()
    night_context = get_night_context(engine=engine, night=entry_night) or NightContext()
    tags = tag_episode(stored, night_context, profile)
    st.markdown("**Causes that fit this cramp**")
    if tags:
        st.markdown(
            "\n".join(
                f"- {CAUSE_BY_ID[t.cause_id].title}"
                + (" (possible)" if t.certainty == POSSIBLE else "")
                + f": {t.evidence}"
                for t in tags
            )
        )
    else:
        st.caption(
            "None from what was recorded about the day before. Filling in water, exercise, "
            "heat, stretching, sitting and standing helps."
        )
    with st.form(f"diary_episode_{episode_id}"):
        left, right = st.columns(2)
        day = left.date_input(
            "Date", value=stored.onset.date(), max_value=date.today(), key=f"diary_day_{episode_id}"
        )
        clock = right.time_input(
            "Time it started", value=stored.time, step=60, key=f"diary_time_{episode_id}"
        )
        edited = episode_inputs(
            f"diary_episode_{episode_id}",
            night=entry_night,
            clock=clock,
            stored=stored,
            default_muscle=stored.muscle,
            default_side=stored.side,
        )
        with st.expander("The day before"):
            context = context_inputs(
                f"diary_episode_ctx_{episode_id}", night_context, profile.volume_unit
            )
        if st.form_submit_button("Save changes", type="primary"):
            new_night = night_of(datetime.combine(day, clock))
            moved = new_night != entry_night
            edited = dataclasses.replace(edited, night=new_night)
            try:
                update_episode(
                    engine=engine,
                    episode_id=episode_id,
                    episode=edited,
                    # The context shown belongs to the old night; a moved cramp keeps the new one's.
                    context=None if moved else context,
                    now=datetime.now().replace(second=59),
                )
            except DiaryInputError as error:
                show_input_error(error)
            else:
                st.toast("Cramp updated.", icon="✅")
                st.rerun()
    target = ("episode", str(episode_id))
    what = f"this cramp ({_describe(entry)})"

confirming = st.session_state.get("diary_confirm_delete") == target
if not confirming:
    if st.button("Delete…", icon=":material/delete:", key="diary_delete"):
        st.session_state["diary_confirm_delete"] = target
        st.rerun()
else:
    st.warning(f"Delete {what}? This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete", type="primary", key="diary_delete_yes"):
        st.session_state.pop("diary_confirm_delete", None)
        if target[0] == "night":
            delete_night(engine=engine, night=entry_night)
            st.toast("Night deleted.", icon="🗑️")
        else:
            night_gone = delete_episode(engine=engine, episode_id=int(target[1]))
            st.toast(
                "Cramp deleted"
                + (" (it was the night's only one, so the night went too)." if night_gone else "."),
                icon="🗑️",
            )
        st.session_state.pop("diary_pick", None)
        st.rerun()
    if no.button("Cancel", key="diary_delete_no"):
        st.session_state.pop("diary_confirm_delete", None)
        st.rerun()
