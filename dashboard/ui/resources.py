"""What the pages share: the one engine, the diary's cache key, cached diary frames, and
error display."""

from __future__ import annotations

import gc
import importlib
import os
import threading
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

import streamlit as st
from sqlalchemy import Engine

from core.diary import DiaryInputError
from core.profile import Profile
from db.config import get_database_url
from db.engine import create_diary_engine
from db.repository import diary_version, get_profile, load_frames

if TYPE_CHECKING:  # pandas comes with the first frame loaded: the Log page needs none
    import pandas as pd

FIELD_LABELS = {
    "night": "Night",
    "time": "Time",
    "muscle": "Muscle",
    "side": "Side",
    "duration_s": "Duration",
    "pain": "Pain",
    "felt": "What it felt like",
    "relief": "What you tried",
    "relief_helped": "Did it help",
    "warning_signs": "Warning signs",
    "note": "Note",
    "water_l": "Water",
    "exercise_min": "Exercise minutes",
    "exercise_intensity": "Exercise intensity",
    "sitting_h": "Hours sitting",
    "hard_floor_h": "Hours standing",
    "stress": "Stress",
}


# The analysis libraries behind Patterns and the report (statsmodels, scipy, firthmodels and
# scikit-learn) take seconds to import. The entry imports them in the background once the
# first page has been drawn: never before, where they would hold the interpreter while the
# Log page is being made, and never in the page itself (tests/integration/
# test_import_boundaries.py keeps the Log, Diary and Data pages free of them).
WARM_MODULES = (
    "core.stats.trigger_model",
    "core.report.build",
    "dashboard.ui.figures",
    "dashboard.printouts.charts",
)


def _import_all(modules: tuple[str, ...]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # a page imports it again and shows the error where it belongs
            pass
    settle_memory()


def settle_memory() -> None:
    """Take what is in memory now (the imported libraries, mostly) out of Python's garbage
    collector's view.

    Once pandas, SQLAlchemy and the statistics are imported, a full collection walks
    millions of objects that live as long as the server: 120-230 ms, held under the
    interpreter lock, so a page view that happened to start one waited as long (measured
    with gc.callbacks). Frozen, a full collection looks at what pages make and drop only.
    Once per process: the tests clear Streamlit's caches, and so start the warming again.
    """
    with _SETTLING:
        if _SETTLED.is_set():
            return
        _SETTLED.set()
        gc.collect()
        gc.freeze()


_SETTLING, _SETTLED = threading.Lock(), threading.Event()


# Set to "0" to start no warming thread: what a page imports can then be read on its own.
WARMING_SWITCH = "CRAMP_DIARY_WARM_STATISTICS"


@st.cache_resource(show_spinner=False)
def _warming_thread() -> threading.Thread:
    thread = threading.Thread(
        target=_import_all, args=(WARM_MODULES,), name="warm-imports", daemon=True
    )
    thread.start()
    return thread


def warm_imports() -> threading.Thread | None:
    """Import the analysis modules in the background, once per server (the entry calls this
    after the first page has been drawn); None when WARMING_SWITCH is "0"."""
    if os.environ.get(WARMING_SWITCH) == "0":
        return None
    return _warming_thread()


@st.cache_resource
def _engine_for(url: str) -> Engine:
    return create_diary_engine(url)


def get_engine() -> Engine:
    """The engine for the configured database (created and migrated once per URL)."""
    return _engine_for(get_database_url())


class DiaryKey(NamedTuple):
    """Which diary, in which state: the cache key of everything computed from it.

    The version changes with every write, so a cached result is never stale; the URL
    keeps two diaries (a test's, a restored one) apart. A tuple: Streamlit hashes the key on
    every cached call of every rerun, and a tuple in about a third of a dataclass's time.
    """

    url: str
    version: int


def diary_key() -> DiaryKey:
    """The configured diary as it is now."""
    url = get_database_url()
    return DiaryKey(url, diary_version(engine=_engine_for(url)))


@st.cache_data(max_entries=16, show_spinner=False)
def _frames(
    _engine: Engine, diary: DiaryKey, start: date | None, end: date | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    del diary  # the cache key only
    return load_frames(engine=_engine, start=start, end=end)


def diary_frames(
    start: date | None = None, end: date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (nights, episodes) frames, recomputed only when the diary has changed."""
    return _frames(get_engine(), diary_key(), start, end)


def current_profile() -> Profile:
    """The stored profile."""
    return get_profile(engine=get_engine())


def show_input_error(error: DiaryInputError) -> None:
    """Show every problem of a refused entry, named by field."""
    lines = [f"- **{FIELD_LABELS.get(e.field, e.field)}**: {e.message}" for e in error.errors]
    st.error("Nothing was saved:\n" + "\n".join(lines))


# What each kind of file the app hands out is sent as, and the icon on its button.
FILE_TYPES = {
    ".csv": ("text/csv", ":material/download:"),
    ".sqlite": ("application/vnd.sqlite3", ":material/database:"),
    ".pdf": ("application/pdf", ":material/picture_as_pdf:"),
    ".html": ("text/html", ":material/html:"),
    ".ics": ("text/calendar", ":material/event:"),
}


def offer_file(container: Any, label: str, data: Any, file_name: str, **options: Any) -> None:
    """A download button whose type and icon follow from the file name's suffix.

    A download never reruns the page: a rerun would replace a file built when tapped
    (``data`` a callable) before a slow browser had fetched it, so the download was lost.
    """
    mime, icon = FILE_TYPES[PurePath(file_name).suffix]
    options.setdefault("on_click", "ignore")
    container.download_button(
        label, data=data, file_name=file_name, mime=mime, icon=icon, **options
    )
