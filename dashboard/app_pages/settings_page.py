"""Settings: the profile's risk factors, the thresholds the diary uses, units, the weather
(opt-in) and the phone."""

import dataclasses
import math
from datetime import date, time
from typing import Any

import streamlit as st

from core.access import KEY_PARAM
from core.diary import DiaryInputError
from core.profile import (
    HIGH_STRESS_LIMITS,
    LONG_EXERCISE_MIN_LIMITS,
    LONG_HOURS_LIMITS,
    WATER_TARGET_L_LIMITS,
)
from core.quick_log import usual_quick_logs
from core.vocab import VOLUME_UNITS, from_litres, to_litres
from dashboard.phone import links
from dashboard.phone.lock import ACCESS_KEY_STATE
from dashboard.phone.pairing import phone_mode, replace_key
from dashboard.ui.context_panels import weather_section
from dashboard.ui.resources import (
    current_profile,
    diary_frames,
    get_engine,
    offer_file,
    show_input_error,
)
from dashboard.ui.widgets import UNIT_SHORT, UNIT_STEP
from db.config import get_database_url
from db.repository import save_profile


def at_least_zero(
    container: Any, label: str, value: float, step: float, name: str, top: float
) -> Any:
    """A threshold input from zero up to core's maximum; save_profile checks the minimum."""
    # Streamlit wants min, max and step of one type: whole-number thresholds stay whole.
    zero = 0 if isinstance(step, int) else 0.0
    top = int(top) if isinstance(step, int) else float(top)
    return container.number_input(
        label, min_value=zero, max_value=top, value=value, step=step, key=f"settings_{name}"
    )


engine = get_engine()
profile = current_profile()
st.title("Settings")

unit = st.selectbox(
    "Units for water",
    options=list(VOLUME_UNITS),
    format_func=VOLUME_UNITS.__getitem__,
    index=list(VOLUME_UNITS).index(profile.volume_unit),
    key="settings_unit",
)

with st.form("settings_profile"):
    st.subheader("About you")
    st.caption(
        "Some people are more likely to get cramps: people over 65, pregnant people, athletes "
        "and people with obesity. The provider report lists what you tick here."
    )
    left, right = st.columns(2)
    age = left.checkbox("Age 65 or over", value=profile.age_65_plus, key="settings_age")
    pregnant = right.checkbox("Pregnant", value=profile.pregnant, key="settings_pregnant")
    athlete = left.checkbox("Athlete / train hard", value=profile.athlete, key="settings_athlete")
    obesity = right.checkbox("Obesity", value=profile.obesity, key="settings_obesity")

    st.subheader("Your thresholds")
    st.caption("The diary compares each day with these. Changing one re-reads your whole history.")
    water = st.number_input(
        f"Daily water target ({UNIT_SHORT[unit]})",
        min_value=0.0,
        # Up to the hundredth above: the stored target is shown rounded to two decimals.
        max_value=math.ceil(from_litres(WATER_TARGET_L_LIMITS[1], unit) * 100) / 100,
        value=round(from_litres(profile.water_target_l, unit), 2),
        step=UNIT_STEP[unit],
        key=f"settings_water_{unit}",
    )
    left, right = st.columns(2)
    hours_top = LONG_HOURS_LIMITS[1]
    sitting = at_least_zero(
        left, "Long sitting (hours)", profile.long_sitting_h, 0.5, "sitting", hours_top
    )
    standing = at_least_zero(
        right,
        "Long standing on hard floors (hours)",
        profile.long_standing_h,
        0.5,
        "standing",
        hours_top,
    )
    stress = at_least_zero(
        left, "High stress (0–10)", profile.high_stress, 1, "stress", HIGH_STRESS_LIMITS[1]
    )
    exercise = at_least_zero(
        right,
        "Long exercise (minutes)",
        profile.long_exercise_min,
        15,
        "exercise",
        LONG_EXERCISE_MIN_LIMITS[1],
    )
    saved = st.form_submit_button("Save settings", type="primary")

if saved:
    updated = dataclasses.replace(
        profile,
        age_65_plus=age,
        pregnant=pregnant,
        athlete=athlete,
        obesity=obesity,
        water_target_l=round(to_litres(float(water), unit), 3),
        volume_unit=unit,
        long_sitting_h=float(sitting),
        long_standing_h=float(standing),
        high_stress=int(stress),
        long_exercise_min=int(exercise),
    )
    try:
        save_profile(engine=engine, profile=updated)
    except DiaryInputError as error:
        show_input_error(error)
    else:
        st.toast("Settings saved.", icon="✅")
        st.success("Settings saved.")
elif unit != profile.volume_unit:
    st.info("Press **Save settings** to keep the new unit.")

with st.expander("Where is my diary stored?"):
    url = get_database_url()
    st.text(url if url.startswith("sqlite") else url.split("@")[-1])
    st.caption("Set DATABASE_URL to use another database. Nothing leaves this computer.")

weather_section(engine)

# --- use on your phone -------------------------------------------------------------

st.subheader("Use on your phone")
mode = phone_mode()
if mode is None:
    st.markdown(
        "Right now the diary opens on this computer only. Start it with `make phone` to use it "
        "from your phone on the home network: it prints an address to open on the phone, and "
        "this section then shows it as a code to scan."
    )
else:
    pairing_address = links.link()
    st.markdown(
        "Scan this with the phone's camera, open the address, then add it to the home screen "
        "(browser menu → *Add to Home screen*). The first time, the phone warns about the "
        "certificate: it is this computer's own (see README)."
    )
    st.image(links.qr_svg(pairing_address), caption="Pairing code", width=280)
    st.code(pairing_address, language=None, wrap_lines=True)
    with st.form("settings_new_key"):
        st.markdown(
            "**Lost a phone?** A new key locks out every phone paired so far; each must scan "
            "the new code."
        )
        understood = st.checkbox("Unpair every phone", key="settings_unpair")
        if st.form_submit_button("Make a new key"):
            if understood:
                st.session_state[ACCESS_KEY_STATE] = replace_key(folder=mode.folder)
                st.query_params[KEY_PARAM] = st.session_state[ACCESS_KEY_STATE]
                st.session_state["settings_key_replaced"] = True
                st.rerun()
            else:
                st.error("Tick “Unpair every phone” first: nothing was changed.")
    if st.session_state.pop("settings_key_replaced", False):
        st.success("New key made: every other phone is unpaired. Scan the new code.")

st.markdown("**One tap for your usual cramps.** Open one of these links and tap *Save cramp*:")
_, episodes = diary_frames()
for quick in usual_quick_logs(episodes):
    st.markdown(f"- [{quick.label}]({links.quick_log_link(quick)})")
st.caption("Add one to the home screen for a cramp in two taps: the time is always now.")

st.markdown(
    "**A daily reminder to check in.** A calendar event with an alert; open the app from its "
    "home-screen icon when it rings:"
)
reminder_at = st.time_input("Remind me at", value=time(8, 0), step=900, key="settings_reminder")
offer_file(
    st,
    "Download the reminder (.ics)",
    links.reminder_calendar(at=reminder_at, today=date.today()),
    "check-in-reminder.ics",
)
st.caption(
    f"Its text is only “{links.REMINDER_TITLE}” and it holds no address or key, so a synced "
    "or shared calendar learns nothing private."
)
