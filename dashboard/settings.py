"""Settings: the profile's risk factors, the thresholds the diary uses, units, and the phone."""

import dataclasses
from datetime import date, time

import streamlit as st

from core.access import KEY_PARAM
from core.diary import DiaryInputError
from core.profile import HIGH_STRESS_LIMITS
from core.quick_log import usual_quick_logs
from core.vocab import VOLUME_UNITS, from_litres, to_litres
from dashboard import phone_links
from dashboard.lock import ACCESS_KEY_STATE
from dashboard.resources import current_profile, diary_frames, get_engine, show_input_error
from dashboard.widgets import UNIT_SHORT, UNIT_STEP
from db.config import get_database_url
from db.pairing import phone_mode, replace_key
from db.repository import save_profile

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
        value=round(from_litres(profile.water_target_l, unit), 2),
        step=UNIT_STEP[unit],
        key=f"settings_water_{unit}",
    )
    left, right = st.columns(2)
    sitting = left.number_input(
        "Long sitting (hours)",
        min_value=0.0,
        value=profile.long_sitting_h,
        step=0.5,
        key="settings_sitting",
    )
    standing = right.number_input(
        "Long standing on hard floors (hours)",
        min_value=0.0,
        value=profile.long_standing_h,
        step=0.5,
        key="settings_standing",
    )
    stress = left.number_input(
        "High stress (0–10)",
        min_value=0,
        max_value=HIGH_STRESS_LIMITS[1],
        value=profile.high_stress,
        step=1,
        key="settings_stress",
    )
    exercise = right.number_input(
        "Long exercise (minutes)",
        min_value=0,
        value=profile.long_exercise_min,
        step=15,
        key="settings_exercise",
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
    pairing_address = phone_links.link()
    st.markdown(
        "Scan this with the phone's camera, open the address, then add it to the home screen "
        "(browser menu → *Add to Home screen*). The first time, the phone warns about the "
        "certificate: it is this computer's own (see README)."
    )
    st.image(phone_links.qr_png(pairing_address), caption="Pairing code", width=280)
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
    st.markdown(f"- [{quick.label}]({phone_links.quick_log_link(quick)})")
st.caption("Add one to the home screen for a cramp in two taps: the time is always now.")

st.markdown("**A daily reminder to check in.** A calendar event that opens the Log page:")
reminder_at = st.time_input("Remind me at", value=time(8, 0), step=900, key="settings_reminder")
st.download_button(
    "Download the reminder (.ics)",
    data=phone_links.reminder_calendar(
        at=reminder_at, target=phone_links.link(), today=date.today()
    ),
    file_name="check-in-reminder.ics",
    mime="text/calendar",
    icon=":material/event:",
    on_click="ignore",
)
st.caption(f"Its text is only “{phone_links.REMINDER_TITLE}”, so it says nothing private.")
