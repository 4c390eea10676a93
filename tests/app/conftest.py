"""AppTest fixtures: the real app, pointed at a throwaway SQLite diary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.pages import ENTRY, LOG
from db.engine import create_diary_engine

# The pages that show the diary's own entries back (not Log, Experiments, Data or Settings).
DIARY_PAGES = [
    "app_pages/diary_page.py",
    "app_pages/causes_page.py",
    "app_pages/patterns_page.py",
    "app_pages/changes_page.py",
    "app_pages/medicines_page.py",
    "app_pages/report_page.py",
]


@pytest.fixture
def diary_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def diary(diary_url: str) -> Iterator[Engine]:
    """The same database the app uses, for arranging and checking."""
    engine = create_diary_engine(diary_url)
    yield engine
    engine.dispose()


@pytest.fixture
def open_page(diary_url: str) -> Iterator[Callable[[str], AppTest]]:
    def _open(page: str) -> AppTest:
        at = AppTest.from_file(str(ENTRY), default_timeout=60).run()
        assert not at.exception, at.exception
        if page != LOG.file:
            at.switch_page(page).run()
            assert not at.exception, at.exception
        return at

    yield _open
    st.cache_data.clear()
    st.cache_resource.clear()


def by_label(widgets: object, label: str, form: str | None = None) -> object:
    """The one widget with this label (within `form`, when given)."""
    found = [
        w
        for w in widgets  # type: ignore[attr-defined]
        if w.label == label and (form is None or getattr(w, "form_id", None) == form)
    ]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]
