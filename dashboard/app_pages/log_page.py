"""Log: a cramp in a few taps, or a cramp-free night in one.

Made to be used half asleep on a phone: the cramp form comes first, its
defaults are the common case (the last muscle or calf, now, one minute), so
"Save cramp" alone logs it; every control is finger-sized (dashboard.ui.theme),
and "Save cramp" stays on screen. A quick-log link (`?log=calf&side=left`,
core.quick_log) chooses the muscle and side, so a home-screen shortcut and one
tap log the person's usual cramp.
"""

from datetime import date, datetime, time

import streamlit as st

from core.diary import DiaryInputError, FieldError, last_night, night_of
from core.quick_log import MUSCLE_PARAM, SIDE_PARAM, QuickLog, parse_quick_log
from core.vocab import MUSCLES, SIDES
from core.wording import duration_text
from dashboard.ui.experiment_panels import tonight_and_last_night
from dashboard.ui.resources import current_profile, get_engine, show_input_error
from dashboard.ui.theme import LOG_PAGE_KEY, log_page_style
from dashboard.ui.widgets import day_before, episode_inputs
from db.repository import add_episode, check_in_cramp_free, get_night_context, last_muscle_and_side

# The keys of the two "The day before" expanders (their inputs are made once opened).
LOG_DAY_BEFORE, CHECKIN_DAY_BEFORE = "log_cramp_day_before", "log_checkin_day_before"
engine = get_engine()
profile = current_profile()
now = datetime.now().replace(second=0, microsecond=0)


def _follow_clock(key: str, current: date | time) -> None:
    """Keep a keyed input at `current` (today, now) until the person picks another value.

    A page left open since the evening must not log a 3 a.m. cramp at the time
    it was opened, so an input still showing the value it was last given
    automatically moves on with the clock; one the person changed stays put.
    """
    automatic = f"{key}_auto"
    if key not in st.session_state or st.session_state[key] == st.session_state.get(automatic):
        st.session_state[key] = current
        st.session_state[automatic] = current


def _release(key: str) -> None:
    """Let an input follow the clock again from the next run (after a successful save)."""
    st.session_state[f"{key}_auto"] = st.session_state.get(key)


def _quick_log() -> QuickLog | None:
    """The muscle and side a quick-log link (`?log=calf&side=left`) asks for, used once.

    The words leave the address once read, so the form is not forced back to
    them on later runs; the time is set to now, as the link is tapped.
    """
    try:
        quick = parse_quick_log(st.query_params.to_dict())
    except DiaryInputError as error:
        quick = None
        page.error(" ".join(e.message for e in error.errors), icon=":material/link_off:")
    for param in (MUSCLE_PARAM, SIDE_PARAM):
        st.query_params.pop(param, None)
    if quick is not None:
        for key in ("log_day", "log_time"):
            st.session_state.pop(key, None)
        # A form already drawn in this session ignores new defaults: set its inputs instead.
        for key, value in (("log_cramp_muscle", quick.muscle), ("log_cramp_side", quick.side)):
            if key in st.session_state:
                st.session_state[key] = value
    return quick


st.title("Log")
log_page_style()
page = st.container(key=LOG_PAGE_KEY)
quick = _quick_log()

# --- a cramp ---------------------------------------------------------------------

page.subheader("A cramp")
_follow_clock("log_day", now.date())
_follow_clock("log_time", now.time())
when = page.container(horizontal=True)
day = when.date_input("Date", max_value=now.date(), key="log_day")
clock = when.time_input("Time it started", step=60, key="log_time")
night = night_of(datetime.combine(day, clock))
page.caption(
    f"Belongs to the night of **{night:%A %d %B}** (before noon counts as the night before)."
)

last_muscle, last_side = last_muscle_and_side(engine=engine)
stored_context = get_night_context(engine=engine, night=night)
with page.form("log_cramp", border=True):
    episode = episode_inputs(
        "log_cramp",
        night=night,
        clock=clock,
        stored=None,
        default_muscle=quick.muscle if quick else (last_muscle or "calf"),
        default_side=quick.side if quick else last_side,
    )
    context = day_before(
        "The day before"
        + (" (saved earlier, edit if needed)" if stored_context else " (optional)"),
        LOG_DAY_BEFORE,
        f"log_ctx_{night}",
        stored_context,
        profile.volume_unit,
    )
    save = st.form_submit_button(
        "Save cramp", type="primary", icon=":material/save:", width="stretch"
    )

saved = st.session_state.pop("log_saved", None)
if saved:
    page.success(saved)  # right under the button just tapped
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
        with page:
            show_input_error(error)
    else:
        side = f" {SIDES[episode.side].lower()}" if episode.side else ""
        summary = (
            f"{MUSCLES[episode.muscle]}{side}, {duration_text(episode.duration_s)}, "
            f"pain {episode.pain}/10, at {episode.time:%H:%M}"
        )
        st.toast(f"Cramp saved: {summary}", icon="✅")
        # Run again so that the date and time move back to now for the next cramp.
        st.session_state["log_saved"] = (
            f"Saved to the night of {episode.night:%A %d %B}: {summary}."
        )
        _release("log_day")
        _release("log_time")
        st.rerun()

# --- a cramp-free night ----------------------------------------------------------

tonight_and_last_night(page, now.date())  # a self-experiment's plan, when one is running

_follow_clock("log_checkin_night", last_night(now.date()))
with page.form("log_checkin", border=True):
    st.markdown("**Slept without cramps?**")
    checkin_night = st.date_input(
        "Night of",
        max_value=now.date(),
        key="log_checkin_night",
        help="A night is named after the evening it began.",
    )
    checkin_context = day_before(
        "The day before (optional)",
        CHECKIN_DAY_BEFORE,
        f"log_checkin_ctx_{checkin_night}",
        get_night_context(engine=engine, night=checkin_night),
        profile.volume_unit,
    )
    checkin = st.form_submit_button(
        "No cramps last night", icon=":material/bedtime:", width="stretch"
    )
if checkin:
    try:
        check_in_cramp_free(
            engine=engine, night=checkin_night, context=checkin_context, now=now.replace(second=59)
        )
    except DiaryInputError as error:
        with page:
            show_input_error(error)
    else:
        st.toast(f"Cramp-free night of {checkin_night:%a %d %b} saved.", icon="✅")
        page.success(f"Saved: no cramps on the night of {checkin_night:%A %d %B}.")
