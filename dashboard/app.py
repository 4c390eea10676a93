"""Cramp Diary: the entry point. It only sets up the page and routes."""

from dashboard import preload

preload.wait()  # never import what the server is importing in the background at the same time

import streamlit as st

from dashboard.pages import PAGES
from dashboard.phone.lock import show_locked, unlocked
from dashboard.ui.resources import warm_imports
from dashboard.ui.theme import app_style

st.set_page_config(page_title="Cramp Diary", page_icon="🦵", layout="centered")
if not unlocked():  # phone mode without the key: no page, not even the list of pages
    show_locked()
    st.stop()

pages = [
    st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
    for p in PAGES
]
page = st.navigation(pages)
app_style()
st.sidebar.caption(
    "Cramp Diary keeps your diary on this computer. It is not medical advice: "
    "for worrying symptoms, see a healthcare provider."
)
try:
    page.run()
finally:  # the page has been drawn (or stopped, or moved on): only now warm the statistics
    warm_imports()
