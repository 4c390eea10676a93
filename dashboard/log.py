"""Log: a cramp in a few taps, or a cramp-free night in one."""

from datetime import datetime

import streamlit as st

from core.diary import DiaryInputError, FieldError, last_night, night_of, validate_night_date
from core.vocab import MUSCLES, SIDES
from dashboard.resources import current_profile, get_engine, show_input_error
from dashboard.widgets import context_inputs, duration_text, episode_inputs
from db.repository import add_episode, check_in_cramp_free, get_night_context, last_muscle_and_side

engine = get_engine()
profile = current_profile()
now = datetime.now().replace(second=0, microsecond=0)

st.title("Log")

with st.form("log_checkin", border=True):
    st.markdown("**Slept without cramps?**")
    checkin_night = st.date_input(
        "Night of",
        value=last_night(now.date()),
        max_value=now.date(),
        key="log_checkin_night",
        help="A night is named after the evening it began.",
    )
    with st.expander("The day before (optional)"):
        checkin_context = context_inputs(
            f"log_checkin_ctx_{checkin_night}",
            get_night_context(engine=engine, night=checkin_night),
            profile.volume_unit,
        )
    checkin = st.form_submit_button(
        "No cramps last night", icon=":material/bedtime:", width="stretch"
    )
if checkin:
    try:
        validate_night_date(checkin_night, now.date())
        check_in_cramp_free(engine=engine, night=checkin_night, context=checkin_context)
    except DiaryInputError as error:
        show_input_error(error)
    else:
        st.toast(f"Cramp-free night of {checkin_night:%a %d %b} saved.", icon="✅")
        st.success(f"Saved: no cramps on the night of {checkin_night:%A %d %B}.")

st.subheader("A cramp")
left, right = st.columns(2)
day = left.date_input("Date", value=now.date(), max_value=now.date(), key="log_day")
clock = right.time_input("Time it started", value=now.time(), step=60, key="log_time")
night = night_of(datetime.combine(day, clock))
st.caption(
    f"Belongs to the night of **{night:%A %d %B}** (before noon counts as the night before)."
)

last_muscle, last_side = last_muscle_and_side(engine=engine)
stored_context = get_night_context(engine=engine, night=night)
with st.form("log_cramp", border=True):
    episode = episode_inputs(
        "log_cramp",
        night=night,
        clock=clock,
        stored=None,
        default_muscle=last_muscle or "calf",
        default_side=last_side,
    )
    with st.expander(
        "The day before" + (" (saved earlier, edit if needed)" if stored_context else " (optional)")
    ):
        context = context_inputs(f"log_ctx_{night}", stored_context, profile.volume_unit)
    save = st.form_submit_button(
        "Save cramp", type="primary", icon=":material/save:", width="stretch"
    )

if save:
    try:
        if episode.duration_s is None:
            raise DiaryInputError(
                [FieldError("duration_s", "Choose how long it lasted, or type the seconds.")]
            )
        add_episode(
            engine=engine,
            episode=episode,
            context=context,
            now=datetime.now().replace(second=59),
        )
    except DiaryInputError as error:
        show_input_error(error)
    else:
        side = f" {SIDES[episode.side].lower()}" if episode.side else ""
        summary = (
            f"{MUSCLES[episode.muscle]}{side}, {duration_text(episode.duration_s)}, "
            f"pain {episode.pain}/10, at {episode.time:%H:%M}"
        )
        st.toast(f"Cramp saved: {summary}", icon="✅")
        st.success(f"Saved to the night of {episode.night:%A %d %B}: {summary}.")
