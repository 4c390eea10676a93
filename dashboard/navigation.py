"""Links between pages, and what a page that needs entries shows on an empty diary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import streamlit as st

from dashboard.pages import AppPage
from dashboard.ui.resources import get_engine
from db.repository import diary_span


class PageLink(NamedTuple):
    """A link to another page of the app: with that page's own icon unless one is given."""

    page: AppPage
    label: str
    icon: str | None = None


def page_link(link: PageLink) -> None:
    """Draw a link to another page."""
    st.page_link(link.page.file, label=link.label, icon=link.icon or link.page.icon)


def diary_span_or_stop(message: str, links: Sequence[PageLink]) -> tuple[date, date]:
    """The first and last night of the diary. On an empty diary the page shows `message`
    and the links (where to start) instead, and stops there."""
    span = diary_span(engine=get_engine())
    if span is None:
        st.info(message)
        for link in links:
            page_link(link)
        st.stop()
    return span
