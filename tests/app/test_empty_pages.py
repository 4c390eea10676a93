"""Pages that show the diary back, opened on an empty diary: a message, not empty charts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


@pytest.mark.parametrize(
    ("page", "message", "absent"),
    [
        pytest.param("app_pages/diary_page.py", "Your diary is empty", "dataframe", id="diary"),
        pytest.param(
            "app_pages/patterns_page.py", "Nothing to show yet", "plotly_chart", id="charts"
        ),
        pytest.param(
            "app_pages/report_page.py", "Nothing to report yet", "download_button", id="report"
        ),
    ],
)
def test_an_empty_diary_gets_a_message_and_nothing_to_read_or_download(
    open_page: Callable[[str], AppTest], page: str, message: str, absent: str
) -> None:
    at = open_page(page)
    assert message in at.info[0].value
    assert not at.get(absent)
