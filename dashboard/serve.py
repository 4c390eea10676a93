"""What `make run` and `make phone` start: the app (dashboard/app.py) behind the guard.

`streamlit run dashboard/serve.py` finds the `st.App` below and serves it; the
guard (dashboard/phone/guard.py) sees every request before Streamlit does.
AppTest and the pages still use dashboard/app.py directly.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.pages import ENTRY
from dashboard.phone.guard import Guard

app = st.App(ENTRY, middleware=[Middleware(Guard)])
