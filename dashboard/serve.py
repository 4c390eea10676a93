"""What `make run` and `make phone` start: the app (dashboard/app.py) behind the guard.

`streamlit run dashboard/serve.py` finds the `st.App` below and serves it; the
guard (dashboard/phone/guard.py) sees every request before Streamlit does.
AppTest and the pages still use dashboard/app.py directly.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from dashboard import preload
from dashboard.pages import ENTRY
from dashboard.phone.guard import Guard


@asynccontextmanager
async def _lifespan(_: st.App) -> AsyncIterator[None]:
    preload.start()  # the first page's imports, while the first browser loads the page shell
    yield


app = st.App(ENTRY, lifespan=_lifespan, middleware=[Middleware(Guard)])
