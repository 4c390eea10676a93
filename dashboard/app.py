"""Cramp Diary: the entry point. It only sets up the page and routes."""

import streamlit as st

from dashboard.theme import app_style

st.set_page_config(page_title="Cramp Diary", page_icon="🦵", layout="centered")

pages = [
    st.Page("log.py", title="Log", icon=":material/edit_note:", default=True),
    st.Page("diary.py", title="Diary", icon=":material/calendar_month:"),
    st.Page("causes.py", title="Causes & advice", icon=":material/lightbulb:"),
    st.Page("patterns.py", title="Patterns", icon=":material/monitoring:"),
    st.Page("experiments.py", title="Experiments", icon=":material/science:"),
    st.Page("interventions.py", title="Changes", icon=":material/flag:"),
    st.Page("report.py", title="Provider report", icon=":material/description:"),
    st.Page("data.py", title="Data", icon=":material/swap_vert:"),
    st.Page("settings.py", title="Settings", icon=":material/tune:"),
]
page = st.navigation(pages)
app_style()
st.sidebar.caption(
    "Cramp Diary keeps your diary on this computer. It is not medical advice: "
    "for worrying symptoms, see a healthcare provider."
)
page.run()
